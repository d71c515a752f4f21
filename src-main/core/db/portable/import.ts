// Reading a portable export (format.ts) into an empty database of either engine at the same version of the app's data:
// one transaction, checked against the file's own checksums as it is read and against the target's contents before
// the commit, so a damaged file or a difference anywhere leaves the target exactly as it was.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { LATEST_MIGRATION } from '../../../../db/migrations/index';
import { afterImport, beforeImport, collegeTables, insertRows, rowsPerInsert, schemaVersion, SEEDED_TABLES, type AnyDb, type TableShape } from './catalogue';
import { databaseValue, ExportDamagedError, FORMAT, FORMAT_VERSION, TableDigest, type CanonicalValue, type ExportHeader, type Manifest, type TableManifest } from './format';
import { MoveRefusedError, SchemaMismatchError, VerificationFailedError, type MoveProgress } from './progress';
import { tableDigest } from './scan';

export interface ImportOptions {
  onProgress?: (p: MoveProgress) => void;
  /** Stops between batches; the transaction is rolled back, so the target is unchanged. */
  signal?: AbortSignal;
  /** What the target is called in messages ("the college's server", "the new desk file"). */
  targetName?: string;
}

/** Copies the export in `file` into `db`, which must be empty and at the app's current schema. Returns the manifest. */
export async function importDatabase(file: string, db: AnyDb, options: ImportOptions = {}): Promise<Manifest> {
  const target = options.targetName ?? 'the target database';
  const lines = exportLines(file);
  try {
    return await importLines(lines, db, target, options);
  } finally {
    await lines.close();
  }
}

async function importLines(lines: ExportLines, db: AnyDb, target: string, options: ImportOptions): Promise<Manifest> {
  const header = await readHeader(lines);
  const targetSchema = await schemaVersion(db);
  if (header.schema !== LATEST_MIGRATION) {
    throw new SchemaMismatchError(
      `This export was made by a version of Recovery College Desk whose data is at version ${header.schema}; this version of the app is at ${LATEST_MIGRATION}. Use the same version of the app to export and to import.`,
    );
  }
  if (targetSchema !== LATEST_MIGRATION) {
    throw new SchemaMismatchError(
      targetSchema === null
        ? `${capital(target)} has not been set up for Recovery College Desk. Set it up with this version of the app first (for the college's server: npm run server:setup).`
        : `${capital(target)} is at version ${targetSchema} of the app's data, not ${LATEST_MIGRATION}. Bring it up to date with this version of the app first (for the college's server: npm run server:setup).`,
    );
  }

  return db.transaction().execute(async (trx) => {
    await beforeImport(trx);
    const tables = await collegeTables(trx);
    const byName = new Map(tables.map((t) => [t.name, t]));
    await refuseIfInUse(trx, tables, target);
    // The reference rows a new database starts with give way to the desk's own (which may have been added to).
    for (const t of [...tables].reverse()) if (SEEDED_TABLES.has(t.name)) await trx.deleteFrom(t.name).execute();

    const plannedRows = new Map(header.tables.map((t) => [t.name, t.rows]));
    const seen: TableManifest[] = [];
    let manifest: Manifest | null = null;
    let current: { shape: TableShape; columns: string[]; digest: TableDigest; batch: CanonicalValue[][] } | null = null;
    const flush = async () => {
      if (!current || current.batch.length === 0) return;
      const { columns, batch } = current;
      current.batch = [];
      await insertRows(
        trx,
        current.shape,
        columns,
        batch.map((row) => row.map(databaseValue)),
      );
      options.onProgress?.({ stage: 'import', table: current.shape.name, tableIndex: seen.length, tableCount: tables.length, rows: current.digest.rows, tableRows: plannedRows.get(current.shape.name) ?? null });
    };

    for await (const { text, value } of lines.rest()) {
      options.signal?.throwIfAborted();
      if (manifest) throw new ExportDamagedError('The export file is damaged: it goes on after its manifest.');
      if (Array.isArray(value)) {
        if (!current) throw new ExportDamagedError('The export file is damaged: it has rows outside any table.');
        if (value.length !== current.columns.length) throw damaged(current.shape.name);
        current.digest.add(text);
        current.batch.push(value);
        if (current.batch.length >= rowsPerInsert(trx, current.columns.length)) await flush();
      } else if ('table' in value) {
        if (current) throw damaged(current.shape.name);
        const shape = byName.get(value.table);
        if (!shape) throw new SchemaMismatchError(`The export holds a table, ${value.table}, that ${target} does not have, so they are not the same version of the app's data.`);
        if (seen.some((t) => t.name === shape.name)) throw damaged(shape.name);
        const missing = shape.columns.filter((c) => !value.columns.includes(c));
        const extra = value.columns.filter((c) => !shape.columns.includes(c));
        if (missing.length > 0 || extra.length > 0) {
          throw new SchemaMismatchError(`The table ${shape.name} has different columns in the export and in ${target} (${[...missing, ...extra].join(', ')}), so they are not the same version of the app's data.`);
        }
        current = { shape, columns: value.columns, digest: new TableDigest(), batch: [] };
        options.onProgress?.({ stage: 'import', table: shape.name, tableIndex: seen.length, tableCount: tables.length, rows: 0, tableRows: plannedRows.get(shape.name) ?? null });
      } else if ('end' in value) {
        if (!current || current.shape.name !== value.end) throw damaged(value.end);
        await flush();
        const sha256 = current.digest.digest();
        if (value.rows !== current.digest.rows || value.sha256 !== sha256 || plannedRows.get(value.end) !== current.digest.rows) throw damaged(value.end);
        seen.push({ name: value.end, columns: current.columns, rows: current.digest.rows, sha256 });
        current = null;
      } else if ('manifest' in value) {
        // Read on to the end all the same: gzip checks the whole file's CRC there.
        manifest = value.manifest;
      } else {
        throw new ExportDamagedError('The export file is damaged: a line is not one the app writes.', current?.shape.name ?? null);
      }
    }
    if (!manifest) throw new ExportDamagedError('The export file ends early: it was not written to the end, or has been cut short.', current?.shape.name ?? null);
    checkManifest(manifest, header, seen);
    const absent = tables.filter((t) => !seen.some((s) => s.name === t.name));
    if (absent.length > 0) {
      throw new SchemaMismatchError(`The export has no ${absent.map((t) => t.name).join(', ')}, which ${target} has, so they are not the same version of the app's data.`);
    }

    await afterImport(trx);

    // What the target now holds, read back row by row, must be what the export holds.
    for (const [i, m] of manifest.tables.entries()) {
      const shape = byName.get(m.name)!;
      const got = await tableDigest(trx, shape, {
        columns: m.columns,
        signal: options.signal,
        onPage: (rows) => options.onProgress?.({ stage: 'verify', table: m.name, tableIndex: i, tableCount: manifest!.tables.length, rows, tableRows: m.rows }),
      });
      if (got.rows !== m.rows) {
        throw new VerificationFailedError(m.name, `After copying, ${target} holds ${got.rows} rows of ${m.name} where the export holds ${m.rows}. Nothing has been changed.`);
      }
      if (got.sha256 !== m.sha256) {
        throw new VerificationFailedError(m.name, `After copying, the rows of ${m.name} in ${target} are not exactly those in the export (their checksums differ). Nothing has been changed.`);
      }
    }
    return manifest;
  });
}

/** Reads only the export's manifest (its last line), checking nothing else: for showing what a file holds. */
export async function readManifest(file: string): Promise<Manifest> {
  const lines = exportLines(file);
  try {
    await readHeader(lines);
    for await (const { value } of lines.rest()) if (!Array.isArray(value) && 'manifest' in value) return value.manifest;
  } finally {
    await lines.close();
  }
  throw new ExportDamagedError('The export file ends early: it was not written to the end, or has been cut short.');
}

/** The database is in use when any table other than the ones a new database fills in itself has rows. */
async function refuseIfInUse(trx: AnyDb, tables: TableShape[], target: string): Promise<void> {
  const used: string[] = [];
  for (const t of tables) {
    if (SEEDED_TABLES.has(t.name)) continue;
    const row = await trx.selectFrom(t.name).select((eb) => eb.lit(1).as('one')).limit(1).executeTakeFirst();
    if (row) used.push(t.name);
  }
  if (used.length > 0) {
    throw new MoveRefusedError(
      'not-empty',
      `${capital(target)} already holds data (in ${used.slice(0, 5).join(', ')}${used.length > 5 ? ` and ${used.length - 5} more tables` : ''}). A move only goes into a new, empty database, so that nothing there is mixed up or lost. Nothing has been changed.`,
    );
  }
}

function checkManifest(manifest: Manifest, header: ExportHeader, seen: TableManifest[]): void {
  const same =
    manifest.schema === header.schema &&
    manifest.createdAt === header.createdAt &&
    manifest.tables.length === seen.length &&
    manifest.tables.every((m, i) => {
      const s = seen[i];
      return m.name === s.name && m.rows === s.rows && m.sha256 === s.sha256 && m.columns.join('\n') === s.columns.join('\n');
    });
  if (!same) {
    const table = manifest.tables.find((m, i) => !seen[i] || m.name !== seen[i].name || m.rows !== seen[i].rows || m.sha256 !== seen[i].sha256)?.name ?? null;
    throw new ExportDamagedError(`The export file is damaged: its list of tables does not match what it holds${table ? ` (at ${table})` : ''}. Nothing has been changed.`, table);
  }
}

function damaged(table: string): ExportDamagedError {
  return new ExportDamagedError(`The export file is damaged or has been changed: the rows of ${table} do not match its checksum. Nothing has been changed.`, table);
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

interface ParsedLine {
  text: string;
  value: Exclude<import('./format').Line, ExportHeader>;
}

interface ExportLines {
  /** The first line, read on its own. */
  first(): Promise<ParsedLine | null>;
  rest(): AsyncGenerator<ParsedLine>;
  /** Stops reading and closes the file (safe to call at any point, and twice). */
  close(): Promise<void>;
}

async function readHeader(lines: ExportLines): Promise<ExportHeader> {
  const first = await lines.first();
  const header = first?.value as unknown as ExportHeader | undefined;
  if (!header || header.format !== FORMAT) throw new ExportDamagedError('This file is not an export made by Recovery College Desk.');
  if (header.formatVersion !== FORMAT_VERSION) {
    throw new SchemaMismatchError(`This export was written in a newer way (format ${header.formatVersion}) than this version of the app reads. Use the same version of the app to export and to import.`);
  }
  return header;
}

/** The file's lines, parsed, as a stream: a gzip or JSON fault is reported as damage to the table being read. */
function exportLines(file: string): ExportLines {
  let table: string | null = null;
  let lines = 0;
  const fault = (e: unknown) => {
    if (e instanceof ExportDamagedError) return e;
    if (lines === 0) return new ExportDamagedError(`This file is not an export made by Recovery College Desk, or it is damaged (${(e as Error).message}). Nothing has been changed.`);
    return new ExportDamagedError(`The export file is damaged and cannot be read (found while reading ${table ?? 'it'}: ${(e as Error).message}). Nothing has been changed.`, table);
  };
  async function* raw(): AsyncGenerator<string> {
    const input = createReadStream(file);
    const gunzip = createGunzip();
    input.on('error', (e) => gunzip.destroy(e));
    input.pipe(gunzip);
    const decoder = new StringDecoder('utf8');
    let pending = '';
    try {
      for await (const chunk of gunzip) {
        pending += decoder.write(chunk as Buffer);
        let from = 0;
        for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', from)) {
          yield pending.slice(from, nl);
          from = nl + 1;
        }
        pending = pending.slice(from);
      }
    } catch (e) {
      throw fault(e);
    } finally {
      input.destroy();
      gunzip.destroy();
    }
    pending += decoder.end();
    if (pending) yield pending;
  }
  const source = raw();
  const parse = (text: string): ParsedLine => {
    lines++;
    let value: ParsedLine['value'];
    try {
      value = JSON.parse(text) as ParsedLine['value'];
    } catch (e) {
      throw fault(e);
    }
    if (value === null || typeof value !== 'object') throw fault(new Error('a line is not a row or a marker'));
    if (!Array.isArray(value)) {
      if ('table' in value) table = value.table;
      else if ('end' in value) table = null;
    }
    return { text, value };
  };
  return {
    async first() {
      const next = await source.next();
      return next.done ? null : parse(next.value);
    },
    async *rest() {
      for await (const text of source) yield parse(text);
    },
    async close() {
      await source.return(undefined);
    },
  };
}
