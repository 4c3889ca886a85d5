// Flat config. Beyond the usual rules it enforces where code may run:
// shared/ is pure (no electron, node:*, DOM or dexie); renderer/ never reaches into electron/;
// inside main, providers/ never import services/ and core/ imports neither, and only the demo
// wiring imports the demo banks.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
/** The only main-process files that may import the demo banks (electron/demo-banks/), besides the banks themselves. */
const DEMO_WIRING = ['electron/providers/*/*Demo.ts', 'electron/services/demo*.ts', 'electron/host/**', 'electron/demo-banks/**'];
const DOM_GLOBALS = Object.keys(globals.browser).filter((g) => !(g in globals.es2021) && !(g in globals.node));
/** What main (electron/) may never import; the layer blocks below extend it. */
const MAIN_PATHS = ['dexie', 'dexie-react-hooks', 'react', 'react-dom'].map((name) => ({ name, message: 'main never touches IndexedDB or the UI.' }));
const MAIN_PATTERNS = [{ group: ['**/renderer/**'], message: 'electron/ never imports renderer/.' }];

/** The renderer's import limits; `extraPatterns` adds folder rules (see ONE_SYNC_DOOR). */
const rendererImports = (extraPatterns) => ['error', {
  paths: [...nodeBuiltins, 'electron', 'keytar', 'plaid', 'snaptrade-typescript-sdk', 'ws'].map((name) => ({
    name, message: 'The renderer never holds tokens or calls providers: ask main through the API.',
  })),
  patterns: [{ group: ['**/electron/**', '**/electron'], message: 'renderer/ never imports electron/: use the shared contract.' }, ...extraPatterns],
}];
/** Every sync starts through SyncActivity.sync (renderer/src/sync/syncActivity.ts): only it runs one connection's sync directly. */
const ONE_SYNC_DOOR = {
  group: ['**/sync/runSync', './runSync'],
  importNamePattern: '^syncConnection$',
  message: 'Start a sync through SyncActivity.sync (renderer/src/sync/syncActivity.ts), the one door: it keeps the running state, problems and summary.',
};

export default tseslint.config(
  { ignores: ['dist/**', '.dist-*/**', 'release/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron', 'dexie', 'dexie-react-hooks', 'react', 'react-dom', 'keytar'].map((name) => ({
          name, message: 'shared/ is pure: it runs in main and renderer alike.',
        })),
        patterns: [{ group: ['**/electron/**', '**/renderer/**'], message: 'shared/ depends on nothing above it.' }],
      }],
      'no-restricted-globals': ['error', ...DOM_GLOBALS.map((name) => ({ name, message: 'shared/ must not touch the DOM.' })), 'process', 'require', 'Buffer'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': rendererImports([ONE_SYNC_DOOR]),
    },
  },
  {
    // The coordinator is the one door: it alone runs a connection's sync; everything else starts syncs through it.
    files: ['renderer/src/sync/syncActivity.ts'],
    rules: { 'no-restricted-imports': rendererImports([]) },
  },
  {
    files: ['electron/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': ['error', { paths: MAIN_PATHS, patterns: MAIN_PATTERNS }] },
  },
  {
    // Layers inside main: services/ uses providers/, providers/ use core/, never the other way.
    // (A later block's no-restricted-imports replaces the earlier one, so main's rules are repeated.)
    files: ['electron/providers/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: MAIN_PATHS,
        patterns: [...MAIN_PATTERNS, { group: ['**/services/**', '**/services'], message: 'providers/ never import services/: take it from electron/core/ or as a dependency.' }],
      }],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: MAIN_PATHS,
        patterns: [...MAIN_PATTERNS, { group: ['**/services/**', '**/services', '**/providers/**', '**/providers'], message: 'core/ is the bottom layer of main: it imports neither services/ nor providers/.' }],
      }],
    },
  },
  {
    // The demo banks are test doubles and demo scenery, not part of the app: only the demo wiring
    // may reach them. A rule of its own (the typescript-eslint twin of no-restricted-imports), so it
    // adds to the main-process rule above instead of replacing it.
    files: ['electron/**/*.ts'],
    ignores: DEMO_WIRING,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['**/demo-banks', '**/demo-banks/**'], message: 'Only the demo wiring (providers/*/*Demo.ts, services/demo*.ts, host/) imports electron/demo-banks/.' }],
      }],
    },
  },
  {
    files: ['electron/demo-banks/standalone.ts', 'electron/launch.mjs', 'test/**', 'bench/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-console': 'off' },
  },
  {
    // The bench hands functions to the page (page.evaluate): they run in Chromium, beside IndexedDB and the DOM.
    files: ['bench/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
