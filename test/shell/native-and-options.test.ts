// Which SQLite driver the shell loads, and where the data lives.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nativeBindingRelativePath } from '../../scripts/electron-native-lib.mjs';
import { electronNativeRelativePath, nativeBindingFor } from '../../src-main/shell/native';
import { dataLocation, defaultDataDir, LOCATION_FILE, readRememberedDataDir, rememberDataDir } from '../../src-main/shell/options';

describe('native binding', () => {
  it('uses the same folder naming as scripts/prepare-electron-native.mjs', () => {
    expect(electronNativeRelativePath('45.5.0', 'win32', 'x64')).toBe(nativeBindingRelativePath('45.5.0', 'win32', 'x64'));
    expect(electronNativeRelativePath('45.5.0', 'linux', 'arm64')).toBe(path.join('native', 'electron-45.5.0-linux-arm64', 'better_sqlite3.node'));
  });

  it('picks the Electron build only inside Electron and only when it exists', () => {
    const expected = path.join('/app', 'native', 'electron-45.5.0-darwin-arm64', 'better_sqlite3.node');
    expect(nativeBindingFor('/app', { electron: '45.5.0', node: '22.20.0' }, 'darwin', 'arm64', (f) => f === expected)).toBe(expected);
    expect(nativeBindingFor('/app', { electron: '45.5.0' }, 'darwin', 'arm64', () => false)).toBeUndefined();
    expect(nativeBindingFor('/app', { node: '20.20.2' }, 'darwin', 'arm64', () => true)).toBeUndefined();
  });
});

describe('data location', () => {
  it('defaults to the user-data folder', () => {
    expect(dataLocation([], {}, '/home/a/.config/desk')).toEqual({ dataDir: path.resolve('/home/a/.config/desk') });
  });

  it('on Windows uses the local (not roaming) app-data folder, which networks do not redirect to a share', () => {
    expect(defaultDataDir('win32', { LOCALAPPDATA: 'C:\\Users\\sam\\AppData\\Local' }, 'C:\\Users\\sam\\AppData\\Roaming\\desk')).toBe(
      'C:\\Users\\sam\\AppData\\Local\\recovery-college-desk',
    );
    expect(defaultDataDir('linux', { LOCALAPPDATA: 'x' }, '/home/a/.config/desk')).toBe('/home/a/.config/desk');
  });

  it('lets the environment and then the command line override it', () => {
    expect(dataLocation([], { RCD_DATA_DIR: '/srv/desk', RCD_DATABASE: '/srv/desk/live.sqlite' }, '/d')).toEqual({
      dataDir: path.resolve('/srv/desk'),
      databaseFile: path.resolve('/srv/desk/live.sqlite'),
    });
    expect(dataLocation(['electron', '.', '--data-dir=/cli/dir', '--database=/cli/db.sqlite'], { RCD_DATA_DIR: '/env' }, '/d')).toEqual({
      dataDir: path.resolve('/cli/dir'),
      databaseFile: path.resolve('/cli/db.sqlite'),
    });
    expect(dataLocation(['--data-dir='], { RCD_DATA_DIR: '  ' }, '/d')).toEqual({ dataDir: path.resolve('/d') });
  });
});

describe('remembered folder', () => {
  it('comes after the command line and environment, and before the default', () => {
    expect(dataLocation([], {}, '/d', '/chosen')).toEqual({ dataDir: path.resolve('/chosen'), remembered: true });
    expect(dataLocation([], { RCD_DATA_DIR: '/env' }, '/d', '/chosen')).toEqual({ dataDir: path.resolve('/env') });
    expect(dataLocation(['--data-dir=/cli'], {}, '/d', '/chosen')).toEqual({ dataDir: path.resolve('/cli') });
    expect(dataLocation([], { RCD_DATABASE: '/x/live.sqlite' }, '/d', '/chosen')).toEqual({ dataDir: path.resolve('/d'), databaseFile: path.resolve('/x/live.sqlite') });
  });
});

describe('remembered folder file', () => {
  it('round-trips an absolute folder and ignores a damaged or relative one', () => {
    const config = mkdtempSync(path.join(tmpdir(), 'rcd-loc-'));
    try {
      expect(readRememberedDataDir(config)).toBeUndefined();
      rememberDataDir(config, path.resolve('/data/desk'));
      expect(readRememberedDataDir(config)).toBe(path.resolve('/data/desk'));
      writeFileSync(path.join(config, LOCATION_FILE), '{ not json');
      expect(readRememberedDataDir(config)).toBeUndefined();
      writeFileSync(path.join(config, LOCATION_FILE), JSON.stringify({ dataDir: 'relative/dir' }));
      expect(readRememberedDataDir(config)).toBeUndefined();
    } finally {
      rmSync(config, { recursive: true, force: true });
    }
  });
});

