/**
 * The records the operations changed since the last write, as the state file appends them
 * (docs/decisions/014-state-file-durability.md): it follows every table of the engine's
 * current state through `Table.observe`, and notices when a reset, seed or import replaced
 * the state (then only a whole rewrite can say what changed).
 */
import { type Engine, tablesOf } from '../core/engine.js';
import type { Table } from '../core/store.js';
import type { Change, KeyOf } from './state-format.js';

/** A change an operation made, waiting for the next write. */
interface Pending {
  readonly api: string;
  readonly name: string;
  readonly table: Table<object>;
  readonly key: string;
  readonly deleted: boolean;
}

const idOf = (change: Pending): string => JSON.stringify([change.api, change.name, change.key]);

/** The key function of each table of the engine's APIs, from its live tables. */
export function keysOf(engine: Engine): KeyOf {
  return (api, name) => {
    if (!engine.apiNames.includes(api)) return undefined;
    const table = tablesOf(engine.state(api)).find(([field]) => field === name)?.[1];
    return table === undefined ? undefined : (record) => table.keyOf(record);
  };
}

export class ChangeLog {
  readonly #engine: Engine;
  /** Each API's state object whose tables are followed. */
  readonly #followed = new Map<string, unknown>();
  #observed: Table<object>[] = [];
  #pending: Pending[] = [];
  /** The last pending change of each record: a second put of a record already pending adds nothing. */
  readonly #last = new Map<string, 'put' | 'delete'>();

  constructor(engine: Engine) {
    this.#engine = engine;
  }

  /** Follows the tables of the engine's state as it is now, with nothing pending. */
  follow(): void {
    this.stop();
    for (const api of this.#engine.apiNames) {
      const state = this.#engine.state(api);
      this.#followed.set(api, state);
      for (const [name, table] of tablesOf(state)) {
        table.observe((key, deleted) => this.#changed({ api, name, table, key, deleted }));
        this.#observed.push(table);
      }
    }
  }

  /** Follows nothing any more (the server stops). */
  stop(): void {
    for (const table of this.#observed) table.observe(undefined);
    this.#observed = [];
    this.#followed.clear();
    this.#pending = [];
    this.#last.clear();
  }

  #changed(change: Pending): void {
    const id = idOf(change);
    if (!change.deleted && this.#last.get(id) === 'put') return;
    this.#last.set(id, change.deleted ? 'delete' : 'put');
    this.#pending.push(change);
  }

  /** Whether a reset, seed or import replaced an API's state since {@link follow}. */
  get replaced(): boolean {
    return this.#engine.apiNames.some((api) => this.#engine.state(api) !== this.#followed.get(api));
  }

  get size(): number {
    return this.#pending.length;
  }

  /** The pending changes, each record as it is now (call it between operations). */
  changes(): Change[] {
    return this.#pending.map(({ api, name, table, key, deleted }): Change => {
      const record = deleted ? undefined : table.get(key);
      return [api, name, key, record ?? null];
    });
  }

  /** The first `count` pending changes are on disk. */
  written(count: number): void {
    this.#pending.splice(0, count);
    this.#last.clear();
    for (const change of this.#pending) this.#last.set(idOf(change), change.deleted ? 'delete' : 'put');
  }
}
