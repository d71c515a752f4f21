// The mark a finished training database carries: its size (students made), kept in SQLite's user_version header field.
// A training file without it was cut short while being made (or came from an older build) and is made afresh.
import { closeSync, existsSync, openSync, readSync, rmSync } from 'node:fs';
import { stateFile } from '../db/open';
import type { SqliteHandle } from '../db/sqlite';

/** Marks the training database finished, then copies the log into the file so its header carries the mark on disk. */
export function markTrainingDatabase(sqlite: SqliteHandle, students: number): void {
  sqlite.pragma(`user_version = ${Math.trunc(students)}`);
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
}

/** The size an open training database was made at, or 0 when it was never finished. */
export function trainingSizeOpen(sqlite: SqliteHandle): number {
  return Number(sqlite.pragma('user_version', { simple: true })) || 0;
}

/**
 * The size of a training database on disk without opening it (0: none, or unfinished): the 4-byte big-endian
 * user_version at offset 60 of the SQLite header. Read from the file itself so asking never creates or locks anything.
 */
export function trainingSizeOnDisk(file: string): number {
  if (!existsSync(file)) return 0;
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(64);
    if (readSync(fd, header, 0, 64, 0) < 64 || header.toString('latin1', 0, 15) !== 'SQLite format 3') return 0;
    return header.readUInt32BE(60);
  } finally {
    closeSync(fd);
  }
}

/** Removes an unfinished training database (with its log and note) so it can be made afresh. */
export function removeTrainingFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, stateFile(file)]) rmSync(f, { force: true });
}
