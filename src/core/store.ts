/**
 * A thin store over `@msw/data` collections (DESIGN.md "Store"): the collection holds
 * the records; this keeps an index by key and by tenant so that a lookup by id and one
 * tenant's page never scan the collection.
 *
 * Updates are validated here and written onto the live record instead of going through
 * `collection.update()`: that call costs ~1.9 ms per record at 20,000 records in
 * `@msw/data` 1.1.7 (it scans and drafts), while the record objects are plain, writable
 * and shared with the collection (docs/decisions/003-store-updates-in-place.md).
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

/** The schema of a collection whose records were checked before they reach it. */
function checked<T>(): RecordSchema<T> {
  return { '~standard': { version: 1, vendor: 'ticketmock', validate: (value) => ({ value: value as T }) } };
}

export interface TableOptions<T> {
  readonly name: string;
  readonly schema: RecordSchema<T>;
  /** The primary key of a record; unique in the table. */
  readonly key: (record: T) => string;
  /** The tenant a record belongs to (organisation, Location, network…). */
  readonly tenant: (record: T) => string;
}

/** One collection of records of one kind, indexed by key and by tenant. */
export class Table<T extends object> {
  readonly name: string;
  readonly #options: TableOptions<T>;
  readonly #collection: Collection<RecordSchema<T>>;
  readonly #byKey = new Map<string, T>();
  readonly #byTenant = new Map<string, Map<string, T>>();
  /** Keys whose insert is under way, so that two concurrent inserts cannot both pass. */
  readonly #pending = new Set<string>();

  constructor(options: TableOptions<T>) {
    this.name = options.name;
    this.#options = options;
    // The table checks every record against `options.schema` before the collection sees
    // it; the collection's own check would run the same validator a second time per insert.
    this.#collection = new Collection({ schema: checked<T>() });
  }

  #check(value: unknown): T {
    const result = this.#options.schema['~standard'].validate(value);
    if (result.issues !== undefined) {
      throw new StoreError(`${this.name}: invalid record: ${result.issues.map((issue) => issue.message).join('; ')}`);
    }
    return result.value;
  }

  has(key: string): boolean {
    return this.#byKey.has(key) || this.#pending.has(key);
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

  /** Every record, in insertion order. */
  all(): T[] {
    return [...this.#byKey.values()];
  }

  count(): number {
    return this.#byKey.size;
  }

  /** Adds a record; throws a StoreError when its key is taken. */
  async insert(value: T): Promise<T> {
    const key = this.#options.key(value);
    if (this.has(key)) throw new StoreError(`${this.name}: duplicate key ${key}`);
    this.#pending.add(key);
    try {
      const record = (await this.#collection.create(this.#check(value))) as T;
      this.#byKey.set(key, record);
      const tenant = this.#options.tenant(record);
      let group = this.#byTenant.get(tenant);
      if (group === undefined) {
        group = new Map();
        this.#byTenant.set(tenant, group);
      }
      group.set(key, record);
      return record;
    } finally {
      this.#pending.delete(key);
    }
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
    return record;
  }

  delete(key: string): T | undefined {
    const record = this.#byKey.get(key);
    if (record === undefined) return undefined;
    this.#collection.delete(record as never);
    this.#byKey.delete(key);
    const tenant = this.#options.tenant(record);
    const group = this.#byTenant.get(tenant);
    group?.delete(key);
    if (group?.size === 0) this.#byTenant.delete(tenant);
    return record;
  }

  clear(): void {
    this.#collection.clear();
    this.#byKey.clear();
    this.#byTenant.clear();
  }
}
