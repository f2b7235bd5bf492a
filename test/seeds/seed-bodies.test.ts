/**
 * The transcribed seed examples are the seeds' own: checked against `shared/seeds/` when
 * that folder is beside the project (the developers' machines and CI have it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADMINSERVER_TICKET, AUVIOUS_CREATE, AUVIOUS_UPDATE, OCTOPUS_SERVICE } from './seed-bodies.ts';

const seeds = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/seeds');
const seed = (prefix: string): string => {
  const file = ['000_87dcf9631f98a681.txt', '001_d3faff3427a7cb01.txt', '002_59982068da34bc07.txt'].find((name) =>
    name.startsWith(prefix),
  );
  return readFileSync(join(seeds, String(file)), 'utf8');
};

/** The JSON object that starts at the first `{` after `marker` (the pages' blocks are valid JSON). */
function jsonAfter(text: string, marker: string): unknown {
  const start = text.indexOf('{', text.indexOf(marker));
  let depth = 0;
  for (let index = start; index < text.length; index += 1) {
    if (text[index] === '{') depth += 1;
    if (text[index] === '}') depth -= 1;
    if (depth === 0) return JSON.parse(text.slice(start, index + 1));
  }
  throw new Error(`no JSON after ${marker}`);
}

describe.skipIf(!existsSync(seeds))('the transcribed seed examples match shared/seeds/', () => {
  it('Octopus: the services example', () => {
    const page = jsonAfter(seed('000'), '200 | Ok |') as { data: unknown[] };
    expect(page.data[0]).toEqual(OCTOPUS_SERVICE);
  });

  it('Auvious: the create and update request bodies', () => {
    const text = seed('001');
    expect(jsonAfter(text, 'Create a new ticket')).toEqual(AUVIOUS_CREATE);
    expect(jsonAfter(text, 'Update a ticket with new properties')).toEqual(AUVIOUS_UPDATE);
  });

  it('Adminserver: the ticket members of create and update, in the page’s order', () => {
    const text = seed('002');
    for (const method of ['Create purchasable ticket', 'Update purchasable ticket']) {
      const block = text.slice(text.indexOf('Request:', text.indexOf(`Path: /jsonRpc/ticket.`, text.indexOf(method))));
      const members = [...block.slice(0, block.indexOf('Response:')).matchAll(/"(\w+)":/g)].map((match) => match[1]);
      expect(members).toEqual([
        'ticket',
        ...Object.keys(ADMINSERVER_TICKET).flatMap((key) =>
          key === 'grants' ? ['grants', 'grantType', 'grantTarget'] : [key],
        ),
      ]);
    }
    expect(text).toContain('"grantType": string  // userRole');
    expect(text).toContain('"grantTarget": string  // roleId:roleTarget');
    expect(text).toContain('single/days:1of3/days:2of3');
  });
});
