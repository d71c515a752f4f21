// Trying a desk's settings against the college's server before they are saved: can it connect (and if not, exactly why),
// which PostgreSQL it runs, and whether the app's database there is ready, needs setting up, or needs an update.
import type pg from 'pg';
import type { PostgresServerConfig, ServerSchemaState, ServerTestResult } from '../../contract/server';
import { MIGRATION_NAMES } from '../../../db/migrations/index';
import { appliedOnServer, connectionRefusal, createPostgresPool, MIN_SERVER_VERSION, postgresKysely, ServerRefusedError } from '../db/postgres';
import { poolConfigFor } from './config';

/** Connects once with these settings and says what it found; throws `ServerRefusedError` (or `ServerConfigError`) when it cannot. */
export async function testServerConnection(config: PostgresServerConfig, password: string): Promise<ServerTestResult> {
  return testPoolConfig(poolConfigFor(config, password));
}

export async function testPoolConfig(connection: pg.PoolConfig): Promise<ServerTestResult> {
  const pool = createPostgresPool({ ...connection, max: 1 });
  const db = postgresKysely<unknown>(pool);
  try {
    let version: { num: number; text: string };
    try {
      const client = await pool.connect();
      try {
        const row = (await client.query<{ num: string; text: string }>("select current_setting('server_version_num') as num, current_setting('server_version') as text")).rows[0];
        version = { num: Number(row.num), text: row.text };
      } finally {
        client.release();
      }
    } catch (e) {
      throw connectionRefusal(e) ?? e;
    }
    if (version.num < MIN_SERVER_VERSION) {
      throw new ServerRefusedError('too-old', `The college's server runs PostgreSQL ${version.text}; the app needs PostgreSQL 14 or newer. Ask IT to upgrade it.`);
    }
    const schema = await schemaState(db);
    return { ok: true, serverVersion: `PostgreSQL ${version.text.split(' ')[0]}`, schema };
  } finally {
    await db.destroy();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bookkeeping only
async function schemaState(db: import('kysely').Kysely<any>): Promise<ServerSchemaState> {
  let applied: string[];
  try {
    applied = await appliedOnServer(db);
  } catch (e) {
    // The app's tables are there but this user may not read them: the set-up (which grants the desks' rights) is unfinished.
    if ((e as { code?: string }).code === '42501') return 'needs-setup';
    throw e;
  }
  const unknown = applied.filter((n) => !MIGRATION_NAMES.includes(n));
  if (unknown.length > 0) {
    throw new ServerRefusedError('newer', `The college's server has been updated by a newer version of Recovery College Desk (${unknown.join(', ')}). Ask IT to update this desk.`);
  }
  if (applied.length === 0) return 'needs-setup';
  return applied.length < MIGRATION_NAMES.length ? 'needs-update' : 'ready';
}
