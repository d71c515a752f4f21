// A desk's server settings: where its records live (this computer's SQLite file, or the college's PostgreSQL server),
// kept in `desk-server.json` in the desk's data folder without the password, and turned into the driver's options.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { plainConnectionProblem, serverConfigSchema, type DeskServerConfig, type PostgresServerConfig } from '../../contract/server';
import { credentialKey, type CredentialStore } from './credentials';

export const SERVER_CONFIG_FILE = 'desk-server.json';
/** The copy of IT's CA file kept beside the settings, so a removed USB stick or a tidied Downloads folder cannot break a start. */
export const SERVER_CA_COPY = 'desk-server-ca.crt';

/** The settings cannot be used as they are; `message` is for staff and IT. `field` names the setting at fault. */
export class ServerConfigError extends Error {
  constructor(
    message: string,
    readonly field: 'file' | 'tls' | 'caFile' | 'password',
  ) {
    super(message);
    this.name = 'ServerConfigError';
  }
}

export function serverConfigPath(dataDir: string): string {
  return path.join(dataDir, SERVER_CONFIG_FILE);
}

/** The saved settings; a desk that never chose a server uses this computer's database. */
export function readServerConfig(dataDir: string): DeskServerConfig {
  const file = serverConfigPath(dataDir);
  if (!existsSync(file)) return { engine: 'sqlite' };
  let parsed: ReturnType<typeof serverConfigSchema.safeParse>;
  try {
    parsed = serverConfigSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new ServerConfigError(`This desk's server settings (${file}) cannot be read: ${(e as Error).message}. Set them again in Settings → College server, or ask IT.`, 'file');
  }
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ServerConfigError(`This desk's server settings (${file}) are not valid: ${first?.message ?? 'unknown problem'}. Set them again in Settings → College server, or ask IT.`, 'file');
  }
  return parsed.data;
}

/** When the settings file was last written (null: never), to tell whether they changed since this desk started. */
export function serverConfigSavedAt(dataDir: string): Date | null {
  const file = serverConfigPath(dataDir);
  return existsSync(file) ? statSync(file).mtime : null;
}

/** Writes the settings atomically (a new file, flushed, renamed over the old), readable by this user only. Never a password. */
export function writeServerConfig(dataDir: string, config: DeskServerConfig): void {
  const kept: DeskServerConfig =
    config.engine === 'sqlite'
      ? { engine: 'sqlite' }
      : { engine: 'postgres', host: config.host, port: config.port, database: config.database, user: config.user, tls: config.tls, caFile: config.caFile || undefined };
  writeAtomically(serverConfigPath(dataDir), `${JSON.stringify(kept, null, 2)}\n`);
}

/** Keeps a copy of the CA file in the data folder; returns the copy's path. */
export function keepCaCopy(dataDir: string, caFile: string): string {
  const target = path.join(dataDir, SERVER_CA_COPY);
  if (path.resolve(caFile) === path.resolve(target)) return target;
  writeAtomically(target, readCaFile(caFile));
  return target;
}

function writeAtomically(target: string, content: string): void {
  const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** The CA certificate(s) in PEM, or a refusal saying what is wrong with the file. */
export function readCaFile(caFile: string): string {
  let text: string;
  try {
    text = readFileSync(caFile, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' || code === 'EPERM' ? 'this desk may not read it' : (e as Error).message;
    throw new ServerConfigError(`The CA file ${caFile} cannot be read: ${why}. Check the path, or ask IT for the file.`, 'caFile');
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ServerConfigError(`The file ${caFile} is not a CA certificate in PEM form (it should start with “-----BEGIN CERTIFICATE-----”). Ask IT for the server’s CA file.`, 'caFile');
  }
  return text;
}

/** How long a desk waits for the server before saying it cannot be reached. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The driver's options for the settings. `verify-full`: TLS, the certificate checked against IT's CA file (or this
 * computer's trusted authorities when there is none) and the server's name against the certificate (Node's own
 * `checkServerIdentity`). A plain connection is refused here too for anything but this computer, whatever the file says.
 */
export function poolConfigFor(config: PostgresServerConfig, password: string): pg.PoolConfig {
  const plain = plainConnectionProblem(config);
  if (plain) throw new ServerConfigError(plain, 'tls');
  const ssl: pg.PoolConfig['ssl'] = config.tls === 'none' ? false : { rejectUnauthorized: true, ...(config.caFile ? { ca: readCaFile(config.caFile) } : {}) };
  return {
    host: config.host.replace(/^\[(.*)\]$/, '$1'),
    port: config.port,
    database: config.database,
    user: config.user,
    password,
    ssl,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'Recovery College Desk',
  };
}

/**
 * What the shell passes to the core at start: the server's connection when this desk's records live there, else null
 * (this computer's database). Throws `ServerConfigError` when the settings or the kept password cannot be used.
 */
export async function serverOptionsFor(dataDir: string, credentials: CredentialStore | null): Promise<{ connection: pg.PoolConfig } | null> {
  const config = readServerConfig(dataDir);
  if (config.engine === 'sqlite') return null;
  const password = credentials ? await credentials.get(credentialKey(config)) : null;
  if (password === null) {
    throw new ServerConfigError(
      `This desk is set to use the college's server (${config.host}), but its password is not kept on this computer. A manager can enter it again in Settings → College server, or IT can remove ${serverConfigPath(dataDir)} to use this computer's database.`,
      'password',
    );
  }
  return { connection: poolConfigFor(config, password) };
}
