// The command-line restore for IT: a database that went missing is refused by the app, and restored from the newest
// backup by the command, with its data and an audit entry; an encrypted backup asks for the passphrase.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runCommandLineRestore, type RestoreIo } from '../../src-main/core/backups/command-line';
import { createBackupKey } from '../../src-main/core/backups/crypto';
import { takeBackup } from '../../src-main/core/backups/files';
import { DatabaseRefusedError, openDatabase } from '../../src-main/core/db/open';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function io(answers: string[]): RestoreIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => void lines.push(l), ask: async () => answers.shift() ?? '', now: () => new Date('2026-12-01T10:00:00Z') };
}

async function collegeWithBackup(passphrase?: string): Promise<string> {
  const file = path.join(dir, 'recovery-college.sqlite');
  const opened = await openDatabase(file);
  await opened.db.insertInto('settings').values({ key: 'collegeName', value: '"Southend"' }).execute();
  const key = passphrase ? await createBackupKey(passphrase) : null;
  await takeBackup(opened.sqlite, { dir: opened.backupsDir, base: 'recovery-college', kind: 'daily', now: new Date('2026-11-30T09:00:00Z'), key, schema: null });
  await opened.close();
  return file;
}

it('restores the newest backup over a missing database, which the app itself refused to replace', async () => {
  const file = await collegeWithBackup();
  rmSync(file);
  await expect(openDatabase(file)).rejects.toBeInstanceOf(DatabaseRefusedError);

  const t = io([]);
  expect(await runCommandLineRestore({ database: file, backup: null, checkOnly: false, yes: true, force: false }, t)).toBe(0);
  expect(t.lines.join('\n')).toMatch(/backup is sound/);
  const opened = await openDatabase(file);
  expect(await opened.db.selectFrom('settings').select('value').where('key', '=', 'collegeName').executeTakeFirst()).toEqual({ value: '"Southend"' });
  const audit = await opened.db.selectFrom('audit_log').select(['action', 'summary']).where('entity', '=', 'database').execute();
  expect(audit).toEqual([{ action: 'restore', summary: expect.stringMatching(/from the command line/) }]);
  await opened.close();
});

it('asks for the passphrase of an encrypted backup, and changes nothing when the answer is not "restore"', async () => {
  const file = await collegeWithBackup('a long recovery passphrase');
  const t = io(['a long recovery passphrase', 'no']);
  expect(await runCommandLineRestore({ database: file, backup: null, checkOnly: false, yes: false, force: false }, t)).toBe(1);
  expect(t.lines.join('\n')).toMatch(/encryption seal intact[\s\S]*Nothing was changed/);
}, 30_000);
