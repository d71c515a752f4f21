// Setting up (and upgrading) the college's server database, PostgreSQL-only: the app's schema owned by the owner
// credential IT uses here, and a least-privilege role for the desks, which may read and write the app's rows but never
// alter or drop a table, only read the migration bookkeeping, and only add to (never change or delete) the audit log.
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { openPostgres } from './postgres';

/** What the desks' role may do to every table of the app, unless named below. */
const ROW_PRIVILEGES = 'select, insert, update, delete';
/** Tables the desks may only read, or read and add to. */
const ONLY: Record<string, string> = {
  kysely_migration: 'select',
  kysely_migration_lock: 'select',
  audit_log: 'select, insert',
  audit_chain_checks: 'select, insert',
};

export interface ServerSetupOptions {
  /** The desks' login role (created if missing). */
  appRole: string;
  /** Its password: set when the role is created, changed when given for an existing role. */
  appPassword?: string;
}

export interface ServerSetupResult {
  applied: string[];
  createdRole: boolean;
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Run with the owner credential (the role that owns, or will own, the app's tables; it needs CREATEROLE to create the
 * desks' role). Brings the schema up to date (each step one transaction, under the migration lock), then grants the
 * desks' role exactly what it needs. Safe to run again after every upgrade: the grants cover tables new migrations add.
 */
export async function setUpServer(owner: string | pg.PoolConfig, options: ServerSetupOptions): Promise<ServerSetupResult> {
  if (!ROLE_NAME.test(options.appRole)) throw new Error('The desks’ role name must be lower-case letters, digits and _ (at most 63), starting with a letter.');
  const opened = await openPostgres<unknown>(owner, { migrate: true });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- privileges are about tables, not today's row types
  const db = opened.db as Kysely<any>;
  try {
    const createdRole = await db.transaction().execute(async (trx) => {
      const role = sql.id(options.appRole);
      const exists = await sql<{ n: number }>`select count(*) as n from pg_roles where rolname = ${options.appRole}`.execute(trx);
      const created = exists.rows[0].n === 0;
      const password = options.appPassword === undefined ? sql`` : sql` password ${sql.lit(options.appPassword)}`;
      if (created) await sql`create role ${role} login${password}`.execute(trx);
      else if (options.appPassword !== undefined) await sql`alter role ${role}${password}`.execute(trx);

      const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(trx)).rows[0].s;
      const database = (await sql<{ d: string }>`select current_database() as d`.execute(trx)).rows[0].d;
      await sql`grant connect on database ${sql.id(database)} to ${role}`.execute(trx);
      await sql`grant usage on schema ${sql.id(schema)} to ${role}`.execute(trx);
      // Before PostgreSQL 15 everyone may create tables in `public`; nobody but the owner should here.
      await sql`revoke create on schema ${sql.id(schema)} from public`.execute(trx);
      const tables = await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = ${schema} order by 1`.execute(trx);
      for (const { t } of tables.rows) {
        await sql`revoke all on ${sql.id(schema, t)} from ${role}`.execute(trx);
        await sql`grant ${sql.raw(ONLY[t] ?? ROW_PRIVILEGES)} on ${sql.id(schema, t)} to ${role}`.execute(trx);
      }
      // Identity columns hand out ids through their sequences.
      await sql`grant usage, select on all sequences in schema ${sql.id(schema)} to ${role}`.execute(trx);
      return created;
    });
    return { applied: opened.applied, createdRole };
  } finally {
    await opened.close();
  }
}
