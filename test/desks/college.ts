// A college on a fresh server database for the desk tests: the test's own core (made through real core calls) sets it up
// and checks it afterwards; the desks (other processes) open the same database by its URL.
import { inject } from 'vitest';
import type { Role } from '../../src-main/contract/permissions';
import { makeTestCore, TEST_PASSWORD, type TestCore } from '../helpers/core';
import { freshPostgresDatabase } from '../helpers/postgres';

/** Every account made here has this password once it has replaced its temporary one. */
export const DESK_PASSWORD = `${TEST_PASSWORD} at a desk`;

export interface ServerCollege {
  url: string;
  t: TestCore;
  /** Makes an account with its own display name and its password already changed; returns its staff id. */
  account(username: string, role: Role, displayName?: string): Promise<number>;
  close(): Promise<void>;
}

export async function collegeOnServer(): Promise<ServerCollege> {
  // A copy of the run's template at the app's schema when the core suite runs on the server; otherwise empty, and the
  // test's core migrates it.
  const server = await freshPostgresDatabase({ template: inject('rcdPostgresTemplate') || undefined });
  let t: TestCore;
  try {
    t = await makeTestCore({ server: { connection: server.url, migrate: true } });
  } catch (e) {
    await server.drop();
    throw e;
  }
  return {
    url: server.url,
    t,
    async account(username, role, displayName = username) {
      const made = await t.ok('setup', 'staff.create', { username, displayName, role, temporaryPassword: TEST_PASSWORD });
      const session = `setup-${username}`;
      await t.ok(session, 'auth.signIn', { username, password: TEST_PASSWORD });
      await t.ok(session, 'auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword: DESK_PASSWORD });
      await t.ok(session, 'auth.signOut', {});
      return made.id;
    },
    async close() {
      await t.close();
      await server.drop();
    },
  };
}
