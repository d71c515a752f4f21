// Opening the database: pragmas, refusals that leave the file untouched, back-ups before migrating, unsafe locations.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index';
import { BackupService } from '../../src-main/core/backups/service';
import { DatabaseRefusedError, openDatabase, readState } from '../../src-main/core/db/open';
import { storageProblem } from '../../src-main/core/db/errors';
import { filesystemOf, unsafeLocationReason } from '../../src-main/core/db/location';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function refusal(file: string): Promise<DatabaseRefusedError> {
  try {
    await openDatabase(file);
  } catch (e) {
    if (e instanceof DatabaseRefusedError) return e;
    throw e;
  }
  throw new Error('expected the database to be refused');
}

describe('openDatabase', () => {
  it('creates a new database with WAL, synchronous=FULL, foreign keys and a busy timeout', async () => {
    const opened = await openDatabase(path.join(dir, 'college.sqlite'));
    expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(opened.sqlite.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
    expect(opened.backupsTaken).toEqual([]); // nothing to back up in a brand-new file
    await opened.close();
  });

  it('refuses a file that is not a database and leaves it exactly as it was', async () => {
    const file = path.join(dir, 'college.sqlite');
    writeFileSync(file, 'This is a shopping list, not a database.\n'.repeat(200));
    const before = sha(file);
    const e = await refusal(file);
    expect(e.kind).toBe('corrupt');
    expect(e.message).toMatch(/not a readable Recovery College Desk database.*has not been changed/);
    expect(sha(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a damaged database and leaves it unchanged', async () => {
    const file = path.join(dir, 'college.sqlite');
    const opened = await openDatabase(file);
    await opened.db.insertInto('settings').values({ key: 'collegeName', value: '"x"' }).execute();
    opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    opened.sqlite.pragma('journal_mode = DELETE');
    await opened.close();
    const bytes = readFileSync(file);
    // Scribble over the middle of the file (past the header), where table pages live.
    for (let i = 4096 + 100; i < Math.min(bytes.length, 4096 * 6); i += 7) bytes[i] = 0xa5;
    writeFileSync(file, bytes);
    const before = sha(file);
    const e = await refusal(file);
    expect(['corrupt', 'unreadable']).toContain(e.kind);
    expect(e.message).toMatch(/has not been changed/);
    expect(sha(file)).toBe(before);
  });

  it('refuses a database from a newer version of the app without changing it', async () => {
    const file = path.join(dir, 'college.sqlite');
    const opened = await openDatabase(file);
    await opened.db.insertInto('kysely_migration' as never).values({ name: '9999_from_the_future', timestamp: new Date().toISOString() } as never).execute();
    opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    await opened.close();
    const before = sha(file);
    const e = await refusal(file);
    expect(e.kind).toBe('newer');
    expect(e.message).toMatch(/newer version of Recovery College Desk.*9999_from_the_future/);
    expect(sha(file)).toBe(before);
  });

  it('refuses another program’s SQLite database', async () => {
    const file = path.join(dir, 'other.sqlite');
    const other = new BetterSqlite3(file);
    other.exec('CREATE TABLE recipes (name TEXT)');
    other.close();
    const e = await refusal(file);
    expect(e.message).toMatch(/another program/);
  });

  it('takes an online back-up before migrating an existing database, with its data inside', async () => {
    const file = path.join(dir, 'college.sqlite');
    const sqlite = new BetterSqlite3(file);
    const db = new Kysely<never>({ dialect: new SqliteDialect({ database: sqlite }) });
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const first = Object.keys(migrations)[0];
    await migrator.migrateTo(first);
    sqlite.prepare("INSERT INTO settings (key, value) VALUES ('collegeName', '\"Southend\"')").run();
    await db.destroy();

    const opened = await openDatabase(file);
    expect(opened.backupsTaken).toHaveLength(Object.keys(migrations).length > 1 ? 1 : 0);
    if (opened.backupsTaken.length) {
      const backup = new BetterSqlite3(opened.backupsTaken[0], { readonly: true });
      expect(backup.prepare("SELECT value FROM settings WHERE key = 'collegeName'").get()).toEqual({ value: '"Southend"' });
      expect((backup.prepare('SELECT name FROM kysely_migration').all() as { name: string }[]).map((r) => r.name)).toEqual([first]);
      backup.close();
    }
    await opened.close();
  });

  it('keeps a daily back-up, only one a day', async () => {
    const opened = await openDatabase(path.join(dir, 'college.sqlite'));
    const service = new BackupService(() => opened, () => new Date(Date.UTC(2026, 0, 1, 9)));
    expect((await service.dailyIfDue())?.name).toMatch(/daily/);
    expect(await service.dailyIfDue()).toBeNull();
    await opened.close();
    const files = readdirSync(opened.backupsDir);
    expect(files).toHaveLength(1);
    const copy = new BetterSqlite3(path.join(opened.backupsDir, files[0]), { readonly: true });
    expect(copy.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'students'").get()).toEqual({ n: 1 });
    copy.close();
  });

  it('refuses network shares and synced folders with an explanation', async () => {
    expect(unsafeLocationReason('\\\\fileserver\\college\\desk.sqlite', null)).toMatch(/network share/);
    expect(unsafeLocationReason('C:\\Users\\sam\\OneDrive - NHS\\desk.sqlite', null)).toMatch(/synced folder/);
    expect(unsafeLocationReason('/home/sam/Dropbox/desk.sqlite', null)).toMatch(/synced folder.*database server/s);
    expect(unsafeLocationReason('/home/sam/college/desk.sqlite', null)).toBeNull();
    const mounts = 'server:/export /mnt/shared nfs4 rw 0 0\n/dev/sda1 / ext4 rw 0 0\n';
    expect(filesystemOf('/mnt/shared/desk.sqlite', mounts)).toBe('nfs4');
    expect(unsafeLocationReason('/mnt/shared/desk.sqlite', mounts)).toMatch(/network file system \(nfs4\)/);
    expect(unsafeLocationReason('/home/sam/desk.sqlite', mounts)).toBeNull();
    const e = await refusal(path.join(dir, 'OneDrive', 'college.sqlite'));
    expect(e.kind).toBe('location');
    expect(existsSync(path.join(dir, 'OneDrive'))).toBe(false);
  });

  it('never replaces a database that existed: a missing file is refused, offering the latest good backup', async () => {
    const file = path.join(dir, 'college.sqlite');
    const opened = await openDatabase(file);
    const service = new BackupService(() => opened, () => new Date());
    const backup = await service.take('manual');
    await opened.close();
    rmSync(file);
    const e = await refusal(file);
    expect(e.kind).toBe('missing');
    expect(e.message).toMatch(/is missing.*will not start a new, empty database/);
    expect(e.latestBackup).toBe(path.join(opened.backupsDir, backup.name));
    expect(existsSync(file)).toBe(false);
  });

  it('recreates the training database when its file was deleted (fictional data, nothing to lose)', async () => {
    const file = path.join(dir, 'training-demo.sqlite');
    await (await openDatabase(file)).close();
    rmSync(file);
    const opened = await openDatabase(file, { disposable: true });
    expect(existsSync(file)).toBe(true);
    await opened.close();
  });

  it('refuses an empty (0 byte) file where a database was created, and leaves it as it is', async () => {
    const file = path.join(dir, 'college.sqlite');
    await (await openDatabase(file)).close();
    writeFileSync(file, '');
    const e = await refusal(file);
    expect(e.kind).toBe('missing');
    expect(e.message).toMatch(/is empty \(0 bytes\)/);
    expect(statSync(file).size).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('inspects a damaged WAL-mode file without creating -wal or -shm beside it', async () => {
    const file = path.join(dir, 'college.sqlite');
    await (await openDatabase(file)).close();
    const bytes = readFileSync(file);
    for (let i = 4096 * 2; i < Math.min(bytes.length, 4096 * 8); i += 5) bytes[i] = 0x5a;
    writeFileSync(file, bytes);
    rmSync(`${file}.desk.json`);
    await refusal(file);
    expect(readdirSync(dir).filter((f) => f.startsWith('college.sqlite-'))).toEqual([]);
  });

  it('finds an index that no longer matches its table (integrity_check, which quick_check lets through)', async () => {
    const file = path.join(dir, 'college.sqlite');
    const opened = await openDatabase(file);
    for (let i = 0; i < 50; i++) await opened.db.insertInto('settings').values({ key: `k${i}`, value: `"v${i}"` }).execute();
    await opened.close();
    // Change one key inside the table's own page, leaving its primary-key index as it was.
    const raw = new BetterSqlite3(file);
    raw.pragma('journal_mode = DELETE');
    const { rootpage } = raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'settings'").get() as { rootpage: number };
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    const bytes = readFileSync(file);
    const page = bytes.subarray((rootpage - 1) * pageSize, rootpage * pageSize);
    const at = page.indexOf('k42');
    expect(at).toBeGreaterThan(0);
    page[at + 1] = 'q'.charCodeAt(0);
    writeFileSync(file, bytes);
    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.pragma('quick_check', { simple: true })).toBe('ok');
    check.close();
    const e = await refusal(file);
    expect(e.kind).toBe('corrupt');
    expect(e.message).toMatch(/damaged/);
  });

  it('skips the full check at start after a clean close, and does it when the last session did not close cleanly', async () => {
    const file = path.join(dir, 'college.sqlite');
    await (await openDatabase(file)).close();
    expect(readState(file)).toMatchObject({ cleanClose: true });
    const clean = await openDatabase(file);
    expect(clean.fullCheckDeferred).toBe(true);
    expect(readState(file)).toMatchObject({ cleanClose: false });
    // Killed: never closed. The next start checks fully.
    clean.sqlite.close();
    const after = await openDatabase(file);
    expect(after.fullCheckDeferred).toBe(false);
    await after.close();
    // Changed by something else since the clean close: checked fully too.
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const touched = await openDatabase(file);
    expect(touched.fullCheckDeferred).toBe(false);
    await touched.close();
  });

  it('tells disk full, read-only, locked and I/O errors apart, keeping the SQLite code', () => {
    expect(storageProblem({ code: 'SQLITE_FULL' })).toMatchObject({ kind: 'disk-full', code: 'SQLITE_FULL', message: expect.stringMatching(/The disk is full: free some space, then try again — nothing was saved/) });
    expect(storageProblem({ code: 'SQLITE_READONLY_DBMOVED' })?.kind).toBe('read-only');
    expect(storageProblem({ code: 'EROFS' })?.kind).toBe('read-only');
    expect(storageProblem({ code: 'SQLITE_BUSY' })?.message).toMatch(/locked by another program/);
    expect(storageProblem({ code: 'SQLITE_IOERR_WRITE' })?.message).toMatch(/could not read or write/);
    expect(storageProblem({ code: 'ENOSPC' })?.kind).toBe('disk-full');
    expect(storageProblem(new Error('plain'))).toBeNull();
  });
});
