// Test helper: a real Core on a real SQLite file in a fresh temp folder, with quick password hashing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Core, type CoreOptions } from '../../src-main/core/api/core';
import type { MethodInput, MethodName, MethodResult } from '../../src-main/contract/contract';
import type { ApiErrorData } from '../../src-main/contract/errors';
import type { Role } from '../../src-main/contract/permissions';

export interface TestCore {
  core: Core;
  dir: string;
  /** Calls a method and returns its value, throwing if it failed. */
  ok<K extends MethodName>(session: string, method: K, input: MethodInput<K>): Promise<MethodResult<K>>;
  /** Calls a method that must fail and returns its error. */
  fail<K extends MethodName>(session: string, method: K, input: MethodInput<K>): Promise<ApiErrorData>;
  /** Signs a new session in as a fresh account of the given role; returns the session key. */
  signInAs(role: Role, username?: string): Promise<string>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery';

export async function makeTestCore(options: Partial<CoreOptions> = {}): Promise<TestCore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rcd-test-'));
  const core = await Core.open({ dataDir: dir, passwordCost: 'fast', ...options });
  const ok: TestCore['ok'] = async (session, method, input) => {
    const r = await core.call(session, method, input);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.fields ?? {})}`);
    return r.value as never;
  };
  const fail: TestCore['fail'] = async (session, method, input) => {
    const r = await core.call(session, method, input);
    if (r.ok) throw new Error(`${method} was expected to fail but succeeded`);
    return r.error;
  };
  await ok('setup', 'auth.setupFirstManager', { username: 'first.manager', displayName: 'First Manager', password: TEST_PASSWORD });
  let n = 0;
  const signInAs = async (role: Role, username = `${role}.${++n}`) => {
    if (role === 'manager' && username === 'first.manager') return 'setup';
    await ok('setup', 'staff.create', { username, displayName: `Test ${role} ${n}`, role, temporaryPassword: TEST_PASSWORD });
    const session = `session-${username}`;
    await ok(session, 'auth.signIn', { username, password: TEST_PASSWORD });
    await ok(session, 'auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword: `${TEST_PASSWORD} 2` });
    return session;
  };
  return {
    core,
    dir,
    ok,
    fail,
    signInAs,
    close: async () => {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const validStudent = (over: Record<string, unknown> = {}) => ({
  firstName: 'Alex',
  surname: 'Testperson',
  dateOfBirth: '1985-06-15',
  referralSource: 'self' as const,
  secondaryMhServices: 'no' as const,
  ethnicCategory: 'Z' as const,
  genderIdentity: 'Z' as const,
  employmentStatus: 'ZZ' as const,
  ...over,
});
