// The named home of PostgreSQL-only code outside migrations (issue 12, the college's server): the connection pool and
// how its values come back, the lock that keeps two desks from migrating at once, the server checks, and opening a
// server database at the app's schema. SQLite's counterpart is sqlite.ts / open.ts.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { BASELINE_THROUGH, up as baselineUp } from '../../../db/postgres/baseline';
import { MIGRATION_NAMES, migrations } from '../../../db/migrations/index';
import { appliedNames, MIGRATION_TABLE, runMigrations, type MigrateOptions } from './migrate';
import type { OpenedStore } from './opened';
import type { Database } from './schema';

/** The oldest server the app supports (the issue's promise: PostgreSQL 14 or newer, self-hosted or managed). */
export const MIN_SERVER_VERSION = 140000;

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Values come back as better-sqlite3 gives them, so one core serves both engines: `bigint` columns (every id, every
 * sum of pence) and `count(*)` as JS numbers, not pg's default strings; `numeric` (a sum of bigints, an average) as a
 * number too, as SQLite's arithmetic is. A value past 2^53 is refused rather than silently rounded.
 */
function getTypeParser(oid: number, format?: 'text' | 'binary'): unknown {
  if (format !== 'binary' && (oid === INT8_OID || oid === NUMERIC_OID)) return parseNumber;
  return pg.types.getTypeParser(oid, format);
}

function parseNumber(text: string): number {
  const n = Number(text);
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) throw new RangeError(`The database returned ${text}, too large to handle exactly.`);
  return n;
}

/** A pool of connections to one server database. `connection`: a postgres:// URL or pg's options. */
export function createPostgresPool(connection: string | pg.PoolConfig): pg.Pool {
  const config = typeof connection === 'string' ? { connectionString: connection } : connection;
  const pool = new pg.Pool({ max: 5, ...config, types: { getTypeParser } as pg.CustomTypesConfig });
  // An idle connection the server drops (a restart, a network blip) is an 'error' event: unheard, it would end the
  // core's process. The pool replaces the connection; the next call finds out for itself if the server is gone.
  pool.on('error', (e) => console.error('[db] a connection to the server was lost while idle:', e.message));
  return pool;
}

export function postgresKysely<DB>(pool: pg.Pool): Kysely<DB> {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

/** Any number, the same for every desk of this app: the key of the advisory lock held while migrating. */
const MIGRATION_LOCK_KEY = 4_212_012;

/** Held until the transaction ends: a second desk starting at the same moment waits, then finds the work done. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the runner's transactions are schema-agnostic
export async function lockMigrations(trx: Kysely<any>): Promise<void> {
  await trx.selectNoFrom((eb) => eb.fn<unknown>('pg_advisory_xact_lock', [eb.lit(MIGRATION_LOCK_KEY)]).as('locked')).execute();
}

/** Another number of the app's own: the key of the lock every write transaction holds on the server (below). */
const WRITE_LOCK_KEY = 4_212_013;

/**
 * Called first in each write transaction on the server: one write at a time across all desks, as SQLite's single
 * writer gives each desk's file today. The core's rules read and then write (places left before an enrolment, who
 * edited a claim before it is approved, the next row of the audit chain); under PostgreSQL's default READ COMMITTED
 * two desks could both read the same "before" and both write. Reads never wait for it. A first, safe step: busy
 * areas may later take narrower row locks or SERIALIZABLE retries instead.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- works on any transaction
export async function serialiseWrites(trx: Kysely<any>): Promise<void> {
  await trx.selectNoFrom((eb) => eb.fn<unknown>('pg_advisory_xact_lock', [eb.lit(WRITE_LOCK_KEY)]).as('locked')).execute();
}

/** The options that make the shared runner build the app's schema on PostgreSQL. */
export const POSTGRES_MIGRATE: MigrateOptions = {
  engine: 'postgres',
  baseline: { through: BASELINE_THROUGH, up: baselineUp },
  lock: lockMigrations,
};

/** `tls`: the server's certificate could not be checked; `tls-missing`: a secure connection was required and the server offers none. */
export type ServerRefusalKind = 'unreachable' | 'credentials' | 'no-database' | 'tls' | 'tls-missing' | 'too-old' | 'newer' | 'not-set-up';

/** The server cannot be used by this desk; `message` is for staff (and IT). */
export class ServerRefusedError extends Error {
  constructor(
    readonly kind: ServerRefusalKind,
    message: string,
    /** Set up by an older version of the app: a manager with the owner's credential can bring it up to date. */
    readonly behind = false,
  ) {
    super(message);
    this.name = 'ServerRefusedError';
  }
}

/** Turns a driver error at connection time into a refusal staff can act on, or returns null for anything else. */
export function connectionRefusal(e: unknown): ServerRefusedError | null {
  const err = e as { code?: string; message?: string };
  const code = err?.code ?? '';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'].includes(code)) {
    return new ServerRefusedError('unreachable', `The college's server could not be reached (${code}). Check the server name and port, and that this PC is on the college network.`);
  }
  if (code === '28P01' || code === '28000') {
    return new ServerRefusedError('credentials', "The college's server refused this desk's user name or password. Ask IT to check them.");
  }
  if (code === '3D000') return new ServerRefusedError('no-database', "The database named for this desk does not exist on the college's server. Ask IT to check its name.");
  if (/does not support SSL/i.test(err?.message ?? '')) {
    return new ServerRefusedError('tls-missing', "The college's server does not offer a secure connection, and this desk requires one. Ask IT to turn on TLS on the server.");
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new ServerRefusedError('tls', `The college's server's certificate is not for the name this desk used (${err?.message}). Use the server name written on its certificate; ask IT if unsure.`);
  }
  if (/certificate|self[- ]signed|SSL|TLS/i.test(err?.message ?? '') || code.startsWith('ERR_TLS') || code.includes('CERT')) {
    return new ServerRefusedError('tls', `The secure connection to the college's server could not be checked (${err?.message}). Ask IT for the server's CA file.`);
  }
  return null;
}

export interface OpenServerOptions {
  /** Apply pending migrations (a desk with the owner credential, or `server:setup`); otherwise a server behind the app is refused. */
  migrate?: boolean;
  /** Open a server set up by an older version of the app without refusing it (the desk then asks for the owner's credential to update it). */
  allowBehind?: boolean;
}

export interface OpenedServerDatabase<DB> {
  db: Kysely<DB>;
  pool: pg.Pool;
  serverVersion: number;
  /** Migrations applied while opening. */
  applied: string[];
  close(): Promise<void>;
}

/**
 * Opens a server database at the app's schema: checks the server's version, refuses a database set up by a newer app,
 * and brings an empty or older one up to date when `migrate` is set (each step one transaction, under the lock).
 */
export async function openPostgres<DB>(connection: string | pg.PoolConfig, options: OpenServerOptions = {}): Promise<OpenedServerDatabase<DB>> {
  const pool = createPostgresPool(connection);
  const db = postgresKysely<DB>(pool);
  try {
    let serverVersion: number;
    try {
      const client = await pool.connect();
      try {
        serverVersion = Number((await client.query<{ v: string }>('show server_version_num')).rows[0].v);
      } finally {
        client.release();
      }
    } catch (e) {
      throw connectionRefusal(e) ?? e;
    }
    if (serverVersion < MIN_SERVER_VERSION) {
      throw new ServerRefusedError('too-old', `The college's server runs PostgreSQL ${Math.floor(serverVersion / 10000)}; the app needs PostgreSQL 14 or newer. Ask IT to upgrade it.`);
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bookkeeping only
    const anyDb = db as unknown as Kysely<any>;
    const applied = await appliedOnServer(anyDb);
    const unknown = applied.filter((n) => !MIGRATION_NAMES.includes(n));
    if (unknown.length > 0) {
      throw new ServerRefusedError('newer', `The college's server has been updated by a newer version of Recovery College Desk (${unknown.join(', ')}). Ask IT to update this desk.`);
    }
    let done: string[] = [];
    if (applied.length < MIGRATION_NAMES.length) {
      if (!options.migrate && !(options.allowBehind && applied.length > 0)) {
        throw new ServerRefusedError(
          'not-set-up',
          applied.length === 0
            ? "The database on the college's server has not been set up for Recovery College Desk yet. Ask IT to set it up."
            : "The database on the college's server needs an update for this version of the app. Ask IT (or a manager with the server's owner password) to update it.",
          applied.length > 0,
        );
      }
      if (options.migrate) done = await runMigrations(anyDb, migrations, POSTGRES_MIGRATE);
    }
    return { db, pool, serverVersion, applied: done, close: () => db.destroy() };
  } catch (e) {
    await db.destroy();
    throw e;
  }
}

/** The migrations a server database has had; none when it has no bookkeeping table yet. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bookkeeping only
export async function appliedOnServer(db: Kysely<any>): Promise<string[]> {
  const table = await db
    .selectFrom('information_schema.tables')
    .select('table_name')
    .where('table_schema', '=', sql<string>`current_schema()`)
    .where('table_name', '=', MIGRATION_TABLE)
    .executeTakeFirst();
  return table ? appliedNames(db) : [];
}

/** The college's server as the core holds it: the same shape as a desk's file, for calls, audit and snapshots. */
export interface OpenedServer extends OpenedStore {
  engine: 'postgres';
  pool: pg.Pool;
  serverVersion: number;
  /** Migrations applied while opening. */
  applied: string[];
}

/** Where a server database is, in words for staff and IT (never the password). */
export function serverLocation(connection: string | pg.PoolConfig): string {
  if (typeof connection === 'string') {
    try {
      const url = new URL(connection);
      return `the college's server ${url.hostname}${url.port ? `:${url.port}` : ''}, database ${decodeURIComponent(url.pathname.slice(1)) || '(default)'}`;
    } catch {
      return "the college's server";
    }
  }
  return `the college's server ${connection.host ?? 'localhost'}${connection.port ? `:${connection.port}` : ''}, database ${connection.database ?? '(default)'}`;
}

/**
 * Opens the college's server database for the core. Reads share the pool with writes (PostgreSQL's MVCC: a read never
 * waits for a write); a snapshot is one REPEATABLE READ, READ ONLY transaction, so a return sees one consistent state
 * while other desks carry on.
 */
export async function openServer(connection: string | pg.PoolConfig, options: OpenServerOptions = {}): Promise<OpenedServer> {
  const opened = await openPostgres<Database>(connection, options);
  const { db } = opened;
  let closed = false;
  return {
    engine: 'postgres',
    db,
    reader: db,
    pool: opened.pool,
    serverVersion: opened.serverVersion,
    applied: opened.applied,
    location: serverLocation(connection),
    withSnapshot: (fn) => db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute((trx) => fn(trx)),
    close: async () => {
      if (closed) return;
      closed = true;
      await opened.close();
    },
  };
}
