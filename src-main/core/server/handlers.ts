// The college server's handlers: what this desk uses, testing settings, saving them for the next start, and setting up
// the server's database with the owner's credential (given once, never kept).
import type { ParsedInput } from '../../contract/contract';
import { ApiError, validationError } from '../../contract/errors';
import type { DeskServerConfig, PostgresServerConfig, ServerStatus } from '../../contract/server';
import type { HandlersFor, Preparers, StaffContext } from '../api/handlers';
import { engineOf } from '../db/dialect';
import { ServerRefusedError } from '../db/postgres';
import { percentDone } from '../db/portable/move';
import { setUpServer } from '../db/postgres-setup';
import { staffCount } from '../staff/staff';
import { keepCaCopy, poolConfigFor, readServerConfig, ServerConfigError, serverConfigSavedAt, writeServerConfig } from './config';
import { testPoolConfig, testServerConnection } from './connection';
import { credentialKey, KeyStoreUnavailableError, type CredentialStore } from './credentials';

/** When this core started: settings saved later take effect at the next start. */
const STARTED_AT = new Date();

function liveOnly(ctx: StaffContext): void {
  // A trainee signed in with the training database's fictional manager must not re-point the real desk.
  if (ctx.session.database !== 'live') throw new ApiError('server.live-only', 'The college’s server is set from the real records, not the training database. Leave training first.');
}

function postgresOnly(input: { engine: string }): PostgresServerConfig {
  return input as PostgresServerConfig;
}

/** A refusal staff can act on, for anything the connection or the settings refused; anything else is passed on. */
function refusal(e: unknown): never {
  if (e instanceof ServerRefusedError) {
    if (e.kind === 'not-set-up') throw new ApiError('server.newer', e.message); // not given by a test; kept total
    throw new ApiError(`server.${e.kind}`, e.message);
  }
  if (e instanceof ServerConfigError) {
    if (e.field === 'caFile') throw new ApiError('server.ca-file', e.message, { fields: { caFile: e.message } });
    if (e.field === 'tls') throw validationError({ tls: e.message });
    throw new ApiError('server.password-needed', e.message, { fields: { password: e.message } });
  }
  if (e instanceof KeyStoreUnavailableError) throw new ApiError('server.no-key-store', e.message);
  throw e;
}

/** Saves a server for the next start: its password in the OS key store, a copy of its CA file, and the settings file. */
async function keepServerSettings(dataDir: string, credentials: CredentialStore, config: PostgresServerConfig, password: string): Promise<void> {
  await credentials.set(credentialKey(config), password).catch(refusal);
  let caFile: string | undefined;
  try {
    caFile = config.caFile ? keepCaCopy(dataDir, config.caFile) : undefined;
  } catch (e) {
    refusal(e);
  }
  writeServerConfig(dataDir, { ...config, caFile });
}

async function keptPassword(credentials: CredentialStore | null, config: PostgresServerConfig): Promise<string | null> {
  return credentials ? credentials.get(credentialKey(config)) : null;
}

/** The password given, or the one kept for exactly this server, database and user. */
async function passwordFor(ctx: StaffContext, input: PostgresServerConfig & { password?: string }): Promise<string> {
  if (input.password) return input.password;
  const kept = await keptPassword(ctx.services.deskServer.credentials, input);
  if (kept !== null) return kept;
  const message = 'Please enter the password of the desk’s database user (none is kept on this computer for that server and user).';
  throw new ApiError('server.password-needed', message, { fields: { password: message } });
}

async function status(ctx: StaffContext): Promise<ServerStatus> {
  const { dataDir, credentials } = ctx.services.deskServer;
  let saved: DeskServerConfig;
  try {
    saved = readServerConfig(dataDir);
  } catch (e) {
    // A damaged settings file is shown as "this computer" with its problem, so a manager can save good settings over it.
    saved = { engine: 'sqlite' };
    console.error('[server] the desk’s server settings cannot be read:', (e as Error).message);
  }
  const inUse = engineOf(ctx.db);
  const savedAt = serverConfigSavedAt(dataDir);
  return {
    inUse,
    saved,
    passwordKept: saved.engine === 'postgres' && (await keptPassword(credentials, saved).catch(() => null)) !== null,
    canKeepPassword: credentials !== null,
    changesAtNextStart: saved.engine !== inUse || (savedAt !== null && savedAt > STARTED_AT),
  };
}

/** The first-run methods: only while this desk's own database has nobody set up (then Settings, for a manager). */
async function firstRunOnly(ctx: StaffContext): Promise<void> {
  liveOnly(ctx);
  if ((await staffCount(ctx.db)) > 0) {
    throw new ApiError('setup.already-done', 'This desk is already set up. A manager can connect it to the college’s server in Settings → College server.');
  }
}

export const serverHandlers: HandlersFor<'server.'> = {
  'server.status': async (ctx) => {
    liveOnly(ctx);
    return status(ctx);
  },

  'server.test': async (ctx, input) => {
    liveOnly(ctx);
    const config = postgresOnly(input);
    return testServerConnection(config, await passwordFor(ctx, input)).catch(refusal);
  },

  'server.save': async (ctx, input) => {
    liveOnly(ctx);
    const { dataDir, credentials } = ctx.services.deskServer;
    const before = (() => {
      try {
        return readServerConfig(dataDir);
      } catch {
        return null;
      }
    })();
    if (input.engine === 'sqlite') {
      writeServerConfig(dataDir, { engine: 'sqlite' });
      ctx.audit({ action: 'update', entity: 'desk_server', entityId: null, fields: ['engine'], summary: 'This computer’s database, from the next start' });
    } else {
      // Tested (and the password found) before the transaction opened: see serverPreparers.
      const { password } = ctx.prepared as { password: string };
      const config = postgresOnly(input);
      if (!credentials) throw new ApiError('server.no-key-store', new KeyStoreUnavailableError().message);
      await keepServerSettings(dataDir, credentials, config, password);
      ctx.audit({
        action: 'update',
        entity: 'desk_server',
        entityId: null,
        fields: ['engine', 'host', 'port', 'database', 'user', 'tls', 'caFile', ...(input.password ? ['password'] : [])],
        // Never the password: only where, as whom, and how securely.
        summary: `The college’s server ${config.host}:${config.port}, database ${config.database}, user ${config.user}, ${config.tls === 'none' ? 'plain connection' : 'secure connection'}; from the next start`,
      });
    }
    // A password kept for settings no longer in use is removed (kept only where it is used).
    if (before?.engine === 'postgres' && credentials && (input.engine === 'sqlite' || credentialKey(before) !== credentialKey(postgresOnly(input)))) {
      await credentials.delete(credentialKey(before)).catch(() => undefined);
    }
    return status(ctx);
  },

  'server.firstRunTest': async (ctx, input) => {
    await firstRunOnly(ctx);
    return serverHandlers['server.test'](ctx, input);
  },

  'server.firstRunSave': async (ctx, input) => {
    await firstRunOnly(ctx);
    return serverHandlers['server.save'](ctx, input);
  },

  'server.moveHere': async (ctx, input) => {
    liveOnly(ctx);
    const { dataDir, credentials } = ctx.services.deskServer;
    if (!credentials) throw new ApiError('server.no-key-store', new KeyStoreUnavailableError().message);
    const config = postgresOnly(input);
    // The desks' own connection first: the server must be set up (and this desk's user able to use it) before anything moves.
    const password = await passwordFor(ctx, input);
    const tested = await testServerConnection(config, password).catch(refusal);
    if (tested.schema !== 'ready') {
      throw new ApiError('server.move-failed', 'The server’s database is not set up for this version of the app yet: set it up first (Set up the server…), then move the records.');
    }
    let owner;
    try {
      owner = poolConfigFor({ ...config, user: input.ownerUser }, input.ownerPassword);
    } catch (e) {
      refusal(e);
    }
    const moved = await ctx.services.moveToServer(owner);
    // From the next start this desk opens the server, with its own user's password kept by the OS key store.
    await keepServerSettings(dataDir, credentials, config, password);
    return { rows: moved.rows, tables: moved.manifest.tables.length, seconds: moved.seconds, status: await status(ctx) };
  },

  'server.updateSchema': async (ctx, input) => {
    const r = await ctx.services.updateServer(input.ownerUser, input.ownerPassword);
    return { applied: r.applied, createdRole: r.createdRole, schema: 'ready' };
  },

  'server.moveProgress': async (ctx) => {
    const p = ctx.services.moveProgress();
    if (!p) return null;
    const stage = p.stage === 'export' ? 'Reading this desk’s records' : p.stage === 'import' ? 'Writing them to the server' : 'Checking every table on the server';
    return { stage: `${stage} (${p.table})`, percent: percentDone(p) };
  },

  'server.setUp': async (ctx, input) => {
    liveOnly(ctx);
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(input.user)) {
      throw validationError({ user: 'To be set up by the app, the desk’s user name must be lower-case letters, digits and _, starting with a letter.' });
    }
    const config = postgresOnly(input);
    try {
      const owner = poolConfigFor({ ...config, user: input.ownerUser }, input.ownerPassword);
      const result = await setUpServer(owner, { appRole: input.user, appPassword: input.password || undefined });
      // The desks' own view afterwards, when their password is known: the grants are what a desk relies on.
      const password = input.password || (await keptPassword(ctx.services.deskServer.credentials, config));
      const schema = password ? (await testPoolConfig(poolConfigFor(config, password))).schema : 'ready';
      return { applied: result.applied, createdRole: result.createdRole, schema };
    } catch (e) {
      if (e instanceof ServerRefusedError || e instanceof ServerConfigError) refusal(e);
      const code = (e as { code?: string }).code;
      if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
        // The server's own words (e.g. "permission denied to create role"); PostgreSQL rolled the step back.
        throw new ApiError('server.setup-failed', `Setting up the server’s database did not finish, and the step that failed was undone: ${(e as Error).message}. The owner’s user needs to own the database and be allowed to create roles; ask IT.`);
      }
      throw e;
    }
  },
};

/** `server.save` tests the connection before its transaction opens: a server can take seconds to answer. */
export const serverPreparers: Preparers = {
  'server.firstRunSave': async (ctx: StaffContext, input: ParsedInput<'server.firstRunSave'>) => {
    await firstRunOnly(ctx);
    return serverPreparers['server.save']!(ctx, input);
  },
  'server.save': async (ctx: StaffContext, input: ParsedInput<'server.save'>) => {
    liveOnly(ctx);
    if (input.engine === 'sqlite') return {};
    if (!ctx.services.deskServer.credentials) throw new ApiError('server.no-key-store', new KeyStoreUnavailableError().message);
    const config = postgresOnly(input);
    const password = await passwordFor(ctx, input);
    await testServerConnection(config, password).catch(refusal);
    return { password };
  },
};
