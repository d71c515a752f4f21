// What the core holds for an open database, on either engine: a desk's own SQLite file (open.ts) or the college's
// PostgreSQL server (postgres.ts). Calls, audit and snapshots use only this; the file-only parts (backups of the file,
// the WAL, the copy of the audit head beside it, the training database) are on `OpenedDatabase` in open.ts.
import type { Kysely } from 'kysely';
import type { Engine } from '../../../db/migrations/engine';
import type { Database } from './schema';

export interface OpenedStore {
  engine: Engine;
  /** The writing handle: write calls' transactions, migrations. */
  db: Kysely<Database>;
  /** The handle read calls use: never waits for a write in progress (SQLite: a WAL reader; PostgreSQL: the same pool, MVCC). */
  reader: Kysely<Database>;
  /**
   * Runs `fn` inside one read-only transaction that sees one consistent snapshot of the last committed state, for long
   * computations (a contract return) that must not hold the writer or the reader.
   */
  withSnapshot<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Where the data is, in words staff and IT recognise: the file's path, or the server and database. */
  location: string;
  close(): Promise<void>;
}
