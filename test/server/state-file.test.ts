/**
 * StateFile's group commit: changes made while a write runs share the next write, which
 * reads the data when it starts, so the file ends with every acknowledged change.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.ts';
import { modulesFor } from '../../src/handlers/index.ts';
import { StateFile } from '../../src/server/state-file.ts';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ticketmock-state-file-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const create = (engine: Engine, index: number) =>
  engine.handle({
    method: 'POST',
    path: '/security/ticket',
    query: new URLSearchParams(),
    headers: { authorization: 'Bearer auvious-demo-token', 'content-type': 'application/json', host: 'localhost' },
    body: JSON.stringify({ type: 'MULTI_USE_TICKET', properties: { index } }),
    origin: 'http://localhost',
  });

it('joins the flushes made while a write runs into one write that holds all their changes', async () => {
  const engine = await Engine.create({ apis: modulesFor(['auvious']) });
  const path = join(folder, 'state.json');
  const file = await StateFile.open(path, engine);

  await create(engine, 0);
  const running = file.flush();
  const flushes: Promise<void>[] = [];
  for (let index = 1; index <= 50; index += 1) {
    expect((await create(engine, index)).status).toBe(200);
    flushes.push(file.flush());
  }
  // one write runs; the fifty later flushes all wait on the single write queued behind it
  expect(new Set(flushes).size).toBe(1);
  expect(flushes[0]).not.toBe(running);
  await Promise.all([running, ...flushes]);
  expect(await readFile(path, 'utf8')).toBe(JSON.stringify(engine.exportState()));
  // once it ran, a new change gets a new write
  await create(engine, 51);
  const later = file.flush();
  expect(later).not.toBe(flushes[0]);
  await later;
  expect(await readFile(path, 'utf8')).toBe(JSON.stringify(engine.exportState()));
});
