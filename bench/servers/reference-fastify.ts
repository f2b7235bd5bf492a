/**
 * The reference (bench/servers/reference.ts) on Fastify used as Fastify is meant to be used:
 * two routes, its own JSON parser, `reply.send` of an object. No engine: what Fastify alone
 * costs per request over raw `node:http`, the floor under any Fastify adapter. Same data
 * (`BENCH_TICKETS`), same answers; prints `listening on <url>`.
 */
import Fastify from 'fastify';

const seeded = JSON.parse(process.env.BENCH_TICKETS ?? '[]') as { id: string }[];
const tickets = new Map<string, unknown>(seeded.map((ticket) => [ticket.id, ticket]));
const template = seeded[0] ?? {};

let created = 0;
const fastify = Fastify({ logger: false });
fastify.get<{ Params: { id: string } }>('/security/ticket/:id', async (request, reply) => {
  const ticket = tickets.get(request.params.id);
  if (ticket === undefined) return reply.code(404).send({ error: 'Not Found' });
  return ticket;
});
fastify.post<{ Body: Record<string, unknown> }>('/security/ticket', async (request) => {
  created += 1;
  const ticket = { ...template, ...request.body, id: `r${created}` };
  tickets.set(ticket.id, ticket);
  return ticket;
});
await fastify.listen({ host: '127.0.0.1', port: 0 });
const address = fastify.server.address();
if (address !== null && typeof address === 'object')
  process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`);
process.once('SIGTERM', () => void fastify.close().then(() => process.exit(0)));
