/**
 * Auvious access and refresh tokens as JWTs (the seed lists "Jwt (Scopes: global)" and
 * the spec's `bearerFormat: JWT`; API-NOTES.md §2): HS256 with the mock's public key,
 * issued and checked on the mock's clock, never `Date.now()`.
 *
 * A JWS in compact form (RFC 7515 §7.1) signed by the platform's HMAC (`crypto.subtle`,
 * as jose does it): the same bytes jose's `SignJWT` writes and the same verdict its
 * `jwtVerify` gives (test/auvious/jwt.test.ts holds them side by side), without jose's
 * 19 KB in every page that runs the mocks (docs/decisions/013-browser-bundle.md).
 */

import { AUVIOUS_DEMO } from '../../fixtures/demo.js';
import { fail, ok, type Result } from '../../spec/result.js';

const ALGORITHM = 'HS256';
const HEADER = { alg: ALGORITHM, typ: 'JWT' };
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

let key: Promise<CryptoKey> | undefined;
const hmacKey = (): Promise<CryptoKey> =>
  (key ??= crypto.subtle.importKey(
    'raw',
    encoder.encode(AUVIOUS_DEMO.jwtSecret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  ));

/** What a token says of itself (RFC 7519 and RFC 9068 names, Spring's `client_id`). */
export interface TokenClaims {
  /** The client (client credentials) or the ticket's user (customer and refresh tokens). */
  readonly sub: string;
  readonly organization: string;
  readonly client_id: string;
  readonly scope: string;
  readonly jti: string;
  /** A refresh token names the access token it came with (Spring's `ati`). */
  readonly ati?: string;
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('=', '').replaceAll('+', '-').replaceAll('/', '_');
}

const encodeJson = (value: unknown): string => base64url(encoder.encode(JSON.stringify(value)));

/** The bytes of a base64url part, or undefined when it is not one. */
function bytesOf(part: string): Uint8Array<ArrayBuffer> | undefined {
  if (part.includes('+') || part.includes('/')) return undefined;
  try {
    return Uint8Array.from(atob(part.replaceAll('-', '+').replaceAll('_', '/')), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** The JSON object a base64url part holds (strict UTF-8), or undefined. */
function objectOf(part: string): Record<string, unknown> | undefined {
  const bytes = bytesOf(part);
  if (bytes === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(decoder.decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the header's `crit` (RFC 7515 §4.1.11) lets a verifier go on: absent, or naming
 * only `b64` (the one extension jose knows) with `b64: true`; anything else it refuses.
 */
function critAccepted(header: Record<string, unknown>): boolean {
  const { crit } = header;
  if (crit === undefined) return true;
  return Array.isArray(crit) && crit.length > 0 && crit.every((name) => name === 'b64') && header.b64 === true;
}

/** A signed token issued at `issuedMs` that runs out at `expiresMs` (whole seconds, as JWTs count). */
export async function signToken(claims: TokenClaims, issuedMs: number, expiresMs: number): Promise<string> {
  const { jti, sub, ...rest } = claims;
  const payload = { ...rest, sub, jti, iat: Math.floor(issuedMs / 1000), exp: Math.floor(expiresMs / 1000) };
  const input = `${encodeJson(HEADER)}.${encodeJson(payload)}`;
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(), encoder.encode(input));
  return `${input}.${base64url(new Uint8Array(signature))}`;
}

/**
 * Checks the signature and `exp` against the mock's clock (and `nbf`, as any JWT verifier
 * does); the claims of a valid token, as it states them.
 */
export async function verifyToken(
  token: string,
  nowMs: number,
): Promise<Result<Readonly<Record<string, unknown>>, 'invalid' | 'expired'>> {
  const parts = token.split('.');
  if (parts.length !== 3) return fail('invalid');
  const [header, payload, signature] = parts as [string, string, string];
  const protectedHeader = objectOf(header);
  if (protectedHeader === undefined || !critAccepted(protectedHeader) || protectedHeader.alg !== ALGORITHM) {
    return fail('invalid');
  }
  const signed = bytesOf(signature);
  if (signed === undefined) return fail('invalid');
  const verified = await crypto.subtle.verify('HMAC', await hmacKey(), signed, encoder.encode(`${header}.${payload}`));
  // a payload that is not base64url (non-ASCII included) holds no object: refused here
  const claims = verified ? objectOf(payload) : undefined;
  if (claims === undefined) return fail('invalid');
  const now = Math.floor(nowMs / 1000);
  const { iat, nbf, exp } = claims;
  for (const date of [iat, nbf, exp]) if (date !== undefined && typeof date !== 'number') return fail('invalid');
  if (typeof nbf === 'number' && nbf > now) return fail('invalid');
  if (typeof exp === 'number' && exp <= now) return fail('expired');
  return ok(claims);
}
