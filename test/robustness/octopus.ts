/**
 * Octopus under fuzz: mostly the demo key on its own Location, now and then the other
 * customer's Location, an unknown one, another version or credential. Afterwards every
 * Location holds, and lists page by page, exactly the tickets it had and those the run
 * was answered 200 for (the API has no delete), each as it was answered.
 */
import fc from 'fast-check';
import { consistentTicketBody } from '../../src/contract/apis/octopus.ts';
import { loadSpec } from '../../src/contract/spec.ts';
import { OCTOPUS_DEMO } from '../../src/fixtures/demo.ts';
import { octopusDocument } from '../../src/generated/octopus.document.ts';
import { apiRequests } from './inputs.ts';
import { Pools } from './model.ts';
import { oddAuthorization, oddSegment } from './odd-values.ts';
import {
  canonical,
  compareIds,
  credentialNames,
  errorCodeOf,
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
/** Each demo Location, with the key that reads it. */
const TENANTS = [
  [OCTOPUS_DEMO.location, OCTOPUS_DEMO.key],
  [OCTOPUS_DEMO.otherLocation, OCTOPUS_DEMO.otherKey],
] as const;

export async function octopusPlan(runtime: Runtime): Promise<FuzzPlan> {
  const spec = loadSpec(octopusDocument, 'octopus');
  const initial = (await runtime.state()).apis.octopus as { tickets: Ticket[]; services: ServiceRecord[] };
  const services = initial.services.filter(
    (service) => service.LocationId === OCTOPUS_DEMO.location && service.deleted !== 1,
  );
  /** Tickets the server answered 200 with, by id. */
  const created = new Map<number, Ticket>();
  /** Ids an answer gave that a ticket already had. */
  const reissued: number[] = [];

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
  const requests = apiRequests(spec, () => hooks);

  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  return {
    spec,
    errors: { schema: '/components/schemas/Error', statusOf: errorCodeOf },
    pools: new Pools(),
    requests,
    async credentials(request) {
      const raw = rawValue(request.auth);
      if (raw !== undefined) return { authorization: raw };
      const key = KEYS[request.auth];
      return key === undefined ? {} : bearer(key);
    },
    observe(_request, sent, exchange) {
      if (sent.operationId !== 'createTicket' || exchange.status !== 200) return;
      const ticket = (JSON.parse(exchange.responseText) as { data: Ticket }).data;
      if (created.has(ticket.id) || initial.tickets.some((other) => other.id === ticket.id)) reissued.push(ticket.id);
      created.set(ticket.id, ticket);
    },
    async consistency() {
      const problems = reissued.map((id) => `ticket id ${id} was given to two tickets`);
      const stored = (await runtime.state()).apis.octopus as { tickets: Ticket[]; services: ServiceRecord[] };
      // what the answers say each Location holds: what it had, and what the run was given
      const expected = new Map<string, Set<string>>();
      for (const ticket of [...initial.tickets, ...created.values()]) {
        const ids = expected.get(ticket.LocationId) ?? new Set<string>();
        expected.set(ticket.LocationId, ids.add(String(ticket.id)));
      }
      const expectedAt = (location: string) => expected.get(location) ?? new Set<string>();
      const held = (location: string) =>
        stored.tickets.filter((ticket) => ticket.LocationId === location).map((ticket) => String(ticket.id));
      for (const location of new Set([...expected.keys(), ...stored.tickets.map((ticket) => ticket.LocationId)])) {
        problems.push(...compareIds(`${location} tickets held vs answered`, held(location), expectedAt(location)));
      }
      const listed = new Map<number, Ticket>();
      for (const [location, key] of TENANTS) {
        const tickets = `/rest/v1/Location/${location}/tickets`;
        const all = await runtime.call('GET', `${tickets}?limit=5000`, { headers: bearer(key) });
        if (all.status !== 200) {
          problems.push(`GET ${tickets}: ${all.status}`);
          continue;
        }
        const ids: string[] = all.json.data.map((ticket: Ticket) => String(ticket.id));
        for (const ticket of all.json.data as Ticket[]) listed.set(ticket.id, ticket);
        const rows = all.json.pagination.rows;
        if (rows !== ids.length) problems.push(`${location}: lists ${ids.length} tickets, says rows ${rows}`);
        if (new Set(ids).size !== ids.length) problems.push(`${location}: a ticket is listed twice`);
        problems.push(...compareIds(`${location} tickets listed vs answered`, ids, expectedAt(location)));
        // page by page, the same tickets in the same order, each page telling the same total
        const paged: string[] = [];
        for (let offset = 0, page = 1; offset < rows + PAGE; offset += PAGE, page += 1) {
          const answer = await runtime.call('GET', `${tickets}?offset=${offset}&limit=${PAGE}`, {
            headers: bearer(key),
          });
          const pagination = { offset, limit: PAGE, rows, pages: Math.ceil(rows / PAGE), currentPage: page };
          if (JSON.stringify(answer.json?.pagination) !== JSON.stringify(pagination)) {
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
        const heldServices = stored.services.filter((service) => service.LocationId === location).length;
        if (offered.json?.pagination?.rows !== heldServices) {
          problems.push(`${location}: lists ${offered.json?.pagination?.rows} services, holds ${heldServices}`);
        }
      }
      // every ticket the run was given is listed as it was given (its status is read from the clock)
      for (const [id, ticket] of created) {
        const { status: _given, ...given } = ticket;
        const found = listed.get(id);
        if (found === undefined) {
          // at a Location listed above, its absence is reported there
          if (!TENANTS.some(([location]) => location === ticket.LocationId)) {
            problems.push(`ticket ${id} was created at ${ticket.LocationId}, a Location no demo key has`);
          }
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
