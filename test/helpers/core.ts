// Test helper: a real Core on a real SQLite file in a fresh temp folder, with quick password hashing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { Core, type CoreOptions } from '../../src-main/core/api/core';
import type { OpenedDatabase } from '../../src-main/core/db/open';
import { CORE_ENGINE, freshPostgresDatabase, type FreshDatabase } from './postgres';
import type { MethodInput, MethodName, MethodResult } from '../../src-main/contract/contract';
import type { ApiErrorData } from '../../src-main/contract/errors';
import type { Role } from '../../src-main/contract/permissions';

export interface TestCore {
  core: Core;
  dir: string;
  /** What the core was opened with (the same data folder, and server when on one): to open another desk on the same data. */
  options: CoreOptions;
  /** Calls a method and returns its value, throwing if it failed. */
  ok<K extends MethodName>(session: string, method: K, input: MethodInput<K>): Promise<MethodResult<K>>;
  /** Calls a method that must fail and returns its error. */
  fail<K extends MethodName>(session: string, method: K, input: MethodInput<K>): Promise<ApiErrorData>;
  /** Signs a new session in as a fresh account of the given role; returns the session key. */
  signInAs(role: Role, username?: string): Promise<string>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery';

/** The core suite runs on a desk's file or, with RCD_TEST_POSTGRES_URL set, on the college's server (README: "Tests"). */
export const ON_SERVER = CORE_ENGINE === 'postgres';

/**
 * Why a test is about the desk's own file (backups, the WAL, file checks, the copy of the audit head beside it) and so
 * does not run when the core suite runs on the server, where there is no such file: pass to `describe.skipIf`/`it.skipIf`.
 */
export const FILE_ONLY = ON_SERVER;

/** The live database as the desk's own file, for tests of the file itself (skipped on the server with FILE_ONLY). */
export function deskFile(t: Pick<TestCore, 'core'>): OpenedDatabase {
  const file = t.core.databaseFile;
  if (!file) throw new Error('This test is about the desk’s own database file: mark it with skipIf(FILE_ONLY).');
  return file;
}

export async function makeTestCore(options: Partial<CoreOptions> = {}): Promise<TestCore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rcd-test-'));
  let server: FreshDatabase | null = null;
  if (ON_SERVER && !options.databaseFile && !options.server) {
    // A copy of the run's template (at the app's schema), dropped when the test core closes.
    server = await freshPostgresDatabase({ template: inject('rcdPostgresTemplate') || undefined });
  }
  let core: Core;
  const opened: CoreOptions = { dataDir: dir, passwordCost: 'fast', ...(server ? { server: { connection: server.url, migrate: true } } : {}), ...options };
  try {
    core = await Core.open(opened);
  } catch (e) {
    await server?.drop();
    throw e;
  }
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
  // A new database gets its first manager; one that already has a college (a server a desk's data was moved to) signs them in.
  const first = await core.call('setup', 'auth.setupFirstManager', { username: 'first.manager', displayName: 'First Manager', password: TEST_PASSWORD });
  if (!first.ok && first.error.reason === 'setup.already-done') await ok('setup', 'auth.signIn', { username: 'first.manager', password: TEST_PASSWORD });
  else if (!first.ok) throw new Error(`auth.setupFirstManager failed: ${first.error.message}`);
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
    options: opened,
    ok,
    fail,
    signInAs,
    close: async () => {
      await core.close();
      await server?.drop();
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
