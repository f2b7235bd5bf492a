/**
 * The engine's API modules by name: what `serve` and `createMocks` mount. Free of msw, so
 * the standalone server does not load it.
 */
import { API_NAMES, type ApiName } from '../apis.js';
import type { AnyApiModule } from '../core/api-module.js';
import { adminserver } from './adminserver/index.js';
import { auvious } from './auvious/index.js';
import { octopus } from './octopus/index.js';

const MODULES: Readonly<Record<ApiName, AnyApiModule>> = { octopus, auvious, adminserver };

/** The modules of the named APIs, in the order given (default: all three). */
export function modulesFor(apis: readonly ApiName[] | undefined): AnyApiModule[] {
  return (apis ?? API_NAMES).map((name) => MODULES[name]);
}
