/**
 * ticketmock's main entry point.
 *
 * Today it offers the API names and the generated types of the three specs; the stateful
 * mocks (`createMocks`) arrive with the engine.
 */
export { API_NAMES, type ApiName, isApiName } from './apis.js';
export type * as Adminserver from './generated/adminserver.js';
export type * as Auvious from './generated/auvious.js';
export type * as Octopus from './generated/octopus.js';
