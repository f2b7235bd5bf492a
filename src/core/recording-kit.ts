/**
 * Recordings in and out (issue 18): the journal as HAR 1.2 (`GET /__mock/journal?format=har`,
 * `control.journal({ format: 'har' })`) and entry by entry (`?detail=1`, the devtools page),
 * secrets redacted (./redact.ts) both ways; and a HAR routed into the state
 * (`serve --import`, `POST /__mock/import`). Handed to the engine by who needs it — Node's
 * `createMocks`, `ticketmock serve`, the devtools panel — so that a page's mocks without the
 * panel do not carry it (issue 14's bundle budget: ≈3 KB gzip; decision 022).
 */
import type { ImportHook } from './api-module.js';
import { buildHar, type Exchange, type Har } from './har.js';
import type { JournalDetail, JournalEntry } from './journal.js';
import { routeRecording } from './recording-import.js';
import { createRedactor } from './redact.js';

/** A journal entry with its request and answer where the journal kept them. */
export type DetailedEntry = JournalEntry & { readonly exchange?: JournalDetail };

export interface RecordingKit {
  /** The exchanges as a HAR 1.2 log, secrets redacted unless `keepSecrets`. */
  har(exchanges: Exchange[], keepSecrets: boolean): Har;
  /** Each entry with its exchange (absent where none was kept), secrets redacted as in the HAR. */
  detail(kept: ReadonlyArray<{ entry: JournalEntry; exchange: Exchange | undefined }>): DetailedEntry[];
  /** A recording's calls by API and operation (./recording-import.ts). */
  readonly route: typeof routeRecording;
  /**
   * The import of each shipped API by name (src/handlers/<api>/import.ts); an API module of
   * one's own brings its own (`importRecording`), which wins.
   */
  readonly importers: Readonly<Record<string, ImportHook>>;
}

/** Headers by name; a repeated one (`Set-Cookie`) joined as HTTP would fold it. */
function byName(headers: readonly (readonly [string, string])[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) out[name] = name in out ? `${out[name]}, ${value}` : value;
  return out;
}

function detailOf({ request, response }: Exchange): JournalDetail {
  const cut = response.truncatedFrom === undefined ? '' : `… [cut: ${response.truncatedFrom} bytes in all]`;
  return {
    request: { headers: byName(request.headers), ...(request.body === undefined ? {} : { body: request.body }) },
    response: {
      headers: byName(response.headers),
      ...(response.body === undefined ? {} : { body: `${response.body}${cut}` }),
    },
  };
}

/** The kit for APIs that bring their own import (src/recording.ts adds the shipped ones). */
export const journalKit: RecordingKit = {
  route: routeRecording,
  importers: {},
  har: (exchanges, keepSecrets) =>
    buildHar(exchanges, { keepSecrets, creator: { name: 'ticketmock', version: 'journal' } }),
  detail(kept) {
    const redactor = createRedactor();
    return kept.map(({ entry, exchange }) =>
      exchange === undefined ? entry : { ...entry, exchange: detailOf(redactor.exchange(exchange)) },
    );
  },
};
