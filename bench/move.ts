// `npm run bench:move -- [--scale 20000] [--url postgres://…] [--back]`: how long moving the college's SQLite database
// to the server takes (issue 12's figure): the cached college of bench/college.ts, copied, moved into a new database on
// the server (default: the test cluster, RCD_TEST_POSTGRES_URL) set up as `npm run server:setup` leaves it. Prints the
// seconds of each stage (export, import, verify) and rows per second; `--back` also times the move back into a new
// desk file. Figures only, never assertions.
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPostgres } from '../src-main/core/db/postgres';
import { moveDeskToServer, moveServerToDesk, type MoveResult } from '../src-main/core/db/portable/move';
import type { MoveProgress } from '../src-main/core/db/portable/progress';
import { describeCollege, ensureCollege } from './college';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '20000' }, url: { type: 'string' }, back: { type: 'boolean', default: false } } });
const scale = Number(values.scale);
const serverUrl = values.url ?? process.env.RCD_TEST_POSTGRES_URL;
if (!serverUrl) {
  console.error('Give --url postgres://… (a server where this user may create databases), or start the test cluster: eval "$(scripts/pg-test-cluster.sh)".');
  process.exit(2);
}

console.log(`College of ${scale} students with history:`);
const cached = await ensureCollege(scale);
const facts = describeCollege(cached);
console.log(`  ${Object.entries(facts).map(([k, v]) => `${v.toLocaleString('en-GB')} ${k.replace('_', ' ')}`).join(', ')}`);
console.log(`  ${(statSync(cached).size / 2 ** 20).toFixed(0)} MiB on disk`);

// A copy: the move leaves its source read-only, and the cached college must stay as built.
const dir = mkdtempSync(path.join(tmpdir(), 'rcd-bench-move-'));
const desk = path.join(dir, 'recovery-college.sqlite');
copyFileSync(cached, desk);
writeFileSync(`${desk}.desk.json`, JSON.stringify({ createdAt: new Date().toISOString(), cleanClose: true }));

const name = `rcd_bench_move_${process.pid}`;
const admin = async (statement: string) => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
};
await admin(`create database ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;

/** Seconds spent in each stage, from the progress reports (each report ends the time of the one before). */
function stageClock() {
  const seconds: Record<MoveProgress['stage'], number> = { export: 0, import: 0, verify: 0 };
  let at = performance.now();
  let stage: MoveProgress['stage'] | null = null;
  return {
    onProgress(p: MoveProgress) {
      const now = performance.now();
      if (stage) seconds[stage] += (now - at) / 1000;
      at = now;
      stage = p.stage;
    },
    finish() {
      if (stage) seconds[stage] += (performance.now() - at) / 1000;
      return seconds;
    },
  };
}

function report(what: string, r: MoveResult, stages: Record<string, number>): void {
  const biggest = [...r.manifest.tables].sort((a, b) => b.rows - a.rows).slice(0, 3);
  console.log(`${what}: ${r.seconds.toFixed(1)} s for ${r.rows.toLocaleString('en-GB')} rows in ${r.manifest.tables.length} tables — ${Math.round(r.rows / r.seconds).toLocaleString('en-GB')} rows/s`);
  console.log(`  stages: ${Object.entries(stages).map(([s, t]) => `${s} ${t.toFixed(1)} s`).join(', ')}`);
  console.log(`  largest tables: ${biggest.map((t) => `${t.name} ${t.rows.toLocaleString('en-GB')}`).join(', ')}`);
}

try {
  (await openPostgres(url.toString(), { migrate: true })).close();
  const clock = stageClock();
  const moved = await moveDeskToServer(desk, url.toString(), { onProgress: clock.onProgress });
  report('Desk → server', moved, clock.finish());
  if (values.back) {
    const backClock = stageClock();
    const back = await moveServerToDesk(url.toString(), path.join(dir, 'back.sqlite'), { onProgress: backClock.onProgress, allowAnyLocation: true });
    report('Server → new desk file', back, backClock.finish());
  }
} finally {
  await admin(`drop database if exists ${name} with (force)`);
  rmSync(dir, { recursive: true, force: true });
}
