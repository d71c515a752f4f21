// Installers for staff PCs (electron-builder): Windows NSIS (per-machine, folder choice) and MSI (silent installs through
// Intune or Group Policy; the upgrade code below is fixed for ever so each MSI upgrades the last), Linux AppImage and .deb.
// Version, name and description come from package.json. The fuses are flipped by scripts/after-pack.mjs.
// Build: `npm run dist` (needs internet the first time: Electron itself and the Electron build of better-sqlite3).

/** Never change this: Windows Installer recognises later versions of the app by it. */
export const MSI_UPGRADE_CODE = '{F62683D2-71AD-4048-B202-B994CA3B0F84}';

/** A feed is built in only when RCD_UPDATE_FEED (https://…) is set for the build; otherwise updates stay off (shell/updates.ts). */
const feed = process.env.RCD_UPDATE_FEED?.trim();
if (feed && !/^https:\/\/[^/\s]+/.test(feed)) throw new Error(`RCD_UPDATE_FEED must be an https:// address (it is "${feed}").`);

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'uk.org.recoverycollege.desk',
  productName: 'Recovery College Desk',
  executableName: 'recovery-college-desk',
  copyright: 'Recovery College Desk contributors',
  directories: { output: 'dist', buildResources: 'build' },
  // The built app and the production dependencies only: no sources, tests, local data or the developer-machine driver build.
  files: ['out/**/*', 'package.json', '!out/**/*.map', '!native/**', '!.data/**', '!**/*.sqlite*'],
  asar: true,
  // Native code cannot run from inside the ASAR archive: better-sqlite3's compiled driver is unpacked beside it, and sharp
  // (receipt pictures) with its platform packages (@img/sharp-<platform>, @img/sharp-libvips-<platform>: the .node and libvips's
  // shared library it loads by relative path), as sharp's installation guide for Electron requires.
  asarUnpack: [
    'node_modules/better-sqlite3/build/Release/*.node',
    'node_modules/better-sqlite3/**/*.node',
    '**/node_modules/sharp/**/*',
    '**/node_modules/@img/**/*',
  ],
  // Rebuild native dependencies (better-sqlite3) for Electron's ABI while packaging; prebuilt binaries when available.
  npmRebuild: true,
  buildDependenciesFromSource: false,
  nodeGypRebuild: false,
  afterPack: './scripts/after-pack.mjs',
  publish: feed ? [{ provider: 'generic', url: feed }] : null,
  win: {
    target: [
      { target: 'nsis', arch: ['x64'] },
      { target: 'msi', arch: ['x64'] },
    ],
    icon: 'build/icon.ico',
  },
  nsis: {
    oneClick: false,
    perMachine: true,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    // The records are the college's: uninstalling the program never deletes the database or its back-ups.
    deleteAppDataOnUninstall: false,
    artifactName: 'Recovery-College-Desk-Setup-${version}.${ext}',
  },
  msi: {
    oneClick: false,
    perMachine: true,
    upgradeCode: MSI_UPGRADE_CODE,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    runAfterFinish: false,
    artifactName: 'Recovery-College-Desk-${version}.${ext}',
  },
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'build/icons',
    category: 'Office',
    synopsis: 'Registers, scheduling, expenses and contract returns for a recovery college',
    maintainer: 'Recovery College Desk contributors <desk@example.org>',
    artifactName: 'recovery-college-desk-${version}-${arch}.${ext}',
  },
  deb: { packageCategory: 'office', priority: 'optional' },
};

export default config;
