/**
 * A HAR file read for import (`serve --import`, `createMocks({ import })`,
 * `POST /__mock/import`): the HAR object or its text, checked for what the import reads of
 * it (each entry's request method and absolute URL, its response status and, where there
 * is one, its body text), so that a bad file is refused with the first thing wrong at its
 * JSON pointer, never half imported. The whole HAR 1.2 schema is held by the CLI
 * (src/server/har-schema.ts: Ajv compiles it, which the browser build must not).
 */
import { fail, ok, type Result } from '../spec/result.js';

/** One HAR entry, as the import reads it. */
export interface ReadEntry {
  readonly started: string;
  readonly method: string;
  readonly url: URL;
  /** Lower-case names; a repeated header joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly requestBody: string | undefined;
  readonly requestType: string;
  readonly status: number;
  readonly responseBody: string | undefined;
  readonly responseType: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function headersOf(value: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!Array.isArray(value)) return headers;
  for (const pair of value) {
    if (!isObject(pair) || typeof pair.name !== 'string' || typeof pair.value !== 'string') continue;
    const name = pair.name.toLowerCase();
    headers[name] = headers[name] === undefined ? pair.value : `${headers[name]}, ${pair.value}`;
  }
  return headers;
}

/** A response body's text: HAR's `content.text`, decoded when `encoding` is base64. */
function contentText(content: unknown): string | undefined {
  if (!isObject(content) || typeof content.text !== 'string') return undefined;
  if (content.encoding !== 'base64') return content.text;
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(content.text), (char) => char.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

function entryOf(entry: unknown, at: string): Result<ReadEntry> {
  if (!isObject(entry)) return fail(`${at}: must be an object`);
  const { request, response } = entry;
  if (!isObject(request)) return fail(`${at}/request: must be an object`);
  if (!isObject(response)) return fail(`${at}/response: must be an object`);
  if (typeof request.method !== 'string' || request.method === '')
    return fail(`${at}/request/method: must be a method`);
  let url: URL;
  try {
    url = new URL(String(request.url));
  } catch {
    return fail(`${at}/request/url: must be an absolute URL`);
  }
  const status = response.status;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 0 || status > 999)
    return fail(`${at}/response/status: must be an integer status`);
  const postData = isObject(request.postData) ? request.postData : undefined;
  const content = isObject(response.content) ? response.content : undefined;
  return ok({
    started: typeof entry.startedDateTime === 'string' ? entry.startedDateTime : '',
    method: request.method.toUpperCase(),
    url,
    headers: headersOf(request.headers),
    requestBody: typeof postData?.text === 'string' ? postData.text : undefined,
    requestType: typeof postData?.mimeType === 'string' ? postData.mimeType : '',
    status,
    responseBody: contentText(content),
    responseType: typeof content?.mimeType === 'string' ? content.mimeType : '',
  });
}

/** The entries of a HAR (object or JSON text) in the file's order, or what is wrong with it. */
export function readHar(value: unknown): Result<ReadEntry[]> {
  let har = value;
  if (typeof value === 'string') {
    try {
      har = JSON.parse(value);
    } catch (error) {
      return fail(`not a HAR file: malformed JSON: ${(error as Error).message}`);
    }
  }
  if (!isObject(har) || !isObject(har.log)) return fail('not a HAR file: /log: must be an object');
  if (!Array.isArray(har.log.entries)) return fail('not a HAR file: /log/entries: must be an array');
  const entries: ReadEntry[] = [];
  for (const [index, entry] of har.log.entries.entries()) {
    const read = entryOf(entry, `/log/entries/${index}`);
    if (!read.ok) return fail(`not a HAR file: ${read.error}`);
    entries.push(read.value);
  }
  // in the file's order: the order they happened in (a mock's clock may have been set back between two)
  return ok(entries);
}
