// The data security page (managers; evidence for the NHS DSP Toolkit): each figure matches what happened — disk
// encryption (the operating system's answer, or a manager's dated confirmation), the last verified backup, the audit
// check, accounts unused for 90 days, temporary passwords, failed sign-ins this month, training and the percentage
// trained — and the PDF, read with the real pdftotext, says the same.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDate } from '../../src-main/contract/dates';
import { bitLockerStatus, lsblkHasCrypt, type DiskEncryptionProbe } from '../../src-main/core/privacy/disk-encryption';
import { makeTestCore, TEST_PASSWORD, type TestCore, FILE_ONLY } from '../helpers/core';

function pdfText(base64: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rcd-pdf-'));
  try {
    writeFileSync(path.join(dir, 'a.pdf'), Buffer.from(base64, 'base64'));
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('reading what the operating system says about disk encryption', () => {
  it('finds a LUKS device among the ancestors lsblk lists', () => {
    const luks = { blockdevices: [{ name: 'vg-root', type: 'lvm', children: [{ name: 'luks-1', type: 'crypt', children: [{ name: 'nvme0n1p3', type: 'part' }] }] }] };
    expect(lsblkHasCrypt(JSON.stringify(luks))).toBe(true);
    expect(lsblkHasCrypt(JSON.stringify({ blockdevices: [{ name: 'sda1', type: 'part', children: [{ name: 'sda', type: 'disk' }] }] }))).toBe(false);
    expect(lsblkHasCrypt('not json')).toBeNull();
  });

  it('reads BitLocker’s status from manage-bde', () => {
    expect(bitLockerStatus('Conversion Status:    Fully Encrypted\r\n    Protection Status:    Protection On\r\n')).toBe('encrypted');
    expect(bitLockerStatus('Conversion Status:    Fully Decrypted\r\n    Protection Status:    Protection Off\r\n')).toBe('not-encrypted');
    expect(bitLockerStatus('ERROR: An attempt to access a required resource was denied.')).toBe('not-known');
  });
});

describe('the data security page', () => {
  let t: TestCore;
  let clock = new Date('2026-06-15T10:00:00Z');
  let probe: DiskEncryptionProbe = { status: 'not-known', detail: 'The test computer did not say.' };
  const DAY = 24 * 60 * 60 * 1000;

  beforeEach(async () => {
    clock = new Date('2026-06-15T10:00:00Z');
    probe = { status: 'not-known', detail: 'The test computer did not say.' };
    t = await makeTestCore({ now: () => clock, diskEncryptionProbe: async () => probe });
  });
  afterEach(async () => t.close());

  // Its figures include the desk file's last backup and the disk under it; on the college's server both are IT's.
  it.skipIf(FILE_ONLY)('shows each figure from what happened, and the PDF says the same', async () => {
    // Signed in 100 days ago (March), never since; one wrong password then, which is not this month.
    await t.ok('setup', 'staff.create', { username: 'old.hand', displayName: 'Old Hand', role: 'coordinator', temporaryPassword: TEST_PASSWORD });
    clock = new Date(Date.parse('2026-06-15T10:00:00Z') - 100 * DAY);
    await t.ok('old', 'auth.signIn', { username: 'old.hand', password: TEST_PASSWORD });
    await t.ok('old', 'auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword: `${TEST_PASSWORD} 2` });
    await t.fail('x', 'auth.signIn', { username: 'old.hand', password: 'wrong one' });
    clock = new Date('2026-06-15T10:00:00Z');
    await t.ok('setup', 'auth.unlock', { password: TEST_PASSWORD });
    const admin = await t.signInAs('admin', 'busy.admin');
    await t.ok('setup', 'staff.create', { username: 'new.starter', displayName: 'New Starter', role: 'admin', temporaryPassword: TEST_PASSWORD });
    // Two wrong passwords this month, and a right one.
    await t.fail('y', 'auth.signIn', { username: 'busy.admin', password: 'wrong one' });
    await t.fail('y', 'auth.signIn', { username: 'new.starter', password: 'wrong two' });

    const staff = await t.ok('setup', 'staff.list', {});
    const idOf = (u: string) => staff.find((s) => s.username === u)!.id;
    await t.ok('setup', 'privacy.dataSecurity.recordTraining', { staffId: idOf('busy.admin'), completedOn: '2026-06-05' });
    await t.ok('setup', 'privacy.dataSecurity.recordTraining', { staffId: idOf('first.manager'), completedOn: '2025-07-01' });
    await t.ok('setup', 'privacy.dataSecurity.recordTraining', { staffId: idOf('old.hand'), completedOn: '2024-06-01' });

    let r = await t.ok('setup', 'privacy.dataSecurity.report', {});
    expect(r.auditChain.lastVerifiedAt).not.toBe('2026-06-15T10:00:00.000Z');
    expect(r.disk).toEqual({ status: 'not-known', detail: 'The test computer did not say.', confirmation: null });

    await t.ok('setup', 'backups.takeNow', {});
    const check = await t.ok('setup', 'audit.verifyChain', {});
    expect(check.ok).toBe(true);
    r = await t.ok('setup', 'privacy.dataSecurity.confirmDiskEncryption', { confirm: true });

    expect(r.disk.confirmation).toMatchObject({ on: '2026-06-15', by: 'First Manager' });
    expect(r.backup).toMatchObject({ verified: true, encrypted: false });
    expect(r.auditChain.lastVerifiedAt).toBe('2026-06-15T10:00:00.000Z');
    expect(r.auditChain.lastCheckOk).toBe(true);
    expect(r.unusedAccounts.map((a) => a.username).sort()).toEqual(['new.starter', 'old.hand']);
    expect(r.unusedAccounts.find((a) => a.username === 'new.starter')!.lastSignedInAt).toBeNull();
    expect(r.temporaryPasswords.map((a) => a.username)).toEqual(['new.starter']);
    expect(r.failedSignIns).toEqual({ since: '2026-06-01', count: 2 });
    // Four active accounts; trained within the year: busy.admin and first.manager (old.hand's is two years old).
    expect(r.training.percentTrained).toBe(50);
    expect(r.training.target).toBe(95);
    expect(r.training.staff.find((s) => s.id === idOf('old.hand'))).toMatchObject({ trainedOn: '2024-06-01', current: false });
    expect(r.training.staff.find((s) => s.id === idOf('new.starter'))).toMatchObject({ trainedOn: null, current: false });

    const file = await t.ok('setup', 'privacy.dataSecurity.pdf', {});
    expect(file.mimeType).toBe('application/pdf');
    expect(file.suggestedName).toBe('data-security-2026-06-15.pdf');
    const text = pdfText(file.base64).replace(/\s+/g, ' ');
    expect(text).toContain('Data security');
    expect(text).toContain(`Confirmed encrypted by First Manager on ${formatDate('2026-06-15')}`);
    expect(text).toContain('checked before it was kept');
    expect(text).toContain('Found intact on');
    expect(text).toContain('New Starter (new.starter): never signed in');
    expect(text).toContain(`Old Hand (old.hand): last signed in ${formatDate('2026-03-07')}`);
    expect(text).toContain(`2 wrong passwords since ${formatDate('2026-06-01')}`);
    expect(text).toContain('50% of staff trained in the last year (target 95%)');
    expect(text).toContain(`trained ${formatDate('2026-06-05')}`);
    expect(text).toContain('more than a year ago');

    // Only managers see it.
    expect((await t.fail(admin, 'privacy.dataSecurity.report', {})).reason).toBe('access.role');
    expect((await t.fail(admin, 'privacy.dataSecurity.recordTraining', { staffId: idOf('busy.admin'), completedOn: '2026-06-01' })).reason).toBe('access.role');
  });

  it.skipIf(FILE_ONLY)('takes the operating system’s word when it says the disk is encrypted', async () => {
    probe = { status: 'encrypted', detail: 'The database is on /dev/mapper/luks-1, which is encrypted with LUKS (lsblk).' };
    const r = await t.ok('setup', 'privacy.dataSecurity.report', {});
    expect(r.disk.status).toBe('encrypted');
    const text = pdfText((await t.ok('setup', 'privacy.dataSecurity.pdf', {})).base64).replace(/\s+/g, ' ');
    expect(text).toContain('Yes. The database is on /dev/mapper/luks-1');
  });

  it('records a training date with an audit row, and refuses a date in the future without changing anything', async () => {
    const staff = await t.ok('setup', 'staff.list', {});
    const me = staff[0]!.id;
    const e = await t.fail('setup', 'privacy.dataSecurity.recordTraining', { staffId: me, completedOn: '2026-06-16' });
    expect(e.reason).toBe('input.invalid');
    expect(e.fields?.completedOn).toMatch(/future/);
    expect((await t.fail('setup', 'privacy.dataSecurity.recordTraining', { staffId: me, completedOn: '2026-02-30' })).reason).toBe('input.invalid');
    expect((await t.ok('setup', 'privacy.dataSecurity.report', {})).training.percentTrained).toBe(0);

    const r = await t.ok('setup', 'privacy.dataSecurity.recordTraining', { staffId: me, completedOn: '2026-06-15' });
    expect(r.training.percentTrained).toBe(100);
    const audit = await t.ok('setup', 'audit.list', { entity: 'staff', page: 1, pageSize: 50 });
    expect(audit.rows.some((a) => a.action === 'record-training' && a.entityId === me && (a.summary ?? '').includes('2026-06-15'))).toBe(true);
  });
});
