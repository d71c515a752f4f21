// Two suites: `unit` (core, database, shell stand-in; plain Node) and `e2e` (the built renderer in real Chromium).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/{core,db,desks,shell,contract,scripts,host,harness,packaging,renderer}/**/*.test.ts'],
          environment: 'node',
          // With RCD_TEST_POSTGRES_URL: the template database the core suite's server-backed cores copy.
          globalSetup: ['test/helpers/postgres-global.ts'],
          testTimeout: 20_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          pool: 'forks',
        },
      },
    ],
  },
});
