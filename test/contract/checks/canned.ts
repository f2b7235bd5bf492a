/**
 * Canned answers for the checks' own tests: an Auvious ticket as ticketmock answers it,
 * exchanges built by hand, a fetch that answers from a function, and a minimal contract
 * over a real spec (bearer `good`, another tenant's `other`). No server, no network.
 */
import type { ApiContract, CheckDefinition } from '../../../src/contract/check.ts';
import { bearerHeaders } from '../../../src/contract/check.ts';
import type { FetchLike } from '../../../src/contract/client.ts';
import { type ApiSpec, loadSpec } from '../../../src/contract/spec.ts';
import type { Exchange } from '../../../src/contract/types.ts';
import { auviousDocument } from '../../../src/generated/auvious.document.ts';

export const AUVIOUS: ApiSpec = loadSpec(auviousDocument, 'auvious');

/** A ticket as `POST /security/ticket` answers it (taken from ticketmock, seed 1). */
export const TICKET = {
  createdAt: '2026-05-01T10:00:00.000Z',
  disabled: null,
  expired: false,
  expiresAt: '2026-05-01T14:00:00.000Z',
  id: 'prv-5uo',
  organizationId: 'demo-org',
  properties: { customer_id: 'c-1' },
  revoked: null,
  type: 'MULTI_USE_TICKET',
  userId: 'ticket-prv-5uo',
  version: 0,
} as const;

export const springError = (status: number, error: string, path = '/security/ticket/prv-5uo') => ({
  timestamp: '2026-05-01T10:00:00.000Z',
  status,
  error,
  message: error,
  path,
});

/** An exchange of `auvious.<operationId>` with the given answer. */
export function exchange(
  operationId: string,
  answer: { status?: number; headers?: Record<string, string>; body?: unknown; error?: string },
): Exchange {
  const text =
    answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  return {
    operationId: `auvious.${operationId}`,
    method: 'GET',
    url: 'http://target.test/security/ticket/prv-5uo',
    requestHeaders: { accept: '*/*' },
    requestBody: undefined,
    ...(answer.status === undefined ? {} : { status: answer.status }),
    responseHeaders: answer.headers ?? {},
    setCookies: [],
    responseText: text,
    ...(answer.error === undefined ? {} : { error: answer.error }),
    durationMs: 1,
  };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A fetch that answers every request with `answer`. */
export const answering =
  (answer: (request: Request) => Response | Promise<Response>): FetchLike =>
  async (input, init) =>
    answer(new Request(input, init));

/** A contract over `spec` with the given checks: bearer `good` is valid, `other` another tenant's. */
export function cannedContract(spec: ApiSpec, checks: readonly CheckDefinition[] = []): ApiContract {
  return {
    name: spec.name,
    spec,
    authHeaders: async (context, mode) => bearerHeaders(context, mode, { token: 'good', otherToken: 'other' }),
    checks,
  };
}

/** Auvious's 401, as the spec documents it (a challenge in WWW-Authenticate). */
export const unauthorized = (): Response =>
  json(401, springError(401, 'Unauthorized'), { 'www-authenticate': 'Bearer error="invalid_token"' });
