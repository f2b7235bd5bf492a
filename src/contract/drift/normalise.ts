/**
 * Volatile values, normalised per side so that two targets' answers to the same plan can be
 * compared (docs/decisions/015): what the run created (ids a write answered, numbered per
 * check in the order that side made them, also inside longer strings: a path, a link, a
 * derived user id), moments (the spec's `date-time` format), and credentials the server
 * mints (JWTs, and token-, session-, user name- and password-named members). Nothing else:
 * each rule is here because two ticketmocks drift without it.
 */
import { isInstant } from '../../spec/formats.js';
import { jsonOf } from '../client.js';
import type { Exchange } from '../types.js';

/** Members that hold a credential the server mints (a session, a token, a password it draws). */
const SECRET_KEYS = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'sessionId',
  'jti',
  'password',
  'username',
  'client_secret',
]);
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;
/** Members that name a record: what a write answers there is an id the run created. */
const ID_KEYS = new Set(['id']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One side's normaliser: it learns the side's ids as the run goes, in the order of its steps. */
export class SideNormaliser {
  /** Ids the run created → `<id:<check>.<n>>`. */
  readonly #created = new Map<string, string>();
  /** Ids made so far per check. */
  readonly #made = new Map<string, number>();

  /** The placeholder of a value the run created on this side, if it is one. */
  created(value: unknown): string | undefined {
    return typeof value === 'string' || typeof value === 'number' ? this.#created.get(String(value)) : undefined;
  }

  /** `text` with every id the run created on this side replaced by its placeholder (a path, a link, a UID). */
  replaceCreated(text: string): string {
    let out = text;
    for (const [id, placeholder] of this.#created) if (id.length >= 4) out = out.split(id).join(placeholder);
    return out;
  }

  /**
   * Learns from an answer: the ids a write created, numbered per check (`<id:<check>.<n>>`:
   * `unit` names the check, so a check that made more on one side does not shift the next
   * check's numbers, and checks running at once do not interleave them).
   */
  learn(exchange: Exchange, write: boolean, unit: string): void {
    if (!write || exchange.status === undefined || exchange.status >= 300) return;
    const body = jsonOf(exchange);
    if (body === undefined) return;
    const visit = (value: unknown, key: string) => {
      if (Array.isArray(value)) for (const item of value) visit(item, key);
      else if (isObject(value)) for (const [name, child] of Object.entries(value)) visit(child, name);
      else if (ID_KEYS.has(key) && (typeof value === 'string' || typeof value === 'number')) {
        const id = String(value);
        if (this.#created.has(id)) return;
        const made = (this.#made.get(unit) ?? 0) + 1;
        this.#made.set(unit, made);
        this.#created.set(id, `<id:${unit}.${made}>`);
      }
    };
    visit(body, '');
  }

  /**
   * The answer's JSON body with its volatile values replaced (`undefined` when it is not
   * JSON). Call {@link learn} first: a create's own id is then already the run's.
   */
  answer(exchange: Exchange): Json | undefined {
    const body = jsonOf(exchange);
    if (body === undefined) return undefined;
    const leaf = (value: unknown, key: string): Json => {
      if (value === null || typeof value === 'boolean') return value;
      const created = this.created(value);
      if (created !== undefined) return created;
      if (typeof value === 'number') return value;
      const text = String(value);
      if (SECRET_KEYS.has(key) || JWT.test(text)) return '<secret>';
      if (isInstant(text)) return '<date-time>';
      return this.replaceCreated(text);
    };
    const walk = (value: unknown, key: string): Json => {
      if (Array.isArray(value)) return value.map((item) => walk(item, key));
      if (isObject(value)) {
        const out: Record<string, Json> = {};
        for (const name of Object.keys(value).sort()) out[name] = walk(value[name], name);
        return out;
      }
      return leaf(value, key);
    };
    return walk(body, '');
  }
}
