// Moving a college's data between a desk's SQLite file and the college's PostgreSQL server, in either direction,
// through the portable export (format.ts): what the wizard and `npm run server:move` call. Each step reports progress
// per table and can be cancelled between pages; a move cancelled or refused part-way changes nothing anywhere.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import type pg from 'pg';
import { auditHeadFile } from '../../audit/outside';
import { openDatabase, readState, stateFile, type OpenOptions } from '../open';
import { openPostgres } from '../postgres';
import { hasWalContent, openSqlite, type NativeOptions } from '../sqlite';
import type { AnyDb } from './catalogue';
import { archiveNoteFile, readArchiveNote, type ArchiveNote } from '../archive-note';
export { archiveNoteFile, readArchiveNote, type ArchiveNote } from '../archive-note';
import { exportDatabase } from './export';
import type { Manifest } from './format';
import { importDatabase } from './import';
import { MoveRefusedError, type MoveProgress } from './progress';

export type ServerConnection = string | pg.PoolConfig;

export interface MoveOptions extends NativeOptions {
  onProgress?: (p: MoveProgress) => void;
  signal?: AbortSignal;
  now?: () => Date;
  /** Keep the export the move went through at this path (otherwise it is written to a temp folder and removed). */
  keepExport?: string;
  /** For a new desk file: skip the network/synced-folder check (tests in unusual temp folders). */
  allowAnyLocation?: boolean;
}

export interface MoveResult {
  manifest: Manifest;
  rows: number;
  seconds: number;
}

/**
 * Desk → server: copies every college table of the desk file into the server's empty database (set up by
 * `npm run server:setup`), checks every table's rows and checksum on the server, then keeps the desk file as a
 * read-only archive with a note beside it saying where the data went.
 */
export async function moveDeskToServer(deskFile: string, server: ServerConnection, options: MoveOptions = {}): Promise<MoveResult> {
  const started = performance.now();
  refuseUnmovableDesk(deskFile);
  const { exportFile, cleanUp } = exportPath(options);
  try {
    await exportDesk(deskFile, exportFile, options);
    const opened = await openPostgres<unknown>(server);
    let manifest: Manifest;
    try {
      manifest = await importDatabase(exportFile, opened.db as AnyDb, { onProgress: options.onProgress, signal: options.signal, targetName: "the college's server" });
    } finally {
      await opened.close();
    }
    markArchive(deskFile, server, manifest, options.now?.() ?? new Date());
    return result(manifest, started);
  } finally {
    cleanUp();
  }
}

/** Server → a new desk file (leaving the server, or a disaster): the file must not exist yet. */
export async function moveServerToDesk(server: ServerConnection, newDeskFile: string, options: MoveOptions = {}): Promise<MoveResult> {
  const started = performance.now();
  refuseExistingFile(newDeskFile);
  const { exportFile, cleanUp } = exportPath(options);
  try {
    await exportServer(server, exportFile, options);
    const manifest = await importIntoNewDesk(exportFile, newDeskFile, options);
    return result(manifest, started);
  } finally {
    cleanUp();
  }
}

/** A desk file's export, read-only (the file is not changed). */
export async function exportDesk(deskFile: string, exportFile: string, options: MoveOptions = {}): Promise<Manifest> {
  if (!existsSync(deskFile)) throw new MoveRefusedError('missing', `There is no desk database at ${deskFile}.`);
  const sqlite = openSqlite(deskFile, { readonly: true, nativeBinding: options.nativeBinding });
  const db: AnyDb = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    return await exportDatabase(db, exportFile, options);
  } finally {
    await db.destroy();
  }
}

/** The server database's export (one consistent snapshot; nothing on the server is changed). */
export async function exportServer(server: ServerConnection, exportFile: string, options: MoveOptions = {}): Promise<Manifest> {
  const opened = await openPostgres<unknown>(server);
  try {
    return await exportDatabase(opened.db as AnyDb, exportFile, options);
  } finally {
    await opened.close();
  }
}

/** An export into the server's empty database. */
export async function importIntoServer(exportFile: string, server: ServerConnection, options: MoveOptions = {}): Promise<Manifest> {
  const opened = await openPostgres<unknown>(server);
  try {
    return await importDatabase(exportFile, opened.db as AnyDb, { onProgress: options.onProgress, signal: options.signal, targetName: "the college's server" });
  } finally {
    await opened.close();
  }
}

/**
 * An export into a new desk file, created at this version of the app. The import is one transaction, so a failure (or a
 * kill) leaves at most a new, empty database there; a failure removes it again.
 */
export async function importIntoNewDesk(exportFile: string, newDeskFile: string, options: MoveOptions = {}): Promise<Manifest> {
  refuseExistingFile(newDeskFile);
  const openOptions: OpenOptions = { allowAnyLocation: options.allowAnyLocation, nativeBinding: options.nativeBinding, now: options.now, disposable: true };
  const opened = await openDatabase(newDeskFile, openOptions);
  try {
    return await importDatabase(exportFile, opened.db as AnyDb, { onProgress: options.onProgress, signal: options.signal, targetName: 'the new desk file' });
  } catch (e) {
    await opened.close();
    for (const f of [newDeskFile, `${newDeskFile}-wal`, `${newDeskFile}-shm`, stateFile(newDeskFile), auditHeadFile(newDeskFile)]) rmSync(f, { force: true });
    throw e;
  } finally {
    await opened.close();
  }
}

/** A desk file that may be in use, or has already moved, is refused before anything is read. */
function refuseUnmovableDesk(deskFile: string): void {
  if (!existsSync(deskFile)) throw new MoveRefusedError('missing', `There is no desk database at ${deskFile}.`);
  const note = readArchiveNote(deskFile);
  if (note) throw new MoveRefusedError('already-moved', `This desk's data was already moved to the college's server on ${note.movedAt.slice(0, 10)}; the file is kept as a read-only archive.`);
  const state = readState(deskFile);
  if ((state && !state.cleanClose) || hasWalContent(deskFile)) {
    throw new MoveRefusedError(
      'in-use',
      'Recovery College Desk looks to be open on this desk (or was not closed properly last time). Close it — open and close it once if it was not closed properly — then move the data, so nothing entered meanwhile is left behind.',
    );
  }
}

function refuseExistingFile(file: string): void {
  if (existsSync(file)) throw new MoveRefusedError('exists', `${file} already exists. Choose a name for a new file, so no existing database is overwritten.`);
}

/** chmod 0444 and a note beside it: the file stays readable as a record of the desk's data at the time of the move. */
export function markArchive(deskFile: string, server: ServerConnection, manifest: Manifest, now: Date): void {
  const note: ArchiveNote = {
    movedAt: now.toISOString(),
    server: describeServer(server),
    schema: manifest.schema,
    tables: manifest.tables.map(({ name, rows, sha256 }) => ({ name, rows, sha256 })),
    note: "This desk's data now lives on the college's server. This file is a read-only archive of it as it was at the move; do not enter new work into it.",
  };
  writeFileSync(archiveNoteFile(deskFile), `${JSON.stringify(note, null, 2)}\n`, { mode: 0o444 });
  chmodSync(deskFile, 0o444);
}

function describeServer(server: ServerConnection): ArchiveNote['server'] {
  if (typeof server !== 'string') return { host: server.host ?? null, port: server.port ?? null, database: server.database ?? null };
  try {
    const url = new URL(server);
    return { host: url.hostname || null, port: url.port ? Number(url.port) : null, database: decodeURIComponent(url.pathname.replace(/^\//, '')) || null };
  } catch {
    return { host: null, port: null, database: null };
  }
}

function exportPath(options: MoveOptions): { exportFile: string; cleanUp: () => void } {
  if (options.keepExport) return { exportFile: options.keepExport, cleanUp: () => undefined };
  const dir = mkdtempSync(path.join(tmpdir(), 'rcd-move-'));
  return { exportFile: path.join(dir, 'college.rcd-export.gz'), cleanUp: () => rmSync(dir, { recursive: true, force: true }) };
}

function result(manifest: Manifest, started: number): MoveResult {
  return { manifest, rows: manifest.tables.reduce((n, t) => n + t.rows, 0), seconds: (performance.now() - started) / 1000 };
}

/** For a progress line: how far through its tables a move is, as a whole number of per cent. */
export function percentDone(p: MoveProgress): number {
  const within = p.tableRows ? Math.min(1, p.rows / p.tableRows) : 0;
  return Math.floor(((p.tableIndex + within) / Math.max(1, p.tableCount)) * 100);
}
