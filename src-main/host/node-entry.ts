// The core's process for the browser harness and the tests: a plain Node child (child_process.fork, 'advanced' serialization
// = structured clone, as Electron's utilityProcess uses). Exits when its parent goes away.
import { runHost } from './host';
import { openHostedCore } from './open-core';
import type { FromHost } from './protocol';

if (!process.send) {
  console.error('The core host must be started by the app (child_process.fork), not on its own.');
  process.exit(2);
}
runHost(
  {
    send: (m: FromHost) => void process.send?.(m),
    onMessage: (listener) => void process.on('message', listener),
  },
  openHostedCore,
);
process.on('disconnect', () => process.exit(0));
