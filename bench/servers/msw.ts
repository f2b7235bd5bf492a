/**
 * ticketmock's msw handlers behind msw's `getResponse`, on a `node:http` server: what a
 * request costs through msw (a Fetch `Request` per request, handler matching, a Fetch
 * `Response`) against the standalone adapter, over the same engine with the same
 * settings as `ticketmock serve` (response self-check off). Prints `listening on <url>`.
 */
import { createServer } from 'node:http';
import { getResponse } from 'msw';
import { createMocks } from '../../dist/index.js';

const { handlers } = await createMocks({ validateResponses: false });

const server = createServer(async (incoming, outgoing) => {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = incoming.method ?? 'GET';
  const request = new Request(`http://${incoming.headers.host ?? '127.0.0.1'}${incoming.url ?? '/'}`, {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
  });
  const response = await getResponse(handlers, request);
  if (response === undefined) {
    outgoing.writeHead(404).end();
    return;
  }
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  outgoing.end(Buffer.from(await response.arrayBuffer()));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address !== null && typeof address === 'object')
    process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
