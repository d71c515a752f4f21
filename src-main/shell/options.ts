// Where the data lives: the user-data folder unless a power user (or a test) points elsewhere.
// Precedence: --data-dir= / --database= on the command line, then RCD_DATA_DIR / RCD_DATABASE, then the default.
import path from 'node:path';

export interface DataLocation {
  dataDir: string;
  databaseFile?: string;
}

export function dataLocation(argv: readonly string[], env: Partial<Record<string, string>>, defaultDataDir: string): DataLocation {
  const arg = (name: string) => {
    const prefix = `--${name}=`;
    const hit = [...argv].reverse().find((a) => a.startsWith(prefix));
    return hit ? hit.slice(prefix.length) : undefined;
  };
  const nonEmpty = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : undefined);
  const dataDir = nonEmpty(arg('data-dir')) ?? nonEmpty(env.RCD_DATA_DIR) ?? defaultDataDir;
  const databaseFile = nonEmpty(arg('database')) ?? nonEmpty(env.RCD_DATABASE);
  return { dataDir: path.resolve(dataDir), ...(databaseFile ? { databaseFile: path.resolve(databaseFile) } : {}) };
}
