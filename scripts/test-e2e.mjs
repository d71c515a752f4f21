// `npm run test:e2e`: the browser end-to-end suite, once with the desk on its own SQLite file and, when
// RCD_TEST_POSTGRES_URL is set (.ci/run always sets it), once more with the desk on that PostgreSQL server
// (RCD_TEST_E2E_ENGINE=postgres; test/e2e/two-desks.test.ts runs two desks on the server in both passes).
// RCD_TEST_E2E_ENGINE=sqlite or =postgres runs one pass only. Extra arguments go to Vitest (both passes).
import { spawnSync } from 'node:child_process';

const extra = process.argv.slice(2);
const server = !!process.env.RCD_TEST_POSTGRES_URL;
const only = process.env.RCD_TEST_E2E_ENGINE;
const vitest = (engine, report) => {
  console.log(`\n── end-to-end tests, desk on ${engine === 'sqlite' ? 'its own SQLite file' : 'the PostgreSQL server'} ──\n`);
  const r = spawnSync('npx', ['vitest', 'run', '--project', 'e2e', `--outputFile.json=test-results/${report}`, ...extra], {
    stdio: 'inherit',
    env: { ...process.env, RCD_TEST_E2E_ENGINE: engine },
  });
  return r.status ?? 1;
};

let status = 0;
if (only !== 'postgres') status = vitest('sqlite', 'e2e.json') || status;
if (server && only !== 'sqlite') status = vitest('postgres', 'e2e-postgres.json') || status;
if (!server && only === 'postgres') {
  console.error('RCD_TEST_E2E_ENGINE=postgres needs RCD_TEST_POSTGRES_URL (eval "$(scripts/pg-test-cluster.sh)").');
  status = 1;
}
process.exit(status);
