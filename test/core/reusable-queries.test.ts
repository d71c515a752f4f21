// Queries compiled once and reused (db/reusable.ts): each call's values reach SQLite, not the first call's; each shape
// keeps its own SQL; and only reads may be reused, since a reused query skips the read-only handle's check.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { byShape, reusableQuery } from '../../src-main/core/db/reusable';
import { makeTestCore, type TestCore } from '../helpers/core';

let t: TestCore;
beforeEach(async () => {
  t = await makeTestCore();
  await t.signInAs('admin');
});
afterEach(() => t.close());

describe('a query compiled once', () => {
  it('answers each call with that call’s values', async () => {
    const staffNamed = reusableQuery((db, username: string) => db.selectFrom('staff').select(['username']).where('username', '=', username));
    const all = (await t.core.database.db.selectFrom('staff').select('username').orderBy('id').execute()).map((r) => r.username);
    expect(all.length).toBeGreaterThan(1);
    for (const u of [...all, 'nobody', all[0]]) {
      expect((await staffNamed(t.core.database.db, u)).map((r) => r.username)).toEqual(all.includes(u) ? [u] : []);
    }
  });

  it('passes values through sql fragments and LIMIT, and keeps one compiled query per shape', async () => {
    const q = byShape((shape: { order: 'asc' | 'desc' }) =>
      reusableQuery((db, min: number, limit: number) => db.selectFrom('staff').select('id').where(sql<boolean>`id >= ${min}`).orderBy('id', shape.order).limit(limit)),
    );
    expect(q({ order: 'asc' })).toBe(q({ order: 'asc' }));
    const ids = (await t.core.database.db.selectFrom('staff').select('id').orderBy('id').execute()).map((r) => r.id);
    expect((await q({ order: 'asc' })(t.core.database.db, ids[1], 1)).map((r) => r.id)).toEqual([ids[1]]);
    expect((await q({ order: 'desc' })(t.core.database.db, ids[0], 2)).map((r) => r.id)).toEqual(ids.slice(-2).reverse());
    expect((await q({ order: 'asc' })(t.core.database.db, ids[0], 3)).map((r) => r.id)).toEqual(ids.slice(0, 3));
  });

  it('refuses to reuse a write, and changes nothing', async () => {
    const before = await t.core.database.db.selectFrom('staff').select(['id', 'display_name']).execute();
    const rename = reusableQuery((db, name: string) => db.updateTable('staff').set({ display_name: name }));
    await expect(rename(t.core.database.db, 'Everyone')).rejects.toThrow(/Only reads may be reused/);
    const raw = reusableQuery((_db, name: string) => sql`UPDATE staff SET display_name = ${name}`);
    await expect(raw(t.core.database.db, 'Everyone')).rejects.toThrow(/Only reads may be reused/);
    expect(await t.core.database.db.selectFrom('staff').select(['id', 'display_name']).execute()).toEqual(before);
  });
});
