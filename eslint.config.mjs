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
    // Type-aware rules: a promise nobody awaits loses its error (an unhandled rejection
    // ends the process in Node), so every promise is awaited, returned, or marked `void`.
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx', 'bench/**/*.ts'],
    ignores: ['**/test/**', '**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
