// Several desks in separate processes (desk-process.ts, run with tsx), each with its own Core on the same college
// server, and a barrier so they act in the same instant. Used by the concurrency tests and by bench/desks.ts.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiResult } from '../../src-main/contract/errors';
import type { MethodInput, MethodName } from '../../src-main/contract/contract';
import type { DeskCall, DeskReport, DeskRequest, TimedResult } from './desk-protocol';

export type { DeskCall, TimedResult } from './desk-protocol';

const PROGRAM = path.join(path.dirname(fileURLToPath(import.meta.url)), 'desk-process.ts');

/** A call, typed by its method, for a desk's script. */
export function deskCall<K extends MethodName>(session: string, method: K, input: MethodInput<K>): DeskCall {
  return { session, method, input };
}

export interface ArmedBatch {
  go(at: number): void;
  done: Promise<TimedResult[]>;
}

export class Desk {
  /** Everything the desk's core wrote to stderr (its log of internal errors, which a test expects to be empty). */
  readonly log: string[] = [];
  private waiting: { match: (r: DeskReport) => boolean; resolve: (r: DeskReport) => void; reject: (e: Error) => void }[] = [];
  private nextId = 1;
  private exited: Promise<void>;

  private constructor(
    readonly deskId: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (r: DeskReport) => {
      if (r.op === 'failed') return this.failAll(new Error(`${deskId} failed: ${r.message}`));
      const i = this.waiting.findIndex((w) => w.match(r));
      if (i >= 0) this.waiting.splice(i, 1)[0].resolve(r);
    });
    child.stderr?.on('data', (chunk: Buffer) => this.log.push(chunk.toString()));
    child.stdout?.resume();
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.failAll(new Error(`${deskId} stopped (exit ${code ?? signal}). Its log:\n${this.log.join('')}`));
        resolve();
      }),
    );
  }

  /** Starts a desk process (its core is opened with `open`). */
  static async start(deskId: string): Promise<Desk> {
    const child = fork(PROGRAM, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: { ...process.env } });
    const desk = new Desk(deskId, child);
    await desk.expect((r) => r.op === 'started');
    return desk;
  }

  /** Opens this desk's core on a server database (closing any it had open). */
  async open(url: string, opts: { clockFrom?: string } = {}): Promise<void> {
    const opened = this.expect((r) => r.op === 'opened');
    this.send({ op: 'open', url, deskId: this.deskId, clockFrom: opts.clockFrom });
    await opened;
  }

  /** Runs calls now and returns their results in order. */
  async run(calls: DeskCall[], order: 'together' | 'in-turn' = 'in-turn'): Promise<TimedResult[]> {
    const id = this.nextId++;
    const done = this.expect((r) => r.op === 'done' && r.id === id);
    this.send({ op: 'run', id, calls, order, barrier: false });
    return ((await done) as DeskReport & { op: 'done' }).results;
  }

  /** Hands the desk its calls and waits until it is ready to make them on `go`. */
  async arm(calls: DeskCall[], order: 'together' | 'in-turn' = 'together'): Promise<ArmedBatch> {
    const id = this.nextId++;
    const armed = this.expect((r) => r.op === 'armed' && r.id === id);
    const done = this.expect((r) => r.op === 'done' && r.id === id);
    this.send({ op: 'run', id, calls, order, barrier: true });
    await armed;
    return { go: (at) => this.send({ op: 'go', id, at }), done: done.then((r) => (r as DeskReport & { op: 'done' }).results) };
  }

  /** Signs a window of this desk in (the account's password already changed from the temporary one). */
  async signIn(session: string, username: string, password: string): Promise<void> {
    const [{ result }] = await this.run([deskCall(session, 'auth.signIn', { username, password })]);
    if (!result.ok) throw new Error(`${this.deskId}: ${username} could not sign in: ${result.error.message}`);
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.send({ op: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** Lines the desk's core logged about calls that failed inside it (never a refusal: those are answers). */
  internalErrors(): string[] {
    return this.log.join('').split('\n').filter((l) => l.startsWith('[core]'));
  }

  private send(msg: DeskRequest): void {
    this.child.send(msg);
  }

  private expect(match: (r: DeskReport) => boolean): Promise<DeskReport> {
    return new Promise((resolve, reject) => this.waiting.push({ match, resolve, reject }));
  }

  private failAll(e: Error): void {
    for (const w of this.waiting.splice(0)) w.reject(e);
  }
}

/** Starts `n` desks at once, named desk-1…desk-n. */
export async function startDesks(n: number, prefix = 'desk'): Promise<Desk[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => Desk.start(`${prefix}-${i + 1}`)));
}

/**
 * Every desk makes its calls in the same instant: each is armed (its calls handed over, its core ready), then all are
 * told to go at one moment a little ahead. Returns each desk's results, in the order of `scripts`.
 */
export async function together(desks: Desk[], scripts: DeskCall[][], order: 'together' | 'in-turn' = 'together'): Promise<ApiResult<unknown>[][]> {
  const armed = await Promise.all(desks.map((d, i) => d.arm(scripts[i] ?? [], order)));
  const at = Date.now() + 100;
  for (const a of armed) a.go(at);
  return (await Promise.all(armed.map((a) => a.done))).map((rs) => rs.map((r) => r.result));
}
