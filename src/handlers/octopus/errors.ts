/**
 * Octopus's error answer (API-NOTES.md §1 [chosen], spec `#/components/schemas/Error`):
 * `{"error": {"code": <http status>, "message": "…"}}`, typed from the spec: a change to the
 * schema breaks the build here, and nothing else (the control plane's own errors,
 * `controlError` in src/core/control.ts, only happen to look alike today).
 */
import { type ErrorAnswer, errorAnswer } from '../../core/api-module.js';
import type { components } from '../../generated/octopus.js';

/** The spec's error body. */
type OctopusErrorBody = components['schemas']['Error'];

/** The API's error body for `status`, with `message` saying what was wrong. */
export function octopusError(status: number, message: string): ErrorAnswer {
  const json: OctopusErrorBody = { error: { code: status, message } };
  return errorAnswer({ status, json });
}
