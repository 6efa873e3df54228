// ESLint with type information: floating promises and exhaustive switches are errors.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'test-results/**',
      'bench/results/**',
      'web/vite.config.ts',
      'eslint.config.js',
      'vitest.config.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-object-type': 'off',
    },
  },
  {
    // The design system's textarea has no Sami counter text: web/src/components/Textarea.tsx adds it.
    files: ['web/src/**/*.tsx'],
    ignores: ['web/src/components/Textarea.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@helsenorge/designsystem-react/components/Textarea', message: "Use { Textarea } from 'web/src/components/Textarea.tsx' (its counter is in every UI language)." }] },
      ],
    },
  },
);
