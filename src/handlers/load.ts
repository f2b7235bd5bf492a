/**
 * The API modules loaded on demand, one at a time: what `createMocks` mounts. In the
 * bundled library (`dist/lib`, scripts/bundle.ts) each API is its own chunk, so a test or a
 * page that asks for Auvious alone never loads, parses or seeds Octopus and Adminserver.
 * `modulesFor` (./index.ts) keeps the same three, imported up front, for the server and
 * the CLI, which mount every API anyway and gain nothing from waiting.
 */
import { API_NAMES, type ApiName } from '../apis.js';
import type { AnyApiModule } from '../core/api-module.js';

const LOADERS: Readonly<Record<ApiName, () => Promise<AnyApiModule>>> = {
  octopus: async () => (await import('./octopus/index.js')).octopus,
  auvious: async () => (await import('./auvious/index.js')).auvious,
  adminserver: async () => (await import('./adminserver/index.js')).adminserver,
};

/** The modules of the named APIs, in the order given (default: all three). */
export function loadModules(apis: readonly ApiName[] | undefined): Promise<AnyApiModule[]> {
  return Promise.all((apis ?? API_NAMES).map((name) => LOADERS[name]()));
}
