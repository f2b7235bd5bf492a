/**
 * Derives the OpenRPC view of the Adminserver API from its OpenAPI document, so the two
 * can never drift: `npm run generate` writes the result to `specs/adminserver.openrpc.json`
 * and `test/specs/openrpc.test.ts` checks both that the file is current and that the two
 * documents agree method by method.
 *
 * Mapping (API-NOTES.md §3): every `POST /jsonRpc/<method>` operation whose operationId is
 * `<method>` is one OpenRPC method (`rpc.discover` excepted: OpenRPC makes it implicit).
 * The request body's properties are the by-name params; the schema of the 200 response's
 * `data` member is the result; the other documented responses are the errors, with the
 * HTTP status as the code except 429, whose `error.code` is the vendor's 705.
 */

import { resolve, valueAt } from '../src/spec/openapi.ts';
import { jsonPointer, type OpenApiDocument } from '../src/spec/schemas.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const RPC_PREFIX = '/jsonRpc/';
const DISCOVER = 'rpc.discover';
/** The vendor's own code for "too frequent request", answered with HTTP 429. */
const TOO_FREQUENT_CODE = 705;

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `keys` below `value` (the core's JSON-pointer lookup). */
function at(value: Json | undefined, ...keys: string[]): Json | undefined {
  return valueAt(value, jsonPointer(...keys)) as Json | undefined;
}

/** `value` with its local `$ref`s followed (the core's resolver). */
function deref(document: JsonObject, value: Json | undefined): Json | undefined {
  return resolve(document as OpenApiDocument, { node: value, pointer: '' }).node as Json | undefined;
}

/** Names of the `#/components/schemas/*` entries that `value` refers to, transitively. */
function collectSchemaRefs(document: JsonObject, value: Json | undefined, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectSchemaRefs(document, item, into);
    return;
  }
  if (!isObject(value)) return;
  const ref = value.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    const name = ref.slice('#/components/schemas/'.length);
    if (!into.has(name)) {
      into.add(name);
      collectSchemaRefs(document, at(document, 'components', 'schemas', name), into);
    }
  }
  for (const [key, child] of Object.entries(value)) {
    if (key !== '$ref') collectSchemaRefs(document, child, into);
  }
}

function rpcMethod(document: JsonObject, path: string, operation: JsonObject): JsonObject {
  const name = path.slice(RPC_PREFIX.length);
  if (operation.operationId !== name) {
    throw new Error(`${path}: operationId must be the method name ${name}`);
  }
  const bodySchema = deref(
    document,
    at(deref(document, operation.requestBody), 'content', 'application/json', 'schema'),
  );
  const required = new Set((at(bodySchema, 'required') as string[] | undefined) ?? []);
  const properties = at(bodySchema, 'properties');
  const params: Json[] = isObject(properties)
    ? Object.entries(properties).map(([param, schema]) => ({ name: param, required: required.has(param), schema }))
    : [];

  const responses = at(operation, 'responses');
  if (!isObject(responses)) throw new Error(`${path}: no responses`);
  const okSchema = deref(document, at(deref(document, responses['200']), 'content', 'application/json', 'schema'));
  const resultSchema = at(okSchema, 'properties', 'data');
  if (resultSchema === undefined) throw new Error(`${path}: the 200 response has no data member`);

  const errors: JsonObject[] = [];
  // OpenRPC's Error Object takes no extensions: the inferred codes are listed on the method.
  const inferredErrors: number[] = [];
  for (const [status, response] of Object.entries(responses)) {
    if (status === '200') continue;
    const resolved = deref(document, response);
    const code = status === '429' ? TOO_FREQUENT_CODE : Number(status);
    errors.push({ code, message: String(at(resolved, 'description') ?? '').trim() });
    if (at(resolved, 'x-inferred') === true) inferredErrors.push(code);
  }

  // What travels in headers: the operation's header parameters and its security schemes.
  const headers: JsonObject = {};
  for (const parameter of (operation.parameters as Json[] | undefined) ?? []) {
    const resolved = deref(document, parameter);
    if (at(resolved, 'in') === 'header') headers[String(at(resolved, 'name'))] = at(resolved, 'description') ?? null;
  }
  const security = (operation.security ?? document.security ?? []) as JsonObject[];
  const auth = security.flatMap((requirement) =>
    Object.keys(requirement).map((scheme) => {
      const definition = at(document, 'components', 'securitySchemes', scheme);
      return `${String(at(definition, 'in'))} ${String(at(definition, 'name'))}`;
    }),
  );

  const method: JsonObject = { name };
  if (typeof operation.summary === 'string') method.summary = operation.summary;
  if (typeof operation.description === 'string') method.description = operation.description;
  if (Array.isArray(operation.tags)) method.tags = operation.tags.map((tag) => ({ name: tag }));
  method.paramStructure = 'by-name';
  method.params = params;
  method.result = { name: 'result', schema: resultSchema };
  method.errors = errors;
  if (inferredErrors.length > 0) method['x-inferred-errors'] = inferredErrors;
  if (operation['x-permissions'] !== undefined) method['x-permissions'] = operation['x-permissions'];
  method['x-transport'] = {
    httpMethod: 'POST',
    path,
    contentType: 'application/json',
    ...(auth.length > 0 ? { session: `one of: ${auth.join(', ')}` } : {}),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    request: 'the params object as the body',
    response: 'HTTP 200 {"data": <result>}; on failure {"error": {"status": true, "code", "message"}}',
  };
  return method;
}

/** Builds the OpenRPC 1.3 document for every `POST /jsonRpc/<method>` of `openapi`. */
export function openRpcFromOpenApi(openapi: JsonObject): JsonObject {
  const paths = openapi.paths;
  if (!isObject(paths)) throw new Error('the OpenAPI document has no paths');
  const methods: Json[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith(RPC_PREFIX) || path === RPC_PREFIX + DISCOVER) continue;
    const operation = at(item, 'post');
    if (!isObject(operation)) throw new Error(`${path}: a JSON-RPC method must be a POST`);
    methods.push(rpcMethod(openapi, path, operation));
  }

  const used = new Set<string>();
  collectSchemaRefs(openapi, methods, used);
  const allSchemas = at(openapi, 'components', 'schemas');
  const schemas: JsonObject = {};
  for (const name of Object.keys(isObject(allSchemas) ? allSchemas : {})) {
    if (used.has(name)) schemas[name] = (allSchemas as JsonObject)[name] as Json;
  }

  const info = openapi.info as JsonObject;
  const servers = ((openapi.servers as JsonObject[] | undefined) ?? []).map((server, index) => {
    const entry: JsonObject = {
      name: index === 0 ? 'adminserver' : `server-${index}`,
      url: `${String(server.url)}/jsonRpc`,
    };
    if (server.description !== undefined) entry.summary = server.description;
    if (server.variables !== undefined) entry.variables = server.variables;
    return entry;
  });

  return {
    openrpc: '1.3.2',
    info: {
      title: info.title ?? null,
      version: info.version ?? null,
      description:
        'Generated from adminserver.openapi.yaml by `npm run generate`; do not edit. ' +
        'Each method is its own HTTP path, POST /jsonRpc/<method>, as x-transport says; ' +
        'this is not a JSON-RPC 2.0 endpoint.',
      // OpenRPC's License Object has only name and url (no SPDX `identifier`).
      ...(isObject(info.license) ? { license: { name: info.license.name ?? null } } : {}),
    },
    servers,
    methods,
    components: { schemas },
  };
}
