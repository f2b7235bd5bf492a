/**
 * Defects the fuzz found in the server, fixed since: each one's minimal reproduction,
 * asserting the fixed answer (run by fuzz.test.ts after the fuzz, on the same server).
 * Above each, what was wrong and its cause.
 */
import { expect } from 'vitest';
import { BODY_LIMIT_BYTES } from '../../src/core/http.ts';
import { AUVIOUS_DEMO } from '../../src/fixtures/demo.ts';
import type { Runtime } from './plan.ts';

export interface FixedDefect {
  /** The answer a fixed server gives. */
  readonly name: string;
  /** The minimal request, asserting the fixed answer. */
  reproduce(runtime: Runtime): Promise<void>;
}

const DEMO = { authorization: `Bearer ${AUVIOUS_DEMO.token}` };

export const FIXED_DEFECTS: readonly FixedDefect[] = [
  /**
   * Was: Fastify refused `Content-Type: x` (FST_ERR_CTP_INVALID_MEDIA_TYPE) before the
   * engine ran, and server.ts answered the API's 400, which operations without a body do
   * not document. Now the server reads the body itself and the engine answers (415/400 by
   * the operation, 404/405 for an unknown route).
   */
  {
    name: 'a Content-Type that is no media type reaches the operation (404 for an unknown ticket), not a 400 first',
    async reproduce(runtime) {
      const answer = await runtime.call('POST', '/security/ticket/zzzzzz/disable', {
        headers: { ...DEMO, 'content-type': 'x' },
      });
      expect(answer.status).toBe(404);
    },
  },
  /**
   * Was: Fastify's bodyLimit answered 413 on every route, also where the spec documents
   * none (auth.check, auth.logout, deleteTicket, enable/disable/revoke, unknown routes).
   * Now Engine.oversize answers 413 only where the operation documents it, and runs the
   * request without its body elsewhere.
   */
  {
    name: 'a body over 1 MiB to an operation without a documented 413 gets its own answer (auth.check: 401)',
    async reproduce(runtime) {
      const answer = await runtime.call('POST', '/auth/check', { json: { padding: 'x'.repeat(BODY_LIMIT_BYTES) } });
      expect(answer.status).toBe(401);
    },
  },
  /**
   * Was: @fastify/cors (strictPreflight) answered OPTIONS without Origin and
   * Access-Control-Request-Method with 400 text/plain. Now only a real preflight is the
   * plugin's; any other OPTIONS gets the engine's 405 with Allow.
   */
  {
    name: 'an OPTIONS that is no CORS preflight gets the API’s 405 with Allow, not a plain-text 400',
    async reproduce(runtime) {
      const answer = await runtime.call('OPTIONS', '/security/ticket', { headers: DEMO });
      expect([answer.status, answer.headers.get('allow')]).toEqual([405, 'POST']);
    },
  },
  /**
   * Was: Prefer: code=N answered the example body without the headers the spec requires
   * (Set-Cookie of auth.login/logout, Location of the 302). Now the operation table keeps
   * each required header's example, and a status without one is not canned (the request runs).
   */
  {
    name: 'Prefer: code=N sends the example of every header the spec requires for N',
    async reproduce(runtime) {
      // logout answers 200 {} since issue 13 (docs/decisions/008), its Set-Cookie still required
      const answer = await runtime.call('POST', '/auth/logout', { headers: { prefer: 'code=200' } });
      expect([answer.status, answer.headers.get('set-cookie') !== null, answer.json]).toEqual([200, true, {}]);
    },
  },
  /**
   * Was: JSON nesting had no bound; Auvious properties 3,000 deep overflowed the stack in
   * the store (500), and 2,500 deep stored a ticket whose export then failed. Now
   * validate-request refuses JSON nested deeper than 256 levels with the operation's 400.
   */
  {
    name: 'JSON nested 3,000 deep is refused with 400, not a 500 that could poison a ticket',
    async reproduce(runtime) {
      const deep = `${'['.repeat(3000)}${']'.repeat(3000)}`;
      const answer = await runtime.call('POST', '/security/ticket', {
        headers: { ...DEMO, 'content-type': 'application/json' },
        raw: `{"type":"MULTI_USE_TICKET","properties":{"deep":${deep}}}`,
      });
      expect(answer.status).toBe(400);
    },
  },
];
