/**
 * Auvious access and refresh tokens as JWTs (the seed lists "Jwt (Scopes: global)" and
 * the spec's `bearerFormat: JWT`; API-NOTES.md §2): HS256 with the mock's public key,
 * issued and checked on the mock's clock, never `Date.now()`.
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import { fail, ok, type Result } from '../../core/result.js';
import { AUVIOUS_DEMO } from '../../fixtures/demo.js';

const KEY = new TextEncoder().encode(AUVIOUS_DEMO.jwtSecret);
const ALGORITHM = 'HS256';

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

/** A signed token issued at `issuedMs` that runs out at `expiresMs` (whole seconds, as JWTs count). */
export function signToken(claims: TokenClaims, issuedMs: number, expiresMs: number): Promise<string> {
  const { jti, sub, ...rest } = claims;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(sub)
    .setJti(jti)
    .setIssuedAt(Math.floor(issuedMs / 1000))
    .setExpirationTime(Math.floor(expiresMs / 1000))
    .sign(KEY);
}

/** Checks the signature and `exp` against the mock's clock. */
export async function verifyToken(token: string, nowMs: number): Promise<Result<TokenClaims, 'invalid' | 'expired'>> {
  try {
    const { payload } = await jwtVerify<TokenClaims>(token, KEY, {
      algorithms: [ALGORITHM],
      currentDate: new Date(nowMs),
    });
    return ok(payload);
  } catch (error) {
    if (error instanceof errors.JWTExpired) return fail('expired');
    return fail('invalid');
  }
}
