/**
 * The response checks, applied to every answer of the run: is it a server error, is its
 * status documented for the operation, is its media type, is its body valid against the
 * documented schema (with the JSON pointer and the offending value), are the documented
 * headers there and valid. Pure: an exchange and the spec in, findings out.
 */
import { mediaTypeOf } from '../core/http.js';
import { locate, responseSchemaPointer, valueAt } from '../core/openapi.js';
import { createSpecSchemas, jsonPointer, type SpecSchemas } from '../core/spec-schemas.js';
import { jsonOf, toCurl } from './client.js';
import type { ApiSpec, SpecOperation } from './spec.js';
import type { Exchange, Finding, ResponseCheck } from './types.js';

export interface ResponseFinding {
  readonly check: ResponseCheck;
  readonly finding: Finding;
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

const MAX_SCHEMA_FINDINGS = 5;

/** A value in a message: enough to recognise it (the finding keeps the whole value). */
const shorten = (text: string): string => (text.length > 120 ? `${text.slice(0, 117)}...` : text);

/** Judges exchanges of one API; header validators are compiled once per API. */
export class ResponseJudge {
  readonly #spec: ApiSpec;
  readonly #schemas: SpecSchemas;

  constructor(spec: ApiSpec) {
    this.#spec = spec;
    this.#schemas = createSpecSchemas(spec.document, `contract-headers-${spec.name}`);
  }

  judge(operation: SpecOperation, exchange: Exchange): ResponseFinding[] {
    const spec = this.#spec;
    const curl = toCurl(exchange);
    const findings: ResponseFinding[] = [];
    const add = (check: ResponseCheck, message: string, inferred: boolean, extra: Partial<Finding> = {}) =>
      findings.push({ check, finding: { message, inferred, curl, ...extra } });
    const where = `${operation.method} ${operation.path}`;
    const operationInferred = spec.inferredAt(operation.entry.pointer);

    if (exchange.status === undefined) {
      add('not_a_server_error', `${where}: no answer (${exchange.error ?? 'unknown error'})`, false);
      return findings;
    }
    const status = String(exchange.status);
    if (exchange.status >= 500) add('not_a_server_error', `${where} answered ${status}`, false);

    const documented = operation.statuses.includes(status)
      ? status
      : operation.statuses.includes('default')
        ? 'default'
        : undefined;
    if (documented === undefined) {
      add(
        'status_code_conformance',
        `${where} answered ${status}, which the spec does not document (documented: ${operation.statuses.join(', ')})`,
        operationInferred,
      );
      return findings;
    }
    const responsePointer = `${operation.entry.pointer}${jsonPointer('responses', documented)}`;
    const response = locate<Node>(spec.document, responsePointer);
    const responseInferred = operationInferred || spec.inferredAt(response.pointer);

    // headers
    const headers = isNode(response.node.headers) ? response.node.headers : {};
    for (const name of Object.keys(headers)) {
      const header = locate<Node>(spec.document, `${response.pointer}${jsonPointer('headers', name)}`);
      const lower = name.toLowerCase();
      const value =
        lower === 'set-cookie' ? exchange.setCookies.join(', ') || undefined : exchange.responseHeaders[lower];
      const inferred = responseInferred || header.node['x-inferred'] === true;
      if (value === undefined) {
        if (header.node.required === true) {
          add(
            'response_headers_conformance',
            `${where} answered ${status} without the required header ${name}`,
            inferred,
          );
        }
        continue;
      }
      if (!isNode(header.node.schema)) continue;
      const validate = this.#schemas.validator(`${header.pointer}/schema`);
      if (!validate(value)) {
        add(
          'response_headers_conformance',
          `${where} answered ${status} with header ${name}: ${JSON.stringify(value)} ${validate.errors?.[0]?.message ?? 'is invalid'}`,
          inferred,
          { value },
        );
      }
    }

    // media type and body
    const content = isNode(response.node.content) ? response.node.content : undefined;
    const mediaType = mediaTypeOf(exchange.responseHeaders['content-type']);
    if (content === undefined) {
      if (exchange.responseText.length > 0) {
        add(
          'content_type_conformance',
          `${where} answered ${status} with a body (${mediaType || 'no content type'}), but the spec documents none`,
          responseInferred,
        );
      }
      return findings;
    }
    const documentedTypes = Object.keys(content);
    const matched = documentedTypes.find((candidate) => candidate.toLowerCase() === mediaType);
    if (matched === undefined) {
      add(
        'content_type_conformance',
        `${where} answered ${status} as ${mediaType || 'no content type'}; the spec documents ${documentedTypes.join(', ')}`,
        responseInferred,
      );
      return findings;
    }
    const schemaPointer = responseSchemaPointer(spec.document, operation.entry, documented, matched);
    if (schemaPointer === undefined) return findings;
    const isJson = matched === 'application/json' || matched.endsWith('+json');
    const body = isJson ? jsonOf(exchange) : exchange.responseText;
    if (isJson && body === undefined) {
      add('response_schema_conformance', `${where} answered ${status} with a body that is not JSON`, responseInferred, {
        value: exchange.responseText.slice(0, 200),
      });
      return findings;
    }
    const validate = operation.compiled.responses.get(documented)?.get(matched);
    if (validate !== undefined && !validate(body)) {
      for (const error of (validate.errors ?? []).slice(0, MAX_SCHEMA_FINDINGS)) {
        const pointer = error.instancePath || '';
        const offending = valueAt(body, pointer);
        // a missing property is judged by the schema of that property, not of its parent
        const missing = (error.params as { missingProperty?: string }).missingProperty;
        const judged = missing === undefined ? pointer : `${pointer}${jsonPointer(missing)}`;
        add(
          'response_schema_conformance',
          `${where} answered ${status}: body at ${pointer || '/'} ${error.message ?? 'is invalid'} (value ${shorten(JSON.stringify(offending) ?? 'absent')})`,
          responseInferred || spec.inferredAlong(schemaPointer, judged),
          { pointer: pointer || '/', value: offending },
        );
      }
    }
    return findings;
  }
}
