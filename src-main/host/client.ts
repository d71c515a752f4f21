// The window's side of the core: starts the core's process, sends calls over the message protocol, and answers each
// call when its reply comes back (many may be in flight). If the process dies, calls in flight are answered with a plain
// explanation, the person is told, and a new process reopens the database: everything acknowledged was committed
// (SQLite, synchronous=FULL) before its answer was sent, so nothing acknowledged is lost.
import type { MethodInput, MethodName, MethodResult } from '../contract/contract';
import type { ApiResult } from '../contract/errors';
import type { CredentialStore, FromHost, HeldFile, HostCoreOptions, OpenFailure, RestoreRequest, ToHost } from './protocol';

/** One running core process, as seen from its parent (a Node ChildProcess or an Electron UtilityProcess, wrapped). */
export interface HostProcess {
  send(message: ToHost): void;
  onMessage(listener: (message: FromHost) => void): void;
  onExit(listener: (code: number | null, signal?: string | null) => void): void;
  kill(): void;
  readonly pid?: number;
}

export type SpawnHost = () => HostProcess;

export class CoreOpenError extends Error {
  constructor(readonly failure: OpenFailure) {
    super(failure.message);
    this.name = 'CoreOpenError';
  }
}

export interface CrashReport {
  /** True when a new core process reopened the database; false when the app gave up (it kept crashing, or would not reopen). */
  restarted: boolean;
  exitCode: number | null;
  signal?: string | null;
}

export interface CoreClientOptions {
  /** Told after the core process stopped unexpectedly (and whether it came back). */
  onCrash?(report: CrashReport): void;
  /** Give up restarting after this many crashes within a minute. */
  maxRestartsPerMinute?: number;
  /** Keeps secrets for the core (HostCoreOptions.credentials = 'parent'): in the desktop app, the OS key store. */
  credentials?: CredentialStore;
}

export const CORE_STOPPED_MESSAGE =
  'The part of the app that keeps the records stopped unexpectedly and has been restarted. Everything you had saved is safe. ' +
  'What you were doing just now may not have been saved: please check it, sign in again if asked, and try again.';

const CORE_GONE_MESSAGE = 'The part of the app that keeps the records has stopped. Please close the app and open it again; everything you had saved is safe.';

type Pending = { resolve: (m: FromHost | null) => void };

export class CoreClient {
  private proc: HostProcess | null = null;
  private ready: Promise<void> = Promise.resolve();
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private closing = false;
  private gone = false;
  private crashes: number[] = [];

  private constructor(
    private readonly spawn: SpawnHost,
    private readonly options: HostCoreOptions,
    private readonly hooks: CoreClientOptions,
  ) {}

  /** Starts the core's process and opens the database. Rejects with a CoreOpenError when the database cannot be opened. */
  static async start(spawn: SpawnHost, options: HostCoreOptions, hooks: CoreClientOptions = {}): Promise<CoreClient> {
    const client = new CoreClient(spawn, options, hooks);
    await client.launch();
    return client;
  }

  /**
   * The installed app's `--restore`: starts a core process that opens no database, runs the command-line restore in it,
   * and ends it. Resolves with the exit code and the lines to show (never rejects: a stopped process is a refusal).
   */
  static restore(spawn: SpawnHost, request: RestoreRequest): Promise<{ code: number; lines: string[] }> {
    const proc = spawn();
    return new Promise<{ code: number; lines: string[] }>((resolve) => {
      proc.onMessage((m) => {
        if (m.kind === 'restored') resolve({ code: m.code, lines: m.lines });
      });
      proc.onExit((code, signal) => resolve({ code: 1, lines: [`Not restored: the app's records process stopped (exit ${code ?? signal}). Run the restore again with --check-only to see where things stand.`] }));
      proc.send({ kind: 'restore', id: 1, request });
    }).finally(() => proc.kill());
  }

  /** The process id of the current core process (tests use it to stop the process as a crash would). */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  call<K extends MethodName>(sessionKey: string, method: K, input: MethodInput<K>): Promise<ApiResult<MethodResult<K>>>;
  call(sessionKey: string, method: unknown, input: unknown): Promise<ApiResult<unknown>>;
  call(sessionKey: string, method: unknown, input: unknown): Promise<ApiResult<unknown>> {
    return this.request((id) => ({ kind: 'call', id, sessionKey, method: String(method), input }), (m) => (m.kind === 'result' ? m.result : null));
  }

  /** Produces a file method's file in the core's process and leaves it there; the reply names it and carries the rest. */
  export(sessionKey: string, method: string, input: unknown): Promise<ApiResult<{ file: HeldFile; rest: unknown }>> {
    return this.request((id) => ({ kind: 'export', id, sessionKey, method, input }), (m) => (m.kind === 'exported' ? m.result : null));
  }

  /** Writes a held file to `file` (the path the person chose); the bytes go from the core's process straight to disk. */
  async writeFile(sessionKey: string, token: string, file: string): Promise<void> {
    const reply = await this.request<FromHost & { kind: 'written' }>((id) => ({ kind: 'writeFile', id, sessionKey, token, path: file }), (m) => (m.kind === 'written' ? m : null), true);
    if (reply.error) throw new Error(reply.error);
  }

  /** Hands a held file's bytes to the harness's server, which streams them as a download. */
  async takeFile(sessionKey: string, token: string): Promise<{ bytes: Uint8Array; suggestedName: string; mimeType: string }> {
    const reply = await this.request<FromHost & { kind: 'file' }>((id) => ({ kind: 'takeFile', id, sessionKey, token }), (m) => (m.kind === 'file' ? m : null), true);
    if (reply.error || !reply.bytes) throw new Error(reply.error ?? 'The file is no longer ready.');
    return { bytes: reply.bytes, suggestedName: reply.suggestedName ?? 'export', mimeType: reply.mimeType ?? 'application/octet-stream' };
  }

  /** A back-up before an update, checked by opening it read-only. */
  async backupForUpdate(): Promise<{ verified: boolean; file?: string }> {
    const reply = await this.request<FromHost & { kind: 'backedUp' }>((id) => ({ kind: 'backup', id }), (m) => (m.kind === 'backedUp' ? m : null), true);
    return { verified: reply.verified, file: reply.file };
  }

  dropFile(sessionKey: string, token: string): void {
    this.post({ kind: 'dropFile', sessionKey, token });
  }

  endSession(sessionKey: string): void {
    this.post({ kind: 'endSession', sessionKey });
  }

  /** Closes the database cleanly (WAL checkpoint) and ends the process. */
  async close(): Promise<void> {
    if (this.closing) return;
    await this.ready.catch(() => undefined);
    this.closing = true;
    const proc = this.proc;
    if (!proc) return;
    const exited = new Promise<void>((resolve) => proc.onExit(() => resolve()));
    const id = this.nextId++;
    const closed = new Promise<void>((resolve) => this.pending.set(id, { resolve: () => resolve() }));
    proc.send({ kind: 'close', id });
    await Promise.race([closed, exited]);
    proc.kill();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000).unref())]);
    this.proc = null;
  }

  private post(message: ToHost): void {
    void this.ready.then(
      () => this.proc?.send(message),
      () => undefined,
    );
  }

  private async request<T>(make: (id: number) => ToHost, pick: (m: FromHost) => T | null, throwing = false): Promise<T> {
    const failure = (message: string): T => {
      if (throwing) throw new Error(message);
      return { ok: false, error: { code: 'INTERNAL', message } } as T;
    };
    try {
      await this.ready;
    } catch {
      return failure(CORE_GONE_MESSAGE);
    }
    if (this.gone || this.closing || !this.proc) return failure(CORE_GONE_MESSAGE);
    const id = this.nextId++;
    const reply = await new Promise<FromHost | null>((resolve) => {
      this.pending.set(id, { resolve });
      this.proc?.send(make(id));
    });
    if (reply === null) return failure(CORE_STOPPED_MESSAGE);
    const picked = pick(reply);
    return picked ?? failure(CORE_GONE_MESSAGE);
  }

  private launch(): Promise<void> {
    const proc = this.spawn();
    this.proc = proc;
    let isOpen = false;
    const opened = new Promise<void>((resolve, reject) => {
      proc.onMessage((m) => {
        if (m.kind === 'opened') {
          isOpen = true;
          return resolve();
        }
        if (m.kind === 'openFailed') return reject(new CoreOpenError(m.failure));
        if (m.kind === 'credential') return void this.answerCredential(proc, m);
        const id = (m as { id?: number }).id;
        if (id === undefined) return;
        const p = this.pending.get(id);
        if (!p) return;
        this.pending.delete(id);
        p.resolve(m);
      });
      proc.onExit((code, signal) => {
        reject(new CoreOpenError({ reason: 'other', message: `The app's records process stopped while starting (exit ${code ?? signal}).` }));
        if (this.proc !== proc) return;
        if (isOpen) this.exited(code, signal);
        else this.proc = null;
      });
    });
    proc.send({ kind: 'open', options: this.options });
    this.ready = opened;
    opened.catch(() => {
      if (this.proc === proc) {
        this.proc = null;
        proc.kill();
      }
    });
    return opened;
  }

  /** Keeps, gives back or forgets a secret for the core; a failure goes back as its message (never the secret). */
  private async answerCredential(proc: HostProcess, m: FromHost & { kind: 'credential' }): Promise<void> {
    const store = this.hooks.credentials;
    try {
      if (!store) throw Object.assign(new Error('This app keeps no passwords for the college’s server here.'), { name: 'KeyStoreUnavailableError' });
      const secret = m.op === 'get' ? await store.get(m.key) : m.op === 'set' ? (await store.set(m.key, m.secret ?? ''), null) : (await store.delete(m.key), null);
      proc.send({ kind: 'credentialAnswer', id: m.id, secret });
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      proc.send({ kind: 'credentialAnswer', id: m.id, error: { message: error.message, keyStoreUnavailable: error.name === 'KeyStoreUnavailableError' } });
    }
  }

  private exited(code: number | null, signal?: string | null): void {
    this.proc = null;
    // Every call in flight gets an answer: it may or may not have been saved, and the person is told to check.
    const inFlight = [...this.pending.values()];
    this.pending.clear();
    for (const p of inFlight) p.resolve(null);
    if (this.closing) return;
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < 60_000), now];
    if (this.crashes.length > (this.hooks.maxRestartsPerMinute ?? 3)) {
      this.gone = true;
      this.ready = Promise.reject(new Error('gave up'));
      this.ready.catch(() => undefined);
      this.hooks.onCrash?.({ restarted: false, exitCode: code, signal });
      return;
    }
    this.launch().then(
      () => this.hooks.onCrash?.({ restarted: true, exitCode: code, signal }),
      () => {
        this.gone = true;
        this.hooks.onCrash?.({ restarted: false, exitCode: code, signal });
      },
    );
  }
}
