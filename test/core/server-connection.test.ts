// A desk connecting to the college's server: the settings file keeps no password, the password is kept by a credential
// store (the desktop's: encrypted by the OS key store), a plain connection is only ever made to this computer, and each
// way a connection fails gets its own message — against the real test server, over TLS with its throwaway CA
// (scripts/pg-test-cluster.sh), and against real sockets for a port nobody listens on and a server without TLS.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PostgresServerConfig } from '../../src-main/contract/server';
import { poolConfigFor, readServerConfig, serverConfigPath, serverOptionsFor, writeServerConfig } from '../../src-main/core/server/config';
import { testServerConnection } from '../../src-main/core/server/connection';
import { credentialKey, InMemoryCredentialStoreForTests } from '../../src-main/core/server/credentials';
import { SafeStorageCredentialStore, type OsKeyStore } from '../../src-main/shell/credentials';
import { CoreClient } from '../../src-main/host/client';
import { Core } from '../../src-main/core/api/core';
import { makeTestCore, TEST_PASSWORD, type TestCore } from '../helpers/core';
import { inProcessHost } from '../helpers/in-process-host';
import { freshPostgresDatabase, POSTGRES_URL, type FreshDatabase } from '../helpers/postgres';
import { closedPort } from '../helpers/ports';

const CA = process.env.RCD_TEST_POSTGRES_CA || undefined;
const TLS_USER = process.env.RCD_TEST_POSTGRES_TLS_USER ?? 'rcd_tls';
const TLS_PASSWORD = process.env.RCD_TEST_POSTGRES_TLS_PASSWORD ?? '';
const MUST_RUN = ['true', '1'].includes((process.env.CI ?? '').toLowerCase()) && !process.env.RCD_TEST_POSTGRES_SKIP;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-server-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const serverAt = (over: Partial<PostgresServerConfig>): PostgresServerConfig => ({
  engine: 'postgres',
  host: 'localhost',
  port: 5432,
  database: 'rcd',
  user: 'rcd_desk',
  tls: 'verify-full',
  ...over,
});

describe('the settings a desk keeps', () => {
  it('keeps no password in the settings file, readable by this user only', () => {
    const withPassword = { ...serverAt({ host: 'db.college.example' }), password: 'hunter2-secret' } as PostgresServerConfig;
    writeServerConfig(dir, withPassword);
    const text = readFileSync(serverConfigPath(dir), 'utf8');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('password');
    if (process.platform !== 'win32') expect(statSync(serverConfigPath(dir)).mode & 0o777).toBe(0o600);
    expect(readServerConfig(dir)).toEqual(serverAt({ host: 'db.college.example' }));
  });

  it('uses this computer’s database when nothing was chosen', async () => {
    expect(readServerConfig(dir)).toEqual({ engine: 'sqlite' });
    expect(await serverOptionsFor(dir, new InMemoryCredentialStoreForTests())).toBeNull();
  });

  it('refuses a plain connection to anything but this computer, before connecting', () => {
    expect(() => poolConfigFor(serverAt({ host: 'db.college.example', tls: 'none' }), 'pw')).toThrow(/only to a server on this computer/);
    expect(poolConfigFor(serverAt({ host: '127.0.0.1', tls: 'none' }), 'pw').ssl).toBe(false);
    expect(poolConfigFor(serverAt({ host: '::1', tls: 'none' }), 'pw').ssl).toBe(false);
  });

  it('refuses a hand-edited settings file asking for a plain connection to another computer', async () => {
    writeFileSync(serverConfigPath(dir), JSON.stringify({ engine: 'postgres', host: 'db.college.example', port: 5432, database: 'rcd', user: 'rcd_desk', tls: 'none' }));
    const store = new InMemoryCredentialStoreForTests();
    await expect(serverOptionsFor(dir, store)).rejects.toThrow(/only to a server on this computer/);
  });

  it('checks the server’s certificate and name by default (verify-full)', () => {
    const ca = path.join(dir, 'ca.crt');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const ssl = poolConfigFor(serverAt({ caFile: ca }), 'pw').ssl as { rejectUnauthorized: boolean; ca: string; checkServerIdentity?: unknown };
    expect(ssl.rejectUnauthorized).toBe(true);
    expect(ssl.ca).toContain('BEGIN CERTIFICATE');
    // Node's own name check applies: nothing here replaces it.
    expect(ssl.checkServerIdentity).toBeUndefined();
  });

  it('says plainly when the CA file is missing or is not a certificate', () => {
    expect(() => poolConfigFor(serverAt({ caFile: path.join(dir, 'nope.crt') }), 'pw')).toThrow(/cannot be read: there is no such file/);
    const notPem = path.join(dir, 'ca.txt');
    writeFileSync(notPem, 'hello');
    expect(() => poolConfigFor(serverAt({ caFile: notPem }), 'pw')).toThrow(/not a CA certificate in PEM form/);
  });

  it('asks for the password again when the settings name a server whose password is not kept here', async () => {
    writeServerConfig(dir, serverAt({ host: 'db.college.example' }));
    await expect(serverOptionsFor(dir, new InMemoryCredentialStoreForTests())).rejects.toThrow(/password is not kept on this computer/);
  });
});

describe('the desktop’s credential store', () => {
  /** Stands in for the OS key store: reversible, and visibly not the plain text. */
  const fakeKeyStore = (available = true, backend = 'gnome_libsecret'): OsKeyStore => ({
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (s) => Buffer.from(`enc:${Buffer.from(s).toString('hex')}`),
    decryptString: (b) => Buffer.from(b.toString().slice(4), 'hex').toString(),
  });

  it('keeps, gives back and forgets a password, encrypted in its file', async () => {
    const file = path.join(dir, 'kept', 'desk-credentials.json');
    const store = new SafeStorageCredentialStore(file, () => fakeKeyStore());
    const key = credentialKey(serverAt({}));
    expect(await store.get(key)).toBeNull();
    await store.set(key, 'correct horse');
    expect(readFileSync(file, 'utf8')).not.toContain('correct horse');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await new SafeStorageCredentialStore(file, () => fakeKeyStore()).get(key)).toBe('correct horse');
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
  });

  it('refuses to keep a password when the OS key store is not available, or is Electron’s fixed-key fallback', async () => {
    const file = path.join(dir, 'desk-credentials.json');
    await expect(new SafeStorageCredentialStore(file, () => fakeKeyStore(false)).set('k', 's')).rejects.toThrow(/no safe place to keep the server password/);
    await expect(new SafeStorageCredentialStore(file, () => fakeKeyStore(true, 'basic_text')).set('k', 's')).rejects.toThrow(/no safe place/);
    expect(existsSync(file)).toBe(false);
  });

  it('keeps passwords per server, database and user, so one is never sent to another server', () => {
    expect(credentialKey(serverAt({ host: 'A.example' }))).not.toBe(credentialKey(serverAt({ host: 'b.example' })));
    expect(credentialKey(serverAt({ user: 'x' }))).not.toBe(credentialKey(serverAt({ user: 'y' })));
  });
});

describe('testing a connection without a server to hand', () => {
  it('says the server cannot be reached when nothing listens on the port', async () => {
    const port = await closedPort();
    await expect(testServerConnection(serverAt({ host: '127.0.0.1', port, tls: 'none' }), 'pw')).rejects.toMatchObject({ kind: 'unreachable', message: expect.stringMatching(/could not be reached/) });
  });

  it('says so when a secure connection is required and the server offers none', async () => {
    // A server that answers PostgreSQL's "may we use TLS?" with "no", as one with ssl = off does.
    const server: Server = createServer((socket) => socket.once('data', () => socket.write('N')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      await expect(testServerConnection(serverAt({ host: '127.0.0.1', port }), 'pw')).rejects.toMatchObject({ kind: 'tls-missing', message: expect.stringMatching(/does not offer a secure connection/) });
    } finally {
      server.close();
    }
  });
});

describe('the college server in Settings (the core’s methods)', () => {
  let t: TestCore;
  let manager: string;
  const store = new InMemoryCredentialStoreForTests();
  beforeAll(async () => {
    t = await makeTestCore({ credentials: store });
    manager = 'setup';
  });
  afterAll(() => t.close());

  it('is for managers only', async () => {
    const admin = await t.signInAs('admin');
    expect((await t.fail(admin, 'server.status', {})).reason).toBe('access.role');
    const coordinator = await t.signInAs('coordinator');
    expect((await t.fail(coordinator, 'server.test', serverAt({ password: 'x' } as never))).reason).toBe('access.role');
  });

  it('shows this computer’s database, with nothing to change at the next start, on a desk that never chose a server', async () => {
    const status = await t.ok(manager, 'server.status', {});
    expect(status).toMatchObject({ saved: { engine: 'sqlite' }, canKeepPassword: true, passwordKept: false });
    // (The suite may run this core on the test server: then the desk's own settings do change things at its next start.)
    expect(status.changesAtNextStart).toBe(status.inUse !== 'sqlite');
  });

  it('refuses a plain connection to another computer as a mistake in the form', async () => {
    const e = await t.fail(manager, 'server.test', { ...serverAt({ host: 'db.college.example', tls: 'none' }), password: 'x' });
    expect(e.reason).toBe('input.invalid');
    expect(e.fields?.tls).toMatch(/only to a server on this computer/);
  });

  it('names an unreachable server, and saves nothing', async () => {
    const port = await closedPort();
    const e = await t.fail(manager, 'server.save', { ...serverAt({ host: 'localhost', port, tls: 'none' }), password: 'x' });
    expect(e.reason).toBe('server.unreachable');
    expect(existsSync(serverConfigPath(t.dir))).toBe(false);
    expect(await store.get(credentialKey(serverAt({ host: 'localhost', port })))).toBeNull();
  });

  it('asks for a password when none is given and none is kept', async () => {
    const e = await t.fail(manager, 'server.test', serverAt({ host: 'localhost', tls: 'none' }));
    expect(e.reason).toBe('server.password-needed');
  });
});

describe('the core in its own process asks the app for the kept password', () => {
  it('uses the password the parent keeps, across the host channel', async () => {
    const parent = new InMemoryCredentialStoreForTests();
    const port = await closedPort();
    const config = serverAt({ host: 'localhost', port, tls: 'none' });
    await parent.set(credentialKey(config), 'kept by the app');
    const client = await CoreClient.start(inProcessHost(), { dataDir: dir, passwordCost: 'fast', allowAnyLocation: true, credentials: 'parent' }, { credentials: parent });
    try {
      const first = await client.call('w', 'auth.setupFirstManager', { username: 'first.manager', displayName: 'First Manager', password: TEST_PASSWORD });
      expect(first.ok).toBe(true);
      expect(await client.call('w', 'server.status', {})).toMatchObject({ ok: true, value: { canKeepPassword: true } });
      // No password in the form: the kept one was found (else "password needed"), so the attempt got as far as the network.
      expect(await client.call('w', 'server.test', config)).toMatchObject({ ok: false, error: { reason: 'server.unreachable' } });
    } finally {
      await client.close();
    }
  });
});

if (!CA && MUST_RUN) {
  it('has the TLS test server to test against (CI)', () => {
    throw new Error('RCD_TEST_POSTGRES_CA is not set, and in CI the TLS tests must not be skipped. Start the test server with `eval "$(scripts/pg-test-cluster.sh)"`, or name why not in RCD_TEST_POSTGRES_SKIP.');
  });
}

describe.skipIf(!CA || !POSTGRES_URL)('a desk and the real test server over TLS', () => {
  let db: FreshDatabase;
  let port: number;
  let t: TestCore;
  const store = new InMemoryCredentialStoreForTests();
  const otherCa = () => path.join(path.dirname(CA!), 'other-ca.crt');
  const desk = (over: Partial<PostgresServerConfig> = {}) => serverAt({ host: 'localhost', port, database: db.name, user: TLS_USER, caFile: CA, ...over });

  beforeAll(async () => {
    db = await freshPostgresDatabase();
    port = Number(new URL(POSTGRES_URL!).port);
    t = await makeTestCore({ credentials: store });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('connects with the right CA and the server’s own name, and finds the database not yet set up', async () => {
    expect(await testServerConnection(desk(), TLS_PASSWORD)).toEqual({ ok: true, serverVersion: expect.stringMatching(/^PostgreSQL 1\d/), schema: 'needs-setup' });
  });

  it('refuses a server whose certificate was signed by another CA', async () => {
    await expect(testServerConnection(desk({ caFile: otherCa() }), TLS_PASSWORD)).rejects.toMatchObject({ kind: 'tls', message: expect.stringMatching(/secure connection .* could not be checked/) });
  });

  it('refuses a server reached by a name its certificate is not for', async () => {
    // The certificate names `localhost` only; 127.0.0.1 is the same server under a name it does not carry.
    await expect(testServerConnection(desk({ host: '127.0.0.1' }), TLS_PASSWORD)).rejects.toMatchObject({ kind: 'tls', message: expect.stringMatching(/not for the name this desk used/) });
  });

  it('says the password is wrong when it is', async () => {
    await expect(testServerConnection(desk(), 'not the password')).rejects.toMatchObject({ kind: 'credentials', message: expect.stringMatching(/refused this desk's user name or password/) });
  });

  it('says the database does not exist when it does not', async () => {
    await expect(testServerConnection(desk({ database: 'no_such_database_here' }), TLS_PASSWORD)).rejects.toMatchObject({ kind: 'no-database' });
  });

  it('tests, sets up with the owner’s credential (not kept), and saves for the next start without writing the password down', async () => {
    const manager = 'setup';
    expect(await t.ok(manager, 'server.test', { ...desk(), password: TLS_PASSWORD })).toMatchObject({ ok: true, schema: 'needs-setup' });
    // The owner (trusted on the test server, so any password): the schema, then the desks' user's rights.
    const setUp = await t.ok(manager, 'server.setUp', { ...desk(), ownerUser: 'rcd', ownerPassword: 'owner-once', password: TLS_PASSWORD });
    expect(setUp.applied.length).toBeGreaterThan(0);
    expect(setUp.schema).toBe('ready');
    expect(await store.get(credentialKey({ ...desk(), user: 'rcd' }))).toBeNull();

    const status = await t.ok(manager, 'server.save', { ...desk(), password: TLS_PASSWORD });
    expect(status).toMatchObject({ saved: { engine: 'postgres', host: 'localhost', database: db.name, user: TLS_USER, tls: 'verify-full' }, passwordKept: true, changesAtNextStart: true });
    const file = readFileSync(serverConfigPath(t.dir), 'utf8');
    expect(file).not.toContain(TLS_PASSWORD);
    expect(await store.get(credentialKey(desk()))).toBe(TLS_PASSWORD);
    // The CA is kept beside the settings, so the desk still starts when IT's copy is moved.
    expect(readServerConfig(t.dir)).toMatchObject({ caFile: path.join(t.dir, 'desk-server-ca.crt') });

    // What the shell hands the core at the next start: the server, its CA, the kept password.
    const next = await serverOptionsFor(t.dir, store);
    expect(next?.connection).toMatchObject({ host: 'localhost', port, database: db.name, user: TLS_USER, password: TLS_PASSWORD, ssl: { rejectUnauthorized: true, ca: readFileSync(CA!, 'utf8') } });
    expect(await testServerConnection(readServerConfig(t.dir) as PostgresServerConfig, TLS_PASSWORD)).toMatchObject({ schema: 'ready' });

    // The kept password is used when the form leaves it empty.
    expect(await t.ok(manager, 'server.test', desk())).toMatchObject({ schema: 'ready' });

    // The audit says who pointed the desk where; never the password.
    const row = await t.core.database.db.selectFrom('audit_log').selectAll().where('entity', '=', 'desk_server').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.summary).toContain('localhost');
    expect(JSON.stringify(row)).not.toContain(TLS_PASSWORD);

    // Back to this computer: the server's password is no longer kept.
    expect(await t.ok(manager, 'server.save', { engine: 'sqlite' })).toMatchObject({ saved: { engine: 'sqlite' }, passwordKept: false });
    expect(await store.get(credentialKey(desk()))).toBeNull();
  });

  it('lets a new desk join the college’s server from the first-run screen, and only while nobody is set up on it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rcd-first-run-'));
    const kept = new InMemoryCredentialStoreForTests();
    const fresh = await Core.open({ dataDir: dir, passwordCost: 'fast', credentials: kept });
    try {
      const tested = await fresh.call('first', 'server.firstRunTest', { ...desk(), password: TLS_PASSWORD });
      expect(tested).toMatchObject({ ok: true, value: { schema: 'ready' } });
      const saved = await fresh.call('first', 'server.firstRunSave', { ...desk(), password: TLS_PASSWORD });
      expect(saved).toMatchObject({ ok: true, value: { saved: { engine: 'postgres', host: 'localhost', database: db.name }, changesAtNextStart: true } });
      expect(await kept.get(credentialKey(desk()))).toBe(TLS_PASSWORD);
      // At the next start the desk opens on the server, where the college's accounts already are.
      expect((await serverOptionsFor(dir, kept))?.connection).toMatchObject({ host: 'localhost', database: db.name });

      // Once anyone is set up on this desk, the first-run way is closed; a manager uses Settings.
      await fresh.call('first', 'auth.setupFirstManager', { username: 'local.manager', displayName: 'Local Manager', password: TEST_PASSWORD });
      for (const method of ['server.firstRunTest', 'server.firstRunSave'] as const) {
        const r = await fresh.call('someone', method, { ...desk(), password: TLS_PASSWORD });
        expect(r).toMatchObject({ ok: false, error: { reason: 'setup.already-done' } });
      }
    } finally {
      await fresh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
