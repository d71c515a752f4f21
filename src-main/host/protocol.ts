// The messages between the process that owns the window (Electron main, or the browser harness's server) and the process
// that runs the core (an Electron utilityProcess, or a Node child process). Plain data only: everything here survives the
// structured clone both kinds of channel use, so the harness crosses the same boundary Electron does.
import type { ApiResult } from '../contract/errors';
import type { PasswordCost } from '../core/auth/passwords';

export type { CredentialStore } from '../core/server/credentials';

/** What the core process needs to open the core. Functions cannot cross a process boundary, so the demo filler is a flag. */
export interface HostCoreOptions {
  dataDir: string;
  databaseFile?: string;
  nativeBinding?: string;
  allowAnyLocation?: boolean;
  passwordCost?: PasswordCost;
  /** Offer the training database (the host loads the demo generator itself). */
  demo?: boolean;
  /** See `CoreOptions.undeclaredRefusals`: the installed app passes refusals on with their own words. */
  undeclaredRefusals?: 'strict' | 'lenient';
  /**
   * Where the college server's password is kept: `parent` asks the process that started the core (the desktop app's main
   * process, which uses the OS key store); `memory-for-tests` keeps it in the core's memory (tests and the browser
   * harness only). Absent: nowhere, so a server cannot be saved.
   */
  credentials?: 'parent' | 'memory-for-tests';
  /** Open this desk's own database this time, whatever server its settings name (the server refused; a manager can fix the settings). */
  ignoreSavedServer?: boolean;
  /** See `CoreOptions.server`: the college's PostgreSQL server instead of the desk's own file (plain data: it crosses the process boundary). */
  server?: { connection: string | { host?: string; port?: number; database?: string; user?: string; password?: string; ssl?: false | { ca?: string; rejectUnauthorized?: boolean; servername?: string } }; migrate?: boolean };
}

/** The installed app's `--restore`: which database (as the app would open it) and which backup. */
export interface RestoreRequest {
  dataDir: string;
  databaseFile?: string;
  /** A backup file; the newest in the backups folder beside the database when absent. */
  backup?: string;
  passphrase?: string;
  passphraseFile?: string;
  checkOnly: boolean;
  force: boolean;
  nativeBinding?: string;
}

/** A produced file the core process holds until the window's side says where it goes (or drops it). */
export interface HeldFile {
  token: string;
  suggestedName: string;
  mimeType: string;
  size: number;
}

export type ToHost =
  | { kind: 'open'; options: HostCoreOptions }
  | { kind: 'call'; id: number; sessionKey: string; method: string; input: unknown }
  | { kind: 'export'; id: number; sessionKey: string; method: string; input: unknown }
  | { kind: 'writeFile'; id: number; sessionKey: string; token: string; path: string }
  | { kind: 'takeFile'; id: number; sessionKey: string; token: string }
  | { kind: 'dropFile'; sessionKey: string; token: string }
  | { kind: 'endSession'; sessionKey: string }
  | { kind: 'backup'; id: number }
  | { kind: 'restore'; id: number; request: RestoreRequest }
  | { kind: 'close'; id: number }
  /** The answer to a `credential` request (its own numbering, started by the core's process). */
  | { kind: 'credentialAnswer'; id: number; secret?: string | null; error?: { message: string; keyStoreUnavailable: boolean } };

export type OpenFailure = {
  /** `refused`: the database was refused (unsafe place, newer, damaged) and left untouched; `driver`: better-sqlite3 would not load. */
  reason: 'refused' | 'missing-folder' | 'driver' | 'other';
  message: string;
  /** `server`: the college's server (or the desk's saved settings for it) refused, not a file of this desk's. */
  where?: 'server';
};

export type FromHost =
  | { kind: 'opened' }
  | { kind: 'openFailed'; failure: OpenFailure }
  | { kind: 'result'; id: number; result: ApiResult<unknown> }
  | { kind: 'exported'; id: number; result: ApiResult<{ file: HeldFile; rest: unknown }> }
  | { kind: 'written'; id: number; error?: string }
  | { kind: 'file'; id: number; bytes?: Uint8Array; suggestedName?: string; mimeType?: string; error?: string }
  | { kind: 'backedUp'; id: number; verified: boolean; file?: string; error?: string }
  | { kind: 'restored'; id: number; code: number; lines: string[] }
  | { kind: 'closed'; id: number }
  /** The core asks its parent to keep, give back or forget a secret (HostCoreOptions.credentials = 'parent'). */
  | { kind: 'credential'; id: number; op: 'get' | 'set' | 'delete'; key: string; secret?: string };

/** Either end of the channel, as both Electron's `parentPort`/`UtilityProcess` and Node's `process`/`ChildProcess` can be wrapped. */
export interface Channel<Out, In> {
  send(message: Out): void;
  onMessage(listener: (message: In) => void): void;
}

export function isToHost(m: unknown): m is ToHost {
  return typeof m === 'object' && m !== null && typeof (m as { kind?: unknown }).kind === 'string';
}
