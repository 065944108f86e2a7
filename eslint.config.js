// Layering by runtime, as VS Code does: core (Node), renderer (browser), electron (desktop shell)
// may only import what runs where they run (ARCHITECTURE "Rules that keep it clean").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net', 'stream', 'url', 'util'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'e2e/screenshots/**', 'e2e/results/**', 'bench/results/**', 'coverage/**', '.gpu/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Plain Node scripts (build, start, bench runner, the bin shim).
    files: ['**/*.{js,mjs}'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' },
    },
  },
  {
    // Tests read JSON responses of many shapes; typing each one would only restate the assertions.
    files: ['**/*.test.{ts,tsx}', 'core/testing/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'core never imports electron: it runs headless too.' },
            { group: ['react', 'react-dom', 'react-dom/*', 'zustand', 'plotly.js*'], message: 'core never imports UI libraries.' },
            { group: ['**/renderer/**', '**/electron/**'], message: 'core never imports renderer or electron code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'the renderer runs in a browser: no Node built-ins.' },
            { group: ['electron', 'electron/*', 'better-sqlite3', 'onnxruntime-node'], message: 'the renderer never imports electron or native modules; use the Host interface.' },
            { group: ['**/electron/**'], message: 'the renderer never imports electron code.' },
            { regex: '(^|/)core/(?!api/)', message: 'the renderer talks to core over HTTP only; it may import types from core/api.' },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports' }],
    },
  },
  {
    // Types from core/api are fine; anything that would pull core runtime code into the bundle is not.
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/core/api/**'], allowTypeImports: true, message: 'import only types from core/api.' }] },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/core/api/**'], allowTypeImports: true, message: 'electron imports only types from core/api.' },
            { regex: '(^|/)core/(?!api/)', message: 'electron starts core by path; it never imports core code.' },
            { group: ['**/renderer/**', 'react', 'react-dom'], message: 'electron never imports renderer code.' },
          ],
        },
      ],
    },
  },
);
