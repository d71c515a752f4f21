// Starts the core's process as a plain Node child (the browser harness, tests, benchmarks) with structured-clone messages.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HostProcess } from './client';
import type { FromHost } from './protocol';

/** The TypeScript entry when run from source (tsx, vitest); a built .js beside this file when there is one. */
export function nodeHostEntry(): string {
  const js = fileURLToPath(new URL('./node-entry.js', import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL('./node-entry.ts', import.meta.url));
}

export function forkNodeHost(entry: string = nodeHostEntry()): HostProcess {
  const child = fork(entry, [], {
    serialization: 'advanced',
    execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    pid: child.pid,
    send: (m) => {
      if (child.connected) child.send(m);
    },
    onMessage: (listener) => void child.on('message', (m) => listener(m as FromHost)),
    onExit: (listener) => void child.once('exit', (code, signal) => listener(code, signal)),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}
