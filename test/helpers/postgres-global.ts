// Vitest global set-up for the unit suite: when the core suite runs on the college's server (test/helpers/core.ts,
// CORE_ENGINE), one template database at the app's schema is made for the whole run; every test core copies it. At the
// end the template and any database a test left behind are dropped.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openServer } from '../../src-main/core/db/postgres';
import { admin, CORE_ENGINE, freshPostgresDatabase, POSTGRES_URL, TEST_DATABASE_PREFIX } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The template database every server-backed test core copies; '' when the core suite runs on SQLite. */
    rcdPostgresTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  project.provide('rcdPostgresTemplate', '');
  if (!POSTGRES_URL) return async () => undefined;
  // Inherited by the worker processes: this run's databases carry it (freshPostgresDatabase).
  process.env.RCD_TEST_RUN ??= randomBytes(3).toString('hex');
  const mine = `${TEST_DATABASE_PREFIX}${process.env.RCD_TEST_RUN}_`;
  if (CORE_ENGINE !== 'postgres') return () => dropRun(mine);
  const template = await freshPostgresDatabase();
  const opened = await openServer(template.url, { migrate: true });
  await opened.close();
  project.provide('rcdPostgresTemplate', template.name);
  return () => dropRun(mine);
}

/** Drops every database this run made (with force: a failed test may have left a connection open). */
async function dropRun(prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  let names: string[];
  try {
    names = (await client.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${prefix.replace(/_/g, '\\_')}%`])).rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
  for (const name of names) await admin(`drop database if exists ${name} with (force)`).catch((e) => console.error(`[test] could not drop ${name}:`, (e as Error).message));
}
