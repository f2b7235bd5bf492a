/**
 * Prism runs each spec: one documented request per operation gets a documented status
 * and a body valid against the spec.
 */
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import { API_NAMES, type ApiName } from '../../src/apis.ts';
import { type PrismMock, startPrism } from '../../src/server/prism.ts';
import { loadSpec } from '../../src/server/specs.ts';
import { listOperations, responseSchemaPointer } from '../../src/spec/openapi.ts';
import { createSpecSchemas, describeErrors } from '../../src/spec/schemas.ts';
import { client } from '../helpers/targets.ts';

interface Call {
  method: string;
  path: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
}

const octopusAuth = { authorization: 'Bearer octopus-demo-key' };
const auviousAuth = { authorization: 'Bearer auvious-demo-token' };
const session = { 'x-session-id': '2f7c9b1e4d8a4c6fb3e1a5d7c9e0f2a4', 'x-network-id': 'demo-network' };
const purchasable = {
  productId: 'summer-fest-2026-day1',
  eventName: 'Summer Fest 2026',
  eventStartDate: '2026-07-10T18:00:00Z',
  eventEndDate: '2026-07-10T23:00:00Z',
  ticketType: 'days:1of3',
  ticketName: 'Friday ticket',
  price: 19.99,
};

/** One documented request per operationId, with the auth header each API requires. */
const CALLS: Record<ApiName, Record<string, Call>> = {
  octopus: {
    getServices: { method: 'GET', path: '/rest/v1/Location/28XXX004/services', headers: octopusAuth },
    createTicket: {
      method: 'POST',
      path: '/rest/v1/Location/28XXX004/tickets',
      headers: octopusAuth,
      json: { service: '59219', format: 'print', numusers: 1 },
    },
    getTickets: { method: 'GET', path: '/rest/v1/Location/28XXX004/tickets?limit=50', headers: octopusAuth },
  },
  auvious: {
    createTicket: {
      method: 'POST',
      path: '/security/ticket',
      headers: auviousAuth,
      json: { type: 'MULTI_USE_TICKET', properties: { conference_id: 'c-1' }, ttl: 14400, length: 6 },
    },
    getTicket: { method: 'GET', path: '/security/ticket/k3x-q7m', headers: auviousAuth },
    updateTicket: {
      method: 'PUT',
      path: '/security/ticket/k3x-q7m',
      headers: auviousAuth,
      json: { properties: { conference_id: 'c-2' } },
    },
    deleteTicket: { method: 'DELETE', path: '/security/ticket/k3x-q7m', headers: auviousAuth },
    disableTicket: { method: 'POST', path: '/security/ticket/k3x-q7m/disable', headers: auviousAuth },
    enableTicket: { method: 'POST', path: '/security/ticket/k3x-q7m/enable', headers: auviousAuth },
    revokeTicket: { method: 'POST', path: '/security/ticket/k3x-q7m/revoke', headers: auviousAuth },
    getTicketEvent: {
      method: 'GET',
      path: '/security/ticket/k3x-q7m/event',
      headers: { ...auviousAuth, accept: 'text/calendar', 'x-forwarded-proto': 'https' },
    },
    getToken: {
      method: 'POST',
      path: '/security/oauth/token',
      headers: { authorization: `Basic ${Buffer.from('customer:').toString('base64')}` },
      form: { grant_type: 'password', username: 'k3x-q7m', password: 'k3x-q7m' },
    },
  },
  adminserver: {
    'auth.login': {
      method: 'POST',
      path: '/auth/login',
      json: { email: 'admin@demo.test', password: 'demo-password' },
    },
    'auth.logout': { method: 'POST', path: '/auth/logout', headers: session },
    'auth.check': { method: 'POST', path: '/auth/check', headers: session },
    'ticket.createPurchasableTicket': {
      method: 'POST',
      path: '/jsonRpc/ticket.createPurchasableTicket',
      headers: session,
      json: { ticket: purchasable },
    },
    'ticket.deletePurchasableTicket': {
      method: 'POST',
      path: '/jsonRpc/ticket.deletePurchasableTicket',
      headers: session,
      json: { productId: purchasable.productId },
    },
    'ticket.updatePurchasableTicket': {
      method: 'POST',
      path: '/jsonRpc/ticket.updatePurchasableTicket',
      headers: session,
      json: { ticket: { ...purchasable, price: 24.5 } },
    },
    'ticket.getPurchasableTickets': {
      method: 'POST',
      path: '/jsonRpc/ticket.getPurchasableTickets',
      headers: session,
      json: {},
    },
    'rpc.discover': { method: 'POST', path: '/jsonRpc/rpc.discover', json: {} },
  },
};

/** The shared test client, pointed at one Prism process. */
function request(base: string, call: Call) {
  const { method, path, ...options } = call;
  return client(() => ({ name: 'prism', baseUrl: base, close: async () => {} })).call(method, path, options);
}

describe.each(API_NAMES)('Prism serving %s.openapi.yaml', (api) => {
  const document = loadSpec(api);
  const schemas = createSpecSchemas(document, api);
  const operations = listOperations(document);
  let prism: PrismMock | undefined;

  beforeAll(async () => {
    prism = await startPrism({ api, timeoutMs: 90_000 });
  });
  afterAll(async () => {
    await prism?.stop();
  });

  it('has a request for every operation of the spec', () => {
    expect(Object.keys(CALLS[api]).sort()).toEqual(operations.map((entry) => entry.operationId).sort());
  });

  it.each(operations.map((entry) => [entry.operationId, entry] as const))(
    '%s answers a documented status with a schema-valid body',
    async (operationId, entry) => {
      const call = CALLS[api][operationId];
      assert.isDefined(call, `no request for ${operationId}`);
      assert.isDefined(prism, 'Prism did not start');
      expect(call.method.toLowerCase()).toBe(entry.method);
      const response = await request(prism.url, call);
      const status = String(response.status);
      const documented = Object.keys(entry.operation.responses as object);
      expect(documented, `status ${status} is not documented for ${operationId}`).toContain(status);
      expect(response.status, `${operationId} should succeed`).toBeLessThan(400);

      const text = response.text;
      const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
      const pointer = responseSchemaPointer(document, entry, status, mediaType);
      if (pointer === undefined) {
        // a documented body-less response (204, the vendor's bare 200s)
        expect(responseSchemaPointer(document, entry, status, 'application/json')).toBeUndefined();
        expect(text).toBe('');
        return;
      }
      const body = mediaType === 'application/json' ? JSON.parse(text) : text;
      const validate = schemas.validator(pointer);
      validate(body);
      expect(describeErrors(validate.errors)).toEqual([]);
    },
  );

  it('rejects a request without its credentials', async () => {
    assert.isDefined(prism, 'Prism did not start');
    const secured = operations.find((entry) => entry.operation.security === undefined);
    assert.isDefined(secured, 'no operation under the global security requirement');
    const { headers: _, ...anonymous } = CALLS[api][secured.operationId] as Call;
    const response = await request(prism.url, anonymous);
    expect(response.status).toBe(401);
  });
});
