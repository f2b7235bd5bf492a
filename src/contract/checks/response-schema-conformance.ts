/**
 * response_schema_conformance (Schemathesis's name): a body in a documented media type is
 * valid against the documented schema; each violation names the JSON pointer and the
 * offending value, and is our reading when the schema path to it is `x-inferred`.
 */
import { responseSchemaPointer, valueAt } from '../../spec/openapi.js';
import { jsonPointer } from '../../spec/schemas.js';
import { jsonOf } from '../client.js';
import { matchedMediaType, type ResponseCheckDefinition, type ResponseFindingDraft } from './answer.js';

const MAX_SCHEMA_FINDINGS = 5;

/** A value in a message: enough to recognise it (the finding keeps the whole value). */
const shorten = (text: string): string => (text.length > 120 ? `${text.slice(0, 117)}...` : text);

export const responseSchemaConformance: ResponseCheckDefinition = {
  prepare: (spec) => (answer) => {
    const { operation, exchange, where, status, documented } = answer;
    const matched = matchedMediaType(answer);
    if (documented === undefined || matched === undefined) return [];
    const schemaPointer = responseSchemaPointer(spec.document, operation.entry, documented, matched);
    if (schemaPointer === undefined) return [];
    const isJson = matched === 'application/json' || matched.endsWith('+json');
    const body = isJson ? jsonOf(exchange) : exchange.responseText;
    if (isJson && body === undefined) {
      return [
        {
          message: `${where} answered ${status} with a body that is not JSON`,
          inferred: answer.responseInferred,
          value: exchange.responseText.slice(0, 200),
        },
      ];
    }
    const validate = operation.compiled.responses.get(documented)?.get(matched);
    if (validate === undefined || validate(body)) return [];
    const findings: ResponseFindingDraft[] = [];
    for (const error of (validate.errors ?? []).slice(0, MAX_SCHEMA_FINDINGS)) {
      const pointer = error.instancePath || '';
      const offending = valueAt(body, pointer);
      // a missing property is judged by the schema of that property, not of its parent
      const missing = (error.params as { missingProperty?: string }).missingProperty;
      const judged = missing === undefined ? pointer : `${pointer}${jsonPointer(missing)}`;
      findings.push({
        message: `${where} answered ${status}: body at ${pointer || '/'} ${error.message ?? 'is invalid'} (value ${shorten(JSON.stringify(offending) ?? 'absent')})`,
        inferred: answer.responseInferred || spec.inferredAlong(schemaPointer, judged),
        pointer: pointer || '/',
        value: offending,
      });
    }
    return findings;
  },
};
