/**
 * `serve --state` under disk and process faults (issue 15), through the CLI as users run it:
 * a real tmpfs of 300 KiB filled through the API (every 2xx on disk, memory equal to disk,
 * 503 with Retry-After for the rest, reads answered, writes back once there is room); SIGKILL
 * at random points of a burst that fills it (the file loads and holds what was acknowledged,
 * nothing that was refused); two servers on one file; and every change the contract suite
 * makes, read back from the file.
 */
import { mkdtemp, readdir, readFile, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runContract } from '../../src/contract/index.ts';
import { Engine } from '../../src/core/engine.ts';
import { modulesFor } from '../../src/handlers/index.ts';
import { readStateFile } from '../../src/server/state-file.ts';
import { collect, exitCode, killAll, serve, ticketmock } from '../helpers/cli.ts';
import { mountTmpfs, type Tmpfs, tmpfsUnavailable } from '../helpers/tmpfs.ts';

const AUVIOUS = { authorization: 'Bearer auvious-demo-token', 'content-type': 'application/json' };

interface Ticket {
  id: string;
  properties: { tag?: string };
}
interface State {
  seed: unknown;
  apis: { auvious: { tickets: Ticket[] } } & Record<string, unknown>;
}

const stateOf = async (url: string): Promise<State> => (await (await fetch(`${url}/__mock/state`)).json()) as State;
const tags = (state: State): string[] => state.apis.auvious.tickets.flatMap((ticket) => ticket.properties.tag ?? []);
const sorted = (values: readonly string[]) => [...values].sort();

/** One Auvious create tagged `tag`: its status, id (on 200), Retry-After and body. */
async function create(url: string, tag: string, signal?: AbortSignal) {
  const response = await fetch(`${url}/security/ticket`, {
    method: 'POST',
    headers: AUVIOUS,
    body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: { tag } }),
    ...(signal === undefined ? {} : { signal }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
}

/** Asserts a refusal is Auvious's own 503 (Spring's shape) with Retry-After. */
function expectRefusal(answer: { status: number; retryAfter: string | null; body: Record<string, unknown> }): void {
  expect(answer.status).toBe(503);
  expect(answer.retryAfter).toBe('1');
  expect(answer.body).toMatchObject({ status: 503, error: 'Service Unavailable', path: '/security/ticket' });
  expect(answer.body.message).toMatch(/ENOSPC/);
}

let keys: Engine;
beforeAll(async () => {
  // the tables' keys, to read the file back as the server does
  keys = await Engine.create({ apis: modulesFor(['auvious']), collections: false });
});
afterEach(killAll);

const unavailable = tmpfsUnavailable();
if (unavailable !== undefined) console.warn(`test/server/state-durability.test.ts: ${unavailable}`);

describe.skipIf(unavailable !== undefined)(
  'serve --state on a full disk (a real 300 KiB tmpfs)',
  { timeout: 300_000 },
  () => {
    let disk: Tmpfs;
    beforeAll(() => {
      disk = mountTmpfs(300);
    });
    afterAll(() => disk?.unmount());
    afterEach(async () => {
      killAll();
      for (const name of await readdir(disk.path)) await rm(join(disk.path, name), { force: true });
      disk.resize(300);
    });

    it('acknowledges only what is on disk, refuses the rest with 503 and Retry-After, answers reads, and resumes once there is room', async () => {
      const file = join(disk.path, 'state.json');
      const { child, url } = await serve('--port', '0', '--quiet', '--api', 'auvious', '--state', file);
      const seeded = await stateOf(url);
      const acknowledged: { id: string; tag: string }[] = [];
      let refused = 0;
      // concurrent waves (group commits) until the disk has refused a good many
      for (let wave = 0; refused < 60 && wave < 200; wave += 1) {
        const answers = await Promise.all(
          Array.from({ length: 25 }, async (_, index) => {
            const tag = `w${wave}-${index}`;
            return { tag, answer: await create(url, tag) };
          }),
        );
        for (const { tag, answer } of answers) {
          if (answer.status === 200) acknowledged.push({ id: answer.body.id as string, tag });
          else {
            expectRefusal(answer);
            refused += 1;
          }
        }
      }
      expect(refused).toBeGreaterThanOrEqual(60);
      expect(acknowledged.length).toBeGreaterThan(300);

      // reads go on
      const read = await fetch(`${url}/security/ticket/${acknowledged[0]?.id}`, { headers: AUVIOUS });
      expect(read.status).toBe(200);
      const memory = await stateOf(url);
      const onDisk = (await readStateFile(file, keys)) as State;
      expect(onDisk).toEqual(memory);
      // exactly the seeded tickets and the acknowledged ones: nothing refused was kept
      expect(sorted(memory.apis.auvious.tickets.map((ticket) => ticket.id))).toEqual(
        sorted([...seeded.apis.auvious.tickets.map((ticket) => ticket.id), ...acknowledged.map((ticket) => ticket.id)]),
      );

      // a reset rewrites the file whole: refused too (the control API's shape), the data as it was
      const reset = await fetch(`${url}/__mock/reset`, { method: 'POST' });
      expect(reset.status).toBe(503);
      expect(reset.headers.get('retry-after')).toBe('1');
      expect(await reset.json()).toMatchObject({ error: { code: 503 } });
      expect(await stateOf(url)).toEqual(memory);

      console.info(
        `full disk: ${acknowledged.length} acknowledged, ${refused} refused; Auvious tickets on disk ` +
          `${onDisk.apis.auvious.tickets.length}, in memory ${memory.apis.auvious.tickets.length} ` +
          `(${seeded.apis.auvious.tickets.length} seeded)`,
      );

      // room again: the next writes succeed
      disk.resize(2048);
      for (let index = 0; index < 20; index += 1) expect((await create(url, `after-${index}`)).status).toBe(200);
      expect(await readStateFile(file, keys)).toEqual(await stateOf(url));
      child.kill('SIGTERM');
      expect(await exitCode(child)).toBe(0);
    });

    it('leaves a file that loads and holds what was acknowledged, and nothing refused, when killed at random points of a burst that fills the disk', async () => {
      const file = join(disk.path, 'state.json');
      let refusedInAll = 0;
      for (let round = 0; round < 5; round += 1) {
        for (const name of await readdir(disk.path)) await rm(join(disk.path, name), { force: true });
        disk.resize(300);
        const { child, url } = await serve('--port', '0', '--quiet', '--api', 'auvious', '--state', file);
        // near the full point, not at it: a few pages left (≈10 creates a page), so the burst fills the disk
        const pagesLeft = Math.floor(Math.random() * 12);
        const kept: string[] = [];
        const ids = new Map<string, string>();
        for (let index = 0; Number((await statfs(disk.path)).bavail) > pagesLeft; index += 25) {
          const answers = await Promise.all(
            Array.from({ length: 25 }, async (_, offset) => ({
              tag: `p${index + offset}`,
              answer: await create(url, `p${index + offset}`),
            })),
          );
          for (const { tag, answer } of answers) {
            if (answer.status === 200) {
              kept.push(tag);
              ids.set(tag, answer.body.id as string);
            }
          }
        }
        const killAfter = 40 + Math.floor(Math.random() * 240);
        const context = `round ${round}: ${pagesLeft} pages left, killed after ${killAfter} answers`;
        const acknowledged = new Set(kept);
        const refused = new Set<string>();
        const deleted = new Set<string>();
        const undeleted = new Set<string>();
        // deletes the kill cut off before their answer: applied or not, either is right
        const unanswered = new Set<string>();
        let answered = 0;
        const signal = AbortSignal.timeout(20_000);
        const unexpected: string[] = [];
        /** Runs one request; undefined when the server died under it (neither acknowledged nor refused). */
        const attempt = async <T>(send: () => Promise<T>): Promise<T | undefined> => {
          try {
            const result = await send();
            answered += 1;
            if (answered === killAfter) child.kill('SIGKILL');
            return result;
          } catch {
            return undefined;
          }
        };
        // creates, and deletes of tickets acknowledged before, in concurrent waves
        for (let wave = 0; wave < 15 && child.exitCode === null && child.signalCode === null; wave += 1) {
          await Promise.all(
            Array.from({ length: 20 }, async (_, index) => {
              if (index % 5 === 4 && kept.length > 0) {
                const tag = kept.splice(Math.floor(Math.random() * kept.length), 1)[0] as string;
                const status = await attempt(async () => {
                  const response = await fetch(`${url}/security/ticket/${ids.get(tag)}`, {
                    method: 'DELETE',
                    headers: AUVIOUS,
                    signal,
                  });
                  await response.arrayBuffer();
                  return response.status;
                });
                if (status === undefined) {
                  unanswered.add(tag);
                  return;
                }
                if (status < 300) deleted.add(tag);
                else if (status === 503) undeleted.add(tag);
                else unexpected.push(`DELETE ${status}`);
                return;
              }
              const tag = `b${wave}-${index}`;
              const answer = await attempt(() => create(url, tag, signal));
              if (answer === undefined) return;
              if (answer.status === 200) acknowledged.add(tag);
              else if (answer.status === 503 && answer.retryAfter === '1') refused.add(tag);
              else unexpected.push(`POST ${answer.status} ${JSON.stringify(answer.body)}`);
            }),
          );
        }
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exitCode(child);

        expect(unexpected, context).toEqual([]);
        refusedInAll += refused.size + undeleted.size;
        console.info(
          `${context}: ${answered} answered, ${refused.size} creates and ${undeleted.size} deletes refused, ` +
            `${deleted.size} deletes acknowledged, ${unanswered.size} cut off by the kill`,
        );
        // the file loads, in process and in a new server, and holds what it must
        const onDisk = (await readStateFile(file, keys)) as State;
        const present = new Set(tags(onDisk));
        const lost = [...acknowledged].filter((tag) => !deleted.has(tag) && !unanswered.has(tag) && !present.has(tag));
        expect(lost, context).toEqual([]);
        expect(
          [...refused].filter((tag) => present.has(tag)),
          context,
        ).toEqual([]);
        expect(
          [...deleted].filter((tag) => present.has(tag)),
          context,
        ).toEqual([]);
        expect(
          [...undeleted].filter((tag) => !present.has(tag)),
          context,
        ).toEqual([]);
        disk.resize(2048);
        const restarted = await serve('--port', '0', '--quiet', '--api', 'auvious', '--state', file);
        expect(await stateOf(restarted.url), context).toEqual(onDisk);
        restarted.child.kill('SIGKILL');
        await exitCode(restarted.child);
      }
      // the bursts reached the full disk: some of what they asked was refused
      expect(refusedInAll).toBeGreaterThan(0);
    });
  },
);

describe('serve --state: one server per file, every change written', { timeout: 180_000 }, () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'ticketmock-durability-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('refuses a second server on the same file (exit 1, one line naming the file and the first), and the first goes on', async () => {
    const file = join(folder, 'shared.json');
    const first = await serve('--port', '0', '--quiet', '--api', 'auvious', '--state', file);
    expect((await create(first.url, 'one')).status).toBe(200);

    const second = ticketmock('serve', '--port', '0', '--api', 'auvious', '--state', file);
    const output = collect(second);
    let timer: NodeJS.Timeout | undefined;
    const running = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('still running after 60 s'), 60_000);
    });
    expect(await Promise.race([exitCode(second), running])).toBe(1);
    clearTimeout(timer);
    const lines = output.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
    expect(lines[0]).toContain(`pid ${first.child.pid}`);
    expect(output.out()).toBe('');

    // the first is unaffected: it answers, writes, and still holds the lock
    expect((await create(first.url, 'two')).status).toBe(200);
    expect(tags((await readStateFile(file, keys)) as State)).toEqual(expect.arrayContaining(['one', 'two']));
    expect(JSON.parse(await readFile(`${file}.lock`, 'utf8'))).toMatchObject({ pid: first.child.pid });

    // a lock its server left when killed does not hold the file for ever
    first.child.kill('SIGKILL');
    await exitCode(first.child);
    const third = await serve('--port', '0', '--quiet', '--api', 'auvious', '--state', file);
    expect(tags(await stateOf(third.url))).toEqual(expect.arrayContaining(['one', 'two']));
    expect(JSON.parse(await readFile(`${file}.lock`, 'utf8'))).toMatchObject({ pid: third.child.pid });
    third.child.kill('SIGTERM');
    expect(await exitCode(third.child)).toBe(0);
    // released on a clean exit
    expect(await readdir(folder)).toEqual(['shared.json']);
  });

  it('writes every change the contract suite makes: after each request the file loads to the state in memory, also after SIGKILL', async () => {
    const file = join(folder, 'verified.json');
    const server = await serve('--port', '0', '--quiet', '--state', file);
    const all = await Engine.create({ apis: modulesFor(['octopus', 'auvious', 'adminserver']), collections: false });
    const mismatches: string[] = [];
    let writes = 0;
    // one request at a time: once a write is answered, the server holds still and memory must equal disk
    const result = await runContract({
      api: 'all',
      baseUrl: server.url,
      mutating: true,
      concurrency: 1,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
        if (!['GET', 'HEAD', 'OPTIONS'].includes(method)) {
          writes += 1;
          const [memory, onDisk] = [await stateOf(server.url), await readStateFile(file, all)];
          if (!isDeepStrictEqual(memory, onDisk))
            mismatches.push(`${method} ${String(input)} answered ${response.status}`);
        }
        return response;
      },
    });
    expect(result.summary.failed).toBe(0);
    expect(writes).toBeGreaterThan(100);
    expect(mismatches).toEqual([]);
    const memory = await stateOf(server.url);
    // the lines of changes, not only a rewrite at exit, hold it all
    expect((await readFile(file, 'utf8')).trimEnd().split('\n').length).toBeGreaterThan(1);
    server.child.kill('SIGKILL');
    await exitCode(server.child);
    const restarted = await serve('--port', '0', '--quiet', '--state', file);
    expect(await stateOf(restarted.url)).toEqual(memory);
  });
});
