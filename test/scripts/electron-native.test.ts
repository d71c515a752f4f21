// The pure parts of scripts/prepare-electron-native.mjs.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cleanBuildEnv,
  electronBinaryHelp,
  firstProblemLine,
  electronBinaryStatus,
  nativeBindingRelativePath,
  nativeBuildHelp,
  nativeDirName,
  nodeGypArgs,
  nodeGypCandidates,
  prebuildInstallArgs,
} from '../../scripts/electron-native-lib.mjs';

describe('naming', () => {
  it('names the folder after the Electron version, platform and architecture', () => {
    expect(nativeDirName('45.5.0', 'linux', 'x64')).toBe('electron-45.5.0-linux-x64');
    expect(nativeBindingRelativePath('45.5.0', 'win32', 'arm64')).toBe(path.join('native', 'electron-45.5.0-win32-arm64', 'better_sqlite3.node'));
  });
});

describe('build environment', () => {
  it('removes npm’s nodedir (any case) and runtime overrides, keeps everything else, and does not change the input', () => {
    const env = { PATH: '/usr/bin', npm_config_nodedir: '/usr', NPM_CONFIG_NODEDIR: '/usr', npm_config_target: '20.0.0', npm_config_runtime: 'node', HTTPS_PROXY: 'http://proxy:3128', EMPTY: undefined };
    const clean = cleanBuildEnv(env);
    expect(clean).toEqual({ PATH: '/usr/bin', HTTPS_PROXY: 'http://proxy:3128' });
    expect(env.npm_config_nodedir).toBe('/usr');
  });

  it('asks prebuild-install and node-gyp for the Electron runtime at the installed version', () => {
    const pre = prebuildInstallArgs('45.5.0', 'linux', 'x64');
    expect(pre.join(' ')).toContain('--runtime electron --target 45.5.0 --arch x64 --platform linux');
    expect(nodeGypArgs('45.5.0', 'arm64')).toEqual(['rebuild', '--release', '--runtime=electron', '--target=45.5.0', '--arch=arm64', '--dist-url=https://electronjs.org/headers']);
  });

  it('looks for node-gyp where npm keeps it', () => {
    const list = nodeGypCandidates({ npm_config_node_gyp: '/x/node-gyp.js', npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js' }, '/usr/bin/node');
    expect(list[0]).toBe('/x/node-gyp.js');
    expect(list).toContain(path.join('/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'));
    expect(new Set(list).size).toBe(list.length);
  });
});

describe('Electron binary', () => {
  const dir = '/p/node_modules/electron';
  it('reports a missing download and explains how to get it', () => {
    const status = electronBinaryStatus(dir, () => false, () => '');
    expect(status.ok).toBe(false);
    const help = electronBinaryHelp(status.ok ? '' : status.reason);
    expect(help).toContain('node node_modules/electron/install.js');
    expect(help).toMatch(/internet/);
  });

  it('finds the executable named in path.txt', () => {
    const exe = path.join(dir, 'dist', 'electron');
    const files = new Set([path.join(dir, 'path.txt'), exe]);
    expect(electronBinaryStatus(dir, (f) => files.has(f), () => 'electron\n')).toEqual({ ok: true, executable: exe });
    expect(electronBinaryStatus(dir, (f) => f.endsWith('path.txt'), () => 'electron').ok).toBe(false);
  });
});

describe('failure message', () => {
  it('says what was tried and what to do, in plain English', () => {
    const text = nativeBuildHelp('45.5.0', ['Downloading did not work.', 'Compiling did not work.']);
    expect(text).toContain('Electron 45.5.0');
    expect(text).toContain('Downloading did not work.');
    expect(text).toMatch(/internet connection/);
    expect(text).toMatch(/build tools/);
  });
});

describe('npm start where Electron cannot be had', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const electronDir = path.join(root, 'node_modules/electron');
  it.skipIf(electronBinaryStatus(electronDir).ok)('stops at the missing Electron program with one plain explanation, without trying to build the driver', () => {
    // A mirror nobody listens on: the download fails at once, as it does without internet.
    const run = spawnSync(process.execPath, [path.join(root, 'scripts/prepare-electron-native.mjs')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: path.join(root, 'native', 'no-cache') },
      timeout: 120_000,
    });
    const shown = `${run.stdout}${run.stderr}`;
    expect(run.status).toBe(1);
    expect(shown).toContain('needs the Electron program to open its window');
    expect(shown).toContain('could not be reached');
    expect(shown).not.toMatch(/TypeError|fetch failed|\n\s+at /);
    expect(shown).not.toMatch(/gyp ERR!|database driver/);
    expect(shown).toContain('npm run web');
  });

  it('puts a network failure or a build failure in one line of plain words', () => {
    expect(firstProblemLine('TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13')).toMatch(/could not be reached/);
    expect(firstProblemLine('gyp info it worked\ngyp ERR! stack Error: not found: make\ngyp ERR! stack at foo')).toBe('stack Error: not found: make');
    expect(firstProblemLine('')).toBeUndefined();
  });
});
