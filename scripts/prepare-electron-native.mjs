#!/usr/bin/env node
// Run by `npm start` and `npm run dev` before electron-vite. Makes sure that
//   1. the Electron program itself has been downloaded (it explains how to get it if not), and
//   2. an Electron-ABI build of better-sqlite3 exists in native/electron-<version>-<platform>-<arch>/better_sqlite3.node,
//      which the shell loads with `nativeBinding` (src-main/shell/native.ts).
// It stops at the first missing piece with one plain explanation; the tools' own output (download stacks, gyp ERR! lines)
// goes to native/prepare-electron.log, not the screen.
// node_modules/better-sqlite3 keeps its Node build untouched (tests and the browser harness use it): the Electron build is
// made in a temporary copy of the package, first with prebuild-install (download), then with node-gyp (compile).
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cleanBuildEnv,
  electronBinaryHelp,
  firstProblemLine,
  electronBinaryStatus,
  nativeBindingRelativePath,
  nativeBuildHelp,
  nodeGypArgs,
  nodeGypCandidates,
  prebuildInstallArgs,
} from './electron-native-lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const log = (line) => console.log(`[prepare-electron] ${line}`);
const logFile = path.join(root, 'native', 'prepare-electron.log');

/** Runs a tool with its output captured into the log file; returns its exit status and output. */
function quietly(args, options) {
  mkdirSync(path.dirname(logFile), { recursive: true });
  const run = spawnSync(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? String(run.error) : ''}`;
  appendFileSync(logFile, `\n$ node ${args.map((a) => path.relative(root, a) || a).join(' ')}\n${output}`);
  return { status: run.status, output };
}

function resolvePackageDir(name) {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    console.error(`\n${name} is not installed. Please run \`npm install\` first.\n`);
    process.exit(1);
  }
}

const electronDir = resolvePackageDir('electron');
const electronVersion = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;
const { platform, arch } = process;
let failed = false; // the driver step reports its own problems

// 1. The Electron program.
const binary = electronBinaryStatus(electronDir);
if (binary.ok) {
  log(`Electron ${electronVersion} is installed.`);
} else {
  log(`${binary.reason} Downloading Electron ${electronVersion} (needs an internet connection)…`);
  const run = quietly([path.join(electronDir, 'install.js')], { timeout: 10 * 60_000 });
  if (run.status !== 0 || !electronBinaryStatus(electronDir).ok) {
    // Stop here: without Electron there is no point preparing its database driver.
    console.error(electronBinaryHelp(binary.reason, firstProblemLine(run.output), path.relative(root, logFile)));
    process.exit(1);
  }
}

// 2. better-sqlite3 for Electron.
const target = path.join(root, nativeBindingRelativePath(electronVersion, platform, arch));
if (existsSync(target) && isNotNodeBuild(target)) {
  log(`The database driver for Electron ${electronVersion} is ready (${path.relative(root, target)}).`);
} else {
  const problems = buildForElectron();
  if (problems) {
    console.error(nativeBuildHelp(electronVersion, problems, path.relative(root, logFile)));
    failed = true;
  }
}

process.exit(failed ? 1 : 0);

/** Builds in a temporary copy; returns null on success or the list of what went wrong. */
function buildForElectron() {
  const packageDir = resolvePackageDir('better-sqlite3');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'rcd-electron-sqlite-'));
  const work = path.join(tmp, 'better-sqlite3');
  const env = cleanBuildEnv(process.env);
  const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
  const problems = [];
  try {
    log(`Preparing the database driver for Electron ${electronVersion} (${platform}-${arch}); node_modules is not changed…`);
    cpSync(packageDir, work, {
      recursive: true,
      filter: (src) => {
        const rel = path.relative(packageDir, src);
        return rel !== 'build' && !rel.startsWith(`build${path.sep}`) && rel !== 'node_modules' && !rel.startsWith(`node_modules${path.sep}`);
      },
    });

    // a) A ready-made build from the package's GitHub releases.
    let prebuildBin = null;
    try {
      prebuildBin = createRequire(path.join(packageDir, 'package.json')).resolve('prebuild-install/bin.js');
    } catch {
      problems.push('prebuild-install (the downloader) is not installed.');
    }
    if (prebuildBin) {
      log('Downloading a ready-made build…');
      const run = quietly([prebuildBin, ...prebuildInstallArgs(electronVersion, platform, arch)], { cwd: work, env, timeout: 5 * 60_000 });
      if (run.status === 0 && existsSync(built) && isNotNodeBuild(built)) return install(built);
      problems.push('Downloading a ready-made build did not work (no internet connection, or none published for this Electron version).');
    }

    // b) Compile it against Electron's headers.
    rmSync(path.join(work, 'build'), { recursive: true, force: true });
    const gyp = nodeGypCandidates(process.env, process.execPath).find((f) => existsSync(f));
    if (!gyp) {
      problems.push('node-gyp (the compiler driver that comes with npm) could not be found.');
      return problems;
    }
    log('Compiling it against Electron’s headers instead (a minute or two)…');
    const run = quietly([gyp, ...nodeGypArgs(electronVersion, arch)], { cwd: work, env, timeout: 20 * 60_000 });
    if (run.status === 0 && existsSync(built) && isNotNodeBuild(built)) return install(built);
    problems.push(
      run.status === 0 && existsSync(built)
        ? 'Compiling produced a driver for Node rather than Electron (an npm "nodedir" setting may be forcing Node’s headers).'
        : 'Compiling did not work (Electron’s header files could not be downloaded, or build tools are missing).',
    );
    return problems;
  } catch (e) {
    problems.push(`Unexpected error: ${e instanceof Error ? e.message : String(e)}`);
    return problems;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function install(built) {
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  copyFileSync(built, partial);
  renameSync(partial, target);
  log(`Done: ${path.relative(root, target)}.`);
  return null;
}

/**
 * A driver built for Electron cannot be loaded by plain Node (different NODE_MODULE_VERSION). If Node *can* load it, the build
 * used Node's headers by mistake and would crash the app, so it is rejected. Checked in a child process.
 */
function isNotNodeBuild(file) {
  const probe = spawnSync(process.execPath, ['-e', 'process.dlopen({ exports: {} }, process.argv[1])', file], { stdio: 'ignore', timeout: 60_000 });
  return probe.status !== 0;
}
