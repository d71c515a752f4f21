// Human references (RC-…, EXP-…, PB-…) come from a counter bumped in the same transaction: never reused, never shared.
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestCore, validStudent, type TestCore } from '../helpers/core';
import { makeWorld, type World } from './expenses-fixtures';

let t: TestCore | undefined;
let w: World | undefined;
afterEach(async () => {
  await t?.close();
  await w?.t.close();
  t = w = undefined;
});

describe('reference numbers', () => {
  it('never gives a discarded claim’s reference to the next claim', async () => {
    w = await makeWorld();
    const first = await w.t.ok(w.admin, 'expenses.claims.create', { payeeId: w.patId });
    await w.t.ok(w.admin, 'expenses.claims.discard', { id: first.id });
    const second = await w.t.ok(w.admin, 'expenses.claims.create', { payeeId: w.patId });
    expect(second.reference).not.toBe(first.reference);
    expect(second.reference).toBe('EXP-000002');
  });

  it('gives every student a different reference when many are added at once', async () => {
    t = await makeTestCore();
    const admin = await t.signInAs('admin');
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t!.ok(admin, 'students.create', { fields: validStudent({ firstName: `Person${i}`, surname: `Number${i}` }), confirmedNotDuplicate: true })),
    );
    const refs = created.map((s) => s.reference);
    expect(new Set(refs).size).toBe(20);
    expect(refs.toSorted()).toEqual(Array.from({ length: 20 }, (_, i) => `RC-${String(i + 1).padStart(6, '0')}`));
  });

  it('does not reuse a student reference when the newest student row is gone', async () => {
    t = await makeTestCore();
    const admin = await t.signInAs('admin');
    const a = await t.ok(admin, 'students.create', { fields: validStudent() });
    // Delete the newest row behind the app's back (as a restore of an older row set might): the number still moves on.
    await t.core.database.db.deleteFrom('students').where('id', '=', a.id).execute();
    const b = await t.ok(admin, 'students.create', { fields: validStudent({ firstName: 'Other' }), confirmedNotDuplicate: true });
    expect(b.reference).toBe('RC-000002');
  });
});
