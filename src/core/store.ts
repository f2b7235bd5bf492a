/**
 * The store: `@msw/data` collections are the records (DESIGN.md "Store"), and each
 * {@link Table} keeps an index by key and by tenant over its collection so that a lookup by
 * id and one tenant's page never scan. The index is kept by the collection itself (its
 * `create` and `delete` hooks, and its `update`, `updateMany` and `clear`), so a test that
 * seeds or changes `mocks.db.<api>.<table>` through `@msw/data`'s own API is answered by
 * the mock at once (docs/decisions/009-msw-data-store.md). Where nobody can reach the
 * collections (the standalone server), a table keeps its records in the index alone.
 *
 * The engine's own updates are validated here and written onto the live record instead of
 * going through `collection.update()`, which scans and drafts (≈20 ms per record at
 * 100,000 in `@msw/data` 1.1.7); the record objects are plain, writable and shared with
 * the collection (docs/decisions/003-store-updates-in-place.md).
 */
import { Collection } from '@msw/data';

/** The part of the Standard Schema interface (standardschema.dev) the store relies on. */
export interface RecordSchema<T> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (
      value: unknown,
    ) =>
      | { readonly value: T; readonly issues?: undefined }
      | { readonly issues: ReadonlyArray<{ readonly message: string }> };
    readonly types?: { readonly input: T; readonly output: T };
  };
}

export class StoreError extends Error {}

type Base<T> = Collection<RecordSchema<T>>;
/** A record as the collection keeps it (`@msw/data`'s `RecordType`, which its entry does not export). */
type Stored<T> = ReturnType<Base<T>['all']>[number];

/** What a {@link TableCollection} tells its table's index beyond the create and delete hooks. */
interface IndexFeed<T> {
  /** `records` replaced earlier versions of themselves (an update through the collection). */
  readonly replaced: (records: readonly T[]) => void;
  /** The collection was emptied. */
  readonly cleared: () => void;
}

/**
 * `@msw/data`'s own `Collection`, as `mocks.db.<api>.<table>` hands it out. Two of its
 * calls say nothing its hooks could index by: `update` stores a new object (its `update`
 * event carries a draft, not the record it keeps), and `clear` fires `delete` for every
 * other record only (it splices the array it walks). Both tell the table afterwards.
 */
export class TableCollection<T extends object> extends Collection<RecordSchema<T>> {
  readonly #feed: IndexFeed<T>;

  constructor(schema: RecordSchema<T>, feed: IndexFeed<T>) {
    super({ schema });
    this.#feed = feed;
  }

  override async update<Strict extends boolean>(
    predicate: Parameters<Base<T>['update']>[0],
    options: Parameters<Base<T>['update']>[1] & { strict?: Strict },
  ): Promise<Strict extends true ? Stored<T> : Stored<T> | undefined> {
    const record = await super.update<Strict>(predicate, options);
    if (record !== undefined) this.#feed.replaced([record]);
    return record;
  }

  override async updateMany(...args: Parameters<Base<T>['updateMany']>): ReturnType<Base<T>['updateMany']> {
    const records = await super.updateMany(...args);
    this.#feed.replaced(records);
    return records;
  }

  override clear(): void {
    super.clear();
    this.#feed.cleared();
  }
}

export interface TableOptions<T> {
  readonly name: string;
  readonly schema: RecordSchema<T>;
  /** The primary key of a record; unique in the table. */
  readonly key: (record: T) => string;
  /** The tenant a record belongs to (organisation, Location, network…). */
  readonly tenant: (record: T) => string;
  /**
   * Called for every record the table gains, however it came: the engine's insert, an
   * import, or a test's `collection.create`. Throwing refuses the record.
   */
  readonly onAdd?: (record: T) => void;
}

/**
 * Told after each change to a table's records, whoever made it: the record under `key` was
 * added or replaced (`deleted` false; read it with {@link Table.get}), or removed. The state
 * file's change log listens here (docs/decisions/014-state-file-durability.md).
 */
export type TableObserver = (key: string, deleted: boolean) => void;

/**
 * One collection of records of one kind, indexed by key and by tenant.
 *
 * A table starts on its index alone (the standalone server's case: nobody there can reach
 * a collection, so `@msw/data`'s per-record copy, primary key and relation map would be
 * paid for nothing; decision 009). {@link attach} makes `@msw/data`'s collection the
 * records' store (what `createMocks()` hands out as `mocks.db`); from then on the index
 * follows the collection's hooks, whoever writes to it.
 */
export class Table<T extends object> {
  readonly name: string;
  readonly #options: TableOptions<T>;
  /** By key, in insertion order: without a collection, also the records' order. */
  readonly #byKey = new Map<string, T>();
  readonly #byTenant = new Map<string, Map<string, T>>();
  /** `@msw/data`'s collection once {@link attach}ed: the records' store. */
  #collection: TableCollection<T> | undefined;
  /** Set while `insert` hands the collection a record it has just checked. */
  #checked = false;
  #observer: TableObserver | undefined;

  constructor(options: TableOptions<T>) {
    this.name = options.name;
    this.#options = options;
  }

  /** The records as `@msw/data`'s collection; only after {@link attach}. */
  get collection(): TableCollection<T> {
    if (this.#collection === undefined) {
      throw new Error(`${this.name} has no @msw/data collection: the engine was created with collections: false`);
    }
    return this.#collection;
  }

  /** The table's one observer from now on (`undefined`: none). */
  observe(observer: TableObserver | undefined): void {
    this.#observer = observer;
  }

  /** The primary key of a record of this table. */
  keyOf(record: T): string {
    return this.#options.key(record);
  }

  /** Whether `@msw/data`'s collection holds the records. */
  get attached(): boolean {
    return this.#collection !== undefined;
  }

  /**
   * Makes `@msw/data`'s collection the records' store: every record so far is created in
   * it (in order, not checked again), and the index follows its hooks from now on.
   */
  async attach(): Promise<void> {
    if (this.#collection !== undefined) return;
    const { validate, vendor } = this.#options.schema['~standard'];
    // The collection checks what a test creates through it; `insert` checks first (for a
    // StoreError that says what is wrong) and spares the collection a second run.
    const schema: RecordSchema<T> = {
      '~standard': {
        version: 1,
        vendor,
        validate: (value) => (this.#checked ? { value: value as T } : validate(value)),
      },
    };
    const collection = new TableCollection(schema, {
      replaced: (records) => this.#replaced(records),
      cleared: () => this.#clearIndex(),
    });
    // the collection keeps its own copy of each record: the index moves to the copies
    for (const record of [...this.#byKey.values()]) {
      const stored = await this.#createChecked(collection, record);
      const key = this.#options.key(stored);
      this.#byKey.set(key, stored);
      // Stryker disable next-line OptionalChaining: a record in the index always has its tenant's group
      this.#byTenant.get(this.#options.tenant(stored))?.set(key, stored);
    }
    collection.hooks.on('create', (event) => this.#add(event.data.record));
    collection.hooks.on('delete', (event) => this.#remove(event.data.deletedRecord));
    collection.hooks.on('update', (event) => {
      const { prevRecord, nextRecord } = event.data;
      const key = this.#options.key(nextRecord);
      if (key !== this.#options.key(prevRecord) && this.#byKey.has(key)) {
        throw new StoreError(`${this.name}: duplicate key ${key}`);
      }
    });
    this.#collection = collection;
  }

  /** `collection.create` for a record the table has checked: the collection does not check it again. */
  #createChecked(collection: TableCollection<T>, record: T): Promise<T> {
    // `create` runs the schema before its first `await`, so the flag covers this record only
    // Stryker disable next-line BooleanLiteral: unflagged, the collection checks the record again, to the same verdict
    this.#checked = true;
    try {
      return collection.create(record);
    } finally {
      this.#checked = false;
    }
  }

  #check(value: unknown): T {
    const result = this.#options.schema['~standard'].validate(value);
    if (result.issues !== undefined) {
      throw new StoreError(`${this.name}: invalid record: ${result.issues.map((issue) => issue.message).join('; ')}`);
    }
    return result.value;
  }

  #add(record: T): void {
    const key = this.#options.key(record);
    // thrown from the `create` hook, this refuses the record before the collection keeps it
    if (this.#byKey.has(key)) throw new StoreError(`${this.name}: duplicate key ${key}`);
    this.#options.onAdd?.(record);
    this.#index(key, record);
    this.#observer?.(key, false);
  }

  #index(key: string, record: T): void {
    this.#byKey.set(key, record);
    const tenant = this.#options.tenant(record);
    let group = this.#byTenant.get(tenant);
    if (group === undefined) {
      group = new Map();
      this.#byTenant.set(tenant, group);
    }
    group.set(key, record);
  }

  #remove(record: T): void {
    const key = this.#options.key(record);
    this.#byKey.delete(key);
    const tenant = this.#options.tenant(record);
    const group = this.#byTenant.get(tenant);
    // Stryker disable next-line OptionalChaining: a record in the index always has its tenant's group
    group?.delete(key);
    // Stryker disable next-line OptionalChaining: a record in the index always has its tenant's group
    if (group?.size === 0) this.#byTenant.delete(tenant);
    this.#observer?.(key, true);
  }

  /** After `collection.update`: the same key and tenant swap the object in place; a move re-reads the collection. */
  #replaced(records: readonly T[]): void {
    this.#reindex(records);
    for (const record of records) this.#observer?.(this.#options.key(record), false);
  }

  #reindex(records: readonly T[]): void {
    for (const record of records) {
      const key = this.#options.key(record);
      const tenant = this.#options.tenant(record);
      const previous = this.#byKey.get(key);
      if (previous === undefined || this.#options.tenant(previous) !== tenant) {
        this.#clearIndex();
        for (const current of this.collection.all()) this.#index(this.#options.key(current), current);
        return;
      }
      this.#byKey.set(key, record);
      // Stryker disable next-line OptionalChaining: a record in the index always has its tenant's group
      this.#byTenant.get(tenant)?.set(key, record);
    }
  }

  #clearIndex(): void {
    this.#byKey.clear();
    this.#byTenant.clear();
  }

  has(key: string): boolean {
    return this.#byKey.has(key);
  }

  get(key: string): T | undefined {
    return this.#byKey.get(key);
  }

  /** `limit` of the tenant's records from `offset`, in insertion order, without copying the rest. */
  page(tenant: string, offset: number, limit: number): T[] {
    const page: T[] = [];
    if (limit <= 0) return page;
    let index = 0;
    for (const record of this.#byTenant.get(tenant)?.values() ?? []) {
      if (index >= offset) {
        page.push(record);
        if (page.length === limit) break;
      }
      index += 1;
    }
    return page;
  }

  countFor(tenant: string): number {
    return this.#byTenant.get(tenant)?.size ?? 0;
  }

  /** Every record, in insertion order (the collection's, once attached). */
  all(): T[] {
    return [...(this.#collection?.all() ?? this.#byKey.values())];
  }

  count(): number {
    return this.#collection?.count() ?? this.#byKey.size;
  }

  /** Adds a record (through the collection once attached); throws a StoreError when it is invalid or its key is taken. */
  async insert(value: T): Promise<T> {
    const key = this.#options.key(value);
    if (this.#byKey.has(key)) throw new StoreError(`${this.name}: duplicate key ${key}`);
    const record = this.#check(value);
    if (this.#collection !== undefined) return this.#createChecked(this.#collection, record);
    this.#add(record);
    return record;
  }

  /**
   * Replaces the record's fields with `change(copy)`'s, validated first; the key and
   * tenant may not change. Returns the updated record, or undefined for an unknown key.
   */
  update(key: string, change: (copy: T) => T): T | undefined {
    const record = this.#byKey.get(key);
    if (record === undefined) return undefined;
    const next = this.#check(change(structuredClone(record)));
    if (this.#options.key(next) !== key || this.#options.tenant(next) !== this.#options.tenant(record)) {
      throw new StoreError(`${this.name}: an update may not change a record's key or tenant`);
    }
    const target = record as Record<string, unknown>;
    for (const field of Object.keys(target)) if (!Object.hasOwn(next, field)) delete target[field];
    for (const [field, value] of Object.entries(next)) {
      // defineProperty, not assignment: a field named `__proto__` stays a plain field.
      Object.defineProperty(target, field, { value, enumerable: true, writable: true, configurable: true });
    }
    this.#observer?.(key, false);
    return record;
  }

  /** Deletes (through the collection once attached: its `delete` hook updates the index). */
  delete(key: string): T | undefined {
    const record = this.#byKey.get(key);
    if (record === undefined) return undefined;
    if (this.#collection === undefined) this.#remove(record);
    else this.#collection.delete(record as never);
    return record;
  }

  clear(): void {
    const keys = this.#observer === undefined ? [] : [...this.#byKey.keys()];
    if (this.#collection === undefined) this.#clearIndex();
    else this.#collection.clear();
    for (const key of keys) this.#observer?.(key, true);
  }
}
