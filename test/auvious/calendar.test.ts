/**
 * The calendar event of an Auvious ticket (src/handlers/auvious/rules.ts): the iCalendar
 * text read strictly, line by line (RFC 5545), and every parameter of the Google Calendar
 * and Outlook add-event links; then the same as a client of the mock gets them, through
 * the engine in-process. Nothing here follows a redirect: the links point at other hosts.
 */
import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/core/clock.ts';
import { Engine } from '../../src/core/engine.ts';
import type { MockRequest } from '../../src/core/http.ts';
import type { TicketRecord } from '../../src/handlers/auvious/model.ts';
import {
  type CalendarEvent,
  calendarEvent,
  foldLine,
  icsCalendar,
  icsInstant,
  providerUrl,
} from '../../src/handlers/auvious/rules.ts';
import { modulesFor } from '../../src/handlers/index.ts';

const T0 = '2026-05-01T10:00:00.000Z';
const T0_MS = Date.parse(T0);

const event: CalendarEvent = {
  uid: 'k3x-q7m',
  start: '2026-06-01T09:30:00.000Z',
  end: '2026-06-01T10:00:00.000Z',
  joinUrl: 'https://meet.example.org/t/k3x-q7m',
  stamp: T0,
};

const octets = (text: string): number => new TextEncoder().encode(text).length;

/**
 * A strict reading of an iCalendar text: every physical line ends in CRLF and holds at most
 * 75 octets; a continuation line starts with one space; returns the unfolded content lines.
 */
function contentLines(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true);
  const physical = text.slice(0, -2).split('\r\n');
  const lines: string[] = [];
  for (const line of physical) {
    expect(line).not.toMatch(/[\r\n]/);
    expect(octets(line)).toBeLessThanOrEqual(75);
    if (line.startsWith(' ')) {
      expect(lines.length).toBeGreaterThan(0);
      lines[lines.length - 1] += line.slice(1);
    } else {
      lines.push(line);
    }
  }
  for (const line of lines) expect(line).toMatch(/^[A-Z][A-Z-]*:/);
  return lines;
}

describe('the iCalendar text, read strictly', () => {
  it('is one VCALENDAR holding one VEVENT, every line as RFC 5545 and the spec example write it', () => {
    expect(contentLines(icsCalendar(event))).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//ticketmock//Auvious mock//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'BEGIN:VEVENT',
      'UID:k3x-q7m',
      'DTSTAMP:20260501T100000Z',
      'DTSTART:20260601T093000Z',
      'DTEND:20260601T100000Z',
      'SUMMARY:Video call',
      'DESCRIPTION:Join the video call: https://meet.example.org/t/k3x-q7m',
      'URL:https://meet.example.org/t/k3x-q7m',
      'END:VEVENT',
      'END:VCALENDAR',
    ]);
  });

  it('escapes TEXT values (UID, DESCRIPTION): backslash, semicolon, comma and line breaks; a URL stays as it is', () => {
    const odd = { ...event, uid: 'a\\b;c,d\r\ne\nf', joinUrl: 'https://h.test/t/a;b,c' };
    const lines = contentLines(icsCalendar(odd));
    expect(lines).toContain('UID:a\\\\b\\;c\\,d\\ne\\nf');
    expect(lines).toContain('DESCRIPTION:Join the video call: https://h.test/t/a\\;b\\,c');
    expect(lines).toContain('URL:https://h.test/t/a;b,c');
  });

  it('folds a long line at 75 octets, continuation lines at 74 after their space, and unfolds to the same text', () => {
    const long = { ...event, joinUrl: `https://${'h'.repeat(150)}.test/t/k3x-q7m` };
    const text = icsCalendar(long);
    const physical = text.slice(0, -2).split('\r\n');
    const description = physical.findIndex((line) => line.startsWith('DESCRIPTION:'));
    expect(octets(physical[description] as string)).toBe(75);
    expect(octets(physical[description + 1] as string)).toBe(75);
    expect(physical[description + 1]?.startsWith(' ')).toBe(true);
    expect(physical[description + 2]?.startsWith(' ')).toBe(true);
    expect(contentLines(text)).toContain(`DESCRIPTION:Join the video call: ${long.joinUrl}`);
    expect(contentLines(text)).toContain(`URL:${long.joinUrl}`);
  });

  it.each([
    ['an empty line', '', ['']],
    ['75 octets', 'a'.repeat(75), ['a'.repeat(75)]],
    ['76 octets', 'a'.repeat(76), ['a'.repeat(75), ` a`]],
    ['75 + 74 + 1 octets', 'a'.repeat(150), ['a'.repeat(75), ` ${'a'.repeat(74)}`, ' a']],
    ['a 3-octet character at the edge', `${'a'.repeat(74)}€`, ['a'.repeat(74), ' €']],
  ])('folds %s exactly', (_, line, parts) => {
    expect(foldLine(line)).toBe(parts.join('\r\n'));
  });

  it.each([
    ['2026-06-01T09:30:00Z', '20260601T093000Z'],
    ['2026-06-01T09:30:00.999Z', '20260601T093000Z'],
    ['2026-12-31T23:59:59+01:00', '20261231T225959Z'],
  ])('writes the instant %s as %s', (iso, ics) => {
    expect(icsInstant(iso)).toBe(ics);
  });
});

describe('the event of a ticket', () => {
  const ticket = (properties: Record<string, unknown>): TicketRecord => ({
    id: 'a b/c',
    organizationId: 'demo-org',
    type: 'SCHEDULE_TICKET',
    properties,
    createdAt: T0,
    expiresAt: '2026-05-01T14:00:00.000Z',
    disabled: null,
    revoked: null,
    userId: 'ticket-a b/c',
    version: 0,
  });

  it('starts at scheduled_date, lasts 30 minutes, is stamped now, and joins at the origin under /t/<id>', () => {
    expect(calendarEvent(ticket({ scheduled_date: '2026-06-01T11:30:00+02:00' }), 'https://h.test', T0_MS + 5)).toEqual(
      {
        uid: 'a b/c',
        start: '2026-06-01T09:30:00.000Z',
        end: '2026-06-01T10:00:00.000Z',
        joinUrl: 'https://h.test/t/a%20b%2Fc',
        stamp: '2026-05-01T10:00:00.005Z',
      },
    );
  });

  it.each([
    ['no scheduled_date', {}],
    ['a scheduled_date that is no instant', { scheduled_date: 'soon' }],
    ['a scheduled_date that is no string, even one Date.parse reads (a year)', { scheduled_date: 2026 }],
  ])('starts at createdAt given %s', (_, properties) => {
    expect(calendarEvent(ticket(properties), 'https://h.test', T0_MS)).toMatchObject({
      start: T0,
      end: '2026-05-01T10:30:00.000Z',
    });
  });
});

describe("the calendar links' parameters", () => {
  const params = (url: string) => Object.fromEntries(new URL(url).searchParams);

  it('Google Calendar: the add-event template with title, times as iCalendar instants, details and location', () => {
    const url = new URL(providerUrl('google', event));
    expect(url.origin + url.pathname).toBe('https://calendar.google.com/calendar/render');
    expect(params(url.href)).toEqual({
      action: 'TEMPLATE',
      text: 'Video call',
      dates: '20260601T093000Z/20260601T100000Z',
      details: 'Join the video call: https://meet.example.org/t/k3x-q7m',
      location: 'https://meet.example.org/t/k3x-q7m',
    });
  });

  it('Outlook: the compose deep link with subject, ISO times, body and location', () => {
    const url = new URL(providerUrl('outlook', event));
    expect(url.origin + url.pathname).toBe('https://outlook.live.com/calendar/0/deeplink/compose');
    expect(params(url.href)).toEqual({
      path: '/calendar/action/compose',
      rru: 'addevent',
      subject: 'Video call',
      startdt: '2026-06-01T09:30:00.000Z',
      enddt: '2026-06-01T10:00:00.000Z',
      body: 'Join the video call: https://meet.example.org/t/k3x-q7m',
      location: 'https://meet.example.org/t/k3x-q7m',
    });
  });

  it('carries a join URL with reserved characters through intact', () => {
    const odd = { ...event, joinUrl: 'https://h.test/t/a%20b?x=1&y=2#z' };
    expect(params(providerUrl('google', odd)).location).toBe(odd.joinUrl);
    expect(params(providerUrl('outlook', odd)).body).toBe(`Join the video call: ${odd.joinUrl}`);
  });
});

describe('GET /security/ticket/{id}/event, through the engine', () => {
  const AUTH = { authorization: 'Bearer auvious-demo-token' };
  const request = (method: string, path: string, headers: Record<string, string>, body?: unknown): MockRequest => {
    const [pathname = path, search = ''] = path.split('?');
    return {
      method,
      path: pathname,
      query: new URLSearchParams(search),
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      origin: 'http://ticketmock.test',
    };
  };

  async function scheduled() {
    const engine = await Engine.create({ apis: modulesFor(['auvious']), seed: 1, clock: createClock({ now: T0 }) });
    const created = await engine.handle(
      request('POST', '/security/ticket', AUTH, {
        type: 'SCHEDULE_TICKET',
        properties: { scheduled_date: '2026-05-02T09:30:00Z' },
      }),
    );
    expect(created.status).toBe(200);
    return { engine, id: (created.json as { id: string }).id };
  }
  const proxied = { ...AUTH, host: 'meet.example.org', 'x-forwarded-proto': 'https' };

  it("answers the ticket's iCalendar event, joining on the host and scheme the client named", async () => {
    const { engine, id } = await scheduled();
    const response = await engine.handle(request('GET', `/security/ticket/${id}/event`, proxied));
    expect(response.status).toBe(200);
    expect(response.headers?.['content-type']).toBe('text/calendar; charset=utf-8');
    const lines = contentLines(response.text ?? '');
    expect(lines).toEqual(
      expect.arrayContaining([
        `UID:${id}`,
        'DTSTAMP:20260501T100000Z',
        'DTSTART:20260502T093000Z',
        'DTEND:20260502T100000Z',
        `URL:https://meet.example.org/t/${id}`,
      ]),
    );
  });

  it('joins on the origin the request was sent to, over http, without Host or X-Forwarded-Proto', async () => {
    const { engine, id } = await scheduled();
    const response = await engine.handle(request('GET', `/security/ticket/${id}/event?calendar=ics`, AUTH));
    expect(contentLines(response.text ?? '')).toContain(`URL:http://ticketmock.test/t/${id}`);
  });

  it.each([
    ['google', 'https://calendar.google.com/calendar/render', 'location'],
    ['outlook', 'https://outlook.live.com/calendar/0/deeplink/compose', 'location'],
  ])('redirects calendar=%s with 302 to its add-event link (not followed here)', async (calendar, page, key) => {
    const { engine, id } = await scheduled();
    const response = await engine.handle(request('GET', `/security/ticket/${id}/event?calendar=${calendar}`, proxied));
    expect(response.status).toBe(302);
    expect(response.text).toBeUndefined();
    const location = new URL(String(response.headers?.location));
    expect(location.origin + location.pathname).toBe(page);
    const joinUrl = `https://meet.example.org/t/${id}`;
    expect(location.searchParams.get(key)).toBe(joinUrl);
    if (calendar === 'google') expect(location.searchParams.get('dates')).toBe('20260502T093000Z/20260502T100000Z');
    else expect(location.searchParams.get('startdt')).toBe('2026-05-02T09:30:00.000Z');
  });
});
