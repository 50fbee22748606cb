// Layer boundaries (house rules 1, 3 and 8), checked in CI by `npm run lint`:
//   shared/        imports neither Node built-ins, nor Electron, nor the DOM;
//   renderer/      imports only shared/ (plus React), never Node, Electron or the core;
//   electron/core/ and electron/host/ never import 'electron'.
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'string_decoder',
  'timers', 'tls', 'tty', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];
const nodePatterns = ['node:*', ...nodeBuiltins];
const serverPackages = ['electron', 'better-sqlite3', 'kysely', 'exceljs', 'pdfmake', 'pdfkit'];

const browserGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'fetch', 'HTMLElement'].map(
  (name) => ({ name, message: 'shared/ has no DOM: pass what you need in as an argument.' }),
);
const nodeGlobals = ['process', 'Buffer', '__dirname', '__filename', 'require', 'global'].map((name) => ({
  name,
  message: 'shared/ has no Node: pass what you need in as an argument.',
}));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodePatterns, message: 'shared/ is pure: no Node built-ins.' },
            { group: serverPackages, message: 'shared/ is pure: no Electron, database or file libraries.' },
            { group: ['react', 'react-dom', '**/renderer/**', '**/electron/**'], message: 'shared/ imports nothing from the other layers.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...browserGlobals, ...nodeGlobals],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodePatterns, message: 'The renderer has no Node: ask the core through window.api.' },
            { group: serverPackages, message: 'The renderer talks to the core only through the contract in shared/.' },
            { group: ['**/electron/**', '../../electron*'], message: 'The renderer imports only shared/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'electron/core is plain Node: only electron/main and electron/preload import electron.' }] },
      ],
    },
  },
);
