// The core: owns the open database and the signed-in sessions, and runs every API call through one checked path.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { BackupInspection, RestoreResult } from '../../contract/backups';
import type { DemoProgress, DemoStatus } from '../../contract/demo';
import { contract, isMethodName, type MethodInput, type MethodName, type MethodResult } from '../../contract/contract';
import { READ_AUDITS, type ReadAudit, type ReadAudits } from '../../contract/read-audits';
import { ApiError, type ApiResult } from '../../contract/errors';
import { isUniversalReason, type Reason } from '../../contract/refusals';
import { cannotMessage, roleCan } from '../../contract/permissions';
import type { SignedInStaff } from '../../contract/staff';
import { checkAuditChainIfDue } from '../audit/chain';
import type { PasswordCost } from '../auth/passwords';
import { recentlyAudited, writeAudit, type AuditRecord } from '../audit/audit';
import { databaseCounts, prepareRestore, swapIn } from '../backups/restore';
import { removeTrainingFiles, trainingSizeOnDisk, trainingSizeOpen } from '../demo/marker';
import { BackupService } from '../backups/service';
import { storageProblem } from '../db/errors';
import { probeDiskEncryption, type DiskEncryptionProbe } from '../privacy/disk-encryption';
import { openDatabase, type OpenedDatabase, type OpenOptions } from '../db/open';
import { connectionRefusal, openServer, serialiseWrites, ServerRefusedError, type OpenedServer } from '../db/postgres';
import { setUpServer, type ServerSetupResult } from '../db/postgres-setup';
import type pg from 'pg';
import { ServerChanges } from '../db/server-changes';
import type { AnyDb } from '../db/portable/catalogue';
import { exportDatabase } from '../db/portable/export';
import { importIntoServer, markArchive, type MoveResult, type ServerConnection } from '../db/portable/move';
import { VerificationFailedError, MoveRefusedError, type MoveProgress } from '../db/portable/progress';
import type { ChangesSince } from '../../contract/changes';
import { ReadOnlyPlugin } from '../db/read-only';
import type { Database } from '../db/schema';
import type { CredentialStore } from '../server/credentials';
import { staffCount } from '../staff/staff';
import { CallCache } from './call-cache';
import { CommitThenRefuse, type CallContext, type Handlers, type Session } from './handlers';
import { allHandlers, allPreparers } from './registry';

export interface CoreOptions extends Pick<OpenOptions, 'nativeBinding' | 'allowAnyLocation'> {
  /** Folder for the real database, the training database and back-ups. */
  dataDir: string;
  /** Override the real database's file (power users, tests). */
  databaseFile?: string;
  passwordCost?: PasswordCost;
  /** Names this desk for the per-desk sign-in limit (default: the computer's name). */
  deskId?: string;
  now?: () => Date;
  /** Fill a new training database; injected so the demo generator stays out of start-up. */
  fillDemo?: (db: OpenedDatabase, scale: number, now: Date, passwordCost: PasswordCost, onProgress?: (p: Omit<DemoProgress, 'students'>) => void) => Promise<{ students: number }>;
  /** Asks the operating system whether the disk holding a folder is encrypted (default: lsblk/findmnt, manage-bde, fdesetup). */
  diskEncryptionProbe?: (folder: string) => Promise<DiskEncryptionProbe>;
  /**
   * What happens when a handler refuses with a reason its contract entry does not declare: `strict` (the default, and
   * what every test and the harness run with) turns it into an internal error naming the method and reason, so a test
   * fails; `lenient` (the installed app) passes it on unchanged, with its specific words, and logs it.
   */
  undeclaredRefusals?: 'strict' | 'lenient';
  /** Keeps the college server's password (the desktop app: the OS key store, through its main process). None: cannot keep one. */
  credentials?: CredentialStore;
  /**
   * The college's PostgreSQL server instead of the desk's own file (issue 12): its connection (a postgres:// URL or pg's
   * options, with TLS), and whether this desk may set up or upgrade the server's schema (the owner credential).
   * The training database stays a SQLite file in `dataDir`.
   */
  server?: { connection: Parameters<typeof openServer>[0]; migrate?: boolean };
  /** Tests only: wrap each write call's transaction (e.g. to inject a fault after its first write). */
  testWrapTransaction?: (trx: Transaction<Database>) => Transaction<Database>;
}

export interface CoreServices {
  passwordCost: PasswordCost;
  deskId: string;
  startSession(session: Session, staffId: number): void;
  clearSession(session: Session): void;
  endSessionsFor(staffId: number): void;
  databaseInfo(): { kind: 'live' | 'demo'; engine: 'sqlite' | 'postgres'; path: string; demoAvailable: boolean };
  /** Moves this call's window into the training database (signed out there), filling it first if new. */
  openDemo(scale: number): Promise<{ students: number }>;
  /** Whether a finished training database exists (and its size), or how far the making of one has got. */
  demoStatus(): DemoStatus;
  /** Moves this call's window back to the real database, signed out. */
  closeDemo(): Promise<void>;
  /**
   * Moves this desk's records (its own file) into the college's server, empty and set up, with the owner's connection:
   * writes are refused from the start (`desk.moved`), one snapshot is exported, imported and checked on the server, and
   * the file is kept as a read-only archive. Refused in training and on a desk already on the server.
   */
  moveToServer(owner: ServerConnection): Promise<MoveResult>;
  /** The college's server was set up by an older version of the app and waits for `updateServer`. */
  serverBehind(): boolean;
  /** Brings the college's server up to date with the owner's credential (given once, never kept), then opens it as usual. */
  updateServer(ownerUser: string, ownerPassword: string): Promise<ServerSetupResult>;
  /** How far a move to the server has got, or null. */
  moveProgress(): MoveProgress | null;
  /** What other desks changed on the college's server since `after` (nothing for a desk's own file or training). */
  changesSince(after: number): ChangesSince;
  /** Copies the write-ahead log into the database file and empties it (after an erasure, so no old page survives there). */
  checkpointWal(): void;
  /** What the operating system says about encryption of the disk holding this call's database. */
  diskEncryption(): Promise<DiskEncryptionProbe>;
  backups: BackupService;
  inspectBackup(file: string, passphrase: string | undefined): Promise<BackupInspection>;
  /** Replaces the live database with a checked backup (the current one is kept aside) and signs everyone out of it; refused in training. */
  restoreBackup(file: string, passphrase: string | undefined, ctx: Pick<CallContext, 'staff' | 'now'>): Promise<RestoreResult>;
  /** This desk's server settings live in its data folder; the password in `credentials` (null: none can be kept here). */
  deskServer: { dataDir: string; credentials: CredentialStore | null };
}

type DatabaseKind = 'live' | 'demo';

/** The real database: this desk's own file, or the college's server. The training database is always a file. */
export type LiveDatabase = OpenedDatabase | OpenedServer;

/**
 * The real (live) database and the training (demo) database are separate, both held open for the Core's life.
 * Each window's session says which one it is in; a call is pinned to that database when it starts (before any
 * await), and a session's sign-in belongs to the database it was made in. Opening or leaving the training
 * database moves only that window, so nothing done in training can reach live rows, and nobody is signed out of live.
 */
export class Core {
  private sessions = new Map<string, Session>();
  private demo: OpenedDatabase | null = null;
  private demoOpening: Promise<OpenedDatabase> | null = null;
  /** The size the open training database was made at. */
  private demoSize = 0;
  /** Set while a training database is being made, for windows polling demo.progress. */
  private demoMaking: DemoProgress | null = null;
  private readonly now: () => Date;
  /** Backs up the live database only; the training database is never backed up or restored. */
  private readonly backups: BackupService;
  /** Set while a restore swaps the live database: new live calls wait for it (training calls carry on). */
  private swapping: Promise<void> | null = null;
  /** Calls under way, per database (a restore drains the live ones). */
  private inFlight: Record<DatabaseKind, number> = { live: 0, demo: 0 };
  private closed = false;
  /** A move of this desk's records to the server: under way (with how far), or done (nothing more is written here). */
  private moveState: MoveProgress | null = null;
  private moved: 'moving' | 'moved' | null = null;
  /** The server was set up by an older version of the app: only auth.status and server.updateSchema are answered. */
  private serverBehind = false;
  /** On the college's server: hears other desks' changes, and announces this desk's (db/server-changes.ts). */
  private changes: ServerChanges | null = null;
  /** The checks started after opening (weekly audit-chain check, then the daily backup); settles, never rejects. */
  startupTasks: Promise<void> = Promise.resolve();
  /** Checks the audit chain when a week has passed since the last check, for desks left running for days. */
  private readonly chainTimer = setInterval(() => void this.checkChainIfDue().catch(() => undefined), 6 * 3600 * 1000).unref();

  private constructor(
    /** The real database (the desk's file or the college's server); a file is replaced only by a restore, while live calls are held. */
    private live: LiveDatabase,
    private readonly options: CoreOptions,
    private readonly handlers: Handlers,
  ) {
    this.now = options.now ?? (() => new Date());
    // Only ever asked for while the live database is a file: on the server, `backups` refuses first (makeServices).
    this.backups = new BackupService(() => this.live as OpenedDatabase, this.now);
  }

  /** This desk's name for the per-desk sign-in limit: asked of the operating system once, not on every call. */
  private get deskId(): string {
    return (this.desk ??= this.options.deskId ?? hostname());
  }
  private desk: string | undefined;

  /**
   * The services a call may use, bound to the database the call is pinned to and the window it came from. Made once per
   * window and database and kept (nothing in them changes between calls): making the object costs more than a simple
   * call's query, its accessor (`backups`) taking V8's slow path for object literals.
   */
  private servicesFor(kind: DatabaseKind, opened: LiveDatabase, session: Session): CoreServices {
    const kept = this.servicesKept.get(session);
    if (kept && kept.kind === kind && kept.opened === opened) return kept.services;
    const services = this.makeServices(kind, opened, session);
    this.servicesKept.set(session, { kind, opened, services });
    return services;
  }
  private servicesKept = new WeakMap<Session, { kind: DatabaseKind; opened: LiveDatabase; services: CoreServices }>();

  private makeServices(kind: DatabaseKind, opened: LiveDatabase, session: Session): CoreServices {
    const backups = this.backups;
    const clearSession = (s: Session) => {
      s.staffId = null;
      s.locked = false;
    };
    return {
      passwordCost: this.options.passwordCost ?? 'standard',
      deskId: this.deskId,
      startSession: (s, staffId) => {
        // A sign-in belongs to the database it was checked against, whatever the window did meanwhile.
        s.database = kind;
        s.staffId = staffId;
        s.locked = false;
        s.lastActivity = this.now().getTime();
      },
      clearSession,
      endSessionsFor: (staffId) => {
        for (const s of this.sessions.values()) if (s.database === kind && s.staffId === staffId) clearSession(s);
      },
      databaseInfo: () => ({ kind, engine: opened.engine, path: opened.location, demoAvailable: !!this.options.fillDemo }),
      openDemo: (scale) => this.openDemoFor(session, kind, scale),
      demoStatus: () => this.demoStatus(),
      closeDemo: async () => {
        session.database = 'live';
        clearSession(session);
      },
      // On the server there is no write-ahead log of the desk's: erased rows are the server's to vacuum (IT guide).
      moveToServer: async (owner) => {
        if (kind === 'demo') throw new ApiError('server.live-only', 'The college’s server is set from the real records, not the training database. Leave training first.');
        return this.moveToServer(owner);
      },
      moveProgress: () => this.moveState,
      serverBehind: () => kind === 'live' && this.serverBehind,
      updateServer: (ownerUser, ownerPassword) => this.updateServer(ownerUser, ownerPassword),
      changesSince: (after) => (kind === 'live' && this.changes ? this.changes.since(after) : { seq: 0, areas: [] }),
      checkpointWal: () => void (opened.engine === 'sqlite' && opened.sqlite.pragma('wal_checkpoint(TRUNCATE)')),
      diskEncryption: async () =>
        opened.engine === 'sqlite'
          ? (this.options.diskEncryptionProbe ?? probeDiskEncryption)(path.dirname(opened.file))
          : { status: 'not-known', detail: `The college’s data is on ${opened.location}, not on this computer: the encryption of the server’s disks is for IT to confirm.` },
      // Backups belong to the real database: a window in training may neither take, list, inspect nor restore them.
      // On the college's server IT backs up the database (pg_dump, IT guide); the app's file backups are a desk's.
      get backups() {
        if (kind === 'demo') throw trainingRefusal();
        if (opened.engine !== 'sqlite') throw serverBackupsRefusal();
        return backups;
      },
      inspectBackup: async (file, passphrase) => {
        if (kind === 'demo') throw trainingRefusal();
        if (opened.engine !== 'sqlite') throw serverBackupsRefusal();
        return this.inspectBackup(file, passphrase);
      },
      restoreBackup: async (file, passphrase, ctx) => {
        if (kind === 'demo') throw trainingRefusal();
        if (opened.engine !== 'sqlite') throw serverBackupsRefusal();
        return this.restoreBackup(file, passphrase, ctx);
      },
      deskServer: { dataDir: this.options.dataDir, credentials: this.options.credentials ?? null },
    };
  }

  static async open(options: CoreOptions): Promise<Core> {
    let behind = false;
    const openLive = async (): Promise<LiveDatabase> => {
      if (!options.server) return openDatabase(Core.liveFile(options), options);
      try {
        return await openServer(options.server.connection, { migrate: options.server.migrate });
      } catch (e) {
        if (!(e instanceof ServerRefusedError && e.behind)) throw e;
        // Set up by an older version of the app: open it anyway, answering nothing but the request to update it.
        behind = true;
        return openServer(options.server.connection, { allowBehind: true });
      }
    };
    const opened = await openLive();
    const core = new Core(opened, options, allHandlers);
    if (behind) {
      core.serverBehind = true;
      return core;
    }
    if (opened.engine === 'postgres') {
      core.changes = new ServerChanges(opened.pool);
      try {
        await core.changes.start();
      } catch (e) {
        await opened.close();
        throw e;
      }
    }
    // The audit chain check first, then the backup service (deferred full check, then the daily backup if due); on the
    // server only the chain check: IT backs the server up.
    core.startupTasks = core
      .checkChainIfDue()
      .catch(() => undefined)
      .then(() => (core.closed || opened.engine !== 'sqlite' ? undefined : core.backups.start()))
      .then(() => undefined, () => undefined);
    return core;
  }

  /**
   * The weekly audit-chain check (or at once, if the log no longer holds a copy's last entry), against the copies kept
   * outside it; on the server the log is checked on its own (the copies outside are a desk file's, beside it).
   */
  private async checkChainIfDue(): Promise<void> {
    const opened = this.live;
    // The time is the moment the check starts, before looking up where the copies are.
    const now = this.now();
    const place = opened.engine === 'sqlite' ? await this.backups.auditPlace(opened.db) : null;
    await checkAuditChainIfDue(opened.db, now, { place, snapshot: opened.withSnapshot });
  }

  static liveFile(options: CoreOptions): string {
    return options.databaseFile ?? path.join(options.dataDir, 'recovery-college.sqlite');
  }

  static demoFile(options: CoreOptions): string {
    return path.join(options.dataDir, 'training-demo.sqlite');
  }

  /** The real database: the desk's file, or the college's server. */
  get database(): LiveDatabase {
    return this.live;
  }

  /** The real database when it is this desk's own file (backups, restore, file checks); null on the server. */
  get databaseFile(): OpenedDatabase | null {
    return this.live.engine === 'sqlite' ? this.live : null;
  }

  /** The live database's backup service (there is none for the training database). */
  get liveBackups(): BackupService {
    return this.backups;
  }

  /** The training database, once a window has opened it. */
  get demoDatabase(): OpenedDatabase | null {
    return this.demo;
  }

  /** The one entry point: every call from the preload or the harness comes through here. Never throws. */
  async call<K extends MethodName>(sessionKey: string, method: K, rawInput: MethodInput<K>): Promise<ApiResult<MethodResult<K>>>;
  async call(sessionKey: string, method: unknown, rawInput: unknown): Promise<ApiResult<unknown>>;
  async call(sessionKey: string, method: unknown, rawInput: unknown): Promise<ApiResult<unknown>> {
    const session = this.session(sessionKey);
    // Pinned now, before any await: this call reads and writes only the database its window is in.
    const kind = session.database;
    // A live call waits while a restore swaps the live database, then runs on the restored one.
    if (kind === 'live') while (this.swapping) await this.swapping;
    this.inFlight[kind]++;
    try {
      if (!isMethodName(method)) throw new ApiError('call.unknown-method', 'The app asked for something it does not know how to do. Please restart the app.');
      const opened = kind === 'demo' ? this.demo : this.live;
      if (!opened) throw new Error('A window is in the training database, but it is not open');
      const staff = await this.authorise(opened, session, session.staffId, method);
      const spec = contract[method];
      const parsed = (spec.input as z.ZodType).safeParse(rawInput ?? {});
      if (!parsed.success) throw toValidationError(parsed.error);
      if (kind === 'live' && this.serverBehind && method !== 'auth.status' && method !== 'server.updateSchema') {
        throw new ApiError('server.behind', 'The college’s server needs an update for this version of the app before this desk can use it. A manager with the server owner’s password can do it on this screen; otherwise please ask IT.');
      }
      if (kind === 'live' && this.moved && spec.kind === 'write') {
        throw new ApiError(
          'desk.moved',
          this.moved === 'moving'
            ? 'This desk’s records are being moved to the college’s server, so nothing can be changed here just now. Please wait until the move has finished.'
            : 'This desk’s records have moved to the college’s server, so nothing more is saved here. Please close the app and open it again: it will then use the server.',
        );
      }
      const handler = this.handlers[method] as (ctx: CallContext, input: unknown) => Promise<unknown>;
      const services = this.servicesFor(kind, opened, session);
      const value =
        spec.kind === 'write'
          ? await this.runWrite(method, opened, services, handler, staff, session, parsed.data, await this.prepare(method, opened, services, staff, session, parsed.data))
          : await this.runRead(method, opened, services, handler, staff, session, parsed.data);
      if (session.staffId !== null && !session.locked) session.lastActivity = this.now().getTime();
      return { ok: true, value };
    } catch (e) {
      if (e instanceof ApiError) return { ok: false, error: this.declared(method, e).toData() };
      const problem = storageProblem(e);
      if (problem) {
        console.error(`[core] ${String(method)} failed with a storage problem (${problem.code}):`, (e as Error).message);
        return { ok: false, error: { reason: 'storage.problem', code: 'STORAGE', message: problem.message } };
      }
      // Log the shape of the failure, never the input (it may hold health data).
      console.error(`[core] ${String(method)} failed:`, e instanceof Error ? e.stack : e);
      return {
        ok: false,
        error: { reason: 'internal', code: 'INTERNAL', message: 'Something went wrong and nothing was changed. Please try again; if it keeps happening, tell your manager.' },
      };
    } finally {
      this.inFlight[kind]--;
    }
  }

  /** A refusal, if its reason is universal or declared by the method; otherwise see `CoreOptions.undeclaredRefusals`. */
  private declared(method: unknown, refusal: ApiError): ApiError {
    if (isUniversalReason(refusal.reason) || !isMethodName(method)) return refusal;
    const declared: readonly Reason[] = contract[method].refuses ?? [];
    if (declared.includes(refusal.reason)) return refusal;
    console.error(`[core] ${method} refused with '${refusal.reason}', which its contract entry does not declare.`);
    if (this.options.undeclaredRefusals === 'lenient') return refusal;
    return new ApiError('internal', `${method} refused with '${refusal.reason}', which its contract entry does not declare. ${refusal.message}`);
  }

  /** A write method's preparer (if it has one), run on its own read-only snapshot before the transaction opens. */
  private async prepare(method: MethodName, opened: LiveDatabase, services: CoreServices, staff: SignedInStaff | null, session: Session, input: unknown): Promise<unknown> {
    const preparer = allPreparers[method] as ((ctx: CallContext, input: unknown) => Promise<unknown>) | undefined;
    if (!preparer) return undefined;
    return opened.withSnapshot((snapshot) => {
      const ctx: CallContext = {
        // The snapshot's connection is opened read-only, so SQLite itself refuses any change to the database; only
        // TEMP tables (this connection's own scratch space, e.g. the return's per-student figures) can be made.
        db: snapshot,
        staff,
        session,
        now: this.now,
        services,
        audit: () => {
          throw new Error('A preparer tried to write an audit row; audit rows belong to the write that follows it.');
        },
        afterCommit: () => {
          throw new Error('A preparer runs before the transaction; register afterCommit work in the handler.');
        },
      };
      return preparer(ctx, input);
    });
  }

  /**
   * A write: one transaction for the handler's changes and its audit rows, committed together. If the handler
   * throws, everything rolls back; `CommitThenRefuse` commits and then refuses (a counted failed sign-in).
   */
  private async runWrite(
    method: MethodName,
    opened: LiveDatabase,
    services: CoreServices,
    handler: (ctx: CallContext, input: unknown) => Promise<unknown>,
    staff: SignedInStaff | null,
    session: Session,
    input: unknown,
    prepared: unknown,
  ): Promise<unknown> {
    const audits: AuditRecord[] = [];
    const afterCommit: (() => void)[] = [];
    const outcome = await opened.db.transaction().execute(async (trx) => {
      // On the server, one write at a time across every desk, as a desk's own file has (db/postgres.ts).
      if (opened.engine === 'postgres') await serialiseWrites(trx);
      const db = this.options.testWrapTransaction ? this.options.testWrapTransaction(trx) : trx;
      const ctx: CallContext = {
        db,
        staff,
        session,
        now: this.now,
        services,
        audit: (entry) => void audits.push(entry),
        afterCommit: (fn) => void afterCommit.push(fn),
        prepared,
      };
      let result: { value: unknown } | { refusal: ApiError };
      try {
        result = { value: await handler(ctx, input) };
      } catch (e) {
        if (!(e instanceof CommitThenRefuse)) throw e;
        result = { refusal: e.refusal };
      }
      for (const entry of audits) await writeAudit(db, { now: this.now, staff }, entry);
      // Heard by the other desks if, and only when, this commits.
      if (this.changes && opened === this.live) await this.changes.announce(trx, `${method.slice(0, method.indexOf('.') + 1)}`);
      return result;
    });
    for (const fn of afterCommit) fn();
    if ('refusal' in outcome) throw outcome.refusal;
    return outcome.value;
  }

  /** A read: a handle that refuses to change anything, and no audit recorder. */
  private async runRead(
    method: MethodName,
    opened: LiveDatabase,
    services: CoreServices,
    handler: (ctx: CallContext, input: unknown) => Promise<unknown>,
    staff: SignedInStaff | null,
    session: Session,
    input: unknown,
  ): Promise<unknown> {
    const afterCommit: (() => void)[] = [];
    const ctx: CallContext = {
      db: this.readOnly(opened),
      staff,
      session,
      now: this.now,
      services,
      audit: () => {
        throw new Error('A read method tried to write an audit row; declare it as kind: \'write\' in the contract.');
      },
      afterCommit: (fn) => void afterCommit.push(fn),
    };
    const value = await handler(ctx, input);
    await this.auditRead(opened, method, staff, input, value);
    for (const fn of afterCommit) fn();
    return value;
  }

  /** A sensitive read (READ_AUDITS) is recorded before its result is handed over; if it cannot be recorded, nothing is shown. */
  private async auditRead(opened: LiveDatabase, method: MethodName, staff: SignedInStaff | null, input: unknown, value: unknown): Promise<void> {
    const spec = (READ_AUDITS as ReadAudits)[method] as ReadAudit<MethodName> | undefined;
    if (!spec || (spec.when && !spec.when(input as never, value as never))) return;
    const entry = { action: spec.action, entity: spec.entity, entityId: spec.entityId(input as never, value as never), summary: spec.summary?.(input as never, value as never) ?? null };
    if (await recentlyAudited(opened.db, staff?.id ?? null, entry, this.now())) return;
    await writeAudit(opened.db, { now: this.now, staff }, entry);
  }


  /** The signed-in accounts and the settings, kept between calls for each open database (call-cache.ts). */
  private caches = new WeakMap<LiveDatabase, CallCache>();
  private cacheFor(opened: LiveDatabase): CallCache {
    let cache = this.caches.get(opened);
    if (!cache) this.caches.set(opened, (cache = new CallCache(opened)));
    return cache;
  }

  private readOnlyHandles = new WeakMap<LiveDatabase, Kysely<Database>>();
  private readOnly(opened: LiveDatabase): Kysely<Database> {
    let handle = this.readOnlyHandles.get(opened);
    if (!handle) this.readOnlyHandles.set(opened, (handle = opened.reader.withPlugin(new ReadOnlyPlugin())));
    return handle;
  }

  /** Forget a window's session (window closed, browser tab gone). */
  endSession(sessionKey: string): void {
    this.sessions.delete(sessionKey);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.chainTimer);
    this.sessions.clear();
    this.backups.stop();
    await this.backups.idle();
    await this.changes?.stop();
    await this.live.close();
    const demo = this.demo ?? (await this.demoOpening?.catch(() => null)) ?? null;
    await demo?.close();
  }

  private session(key: string): Session {
    let s = this.sessions.get(key);
    if (!s) {
      s = { key, database: 'live', staffId: null, lastActivity: this.now().getTime(), locked: false };
      this.sessions.set(key, s);
    }
    return s;
  }

  /** Checks the method's access for whoever is signed in on this session, as their account stands now in the call's database. */
  private async authorise(opened: LiveDatabase, session: Session, staffId: number | null, method: MethodName): Promise<SignedInStaff | null> {
    const access = contract[method].access;
    let staff: SignedInStaff | null = null;
    if (staffId !== null) {
      staff = await this.cacheFor(opened).signedIn(staffId);
      if (!staff && session.staffId === staffId) {
        session.staffId = null;
        session.locked = false;
      }
    }
    if (access === 'public') return staff;
    if (!staff) throw new ApiError('session.signed-out', 'Please sign in to continue.');

    const { idleLockMinutes } = await this.cacheFor(opened).settings();
    if (!session.locked && this.now().getTime() - session.lastActivity > idleLockMinutes * 60_000) session.locked = true;
    if (session.locked && method !== 'auth.unlock' && method !== 'auth.status') {
      throw new ApiError('session.locked', 'The app locked itself after being idle. Please enter your password to carry on.');
    }
    if (staff.mustChangePassword && !method.startsWith('auth.')) {
      throw new ApiError('session.password-change-due', 'Please choose a new password before carrying on.');
    }
    if (access !== 'signedIn' && !roleCan(staff.role, access)) {
      throw new ApiError('access.role', cannotMessage(staff.role, access));
    }
    return staff;
  }

  /**
   * Opening the training database is chosen by a person: on the first-run screen (the real database has nobody
   * in it yet) or from a window signed in to the real database. It moves only that window.
   */
  private async openDemoFor(session: Session, from: DatabaseKind, scale: number): Promise<{ students: number }> {
    if (!this.options.fillDemo) throw new ApiError('training.unavailable', 'The training database is not available in this build.');
    if (from === 'live' && session.staffId === null && (await staffCount(this.live.db)) > 0) {
      throw new ApiError('training.sign-in-first', 'Please sign in first; you can then open the training database from the app.');
    }
    const opened = await this.openDemoDatabase(scale);
    session.database = 'demo';
    session.staffId = null;
    session.locked = false;
    const { n } = await opened.db.selectFrom('students').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { students: Number(n) };
  }

  private demoStatus(): DemoStatus {
    if (this.demoMaking) return { existing: null, making: { ...this.demoMaking } };
    const size = this.demo ? this.demoSize : trainingSizeOnDisk(Core.demoFile(this.options));
    return { existing: size > 0 ? { students: size } : null, making: null };
  }

  /**
   * Opens (and, the first time, fills) the training database once, however many windows ask at the same moment. A
   * finished one opens at once at the size it was made; one left unfinished (the app stopped while making it) is made
   * afresh. While it is being made, demo.progress says how far it has got.
   */
  private openDemoDatabase(scale: number): Promise<OpenedDatabase> {
    this.demoOpening ??= (async () => {
      const file = Core.demoFile(this.options);
      // Disposable: someone may delete the training file to start afresh; it is recreated, not refused as missing.
      const open = () => openDatabase(file, { ...this.options, disposable: true });
      const existed = existsSync(file);
      let opened = await open();
      let size = trainingSizeOpen(opened.sqlite);
      if (size === 0 && this.options.fillDemo) {
        if (existed) {
          await opened.close();
          removeTrainingFiles(file);
          opened = await open();
        }
        this.demoMaking = { students: scale, stage: 'Getting ready', percent: 0 };
        try {
          await this.options.fillDemo(opened, scale, this.now(), this.options.passwordCost ?? 'standard', (p) => (this.demoMaking = { students: scale, ...p }));
        } catch (e) {
          await opened.close().catch(() => undefined);
          throw e;
        } finally {
          this.demoMaking = null;
        }
        size = trainingSizeOpen(opened.sqlite) || scale;
      }
      this.demoSize = size;
      this.demo = opened;
      return opened;
    })();
    this.demoOpening.catch(() => (this.demoOpening = null));
    return this.demoOpening;
  }

  private async updateServer(ownerUser: string, ownerPassword: string): Promise<ServerSetupResult> {
    const server = this.options.server;
    const behind = this.live;
    if (!this.serverBehind || !server || behind.engine !== 'postgres') {
      throw new ApiError('setup.already-done', 'The college’s server is already up to date for this version of the app.');
    }
    const { owner, deskUser } = ownerConnection(server.connection, ownerUser, ownerPassword);
    let result: ServerSetupResult;
    try {
      // The app's migrations, one transaction each, then the desks' role granted the new tables; nothing kept.
      result = await setUpServer(owner, { appRole: deskUser });
    } catch (e) {
      const refused = connectionRefusal(e);
      if (refused) throw new ApiError(`server.${refused.kind}` as 'server.unreachable', refused.message);
      if (e instanceof ServerRefusedError) throw new ApiError(`server.${e.kind}` as 'server.unreachable', e.message);
      throw new ApiError('server.setup-failed', `The server could not be brought up to date, and the step that failed was undone: ${(e as Error).message}. The owner’s user needs to own the database; please ask IT.`);
    }
    // Opened again as any desk opens it, now that it is up to date; then what start-up would have done.
    this.live = await openServer(server.connection, { migrate: false });
    await behind.close();
    this.serverBehind = false;
    this.changes = new ServerChanges(this.live.pool);
    await this.changes.start();
    this.startupTasks = this.checkChainIfDue().catch(() => undefined);
    return result;
  }

  private async moveToServer(owner: ServerConnection): Promise<MoveResult> {
    const opened = this.live;
    if (opened.engine !== 'sqlite') throw new ApiError('server.move-failed', 'This desk already works on the college’s server: there is nothing here to move.');
    if (this.moved) throw new ApiError('server.move-failed', 'This desk’s records are already being moved, or have moved, to the college’s server.');
    this.moved = 'moving';
    const dir = mkdtempSync(path.join(tmpdir(), 'rcd-move-'));
    try {
      // Writes already under way finish first (this call is one of the calls in flight); new ones are refused.
      for (let i = 0; i < 100 && this.inFlight.live > 1; i++) await new Promise((r) => setTimeout(r, 20));
      const started = performance.now();
      const file = path.join(dir, 'desk.rcd-export');
      const onProgress = (p: MoveProgress) => void (this.moveState = p);
      await opened.withSnapshot((db) => exportDatabase(db as unknown as AnyDb, file, { onProgress }));
      const manifest = await importIntoServer(file, owner, { onProgress });
      markArchive(opened.file, owner, manifest, this.now());
      this.moved = 'moved';
      return { manifest, rows: manifest.tables.reduce((n, t) => n + t.rows, 0), seconds: (performance.now() - started) / 1000 };
    } catch (e) {
      this.moved = null;
      if (e instanceof MoveRefusedError || e instanceof VerificationFailedError) throw new ApiError('server.move-failed', `${e.message} Nothing was changed on the server, and this desk carries on as before.`);
      throw e;
    } finally {
      this.moveState = null;
      rmSync(dir, { recursive: true, force: true });
    }
  }

  private async inspectBackup(file: string, passphrase: string | undefined): Promise<BackupInspection> {
    const prepared = await prepareRestore(file, Core.liveFile(this.options), passphrase, this.options);
    prepared.discard();
    const { source, takenAt, schema, schemaOlder, encrypted, counts } = prepared;
    if (this.live.engine !== 'sqlite') throw serverBackupsRefusal();
    return { source, takenAt, schema, schemaOlder, encrypted, counts, current: databaseCounts(this.live.sqlite) };
  }

  private async restoreBackup(file: string, passphrase: string | undefined, ctx: Pick<CallContext, 'staff' | 'now'>): Promise<RestoreResult> {
    if (this.live.engine !== 'sqlite') throw serverBackupsRefusal();
    const live = Core.liveFile(this.options);
    const prepared = await prepareRestore(file, live, passphrase, this.options);
    let release = () => {};
    this.swapping = new Promise((r) => (release = r));
    try {
      // Let other live calls already under way finish (this call is one of them), and any backup, before the swap.
      // Calls in the training database are neither held nor waited for.
      for (let i = 0; i < 100 && this.inFlight.live > 1; i++) await new Promise((r) => setTimeout(r, 20));
      this.backups.stop();
      await this.backups.idle();
      const summary = `restored backup ${path.basename(file)} (taken ${prepared.takenAt})`;
      const old = this.live;
      await writeAudit(old.db, ctx, { action: 'restore', entity: 'database', entityId: null, summary: `${summary}; this database was set aside` });
      await old.close();
      // The closed database's cached accounts, settings and read-only handle go with it; the reopened one builds its own.
      this.caches.delete(old);
      this.readOnlyHandles.delete(old);
      const swap = swapIn(prepared, live, this.now());
      try {
        this.live = await openDatabase(live, this.options);
      } catch (e) {
        swap.undo();
        this.live = await openDatabase(live, this.options);
        throw e;
      }
      // The restored database has its own staff accounts: name the person if they exist there, and sign everyone out.
      const staffId = ctx.staff?.id ?? null;
      const known = staffId !== null && !!(await this.live.db.selectFrom('staff').select('id').where('id', '=', staffId).executeTakeFirst());
      await writeAudit(this.live.db, { now: this.now, staff: known ? { id: staffId } : null }, {
        action: 'restore',
        entity: 'database',
        entityId: null,
        summary: `${summary}${known ? '' : ` by ${ctx.staff?.displayName ?? 'a manager'}`}; the replaced database is at ${swap.setAside ?? '(none)'}`,
      });
      // Everyone in the real database is signed out; windows in training are left as they are.
      for (const s of this.sessions.values()) {
        if (s.database !== 'live') continue;
        s.staffId = null;
        s.locked = false;
      }
      return { restoredFrom: file, setAside: swap.setAside ?? '' };
    } finally {
      prepared.discard();
      if (!this.closed) this.backups.start();
      this.swapping = null;
      release();
    }
  }
}

/** The owner's connection to the same server and database as the desk's, and the desk's own user (to grant new tables to). */
function ownerConnection(connection: string | pg.PoolConfig, ownerUser: string, ownerPassword: string): { owner: string | pg.PoolConfig; deskUser: string } {
  if (typeof connection !== 'string') return { owner: { ...connection, user: ownerUser, password: ownerPassword }, deskUser: connection.user ?? ownerUser };
  const url = new URL(connection);
  const deskUser = decodeURIComponent(url.username) || ownerUser;
  url.username = encodeURIComponent(ownerUser);
  url.password = encodeURIComponent(ownerPassword);
  return { owner: url.toString(), deskUser };
}

function serverBackupsRefusal(): ApiError {
  return new ApiError('backup.on-server', 'This desk works on the college’s server, which IT backs up (see the IT guide). The app’s own backups are for a desk that keeps its data in a file.');
}

function trainingRefusal(): ApiError {
  return new ApiError('training.live-only', 'Backups are for the real database: please leave the training database first.');
}

function toValidationError(error: z.ZodError): ApiError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.filter((p) => p !== 'fields').join('.') || 'input';
    fields[key] ??= issue.message;
  }
  const count = Object.keys(fields).length;
  const message = count === 1 ? Object.values(fields)[0] : `Please check the ${count} highlighted fields.`;
  return new ApiError('input.invalid', message, { fields });
}
