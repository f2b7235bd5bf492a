/**
 * The type of `mocks.db`: each API's tables as the `@msw/data` collections the mock answers
 * from (DESIGN.md, Library; docs/decisions/009-msw-data-store.md). Type-only imports: naming
 * an API here loads none of its code.
 */
import type { Table, TableCollection } from './core/store.js';
import type { AdminserverState } from './handlers/adminserver/state.js';
import type { AuviousState } from './handlers/auvious/state.js';
import type { OctopusState } from './handlers/octopus/state.js';

/** The collections of an API state: one per `Table` in it, under the same name. */
export type CollectionsOf<State> = {
  readonly [Name in keyof State as State[Name] extends Table<infer _> ? Name : never]: State[Name] extends Table<
    infer T
  >
    ? TableCollection<T>
    : never;
};

/**
 * `mocks.db`: an entry for each API `createMocks` mounted (the others are undefined). A
 * test seeds and queries with `@msw/data`'s own API (`create`, `findMany(q => q.where(…))`,
 * `update`, `delete`) and the mock answers from the same records. A reset, a seed or an
 * import replaces the collections: read `mocks.db.<api>.<table>` again after one.
 */
export interface MocksDb {
  readonly octopus: CollectionsOf<OctopusState>;
  readonly auvious: CollectionsOf<AuviousState>;
  readonly adminserver: CollectionsOf<AdminserverState>;
}
