// Runs a database check off the main thread (a worker with its own read-only connection), so a full
// `integrity_check` of a large database never freezes the window. What the rows mean stays in db/sqlite.ts.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { hasWalContent, integrityCheck, openImmutable, openSqlite, type NativeOptions } from '../db/sqlite';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const options = { readonly: true, fileMustExist: true };
if (workerData.nativeBinding) options.nativeBinding = workerData.nativeBinding;
let db;
try {
  db = new Database(workerData.name, options);
  const integrity = db.pragma('integrity_check(20)');
  const ok = integrity.length === 1 && Object.values(integrity[0])[0] === 'ok';
  const orphans = ok ? db.pragma('foreign_key_check') : [];
  parentPort.postMessage({ integrity, orphans });
} catch (e) {
  parentPort.postMessage({ error: { message: String(e && e.message), code: e && e.code } });
} finally {
  if (db) db.close();
}
`;

export interface CheckTarget extends NativeOptions {
  file: string;
  /** A file nobody is writing (a backup, a suspect file): opened immutable, nothing is created beside it. */
  immutable: boolean;
}

/** The full check of a database file: [] when healthy, else the problems. Rejects with the SQLite error if unreadable. */
export async function checkFileInBackground(target: CheckTarget): Promise<string[]> {
  // A small file is checked in a few milliseconds: quicker here than starting a worker.
  if (sizeOf(target.file) < SMALL_FILE_BYTES) return checkFileNow(target);
  let worker: Worker;
  try {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    // A log left beside the file by a stop is read with it (see openImmutable): immutable would ignore it.
    const name = target.immutable && !hasWalContent(target.file) ? `${pathToFileURL(target.file).href}?immutable=1` : target.file;
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, name, nativeBinding: target.nativeBinding } });
  } catch {
    return checkFileNow(target);
  }
  const reply = await new Promise<{ integrity?: Record<string, string>[]; orphans?: { table: string; parent: string }[]; error?: { message: string; code?: string } }>(
    (resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The check stopped unexpectedly (exit ${code}).`)));
    },
  ).finally(() => void worker.terminate());
  if (reply.error) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
  const messages = (reply.integrity ?? []).map((r) => Object.values(r)[0]);
  if (!(messages.length === 1 && messages[0] === 'ok')) return messages;
  return (reply.orphans ?? []).slice(0, 5).map((o) => `a row in ${o.table} points to a missing row in ${o.parent}`);
}

const SMALL_FILE_BYTES = 4 * 1024 * 1024;

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** The same check on this thread (small files, or where workers are unavailable). */
export function checkFileNow(target: CheckTarget): string[] {
  const db = target.immutable ? openImmutable(target.file, target) : openSqlite(target.file, { ...target, readonly: true });
  try {
    return integrityCheck(db);
  } finally {
    db.close();
  }
}
