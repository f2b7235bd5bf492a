/**
 * Issue 16, point 1: the suite never falls silent. A server that answers what no stateful
 * server would (the proxy: unknown and deleted tickets read back 200) is not taken
 * for a stateless one: the stateful checks run and fail at the operation that answered.
 * Stateful checks skip only when the target is declared stateless or recognised as Prism
 * by Prism's own marks (prism.test.ts runs the real Prism).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runContract } from '../../src/contract/index.ts';
import { prismEvidence } from '../../src/contract/runner/probe.ts';
import { type ContractTarget, inProcessTarget } from '../helpers/contract.ts';
import { intercept } from './mutants.ts';

/** The proxy: GET /security/ticket/{id} of an unknown or deleted ticket answers 200 with a made-up ticket. */
const comesBack = intercept(async (request, forward) => {
  const response = await forward(request);
  const id = /^\/security\/ticket\/([^/]+)$/.exec(new URL(request.url).pathname)?.[1];
  if (request.method !== 'GET' || id === undefined || response.status !== 404) return response;
  const ticket = {
    createdAt: '2026-05-01T10:00:00.000Z',
    disabled: null,
    expired: false,
    expiresAt: '2026-05-01T14:00:00.000Z',
    id: decodeURIComponent(id),
    organizationId: 'demo-org',
    properties: {},
    revoked: null,
    type: 'MULTI_USE_TICKET',
    userId: 'made-up',
    version: 0,
  };
  return new Response(JSON.stringify(ticket), { status: 200, headers: { 'content-type': 'application/json' } });
});

describe('no silence', { timeout: 60_000 }, () => {
  let target: ContractTarget;
  beforeEach(async () => {
    target = await inProcessTarget();
  });
  afterEach(async () => {
    await target.close();
  });

  it("fails the issue's proxy at the operation that answered, and skips nothing for want of state", async () => {
    const result = await runContract({
      api: 'all',
      baseUrl: target.baseUrl,
      fetch: comesBack(target),
      mutating: true,
      runs: 5,
    });
    const failed = result.results
      .filter((item) => item.outcome === 'failed')
      .map((item) => `${item.check} ${item.operationId}`);
    expect(failed).toContain('unknown_resource_rejected auvious.getTicket');
    expect(failed).toContain('use_after_free auvious.getTicket');
    expect(result.summary.failed).toBeGreaterThan(0);
    // only the rate limits, which want a --burst
    const skipped = result.results.filter((item) => item.outcome === 'skipped');
    expect(skipped.map((item) => item.check)).toEqual(skipped.map(() => 'rate_limit_conformance'));
    expect(result.notes.join('\n')).not.toMatch(/keeps no state/);
    const unknown = result.results.find(
      (item) => item.check === 'unknown_resource_rejected' && item.operationId === 'auvious.getTicket',
    );
    expect(unknown?.findings[0]?.message).toMatch(/^getTicket of a ticket that does not exist: expected 404, got 200 /);
    expect(unknown?.findings[0]?.inferred).toBe(false);
  });

  it('skips the stateful checks of a target declared stateless, naming the declaration', async () => {
    const result = await runContract({
      api: 'auvious',
      baseUrl: target.baseUrl,
      fetch: target.fetch,
      stateless: true,
      runs: 3,
    });
    expect(result.notes).toContain(
      'auvious: the target keeps no state (declared with --stateless); stateful checks skipped',
    );
    const stateful = result.results.filter(
      (item) => item.reason === 'the target keeps no state (declared with --stateless)',
    );
    expect(stateful.map((item) => item.check)).toEqual(
      expect.arrayContaining(['use_after_free', 'unknown_resource_rejected']),
    );
    expect(result.summary.failed).toBe(0);
  });

  it("recognises Prism by its own error document or header, and nothing else's", () => {
    const problem = new Headers({ 'content-type': 'application/problem+json' });
    const prismBody = JSON.stringify({ type: 'https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR', status: 404 });
    expect(prismEvidence('GET /x', 404, problem, prismBody)).toBe(
      "GET /x answered 404 with Prism's error NO_PATH_MATCHED_ERROR",
    );
    expect(prismEvidence('GET /x', 401, new Headers({ 'sl-violations': '[]' }), '{}')).toBe(
      "GET /x answered 401 with Prism's sl-violations header",
    );
    // another problem document, ticketmock's own 404, a 200: not Prism
    expect(
      prismEvidence('GET /x', 404, problem, JSON.stringify({ type: 'https://example.test/not-found' })),
    ).toBeUndefined();
    const json = new Headers({ 'content-type': 'application/json' });
    expect(prismEvidence('GET /x', 404, json, prismBody)).toBeUndefined();
    expect(prismEvidence('GET /x', 200, json, '{"id":"abc"}')).toBeUndefined();
  });
});
