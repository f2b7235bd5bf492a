/**
 * Octopus under fuzz: mostly the demo key on its own Location, now and then the other
 * customer's Location, an unknown one, another version or credential. Afterwards every
 * Location's ticket list agrees with the data, page by page, and holds every ticket the
 * run was answered with.
 */
import fc from 'fast-check';
import { consistentTicketBody } from '../../src/contract/apis/octopus.ts';
import { loadSpec } from '../../src/contract/spec.ts';
import { OCTOPUS_DEMO } from '../../src/fixtures/demo.ts';
import { octopusDocument } from '../../src/generated/octopus.document.ts';
import { operationRequests } from './inputs.ts';
import { Pools } from './model.ts';
import { oddAuthorization, oddSegment } from './odd-values.ts';
import {
  canonical,
  compareIds,
  credentialNames,
  type FuzzPlan,
  type Runtime,
  rawCredential,
  rawValue,
} from './plan.ts';

interface ServiceRecord {
  readonly id: number;
  readonly LocationId: string;
  readonly deleted: number;
  readonly maxUsers: number;
}
type Ticket = Record<string, unknown> & { readonly id: number; readonly LocationId: string };

const KEYS: Readonly<Record<string, string>> = {
  demo: OCTOPUS_DEMO.key,
  other: OCTOPUS_DEMO.otherKey,
  wrong: 'not-an-api-key',
};
const PAGE = 7;

export async function octopusPlan(runtime: Runtime): Promise<FuzzPlan> {
  const spec = loadSpec(octopusDocument, 'octopus');
  const services = ((await runtime.state()).apis.octopus.services as ServiceRecord[]).filter(
    (service) => service.LocationId === OCTOPUS_DEMO.location && service.deleted !== 1,
  );
  /** Tickets the server answered 200 with, by id. */
  const created = new Map<number, Ticket>();

  const auth = fc.oneof(
    { weight: 19, arbitrary: credentialNames({ demo: 80, other: 5, none: 5, wrong: 4 }) },
    { weight: 1, arbitrary: rawCredential(oddAuthorization(OCTOPUS_DEMO.key)) },
  );
  const hooks = {
    auth,
    base: fc.oneof(
      { weight: 95, arbitrary: fc.constant('/rest/v1') },
      { weight: 3, arbitrary: fc.constant('/rest/v2') },
      { weight: 2, arbitrary: fc.constantFrom('/rest/V1', '/rest/v', '/rest/1', '/rest/v1x', '/rest/v01') },
    ),
    pathParams: {
      LocationId: fc.oneof(
        { weight: 80, arbitrary: fc.constant(OCTOPUS_DEMO.location) },
        { weight: 8, arbitrary: fc.constant(OCTOPUS_DEMO.otherLocation) },
        { weight: 4, arbitrary: fc.constant('28ZZZ999') },
        { weight: 8, arbitrary: oddSegment },
      ),
    },
    // what a schema cannot say (the contract suite's own reading of it)
    realize: (value: unknown) => consistentTicketBody(value as Record<string, unknown>),
    // mostly a service the Location lists, and no more users than it allows
    adjust(value: unknown, pick: number) {
      const service = services[pick % services.length];
      if (pick >= 850 || service === undefined) return value;
      return consistentTicketBody(value as Record<string, unknown>, service);
    },
  };
  const requests = fc.oneof(...spec.operations.map((operation) => operationRequests(spec, operation, hooks)));

  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  return {
    spec,
    errors: {
      schema: '/components/schemas/Error',
      statusOf: (body) => (body as { error?: { code?: unknown } }).error?.code,
    },
    pools: new Pools(),
    requests,
    async credentials(request) {
      const raw = rawValue(request.auth);
      if (raw !== undefined) return { authorization: raw };
      const key = KEYS[request.auth];
      return key === undefined ? {} : bearer(key);
    },
    observe(sent, exchange) {
      if (sent.operationId !== 'createTicket' || exchange.status !== 200) return;
      const ticket = (JSON.parse(exchange.responseText) as { data: Ticket }).data;
      created.set(ticket.id, ticket);
    },
    async consistency() {
      const problems: string[] = [];
      const stored = (await runtime.state()).apis.octopus as { tickets: Ticket[]; services: ServiceRecord[] };
      const listed = new Map<number, Ticket>();
      for (const [location, key] of [
        [OCTOPUS_DEMO.location, OCTOPUS_DEMO.key],
        [OCTOPUS_DEMO.otherLocation, OCTOPUS_DEMO.otherKey],
      ] as const) {
        const tickets = `/rest/v1/Location/${location}/tickets`;
        const mine = stored.tickets.filter((ticket) => ticket.LocationId === location);
        const all = await runtime.call('GET', `${tickets}?limit=5000`, { headers: bearer(key) });
        if (all.status !== 200) {
          problems.push(`GET ${tickets}: ${all.status}`);
          continue;
        }
        const ids: string[] = all.json.data.map((ticket: Ticket) => String(ticket.id));
        for (const ticket of all.json.data as Ticket[]) listed.set(ticket.id, ticket);
        const rows = all.json.pagination.rows;
        if (rows !== mine.length) problems.push(`${location}: lists ${rows} tickets, holds ${mine.length}`);
        if (new Set(ids).size !== ids.length) problems.push(`${location}: a ticket is listed twice`);
        problems.push(
          ...compareIds(
            `${location} tickets listed vs held`,
            ids,
            mine.map((ticket) => String(ticket.id)),
          ),
        );
        // page by page, the same tickets in the same order, each page telling the same total
        const paged: string[] = [];
        for (let offset = 0, page = 1; offset < rows + PAGE; offset += PAGE, page += 1) {
          const answer = await runtime.call('GET', `${tickets}?offset=${offset}&limit=${PAGE}`, {
            headers: bearer(key),
          });
          const expected = { offset, limit: PAGE, rows, pages: Math.ceil(rows / PAGE), currentPage: page };
          if (JSON.stringify(answer.json?.pagination) !== JSON.stringify(expected)) {
            problems.push(`${location} page ${page}: pagination ${JSON.stringify(answer.json?.pagination)}`);
          }
          const data: Ticket[] = answer.json?.data ?? [];
          if (data.length !== Math.max(0, Math.min(PAGE, rows - offset))) {
            problems.push(`${location} page ${page}: ${data.length} tickets of ${rows} from ${offset}`);
          }
          paged.push(...data.map((ticket) => String(ticket.id)));
        }
        if (paged.join() !== ids.join()) problems.push(`${location}: the pages do not add up to the list`);
        const offered = await runtime.call('GET', `/rest/v1/Location/${location}/services`, { headers: bearer(key) });
        const held = stored.services.filter((service) => service.LocationId === location).length;
        if (offered.json?.pagination?.rows !== held) {
          problems.push(`${location}: lists ${offered.json?.pagination?.rows} services, holds ${held}`);
        }
      }
      // every ticket the run was given is listed as it was given (its status is read from the clock)
      for (const [id, ticket] of created) {
        const { status: _given, ...given } = ticket;
        const found = listed.get(id);
        if (found === undefined) {
          problems.push(`ticket ${id} (${ticket.LocationId}) was created but is not listed`);
          continue;
        }
        const { status: _now, ...now } = found;
        if (canonical(now) !== canonical(given)) problems.push(`ticket ${id} changed: ${JSON.stringify(now)}`);
      }
      return problems;
    },
    async healthy() {
      const problems: string[] = [];
      const where = `/rest/v1/Location/${OCTOPUS_DEMO.location}`;
      const listed = await runtime.call('GET', `${where}/services`, { headers: bearer(OCTOPUS_DEMO.key) });
      if (listed.status !== 200 || listed.json.data.length === 0) problems.push(`GET services: ${listed.status}`);
      const service = String(OCTOPUS_DEMO.service);
      const made = await runtime.call('POST', `${where}/tickets`, {
        headers: bearer(OCTOPUS_DEMO.key),
        json: { service },
      });
      if (made.status !== 200) problems.push(`POST tickets: ${made.status} ${made.text}`);
      return problems;
    },
  };
}
