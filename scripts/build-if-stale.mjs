#!/usr/bin/env node
// `npm run web` runs this first: builds with electron-vite only when a source file changed since the last build (a stamp in
// out/ lists every input's size and modification time), so starting the harness again is immediate.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const STAMP = path.join(root, 'out', '.build-stamp');
const INPUTS = ['src-renderer', 'src-main', 'electron.vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.base.json', 'tsconfig.web.json'];

export function inputFingerprint(base = root) {
  const hash = createHash('sha256');
  const walk = (rel) => {
    const abs = path.join(base, rel);
    if (!existsSync(abs)) return;
    const st = statSync(abs);
    if (st.isDirectory()) {
      for (const name of readdirSync(abs).sort()) walk(path.join(rel, name));
    } else {
      hash.update(`${rel}\0${st.size}\0${st.mtimeMs}\n`);
    }
  };
  for (const input of INPUTS) walk(input);
  return hash.digest('hex');
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  const now = inputFingerprint();
  const built = existsSync(path.join(root, 'out/renderer/index.html')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === now;
  if (built) {
    console.log('The build is up to date (no source changed since the last build).');
  } else {
    console.log('Building the app (a source changed since the last build)…');
    const run = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) process.exit(run.status ?? 1);
    writeFileSync(STAMP, `${now}\n`);
  }
}
