/**
 * Adminserver state: networks, the RBAC tables, sessions and tickets, and the faker that
 * makes session ids.
 */
import type { StateContext } from '../../core/api-module.js';
import type { SeededFaker as Faker } from '../../core/seeded-faker.js';
import { Table } from '../../core/store.js';
import {
  ADMINSERVER_ASSIGNMENTS,
  ADMINSERVER_NETWORKS,
  ADMINSERVER_ROLES,
  ADMINSERVER_USERS,
  adminserverFaker,
  adminserverTickets,
} from '../../fixtures/adminserver.js';
import {
  type AssignmentRecord,
  assignmentRecordSchema,
  type NetworkRecord,
  networkRecordSchema,
  type RoleRecord,
  roleRecordSchema,
  type SessionRecord,
  sessionRecordSchema,
  type TicketRecord,
  ticketRecordSchema,
  type UserRecord,
  userRecordSchema,
} from './model.js';

export interface AdminserverState {
  readonly faker: Faker;
  readonly networks: Table<NetworkRecord>;
  readonly users: Table<UserRecord>;
  readonly roles: Table<RoleRecord>;
  readonly assignments: Table<AssignmentRecord>;
  readonly sessions: Table<SessionRecord>;
  readonly tickets: Table<TicketRecord>;
}

export type AdminserverPrincipal =
  | { readonly kind: 'anonymous' }
  | {
      readonly kind: 'session';
      readonly session: SessionRecord;
      readonly user: UserRecord;
      /** The network the call acts in (`X-Network` or `X-Network-Id`, else the preferred one). */
      readonly networkId: string;
    };

/** A stored ticket's key: product ids are unique per network (JSON: no two pairs share one). */
export const ticketKey = (networkId: string, productId: string): string => JSON.stringify([networkId, productId]);

function emptyState(faker: Faker): AdminserverState {
  const table = <T extends object>(
    name: string,
    schema: ConstructorParameters<typeof Table<T>>[0]['schema'],
    key: (record: T) => string,
    tenant: (record: T) => string,
  ) => new Table<T>({ name: `adminserver.${name}`, schema, key, tenant });
  return {
    faker,
    networks: table(
      'networks',
      networkRecordSchema,
      (n) => n.networkId,
      (n) => n.networkId,
    ),
    // grouped by lower-case e-mail: login finds its user through that index, every other
    // call through the key
    users: table(
      'users',
      userRecordSchema,
      (u) => u.userId,
      (u) => u.email.toLowerCase(),
    ),
    roles: table(
      'roles',
      roleRecordSchema,
      (r) => r.roleId,
      () => '',
    ),
    assignments: table(
      'assignments',
      assignmentRecordSchema,
      (a) => JSON.stringify([a.userId, a.roleId, a.target]),
      (a) => a.userId,
    ),
    sessions: table(
      'sessions',
      sessionRecordSchema,
      (s) => s.sessionId,
      (s) => s.userId,
    ),
    tickets: table(
      'tickets',
      ticketRecordSchema,
      (t) => ticketKey(t.networkId, t.productId),
      (t) => t.networkId,
    ),
  };
}

interface Data {
  readonly networks: readonly NetworkRecord[];
  readonly users: readonly UserRecord[];
  readonly roles: readonly RoleRecord[];
  readonly assignments: readonly AssignmentRecord[];
  readonly sessions: readonly SessionRecord[];
  readonly tickets: readonly TicketRecord[];
}

const TABLES = ['networks', 'users', 'roles', 'assignments', 'sessions', 'tickets'] as const;

async function fill(state: AdminserverState, data: Data): Promise<AdminserverState> {
  for (const name of TABLES) {
    const table = state[name] as Table<object>;
    for (const record of data[name]) await table.insert(structuredClone(record));
  }
  for (const user of state.users.all()) {
    if (state.users.countFor(user.email.toLowerCase()) > 1) throw new Error(`two users have the e-mail ${user.email}`);
  }
  return state;
}

export async function createAdminserverState({ seed, clock }: StateContext): Promise<AdminserverState> {
  const faker = adminserverFaker(seed);
  return fill(emptyState(faker), {
    networks: ADMINSERVER_NETWORKS,
    users: ADMINSERVER_USERS,
    roles: ADMINSERVER_ROLES,
    assignments: ADMINSERVER_ASSIGNMENTS,
    sessions: [],
    tickets: adminserverTickets(faker, clock.now()),
  });
}

export function exportAdminserverState(state: AdminserverState): unknown {
  return Object.fromEntries(TABLES.map((name) => [name, structuredClone(state[name].all())]));
}

export async function importAdminserverState(json: unknown, { seed }: StateContext): Promise<AdminserverState> {
  const data = json as Record<string, unknown>;
  if (typeof json !== 'object' || json === null || TABLES.some((name) => !Array.isArray(data[name]))) {
    throw new Error(`adminserver state must be {${TABLES.map((name) => `"${name}": [...]`).join(', ')}}`);
  }
  // a faker that does not repeat the seeded one's session ids
  const faker = adminserverFaker(seed + (data.sessions as unknown[]).length + 1);
  return fill(emptyState(faker), data as unknown as Data);
}
