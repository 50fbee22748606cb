// Checked in CI by `npm run lint` (--max-warnings 0):
//   layers/allowed-imports  each folder imports only what eslint/layers.js allows it (house rules 1 and 3):
//                           shared/ only shared/ and zod; renderer/ only renderer/, shared/ and React;
//                           electron/core and electron/host plain Node, never electron; and so on;
//   no-restricted-globals   shared/ reaches for neither the DOM nor Node through a global, and electron/
//                           not for the DOM (its TypeScript project sees lib.dom through @types/pdfmake);
//   react-hooks/*           the rules of hooks and complete effect dependencies in the renderer.
// test/unit/lint-layers.test.ts proves the layer rule fires.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import layers from './eslint/layers.js';

const browserGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'fetch', 'HTMLElement'].map(
  (name) => ({ name, message: 'shared/ has no DOM: pass what you need in as an argument.' }),
);
const domOnlyGlobals = ['window', 'document', 'localStorage', 'sessionStorage', 'HTMLElement'].map((name) => ({
  name,
  message: 'electron/ runs in Node: there is no DOM here (the renderer has it).',
}));
const nodeGlobals = ['process', 'Buffer', '__dirname', '__filename', 'require', 'global'].map((name) => ({
  name,
  message: 'shared/ has no Node: pass what you need in as an argument.',
}));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommended],
    plugins: { layers },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'layers/allowed-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...browserGlobals, ...nodeGlobals],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/preload/**'],
    rules: {
      'no-restricted-globals': ['error', ...domOnlyGlobals],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
);
