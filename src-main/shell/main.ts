// Electron main-process entry (built to out/main/index.js). Thin: paths and the core factory, then app.ts does the wiring.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import { Core } from '../core/api/core';
import { runShell } from './app';

const here = path.dirname(fileURLToPath(import.meta.url)); // out/main

runShell({
  openCore: (options) => Core.open(options),
  preloadPath: path.join(here, '../preload/index.cjs'),
  indexHtml: path.join(here, '../renderer/index.html'),
  devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
  // The training-data generator is loaded only when someone opens the demo database, to keep start-up quick.
  fillDemo: async (db, scale, now) => (await import('../core/demo/generate')).fillDemoDatabase(db, scale, now),
});
