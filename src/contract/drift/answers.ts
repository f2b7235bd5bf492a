/**
 * One pair of answers to the same request, beyond their status and media type: their
 * JSON shapes (from the bodies as answered), and the values of what the run made — the
 * whole answer where it is about something the run made, and in any list the rows the
 * check itself created, matched by their name or id (docs/decisions/015).
 */
import { jsonOf } from '../client.js';
import type { Exchange } from '../types.js';
import { isObject } from './normalise.js';
import { compareShapes, shapeOf } from './shape.js';
import type { DriftKind } from './types.js';

/** A 2xx answer. */
export const ok = (exchange: Exchange) =>
  exchange.status !== undefined && exchange.status >= 200 && exchange.status < 300;
const shortValue = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'absent';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/**
 * The string that names a row the check itself made (a name `<runId>-<check>-…`, an id
 * `<id:<check>.n>`), if any: rows other checks make at the same time are data.
 */
function ownMark(row: unknown, runId: string, ordinal: number): string | undefined {
  if (!isObject(row)) return undefined;
  for (const key of Object.keys(row).sort()) {
    const value = row[key];
    if (typeof value === 'string' && (value.includes(`${runId}-${ordinal}-`) || value.startsWith(`<id:${ordinal}.`)))
      return `${key}=${value}`;
  }
  return undefined;
}

/** Leaf values of an answer outside its arrays, by pointer. */
function leaves(value: unknown, pointer = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) return into;
  if (isObject(value)) {
    for (const [name, child] of Object.entries(value)) leaves(child, `${pointer}/${name}`, into);
    return into;
  }
  into.set(pointer || '/', value);
  return into;
}

/** Every array in an answer, by pointer (`/data/tickets`). */
function arrays(value: unknown, pointer = '', into = new Map<string, unknown[]>()): Map<string, unknown[]> {
  if (Array.isArray(value)) into.set(pointer || '/', value);
  else if (isObject(value))
    for (const [name, child] of Object.entries(value)) arrays(child, `${pointer}/${name}`, into);
  return into;
}

/** The two sides' answers to one step. */
export interface Paired {
  readonly real: Exchange;
  readonly mock: Exchange;
  /** The answers' bodies normalised (their values compared), `undefined` when not JSON. */
  readonly realBody: unknown;
  readonly mockBody: unknown;
  /** The answer is about something the run made (or is a write's): its values are compared too. */
  readonly owned: boolean;
}

/** What differs in one pair of answers (status and content type aside). */
export function bodyDifferences(
  pair: Paired,
  runId: string,
  ordinal: number,
): Array<{ kind: DriftKind; where: string; real: string; mock: string }> {
  const out: Array<{ kind: DriftKind; where: string; real: string; mock: string }> = [];
  const { realBody, mockBody } = pair;
  if (realBody === undefined || mockBody === undefined) {
    const [a, b] = [pair.real.responseText.length > 0, pair.mock.responseText.length > 0];
    if (a !== b)
      out.push({ kind: 'body', where: '(body)', real: a ? 'a body' : 'no body', mock: b ? 'a body' : 'no body' });
    return out;
  }
  // shapes from the bodies as answered: a placeholder must not hide a type (an id as a string)
  for (const difference of compareShapes(shapeOf(jsonOf(pair.real)), shapeOf(jsonOf(pair.mock))))
    out.push({ kind: difference.kind, where: difference.pointer, real: difference.real, mock: difference.mock });
  if (out.length > 0 || !ok(pair.real) || !ok(pair.mock)) return out;
  // the values of what the run made: an answer about it outside lists, then the check's own rows in any list
  if (pair.owned) {
    const [a, b] = [leaves(realBody), leaves(mockBody)];
    for (const [pointer, value] of a) {
      if (b.has(pointer) && JSON.stringify(b.get(pointer)) !== JSON.stringify(value))
        out.push({ kind: 'value', where: pointer, real: shortValue(value), mock: shortValue(b.get(pointer)) });
    }
  }
  const mockArrays = arrays(mockBody);
  for (const [pointer, rows] of arrays(realBody)) {
    const other = mockArrays.get(pointer);
    if (other === undefined) continue;
    const marked = (list: unknown[]) =>
      new Map(
        list.flatMap((row) => {
          const mark = ownMark(row, runId, ordinal);
          return mark === undefined ? [] : [[mark, row] as const];
        }),
      );
    const [mine, theirs] = [marked(rows), marked(other)];
    for (const mark of new Set([...mine.keys(), ...theirs.keys()])) {
      const [left, right] = [mine.get(mark), theirs.get(mark)];
      const at = `${pointer}/[${mark}]`;
      if (left === undefined || right === undefined) {
        out.push({
          kind: 'row',
          where: at,
          real: left === undefined ? 'not listed' : 'listed',
          mock: right === undefined ? 'not listed' : 'listed',
        });
        continue;
      }
      const [l, r] = [leaves(left), leaves(right)];
      for (const [field, value] of l) {
        if (r.has(field) && JSON.stringify(r.get(field)) !== JSON.stringify(value))
          out.push({ kind: 'value', where: `${at}${field}`, real: shortValue(value), mock: shortValue(r.get(field)) });
      }
    }
  }
  return out;
}
