// `npx tsx bench/search-everything.ts [--scale 2000|20000] [--rounds 50]`: how long one key press in the Ctrl+K search
// takes through the API (core.call, its audit row included) on the benchmark college (bench/college.ts), per role, next
// to the students list's own search for the same text. Figures only, never assertions.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Core } from '../src-main/core/api/core';
import { DEMO_ACCOUNTS } from '../src-main/core/demo/accounts';
import { BENCH_NOW, describeCollege, ensureCollege } from './college';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '50' } } });
const scale = Number(values.scale);
const rounds = Number(values.rounds);

const cached = await ensureCollege(scale);
const facts = describeCollege(cached);
console.log(`College of ${scale} students: ${Object.entries(facts).map(([k, v]) => `${v.toLocaleString('en-GB')} ${k.replace('_', ' ')}`).join(', ')}`);
const dir = mkdtempSync(path.join(tmpdir(), 'rcd-bench-search-'));
copyFileSync(cached, path.join(dir, 'recovery-college.sqlite'));
const core = await Core.open({ dataDir: dir, passwordCost: 'fast', now: () => BENCH_NOW, allowAnyLocation: true });
try {
  for (const a of DEMO_ACCOUNTS) {
    const r = await core.call(a.role, 'auth.signIn', { username: a.username, password: DEMO_ACCOUNTS[0].password });
    if (!r.ok) throw new Error(`${a.username}: ${r.error.message}`);
  }
  const raw = core.databaseFile!.sqlite;
  const surname = (raw.prepare(`SELECT surname FROM students GROUP BY surname ORDER BY count(*) DESC LIMIT 1`).get() as { surname: string }).surname.toLowerCase();
  const claimRef = (raw.prepare(`SELECT reference FROM claims ORDER BY id DESC LIMIT 1`).get() as { reference: string } | undefined)?.reference ?? 'EXP-000001';
  const payee = (raw.prepare(`SELECT name FROM payees ORDER BY id LIMIT 1`).get() as { name: string }).name.split(' ')[0].toLowerCase();
  // A surname typed letter by letter (the broadest searches first), a claim reference, a payee's first name, a course word.
  const typed = [...Array.from({ length: Math.min(5, surname.length) }, (_, k) => surname.slice(0, k + 1)), claimRef, payee, 'anx', 'zzqx'];

  const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];
  const time = async (fn: () => Promise<unknown>) => {
    const ms: number[] = [];
    for (let i = 0; i < 3; i++) await fn(); // warm
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      await fn();
      ms.push(performance.now() - t0);
    }
    return `median ${quantile(ms, 0.5).toFixed(2)} ms, p95 ${quantile(ms, 0.95).toFixed(2)} ms`;
  };
  const call = async (role: string, method: 'search.everything' | 'students.search', input: object) => {
    const r = await core.call(role, method, input as never);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value;
  };
  for (const query of typed) {
    console.log(`"${query}"`);
    for (const role of ['admin', 'manager']) console.log(`  search.everything as ${role}: ${await time(() => call(role, 'search.everything', { query }))}`);
    console.log(`  students.search (page of 5):  ${await time(() => call('admin', 'students.search', { query, pageSize: 5 }))}`);
  }
} finally {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
}
