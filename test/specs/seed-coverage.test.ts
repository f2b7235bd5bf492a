/**
 * Seed coverage: every fact the three seed documents (`shared/seeds/`) show, transcribed
 * as plain tables, each row checked against the matching OpenAPI document in `specs/`.
 *
 * The tables carry the content and are meant to be audited line by line against the
 * seeds; the helpers below are small and generic (local `$ref`s, operations, schema
 * properties, JSON types). A row that fails means the spec lost something the vendor's
 * documentation shows.
 */
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/server/specs.ts';
import { listOperations, parametersOf, resolve, valueAt } from '../../src/spec/openapi.ts';
import type { OpenApiDocument } from '../../src/spec/schemas.ts';

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

type Node = Record<string, unknown>;
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
/** Where a body lives: the request, or the response with this status. */
type Where = 'request' | '200';
/**
 * A JSON type as the seeds write it: a JSON Schema type, optionally with a format in
 * parentheses (`string(date-time)`, `integer(int64)`).
 */
type SeedType =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'object'
  | 'array'
  | 'string(date-time)'
  | 'integer(int32)'
  | 'integer(int64)';

const JSON_TYPES: readonly string[] = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null'];

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asNode(value: unknown, what: string): Node {
  if (!isNode(value)) throw new Error(`${what}: expected an object, got ${JSON.stringify(value)}`);
  return value;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function load(api: 'octopus' | 'auvious' | 'adminserver'): Node {
  return loadSpec(api) as unknown as Node;
}

/** Follows `$ref`s until a node without one (the engine's own resolver). */
function deref(doc: Node, value: unknown): unknown {
  return resolve(doc as OpenApiDocument, { node: value, pointer: '' }).node;
}

function pathItem(doc: Node, path: string): Node {
  return asNode(deref(doc, asNode(doc.paths, 'paths')[path]), `path ${path}`);
}

function operation(doc: Node, method: Method, path: string): Node {
  return asNode(pathItem(doc, path)[method.toLowerCase()], `${method} ${path}`);
}

function parameter(doc: Node, method: Method, path: string, name: string, location: string): Node {
  const entry = listOperations(doc as OpenApiDocument).find(
    (e) => e.method === method.toLowerCase() && e.path === path,
  );
  const found =
    entry &&
    parametersOf(doc as OpenApiDocument, entry).find((p) => p.node.name === name && p.node.in === location)?.node;
  return asNode(found, `${method} ${path}: ${location} parameter ${name}`);
}

function response(doc: Node, method: Method, path: string, status: string): Node {
  const responses = asNode(operation(doc, method, path).responses, `${method} ${path} responses`);
  return asNode(deref(doc, responses[status]), `${method} ${path} response ${status}`);
}

/** The media-type objects of a request body or response; `*∕*` means all of them. */
function mediaTypes(doc: Node, method: Method, path: string, where: Where, mediaType: string): Node[] {
  const holder =
    where === 'request'
      ? asNode(deref(doc, operation(doc, method, path).requestBody), `${method} ${path} requestBody`)
      : response(doc, method, path, where);
  const content = asNode(holder.content, `${method} ${path} ${where} content`);
  if (mediaType === '*/*') return Object.values(content).map((media) => asNode(media, `${where} media type`));
  return [asNode(content[mediaType], `${method} ${path} ${where} ${mediaType}`)];
}

/** The schema of one media type of a request body or response, `$ref`s not followed. */
function bodySchema(doc: Node, method: Method, path: string, where: Where, mediaType: string): unknown {
  const [media] = mediaTypes(doc, method, path, where, mediaType);
  return asNode(media, `${method} ${path} ${where} ${mediaType}`).schema;
}

/** The sub-schemas a schema combines (`allOf`, `oneOf`, `anyOf`), `$ref`s followed. */
function branches(doc: Node, schema: Node): Node[] {
  return [...asArray(schema.allOf), ...asArray(schema.oneOf), ...asArray(schema.anyOf)]
    .map((branch) => deref(doc, branch))
    .filter(isNode);
}

/** A property of a schema (raw), following `$ref` and the branches of `allOf`/`oneOf`/`anyOf`. */
function property(doc: Node, schema: unknown, name: string): unknown {
  const resolved = deref(doc, schema);
  if (!isNode(resolved)) return undefined;
  if (isNode(resolved.properties) && name in resolved.properties) return resolved.properties[name];
  for (const branch of branches(doc, resolved)) {
    const found = property(doc, branch, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The raw node at a dotted field path inside a schema; `name[]` steps into an array
 * property's `items` (`data[].type.id`). Throws when a step is missing.
 */
function rawAt(doc: Node, schema: unknown, fieldPath: string): unknown {
  let current = schema;
  let walked = '';
  for (const segment of fieldPath.split('.')) {
    const isArray = segment.endsWith('[]');
    const name = isArray ? segment.slice(0, -2) : segment;
    walked = walked ? `${walked}.${name}` : name;
    const found = property(doc, current, name);
    if (found === undefined) throw new Error(`no property ${walked}`);
    current = found;
    if (isArray) {
      expect(typesOf(doc, current), `${walked} is an array`).toContain('array');
      current = asNode(deref(doc, current), walked).items;
      walked = `${walked}[]`;
      if (current === undefined) throw new Error(`${walked}: the array has no items schema`);
    }
  }
  return current;
}

/** The schema at a dotted field path, `$ref`s followed. */
function schemaAt(doc: Node, schema: unknown, fieldPath: string): Node {
  return asNode(deref(doc, rawAt(doc, schema, fieldPath)), fieldPath);
}

/** Every name a schema (with its branches) lists as required. */
function requiredOf(doc: Node, schema: unknown): string[] {
  const resolved = asNode(deref(doc, schema), 'schema');
  return [...asArray(resolved.required), ...branches(doc, resolved).flatMap((b) => requiredOf(doc, b))].map(String);
}

/** Every JSON type a schema allows: its `type` (string or array), else its branches'. */
function typesOf(doc: Node, schema: unknown): string[] {
  const resolved = asNode(deref(doc, schema), 'schema');
  if (typeof resolved.type === 'string') return [resolved.type];
  if (Array.isArray(resolved.type)) return resolved.type.map(String);
  return branches(doc, resolved).flatMap((branch) => typesOf(doc, branch));
}

function formatsOf(doc: Node, schema: unknown): string[] {
  const resolved = asNode(deref(doc, schema), 'schema');
  const own = typeof resolved.format === 'string' ? [resolved.format] : [];
  return [...own, ...branches(doc, resolved).flatMap((branch) => formatsOf(doc, branch))];
}

function parseSeedType(seedType: SeedType): { type: string; format: string | undefined } {
  const match = /^(\w+)(?:\((.+)\))?$/.exec(seedType);
  if (!match?.[1]) throw new Error(`bad seed type ${seedType}`);
  return { type: match[1], format: match[2] };
}

/** Asserts that `schema` has the seed's JSON type (a type array containing it counts), and format if given. */
function expectSeedType(doc: Node, schema: unknown, seedType: SeedType, what: string): void {
  const { type, format } = parseSeedType(seedType);
  expect(typesOf(doc, schema), `${what}: type`).toContain(type);
  if (format) expect(formatsOf(doc, schema), `${what}: format`).toContain(format);
}

/** Asserts that a literal value from the seed is of the row's JSON type (guards the table itself). */
function expectValueOfType(value: unknown, seedType: SeedType): void {
  const { type, format } = parseSeedType(seedType);
  const actual = Array.isArray(value)
    ? 'array'
    : value === null
      ? 'null'
      : typeof value === 'number' && Number.isInteger(value) && type === 'integer'
        ? 'integer'
        : typeof value;
  expect(actual, `the seed's value ${JSON.stringify(value)} is of type ${type}`).toBe(type);
  if (format === 'date-time') expect(Number.isNaN(Date.parse(String(value)))).toBe(false);
}

/** Asserts that a raw schema is the named component schema, or (for a JSON type name) of that type. */
function expectSchemaIs(doc: Node, raw: unknown, expected: string, what: string): void {
  if (JSON_TYPES.includes(expected)) {
    expect(typesOf(doc, raw), `${what}: type`).toContain(expected);
  } else {
    expect(asNode(raw, what).$ref, `${what}: schema`).toBe(`#/components/schemas/${expected}`);
  }
}

/** The value of a field path (`data[].id`) in an example value; `[]` takes the first item. */
function exampleValueAt(value: unknown, fieldPath: string): unknown {
  let current = value;
  for (const segment of fieldPath.split('.')) {
    const isArray = segment.endsWith('[]');
    current = asNode(current, fieldPath)[isArray ? segment.slice(0, -2) : segment];
    if (isArray) current = asArray(current)[0];
  }
  return current;
}

/** The value of the example called `name` of a media-type object (`$ref` followed). */
function namedExample(doc: Node, media: Node, name: string): unknown {
  const example = asNode(deref(doc, asNode(media.examples, 'examples')[name]), `example ${name}`);
  return example.value;
}

/** The security requirements in force for an operation (its own, else the document's). */
function effectiveSecurity(doc: Node, op: Node): Node[] {
  const security = op.security ?? doc.security;
  return asArray(security).map((requirement) => asNode(requirement, 'security requirement'));
}

function securityScheme(doc: Node, name: string): Node {
  const components = asNode(doc.components, 'components');
  return asNode(asNode(components.securitySchemes, 'securitySchemes')[name], `security scheme ${name}`);
}

// ---------------------------------------------------------------------------------------
// 000: Octopus WiFi, Tickets module
// ---------------------------------------------------------------------------------------

describe('seed 000 (Octopus WiFi Tickets module) is covered by specs/octopus.openapi.yaml', () => {
  const doc = load('octopus');

  // The base URL above each method: `https://<server-domainname>/rest/<version>/...`.
  // [seed placeholder, spec server variable]
  const server: Array<[string, string]> = [
    ['<server-domainname>', 'server'],
    ['<version>', 'version'],
  ];

  it.each(server)('the base URL placeholder %s is the server variable {%s}', (placeholder, variable) => {
    const first = asNode(asArray(doc.servers)[0], 'servers[0]');
    expect(first.url).toBe('https://{server}/rest/{version}');
    expect(String(first.url)).toContain(`{${variable}}`);
    const described = asNode(asNode(first.variables, 'variables')[variable], `variable ${variable}`);
    expect(String(described.description), 'the variable names the seed placeholder').toContain(placeholder);
  });

  // The three method headings and their URLs ("GET - Get Services of Location", ...).
  // [HTTP method, path, summary]
  const operations: Array<[Method, string, string]> = [
    ['GET', '/Location/{LocationId}/services', 'Get Services of Location'],
    ['POST', '/Location/{LocationId}/tickets', 'Create a Ticket'],
    ['GET', '/Location/{LocationId}/tickets', 'Get Tickets of Location'],
  ];

  it.each(operations)('%s %s exists, summarised "%s"', (method, path, summary) => {
    expect(operation(doc, method, path).summary).toBe(summary);
  });

  // The "HEAD | Authorization | Bearer <API_KEY> | String | YES" row of each Parameters table.
  // It is the security scheme `apiKey` (http bearer), not a parameter.
  // [HTTP method, path, header, seed value, security scheme]
  const authorization: Array<[Method, string, string, string, string]> = [
    ['GET', '/Location/{LocationId}/services', 'Authorization', 'Bearer <API_KEY>', 'apiKey'],
    ['POST', '/Location/{LocationId}/tickets', 'Authorization', 'Bearer <API_KEY>', 'apiKey'],
    ['GET', '/Location/{LocationId}/tickets', 'Authorization', 'Bearer <API_KEY>', 'apiKey'],
  ];

  it.each(authorization)(
    '%s %s requires the %s header "%s" through the security scheme %s',
    (method, path, _header, value, scheme) => {
      const requirements = effectiveSecurity(doc, operation(doc, method, path));
      expect(requirements.length, 'at least one security requirement').toBeGreaterThan(0);
      for (const requirement of requirements) expect(Object.keys(requirement), 'required (YES)').toContain(scheme);
      const definition = securityScheme(doc, scheme);
      expect(definition.type).toBe('http');
      expect(definition.scheme).toBe(value.split(' ')[0]?.toLowerCase());
      expect(String(definition.description)).toContain(value);
    },
  );

  // The "GET | LocationId | Location identifier | String | YES" row of each Parameters table.
  // [HTTP method, path, name, in, JSON type, required, description]
  const parameters: Array<[Method, string, string, string, SeedType, boolean, string]> = [
    ['GET', '/Location/{LocationId}/services', 'LocationId', 'path', 'string', true, 'Location identifier'],
    ['POST', '/Location/{LocationId}/tickets', 'LocationId', 'path', 'string', true, 'Location identifier'],
    ['GET', '/Location/{LocationId}/tickets', 'LocationId', 'path', 'string', true, 'Location identifier'],
  ];

  it.each(parameters)(
    '%s %s has the parameter %s in %s of type %s, required %s',
    (method, path, name, location, type, required, description) => {
      const found = parameter(doc, method, path, name, location);
      expectSeedType(doc, found.schema, type, name);
      expect(found.required === true).toBe(required);
      expect(String(found.description)).toContain(description);
    },
  );

  // The "POST | ..." rows of "POST - Create a Ticket": fields of the request body, in both
  // media types the spec accepts.
  // [field, seed's Type/Significance text, JSON type, required, maxLength, seed's default]
  const requestFields: Array<[string, string, SeedType, boolean, number | null, string | null]> = [
    ['start_time', 'date (ISO-8601)', 'string(date-time)', false, null, 'current date'],
    ['valid_until', 'date (ISO-8601)', 'string(date-time)', false, null, 'current date'],
    ['format', 'String (print, email)', 'string', false, null, null],
    ['service', 'String(16)', 'string', true, 16, null],
    ['userId', 'String(64)', 'string', false, 64, null],
    ['numusers', 'integer', 'integer', false, null, null],
  ];
  const postMediaTypes = ['application/json', 'application/x-www-form-urlencoded'];

  it.each(requestFields)(
    'POST /Location/{LocationId}/tickets takes the field %s (%s) as %s, required %s, maxLength %s, default %s',
    (field, _seedText, type, required, maxLength, defaultNote) => {
      for (const mediaType of postMediaTypes) {
        const body = bodySchema(doc, 'POST', '/Location/{LocationId}/tickets', 'request', mediaType);
        const schema = schemaAt(doc, body, field);
        expectSeedType(doc, schema, type, `${mediaType} ${field}`);
        expect(requiredOf(doc, body).includes(field), `${mediaType} ${field} required`).toBe(required);
        if (maxLength !== null) expect(schema.maxLength, `${mediaType} ${field} maxLength`).toBe(maxLength);
        if (defaultNote !== null) expect(String(schema.description).toLowerCase()).toContain(defaultNote);
      }
    },
  );

  // The values in the "format" row: "String (print, email)".
  // [field, enum value]
  const enumValues: Array<[string, string]> = [
    ['format', 'print'],
    ['format', 'email'],
  ];

  it.each(enumValues)('POST /Location/{LocationId}/tickets field %s accepts the value %s', (field, value) => {
    for (const mediaType of postMediaTypes) {
      const body = bodySchema(doc, 'POST', '/Location/{LocationId}/tickets', 'request', mediaType);
      expect(asArray(schemaAt(doc, body, field).enum), `${mediaType} ${field} enum`).toContain(value);
    }
  });

  // The 200 "Response data" of "GET - Get Services of Location", line by line, with the
  // example's value (the spec keeps that example as `seed`).
  // [field path, JSON type, seed value]
  const responseFields: Array<[string, SeedType, unknown]> = [
    ['data', 'array', undefined],
    ['data[].id', 'integer', 59219],
    ['data[].LocationId', 'string', '28XXX004'],
    ['data[].typeId', 'string', 'ttf'],
    ['data[].name', 'string', 'Ticket - 1 Hora'],
    ['data[].price', 'number', 0],
    ['data[].status', 'integer', 1],
    ['data[].onlineTime', 'integer', 0],
    ['data[].expTime', 'integer', 3600],
    ['data[].tpv', 'integer', 0],
    ['data[].pms', 'integer', 0],
    ['data[].showLogin', 'integer', 1],
    ['data[].simDevices', 'integer', 10],
    ['data[].maxUsers', 'integer', 1],
    ['data[].loginMethod', 'string', 'general'],
    ['data[].download', 'integer', 0],
    ['data[].upload', 'integer', 0],
    ['data[].downrate', 'integer', 0],
    ['data[].uprate', 'integer', 0],
    ['data[].dailyLimit', 'integer', 0],
    ['data[].validUntil', 'integer', 15552000],
    ['data[].vip', 'integer', 0],
    ['data[].validateEmail', 'integer', 0],
    ['data[].deleted', 'integer', 0],
    ['data[].withRegistration', 'integer', 0],
    ['data[].macCaching', 'integer', 0],
    ['data[].issueOrder', 'integer', 0],
    ['data[].type', 'object', undefined],
    ['data[].type.id', 'string', 'ttf'],
    ['data[].type.description', 'string', 'Tiempo corrido'],
    ['data[].type.timetofinish', 'boolean', true],
    ['data[].type.onlinetime', 'boolean', false],
    ['data[].type.timetolimit', 'boolean', false],
    ['data[].type.limittraffic', 'boolean', false],
    ['pagination', 'object', undefined],
    ['pagination.offset', 'integer', 0],
    ['pagination.limit', 'integer', 5000],
    ['pagination.rows', 'integer', 9],
    ['pagination.pages', 'integer', 1],
    ['pagination.currentPage', 'integer', 1],
  ];

  it.each(responseFields)(
    'GET /Location/{LocationId}/services answers 200 with the field %s of type %s (seed value %s)',
    (field, type, value) => {
      const body = bodySchema(doc, 'GET', '/Location/{LocationId}/services', '200', 'application/json');
      expectSeedType(doc, schemaAt(doc, body, field), type, field);
      if (value !== undefined) {
        expectValueOfType(value, type);
        const [media] = mediaTypes(doc, 'GET', '/Location/{LocationId}/services', '200', 'application/json');
        const example = namedExample(doc, asNode(media, 'media'), 'seed');
        expect(exampleValueAt(example, field), `the spec's seed example at ${field}`).toStrictEqual(value);
      }
    },
  );

  // Where the objects of that response live among the named schemas.
  // [field path, component schema]
  const namedSchemas: Array<[string, string]> = [
    ['data[]', 'Service'],
    ['data[].type', 'ServiceType'],
    ['pagination', 'Pagination'],
  ];

  it.each(namedSchemas)('GET /Location/{LocationId}/services 200: %s is components/schemas/%s', (field, name) => {
    const body = bodySchema(doc, 'GET', '/Location/{LocationId}/services', '200', 'application/json');
    expectSchemaIs(doc, rawAt(doc, body, field), name, field);
  });

  // The "HTTP CODE | Result" rows of each Response table.
  // [HTTP method, path, status, seed's Result]
  const statuses: Array<[Method, string, string, string]> = [
    ['GET', '/Location/{LocationId}/services', '200', 'Ok'],
    ['GET', '/Location/{LocationId}/services', '401', 'Unauthorized'],
    ['POST', '/Location/{LocationId}/tickets', '200', 'Ok'],
    ['POST', '/Location/{LocationId}/tickets', '401', 'Unauthorized'],
    ['GET', '/Location/{LocationId}/tickets', '200', 'Ok'],
    ['GET', '/Location/{LocationId}/tickets', '401', 'Unauthorized'],
  ];

  it.each(statuses)('%s %s documents status %s (%s)', (method, path, status, result) => {
    expect(String(response(doc, method, path, status).description).startsWith(result)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------
// 001: Auvious, Ticket v1.0
// ---------------------------------------------------------------------------------------

describe('seed 001 (Auvious Ticket v1.0) is covered by specs/auvious.openapi.yaml', () => {
  const doc = load('auvious');

  // The host of every request line ("POST https://auvious.video:443/security/ticket", "Host: auvious.video:443").
  const servers: Array<[string]> = [['https://auvious.video:443']];

  it.each(servers)('the first server is %s', (url) => {
    expect(asNode(asArray(doc.servers)[0], 'servers[0]').url).toBe(url);
  });

  // The heading and request line of each operation.
  // [HTTP method, path, summary]
  const operations: Array<[Method, string, string]> = [
    ['POST', '/security/ticket', 'Create a ticket'],
    ['GET', '/security/ticket/{ticketId}', 'Get a ticket.'],
    ['PUT', '/security/ticket/{ticketId}', 'Update a ticket'],
    ['DELETE', '/security/ticket/{ticketId}', 'Delete a ticket.'],
    ['POST', '/security/ticket/{ticketId}/disable', 'Disable a ticket'],
    ['POST', '/security/ticket/{ticketId}/enable', 'Enable a ticket'],
    ['GET', '/security/ticket/{ticketId}/event', 'Add to calendar'],
    ['POST', '/security/ticket/{ticketId}/revoke', 'Revoke a ticket'],
  ];

  it.each(operations)('%s %s exists, summarised "%s"', (method, path, summary) => {
    expect(operation(doc, method, path).summary).toBe(summary);
  });

  // The Parameters tables (ticketId everywhere; calendar, X-Forwarded-Proto, Host on /event).
  // [HTTP method, path, name, in, JSON type, required, seed's Description]
  const parameters: Array<[Method, string, string, string, SeedType, boolean, string]> = [
    ['GET', '/security/ticket/{ticketId}', 'ticketId', 'path', 'string', true, 'ticketId'],
    ['PUT', '/security/ticket/{ticketId}', 'ticketId', 'path', 'string', true, 'ticketId'],
    ['DELETE', '/security/ticket/{ticketId}', 'ticketId', 'path', 'string', true, 'ticketId'],
    ['POST', '/security/ticket/{ticketId}/disable', 'ticketId', 'path', 'string', true, 'ticketId'],
    ['POST', '/security/ticket/{ticketId}/enable', 'ticketId', 'path', 'string', true, 'ticketId'],
    ['GET', '/security/ticket/{ticketId}/event', 'ticketId', 'path', 'string', true, 'ticketId'],
    ['GET', '/security/ticket/{ticketId}/event', 'calendar', 'query', 'string', false, 'calendar'],
    ['GET', '/security/ticket/{ticketId}/event', 'X-Forwarded-Proto', 'header', 'string', false, 'X-Forwarded-Proto'],
    // required in the seed, but no fetch client can set Host: optional (decision 007)
    ['GET', '/security/ticket/{ticketId}/event', 'Host', 'header', 'string', false, 'Host'],
    ['POST', '/security/ticket/{ticketId}/revoke', 'ticketId', 'path', 'string', true, 'ticketId'],
  ];

  it.each(parameters)(
    '%s %s has the parameter %s in %s of type %s, required %s',
    (method, path, name, location, type, required, description) => {
      const found = parameter(doc, method, path, name, location);
      expectSeedType(doc, found.schema, type, name);
      expect(found.required === true).toBe(required);
      expect(String(found.description).startsWith(description)).toBe(true);
    },
  );

  // Every path with `{ticketId}` declares it once, at path-item level.
  // [path, parameter $ref]
  const pathParameters: Array<[string, string]> = [
    ['/security/ticket/{ticketId}', '#/components/parameters/ticketId'],
    ['/security/ticket/{ticketId}/disable', '#/components/parameters/ticketId'],
    ['/security/ticket/{ticketId}/enable', '#/components/parameters/ticketId'],
    ['/security/ticket/{ticketId}/event', '#/components/parameters/ticketId'],
    ['/security/ticket/{ticketId}/revoke', '#/components/parameters/ticketId'],
  ];

  it.each(pathParameters)('%s declares its path parameter at path-item level as %s', (path, ref) => {
    const refs = asArray(pathItem(doc, path).parameters).map((p) => asNode(p, 'parameter').$ref);
    expect(refs).toContain(ref);
    const target = asNode(valueAt(doc, ref.slice(1)), ref);
    expect([target.name, target.in, target.required]).toEqual(['ticketId', 'path', true]);
  });

  // The query parameters of "Create a ticket" and "Update a ticket" that the spec leaves
  // out on purpose (a framework artefact); info.description names each one.
  // [name, seed's In, seed's Type]
  const leftOut: Array<[string, string, string]> = [
    ['authenticated', 'query', 'boolean'],
    ['authorities[0].authority', 'query', 'string'],
    ['credentials', 'query', 'object'],
    ['details', 'query', 'object'],
    ['principal', 'query', 'object'],
  ];

  it.each(leftOut)("the seed's %s (%s, %s) is no parameter of any operation and info.description names it", (name) => {
    for (const entry of listOperations(doc as OpenApiDocument)) {
      const names = parametersOf(doc as OpenApiDocument, entry).map((p) => p.node.name);
      expect(names, `${entry.method} ${entry.path}`).not.toContain(name);
    }
    expect(String(asNode(doc.info, 'info').description)).toContain(`\`${name}\``);
  });

  // The "Request body" / "body | body | <Schema>" rows, the "Schema" column of the 200
  // responses, and the Content-Type / Accept headers of each request line.
  // [HTTP method, path, request or status, media type, schema]
  const bodies: Array<[Method, string, Where, string, string]> = [
    ['POST', '/security/ticket', 'request', 'application/json', 'CreateTicketWebCommand'],
    ['POST', '/security/ticket', '200', 'application/json', 'Ticket'],
    ['GET', '/security/ticket/{ticketId}', '200', '*/*', 'Ticket'],
    ['PUT', '/security/ticket/{ticketId}', 'request', 'application/json', 'UpdateTicketWebCommand'],
    ['PUT', '/security/ticket/{ticketId}', '200', 'application/json', 'Ticket'],
    ['GET', '/security/ticket/{ticketId}/event', '200', 'text/calendar', 'string'],
  ];

  it.each(bodies)('%s %s %s body (%s) is %s', (method, path, where, mediaType, schema) => {
    const candidates = mediaTypes(doc, method, path, where, mediaType);
    expect(candidates.length).toBeGreaterThan(0);
    for (const media of candidates) expectSchemaIs(doc, media.schema, schema, `${method} ${path} ${where}`);
  });

  // The "Schemas" section: the Properties tables of CreateTicketWebCommand, Ticket and
  // UpdateTicketWebCommand.
  // [schema, property, JSON type, required]
  const schemaProperties: Array<[string, string, SeedType, boolean]> = [
    ['CreateTicketWebCommand', 'disabled', 'boolean', false],
    ['CreateTicketWebCommand', 'length', 'integer(int32)', false],
    ['CreateTicketWebCommand', 'organizationId', 'string', false],
    ['CreateTicketWebCommand', 'properties', 'object', true],
    ['CreateTicketWebCommand', 'type', 'string', true],
    ['Ticket', 'createdAt', 'string(date-time)', false],
    ['Ticket', 'disabled', 'string(date-time)', false],
    ['Ticket', 'expired', 'boolean', false],
    ['Ticket', 'expiresAt', 'string(date-time)', false],
    ['Ticket', 'id', 'string', false],
    ['Ticket', 'organizationId', 'string', false],
    ['Ticket', 'properties', 'object', false],
    ['Ticket', 'revoked', 'string(date-time)', false],
    ['Ticket', 'type', 'string', false],
    ['Ticket', 'userId', 'string', false],
    ['Ticket', 'version', 'integer(int64)', false],
    ['UpdateTicketWebCommand', 'organizationId', 'string', false],
    ['UpdateTicketWebCommand', 'properties', 'object', true],
  ];

  it.each(schemaProperties)(
    'components/schemas/%s has the property %s of type %s, required %s',
    (name, field, type, required) => {
      const schema = `#/components/schemas/${name}`;
      expectSeedType(doc, schemaAt(doc, { $ref: schema }, field), type, `${name}.${field}`);
      expect(requiredOf(doc, { $ref: schema }).includes(field), `${name}.${field} required`).toBe(required);
    },
  );

  // The "Enumerated Values" tables under CreateTicketWebCommand and Ticket.
  // [schema, property, value]
  const enumValues: Array<[string, string, string]> = [
    ['CreateTicketWebCommand', 'type', 'APPOINTMENTS_SCHEDULE_TICKET'],
    ['CreateTicketWebCommand', 'type', 'GENESYS_MULTI_USE_TICKET'],
    ['CreateTicketWebCommand', 'type', 'GENESYS_SCHEDULE_TICKET'],
    ['CreateTicketWebCommand', 'type', 'GENESYS_SINGLE_USE_TICKET'],
    ['CreateTicketWebCommand', 'type', 'MULTI_USE_TICKET'],
    ['CreateTicketWebCommand', 'type', 'SCHEDULE_TICKET'],
    ['CreateTicketWebCommand', 'type', 'SINGLE_USE_APPOINTMENTS_SCHEDULE_TICKET'],
    ['CreateTicketWebCommand', 'type', 'SINGLE_USE_SCHEDULE_TICKET'],
    ['CreateTicketWebCommand', 'type', 'SINGLE_USE_TICKET'],
    ['Ticket', 'type', 'APPOINTMENTS_SCHEDULE_TICKET'],
    ['Ticket', 'type', 'GENESYS_MULTI_USE_TICKET'],
    ['Ticket', 'type', 'GENESYS_SCHEDULE_TICKET'],
    ['Ticket', 'type', 'GENESYS_SINGLE_USE_TICKET'],
    ['Ticket', 'type', 'MULTI_USE_TICKET'],
    ['Ticket', 'type', 'SCHEDULE_TICKET'],
    ['Ticket', 'type', 'SINGLE_USE_APPOINTMENTS_SCHEDULE_TICKET'],
    ['Ticket', 'type', 'SINGLE_USE_SCHEDULE_TICKET'],
    ['Ticket', 'type', 'SINGLE_USE_TICKET'],
  ];

  it.each(enumValues)('components/schemas/%s property %s accepts the value %s', (name, field, value) => {
    const schema = schemaAt(doc, { $ref: `#/components/schemas/${name}` }, field);
    expect(asArray(schema.enum), `${name}.${field} enum`).toContain(value);
  });

  // The "200 Response" example of "Create a ticket" and "Update a ticket" (the same as the
  // Ticket schema's example), field by field.
  // [field, seed value]
  const ticketExample: Array<[string, unknown]> = [
    ['createdAt', '2019-08-24T14:15:22Z'],
    ['disabled', '2019-08-24T14:15:22Z'],
    ['expired', true],
    ['expiresAt', '2019-08-24T14:15:22Z'],
    ['id', 'string'],
    ['organizationId', 'string'],
    ['properties', {}],
    ['revoked', '2019-08-24T14:15:22Z'],
    ['type', 'APPOINTMENTS_SCHEDULE_TICKET'],
    ['userId', 'string'],
    ['version', 0],
  ];

  it.each(ticketExample)('components/examples/SeedTicket has %s = %j', (field, value) => {
    const example = asNode(valueAt(doc, '/components/examples/SeedTicket'), 'SeedTicket');
    expect(asNode(example.value, 'SeedTicket.value')[field]).toStrictEqual(value);
  });

  // The responses that show that example as their "200 Response".
  // [HTTP method, path, status, media type]
  const exampleUses: Array<[Method, string, Where, string]> = [
    ['POST', '/security/ticket', '200', 'application/json'],
    ['PUT', '/security/ticket/{ticketId}', '200', 'application/json'],
  ];

  it.each(exampleUses)("%s %s response %s (%s) shows the seed's Ticket example", (method, path, status, mediaType) => {
    const [media] = mediaTypes(doc, method, path, status, mediaType);
    expect(namedExample(doc, asNode(media, 'media'), 'seed')).toStrictEqual(Object.fromEntries(ticketExample));
  });

  // The "Responses / Overview" table of each operation.
  // [HTTP method, path, status, seed's Description]
  const statuses: Array<[Method, string, string, string]> = [
    ['POST', '/security/ticket', '200', 'OK'],
    ['POST', '/security/ticket', '201', 'Created'],
    ['POST', '/security/ticket', '401', 'Unauthorized'],
    ['POST', '/security/ticket', '403', 'Forbidden'],
    ['POST', '/security/ticket', '404', 'Not Found'],
    ['GET', '/security/ticket/{ticketId}', '200', 'OK'],
    ['GET', '/security/ticket/{ticketId}', '401', 'Unauthorized'],
    ['GET', '/security/ticket/{ticketId}', '403', 'Forbidden'],
    ['GET', '/security/ticket/{ticketId}', '404', 'Not Found'],
    ['PUT', '/security/ticket/{ticketId}', '200', 'OK'],
    ['PUT', '/security/ticket/{ticketId}', '201', 'Created'],
    ['PUT', '/security/ticket/{ticketId}', '401', 'Unauthorized'],
    ['PUT', '/security/ticket/{ticketId}', '403', 'Forbidden'],
    ['PUT', '/security/ticket/{ticketId}', '404', 'Not Found'],
    ['DELETE', '/security/ticket/{ticketId}', '200', 'OK'],
    ['DELETE', '/security/ticket/{ticketId}', '204', 'No Content'],
    ['DELETE', '/security/ticket/{ticketId}', '401', 'Unauthorized'],
    ['DELETE', '/security/ticket/{ticketId}', '403', 'Forbidden'],
    ['POST', '/security/ticket/{ticketId}/disable', '200', 'OK'],
    ['POST', '/security/ticket/{ticketId}/disable', '201', 'Created'],
    ['POST', '/security/ticket/{ticketId}/disable', '204', 'No Content'],
    ['POST', '/security/ticket/{ticketId}/disable', '401', 'Unauthorized'],
    ['POST', '/security/ticket/{ticketId}/disable', '403', 'Forbidden'],
    ['POST', '/security/ticket/{ticketId}/disable', '404', 'Not Found'],
    ['POST', '/security/ticket/{ticketId}/enable', '200', 'OK'],
    ['POST', '/security/ticket/{ticketId}/enable', '201', 'Created'],
    ['POST', '/security/ticket/{ticketId}/enable', '204', 'No Content'],
    ['POST', '/security/ticket/{ticketId}/enable', '401', 'Unauthorized'],
    ['POST', '/security/ticket/{ticketId}/enable', '403', 'Forbidden'],
    ['POST', '/security/ticket/{ticketId}/enable', '404', 'Not Found'],
    ['GET', '/security/ticket/{ticketId}/event', '200', 'OK'],
    ['GET', '/security/ticket/{ticketId}/event', '401', 'Unauthorized'],
    ['GET', '/security/ticket/{ticketId}/event', '403', 'Forbidden'],
    ['GET', '/security/ticket/{ticketId}/event', '404', 'Not Found'],
    ['POST', '/security/ticket/{ticketId}/revoke', '200', 'OK'],
    ['POST', '/security/ticket/{ticketId}/revoke', '201', 'Created'],
    ['POST', '/security/ticket/{ticketId}/revoke', '204', 'No Content'],
    ['POST', '/security/ticket/{ticketId}/revoke', '401', 'Unauthorized'],
    ['POST', '/security/ticket/{ticketId}/revoke', '403', 'Forbidden'],
    ['POST', '/security/ticket/{ticketId}/revoke', '404', 'Not Found'],
  ];

  it.each(statuses)('%s %s documents status %s (%s)', (method, path, status, meaning) => {
    expect(String(response(doc, method, path, status).description).startsWith(meaning)).toBe(true);
  });

  // "Client Credentials Flow ( Scopes: global ), Jwt ( Scopes: global )" in each caution box.
  // [seed's name, security scheme, scheme type, scope]
  const schemes: Array<[string, string, string, string]> = [
    ['Client Credentials Flow', 'clientCredentials', 'oauth2', 'global'],
    ['Jwt', 'jwt', 'http', 'global'],
  ];

  it.each(schemes)('the seed\'s "%s" is the security scheme %s (%s) with scope %s', (_seed, name, type, scope) => {
    const definition = securityScheme(doc, name);
    expect(definition.type).toBe(type);
    if (type === 'oauth2') {
      const flow = asNode(asNode(definition.flows, 'flows').clientCredentials, 'clientCredentials flow');
      expect(Object.keys(asNode(flow.scopes, 'scopes'))).toContain(scope);
    } else {
      expect(definition.scheme).toBe('bearer');
    }
    expect(asArray(doc.security)).toContainEqual({ [name]: [scope] });
  });

  // The same caution box under each operation: authentication is required on all eight.
  // [HTTP method, path, security schemes]
  const operationSecurity: Array<[Method, string, string]> = [
    ['POST', '/security/ticket', 'clientCredentials, jwt'],
    ['GET', '/security/ticket/{ticketId}', 'clientCredentials, jwt'],
    ['PUT', '/security/ticket/{ticketId}', 'clientCredentials, jwt'],
    ['DELETE', '/security/ticket/{ticketId}', 'clientCredentials, jwt'],
    ['POST', '/security/ticket/{ticketId}/disable', 'clientCredentials, jwt'],
    ['POST', '/security/ticket/{ticketId}/enable', 'clientCredentials, jwt'],
    ['GET', '/security/ticket/{ticketId}/event', 'clientCredentials, jwt'],
    ['POST', '/security/ticket/{ticketId}/revoke', 'clientCredentials, jwt'],
  ];

  it.each(operationSecurity)('%s %s requires %s with scope global', (method, path, names) => {
    const requirements = effectiveSecurity(doc, operation(doc, method, path));
    expect(requirements, 'no anonymous alternative').not.toContainEqual({});
    for (const name of names.split(', ')) expect(requirements).toContainEqual({ [name]: ['global'] });
  });
});

// ---------------------------------------------------------------------------------------
// 002: Roomful Adminserver, Ticket API
// ---------------------------------------------------------------------------------------

describe('seed 002 (Adminserver Ticket API) is covered by specs/adminserver.openapi.yaml', () => {
  const doc = load('adminserver');

  // The endpoint table and each method's "Method / HTTP Method / Path / Permissions".
  // [HTTP method, path, operationId, summary, seed's Method, permissions]
  const operations: Array<[Method, string, string, string, string, string]> = [
    [
      'POST',
      '/jsonRpc/ticket.createPurchasableTicket',
      'ticket.createPurchasableTicket',
      'Create purchasable ticket',
      'jsonRpc',
      'network.manage /networkId',
    ],
    [
      'POST',
      '/jsonRpc/ticket.deletePurchasableTicket',
      'ticket.deletePurchasableTicket',
      'Delete purchasable ticket',
      'jsonRpc',
      'network.manage /networkId',
    ],
    [
      'POST',
      '/jsonRpc/ticket.updatePurchasableTicket',
      'ticket.updatePurchasableTicket',
      'Update purchasable ticket',
      'jsonRpc',
      'network.manage /networkId',
    ],
    [
      'POST',
      '/jsonRpc/ticket.getPurchasableTickets',
      'ticket.getPurchasableTickets',
      'Get purchasable tickets',
      'jsonRpc',
      'network.manage /networkId',
    ],
  ];

  it.each(operations)(
    '%s %s exists as %s, summarised "%s", method %s, permission %s',
    (method, path, operationId, summary, rpcMethod, permissions) => {
      const op = operation(doc, method, path);
      expect(op.operationId).toBe(operationId);
      expect(op.summary).toBe(summary);
      expect(String(op.description)).toContain(`Method ${rpcMethod}`);
      expect(op['x-permissions']).toBe(permissions);
    },
  );

  // The schema behind each "Request:" and "Response:" block.
  // [HTTP method, path, request or status, media type, schema]
  const bodies: Array<[Method, string, Where, string, string]> = [
    ['POST', '/jsonRpc/ticket.createPurchasableTicket', 'request', 'application/json', 'TicketParams'],
    ['POST', '/jsonRpc/ticket.createPurchasableTicket', '200', 'application/json', 'TicketEnvelope'],
    ['POST', '/jsonRpc/ticket.deletePurchasableTicket', 'request', 'application/json', 'DeleteParams'],
    ['POST', '/jsonRpc/ticket.deletePurchasableTicket', '200', 'application/json', 'EmptyEnvelope'],
    ['POST', '/jsonRpc/ticket.updatePurchasableTicket', 'request', 'application/json', 'TicketParams'],
    ['POST', '/jsonRpc/ticket.updatePurchasableTicket', '200', 'application/json', 'TicketEnvelope'],
    ['POST', '/jsonRpc/ticket.getPurchasableTickets', 'request', 'application/json', 'EmptyParams'],
    ['POST', '/jsonRpc/ticket.getPurchasableTickets', '200', 'application/json', 'TicketsEnvelope'],
  ];

  it.each(bodies)('%s %s %s body (%s) is %s', (method, path, where, mediaType, schema) => {
    expectSchemaIs(doc, bodySchema(doc, method, path, where, mediaType), schema, `${method} ${path} ${where}`);
  });

  // The "{ empty }" blocks: no member is required.
  // [HTTP method, path, request or status]
  const empties: Array<[Method, string, Where]> = [
    ['POST', '/jsonRpc/ticket.deletePurchasableTicket', '200'],
    ['POST', '/jsonRpc/ticket.getPurchasableTickets', 'request'],
  ];

  it.each(empties)('%s %s %s body is { empty }: it requires no member', (method, path, where) => {
    const schema = bodySchema(doc, method, path, where, 'application/json');
    expect(typesOf(doc, schema)).toContain('object');
    expect(requiredOf(doc, schema)).toEqual([]);
  });

  // The members of the "Request:" and "Response:" blocks outside the ticket object
  // (the `{ data, error: { status, code, message } }` envelope, `ticket`, `productId`).
  // [HTTP method, path, request or status, field path, seed's type, JSON type]
  const envelopeFields: Array<[Method, string, Where, string, string, SeedType]> = [
    ['POST', '/jsonRpc/ticket.createPurchasableTicket', 'request', 'ticket', '{ … }', 'object'],
    ['POST', '/jsonRpc/ticket.createPurchasableTicket', '200', 'data', '{ … }', 'object'],
    ['POST', '/jsonRpc/ticket.createPurchasableTicket', '200', 'data.ticket', '{ … }', 'object'],
    ['POST', '/jsonRpc/ticket.createPurchasableTicket', '200', 'error', '{ … }', 'object'],
    ['POST', '/jsonRpc/ticket.createPurchasableTicket', '200', 'error.status', 'bool', 'boolean'],
    ['POST', '/jsonRpc/ticket.createPurchasableTicket', '200', 'error.code', 'int', 'integer'],
    ['POST', '/jsonRpc/ticket.createPurchasableTicket', '200', 'error.message', 'string', 'string'],
    ['POST', '/jsonRpc/ticket.deletePurchasableTicket', 'request', 'productId', 'string', 'string'],
    ['POST', '/jsonRpc/ticket.updatePurchasableTicket', 'request', 'ticket', '{ … }', 'object'],
    ['POST', '/jsonRpc/ticket.updatePurchasableTicket', '200', 'data', '{ … }', 'object'],
    ['POST', '/jsonRpc/ticket.updatePurchasableTicket', '200', 'data.ticket', '{ … }', 'object'],
    ['POST', '/jsonRpc/ticket.updatePurchasableTicket', '200', 'error', '{ … }', 'object'],
    ['POST', '/jsonRpc/ticket.updatePurchasableTicket', '200', 'error.status', 'bool', 'boolean'],
    ['POST', '/jsonRpc/ticket.updatePurchasableTicket', '200', 'error.code', 'int', 'integer'],
    ['POST', '/jsonRpc/ticket.updatePurchasableTicket', '200', 'error.message', 'string', 'string'],
    ['POST', '/jsonRpc/ticket.getPurchasableTickets', '200', 'data', '{ … }', 'object'],
    ['POST', '/jsonRpc/ticket.getPurchasableTickets', '200', 'data.tickets', '[{ … }]', 'array'],
    ['POST', '/jsonRpc/ticket.getPurchasableTickets', '200', 'error', '{ … }', 'object'],
    ['POST', '/jsonRpc/ticket.getPurchasableTickets', '200', 'error.status', 'bool', 'boolean'],
    ['POST', '/jsonRpc/ticket.getPurchasableTickets', '200', 'error.code', 'int', 'integer'],
    ['POST', '/jsonRpc/ticket.getPurchasableTickets', '200', 'error.message', 'string', 'string'],
  ];

  it.each(envelopeFields)(
    '%s %s %s body has the field %s (%s) of type %s',
    (method, path, where, field, _seedType, type) => {
      const body = bodySchema(doc, method, path, where, 'application/json');
      expectSeedType(doc, schemaAt(doc, body, field), type, field);
    },
  );

  // The ticket object, the same in all five blocks that show it, line by line with the
  // seed's comment (which the spec keeps as the field's description).
  // [field path, seed's type, JSON type, seed's comment]
  const ticketFields: Array<[string, string, SeedType, string]> = [
    ['productId', 'string', 'string', 'unique product identifier'],
    ['eventName', 'string', 'string', 'name of related event'],
    ['eventStartDate', 'timestamp', 'string(date-time)', 'start date of related event'],
    ['eventEndDate', 'timestamp', 'string(date-time)', 'end date of related event'],
    ['ticketType', 'string', 'string', 'single/days:1of3/days:2of3'],
    ['ticketName', 'string', 'string', 'name of ticket that is shown to client'],
    ['ticketDescription', 'string', 'string', 'description of ticket that is shown to client'],
    ['price', 'float', 'number', 'price in USD'],
    ['thumbnailId', 'string', 'string', 'resource id of thumbnail'],
    ['discount', 'string', 'string', 'marketing discount, no actual effects on price'],
    ['grants', '[{ … }]', 'array', 'rewards granted by ticket'],
    ['grants[].grantType', 'string', 'string', 'userRole'],
    ['grants[].grantTarget', 'string', 'string', 'roleId:roleTarget'],
  ];

  it.each(ticketFields)(
    'components/schemas/PurchasableTicket has %s (%s) of type %s, described "%s"',
    (field, _seedType, type, comment) => {
      const schema = schemaAt(doc, { $ref: '#/components/schemas/PurchasableTicket' }, field);
      expectSeedType(doc, schema, type, field);
      expect(String(schema.description)).toContain(comment);
    },
  );

  // The five places the ticket object appears; at each, every row of the table above
  // must be there with its type, and in responses (which show every field) be required.
  // [HTTP method, path, request or status, field path of the ticket object]
  const ticketPlaces: Array<[Method, string, Where, string]> = [
    ['POST', '/jsonRpc/ticket.createPurchasableTicket', 'request', 'ticket'],
    ['POST', '/jsonRpc/ticket.createPurchasableTicket', '200', 'data.ticket'],
    ['POST', '/jsonRpc/ticket.updatePurchasableTicket', 'request', 'ticket'],
    ['POST', '/jsonRpc/ticket.updatePurchasableTicket', '200', 'data.ticket'],
    ['POST', '/jsonRpc/ticket.getPurchasableTickets', '200', 'data.tickets[]'],
  ];

  it.each(ticketPlaces)('%s %s %s body has the whole ticket object at %s', (method, path, where, place) => {
    const body = bodySchema(doc, method, path, where, 'application/json');
    const problems: string[] = [];
    for (const [field, , type] of ticketFields) {
      const fieldPath = `${place}.${field}`;
      let schema: Node;
      try {
        schema = schemaAt(doc, body, fieldPath);
      } catch (error) {
        problems.push(`${fieldPath}: ${(error as Error).message}`);
        continue;
      }
      const { type: base, format } = parseSeedType(type);
      if (!typesOf(doc, schema).includes(base)) problems.push(`${fieldPath}: not of type ${base}`);
      if (format && !formatsOf(doc, schema).includes(format)) problems.push(`${fieldPath}: not format ${format}`);
      if (where !== 'request') {
        const parent = fieldPath.slice(0, fieldPath.lastIndexOf('.'));
        const name = fieldPath.slice(fieldPath.lastIndexOf('.') + 1);
        if (!requiredOf(doc, rawAt(doc, body, parent)).includes(name)) problems.push(`${fieldPath}: not required`);
      }
    }
    expect(problems).toEqual([]);
  });
});
