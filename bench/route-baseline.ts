/**
 * The router before issue 21, kept for bench/route.ts to measure against in the same run:
 * the engine's map of first path segments to an API, then that API's operation table,
 * whose operations are bucketed by segment count and tried in order of literal segments
 * (main at 5471488, src/core/operation-table.ts and engine.ts). Whole-segment parameters
 * only, as then; HEAD as it was (the last GET that matches).
 */
import type { OperationSpec } from '../src/core/operation-table.ts';
import { parsePathTemplate } from '../src/spec/path-template.ts';

type Segment = { readonly literal: string } | { readonly param: string; readonly pattern?: RegExp };

interface Entry {
  readonly operation: OperationSpec;
  readonly segments: readonly Segment[];
}

type Match =
  | { readonly kind: 'operation'; readonly operation: OperationSpec; readonly pathParams: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' };

function segmentsOf(operation: OperationSpec): Segment[] {
  return parsePathTemplate(operation.template).map((pieces) => {
    const piece = pieces[0];
    if (piece === undefined || pieces.length > 1)
      throw new Error(`${operation.template}: not a whole-segment template`);
    if ('literal' in piece) return piece;
    const pattern = operation.patterns[piece.param];
    return pattern === undefined ? { param: piece.param } : { param: piece.param, pattern: new RegExp(pattern) };
  });
}

function tableOf(operations: readonly OperationSpec[]): (method: string, path: string) => Match {
  const entries = operations.map((operation) => ({ operation, segments: segmentsOf(operation) }));
  const literalCount = (entry: Entry): number => entry.segments.filter((segment) => 'literal' in segment).length;
  const bySegmentCount = new Map<number, Entry[]>();
  for (const entry of [...entries].sort((a, b) => literalCount(b) - literalCount(a))) {
    const list = bySegmentCount.get(entry.segments.length) ?? [];
    list.push(entry);
    bySegmentCount.set(entry.segments.length, list);
  }
  return (method, path) => {
    const parts = path.split('/').slice(1);
    const candidates = bySegmentCount.get(parts.length) ?? [];
    const allow = new Set<string>();
    const wanted = method.toLowerCase();
    let headAsGet: Match | undefined;
    for (const { operation, segments } of candidates) {
      const pathParams: Record<string, string> = {};
      let matches = true;
      for (let index = 0; index < parts.length && matches; index += 1) {
        const segment = segments[index] as Segment;
        const part = parts[index] as string;
        if ('literal' in segment) {
          matches = segment.literal === part;
        } else {
          let value: string;
          try {
            value = decodeURIComponent(part);
          } catch {
            matches = false;
            break;
          }
          matches = value !== '' && (segment.pattern === undefined || segment.pattern.test(value));
          pathParams[segment.param] = value;
        }
      }
      if (!matches) continue;
      if (operation.method === wanted) return { kind: 'operation', operation, pathParams };
      if (wanted === 'head' && operation.method === 'get') headAsGet = { kind: 'operation', operation, pathParams };
      allow.add(operation.method.toUpperCase());
      if (operation.method === 'get') allow.add('HEAD');
    }
    if (headAsGet !== undefined) return headAsGet;
    return allow.size > 0 ? { kind: 'method-not-allowed', allow: [...allow] } : { kind: 'not-found' };
  };
}

/** The old lookup over several APIs: first segment → API → its table; undefined where no API answers. */
export function baselineRouter(
  apis: ReadonlyArray<{ readonly name: string; readonly operations: readonly OperationSpec[] }>,
) {
  const byPrefix = new Map<string, (method: string, path: string) => Match>();
  for (const api of apis) {
    const match = tableOf(api.operations);
    for (const operation of api.operations) {
      const first = parsePathTemplate(operation.template)[0]?.[0];
      if (first !== undefined && 'literal' in first) byPrefix.set(first.literal, match);
    }
  }
  return (method: string, path: string): Match | undefined => byPrefix.get(path.split('/')[1] ?? '')?.(method, path);
}
