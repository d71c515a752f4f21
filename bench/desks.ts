// `npx tsx bench/desks.ts [--scale 20000] [--seconds 60] [--desks 5] [--think 100] [--url postgres://…] [--only postgres|sqlite] [--json file]`:
// several desks working at once on the college of bench/college.ts (cached), a mixed day's work — searches, opening
// registers, marking attendance, entering claims and approving them, one contract return — for a fixed time, on each
// engine: PostgreSQL with each desk a separate process (test/desks/desk-process.ts, its own Core and pool), and SQLite
// with the same windows as windows of one Core in this process (one desk file is only ever opened by one desk's core).
// Prints p50/p95 per action side by side, every call refused or failed (errors shown to staff), and the writes each
// window saw succeed checked against the database afterwards (lost writes). Figures only, never assertions.
//
// The server college is the cached SQLite college moved with the portable move (src-main/core/db/portable/move.ts),
// kept on the server as a template database named after the cached file and copied for each run.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { Core } from '../src-main/core/api/core';
import { verifyAuditChain } from '../src-main/core/audit/chain';
import { openPostgres } from '../src-main/core/db/postgres';
import { moveDeskToServer } from '../src-main/core/db/portable/move';
import type { Database } from '../src-main/core/db/schema';
import { DEMO_ACCOUNTS } from '../src-main/core/demo/accounts';
import { MARKS, type Mark } from '../src-main/contract/registers';
import { deskCall, startDesks, type DeskCall, type TimedResult } from '../test/desks/desks';
import { BENCH_NOW, describeCollege, ensureCollege } from './college';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '60' },
    desks: { type: 'string', default: '5' },
    think: { type: 'string', default: '100' },
    url: { type: 'string' },
    only: { type: 'string' },
    json: { type: 'string' },
  },
});
const scale = Number(values.scale);
const seconds = Number(values.seconds);
const deskCount = Number(values.desks);
const thinkMs = Number(values.think);
const serverUrl = values.url ?? process.env.RCD_TEST_POSTGRES_URL;
const engines = values.only ? [values.only] : ['postgres', 'sqlite'];
if (engines.includes('postgres') && !serverUrl) {
  console.error('Give --url postgres://… (a server where this user may create databases), or start the test cluster: eval "$(scripts/pg-test-cluster.sh)".');
  process.exit(2);
}

console.log(`College of ${scale} students with history:`);
const cached = await ensureCollege(scale);
console.log(`  ${Object.entries(describeCollege(cached)).map(([k, v]) => `${v.toLocaleString('en-GB')} ${k.replace('_', ' ')}`).join(', ')}`);

// ── what the windows work on, read once from a copy of the college (the server's copy has the same rows and ids) ──
const sqliteDir = mkdtempSync(path.join(tmpdir(), 'rcd-bench-desks-'));
copyFileSync(cached, path.join(sqliteDir, 'recovery-college.sqlite'));
const clockOffset = BENCH_NOW.getTime() - Date.now();
/** The college's clock: real time, starting at the benchmark's "now" (late in the autumn term). */
const now = () => new Date(Date.now() + clockOffset);
const sqliteCore = await Core.open({ dataDir: sqliteDir, passwordCost: 'fast', now, allowAnyLocation: true });
const raw = sqliteCore.databaseFile!.sqlite;
const today = '2026-11-26';
const sessions = (
  raw
    .prepare(`SELECT s.id FROM sessions s JOIN course_runs cr ON cr.id = s.course_run_id WHERE s.status = 'scheduled' AND cr.cancelled_at IS NULL AND s.date <= ? AND s.date >= '2026-09-01' ORDER BY s.id`)
    .all(today) as { id: number }[]
).map((r) => r.id);
const onRegister = raw.prepare(`SELECT student_id AS p FROM attendance WHERE session_id = ? ORDER BY student_id`);
const registers = new Map(sessions.map((s) => [s, (onRegister.all(s) as { p: number }[]).map((r) => r.p)]));
const markable = sessions.filter((s) => registers.get(s)!.length > 0);
const surnames = (raw.prepare(`SELECT surname FROM students GROUP BY surname ORDER BY count(*) DESC LIMIT 60`).all() as { surname: string }[]).map((r) => r.surname);
const payees = (raw.prepare(`SELECT id FROM payees WHERE active = 1 ORDER BY id LIMIT 40`).all() as { id: number }[]).map((r) => r.id);
/**
 * The cached college's history claims were inserted with their EXP- references but the claim counter left behind them
 * (bench/college.ts), so the first claim a desk enters would take a reference already used: each working copy has its
 * counters brought up to the references in it first. (A college's own data never needs this: the core takes every
 * reference from the counter.)
 */
async function countersPastReferences(db: Kysely<Database>): Promise<void> {
  const tables = { student: 'students', claim: 'claims', payment_batch: 'payment_batches' } as const;
  for (const [name, table] of Object.entries(tables)) {
    const top = await db.selectFrom(table).select('reference').orderBy('reference', 'desc').limit(1).executeTakeFirst();
    const next = top ? Number(top.reference.replace(/^\D+-/, '')) + 1 : 1;
    await db.updateTable('counters').set({ next }).where('name', '=', name).where('next', '<', next).execute();
  }
}
await countersPastReferences(sqliteCore.database.db);
const password = DEMO_ACCOUNTS[0].password;
const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!.username;
console.log(`  ${markable.length} registers of this term to mark, ${surnames.length} surnames to search for, ${payees.length} payees`);

// ── the desks' work ──
type Action = 'search' | 'open register' | 'mark' | 'enter claim' | 'approve claim' | 'return';
const ACTIONS: Action[] = ['search', 'open register', 'mark', 'enter claim', 'approve claim', 'return'];
interface Part {
  role: 'admin' | 'coordinator' | 'manager';
  mix: Partial<Record<Action, number>>;
}
/** Reception marks registers, the office enters claims, the coordinator approves them, the manager runs the return. */
const PARTS: Part[] = [
  { role: 'admin', mix: { search: 4, 'open register': 3, mark: 3 } },
  { role: 'admin', mix: { search: 4, 'open register': 3, mark: 3 } },
  { role: 'admin', mix: { 'enter claim': 4, search: 3, 'open register': 3 } },
  { role: 'coordinator', mix: { 'approve claim': 4, search: 3, 'open register': 3 } },
  { role: 'manager', mix: { search: 5, 'open register': 5 } },
];

/** A window of a desk: where its calls go (a desk process's core, or a window of this process's core). */
interface Window {
  name: string;
  run(calls: DeskCall[]): Promise<TimedResult[]>;
}

interface Tally {
  ms: Record<Action, number[]>;
  errors: { action: Action; reason: string; message: string }[];
  /** The last mark each (session, student) was given by this window, as the window was told it was saved. */
  marks: Map<string, Mark>;
  writes: { marks: number; claims: number; lines: number; submitted: number; approved: number; returns: number };
}

const newTally = (): Tally => ({
  ms: Object.fromEntries(ACTIONS.map((a) => [a, []])) as unknown as Record<Action, number[]>,
  errors: [],
  marks: new Map(),
  writes: { marks: 0, claims: 0, lines: 0, submitted: 0, approved: 0, returns: 0 },
});

async function workday(windows: Window[]): Promise<Tally[]> {
  const tallies = windows.map(() => newTally());
  /** Claims entered and submitted, waiting for the coordinator. */
  const queue: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    windows.map(async (w, i) => {
      const part = PARTS[i % PARTS.length];
      const tally = tallies[i];
      let seed = 1000 + i;
      const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
      const weighted = Object.entries(part.mix) as [Action, number][];
      const total = weighted.reduce((n, [, x]) => n + x, 0);
      const choose = (): Action => {
        let r = rand() * total;
        for (const [a, x] of weighted) if ((r -= x) < 0) return a;
        return weighted[0][0];
      };
      // Each marking window has its own registers, so the last mark a pair was given is the one window's to know.
      const mine = markable.filter((_, k) => k % windows.length === i);
      const call = async (action: Action, calls: DeskCall[]) => {
        const results = await w.run(calls);
        tally.ms[action].push(results.reduce((n, r) => n + r.ms, 0));
        for (const { result } of results) if (!result.ok) tally.errors.push({ action, reason: result.error.reason, message: result.error.message });
        return results.map((r) => r.result);
      };
      let returned = part.role !== 'manager';
      while (performance.now() < deadline) {
        // The manager starts the year's return a few seconds in, while everyone else is busy.
        const action: Action = !returned && performance.now() > deadline - (seconds - 5) * 1000 ? 'return' : choose();
        switch (action) {
          case 'search': {
            const surname = pick(surnames);
            await call(action, [deskCall('w', 'students.search', { query: surname.slice(0, 3 + Math.floor(rand() * 3)).toLowerCase(), page: 1, pageSize: 25, sort: 'surname', direction: 'asc', includeArchived: false })]);
            break;
          }
          case 'open register':
            await call(action, [deskCall('w', 'registers.get', { sessionId: pick(sessions) })]);
            break;
          case 'mark': {
            const sessionId = pick(mine.length ? mine : markable);
            const studentId = pick(registers.get(sessionId)!);
            const mark = pick(MARKS);
            const [r] = await call(action, [deskCall('w', 'registers.mark', { sessionId, studentId, mark })]);
            if (r.ok) {
              tally.writes.marks++;
              if (mine.length) tally.marks.set(`${sessionId}:${studentId}`, mark);
            }
            break;
          }
          case 'enter claim': {
            let spent = 0;
            const one = async (c: DeskCall) => {
              const [r] = await w.run([c]);
              spent += r.ms;
              if (!r.result.ok) tally.errors.push({ action, reason: r.result.error.reason, message: r.result.error.message });
              return r.result;
            };
            const created = await one(deskCall('w', 'expenses.claims.create', { payeeId: pick(payees) }));
            if (!created.ok) break;
            tally.writes.claims++;
            const claimId = (created.value as { id: number }).id;
            const line = await one(deskCall('w', 'expenses.claims.addLine', { claimId, line: { date: '2026-11-12', category: 'mileage', miles: `${5 + Math.floor(rand() * 30)}.5`, vehicle: 'car_van', passengers: 0 } }));
            if (!line.ok) break;
            tally.writes.lines++;
            const submitted = await one(deskCall('w', 'expenses.claims.submit', { id: claimId }));
            if (!submitted.ok) break;
            tally.writes.submitted++;
            queue.push(claimId);
            // The three calls' own time; the gaps between them are the person's.
            tally.ms[action].push(spent);
            break;
          }
          case 'approve claim': {
            const id = queue.shift();
            if (id === undefined) {
              await call('search', [deskCall('w', 'students.search', { query: pick(surnames).slice(0, 4).toLowerCase(), page: 1, pageSize: 25, sort: 'surname', direction: 'asc', includeArchived: false })]);
              break;
            }
            const [r] = await call(action, [deskCall('w', 'expenses.claims.approve', { id })]);
            if (r.ok) tally.writes.approved++;
            break;
          }
          case 'return': {
            returned = true;
            const [r] = await call(action, [deskCall('w', 'returns.produce', { period: { kind: 'financialYear', financialYear: 2025 } })]);
            if (r.ok) tally.writes.returns++;
            break;
          }
        }
        await new Promise((r) => setTimeout(r, thinkMs * (0.5 + rand())));
      }
    }),
  );
  return tallies;
}

/** What the database holds of the windows' writes: each one they were told succeeded must be there. */
async function lostWrites(db: Kysely<Database>, before: Before, tallies: Tally[]): Promise<{ expected: Record<string, number>; found: Record<string, number>; marksNotAsSaved: number }> {
  const sum = (k: keyof Tally['writes']) => tallies.reduce((n, t) => n + t.writes[k], 0);
  const expected = { marks: sum('marks'), claims: sum('claims'), lines: sum('lines'), submitted: sum('submitted'), approved: sum('approved'), returns: sum('returns') };
  const count = async (q: Promise<{ n: number | string | bigint }>) => Number((await q).n);
  const audits = (entity: string, actions: string[]) =>
    count(db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('id', '>', before.auditId).where('entity', '=', entity).where('action', 'in', actions).executeTakeFirstOrThrow());
  const found = {
    marks: await audits('register', ['mark', 'late-correction:mark']),
    claims: await count(db.selectFrom('claims').select((eb) => eb.fn.countAll<number>().as('n')).where('id', '>', before.claimId).executeTakeFirstOrThrow()),
    lines: await count(db.selectFrom('claim_lines').select((eb) => eb.fn.countAll<number>().as('n')).where('id', '>', before.lineId).executeTakeFirstOrThrow()),
    submitted: await audits('claim', ['submit']),
    approved: await count(db.selectFrom('claims').select((eb) => eb.fn.countAll<number>().as('n')).where('id', '>', before.claimId).where('status', '=', 'approved').executeTakeFirstOrThrow()),
    returns: await count(db.selectFrom('returns').select((eb) => eb.fn.countAll<number>().as('n')).where('id', '>', before.returnId).executeTakeFirstOrThrow()),
  };
  let marksNotAsSaved = 0;
  for (const t of tallies) {
    for (const [key, mark] of t.marks) {
      const [s, p] = key.split(':').map(Number);
      const row = await db.selectFrom('attendance').select('mark').where('session_id', '=', s).where('student_id', '=', p).executeTakeFirst();
      if (row?.mark !== mark) marksNotAsSaved++;
    }
  }
  return { expected, found, marksNotAsSaved };
}

interface Before {
  auditId: number;
  claimId: number;
  lineId: number;
  returnId: number;
}
async function before(db: Kysely<Database>): Promise<Before> {
  const max = async (table: 'audit_log' | 'claims' | 'claim_lines' | 'returns') => Number((await db.selectFrom(table).select((eb) => eb.fn.max<number>('id').as('n')).executeTakeFirstOrThrow()).n ?? 0);
  return { auditId: await max('audit_log'), claimId: await max('claims'), lineId: await max('claim_lines'), returnId: await max('returns') };
}

interface EngineRun {
  label: string;
  tallies: Tally[];
  check: Awaited<ReturnType<typeof lostWrites>>;
  chain: string;
}
const runs: Partial<Record<'postgres' | 'sqlite', EngineRun>> = {};

// ── PostgreSQL: each desk a process with its own core on a copy of the server college ──
if (engines.includes('postgres')) {
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      return await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const template = `rcd_bench_${path.basename(cached, '.sqlite').replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
  const urlOf = (name: string) => {
    const u = new URL(serverUrl!);
    u.pathname = `/${name}`;
    return u.toString();
  };
  if ((await admin(`select 1 from pg_database where datname = '${template}'`)).rowCount === 0) {
    console.log(`Moving the college to the server as ${template} (once; kept for later runs)…`);
    await admin(`create database ${template}_moving`);
    const dir = mkdtempSync(path.join(tmpdir(), 'rcd-bench-move-'));
    const desk = path.join(dir, 'recovery-college.sqlite');
    copyFileSync(cached, desk);
    writeFileSync(`${desk}.desk.json`, JSON.stringify({ createdAt: new Date().toISOString(), cleanClose: true }));
    await (await openPostgres(urlOf(`${template}_moving`), { migrate: true })).close();
    const moved = await moveDeskToServer(desk, urlOf(`${template}_moving`));
    console.log(`  moved ${moved.rows.toLocaleString('en-GB')} rows in ${moved.seconds.toFixed(1)} s`);
    await admin(`alter database ${template}_moving rename to ${template}`);
    rmSync(dir, { recursive: true, force: true });
  }
  const working = `rcd_bench_desks_${process.pid}`;
  await admin(`create database ${working} template ${template} strategy file_copy`);
  const url = urlOf(working);
  // At this tree's schema (a template moved by an older version is brought up to date in the copy).
  const check = await openPostgres<Database>(url, { migrate: true });
  try {
    await countersPastReferences(check.db);
    console.log(`\nPostgreSQL: starting ${deskCount} desk processes…`);
    const desks = await startDesks(deskCount);
    try {
      await Promise.all(desks.map((d) => d.open(url, { clockFrom: now().toISOString() })));
      await Promise.all(desks.map((d, i) => d.signIn('w', account(PARTS[i % PARTS.length].role), password)));
      const b = await before(check.db);
      console.log(`  working for ${seconds} s…`);
      const tallies = await workday(desks.map((d) => ({ name: d.deskId, run: (calls) => d.run(calls, 'in-turn') })));
      const internal = desks.flatMap((d) => d.internalErrors());
      if (internal.length) console.log(`  the desks logged ${internal.length} internal errors:\n    ${[...new Set(internal)].slice(0, 5).join('\n    ')}`);
      const chain = await verifyAuditChain(check.db);
      runs.postgres = { label: `PostgreSQL: ${deskCount} desks, each its own process`, tallies, check: await lostWrites(check.db, b, tallies), chain: chain.ok ? `intact (${chain.rowsChecked.toLocaleString('en-GB')} entries)` : `BROKEN: ${chain.problem}` };
    } finally {
      await Promise.all(desks.map((d) => d.close()));
    }
  } finally {
    await check.close();
    await admin(`drop database if exists ${working} with (force)`);
  }
}

// ── SQLite: the same windows as windows of one core in this process ──
if (engines.includes('sqlite')) {
  console.log(`\nSQLite: one desk's core, ${deskCount} windows…`);
  const windows: Window[] = Array.from({ length: deskCount }, (_, i) => {
    const session = `window-${i + 1}`;
    return {
      name: session,
      run: async (calls) => {
        const out: TimedResult[] = [];
        for (const c of calls) {
          const started = performance.now();
          const result = await sqliteCore.call(session, c.method, c.input as never);
          out.push({ result, ms: performance.now() - started });
        }
        return out;
      },
    };
  });
  for (const [i, w] of windows.entries()) {
    const r = await sqliteCore.call(w.name, 'auth.signIn', { username: account(PARTS[i % PARTS.length].role), password });
    if (!r.ok) throw new Error(r.error.message);
  }
  const db = sqliteCore.database.db;
  const b = await before(db);
  console.log(`  working for ${seconds} s…`);
  const tallies = await workday(windows);
  const chain = await verifyAuditChain(db);
  runs.sqlite = { label: `SQLite: 1 desk, ${deskCount} windows of one core (one process)`, tallies, check: await lostWrites(db, b, tallies), chain: chain.ok ? `intact (${chain.rowsChecked.toLocaleString('en-GB')} entries)` : `BROKEN: ${chain.problem}` };
}
await sqliteCore.close();
rmSync(sqliteDir, { recursive: true, force: true });

// ── the figures ──
const quantile = (xs: number[], q: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] : NaN);
const fmt = (ms: number) => (Number.isNaN(ms) ? '—' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const shown = (['postgres', 'sqlite'] as const).filter((e) => runs[e]);
console.log(`\n${seconds} s of work, ${deskCount} windows, ${thinkMs} ms average pause between actions; times in ms, as the core answered each window:`);
for (const e of shown) console.log(`  ${e}: ${runs[e]!.label}`);
const header = ['action'.padEnd(15), ...shown.map((e) => `${e.padEnd(10)}      n    p50    p95`)].join(' │ ');
console.log(header);
console.log('─'.repeat(header.length));
const summary: Record<string, unknown> = {};
for (const a of ACTIONS) {
  const cells = shown.map((e) => {
    const xs = runs[e]!.tallies.flatMap((t) => t.ms[a]);
    (summary[e] ??= {}) as Record<string, unknown>;
    (summary[e] as Record<string, unknown>)[a] = { n: xs.length, p50: quantile(xs, 0.5), p95: quantile(xs, 0.95) };
    return `${''.padEnd(10)} ${String(xs.length).padStart(6)} ${fmt(quantile(xs, 0.5)).padStart(6)} ${fmt(quantile(xs, 0.95)).padStart(6)}`;
  });
  console.log([a.padEnd(15), ...cells].join(' │ '));
}
for (const e of shown) {
  const r = runs[e]!;
  const errors = r.tallies.flatMap((t) => t.errors);
  const lost = Object.keys(r.check.expected).map((k) => ({ k, lost: r.check.expected[k] - r.check.found[k] }));
  console.log(`\n${e}:`);
  console.log(`  errors shown to staff: ${errors.length}${errors.length ? ` — ${[...new Set(errors.map((x) => `${x.action}: ${x.reason} (${x.message})`))].slice(0, 5).join('; ')}` : ''}`);
  console.log(`  writes the windows were told succeeded: ${Object.entries(r.check.expected).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  console.log(`  found in the database afterwards:       ${Object.entries(r.check.found).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  console.log(`  lost writes: ${lost.reduce((n, x) => n + Math.max(0, x.lost), 0)}; marks not as last saved: ${r.check.marksNotAsSaved}; audit chain ${r.chain}`);
  Object.assign(summary[e] as object, { errors: errors.length, expected: r.check.expected, found: r.check.found, marksNotAsSaved: r.check.marksNotAsSaved, chain: r.chain });
}
if (values.json) writeFileSync(values.json, JSON.stringify({ scale, seconds, desks: deskCount, thinkMs, ...summary }, null, 2));
