/**
 * The shape of JSON answers, and where two shapes differ: a member one side gives and the
 * other never does, a JSON type. Array items are merged into one shape per side, so lists
 * of different lengths and data compare by what their rows hold (the union of their
 * members and of their types). No tolerance beyond that: lists of different seeds' data
 * agree without one (docs/decisions/015).
 */
import { isObject } from './normalise.js';

export interface Shape {
  /** JSON types seen: null, boolean, number, string, array, object. */
  readonly types: Set<string>;
  /** How many objects were merged in. */
  objects: number;
  /** Per member: in how many objects, and the shape of its values. */
  readonly members: Map<string, { count: number; shape: Shape }>;
  /** The shape of every item of every array merged in. */
  items: Shape | undefined;
}

const newShape = (): Shape => ({ types: new Set(), objects: 0, members: new Map(), items: undefined });

export const jsonType = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;

/** Merges `value` into `shape` (a new shape when none is given). */
export function shapeOf(value: unknown, shape: Shape = newShape()): Shape {
  shape.types.add(jsonType(value));
  if (Array.isArray(value)) {
    for (const item of value) shape.items = shapeOf(item, shape.items ?? newShape());
  } else if (isObject(value)) {
    shape.objects += 1;
    for (const [name, child] of Object.entries(value)) {
      const member = shape.members.get(name) ?? { count: 0, shape: newShape() };
      member.count += 1;
      shapeOf(child, member.shape);
      shape.members.set(name, member);
    }
  }
  return shape;
}

export interface ShapeDifference {
  readonly kind: 'field' | 'type';
  /** A JSON pointer; `*` stands for every item of an array. */
  readonly pointer: string;
  readonly real: string;
  readonly mock: string;
}

const typesText = (types: ReadonlySet<string>): string => [...types].sort().join('|') || 'nothing';

/** Where `real` and `mock` differ in shape. */
export function compareShapes(real: Shape, mock: Shape, pointer = ''): ShapeDifference[] {
  const out: ShapeDifference[] = [];
  const [a, b] = [real.types, mock.types];
  if (a.size !== b.size || [...a].some((type) => !b.has(type))) {
    out.push({ kind: 'type', pointer: pointer || '/', real: typesText(real.types), mock: typesText(mock.types) });
    return out;
  }
  if (real.objects > 0 && mock.objects > 0) {
    const names = [...new Set([...real.members.keys(), ...mock.members.keys()])].sort();
    for (const name of names) {
      const left = real.members.get(name);
      const right = mock.members.get(name);
      const at = `${pointer}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (left === undefined || right === undefined) {
        const shown = `present (${typesText((left ?? right)?.shape.types ?? new Set())})`;
        out.push({
          kind: 'field',
          pointer: at,
          real: left === undefined ? 'absent' : shown,
          mock: left === undefined ? shown : 'absent',
        });
        continue;
      }
      out.push(...compareShapes(left.shape, right.shape, at));
    }
  }
  if (real.items !== undefined && mock.items !== undefined)
    out.push(...compareShapes(real.items, mock.items, `${pointer}/*`));
  return out;
}
