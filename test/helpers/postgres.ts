// Test helper: the PostgreSQL server named by RCD_TEST_POSTGRES_URL (scripts/pg-test-cluster.sh starts a throwaway one),
// a fresh database on it for each test, and the rule that CI may never skip the PostgreSQL tests.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { it } from 'vitest';

/** The test server; unset on a developer's machine without PostgreSQL (README: "Tests against PostgreSQL"). */
export const POSTGRES_URL = process.env.RCD_TEST_POSTGRES_URL || undefined;

/**
 * The engine the core suite runs on (makeTestCore): the college's server whenever RCD_TEST_POSTGRES_URL is set, unless
 * RCD_TEST_CORE_ENGINE=sqlite asks for the desk's own file (`npm test` runs the core suite once on each).
 */
export const CORE_ENGINE: 'sqlite' | 'postgres' = (() => {
  const asked = process.env.RCD_TEST_CORE_ENGINE;
  if (asked === 'postgres' && !POSTGRES_URL) throw new Error('RCD_TEST_CORE_ENGINE=postgres needs RCD_TEST_POSTGRES_URL (scripts/pg-test-cluster.sh).');
  if (asked && asked !== 'sqlite' && asked !== 'postgres') throw new Error(`RCD_TEST_CORE_ENGINE must be sqlite or postgres, not ${asked}.`);
  return asked === 'sqlite' || !POSTGRES_URL ? 'sqlite' : 'postgres';
})();

/**
 * In CI the PostgreSQL tests must run: a missing URL fails there instead of skipping. The only way out is
 * RCD_TEST_POSTGRES_SKIP with the reason in it (the hosted Windows job, which has no server; the Linux job runs them).
 */
const MUST_RUN = ['true', '1'].includes((process.env.CI ?? '').toLowerCase()) && !process.env.RCD_TEST_POSTGRES_SKIP;

/** Call once at the top of each file of PostgreSQL tests: in CI without a server, a failing test says why. */
export function failWithoutPostgresInCI(): void {
  // Registered only when it must fail, so a run with a server shows no stray "skipped" test.
  if (POSTGRES_URL || !MUST_RUN) return;
  it('has a PostgreSQL server to test against (CI)', () => {
    throw new Error(
      'RCD_TEST_POSTGRES_URL is not set, and in CI the PostgreSQL tests must not be skipped. Start the test server with ' +
        '`eval "$(scripts/pg-test-cluster.sh)"` (.ci/run does), or name why not in RCD_TEST_POSTGRES_SKIP.',
    );
  });
}

export interface FreshDatabase {
  /** A URL for the new, empty database. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * Every database the tests make starts with this and the run's tag (RCD_TEST_RUN, set by test/helpers/postgres-global.ts
 * for the whole run), so a run drops its own leftovers and never another run's on the same server.
 */
export const TEST_DATABASE_PREFIX = 'rcd_t_';

/**
 * A new database on the test server (its own name each time, so reruns and parallel files never meet): empty, or a
 * copy of `template` (a database already at the app's schema; copying it is much quicker than migrating each time).
 */
export async function freshPostgresDatabase(options: { template?: string } = {}): Promise<FreshDatabase> {
  if (!POSTGRES_URL) throw new Error('RCD_TEST_POSTGRES_URL is not set.');
  const name = `${TEST_DATABASE_PREFIX}${process.env.RCD_TEST_RUN ?? 'x'}_${process.pid}_${randomBytes(4).toString('hex')}`;
  if (options.template) {
    // FILE_COPY: a small database copies faster than WAL_LOG's page-by-page logging. Two files copying the same
    // template at the same moment can meet ("being accessed by other users"): wait a little and try again.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin(`create database ${name} template ${options.template} strategy file_copy`);
        break;
      } catch (e) {
        if (attempt >= 50 || !/being accessed by other users/.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  } else {
    // Like a real college server, whose default collation is a language's (en_GB), not the byte order a throwaway
    // cluster gets: the app's own columns must compare as SQLite does regardless (db/postgres/baseline.ts). ICU's
    // locale provider needs PostgreSQL 15; older servers get the cluster's default.
    await admin(`create database ${name} template template0 locale_provider icu icu_locale 'en-GB'`).catch(() => admin(`create database ${name}`));
  }
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    // `with (force)` ends connections a failed test left open (PostgreSQL 13+).
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}

export async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
