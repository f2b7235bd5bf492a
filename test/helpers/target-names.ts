/**
 * The targets every `*.case.test.ts` suite runs against, one vitest project each
 * (vitest.config.ts). A suite learns its target with `inject('target')` (test/helpers/targets.ts).
 * No imports: the config reads this file before any test starts.
 */
export const TARGET_NAMES = ['in-process', 'standalone'] as const;

export type TargetName = (typeof TARGET_NAMES)[number];

declare module 'vitest' {
  export interface ProvidedContext {
    /** The target of the project running this file (its `provide` in vitest.config.ts). */
    target: TargetName;
  }
}
