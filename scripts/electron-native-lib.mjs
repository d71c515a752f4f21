// Pure helpers for prepare-electron-native.mjs (kept apart so test/scripts can check them without running a build).
// The folder naming must match src-main/shell/native.ts, which loads the result at run time (a test checks both agree).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** native/electron-<version>-<platform>-<arch> */
export function nativeDirName(electronVersion, platform, arch) {
  return `electron-${electronVersion}-${platform}-${arch}`;
}

/** Where the Electron build of better-sqlite3 lives, relative to the project root. */
export function nativeBindingRelativePath(electronVersion, platform, arch) {
  return path.join('native', nativeDirName(electronVersion, platform, arch), 'better_sqlite3.node');
}

/**
 * The environment for an Electron rebuild: a copy without any npm `nodedir` setting (this project's machines set
 * nodedir=/usr, which would silently build against Node's headers instead of Electron's) and without npm's own
 * runtime/target/disturl settings, which would override the command-line flags.
 */
export function cleanBuildEnv(env) {
  const dropped = new Set(['npm_config_nodedir', 'npm_config_runtime', 'npm_config_target', 'npm_config_disturl', 'npm_config_dist_url', 'npm_config_build_from_source']);
  const out = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (dropped.has(key.toLowerCase())) continue;
    out[key] = value;
  }
  return out;
}

export function prebuildInstallArgs(electronVersion, platform, arch) {
  return ['--runtime', 'electron', '--target', electronVersion, '--arch', arch, '--platform', platform, '--verbose'];
}

export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

export function nodeGypArgs(electronVersion, arch) {
  return ['rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, `--arch=${arch}`, `--dist-url=${ELECTRON_HEADERS_URL}`];
}

/**
 * Candidate node-gyp entry points, best first: the one npm tells scripts about, the one bundled with the npm that is running
 * this script, then the one bundled beside the node executable.
 */
export function nodeGypCandidates(env, execPath) {
  const list = [];
  if (env.npm_config_node_gyp) list.push(env.npm_config_node_gyp);
  if (env.npm_execpath) list.push(path.join(path.dirname(env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  const prefix = path.dirname(path.dirname(execPath));
  list.push(path.join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  list.push(path.join(path.dirname(execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  return [...new Set(list)];
}

/**
 * Is the Electron binary in place? Reads node_modules/electron/path.txt and dist/ exactly as electron's index.js does,
 * without requiring it (requiring it starts a download). Returns { ok, executable?, reason? }.
 */
export function electronBinaryStatus(electronDir, exists = existsSync, read = (f) => readFileSync(f, 'utf8')) {
  const pathFile = path.join(electronDir, 'path.txt');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const executable = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, exists(pathFile) ? read(pathFile) : 'electron');
    return exists(executable) ? { ok: true, executable } : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH points at ${executable}, which does not exist.` };
  }
  if (!exists(pathFile)) return { ok: false, reason: 'The Electron program has not been downloaded yet (node_modules/electron/path.txt is missing).' };
  const executable = path.join(electronDir, 'dist', read(pathFile).trim());
  if (!exists(executable)) return { ok: false, reason: `The Electron program is missing from ${executable}.` };
  return { ok: true, executable };
}

/** The one line of a tool's output that says what went wrong (not a stack frame, not a gyp banner). */
export function firstProblemLine(output) {
  const lines = String(output ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^at\s/.test(l) && !/^gyp (info|http)/.test(l) && !/^\^+$/.test(l));
  const hit = lines.find((l) => /\b(error|failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT)\b/i.test(l)) ?? lines[0];
  if (!hit) return undefined;
  // Network failures, in words: Node's fetch says only "TypeError: fetch failed".
  if (/fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|getaddrinfo/i.test(lines.join('\n'))) {
    return 'the download server could not be reached (no internet connection, or a proxy or firewall in the way).';
  }
  return hit.replace(/^gyp ERR!\s*/, '').slice(0, 200);
}

export function electronBinaryHelp(reason, detail, logFile) {
  return [
    '',
    'Recovery College Desk needs the Electron program to open its window, and it is not here yet.',
    `  ${reason}`,
    ...(detail ? [`  The download did not work: ${detail}`] : []),
    ...(logFile ? [`  (The downloader's full output is in ${logFile}.)`] : []),
    '',
    'Electron downloads it the first time, which needs an internet connection (from github.com). On a machine with internet, run:',
    '',
    '    node node_modules/electron/install.js',
    '',
    'then `npm start` again. (Behind a proxy, set HTTPS_PROXY first; with a mirror, set ELECTRON_MIRROR.)',
    'Without Electron you can still try the app in a web browser: `npm run web` (see the README).',
    '',
  ].join('\n');
}

export function nativeBuildHelp(electronVersion, problems, logFile) {
  return [
    '',
    `Recovery College Desk could not prepare its database driver (better-sqlite3) for Electron ${electronVersion}.`,
    'The desktop app needs its own copy of the driver, built for Electron rather than for Node. Two ways were tried:',
    ...problems.map((p) => `  - ${p}`),
    '',
    'What to do:',
    '  - The first time, this needs an internet connection: it downloads a ready-made driver from github.com, or',
    '    Electron\'s header files from electronjs.org to build one. Connect to the internet and run `npm start` again.',
    '  - If the download works but building fails, install build tools: Python 3 and a C++ compiler',
    '    (Windows: "Desktop development with C++" from Visual Studio Build Tools; macOS: `xcode-select --install`;',
    '    Debian/Ubuntu: `sudo apt-get install build-essential python3`).',
    '',
    ...(logFile ? [`The tools' full output is in ${logFile}.`] : []),
    'Nothing in node_modules was changed, so `npm test` and the browser version (`npm run web`) still work.',
    '',
  ].join('\n');
}
