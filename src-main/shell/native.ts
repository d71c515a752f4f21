// Which better-sqlite3 binary the core loads. Node (tests, harness) uses node_modules' own build; Electron uses the build that
// scripts/prepare-electron-native.mjs puts in native/electron-<version>-<platform>-<arch>/ (same naming as that script).
import path from 'node:path';

export function electronNativeRelativePath(electronVersion: string, platform: string, arch: string): string {
  return path.join('native', `electron-${electronVersion}-${platform}-${arch}`, 'better_sqlite3.node');
}

/** The `nativeBinding` for Core.open: the Electron build when running inside Electron and it exists, else undefined. */
export function nativeBindingFor(
  appRoot: string,
  versions: Partial<Record<string, string>>,
  platform: string,
  arch: string,
  exists: (file: string) => boolean,
): string | undefined {
  const electron = versions.electron;
  if (!electron) return undefined;
  const file = path.join(appRoot, electronNativeRelativePath(electron, platform, arch));
  return exists(file) ? file : undefined;
}
