// Builds the three bundles of the desktop app with explicit entries (this project does not use electron-vite's src/ layout):
//   main     src-main/shell/main.ts    → out/main/index.js    (ESM; better-sqlite3 and other dependencies stay external)
//            src-main/host/utility-entry.ts → out/main/core-host.js (the core, run in an Electron utilityProcess)
//   preload  src-main/preload/index.ts → out/preload/index.cjs (CommonJS, self-contained: a sandboxed preload cannot be ESM)
//   renderer src-renderer/index.html   → out/renderer/
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const root = import.meta.dirname;

/**
 * Dev server only: Vite and the React refresh preamble inject inline scripts, which the strict CSP in index.html forbids.
 * While `electron-vite dev` runs, let inline scripts through; `npm run build` keeps the page's policy exactly as written.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'rcd:relax-csp-for-dev-server',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(/script-src 'self'/g, "script-src 'self' 'unsafe-inline'");
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src-main/shell/main.ts'), 'core-host': resolve(root, 'src-main/host/utility-entry.ts') },
        // The native SQLite driver is loaded from node_modules (or the Electron build in native/) at run time, never bundled.
        external: ['better-sqlite3'],
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // Bundle everything the preload needs: a sandboxed preload can only require 'electron'.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react(), relaxCspForDevServer()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // Minified, and split: each area is its own chunk loaded when first opened (src-renderer/app/routes.tsx).
      minify: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
      },
    },
  },
});
