// Human reference numbers (RC-…, EXP-…, PB-…) from a counter row bumped in the caller's transaction: never max(id)+1,
// so a number is never reused after a discard and two writers can never take the same one.
import type { Db } from '../api/handlers';

export const COUNTERS = {
  student: { prefix: 'RC-' },
  claim: { prefix: 'EXP-' },
  payment_batch: { prefix: 'PB-' },
} as const;
export type CounterName = keyof typeof COUNTERS;

/** Takes `count` consecutive numbers and returns the first. Call inside the transaction that writes the rows. */
export async function takeNumbers(db: Db, name: CounterName, count = 1): Promise<number> {
  const row = await db
    .updateTable('counters')
    .set((eb) => ({ next: eb('next', '+', count) }))
    .where('name', '=', name)
    .returning('next')
    .executeTakeFirst();
  if (!row) throw new Error(`The ${name} counter is missing (migration 0008b)`);
  return row.next - count;
}

export function formatReference(name: CounterName, n: number): string {
  return `${COUNTERS[name].prefix}${String(n).padStart(6, '0')}`;
}

/** The next reference of this kind, taken for good (discarding the row later does not give it back). */
export async function nextReference(db: Db, name: CounterName): Promise<string> {
  return formatReference(name, await takeNumbers(db, name));
}
