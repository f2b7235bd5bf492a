/**
 * JSON Pointers (RFC 6901): the one place that escapes and unescapes their segments, and
 * reads the value a pointer names.
 */
import { isRecord } from './json.js';

/** Escapes one segment of a JSON pointer (RFC 6901 §3: `~` → `~0`, `/` → `~1`). */
export function escapePointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Unescapes one segment (RFC 6901 §4: `~1` first, then `~0`, so `~01` reads `~1`). */
export function unescapePointerSegment(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Builds a JSON pointer (`/a/b~1c`) from raw segments. */
export function jsonPointer(...segments: Array<string | number>): string {
  return segments.map((segment) => `/${escapePointerSegment(String(segment))}`).join('');
}

/** The raw segments of a pointer (`''` is the whole document: no segment). */
export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointerSegment);
}

/** The value at a JSON pointer, or `undefined`. */
export function valueAt(document: unknown, pointer: string): unknown {
  let current: unknown = document;
  for (const key of pointerSegments(pointer)) {
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isRecord(current)) current = current[key];
    else return undefined;
  }
  return current;
}
