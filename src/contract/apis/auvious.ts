/**
 * Auvious Ticket v1.0 (API-NOTES.md §2): tickets of the caller's organisation, changed
 * through disable/enable/revoke, exchanged at `/security/oauth/token` for a customer token;
 * a disabled or revoked ticket cannot be exchanged, a single-use one is gone once used.
 * Every ticket a run creates is deleted.
 */

import { decodeJwt } from 'jose';
import { auviousDocument } from '../../generated/auvious.document.js';
import {
  type ApiContract,
  bearerHeaders,
  type CallOptions,
  type CheckContext,
  type CheckDefinition,
  expectStatus,
  successEvidence,
} from '../check.js';
import { isSuccess, jsonOf } from '../client.js';
import { auviousCredentials, type Credentials } from '../credentials.js';
import { genericChecks, type OperationPlan } from '../generic.js';
import { loadSpec } from '../spec.js';
import type { Exchange } from '../types.js';

const SCHEDULED = /SCHEDULE/;
/** The date the suite gives scheduled tickets. */
const SCHEDULED_DATE = '2026-06-01T09:30:00Z';
const TICKET_OPERATIONS = [
  'getTicket',
  'updateTicket',
  'deleteTicket',
  'disableTicket',
  'enableTicket',
  'revokeTicket',
  'getTicketEvent',
];
const PUBLIC_CLIENT = `Basic ${btoa('customer:')}`;

const idOf = (exchange: Exchange): string | undefined => {
  const id = (jsonOf(exchange) as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
};
/** A JWT's claims, or undefined when the text is not one (a decode, not a verification: the key is the server's). */
function jwtClaims(token: string): Record<string, unknown> | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}
const errorDescription = (exchange: Exchange): unknown =>
  (jsonOf(exchange) as { error_description?: unknown } | undefined)?.error_description;

/**
 * A ticket body made to keep the rule its schema cannot say (API-NOTES.md §2 [chosen]):
 * a scheduled type carries `properties.scheduled_date`, the suite's date where the body
 * gives none. Any other body is returned as it is.
 */
export function consistentTicketBody(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (!SCHEDULED.test(String(body.type))) return { ...body };
  const properties = body.properties as Readonly<Record<string, unknown>> | undefined;
  return { ...body, properties: { ...properties, scheduled_date: properties?.scheduled_date ?? SCHEDULED_DATE } };
}

export function auviousContract(credentials: Credentials): ApiContract {
  const own = auviousCredentials(credentials);
  const spec = loadSpec(auviousDocument, 'auvious');

  const remove = (context: CheckContext, ticketId: string) => context.call('deleteTicket', { path: { ticketId } });

  /** Creates a ticket for the check, deleted after it; skips the check when creation fails. */
  const createTicket = async (context: CheckContext, type = 'MULTI_USE_TICKET'): Promise<string> => {
    const properties = SCHEDULED.test(type) ? { scheduled_date: SCHEDULED_DATE } : { customer_id: context.runId };
    const created = await context.call('createTicket', { json: { type, properties } });
    const id = idOf(created);
    if (created.status === undefined || created.status >= 300 || id === undefined) {
      return context.skip(`could not create a ${type} to work on (${created.status ?? created.error})`);
    }
    context.defer(() => remove(context, id));
    return id;
  };
  const exchangeTicket = (context: CheckContext, ticketId: string) =>
    context.call('getToken', {
      form: { grant_type: 'password', username: ticketId },
      headers: { authorization: PUBLIC_CLIENT },
    });

  const onTicket = (id: string, body?: unknown, reads = false): OperationPlan => ({
    id,
    reads,
    tenantScoped: true,
    baseWrites: true,
    async base(context) {
      const ticketId = await createTicket(context);
      return { path: { ticketId }, ...(body === undefined ? {} : { json: body }) };
    },
    placeholder: (context) => ({
      path: { ticketId: `ZZ${context.runId}` },
      ...(body === undefined ? {} : { json: body }),
    }),
    realize: (generated) => {
      const { organizationId: _ignored, ...rest } = generated;
      return rest;
    },
  });
  const plans: OperationPlan[] = [
    {
      id: 'createTicket',
      tenantScoped: false,
      base: async (context) => ({ json: { type: 'MULTI_USE_TICKET', properties: { customer_id: context.runId } } }),
      // another organisation would be refused (403), and scheduled types need their date
      realize(generated) {
        const { organizationId: _ignored, ...rest } = generated;
        return consistentTicketBody({ ...rest, properties: { ...(rest.properties as object | undefined) } });
      },
      async undo(context, exchange) {
        const id = idOf(exchange);
        if (id !== undefined) await remove(context, id);
      },
    },
    onTicket('getTicket', undefined, true),
    onTicket('updateTicket', { properties: { customer_id: 'updated' } }),
    onTicket('deleteTicket'),
    onTicket('disableTicket'),
    onTicket('enableTicket'),
    onTicket('revokeTicket'),
    onTicket('getTicketEvent', undefined, true),
    {
      id: 'getToken',
      reads: true,
      tenantScoped: false,
      base: async () => ({
        form: { grant_type: 'client_credentials', client_id: own.clientId, client_secret: own.clientSecret },
      }),
      realize: () => ({
        grant_type: 'client_credentials',
        client_id: own.clientId,
        client_secret: own.clientSecret,
        scope: 'global',
      }),
    },
  ];

  const expectRefused = (context: CheckContext, exchange: Exchange, reason: string, what: string) => {
    if (expectStatus(context, exchange, [400], what, 'status') && errorDescription(exchange) !== reason) {
      context.fail(
        `${what}: expected error_description ${reason}, got ${JSON.stringify(errorDescription(exchange))}`,
        exchange,
        true,
      );
    }
  };
  const SUCCESS = [200, 201, 204];

  const custom: CheckDefinition[] = [
    {
      check: 'flow:ticket_lifecycle',
      operationId: 'createTicket',
      effect: 'mutating',
      basis: 'documented',
      stateful: true,
      async run(context) {
        const ticketId = await createTicket(context);
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
        expectRefused(context, await exchangeTicket(context, ticketId), 'DISABLED', 'exchanging a disabled ticket');
        expectStatus(context, await context.call('enableTicket', path), SUCCESS, 'enabling it');
        expectStatus(context, await exchangeTicket(context, ticketId), [200], 'exchanging the enabled ticket');
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
        expectRefused(context, await exchangeTicket(context, ticketId), 'REVOKED', 'exchanging a revoked ticket');
        expectStatus(
          context,
          await context.call('enableTicket', path),
          [409],
          'enabling a revoked ticket (revoke is final)',
          'inferred',
        );
        expectStatus(
          context,
          await context.call('disableTicket', path),
          [409],
          'disabling a revoked ticket',
          'inferred',
        );
        expectStatus(context, await context.call('deleteTicket', path), [200, 204], 'deleting it');
        expectStatus(context, await context.call('getTicket', path), [404], 'reading the deleted ticket');
      },
    },
    {
      check: 'use_after_free',
      operationId: 'getToken',
      effect: 'mutating',
      basis: 'documented',
      stateful: true,
      async run(context) {
        const single = await createTicket(context, 'SINGLE_USE_TICKET');
        expectStatus(context, await exchangeTicket(context, single), [200], 'exchanging a single-use ticket');
        expectStatus(
          context,
          await context.call('getTicket', { path: { ticketId: single } }),
          [404],
          'reading a single-use ticket after its exchange',
        );
        const again = await exchangeTicket(context, single);
        if (isSuccess(again)) context.fail('a single-use ticket was exchanged twice', again);
        const deleted = await createTicket(context);
        expectStatus(
          context,
          await context.call('deleteTicket', { path: { ticketId: deleted } }),
          [200, 204],
          'deleting a ticket',
        );
        expectStatus(
          context,
          await context.call('getTicket', { path: { ticketId: deleted } }),
          [404],
          'reading a deleted ticket',
        );
        const exchanged = await exchangeTicket(context, deleted);
        if (isSuccess(exchanged)) context.fail('a deleted ticket was exchanged for a token', exchanged);
      },
    },
    {
      check: 'ignored_auth',
      operationId: 'getToken',
      effect: 'safe',
      basis: 'documented',
      stateful: true,
      async run(context) {
        const wrong = await context.call('getToken', {
          form: { grant_type: 'client_credentials', client_id: own.clientId, client_secret: `wrong-${context.runId}` },
        });
        expectStatus(context, wrong, [401], 'a token for a wrong client secret');
        const unknown = await exchangeTicket(context, `ZZ${context.runId}`);
        if (isSuccess(unknown)) context.fail('a ticket that does not exist was exchanged for a token', unknown);
      },
    },
    {
      check: 'flow:token_claims',
      operationId: 'getToken',
      effect: 'safe',
      basis: 'documented',
      stateful: false,
      // the vendor's API example scripts send the client credentials in the query string
      // with no body; the seed lists Jwt among the methods and the spec `bearerFormat: JWT`
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
        const lifetime =
          typeof claims.exp === 'number' && typeof claims.iat === 'number' ? claims.exp - claims.iat : NaN;
        if (typeof claims.sub !== 'string' || Math.abs(lifetime - Number(token?.expires_in)) > 1) {
          context.fail(
            `the access token's claims (sub ${JSON.stringify(claims.sub)}, exp − iat ${lifetime}) do not match expires_in ${JSON.stringify(token?.expires_in)}`,
            exchange,
          );
        }
      },
    },
    {
      check: 'ignored_auth',
      operationId: 'updateTicket',
      effect: 'mutating',
      basis: 'inferred',
      stateful: true,
      // a customer's token (from a ticket exchange) joins a call; it does not manage tickets
      async run(context) {
        const ticketId = await createTicket(context);
        const token = (jsonOf(await exchangeTicket(context, ticketId)) as { access_token?: unknown } | undefined)
          ?.access_token;
        if (typeof token !== 'string') return context.skip('the ticket exchange gave no access_token');
        const customer = { authorization: `Bearer ${token}` };
        const calls: Array<[string, CallOptions]> = [
          ['createTicket', { json: { type: 'MULTI_USE_TICKET', properties: {} } }],
          ...TICKET_OPERATIONS.map((id): [string, CallOptions] => [
            id,
            { path: { ticketId }, ...(id === 'updateTicket' ? { json: { properties: {} } } : {}) },
          ]),
        ];
        for (const [id, options] of calls) {
          const exchange = await context.call(id, { ...options, auth: 'none', headers: customer });
          if (exchange.status === undefined || exchange.status < 400 || exchange.status >= 500) {
            context.fail(
              `${id} with a customer's token: expected 401 or 403, got ${exchange.status ?? exchange.error}`,
              exchange,
              true,
            );
            const created = idOf(exchange);
            if (id === 'createTicket' && created !== undefined) await remove(context, created);
          }
        }
      },
    },
    {
      check: 'unknown_resource_rejected',
      operationId: 'getTicket',
      effect: 'safe',
      basis: 'inferred',
      stateful: true,
      async run(context) {
        const ticketId = `ZZ${context.runId}`;
        const reads = ['getTicket', 'getTicketEvent'];
        for (const id of context.mutating ? TICKET_OPERATIONS : reads) {
          const exchange = await context.call(id, {
            path: { ticketId },
            ...(id === 'updateTicket' ? { json: { properties: {} } } : {}),
          });
          expectStatus(context, exchange, [404], `${id} of a ticket that does not exist`, 'status');
        }
      },
    },
  ];

  return {
    name: 'auvious',
    spec,
    // the token endpoint authenticates the client in its form or with Basic, not a bearer
    authHeaders: async (context, mode, operationId) =>
      operationId === 'getToken' ? {} : bearerHeaders(context, mode, own),
    async statelessEvidence(context) {
      const exchange = await context.call('getTicket', { path: { ticketId: `ZZ${context.runId}` } });
      return successEvidence(exchange, `GET of a ticket that cannot exist`);
    },
    checks: [...genericChecks(spec, plans), ...custom],
  };
}
