// Backups and restore through the core, as a manager uses them: a restore drill (back up, change, restore: the data is
// exactly as backed up), encrypted backups that need the recovery passphrase, a second folder, and failures shown.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src-main/core/demo/accounts';
import { fillDemoDatabase } from '../../src-main/core/demo/generate';
import { makeTestCore, TEST_PASSWORD, validStudent, type TestCore, deskFile, FILE_ONLY, ON_SERVER } from '../helpers/core';

let tc: TestCore;
afterEach(async () => tc?.close());

/** Every table's rows (except the audit log and its chain, which record the restore itself). */
function dump(t: TestCore): Record<string, unknown[]> {
  const sqlite = deskFile(t).sqlite;
  const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'students_fts%' AND name NOT LIKE 'audit_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  return Object.fromEntries(tables.map((name) => [name, sqlite.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
}

// The app's backups are a desk file's: on the college's server IT backs up the database (see the last describe).
describe.skipIf(FILE_ONLY)('a restore drill', () => {
  it('back up, change data, restore: the data is exactly as it was backed up, the replaced database is kept aside, and it is audited', async () => {
    tc = await makeTestCore();
    const created = await tc.ok('setup', 'students.create', { fields: validStudent({ surname: 'Ashworth' }), confirmedNotDuplicate: true });
    const backup = await tc.ok('setup', 'backups.takeNow', {});
    const asBackedUp = dump(tc);

    await tc.ok('setup', 'students.create', { fields: validStudent({ firstName: 'Robin', surname: 'Okafor', dateOfBirth: '1975-03-02' }), confirmedNotDuplicate: true });
    await tc.ok('setup', 'students.archive', { id: created.id, reason: 'Moved away' });
    expect(dump(tc)).not.toEqual(asBackedUp);

    const inspection = await tc.ok('setup', 'backups.inspect', { source: { name: backup.name } });
    expect(inspection.counts.students).toBe(1);
    expect(inspection.current.students).toBe(2);
    expect(inspection.schemaOlder).toBe(false);

    const result = await tc.ok('setup', 'backups.restore', { source: { name: backup.name }, confirm: true });
    // The replaced database is kept aside, whole (its -wal went with it, so none was left to spoil the restored file).
    const aside = new BetterSqlite3(result.setAside, { readonly: true });
    expect(aside.prepare('SELECT count(*) AS n FROM students').get()).toEqual({ n: 2 });
    aside.close();
    expect(dump(tc)).toEqual(asBackedUp);

    // Everyone is signed out (the restored database has its own accounts); signing in again works.
    expect((await tc.fail('setup', 'students.search', { query: '' })).reason).toBe('session.signed-out');
    await tc.ok('again', 'auth.signIn', { username: 'first.manager', password: TEST_PASSWORD });
    const audit = await tc.ok('again', 'audit.list', { entity: 'database' });
    expect(audit.rows[0]).toMatchObject({ action: 'restore', staffName: 'First Manager' });
    expect(audit.rows[0].summary).toContain(backup.name);
  });

  it('restores the real database only: a window in training stays signed in there, and training cannot back up or restore', async () => {
    tc = await makeTestCore({ fillDemo: fillDemoDatabase });
    const demoManager = DEMO_ACCOUNTS.find((a) => a.role === 'manager')!;
    const backup = await tc.ok('setup', 'backups.takeNow', {});
    await tc.ok('setup', 'students.create', { fields: validStudent({ surname: 'Afterbackup' }), confirmedNotDuplicate: true });
    // A second manager's window goes into training and signs in as the practice manager there.
    const trainer = await tc.signInAs('manager');
    await tc.ok(trainer, 'demo.open', { scale: 20 });
    await tc.ok(trainer, 'auth.signIn', { username: demoManager.username, password: demoManager.password });
    const demoDb = tc.core.demoDatabase!;
    const trainingStudents = await demoDb.db.selectFrom('students').select('id').execute();

    // Backups belong to the real database: from training they can be neither taken, listed, inspected nor restored.
    for (const [method, input] of [
      ['backups.takeNow', {}],
      ['backups.list', {}],
      ['backups.inspect', { source: { name: backup.name } }],
      ['backups.restore', { source: { name: backup.name }, confirm: true }],
    ] as const) {
      expect((await tc.fail(trainer, method, input as never)).reason).toBe('training.live-only');
    }
    expect(deskFile(tc).sqlite.prepare("SELECT count(*) AS n FROM students WHERE surname = 'Afterbackup'").get()).toEqual({ n: 1 });

    // A restore from a live window swaps the real database and signs live windows out, and leaves training alone.
    await tc.ok('setup', 'backups.restore', { source: { name: backup.name }, confirm: true });
    expect(deskFile(tc).sqlite.prepare("SELECT count(*) AS n FROM students WHERE surname = 'Afterbackup'").get()).toEqual({ n: 0 });
    expect((await tc.fail('setup', 'students.search', { query: '' })).reason).toBe('session.signed-out');
    expect(tc.core.demoDatabase).toBe(demoDb);
    const status = await tc.ok(trainer, 'auth.status', {});
    expect(status.database.kind).toBe('demo');
    expect(status.session?.staff.username).toBe(demoManager.username);
    expect(await demoDb.db.selectFrom('students').select('id').execute()).toEqual(trainingStudents);
    await tc.ok(trainer, 'students.search', { query: '' });
  }, 60_000);

  it('refuses a file that is not a backup, and changes nothing', async () => {
    tc = await makeTestCore();
    const junk = path.join(tc.dir, 'not-a-backup.sqlite');
    writeFileSync(junk, 'hello '.repeat(2000));
    const before = dump(tc);
    const e = await tc.fail('setup', 'backups.restore', { source: { file: junk }, confirm: true });
    expect(e.reason).toBe('input.invalid');
    expect(e.message).toMatch(/not a readable database|not a Recovery College Desk backup/);
    expect(dump(tc)).toEqual(before);
  });

  it('only managers may see or restore backups', async () => {
    tc = await makeTestCore();
    const coordinator = await tc.signInAs('coordinator');
    expect((await tc.fail(coordinator, 'backups.status', {})).reason).toBe('access.role');
    expect((await tc.fail(coordinator, 'backups.restore', { source: { name: 'x' }, confirm: true })).reason).toBe('access.role');
  });
});

describe.skipIf(FILE_ONLY)('encrypted backups', () => {
  it('once a recovery passphrase is set, backups are encrypted and restoring one needs the passphrase', async () => {
    tc = await makeTestCore();
    await tc.ok('setup', 'backups.setPassphrase', { passphrase: 'purple giraffe kettle morning' });
    await tc.ok('setup', 'students.create', { fields: validStudent({ surname: 'Encrypted' }), confirmedNotDuplicate: true });
    const backup = await tc.ok('setup', 'backups.takeNow', {});
    expect(backup.encrypted).toBe(true);
    expect(backup.name).toMatch(/\.rcdbackup$/);
    expect((await tc.ok('setup', 'backups.status', {})).encrypted).toBe(true);

    const none = await tc.fail('setup', 'backups.inspect', { source: { name: backup.name } });
    expect(none.fields?.passphrase).toMatch(/encrypted/);
    const wrong = await tc.fail('setup', 'backups.inspect', { source: { name: backup.name }, passphrase: 'purple giraffe kettle evening' });
    expect(wrong.fields?.passphrase).toMatch(/does not open this backup/);
    const ok = await tc.ok('setup', 'backups.inspect', { source: { name: backup.name }, passphrase: 'purple giraffe kettle morning' });
    expect(ok.counts.students).toBe(1);
    expect(ok.encrypted).toBe(true);
  }, 60_000);

  it('changing the passphrase needs the current one', async () => {
    tc = await makeTestCore();
    await tc.ok('setup', 'backups.setPassphrase', { passphrase: 'purple giraffe kettle morning' });
    const e = await tc.fail('setup', 'backups.setPassphrase', { passphrase: 'another long passphrase', currentPassphrase: 'not the right one at all' });
    expect(e.fields?.currentPassphrase).toMatch(/not the current/);
  }, 60_000);
});

describe.skipIf(FILE_ONLY)('the second backup folder', () => {
  it('needs a recovery passphrase first, then gets a copy of every backup', async () => {
    tc = await makeTestCore();
    const usb = path.join(tc.dir, 'usb-stick');
    mkdirSync(usb);
    expect((await tc.fail('setup', 'backups.setSecondFolder', { folder: usb })).message).toMatch(/recovery passphrase first/);
    await tc.ok('setup', 'backups.setPassphrase', { passphrase: 'purple giraffe kettle morning' });
    const status = await tc.ok('setup', 'backups.setSecondFolder', { folder: usb });
    expect(status.secondFolder).toBe(usb);
    const backup = await tc.ok('setup', 'backups.takeNow', {});
    expect(readdirSync(usb)).toEqual([backup.name]);
    const list = await tc.ok('setup', 'backups.list', {});
    expect(list.filter((b) => b.name === backup.name).map((b) => b.folder).sort()).toEqual(['main', 'second']);
  }, 60_000);

  it('a second folder that has gone missing is shown, and the backup itself is still kept', async () => {
    tc = await makeTestCore();
    const usb = path.join(tc.dir, 'usb-stick');
    mkdirSync(usb);
    await tc.ok('setup', 'backups.setPassphrase', { passphrase: 'purple giraffe kettle morning' });
    await tc.ok('setup', 'backups.setSecondFolder', { folder: usb });
    await import('node:fs').then((fs) => fs.rmSync(usb, { recursive: true }));
    const backup = await tc.ok('setup', 'backups.takeNow', {});
    const status = await tc.ok('setup', 'backups.status', {});
    expect(status.lastBackup?.name).toBe(backup.name);
    expect(status.secondFolderProblem).toMatch(/cannot be found/);
  }, 60_000);
});

describe.skipIf(FILE_ONLY)('backup status and failures', () => {
  it('shows the last backup, that it was verified, where, and when the next is due', async () => {
    tc = await makeTestCore();
    const backup = await tc.ok('setup', 'backups.takeNow', {});
    const status = await tc.ok('setup', 'backups.status', {});
    expect(status).toMatchObject({ folder: deskFile(tc).backupsDir, lastVerified: true, lastFailure: null, encrypted: false });
    expect(status.lastBackup?.name).toBe(backup.name);
    expect(status.nextDue).toBeTruthy();
  });

  it('a backup that fails is shown to the manager with the reason, not swallowed', async () => {
    tc = await makeTestCore();
    await tc.core.liveBackups.idle();
    // The backups "folder" is replaced by a file: the next backup cannot be written.
    const dir = deskFile(tc).backupsDir;
    await import('node:fs').then((fs) => fs.rmSync(dir, { recursive: true, force: true }));
    writeFileSync(dir, 'not a folder');
    const e = await tc.fail('setup', 'backups.takeNow', {});
    expect(e.reason).toBe('backup.failed');
    const status = await tc.ok('setup', 'backups.status', {});
    expect(status.lastFailure?.message).toMatch(/could not be made/);
    expect(status.lastFailure?.code).toMatch(/^E/);
  });
});

describe.skipIf(!ON_SERVER)('on the college’s server', () => {
  it('leaves backups to IT: the app’s backup methods say so plainly, and Today does not ask for a backup', async () => {
    const tc = await makeTestCore();
    try {
      for (const [method, input] of [['backups.status', {}], ['backups.takeNow', {}], ['backups.list', {}]] as const) {
        expect(await tc.fail('setup', method, input)).toMatchObject({ reason: 'backup.on-server', message: expect.stringMatching(/IT backs up/) });
      }
      const today = await tc.ok('setup', 'today.summary', {});
      expect(JSON.stringify(today)).toMatch(/college’s server, which IT backs up/);
    } finally {
      await tc.close();
    }
  });
});
