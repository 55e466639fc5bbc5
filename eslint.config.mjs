import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/lib/**', '**/node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
  { files: ['examples/*/public/**/*.js'], languageOptions: { globals: { ...globals.browser, Feedloop: 'readonly' } } },
  { files: ['examples/script-tag/**/*.js'], languageOptions: { globals: globals.browser } },
  {
    // React's automatic JSX runtime: no pragma to import.
    files: ['examples/esm-app/src/**/*.jsx'],
    languageOptions: { globals: globals.browser, parserOptions: { ecmaFeatures: { jsx: true }, jsxPragma: null } },
  },
  {
    // The widget's JSX compiles to its own `h` (dom.ts), the dashboard's to Preact's; tell scope analysis so the
    // import counts as used.
    files: ['packages/widget/src/**/*.tsx', 'packages/dashboard/src/**/*.tsx'],
    languageOptions: { parserOptions: { jsxPragma: 'h', jsxFragmentName: 'Fragment' } },
  },
  {
    // Layering (DESIGN.md): the widget may use only the zod-free parts of the schema.
    files: ['packages/widget/src/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: '@feedloop/schema', message: 'The widget imports @feedloop/schema/metrics or /errors (zod-free), or types only.', allowTypeImports: true }],
        patterns: [{ group: ['zod', '@feedloop/runtime', '@feedloop/ingest', '@feedloop/worker', '@feedloop/destinations', 'node:*'], message: 'Not in the browser bundle.' }],
      }],
    },
  },
  {
    // The dashboard runs in the browser: the zod-free parts of the schema, and nothing of the server.
    files: ['packages/dashboard/src/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: '@feedloop/schema', message: 'The dashboard imports @feedloop/schema/metrics (zod-free), or types only.', allowTypeImports: true }],
        patterns: [{ group: ['zod', '@feedloop/runtime', '@feedloop/ingest', '@feedloop/worker', '@feedloop/destinations', 'node:*'], message: 'Not in the browser bundle.' }],
      }],
    },
  },
  {
    files: ['packages/ingest/src/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@feedloop/worker', '@feedloop/destinations'], message: 'ingest and worker never import each other.' }] }] },
  },
  {
    files: ['packages/worker/src/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@feedloop/ingest'], message: 'ingest and worker never import each other.' }] }] },
  },
  {
    files: ['packages/destinations/src/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['bullmq', '@feedloop/runtime', '@feedloop/worker'], message: 'Adapters know nothing of queues.' }] }] },
  },
);
