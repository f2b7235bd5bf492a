/**
 * The one guard for a JSON object: what every reader of a parsed document, a request body
 * or a state file calls before it reads a key. Arrays and `null` are not objects here.
 */

/** A JSON object (an OpenAPI node, a parsed body): string keys, any values. */
export type JsonObject = Record<string, unknown>;

/** Whether `value` is a JSON object: not `null`, not an array. */
export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
