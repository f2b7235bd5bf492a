/**
 * Adminserver's stateful checks (API-NOTES.md §3): what only a server that keeps state
 * answers rightly. Each is made per operation, so a wrong answer fails the check at the
 * operation that gave it (a deleted ticket still listed fails use_after_free on
 * ticket.getPurchasableTickets, a session alive after its logout use_after_free on auth.check).
 */
import type { CheckDefinition } from '../../check.js';
import { rateLimitConformance } from '../../checks/rate-limit-conformance.js';
import { jsonOf } from '../../client.js';
import { type AdminserverKit, CREATE, DELETE, errorCode, LIST, UPDATE } from './kit.js';

/** use_after_free on ticket.updatePurchasableTicket: a deleted ticket is not updated (404). */
export function updateAfterDelete(kit: AdminserverKit): CheckDefinition {
  const { network } = kit;
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
    },
  };
}

/** use_after_free on ticket.getPurchasableTickets: a deleted ticket is no longer listed. */
export function listAfterDelete(kit: AdminserverKit): CheckDefinition {
  return {
    check: 'use_after_free',
    operationId: LIST,
    effect: 'mutating',
    basis: 'documented',
    stateful: true,
    async run(context) {
      const ticket = await kit.createTicket(context);
      kit.expectAnswer(context, await kit.remove(context, ticket.productId), 200, 'deleting a ticket');
      if ((await kit.listed(context)).some((item) => item.productId === ticket.productId)) {
        context.fail(`deleted ticket ${ticket.productId} is still listed`);
      }
    },
  };
}

/** use_after_free on auth.check: a closed session stays closed (its logout answers `{ empty }`). */
export function sessionAfterLogout(kit: AdminserverKit): CheckDefinition {
  const { own } = kit;
  return {
    check: 'use_after_free',
    operationId: 'auth.check',
    effect: 'safe',
    basis: 'inferred',
    stateful: true,
    async run(context) {
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

/** unknown_resource_rejected on update and delete: a productId that does not exist answers 404. */
export function unknownProductRejected(
  kit: AdminserverKit,
  operationId: typeof UPDATE | typeof DELETE,
): CheckDefinition {
  const { network } = kit;
  return {
    check: 'unknown_resource_rejected',
    operationId,
    effect: 'mutating',
    basis: 'inferred',
    stateful: true,
    async run(context) {
      const ticket = { ...kit.newTicket(context), productId: `ZZ${context.runId}-missing` };
      const exchange =
        operationId === UPDATE
          ? await context.call(UPDATE, { headers: network, json: { ticket } })
          : await kit.remove(context, ticket.productId);
      const what = operationId === UPDATE ? 'updating' : 'deleting';
      kit.expectAnswer(context, exchange, 404, `${what} a productId that does not exist`, 'status');
    },
  };
}

/**
 * read_after_write on create and update: a created ticket is listed, an updated one is
 * listed with its change (an update answered but not stored fails here).
 */
export function readAfterWrite(kit: AdminserverKit, operationId: typeof CREATE | typeof UPDATE): CheckDefinition {
  const { network } = kit;
  return {
    check: 'read_after_write',
    operationId,
    effect: 'mutating',
    basis: 'documented',
    stateful: true,
    async run(context) {
      const ticket = await kit.createTicket(context);
      if (operationId === CREATE) {
        if (!(await kit.listed(context)).some((item) => item.productId === ticket.productId))
          context.fail(`created ticket ${ticket.productId} is not listed`);
        return;
      }
      const changed = { ...ticket, eventName: `${context.runId} written`, price: 31.5 };
      const updated = await context.call(UPDATE, { headers: network, json: { ticket: changed } });
      if (!kit.expectAnswer(context, updated, 200, 'updating a ticket')) return;
      const found = (await kit.listed(context)).find((item) => item.productId === ticket.productId);
      if (found?.eventName !== changed.eventName || found?.price !== changed.price) {
        context.fail(
          `the update was answered 200, but the list shows ${ticket.productId} with eventName ${JSON.stringify(found?.eventName)} and price ${JSON.stringify(found?.price)}, not ${JSON.stringify(changed.eventName)} and ${changed.price}`,
          updated,
        );
      }
    },
  };
}

/**
 * tenant_isolation on ticket.getPurchasableTickets: a ticket another tenant creates in its
 * own network is not in this network's list.
 */
export function tenantIsolation(kit: AdminserverKit): CheckDefinition {
  const { network } = kit;
  return {
    check: 'tenant_isolation',
    operationId: LIST,
    effect: 'mutating',
    basis: 'documented',
    stateful: true,
    async run(context) {
      const foreign = { ...kit.newTicket(context), productId: context.name('foreign') };
      // no X-Network: the other user's own (preferred) network
      const created = await context.call(CREATE, { auth: 'other', json: { ticket: foreign } });
      if (created.status !== 200)
        return context.skip(`the other tenant could not create a ticket (${created.status ?? created.error})`);
      context.defer(() => context.call(DELETE, { auth: 'other', json: { productId: foreign.productId } }));
      const mine = await context.call(LIST, { headers: network, json: {} });
      const tickets = (jsonOf(mine) as { data?: { tickets?: Array<{ productId?: unknown }> } } | undefined)?.data
        ?.tickets;
      if (Array.isArray(tickets) && tickets.some((item) => item.productId === foreign.productId)) {
        context.fail(`another tenant's ticket ${foreign.productId} is in the list of network ${kit.own.network}`, mine);
      }
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
