/**
 * The toy Statuspage API: one public read under `/api/v2`, the prefix Helpdesk lives
 * under too. No state to speak of; its error shape is `{"message": "…"}`.
 */
import { defineApi, errorAnswer, type OperationHandlers } from '../../../../src/core/api-module.ts';
import type { operations } from '../../generated/statuspage.ts';
import { toySpec } from '../../spec.ts';

const { outline, validators } = toySpec('statuspage');

type State = Record<string, never>;

const statuspageOperations: OperationHandlers<State, null, operations> = {
  getStatus: () => ({ status: 200, json: { status: { indicator: 'none', description: 'All Systems Operational' } } }),
};

export const statuspage = defineApi<State, null>({
  name: 'statuspage',
  outline,
  validators,
  error: (status, message) => errorAnswer({ status, json: { message } }),
  createState: async () => ({}),
  exportState: () => ({}),
  importState: async (json) => {
    if (typeof json !== 'object' || json === null) throw new Error('statuspage state must be {}');
    return {};
  },
  authenticate: () => ({ ok: true, value: null }),
  operations: statuspageOperations,
});
