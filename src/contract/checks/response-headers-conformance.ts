/**
 * response_headers_conformance (Schemathesis's name): the headers the documented response
 * requires are there, and every documented header that is there is valid against its schema.
 */

import { isRecord, type JsonObject } from '../../spec/json.js';
import { locate } from '../../spec/openapi.js';
import { createSpecSchemas, jsonPointer } from '../../spec/schemas.js';
import type { ResponseCheckDefinition, ResponseFindingDraft } from './answer.js';

export const responseHeadersConformance: ResponseCheckDefinition = {
  prepare(spec) {
    // header validators are compiled once per API
    const schemas = createSpecSchemas(spec.document, `contract-headers-${spec.name}`);
    return (answer) => {
      const { exchange, where, status, response } = answer;
      if (response === undefined) return [];
      const findings: ResponseFindingDraft[] = [];
      const headers = isRecord(response.node.headers) ? response.node.headers : {};
      for (const name of Object.keys(headers)) {
        const header = locate<JsonObject>(spec.document, `${response.pointer}${jsonPointer('headers', name)}`);
        const lower = name.toLowerCase();
        const value =
          lower === 'set-cookie' ? exchange.setCookies.join(', ') || undefined : exchange.responseHeaders[lower];
        const inferred = answer.responseInferred || header.node['x-inferred'] === true;
        if (value === undefined) {
          if (header.node.required === true) {
            findings.push({ message: `${where} answered ${status} without the required header ${name}`, inferred });
          }
          continue;
        }
        if (!isRecord(header.node.schema)) continue;
        const validate = schemas.validator(`${header.pointer}/schema`);
        if (!validate(value)) {
          findings.push({
            message: `${where} answered ${status} with header ${name}: ${JSON.stringify(value)} ${validate.errors?.[0]?.message ?? 'is invalid'}`,
            inferred,
            value,
          });
        }
      }
      return findings;
    };
  },
};
