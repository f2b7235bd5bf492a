/**
 * StateFile in process: the group commit, the change log and its rewrite, the formats it
 * reads, what a crash leaves, and (on a real tmpfs) a write that fails: refused, undone in
 * memory, also for a request still inside the engine while the rollback waits for it.
 */
import { mkdtemp, readdir, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.ts';
import type { MockRequest, MockResponse } from '../../src/core/http.ts';
import { modulesFor } from '../../src/handlers/index.ts';
import { readStateFile, StateFile, type StateFileOptions } from '../../src/server/state-file.ts';
import { mountTmpfs, type Tmpfs, tmpfsUnavailable } from '../helpers/tmpfs.ts';

const WRITER = 'ticketmock test';

let folder: string;
const opened: StateFile[] = [];
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ticketmock-state-file-'));
});
afterEach(async () => {
  for (const file of opened.splice(0)) await file.close().catch(() => undefined);
  await rm(folder, { recursive: true, force: true });
});

const auvious = () => Engine.create({ apis: modulesFor(['auvious']), collections: false });

async function open(path: string, engine: Engine, options: Partial<StateFileOptions> = {}) {
  const file = await StateFile.open(path, engine, { writtenBy: WRITER, ...options });
  opened.push(file);
  return file;
}

const request = (method: string, path: string, body?: unknown): MockRequest => ({
  method,
  path,
  query: new URLSearchParams(),
  headers: { authorization: 'Bearer auvious-demo-token', 'content-type': 'application/json', host: 'localhost' },
  body: body === undefined ? undefined : JSON.stringify(body),
  origin: 'http://localhost',
});

const createRequest = (index: number) =>
  request('POST', '/security/ticket', { type: 'MULTI_USE_TICKET', properties: { index } });

const create = (engine: Engine, index: number) => engine.handle(createRequest(index));

/** A create through the state file, as the server answers it. */
const createThrough = (file: StateFile, engine: Engine, index: number) => {
  const call = createRequest(index);
  return file.answer(call, () => engine.handle(call));
};

const lines = async (path: string) => (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');

const ticketIds = (state: unknown) =>
  (state as { apis: { auvious: { tickets: { id: string }[] } } }).apis.auvious.tickets.map((ticket) => ticket.id);

describe('the group commit and the change log', () => {
  it('joins the flushes made while a write runs into one write that holds all their changes', async () => {
    const engine = await auvious();
    const path = join(folder, 'state.json');
    const file = await open(path, engine);

    await create(engine, 0);
    const running = file.flush();
    const flushes: Promise<number>[] = [];
    for (let index = 1; index <= 50; index += 1) {
      expect((await create(engine, index)).status).toBe(200);
      flushes.push(file.flush());
    }
    // one write runs; the fifty later flushes all wait on the single write queued behind it
    expect(new Set(flushes).size).toBe(1);
    expect(flushes[0]).not.toBe(running);
    await Promise.all([running, ...flushes]);
    expect(await readStateFile(path, engine)).toEqual(engine.exportState());
    // the snapshot written at start, then one line per write: 2 writes, 51 tickets
    expect(await lines(path)).toHaveLength(3);
    // once it ran, a new change gets a new write
    await create(engine, 51);
    const later = file.flush();
    expect(later).not.toBe(flushes[0]);
    await later;
    expect(await readStateFile(path, engine)).toEqual(engine.exportState());
    expect(await lines(path)).toHaveLength(4);
  });

  it('appends each change as a line, and rewrites the file whole once the lines outgrow the snapshot', async () => {
    const engine = await auvious();
    const path = join(folder, 'state.json');
    const file = await open(path, engine, { compactAtBytes: 0 });
    const snapshot = (await readFile(path)).length;
    let longest = 1;
    for (let index = 0; index < 60; index += 1) {
      expect((await createThrough(file, engine, index)).status).toBe(200);
      longest = Math.max(longest, (await lines(path)).length);
      // every acknowledged change is in the file, whatever its shape at this moment
      expect(await readStateFile(path, engine)).toEqual(engine.exportState());
    }
    expect(longest).toBeGreaterThan(5);
    const size = (await readFile(path)).length;
    // the changes never grew past the snapshot they follow (plus the line that crossed it)
    expect(size).toBeLessThan(2 * Math.max(snapshot, size / 2) + 1000);
    const text = await readFile(path, 'utf8');
    expect(JSON.parse(text.split('\n')[0] as string)).toMatchObject({ format: 'ticketmock-state', formatVersion: 2 });
  });

  it('records updates and deletes, and a reset rewrites the file whole', async () => {
    const engine = await auvious();
    const path = join(folder, 'state.json');
    const file = await open(path, engine);
    const made = (await createThrough(file, engine, 1)).json as { id: string };
    const update = request('PUT', `/security/ticket/${made.id}`, { type: 'MULTI_USE_TICKET', properties: { x: 2 } });
    expect((await file.answer(update, () => engine.handle(update))).status).toBeLessThan(300);
    const other = (await createThrough(file, engine, 2)).json as { id: string };
    const remove = request('DELETE', `/security/ticket/${other.id}`);
    expect((await file.answer(remove, () => engine.handle(remove))).status).toBeLessThan(300);
    const onDisk = await readStateFile(path, engine);
    expect(onDisk).toEqual(engine.exportState());
    expect(ticketIds(onDisk)).toContain(made.id);
    expect(ticketIds(onDisk)).not.toContain(other.id);
    expect((await lines(path)).length).toBeGreaterThan(1);

    const reset = request('POST', '/__mock/reset');
    expect((await file.answer(reset, () => engine.handle(reset))).status).toBe(200);
    expect(await lines(path)).toHaveLength(1);
    expect(ticketIds(await readStateFile(path, engine))).not.toContain(made.id);
  });

  it('writes whole operations: a ticket exchange, which signs tokens between its changes, is never split between lines', async () => {
    const engine = await auvious();
    const path = join(folder, 'state.json');
    const file = await open(path, engine);
    const single = request('POST', '/security/ticket', { type: 'SINGLE_USE_TICKET', properties: {} });
    const { id } = (await file.answer(single, () => engine.handle(single))).json as { id: string };
    const exchange: MockRequest = {
      ...request('POST', '/security/oauth/token'),
      headers: {
        authorization: `Basic ${Buffer.from('customer:').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        host: 'localhost',
      },
      body: `grant_type=password&username=${id}`,
    };
    // writes keep starting while the exchange runs: each reads the state wherever it stands
    let running = true;
    const writes: Promise<number>[] = [];
    const writer = (async () => {
      while (running) {
        writes.push(file.flush());
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const answer = await engine.handle(exchange);
    running = false;
    await writer;
    await Promise.all(writes);
    await file.flush();
    expect(answer.status).toBe(200);
    type Line = { changes: [string, string, string, { ticketId?: string } | null][] };
    const touched = (await lines(path))
      .slice(1)
      .map((line) => (JSON.parse(line) as Line).changes)
      .map((changes) =>
        changes.filter(
          ([, table, key, record]) =>
            (table === 'tokens' && record?.ticketId === id) || (table === 'tickets' && key === id && record === null),
        ),
      )
      .filter((changes) => changes.length > 0);
    // one line holds the access token, the refresh token and the ticket's deletion
    expect(touched.map((changes) => changes.length)).toEqual([3]);
  });

  it('leaves one JSON document when closed, and releases the lock', async () => {
    const engine = await auvious();
    const path = join(folder, 'state.json');
    const file = await open(path, engine);
    for (let index = 0; index < 5; index += 1) await createThrough(file, engine, index);
    expect((await lines(path)).length).toBeGreaterThan(1);
    await file.close();
    const text = await readFile(path, 'utf8');
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(text)).toMatchObject({ ...engine.exportState(), formatVersion: 2 });
    expect(await readdir(folder)).toEqual(['state.json']);
  });
});

describe('what it reads', () => {
  it('reads a format-1 file (what ticketmock wrote before) and rewrites it in format 2 at the first change', async () => {
    const source = await auvious();
    const legacy = JSON.stringify(source.exportState());
    const path = join(folder, 'state.json');
    await writeFile(path, legacy);
    const engine = await auvious();
    const file = await open(path, engine);
    expect(engine.exportState()).toEqual(JSON.parse(legacy));
    expect(await readFile(path, 'utf8')).toBe(legacy);
    await createThrough(file, engine, 1);
    const written = await lines(path);
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0] as string)).toMatchObject({ formatVersion: 2, writtenBy: WRITER });
    expect(await readStateFile(path, engine)).toEqual(engine.exportState());
  });

  it('drops a last line a crash cut off, and truncates it before appending', async () => {
    const engine = await auvious();
    const path = join(folder, 'state.json');
    const file = await open(path, engine);
    await createThrough(file, engine, 1);
    const whole = await readFile(path, 'utf8');
    await file.close();
    opened.pop();
    await writeFile(path, `${whole}{"changes":[["auvious","tickets","zzz-zzz",{"id":"zz`);
    const next = await auvious();
    const reopened = await open(path, next);
    expect(await readFile(path, 'utf8')).toBe(whole);
    expect(ticketIds(next.exportState())).not.toContain('zzz-zzz');
    await createThrough(reopened, next, 2);
    expect(await readStateFile(path, next)).toEqual(next.exportState());
  });

  it.each([
    [
      'a newer format',
      '{"format":"ticketmock-state","formatVersion":3,"writtenBy":"ticketmock 9.0.0","seed":1,"apis":{}}\n',
      /written by ticketmock 9\.0\.0 in state format 3, and this ticketmock reads formats 1 to 2/,
    ],
    ['another format', '{"format":"other","formatVersion":1,"seed":1,"apis":{}}\n', /not a ticketmock state/],
    [
      'damaged before its last line',
      '{"format":"ticketmock-state","formatVersion":2,"seed":1,"apis":{}}\nnot json\n{"changes":[]}\n',
      /damaged: line 2/,
    ],
  ])('refuses %s with a message naming the file, and leaves it as it is', async (_, content, reason) => {
    const path = join(folder, 'state.json');
    await writeFile(path, content);
    const error = await StateFile.open(path, await auvious(), { writtenBy: WRITER }).catch((thrown: Error) => thrown);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).toContain(path);
    expect(await readFile(path, 'utf8')).toBe(content);
    // refused: the lock is not kept
    expect(await readdir(folder)).toEqual(['state.json']);
  });

  it('removes the temporary files a crash left beside the state, and no one else’s', async () => {
    const engine = await auvious();
    const path = join(folder, 'state.json');
    await (await open(path, engine)).close();
    opened.pop();
    const leftovers = ['.state.json.12345.tmp', '.state.json.lock.99999999.tmp', '.state.json.lock.99999999.stale'];
    for (const name of leftovers) await writeFile(join(folder, name), 'half');
    await writeFile(join(folder, '.other.json.12345.tmp'), 'not ours');
    // a lock draft of a process that runs (this one's parent) may be a server taking the lock now
    await writeFile(join(folder, `.state.json.lock.${process.ppid}.tmp`), 'in progress');
    await open(path, await auvious());
    expect((await readdir(folder)).sort()).toEqual(
      ['.other.json.12345.tmp', `.state.json.lock.${process.ppid}.tmp`, 'state.json', 'state.json.lock'].sort(),
    );
  });
});

const unavailable = tmpfsUnavailable();
if (unavailable !== undefined) console.warn(`test/server/state-file.test.ts: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('a write that fails (a real tmpfs)', () => {
  let disk: Tmpfs;
  beforeAll(() => {
    disk = mountTmpfs(300);
  });
  afterAll(() => disk?.unmount());
  afterEach(async () => {
    for (const file of opened.splice(0)) await file.close().catch(() => undefined);
    for (const name of await readdir(disk.path)) await rm(join(disk.path, name), { force: true });
    disk.resize(300);
  });

  /** Fills the disk but `pages` pages with a file of no interest. */
  async function fill(pages: number): Promise<string> {
    const { bavail, bsize } = await statfs(disk.path);
    const filler = join(disk.path, 'filler');
    await writeFile(filler, Buffer.alloc(Math.max(0, Number(bavail) - pages) * Number(bsize)));
    return filler;
  }

  it('answers 503 with Retry-After and undoes the change, also of a request still inside the engine meanwhile', async () => {
    const engine = await auvious();
    const path = join(disk.path, 'state.json');
    const errors: string[] = [];
    const file = await open(path, engine, { onError: (message: string) => errors.push(message) });
    const filler = await fill(0);
    // fill the state file's last page too, but for less than a line: the next append needs a page
    while (4096 - ((await readFile(path)).length % 4096) >= 440) {
      expect((await createThrough(file, engine, 0)).status).toBe(200);
    }
    const before = engine.exportState();

    // B's operation runs, and B is still inside (its answer not yet read back) when A's write fails
    let releaseB: () => void = () => {};
    const heldB = new Promise<void>((resolve) => {
      releaseB = resolve;
    });
    const callB = createRequest(2);
    const answerB = file.answer(callB, async () => {
      const response = await engine.handle(callB);
      await heldB;
      return response;
    });
    const answerA = createThrough(file, engine, 1);
    while (errors.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // the disk has room again before B leaves: only the rollback can refuse B now
    await rm(filler);
    releaseB();
    const [a, b] = (await Promise.all([answerA, answerB])) as [MockResponse, MockResponse];
    for (const refused of [a, b]) {
      expect(refused.status).toBe(503);
      expect(refused.headers?.['retry-after']).toBe('1');
      // Auvious's own error shape (Spring's)
      expect(refused.json).toMatchObject({ status: 503, error: 'Service Unavailable', path: '/security/ticket' });
    }
    expect(engine.exportState()).toEqual(before);
    expect(await readStateFile(path, engine)).toEqual(before);
    expect(errors[0]).toMatch(/ENOSPC/);

    // the next write succeeds, and the log says so
    expect((await createThrough(file, engine, 3)).status).toBe(200);
    expect(await readStateFile(path, engine)).toEqual(engine.exportState());
    expect(errors.at(-1)).toMatch(/written again, after 1 refused writes/);
  });

  it('keeps appending when a rewrite fails for want of room, and rewrites once there is room', async () => {
    const engine = await auvious();
    const path = join(disk.path, 'state.json');
    const errors: string[] = [];
    const file = await open(path, engine, { compactAtBytes: 0, onError: (message: string) => errors.push(message) });
    // room for a few pages of lines, not for a second copy of the state beside the file
    const filler = await fill(3);
    const acknowledged: string[] = [];
    let refused = 0;
    for (let index = 0; refused === 0 && index < 200; index += 1) {
      const response = await createThrough(file, engine, index);
      if (response.status === 200) acknowledged.push((response.json as { id: string }).id);
      else if (response.status === 503) refused += 1;
      else throw new Error(`unexpected ${response.status}`);
    }
    expect(errors.some((message) => /could not rewrite/.test(message))).toBe(true);
    expect(acknowledged.length).toBeGreaterThan(20);
    expect(refused).toBe(1);
    const onDisk = await readStateFile(path, engine);
    expect(onDisk).toEqual(engine.exportState());
    expect(ticketIds(onDisk)).toEqual(expect.arrayContaining(acknowledged));

    await rm(filler);
    for (let index = 0; index < 40; index += 1) expect((await createThrough(file, engine, index)).status).toBe(200);
    // rewritten since: the snapshot holds every ticket acknowledged before the room came back
    const snapshot = JSON.parse((await lines(path))[0] as string);
    expect(ticketIds(snapshot)).toEqual(expect.arrayContaining(acknowledged));
    expect(await readStateFile(path, engine)).toEqual(engine.exportState());
  });
});
