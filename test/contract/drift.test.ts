/**
 * The drift report (issue 16, point 2) in-process: the same seeded plan against a "real"
 * API and its mock. Two ticketmocks with different seeds do not drift; a mutant of
 * ticketmock standing in for the real API is reported at the operation it broke, with the
 * status, member, type, content type, value or state transition that differs.
 */
import { describe, expect, it } from 'vitest';
import type { ApiName } from '../../src/apis.ts';
import { type DriftResult, type DriftRow, runDrift } from '../../src/contract/index.ts';
import { driftToJUnit, formatDrift } from '../../src/contract/reporters/drift.ts';
import { OCTOPUS_DEMO } from '../../src/fixtures/demo.ts';
import { inProcessTarget } from '../helpers/contract.ts';
import { MUTANTS, type Mutant } from './mutants.ts';

/**
 * The mutant standing in for the real API (seed 1), clean ticketmock as the mock (seed 42),
 * which has been used before: it issued an Octopus ticket, so the ids the run's tickets get
 * differ between the two (as they would between a sandbox and a mock).
 */
async function driftOf(api: ApiName | 'all', mutant?: Mutant): Promise<DriftResult> {
  const real = await inProcessTarget(1);
  const mock = await inProcessTarget(42);
  const used = await mock.fetch(`${mock.baseUrl}/rest/v1/Location/28XXX004/tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${OCTOPUS_DEMO.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ service: 59219 }),
  });
  if (used.status !== 200) throw new Error(`the mock issued no ticket: ${used.status}`);
  return runDrift({
    api,
    baseUrl: real.baseUrl,
    compareUrl: 'http://mock.test',
    fetch: mutant === undefined ? real.fetch : mutant.mutate(real),
    compareFetch: mock.fetch,
    mutating: true,
    runs: 8,
  });
}

const mutant = (name: string): Mutant => {
  const found = MUTANTS.find((item) => item.name === name);
  if (found === undefined) throw new Error(`no mutant ${name}`);
  return found;
};

const table = (result: DriftResult) => formatDrift(result, { colour: false });

/** A row the report must hold: where, what, and each side's answer. */
type Expected = Pick<DriftRow, 'operationId' | 'kind' | 'where' | 'real' | 'mock'> & { after?: RegExp };

const DRIFTING: ReadonlyArray<readonly [string, Expected]> = [
  [
    'an Auvious getTicket answering 202 instead of 200',
    { operationId: 'auvious.getTicket', kind: 'status', where: 'status', real: '202', mock: '200' },
  ],
  [
    'an Auvious getTicket answering its JSON as text/plain',
    {
      operationId: 'auvious.getTicket',
      kind: 'content-type',
      where: 'content-type',
      real: 'text/plain',
      mock: 'application/json',
    },
  ],
  [
    'an Octopus service list without its required pagination',
    {
      operationId: 'octopus.getServices',
      kind: 'field',
      where: '/pagination',
      real: 'absent',
      mock: 'present (object)',
    },
  ],
  [
    'an Octopus service id answered as a string',
    { operationId: 'octopus.getServices', kind: 'type', where: '/data/*/id', real: 'number|string', mock: 'number' },
  ],
  [
    'an Auvious server whose deleted tickets come back on a read',
    {
      operationId: 'auvious.getTicket',
      kind: 'state',
      where: 'status',
      real: '200',
      mock: '404',
      after: /^after auvious\.deleteTicket \(204 on real, 204 on mock\)$/,
    },
  ],
  [
    'an Auvious revoke that refuses strangers but answers its owner 204 and does nothing',
    {
      operationId: 'auvious.getToken',
      kind: 'state',
      where: 'status',
      real: '200',
      mock: '400',
      after: /^after auvious\.revokeTicket \(204 on real, 204 on mock\)$/,
    },
  ],
  [
    'an Auvious update that is answered but not stored',
    { operationId: 'auvious.getTicket', kind: 'value', where: '/properties/customer_id', real: '', mock: '' },
  ],
  [
    'an Adminserver ticket list in a result member instead of data',
    {
      operationId: 'adminserver.ticket.getPurchasableTickets',
      kind: 'field',
      where: '/result',
      real: 'present (object)',
      mock: 'absent',
    },
  ],
  [
    'an Auvious getTicket that answers an unknown id 200 with a made-up ticket',
    { operationId: 'auvious.getTicket', kind: 'status', where: 'status', real: '200', mock: '404' },
  ],
];

describe('the drift report', { timeout: 120_000 }, () => {
  it('finds no drift between two ticketmocks with different seeds, every API, mutating', async () => {
    const result = await driftOf('all');
    expect(result.drift, table(result)).toEqual([]);
    expect(result.summary.differences).toBe(0);
    expect(result.summary.fidelity).toBe(100);
    for (const api of result.apis) {
      expect(api.compared, api.api).toBeGreaterThan(50);
      expect(api.notCompared, api.api).toBe(0);
    }
    expect(table(result)).toMatch(/\nno drift: (\d+)\/\1 compared steps and verdicts agree \(fidelity 100%\)$/);
    expect(driftToJUnit(result)).toMatch(/<testsuites name="ticketmock verify --compare" tests="3" failures="0"/);
  });

  it.each(DRIFTING)('reports %s at the operation it broke', async (name, expected) => {
    const chosen = mutant(name);
    const result = await driftOf(chosen.api, chosen);
    const rows = result.drift.filter(
      (row) => row.operationId === expected.operationId && row.kind === expected.kind && row.where === expected.where,
    );
    expect(rows.length, table(result)).toBeGreaterThan(0);
    const row = rows[0] as DriftRow;
    if (expected.real !== '') expect([row.real, row.mock]).toEqual([expected.real, expected.mock]);
    else expect(row.real).not.toBe(row.mock);
    if (expected.after !== undefined) expect(row.after).toMatch(expected.after);
    expect(row.curl).toMatch(/^curl -i -X /);
    // the report says so: a fidelity under 100 for the API, the row in the table and in JUnit
    expect(result.apis.find((api) => api.api === chosen.api)?.fidelity).toBeLessThan(100);
    expect(table(result)).toMatch(/\ndrift: \d+ distinct differences? at \d+ steps?; /);
    expect(table(result)).toContain(`  ${expected.operationId}`);
    expect(driftToJUnit(result)).toContain(`<failure message="`);
  });

  it("reports another customer's rows in a list as the check's verdict on that list", async () => {
    const chosen = mutant("an Octopus ticket list that holds another customer's rows");
    const result = await driftOf('octopus', chosen);
    expect(result.drift.map((row) => [row.operationId, row.kind, row.check])).toEqual([
      ['octopus.getTickets', 'verdict', 'tenant_isolation'],
    ]);
    expect(result.drift[0]?.real).toMatch(
      /^failed: getTickets of Location 28XXX004 holds 3 row\(s\) of another Location \(28XXX099\)/,
    );
    expect(result.drift[0]?.mock).toBe('passed');
  });

  it('reports an update answered but not stored by the rows the run made, valued', async () => {
    const chosen = mutant('an Adminserver update that is answered but not stored');
    const result = await driftOf('adminserver', chosen);
    const row = result.drift.find(
      (item) => item.check === 'read_after_write' && item.operationId === 'adminserver.ticket.getPurchasableTickets',
    );
    expect(row?.where, table(result)).toMatch(/^\/data\/tickets\/\[productId=tm\w+-\d+-1\]\/eventName$/);
    expect(row?.real).toBe('"ticketmock verify"');
  });
});
