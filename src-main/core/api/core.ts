// The core: owns the open database and the signed-in sessions, and runs every API call through one checked path.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { BackupInspection, RestoreResult } from '../../contract/backups';
import { contract, isMethodName, type MethodInput, type MethodName, type MethodResult } from '../../contract/contract';
import { ApiError, type ApiResult } from '../../contract/errors';
import { PERMISSION_WORDS, roleCan } from '../../contract/permissions';
import type { SignedInStaff } from '../../contract/staff';
import { checkAuditChainIfDue } from '../audit/chain';
import type { PasswordCost } from '../auth/passwords';
import { writeAudit, type AuditRecord } from '../audit/audit';
import { databaseCounts, prepareRestore, swapIn } from '../backups/restore';
import { BackupService } from '../backups/service';
import { storageProblem } from '../db/errors';
import { openDatabase, type OpenedDatabase, type OpenOptions } from '../db/open';
import { ReadOnlyPlugin } from '../db/read-only';
import type { Database } from '../db/schema';
import { CallCache } from './call-cache';
import { CommitThenRefuse, type CallContext, type Handlers, type Session } from './handlers';
import { allHandlers } from './registry';

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
  fillDemo?: (db: OpenedDatabase, scale: number, now: Date, passwordCost: PasswordCost) => Promise<{ students: number }>;
  /** Tests only: wrap each write call's transaction (e.g. to inject a fault after its first write). */
  testWrapTransaction?: (trx: Transaction<Database>) => Transaction<Database>;
}

export interface CoreServices {
  passwordCost: PasswordCost;
  deskId: string;
  startSession(session: Session, staffId: number): void;
  clearSession(session: Session): void;
  endSessionsFor(staffId: number): void;
  databaseInfo(): { kind: 'live' | 'demo'; path: string; demoAvailable: boolean };
  openDemo(scale: number): Promise<{ students: number }>;
  closeDemo(): Promise<void>;
  backups: BackupService;
  inspectBackup(file: string, passphrase: string | undefined): Promise<BackupInspection>;
  /** Replaces the live database with a checked backup (the current one is kept aside) and signs everyone out. */
  restoreBackup(file: string, passphrase: string | undefined, ctx: Pick<CallContext, 'staff' | 'now'>): Promise<RestoreResult>;
}

export class Core {
  private sessions = new Map<string, Session>();
  private kind: 'live' | 'demo' = 'live';
  readonly services: CoreServices;
  private readonly now: () => Date;
  private readonly backups: BackupService;
  /** Set while a restore swaps the database: new calls wait for it. */
  private swapping: Promise<void> | null = null;
  private inFlight = 0;
  private closed = false;
  /** The signed-in accounts and the settings, kept between calls for the open database (call-cache.ts). */
  private cache: CallCache;
  /** The checks started after opening (weekly audit-chain check, then the daily backup); settles, never rejects. */
  startupTasks: Promise<void> = Promise.resolve();
  /** Checks the audit chain when a week has passed since the last check, for desks left running for days. */
  private readonly chainTimer = setInterval(() => void checkAuditChainIfDue(this.current.db, this.now()).catch(() => undefined), 6 * 3600 * 1000).unref();

  private constructor(
    private current: OpenedDatabase,
    private readonly options: CoreOptions,
    private readonly handlers: Handlers,
  ) {
    this.now = options.now ?? (() => new Date());
    this.backups = new BackupService(() => this.current, this.now);
    this.cache = new CallCache(current);
    this.services = {
      passwordCost: options.passwordCost ?? 'standard',
      deskId: options.deskId ?? hostname(),
      startSession: (s, staffId) => {
        s.staffId = staffId;
        s.locked = false;
        s.lastActivity = this.now().getTime();
      },
      clearSession: (s) => {
        s.staffId = null;
        s.locked = false;
      },
      endSessionsFor: (staffId) => {
        for (const s of this.sessions.values()) if (s.staffId === staffId) this.services.clearSession(s);
      },
      databaseInfo: () => ({ kind: this.kind, path: this.current.file, demoAvailable: !!this.options.fillDemo }),
      openDemo: (scale) => this.openDemo(scale),
      closeDemo: () => this.switchTo('live'),
      backups: this.backups,
      inspectBackup: (file, passphrase) => this.inspectBackup(file, passphrase),
      restoreBackup: (file, passphrase, ctx) => this.restoreBackup(file, passphrase, ctx),
    };
  }

  static async open(options: CoreOptions): Promise<Core> {
    const opened = await openDatabase(Core.liveFile(options), options);
    const now = options.now ?? (() => new Date());
    const core = new Core(opened, options, allHandlers);
    // The audit chain check first, then the backup service (deferred full check, then the daily backup if due).
    core.startupTasks = checkAuditChainIfDue(opened.db, now())
      .catch(() => undefined)
      .then(() => (core.closed ? undefined : core.backups.start()))
      .then(() => undefined, () => undefined);
    return core;
  }

  static liveFile(options: CoreOptions): string {
    return options.databaseFile ?? path.join(options.dataDir, 'recovery-college.sqlite');
  }

  static demoFile(options: CoreOptions): string {
    return path.join(options.dataDir, 'training-demo.sqlite');
  }

  get database(): OpenedDatabase {
    return this.current;
  }

  /** The one entry point: every call from the preload or the harness comes through here. Never throws. */
  async call<K extends MethodName>(sessionKey: string, method: K, rawInput: MethodInput<K>): Promise<ApiResult<MethodResult<K>>>;
  async call(sessionKey: string, method: unknown, rawInput: unknown): Promise<ApiResult<unknown>>;
  async call(sessionKey: string, method: unknown, rawInput: unknown): Promise<ApiResult<unknown>> {
    while (this.swapping) await this.swapping;
    this.inFlight++;
    try {
      if (!isMethodName(method)) throw new ApiError('UNKNOWN_METHOD', 'The app asked for something it does not know how to do. Please restart the app.');
      const session = this.session(sessionKey);
      const staff = await this.authorise(session, method);
      const spec = contract[method];
      const parsed = (spec.input as z.ZodType).safeParse(rawInput ?? {});
      if (!parsed.success) throw toValidationError(parsed.error);
      const handler = this.handlers[method] as (ctx: CallContext, input: unknown) => Promise<unknown>;
      const value = spec.kind === 'write' ? await this.runWrite(handler, staff, session, parsed.data) : await this.runRead(handler, staff, session, parsed.data);
      if (session.staffId !== null && !session.locked) session.lastActivity = this.now().getTime();
      return { ok: true, value };
    } catch (e) {
      if (e instanceof ApiError) return { ok: false, error: e.toData() };
      const problem = storageProblem(e);
      if (problem) {
        console.error(`[core] ${String(method)} failed with a storage problem (${problem.code}):`, (e as Error).message);
        return { ok: false, error: { code: 'STORAGE', message: problem.message } };
      }
      // Log the shape of the failure, never the input (it may hold health data).
      console.error(`[core] ${String(method)} failed:`, e instanceof Error ? e.stack : e);
      return {
        ok: false,
        error: { code: 'INTERNAL', message: 'Something went wrong and nothing was changed. Please try again; if it keeps happening, tell your manager.' },
      };
    } finally {
      this.inFlight--;
    }
  }

  /**
   * A write: one transaction for the handler's changes and its audit rows, committed together. If the handler
   * throws, everything rolls back; `CommitThenRefuse` commits and then refuses (a counted failed sign-in).
   */
  private async runWrite(handler: (ctx: CallContext, input: unknown) => Promise<unknown>, staff: SignedInStaff | null, session: Session, input: unknown): Promise<unknown> {
    const audits: AuditRecord[] = [];
    const afterCommit: (() => void)[] = [];
    const outcome = await this.current.db.transaction().execute(async (trx) => {
      const db = this.options.testWrapTransaction ? this.options.testWrapTransaction(trx) : trx;
      const ctx: CallContext = {
        db,
        staff,
        session,
        now: this.now,
        services: this.services,
        audit: (entry) => void audits.push(entry),
        afterCommit: (fn) => void afterCommit.push(fn),
      };
      let result: { value: unknown } | { refusal: ApiError };
      try {
        result = { value: await handler(ctx, input) };
      } catch (e) {
        if (!(e instanceof CommitThenRefuse)) throw e;
        result = { refusal: e.refusal };
      }
      for (const entry of audits) await writeAudit(db, { now: this.now, staff }, entry);
      return result;
    });
    for (const fn of afterCommit) fn();
    if ('refusal' in outcome) throw outcome.refusal;
    return outcome.value;
  }

  /** A read: a handle that refuses to change anything, and no audit recorder. */
  private async runRead(handler: (ctx: CallContext, input: unknown) => Promise<unknown>, staff: SignedInStaff | null, session: Session, input: unknown): Promise<unknown> {
    const afterCommit: (() => void)[] = [];
    const ctx: CallContext = {
      db: this.readOnly(),
      staff,
      session,
      now: this.now,
      services: this.services,
      audit: () => {
        throw new Error('A read method tried to write an audit row; declare it as kind: \'write\' in the contract.');
      },
      afterCommit: (fn) => void afterCommit.push(fn),
    };
    const value = await handler(ctx, input);
    for (const fn of afterCommit) fn();
    return value;
  }

  private readOnlyFor: { db: Kysely<Database>; handle: Kysely<Database> } | null = null;
  private readOnly(): Kysely<Database> {
    if (this.readOnlyFor?.db !== this.current.db) this.readOnlyFor = { db: this.current.db, handle: this.current.db.withPlugin(new ReadOnlyPlugin()) };
    return this.readOnlyFor.handle;
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
    await this.current.close();
  }

  private session(key: string): Session {
    let s = this.sessions.get(key);
    if (!s) {
      s = { key, staffId: null, lastActivity: this.now().getTime(), locked: false };
      this.sessions.set(key, s);
    }
    return s;
  }

  /** Checks the method's access for whoever is signed in on this session, as their account stands now. */
  private async authorise(session: Session, method: MethodName): Promise<SignedInStaff | null> {
    const access = contract[method].access;
    let staff: SignedInStaff | null = null;
    if (session.staffId !== null) {
      staff = await this.cache.signedIn(session.staffId);
      if (!staff) this.services.clearSession(session);
    }
    if (access === 'public') return staff;
    if (!staff) throw new ApiError('NOT_SIGNED_IN', 'Please sign in to continue.');

    const { idleLockMinutes } = await this.cache.settings();
    if (!session.locked && this.now().getTime() - session.lastActivity > idleLockMinutes * 60_000) session.locked = true;
    if (session.locked && method !== 'auth.unlock' && method !== 'auth.status') {
      throw new ApiError('LOCKED', 'The app locked itself after being idle. Please enter your password to carry on.');
    }
    if (staff.mustChangePassword && !method.startsWith('auth.')) {
      throw new ApiError('FORBIDDEN', 'Please choose a new password before carrying on.');
    }
    if (access !== 'signedIn' && !roleCan(staff.role, access)) {
      throw new ApiError('FORBIDDEN', `Your role (${staff.role}) cannot ${PERMISSION_WORDS[access]}. Please ask a manager if you need to.`);
    }
    return staff;
  }

  private async openDemo(scale: number): Promise<{ students: number }> {
    if (!this.options.fillDemo) throw new ApiError('FORBIDDEN', 'The training database is not available in this build.');
    const file = Core.demoFile(this.options);
    const isNew = !existsSync(file);
    await this.switchTo('demo');
    if (isNew) return this.options.fillDemo(this.current, scale, this.now(), this.services.passwordCost);
    const { n } = await this.current.db.selectFrom('students').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { students: Number(n) };
  }

  private async switchTo(kind: 'live' | 'demo'): Promise<void> {
    if (kind === this.kind) return;
    const file = kind === 'live' ? Core.liveFile(this.options) : Core.demoFile(this.options);
    const next = await openDatabase(file, { ...this.options, disposable: kind === 'demo' });
    this.backups.stop();
    await this.backups.idle();
    await this.current.close();
    this.current = next;
    this.cache = new CallCache(next);
    this.kind = kind;
    if (kind === 'live') this.backups.start();
    for (const s of this.sessions.values()) this.services.clearSession(s);
  }

  private async inspectBackup(file: string, passphrase: string | undefined): Promise<BackupInspection> {
    const prepared = await prepareRestore(file, Core.liveFile(this.options), passphrase, this.options);
    prepared.discard();
    const { source, takenAt, schema, schemaOlder, encrypted, counts } = prepared;
    return { source, takenAt, schema, schemaOlder, encrypted, counts, current: databaseCounts(this.current.sqlite) };
  }

  private async restoreBackup(file: string, passphrase: string | undefined, ctx: Pick<CallContext, 'staff' | 'now'>): Promise<RestoreResult> {
    if (this.kind !== 'live') throw new ApiError('FORBIDDEN', 'Restoring a backup is for the real database: please leave the training database first.');
    const live = Core.liveFile(this.options);
    const prepared = await prepareRestore(file, live, passphrase, this.options);
    let release = () => {};
    this.swapping = new Promise((r) => (release = r));
    try {
      // Let other calls already under way finish (this call is one of them), and any backup, before the swap.
      for (let i = 0; i < 100 && this.inFlight > 1; i++) await new Promise((r) => setTimeout(r, 20));
      this.backups.stop();
      await this.backups.idle();
      const summary = `restored backup ${path.basename(file)} (taken ${prepared.takenAt})`;
      await writeAudit(this.current.db, ctx, { action: 'restore', entity: 'database', entityId: null, summary: `${summary}; this database was set aside` });
      await this.current.close();
      const swap = swapIn(prepared, live, this.now());
      try {
        this.current = await openDatabase(live, this.options);
      } catch (e) {
        swap.undo();
        this.current = await openDatabase(live, this.options);
        throw e;
      } finally {
        this.cache = new CallCache(this.current);
      }
      // The restored database has its own staff accounts: name the person if they exist there, and sign everyone out.
      const staffId = ctx.staff?.id ?? null;
      const known = staffId !== null && !!(await this.current.db.selectFrom('staff').select('id').where('id', '=', staffId).executeTakeFirst());
      await writeAudit(this.current.db, { now: this.now, staff: known ? { id: staffId } : null }, {
        action: 'restore',
        entity: 'database',
        entityId: null,
        summary: `${summary}${known ? '' : ` by ${ctx.staff?.displayName ?? 'a manager'}`}; the replaced database is at ${swap.setAside ?? '(none)'}`,
      });
      for (const s of this.sessions.values()) this.services.clearSession(s);
      return { restoredFrom: file, setAside: swap.setAside ?? '' };
    } finally {
      prepared.discard();
      if (!this.closed) this.backups.start();
      this.swapping = null;
      release();
    }
  }
}

function toValidationError(error: z.ZodError): ApiError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.filter((p) => p !== 'fields').join('.') || 'input';
    fields[key] ??= issue.message;
  }
  const count = Object.keys(fields).length;
  const message = count === 1 ? Object.values(fields)[0] : `Please check the ${count} highlighted fields.`;
  return new ApiError('VALIDATION', message, { fields });
}
