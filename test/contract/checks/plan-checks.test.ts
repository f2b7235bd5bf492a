/**
 * The generic checks made from an operation plan, and rate_limit_conformance, each run
 * alone against canned servers: one that keeps Auvious's contract (it judges bodies with
 * the spec's own validator) and one broken in the way the check is about.
 */
import { describe, expect, it } from 'vitest';
import type { CheckDefinition } from '../../../src/contract/check.ts';
import { ignoredAuth } from '../../../src/contract/checks/ignored-auth.ts';
import { missingAuthRejected } from '../../../src/contract/checks/missing-auth-rejected.ts';
import { negativeDataRejection } from '../../../src/contract/checks/negative-data-rejection.ts';
import { positiveDataAcceptance } from '../../../src/contract/checks/positive-data-acceptance.ts';
import { rateLimitConformance } from '../../../src/contract/checks/rate-limit-conformance.ts';
import { PLAN_CHECK_REGISTRY, planChecks } from '../../../src/contract/checks/registry.ts';
import type { FetchLike } from '../../../src/contract/client.ts';
import { type OperationPlan, planned } from '../../../src/contract/plan.ts';
import { runCheckAlone } from '../../../src/contract/runner/run.ts';
import { AUVIOUS, answering, cannedContract, json, springError, TICKET, unauthorized } from './canned.ts';

const validCreate = AUVIOUS.operation('createTicket').compiled.body?.media.get('application/json');
if (validCreate === undefined) throw new Error('auvious.createTicket documents no JSON body');

const createPlan: OperationPlan = {
  id: 'createTicket',
  tenantScoped: false,
  base: async () => ({ json: { type: 'MULTI_USE_TICKET', properties: { customer_id: 'c-1' } } }),
  // the spec allows another organisation; a server would refuse it (403)
  realize: ({ organizationId: _ignored, ...rest }) => rest,
};
const getPlan: OperationPlan = {
  id: 'getTicket',
  reads: true,
  tenantScoped: true,
  base: async () => ({ path: { ticketId: TICKET.id } }),
};

/** The credential part of Auvious: `good` is the owner, `other` another organisation (404: no existence leak). */
function credentials(request: Request): Response | undefined {
  const authorization = request.headers.get('authorization');
  if (authorization === null) return json(401, springError(401, 'Unauthorized'), { 'www-authenticate': 'Bearer' });
  if (authorization === 'Bearer other') return json(404, springError(404, 'Not Found'));
  if (authorization !== 'Bearer good') return unauthorized();
  return undefined;
}

/** createTicket and getTicket as the spec says: a body the validator refuses is 400, a wrong media type 415. */
const conforming: FetchLike = answering(async (request) => {
  const refused = credentials(request);
  if (refused !== undefined) return refused;
  if (request.method === 'GET') return json(200, TICKET);
  const text = await request.text();
  if (text.length > 1024 * 1024) return json(413, { error: 'too large' });
  if (!(request.headers.get('content-type') ?? '').startsWith('application/json')) return json(415, { error: 'media' });
  try {
    return validCreate(JSON.parse(text)) ? json(200, TICKET) : json(400, { error: 'invalid' });
  } catch {
    return json(400, { error: 'not JSON' });
  }
});

const alone = async (definition: CheckDefinition | undefined, fetch: FetchLike) => {
  if (definition === undefined) throw new Error('the check does not apply');
  const { result, exchanges } = await runCheckAlone({ contract: cannedContract(AUVIOUS), definition, fetch });
  return { ...result, exchanges };
};

describe('the plan checks on canned servers', () => {
  it('are made for each planned operation where they apply, in the registry order', () => {
    expect(Object.keys(PLAN_CHECK_REGISTRY)).toEqual([
      'negative_data_rejection',
      'positive_data_acceptance',
      'missing_auth_rejected',
      'ignored_auth',
    ]);
    const made = planChecks(AUVIOUS, [createPlan, getPlan]).map((check) => `${check.check} ${check.operationId}`);
    expect(made).toEqual([
      'negative_data_rejection createTicket',
      'positive_data_acceptance createTicket',
      'missing_auth_rejected createTicket',
      'ignored_auth createTicket',
      // getTicket takes no body and no query: nothing negative to send
      'positive_data_acceptance getTicket',
      'missing_auth_rejected getTicket',
      'ignored_auth getTicket',
    ]);
  });

  it('negative_data_rejection passes a server that refuses what the schema refuses, and fails one that takes it', async () => {
    const check = negativeDataRejection(planned(AUVIOUS, createPlan));
    const good = await alone(check, conforming);
    expect(good.outcome, good.findings[0]?.message).toBe('passed');
    expect(good.exchanges.some((item) => item.status === 400)).toBe(true);
    expect(good.exchanges.some((item) => item.status === 413)).toBe(true);
    expect(good.exchanges.some((item) => item.status === 415)).toBe(true);

    const lenient = answering((request) => credentials(request) ?? json(200, TICKET));
    const bad = await alone(check, lenient);
    expect(bad.outcome).toBe('failed');
    expect(bad.findings.map((finding) => finding.message)).toContainEqual(
      `createTicket with a body that is not JSON: expected a 4xx, got 200 ${JSON.stringify(TICKET).slice(0, 160)}`,
    );
    expect(bad.findings[0]?.curl).toMatch(/^curl -i -X POST 'http:\/\/target\.test\/security\/ticket'/);
  });

  it('positive_data_acceptance passes a server that takes what the schema takes, and fails one that refuses some of it', async () => {
    const check = positiveDataAcceptance(planned(AUVIOUS, createPlan));
    const good = await alone(check, conforming);
    expect(good.outcome, good.findings[0]?.message).toBe('passed');
    expect(good.requests).toBeGreaterThan(5);

    // takes the base request only: anything beyond type and properties is refused
    const narrow = answering(async (request) => {
      const refused = credentials(request);
      if (refused !== undefined) return refused;
      const body = (await request.json()) as Record<string, unknown>;
      return Object.keys(body).every((key) => key === 'type' || key === 'properties')
        ? json(200, TICKET)
        : json(400, { error: 'unknown member' });
    });
    const bad = await alone(check, narrow);
    expect(bad.outcome).toBe('failed');
    expect(bad.findings[0]?.message).toMatch(/^createTicket with generated valid input .*: expected a 2xx, got 400/);
  });

  it('missing_auth_rejected passes a documented refusal, and fails an answer to no credential', async () => {
    const check = missingAuthRejected(planned(AUVIOUS, getPlan));
    expect((await alone(check, conforming)).outcome).toBe('passed');
    const open = answering(() => json(200, TICKET));
    const bad = await alone(check, open);
    expect(bad.outcome).toBe('failed');
    expect(bad.findings[0]?.message).toMatch(/^getTicket without credentials: expected 401 or 403, got 200/);
  });

  it('ignored_auth fails a server that takes a wrong credential, and one that shows another tenant the data', async () => {
    const check = ignoredAuth(planned(AUVIOUS, getPlan));
    const good = await alone(check, conforming);
    expect(good.outcome, good.findings[0]?.message).toBe('passed');
    expect(good.exchanges.map((item) => item.status)).toEqual([401, 404]);

    const anyKey = answering((request) =>
      request.headers.get('authorization') === null ? unauthorized() : json(200, TICKET),
    );
    const wrong = await alone(check, anyKey);
    expect(wrong.findings.map((finding) => finding.message.replace(/got 200 .*/, 'got 200'))).toEqual([
      'getTicket with a wrong credential: expected 401 or 403, got 200',
      "getTicket with another tenant's credential: expected a 4xx, got 200",
    ]);

    const leaky = answering((request) =>
      request.headers.get('authorization') === 'Bearer other' ? json(200, TICKET) : conforming(request.url, request),
    );
    const foreign = await alone(check, leaky);
    expect(foreign.outcome).toBe('failed');
    expect(foreign.findings.map((finding) => finding.message)).toEqual([
      `getTicket with another tenant's credential: expected a 4xx, got 200 ${JSON.stringify(TICKET).slice(0, 160)}`,
    ]);
  });

  describe('rate_limit_conformance', () => {
    const definition = (burst: number) =>
      rateLimitConformance({
        operationId: 'getTicket',
        burst,
        refused: { path: { ticketId: 'x' } },
        judgeLimited: (limited) => (limited.responseText.includes('705') ? undefined : 'the 429 is not code 705'),
      });
    /** Refuses (400) until the tenth request, then limits (429) with `code`. */
    const limiting = (code: number): FetchLike => {
      let seen = 0;
      return answering(() => {
        seen += 1;
        return seen < 10 ? json(400, { error: 'bad' }) : json(429, { error: { code } });
      });
    };

    it('passes a server that answers the burst with its 429', async () => {
      const result = await alone(definition(50), limiting(705));
      expect(result.outcome).toBe('passed');
      expect(result.exchanges.some((item) => item.status === 429)).toBe(true);
    });

    it('fails a 429 the API does not recognise, and an answer that is neither the refusal nor the limit', async () => {
      expect((await alone(definition(50), limiting(500))).findings[0]?.message).toBe('the 429 is not code 705');
      let seen = 0;
      const taken = await alone(
        definition(20),
        answering(() => {
          seen += 1;
          return seen < 5 ? json(200, TICKET) : json(429, { error: { code: 705 } });
        }),
      );
      expect(taken.findings[0]?.message).toBe('getTicket in a burst: expected 400 or 429, got 200');
    });

    it('is skipped without a burst, or when no 429 comes', async () => {
      expect((await alone(definition(0), limiting(705))).reason).toBe(
        'pass --burst <n> to send n rapid requests and look for the 429',
      );
      const never = await alone(
        definition(5),
        answering(() => json(400, { error: 'bad' })),
      );
      expect([never.outcome, never.reason]).toEqual(['skipped', 'no 429 within 5 requests']);
    });

    it('fails, not skips, when it found something before it gave up on the 429', async () => {
      const taken = await alone(
        definition(5),
        answering(() => json(200, TICKET)),
      );
      expect([taken.outcome, taken.reason]).toEqual(['failed', 'no 429 within 5 requests']);
      expect(taken.findings[0]?.message).toBe('getTicket in a burst: expected 400 or 429, got 200');
    });
  });
});
