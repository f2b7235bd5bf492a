/**
 * The response checks, applied to every answer of the run: is it a server error, is its
 * status documented for the operation, is its media type, is its body valid against the
 * documented schema (with the JSON pointer and the offending value), are the documented
 * headers there and valid. Each check is a unit of its own in `checks/`; this runs them all.
 * Pure: an exchange and the spec in, findings out.
 */
import { answerOf, type ResponseFindingDraft } from './checks/answer.js';
import { RESPONSE_CHECK_REGISTRY } from './checks/registry.js';
import { toCurl } from './client.js';
import type { ApiSpec, SpecOperation } from './spec.js';
import type { Exchange, Finding, ResponseCheck } from './types.js';

export interface ResponseFinding {
  readonly check: ResponseCheck;
  readonly finding: Finding;
}

/** Judges exchanges of one API with every registered response check (each prepared once per API). */
export class ResponseJudge {
  readonly #spec: ApiSpec;
  readonly #checks: ReadonlyArray<
    readonly [ResponseCheck, (answer: ReturnType<typeof answerOf>) => ResponseFindingDraft[]]
  >;

  constructor(spec: ApiSpec) {
    this.#spec = spec;
    this.#checks = (
      Object.entries(RESPONSE_CHECK_REGISTRY) as Array<[ResponseCheck, (typeof RESPONSE_CHECK_REGISTRY)[ResponseCheck]]>
    ).map(([check, definition]) => [check, definition.prepare(spec)] as const);
  }

  judge(operation: SpecOperation, exchange: Exchange): ResponseFinding[] {
    const answer = answerOf(this.#spec, operation, exchange);
    const curl = toCurl(exchange);
    const findings: ResponseFinding[] = [];
    for (const [check, judge] of this.#checks) {
      for (const { message, inferred, ...extra } of judge(answer))
        findings.push({ check, finding: { message, inferred, curl, ...extra } });
    }
    return findings;
  }
}
