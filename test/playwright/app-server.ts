/**
 * The app under test for the Playwright specs: `app/` served from 127.0.0.1 on a free port.
 * It answers nothing else (404), and remembers every request it saw, which
 * `GET /__seen` lists: a spec proves the mocks answered a request by its absence there.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
};

export interface AppServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startAppServer(): Promise<AppServer> {
  const seen: string[] = [];
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://app');
    if (url.pathname === '/__seen') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(seen));
      return;
    }
    seen.push(`${request.method} ${url.pathname}${url.search}`);
    const served = FILES[url.pathname];
    if (served === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = await readFile(new URL(`./app/${served.file}`, import.meta.url));
    response.writeHead(200, { 'content-type': served.type, 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((closed, failed) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? closed() : failed(error)));
      }),
  };
}
