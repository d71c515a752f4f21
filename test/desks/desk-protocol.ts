// The messages between a desk process (desk-process.ts) and whoever drives it (desks.ts, bench/desks.ts).
import type { ApiResult } from '../../src-main/contract/errors';
import type { MethodName } from '../../src-main/contract/contract';

/** One call as a window of the desk would make it. */
export interface DeskCall {
  session: string;
  method: MethodName;
  input: unknown;
}

export interface TimedResult {
  result: ApiResult<unknown>;
  /** How long the call took on the desk, in milliseconds (for the benchmark; tests never assert on it). */
  ms: number;
}

export type DeskRequest =
  /** Open (or reopen) the desk's core on a server database; `clockFrom` starts the desk's clock at that moment. */
  | { op: 'open'; url: string; deskId: string; clockFrom?: string }
  /** Run calls; with `barrier`, report `armed` and wait for `go` first. */
  | { op: 'run'; id: number; calls: DeskCall[]; order: 'together' | 'in-turn'; barrier: boolean }
  /** Start the armed batch `id` at the wall-clock time `at` (ms since the epoch). */
  | { op: 'go'; id: number; at: number }
  | { op: 'close' };

export type DeskReport =
  | { op: 'started' }
  | { op: 'opened' }
  | { op: 'armed'; id: number }
  | { op: 'done'; id: number; results: TimedResult[] }
  | { op: 'failed'; message: string };
