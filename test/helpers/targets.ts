/**
 * One suite, many targets (hono's `*.case.test.ts`): the same cases run against the mocks
 * in-process (msw `setupServer` + fetch) and against the standalone server on port 0.
 * vitest.config.ts runs each `*.case.test.ts` file once per target, in a project of that
 * target's name; the file asks `caseTarget()` which one it is.
 */
import http from 'node:http';
import { setupServer } from 'msw/node';
import { inject } from 'vitest';
import type { ApiName } from '../../src/apis.ts';
import { createClock } from '../../src/core/clock.ts';
import { Engine } from '../../src/core/engine.ts';
import { modulesFor } from '../../src/handlers/index.ts';
import { createMocks } from '../../src/mocks.ts';
import { startServer } from '../../src/server/server.ts';
import { TARGET_NAMES, type TargetName } from './target-names.ts';

/** Where every suite's clock starts; tests move it through `/__mock/clock`. */
export const T0 = '2026-05-01T10:00:00.000Z';

export interface Target {
  readonly name: string;
  readonly baseUrl: string;
  close(): Promise<void>;
}

export interface TargetFactory {
  readonly name: string;
  start(apis: readonly ApiName[], seed?: number): Promise<Target>;
}

export const inProcess: TargetFactory = {
  name: 'in-process (msw setupServer)',
  async start(apis, seed = 1) {
    const baseUrl = 'http://ticketmock.test';
    // Any origin: a request that overrides Host (the event's join URL) is addressed to that
    // host. Test files run in workers of their own, and nothing unhandled may leave.
    const mocks = await createMocks({ apis, seed, clock: createClock({ now: T0 }), validateResponses: true });
    const server = setupServer(...mocks.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    return {
      name: this.name,
      baseUrl,
      close: async () => server.close(),
    };
  },
};

export const standalone: TargetFactory = {
  name: 'standalone server',
  async start(apis, seed = 1) {
    const engine = await Engine.create({
      apis: modulesFor(apis),
      seed,
      clock: createClock({ now: T0 }),
      validateResponses: true,
    });
    const server = await startServer({ engine, port: 0 });
    return { name: this.name, baseUrl: server.url, close: () => server.close() };
  },
};

/**
 * The target of the vitest project running this `*.case.test.ts` file (vitest.config.ts
 * provides it). Throws when no project provides one: a case suite run under another config
 * would otherwise test nothing in particular.
 */
export function caseTargetName(): TargetName {
  const name = inject('target');
  if (!TARGET_NAMES.includes(name)) {
    throw new Error(
      `no target provided (got ${String(name)}): run *.case.test.ts files through vitest.config.ts, whose projects ${TARGET_NAMES.join(' and ')} provide one`,
    );
  }
  return name;
}

const factories: Record<TargetName, TargetFactory> = { 'in-process': inProcess, standalone };

/** The factory of `caseTargetName()`'s target. */
export function caseTarget(): TargetFactory {
  return factories[caseTargetName()];
}

function viaNodeHttp(url: string, method: string, headers: Headers, body: string | null): Promise<Response> {
  return new Promise((resolve, reject) => {
    const outgoing: Record<string, string> = {};
    headers.forEach((value, name) => {
      outgoing[name] = value;
    });
    // http.request, looked up at call time: msw patches the module's property in-process.
    const request = http.request(url, { method, headers: outgoing }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        resolve(new Response(Buffer.concat(chunks), { status: response.statusCode ?? 500, headers: responseHeaders }));
      });
    });
    request.on('error', reject);
    request.end(body ?? undefined);
  });
}

/** A small client for one target: JSON in, status/headers/body out. */
export function client(target: () => Target) {
  const call = async (
    method: string,
    path: string,
    options: { headers?: Record<string, string>; json?: unknown; form?: Record<string, string>; body?: string } = {},
  ) => {
    const headers = new Headers(options.headers);
    let body: string | null = options.body ?? null;
    if (options.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(options.json);
    } else if (options.form !== undefined) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(options.form).toString();
    }
    // fetch drops a Host header (forbidden in the Fetch spec); node:http sends it, and msw
    // intercepts node:http in-process as it does fetch.
    const response = headers.has('host')
      ? await viaNodeHttp(target().baseUrl + path, method, headers, body)
      : await fetch(target().baseUrl + path, { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    // biome-ignore lint/suspicious/noExplicitAny: tests read response fields directly; the engine has already checked them against the spec
    return { status: response.status, headers: response.headers, text, json: json as any };
  };
  return {
    call,
    state: async () => (await call('GET', '/__mock/state')).text,
    advance: (seconds: number) => call('POST', '/__mock/clock', { json: { advanceSeconds: seconds } }),
  };
}

/** This Node's own message for `JSON.parse(text)` (V8 words it differently across versions). */
export function jsonParseError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} is valid JSON`);
}
