// `npm run test:unit`: the unit suite, with the core suite run on each engine the machine has.
//   1. everything once, with the core on a desk's own SQLite file (the PostgreSQL-specific tests in test/db run too
//      when RCD_TEST_POSTGRES_URL is set);
//   2. when RCD_TEST_POSTGRES_URL is set (scripts/pg-test-cluster.sh; .ci/run always does), the whole core suite
//      (test/core) and the several-desks suite (test/desks) once more, every core on that server.
// RCD_TEST_CORE_ENGINE=sqlite or =postgres runs only that engine's pass. Extra arguments go to Vitest (both passes).
import { spawnSync } from 'node:child_process';

const extra = process.argv.slice(2);
const server = !!process.env.RCD_TEST_POSTGRES_URL;
const only = process.env.RCD_TEST_CORE_ENGINE;
const vitest = (engine, args, report) => {
  console.log(`\n── unit tests, core on ${engine === 'sqlite' ? 'a desk’s SQLite file' : 'the PostgreSQL server'} ──\n`);
  const r = spawnSync('npx', ['vitest', 'run', '--project', 'unit', `--outputFile.json=test-results/${report}`, ...args, ...extra], {
    stdio: 'inherit',
    env: { ...process.env, RCD_TEST_CORE_ENGINE: engine },
  });
  return r.status ?? 1;
};

let status = 0;
if (only !== 'postgres') status = vitest('sqlite', [], 'unit.json') || status;
if (server && only !== 'sqlite') status = vitest('postgres', ['test/core', 'test/desks'], 'unit-postgres.json') || status;
if (!server && only === 'postgres') {
  console.error('RCD_TEST_CORE_ENGINE=postgres needs RCD_TEST_POSTGRES_URL (eval "$(scripts/pg-test-cluster.sh)").');
  status = 1;
}
process.exit(status);
