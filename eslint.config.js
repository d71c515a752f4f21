// Lint, including the layering rule: core and contract never import Electron, React or the DOM; the renderer never imports core.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronAndUi = [
  { name: 'electron', message: 'The core runs in plain Node: only src-main/shell and src-main/preload may import electron.' },
  { name: 'react', message: 'The core never imports React.' },
  { name: 'react-dom', message: 'The core never imports React.' },
];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'native/**', 'dist/**', '.bench-cache/**', 'bench/tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src-main/core/**', 'src-main/contract/**', 'db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronAndUi,
          patterns: [
            { group: ['@mantine/*', '@tanstack/*', 'react-router'], message: 'UI libraries belong in src-renderer.' },
            { group: ['**/shell/**', '**/preload/**', '**/harness/**', '**/src-renderer/**'], message: 'The core must not depend on the shell, preload, harness or renderer.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage'],
    },
  },
  {
    files: ['src-main/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronAndUi,
          patterns: [{ group: ['node:*', '**/core/**', 'better-sqlite3', 'kysely'], message: 'The contract is shared with the renderer: pure TypeScript, zod and luxon only.' }],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to the app only through window.desk.' }],
          patterns: [{ group: ['**/core/**', '**/shell/**', '**/harness/**', 'node:*', 'better-sqlite3', 'kysely', '!@mantine/**'], message: 'The renderer only imports the contract from src-main.' }],
        },
      ],
    },
  },
);
