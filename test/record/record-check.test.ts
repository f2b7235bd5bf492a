/**
 * `ticketmock record`'s check of each exchange (src/server/record-check.ts): a conforming
 * exchange has no finding; an undocumented status, a body that breaks the schema, a
 * request the spec refuses yet accepted, and a route no operation has are each listed, and
 * end up in the HAR entry's comment.
 */
import { describe, expect, it } from 'vitest';
import { buildHar, type Exchange } from '../../src/core/har.ts';
import { modulesFor } from '../../src/handlers/index.ts';
import { exchangeChecker } from '../../src/server/record-check.ts';

const checker = exchangeChecker(modulesFor(undefined));
const JSON_TYPE: [string, string] = ['content-type', 'application/json'];
const TICKET = {
  createdAt: '2026-05-01T10:00:00Z',
  disabled: null,
  expired: false,
  expiresAt: '2026-05-01T14:00:00Z',
  id: 'vug-yyt',
  organizationId: 'demo-org',
  properties: {},
  revoked: null,
  type: 'MULTI_USE_TICKET',
  userId: 'u',
  version: 0,
};

function exchange(method: string, path: string, status: number, body?: unknown, requestBody?: unknown): Exchange {
  return {
    started: '2026-05-01T10:00:00.000Z',
    durationMs: 2,
    request: {
      method,
      url: `https://sandbox.example${path}`,
      headers: [['authorization', 'Bearer t'], ...(requestBody === undefined ? [] : [JSON_TYPE])],
      body: requestBody === undefined ? undefined : JSON.stringify(requestBody),
    },
    response: {
      status,
      headers: body === undefined ? [] : [JSON_TYPE],
      body: body === undefined ? undefined : JSON.stringify(body),
    },
  };
}

describe('the exchange check', () => {
  it('names the operation and finds nothing in an exchange the spec documents', () => {
    expect(checker.check(exchange('GET', '/security/ticket/vug-yyt', 200, TICKET))).toEqual({
      operationId: 'auvious.getTicket',
      violations: [],
    });
  });

  it('lists an undocumented status', () => {
    const { violations } = checker.check(exchange('GET', '/security/ticket/vug-yyt', 418, { error: 'teapot' }));
    expect(violations).toEqual([
      expect.stringMatching(/^response: auvious\.getTicket answered 418, which the spec does not document/),
    ]);
  });

  it('lists a body that breaks the schema, at its JSON pointer', () => {
    const { violations } = checker.check(
      exchange('GET', '/security/ticket/vug-yyt', 200, { ...TICKET, version: 'one' }),
    );
    expect(violations).toEqual([expect.stringMatching(/^response: .*body at \/version must be integer/)]);
  });

  it('lists a request the spec refuses that the server accepted, not one it refused', () => {
    const accepted = checker.check(exchange('PUT', '/security/ticket/vug-yyt', 200, TICKET, { nothing: true }));
    expect(accepted.violations).toEqual([
      expect.stringMatching(/^request: .*which the spec refuses, yet the server answered 200$/),
    ]);
    const refused = checker.check(
      exchange('PUT', '/security/ticket/vug-yyt', 400, { error: 'bad' }, { nothing: true }),
    );
    expect(refused.violations).toEqual([]);
  });

  it('lists a route of an API that no operation has, unless the server said 404', () => {
    expect(checker.check(exchange('GET', '/security/nope', 404)).violations).toEqual([]);
    expect(checker.check(exchange('GET', '/security/nope', 200, {})).violations).toEqual([
      'GET /security/nope: no operation of auvious matches, yet the server answered 200',
    ]);
    expect(checker.check(exchange('GET', '/elsewhere', 200, {}))).toEqual({ operationId: null, violations: [] });
  });

  it('holds no body still coded to the spec (a coding the recorder cannot undo), yet still checks its status', () => {
    const undecoded = 'Content-Encoding x-squash: x-squash is no coding the recorder decodes';
    const coded = exchange('GET', '/security/ticket/vug-yyt', 200, TICKET);
    const squashed = { body: '{"squashed":', undecoded };
    expect(checker.check({ ...coded, response: { ...coded.response, ...squashed } }).violations).toEqual([]);
    const teapot = exchange('GET', '/security/ticket/vug-yyt', 418);
    expect(checker.check({ ...teapot, response: { ...teapot.response, ...squashed } }).violations).toEqual([
      expect.stringMatching(/answered 418, which the spec does not document/),
    ]);
    const put = exchange('PUT', '/security/ticket/vug-yyt', 200, TICKET, { nothing: true });
    const sent = { ...put, request: { ...put.request, body: '{"sq', undecoded } };
    expect(checker.check(sent).violations).toEqual([]);
  });

  it("puts the findings in the HAR entry's comment", () => {
    const recorded = exchange('GET', '/security/ticket/vug-yyt', 418, { error: 'teapot' });
    const { violations, operationId } = checker.check(recorded);
    const [entry] = buildHar([{ ...recorded, operationId, notes: violations }]).log.entries;
    expect(entry?.comment).toBe(violations.join('\n'));
    expect(entry?._operationId).toBe('auvious.getTicket');
  });
});
