/**
 * Path templates (OpenAPI 3.1 §4.8.2 "Path Templating"): a template split into segments,
 * each segment into literal text and `{name}` variables, so `/tickets/{ticket_id}.json`
 * and `v{version}` are as routable as a whole-segment `{id}`. The one parser: the router,
 * the base path and the outline read templates through it.
 */

/** A piece of one segment: literal text, or a variable (a base path variable may carry its `x-pattern`). */
export type TemplatePiece = { readonly literal: string } | { readonly param: string; readonly pattern?: string };

/** One segment of a template, its pieces in order (`{id}.json` → `{id}`, `.json`); never empty. */
export type TemplateSegment = readonly TemplatePiece[];

/**
 * A template's segments. `/` (and ``) is the root, no segment; a trailing slash is an empty
 * last segment (`/a/` is not `/a`, as servers that route exactly tell them apart). An
 * unclosed `{` is literal text. Adjacent variables (`{a}{b}`) cannot be told apart and
 * are refused.
 */
export function parsePathTemplate(template: string): TemplateSegment[] {
  if (template === '' || template === '/') return [];
  const body = template.startsWith('/') ? template.slice(1) : template;
  return body.split('/').map((segment) => {
    const pieces: TemplatePiece[] = [];
    const variable = /\{([^{}/]+)\}/g;
    let at = 0;
    for (let found = variable.exec(segment); found !== null; found = variable.exec(segment)) {
      if (found.index > at) pieces.push({ literal: segment.slice(at, found.index) });
      else if (pieces.length > 0) throw new Error(`${template}: two variables side by side cannot be told apart`);
      pieces.push({ param: found[1] as string });
      at = found.index + found[0].length;
    }
    if (at < segment.length || pieces.length === 0) pieces.push({ literal: segment.slice(at) });
    return pieces;
  });
}

/** The variables of a template, in order (`/rest/{version}/Location/{LocationId}` → version, LocationId). */
export function templateParams(template: string): string[] {
  return parsePathTemplate(template).flatMap((segment) =>
    segment.flatMap((piece) => ('param' in piece ? [piece.param] : [])),
  );
}

/** Joins a base path and a path below it (`/rest/{version}` + `/Location` → `/rest/{version}/Location`). */
export function joinPaths(base: string, path: string): string {
  if (base === '') return path === '' ? '/' : path;
  return `${base}${path === '/' ? '' : path}`;
}
