import tseslint from 'typescript-eslint';
import codeLayering from './scripts/eslint/code-layering.mjs';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '.out-*/**',
      'node_modules/**',
      'release/**',
      'test-results/**',
      'playwright-report/**',
      'e2e-artifacts/**',
      'bin/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    plugins: { local: { rules: { 'code-layering': codeLayering } } },
    rules: {
      'local/code-layering': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
