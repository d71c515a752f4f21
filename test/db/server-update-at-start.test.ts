// The first desk started with a newer version of the app, on a college server set up by an older one: it opens, answers
// nothing but "the server needs an update", and a manager with the owner's credential (used once, never kept) brings the
// server up to date from the window; the desk then works as usual, without restarting.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_MIGRATION, migrations } from '../../db/migrations/index';
import { Core } from '../../src-main/core/api/core';
import { runMigrations } from '../../src-main/core/db/migrate';
import { createPostgresPool, POSTGRES_MIGRATE, postgresKysely } from '../../src-main/core/db/postgres';
import { TEST_PASSWORD, validStudent } from '../helpers/core';
import { failWithoutPostgresInCI, freshPostgresDatabase, POSTGRES_URL, type FreshDatabase } from '../helpers/postgres';

failWithoutPostgresInCI();

describe.skipIf(!POSTGRES_URL)('a server set up by an older version of the app', () => {
  let server: FreshDatabase;
  let dir: string;
  let core: Core | null = null;

  beforeEach(async () => {
    server = await freshPostgresDatabase();
    // Every step but the newest: as an older version of the app left it.
    const older = Object.fromEntries(Object.entries(migrations).filter(([name]) => name !== LATEST_MIGRATION));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bookkeeping only
    const db = postgresKysely<any>(createPostgresPool(server.url));
    await runMigrations(db, older, POSTGRES_MIGRATE);
    await db.destroy();
    dir = mkdtempSync(path.join(tmpdir(), 'rcd-update-'));
  });
  afterEach(async () => {
    await core?.close();
    core = null;
    await server.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is updated from the desk with the owner’s credential, and the desk then works as usual without restarting', async () => {
    core = await Core.open({ dataDir: dir, passwordCost: 'fast', server: { connection: server.url, migrate: false } });
    expect(await core.call('w', 'auth.status', {})).toMatchObject({ ok: true, value: { serverNeedsUpdate: true, session: null } });
    // Nothing else is answered meanwhile.
    expect(await core.call('w', 'auth.setupFirstManager', { username: 'first.manager', displayName: 'First Manager', password: TEST_PASSWORD })).toMatchObject({
      ok: false,
      error: { reason: 'server.behind', message: expect.stringMatching(/needs an update/) },
    });

    const updated = await core.call('w', 'server.updateSchema', { ownerUser: 'rcd', ownerPassword: 'used once' });
    expect(updated).toMatchObject({ ok: true, value: { applied: [LATEST_MIGRATION], schema: 'ready' } });

    const status = await core.call('w', 'auth.status', {});
    expect(status.ok && status.value.serverNeedsUpdate).toBeFalsy();
    expect(await core.call('w', 'auth.setupFirstManager', { username: 'first.manager', displayName: 'First Manager', password: TEST_PASSWORD })).toMatchObject({ ok: true });
    expect(await core.call('w', 'students.create', { fields: validStudent({ surname: 'Afterupdate' }) })).toMatchObject({ ok: true });
    // Search uses what the newest step added.
    const found = await core.call('w', 'students.search', { query: 'afterup' });
    expect(JSON.stringify(found)).toContain('Afterupdate');
    // Once up to date, the update is closed.
    expect(await core.call('x', 'server.updateSchema', { ownerUser: 'rcd', ownerPassword: 'again' })).toMatchObject({ ok: false, error: { reason: 'setup.already-done' } });
  });

  it('says plainly when the owner’s credential is refused, and changes nothing', async () => {
    core = await Core.open({ dataDir: dir, passwordCost: 'fast', server: { connection: server.url, migrate: false } });
    const refused = await core.call('w', 'server.updateSchema', { ownerUser: 'no_such_owner', ownerPassword: 'wrong' });
    expect(refused).toMatchObject({ ok: false, error: { reason: 'server.credentials' } });
    expect(await core.call('w', 'auth.status', {})).toMatchObject({ ok: true, value: { serverNeedsUpdate: true } });
  });
});
