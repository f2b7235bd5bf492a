import { configDefaults, defineConfig } from 'vitest/config';
import { TARGET_NAMES } from './test/helpers/target-names.ts';

/** One suite, many targets: these files run once per target (test/helpers/targets.ts). */
const CASE_SUITES = 'test/**/*.case.test.ts';

export default defineConfig({
  test: {
    // Inherited by every project (`extends: true`).
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // A stray `.only` must fail the run, not silently narrow it.
    allowOnly: false,
    // Reporters belong to the whole run, never to a project.
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    projects: [
      // One project per target, named for it, so a failure reads `|standalone| …`. Each
      // test file runs in a worker of its own, per project, so msw's in-process
      // interception can never answer the standalone server's requests.
      ...TARGET_NAMES.map((target) => ({
        extends: true as const,
        test: { name: target, include: [CASE_SUITES], provide: { target } },
      })),
      {
        extends: true,
        test: {
          name: 'once',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, CASE_SUITES],
          // Type-level tests (`*.test-d.ts`) run through tsc in the same `vitest run`.
          typecheck: {
            enabled: true,
            include: ['test/**/*.test-d.ts'],
            tsconfig: './tsconfig.json',
          },
        },
      },
    ],
  },
});
