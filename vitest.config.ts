import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Unit tests run in Node: the core is pure, and browser behaviour is tested in real browsers (e2e/).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'demo/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['scripts/testing/property-seed.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // Vitest leaves one core idle by default; on a 2-core machine that halves the suite's speed.
    maxWorkers: availableParallelism(),
  },
});
