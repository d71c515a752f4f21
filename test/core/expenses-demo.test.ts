// The training database's expenses: claims in every state, valid and visible through the API.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fillExpensesDemo } from '../../src-main/core/expenses/demo';
import { makeWorld, type World } from './expenses-fixtures';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.t.close());

it('fills payees, claims in every state, a paid batch and involvement payments', async () => {
  const r = await fillExpensesDemo(w.t.core.database.db, new Date('2026-11-20T12:00:00Z'));
  expect(r.claims).toBe(7);
  const statuses = (await w.t.ok(w.coordinator, 'expenses.claims.list', { pageSize: 200 })).rows.map((c) => c.status);
  for (const s of ['draft', 'submitted', 'approved', 'rejected', 'paid'] as const) expect(statuses).toContain(s);
  const batches = await w.t.ok(w.coordinator, 'expenses.batches.list', {});
  expect(batches.rows.map((b) => b.status)).toEqual(['paid']);
  expect((await w.t.ok(w.coordinator, 'expenses.involvement.list', {})).length).toBe(2);
});
