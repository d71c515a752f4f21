// Lint, including the layering rules (one list of what each layer may import, below) and a check for import cycles.
import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Where each layer's files live (every linted source file is in at most one). */
const LAYERS = {
  contract: 'src-main/contract',
  core: 'src-main/core',
  migrations: 'db',
  host: 'src-main/host',
  shell: 'src-main/shell',
  preload: 'src-main/preload',
  harness: 'src-main/harness',
  renderer: 'src-renderer',
  test: 'test',
  bench: 'bench',
  scripts: 'scripts',
};

/** Families of packages a layer may or may not use. */
const PACKAGES = {
  electron: ['electron'],
  ui: ['react', 'react-dom', 'react/*', 'react-dom/*', '@mantine/*', '@tanstack/*', 'react-router', 'recharts', 'dayjs', 'dayjs/*'],
  node: ['node:*'],
  database: ['better-sqlite3', 'kysely', 'pg'],
};

/**
 * What each layer may import: other layers, and package families (any other npm package is allowed unless its family
 * is left out). The contract is shared with the renderer, so it is pure TypeScript plus zod and luxon.
 */
const ALLOWED = {
  contract: { layers: [], packages: [] },
  core: { layers: ['contract', 'migrations'], packages: ['node', 'database'] },
  migrations: { layers: [], packages: ['database', 'node'] },
  // The core's process: plain Node (an Electron utilityProcess or a child process), so never Electron itself.
  host: { layers: ['contract', 'core'], packages: ['node', 'database'] },
  // The shell talks to the core only through the host's client and protocol: the core runs in another process.
  shell: { layers: ['contract', 'host'], packages: ['electron', 'node'] },
  preload: { layers: ['contract'], packages: ['electron'] },
  harness: { layers: ['contract', 'host'], packages: ['node'] },
  renderer: { layers: ['contract'], packages: ['ui'] },
  // Tests may import any layer, but never Electron itself (it would try to download its binary): mock it instead.
  test: { layers: ['contract', 'core', 'migrations', 'host', 'shell', 'preload', 'harness', 'renderer', 'bench', 'scripts'], packages: ['node', 'database', 'ui'] },
  bench: { layers: ['contract', 'core', 'migrations', 'host', 'renderer', 'test'], packages: ['node', 'database'] },
  scripts: { layers: ['contract', 'core', 'migrations'], packages: ['node', 'database'] },
};

const WHY = {
  electron: 'Only src-main/shell and src-main/preload may import Electron; everything else runs in plain Node or the browser.',
  ui: 'UI libraries belong in src-renderer.',
  node: 'This layer runs in the browser (or is shared with it): no Node built-ins.',
  database: 'Only the core (and its tools) talk to the database.',
};

// Only the contract may use zod and luxon without being the core; the migrations use kysely (and node:crypto, to
// backfill hashes) and nothing else.
const ONLY = { contract: ['zod', 'luxon'], migrations: ['kysely', 'node:crypto'] };

function layerRules(name) {
  const allowed = ALLOWED[name];
  const forbiddenFamilies = Object.keys(PACKAGES).filter((f) => !allowed.packages.includes(f));
  const typeOnlyOk = name === 'test';
  const patterns = forbiddenFamilies.map((f) => ({ group: PACKAGES[f], message: WHY[f], ...(typeOnlyOk ? { allowTypeImports: true } : {}) }));
  if (ONLY[name]) {
    // Relative imports are checked by import-x/no-restricted-paths below; here, any package not on the short list.
    const keep = ONLY[name].map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
    patterns.push({ regex: `^(?!\\.|(?:${keep})(?:/|$))`, message: `${name === 'contract' ? 'The contract' : 'A migration'} may import only ${ONLY[name].join(', ')}.` });
  }
  return {
    files: [`${LAYERS[name]}/**`],
    rules: {
      'no-restricted-imports': ['error', { patterns }],
      ...(['contract', 'core', 'migrations'].includes(name)
        ? { 'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage'] }
        : {}),
    },
  };
}

/** A zone per (layer, layer it may not import), checked on the resolved file path, so `../../` tricks do not help. */
const zones = Object.keys(LAYERS).flatMap((target) =>
  Object.keys(LAYERS)
    .filter((from) => from !== target && !ALLOWED[target].layers.includes(from))
    .map((from) => ({
      target: `./${LAYERS[target]}`,
      from: `./${LAYERS[from]}`,
      message: `${target} may import only ${[...ALLOWED[target].layers].join(', ') || 'its own files'} (eslint.config.js: ALLOWED).`,
    })),
);

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'native/**', 'dist/**', 'test/fixtures/lint/**', '.bench-cache/**', 'bench/tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  ...Object.keys(LAYERS).map(layerRules),
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
