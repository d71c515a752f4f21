// Backup, verify and restore figures for a 20,000-student database (issue 11), and start-up after a clean close
// (issue 13). `npx tsx bench/backup.ts [--scale 20000]`. Figures only, never assertions. The database is the benchmark
// college with about six years of history (bench/college.ts, built once per scale and cached under .bench-cache/).
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Core } from '../src-main/core/api/core';
import { createBackupKey } from '../src-main/core/backups/crypto';
import { takeBackup } from '../src-main/core/backups/files';
import { prepareRestore, swapIn } from '../src-main/core/backups/restore';
import { openDatabase } from '../src-main/core/db/open';
import { ensureCollege } from './college';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '20000' } } });
const scale = Number(values.scale);
const cached = await ensureCollege(scale);

const dir = mkdtempSync(path.join(tmpdir(), 'rcd-bench-backup-'));
const live = path.join(dir, 'recovery-college.sqlite');
copyFileSync(cached, live);
const mb = (f: string) => `${(statSync(f).size / 1024 / 1024).toFixed(1)} MB`;
const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;
const s = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(2)} s`;
const rows: [string, string][] = [];

try {
  rows.push(['database', `${scale} students with history, ${mb(live)}`]);
  let t = performance.now();
  let opened = await openDatabase(live, { allowAnyLocation: true });
  rows.push(['open, first time (no clean-close note: full integrity_check)', ms(t)]);
  await opened.close();
  t = performance.now();
  opened = await openDatabase(live, { allowAnyLocation: true });
  rows.push(['open after a clean close (check deferred to the background)', ms(t)]);
  await opened.close();
  t = performance.now();
  const core = await Core.open({ dataDir: dir, allowAnyLocation: true });
  rows.push(['Core.open after a clean close', ms(t)]);
  await core.close();

  opened = await openDatabase(live, { allowAnyLocation: true });
  const base = { dir: path.join(dir, 'backups'), base: 'recovery-college', schema: null };
  t = performance.now();
  const plain = await takeBackup(opened.sqlite, { ...base, kind: 'manual', now: new Date(), key: null });
  rows.push(['backup + integrity_check, plain', `${s(t)} (${mb(plain.path)})`]);
  const passphrase = 'bench recovery passphrase';
  const key = await createBackupKey(passphrase);
  t = performance.now();
  const sealed = await takeBackup(opened.sqlite, { ...base, kind: 'manual', now: new Date(Date.now() + 1000), key });
  rows.push(['backup + integrity_check + AES-256-GCM', `${s(t)} (${mb(sealed.path)})`]);
  await opened.close();

  for (const [label, file, pass] of [
    ['plain', plain.path, undefined],
    ['encrypted (includes one scrypt, ~0.3–1 s)', sealed.path, passphrase],
  ] as const) {
    t = performance.now();
    const prepared = await prepareRestore(file, live, pass);
    const checked = performance.now();
    const swap = swapIn(prepared, live, new Date());
    const reopened = await openDatabase(live, { allowAnyLocation: true });
    await reopened.close();
    rows.push([`restore, ${label}: verify / swap and reopen / total`, `${((checked - t) / 1000).toFixed(2)} s / ${((performance.now() - checked) / 1000).toFixed(2)} s / ${s(t)}`]);
    if (swap.setAside) rmSync(swap.setAside, { force: true });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const width = Math.max(...rows.map(([k]) => k.length));
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
