// electron-builder afterPack hook: flips Electron's fuses in the packaged binary (before signing), then reads them back
// and stops the build if any is not as required. Which fuses, and why, is in FUSES below.
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';

/** The fuses of every packaged build. */
export const FUSES = {
  // The binary cannot be used as a plain Node.js (ELECTRON_RUN_AS_NODE): no running arbitrary scripts with the app's identity.
  [FuseV1Options.RunAsNode]: false,
  // NODE_OPTIONS is ignored: no injecting code into the app through the environment.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect and friends are ignored: no attaching a debugger to read the records.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash embedded at build time (macOS and Windows enforce it).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Only the app inside app.asar is ever loaded, never a folder placed beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // Chromium's cookie store is encrypted with the OS keychain.
  [FuseV1Options.EnableCookieEncryption]: true,
  // The page is served from app://, so file:// needs no extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

export function fuseConfig(electronPlatformName, arch) {
  // Arm64 macOS binaries must be re-signed ad hoc after editing; 3 is electron-builder's Arch.arm64.
  return { version: FuseVersion.V1, resetAdHocDarwinSignature: electronPlatformName === 'darwin' && arch === 3, ...FUSES };
}

export default async function afterPack(context) {
  const { packager, electronPlatformName, arch, appOutDir } = context;
  await packager.addElectronFuses(context, fuseConfig(electronPlatformName, arch));
  const ext = { darwin: '.app', mas: '.app', win32: '.exe', linux: '' }[electronPlatformName] ?? '';
  const name = electronPlatformName === 'linux' ? packager.executableName : packager.appInfo.productFilename;
  const binary = `${appOutDir}/${name}${ext}`;
  const wire = await getCurrentFuseWire(binary);
  for (const [fuse, wanted] of Object.entries(FUSES)) {
    const actual = wire[fuse];
    // The wire holds ASCII '1' (49) for on and '0' (48) for off (@electron/fuses' FuseState).
    const on = actual === 49;
    if (on !== wanted) throw new Error(`Fuse ${FuseV1Options[fuse] ?? fuse} is ${on ? 'on' : 'off'} in ${binary}; it must be ${wanted ? 'on' : 'off'}.`);
  }
  console.log(`[after-pack] fuses set and checked in ${binary}`);
}
