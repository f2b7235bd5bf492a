/**
 * The recorder's sizes for coded bodies (decision 022, "Sizes on the wire"): in front of a
 * stand-in vendor answering gzip, deflate (zlib and raw), br, two codings at once, a coding
 * nobody knows and a gzip body that is broken, each HAR entry must give `bodySize` and
 * `_transferSize` as the bytes that crossed the wire (still coded), `content.size` as the
 * decoded bytes, `content.compression` as their difference, the text decoded; the HAR must
 * stay valid HAR 1.2; and the client must get the vendor's bytes and `Content-Encoding`
 * exactly as sent. A request sent gzip-coded is sized the same way.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, deflateRawSync, deflateSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHar, type Exchange, type Har, type HarEntry } from '../../src/core/har.ts';
import { harProblem } from '../../src/server/har-schema.ts';
import { RECORD_BODY_LIMIT, recordBody } from '../../src/server/record-body.ts';
import { type RecordProxy, startRecordProxy } from '../../src/server/record-proxy.ts';
import { collect, exitCode, killAll, ticketmock, waitFor } from '../helpers/cli.ts';

const JSON_TYPE = 'application/json; charset=utf-8';
/** A JSON answer that compresses well: its coded form is much smaller. */
const TICKETS = JSON.stringify({
  tickets: Array.from({ length: 40 }, (_, index) => ({ id: `t-${index}`, status: 'ACTIVE', name: 'Gala seat' })),
});
const TOKEN = JSON.stringify({ access_token: 'a-secret-token-of-some-length-0123456789', token_type: 'Bearer' });
/** Bytes that are no UTF-8 (0xff never occurs in it): a body in a coding nobody knows. */
const SQUASHED = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0xff, 0x00, 0x10, 0xfe, 0x80]);
/** More content than the recorder keeps, in a few KiB of gzip. */
const HUGE = Buffer.alloc(RECORD_BODY_LIMIT * 3, 'a');
const gzipped = gzipSync(TICKETS);

/** What the stand-in vendor sends for each path: its headers and its body's bytes. */
const ANSWERS: Record<string, { coding?: string; type?: string; bytes: Buffer; chunked?: boolean }> = {
  '/plain': { bytes: Buffer.from(TICKETS) },
  '/gzip': { coding: 'gzip', bytes: gzipped },
  '/gzip-chunked': { coding: 'gzip', bytes: gzipped, chunked: true },
  '/deflate': { coding: 'deflate', bytes: deflateSync(TICKETS) },
  '/deflate-raw': { coding: 'deflate', bytes: deflateRawSync(TICKETS) },
  '/br': { coding: 'br', bytes: brotliCompressSync(TICKETS) },
  // gzip applied first, then br (RFC 9110 §8.4: listed in the order applied)
  '/gzip-br': { coding: 'gzip, br', bytes: brotliCompressSync(gzipped) },
  // zlib deflate under gzip: the wire's first bytes are gzip's, not deflate's
  '/deflate-gzip': { coding: 'deflate, gzip', bytes: gzipSync(deflateSync(TICKETS)) },
  '/token': { coding: 'gzip', bytes: gzipSync(TOKEN) },
  '/unknown': { coding: 'x-squash', bytes: SQUASHED },
  '/unknown-text': { coding: 'x-squash', bytes: Buffer.from('{"squashed":false}') },
  // a gzip body cut short: its header is fine, its end is missing
  '/corrupt': { coding: 'gzip', bytes: gzipped.subarray(0, gzipped.length - 20) },
  '/huge': { coding: 'gzip', type: 'text/plain', bytes: gzipSync(HUGE) },
};

/** What the vendor received of each request: its Content-Encoding and body bytes. */
const received: { coding: string | undefined; bytes: Buffer }[] = [];

function vendor(): Server {
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST') {
        received.push({ coding: request.headers['content-encoding'], bytes: Buffer.concat(chunks) });
        response.writeHead(201, { 'content-type': JSON_TYPE }).end('{"ok":true}');
        return;
      }
      const answer = ANSWERS[request.url ?? ''];
      if (answer === undefined) {
        response.writeHead(404).end();
        return;
      }
      const headers: Record<string, string> = { 'content-type': answer.type ?? JSON_TYPE };
      if (answer.coding !== undefined) headers['content-encoding'] = answer.coding;
      if (answer.chunked === true) {
        // no Content-Length: node:http sends it chunked, in two pieces
        response.writeHead(200, headers);
        response.write(answer.bytes.subarray(0, 10));
        response.end(answer.bytes.subarray(10));
      } else response.writeHead(200, { ...headers, 'content-length': String(answer.bytes.length) }).end(answer.bytes);
    });
  });
}

/** A raw HTTP call (fetch would undo the Content-Encoding): status, headers and the body's bytes as they came. */
function rawCall(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer } = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

let target: Server;
let proxy: RecordProxy;
const exchanges: Exchange[] = [];
/** What the client got through the proxy, by path. */
const got = new Map<string, { status: number; headers: IncomingHttpHeaders; bytes: Buffer }>();
let har: Har;
let kept: Har;
const UPLOAD = JSON.stringify({ note: 'x'.repeat(600) });
const uploaded = gzipSync(UPLOAD);

const entryFor = (log: Har, path: string): HarEntry => {
  const entry = log.log.entries.find((candidate) => new URL(candidate.request.url).pathname === path);
  if (entry === undefined) throw new Error(`no entry for ${path}`);
  return entry;
};

beforeAll(async () => {
  target = vendor();
  await new Promise<void>((listening) => target.listen(0, '127.0.0.1', () => listening()));
  const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  proxy = await startRecordProxy({
    target: new URL(url),
    host: '127.0.0.1',
    port: 0,
    forwards: () => true,
    onExchange: (exchange) => exchanges.push(exchange),
  });
  for (const path of Object.keys(ANSWERS)) got.set(path, await rawCall(`${proxy.url}${path}`));
  got.set(
    '/upload-squashed',
    await rawCall(`${proxy.url}/upload-squashed`, {
      method: 'POST',
      headers: { 'content-type': JSON_TYPE, 'content-encoding': 'x-squash' },
      body: SQUASHED,
    }),
  );
  got.set(
    '/upload',
    await rawCall(`${proxy.url}/upload`, {
      method: 'POST',
      headers: { 'content-type': JSON_TYPE, 'content-encoding': 'gzip' },
      body: uploaded,
    }),
  );
  await proxy.close();
  har = buildHar(exchanges);
  kept = buildHar(exchanges, { keepSecrets: true });
});

afterAll(async () => {
  await proxy?.close();
  await new Promise<void>((closed) => (target === undefined ? closed() : target.close(() => closed())));
});

describe('the client gets what the vendor sent', () => {
  it.each(Object.keys(ANSWERS))('%s: the same bytes and the same Content-Encoding', (path) => {
    const answer = ANSWERS[path];
    const answered = got.get(path);
    expect(answered?.status).toBe(200);
    expect(answered?.bytes.equals(answer?.bytes ?? Buffer.alloc(0))).toBe(true);
    expect(answered?.headers['content-encoding']).toBe(answer?.coding);
    expect(answered?.headers['content-length']).toBe(String(answer?.bytes.length));
  });

  it('a coded request reaches the vendor as it was sent', () => {
    expect(got.get('/upload')?.status).toBe(201);
    expect(received.map(({ coding, bytes }) => [coding, bytes.toString('base64')])).toEqual([
      ['x-squash', SQUASHED.toString('base64')],
      ['gzip', uploaded.toString('base64')],
    ]);
  });
});

describe('each entry gives the wire bytes as bodySize and the decoded ones as content.size', () => {
  const decodedCases = ['/gzip', '/gzip-chunked', '/deflate', '/deflate-raw', '/br', '/gzip-br', '/deflate-gzip'];

  it.each(decodedCases)('%s: coded bytes on the wire, the JSON decoded, the bytes saved', (path) => {
    const { response } = entryFor(har, path);
    const wire = ANSWERS[path]?.bytes.length ?? -1;
    const content = Buffer.byteLength(TICKETS);
    expect(wire).toBeLessThan(content);
    expect(response.bodySize).toBe(wire);
    expect(response._transferSize).toBe(wire);
    expect(response.headersSize).toBe(-1);
    expect(response.content).toEqual({
      size: content,
      compression: content - wire,
      mimeType: JSON_TYPE,
      text: TICKETS,
    });
    // the header that says the body was coded stays in the record
    const coding = response.headers.find((pair) => pair.name.toLowerCase() === 'content-encoding');
    expect(coding?.value).toBe(ANSWERS[path]?.coding);
  });

  it('an uncoded answer: bodySize = content.size, no compression', () => {
    const { response } = entryFor(har, '/plain');
    const size = Buffer.byteLength(TICKETS);
    expect(response.bodySize).toBe(size);
    expect(response._transferSize).toBe(size);
    expect(response.content).toEqual({ size, mimeType: JSON_TYPE, text: TICKETS });
  });

  it('a coding nobody knows: the bytes as sent, base64 as they are no text, sizes equal, the comment says why', () => {
    const { response } = entryFor(har, '/unknown');
    expect(response.bodySize).toBe(SQUASHED.length);
    expect(response._transferSize).toBe(SQUASHED.length);
    expect(response.content.size).toBe(SQUASHED.length);
    expect(response.content.compression).toBeUndefined();
    expect(response.content.encoding).toBe('base64');
    expect(Buffer.from(response.content.text ?? '', 'base64').equals(SQUASHED)).toBe(true);
    expect(response.content.comment).toMatch(/x-squash is no coding the recorder decodes/);
  });

  it('a coding nobody knows over bytes that read as text: kept as text, and said', () => {
    const { response } = entryFor(har, '/unknown-text');
    expect(response.content).toMatchObject({ size: 18, text: '{"squashed":false}' });
    expect(response.content.encoding).toBeUndefined();
    expect(response.content.comment).toMatch(/x-squash/);
    expect(response.bodySize).toBe(18);
  });

  it('a broken gzip body: kept as sent (base64), sizes equal, the entry says it could not be decoded', () => {
    const { response } = entryFor(har, '/corrupt');
    const bytes = ANSWERS['/corrupt']?.bytes ?? Buffer.alloc(0);
    expect(() => gunzipSync(bytes)).toThrow();
    expect(response.bodySize).toBe(bytes.length);
    expect(response.content.size).toBe(bytes.length);
    expect(response.content.compression).toBeUndefined();
    expect(response.content.encoding).toBe('base64');
    expect(Buffer.from(response.content.text ?? '', 'base64').equals(bytes)).toBe(true);
    expect(response.content.comment).toMatch(/gzip: the body could not be decoded \(unexpected end of file\)/);
  });

  it('content over the limit: its first MiB kept, content.size all of it, bodySize the few KiB sent', () => {
    const { response } = entryFor(har, '/huge');
    const wire = ANSWERS['/huge']?.bytes.length ?? -1;
    expect(response.bodySize).toBe(wire);
    expect(response.content.size).toBe(HUGE.length);
    expect(response.content.compression).toBe(HUGE.length - wire);
    expect(response.content.text).toBe('a'.repeat(RECORD_BODY_LIMIT));
    expect(response.content.comment).toBe(`body cut to its first ${RECORD_BODY_LIMIT} of ${HUGE.length} bytes`);
  });

  it('a gzip-coded request: bodySize the coded bytes, postData its decoded text', () => {
    const { request } = entryFor(har, '/upload');
    expect(request.bodySize).toBe(uploaded.length);
    expect(request.bodySize).toBeLessThan(Buffer.byteLength(UPLOAD));
    expect(request.headersSize).toBe(-1);
    expect(request.postData).toEqual({ mimeType: JSON_TYPE, text: UPLOAD });
  });

  it('a request in a coding nobody knows: its bytes as sent, base64, and postData says so', () => {
    const { request } = entryFor(har, '/upload-squashed');
    expect(request.bodySize).toBe(SQUASHED.length);
    expect(Buffer.from(request.postData?.text ?? '', 'base64').equals(SQUASHED)).toBe(true);
    expect(request.postData?.comment).toMatch(/base64-encoded[\s\S]*x-squash is no coding the recorder decodes/);
  });

  it('a request without a body: bodySize 0', () => {
    expect(entryFor(har, '/gzip').request.bodySize).toBe(0);
    expect(entryFor(har, '/gzip').request.postData).toBeUndefined();
  });

  it('redaction changes the text, never a size', () => {
    const redacted = entryFor(har, '/token').response;
    const asSent = entryFor(kept, '/token').response;
    expect(redacted.content.text).toContain('REDACTED');
    expect(redacted.content.text).not.toContain('a-secret-token');
    expect(asSent.content.text).toBe(TOKEN);
    expect(redacted.content.size).toBe(Buffer.byteLength(TOKEN));
    expect(redacted.content.compression).toBe(asSent.content.compression);
    expect(redacted.bodySize).toBe(ANSWERS['/token']?.bytes.length);
    expect(har.log.entries.map((entry) => [entry.response.bodySize, entry.response.content.size])).toEqual(
      kept.log.entries.map((entry) => [entry.response.bodySize, entry.response.content.size]),
    );
  });
});

describe('content that inflates past the decode ceiling', () => {
  it('is counted no further: its first MiB kept, content.size a lower bound, and said', async () => {
    const ceiling = 4 * RECORD_BODY_LIMIT;
    const bomb = gzipSync(Buffer.alloc(16 * RECORD_BODY_LIMIT, 'z'));
    const recorded = await recordBody(bomb, { 'content-encoding': 'gzip', 'content-type': 'text/plain' }, ceiling);
    expect(recorded.wireSize).toBe(bomb.length);
    expect(recorded.size).toBeGreaterThanOrEqual(ceiling);
    expect(recorded.size).toBeLessThan(16 * RECORD_BODY_LIMIT);
    expect(recorded.body).toBe('z'.repeat(RECORD_BODY_LIMIT));
    expect(recorded.undecoded).toBeUndefined();
    const [entry] = buildHar([
      {
        started: '2026-05-01T10:00:00.000Z',
        durationMs: 1,
        request: { method: 'GET', url: 'http://vendor.test/bomb', headers: [] },
        response: { status: 200, headers: [['content-type', 'text/plain']], ...recorded },
      },
    ]).log.entries;
    expect(entry?.response.content.size).toBe(recorded.size);
    expect(entry?.response.content.comment).toMatch(/counted no further: content\.size is a lower bound$/);
  });
});

describe("an exchange without a recorder's sizes (the journal's)", () => {
  it('has sizes of its text before redaction, bodySize = content.size, no compression', () => {
    const login = JSON.stringify({ username: 'demo', password: 'a-long-password-0123456789' });
    const journal: Exchange = {
      started: '2026-05-01T10:00:00.000Z',
      durationMs: 1,
      request: { method: 'POST', url: 'http://mock.test/login', headers: [['content-type', JSON_TYPE]], body: login },
      response: { status: 200, headers: [['content-type', JSON_TYPE]], body: TOKEN },
    };
    const [entry] = buildHar([journal]).log.entries;
    expect(entry?.request.postData?.text).not.toContain('a-long-password');
    expect(entry?.response.content.text).not.toContain('a-secret-token');
    expect(entry?.request.bodySize).toBe(Buffer.byteLength(login));
    expect(entry?.response.content.size).toBe(Buffer.byteLength(TOKEN));
    expect(entry?.response.bodySize).toBe(Buffer.byteLength(TOKEN));
    expect(entry?.response._transferSize).toBe(Buffer.byteLength(TOKEN));
    expect(entry?.response.content.compression).toBeUndefined();
  });
});

describe('the HAR', () => {
  it('lists the exchanges in the order they were answered, however long each took to decode', () => {
    // the 3 MiB behind /huge decodes long after /upload is answered; the import reads the file's order
    const paths = har.log.entries.map((entry) => new URL(entry.request.url).pathname);
    expect(paths).toEqual([...Object.keys(ANSWERS), '/upload-squashed', '/upload']);
  });

  it('is valid HAR 1.2, redacted or not', () => {
    expect(har.log.entries).toHaveLength(Object.keys(ANSWERS).length + 2);
    expect(harProblem(har)).toBeUndefined();
    expect(harProblem(kept)).toBeUndefined();
  });

  it("reads in Chrome's Network panel as the coded bytes transferred and the decoded ones as the resource", () => {
    // Importer.ts: resourceSize = content.size (> 0), else headersSize + bodySize; transferSize = _transferSize
    const { response } = entryFor(har, '/br');
    const transferred = response._transferSize ?? response.headersSize + response.bodySize;
    const resource = response.content.size > 0 ? response.content.size : response.headersSize + response.bodySize;
    expect(transferred).toBe(ANSWERS['/br']?.bytes.length);
    expect(resource).toBe(Buffer.byteLength(TICKETS));
  });
});

describe('a client that hangs up mid-request', () => {
  it('leaves the recorder answering the next one (no crash on the unfinished body)', async () => {
    const answered: Exchange[] = [];
    const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    const recorder = await startRecordProxy({
      target: new URL(url),
      host: '127.0.0.1',
      port: 0,
      forwards: () => true,
      onExchange: (exchange) => answered.push(exchange),
    });
    try {
      const port = Number(new URL(recorder.url).port);
      await new Promise<void>((gone) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write('POST /upload HTTP/1.1\r\nHost: vendor\r\nContent-Length: 100\r\n\r\nabc');
          setTimeout(() => socket.destroy(), 100);
        });
        socket.once('close', () => gone());
      });
      expect((await rawCall(`${recorder.url}/plain`)).status).toBe(200);
    } finally {
      await recorder.close();
    }
    expect(answered.map((exchange) => new URL(exchange.request.url).pathname)).toEqual(['/plain']);
  });
});

describe('through the `ticketmock record` command', () => {
  let folder = '';
  afterAll(async () => {
    killAll();
    if (folder !== '') await rm(folder, { recursive: true, force: true });
  });

  it('writes the same sizes on SIGTERM, the big gzip answer still being decoded included', async () => {
    folder = await mkdtemp(join(tmpdir(), 'ticketmock-record-sizes-'));
    const out = join(folder, 'sizes.har');
    const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    const recorder = ticketmock('record', '--target', url, '--out', out);
    const output = collect(recorder);
    await waitFor(() => output.out().includes('Press Ctrl+C') || recorder.exitCode !== null, 'the recorder');
    const proxyUrl = /ticketmock record: (http:\/\/127\.0\.0\.1:\d+) -> /.exec(output.out())?.[1];
    if (proxyUrl === undefined) throw new Error(`record did not start: ${output.err()}`);
    const corrupt = await rawCall(`${proxyUrl}/corrupt`);
    expect(corrupt.bytes.equals(ANSWERS['/corrupt']?.bytes ?? Buffer.alloc(0))).toBe(true);
    await rawCall(`${proxyUrl}/br`);
    await rawCall(`${proxyUrl}/huge`);
    recorder.kill('SIGTERM');
    expect(await exitCode(recorder)).toBe(0);
    const written = JSON.parse(await readFile(out, 'utf8')) as Har;
    expect(harProblem(written)).toBeUndefined();
    const sizes = written.log.entries.map(({ request, response }) => [
      new URL(request.url).pathname,
      response.bodySize,
      response._transferSize,
      response.content.size,
      response.content.compression,
    ]);
    const wire = (path: string) => ANSWERS[path]?.bytes.length ?? -1;
    const content = Buffer.byteLength(TICKETS);
    expect(sizes).toEqual([
      ['/corrupt', wire('/corrupt'), wire('/corrupt'), wire('/corrupt'), undefined],
      ['/br', wire('/br'), wire('/br'), content, content - wire('/br')],
      ['/huge', wire('/huge'), wire('/huge'), HUGE.length, HUGE.length - wire('/huge')],
    ]);
    expect(written.log.entries[0]?.response.content.comment).toMatch(/could not be decoded/);
  });
});
