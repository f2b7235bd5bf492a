/** Adminserver's stateful checks (API-NOTES.md §3): what only a server that keeps state answers rightly. */
import type { CheckDefinition } from '../../check.js';
import { rateLimitConformance } from '../../checks/rate-limit-conformance.js';
import { jsonOf } from '../../client.js';
import { type AdminserverKit, DELETE, errorCode, UPDATE } from './kit.js';

/** use_after_free: a deleted ticket is neither updated nor listed; a closed session stays closed. */
export function useAfterFree(kit: AdminserverKit): CheckDefinition {
  const { own, network } = kit;
  return {
    check: 'use_after_free',
    operationId: UPDATE,
    effect: 'mutating',
    basis: 'inferred',
    stateful: true,
    async run(context) {
      const ticket = await kit.createTicket(context);
      kit.expectAnswer(context, await kit.remove(context, ticket.productId), 200, 'deleting a ticket');
      kit.expectAnswer(
        context,
        await context.call(UPDATE, { headers: network, json: { ticket } }),
        404,
        'updating the deleted ticket',
        'status',
      );
      if ((await kit.listed(context)).some((item) => item.productId === ticket.productId)) {
        context.fail(`deleted ticket ${ticket.productId} is still listed`);
      }
      // a closed session stays closed
      const sessionId = await kit.login(context, own.email, own.password);
      const logout = await context.call('auth.logout', { auth: 'none', headers: { 'x-session-id': sessionId } });
      // `{ empty }` in the vendor's documentation: a JSON object a client's res.json() reads
      if (kit.expectAnswer(context, logout, 200, 'logging out')) {
        const body = jsonOf(logout);
        if (typeof body !== 'object' || body === null || Array.isArray(body))
          context.fail('the logout answer is not a JSON object ({ empty })', logout);
      }
      kit.expectAnswer(
        context,
        await context.call('auth.check', { auth: 'none', headers: { 'x-session-id': sessionId } }),
        401,
        'a session after its logout',
        'status',
      );
    },
  };
}

/** unknown_resource_rejected: a productId that does not exist is neither updated nor deleted (404). */
export function unknownResourceRejected(kit: AdminserverKit): CheckDefinition {
  const { network } = kit;
  return {
    check: 'unknown_resource_rejected',
    operationId: DELETE,
    effect: 'mutating',
    basis: 'inferred',
    stateful: true,
    async run(context) {
      const ticket = { ...kit.newTicket(context), productId: `ZZ${context.runId}-missing` };
      kit.expectAnswer(
        context,
        await context.call(UPDATE, { headers: network, json: { ticket } }),
        404,
        'updating a productId that does not exist',
        'status',
      );
      kit.expectAnswer(
        context,
        await kit.remove(context, ticket.productId),
        404,
        'deleting a productId that does not exist',
        'status',
      );
    },
  };
}

/** ignored_auth on login: a wrong password is refused 401. */
export function loginIgnoredAuth(kit: AdminserverKit): CheckDefinition {
  const { own } = kit;
  return {
    check: 'ignored_auth',
    operationId: 'auth.login',
    effect: 'safe',
    basis: 'documented',
    stateful: true,
    async run(context) {
      const wrong = await context.call('auth.login', {
        json: { email: own.email, password: `wrong-${context.runId}` },
      });
      kit.expectAnswer(context, wrong, 401, 'logging in with a wrong password');
    },
  };
}

/**
 * rate_limit_conformance on every operation that documents a 429: a burst of requests a
 * conforming server refuses (params that are an array, which Go's encoding/json cannot
 * read into a struct: 400; an unknown member no longer serves, Go ignores it,
 * docs/decisions/008) until it answers 429, whose `error.code` is 705 (too frequent request).
 */
export function rateLimits(kit: AdminserverKit, burst: number): CheckDefinition[] {
  return kit.spec.operations
    .filter((operation) => operation.statuses.includes('429'))
    .map((operation) =>
      rateLimitConformance({
        operationId: operation.id,
        burst,
        refused: { headers: kit.network, json: [] },
        judgeLimited: (limited) =>
          errorCode(limited) === 705
            ? undefined
            : `the 429's error.code is ${JSON.stringify(errorCode(limited))}, not 705 (too frequent request)`,
      }),
    );
}
