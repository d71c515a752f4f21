// The manager recovery key: shown once at first run, only its hash kept; it sets a new manager password from the
// sign-in screen (audited); a manager can replace it, and the old key then stops working.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../src-main/core/api/core';

let dir: string;
let core: Core;
afterEach(async () => {
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function firstRun() {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-recovery-'));
  core = await Core.open({ dataDir: dir, passwordCost: 'fast' });
  const r = await core.call('first', 'auth.setupFirstManager', { username: 'morgan', displayName: 'Morgan', password: 'a calm spring morning' });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.recoveryKey;
}

const recover = (recoveryKey: string, newPassword = 'a brand new passphrase', username = 'morgan') =>
  core.call('desk', 'auth.recoverManager', { recoveryKey, username, newPassword });

describe('the manager recovery key', () => {
  it('is shown once at first run and only a hash of it is kept', async () => {
    const key = await firstRun();
    expect(key).toMatch(/^([A-Z2-9]{5}-){5}[A-Z2-9]{5}$/);
    const stored = await core.database.db.selectFrom('manager_recovery').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0].key_hash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(stored)).not.toContain(key.replace(/-/g, ''));
  });

  it('sets a new manager password on the sign-in screen, signs out the old sessions, and is audited', async () => {
    const key = await firstRun();
    const r = await recover(key.toLowerCase().replace(/-/g, ' '));
    expect(r.ok).toBe(true);
    expect((await core.call('first', 'auth.status', {})).ok && (await core.call('first', 'auth.status', {}))).toMatchObject({ value: { session: null } });
    expect((await core.call('s', 'auth.signIn', { username: 'morgan', password: 'a calm spring morning' })).ok).toBe(false);
    expect((await core.call('s', 'auth.signIn', { username: 'morgan', password: 'a brand new passphrase' })).ok).toBe(true);
    const audit = await core.database.db.selectFrom('audit_log').select(['action', 'staff_id', 'entity_id']).where('action', '=', 'recover-manager-password').execute();
    expect(audit).toEqual([{ action: 'recover-manager-password', staff_id: null, entity_id: 1 }]);
  });

  it('refuses a wrong key, or a username that is not a manager, with the same words and nothing changed', async () => {
    const key = await firstRun();
    const wrong = await recover('AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF');
    const notManager = await recover(key, 'a brand new passphrase', 'nobody.here');
    expect(!wrong.ok && wrong.error.message).toMatch(/do not match/);
    expect(!notManager.ok && notManager.error.message).toBe(!wrong.ok && wrong.error.message);
    expect((await core.call('s', 'auth.signIn', { username: 'morgan', password: 'a calm spring morning' })).ok).toBe(true);
  });

  it('holds the new password to the same rules as any other', async () => {
    const key = await firstRun();
    const r = await recover(key, 'password1234');
    expect(!r.ok && r.error.fields?.newPassword).toMatch(/most commonly used/);
  });

  it('can be replaced by a manager, and the old key stops working', async () => {
    const old = await firstRun();
    const made = await core.call('first', 'staff.newRecoveryKey', {});
    if (!made.ok) throw new Error(made.error.message);
    expect(made.value.recoveryKey).not.toBe(old);
    expect((await recover(old)).ok).toBe(false);
    expect((await recover(made.value.recoveryKey)).ok).toBe(true);
  });

  it('is throttled like a password: after 5 wrong keys even the right one must wait', async () => {
    const key = await firstRun();
    for (let i = 0; i < 5; i++) await recover(`WRONG-${i}`);
    const r = await recover(key);
    expect(!r.ok && r.error.message).toMatch(/Too many wrong recovery keys/);
  });
});
