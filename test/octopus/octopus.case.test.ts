/**
 * Every Octopus WiFi behaviour of API-NOTES.md §1, as one set of cases for any target.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/server/specs.ts';
import { valueAt } from '../../src/spec/openapi.ts';
import { caseTarget, client, T0, type Target, type TargetFactory } from '../helpers/targets.ts';

const DEMO = { authorization: 'Bearer octopus-demo-key' };
const OTHER = { authorization: 'Bearer octopus-other-key' };
const HOME = '28XXX004';
const CAMPING = '28XXX099';
/** T0 as the API writes instants: to the second, without milliseconds. */
const T0_SECONDS = '2026-05-01T10:00:00Z';
const CREDENTIAL = /^[abcdefghjkmnpqrstuvwxyz23456789]{6}$/;
/** The first id the seeded data leaves for new tickets (4 Locations × 12 seeded tickets). */
const FIRST_NEW_ID = 1_000_049;
const SEEDED_PER_LOCATION = 12;
/** Each Location's first service (the vendor's example in the demo Location). */
const FIRST_SERVICE: Readonly<Record<string, string>> = {
  '28XXX004': '59219',
  '28XXX005': '60310',
  '28XXX099': '61420',
  ITXXX006: '62530',
};
const HOME_SERVICE_NAMES = [
  'Ticket - 1 Hora',
  'Ticket - 1 Día',
  'Ticket - 1 Semana',
  'Ticket - 30 Minutos',
  'Tiempo online - 5 Horas',
  'Ticket - Hasta fin de estancia',
  'Ticket - 1 GB',
  'Ticket - Premium 1 Día',
  'Ticket - 2 Horas (antiguo)',
];
const FLAGS = ['tpv', 'pms', 'showLogin', 'vip', 'validateEmail', 'deleted', 'withRegistration', 'macCaching'];
const COUNTS = [
  'status',
  'onlineTime',
  'expTime',
  'simDevices',
  'maxUsers',
  'download',
  'upload',
  'downrate',
  'uprate',
  'dailyLimit',
  'validUntil',
  'issueOrder',
];

/** The first service of the vendor's example, `getServices` 200 `seed`, as the spec holds it. */
const vendorExample = valueAt(
  loadSpec('octopus'),
  '/paths/~1Location~1{LocationId}~1services/get/responses/200/content/application~1json/examples/seed/value/data/0',
);

interface SeededTicket {
  id: number;
  LocationId: string;
  serviceId: number;
  username: string;
  expires_at: string | null;
  createdAt: string;
}
interface SeededService {
  id: number;
  LocationId: string;
  deleted: number;
}
interface OctopusState {
  apis: { octopus: { services: SeededService[]; tickets: SeededTicket[] } };
}

const errorShape = (json: unknown, status: number, message: unknown = expect.any(String)) =>
  expect(json).toEqual({ error: { code: status, message } });

function octopusCases(factory: TargetFactory): void {
  describe(`Octopus WiFi on the ${factory.name}`, () => {
    let target: Target;
    const api = client(() => target);
    const { call } = api;

    beforeAll(async () => {
      target = await factory.start(['octopus']);
    });
    afterAll(async () => {
      await target.close();
    });
    beforeEach(async () => {
      // The clock first: the seeded tickets are dated from the clock at reset, so every
      // test starts from the same dataset whatever the previous one did to the clock.
      await call('POST', '/__mock/clock', { json: { now: T0 } });
      await call('POST', '/__mock/reset');
      await call('PUT', '/__mock/faults', { json: {} });
    });

    const services = (location = HOME, headers: Record<string, string> = DEMO, query = '', version = 'v1') =>
      call('GET', `/rest/${version}/Location/${location}/services${query}`, { headers });
    const tickets = (location = HOME, headers: Record<string, string> = DEMO, query = '') =>
      call('GET', `/rest/v1/Location/${location}/tickets${query}`, { headers });
    const create = (body: Record<string, unknown>, location = HOME, headers: Record<string, string> = DEMO) =>
      call('POST', `/rest/v1/Location/${location}/tickets`, { headers, json: body });
    const seeded = async () => JSON.parse(await api.state()) as OctopusState;
    const ids = (json: { data: Array<{ id: number }> }) => json.data.map((item) => item.id);

    describe('services of a Location', () => {
      it('lists the 9 services of 28XXX004, the first being the vendor’s example field for field', async () => {
        const response = await services();
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(response.json.data).toHaveLength(9);
        expect(vendorExample).toMatchObject({ id: 59219, name: 'Ticket - 1 Hora' });
        expect(response.json.data[0]).toEqual(vendorExample);
        expect(ids(response.json)).toEqual([59219, 59220, 59221, 59222, 59223, 59224, 59225, 59226, 59227]);
        expect(response.json.pagination).toEqual({ offset: 0, limit: 5000, rows: 9, pages: 1, currentPage: 1 });
      });

      it('sends every field with the JSON type of the example: numbers, 0/1 integers, a nested type', async () => {
        const { data } = (await services()).json;
        for (const service of data) {
          expect(Object.keys(service).sort()).toEqual(Object.keys(vendorExample as object).sort());
          expect(typeof service.id).toBe('number');
          expect(service.LocationId).toBe(HOME);
          expect(typeof service.price).toBe('number');
          for (const flag of FLAGS) expect([0, 1]).toContain(service[flag]);
          for (const count of COUNTS) expect(Number.isInteger(service[count])).toBe(true);
          expect(service.typeId).toBe(service.type.id);
          expect(Object.keys(service.type).sort()).toEqual(
            ['description', 'id', 'limittraffic', 'onlinetime', 'timetofinish', 'timetolimit'].sort(),
          );
          for (const key of ['timetofinish', 'onlinetime', 'timetolimit', 'limittraffic'])
            expect(typeof service.type[key]).toBe('boolean');
        }
      });

      it('offers each type ttf, otm, ttl and trf, one deleted service, and Spanish names', async () => {
        const { data } = (await services()).json;
        const byType = (typeId: string) => data.filter((service: { typeId: string }) => service.typeId === typeId);
        expect(byType('ttf')).toHaveLength(6);
        expect(byType('otm')).toHaveLength(1);
        expect(byType('ttl')).toHaveLength(1);
        expect(byType('trf')).toHaveLength(1);
        expect(byType('otm')[0].type).toEqual({
          id: 'otm',
          description: 'Tiempo online',
          timetofinish: false,
          onlinetime: true,
          timetolimit: false,
          limittraffic: false,
        });
        expect(byType('ttl')[0].type).toMatchObject({ description: 'Tiempo límite', timetolimit: true });
        expect(byType('trf')[0].type).toMatchObject({ description: 'Límite de tráfico', limittraffic: true });
        const deleted = data.filter((service: { deleted: number }) => service.deleted === 1);
        expect(deleted.map((service: { id: number }) => service.id)).toEqual([59227]);
        expect(data.map((service: { name: string }) => service.name)).toEqual(HOME_SERVICE_NAMES);
      });

      it.each([
        ['?limit=4&offset=4', [59223, 59224, 59225, 59226], { offset: 4, limit: 4, rows: 9, pages: 3, currentPage: 2 }],
        ['?limit=4', [59219, 59220, 59221, 59222], { offset: 0, limit: 4, rows: 9, pages: 3, currentPage: 1 }],
        ['?limit=4&offset=8', [59227], { offset: 8, limit: 4, rows: 9, pages: 3, currentPage: 3 }],
        ['?limit=3&offset=6', [59225, 59226, 59227], { offset: 6, limit: 3, rows: 9, pages: 3, currentPage: 3 }],
        ['?offset=9', [], { offset: 9, limit: 5000, rows: 9, pages: 1, currentPage: 1 }],
        ['?offset=500&limit=9', [], { offset: 500, limit: 9, rows: 9, pages: 1, currentPage: 56 }],
        ['?limit=5000', [59219, 59220, 59221, 59222, 59223, 59224, 59225, 59226, 59227], undefined],
      ])('pages with %s', async (query, expectedIds, expectedPagination) => {
        const response = await services(HOME, DEMO, query);
        expect(response.status).toBe(200);
        expect(ids(response.json)).toEqual(expectedIds);
        expect(response.json.pagination).toEqual(
          expectedPagination ?? { offset: 0, limit: 5000, rows: 9, pages: 1, currentPage: 1 },
        );
      });

      it.each(['v2', 'v0', 'v10', 'v2026'])('answers on version %s as on v1', async (version) => {
        const response = await services(HOME, DEMO, '', version);
        expect(response.status).toBe(200);
        expect(response.json).toEqual((await services()).json);
      });

      it.each(['x1', 'V1', 'v', 'v1.0', '1', 'v1a'])(
        'answers 404 in the API’s shape for version %s',
        async (version) => {
          const response = await services(HOME, DEMO, '', version);
          expect(response.status).toBe(404);
          errorShape(response.json, 404, `no route GET /rest/${version}/Location/${HOME}/services`);
        },
      );
    });

    describe('keys and Locations', () => {
      const CASES = [
        ['no key', {}, HOME, 401],
        ['an unknown key', { authorization: 'Bearer not-a-key' }, HOME, 401],
        ['an empty Bearer', { authorization: 'Bearer' }, HOME, 401],
        ['the key as Basic', { authorization: `Basic ${btoa('octopus-demo-key:')}` }, HOME, 401],
        ['the bare key', { authorization: 'octopus-demo-key' }, HOME, 401],
        ['the demo key, another customer’s Location', DEMO, CAMPING, 403],
        ['the demo key, its customer’s ungranted Location', DEMO, '28XXX005', 403],
        ['the demo key, an unknown Location', DEMO, '28ZZZ999', 403],
        ['the demo key, lower-case scheme', { authorization: 'bearer octopus-demo-key' }, HOME, 200],
        ['the demo key, its Location', DEMO, HOME, 200],
        ['the other key, its customer’s Location', OTHER, CAMPING, 200],
        ['the other key, its customer’s second Location', OTHER, 'ITXXX006', 200],
        ['the other key, the demo customer’s Location', OTHER, HOME, 403],
        ['the other key, an unknown Location', OTHER, '28ZZZ999', 404],
      ] as const;
      const MESSAGES: Readonly<Record<number, (location: string) => string>> = {
        401: () => 'Missing or invalid API key',
        403: (location) => `This API key is not granted Location ${location}`,
        404: (location) => `Location ${location} not found`,
      };

      describe.each([
        ['GET services', 'GET', 'services'],
        ['GET tickets', 'GET', 'tickets'],
        ['POST tickets', 'POST', 'tickets'],
      ] as const)('%s', (_, method, resource) => {
        it.each(CASES)('with %s answers %i', async (_label, headers, location, status) => {
          const before = await api.state();
          const response = await call(method, `/rest/v1/Location/${location}/${resource}`, {
            headers,
            ...(method === 'POST' ? { json: { service: FIRST_SERVICE[location] ?? '59219' } } : {}),
          });
          expect(response.status).toBe(status);
          if (status === 200) {
            if (method === 'POST') {
              expect(response.json.data.LocationId).toBe(location);
              expect(response.json.data.serviceId).toBe(Number(FIRST_SERVICE[location]));
            } else {
              expect(response.json.data.length).toBeGreaterThan(0);
              for (const item of response.json.data) expect(item.LocationId).toBe(location);
            }
          } else {
            errorShape(response.json, status, MESSAGES[status]?.(location));
            expect(await api.state()).toBe(before);
          }
        });
      });
    });

    describe('creating a ticket', () => {
      /** The first ticket made on the vendor's example service with every default. */
      const DEFAULT_TICKET = {
        id: FIRST_NEW_ID,
        LocationId: HOME,
        serviceId: 59219,
        username: expect.stringMatching(CREDENTIAL),
        password: expect.stringMatching(CREDENTIAL),
        format: 'print',
        email: null,
        userId: null,
        numusers: 1,
        start_time: T0_SECONDS,
        valid_until: '2026-10-28T10:00:00Z',
        expires_at: '2026-05-01T11:00:00Z',
        status: 'active',
        createdAt: T0_SECONDS,
      };

      it('answers 200 {data: Ticket} with the defaults, as JSON', async () => {
        const response = await create({ service: '59219' });
        expect(response.status).toBe(200);
        expect(response.json).toEqual({ data: DEFAULT_TICKET });
      });

      // API-NOTES.md §1, "Readings revised": the seed types `service` String(16), but the
      // services list answers `id` as the number 59219 and a client copies it from there.
      const SERVICE_SENT_AS = [
        ['the number 59219 in JSON, as the services list answers it', { json: { service: 59219 } }],
        ['the string "59219" in JSON, as the seed types it', { json: { service: '59219' } }],
        ['the form field service=59219', { form: { service: '59219' } }],
      ] as const;

      it.each(SERVICE_SENT_AS)('takes the service as %s', async (_, body) => {
        const response = await call('POST', `/rest/v1/Location/${HOME}/tickets`, { headers: DEMO, ...body });
        expect(response.status).toBe(200);
        expect(response.json).toEqual({ data: DEFAULT_TICKET });
      });

      it('answers the very same ticket, credentials included, however the service is sent', async () => {
        const answers: unknown[] = [];
        for (const [, body] of SERVICE_SENT_AS) {
          await call('POST', '/__mock/reset');
          answers.push((await call('POST', `/rest/v1/Location/${HOME}/tickets`, { headers: DEMO, ...body })).json);
        }
        expect(answers[1]).toEqual(answers[0]);
        expect(answers[2]).toEqual(answers[0]);
      });

      it.each([
        ['in JSON', { json: { service: '59219', format: 'email' } }],
        ['in JSON, the service a number', { json: { service: 59219, format: 'email' } }],
        ['in a form', { form: { service: '59219', format: 'email' } }],
      ])('issues an e-mail ticket without an address (the seed documents no email parameter), %s', async (_, body) => {
        const response = await call('POST', `/rest/v1/Location/${HOME}/tickets`, { headers: DEMO, ...body });
        expect(response.status).toBe(200);
        expect(response.json).toEqual({ data: { ...DEFAULT_TICKET, format: 'email', email: null } });
      });

      it('reads a form-encoded request the same way, numusers as a number', async () => {
        const response = await call('POST', `/rest/v1/Location/${HOME}/tickets`, {
          headers: DEMO,
          form: { service: '59221', numusers: '2', format: 'email', email: 'guest@hotel.test', userId: 'room-204' },
        });
        expect(response.status).toBe(200);
        expect(response.json.data).toEqual({
          id: FIRST_NEW_ID,
          LocationId: HOME,
          serviceId: 59221,
          username: expect.stringMatching(CREDENTIAL),
          password: expect.stringMatching(CREDENTIAL),
          format: 'email',
          email: 'guest@hotel.test',
          userId: 'room-204',
          numusers: 2,
          start_time: T0_SECONDS,
          valid_until: '2026-10-28T10:00:00Z',
          expires_at: '2026-05-08T10:00:00Z',
          status: 'active',
          createdAt: T0_SECONDS,
        });
      });

      it('gives each ticket the next id and a user name unique in the Location', async () => {
        const state = await seeded();
        const seededNames = state.apis.octopus.tickets.filter((t) => t.LocationId === HOME).map((t) => t.username);
        expect(seededNames).toHaveLength(SEEDED_PER_LOCATION);
        const made: Array<{ id: number; username: string; password: string }> = [];
        for (let index = 0; index < 40; index += 1) made.push((await create({ service: '59220' })).json.data);
        expect(made.map((ticket) => ticket.id)).toEqual(Array.from({ length: 40 }, (_, index) => FIRST_NEW_ID + index));
        const names = made.map((ticket) => ticket.username);
        expect(new Set([...names, ...seededNames]).size).toBe(40 + SEEDED_PER_LOCATION);
        for (const ticket of made) {
          expect(ticket.username).toMatch(CREDENTIAL);
          expect(ticket.password).toMatch(CREDENTIAL);
        }
        // ids are counted across Locations
        const elsewhere = await create({ service: '61420' }, CAMPING, OTHER);
        expect(elsewhere.json.data.id).toBe(FIRST_NEW_ID + 40);
      });

      it('starts at the clock, to the second', async () => {
        await call('POST', '/__mock/clock', { json: { now: '2026-05-01T10:00:00.750Z' } });
        const ticket = (await create({ service: '59219' })).json.data;
        expect(ticket.start_time).toBe(T0_SECONDS);
        expect(ticket.createdAt).toBe(T0_SECONDS);
        expect(ticket.expires_at).toBe('2026-05-01T11:00:00Z');
      });

      it.each([
        ['a date-only start_time at midnight UTC', { start_time: '2026-05-03' }, '2026-05-03T00:00:00Z'],
        ['an offset start_time in UTC', { start_time: '2026-05-03T12:30:00+02:00' }, '2026-05-03T10:30:00Z'],
        ['fractional seconds cut', { start_time: '2026-05-03T10:30:00.999Z' }, '2026-05-03T10:30:00Z'],
      ])('writes %s', async (_, fields, start) => {
        const ticket = (await create({ service: '59219', ...fields })).json.data;
        expect(ticket.start_time).toBe(start);
        expect(ticket.expires_at).toBe(new Date(Date.parse(start) + 3_600_000).toISOString().replace('.000Z', 'Z'));
        expect(ticket.valid_until).toBe(
          new Date(Date.parse(start) + 180 * 86_400_000).toISOString().replace('.000Z', 'Z'),
        );
        expect(ticket.createdAt).toBe(T0_SECONDS);
      });

      it.each([
        [
          'valid_until before the access ends: expires then',
          { service: '59219', valid_until: '2026-05-01T10:30:00Z' },
          '2026-05-01T10:30:00Z',
          '2026-05-01T10:30:00Z',
          'active',
        ],
        [
          'valid_until after the access ends',
          { service: '59219', valid_until: '2026-05-02' },
          '2026-05-02T00:00:00Z',
          '2026-05-01T11:00:00Z',
          'active',
        ],
        [
          'valid_until equal to start_time: expired at once',
          { service: '59219', valid_until: T0_SECONDS },
          T0_SECONDS,
          T0_SECONDS,
          'expired',
        ],
        [
          'expTime 0 (online time): the 30 days of validUntil',
          { service: '59223' },
          '2026-05-31T10:00:00Z',
          '2026-05-31T10:00:00Z',
          'active',
        ],
        [
          'expTime 0 (deadline): the 14 days of validUntil',
          { service: '59224' },
          '2026-05-15T10:00:00Z',
          '2026-05-15T10:00:00Z',
          'active',
        ],
        ['a one-day service', { service: '59220' }, '2026-10-28T10:00:00Z', '2026-05-02T10:00:00Z', 'active'],
        [
          'a start in the past',
          { service: '59222', start_time: '2026-04-01T08:00:00Z' },
          '2026-09-28T08:00:00Z',
          '2026-04-01T08:30:00Z',
          'expired',
        ],
      ])('sets valid_until and expires_at for %s', async (_, body, validUntil, expiresAt, status) => {
        const response = await create(body);
        expect(response.status).toBe(200);
        expect(response.json.data).toMatchObject({ valid_until: validUntil, expires_at: expiresAt, status });
      });

      it.each([
        ['59221', 2],
        ['59224', 4],
        ['59226', 5],
      ])('accepts numusers up to maxUsers on %s (%i)', async (service, numusers) => {
        const response = await create({ service, numusers });
        expect(response.status).toBe(200);
        expect(response.json.data.numusers).toBe(numusers);
      });

      it('keeps email only for format=email, and a 64-character userId', async () => {
        const print = (await create({ service: '59219', email: 'guest@hotel.test', userId: 'u'.repeat(64) })).json.data;
        expect(print).toMatchObject({ format: 'print', email: null, userId: 'u'.repeat(64) });
        const email = (await create({ service: '59219', format: 'email', email: 'guest@hotel.test' })).json.data;
        expect(email).toMatchObject({ format: 'email', email: 'guest@hotel.test', userId: null });
      });

      it('turns expired once the clock passes expires_at, in the list too', async () => {
        const ticket = (await create({ service: '59219' })).json.data;
        expect(ticket.status).toBe('active');
        const statusInList = async () =>
          (await tickets()).json.data.find((item: { id: number }) => item.id === ticket.id)?.status;
        await api.advance(3599);
        expect(await statusInList()).toBe('active');
        await api.advance(1);
        expect(await statusInList()).toBe('expired');
        await api.advance(86_400);
        expect(await statusInList()).toBe('expired');
      });

      it('adds the ticket at the end of the Location’s list', async () => {
        const ticket = (await create({ service: '59220', userId: 'room-101' })).json.data;
        const list = (await tickets()).json;
        expect(list.pagination.rows).toBe(SEEDED_PER_LOCATION + 1);
        expect(list.data).toHaveLength(SEEDED_PER_LOCATION + 1);
        expect(list.data.at(-1)).toEqual(ticket);
      });

      it.each([
        [
          'an unknown service',
          { service: '99999' },
          `service: 99999 is not an existing, non-deleted service of Location ${HOME}`,
        ],
        [
          'a non-numeric service',
          { service: 'abc' },
          `service: abc is not an existing, non-deleted service of Location ${HOME}`,
        ],
        ['a zero-padded service id', { service: '059219' }, /^service: 059219 is not/],
        [
          'another Location’s service',
          { service: '61420' },
          `service: 61420 is not an existing, non-deleted service of Location ${HOME}`,
        ],
        [
          'the deleted service',
          { service: '59227' },
          `service: 59227 is not an existing, non-deleted service of Location ${HOME}`,
        ],
        ['numusers over maxUsers', { service: '59219', numusers: 2 }, 'numusers: must be at most 1 for service 59219'],
        [
          'numusers over maxUsers (4)',
          { service: '59224', numusers: 5 },
          'numusers: must be at most 4 for service 59224',
        ],
        [
          'valid_until before start_time',
          { service: '59219', start_time: '2026-05-02T10:00:00Z', valid_until: '2026-05-02T09:59:59Z' },
          'valid_until: must not be before start_time',
        ],
        [
          'a date-only valid_until before now',
          { service: '59219', valid_until: '2026-05-01' },
          'valid_until: must not be before start_time',
        ],
        [
          'an unknown service named by a number',
          { service: 99999 },
          `service: 99999 is not an existing, non-deleted service of Location ${HOME}`,
        ],
        [
          'another Location’s service named by a number',
          { service: 61420 },
          `service: 61420 is not an existing, non-deleted service of Location ${HOME}`,
        ],
        [
          'the deleted service named by a number',
          { service: 59227 },
          `service: 59227 is not an existing, non-deleted service of Location ${HOME}`,
        ],
        ['no service', { numusers: 1 }, 'body: missing "service"'],
        ['an empty service', { service: '' }, 'body.service: must NOT have fewer than 1 characters'],
        ['a service number 0', { service: 0 }, 'body.service: must be >= 1'],
        ['a fractional service number', { service: 59219.5 }, 'body.service: must be string,integer'],
        ['a service number past 2^53', { service: 2 ** 53 }, 'body.service: must be <= 9007199254740991'],
        ['numusers 0', { service: '59219', numusers: 0 }, 'body.numusers: must be >= 1'],
        [
          'a 17-character service',
          { service: '59219000000000000' },
          'body.service: must NOT have more than 16 characters',
        ],
      ])('refuses %s with 400', async (_, body, message) => {
        const before = await api.state();
        const response = await create(body);
        expect(response.status).toBe(400);
        errorShape(response.json, 400, typeof message === 'string' ? message : expect.stringMatching(message));
        expect(await api.state()).toBe(before);
        // the refused request used no id
        expect((await create({ service: '59219' })).json.data.id).toBe(FIRST_NEW_ID);
      });

      it.each([
        ['an unknown service', '99999', 'service: 99999 is not'],
        ['a zero-padded service id', '059219', 'service: 059219 is not'],
        ['a fractional service id', '59219.0', 'service: 59219.0 is not'],
      ])('refuses %s in a form as in JSON (the field is read as the text it is)', async (_, service, message) => {
        const response = await call('POST', `/rest/v1/Location/${HOME}/tickets`, { headers: DEMO, form: { service } });
        expect(response.status).toBe(400);
        errorShape(response.json, 400, `${message} an existing, non-deleted service of Location ${HOME}`);
      });

      it('refuses the same mistakes in a form', async () => {
        const before = await api.state();
        const response = await call('POST', `/rest/v1/Location/${HOME}/tickets`, {
          headers: DEMO,
          form: { service: '59219', numusers: '2' },
        });
        expect(response.status).toBe(400);
        errorShape(response.json, 400, 'numusers: must be at most 1 for service 59219');
        expect(await api.state()).toBe(before);
      });
    });

    describe('the ticket list', () => {
      it('lists the Location’s seeded tickets in a 5000 page', async () => {
        const response = await tickets();
        expect(response.status).toBe(200);
        expect(ids(response.json)).toEqual(Array.from({ length: 12 }, (_, index) => 1_000_001 + index));
        expect(response.json.pagination).toEqual({ offset: 0, limit: 5000, rows: 12, pages: 1, currentPage: 1 });
        for (const ticket of response.json.data) {
          expect(ticket.LocationId).toBe(HOME);
          expect(ticket.username).toMatch(CREDENTIAL);
          expect(Date.parse(ticket.createdAt)).toBeLessThan(Date.parse(T0));
          expect(Date.parse(ticket.createdAt)).toBeGreaterThanOrEqual(Date.parse(T0) - 14 * 86_400_000);
        }
      });

      it('derives every status from the clock and the service', async () => {
        const state = (await seeded()).apis.octopus;
        const deletedServices = new Set(state.services.filter((s) => s.deleted === 1).map((s) => s.id));
        const expected = state.tickets
          .filter((t) => t.LocationId === HOME)
          .map((t) => ({
            id: t.id,
            status: deletedServices.has(t.serviceId)
              ? 'disabled'
              : t.expires_at !== null && Date.parse(t.expires_at) <= Date.parse(T0)
                ? 'expired'
                : 'active',
          }));
        const listed = (await tickets()).json.data.map((t: { id: number; status: string }) => ({
          id: t.id,
          status: t.status,
        }));
        expect(listed).toEqual(expected);
        for (const status of ['active', 'expired', 'disabled']) {
          const wanted = expected.filter((t) => t.status === status).map((t) => t.id);
          expect(wanted.length).toBeGreaterThan(0);
          const filtered = (await tickets(HOME, DEMO, `?status=${status}`)).json;
          expect(ids(filtered)).toEqual(wanted);
          expect(filtered.pagination).toEqual({
            offset: 0,
            limit: 5000,
            rows: wanted.length,
            pages: 1,
            currentPage: 1,
          });
        }
      });

      it('shows the tickets of the deleted service as disabled', async () => {
        const response = (await tickets(HOME, DEMO, '?status=disabled')).json;
        expect(response.pagination.rows).toBe(2);
        expect(response.data).toHaveLength(2);
        for (const ticket of response.data) expect(ticket).toMatchObject({ serviceId: 59227, status: 'disabled' });
        const onService = (await tickets(HOME, DEMO, '?service=59227')).json;
        expect(ids(onService)).toEqual(ids(response));
      });

      it('filters by service, status and creation time, rows counting the matches', async () => {
        const a = (await create({ service: '59219' })).json.data;
        await api.advance(60);
        const b = (await create({ service: '59223' })).json.data;
        await api.advance(60);
        const c = (await create({ service: '59219' })).json.data;
        const query = async (text: string) => (await tickets(HOME, DEMO, text)).json;

        expect(ids(await query(`?from=${T0_SECONDS}`))).toEqual([a.id, b.id, c.id]);
        expect(ids(await query('?from=2026-05-01T10:01:00Z'))).toEqual([b.id, c.id]);
        expect(ids(await query('?from=2026-05-01T12:01:00%2B02:00'))).toEqual([b.id, c.id]);
        expect(ids(await query('?from=2026-05-01T10:01:00Z&to=2026-05-01T10:02:00Z'))).toEqual([b.id]);
        expect(ids(await query(`?from=${T0_SECONDS}&to=${T0_SECONDS}`))).toEqual([]);
        const before = await query('?to=2026-05-01T10:01:00Z');
        expect(before.pagination.rows).toBe(SEEDED_PER_LOCATION + 1);
        expect(before.data.at(-1).id).toBe(a.id);
        expect(ids(await query(`?from=${T0_SECONDS}&service=59219`))).toEqual([a.id, c.id]);
        expect(ids(await query(`?from=${T0_SECONDS}&service=59223`))).toEqual([b.id]);
        expect((await query('?service=61420')).pagination.rows).toBe(0);
        const paged = await query(`?from=${T0_SECONDS}&limit=2&offset=2`);
        expect(ids(paged)).toEqual([c.id]);
        expect(paged.pagination).toEqual({ offset: 2, limit: 2, rows: 3, pages: 2, currentPage: 2 });
        const middle = await query(`?from=${T0_SECONDS}&limit=1&offset=1`);
        expect(ids(middle)).toEqual([b.id]);
        expect(middle.pagination).toEqual({ offset: 1, limit: 1, rows: 3, pages: 3, currentPage: 2 });

        await api.advance(3600);
        expect(ids(await query(`?from=${T0_SECONDS}&status=expired`))).toEqual([a.id, c.id]);
        expect(ids(await query(`?from=${T0_SECONDS}&status=active`))).toEqual([b.id]);
        const none = await query(`?from=${T0_SECONDS}&status=disabled`);
        expect(none.data).toEqual([]);
        expect(none.pagination).toEqual({ offset: 0, limit: 5000, rows: 0, pages: 0, currentPage: 1 });
      });

      it('pages the list', async () => {
        const response = (await tickets(HOME, DEMO, '?limit=5&offset=10')).json;
        expect(ids(response)).toEqual([1_000_011, 1_000_012]);
        expect(response.pagination).toEqual({ offset: 10, limit: 5, rows: 12, pages: 3, currentPage: 3 });
        const beyond = (await tickets(HOME, DEMO, '?offset=12')).json;
        expect(beyond.data).toEqual([]);
        expect(beyond.pagination.rows).toBe(12);
      });

      it.each([
        ['?limit=5001', 'query.limit: must be <= 5000'],
        ['?limit=0', 'query.limit: must be >= 1'],
        ['?offset=-1', 'query.offset: must be >= 0'],
        ['?status=nope', 'query.status: must be equal to one of the allowed values'],
        ['?from=yesterday', 'query.from: must match format "date-time"'],
      ])('refuses %s with 400', async (query, message) => {
        const response = await tickets(HOME, DEMO, query);
        expect(response.status).toBe(400);
        errorShape(response.json, 400, message);
      });
    });

    describe('tenancy of tickets', () => {
      it('never shows one Location’s tickets in another’s list', async () => {
        const mine = (await create({ service: '59219' })).json.data;
        const theirs = (await create({ service: '61420' }, CAMPING, OTHER)).json.data;
        const home = (await tickets()).json;
        const camping = (await tickets(CAMPING, OTHER)).json;
        const italy = (await tickets('ITXXX006', OTHER)).json;
        expect(home.pagination.rows).toBe(SEEDED_PER_LOCATION + 1);
        expect(camping.pagination.rows).toBe(SEEDED_PER_LOCATION + 1);
        expect(italy.pagination.rows).toBe(SEEDED_PER_LOCATION);
        expect([home.data.length, camping.data.length, italy.data.length]).toEqual([
          SEEDED_PER_LOCATION + 1,
          SEEDED_PER_LOCATION + 1,
          SEEDED_PER_LOCATION,
        ]);
        expect(ids(home)).toContain(mine.id);
        expect(ids(home)).not.toContain(theirs.id);
        expect(ids(camping)).toContain(theirs.id);
        expect(ids(camping)).not.toContain(mine.id);
        for (const [list, location] of [
          [home, HOME],
          [camping, CAMPING],
          [italy, 'ITXXX006'],
        ] as const)
          for (const ticket of list.data) expect(ticket.LocationId).toBe(location);
        const homeIds = new Set(ids(home));
        for (const id of [...ids(camping), ...ids(italy)]) expect(homeIds.has(id)).toBe(false);
        expect((await tickets(HOME, DEMO, `?service=${theirs.serviceId}`)).json.pagination.rows).toBe(0);
      });
    });

    describe('faults', () => {
      it('never answers 429, which the spec does not document, under a rate limit', async () => {
        const set = await call('PUT', '/__mock/faults', { json: { rateLimitPerSecond: 2 } });
        expect(set.status).toBe(200);
        expect(set.json).toEqual({ rateLimitPerSecond: 2 });
        for (let index = 0; index < 3; index += 1) expect((await services()).status).toBe(200);
        expect((await tickets()).status).toBe(200);
        expect((await create({ service: '59219' })).status).toBe(200);
        const route = { routes: { 'octopus.getServices': { rateLimitPerSecond: 1 } } };
        expect((await call('PUT', '/__mock/faults', { json: route })).json).toEqual(route);
        expect((await services()).status).toBe(200);
        expect((await services()).status).toBe(200);
      });
    });
  });
}

octopusCases(caseTarget());
