/** Auvious's behaviour flows (API-NOTES.md §2): what a client does, step by step, and what it must see. */
import { type CheckDefinition, expectStatus } from '../../check.js';
import { jsonOf } from '../../client.js';
import { type AuviousKit, idOf, jwtClaims, SUCCESS } from './kit.js';

/**
 * flow:ticket_lifecycle: create, read, update (visible on the next read), disable (its
 * exchange refused DISABLED), enable (exchanged), its calendar event, revoke (refused
 * REVOKED, final: enable and disable answer 409), delete (then 404).
 */
export function ticketLifecycle(kit: AuviousKit): CheckDefinition {
  return {
    check: 'flow:ticket_lifecycle',
    operationId: 'createTicket',
    effect: 'mutating',
    basis: 'documented',
    stateful: true,
    async run(context) {
      const ticketId = await kit.createTicket(context);
      const path = { path: { ticketId } };
      const read = await context.call('getTicket', path);
      if (expectStatus(context, read, [200], 'reading the new ticket') && idOf(read) !== ticketId) {
        context.fail(`reading ticket ${ticketId} answered ticket ${String(idOf(read))}`, read);
      }
      const updated = await context.call('updateTicket', {
        ...path,
        json: { properties: { customer_id: 'lifecycle' } },
      });
      expectStatus(context, updated, [200, 201], 'updating it');
      const reread = await context.call('getTicket', path);
      const properties = (jsonOf(reread) as { properties?: Record<string, unknown> } | undefined)?.properties;
      if (properties?.customer_id !== 'lifecycle') context.fail('the update is not visible on the next read', reread);
      expectStatus(context, await context.call('disableTicket', path), SUCCESS, 'disabling it');
      kit.expectRefused(
        context,
        await kit.exchangeTicket(context, ticketId),
        'DISABLED',
        'exchanging a disabled ticket',
      );
      expectStatus(context, await context.call('enableTicket', path), SUCCESS, 'enabling it');
      expectStatus(context, await kit.exchangeTicket(context, ticketId), [200], 'exchanging the enabled ticket');
      const ics = await context.call('getTicketEvent', { ...path, headers: { accept: 'text/calendar' } });
      if (
        expectStatus(context, ics, [200], 'its calendar event', 'inferred') &&
        !ics.responseText.includes(`UID:${ticketId}`)
      ) {
        context.fail(`the event's UID is not the ticket id ${ticketId}`, ics, true);
      }
      const google = await context.call('getTicketEvent', { ...path, query: { calendar: 'google' } });
      expectStatus(context, google, [302], 'its Google Calendar link', 'inferred');
      expectStatus(context, await context.call('revokeTicket', path), SUCCESS, 'revoking it');
      kit.expectRefused(context, await kit.exchangeTicket(context, ticketId), 'REVOKED', 'exchanging a revoked ticket');
      expectStatus(
        context,
        await context.call('enableTicket', path),
        [409],
        'enabling a revoked ticket (revoke is final)',
        'inferred',
      );
      expectStatus(context, await context.call('disableTicket', path), [409], 'disabling a revoked ticket', 'inferred');
      expectStatus(context, await context.call('deleteTicket', path), [200, 204], 'deleting it');
      expectStatus(context, await context.call('getTicket', path), [404], 'reading the deleted ticket');
    },
  };
}

/**
 * flow:token_claims: the vendor's API example scripts send the client credentials in the
 * query string with no body; the seed lists Jwt among the methods and the spec
 * `bearerFormat: JWT`, so the token is a JWT whose lifetime is `expires_in`.
 */
export function tokenClaims(kit: AuviousKit): CheckDefinition {
  const { own } = kit;
  return {
    check: 'flow:token_claims',
    operationId: 'getToken',
    effect: 'safe',
    basis: 'documented',
    stateful: false,
    async run(context) {
      const exchange = await context.call('getToken', {
        query: { grant_type: 'client_credentials', client_id: own.clientId, client_secret: own.clientSecret },
      });
      if (!expectStatus(context, exchange, [200], 'client credentials in the query string, no body')) return;
      const token = jsonOf(exchange) as { access_token?: unknown; expires_in?: unknown } | undefined;
      const claims = typeof token?.access_token === 'string' ? jwtClaims(token.access_token) : undefined;
      if (claims === undefined) {
        context.fail('the access token is not a JWT (the seed lists Jwt bearer auth)', exchange);
        return;
      }
      const lifetime = typeof claims.exp === 'number' && typeof claims.iat === 'number' ? claims.exp - claims.iat : NaN;
      if (typeof claims.sub !== 'string' || Math.abs(lifetime - Number(token?.expires_in)) > 1) {
        context.fail(
          `the access token's claims (sub ${JSON.stringify(claims.sub)}, exp − iat ${lifetime}) do not match expires_in ${JSON.stringify(token?.expires_in)}`,
          exchange,
        );
      }
    },
  };
}
