// Lint rules: typescript-eslint's recommended set, plus the direct-import half of the architecture:
// only ui/ and state/ import lit, and the ML folders never import the UI. The rules that need the
// whole import graph (cycles, layering, TF.js reached through other modules) are dependency-cruiser's,
// in .dependency-cruiser.mjs and .dependency-cruiser-runtime.mjs; `npm run lint` runs both tools.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const mlFolders = ['src/tf/**', 'src/data/**', 'src/model/**', 'src/train/**', 'src/serve/**', 'src/prune/**', 'src/metrics/**', 'src/workers/**', 'src/inspect/**', 'src/registry/**', 'src/workbench/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-*/**', 'node_modules/**', 'reports/**', 'datasets/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']", message: 'Remove .only before committing.' },
      ],
    },
  },
  {
    files: mlFolders,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['lit', 'lit/*', '@lit/*'], message: 'Only src/ui and src/state import lit.' }, { group: ['**/ui/*'], message: 'ML code never imports the UI.' }] },
      ],
    },
  },
  {
    files: ['src/ui/**', 'src/state/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@tensorflow/*'], message: 'Views never hold tensors: go through a worker client (src/workbench/client.ts, src/serve/client.ts).' }] },
      ],
    },
  },
  {
    files: ['scripts/**', 'tests/**', '*.config.ts', '*.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
