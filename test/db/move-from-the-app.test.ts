// A manager moves a desk's records to the college's server from the app (Settings → College server → Move…): every
// table is copied and checked there, nothing more is written to the desk's file, the file is kept as a read-only
// archive that is never opened as the live database again, and the next start opens the server.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../../src-main/core/api/core';
import { archiveNoteFile } from '../../src-main/core/db/archive-note';
import { openDatabase } from '../../src-main/core/db/open';
import { openServer } from '../../src-main/core/db/postgres';
import { serverOptionsFor } from '../../src-main/core/server/config';
import { InMemoryCredentialStoreForTests } from '../../src-main/core/server/credentials';
import { makeTestCore, TEST_PASSWORD, validStudent, type TestCore } from '../helpers/core';
import { failWithoutPostgresInCI, freshPostgresDatabase, POSTGRES_URL, type FreshDatabase } from '../helpers/postgres';

failWithoutPostgresInCI();

describe.skipIf(!POSTGRES_URL)('moving a desk’s records to the college’s server from the app', () => {
  let server: FreshDatabase;
  let dir: string;
  let t: TestCore;
  const store = new InMemoryCredentialStoreForTests();
  // The test server trusts local connections: the desks' user and the owner are both `rcd` here.
  const connection = () => ({ engine: 'postgres' as const, host: '127.0.0.1', port: Number(new URL(POSTGRES_URL!).port), database: server.name, user: 'rcd', tls: 'none' as const });

  beforeEach(async () => {
    server = await freshPostgresDatabase();
    await (await openServer(server.url, { migrate: true })).close();
    dir = mkdtempSync(path.join(tmpdir(), 'rcd-move-app-'));
    // The desk's own file, whichever engine the core suite runs on.
    t = await makeTestCore({ databaseFile: path.join(dir, 'desk.sqlite'), credentials: store });
  });
  afterEach(async () => {
    await t.close();
    await server.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies and checks every table, then refuses writes here, keeps the file as an archive, and opens the server next time', async () => {
    const student = await t.ok('setup', 'students.create', { fields: validStudent({ firstName: 'Morwenna', surname: 'Trelawney' }) });
    const moved = await t.ok('setup', 'server.moveHere', { ...connection(), password: 'trusted', ownerUser: 'rcd', ownerPassword: 'trusted' });
    expect(moved.rows).toBeGreaterThan(0);
    expect(moved.status).toMatchObject({ inUse: 'sqlite', saved: { engine: 'postgres', database: server.name }, changesAtNextStart: true });
    expect(await t.ok('setup', 'server.moveProgress', {})).toBeNull();

    // Nothing more is written to the desk's file; reading still works until the app is restarted.
    expect(await t.fail('setup', 'students.create', { fields: validStudent({ surname: 'Toolate' }) })).toMatchObject({ reason: 'desk.moved', message: expect.stringMatching(/close the app and open it again/) });
    expect((await t.ok('setup', 'students.get', { id: student.id })).surname).toBe('Trelawney');
    expect(existsSync(archiveNoteFile(path.join(dir, 'desk.sqlite')))).toBe(true);

    // The next start: the saved settings open the server, where the student and the manager's account now are.
    const next = await serverOptionsFor(t.dir, store);
    expect(next?.connection).toMatchObject({ host: '127.0.0.1', database: server.name, user: 'rcd' });
    const desk = await Core.open({ dataDir: t.dir, passwordCost: 'fast', server: { connection: next!.connection, migrate: false } });
    try {
      expect(await desk.call('again', 'auth.signIn', { username: 'first.manager', password: TEST_PASSWORD })).toMatchObject({ ok: true });
      expect(await desk.call('again', 'students.get', { id: student.id })).toMatchObject({ ok: true, value: { firstName: 'Morwenna' } });
    } finally {
      await desk.close();
    }
    // The file itself is never opened as the live database again.
    await expect(openDatabase(path.join(dir, 'desk.sqlite'), { allowAnyLocation: true })).rejects.toMatchObject({ kind: 'moved', message: expect.stringMatching(/moved to the college's server/) });
  });

  it('refuses a server that already holds records, and the desk carries on as before', async () => {
    await t.ok('setup', 'server.moveHere', { ...connection(), password: 'trusted', ownerUser: 'rcd', ownerPassword: 'trusted' });
    // A second desk with its own records tries to move into the same, now full, server.
    const other = await makeTestCore({ databaseFile: path.join(dir, 'other.sqlite'), credentials: new InMemoryCredentialStoreForTests() });
    try {
      const refused = await other.fail('setup', 'server.moveHere', { ...connection(), password: 'trusted', ownerUser: 'rcd', ownerPassword: 'trusted' });
      expect(refused).toMatchObject({ reason: 'server.move-failed', message: expect.stringMatching(/Nothing was changed on the server/) });
      // Not moved: this desk still saves its work.
      await other.ok('setup', 'students.create', { fields: validStudent({ surname: 'Stillhere' }) });
      expect(existsSync(archiveNoteFile(path.join(dir, 'other.sqlite')))).toBe(false);
    } finally {
      await other.close();
    }
  });
});
