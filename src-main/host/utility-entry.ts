// The core's process in the desktop app: an Electron utilityProcess (built to out/main/core-host.js). It never imports
// electron; the channel to the main process is `process.parentPort`.
import { runHost } from './host';
import { openHostedCore } from './open-core';
import type { FromHost } from './protocol';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!port) {
  console.error('The core host must be started by the desktop app (utilityProcess.fork).');
  process.exit(2);
}
runHost(
  {
    send: (m: FromHost) => port.postMessage(m),
    onMessage: (listener) => port.on('message', (e) => listener(e.data)),
  },
  openHostedCore,
);
