// Where the data lives: the user-data folder unless a power user (or a test) points elsewhere, or the person chose another
// folder when the usual one could not be used (remembered in database-location.json in the user-data folder).
// Precedence: --data-dir= / --database= on the command line, then RCD_DATA_DIR / RCD_DATABASE, then the remembered folder,
// then the default.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface DataLocation {
  dataDir: string;
  databaseFile?: string;
  /** The folder was remembered from an earlier choice: it must already exist (a missing drive must not get a new, empty database). */
  remembered?: boolean;
  /** This start only: the desk's own database, though its settings name the college's server (which refused). */
  ignoreSavedServer?: boolean;
}

export const LOCATION_FILE = 'database-location.json';

/**
 * The default data folder. On Windows this is the *local* app-data folder, not Electron's userData (roaming), because
 * NHS and corporate networks often redirect the roaming profile to a network share, where SQLite must not live.
 */
export function defaultDataDir(platform: NodeJS.Platform, env: Partial<Record<string, string>>, userData: string): string {
  if (platform === 'win32' && env.LOCALAPPDATA) return path.win32.join(env.LOCALAPPDATA, 'recovery-college-desk');
  return userData;
}

export function dataLocation(argv: readonly string[], env: Partial<Record<string, string>>, defaultDataDir: string, rememberedDir?: string): DataLocation {
  const arg = (name: string) => {
    const prefix = `--${name}=`;
    const hit = [...argv].reverse().find((a) => a.startsWith(prefix));
    return hit ? hit.slice(prefix.length) : undefined;
  };
  const nonEmpty = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : undefined);
  const explicit = nonEmpty(arg('data-dir')) ?? nonEmpty(env.RCD_DATA_DIR);
  const databaseFile = nonEmpty(arg('database')) ?? nonEmpty(env.RCD_DATABASE);
  const extra = databaseFile ? { databaseFile: path.resolve(databaseFile) } : {};
  if (explicit) return { dataDir: path.resolve(explicit), ...extra };
  if (rememberedDir && !databaseFile) return { dataDir: path.resolve(rememberedDir), remembered: true };
  return { dataDir: path.resolve(defaultDataDir), ...extra };
}

/** The folder chosen last time, if any. A damaged or odd file is ignored. */
export function readRememberedDataDir(configDir: string): string | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path.join(configDir, LOCATION_FILE), 'utf8')) as { dataDir?: unknown };
    return typeof parsed.dataDir === 'string' && path.isAbsolute(parsed.dataDir) ? parsed.dataDir : undefined;
  } catch {
    return undefined;
  }
}

export function rememberDataDir(configDir: string, dataDir: string): void {
  mkdirSync(configDir, { recursive: true });
  writeFileSync(path.join(configDir, LOCATION_FILE), `${JSON.stringify({ dataDir, chosenAt: new Date().toISOString() }, null, 2)}\n`);
}

/** Thrown before opening when a remembered folder has gone (unplugged drive, renamed folder). */
export class MissingFolderError extends Error {
  constructor(readonly dataDir: string) {
    super(`The folder chosen for the database, ${dataDir}, cannot be found. If it is on a drive that is not connected, connect it and start the app again; otherwise choose the folder again.`);
    this.name = 'MissingFolderError';
  }
}

export function checkRememberedFolder(location: DataLocation, exists: (p: string) => boolean = existsSync): void {
  if (location.remembered && !exists(location.dataDir)) throw new MissingFolderError(location.dataDir);
}
