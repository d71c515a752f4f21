// Types every capability's handlers are written against: one async function per contract method.
import type { Kysely, Transaction } from 'kysely';
import type { MethodName, MethodResult, ParsedInput } from '../../contract/contract';
import type { ApiError } from '../../contract/errors';
import type { SignedInStaff } from '../../contract/staff';
import type { AuditRecord } from '../audit/audit';
import type { Database } from '../db/schema';
import type { CoreServices } from './core';

export type Db = Kysely<Database> | Transaction<Database>;

export interface Session {
  key: string;
  /** Which database this window is in; its sign-in belongs to that database only. */
  database: 'live' | 'demo';
  staffId: number | null;
  lastActivity: number;
  locked: boolean;
}

export interface CallContext {
  /**
   * For a `write` method: the call's one transaction, opened and committed (or rolled back) by `Core.call`.
   * For a `read` method: a handle that refuses to change anything.
   */
  db: Db;
  /** The signed-in person; null only inside `public` methods. */
  staff: SignedInStaff | null;
  session: Session;
  now: () => Date;
  services: CoreServices;
  /**
   * Records an audit row for this call. `Core.call` writes the rows in the call's transaction, just before it
   * commits, so the change and its audit trail land together or not at all. Write methods only.
   */
  audit(entry: AuditRecord): void;
  /** Runs once the call's changes are committed: session changes that must not survive a rolled-back write. */
  afterCommit(fn: () => void): void;
  /** For a write method with a preparer (`Preparers`): what it computed before the transaction opened; else undefined. */
  prepared?: unknown;
}

/** Context for methods that require someone signed in. */
export interface StaffContext extends CallContext {
  staff: SignedInStaff;
}

export type Handler<K extends MethodName> = (ctx: StaffContext, input: ParsedInput<K>) => Promise<MethodResult<K>>;

export type Handlers = { [K in MethodName]: Handler<K> };

/**
 * Read-only work a write method does before its transaction opens, on one consistent snapshot of the last committed
 * state (`OpenedDatabase.withSnapshot`), so a long computation (a contract return) holds neither the writing
 * connection nor the read connection and other windows are answered meanwhile. Its result reaches the handler as
 * `ctx.prepared`. Only for work whose correctness does not depend on nothing changing before the write.
 */
export type Preparer<K extends MethodName> = (ctx: StaffContext, input: ParsedInput<K>) => Promise<unknown>;
export type Preparers = { [K in MethodName]?: Preparer<K> };

/** The handlers for every method whose name starts with a prefix, e.g. `students.`. */
export type HandlersFor<P extends string> = { [K in MethodName as K extends `${P}${string}` ? K : never]: Handler<K> };

export function signedIn(ctx: CallContext): StaffContext {
  if (!ctx.staff) throw new Error('Handler reached without a signed-in person');
  return ctx as StaffContext;
}

export function nowIso(ctx: Pick<CallContext, 'now'>): string {
  return ctx.now().toISOString();
}

/**
 * Thrown by a write handler to refuse the call while keeping what it wrote: `Core.call` commits the
 * transaction (with its audit rows), then returns the refusal. A wrong password is refused, but its
 * failed attempt must still count.
 */
export class CommitThenRefuse extends Error {
  constructor(readonly refusal: ApiError) {
    super(refusal.message);
    this.name = 'CommitThenRefuse';
  }
}
