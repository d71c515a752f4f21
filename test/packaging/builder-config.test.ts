// The packaging configuration, checked here where Electron cannot be downloaded (the hosted CI workflow builds the real
// installers): targets, per-machine installs with a fixed MSI upgrade code, the unpacked native driver, the fuses (flipped
// for real in a stand-in binary by the afterPack hook), and the update switches.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterEach, describe, expect, it } from 'vitest';
import { minimatch } from 'minimatch';
import config, { MSI_UPGRADE_CODE } from '../../electron-builder.config.mjs';
import afterPack, { FUSES } from '../../scripts/after-pack.mjs';
import { isMidRegister, nextInstallStep, parseRegQuery, updateSetting, type UpdateSwitches } from '../../src-main/shell/updates';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; main: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
type Target = { target: string; arch: string[] };

describe('electron-builder configuration', () => {
  it('builds Windows NSIS (per-machine, folder choice) and MSI (silent, fixed upgrade code) installers', () => {
    expect((config.win!.target as Target[]).map((t) => t.target)).toEqual(['nsis', 'msi']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, allowToChangeInstallationDirectory: true, deleteAppDataOnUninstall: false });
    expect(config.msi).toMatchObject({ perMachine: true, upgradeCode: MSI_UPGRADE_CODE });
    expect(MSI_UPGRADE_CODE).toBe('{F62683D2-71AD-4048-B202-B994CA3B0F84}');
  });

  it('builds Linux AppImage and .deb', () => {
    expect(config.linux!.target).toEqual(['AppImage', 'deb']);
  });

  it('names the app once, takes its version from package.json, and has icons', () => {
    expect(config.appId).toBe('uk.org.recoverycollege.desk');
    expect(config.productName).toBe('Recovery College Desk');
    expect(JSON.stringify(config)).not.toMatch(/"version"/);
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(pkg.main).toBe('out/main/index.js');
    for (const icon of ['build/icon.ico', 'build/icon.png', 'build/icons/256x256.png']) expect(readFileSync(icon).length, icon).toBeGreaterThan(100);
    expect(readFileSync('build/icon.png').subarray(1, 4).toString()).toBe('PNG');
  });

  it('packs the built app into an ASAR and unpacks the Electron build of better-sqlite3', () => {
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
    const unpacked = (file: string) => (config.asarUnpack as string[]).some((g) => minimatch(file, g));
    expect(unpacked('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    expect(unpacked('node_modules/better-sqlite3/lib/database.js')).toBe(false);
    expect(unpacked('out/main/index.js')).toBe(false);
    // sharp (receipt pictures) and its native platform packages, as sharp's own guide for Electron asks.
    expect(unpacked('node_modules/sharp/lib/index.js')).toBe(true);
    expect(unpacked('node_modules/@img/sharp-win32-x64/lib/sharp-win32-x64.node')).toBe(true);
    expect(unpacked('node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64.node')).toBe(true);
    expect(unpacked('node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.8.18.7')).toBe(true);
    expect(unpacked('node_modules/@img/colour/index.cjs')).toBe(true);
    // The runtime needs better-sqlite3 and the updater as production dependencies (devDependencies are not packaged).
    expect(pkg.dependencies['better-sqlite3']).toBeDefined();
    expect(pkg.dependencies.sharp).toBeDefined();
    expect(pkg.dependencies['electron-updater']).toBeDefined();
    expect(pkg.dependencies.electron).toBeUndefined();
  });

  it('ships only the build: no sources, local data, or the developer-machine driver build', () => {
    const files = config.files as string[];
    const included = (file: string) => {
      let inc = false;
      for (const g of files) {
        if (g.startsWith('!')) {
          if (minimatch(file, g.slice(1))) inc = false;
        } else if (minimatch(file, g)) inc = true;
      }
      return inc;
    };
    expect(included('out/main/index.js')).toBe(true);
    expect(included('out/main/core-host.js')).toBe(true);
    expect(included('out/renderer/index.html')).toBe(true);
    expect(included('out/main/index.js.map')).toBe(false);
    expect(included('src-main/core/api/core.ts')).toBe(false);
    expect(included('native/electron-45.5.0-linux-x64/better_sqlite3.node')).toBe(false);
    expect(included('.data/recovery-college.sqlite')).toBe(false);
  });

  it('has no update feed unless one is given for the build', () => {
    expect(config.publish).toBeNull();
  });
});

describe('fuses (afterPack hook)', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('declares RunAsNode, NODE_OPTIONS and --inspect off; ASAR integrity, app-only-from-ASAR and cookie encryption on', () => {
    expect(FUSES).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
    });
    expect(config.afterPack).toBe('./scripts/after-pack.mjs');
  });

  it('flips them in the packaged binary and checks them', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rcd-fuses-'));
    // A stand-in for the Electron binary: the fuse sentinel, wire version 1, eight fuses as Electron ships them.
    const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
    const shipped = Buffer.concat([Buffer.from('ELF…padding…'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from('10111100'), Buffer.from('…rest')]);
    const binary = path.join(dir, 'recovery-college-desk');
    writeFileSync(binary, shipped);
    const { flipFuses } = await import('@electron/fuses');
    const context = {
      appOutDir: dir,
      electronPlatformName: 'linux',
      arch: 1,
      packager: {
        executableName: 'recovery-college-desk',
        appInfo: { productFilename: 'Recovery College Desk' },
        addElectronFuses: (_ctx: unknown, fuses: Parameters<typeof flipFuses>[1]) => flipFuses(binary, fuses),
      },
    };
    await afterPack(context);
    const wire = await getCurrentFuseWire(binary);
    const on = (f: FuseV1Options) => wire[f] === 49;
    expect(on(FuseV1Options.RunAsNode)).toBe(false);
    expect(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(false);
    expect(on(FuseV1Options.EnableNodeCliInspectArguments)).toBe(false);
    expect(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(true);
    expect(on(FuseV1Options.OnlyLoadAppFromAsar)).toBe(true);
    expect(on(FuseV1Options.EnableCookieEncryption)).toBe(true);

    // A packager that silently fails to flip them stops the build.
    copyFileSync(binary, `${binary}.flipped`);
    writeFileSync(binary, shipped);
    await expect(afterPack({ ...context, packager: { ...context.packager, addElectronFuses: async () => 0 } })).rejects.toThrow(/must be off/);
  });
});

describe('update switches', () => {
  const base: UpdateSwitches = { isPackaged: true, argv: [], env: {}, policy: {}, builtInFeedUrl: undefined };

  it('are off unless a feed is configured, and never in an unpackaged app', () => {
    expect(updateSetting(base)).toMatchObject({ enabled: false, why: expect.stringMatching(/No update address/) });
    expect(updateSetting({ ...base, isPackaged: false, env: { RCD_UPDATE_FEED: 'https://updates.example.org/desk' } }).enabled).toBe(false);
    expect(updateSetting({ ...base, builtInFeedUrl: 'https://updates.example.org/desk' })).toEqual({ enabled: true, feedUrl: 'https://updates.example.org/desk', source: 'installer' });
    expect(updateSetting({ ...base, policy: { feedUrl: 'https://intranet.example.nhs.uk/desk' } })).toMatchObject({ enabled: true, source: 'IT policy' });
  });

  it('only take a plain HTTPS feed', () => {
    for (const bad of ['http://updates.example.org/', 'file:///C:/updates', 'https://user:pw@example.org/', 'nonsense']) {
      expect(updateSetting({ ...base, env: { RCD_UPDATE_FEED: bad } }).enabled, bad).toBe(false);
    }
  });

  it('IT can switch them off by command-line flag, environment variable or Windows policy, whatever feed is set', () => {
    const withFeed = { ...base, builtInFeedUrl: 'https://updates.example.org/desk' };
    expect(updateSetting({ ...withFeed, argv: ['app', '--no-updates'] })).toMatchObject({ enabled: false, why: expect.stringMatching(/command line/) });
    expect(updateSetting({ ...withFeed, env: { RCD_UPDATES: 'off' } })).toMatchObject({ enabled: false, why: expect.stringMatching(/environment/) });
    expect(updateSetting({ ...withFeed, policy: { disableUpdates: true } })).toMatchObject({ enabled: false, why: expect.stringMatching(/IT policy/) });
  });

  it('read the Windows policy key as `reg query` prints it', () => {
    const out = '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\RecoveryCollegeDesk\r\n    DisableUpdates    REG_DWORD    0x1\r\n    UpdateFeedUrl    REG_SZ    https://intranet.example.nhs.uk/desk\r\n\r\n';
    expect(parseRegQuery(out)).toEqual({ disableUpdates: true, feedUrl: 'https://intranet.example.nhs.uk/desk' });
    expect(parseRegQuery('    DisableUpdates    REG_DWORD    0x0\r\n')).toEqual({ disableUpdates: false });
    expect(parseRegQuery('ERROR: The system was unable to find the specified registry key or value.')).toEqual({});
  });

  it('install only with the person’s agreement, never mid-register, and only after a verified back-up', () => {
    const ready = { downloaded: true, agreed: true, midRegister: false, backup: 'verified' } as const;
    expect(nextInstallStep({ ...ready, downloaded: false })).toEqual({ action: 'wait', reason: 'nothing-downloaded' });
    expect(nextInstallStep({ ...ready, agreed: null })).toEqual({ action: 'ask' });
    expect(nextInstallStep({ ...ready, agreed: false })).toEqual({ action: 'wait', reason: 'declined' });
    expect(nextInstallStep({ ...ready, midRegister: true })).toEqual({ action: 'wait', reason: 'mid-register' });
    expect(nextInstallStep({ ...ready, backup: 'none' })).toEqual({ action: 'back-up' });
    expect(nextInstallStep({ ...ready, backup: 'failed' })).toEqual({ action: 'refuse', reason: 'backup-failed' });
    expect(nextInstallStep(ready)).toEqual({ action: 'install' });
  });

  it('know a register is open from the window’s address', () => {
    expect(isMidRegister('app://desk/index.html#/registers/sessions/12')).toBe(true);
    expect(isMidRegister('app://desk/index.html#/registers/runs/3')).toBe(false);
    expect(isMidRegister('app://desk/index.html#/today')).toBe(false);
    expect(isMidRegister(undefined)).toBe(false);
  });
});

describe('the hosted workflow (.github/workflows/desktop.yml)', () => {
  const workflow = readFileSync('.github/workflows/desktop.yml', 'utf8');
  /** Where each step's `run:` line is, so their order can be checked (a plain reading: no YAML parser is a dependency here). */
  const at = (pattern: RegExp) => {
    const i = workflow.search(pattern);
    expect(i, String(pattern)).toBeGreaterThan(-1);
    return i;
  };

  it('lifts Ubuntu 24.04’s AppArmor block on the sandbox before anything starts Electron', () => {
    expect(workflow).toMatch(/runs-on: \$\{\{ matrix\.os \}\}/);
    expect(at(/sudo sysctl -w kernel\.apparmor_restrict_unprivileged_userns=0/)).toBeLessThan(at(/run: xvfb-run -a npm test/));
  });

  it('puts the Node build of the database driver back after packaging, before the packaged-app smoke test', () => {
    const dist = at(/run: npm run \$\{\{ runner\.os == 'Windows' && 'dist:win' \|\| 'dist:linux' \}\}/);
    const rebuild = at(/run: npm rebuild better-sqlite3/);
    expect(dist).toBeLessThan(rebuild);
    expect(rebuild).toBeLessThan(at(/packaged-app\.test\.ts/));
  });

  it('runs what the README says on each system: the whole `npm test` on Ubuntu; typecheck, lint and unit tests on Windows', () => {
    expect(workflow).toMatch(/if: runner\.os == 'Linux'\n\s+run: xvfb-run -a npm test/);
    expect(workflow).toMatch(/if: runner\.os == 'Windows'\n\s+run: \|\n\s+npm run typecheck\n\s+npm run lint\n\s+npm run test:unit/);
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toMatch(/runs the whole `npm test` on Ubuntu and the typecheck, lint and unit tests on Windows/);
  });
});
