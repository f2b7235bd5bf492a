/**
 * Mutants of ticketmock: each is ticketmock with one deliberate break, made by wrapping its
 * in-process fetch (rewriting a request, an answer, or the live state). The contract suite
 * must report each as a failed check at the operation that broke (mutants.test.ts), and the
 * drift report must report each, standing in for the real API, as drift (drift.test.ts).
 */
import type { ApiName } from '../../src/apis.ts';
import type { CheckName, FetchLike } from '../../src/contract/index.ts';
import { loadSpec } from '../../src/contract/spec.ts';
import type { MocksDb } from '../../src/db.ts';
import { AUVIOUS_DEMO, OCTOPUS_DEMO } from '../../src/fixtures/demo.ts';
import { octopusDocument } from '../../src/generated/octopus.document.ts';
import type { ContractTarget } from '../helpers/contract.ts';

type Forward = (request: Request) => Promise<Response>;

/** A mutant: given the real target, the fetch the suite is pointed at instead. */
export type Mutation = (target: ContractTarget) => FetchLike;

export interface Mutant {
  readonly name: string;
  readonly api: ApiName;
  readonly mutate: Mutation;
  readonly check: CheckName;
  readonly operationId: string;
  /** A JSON pointer one of the failing result's findings must name. */
  readonly pointer?: string;
}

/** Every request goes through `handle`, which may rewrite it, forward it, and rewrite the answer. */
export const intercept =
  (handle: (request: Request, forward: Forward, target: ContractTarget) => Promise<Response>): Mutation =>
  (target) =>
  (input, init) =>
    handle(new Request(input, init), (request) => target.fetch(request), target);

export const identity: Mutation = intercept((request, forward) => forward(request));

const pathOf = (request: Request): string => new URL(request.url).pathname;

/** The same answer with another body (and optionally status or content type). */
function answer(
  response: Response,
  body: string | null,
  changes: { readonly status?: number; readonly contentType?: string } = {},
): Response {
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  if (changes.contentType !== undefined) headers.set('content-type', changes.contentType);
  return new Response(body, { status: changes.status ?? response.status, headers });
}

/** The answer with its JSON body changed by `change` (answers that are not JSON pass as they are). */
async function rewriteJson(response: Response, change: (body: Record<string, unknown>) => unknown): Promise<Response> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return answer(response, text);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return answer(response, text);
  return answer(response, JSON.stringify(change(body as Record<string, unknown>)));
}

/** The same request with another body and content type. */
const withBody = (request: Request, body: string, contentType: string): Request => {
  const headers = new Headers(request.headers);
  headers.set('content-type', contentType);
  headers.delete('content-length');
  return new Request(request.url, { method: request.method, headers, body, signal: request.signal });
};

const jsonResponse = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const SERVICES = /\/Location\/[^/]+\/services$/;
const TICKETS = /\/Location\/[^/]+\/tickets$/;
const AUVIOUS_TICKET = /^\/security\/ticket\/[^/]+$/;
const DEMO_KEY = `Bearer ${OCTOPUS_DEMO.key}`;

const validCreateTicket = loadSpec(octopusDocument, 'octopus')
  .operation('createTicket')
  .compiled.body?.media.get('application/json');
if (validCreateTicket === undefined) throw new Error('octopus.createTicket documents no JSON body');

const isValidJson = (text: string): boolean => {
  try {
    return validCreateTicket(JSON.parse(text)) === true;
  } catch {
    return false;
  }
};

/**
 * Octopus createTicket taking bad input: a body of one of the `media` types (matched as a
 * substring of its content type) that is not a valid CreateTicketRequest is sent on as a
 * valid one.
 */
const createTicketTakes = (media: (contentType: string) => boolean): Mutation =>
  intercept(async (request, forward) => {
    const contentType = request.headers.get('content-type') ?? '';
    if (request.method !== 'POST' || !TICKETS.test(pathOf(request)) || !media(contentType)) return forward(request);
    const valid = isValidJson(await request.clone().text());
    return forward(valid ? request : withBody(request, '{"service":"59219"}', 'application/json'));
  });

/** The live Auvious tickets of an in-process target: the `@msw/data` collection the mock answers from. */
function auviousTickets(target: ContractTarget): MocksDb['auvious']['tickets'] {
  const tickets = target.db?.auvious.tickets;
  if (tickets === undefined) throw new Error('the mutant needs an in-process target (its live state)');
  return tickets;
}

/** A single-use Auvious ticket that survives its exchange: the record is put back after a 200. */
const singleUseSurvives = intercept(async (request, forward, target) => {
  if (request.method !== 'POST' || pathOf(request) !== '/security/oauth/token') return forward(request);
  const form = new URLSearchParams(await request.clone().text());
  const key = form.get('username') ?? form.get('ticket');
  if (form.get('grant_type') !== 'password' || key === null) return forward(request);
  const tickets = auviousTickets(target);
  const record = tickets.findFirst((q) => q.where({ id: key }));
  const saved = record === undefined ? undefined : structuredClone(record);
  const response = await forward(request);
  if (response.status === 200 && saved !== undefined && tickets.findFirst((q) => q.where({ id: key })) === undefined) {
    await tickets.create(saved);
  }
  return response;
});

/** Adminserver: a ticket.* call without X-Session-Id is sent on with the latest live session. */
const missingSessionAccepted: Mutation = (target) => {
  const live: string[] = [];
  return intercept(async (request, forward) => {
    const path = pathOf(request);
    if (path === '/auth/login') {
      const response = await forward(request);
      if (response.status === 200) {
        const sessionId = ((await response.clone().json()) as { sessionId?: unknown }).sessionId;
        if (typeof sessionId === 'string') live.push(sessionId);
      }
      return response;
    }
    if (path === '/auth/logout') {
      const sessionId = request.headers.get('x-session-id');
      const response = await forward(request);
      const index = sessionId === null ? -1 : live.indexOf(sessionId);
      if (response.status < 300 && index >= 0) live.splice(index, 1);
      return response;
    }
    const latest = live.at(-1);
    if (path.startsWith('/jsonRpc/ticket.') && !request.headers.has('x-session-id') && latest !== undefined) {
      const headers = new Headers(request.headers);
      headers.set('x-session-id', latest);
      const body = request.body === null ? null : await request.text();
      return forward(new Request(request.url, { method: request.method, headers, body, signal: request.signal }));
    }
    return forward(request);
  })(target);
};

/** Auvious revoke that refuses whom the real one refuses, and answers its owner 204 without revoking. */
const revokeDoesNotStick = intercept(async (request, forward, target) => {
  const id = /^\/security\/ticket\/([^/]+)\/revoke$/.exec(pathOf(request))?.[1];
  const ticketId = id === undefined ? undefined : decodeURIComponent(id);
  const ticket =
    ticketId === undefined ? undefined : auviousTickets(target).findFirst((q) => q.where({ id: ticketId }));
  const owner =
    request.headers.get('authorization') === `Bearer ${AUVIOUS_DEMO.token}` &&
    ticket?.organizationId === AUVIOUS_DEMO.organization;
  if (request.method === 'POST' && owner) return new Response(null, { status: 204 });
  return forward(request);
});

/** Auvious ticket ids the target has answered with (created, read, updated), as the wrapper saw them. */
const AUVIOUS_TICKET_ID = /^\/security\/ticket\/([^/]+)$/;
const ticketIdOf = (request: Request): string | undefined => {
  const id = AUVIOUS_TICKET_ID.exec(pathOf(request))?.[1];
  return id === undefined ? undefined : decodeURIComponent(id);
};

/** A ticket that keeps Auvious's schema, for ids the server never issued. */
const madeUpTicket = (id: string) => ({
  createdAt: '2026-05-01T10:00:00.000Z',
  disabled: null,
  expired: false,
  expiresAt: '2026-05-01T14:00:00.000Z',
  id,
  organizationId: AUVIOUS_DEMO.organization,
  properties: {},
  revoked: null,
  type: 'MULTI_USE_TICKET',
  userId: `ticket-${id}`,
  version: 0,
});

/** Auvious getTicket: a 404 for an id the server never answered with becomes 200 and a made-up ticket. */
const unknownIdAnswered: Mutation = (target) => {
  const issued = new Set<string>();
  return intercept(async (request, forward) => {
    const response = await forward(request);
    const body = response.headers.get('content-type')?.includes('json') ? await response.clone().text() : '';
    const id = /"id":"([^"]+)"/.exec(body)?.[1];
    if (id !== undefined) issued.add(id);
    const asked = ticketIdOf(request);
    if (request.method !== 'GET' || asked === undefined || response.status !== 404 || issued.has(asked))
      return response;
    return jsonResponse(200, madeUpTicket(asked));
  })(target);
};

/** Auvious: a ticket read after its delete is answered 200 with what it was (a "deleted tickets come back" bug). */
const deletedComesBack: Mutation = (target) => {
  const last = new Map<string, string>();
  const deleted = new Set<string>();
  return intercept(async (request, forward) => {
    const asked = ticketIdOf(request);
    const response = await forward(request);
    if (request.method === 'POST' && pathOf(request) === '/security/ticket' && response.status === 200) {
      const text = await response.clone().text();
      const id = (JSON.parse(text) as { id?: unknown }).id;
      if (typeof id === 'string') last.set(id, text);
    }
    if (asked === undefined) return response;
    if (request.method === 'DELETE' && response.status < 300) deleted.add(asked);
    else if (response.status === 200 && request.method !== 'DELETE') last.set(asked, await response.clone().text());
    const before = last.get(asked);
    if (request.method === 'GET' && response.status === 404 && deleted.has(asked) && before !== undefined)
      return new Response(before, { status: 200, headers: { 'content-type': 'application/json' } });
    return response;
  })(target);
};

/** Auvious updateTicket by the owner: answered 200 with the ticket as updated, and nothing stored. */
const updateNotStored = intercept(async (request, forward) => {
  if (request.method !== 'PUT' || ticketIdOf(request) === undefined) return forward(request);
  const read = await forward(new Request(request.url, { method: 'GET', headers: request.headers }));
  if (read.status !== 200) return forward(request);
  let change: { properties?: unknown };
  try {
    change = (await request.clone().json()) as { properties?: unknown };
  } catch {
    return forward(request);
  }
  const ticket = (await read.json()) as Record<string, unknown>;
  return jsonResponse(200, {
    ...ticket,
    properties: change.properties ?? ticket.properties,
    version: Number(ticket.version) + 1,
  });
});

/** Adminserver updatePurchasableTicket of a listed ticket: answered 200 with the ticket as sent, and nothing stored. */
const purchasableUpdateNotStored = intercept(async (request, forward) => {
  if (pathOf(request) !== '/jsonRpc/ticket.updatePurchasableTicket') return forward(request);
  let ticket: Record<string, unknown> | undefined;
  try {
    ticket = ((await request.clone().json()) as { ticket?: Record<string, unknown> }).ticket;
  } catch {
    return forward(request);
  }
  const url = request.url.replace('ticket.updatePurchasableTicket', 'ticket.getPurchasableTickets');
  const listed = await forward(new Request(url, { method: 'POST', headers: request.headers, body: '{}' }));
  if (listed.status !== 200 || ticket === undefined) return forward(request);
  const tickets =
    ((await listed.json()) as { data?: { tickets?: Array<{ productId?: unknown }> } }).data?.tickets ?? [];
  if (!tickets.some((item) => item.productId === ticket.productId)) return forward(request);
  return jsonResponse(200, { data: { ticket } });
});

/** Octopus: the demo Location's ticket list also holds the other customer's Location's tickets. */
const foreignRowsListed = intercept(async (request, forward) => {
  const response = await forward(request);
  const own = `/rest/v1/Location/${OCTOPUS_DEMO.location}/tickets`;
  if (request.method !== 'GET' || pathOf(request) !== own || response.status !== 200) return response;
  const theirs = await forward(
    new Request(`${new URL(request.url).origin}/rest/v1/Location/28XXX099/tickets`, {
      headers: { authorization: `Bearer ${OCTOPUS_DEMO.otherKey}` },
    }),
  );
  const foreign = ((await theirs.json()) as { data?: unknown[] }).data ?? [];
  return rewriteJson(response, (body) => ({
    ...body,
    data: [...((body.data as unknown[]) ?? []), ...foreign.slice(0, 3)],
  }));
});

export const MUTANTS: readonly Mutant[] = [
  {
    name: 'an Octopus service id answered as a string',
    api: 'octopus',
    mutate: intercept(async (request, forward) => {
      const response = await forward(request);
      if (!SERVICES.test(pathOf(request)) || response.status !== 200) return response;
      return rewriteJson(response, (body) => {
        const data = body.data as Array<Record<string, unknown>> | undefined;
        const first = data?.[0];
        if (first !== undefined) first.id = String(first.id);
        return body;
      });
    }),
    check: 'response_schema_conformance',
    operationId: 'octopus.getServices',
    pointer: '/data/0/id',
  },
  {
    name: 'an Octopus service list without its required pagination',
    api: 'octopus',
    mutate: intercept(async (request, forward) => {
      const response = await forward(request);
      if (!SERVICES.test(pathOf(request)) || response.status !== 200) return response;
      return rewriteJson(response, ({ pagination: _dropped, ...rest }) => rest);
    }),
    check: 'response_schema_conformance',
    operationId: 'octopus.getServices',
  },
  {
    name: 'an Octopus server that takes any key for the demo key',
    api: 'octopus',
    mutate: intercept(async (request, forward) => {
      const authorization = request.headers.get('authorization');
      if (authorization === null || authorization === DEMO_KEY) return forward(request);
      const headers = new Headers(request.headers);
      headers.set('authorization', DEMO_KEY);
      const body = request.body === null ? null : await request.text();
      return forward(new Request(request.url, { method: request.method, headers, body, signal: request.signal }));
    }),
    check: 'ignored_auth',
    operationId: 'octopus.getServices',
  },
  {
    // the spec marks the JSON encoding x-inferred (the vendor names none), but a server that
    // takes JSON must still hold the documented fields' types
    name: 'an Octopus createTicket that swaps an invalid JSON body for a valid one',
    api: 'octopus',
    mutate: createTicketTakes((contentType) => contentType.includes('application/json')),
    check: 'negative_data_rejection',
    operationId: 'octopus.createTicket',
  },
  {
    name: 'an Auvious getTicket answering 202 instead of 200',
    api: 'auvious',
    mutate: intercept(async (request, forward) => {
      const response = await forward(request);
      if (request.method !== 'GET' || !AUVIOUS_TICKET.test(pathOf(request)) || response.status !== 200) return response;
      return answer(response, await response.text(), { status: 202 });
    }),
    check: 'status_code_conformance',
    operationId: 'auvious.getTicket',
  },
  {
    name: 'an Auvious getTicket answering its JSON as text/plain',
    api: 'auvious',
    mutate: intercept(async (request, forward) => {
      const response = await forward(request);
      if (request.method !== 'GET' || !AUVIOUS_TICKET.test(pathOf(request)) || response.status !== 200) return response;
      return answer(response, await response.text(), { contentType: 'text/plain' });
    }),
    check: 'content_type_conformance',
    operationId: 'auvious.getTicket',
  },
  {
    name: 'an Auvious single-use ticket that survives its exchange',
    api: 'auvious',
    mutate: singleUseSurvives,
    check: 'use_after_free',
    operationId: 'auvious.getToken',
  },
  {
    name: 'an Auvious revoke that answers 204 and does nothing',
    api: 'auvious',
    mutate: intercept(async (request, forward) => {
      if (request.method === 'POST' && /^\/security\/ticket\/[^/]+\/revoke$/.test(pathOf(request)))
        return new Response(null, { status: 204 });
      return forward(request);
    }),
    check: 'flow:ticket_lifecycle',
    operationId: 'auvious.createTicket',
  },
  {
    name: 'an Auvious revoke that refuses strangers but answers its owner 204 and does nothing',
    api: 'auvious',
    mutate: revokeDoesNotStick,
    check: 'flow:ticket_lifecycle',
    operationId: 'auvious.createTicket',
  },
  {
    name: 'an Adminserver updatePurchasableTicket that always answers 500',
    api: 'adminserver',
    mutate: intercept(async (request, forward) => {
      if (pathOf(request) !== '/jsonRpc/ticket.updatePurchasableTicket') return forward(request);
      return jsonResponse(500, { error: { status: true, code: 500, message: 'mutant: internal error' } });
    }),
    check: 'not_a_server_error',
    operationId: 'adminserver.ticket.updatePurchasableTicket',
  },
  {
    name: 'an Adminserver ticket list in a result member instead of data',
    api: 'adminserver',
    mutate: intercept(async (request, forward) => {
      const response = await forward(request);
      if (pathOf(request) !== '/jsonRpc/ticket.getPurchasableTickets' || response.status !== 200) return response;
      return rewriteJson(response, ({ data, ...rest }) => ({ ...rest, result: data }));
    }),
    check: 'response_schema_conformance',
    operationId: 'adminserver.ticket.getPurchasableTickets',
  },
  {
    name: 'an Adminserver delete that answers success and deletes nothing',
    api: 'adminserver',
    mutate: intercept(async (request, forward) => {
      if (pathOf(request) !== '/jsonRpc/ticket.deletePurchasableTicket') return forward(request);
      return jsonResponse(200, { data: {} });
    }),
    check: 'use_after_free',
    operationId: 'adminserver.ticket.updatePurchasableTicket',
  },
  {
    name: 'an Adminserver that lends a ticket call without a session the latest one',
    api: 'adminserver',
    mutate: missingSessionAccepted,
    check: 'missing_auth_rejected',
    operationId: 'adminserver.ticket.getPurchasableTickets',
  },
  {
    // the defect of issue 13: X-Network ignored, so the preferred network answers
    name: 'an Adminserver that ignores X-Network (the admin docs’ header)',
    api: 'adminserver',
    mutate: intercept(async (request, forward) => {
      if (!request.headers.has('x-network')) return forward(request);
      const headers = new Headers(request.headers);
      headers.delete('x-network');
      const body = request.body === null ? null : await request.text();
      return forward(new Request(request.url, { method: request.method, headers, body, signal: request.signal }));
    }),
    check: 'flow:network_selection',
    operationId: 'adminserver.ticket.getPurchasableTickets',
  },
  {
    name: 'an Adminserver logout that answers 204 and keeps the session open',
    api: 'adminserver',
    mutate: intercept(async (request, forward) =>
      pathOf(request) === '/auth/logout' ? new Response(null, { status: 204 }) : forward(request),
    ),
    check: 'use_after_free',
    operationId: 'adminserver.auth.check',
  },
  {
    // the proxy: a made-up ticket for an id the server never issued
    name: 'an Auvious getTicket that answers an unknown id 200 with a made-up ticket',
    api: 'auvious',
    mutate: unknownIdAnswered,
    check: 'unknown_resource_rejected',
    operationId: 'auvious.getTicket',
  },
  {
    name: 'an Auvious server whose deleted tickets come back on a read',
    api: 'auvious',
    mutate: deletedComesBack,
    check: 'use_after_free',
    operationId: 'auvious.getTicket',
  },
  {
    name: 'an Auvious update that is answered but not stored',
    api: 'auvious',
    mutate: updateNotStored,
    check: 'read_after_write',
    operationId: 'auvious.updateTicket',
  },
  {
    name: 'an Adminserver update that is answered but not stored',
    api: 'adminserver',
    mutate: purchasableUpdateNotStored,
    check: 'read_after_write',
    operationId: 'adminserver.ticket.updatePurchasableTicket',
  },
  {
    name: "an Octopus ticket list that holds another customer's rows",
    api: 'octopus',
    mutate: foreignRowsListed,
    check: 'tenant_isolation',
    operationId: 'octopus.getTickets',
  },
];

/** Mutants whose only break is an expectation the suite rests on `x-inferred` items. */
export const INFERRED_MUTANTS: readonly Mutant[] = [
  {
    // the defect of issue 13: the seed's String(16) read strictly, so the id the services
    // list answers (a number) is refused; taking it is ticketmock's reading (API-NOTES §1)
    name: 'an Octopus createTicket that refuses the service id as the list answers it (a number)',
    api: 'octopus',
    mutate: intercept(async (request, forward) => {
      if (request.method !== 'POST' || !TICKETS.test(pathOf(request))) return forward(request);
      let service: unknown;
      try {
        service = (JSON.parse(await request.clone().text()) as { service?: unknown }).service;
      } catch {
        return forward(request);
      }
      if (typeof service !== 'number') return forward(request);
      return jsonResponse(400, { error: { code: 400, message: 'body.service: must be string' } });
    }),
    check: 'flow:service_id_as_listed',
    operationId: 'octopus.createTicket',
  },
  {
    // a unique productId per network (409 on a duplicate) is ticketmock's reading (API-NOTES §3)
    name: 'an Adminserver create that overwrites a ticket of the same productId',
    api: 'adminserver',
    mutate: intercept(async (request, forward) => {
      if (pathOf(request) !== '/jsonRpc/ticket.createPurchasableTicket') return forward(request);
      const body = await request.text();
      const created = await forward(new Request(request.url, { method: 'POST', headers: request.headers, body }));
      if (created.status !== 409) return created;
      const url = request.url.replace('ticket.createPurchasableTicket', 'ticket.updatePurchasableTicket');
      return forward(new Request(url, { method: 'POST', headers: request.headers, body }));
    }),
    check: 'flow:ticket_crud',
    operationId: 'adminserver.ticket.createPurchasableTicket',
  },
];
