// The core's process: opens the core when asked, answers calls as they come (each in its own promise, never queued behind
// the channel), and holds produced files until the window's side names a path. Plain Node: runs the same under Electron's
// utilityProcess and under child_process.fork (the browser harness and the tests).
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ApiResult } from '../contract/errors';
import { carriesFileBytes, isFileMethod, SAVE_THROUGH_DIALOG_MESSAGE, splitFile } from '../contract/files';
import type { ExportedFile } from '../contract/define';
import { KeyStoreUnavailableError, type CredentialStore } from '../core/server/credentials';
import type { Channel, FromHost, HeldFile, HostCoreOptions, OpenFailure, ToHost } from './protocol';
import { isToHost } from './protocol';
import { restoreInHost } from './restore';

/** The part of the core the host drives. */
export interface HostedCore {
  call(sessionKey: string, method: unknown, input: unknown): Promise<ApiResult<unknown>>;
  endSession(sessionKey: string): void;
  close(): Promise<void>;
  /** Takes a back-up (before an update) and checks it. */
  backupForUpdate?(): Promise<{ verified: boolean; file: string }>;
}

/** What the core's process offers the core beyond its options: the parent's credential store (`credentials: 'parent'`). */
export interface HostServices {
  parentCredentials: CredentialStore;
}

export type CoreOpener = (options: HostCoreOptions, services: HostServices) => Promise<HostedCore>;

/** How long a produced file waits for the save dialog before it is forgotten. */
const HOLD_MS = 10 * 60_000;

export function runHost(channel: Channel<FromHost, unknown>, openCore: CoreOpener): void {
  let core: HostedCore | null = null;
  let opening: Promise<void> | null = null;
  const held = new Map<string, { sessionKey: string; file: ExportedFile; timer: NodeJS.Timeout }>();

  const notOpen: ApiResult<never> = { ok: false, error: { reason: 'database.not-open', code: 'INTERNAL', message: 'The database is not open at the moment. Please wait a moment and try again.' } };

  const hold = (sessionKey: string, file: ExportedFile): HeldFile => {
    const token = randomBytes(16).toString('hex');
    const timer = setTimeout(() => held.delete(token), HOLD_MS);
    timer.unref();
    held.set(token, { sessionKey, file, timer });
    return { token, suggestedName: file.suggestedName, mimeType: file.mimeType, size: Math.floor((file.base64.length * 3) / 4) };
  };
  const release = (sessionKey: string, token: string): ExportedFile | null => {
    const h = held.get(token);
    if (!h || h.sessionKey !== sessionKey) return null;
    clearTimeout(h.timer);
    held.delete(token);
    return h.file;
  };

  // Secrets kept by the parent (the desktop app's OS key store): asked over the channel, answered by `credentialAnswer`.
  const asked = new Map<number, { resolve: (secret: string | null) => void; reject: (e: Error) => void }>();
  let nextAsk = 1;
  const ask = (op: 'get' | 'set' | 'delete', key: string, secret?: string) =>
    new Promise<string | null>((resolve, reject) => {
      const id = nextAsk++;
      asked.set(id, { resolve, reject });
      channel.send({ kind: 'credential', id, op, key, ...(secret === undefined ? {} : { secret }) });
    });
  const parentCredentials: CredentialStore = {
    get: (key) => ask('get', key),
    set: async (key, secret) => void (await ask('set', key, secret)),
    delete: async (key) => void (await ask('delete', key)),
  };

  const handle = async (m: ToHost): Promise<void> => {
    switch (m.kind) {
      case 'credentialAnswer': {
        const waiting = asked.get(m.id);
        asked.delete(m.id);
        if (!waiting) return;
        if (!m.error) return waiting.resolve(m.secret ?? null);
        return waiting.reject(m.error.keyStoreUnavailable ? new KeyStoreUnavailableError(m.error.message) : new Error(m.error.message));
      }
      case 'open': {
        opening ??= openCore(m.options, { parentCredentials }).then(
          (c) => {
            core = c;
            channel.send({ kind: 'opened' });
          },
          (e: unknown) => {
            opening = null;
            channel.send({ kind: 'openFailed', failure: describeOpenFailure(e) });
          },
        );
        return opening;
      }
      case 'call': {
        if (!core) return channel.send({ kind: 'result', id: m.id, result: notOpen });
        // A file's bytes never go to the window: it asks for the file through `export` and the save dialog.
        if (carriesFileBytes(m.method)) {
          return channel.send({ kind: 'result', id: m.id, result: { ok: false, error: { reason: 'call.unknown-method', code: 'UNKNOWN_METHOD', message: SAVE_THROUGH_DIALOG_MESSAGE } } });
        }
        return channel.send({ kind: 'result', id: m.id, result: await core.call(m.sessionKey, m.method, m.input) });
      }
      case 'export': {
        if (!core) return channel.send({ kind: 'exported', id: m.id, result: notOpen });
        if (!isFileMethod(m.method)) {
          return channel.send({ kind: 'exported', id: m.id, result: { ok: false, error: { reason: 'call.unknown-method', code: 'UNKNOWN_METHOD', message: 'That is not something the app can save as a file.' } } });
        }
        const r = await core.call(m.sessionKey, m.method, m.input);
        if (!r.ok) return channel.send({ kind: 'exported', id: m.id, result: r });
        const { file, rest } = splitFile(m.method, r.value);
        return channel.send({ kind: 'exported', id: m.id, result: { ok: true, value: { file: hold(m.sessionKey, file), rest } } });
      }
      case 'writeFile': {
        const file = release(m.sessionKey, m.token);
        if (!file) return channel.send({ kind: 'written', id: m.id, error: 'The file is no longer ready. Please ask for it again.' });
        if (!path.isAbsolute(m.path)) return channel.send({ kind: 'written', id: m.id, error: 'The chosen place to save is not a full path.' });
        try {
          await writeFile(m.path, Buffer.from(file.base64, 'base64'));
          return channel.send({ kind: 'written', id: m.id });
        } catch (e) {
          return channel.send({ kind: 'written', id: m.id, error: e instanceof Error ? e.message : String(e) });
        }
      }
      case 'takeFile': {
        const file = release(m.sessionKey, m.token);
        if (!file) return channel.send({ kind: 'file', id: m.id, error: 'The file is no longer ready. Please ask for it again.' });
        return channel.send({ kind: 'file', id: m.id, bytes: new Uint8Array(Buffer.from(file.base64, 'base64')), suggestedName: file.suggestedName, mimeType: file.mimeType });
      }
      case 'dropFile':
        release(m.sessionKey, m.token);
        return;
      case 'endSession':
        core?.endSession(m.sessionKey);
        for (const [token, h] of held) if (h.sessionKey === m.sessionKey) release(m.sessionKey, token);
        return;
      case 'backup': {
        if (!core?.backupForUpdate) return channel.send({ kind: 'backedUp', id: m.id, verified: false, error: 'The database is not open.' });
        try {
          const b = await core.backupForUpdate();
          return channel.send({ kind: 'backedUp', id: m.id, verified: b.verified, file: b.file });
        } catch (e) {
          return channel.send({ kind: 'backedUp', id: m.id, verified: false, error: e instanceof Error ? e.message : String(e) });
        }
      }
      case 'restore': {
        // Only with no database open: this process was started for the restore alone.
        if (core || opening) return channel.send({ kind: 'restored', id: m.id, code: 1, lines: ['Not restored: the database is open. Please close the app first.'] });
        const r = await restoreInHost(m.request);
        return channel.send({ kind: 'restored', id: m.id, ...r });
      }
      case 'close': {
        const c = core;
        core = null;
        await c?.close();
        return channel.send({ kind: 'closed', id: m.id });
      }
    }
  };

  channel.onMessage((message) => {
    if (!isToHost(message)) return;
    handle(message).catch((e: unknown) => {
      // Never the input (it may hold health data): only what failed.
      console.error(`[core host] ${message.kind} failed:`, e instanceof Error ? e.stack : e);
      if ('id' in message) {
        const id = message.id;
        const error = { reason: 'internal' as const, code: 'INTERNAL' as const, message: 'Something went wrong and nothing was changed. Please try again; if it keeps happening, tell your manager.' };
        if (message.kind === 'call') channel.send({ kind: 'result', id, result: { ok: false, error } });
        else if (message.kind === 'export') channel.send({ kind: 'exported', id, result: { ok: false, error } });
        else if (message.kind === 'close') channel.send({ kind: 'closed', id });
        else if (message.kind === 'writeFile') channel.send({ kind: 'written', id, error: error.message });
        else if (message.kind === 'takeFile') channel.send({ kind: 'file', id, error: error.message });
        else if (message.kind === 'backup') channel.send({ kind: 'backedUp', id, verified: false, error: error.message });
        else if (message.kind === 'restore') channel.send({ kind: 'restored', id, code: 1, lines: [`Not restored: ${error.message}`] });
      }
    });
  });
}

export function describeOpenFailure(e: unknown): OpenFailure {
  const message = e instanceof Error ? e.message : String(e);
  const name = e instanceof Error ? e.name : '';
  if (name === 'DatabaseRefusedError') return { reason: 'refused', message };
  // The college's server refused this desk, or its saved settings cannot be used: nothing was changed anywhere.
  if (name === 'ServerRefusedError' || name === 'ServerConfigError') return { reason: 'refused', message, where: 'server' };
  if (name === 'MissingFolderError') return { reason: 'missing-folder', message };
  if (/NODE_MODULE_VERSION|better_sqlite3\.node|was compiled against a different|Could not locate the bindings file/i.test(message)) return { reason: 'driver', message };
  return { reason: 'other', message };
}
