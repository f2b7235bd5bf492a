/**
 * A test's session on a shared `ticketmock serve` (DESIGN.md, second round: "Sessions on
 * one server"): opened with `POST /__mock/sessions {"seed": n}`, its control API the
 * server's `/__mock/*` with `X-Mock-Session: <id>`, closed with `DELETE
 * /__mock/sessions/<id>`. Everything here is an HTTP call, so the control is asynchronous:
 * the same operations as `mocks.control`, each answering a promise.
 */
import type { JournalHarOptions, MockControl } from '../core/control.js';
import type { Har } from '../core/har.js';
import type { JournalEntry } from '../core/journal.js';
import { SESSION_HEADER } from '../core/sessions.js';

/** {@link MockControl} over HTTP: the same operations, each a promise of what the in-process one returns. */
export type SessionControl = {
  readonly [K in Exclude<keyof MockControl, 'journal'>]: (
    ...args: Parameters<MockControl[K]>
  ) => Promise<Awaited<ReturnType<MockControl[K]>>>;
} & {
  /** The session's journal; with `{ format: 'har' }` as HAR 1.2 (`GET /__mock/journal?format=har`). */
  journal(options: JournalHarOptions): Promise<Har>;
  journal(): Promise<JournalEntry[]>;
};

/** What a test gets as `mockSession` when `mocksOptions.server` is set. */
export interface MockSession {
  /** The session's id: what `X-Mock-Session` carries. */
  readonly id: string;
  /** The seed its data was made from. */
  readonly seed: number;
  /** The server it lives on (`mocksOptions.server`, without a trailing `/`). */
  readonly server: string;
  /** The header that routes a request to this session, for calls of the test's own (`request.get(url, { headers })`). */
  readonly headers: Readonly<Record<typeof SESSION_HEADER, string>>;
  /** Reset, seed, state, clock, journal, faults of this session (the server's `/__mock/*` with its header). */
  readonly control: SessionControl;
}

/** A call the server refused or could not be asked: the method, URL and what the server said. */
export class ServerSessionError extends Error {
  override readonly name = 'ServerSessionError';
}

interface Call {
  readonly method: string;
  readonly path: string;
  readonly session?: string;
  readonly json?: unknown;
}

/** One control call; the answer's JSON (undefined for an empty body), or a {@link ServerSessionError}. */
async function call(server: string, { method, path, session, json }: Call): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (session !== undefined) headers[SESSION_HEADER] = session;
  if (json !== undefined) headers['content-type'] = 'application/json';
  const url = `${server}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  } catch (error) {
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new ServerSessionError(`${method} ${url}: no answer (${reason}); is \`ticketmock serve\` running there?`);
  }
  const text = await response.text();
  if (!response.ok) throw new ServerSessionError(`${method} ${url}: ${response.status} ${said(text)}`);
  return text === '' ? undefined : JSON.parse(text);
}

/** The server's message out of `{"error": "…"}` or `{"error": {"message": "…"}}`, else the body as it is. */
function said(text: string): string {
  try {
    const error = (JSON.parse(text) as { error?: unknown }).error;
    if (typeof error === 'string') return error;
    if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  } catch {
    // not JSON: the body as it is
  }
  return text;
}

/** Opens a session on `server` (seeded with `seed`, or the server's own seed). */
export async function openServerSession(server: string, seed: number | undefined): Promise<MockSession> {
  const base = server.replace(/\/+$/, '');
  const opened = (await call(base, {
    method: 'POST',
    path: '/__mock/sessions',
    json: seed === undefined ? {} : { seed },
  })) as { id: string; seed: number };
  const control = sessionControl(base, opened.id);
  return { id: opened.id, seed: opened.seed, server: base, headers: { [SESSION_HEADER]: opened.id }, control };
}

/** Drops the session: its state, clock, journal and faults are gone, and its id answers 404. */
export async function closeServerSession(session: MockSession): Promise<void> {
  await call(session.server, { method: 'DELETE', path: `/__mock/sessions/${encodeURIComponent(session.id)}` });
}

function sessionControl(server: string, session: string): SessionControl {
  const control = <T>(method: string, path: string, json?: unknown): Promise<T> =>
    call(server, { method, path: `/__mock${path}`, session, ...(json === undefined ? {} : { json }) }) as Promise<T>;
  return {
    reset: async () => {
      await control('POST', '/reset');
    },
    seed: async (seed) => {
      await control('POST', '/seed', { seed });
    },
    getState: () => control('GET', '/state'),
    setState: async (state) => {
      await control('PUT', '/state', state);
    },
    getClock: () => control('GET', '/clock'),
    setClock: (change) => control('POST', '/clock', change),
    journal: (async (options?: JournalHarOptions) => {
      if (options === undefined) return (await control<{ entries: JournalEntry[] }>('GET', '/journal')).entries;
      return control<Har>('GET', `/journal?format=har${options.keepSecrets === true ? '&secrets=keep' : ''}`);
    }) as SessionControl['journal'],
    importRecording: (recording) => control('POST', '/import', recording),
    getFaults: () => control('GET', '/faults'),
    setFaults: (config) => control('PUT', '/faults', config),
  };
}
