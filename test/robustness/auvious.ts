/**
 * Auvious under fuzz: ticket operations mostly with the demo bearer token on tickets that
 * exist (seeded or made by the run), the token endpoint with every kind of client
 * credential and grant. Afterwards the data holds exactly the tickets the answers say
 * (seeded and created, less those deleted or used up), and each reads back by id, as
 * stored, for its own organisation only.
 */
import fc from 'fast-check';
import { consistentTicketBody } from '../../src/contract/apis/auvious.ts';
import { loadSpec } from '../../src/contract/spec.ts';
import { AUVIOUS_DEMO } from '../../src/fixtures/demo.ts';
import { auviousDocument } from '../../src/generated/auvious.document.ts';
import { apiRequests, type OperationHooks } from './inputs.ts';
import { Pools, ref } from './model.ts';
import { headerValue, oddAuthorization, oddSegment } from './odd-values.ts';
import {
  canonical,
  compareIds,
  credentialNames,
  type FuzzPlan,
  type Runtime,
  rawCredential,
  rawValue,
  sentFields,
} from './plan.ts';

type Ticket = Record<string, unknown> & { readonly id: string; readonly organizationId: string; readonly type: string };

const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`;
const SCHEDULED_AT = '2026-06-01T09:30:00Z';
/** Each organisation's token (a Map: an organizationId may be `constructor`). */
const TOKENS: ReadonlyMap<string, string> = new Map([
  [AUVIOUS_DEMO.organization, AUVIOUS_DEMO.token],
  [AUVIOUS_DEMO.otherOrganization, AUVIOUS_DEMO.otherToken],
]);

const oddBasic = fc.oneof(
  fc.constantFrom('Basic', 'Basic ', 'Basic !!!', `Basic ${btoa('customer')}`, `Basic ${btoa(':')}`),
  fc.constantFrom(`basic ${btoa('customer:')}`, `Basic ${btoa('customer:')}==`, `Basic ${btoa('ÿ:ÿ')}`),
  headerValue.map((value) => `Basic ${btoa(value)}`),
);

/** Keeps the caller's organisation most of the time (another one is a 403). */
function ownOrganization(value: Record<string, unknown>, pick: number): Record<string, unknown> {
  const next = { ...value };
  if (pick % 10 < 6) delete next.organizationId;
  else if (pick % 10 < 9) next.organizationId = AUVIOUS_DEMO.organization;
  return next;
}

export async function auviousPlan(runtime: Runtime): Promise<FuzzPlan> {
  const spec = loadSpec(auviousDocument, 'auvious');
  const demo = { authorization: `Bearer ${AUVIOUS_DEMO.token}` };
  // a customer token and a refresh token, from a ticket of the demo organisation
  const made = await runtime.call('POST', '/security/ticket', {
    headers: demo,
    json: { type: 'MULTI_USE_TICKET', properties: {} },
  });
  const exchanged = await runtime.call('POST', '/security/oauth/token', {
    headers: { authorization: basic(AUVIOUS_DEMO.publicClient, '') },
    form: { grant_type: 'password', username: made.json.id },
  });
  if (exchanged.status !== 200) throw new Error(`auvious setup: exchange answered ${exchanged.status}`);
  const headers: Readonly<Record<string, Record<string, string>>> = {
    demo,
    other: { authorization: `Bearer ${AUVIOUS_DEMO.otherToken}` },
    customer: { authorization: `Bearer ${exchanged.json.access_token}` },
    wrong: { authorization: 'Bearer not-a-token' },
    basicDemo: { authorization: basic(AUVIOUS_DEMO.client.id, AUVIOUS_DEMO.client.secret) },
    basicOther: { authorization: basic(AUVIOUS_DEMO.otherClient.id, AUVIOUS_DEMO.otherClient.secret) },
    basicCustomer: { authorization: basic(AUVIOUS_DEMO.publicClient, '') },
    basicWrong: { authorization: basic(AUVIOUS_DEMO.client.id, 'wrong-secret') },
  };

  const initial = (await runtime.state()).apis.auvious.tickets as Ticket[];
  const pools = new Pools();
  const types = new Map<string, string>();
  for (const ticket of initial) {
    pools.add('ticket', ticket.id);
    types.set(ticket.id, ticket.type);
  }
  pools.add('refresh', exchanged.json.refresh_token);
  const created = new Set<string>();
  /** Deleted (204) or used up (a single-use ticket exchanged). */
  const removed = new Set<string>();

  const ticketAuth = fc.oneof(
    { weight: 23, arbitrary: credentialNames({ demo: 75, other: 5, customer: 3, wrong: 3, basicDemo: 2, none: 4 }) },
    { weight: 2, arbitrary: rawCredential(oddAuthorization(AUVIOUS_DEMO.token)) },
  );
  const tokenAuth = fc.oneof(
    {
      weight: 22,
      arbitrary: credentialNames({ basicCustomer: 35, basicDemo: 15, basicOther: 4, none: 25, basicWrong: 5, demo: 4 }),
    },
    { weight: 3, arbitrary: rawCredential(oddBasic) },
  );
  const ticketId = fc.oneof(
    { weight: 72, arbitrary: fc.nat(9999).map((index) => ref('ticket', index)) },
    { weight: 8, arbitrary: fc.nat(9999).map((index) => ref('ticketgone', index)) },
    { weight: 5, arbitrary: fc.constant('zzzzzz') },
    { weight: 15, arbitrary: oddSegment },
  );
  const hooksFor = ({ id: operationId }: { id: string }): OperationHooks => {
    if (operationId === 'getToken') {
      return {
        auth: tokenAuth,
        adjust(value, pick) {
          const form = { ...(value as Record<string, unknown>) };
          if (form.grant_type === 'client_credentials' && pick % 10 < 6) {
            Object.assign(form, { client_id: AUVIOUS_DEMO.client.id, client_secret: AUVIOUS_DEMO.client.secret });
          }
          if (form.grant_type === 'password' && pick % 10 < 8) {
            form[typeof form.ticket === 'string' ? 'ticket' : 'username'] = ref('ticket', pick);
          }
          if (form.grant_type === 'refresh_token' && pick % 10 < 7) form.refresh_token = ref('refresh', pick);
          return form;
        },
      };
    }
    return {
      auth: ticketAuth,
      pathParams: { ticketId },
      headerParams: {
        Host: fc.oneof(
          { weight: 6, arbitrary: fc.constant(undefined) },
          { weight: 2, arbitrary: fc.constantFrom('meet.example.org', 'xn--caf-dma.example', '[::1]:8080', 'a b') },
          { weight: 2, arbitrary: headerValue.filter((value) => value.trim() !== '') },
        ),
      },
      // what a schema cannot say (the contract suite's own reading of it)
      realize: (value) => consistentTicketBody(value as Record<string, unknown>),
      adjust(value, pick) {
        const next = ownOrganization(value as Record<string, unknown>, pick);
        // a scheduled ticket keeps its date through an update only if the update gives one
        if (operationId === 'updateTicket' && pick % 2 === 0 && typeof next.properties === 'object') {
          next.properties = { ...(next.properties as object), scheduled_date: SCHEDULED_AT };
        }
        return next;
      },
    };
  };
  const requests = apiRequests(spec, hooksFor);

  return {
    spec,
    errors: {
      schema: '/components/schemas/SpringError',
      statusOf: (body) => (body as { status?: unknown }).status,
    },
    pools,
    requests,
    async credentials(request) {
      const raw = rawValue(request.auth);
      return raw === undefined ? { ...(headers[request.auth] ?? {}) } : { authorization: raw };
    },
    observe(_request, sent, exchange) {
      const json = exchange.status === 200 && ['createTicket', 'getToken'].includes(sent.operationId);
      const answer = json ? (JSON.parse(exchange.responseText) as Record<string, string>) : {};
      if (sent.operationId === 'createTicket' && exchange.status === 200) {
        pools.add('ticket', answer.id as string);
        types.set(answer.id as string, answer.type as string);
        created.add(answer.id as string);
      }
      if (sent.operationId === 'deleteTicket' && exchange.status === 204) {
        const id = decodeURIComponent(sent.path.split('?')[0]?.split('/').pop() ?? '');
        removed.add(id);
        pools.remove('ticket', id);
      }
      if (sent.operationId === 'getToken' && exchange.status === 200) {
        if (answer.refresh_token !== undefined) pools.add('refresh', answer.refresh_token);
        const fields = sentFields(sent);
        const id = String(fields.username ?? fields.ticket);
        if (fields.grant_type === 'password' && /SINGLE_USE/.test(types.get(id) ?? '')) {
          removed.add(id);
          pools.remove('ticket', id);
        }
      }
    },
    async consistency() {
      const problems: string[] = [];
      const stored = (await runtime.state()).apis.auvious.tickets as Ticket[];
      const expected = [...initial.map((ticket) => ticket.id), ...created].filter((id) => !removed.has(id));
      problems.push(...compareIds('tickets held vs answered', new Set(stored.map((ticket) => ticket.id)), expected));
      for (const ticket of stored) {
        const own = TOKENS.get(ticket.organizationId);
        if (own === undefined) {
          problems.push(
            `ticket ${ticket.id} belongs to ${JSON.stringify(ticket.organizationId)}, an unknown organisation`,
          );
          continue;
        }
        const path = `/security/ticket/${encodeURIComponent(ticket.id)}`;
        const read = await runtime.call('GET', path, { headers: { authorization: `Bearer ${own}` } });
        const { expired: _expired, ...view } = read.json ?? {};
        if (read.status !== 200 || canonical(view) !== canonical(ticket)) {
          problems.push(`GET ${path}: ${read.status} ${read.text.slice(0, 200)}, holds ${JSON.stringify(ticket)}`);
        }
        const foreign =
          ticket.organizationId === AUVIOUS_DEMO.organization ? AUVIOUS_DEMO.otherToken : AUVIOUS_DEMO.token;
        const hidden = await runtime.call('GET', path, { headers: { authorization: `Bearer ${foreign}` } });
        if (hidden.status !== 404) problems.push(`GET ${path} from another organisation: ${hidden.status}`);
      }
      return problems;
    },
    async healthy() {
      const problems: string[] = [];
      const ticket = await runtime.call('POST', '/security/ticket', {
        headers: demo,
        json: { type: 'MULTI_USE_TICKET', properties: { customer_id: 'after-fuzz' } },
      });
      if (ticket.status !== 200) problems.push(`POST /security/ticket: ${ticket.status} ${ticket.text}`);
      const read = await runtime.call('GET', `/security/ticket/${ticket.json?.id}`, { headers: demo });
      if (read.status !== 200) problems.push(`GET the new ticket: ${read.status}`);
      const token = await runtime.call('POST', '/security/oauth/token', {
        form: {
          grant_type: 'client_credentials',
          client_id: AUVIOUS_DEMO.client.id,
          client_secret: AUVIOUS_DEMO.client.secret,
        },
      });
      if (token.status !== 200) problems.push(`client credentials: ${token.status} ${token.text}`);
      return problems;
    },
  };
}
