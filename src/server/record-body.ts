/**
 * A body as `ticketmock record` keeps it (decision 022, "Sizes on the wire"): its
 * `Content-Encoding` undone for the record only (gzip, deflate, br, in the reverse order
 * they were applied), text as text and anything else base64, cut at {@link RECORD_BODY_LIMIT},
 * and both of its sizes: the bytes that crossed the wire (HAR's `bodySize`) and the bytes of
 * the content (HAR's `content.size`). Decoding streams, so a small body that inflates to
 * gigabytes costs time, never memory. A coding we do not know, or bytes that do not decode,
 * are kept as they came and say why (`undecoded`): the proxy forwards them untouched anyway.
 */
import { isUtf8 } from 'node:buffer';
import type { IncomingHttpHeaders } from 'node:http';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import type { RecordedBody } from '../core/har.js';
import { mediaTypeOf } from '../core/http.js';

/** The most of a body a recording keeps (the whole is always forwarded). */
export const RECORD_BODY_LIMIT = 1024 * 1024;

/**
 * The most content a coded body is decoded to just to count it (≈3 s of gunzip here): a
 * body that inflates past it (a few MiB of gzip can hold gigabytes) is counted no further,
 * so that a SIGTERM, which waits for exchanges being decoded, is not kept waiting minutes.
 */
export const DECODE_CEILING = 1024 ** 3;

const TEXTUAL = /^(text\/|application\/(json|[\w.+-]+\+json|x-www-form-urlencoded|xml|[\w.+-]+\+xml|javascript))/;

/**
 * RFC 9110 §8.4.1.3: "deflate" is the zlib format, yet servers send raw deflate too, and
 * browsers take both. A zlib stream starts with a header whose method is 8 and whose two
 * bytes, read as a number, are a multiple of 31 (RFC 1950 §2.2).
 */
function inflaterFor(bytes: Buffer): Transform {
  const [first = 0, second = 0] = bytes;
  return (first & 0x0f) === 8 && (first * 256 + second) % 31 === 0 ? createInflate() : createInflateRaw();
}

/**
 * A decoder per coding (`gzip`, `x-gzip`, `deflate`, `br`); undefined for one we do not know.
 * `outer`: the wire's bytes, when the coding was applied last (only then are they its own, to
 * tell raw deflate from zlib by; under another coding, deflate is the zlib format).
 */
function decoderOf(coding: string, outer: Buffer | undefined): (() => Transform) | undefined {
  if (coding === 'gzip' || coding === 'x-gzip') return createGunzip;
  if (coding === 'deflate') return outer === undefined ? createInflate : () => inflaterFor(outer);
  if (coding === 'br') return createBrotliDecompress;
  return undefined;
}

/** The codings applied, first applied first (`identity` is none). */
function codingsOf(headers: IncomingHttpHeaders): string[] {
  return String(headers['content-encoding'] ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
}

interface Content {
  readonly kept: Buffer;
  readonly size: number;
  /** The content passed the ceiling: `size` is how far it was counted, a lower bound. */
  readonly counted?: true;
}

/** The content's first `RECORD_BODY_LIMIT` bytes and how many it has in all (up to `ceiling`), or why it does not decode. */
async function decoded(
  bytes: Buffer,
  decoders: readonly (() => Transform)[],
  ceiling: number,
): Promise<Content | { error: string }> {
  const kept: Buffer[] = [];
  let size = 0;
  let room = RECORD_BODY_LIMIT;
  let counted = false;
  try {
    const sink = async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        size += chunk.length;
        if (room > 0) kept.push(chunk.subarray(0, room));
        room = Math.max(0, room - chunk.length);
        if (size >= ceiling) {
          counted = true;
          return;
        }
      }
    };
    // undone in the reverse order they were applied (RFC 9110 §8.4); `pipeline`'s overloads
    // take no spread of stages, hence the one signature it has for any number of them
    const stages = decoders.map((make) => make()).reverse();
    await (pipeline as (...stages: unknown[]) => Promise<void>)(Readable.from([bytes]), ...stages, sink);
  } catch (error) {
    // leaving the sink early closes the decoders before their end: no fault of the body
    if (!counted) return { error: (error as Error).message };
  }
  return { kept: Buffer.concat(kept), size, ...(counted ? { counted } : {}) };
}

/**
 * A request's or an answer's body as the recorder keeps it, with its wire size and content
 * size. `headers` are the message's own (Content-Encoding, Content-Type).
 */
export async function recordBody(
  bytes: Buffer,
  headers: IncomingHttpHeaders,
  ceiling = DECODE_CEILING,
): Promise<RecordedBody> {
  const wireSize = bytes.length;
  if (wireSize === 0) return { wireSize, size: 0 };
  const codings = codingsOf(headers);
  const decoders = codings.map((coding, index) => decoderOf(coding, index === codings.length - 1 ? bytes : undefined));
  const unknown = codings.filter((_, index) => decoders[index] === undefined);
  const media = mediaTypeOf(headers['content-type']);
  const textual = media === '' || TEXTUAL.test(media);
  let content: Content = { kept: bytes.subarray(0, RECORD_BODY_LIMIT), size: wireSize };
  let undecoded: string | undefined;
  if (unknown.length > 0) {
    undecoded = `Content-Encoding ${codings.join(', ')}: ${unknown.join(', ')} is no coding the recorder decodes; the body is kept as sent (content.size = bodySize)`;
  } else if (codings.length > 0) {
    const result = await decoded(bytes, decoders as (() => Transform)[], ceiling);
    if ('error' in result) {
      undecoded = `Content-Encoding ${codings.join(', ')}: the body could not be decoded (${result.error}); it is kept as sent (content.size = bodySize)`;
    } else content = result;
  }
  // bytes still coded are text only if they read as UTF-8; decoded ones follow their media type
  const asText = textual && (undecoded === undefined || isUtf8(content.kept));
  return {
    body: asText ? content.kept.toString('utf8') : content.kept.toString('base64'),
    ...(asText ? {} : { encoding: 'base64' as const }),
    ...(content.size > RECORD_BODY_LIMIT ? { truncatedFrom: content.size } : {}),
    wireSize,
    size: content.size,
    ...(undecoded === undefined ? {} : { undecoded }),
    ...(content.counted === true
      ? {
          remark: `the decoded content passes ${ceiling} bytes and was counted no further: content.size is a lower bound`,
        }
      : {}),
  };
}
