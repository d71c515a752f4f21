// A desk that stopped (crash, kill, power cut) while its write-ahead log still held committed work, even half-way
// through folding the log back into the file, opens again with everything in it: the file is never judged alone.
import { closeSync, copyFileSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkFileNow } from '../../src-main/core/backups/check';
import { openDatabase, readState } from '../../src-main/core/db/open';
import { appliedMigrations, openImmutable } from '../../src-main/core/db/sqlite';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-crash-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Leaves `crashed.sqlite` (+ `-wal`) as a desk killed mid-checkpoint leaves it: the log holds every committed write,
 * and the first `foldedFrames` of its pages have already been copied into the file.
 */
async function crashedMidCheckpoint(foldedFrames: number): Promise<{ file: string; written: number }> {
  const live = path.join(dir, 'live.sqlite');
  const opened = await openDatabase(live, { allowAnyLocation: true });
  opened.sqlite.pragma('wal_autocheckpoint = 0');
  opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const insert = opened.sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  const written = 400;
  opened.sqlite.transaction(() => {
    for (let i = 0; i < written; i++) insert.run(`crash-${i}`, JSON.stringify('x'.repeat(300)));
  })();
  // The process dies here: copy the files as they are on disk, with the log not yet folded back.
  const file = path.join(dir, 'crashed.sqlite');
  copyFileSync(live, file);
  copyFileSync(`${live}-wal`, `${file}-wal`);
  copyFileSync(`${live}.desk.json`, `${file}.desk.json`);
  await opened.close();

  // Half a checkpoint: the first frames' pages written over the file, as SQLite does before a kill cuts it short.
  const wal = readFileSync(`${file}-wal`);
  const pageSize = wal.readUInt32BE(8);
  const fd = openSync(file, 'r+');
  try {
    for (let frame = 0; frame < foldedFrames; frame++) {
      const at = 32 + frame * (24 + pageSize);
      if (at + 24 + pageSize > wal.length) break;
      const page = wal.readUInt32BE(at);
      writeSync(fd, wal, at + 24, pageSize, (page - 1) * pageSize);
    }
  } finally {
    closeSync(fd);
  }
  return { file, written };
}

describe('a desk stopped while its write-ahead log held committed work', () => {
  it('opens afterwards with every committed write, when the stop came half-way through folding the log back', async () => {
    const { file, written } = await crashedMidCheckpoint(12);
    expect(readState(file)?.cleanClose).toBe(false);
    const opened = await openDatabase(file, { allowAnyLocation: true });
    const row = opened.sqlite.prepare("SELECT count(*) AS n FROM settings WHERE key LIKE 'crash-%'").get() as { n: number };
    expect(row.n).toBe(written);
    await opened.close();
  });

  it('is checked with its log: the read-only inspection sees the committed state and finds nothing wrong', async () => {
    const { file } = await crashedMidCheckpoint(12);
    expect(checkFileNow({ file, immutable: true })).toEqual([]);
    const ro = openImmutable(file);
    try {
      expect(appliedMigrations(ro).length).toBeGreaterThan(0);
      expect((ro.prepare("SELECT count(*) AS n FROM settings WHERE key LIKE 'crash-%'").get() as { n: number }).n).toBe(400);
    } finally {
      ro.close();
    }
  });
});
