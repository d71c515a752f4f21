// The manager recovery key: shown once (at first run, or when a manager makes a new one), only its hash kept. With it,
// a new password can be set for a manager account from the sign-in screen, so a college whose only manager forgot
// their password is never locked out. It resets the manager password and nothing else.
import { randomInt } from 'node:crypto';
import { ApiError } from '../../contract/errors';
import type { Db } from '../api/handlers';
import type { PasswordCost } from './passwords';
import { hashPassword, verifyPassword, dummyHash } from './passwords';

// No 0/O, 1/I/L or U: easy to read aloud and to type from paper.
const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
const GROUPS = 6;
const GROUP_LENGTH = 5;

/** 30 characters from 30 symbols: about 147 bits, far beyond guessing. Shown as `ABCDE-FGHJK-…`. */
export function makeRecoveryKey(): string {
  return Array.from({ length: GROUPS }, () => Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')).join('-');
}

/** Typed keys match however they are spaced or cased. */
export function normaliseRecoveryKey(typed: string): string {
  return typed.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Makes and stores a new key (replacing any old one) and returns it, to be shown once. */
export async function replaceRecoveryKey(db: Db, cost: PasswordCost, now: Date, staffId: number): Promise<string> {
  const key = makeRecoveryKey();
  const hash = await hashPassword(normaliseRecoveryKey(key), cost);
  const at = now.toISOString();
  await db
    .insertInto('manager_recovery')
    .values({ id: 1, key_hash: hash, created_at: at, created_by: staffId })
    .onConflict((oc) => oc.column('id').doUpdateSet({ key_hash: hash, created_at: at, created_by: staffId }))
    .execute();
  return key;
}

/** Whether the typed key is the college's current one (hashing even when there is none, so timing says nothing). */
export async function recoveryKeyMatches(db: Db, cost: PasswordCost, typed: string): Promise<boolean> {
  const row = await db.selectFrom('manager_recovery').select('key_hash').where('id', '=', 1).executeTakeFirst();
  const right = await verifyPassword(normaliseRecoveryKey(typed), row?.key_hash ?? dummyHash(cost));
  return !!row && right;
}

export const WRONG_RECOVERY = new ApiError(
  'recovery.wrong-key',
  'That recovery key and manager username do not match. Please check the key as it was printed or stored, and the username of a manager account.',
  { fields: { recoveryKey: 'That recovery key and manager username do not match.' } },
);
