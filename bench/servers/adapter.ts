/**
 * One standalone adapter over the engine `ticketmock serve` builds (all three APIs, the
 * control API, response self-check off, no `@msw/data` collections), for `npm run bench --
 * --only adapters`: `node` is src/server/server.ts (built), `fastify` the Fastify adapter
 * it replaced (bench/servers/fastify-adapter.ts). Prints `listening on <url>`.
 */
import { Engine } from '../../dist/core/engine.js';
import { modulesFor } from '../../dist/handlers/index.js';
import { startServer } from '../../dist/server/server.js';
import { startFastifyServer } from './fastify-adapter.ts';

const adapter = process.argv[2];
if (adapter !== 'node' && adapter !== 'fastify') throw new Error('usage: adapter.ts node|fastify');
const engine = await Engine.create({
  apis: modulesFor(['octopus', 'auvious', 'adminserver']),
  control: true,
  validateResponses: false,
  collections: false,
});
const server = adapter === 'node' ? await startServer({ engine }) : await startFastifyServer({ engine });
process.stdout.write(`listening on ${server.url}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
