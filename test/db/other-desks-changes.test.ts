// Two desks on one college server: what one desk changes reaches the other's core as it commits (LISTEN/NOTIFY), so
// its windows refresh within seconds; a desk is not told of its own changes, and a change that rolled back is never
// announced.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../../src-main/core/api/core';
import { TEST_PASSWORD, validStudent } from '../helpers/core';
import { admin, failWithoutPostgresInCI, freshPostgresDatabase, POSTGRES_URL, type FreshDatabase } from '../helpers/postgres';

failWithoutPostgresInCI();

async function until<T>(what: string, fn: () => Promise<T | null>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await fn();
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Waited 10 seconds for ${what}`);
}

describe.skipIf(!POSTGRES_URL)('another desk’s changes on the college server', () => {
  let server: FreshDatabase;
  const dirs: string[] = [];
  const cores: Core[] = [];
  const desk = async (name: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), `rcd-${name}-`));
    dirs.push(dir);
    const core = await Core.open({ dataDir: dir, deskId: name, passwordCost: 'fast', server: { connection: server.url, migrate: true } });
    cores.push(core);
    return core;
  };
  const ok = async (core: Core, session: string, method: Parameters<Core['call']>[1], input: unknown) => {
    const r = await core.call(session, method, input as never);
    if (!r.ok) throw new Error(`${String(method)}: ${r.error.message}`);
    return r.value as never;
  };

  beforeEach(async () => {
    server = await freshPostgresDatabase();
  });
  afterEach(async () => {
    for (const c of cores.splice(0)) await c.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    await server.drop();
  });

  it('tells the coordinator’s desk, within seconds, that reception added a student; reception is not told of its own change', async () => {
    const reception = await desk('reception');
    await ok(reception, 'setup', 'auth.setupFirstManager', { username: 'first.manager', displayName: 'First Manager', password: TEST_PASSWORD });
    const office = await desk('office');
    await ok(office, 'office', 'auth.signIn', { username: 'first.manager', password: TEST_PASSWORD });

    const start = (await ok(office, 'office', 'changes.since', { after: 0 })) as { seq: number; areas: string[] };
    expect(start.areas).toEqual([]);
    const mine = (await ok(reception, 'setup', 'changes.since', { after: 0 })) as { seq: number };

    const created = (await ok(reception, 'setup', 'students.create', { fields: validStudent({ firstName: 'Noor' }) })) as { id: number };

    const heard = await until('the office desk to hear of the new student', async () => {
      const r = (await ok(office, 'office', 'changes.since', { after: start.seq })) as { seq: number; areas: string[] };
      return r.seq > start.seq ? r : null;
    });
    expect(heard.areas).toContain('students.');
    // The student is there to read on the other desk at once.
    const found = (await ok(office, 'office', 'students.get', { id: created.id })) as { firstName: string };
    expect(found.firstName).toBe('Noor');
    // Reception made the change: its own list of others' changes has nothing new.
    const own = (await ok(reception, 'setup', 'changes.since', { after: mine.seq })) as { seq: number; areas: string[] };
    expect(own.seq).toBe(mine.seq);
  });

  it('listens again when its connection to the server is lost, and has every screen refreshed meanwhile', async () => {
    const reception = await desk('reception');
    await ok(reception, 'setup', 'auth.setupFirstManager', { username: 'first.manager', displayName: 'First Manager', password: TEST_PASSWORD });
    const office = await desk('office');
    await ok(office, 'office', 'auth.signIn', { username: 'first.manager', password: TEST_PASSWORD });
    const before = (await ok(office, 'office', 'changes.since', { after: 0 })) as { seq: number };
    // The server ends the desks' listening connections (a restart, a network blip).
    await admin(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${server.name}' and query like 'LISTEN%'`);
    const lost = await until('the office desk to notice', async () => {
      const r = (await ok(office, 'office', 'changes.since', { after: before.seq })) as { seq: number; areas: string[] };
      return r.areas.includes('') ? r : null;
    });
    // Listening again: a later change from reception is heard as before.
    const heard = await until('the office desk to hear reception again', async () => {
      await ok(reception, 'setup', 'settings.update', { idleLockMinutes: 11 } as never);
      const r = (await ok(office, 'office', 'changes.since', { after: lost.seq })) as { seq: number; areas: string[] };
      return r.areas.includes('settings.') ? r : null;
    });
    expect(heard.seq).toBeGreaterThan(lost.seq);
  });

  it('never announces a change that was refused and rolled back', async () => {
    const reception = await desk('reception');
    await ok(reception, 'setup', 'auth.setupFirstManager', { username: 'first.manager', displayName: 'First Manager', password: TEST_PASSWORD });
    const office = await desk('office');
    await ok(office, 'office', 'auth.signIn', { username: 'first.manager', password: TEST_PASSWORD });
    const before = (await ok(office, 'office', 'changes.since', { after: 0 })) as { seq: number };

    // Refused inside its transaction (no such student): nothing committed, nothing announced.
    const refused = await reception.call('setup', 'students.update', { id: 999_999, version: 1, fields: validStudent() } as never);
    expect(refused.ok).toBe(false);
    // A later, committed change is heard: everything before it has been delivered by then (one connection, in order).
    await ok(reception, 'setup', 'settings.update', { idleLockMinutes: 10 } as never);
    const after = await until('the committed change', async () => {
      const r = (await ok(office, 'office', 'changes.since', { after: before.seq })) as { seq: number; areas: string[] };
      return r.seq > before.seq ? r : null;
    });
    expect(after.areas).toEqual(['settings.']);
    expect(after.seq).toBe(before.seq + 1);
  });
});
