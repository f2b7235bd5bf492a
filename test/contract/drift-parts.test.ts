/**
 * The drift report's parts on canned answers: shapes, the per-side normaliser, and the
 * pairing of steps (a status, a state transition, a parting of the ways).
 */
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/contract/drift/compare.ts';
import { SideNormaliser } from '../../src/contract/drift/normalise.ts';
import { compareShapes, shapeOf } from '../../src/contract/drift/shape.ts';
import type { Step } from '../../src/contract/runner/context.ts';
import type { CheckResult, Exchange } from '../../src/contract/types.ts';

const exchange = (
  operationId: string,
  method: string,
  status: number,
  body?: unknown,
  url = 'http://t.test/x',
): Exchange => ({
  operationId,
  method,
  url,
  requestHeaders: {},
  requestBody: undefined,
  status,
  responseHeaders: body === undefined ? {} : { 'content-type': 'application/json' },
  setCookies: [],
  responseText: body === undefined ? '' : JSON.stringify(body),
  durationMs: 1,
});

const unit = { api: 'auvious', check: 'use_after_free', operationId: 'auvious.getTicket', ordinal: 3 };
const step = (index: number, item: Exchange, reads: boolean): Step => ({ unit, index, exchange: item, reads });
const result = (outcome: CheckResult['outcome']): CheckResult => ({
  api: 'auvious',
  check: 'use_after_free',
  operationId: 'auvious.getTicket',
  effect: 'mutating',
  basis: 'documented',
  outcome,
  findings: [],
  requests: 3,
  durationMs: 1,
});

describe('shapes', () => {
  it('names a member on one side only and a JSON type, and merges list rows per side', () => {
    expect(compareShapes(shapeOf({ a: 1, b: 'x' }), shapeOf({ a: 1 }))).toEqual([
      { kind: 'field', pointer: '/b', real: 'present (string)', mock: 'absent' },
    ]);
    expect(compareShapes(shapeOf({ data: [{ id: 1 }, { id: '2' }] }), shapeOf({ data: [{ id: 3 }] }))).toEqual([
      { kind: 'type', pointer: '/data/*/id', real: 'number|string', mock: 'number' },
    ]);
    // lists of different lengths and values, same rows: no difference
    expect(
      compareShapes(
        shapeOf([
          { id: 1, n: 2 },
          { id: 5, n: 9 },
        ]),
        shapeOf([{ id: 7, n: 0 }]),
      ),
    ).toEqual([]);
  });
});

describe('the normaliser', () => {
  it('numbers the ids a write created per check, also inside strings; hides minted credentials and moments', () => {
    const side = new SideNormaliser();
    const created = exchange('auvious.createTicket', 'POST', 200, { id: 'abc-def' });
    side.learn(created, true, '3');
    side.learn(exchange('auvious.createTicket', 'POST', 200, { id: 'ghi-jkl' }), true, '3');
    side.learn(exchange('auvious.createTicket', 'POST', 200, { id: 'mno-pqr' }), true, '9');
    // a read teaches nothing
    side.learn(exchange('auvious.getTicket', 'GET', 200, { id: 'zzz-zzz' }), false, '3');
    const answer = exchange('auvious.getTicket', 'GET', 200, {
      id: 'ghi-jkl',
      userId: 'ticket-mno-pqr',
      other: 'zzz-zzz',
      access_token: 'x',
      jwt: 'aaa.bbb.ccc',
      createdAt: '2026-05-01T10:00:00.000Z',
      version: 2,
    });
    expect(side.answer(answer)).toEqual({
      access_token: '<secret>',
      createdAt: '<date-time>',
      id: '<id:3.2>',
      jwt: '<secret>',
      other: 'zzz-zzz',
      userId: 'ticket-<id:9.1>',
      version: 2,
    });
  });
});

describe('pairing steps', () => {
  const base = { runId: 'tmrun' };
  it('reports a read after a delete both sides took, answered 200 on one side and 404 on the other, as a state transition', () => {
    const real = [
      step(0, exchange('auvious.deleteTicket', 'DELETE', 204), false),
      step(1, exchange('auvious.getTicket', 'GET', 200, { id: 'x' }), true),
    ];
    const mock = [
      step(0, exchange('auvious.deleteTicket', 'DELETE', 204), false),
      step(1, exchange('auvious.getTicket', 'GET', 404, { error: 'gone' }), true),
    ];
    const { differences, tally } = compareRuns(
      { steps: real, results: [result('failed')] },
      { steps: mock, results: [result('passed')] },
      base,
    );
    expect(differences.map((item) => [item.operationId, item.kind, item.real, item.mock, item.after])).toEqual([
      ['auvious.getTicket', 'state', '200', '404', 'after auvious.deleteTicket (204 on real, 204 on mock)'],
    ]);
    // two steps and the verdict compared; the delete agrees
    expect(tally.get('auvious')).toEqual({ compared: 3, agreeing: 1, notCompared: 0 });
  });

  it('stops comparing a check where the two sides part ways, and says where', () => {
    const real = [step(0, exchange('auvious.getTicket', 'GET', 200, {}), true)];
    const mock = [
      step(0, exchange('auvious.getTicket', 'GET', 200, {}), true),
      step(1, exchange('auvious.deleteTicket', 'DELETE', 204), false),
    ];
    const { differences } = compareRuns(
      { steps: real, results: [result('passed')] },
      { steps: mock, results: [result('passed')] },
      base,
    );
    expect(differences.map((item) => [item.kind, item.real, item.mock])).toEqual([
      ['sequence', 'stopped after 1 steps', 'went on: DELETE auvious.deleteTicket'],
    ]);
  });
});
