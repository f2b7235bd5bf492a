/**
 * Adminserver rules a call meets before any ticket method (src/handlers/adminserver/rules.ts):
 * the network it acts in, and how long the session it carries lives. Complements
 * test/adminserver/rules.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  chosenNetwork,
  cookieValue,
  covers,
  SESSION_COOKIE,
  SESSION_SECONDS,
  sessionEndMs,
  validTicketType,
} from '../../src/handlers/adminserver/rules.ts';

describe('the network a call acts in', () => {
  it.each<[string, string | undefined, string | undefined, string]>([
    ['neither header: the preferred network', undefined, undefined, 'demo-network'],
    ['X-Network alone', 'other-network', undefined, 'other-network'],
    ['X-Network-Id alone', undefined, 'other-network', 'other-network'],
    ['both naming the same network', 'other-network', 'other-network', 'other-network'],
  ])('%s', (_, xNetwork, xNetworkId, network) => {
    expect(chosenNetwork(xNetwork, xNetworkId, 'demo-network')).toEqual({ ok: true, value: network });
  });

  it('refuses two headers that name different networks, saying which', () => {
    expect(chosenNetwork('demo-network', 'other-network', 'demo-network')).toEqual({
      ok: false,
      error: 'X-Network "demo-network" and X-Network-Id "other-network" name different networks',
    });
  });
});

describe('roles held on a path', () => {
  it.each([
    ['/', '/demo-network', true],
    ['/', '/', true],
    ['/demo-network/', '/demo-network/rooms', true],
    ['/demo', '/demo-network', false],
  ])('a role on %s reaches %s: %s', (held, target, reaches) => {
    expect(covers(held, target)).toBe(reaches);
  });
});

describe('sessions', () => {
  it('last a day from login, and travel in the sessionId cookie', () => {
    expect(SESSION_SECONDS).toBe(86_400);
    expect(sessionEndMs(Date.parse('2026-05-01T10:00:00Z'))).toBe(Date.parse('2026-05-02T10:00:00Z'));
    expect(cookieValue('theme=dark; sessionId=abc', SESSION_COOKIE)).toBe('abc');
  });

  it('a cookie without a value is no session, even one whose name starts like it', () => {
    expect(cookieValue('sessionIdx; theme=dark', SESSION_COOKIE)).toBeUndefined();
  });
});

describe('ticket types', () => {
  it.each(['xdays:1of3', 'days:1of3x', ' single'])('%j is not a ticket type', (ticketType) => {
    expect(validTicketType(ticketType)).toBe(false);
  });
});
