// Electron main-process entry (built to out/main/index.js). Thin: paths and how the core's process is started (an Electron
// utilityProcess running out/main/core-host.js), then app.ts does the wiring. The core never runs in this process, so the
// window stays responsive whatever the core is doing.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, utilityProcess } from 'electron';
import { CoreClient, type HostProcess } from '../host/client';
import type { FromHost } from '../host/protocol';
import { runShell } from './app';
import { startUpdates } from './updater';

const here = path.dirname(fileURLToPath(import.meta.url)); // out/main

function spawnUtilityHost(): HostProcess {
  const child = utilityProcess.fork(path.join(here, 'core-host.js'), [], { serviceName: 'Recovery College Desk records', stdio: 'inherit' });
  let exited = false;
  child.once('exit', () => (exited = true));
  return {
    get pid() {
      return child.pid;
    },
    send: (m) => {
      if (!exited) child.postMessage(m);
    },
    onMessage: (listener) => void child.on('message', (m: unknown) => listener(m as FromHost)),
    onExit: (listener) => void child.once('exit', (code) => listener(code)),
    kill: () => {
      if (!exited) child.kill();
    },
  };
}

const shell = runShell({
  openCore: (options, hooks) => CoreClient.start(spawnUtilityHost, options, hooks),
  preloadPath: path.join(here, '../preload/index.cjs'),
  indexHtml: path.join(here, '../renderer/index.html'),
  devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
  demo: true,
  restore: (request) => CoreClient.restore(spawnUtilityHost, request),
});

if (shell) void shell.ready.then(() => startUpdates(shell));
