/** not_a_server_error (Schemathesis's name): every request gets an answer, and no answer is a 5xx. */
import type { ResponseCheckDefinition } from './answer.js';

export const notAServerError: ResponseCheckDefinition = {
  prepare: () => (answer) => {
    const { exchange, where, status } = answer;
    if (status === undefined)
      return [{ message: `${where}: no answer (${exchange.error ?? 'unknown error'})`, inferred: false }];
    return Number(status) >= 500 ? [{ message: `${where} answered ${status}`, inferred: false }] : [];
  },
};
