import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Lance is a native addon; separate processes keep its threads apart between files.
    pool: 'forks',
    // Most test time waits on storage, S3 and child processes, not on the CPU: three files at
    // once on two cores take less than half the time of one at a time.
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
