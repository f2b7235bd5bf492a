/**
 * `x-inferred: true` marks what ticketmock chose where the vendors are silent
 * (API-NOTES.md [chosen]); the contract suite reports failures of checks resting on
 * such items as warnings. This keeps the marking honest both ways.
 */
import { describe, expect, it } from 'vitest';
import { API_NAMES, type ApiName } from '../../src/apis.ts';
import { loadSpec } from '../../src/server/specs.ts';
import { valueAt } from '../../src/spec/openapi.ts';
import { jsonPointer } from '../../src/spec/schemas.ts';

interface Described {
  pointer: string;
  inferred: boolean;
  description: string | undefined;
}

/** Every object node that is marked or described, with its pointer. */
function describedNodes(value: unknown, pointer = '', into: Described[] = []): Described[] {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) describedNodes(item, pointer + jsonPointer(index), into);
  } else if (typeof value === 'object' && value !== null) {
    const node = value as Record<string, unknown>;
    const description = typeof node.description === 'string' ? node.description : undefined;
    const inferred = node['x-inferred'] === true;
    // `examples`, `example` and `value` hold data, not spec nodes.
    if (inferred || description !== undefined) into.push({ pointer, inferred, description });
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'examples' && key !== 'example' && key !== 'value')
        describedNodes(child, pointer + jsonPointer(key), into);
    }
  }
  return into;
}

/** API-NOTES.md's [chosen] items, each where the spec marks it. */
const CHOSEN: Record<ApiName, Array<[item: string, pointer: string]>> = {
  octopus: [
    ['version: any v<digits>, default v1', '/servers/0/variables/version'],
    ['expTime is a duration in seconds', '/components/schemas/Service/properties/expTime'],
    ['validUntil is seconds usable if never activated', '/components/schemas/Service/properties/validUntil'],
    ['onlineTime is an online-time budget', '/components/schemas/Service/properties/onlineTime'],
    ['simDevices is simultaneous devices', '/components/schemas/Service/properties/simDevices'],
    ['maxUsers is the most users per ticket', '/components/schemas/Service/properties/maxUsers'],
    ['POST takes JSON', '/paths/~1Location~1{LocationId}~1tickets/post/requestBody/content/application~1json'],
    [
      'POST takes form-encoded fields',
      '/paths/~1Location~1{LocationId}~1tickets/post/requestBody/content/application~1x-www-form-urlencoded',
    ],
    ['the Ticket object', '/components/schemas/Ticket'],
    ['POST answers {data: Ticket}', '/components/schemas/TicketEnvelope'],
    ['status active|expired|disabled from the clock', '/components/schemas/TicketStatus'],
    ['service also as the services list’s integer id', '/components/schemas/CreateTicketRequest/properties/service'],
    ['the email parameter, optional also for format=email', '/components/schemas/CreateTicketRequest/properties/email'],
    ['offset, default 0', '/components/parameters/offset'],
    ['limit, default and max 5000', '/components/parameters/limit'],
    ['ticket filter service', '/paths/~1Location~1{LocationId}~1tickets/get/parameters/2'],
    ['ticket filter status', '/paths/~1Location~1{LocationId}~1tickets/get/parameters/3'],
    ['ticket filter from', '/paths/~1Location~1{LocationId}~1tickets/get/parameters/4'],
    ['ticket filter to', '/paths/~1Location~1{LocationId}~1tickets/get/parameters/5'],
    ['the error shape {error: {code, message}}', '/components/schemas/Error'],
    ['validation failures answer 400', '/components/responses/BadRequest'],
    ['a key not granted the Location answers 403', '/components/responses/Forbidden'],
    ['an unknown Location answers 404', '/components/responses/NotFound'],
  ],
  auvious: [
    ['length 6 or 9, default 6', '/components/schemas/CreateTicketWebCommand/properties/length'],
    ['ttl default 14400, 60..2592000', '/components/schemas/CreateTicketWebCommand/properties/ttl'],
    ['scheduled types need scheduled_date', '/components/schemas/CreateTicketWebCommand/then'],
    ['exchange failures answer 400 invalid_grant', '/paths/~1security~1oauth~1token/post/responses/400'],
    ['unknown client answers 401', '/paths/~1security~1oauth~1token/post/responses/401'],
    ['enabling or disabling a revoked ticket answers 409', '/components/responses/Revoked'],
    [
      'the /event body is RFC 5545',
      '/paths/~1security~1ticket~1{ticketId}~1event/get/responses/200/content/text~1calendar/schema',
    ],
    ['calendar ics|google|outlook', '/paths/~1security~1ticket~1{ticketId}~1event/get/parameters/0'],
    ['google and outlook answer 302', '/paths/~1security~1ticket~1{ticketId}~1event/get/responses/302'],
    ['Spring-style error bodies', '/components/schemas/SpringError'],
    ['DELETE of an unknown ticket answers 404', '/paths/~1security~1ticket~1{ticketId}/delete/responses/404'],
    ['the create body is required', '/paths/~1security~1ticket/post/requestBody'],
    ['refresh_token grant', '/components/schemas/RefreshTokenGrant'],
  ],
  adminserver: [
    ['the session cookie', '/components/securitySchemes/sessionCookie'],
    ['network from X-Network-Id, else the preferred one', '/components/parameters/X-Network-Id'],
    ['X-Network and X-Network-Id naming different networks: 400', '/components/parameters/X-Network'],
    ['without network.manage: 403', '/components/responses/Forbidden'],
    ['unknown productId: 404', '/components/responses/NotFound'],
    ['duplicate productId: 409', '/components/responses/Conflict'],
    ['validation failures: 400', '/components/responses/BadRequest'],
    ['rate limit: 705 with HTTP 429', '/components/responses/TooManyRequests'],
    [
      'ticket input rules (grammar, dates, price; unknown members ignored, null optional members)',
      '/components/schemas/PurchasableTicketInput',
    ],
    ['params: unknown members ignored, null reads as {}', '/components/schemas/EmptyParams'],
    ['grantTarget <roleId>:<roleTarget>', '/components/schemas/GrantInput'],
    ['rpc.discover answers the OpenRPC document', '/paths/~1jsonRpc~1rpc.discover/post'],
    ['logout', '/paths/~1auth~1logout/post'],
    ['check', '/paths/~1auth~1check/post'],
  ],
};

describe.each(API_NAMES)('x-inferred in %s.openapi.yaml', (api) => {
  const document = loadSpec(api);
  const nodes = describedNodes(document);

  it('explains every x-inferred item in its description', () => {
    // A Media Type Object has no description of its own: its Request Body or Response explains it.
    const explanation = (pointer: string): string => {
      const own = (valueAt(document, pointer) as { description?: unknown }).description;
      if (typeof own === 'string') return own;
      const holder = /^(.*)\/content\/[^/]+$/.exec(pointer)?.[1];
      const inherited =
        holder === undefined ? undefined : (valueAt(document, holder) as { description?: unknown }).description;
      return typeof inherited === 'string' ? inherited : '';
    };
    const unexplained = nodes.filter((node) => node.inferred && !/inferred/i.test(explanation(node.pointer)));
    expect(unexplained.map((node) => node.pointer)).toEqual([]);
  });

  it('marks every item whose description opens with "Inferred"', () => {
    const unmarked = nodes.filter((node) => !node.inferred && /^inferred\b/i.test(node.description ?? ''));
    expect(unmarked.map((node) => node.pointer)).toEqual([]);
  });

  it.each(CHOSEN[api])('marks the chosen item "%s" (%s)', (_, pointer) => {
    const node = valueAt(document, pointer) as Record<string, unknown> | undefined;
    expect(node, `nothing at ${pointer}`).toBeDefined();
    expect(node?.['x-inferred']).toBe(true);
  });
});
