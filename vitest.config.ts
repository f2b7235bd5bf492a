import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Type-level tests (`*.test-d.ts`) run through tsc in the same `vitest run`.
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // A stray `.only` must fail the run, not silently narrow it.
    allowOnly: false,
  },
});
