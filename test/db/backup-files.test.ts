// Backup files on their own: retention keeps daily, weekly and monthly generations and never the last good one; a
// backup is checked before it gets its final name; encrypted backups refuse a changed or cut-short file.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackupKey, decryptFile, encryptFile, rewrapBackupKey } from '../../src-main/core/backups/crypto';
import { backupName, backupsToDelete, parseBackupName, removePartials, takeBackup, type BackupFile } from '../../src-main/core/backups/files';
import { openDatabase } from '../../src-main/core/db/open';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-backups-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(kind: BackupFile['kind'], at: Date): BackupFile {
  const name = backupName('recovery-college', kind, at, false);
  return { ...parseBackupName(name)!, path: name, bytes: 1 };
}

describe('retention', () => {
  it('keeps the last 7 days, one a week for 5 weeks, one a month for 12 months', () => {
    const start = Date.UTC(2025, 0, 1, 9);
    const daily = Array.from({ length: 500 }, (_, i) => file('daily', new Date(start + i * 86_400_000)));
    const deleted = new Set(backupsToDelete(daily).map((f) => f.name));
    const kept = daily.filter((f) => !deleted.has(f.name));
    expect(kept.length).toBeGreaterThanOrEqual(7 + 12);
    expect(kept.length).toBeLessThanOrEqual(7 + 5 + 12);
    const newest = daily.slice(-7).map((f) => f.name);
    for (const n of newest) expect(deleted.has(n)).toBe(false);
    const months = new Set(kept.map((f) => f.takenAt.slice(0, 7)));
    expect(months.size).toBe(12);
  });

  it('never deletes the last good backup, whatever its kind', () => {
    const only = [file('before-restore', new Date(Date.UTC(2020, 0, 1)))];
    expect(backupsToDelete(only)).toEqual([]);
    const upgrades = Array.from({ length: 6 }, (_, i) => file('before-upgrade', new Date(Date.UTC(2024, i, 1))));
    const gone = backupsToDelete(upgrades).map((f) => f.name);
    expect(gone).toHaveLength(3);
    expect(gone).not.toContain(upgrades[5].name);
  });

  it('reads the names earlier versions gave their backups', () => {
    expect(parseBackupName('recovery-college-before-0002_scheduling-2026-01-01T09-00-00-000Z.sqlite')).toMatchObject({ kind: 'before-upgrade', takenAt: '2026-01-01T09:00:00.000Z' });
    expect(parseBackupName('recovery-college-daily-2026-01-01T09-00-00-000Z.sqlite')).toMatchObject({ kind: 'daily', encrypted: false });
    expect(parseBackupName('.recovery-college-ab12.copy.partial')).toBeNull();
  });
});

describe('taking a backup', () => {
  it('leaves only the finished, checked file: no temporary file, and a name that says when it was taken', async () => {
    const opened = await openDatabase(path.join(dir, 'recovery-college.sqlite'));
    const at = new Date(Date.UTC(2026, 5, 1, 8, 30));
    const b = await takeBackup(opened.sqlite, { dir: opened.backupsDir, base: 'recovery-college', kind: 'manual', now: at, key: null, schema: null });
    await opened.close();
    expect(readdirSync(opened.backupsDir)).toEqual([b.name]);
    expect(b.name).toBe('recovery-college-manual-2026-06-01T08-30-00-000Z.sqlite');
  });
});

describe('left-over temporary files', () => {
  it('are removed when the process that wrote them has gone, and left alone while it is still running', () => {
    writeFileSync(path.join(dir, '.recovery-college-p4194305-0a0b0c0d.copy.partial'), 'half a backup');
    writeFileSync(path.join(dir, `.recovery-college-p${process.ppid}-0a0b0c0d.copy.partial`), 'another desk, still copying');
    removePartials(dir);
    expect(readdirSync(dir)).toEqual([`.recovery-college-p${process.ppid}-0a0b0c0d.copy.partial`]);
  });
});

describe('encryption', () => {
  it('round-trips a file, refuses a changed or cut-short one, and a re-wrapped key still opens it with the new passphrase only', async () => {
    const plain = path.join(dir, 'plain.bin');
    writeFileSync(plain, Buffer.from('special-category data '.repeat(100_000)));
    const key = await createBackupKey('first long passphrase');
    const sealed = path.join(dir, 'sealed.rcdbackup');
    await encryptFile(plain, sealed, key, { createdAt: '2026-01-01T00:00:00.000Z', schema: '0010_backup_settings' });
    expect(readFileSync(sealed).includes(Buffer.from('special-category'))).toBe(false);

    const out = path.join(dir, 'out.bin');
    const header = await decryptFile(sealed, out, 'first long passphrase');
    expect(header.schema).toBe('0010_backup_settings');
    expect(readFileSync(out).equals(readFileSync(plain))).toBe(true);

    const bytes = readFileSync(sealed);
    bytes[bytes.length - 5000] ^= 1;
    writeFileSync(path.join(dir, 'changed.rcdbackup'), bytes);
    await expect(decryptFile(path.join(dir, 'changed.rcdbackup'), path.join(dir, 'o2'), 'first long passphrase')).rejects.toThrow(/changed or damaged/);
    writeFileSync(path.join(dir, 'short.rcdbackup'), readFileSync(sealed).subarray(0, 60_000));
    await expect(decryptFile(path.join(dir, 'short.rcdbackup'), path.join(dir, 'o3'), 'first long passphrase')).rejects.toThrow(/changed or damaged|incomplete/);
    await expect(decryptFile(sealed, path.join(dir, 'o4'), 'not the passphrase')).rejects.toThrow(/does not open/);

    const rewrapped = await rewrapBackupKey(key, 'first long passphrase', 'second long passphrase');
    expect(rewrapped.publicKey).toBe(key.publicKey);
    const sealed2 = path.join(dir, 'sealed2.rcdbackup');
    await encryptFile(plain, sealed2, rewrapped, { createdAt: '2026-01-02T00:00:00.000Z', schema: null });
    await decryptFile(sealed2, path.join(dir, 'o5'), 'second long passphrase');
    await expect(decryptFile(sealed2, path.join(dir, 'o6'), 'first long passphrase')).rejects.toThrow(/does not open/);
  }, 60_000);
});
