import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { clusterFsRule } from './eslint-rules/cluster-fs.js';
import { engineEntryRule } from './eslint-rules/engine-entry.js';
import { layeringRule } from './eslint-rules/layering.js';
import { noImportCyclesRule } from './eslint-rules/no-import-cycles.js';
import { packageOwnerRule } from './eslint-rules/package-owner.js';

export default tseslint.config(
  {
    // examples/embedded imports the published package by name; test/package type-checks it
    // strictly against the packed types instead.
    ignores: [
      'dist/',
      '.bench-build/',
      'coverage/',
      'node_modules/',
      'src/compiler/generated/',
      'scripts/ceph-s3/',
      'examples/embedded/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: {
      omnigraph: {
        rules: {
          layering: layeringRule,
          'no-import-cycles': noImportCyclesRule,
          'package-owner': packageOwnerRule,
          'engine-entry': engineEntryRule,
          'cluster-fs': clusterFsRule,
        },
      },
    },
    rules: {
      'omnigraph/layering': 'error',
      'omnigraph/no-import-cycles': 'error',
      'omnigraph/package-owner': 'error',
      'omnigraph/engine-entry': 'error',
      'omnigraph/cluster-fs': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Interface implementations are async by contract even when one backend needs no await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['test/**/*.ts', 'src/**/*.test.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
