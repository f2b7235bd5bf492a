/**
 * Helpdesk's error answer (spec `#/components/schemas/Error`, Zendesk's shape):
 * `{"error": "<Title>", "description": "…"}`, typed from the spec.
 */
import { type ErrorAnswer, errorAnswer } from '../../../../src/core/api-module.ts';
import type { components } from '../../generated/helpdesk.ts';

const TITLES: Readonly<Record<number, string>> = {
  400: 'InvalidRequest',
  401: "Couldn't authenticate you",
  404: 'RecordNotFound',
  405: 'MethodNotAllowed',
  413: 'RequestTooLarge',
  415: 'UnsupportedMediaType',
  422: 'RecordInvalid',
  429: 'TooManyRequests',
};

/** The API's error body for `status`, `description` saying what was wrong. */
export function helpdeskError(status: number, description: string): ErrorAnswer {
  const json: components['schemas']['Error'] = { error: TITLES[status] ?? 'InternalError', description };
  return errorAnswer({ status, json });
}
