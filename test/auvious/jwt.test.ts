/**
 * The mocks' HS256 tokens (src/handlers/auvious/jwt.ts, WebCrypto) against jose, the JOSE
 * library the contract suite uses: the same bytes as jose's `SignJWT` for the same claims,
 * and the same verdict as jose's `jwtVerify` (valid, expired or invalid) for tokens the
 * mock issued, tampered with, forged or malformed.
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AUVIOUS_DEMO } from '../../src/fixtures/demo.ts';
import { signToken, type TokenClaims, verifyToken } from '../../src/handlers/auvious/jwt.ts';

const KEY = new TextEncoder().encode(AUVIOUS_DEMO.jwtSecret);
const OTHER_KEY = new TextEncoder().encode('another-key-of-the-same-length-abcdef');
const NOW_MS = Date.parse('2026-05-01T10:00:00Z');
const NOW = NOW_MS / 1000;

const CLAIMS: TokenClaims = {
  sub: 'demo-client',
  organization: 'demo-org',
  client_id: 'demo-client',
  scope: 'global',
  jti: '686a3e0a-6823-4cf5-8bee-102e16f8b5ad',
};

const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A token jose signs with `key` and any header and claims (no checks: forged and odd ones too). */
async function joseSigned(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: Uint8Array = KEY,
): Promise<string> {
  return new SignJWT(payload).setProtectedHeader(header as { alg: string }).sign(key);
}

/** A compact token with a chosen signing input, signed with the demo key. */
async function rawSigned(header: string, payload: string): Promise<string> {
  const { createHmac } = await import('node:crypto');
  const signature = createHmac('sha256', KEY).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

async function joseVerdict(token: string, nowMs: number): Promise<'ok' | 'expired' | 'invalid'> {
  try {
    await jwtVerify(token, KEY, { algorithms: ['HS256'], currentDate: new Date(nowMs) });
    return 'ok';
  } catch (error) {
    return error instanceof errors.JWTExpired ? 'expired' : 'invalid';
  }
}

async function ourVerdict(token: string, nowMs: number): Promise<'ok' | 'expired' | 'invalid'> {
  const result = await verifyToken(token, nowMs);
  return result.ok ? 'ok' : result.error;
}

describe('the mock signs its tokens', () => {
  it.each([
    ['an access token', CLAIMS, NOW_MS, NOW_MS + 3_600_000],
    ['a refresh token, its access token named', { ...CLAIMS, ati: 'a-jti' }, NOW_MS + 999, NOW_MS + 86_400_500],
  ])('%s: the bytes jose writes for the same claims', async (_, claims, issuedMs, expiresMs) => {
    const { jti, sub, ...rest } = claims;
    const jose = await new SignJWT({ ...rest })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(sub)
      .setJti(jti)
      .setIssuedAt(Math.floor(issuedMs / 1000))
      .setExpirationTime(Math.floor(expiresMs / 1000))
      .sign(KEY);
    expect(await signToken(claims, issuedMs, expiresMs)).toBe(jose);
  });
});

describe('the mock checks a token as jose does', () => {
  const valid = { ...CLAIMS, iat: NOW - 60, exp: NOW + 60 };
  const header = { alg: 'HS256', typ: 'JWT' };
  const cases: Array<[string, () => Promise<string>, 'ok' | 'expired' | 'invalid']> = [
    ['one it signed', () => signToken(CLAIMS, NOW_MS - 60_000, NOW_MS + 60_000), 'ok'],
    ['one that ran out a second ago', () => signToken(CLAIMS, NOW_MS - 60_000, NOW_MS - 1000), 'expired'],
    ['one that runs out now', () => signToken(CLAIMS, NOW_MS - 60_000, NOW_MS), 'expired'],
    ['one without exp', () => joseSigned(header, { ...CLAIMS }), 'ok'],
    ['one signed with another key', () => joseSigned(header, valid, OTHER_KEY), 'invalid'],
    ['one signed HS512', () => joseSigned({ alg: 'HS512' }, valid), 'invalid'],
    [
      'one whose payload was swapped',
      async () => {
        const [head, , signature] = (await joseSigned(header, valid)).split('.');
        return `${head}.${b64({ ...valid, organization: 'other-org' })}.${signature}`;
      },
      'invalid',
    ],
    ['alg none, unsigned', async () => `${b64({ alg: 'none' })}.${b64(valid)}.`, 'invalid'],
    ['two parts', async () => (await joseSigned(header, valid)).split('.').slice(0, 2).join('.'), 'invalid'],
    ['four parts', async () => `${await joseSigned(header, valid)}.x`, 'invalid'],
    ['not base64url', async () => '!!.??.**', 'invalid'],
    ['a header that is an array', () => rawSigned(b64(['HS256']), b64(valid)), 'invalid'],
    ['a header that is not JSON', () => rawSigned(b64('{alg'), b64(valid)), 'invalid'],
    ['claims that are an array', () => rawSigned(b64(header), b64([valid])), 'invalid'],
    [
      'claims that are not UTF-8',
      () => rawSigned(b64(header), Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')),
      'invalid',
    ],
    ['claims with a character outside ASCII', () => rawSigned(b64(header), `é${b64(valid)}`), 'invalid'],
    ['exp as text', () => joseSigned(header, { ...valid, exp: String(NOW + 60) }), 'invalid'],
    ['iat as text', () => joseSigned(header, { ...valid, iat: 'yesterday' }), 'invalid'],
    ['nbf in the future', () => joseSigned(header, { ...valid, nbf: NOW + 10 }), 'invalid'],
    ['nbf in the future, exp past', () => joseSigned(header, { ...valid, nbf: NOW + 10, exp: NOW - 10 }), 'invalid'],
    ['nbf now', () => joseSigned(header, { ...valid, nbf: NOW }), 'ok'],
    ['crit b64 true', () => joseSigned({ ...header, crit: ['b64'], b64: true }, valid), 'ok'],
    ['crit b64 without b64', () => rawSigned(b64({ ...header, crit: ['b64'] }), b64(valid)), 'invalid'],
    [
      'crit naming an unknown extension',
      () => rawSigned(b64({ ...header, crit: ['exp'], exp: 1 }), b64(valid)),
      'invalid',
    ],
    ['crit empty', () => rawSigned(b64({ ...header, crit: [] }), b64(valid)), 'invalid'],
    ['b64 false without crit', () => joseSigned({ ...header, b64: false }, valid), 'ok'],
    // jose decodes with atob where the platform lacks Uint8Array.fromBase64 (Node 20): padding passes
    ['a padded signature', async () => `${await signToken(CLAIMS, NOW_MS - 60_000, NOW_MS + 60_000)}=`, 'ok'],
    ['the demo token', async () => AUVIOUS_DEMO.token, 'invalid'],
  ];

  it.each(cases)('%s', async (_, make, expected) => {
    const token = await make();
    expect([await ourVerdict(token, NOW_MS), await joseVerdict(token, NOW_MS)]).toEqual([expected, expected]);
  });
});
