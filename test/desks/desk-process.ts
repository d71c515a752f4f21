// One desk of the college, in its own process: its own Core on the college's PostgreSQL server (its own pool, data
// folder and desk name), driven by the test (or the load benchmark) over the IPC channel of child_process.fork.
// Protocol (desk-protocol.ts): open → opened; run (optionally armed at a barrier, then go) → done; close → exit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Core } from '../../src-main/core/api/core';
import type { DeskCall, DeskReport, DeskRequest, TimedResult } from './desk-protocol';

let core: Core | null = null;
let dataDir: string | null = null;
/** The go signal of each armed batch, by its id. */
const goes = new Map<number, (at: number) => void>();

function send(report: DeskReport): void {
  process.send?.(report);
}

async function closeCore(): Promise<void> {
  await core?.close();
  core = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
}

/** Runs a batch: all at once (as several windows of one desk would) or one after another, timing each call. */
async function runCalls(calls: DeskCall[], order: 'together' | 'in-turn'): Promise<TimedResult[]> {
  const one = async (c: DeskCall): Promise<TimedResult> => {
    const started = performance.now();
    const result = await core!.call(c.session, c.method, c.input as never);
    return { result, ms: performance.now() - started };
  };
  if (order === 'together') return Promise.all(calls.map(one));
  const out: TimedResult[] = [];
  for (const c of calls) out.push(await one(c));
  return out;
}

async function handle(msg: DeskRequest): Promise<void> {
  switch (msg.op) {
    case 'open': {
      await closeCore();
      dataDir = mkdtempSync(path.join(tmpdir(), `rcd-${msg.deskId}-`));
      // A clock that runs in real time from the moment the test chose, so dates in its fixtures stay in range.
      const offset = msg.clockFrom ? new Date(msg.clockFrom).getTime() - Date.now() : 0;
      core = await Core.open({ dataDir, deskId: msg.deskId, passwordCost: 'fast', now: () => new Date(Date.now() + offset), server: { connection: msg.url } });
      send({ op: 'opened' });
      return;
    }
    case 'run': {
      if (!core) throw new Error('The desk was asked to run calls before it was opened.');
      if (msg.barrier) {
        const at = await new Promise<number>((resolve) => {
          goes.set(msg.id, resolve);
          send({ op: 'armed', id: msg.id });
        });
        goes.delete(msg.id);
        // Every desk is told the same moment a little ahead, so the IPC messages' own delays do not stagger them.
        if (at > Date.now()) await new Promise((r) => setTimeout(r, at - Date.now()));
      }
      send({ op: 'done', id: msg.id, results: await runCalls(msg.calls, msg.order) });
      return;
    }
    case 'go':
      goes.get(msg.id)?.(msg.at);
      return;
    case 'close':
      await closeCore();
      process.disconnect?.();
      return;
  }
}

process.on('message', (msg: DeskRequest) => {
  handle(msg).catch((e: unknown) => send({ op: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
});
send({ op: 'started' });
