// Writing the portable export of a college's database (format.ts) from either engine, from one consistent snapshot.
import { createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { createGzip } from 'node:zlib';
import { LATEST_MIGRATION } from '../../../../db/migrations/index';
import { engineOf } from '../dialect';
import { collegeTables, schemaVersion, type AnyDb } from './catalogue';
import { FORMAT, FORMAT_VERSION, TableDigest, type ExportHeader, type Manifest, type TableManifest } from './format';
import { tableLines } from './scan';
import { SchemaMismatchError, type MoveProgress } from './progress';

export interface ExportOptions {
  onProgress?: (p: MoveProgress) => void;
  /** Stops between pages; the half-written file is removed. */
  signal?: AbortSignal;
  now?: () => Date;
}

/** Writes every college table of `db` to `file` (replacing it). Returns the manifest, which is also the file's last line. */
export async function exportDatabase(db: AnyDb, file: string, options: ExportOptions = {}): Promise<Manifest> {
  const engine = engineOf(db);
  const schema = await schemaVersion(db);
  if (schema !== LATEST_MIGRATION) {
    throw new SchemaMismatchError(
      schema === null
        ? 'This database has not been set up by Recovery College Desk, so there is nothing to export.'
        : `This database is at version ${schema} of the app's data, and this copy of the app expects ${LATEST_MIGRATION}. Open it once with this version of the app (which updates it), then export again.`,
    );
  }
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const written = pipeline(out, createGzip({ level: 6 }), createWriteStream(file, { mode: 0o600 }));
  let buffered: string[] = [];
  let size = 0;
  const flush = async () => {
    if (buffered.length === 0) return;
    const chunk = buffered.join('');
    buffered = [];
    size = 0;
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), written]);
  };
  const line = async (text: string) => {
    buffered.push(text, '\n');
    size += text.length + 1;
    if (size >= 1 << 20) await flush();
  };
  try {
    const manifest = await inSnapshot(db, async (trx) => {
      const tables = await collegeTables(trx);
      const counts: ExportHeader['tables'] = [];
      for (const t of tables) {
        const { n } = (await trx
          .selectFrom(t.name)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()) as { n: number };
        counts.push({ name: t.name, rows: Number(n) });
      }
      const header: ExportHeader = { format: FORMAT, formatVersion: FORMAT_VERSION, schema: LATEST_MIGRATION, createdAt: (options.now?.() ?? new Date()).toISOString(), sourceEngine: engine, tables: counts };
      await line(JSON.stringify(header));
      const done: TableManifest[] = [];
      for (const [i, t] of tables.entries()) {
        const progress = (rows: number) => options.onProgress?.({ stage: 'export', table: t.name, tableIndex: i, tableCount: tables.length, rows, tableRows: counts[i].rows });
        progress(0);
        await line(JSON.stringify({ table: t.name, columns: t.columns }));
        const digest = new TableDigest();
        for await (const row of tableLines(trx, t, { signal: options.signal, onPage: progress })) {
          digest.add(row);
          await line(row);
        }
        const sha256 = digest.digest();
        await line(JSON.stringify({ end: t.name, rows: digest.rows, sha256 }));
        done.push({ name: t.name, columns: t.columns, rows: digest.rows, sha256 });
      }
      const { tables: _counts, ...rest } = header;
      const m: Manifest = { ...rest, tables: done };
      await line(JSON.stringify({ manifest: m }));
      return m;
    });
    await flush();
    out.end();
    await written;
    return manifest;
  } catch (e) {
    out.destroy();
    await written.catch(() => undefined);
    rmSync(file, { force: true });
    throw e;
  }
}

/** One read transaction, so every table is read as of the same moment (PostgreSQL: a repeatable-read snapshot). */
async function inSnapshot<T>(db: AnyDb, fn: (trx: AnyDb) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  const trx = db.transaction();
  return engineOf(db) === 'postgres' ? trx.setIsolationLevel('repeatable read').setAccessMode('read only').execute(fn) : trx.execute(fn);
}
