/**
 * Octopus's error answer (API-NOTES.md §1 [chosen], spec `#/components/schemas/Error`):
 * `{"error": {"code": <http status>, "message": "…"}}`, the same shape as the engine's own
 * plain errors, branded as an error for the typed handlers.
 */
import { type ErrorAnswer, errorAnswer } from '../../core/api-module.js';
import { plainError } from '../../core/control.js';

/** The API's error body for `status`, with `message` saying what was wrong. */
export const octopusError = (status: number, message: string): ErrorAnswer => errorAnswer(plainError(status, message));
