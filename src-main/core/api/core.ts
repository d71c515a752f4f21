// The core: owns the open database and the signed-in sessions, and runs every API call through one checked path.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import { contract, isMethodName, type MethodInput, type MethodName, type MethodResult } from '../../contract/contract';
import { READ_AUDITS, type ReadAudit, type ReadAudits } from '../../contract/read-audits';
import { ApiError, type ApiResult } from '../../contract/errors';
import { PERMISSION_WORDS, roleCan } from '../../contract/permissions';
import type { SignedInStaff } from '../../contract/staff';
import { checkAuditChainIfDue } from '../audit/chain';
import type { PasswordCost } from '../auth/passwords';
import { recentlyAudited, writeAudit, type AuditRecord } from '../audit/audit';
import { openDatabase, takeDailyBackupIfDue, type OpenedDatabase, type OpenOptions } from '../db/open';
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
  /** Copies the write-ahead log into the database file and empties it (after an erasure, so no old page survives there). */
  checkpointWal(): void;
}

export class Core {
  private sessions = new Map<string, Session>();
  private kind: 'live' | 'demo' = 'live';
  readonly services: CoreServices;
  private readonly now: () => Date;
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
      checkpointWal: () => void this.current.sqlite.pragma('wal_checkpoint(TRUNCATE)'),
    };
  }

  static async open(options: CoreOptions): Promise<Core> {
    const opened = await openDatabase(Core.liveFile(options), options);
    const now = options.now ?? (() => new Date());
    const background = checkAuditChainIfDue(opened.db, now())
      .catch(() => undefined)
      .then(() => takeDailyBackupIfDue(opened))
      .then(() => undefined, () => undefined);
    const core = new Core(opened, options, allHandlers);
    core.startupTasks = background;
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
    try {
      if (!isMethodName(method)) throw new ApiError('UNKNOWN_METHOD', 'The app asked for something it does not know how to do. Please restart the app.');
      const session = this.session(sessionKey);
      const staff = await this.authorise(session, method);
      const spec = contract[method];
      const parsed = (spec.input as z.ZodType).safeParse(rawInput ?? {});
      if (!parsed.success) throw toValidationError(parsed.error);
      const handler = this.handlers[method] as (ctx: CallContext, input: unknown) => Promise<unknown>;
      const value = spec.kind === 'write' ? await this.runWrite(handler, staff, session, parsed.data) : await this.runRead(method, handler, staff, session, parsed.data);
      if (session.staffId !== null && !session.locked) session.lastActivity = this.now().getTime();
      return { ok: true, value };
    } catch (e) {
      if (e instanceof ApiError) return { ok: false, error: e.toData() };
      // Log the shape of the failure, never the input (it may hold health data).
      console.error(`[core] ${String(method)} failed:`, e instanceof Error ? e.stack : e);
      return {
        ok: false,
        error: { code: 'INTERNAL', message: 'Something went wrong and nothing was changed. Please try again; if it keeps happening, tell your manager.' },
      };
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
  private async runRead(method: MethodName, handler: (ctx: CallContext, input: unknown) => Promise<unknown>, staff: SignedInStaff | null, session: Session, input: unknown): Promise<unknown> {
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
    await this.auditRead(method, staff, input, value);
    for (const fn of afterCommit) fn();
    return value;
  }

  /** A sensitive read (READ_AUDITS) is recorded before its result is handed over; if it cannot be recorded, nothing is shown. */
  private async auditRead(method: MethodName, staff: SignedInStaff | null, input: unknown, value: unknown): Promise<void> {
    const spec = (READ_AUDITS as ReadAudits)[method] as ReadAudit<MethodName> | undefined;
    if (!spec || (spec.when && !spec.when(input as never, value as never))) return;
    const entry = { action: spec.action, entity: spec.entity, entityId: spec.entityId(input as never, value as never), summary: spec.summary?.(input as never, value as never) ?? null };
    if (await recentlyAudited(this.current.db, staff?.id ?? null, entry, this.now())) return;
    await writeAudit(this.current.db, { now: this.now, staff }, entry);
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
    clearInterval(this.chainTimer);
    this.sessions.clear();
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
    const next = await openDatabase(file, this.options);
    await this.current.close();
    this.current = next;
    this.cache = new CallCache(next);
    this.kind = kind;
    for (const s of this.sessions.values()) this.services.clearSession(s);
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
