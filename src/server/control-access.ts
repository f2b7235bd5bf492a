/**
 * Who may use the control plane (`/__mock/*`) of the standalone server: it reads and
 * replaces every API's data, resets it, moves the clock and injects faults, so it answers
 * only the people running the mock (issue 20; the class of hole Vite closed in
 * CVE-2025-24010):
 *
 * - the `Host` must name a loopback address (`localhost`, `127.0.0.1`, `[::1]`), the address
 *   the server listens on, or one of `--allowed-hosts`: a DNS-rebinding page, whose requests
 *   carry its own name, gets 403;
 * - a browser request from another origin (its `Origin` header) must come from a loopback
 *   origin, the server's own, or one of `--control-origins`: any other gets 403 and no CORS
 *   grant, preflight included. Refused outright, not merely left without CORS: a
 *   cross-origin `POST` a page sends in `no-cors` mode would otherwise still reset the data;
 * - with `--control-token` (or `TICKETMOCK_CONTROL_TOKEN`), every control request needs
 *   `Authorization: Bearer <token>` or `X-Mock-Token: <token>` (401 without it), but for
 *   the devtools page's static files ({@link isDevtoolsAsset}).
 *
 * Non-browser clients (curl, the contract suite) send no `Origin` and a loopback `Host`, so
 * they are unaffected; so are the API routes, which any dev origin may call. In a page the
 * control routes are answered by msw inside that page only, so the lock is the server's.
 */
import { timingSafeEqual } from 'node:crypto';
import { CONTROL_PREFIX } from '../core/control.js';

export interface ControlAccess {
  /** The address the server listens on (`--host`): its name is a valid `Host`. */
  readonly listenHost: string;
  /** Further host names a control request may name (`--allowed-hosts`), without port. */
  readonly allowedHosts?: readonly string[];
  /** Further origins granted the control plane (`--control-origins`), e.g. `https://app.test:8443`. */
  readonly origins?: readonly string[];
  /** When set, every control request must carry it. */
  readonly token?: string | undefined;
}

export interface Refusal {
  readonly status: 401 | 403;
  readonly message: string;
  readonly headers?: Record<string, string>;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * The devtools page and its script (`GET /__mock/ui`, `/__mock/ui/panel.js`): static, with no
 * data and no secret, so a browser may load them without the token (it cannot send one on a
 * navigation); the page then asks its user for the token and sends it on every control call.
 * The `Host` and `Origin` rules still hold.
 */
export const isDevtoolsAsset = (method: string, path: string): boolean =>
  method === 'GET' &&
  (path === `${CONTROL_PREFIX}/ui` || path === `${CONTROL_PREFIX}/ui/` || path === `${CONTROL_PREFIX}/ui/panel.js`);

export const isControlPath = (path: string): boolean =>
  path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);

/** The host name of a `Host` header (port dropped, lower case); undefined when it is none. */
export function hostName(host: string | undefined): string | undefined {
  if (host === undefined || host === '') return undefined;
  try {
    const name = new URL(`http://${host}`).hostname;
    return name === '' ? undefined : name;
  } catch {
    return undefined;
  }
}

const unbracketed = (name: string): string => (name.startsWith('[') ? name.slice(1, -1) : name);

function hostAllowed(host: string | undefined, access: ControlAccess): boolean {
  const name = hostName(host);
  if (name === undefined) return false;
  if (LOOPBACK.has(name)) return true;
  const listening = hostName(access.listenHost.includes(':') ? `[${access.listenHost}]` : access.listenHost);
  if (listening !== undefined && listening === name && !isWildcard(access.listenHost)) return true;
  return (access.allowedHosts ?? []).some((allowed) => unbracketed(allowed.toLowerCase()) === unbracketed(name));
}

/** `0.0.0.0` and `::` listen everywhere: they name no host a client could send. */
const isWildcard = (address: string): boolean => address === '0.0.0.0' || address === '::' || address === '[::]';

/** Whether the server listens where others than this machine can reach it (127.0.0.0/8 and ::1 cannot). */
export function listensBeyondLoopback(address: string): boolean {
  const name = unbracketed(address.toLowerCase());
  return !(name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name));
}

/** Whether `origin` may use the control plane of a server reached as `host`. */
export function originAllowed(origin: string, host: string | undefined, access: ControlAccess): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // `null` (a sandboxed frame, a file) and anything else unreadable
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (LOOPBACK.has(url.hostname)) return true;
  // the server's own pages (a same-origin request carries Origin too, on POST and PUT)
  if (host !== undefined && url.host === host.toLowerCase()) return true;
  return (access.origins ?? []).some((allowed) => allowed.replace(/\/+$/, '').toLowerCase() === url.origin);
}

function tokenOf(headers: Readonly<Record<string, string | undefined>>): string | undefined {
  const mock = headers['x-mock-token'];
  if (mock !== undefined) return mock;
  const bearer = /^Bearer +(.+)$/i.exec(headers.authorization ?? '');
  return bearer?.[1]?.trim();
}

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Why a control request (preflight included) is refused, or undefined when it may go on.
 * `headers` are the request's, names in lower case.
 */
export function controlRefusal(
  headers: Readonly<Record<string, string | undefined>>,
  access: ControlAccess,
  preflight = false,
  request?: { readonly method: string; readonly path: string },
): Refusal | undefined {
  if (!hostAllowed(headers.host, access)) {
    return {
      status: 403,
      message: `the control API answers only requests to localhost, 127.0.0.1, [::1] or --allowed-hosts, not Host ${JSON.stringify(headers.host ?? '')}`,
    };
  }
  const origin = headers.origin;
  if (origin !== undefined && !originAllowed(origin, headers.host, access)) {
    return {
      status: 403,
      message: `the control API answers no page from ${origin} (loopback origins and --control-origins only)`,
    };
  }
  // a preflight carries no credentials: the request it asks for is checked when it comes
  if (preflight || access.token === undefined) return undefined;
  if (request !== undefined && isDevtoolsAsset(request.method, request.path)) return undefined;
  const token = tokenOf(headers);
  if (token === undefined || !sameSecret(token, access.token)) {
    return {
      status: 401,
      message: `the control API needs its token (Authorization: Bearer <token> or X-Mock-Token: <token>)${token === undefined ? '' : ': this one is wrong'}`,
      headers: { 'www-authenticate': 'Bearer realm="ticketmock control"' },
    };
  }
  return undefined;
}
