/**
 * What `serve --state` keeps on disk (docs/decisions/014-state-file-durability.md): one
 * line holding a whole state, the snapshot, then one line per group commit holding the
 * records it changed. A group counts once its line is whole, newline included, so a write
 * cut off by a crash or a full disk is a last line that is no JSON and is dropped.
 *
 * ```text
 * {"format":"ticketmock-state","formatVersion":2,"writtenBy":"ticketmock 0.1.0","seed":1,"apis":{…}}
 * {"changes":[["auvious","tickets","vug-yyt",{…}],["auvious","tickets","abc-def",null]]}
 * ```
 *
 * Format 1, what ticketmock wrote before, is the snapshot alone without the first three
 * fields (`{"seed":1,"apis":{…}}`, the shape `GET /__mock/state` answers): it is read, and
 * rewritten in format 2 at the first change.
 */
import { isRecord } from '../spec/json.js';

export const STATE_FORMAT = 'ticketmock-state';
export const FORMAT_VERSION = 2;

/** One changed record: `[api, table, key, record]`, the record `null` once it was deleted. */
export type Change = readonly [api: string, table: string, key: string, record: object | null];

/** A whole state, as the engine exports and imports it. */
export interface StateDocument {
  seed?: unknown;
  apis: Record<string, unknown>;
}

/** A state file read back: the state it holds, and where its whole lines end. */
export interface ParsedState {
  /** The snapshot with every whole group applied. */
  readonly state: StateDocument;
  readonly formatVersion: number;
  /** Bytes of the file up to the end of its last whole line. */
  readonly length: number;
  readonly snapshotBytes: number;
  /** A last line cut off (no newline, or no JSON) follows `length`. */
  readonly torn: boolean;
  /** Groups may be appended: format 2, and every line ends in a newline. */
  readonly appendable: boolean;
}

/** A file this ticketmock does not read; the message says why. */
export class StateFormatError extends Error {}

/** Finds each table's key function: the live table's, or undefined for a table this server does not hold. */
export type KeyOf = (api: string, table: string) => ((record: object) => string) | undefined;

const NEWLINE = 0x0a;

export function encodeSnapshot(state: { seed: number; apis: Record<string, unknown> }, writtenBy: string): string {
  return `${JSON.stringify({ format: STATE_FORMAT, formatVersion: FORMAT_VERSION, writtenBy, seed: state.seed, apis: state.apis })}\n`;
}

export function encodeChanges(changes: readonly Change[]): string {
  return `${JSON.stringify({ changes })}\n`;
}

/** The snapshot's format version; throws for a document that is no state this ticketmock reads. */
function formatOf(document: unknown): number {
  if (!isRecord(document) || !isRecord(document.apis)) {
    throw new StateFormatError('it is not a ticketmock state: no {"seed": n, "apis": {…}}');
  }
  if (!('format' in document)) return 1;
  const version = document.formatVersion;
  if (document.format !== STATE_FORMAT || typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new StateFormatError(`it is not a ticketmock state: format ${JSON.stringify(document.format)}`);
  }
  if (version > FORMAT_VERSION) {
    const writer = typeof document.writtenBy === 'string' ? document.writtenBy : 'a newer ticketmock';
    throw new StateFormatError(
      `it was written by ${writer} in state format ${version}, and this ticketmock reads formats 1 to ${FORMAT_VERSION}: ` +
        'upgrade ticketmock, or start with another --state file',
    );
  }
  return version;
}

function asChanges(line: unknown): Change[] | undefined {
  if (!isRecord(line) || !Array.isArray(line.changes)) return undefined;
  for (const change of line.changes) {
    if (
      !Array.isArray(change) ||
      change.length !== 4 ||
      typeof change[0] !== 'string' ||
      typeof change[1] !== 'string' ||
      typeof change[2] !== 'string' ||
      !(change[3] === null || isRecord(change[3]))
    ) {
      return undefined;
    }
  }
  return line.changes as Change[];
}

/**
 * Applies groups of changes to a snapshot's tables in order, as the tables made them: a
 * record under a new key goes last, a replaced one keeps its place, a deleted one goes.
 * Changes to a table without a key function (an API this server does not hold) are skipped.
 */
export function applyChanges(state: StateDocument, groups: readonly (readonly Change[])[], keyOf: KeyOf): void {
  const tables = new Map<string, { records: Map<string, object>; write: () => void }>();
  for (const group of groups) {
    for (const [api, name, key, record] of group) {
      const id = JSON.stringify([api, name]);
      let table = tables.get(id);
      if (table === undefined) {
        const keyFunction = keyOf(api, name);
        const apiState = state.apis[api];
        if (keyFunction === undefined || !isRecord(apiState)) continue;
        const list = Array.isArray(apiState[name]) ? (apiState[name] as object[]) : [];
        const records = new Map(list.map((entry) => [keyFunction(entry), entry]));
        table = { records, write: () => Object.assign(apiState, { [name]: [...records.values()] }) };
        tables.set(id, table);
      }
      if (record === null) table.records.delete(key);
      else table.records.set(key, record);
    }
  }
  for (const table of tables.values()) table.write();
}

/**
 * Reads a state file's bytes: its snapshot (either format) and the groups after it, applied.
 * Throws a {@link StateFormatError} for a file that is no JSON, no ticketmock state, a newer
 * format, or damaged before its last line.
 */
export function parseState(bytes: Buffer, keyOf: KeyOf): ParsedState {
  const firstEnd = bytes.indexOf(NEWLINE);
  if (firstEnd < 0 || blankFrom(bytes, firstEnd + 1)) {
    // one document: format 1 as it was written, a snapshot alone, or a file someone formatted
    const document = parseJson(bytes.toString('utf8'));
    const formatVersion = formatOf(document);
    return {
      state: document as StateDocument,
      formatVersion,
      length: bytes.length,
      snapshotBytes: bytes.length,
      torn: false,
      appendable: formatVersion === FORMAT_VERSION && firstEnd === bytes.length - 1,
    };
  }
  let snapshot: unknown;
  try {
    snapshot = JSON.parse(bytes.subarray(0, firstEnd).toString('utf8'));
  } catch {
    // not a snapshot line: a document spread over several lines (format 1, formatted)
    const document = parseJson(bytes.toString('utf8'));
    return {
      state: document as StateDocument,
      formatVersion: formatOf(document),
      length: bytes.length,
      snapshotBytes: bytes.length,
      torn: false,
      appendable: false,
    };
  }
  const formatVersion = formatOf(snapshot);
  const groups: Change[][] = [];
  let start = firstEnd + 1;
  let torn = false;
  while (start < bytes.length) {
    const end = bytes.indexOf(NEWLINE, start);
    const text = bytes.subarray(start, end < 0 ? bytes.length : end).toString('utf8');
    let changes: Change[] | undefined;
    try {
      changes = asChanges(JSON.parse(text));
    } catch {
      changes = undefined;
    }
    if (end < 0) {
      // the last line, cut off before its newline: a write that never finished
      torn = true;
      break;
    }
    if (changes === undefined) {
      if (blankFrom(bytes, end + 1)) {
        torn = true;
        break;
      }
      throw new StateFormatError(`it is damaged: line ${groups.length + 2} is no group of changes`);
    }
    if (formatVersion < FORMAT_VERSION) {
      throw new StateFormatError(`it is damaged: a format ${formatVersion} state has no lines after the first`);
    }
    groups.push(changes);
    start = end + 1;
  }
  const state = snapshot as StateDocument;
  applyChanges(state, groups, keyOf);
  return {
    state,
    formatVersion,
    length: start,
    snapshotBytes: firstEnd + 1,
    torn,
    appendable: formatVersion === FORMAT_VERSION,
  };
}

/** Whether the bytes from `start` on are JSON whitespace only. */
function blankFrom(bytes: Buffer, start: number): boolean {
  for (let index = start; index < bytes.length; index += 1) {
    const byte = bytes[index];
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return false;
  }
  return true;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StateFormatError(`it is not JSON (${(error as Error).message})`);
  }
}
