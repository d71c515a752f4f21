// Walks every method in the contract with every role and checks the core allows or refuses it as the contract declares.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES, type MethodName } from '../../src-main/contract/contract';
import { ROLES, roleCan, type Role } from '../../src-main/contract/permissions';
import { makeTestCore, TEST_PASSWORD, type TestCore } from '../helpers/core';

// Methods anyone may call before signing in. Adding one here is a deliberate, reviewed decision.
const PUBLIC_METHODS = new Set<MethodName>(['auth.status', 'auth.setupFirstManager', 'auth.recoverManager', 'auth.signIn', 'auth.signOut', 'demo.open', 'demo.progress', 'demo.close', 'server.firstRunTest', 'server.firstRunSave', 'server.updateSchema']);

let t: TestCore;
const usernames = {} as Record<Role, string>;
let sessionNo = 0;

beforeAll(async () => {
  t = await makeTestCore();
  for (const role of ROLES) {
    const session = await t.signInAs(role, `walk.${role}`);
    usernames[role] = `walk.${role}`;
    void session;
  }
});
afterAll(() => t.close());

/** A fresh signed-in session, so a method that signs out or locks cannot affect the next call. */
async function freshSession(role: Role): Promise<string> {
  const key = `walk-${role}-${++sessionNo}`;
  await t.ok(key, 'auth.signIn', { username: usernames[role], password: `${TEST_PASSWORD} 2` });
  return key;
}

describe('every contract method, every role', () => {
  it('declares only the reviewed methods as public', () => {
    const publicOnes = METHOD_NAMES.filter((m) => contract[m].access === 'public');
    expect(new Set(publicOnes)).toEqual(PUBLIC_METHODS);
  });

  const signedInMethods = METHOD_NAMES.filter((m) => contract[m].access !== 'public');

  it.each(signedInMethods)('%s refuses a caller who is not signed in', async (method) => {
    const r = await t.core.call(`nobody-${method}`, method, {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('NOT_SIGNED_IN');
  });

  for (const role of ROLES) {
    it.each(signedInMethods)(`%s as ${role}`, async (method) => {
      const access = contract[method].access;
      const allowed = access === 'signedIn' || (access !== 'public' && roleCan(role, access));
      const r = await t.core.call(await freshSession(role), method, {});
      if (allowed) {
        // Allowed callers get past the permission check: success, or a complaint about the (empty) input.
        // (On the college's server the app's backups refuse for a reason of their own: IT backs the server up.)
        if (!r.ok) expect(r.error.reason === 'backup.on-server' ? 'IT' : r.error.code).not.toBe('FORBIDDEN');
      } else {
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error.code).toBe('FORBIDDEN');
          expect(r.error.message).toMatch(new RegExp(`Your role \\(${role}\\) cannot`));
        }
      }
    });
  }
});
