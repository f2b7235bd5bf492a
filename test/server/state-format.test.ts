/**
 * The state file's format: what parseState reads (both formats, the groups of changes
 * applied in order, a torn last line) and what it refuses, with the reason.
 */
import { describe, expect, it } from 'vitest';
import {
  applyChanges,
  type Change,
  encodeChanges,
  encodeSnapshot,
  parseState,
  type StateDocument,
} from '../../src/server/state-format.ts';

const keyOf = (api: string, table: string) =>
  api === 'shop' && table === 'items' ? (record: object) => (record as { id: string }).id : undefined;

const items = (state: StateDocument) => (state.apis.shop as { items: { id: string; n?: number }[] }).items;

const snapshot = encodeSnapshot(
  { seed: 7, apis: { shop: { items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] } } },
  'test',
);

const parse = (text: string) => parseState(Buffer.from(text, 'utf8'), keyOf);

describe('parseState reads', () => {
  it('format 1 (what ticketmock wrote before): the document, to be rewritten before anything is appended', () => {
    const parsed = parse('{"seed":3,"apis":{"shop":{"items":[{"id":"a"}]}}}');
    expect(parsed).toMatchObject({ formatVersion: 1, torn: false, appendable: false });
    expect(parsed.state).toEqual({ seed: 3, apis: { shop: { items: [{ id: 'a' }] } } });
  });

  it('format 1 spread over lines (a file someone formatted)', () => {
    const parsed = parse(JSON.stringify({ seed: 3, apis: { shop: { items: [] } } }, null, 2));
    expect(parsed).toMatchObject({ formatVersion: 1, appendable: false });
  });

  it('a format-2 snapshot alone, which may be appended to', () => {
    const parsed = parse(snapshot);
    expect(parsed).toMatchObject({ formatVersion: 2, torn: false, appendable: true, length: snapshot.length });
    expect(items(parsed.state).map((item) => item.id)).toEqual(['a', 'b', 'c']);
  });

  it('groups of changes in order: a new key goes last, a replaced record keeps its place, a deleted one goes', () => {
    const groups: Change[][] = [
      [
        ['shop', 'items', 'd', { id: 'd' }],
        ['shop', 'items', 'b', { id: 'b', n: 2 }],
      ],
      [
        ['shop', 'items', 'a', null],
        ['shop', 'items', 'a', { id: 'a', n: 1 }],
        ['other', 'items', 'x', { id: 'x' }],
      ],
    ];
    const text = snapshot + groups.map((group) => encodeChanges(group)).join('');
    const parsed = parse(text);
    expect(parsed).toMatchObject({
      torn: false,
      appendable: true,
      length: Buffer.byteLength(text),
      snapshotBytes: snapshot.length,
    });
    expect(items(parsed.state)).toEqual([{ id: 'b', n: 2 }, { id: 'c' }, { id: 'd' }, { id: 'a', n: 1 }]);
  });

  it.each([
    ['no newline', '{"changes":[["shop","items","z",{"id":"z"}]]}'],
    ['cut off inside', '{"changes":[["shop","items","z",{"id":'],
    ['cut off, newline and all, as garbage', '{"changes":[["shop",\n'],
  ])('a torn last line (%s): dropped, its length not counted', (_, tail) => {
    const whole = snapshot + encodeChanges([['shop', 'items', 'y', { id: 'y' }]]);
    const parsed = parse(whole + tail);
    expect(parsed).toMatchObject({ torn: true, length: Buffer.byteLength(whole) });
    expect(items(parsed.state).map((item) => item.id)).toEqual(['a', 'b', 'c', 'y']);
  });

  it('counts bytes, not characters', () => {
    const whole = snapshot + encodeChanges([['shop', 'items', 'é', { id: 'é', name: 'café' } as object]]);
    expect(parse(`${whole}{"chan`).length).toBe(Buffer.byteLength(whole));
  });
});

describe('parseState refuses', () => {
  it.each([
    ['no JSON', 'hello', /it is not JSON/],
    ['JSON that is no state', '{"hello":"world"}', /it is not a ticketmock state/],
    ['another format', '{"format":"x","formatVersion":1,"apis":{}}\n', /it is not a ticketmock state: format "x"/],
    [
      'a newer format, naming its writer',
      '{"format":"ticketmock-state","formatVersion":5,"writtenBy":"ticketmock 3.1.0","seed":1,"apis":{}}\n',
      /written by ticketmock 3\.1\.0 in state format 5, and this ticketmock reads formats 1 to 2: upgrade ticketmock/,
    ],
    ['a line before the last that is no group', `${snapshot}{"oops":1}\n{"changes":[]}\n`, /damaged: line 2/],
    ['lines after a format-1 document', `{"seed":1,"apis":{}}\n{"changes":[]}\n`, /damaged: a format 1 state/],
  ])('%s', (_, text, reason) => {
    expect(() => parse(text)).toThrow(reason);
  });
});

it('applyChanges leaves the tables no change names untouched (the same array)', () => {
  const state: StateDocument = { apis: { shop: { items: [{ id: 'a' }], other: [{ id: 'q' }] } } };
  const other = (state.apis.shop as { other: unknown[] }).other;
  applyChanges(state, [[['shop', 'items', 'b', { id: 'b' }]]], keyOf);
  expect((state.apis.shop as { other: unknown[] }).other).toBe(other);
  expect(items(state)).toEqual([{ id: 'a' }, { id: 'b' }]);
});
