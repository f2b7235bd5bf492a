/**
 * The engine: one pipeline for every API and both adapters (prism's
 * route → validateSecurity → validateInput → mock → validateOutput, as plain steps).
 */
import type { AnyApiModule, RecordingReport } from './api-module.js';
import { type Clock, createClock } from './clock.js';
import {
  type ControlExtras,
  type ControlTarget,
  controlError,
  createControl,
  handleControl,
  type MockControl,
  NO_RECORDINGS,
} from './control.js';
import { type FaultConfig, type FaultRule, latencyOf, preferredStatus, RateCounter, ruleFor } from './faults.js';
import { DROPPED, type MockRequest, type MockResponse } from './http.js';
import { type FaultKind, JOURNAL_BODY_LIMIT, Journal, type JournalExchange } from './journal.js';
import { buildOperationTable, type OperationSpec, type OperationTable, routeOf } from './operation-table.js';
import { precompiledValidators } from './precompiled.js';
import { seededRandom } from './random.js';
import type { ImportSummary } from './recording-import.js';
import type { RecordingKit } from './recording-kit.js';
import { checkResponse } from './response-check.js';
import { createRouter, type Router } from './router.js';
import { Sessions } from './sessions.js';
import { Table, type TableCollection } from './store.js';
import { validateRequest } from './validate-request.js';

export const DEFAULT_SEED = 1;

export interface EngineOptions {
  readonly apis: readonly AnyApiModule[];
  readonly seed?: number;
  readonly clock?: Clock;
  /** Check every answer against the spec and throw on a mismatch (default true). */
  readonly validateResponses?: boolean;
  /** How many requests the journal keeps (default 1000). */
  readonly journalSize?: number;
  /**
   * Keep each journaled request's headers and bodies (response bodies up to 32 KiB) for the
   * journal's HAR (default true; false: the HAR has method, URL and status only). Cost:
   * bench/README.md, "The journal's HAR".
   */
  readonly journalExchanges?: boolean;
  /** Answer the control API under `/__mock/*` (default true). */
  readonly control?: boolean;
  /**
   * Keep each table's records in a `@msw/data` collection that {@link Engine.collections}
   * hands out (default true: `createMocks()`'s `db`). The standalone server, where nobody
   * can reach them, passes false: the tables keep their records in their own index.
   */
  readonly collections?: boolean;
  /**
   * Open sessions on request (`POST /__mock/sessions`, `X-Mock-Session`; default: with the
   * control API). A session's own engine opens none.
   */
  readonly sessions?: boolean;
  /**
   * What the host gives the control API beyond the engine (the devtools page's script, the
   * journal's coverage); a session's engine gets the same.
   */
  readonly devtools?: Omit<ControlExtras, 'journalDetail'>;
  /**
   * Recordings in and out: the journal's HAR and detail, HAR import (src/recording.ts `recordingKit`): Node's `createMocks` and `serve`
   * pass it; a page's mocks get it from the devtools panel ({@link Engine.useRecordingKit}).
   */
  readonly recordings?: RecordingKit | undefined;
}

interface Mounted {
  readonly module: AnyApiModule;
  readonly table: OperationTable;
  state: unknown;
  /** Operations of one API run one at a time: a read-check-write never interleaves. */
  queue: Promise<unknown>;
}

/** The {@link Table}s of an API's state, by the state's own name for each. */
export function tablesOf(state: unknown): [string, Table<object>][] {
  // a stateless API's state may be no object at all (`undefined`): it has no tables
  if (typeof state !== 'object' || state === null) return [];
  return Object.entries(state).filter((entry): entry is [string, Table<object>] => entry[1] instanceof Table);
}

/**
 * What the journal keeps of one request for its HAR: the body as the adapter sends it (JSON
 * serialised now: a stored record may change in place later), cut at {@link JOURNAL_BODY_LIMIT};
 * a request body cut there too (1,000 entries stay within ≈64 MiB whatever the body limits).
 */
function journalExchange(request: MockRequest, response: MockResponse, time: string): JournalExchange {
  const query = request.query.toString();
  let body = response.json !== undefined ? JSON.stringify(response.json) : response.text;
  let truncatedFrom: number | undefined;
  if (body !== undefined && body.length > JOURNAL_BODY_LIMIT) {
    truncatedFrom = new TextEncoder().encode(body).length;
    body = body.slice(0, JOURNAL_BODY_LIMIT);
  }
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (Array.isArray(value)) for (const one of value) headers.push([name, one]);
    else headers.push([name, value]);
  }
  if (response.json !== undefined && response.headers?.['content-type'] === undefined)
    headers.push(['content-type', 'application/json; charset=utf-8']);
  return {
    started: time,
    request: {
      method: request.method,
      url: `${request.origin}${request.path}${query === '' ? '' : `?${query}`}`,
      headers: Object.entries(request.headers),
      body: request.body === undefined ? undefined : request.body.slice(0, JOURNAL_BODY_LIMIT),
    },
    response: {
      status: response.status,
      headers,
      body,
      ...(truncatedFrom === undefined ? {} : { truncatedFrom }),
    },
  };
}

export class Engine implements ControlTarget {
  readonly clock: Clock;
  readonly journal: Journal;
  readonly validateResponses: boolean;
  readonly #journalExchanges: boolean;
  #control: MockControl | undefined;
  readonly #controlOverHttp: boolean;
  readonly #collections: boolean;
  #seed: number;
  #faults: FaultConfig = {};
  readonly #rates = new RateCounter();
  #random: () => number;
  readonly #apis: Mounted[];
  /** Every API's operations in one router: an API is found by the whole template, not a first segment. */
  readonly #router: Router<OperationSpec, Mounted>;
  readonly #sessions: Sessions | undefined;
  readonly #extras: ControlExtras;
  #recordings: RecordingKit | undefined;

  private constructor(options: EngineOptions, apis: Mounted[]) {
    this.clock = options.clock ?? createClock();
    this.journal = new Journal(options.journalSize ?? 1000);
    this.validateResponses = options.validateResponses ?? true;
    this.#journalExchanges = options.journalExchanges ?? true;
    this.#seed = options.seed ?? DEFAULT_SEED;
    this.#random = seededRandom(this.#seed);
    this.#apis = apis;
    this.#controlOverHttp = options.control ?? true;
    this.#collections = options.collections ?? true;
    this.#recordings = options.recordings;
    this.#extras = {
      ...options.devtools,
      journalDetail: () => this.#recordings?.detail(this.journal.kept()) ?? this.journal.entries(),
    };
    this.#sessions =
      (options.sessions ?? this.#controlOverHttp)
        ? new Sessions({
            now: () => this.clock.now(),
            open: async (seed) => {
              const { clock: _shared, ...own } = options;
              const session = await Engine.create({
                ...own,
                seed: seed ?? this.#seed,
                control: true,
                sessions: false,
                recordings: this.#recordings,
              });
              // a session starts from the server's faults as they are when it opens (`serve --delay …`)
              session.faults = this.#faults;
              return session;
            },
          })
        : undefined;
    this.#router = createRouter(
      apis.flatMap((api) => api.table.operations.map((operation) => routeOf(operation, api))),
      (api, operation) => `${api.module.name}.${operation.operationId}`,
    );
  }

  /** Builds the operation tables, checks every operation has a handler, and seeds the state. */
  static async create(options: EngineOptions): Promise<Engine> {
    const mounted = options.apis.map((module) => {
      const table = buildOperationTable(module.outline, precompiledValidators(module.validators, module.name));
      const specified = new Set(table.operations.map((operation) => operation.operationId));
      const implemented = new Set(Object.keys(module.operations));
      const missing = [...specified].filter((id) => !implemented.has(id));
      const unknown = [...implemented].filter((id) => !specified.has(id));
      if (missing.length > 0 || unknown.length > 0) {
        throw new Error(
          `${module.name}: operations without a handler: [${missing}]; handlers without an operation: [${unknown}]`,
        );
      }
      return { module, table, state: undefined, queue: Promise.resolve() };
    });
    const engine = new Engine(options, mounted);
    await engine.reset();
    return engine;
  }

  /** Recordings in and out (./recording-kit.ts), if this engine was given them. */
  get recordings(): RecordingKit | undefined {
    return this.#recordings;
  }

  /**
   * Gives this engine (and the sessions it opens from now on) recordings in and out:
   * the in-page devtools panel does as it mounts, so a page without it does not carry them.
   */
  useRecordings(kit: RecordingKit): void {
    this.#recordings = kit;
  }

  /** The control API on this engine (`mocks.control`, `/__mock/*`): made on first use, from the engine's {@link ControlTarget} side only. */
  get control(): MockControl {
    this.#control ??= createControl(this);
    return this.#control;
  }

  get seed(): number {
    return this.#seed;
  }

  get apiNames(): string[] {
    return this.#apis.map((api) => api.module.name);
  }

  /** The named API's live state (the `db` of `createMocks`). */
  state(api: string): unknown {
    return this.#api(api).state;
  }

  /**
   * The named API's tables as the `@msw/data` collections the mock answers from
   * (`mocks.db.<api>`): every {@link Table} of its live state, by the state's own name for it.
   * After a reset, a seed or an import they are new collections: read them again.
   */
  collections(api: string): Record<string, TableCollection<object>> {
    return Object.fromEntries(tablesOf(this.#api(api).state).map(([name, table]) => [name, table.collection]));
  }

  /** A new state's tables onto `@msw/data` collections, when the engine keeps them. */
  async #attach(state: unknown): Promise<void> {
    if (this.#collections) for (const [, table] of tablesOf(state)) await table.attach();
  }

  #api(name: string): Mounted {
    const api = this.#apis.find((candidate) => candidate.module.name === name);
    if (api === undefined) throw new Error(`no API ${name}`);
    return api;
  }

  /**
   * Back to the seeded dataset (with a new seed if given); clears the journal. Every API's
   * state is built before any is replaced: a request never sees some APIs reset and
   * others not, and a failure leaves everything as it was.
   */
  async reset(seed?: number): Promise<void> {
    const nextSeed = seed ?? this.#seed;
    const states = await Promise.all(
      this.#apis.map(async (api) => {
        const state = await api.module.createState({ seed: nextSeed, clock: this.clock });
        await this.#attach(state);
        return state;
      }),
    );
    this.#seed = nextSeed;
    this.#random = seededRandom(nextSeed);
    this.#apis.forEach((api, index) => {
      api.state = states[index];
    });
    this.journal.clear();
    this.#rates.clear();
  }

  exportState(): { seed: number; apis: Record<string, unknown> } {
    const apis: Record<string, unknown> = {};
    for (const api of this.#apis) apis[api.module.name] = api.module.exportState(api.state);
    return { seed: this.#seed, apis };
  }

  /** Replaces every API's state; all or nothing (a bad document leaves the state as it was). */
  async importState(json: unknown): Promise<void> {
    if (typeof json !== 'object' || json === null || typeof (json as { apis?: unknown }).apis !== 'object') {
      throw new Error('state must be an object {"seed": n, "apis": {…}}');
    }
    const { seed, apis } = json as { seed?: unknown; apis: Record<string, unknown> };
    const nextSeed = typeof seed === 'number' && Number.isInteger(seed) ? seed : this.#seed;
    const next = new Map<Mounted, unknown>();
    for (const api of this.#apis) {
      if (!Object.hasOwn(apis, api.module.name)) throw new Error(`state has no "${api.module.name}"`);
      const state = await api.module.importState(apis[api.module.name], { seed: nextSeed, clock: this.clock });
      await this.#attach(state);
      next.set(api, state);
    }
    this.#seed = nextSeed;
    for (const [api, state] of next) api.state = state;
  }

  /**
   * Adds every resource a recording (a HAR object or its text) shows to the current state,
   * each API on a copy swapped in once all have taken theirs: all or nothing, between two
   * operations. Throws an `Error` saying what is wrong with a recording it cannot read.
   */
  async importRecording(recording: unknown): Promise<ImportSummary> {
    return this.exclusive(async () => {
      const kit = this.#recordings;
      if (kit === undefined) throw new Error(NO_RECORDINGS);
      const routed = kit.route<Mounted>(recording, (method, path) => this.#routeOf(method, path), this.clock.nowMs());
      if (!routed.ok) throw new Error(routed.error);
      const context = { seed: this.#seed, clock: this.clock };
      const next = new Map<Mounted, unknown>();
      const apis: Record<string, RecordingReport> = {};
      for (const api of this.#apis) {
        const calls = routed.value.calls.get(api) ?? [];
        const importer = api.module.importRecording ?? kit.importers[api.module.name];
        if (importer === undefined || calls.length === 0) continue;
        const copy = await api.module.importState(api.module.exportState(api.state), context);
        apis[api.module.name] = await importer(copy, calls, context);
        await this.#attach(copy);
        next.set(api, copy);
      }
      for (const [api, state] of next) api.state = state;
      return { entries: routed.value.entries, routed: routed.value.routed, apis };
    });
  }

  get faults(): FaultConfig {
    return this.#faults;
  }

  set faults(config: FaultConfig) {
    this.#faults = config;
    this.#rates.clear();
  }

  /**
   * The error a transport reports before the engine runs (413 for an oversize body), in
   * the shape of the API the path belongs to.
   */
  errorFor(request: MockRequest, status: number, message: string): MockResponse {
    const api = this.#apiFor(request.path);
    const response =
      api === undefined ? controlError(status, message) : api.module.error(status, message, request, this.clock);
    this.#record(request, null, response, performance.now(), this.clock.now().toISOString());
    return response;
  }

  /**
   * The answer to a request whose body went over the transport's limit: the API's 413
   * where the operation documents one; else the request is answered without its body (an
   * unknown route's 404 or 405, `auth.check`'s own answer): never a status the spec does
   * not document for it.
   */
  async oversize(request: MockRequest, message: string): Promise<MockResponse> {
    const route = this.#router.lookup(request.method, request.path);
    if (route.owner === undefined || (route.kind === 'match' && route.value.responses.has('413'))) {
      return this.errorFor(request, 413, message);
    }
    return this.handle({ ...request, body: undefined });
  }

  /** A recorded request's API and operation, as a live one would be routed (./recording-import.ts). */
  #routeOf(method: string, path: string) {
    const found = this.#router.lookup(method, path);
    return found.kind === 'match'
      ? { api: found.owner, operationId: found.value.operationId, pathParams: found.params }
      : undefined;
  }

  /** The API a path belongs to: the one a route matches, else the one under the longest literal prefix it shares. */
  #apiFor(path: string): Mounted | undefined {
    return this.#router.lookup('GET', path).owner;
  }

  #record(
    request: MockRequest,
    operationId: string | null,
    response: MockResponse,
    started: number,
    time: string,
    fault?: FaultKind,
  ): void {
    this.journal.record(
      {
        method: request.method,
        path: request.path,
        operationId,
        status: response.status,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
        time,
        ...(fault === undefined ? {} : { fault }),
      },
      this.#journalExchanges ? journalExchange(request, response, time) : undefined,
    );
  }

  /** First path segments the engine answers under (the APIs' and `__mock`). */
  get prefixes(): string[] {
    return [...this.#router.prefixes, ...(this.#controlOverHttp ? ['__mock'] : [])];
  }

  /** Whether an API has a route that starts with a variable (or is the root): then it may answer any path. */
  get anyPath(): boolean {
    return this.#router.anyPath;
  }

  /** Answers one request. Throws only on a bug: a response that breaks the spec. */
  async handle(request: MockRequest): Promise<MockResponse> {
    const started = performance.now();
    const time = this.clock.now().toISOString();
    let operationId: string | null = null;
    let fault: FaultKind | undefined;
    const finish = (response: MockResponse): MockResponse => {
      this.#record(request, operationId, response, started, time, fault);
      return response;
    };

    if (this.#sessions !== undefined) {
      const routed = await this.#sessions.route(request);
      if (routed !== undefined) return routed;
    }
    if (this.#controlOverHttp) {
      const controlled = await handleControl(this.control, request, this.#extras);
      if (controlled !== undefined) return controlled;
    }
    const route = this.#router.lookup(request.method, request.path);
    const api = route.owner;
    if (api === undefined) return finish(controlError(404, `no API answers ${request.path}`));
    const { module } = api;
    if (route.kind === 'not-found')
      return finish(module.error(404, `no route ${request.method} ${request.path}`, request, this.clock));
    if (route.kind === 'method-not-allowed') {
      const response = module.error(405, `${request.method} is not allowed on ${request.path}`, request, this.clock);
      return finish({ ...response, headers: { ...response.headers, allow: route.allow.join(', ') } });
    }
    const operation = route.value;
    operationId = `${module.name}.${operation.operationId}`;

    const rule = ruleFor(this.#faults, module.name, operation.operationId);
    const faulted = await this.#fault(api, operation, request, rule);
    fault = faulted?.kind;
    if (faulted?.response !== undefined) return finish(faulted.response);

    const prepared = module.prepare?.(request, operation) ?? request;
    const response = await this.#serialise(api, async () => {
      const auth = await module.authenticate(prepared, operation, api.state, this.clock);
      if (!auth.ok) return auth.error;
      if (!this.#withinRate(api, operation, rule, auth.value)) {
        fault = 'rate-limit';
        return module.error(429, 'too frequent request', prepared, this.clock);
      }
      const input = validateRequest(operation, prepared, route.params);
      if (!input.ok) return module.error(input.error.status, input.error.message, prepared, this.clock);
      const handler = module.operations[operation.operationId];
      if (handler === undefined) throw new Error(`${operationId} has no handler`);
      return handler({
        // biome-ignore lint/suspicious/noExplicitAny: validated against this operation's spec, which its generated type mirrors
        input: input.value as any,
        request: prepared,
        operation,
        principal: auth.value,
        state: api.state,
        clock: this.clock,
      });
    });
    if (this.validateResponses) checkResponse(module.name, operation, response);
    return finish(response);
  }

  /**
   * Runs `run` between operations: once every operation already started has finished, and
   * before any other starts (they wait until `run` settles). What `run` reads of the state
   * holds whole operations only, never half of one (an operation that awaits between two
   * changes). Control calls (reset, import) are not operations and do not wait.
   */
  async exclusive<T>(run: () => T | Promise<T>): Promise<T> {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const idle = Promise.all(this.#apis.map((api) => api.queue));
    const held = idle.then(() => released);
    for (const api of this.#apis) api.queue = held;
    try {
      await idle;
      return await run();
    } finally {
      release();
    }
  }

  #serialise(api: Mounted, run: () => Promise<MockResponse>): Promise<MockResponse> {
    const result = api.queue.then(run, run);
    api.queue = result.catch(() => undefined);
    return result;
  }

  /** The rate limit holds only where the spec documents a 429 (the engine never answers an undocumented status). */
  #withinRate(api: Mounted, operation: OperationSpec, rule: FaultRule, principal: unknown): boolean {
    const limit = rule.rateLimitPerSecond;
    if (limit === undefined || !operation.responses.has('429')) return true;
    const caller = api.module.rateLimitKey?.(principal) ?? '*';
    // a route's own rule counts that route's calls; the global rule counts all of them
    const scope = rule === this.#faults ? '*' : operation.operationId;
    return this.#rates.allow(JSON.stringify([api.module.name, scope, caller]), this.clock.nowMs(), limit);
  }

  /** The fault that fired, with the answer it gives instead (none: a delay alone, the request runs). */
  async #fault(
    api: Mounted,
    operation: OperationSpec,
    request: MockRequest,
    rule: FaultRule,
  ): Promise<{ readonly kind: FaultKind; readonly response?: MockResponse } | undefined> {
    // Prism's convention, where the spec gives what the answer needs (else the request runs)
    const wanted = preferredStatus(request.headers.prefer);
    const canned = wanted === undefined ? undefined : operation.examples.get(wanted);
    if (canned !== undefined) {
      const status = Number(wanted);
      const { body, headers } = canned;
      if (body === undefined) return { kind: 'prefer', response: { status, headers: { ...headers } } };
      if (body.mediaType === 'application/json')
        return { kind: 'prefer', response: { status, headers: { ...headers }, json: body.value } };
      const text = typeof body.value === 'string' ? body.value : JSON.stringify(body.value);
      return { kind: 'prefer', response: { status, headers: { ...headers, 'content-type': body.mediaType }, text } };
    }
    const latency = latencyOf(rule, this.#random);
    if (latency > 0) await new Promise((resolveDelay) => setTimeout(resolveDelay, latency));
    if (rule.dropRate !== undefined && rule.dropRate > 0 && this.#random() < rule.dropRate)
      return { kind: 'drop', response: DROPPED };
    if (rule.errorRate !== undefined && rule.errorRate > 0 && this.#random() < rule.errorRate) {
      return {
        kind: 'error',
        response: api.module.error(rule.errorStatus ?? 500, 'injected fault (PUT /__mock/faults)', request, this.clock),
      };
    }
    return latency > 0 ? { kind: 'latency' } : undefined;
  }
}
