/**
 * The reference of `npm run bench`: the practical limit of a Node server on this machine.
 * A raw `node:http` server that answers `GET /security/ticket/{id}` with a ticket from a
 * `Map` (serialised per request, as any server serialises its answer), and `POST
 * /security/ticket` by reading the body, parsing it, storing a ticket of the same shape
 * (the first ticket's fields under the body's) with a counter's id and answering it (no
 * validation: the floor of a write); 404 otherwise. The tickets come as a
 * JSON array in `BENCH_TICKETS`; it prints `listening on <url>`.
 */
import { createServer } from 'node:http';

const seeded = JSON.parse(process.env.BENCH_TICKETS ?? '[]') as { id: string }[];
const tickets = new Map<string, unknown>(seeded.map((ticket) => [ticket.id, ticket]));
const template = seeded[0] ?? {};

const PREFIX = '/security/ticket/';
let created = 0;
const server = createServer((request, response) => {
  const url = request.url ?? '/';
  if (request.method === 'POST' && url === '/security/ticket') {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      created += 1;
      // a ticket of the shape ticketmock answers: the template's fields, the body's, a new id
      const ticket = { ...template, ...JSON.parse(Buffer.concat(chunks).toString('utf8')), id: `r${created}` };
      tickets.set(ticket.id, ticket);
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(ticket));
    });
    return;
  }
  const ticket = request.method === 'GET' && url.startsWith(PREFIX) ? tickets.get(url.slice(PREFIX.length)) : undefined;
  if (ticket === undefined) {
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not Found"}');
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(ticket));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address !== null && typeof address === 'object')
    process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
