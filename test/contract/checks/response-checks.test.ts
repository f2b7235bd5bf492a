/**
 * The five response checks, each alone, on canned answers of Auvious's getTicket and
 * deleteTicket: each passes an answer that keeps the contract and fails one that breaks
 * the part it is about (and only that check does).
 */
import { describe, expect, it } from 'vitest';
import { answerOf, type ResponseCheckDefinition } from '../../../src/contract/checks/answer.ts';
import { contentTypeConformance } from '../../../src/contract/checks/content-type-conformance.ts';
import { notAServerError } from '../../../src/contract/checks/not-a-server-error.ts';
import { RESPONSE_CHECK_REGISTRY } from '../../../src/contract/checks/registry.ts';
import { responseHeadersConformance } from '../../../src/contract/checks/response-headers-conformance.ts';
import { responseSchemaConformance } from '../../../src/contract/checks/response-schema-conformance.ts';
import { statusCodeConformance } from '../../../src/contract/checks/status-code-conformance.ts';
import { ResponseJudge } from '../../../src/contract/conformance.ts';
import type { Exchange } from '../../../src/contract/types.ts';
import { AUVIOUS, exchange, springError, TICKET } from './canned.ts';

const JSON_TYPE = { 'content-type': 'application/json' };

const judge = (check: ResponseCheckDefinition, answer: Exchange) =>
  check.prepare(AUVIOUS)(answerOf(AUVIOUS, AUVIOUS.operation(answer.operationId.replace('auvious.', '')), answer));

const conforming = exchange('getTicket', { status: 200, headers: JSON_TYPE, body: TICKET });

describe('the response checks on canned answers', () => {
  it('each passes an answer that keeps the contract', () => {
    for (const [name, check] of Object.entries(RESPONSE_CHECK_REGISTRY))
      expect(judge(check, conforming), name).toEqual([]);
    const notFound = exchange('getTicket', { status: 404, headers: JSON_TYPE, body: springError(404, 'Not Found') });
    for (const [name, check] of Object.entries(RESPONSE_CHECK_REGISTRY))
      expect(judge(check, notFound), name).toEqual([]);
    const deleted = exchange('deleteTicket', { status: 204 });
    for (const [name, check] of Object.entries(RESPONSE_CHECK_REGISTRY))
      expect(judge(check, deleted), name).toEqual([]);
  });

  it('not_a_server_error fails a 5xx and a request that got no answer', () => {
    expect(judge(notAServerError, exchange('getTicket', { status: 503, body: '' }))).toEqual([
      { message: 'GET /security/ticket/{ticketId} answered 503', inferred: false },
    ]);
    expect(judge(notAServerError, exchange('getTicket', { error: 'ECONNRESET' }))[0]?.message).toBe(
      'GET /security/ticket/{ticketId}: no answer (ECONNRESET)',
    );
  });

  it('status_code_conformance fails a status the operation does not document', () => {
    const findings = judge(
      statusCodeConformance,
      exchange('getTicket', { status: 202, headers: JSON_TYPE, body: TICKET }),
    );
    expect(findings.map((finding) => finding.message)).toEqual([
      'GET /security/ticket/{ticketId} answered 202, which the spec does not document (documented: 200, 401, 403, 404)',
    ]);
  });

  it('content_type_conformance fails JSON answered as text/plain, and a body where none is documented', () => {
    const plain = exchange('getTicket', { status: 200, headers: { 'content-type': 'text/plain' }, body: TICKET });
    expect(judge(contentTypeConformance, plain)[0]?.message).toBe(
      'GET /security/ticket/{ticketId} answered 200 as text/plain; the spec documents application/json',
    );
    const bodied = exchange('deleteTicket', { status: 204, headers: JSON_TYPE, body: { deleted: true } });
    expect(judge(contentTypeConformance, bodied)[0]?.message).toMatch(
      /answered 204 with a body \(application\/json\), but the spec documents none/,
    );
    // the other checks leave a wrong media type to it
    expect(judge(responseSchemaConformance, plain)).toEqual([]);
  });

  it('response_schema_conformance fails a body off its schema, naming the pointer and the value', () => {
    const numbered = exchange('getTicket', { status: 200, headers: JSON_TYPE, body: { ...TICKET, id: 12 } });
    const findings = judge(responseSchemaConformance, numbered);
    expect(findings.map((finding) => [finding.pointer, finding.value])).toEqual([['/id', 12]]);
    const broken = exchange('getTicket', { status: 200, headers: JSON_TYPE, body: '{"id":' });
    expect(judge(responseSchemaConformance, broken)[0]?.message).toMatch(/with a body that is not JSON/);
  });

  it('response_headers_conformance fails a 401 without its required challenge, and one of the wrong form', () => {
    const challenged = exchange('getTicket', {
      status: 401,
      headers: { ...JSON_TYPE, 'www-authenticate': 'Bearer' },
      body: springError(401, 'Unauthorized'),
    });
    expect(judge(responseHeadersConformance, challenged)).toEqual([]);
    const bare = exchange('getTicket', { status: 401, headers: JSON_TYPE, body: springError(401, 'Unauthorized') });
    expect(judge(responseHeadersConformance, bare)[0]?.message).toBe(
      'GET /security/ticket/{ticketId} answered 401 without the required header WWW-Authenticate',
    );
    const basic = exchange('getTicket', {
      status: 401,
      headers: { ...JSON_TYPE, 'www-authenticate': 'Basic realm="x"' },
      body: springError(401, 'Unauthorized'),
    });
    expect(judge(responseHeadersConformance, basic)[0]?.message).toMatch(
      /with header WWW-Authenticate: "Basic realm=\\"x\\"" must match pattern/,
    );
  });

  it('ResponseJudge runs every registered check and adds the curl that reproduces each finding', () => {
    const findings = new ResponseJudge(AUVIOUS).judge(
      AUVIOUS.operation('getTicket'),
      exchange('getTicket', { status: 500, headers: { 'content-type': 'text/html' }, body: '<h1>oops</h1>' }),
    );
    expect(findings.map((finding) => finding.check)).toEqual(['not_a_server_error', 'status_code_conformance']);
    for (const { finding } of findings)
      expect(finding.curl).toBe("curl -i -X GET 'http://target.test/security/ticket/prv-5uo' -H 'accept: */*'");
  });
});
