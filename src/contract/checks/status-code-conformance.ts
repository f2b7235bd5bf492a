/** status_code_conformance (Schemathesis's name): the answer's status is one the operation documents (or it documents `default`). */
import type { ResponseCheckDefinition } from './answer.js';

export const statusCodeConformance: ResponseCheckDefinition = {
  prepare: () => (answer) => {
    const { operation, where, status, documented } = answer;
    if (status === undefined || documented !== undefined) return [];
    return [
      {
        message: `${where} answered ${status}, which the spec does not document (documented: ${operation.statuses.join(', ')})`,
        inferred: answer.operationInferred,
      },
    ];
  },
};
