/**
 * The seeds' own request examples, sent as they stand (`shared/seeds/`): every request
 * body, parameter list and code sample the three vendor pages show, to both targets. Each
 * answer is the one the decision records say (004, 006, 007, 008): a change that makes a
 * documented example fail, or answer otherwise, fails here.
 *
 * Where a seed shows a placeholder (`"organizationId": "string"`, `X-Forwarded-Proto:
 * string`) it is sent as written, and also with the placeholder filled the way a client
 * would fill it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caseTarget, client, T0, type Target, type TargetFactory } from '../helpers/targets.ts';
import { ADMINSERVER_TICKET, AUVIOUS_CREATE, AUVIOUS_UPDATE, OCTOPUS_SERVICE } from './seed-bodies.ts';

const OCTOPUS = { authorization: 'Bearer octopus-demo-key' };
const AUVIOUS = { authorization: 'Bearer auvious-demo-token' };

function seedExampleCases(factory: TargetFactory): void {
  describe(`the seeds' request examples on the ${factory.name}`, () => {
    let target: Target;
    const { call } = client(() => target);

    beforeAll(async () => {
      target = await factory.start(['octopus', 'auvious', 'adminserver']);
    });
    afterAll(async () => {
      await target.close();
    });
    beforeEach(async () => {
      await call('POST', '/__mock/reset');
      await call('POST', '/__mock/clock', { json: { now: T0 } });
    });

    describe('Octopus (seed 000, decisions 004 and 006)', () => {
      const tickets = '/rest/v1/Location/28XXX004/tickets';

      it('lists the services with the seed’s example service among them (GET services)', async () => {
        const response = await call('GET', '/rest/v1/Location/28XXX004/services', { headers: OCTOPUS });
        expect(response.status).toBe(200);
        const service = response.json.data.find((item: { id: number }) => item.id === OCTOPUS_SERVICE.id);
        expect(service).toMatchObject(OCTOPUS_SERVICE);
      });

      // The POST table: start_time, valid_until (ISO-8601), format (print, email), service
      // (String(16), required), userId (String(64)), numusers (integer).
      it.each([
        ['the service id as a string, as a form', 'form', { service: String(OCTOPUS_SERVICE.id) }],
        ['the service id as the services list answers it, a number, as JSON', 'json', { service: OCTOPUS_SERVICE.id }],
        [
          'every parameter of the table, as a form',
          'form',
          {
            start_time: '2026-05-01T10:00:00Z',
            valid_until: '2026-05-02T10:00:00Z',
            format: 'print',
            service: String(OCTOPUS_SERVICE.id),
            userId: 'guest-1029',
            numusers: '1',
          },
        ],
        [
          'format=email without an e-mail address (the seed documents none)',
          'json',
          { service: OCTOPUS_SERVICE.id, format: 'email' },
        ],
        ['ISO-8601 dates without a time', 'json', { service: OCTOPUS_SERVICE.id, start_time: '2026-05-01' }],
      ] as const)('issues a ticket with %s (200)', async (_, encoding, params) => {
        const response = await call('POST', tickets, {
          headers: OCTOPUS,
          ...(encoding === 'form'
            ? { form: Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)])) }
            : { json: params }),
        });
        expect(response.status).toBe(200);
        expect(response.json.data).toMatchObject({ LocationId: '28XXX004', serviceId: OCTOPUS_SERVICE.id });
        const listed = await call('GET', tickets, { headers: OCTOPUS });
        expect(listed.json.data.map((ticket: { id: unknown }) => ticket.id)).toContain(response.json.data.id);
      });

      it('answers 401 without the Authorization header the tables require', async () => {
        expect((await call('GET', tickets)).status).toBe(401);
      });
    });

    describe('Auvious (seed 001, decision 007)', () => {
      const create = (body: unknown) => call('POST', '/security/ticket', { headers: AUVIOUS, json: body });
      const anyTicket = async () =>
        (await create({ type: 'MULTI_USE_TICKET', properties: { conference_id: 'c-1' } })).json.id as string;

      it('answers the create example as written 400: its scheduled type has no scheduled_date', async () => {
        const response = await create(AUVIOUS_CREATE);
        expect(response.status).toBe(400);
        expect(response.json).toEqual({ error: 'body.properties: missing "scheduled_date"' });
      });

      it('answers the create example with its date but the placeholder organisation 403', async () => {
        const response = await create({
          ...AUVIOUS_CREATE,
          properties: { scheduled_date: '2026-06-01T09:30:00Z' },
        });
        expect(response.status).toBe(403);
        expect(response.json.message).toBe('Access is denied to organisation string');
      });

      it('creates the example’s ticket once its placeholders are filled: disabled, length 0 → 6 characters', async () => {
        const response = await create({
          ...AUVIOUS_CREATE,
          organizationId: 'demo-org',
          properties: { scheduled_date: '2026-06-01T09:30:00Z' },
        });
        expect(response.status).toBe(200);
        expect(response.json).toMatchObject({ type: 'APPOINTMENTS_SCHEDULE_TICKET', disabled: T0, version: 0 });
        expect(response.json.id).toMatch(/^[a-z0-9]{3}-[a-z0-9]{3}$/);
      });

      it('answers the update example as written 403 (its organisation is the placeholder), the ticket unchanged', async () => {
        const id = await anyTicket();
        const response = await call('PUT', `/security/ticket/${id}`, { headers: AUVIOUS, json: AUVIOUS_UPDATE });
        expect(response.status).toBe(403);
        const read = await call('GET', `/security/ticket/${id}`, { headers: AUVIOUS });
        expect(read.json).toMatchObject({ version: 0, properties: { conference_id: 'c-1' } });
      });

      it('applies the update example with the caller’s organisation: properties replaced, version 1', async () => {
        const id = await anyTicket();
        const response = await call('PUT', `/security/ticket/${id}`, {
          headers: AUVIOUS,
          json: { ...AUVIOUS_UPDATE, organizationId: 'demo-org' },
        });
        expect(response.status).toBe(200);
        expect(response.json).toMatchObject({ properties: {}, version: 1 });
      });

      // The code samples: curl with the headers each operation's sample shows.
      it('answers every code sample: read with Accept */*, disable, enable, calendar, delete', async () => {
        const id = await anyTicket();
        const get = await call('GET', `/security/ticket/${id}`, { headers: { ...AUVIOUS, accept: '*/*' } });
        expect(get.status).toBe(200);
        expect((await call('POST', `/security/ticket/${id}/disable`, { headers: AUVIOUS })).status).toBe(204);
        expect((await call('POST', `/security/ticket/${id}/enable`, { headers: AUVIOUS })).status).toBe(204);
        // "X-Forwarded-Proto: string", "Host: string": the page's placeholders, as written
        const event = await call('GET', `/security/ticket/${id}/event`, {
          headers: { ...AUVIOUS, accept: 'text/calendar', 'x-forwarded-proto': 'string', host: 'string' },
        });
        expect(event.status).toBe(200);
        expect(event.headers.get('content-type')).toMatch(/^text\/calendar/);
        expect(event.text).toContain(`URL:string://string/t/${id}\r\n`);
        const filled = await call('GET', `/security/ticket/${id}/event`, {
          headers: { ...AUVIOUS, accept: 'text/calendar', 'x-forwarded-proto': 'https', host: 'auvious.video:443' },
        });
        expect(filled.text).toContain(`URL:https://auvious.video:443/t/${id}\r\n`);
        expect((await call('DELETE', `/security/ticket/${id}`, { headers: AUVIOUS })).status).toBe(204);
        expect((await call('GET', `/security/ticket/${id}`, { headers: AUVIOUS })).status).toBe(404);
      });
    });

    describe('Adminserver (seed 002, decision 008)', () => {
      let session: Record<string, string>;
      beforeEach(async () => {
        const login = await call('POST', '/auth/login', {
          json: { email: 'admin@demo.test', password: 'demo-password' },
        });
        session = { 'x-session-id': login.json.sessionId };
      });
      const rpc = (method: string, params: unknown) =>
        call('POST', `/jsonRpc/ticket.${method}`, { headers: session, json: params });

      it.each(['single', 'days:1of3', 'days:2of3'])(
        'creates, lists, updates and deletes the seed’s ticket with ticketType %s',
        async (ticketType) => {
          const ticket = { ...ADMINSERVER_TICKET, ticketType };
          const created = await rpc('createPurchasableTicket', { ticket });
          expect(created.status).toBe(200);
          expect(created.json).toEqual({ data: { ticket } });

          const listed = await rpc('getPurchasableTickets', {});
          expect(listed.status).toBe(200);
          expect(listed.json.data.tickets).toContainEqual(ticket);

          const changed = { ...ticket, price: 12.5, discount: '-50%' };
          const updated = await rpc('updatePurchasableTicket', { ticket: changed });
          expect(updated.json).toEqual({ data: { ticket: changed } });

          const deleted = await rpc('deletePurchasableTicket', { productId: ticket.productId });
          expect([deleted.status, deleted.json]).toEqual([200, {}]);
          const after = await rpc('getPurchasableTickets', {});
          expect(after.json.data.tickets.map((item: { productId: string }) => item.productId)).not.toContain(
            ticket.productId,
          );
        },
      );
    });
  });
}

seedExampleCases(caseTarget());
