// `npm run bench -- --scale 2000|5000|20000 [--only return,mark,…] [--json file]`: each everyday operation through the
// API (core.call) against its floor — the same result from hand-written SQL on the same connection, checked equal first —
// interleaved in one process on a college with six years of history (bench/college.ts, built once and cached).
// Figures only, never assertions.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Core } from '../src-main/core/api/core';
import { applyConnectionPragmas, openSqlite } from '../src-main/core/db/sqlite';
import { DEMO_ACCOUNTS } from '../src-main/core/demo/accounts';
import { resolvePeriod, type ReturnParameters } from '../src-main/contract/returns';
import { MARKS } from '../src-main/contract/registers';
import { buildReturnFiles, figuresHash } from '../src-main/core/returns/returns';
import { DEFINITIONS } from '../src-main/core/returns/definitions';
import { BENCH_NOW, describeCollege, ensureCollege } from './college';
import { generateFloor, mileageFloor, registerFloor, returnFloor, searchFloor, termViewFloor } from './floors';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '2000' }, only: { type: 'string' }, json: { type: 'string' }, rounds: { type: 'string' } } });
const scale = Number(values.scale);
const only = values.only ? new Set(values.only.split(',')) : null;

console.log(`College of ${scale} students with history:`);
const cached = await ensureCollege(scale);
const facts = describeCollege(cached);
console.log(`  ${Object.entries(facts).map(([k, v]) => `${v.toLocaleString('en-GB')} ${k.replace('_', ' ')}`).join(', ')}`);

// A working copy, so the cached college stays as built (saving marks and producing returns change the file).
const dir = mkdtempSync(path.join(tmpdir(), 'rcd-bench-'));
copyFileSync(cached, path.join(dir, 'recovery-college.sqlite'));
const core = await Core.open({ dataDir: dir, passwordCost: 'fast', now: () => BENCH_NOW, allowAnyLocation: true });
const raw = core.databaseFile!.sqlite;
const password = DEMO_ACCOUNTS[0].password;
for (const a of DEMO_ACCOUNTS) {
  const r = await core.call(a.role, 'auth.signIn', { username: a.username, password });
  if (!r.ok) throw new Error(`${a.username}: ${r.error.message}`);
}
const staffId = (role: string) => (raw.prepare(`SELECT id FROM staff WHERE role = ? ORDER BY id LIMIT 1`).get(role) as { id: number }).id;
async function call(role: string, method: string, input: unknown): Promise<unknown> {
  const r = await core.call(role, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value;
}

let seed = 99;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];

interface Op {
  key: string;
  name: string;
  rounds: number;
  /** One call of each side for round i; the app's result is compared with the floor's in `check`. */
  app: (i: number) => Promise<unknown>;
  floor: (i: number) => unknown;
  /** Runs both on the same input and returns [app, floor] in comparable form. */
  check: () => Promise<[unknown, unknown]>;
}

const ops: Op[] = [];
const fewer = (n: number) => Number(values.rounds ?? n);

// ── the financial-year return (2025/26), files included ──
{
  const period = resolvePeriod({ kind: 'financialYear', financialYear: 2025 });
  const floor = returnFloor(raw);
  let params: ReturnParameters | null = null;
  const floorProduce = async () => {
    const tables = floor(period, params!);
    const used = new Set(tables.flatMap((t) => t.rows.map((r) => r.definition)));
    const doc = { collegeName: params!.collegeName, period, parameters: params!, tables, definitions: Object.values(DEFINITIONS).filter((d) => used.has(d.key)) };
    const files = await buildReturnFiles(doc);
    return { figuresSha256: figuresHash(doc), files: files.map((f) => f.name) };
  };
  ops.push({
    key: 'return',
    name: 'financial-year return, files included',
    rounds: fewer(scale >= 20000 ? 3 : 5),
    app: () => call('manager', 'returns.produce', { period: { kind: 'financialYear', financialYear: 2025 } }),
    floor: () => floorProduce(),
    check: async () => {
      const a = (await call('manager', 'returns.produce', { period: { kind: 'financialYear', financialYear: 2025 } })) as { id: number; figuresSha256: string; files: { name: string }[] };
      const detail = (await call('manager', 'returns.get', { id: a.id })) as { parameters: ReturnParameters; tables: unknown[] };
      params = detail.parameters;
      const f = await floorProduce();
      // Every figure of every table (and the parameters, through the hash), not only the hash: a difference is named.
      const mine = floor(period, params);
      for (const [i, t] of mine.entries()) {
        if (!isDeepStrictEqual(t, detail.tables[i])) console.log('  differs:', JSON.stringify(t), '\n  app:    ', JSON.stringify(detail.tables[i]));
      }
      return [
        { sha: a.figuresSha256, tables: detail.tables, files: a.files.map((x) => x.name) },
        { sha: f.figuresSha256, tables: mine, files: f.files },
      ];
    },
  });
}

// ── registers: sessions of the current term that have happened ──
const today = '2026-11-26';
const recentSessions = (raw.prepare(`SELECT s.id FROM sessions s JOIN course_runs cr ON cr.id = s.course_run_id WHERE s.status = 'scheduled' AND cr.cancelled_at IS NULL AND s.date <= ? AND s.date >= '2026-09-01'`).all(today) as { id: number }[]).map(
  (r) => r.id,
);
const reg = registerFloor(raw);
ops.push({
  key: 'mark',
  name: 'save one mark (synchronous=FULL)',
  rounds: fewer(200),
  app: async () => {
    const t = markTarget();
    return call('admin', 'registers.mark', { sessionId: t.s, studentId: t.p, mark: pick(MARKS) });
  },
  floor: () => {
    const t = markTarget();
    return reg.mark(t.s, t.p, pick(MARKS), staffId('admin'), BENCH_NOW);
  },
  check: async () => {
    // Both sides change the same mark from the same state (put back between them), and each one's audit row is compared.
    const t = markTarget();
    const before = raw.prepare(`SELECT mark, note, drop_in, marked_by, marked_at FROM attendance WHERE session_id = ? AND student_id = ?`).get(t.s, t.p) as Record<string, unknown>;
    const lastAudit = () => raw.prepare(`SELECT at, staff_id, action, entity, entity_id, fields, summary FROM audit_log ORDER BY id DESC LIMIT 1`).get();
    const f = { ...reg.mark(t.s, t.p, 'late', staffId('admin'), BENCH_NOW), audit: lastAudit() };
    raw.prepare(`UPDATE attendance SET mark = :mark, note = :note, drop_in = :drop_in, marked_by = :marked_by, marked_at = :marked_at WHERE session_id = :s AND student_id = :p`).run({ ...before, ...t });
    const a = { ...((await call('admin', 'registers.mark', { sessionId: t.s, studentId: t.p, mark: 'late' })) as object), audit: lastAudit() };
    return [a, f];
  },
});
const targets = raw.prepare(`SELECT session_id AS s, student_id AS p FROM attendance WHERE session_id = ?`);
function markTarget(): { s: number; p: number } {
  for (;;) {
    const rows = targets.all(pick(recentSessions)) as { s: number; p: number }[];
    if (rows.length) return pick(rows);
  }
}

ops.push({
  key: 'register',
  name: 'open a register',
  rounds: fewer(300),
  app: () => call('admin', 'registers.get', { sessionId: pick(recentSessions) }),
  floor: () => reg.open(pick(recentSessions), BENCH_NOW),
  check: async () => {
    const id = pick(recentSessions);
    return [await call('admin', 'registers.get', { sessionId: id }), reg.open(id, BENCH_NOW)];
  },
});

// ── mileage line with its tier (payees with a year of claims behind them) ──
{
  const payees = (raw.prepare(`SELECT id FROM payees ORDER BY id`).all() as { id: number }[]).map((r) => r.id);
  const floor = mileageFloor(raw);
  const input = (payeeId: number) => ({ payeeId, date: '2026-03-20', miles: '23.4', vehicle: 'car_van', passengers: 1 });
  ops.push({
    key: 'mileage',
    name: 'mileage line with its tier',
    rounds: fewer(300),
    app: () => call('admin', 'expenses.mileage.preview', input(pick(payees))),
    floor: () => floor({ payeeId: pick(payees), date: '2026-03-20', milesTenths: 234, passengers: 1 }),
    check: async () => {
      const p = pick(payees);
      return [await call('admin', 'expenses.mileage.preview', input(p)), floor({ payeeId: p, date: '2026-03-20', milesTenths: 234, passengers: 1 })];
    },
  });
}

// ── search as you type: a surname typed letter by letter ──
{
  const floor = searchFloor(raw);
  const common = (raw.prepare(`SELECT surname FROM students GROUP BY surname ORDER BY count(*) DESC LIMIT 1`).get() as { surname: string }).surname.toLowerCase();
  const typed = Array.from({ length: Math.min(5, common.length) }, (_, k) => common.slice(0, k + 1));
  ops.push({
    key: 'search',
    name: `search as you type ("${typed.join('", "')}")`,
    rounds: fewer(300),
    app: (i) => call('admin', 'students.search', { query: typed[i % typed.length], page: 1, pageSize: 25, sort: 'surname', includeArchived: false }),
    floor: (i) => floor(typed[i % typed.length], 25, staffId('admin'), BENCH_NOW),
    check: async () => {
      const app = [];
      for (const query of typed) app.push(await call('admin', 'students.search', { query, page: 1, pageSize: 25, sort: 'surname', includeArchived: false }));
      return [app, typed.map((query) => floor(query, 25, staffId('admin'), BENCH_NOW))];
    },
  });
}

// ── generate a 12-session run with clash checks (preview: every check, nothing written) ──
{
  const term = raw.prepare(`SELECT id, starts_on FROM terms WHERE starts_on <= ? AND ends_on >= ?`).get(today, today) as { id: number; starts_on: string };
  const course = 1;
  const room = raw.prepare(`SELECT id, venue_id, capacity FROM rooms ORDER BY id LIMIT 1`).get() as { id: number; venue_id: number; capacity: number };
  const run = (await call('coordinator', 'scheduling.createRun', { courseId: course, termId: term.id, venueId: room.venue_id, roomId: room.id, capacity: Math.min(12, room.capacity) })) as { id: number };
  const fac = (raw.prepare(`SELECT id FROM facilitators WHERE kind = 'staff' ORDER BY id LIMIT 1`).get() as { id: number }).id;
  const peer = (raw.prepare(`SELECT id FROM facilitators WHERE kind = 'peer_trainer' ORDER BY id LIMIT 1`).get() as { id: number }).id;
  await call('coordinator', 'scheduling.setRunFacilitators', { runId: run.id, leadId: fac, coIds: [peer] });
  const busiest = raw.prepare(`SELECT student_id AS id FROM enrolments WHERE status = 'enrolled' GROUP BY student_id ORDER BY count(*) DESC, student_id LIMIT 12`).all() as { id: number }[];
  for (const s of busiest) await call('admin', 'scheduling.enrol', { runId: run.id, studentId: s.id });
  // Saturdays: nothing else runs then, so every check runs and none refuses.
  const pattern = { weekday: 6, startTime: '10:00', lengthMinutes: 120, count: 12, firstDate: term.starts_on };
  const floor = generateFloor(raw);
  const input = { runId: run.id, pattern, preview: true, confirmStudentClash: false };
  ops.push({
    key: 'generate',
    name: 'generate a 12-session run with clash checks',
    rounds: fewer(200),
    app: () => call('coordinator', 'scheduling.generateSessions', input),
    floor: () => floor(run.id, pattern),
    check: async () => [await call('coordinator', 'scheduling.generateSessions', input), floor(run.id, pattern)],
  });

  const tv = termViewFloor(raw);
  const digest = (v: { runs: { id: number; courseTitle: string; venueName: string; roomName: string | null; enrolledCount: number; waitingCount: number; sessionCount: number; firstDate: string | null; lastDate: string | null; facilitators: { id: number }[] }[]; sessions: unknown[] }) => ({
    runs: v.runs.map((r) => ({
      id: r.id,
      courseTitle: r.courseTitle,
      venueName: r.venueName,
      roomName: r.roomName,
      enrolledCount: r.enrolledCount,
      waitingCount: r.waitingCount,
      sessionCount: r.sessionCount,
      firstDate: r.firstDate,
      lastDate: r.lastDate,
      facilitators: r.facilitators.map((f) => f.id).sort((a, b) => a - b),
    })),
    sessions: v.sessions,
  });
  ops.push({
    key: 'term',
    name: 'term timetable view',
    rounds: fewer(60),
    app: () => call('coordinator', 'scheduling.termView', { termId: term.id, filter: { kind: 'all' } }),
    floor: () => tv(term.id),
    check: async () => [digest((await call('coordinator', 'scheduling.termView', { termId: term.id, filter: { kind: 'all' } })) as Parameters<typeof digest>[0]), tv(term.id)],
  });
}

// ── measure ──
const results: { key: string; operation: string; appMedian: number; appP95: number; floorMedian: number; floorP95: number; ratio: number; equal: boolean }[] = [];
for (const op of ops) {
  if (only && !only.has(op.key)) continue;
  const [a, f] = await op.check();
  const equal = isDeepStrictEqual(a, f);
  if (!equal) console.log(`  ${op.name}: results DIFFER\n   app:   ${JSON.stringify(a).slice(0, 600)}\n   floor: ${JSON.stringify(f).slice(0, 600)}`);
  const warm = Math.max(1, Math.min(20, Math.floor(op.rounds / 10)));
  for (let i = 0; i < warm; i++) {
    await op.app(i);
    await op.floor(i);
  }
  const app: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < op.rounds; i++) {
    // Alternate which side goes first, so neither always runs on a warmer cache.
    const sides: [number[], () => Promise<unknown> | unknown][] = [
      [app, () => op.app(i)],
      [floor, () => op.floor(i)],
    ];
    if (i % 2) sides.reverse();
    for (const [into, fn] of sides) {
      const t0 = performance.now();
      await fn();
      into.push(performance.now() - t0);
    }
  }
  const r = {
    key: op.key,
    operation: op.name,
    appMedian: quantile(app, 0.5),
    appP95: quantile(app, 0.95),
    floorMedian: quantile(floor, 0.5),
    floorP95: quantile(floor, 0.95),
    ratio: quantile(app, 0.5) / quantile(floor, 0.5),
    equal,
  };
  results.push(r);
  console.log(`  ${op.name}: app ${fmt(r.appMedian)} (p95 ${fmt(r.appP95)}), floor ${fmt(r.floorMedian)} (p95 ${fmt(r.floorP95)}), ${r.ratio.toFixed(2)}×${equal ? '' : ' — RESULTS DIFFER'}`);
}
function fmt(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(0)} µs`;
}

console.log(`\nscale ${scale} with history — app vs floor (median, p95), interleaved in one process:`);
console.table(
  results.map((r) => ({
    operation: r.operation,
    'app median': fmt(r.appMedian),
    'app p95': fmt(r.appP95),
    'floor median': fmt(r.floorMedian),
    'floor p95': fmt(r.floorP95),
    'app / floor': `${r.ratio.toFixed(2)}×`,
    'same result': r.equal ? 'yes' : 'NO',
  })),
);
await core.close();

// ── start-up: Core.open after a clean close, against opening the file with the same pragmas (the floor) ──
let startup: { appMedian: number; appP95: number; floorMedian: number; floorP95: number; deferred: boolean } | null = null;
if (!only || only.has('open')) {
  const app: number[] = [];
  const floor: number[] = [];
  let deferred = true;
  for (let i = 0; i < fewer(9); i++) {
    let t0 = performance.now();
    const c = await Core.open({ dataDir: dir, passwordCost: 'fast', now: () => BENCH_NOW, allowAnyLocation: true });
    app.push(performance.now() - t0);
    deferred &&= !!c.databaseFile?.fullCheckDeferred;
    await c.close();
    t0 = performance.now();
    const h = openSqlite(path.join(dir, 'recovery-college.sqlite'));
    applyConnectionPragmas(h);
    floor.push(performance.now() - t0);
    h.close();
  }
  startup = { appMedian: quantile(app, 0.5), appP95: quantile(app, 0.95), floorMedian: quantile(floor, 0.5), floorP95: quantile(floor, 0.95), deferred };
  console.log(
    `\nCore.open after a clean close: ${fmt(startup.appMedian)} (p95 ${fmt(startup.appP95)}); the file opened with the same pragmas: ${fmt(startup.floorMedian)} (p95 ${fmt(startup.floorP95)})${deferred ? '' : ' — the full check ran at open (not a clean close?)'}`,
  );
}
if (values.json) writeFileSync(values.json, JSON.stringify({ scale, facts, results, startup }, null, 2));
rmSync(dir, { recursive: true, force: true });
