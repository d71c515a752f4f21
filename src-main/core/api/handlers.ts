// Types every capability's handlers are written against: one async function per contract method.
import type { Kysely, Transaction } from 'kysely';
import type { MethodName, MethodResult, ParsedInput } from '../../contract/contract';
import type { SignedInStaff } from '../../contract/staff';
import type { Database } from '../db/schema';
import type { CoreServices } from './core';

export type Db = Kysely<Database> | Transaction<Database>;

export interface Session {
  key: string;
  staffId: number | null;
  lastActivity: number;
  locked: boolean;
}

export interface CallContext {
  db: Kysely<Database>;
  /** The signed-in person; null only inside `public` methods. */
  staff: SignedInStaff | null;
  session: Session;
  now: () => Date;
  services: CoreServices;
}

/** Context for methods that require someone signed in. */
export interface StaffContext extends CallContext {
  staff: SignedInStaff;
}

export type Handler<K extends MethodName> = (ctx: StaffContext, input: ParsedInput<K>) => Promise<MethodResult<K>>;

export type Handlers = { [K in MethodName]: Handler<K> };

/** The handlers for every method whose name starts with a prefix, e.g. `students.`. */
export type HandlersFor<P extends string> = { [K in MethodName as K extends `${P}${string}` ? K : never]: Handler<K> };

export function signedIn(ctx: CallContext): StaffContext {
  if (!ctx.staff) throw new Error('Handler reached without a signed-in person');
  return ctx as StaffContext;
}

export function nowIso(ctx: Pick<CallContext, 'now'>): string {
  return ctx.now().toISOString();
}
