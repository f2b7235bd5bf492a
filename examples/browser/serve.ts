/**
 * A tiny static server for the browser example's `dist/` (node:http, no dependency).
 * It knows nothing of the APIs: every API request the page makes is answered by msw's
 * service worker before it could reach this server.
 *
 *   tsx examples/browser/serve.ts [--port 5173] [--root examples/browser/dist]
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DIST_DIR } from './build.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface StaticServerOptions {
  /** The folder to serve (default: the example's dist/). */
  readonly root?: string;
  /** Default 5173; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Called with every request's method and path, before it is answered. */
  readonly onRequest?: (method: string, path: string) => void;
  /**
   * The page's Content-Security-Policy (default {@link STRICT_CSP}): the mocks run under a
   * policy without `'unsafe-eval'`, as a strict app's pages do.
   */
  readonly csp?: string;
}

/** No inline script, no `eval`/`new Function`: what a page with a strict policy allows. */
export const STRICT_CSP = "script-src 'self'";

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** The file a URL path names under root, or undefined when it would leave root. */
function fileFor(root: string, pathname: string): string | undefined {
  const file = resolve(root, `.${pathname.endsWith('/') ? `${pathname}index.html` : pathname}`);
  const inside = relative(root, file);
  return inside.startsWith(`..${sep}`) || inside === '..' ? undefined : file;
}

export function startStaticServer(options: StaticServerOptions = {}): Promise<StaticServer> {
  const root = resolve(options.root ?? DIST_DIR);
  const host = options.host ?? '127.0.0.1';
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    options.onRequest?.(request.method ?? 'GET', url.pathname);
    const reply = (status: number, text: string) => {
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return reply(405, 'Method Not Allowed');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return reply(400, 'Bad Request');
    }
    let file = fileFor(root, pathname);
    if (file === undefined) return reply(404, 'Not Found');
    try {
      let stats = await stat(file);
      if (stats.isDirectory()) {
        file = join(file, 'index.html');
        stats = await stat(file);
      }
      response.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': stats.size,
        'cache-control': 'no-store',
        'content-security-policy': options.csp ?? STRICT_CSP,
      });
      if (request.method === 'HEAD') response.end();
      else createReadStream(file).pipe(response);
    } catch {
      reply(404, 'Not Found');
    }
  });
  return new Promise((resolveStart, rejectStart) => {
    server.once('error', rejectStart);
    server.listen(options.port ?? 5173, host, () => {
      server.off('error', rejectStart);
      const { port } = server.address() as AddressInfo;
      resolveStart({
        url: `http://${host}:${port}`,
        server,
        close: () =>
          new Promise<void>((resolveClose, rejectClose) => {
            server.close((error) => (error ? rejectClose(error) : resolveClose()));
            server.closeAllConnections();
          }),
      });
    });
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '5173' }, root: { type: 'string' } },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`--port must be a port number, not ${values.port}\n`);
    process.exit(2);
  }
  try {
    const { url } = await startStaticServer({ port, ...(values.root === undefined ? {} : { root: values.root }) });
    process.stdout.write(`ticketmock browser example on ${url}/ (Ctrl+C to stop)\n`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(
      code === 'EADDRINUSE' ? `port ${port} is taken; try --port <n>\n` : `cannot serve: ${String(error)}\n`,
    );
    process.exit(1);
  }
}
