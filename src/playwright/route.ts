/**
 * The mocks mounted on a browser context through Playwright's request interception
 * (`context.route`), the way `@msw/playwright` mounts msw's handlers: no service worker and
 * no worker file. A request to one of the mock's paths (on the given origins, or any) becomes
 * a Fetch `Request`, is answered by `answer` (msw's `getResponse` over the handlers, in
 * process) and fulfils the route; every other request goes on as if no route were there.
 */
import type { BrowserContext, Request as PlaywrightRequest, Route } from '@playwright/test';

/** The answer to one request: a Response, or `undefined` to let the request pass. */
export type Answer = (request: Request) => Promise<Response | undefined>;

export interface MountOptions {
  /** First path segments the mock answers under (`security`, `rest`, `__mock`…). */
  readonly prefixes: readonly string[];
  /** Only these origins (`https://auvious.example`); default: any origin. */
  readonly origins?: readonly string[];
  readonly answer: Answer;
  /**
   * An answer that could not be given (a `ContractViolation`, a bug): the request fails as a
   * network error in the page, and the error is handed here for the test to report.
   */
  readonly onError: (error: unknown) => void;
}

/** Mounts the mocks on `context`; resolves to the undo. */
export async function mountMocks(context: BrowserContext, options: MountOptions): Promise<() => Promise<void>> {
  const prefixes = new Set(options.prefixes);
  const origins =
    options.origins === undefined ? undefined : new Set(options.origins.map((url) => new URL(url).origin));
  const matches = (url: URL): boolean =>
    (origins === undefined || origins.has(url.origin)) && prefixes.has(url.pathname.split('/')[1] ?? '');

  const handler = async (route: Route): Promise<void> => {
    let response: Response | undefined;
    const request = route.request();
    try {
      response = await options.answer(await toFetchRequest(request));
    } catch (error) {
      options.onError(error);
      await route.abort('failed');
      return;
    }
    if (response === undefined) await route.fallback();
    // msw's network error: the mock dropped the connection (a `dropRate` fault)
    else if (response.type === 'error') await route.abort('failed');
    else await route.fulfill(await toFulfilment(response, request));
  };

  await context.route(matches, handler);
  let closed = false;
  context.once('close', () => {
    closed = true;
  });
  return async () => {
    if (!closed) await context.unroute(matches, handler);
  };
}

/** The request as the Fetch API has it: method, URL, every header (cookies too), body. */
async function toFetchRequest(request: PlaywrightRequest): Promise<Request> {
  const headers = new Headers();
  for (const { name, value } of await request.headersArray()) {
    // HTTP/2 pseudo-headers (`:authority`) are no header a Fetch Request can carry
    if (!name.startsWith(':')) headers.append(name, value);
  }
  const method = request.method();
  const body = method === 'GET' || method === 'HEAD' ? null : request.postDataBuffer();
  return new Request(request.url(), {
    method,
    headers,
    ...(body === null ? {} : { body: new Uint8Array(body) }),
  });
}

/**
 * The route's fulfilment of a Response. A page of another origin gets the grant the
 * standalone server gives on its API routes (that origin, with credentials, and the
 * `Location` and `Allow` headers readable); Playwright answers the preflight itself.
 * ticketmock's answers carry one `Set-Cookie` at most, which the header object holds.
 */
async function toFulfilment(response: Response, request: PlaywrightRequest) {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const origin = await request.headerValue('origin');
  if (origin !== null && origin !== new URL(request.url()).origin) {
    headers['access-control-allow-origin'] = origin;
    headers['access-control-allow-credentials'] = 'true';
    headers['access-control-expose-headers'] = 'location, allow';
    headers.vary = headers.vary === undefined ? 'Origin' : `${headers.vary}, Origin`;
  }
  return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
}
