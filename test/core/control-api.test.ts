/**
 * The control API (`/__mock/*`, src/core/control.ts) against a small fake target: no
 * engine, no server. Each case asserts what an HTTP client would see (status and body as
 * JSON text), and what reached the target. The same routes through the engine and both
 * adapters: test/core/control.case.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ControlError, type ControlTarget, createControl, handleControl } from '../../src/core/control.ts';
import type { FaultConfig } from '../../src/core/faults.ts';
import type { JournalEntry } from '../../src/core/journal.ts';
import type { ImportSummary } from '../../src/core/recording-import.ts';

const T0 = '2026-05-01T10:00:00.000Z';

/** The dataset a seed gives: enough to tell seeds, resets and imports apart. */
const seeded = (seed: number) => ({ seed, apis: { demo: { tickets: [`ticket-of-seed-${seed}`] } } });

const ENTRY: JournalEntry = {
  method: 'GET',
  path: '/security/ticket/abc',
  operationId: 'auvious.getTicket',
  status: 404,
  durationMs: 0.25,
  time: T0,
};

/**
 * A target that keeps its data as a plain document and logs every change the control
 * API asks of it. Like the engine, it refuses a state without `apis`, leaving its data.
 */
class FakeTarget implements ControlTarget {
  readonly calls: string[] = [];
  seed = 7;
  data: unknown = seeded(7);
  entries: JournalEntry[] = [ENTRY];
  #faults: FaultConfig = {};
  #nowMs = Date.parse(T0);

  readonly clock = {
    now: () => new Date(this.#nowMs),
    set: (instant: string | Date) => {
      this.calls.push(`clock.set ${String(instant)}`);
      this.#nowMs = new Date(instant).getTime();
    },
    advance: (seconds: number) => {
      this.calls.push(`clock.advance ${seconds}`);
      this.#nowMs += seconds * 1000;
    },
  };

  readonly journal = { entries: () => [...this.entries], exchanges: () => [] };

  async importRecording(): Promise<ImportSummary> {
    this.calls.push('importRecording');
    return { entries: 0, routed: 0, apis: {} };
  }

  get faults(): FaultConfig {
    return this.#faults;
  }

  set faults(config: FaultConfig) {
    this.calls.push(`faults ${JSON.stringify(config)}`);
    this.#faults = config;
  }

  async reset(seed?: number): Promise<void> {
    this.calls.push(`reset ${seed}`);
    this.seed = seed ?? this.seed;
    this.data = seeded(this.seed);
    this.entries = [];
  }

  exportState(): unknown {
    return this.data;
  }

  async importState(state: unknown): Promise<void> {
    this.calls.push('importState');
    if (typeof state !== 'object' || state === null || !('apis' in state)) {
      throw new Error('state must be an object {"seed": n, "apis": {…}}');
    }
    this.data = state;
  }
}

interface Seen {
  status: number;
  body: unknown;
}

let target: FakeTarget;

/** A request to the control API as an HTTP client sends it, and what it gets back. */
async function send(method: string, path: string, body?: string): Promise<Seen> {
  const response = await handleControl(createControl(target), {
    method,
    path,
    query: new URLSearchParams(),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body,
    origin: 'http://127.0.0.1:4010',
  });
  if (response === undefined) throw new Error(`${method} ${path} was not answered as a control route`);
  // what goes over the wire: the JSON text, read back
  return { status: response.status, body: JSON.parse(JSON.stringify(response.json ?? null)) };
}

const refused = (status: number, message: string): Seen => ({ status, body: { error: { code: status, message } } });

/** JSON.parse's own message for `text` (it differs between Node versions). */
function parseMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} is JSON`);
}

beforeEach(() => {
  target = new FakeTarget();
});

describe('POST /__mock/reset', () => {
  it('goes back to the seeded dataset with the same seed', async () => {
    target.data = { seed: 7, apis: { demo: { tickets: ['changed'] } } };
    expect(await send('POST', '/__mock/reset')).toEqual({ status: 200, body: { reset: true } });
    expect(target.calls).toEqual(['reset undefined']);
    expect(await send('GET', '/__mock/state')).toEqual({ status: 200, body: seeded(7) });
  });
});

describe('POST /__mock/seed', () => {
  it('resets with the new seed and answers it', async () => {
    expect(await send('POST', '/__mock/seed', '{"seed": 42}')).toEqual({ status: 200, body: { seed: 42 } });
    expect(target.calls).toEqual(['reset 42']);
    expect((await send('GET', '/__mock/state')).body).toEqual(seeded(42));
  });

  it('takes seed 0', async () => {
    expect(await send('POST', '/__mock/seed', '{"seed": 0}')).toEqual({ status: 200, body: { seed: 0 } });
    expect(target.calls).toEqual(['reset 0']);
  });

  it.each([
    ['no body', undefined, 'send {"seed": <integer>}'],
    ['an empty object', '{}', 'send {"seed": <integer>}'],
    ['null', 'null', 'send {"seed": <integer>}'],
    ['a seed as text', '{"seed": "42"}', 'send {"seed": <integer>}'],
    ['a negative seed', '{"seed": -1}', 'seed must be a non-negative integer'],
    ['a fraction', '{"seed": 1.5}', 'seed must be a non-negative integer'],
    ['a seed past 2^53', '{"seed": 9007199254740992}', 'seed must be a non-negative integer'],
  ])('refuses %s with 400 and leaves the data', async (_, body, message) => {
    expect(await send('POST', '/__mock/seed', body)).toEqual(refused(400, message));
    expect(target.calls).toEqual([]);
    expect(target.data).toEqual(seeded(7));
  });
});

describe('GET and PUT /__mock/state', () => {
  it('exports the whole state', async () => {
    expect(await send('GET', '/__mock/state')).toEqual({ status: 200, body: seeded(7) });
  });

  it('imports a state, which the next export gives back', async () => {
    const state = { seed: 3, apis: { demo: { tickets: ['imported'] } } };
    expect(await send('PUT', '/__mock/state', JSON.stringify(state))).toEqual({
      status: 200,
      body: { imported: true },
    });
    expect(await send('GET', '/__mock/state')).toEqual({ status: 200, body: state });
  });

  it('refuses malformed JSON with 400 before the target sees it', async () => {
    expect(await send('PUT', '/__mock/state', '{"apis": ')).toEqual(
      refused(400, `malformed JSON: ${parseMessage('{"apis": ')}`),
    );
    expect(target.calls).toEqual([]);
    expect(target.data).toEqual(seeded(7));
  });

  it.each([
    ['no body', undefined],
    ['a document without apis', '{"seed": 1}'],
    ['an array', '[]'],
  ])('passes on the target’s refusal of %s as 400, all or nothing', async (_, body) => {
    expect(await send('PUT', '/__mock/state', body)).toEqual(
      refused(400, 'state rejected: state must be an object {"seed": n, "apis": {…}}'),
    );
    expect(target.calls).toEqual(['importState']);
    expect(await send('GET', '/__mock/state')).toEqual({ status: 200, body: seeded(7) });
  });
});

describe('GET and POST /__mock/clock', () => {
  it('reads the clock', async () => {
    expect(await send('GET', '/__mock/clock')).toEqual({ status: 200, body: { now: T0 } });
  });

  it('sets the clock and answers the new time in ISO-8601', async () => {
    expect(await send('POST', '/__mock/clock', '{"now": "2027-01-01T00:00:00Z"}')).toEqual({
      status: 200,
      body: { now: '2027-01-01T00:00:00.000Z' },
    });
    expect(target.calls).toEqual(['clock.set 2027-01-01T00:00:00Z']);
    expect(await send('GET', '/__mock/clock')).toEqual({ status: 200, body: { now: '2027-01-01T00:00:00.000Z' } });
  });

  it.each([
    [90, '2026-05-01T10:01:30.000Z'],
    [-3600, '2026-05-01T09:00:00.000Z'],
    [0.5, '2026-05-01T10:00:00.500Z'],
  ])('advances the clock by %d seconds', async (seconds, now) => {
    expect(await send('POST', '/__mock/clock', JSON.stringify({ advanceSeconds: seconds }))).toEqual({
      status: 200,
      body: { now },
    });
    expect(target.calls).toEqual([`clock.advance ${seconds}`]);
  });

  const ONE_OF = 'send exactly one of {"now": ISO} or {"advanceSeconds": n}';
  const BEYOND = 'advanceSeconds must keep the clock within the years 0000 to 9999';
  /** Seconds from T0 to the last instant of year 9999. */
  const TO_LAST = (Date.parse('9999-12-31T23:59:59.999Z') - Date.parse(T0)) / 1000;

  it('advances the clock to the last instant of year 9999, and back', async () => {
    expect(await send('POST', '/__mock/clock', JSON.stringify({ advanceSeconds: TO_LAST }))).toEqual({
      status: 200,
      body: { now: '9999-12-31T23:59:59.999Z' },
    });
    expect(await send('POST', '/__mock/clock', JSON.stringify({ advanceSeconds: -TO_LAST }))).toEqual({
      status: 200,
      body: { now: T0 },
    });
  });
  it.each([
    ['no body', undefined, ONE_OF],
    ['an empty object', '{}', ONE_OF],
    ['null', 'null', ONE_OF],
    ['both', `{"now": "${T0}", "advanceSeconds": 1}`, ONE_OF],
    ['a string', '"tomorrow"', 'send {"now": ISO} or {"advanceSeconds": n}'],
    ['a number', '5', 'send {"now": ISO} or {"advanceSeconds": n}'],
    ['a word for now', '{"now": "yesterday"}', 'now must be an ISO-8601 date-time with its offset (Z or ±hh:mm)'],
    [
      'a date-time without its offset (local time: another on each machine)',
      '{"now": "2026-05-01T10:00:00"}',
      'now must be an ISO-8601 date-time with its offset (Z or ±hh:mm)',
    ],
    [
      'a date without a time',
      '{"now": "2026-05-01"}',
      'now must be an ISO-8601 date-time with its offset (Z or ±hh:mm)',
    ],
    [
      'a thirteenth month',
      '{"now": "2026-13-01T00:00:00Z"}',
      'now must be an ISO-8601 date-time with its offset (Z or ±hh:mm)',
    ],
    ['a number for now', '{"now": 1767225600000}', 'now must be an ISO-8601 date-time with its offset (Z or ±hh:mm)'],
    ['text for advanceSeconds', '{"advanceSeconds": "ten"}', 'advanceSeconds must be a number'],
    ['null for advanceSeconds', '{"advanceSeconds": null}', 'advanceSeconds must be a number'],
    ['an advance past year 9999', '{"advanceSeconds": 1e300}', BEYOND],
    ['an advance before year 0000', '{"advanceSeconds": -1e12}', BEYOND],
    ['an advance one millisecond past year 9999', `{"advanceSeconds": ${TO_LAST + 0.001}}`, BEYOND],
  ])('refuses %s with 400 and leaves the clock', async (_, body, message) => {
    expect(await send('POST', '/__mock/clock', body)).toEqual(refused(400, message));
    expect(target.calls).toEqual([]);
    expect(await send('GET', '/__mock/clock')).toEqual({ status: 200, body: { now: T0 } });
  });
});

describe('GET /__mock/journal', () => {
  it('answers the target’s entries, oldest first', async () => {
    const later = { ...ENTRY, path: '/rest/v1/Location/28XXX004/tickets', status: 200 };
    target.entries.push(later);
    expect(await send('GET', '/__mock/journal')).toEqual({ status: 200, body: { entries: [ENTRY, later] } });
  });

  it('is empty after a reset', async () => {
    await send('POST', '/__mock/reset');
    expect(await send('GET', '/__mock/journal')).toEqual({ status: 200, body: { entries: [] } });
  });
});

describe('GET and PUT /__mock/faults', () => {
  it('reads no faults at first', async () => {
    expect(await send('GET', '/__mock/faults')).toEqual({ status: 200, body: {} });
  });

  it('sets a valid configuration and reads it back', async () => {
    const config = { latencyMs: [10, 20], routes: { 'auvious.getTicket': { errorRate: 1, errorStatus: 503 } } };
    expect(await send('PUT', '/__mock/faults', JSON.stringify(config))).toEqual({ status: 200, body: config });
    expect(target.calls).toEqual([`faults ${JSON.stringify(config)}`]);
    expect(await send('GET', '/__mock/faults')).toEqual({ status: 200, body: config });
  });

  it('clears the faults with no body', async () => {
    await send('PUT', '/__mock/faults', '{"errorRate": 0.5}');
    expect(await send('PUT', '/__mock/faults')).toEqual({ status: 200, body: {} });
    expect(await send('GET', '/__mock/faults')).toEqual({ status: 200, body: {} });
  });

  it.each([
    ['an error rate over 1', '{"errorRate": 2}', 'faults/errorRate: must be <= 1'],
    ['a success status for errors', '{"errorStatus": 200}', 'faults/errorStatus: must be >= 400'],
    ['an unknown setting', '{"surprise": true}', 'faults: must NOT have additional properties'],
    [
      'a backwards latency range',
      '{"latencyMs": [50, 10]}',
      'faults: a latency range must be [min, max] with min <= max',
    ],
    [
      'a bad rule for one route',
      '{"routes": {"adminserver.auth.login": {"rateLimitPerSecond": "many"}}}',
      'faults/routes/adminserver.auth.login/rateLimitPerSecond: must be integer',
    ],
    ['an array', '[]', 'faults: must be object'],
  ])('refuses %s with 400 and keeps the configuration', async (_, body, message) => {
    await send('PUT', '/__mock/faults', '{"errorRate": 0.5}');
    target.calls.length = 0;
    expect(await send('PUT', '/__mock/faults', body)).toEqual(refused(400, message));
    expect(target.calls).toEqual([]);
    expect(await send('GET', '/__mock/faults')).toEqual({ status: 200, body: { errorRate: 0.5 } });
  });
});

describe('routes the control API does not have', () => {
  it.each([
    ['GET', '/__mock/nothing'],
    ['GET', '/__mock'],
    ['GET', '/__mock/'],
    ['GET', '/__mock/reset/'],
  ])('answers %s %s with 404', async (method, path) => {
    expect(await send(method, path)).toEqual(
      refused(404, `no control route ${method} ${path.slice('/__mock'.length)}`),
    );
  });

  it.each([
    ['GET', '/reset', 'POST'],
    ['PUT', '/seed', 'POST'],
    ['POST', '/state', 'GET, PUT'],
    ['DELETE', '/state', 'GET, PUT'],
    ['PUT', '/clock', 'GET, POST'],
    ['POST', '/journal', 'GET'],
    ['GET', '/import', 'POST'],
    ['POST', '/faults', 'GET, PUT'],
    ['HEAD', '/faults', 'GET, PUT'],
  ])('answers the wrong method %s on %s with 405, Allow: %s, and changes nothing', async (method, route, allow) => {
    expect(await send(method, `/__mock${route}`, '{}')).toEqual(
      refused(405, `${method} ${route} is not a control route: ${route} takes ${allow}`),
    );
    const answer = await handleControl(createControl(target), {
      method,
      path: `/__mock${route}`,
      query: new URLSearchParams(),
      headers: {},
      body: undefined,
      origin: 'http://127.0.0.1:4010',
    });
    expect(answer?.headers).toEqual({ allow });
    expect(target.calls).toEqual([]);
  });

  it('keeps 404 for a path it does not have, whatever the method (no Allow)', async () => {
    const answer = await handleControl(createControl(target), {
      method: 'DELETE',
      path: '/__mock/constructor',
      query: new URLSearchParams(),
      headers: {},
      body: undefined,
      origin: 'http://127.0.0.1:4010',
    });
    expect(answer).toEqual({
      status: 404,
      json: { error: { code: 404, message: 'no control route DELETE /constructor' } },
    });
  });

  it.each(['/__mockery', '/security/ticket', '/', '/rest/v1/__mock/reset'])('leaves %s to the APIs', async (path) => {
    expect(
      await handleControl(createControl(target), {
        method: 'POST',
        path,
        query: new URLSearchParams(),
        headers: {},
        body: undefined,
        origin: 'http://127.0.0.1:4010',
      }),
    ).toBeUndefined();
    expect(target.calls).toEqual([]);
  });
});

describe('failures that are not the client’s', () => {
  it('throws what the target throws outside a refusal (a bug), instead of a 400', async () => {
    const bug = new Error('the disk is on fire');
    target.reset = async () => {
      throw bug;
    };
    await expect(send('POST', '/__mock/reset')).rejects.toBe(bug);
  });
});

describe('the same operations in-process (mocks.control)', () => {
  it('throws ControlError for a refused input, and works unbound', async () => {
    const { seed, setClock, setFaults, setState, getClock } = createControl(target);
    await expect(seed(-1)).rejects.toThrow(new ControlError('seed must be a non-negative integer'));
    expect(() => setClock({ now: 'soon' })).toThrow(ControlError);
    expect(() => setFaults({ errorRate: 2 })).toThrow(ControlError);
    await expect(setState(null)).rejects.toBeInstanceOf(ControlError);
    expect(target.calls).toEqual(['importState']);
    await seed(9);
    expect(target.data).toEqual(seeded(9));
    expect(setClock({ advanceSeconds: 60 })).toEqual({ now: '2026-05-01T10:01:00.000Z' });
    expect(getClock()).toEqual({ now: '2026-05-01T10:01:00.000Z' });
  });
});
