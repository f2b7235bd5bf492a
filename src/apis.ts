/** The three ticket APIs ticketmock mocks; each has `specs/<name>.openapi.yaml`. */
export const API_NAMES = ['octopus', 'auvious', 'adminserver'] as const;

export type ApiName = (typeof API_NAMES)[number];

/** Whether `value` names one of ticketmock's APIs. */
export function isApiName(value: string): value is ApiName {
  return (API_NAMES as readonly string[]).includes(value);
}
