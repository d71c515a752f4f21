// Kill loops: a child process is SIGKILLed at random moments while it upgrades a database, takes backups, or writes.
// Afterwards the database always opens (at the old or new version, intact), no backup under a final name is partial,
// and no acknowledged write is lost. Small databases and random delays keep the loops quick.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { build } from 'esbuild';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES, migrations } from '../../db/migrations/index';
import { checkFileNow } from '../../src-main/core/backups/check';
import { listBackups } from '../../src-main/core/backups/files';
import { openDatabase } from '../../src-main/core/db/open';
import { appliedMigrations, openImmutable } from '../../src-main/core/db/sqlite';

let dir: string;
// Bundled once, inside the repository so the child resolves better-sqlite3 from node_modules; starts in ~0.1 s.
const childScript = path.resolve('node_modules/.cache/rcd-kill-child.mjs');

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-kill-'));
  await build({ entryPoints: ['test/db/kill-child.ts'], bundle: true, platform: 'node', format: 'esm', external: ['better-sqlite3'], outfile: childScript, logLevel: 'silent' });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  lines: string[];
  exit: Promise<number | null>;
  kill(): void;
  ready: Promise<void>;
}

function startChild(mode: string, file: string): Run {
  const child = spawn(process.execPath, [childScript, mode, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buffered = '';
  let onReady = () => {};
  const ready = new Promise<void>((r) => (onReady = r));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      if (line === 'ready') onReady();
    }
  });
  child.stderr.resume();
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  void exit.then(() => onReady());
  return { lines, exit, ready, kill: () => child.kill('SIGKILL') };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `count` iterations in two lanes at once (the children mostly wait on the disk). */
async function inLanes(count: number, iteration: (i: number, lane: number) => Promise<void>): Promise<void> {
  const lane = async (l: number) => {
    for (let i = l; i < count; i += 2) await iteration(i, l);
  };
  await Promise.all([lane(0), lane(1)]);
}

/** A database at the first migration with a little data, as an older version of the app left it. */
async function oldDatabase(file: string): Promise<void> {
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  const db = new Kysely<never>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(MIGRATION_NAMES[0]);
  if (error) throw error;
  const insert = sqlite.prepare(
    "INSERT INTO students (reference, first_name, surname, date_of_birth, referral_source, secondary_mh_services, ethnic_category, gender_identity, employment_status, created_at, updated_at) VALUES (?, 'A', 'B', '1980-01-01', 'self', 'no', 'Z', 'Z', 'ZZ', '2025-01-01', '2025-01-01')",
  );
  for (let i = 1; i <= 50; i++) insert.run(`RC-${String(i).padStart(6, '0')}`);
  await db.destroy();
}

describe('killed at random moments', () => {
  it('an upgrade: every time, the database opens afterwards at the old or the new version, intact (50 kills)', async () => {
    const template = path.join(dir, 'old.sqlite');
    await oldDatabase(template);
    // One uninterrupted run measures how long the upgrade takes, so kills spread across all of it.
    const probe = path.join(dir, 'probe.sqlite');
    copyFileSync(template, probe);
    const first = startChild('upgrade', probe);
    await first.exit;
    const took = Number(first.lines.find((l) => l.startsWith('done'))?.split(' ')[1]);
    expect(took).toBeGreaterThan(0);

    const seen = new Set<number>();
    await inLanes(50, async (i) => {
      const file = path.join(dir, `upgrade-${i}.sqlite`);
      copyFileSync(template, file);
      const run = startChild('upgrade', file);
      await run.ready;
      await sleep(Math.random() * took * 1.2);
      run.kill();
      await run.exit;

      const ro = openImmutable(file);
      const applied = appliedMigrations(ro);
      ro.close();
      expect(applied).toEqual(MIGRATION_NAMES.slice(0, applied.length));
      seen.add(applied.length);
      expect(checkFileNow({ file, immutable: true })).toEqual([]);
      // And the app opens it, finishing the upgrade, with every student still there (every fifth time, for speed).
      if (i % 5 === 0) {
        const opened = await openDatabase(file, { allowAnyLocation: true });
        expect(await opened.db.selectFrom('students').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 50 });
        await opened.close();
      }
      for (const f of readdirSync(dir)) if (f.startsWith(`upgrade-${i}.`)) rmSync(path.join(dir, f), { force: true });
    });
    // The kills landed at different points of the upgrade, not all before or after it.
    expect(seen.size).toBeGreaterThan(1);
  }, 120_000);

  it('a backup: no partial or damaged file is ever left under a backup’s final name (50 kills)', async () => {
    const lanes = [0, 1].map((l) => path.join(dir, `lane-${l}`, 'backup.sqlite'));
    for (const file of lanes) {
      await openDatabase(file, { allowAnyLocation: true }).then((o) => o.close());
    }
    await inLanes(50, async (_i, l) => {
      const run = startChild('backup', lanes[l]);
      await run.ready;
      await sleep(Math.random() * 120);
      run.kill();
      await run.exit;
      for (const b of listBackups(path.join(path.dirname(lanes[l]), 'backups'))) expect(checkFileNow({ file: b.path, immutable: true }), b.name).toEqual([]);
    });
    for (const file of lanes) expect(listBackups(path.join(path.dirname(file), 'backups')).length).toBeGreaterThan(0);
  }, 120_000);

  it('writes: nothing acknowledged is ever lost (100 kills)', async () => {
    const lanes = [0, 1].map((l) => path.join(dir, `writes-${l}.sqlite`));
    for (const file of lanes) await openDatabase(file, { allowAnyLocation: true }).then((o) => o.close());
    const acknowledged: string[][] = [[], []];
    await inLanes(100, async (_i, l) => {
      const run = startChild('write', lanes[l]);
      await run.ready;
      await sleep(Math.random() * 60);
      run.kill();
      await run.exit;
      acknowledged[l].push(...run.lines.filter((line) => line.startsWith('ack ')).map((line) => line.slice(4)));
    });
    for (const [l, file] of lanes.entries()) {
      const sqlite = new BetterSqlite3(file, { readonly: true });
      const stored = new Set((sqlite.prepare("SELECT key FROM settings WHERE key LIKE 'write-%'").all() as { key: string }[]).map((r) => r.key));
      sqlite.close();
      expect(acknowledged[l].filter((k) => !stored.has(k))).toEqual([]);
    }
    expect(acknowledged.flat().length).toBeGreaterThan(100);
  }, 120_000);
});
