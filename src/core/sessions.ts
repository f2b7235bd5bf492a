/**
 * Sessions on one mock (DESIGN.md, second round): parallel test workers each get a mock of
 * their own — state, clock, journal and faults — on one server. `POST /__mock/sessions`
 * opens one, a request carrying `X-Mock-Session: <id>` (an API call or a control call) is
 * answered by it, `DELETE /__mock/sessions/<id>` drops it. An id nobody opened, or one
 * dropped, is a 404 and never the default state: a test that lost its session must fail,
 * not pass on somebody else's data.
 */
import { CONTROL_PREFIX, controlError } from './control.js';
import type { MockRequest, MockResponse } from './http.js';

/** The request header that names a session (lower case, as {@link MockRequest.headers} holds it). */
export const SESSION_HEADER = 'x-mock-session';

const SESSIONS_PATH = `${CONTROL_PREFIX}/sessions`;

/** What a session is: a mock of its own that answers requests. */
export interface SessionMock {
  handle(request: MockRequest): Promise<MockResponse>;
}

export interface SessionsOptions {
  /** A new mock seeded with `seed` (the server's own seed when the opener names none). */
  readonly open: (seed: number | undefined) => Promise<SessionMock & { readonly seed: number }>;
  /** When a session was opened (the default mock's clock). */
  readonly now: () => Date;
  /** How many may be open at once (default 256); one more is refused with 429. */
  readonly limit?: number;
}

interface OpenSession {
  readonly id: string;
  readonly mock: SessionMock;
  readonly seed: number;
  readonly createdAt: string;
}

/** The 404 DESIGN.md fixes for a session that does not exist (or no longer). */
const noSession = (id: string): MockResponse => ({ status: 404, json: { error: `no session ${id}` } });

export class Sessions {
  readonly #open = new Map<string, OpenSession>();
  readonly #options: SessionsOptions;

  constructor(options: SessionsOptions) {
    this.#options = options;
  }

  /**
   * Answers a request that is the sessions' business: a call to `/__mock/sessions[/<id>]`
   * (whoever sends it), or any request naming a session (answered by that session, or 404).
   * `undefined` for the rest, which the default mock answers.
   */
  async route(request: MockRequest): Promise<MockResponse | undefined> {
    if (request.path === SESSIONS_PATH || request.path.startsWith(`${SESSIONS_PATH}/`)) return this.#control(request);
    const id = request.headers[SESSION_HEADER];
    if (id === undefined) return undefined;
    const session = this.#open.get(id.trim());
    return session === undefined ? noSession(id) : session.mock.handle(request);
  }

  async #control(request: MockRequest): Promise<MockResponse> {
    const rest = request.path.slice(SESSIONS_PATH.length);
    if (rest === '' || rest === '/') {
      if (request.method === 'GET') return { status: 200, json: { sessions: [...this.#open.values()].map(describe) } };
      if (request.method === 'POST') return this.#create(request.body);
      return controlError(405, `${request.method} is not allowed on ${SESSIONS_PATH}`);
    }
    const id = decodeSegment(rest.slice(1));
    if (id === undefined || id.includes('/'))
      return controlError(404, `no control route ${request.method} ${request.path}`);
    const session = this.#open.get(id);
    if (session === undefined) return noSession(id);
    if (request.method === 'GET') return { status: 200, json: describe(session) };
    if (request.method === 'DELETE') {
      this.#open.delete(id);
      return { status: 204 };
    }
    return controlError(405, `${request.method} is not allowed on ${SESSIONS_PATH}/<id>`);
  }

  async #create(text: string | undefined): Promise<MockResponse> {
    let seed: number | undefined;
    if (text !== undefined && text.trim() !== '') {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (error) {
        return controlError(400, `malformed JSON: ${(error as Error).message}`);
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        return controlError(400, 'send {"seed": <integer>} or nothing');
      const given = (body as { seed?: unknown }).seed;
      if (given !== undefined && (typeof given !== 'number' || !Number.isSafeInteger(given) || given < 0)) {
        return controlError(400, 'seed must be a non-negative integer');
      }
      seed = given as number | undefined;
    }
    const limit = this.#options.limit ?? 256;
    if (this.#open.size >= limit) {
      return controlError(
        429,
        `${limit} sessions are open, the most this server keeps: DELETE /__mock/sessions/<id> first`,
      );
    }
    const mock = await this.#options.open(seed);
    const id = globalThis.crypto.randomUUID();
    const session: OpenSession = { id, mock, seed: mock.seed, createdAt: this.#options.now().toISOString() };
    this.#open.set(id, session);
    return { status: 201, headers: { location: `${SESSIONS_PATH}/${id}` }, json: describe(session) };
  }
}

const describe = (session: OpenSession) => ({ id: session.id, seed: session.seed, createdAt: session.createdAt });

function decodeSegment(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
