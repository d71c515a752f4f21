// The core in its own process (the same host and protocol as the desktop's utilityProcess, here under child_process.fork):
// calls are answered independently, only plain data crosses, and a crash is reported and recovered from without losing
// anything that was acknowledged.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../src-main/contract/errors';
import { CORE_STOPPED_MESSAGE, CoreClient, type CrashReport } from '../../src-main/host/client';
import type { HostedCore } from '../../src-main/host/host';
import { forkNodeHost } from '../../src-main/host/node-process';
import { validStudent } from '../helpers/core';
import { inProcessHost } from '../helpers/in-process-host';

const MANAGER = { username: 'first.manager', displayName: 'First Manager', password: 'correct horse battery' };

let dir: string;
const clients: CoreClient[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-host-'));
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  rmSync(dir, { recursive: true, force: true });
});

async function realCore(onCrash?: (r: CrashReport) => void): Promise<CoreClient> {
  const c = await CoreClient.start(() => forkNodeHost(), { dataDir: dir, passwordCost: 'fast', allowAnyLocation: true }, { onCrash });
  clients.push(c);
  return c;
}

function ok<T>(r: ApiResult<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

// Each test starts one or two real core processes (several seconds each on a busy 2-core machine): a generous limit, not a timing check.
describe('the core in a child process', { timeout: 120_000 }, () => {
  it('answers the window across a real process boundary, with plain data only', async () => {
    const core = await realCore();
    expect(core.pid).not.toBe(process.pid);
    ok(await core.call('w1', 'auth.setupFirstManager', MANAGER));
    const student = ok(await core.call('w1', 'students.create', { fields: validStudent({ surname: 'Boundary' }) })) as { id: number };
    const found = ok(await core.call('w1', 'students.search', { query: 'Boundary' }));
    expect(found.rows.map((r) => r.id)).toContain(student.id);
    // Another window is another session: not signed in.
    expect(await core.call('w2', 'students.search', { query: 'Boundary' })).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
  });

  it('reports a refused database as a refusal (and does not touch it)', async () => {
    const { writeFileSync, readFileSync } = await import('node:fs');
    const junk = 'not a database, not a database, not a database, not a database, not a database';
    writeFileSync(path.join(dir, 'recovery-college.sqlite'), junk);
    await expect(CoreClient.start(() => forkNodeHost(), { dataDir: dir, allowAnyLocation: true })).rejects.toMatchObject({ name: 'CoreOpenError', failure: { reason: 'refused' } });
    expect(readFileSync(path.join(dir, 'recovery-college.sqlite'), 'utf8')).toBe(junk);
  });

  it('a crash is reported, the core restarts, and everything acknowledged before it is still there', async () => {
    const reports: CrashReport[] = [];
    const core = await realCore((r) => reports.push(r));
    ok(await core.call('w1', 'auth.setupFirstManager', MANAGER));
    const saved = ok(await core.call('w1', 'students.create', { fields: validStudent({ surname: 'Acknowledged' }) })) as { id: number };
    const first = core.pid!;

    // The process dies as a crash would (no clean shutdown), with a call in flight.
    const inFlight = core.call('w1', 'students.search', { query: 'Acknowledged' });
    process.kill(first, 'SIGKILL');
    await expect(inFlight).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: CORE_STOPPED_MESSAGE } });

    await expect.poll(() => reports.length, { timeout: 15_000 }).toBe(1);
    expect(reports[0]).toMatchObject({ restarted: true, signal: 'SIGKILL' });
    expect(core.pid).not.toBe(first);
    // Sessions lived in the old process: sign in again, and the acknowledged student is there.
    expect(await core.call('w1', 'students.search', { query: 'Acknowledged' })).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    ok(await core.call('w1', 'auth.signIn', { username: MANAGER.username, password: MANAGER.password }));
    const found = ok(await core.call('w1', 'students.search', { query: 'Acknowledged' }));
    expect(found.rows.map((r) => r.id)).toEqual([saved.id]);
  });

  it('gives up (and says so) when the core keeps crashing', async () => {
    const reports: CrashReport[] = [];
    const core = await CoreClient.start(() => forkNodeHost(), { dataDir: dir, passwordCost: 'fast', allowAnyLocation: true }, { onCrash: (r) => reports.push(r), maxRestartsPerMinute: 1 });
    clients.push(core);
    process.kill(core.pid!, 'SIGKILL');
    await expect.poll(() => reports.length, { timeout: 15_000 }).toBe(1);
    process.kill(core.pid!, 'SIGKILL');
    await expect.poll(() => reports.length, { timeout: 15_000 }).toBe(2);
    expect(reports[1].restarted).toBe(false);
    const r = await core.call('w1', 'auth.status', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/close the app and open it again/) } });
  });
});

describe('the message protocol', { timeout: 120_000 }, () => {
  it('answers a second call while the first (a return being produced) is still running', async () => {
    let finishReturn: () => void = () => undefined;
    const returnDone = new Promise<void>((resolve) => (finishReturn = resolve));
    const core: HostedCore = {
      call: async (_key, method) => {
        if (method === 'returns.produce') {
          await returnDone;
          return { ok: true, value: 'the return' };
        }
        return { ok: true, value: 'status' };
      },
      endSession: () => undefined,
      close: async () => undefined,
    };
    const client = await CoreClient.start(inProcessHost(async () => core), { dataDir: dir });
    clients.push(client);
    const order: string[] = [];
    const producing = client.call('manager', 'returns.produce', { period: { kind: 'financialYear', financialYear: 2025 } }).then((r) => order.push(`return ${String(r.ok)}`));
    await client.call('admin', 'auth.status', {}).then((r) => order.push(`status ${String(r.ok)}`));
    expect(order).toEqual(['status true']);
    finishReturn();
    await producing;
    expect(order).toEqual(['status true', 'return true']);
  });

  it('refuses to hand a file’s bytes to a plain call: files go through export and a path', async () => {
    const core = await realCore();
    ok(await core.call('w1', 'auth.setupFirstManager', MANAGER));
    expect(await core.call('w1', 'expenses.totals.exportCsv', { taxYear: 2025, kind: 'payees' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    const produced = ok(await core.export('w1', 'expenses.totals.exportCsv', { taxYear: 2025, kind: 'payees' }));
    expect(produced.file).toMatchObject({ suggestedName: expect.stringMatching(/\.csv$/), mimeType: expect.stringMatching(/csv/) });
    expect(JSON.stringify(produced)).not.toMatch(/base64/);
    const target = path.join(dir, 'totals.csv');
    // Another window cannot have it written for them.
    await expect(core.writeFile('w2', produced.file.token, target)).rejects.toThrow(/no longer ready/);
    await core.writeFile('w1', produced.file.token, target);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(target, 'utf8')).toMatch(/\w/);
    // A file is written once.
    await expect(core.writeFile('w1', produced.file.token, target)).rejects.toThrow(/no longer ready/);
  });

  it('the back-up before an update is like every other: encrypted, checked, listed, and copied to the second folder', async () => {
    const { existsSync, mkdirSync, readdirSync } = await import('node:fs');
    const core = await realCore();
    ok(await core.call('w1', 'auth.setupFirstManager', MANAGER));
    const student = ok(await core.call('w1', 'students.create', { fields: validStudent({ surname: 'Beforeupdate' }) })) as { id: number };
    const passphrase = 'four calm words for the backups';
    ok(await core.call('w1', 'backups.setPassphrase', { passphrase }));
    const second = path.join(dir, 'usb-drive');
    mkdirSync(second);
    ok(await core.call('w1', 'backups.setSecondFolder', { folder: second }));

    const b = await core.backupForUpdate();
    expect(b.verified).toBe(true);
    expect(path.basename(b.file!)).toMatch(/^recovery-college-before-upgrade-.+\.rcdbackup$/);
    expect(existsSync(b.file!)).toBe(true);
    // Named atomically: nothing half-written is left behind, in either folder.
    expect(readdirSync(path.dirname(b.file!)).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(readdirSync(second)).toEqual([path.basename(b.file!)]);

    // Listed in Settings → Backups, in both folders, encrypted.
    const listed = ok(await core.call('w1', 'backups.list', {})) as { name: string; folder: string; kind: string; encrypted: boolean }[];
    const mine = listed.filter((e) => e.name === path.basename(b.file!));
    expect(mine.map((e) => e.folder).sort()).toEqual(['main', 'second']);
    expect(mine.every((e) => e.kind === 'before-upgrade' && e.encrypted)).toBe(true);
    expect(ok(await core.call('w1', 'backups.status', {}))).toMatchObject({ lastBackup: { name: path.basename(b.file!) }, lastVerified: true, lastFailure: null });

    // It opens with the recovery passphrase and passes the restore's own check, with the student in it.
    expect(await core.call('w1', 'backups.inspect', { source: { name: path.basename(b.file!) }, passphrase: 'not the passphrase at all' })).toMatchObject({ ok: false });
    const inspected = ok(await core.call('w1', 'backups.inspect', { source: { name: path.basename(b.file!) }, passphrase })) as { encrypted: boolean; counts: { students: number } };
    expect(inspected.encrypted).toBe(true);
    expect(inspected.counts.students).toBe(1);
    expect(student.id).toBeGreaterThan(0);
  });

  it('an update is refused when its back-up cannot be made', async () => {
    const { rmSync: rm, writeFileSync } = await import('node:fs');
    const core = await realCore();
    ok(await core.call('w1', 'auth.setupFirstManager', MANAGER));
    // The backups folder replaced by a file: no backup can be written there (whoever runs the test).
    const backups = path.join(dir, 'backups');
    rm(backups, { recursive: true, force: true });
    writeFileSync(backups, 'not a folder');
    const b = await core.backupForUpdate();
    expect(b.verified).toBe(false);
    expect(ok(await core.call('w1', 'backups.status', {}))).toMatchObject({ lastFailure: { message: expect.stringMatching(/backup could not be made/) } });
  });

  it('runs IT’s --restore in a core process of its own: checks, then restores a missing database', async () => {
    const { existsSync } = await import('node:fs');
    const { openDatabase } = await import('../../src-main/core/db/open');
    const { takeBackup } = await import('../../src-main/core/backups/files');
    const live = path.join(dir, 'recovery-college.sqlite');
    const db = await openDatabase(live);
    await takeBackup(db.sqlite, { dir: db.backupsDir, base: 'recovery-college', kind: 'daily', now: new Date('2026-11-30T09:00:00Z'), key: null, schema: null });
    await db.close();
    rmSync(live);

    const checked = await CoreClient.restore(() => forkNodeHost(), { dataDir: dir, checkOnly: true, force: false });
    expect(checked.code).toBe(0);
    expect(checked.lines.join('\n')).toMatch(/backup is sound/);
    expect(existsSync(live)).toBe(false);

    const restored = await CoreClient.restore(() => forkNodeHost(), { dataDir: dir, checkOnly: false, force: false });
    expect(restored).toMatchObject({ code: 0, lines: expect.arrayContaining([expect.stringMatching(/^Restored\./)]) });
    expect(existsSync(live)).toBe(true);
  });
});

