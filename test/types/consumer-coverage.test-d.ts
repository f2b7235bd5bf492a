/**
 * consumerCoverage takes what a test run leaves, as the control API hands it out, without a
 * cast; its result names APIs and faults by their own unions.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { ApiName } from '../../src/apis.ts';
import { consumerCoverage, type Recording } from '../../src/contract/index.ts';
import type { MockControl } from '../../src/core/control.ts';
import type { FaultKind } from '../../src/index.ts';

describe('consumerCoverage', () => {
  it("takes mocks.control.journal(), GET /__mock/journal's body and a HAR file as recordings", () => {
    expectTypeOf<ReturnType<MockControl['journal']>>().toExtend<Recording>();
    expectTypeOf<{ entries: ReturnType<MockControl['journal']> }>().toExtend<Recording>();
    expectTypeOf<{
      log: { entries: [{ request: { method: string; url: string }; response: { status: number }; _fault: 'drop' }] };
    }>().toExtend<Recording>();
    expectTypeOf<{ entries: string }>().not.toExtend<Recording>();
  });

  it('names the APIs and faults by their unions, and the minimum only as a number', () => {
    const coverage = consumerCoverage([]);
    expectTypeOf(coverage.apis[0]?.api).toEqualTypeOf<ApiName | undefined>();
    expectTypeOf(coverage.neverSeen[0]?.api).toEqualTypeOf<ApiName | undefined>();
    expectTypeOf(coverage.apis[0]?.operations[0]?.faults[0]?.fault).toEqualTypeOf<FaultKind | undefined>();
    expectTypeOf(consumerCoverage)
      .parameter(1)
      .toEqualTypeOf<{ readonly apis?: readonly ApiName[]; readonly min?: number } | undefined>();
  });
});
