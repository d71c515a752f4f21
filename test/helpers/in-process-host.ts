// The core's host run inside the test's own process, behind the same message protocol (each message structured-cloned, and
// delivered on a later turn), so the shell and the client can be tested quickly without starting a process.
import { runHost, type CoreOpener } from '../../src-main/host/host';
import type { HostProcess, SpawnHost } from '../../src-main/host/client';
import { openHostedCore } from '../../src-main/host/open-core';
import type { FromHost, ToHost } from '../../src-main/host/protocol';

export function inProcessHost(open: CoreOpener = openHostedCore): SpawnHost {
  return (): HostProcess => {
    const toParent: ((m: FromHost) => void)[] = [];
    const toHost: ((m: unknown) => void)[] = [];
    const exits: ((code: number | null) => void)[] = [];
    let alive = true;
    runHost(
      {
        send: (m) => setImmediate(() => alive && toParent.forEach((l) => l(structuredClone(m)))),
        onMessage: (l) => void toHost.push(l),
      },
      open,
    );
    return {
      send: (m: ToHost) => setImmediate(() => alive && toHost.forEach((l) => l(structuredClone(m)))),
      onMessage: (l) => void toParent.push(l),
      onExit: (l) => void exits.push(l),
      kill: () => {
        if (!alive) return;
        alive = false;
        setImmediate(() => exits.forEach((l) => l(0)));
      },
    };
  };
}
