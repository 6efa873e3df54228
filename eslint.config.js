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
    // One clock (docs/decisions.md 94): the server's "now" is platform/clock.ts, which tests can set.
    // Elapsed time is performance.now(); a time that must follow the machine's or the database's
    // clock carries an eslint-disable comment saying why.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/**/*.test.ts', 'server/src/platform/clock.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.type='Identifier'][callee.name='Date'][arguments.length=0]",
          message: "Read the server's clock: now() from server/src/platform/clock.ts (tests set it).",
        },
        {
          selector: "MemberExpression[object.type='Identifier'][object.name='Date'][property.name='now']",
          message: "Read the server's clock: nowMs() from server/src/platform/clock.ts (tests set it); performance.now() for elapsed time.",
        },
      ],
    },
  },
  {
    // One date and number formatter for the web: web/src/lib/format.ts (Oslo time, the UI language's locale).
    files: ['web/src/**/*.{ts,tsx}'],
    ignores: ['web/src/lib/format.ts', 'web/src/lib/oslo-days.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.object.name='Intl'][callee.property.name=/^(DateTimeFormat|NumberFormat|RelativeTimeFormat)$/]",
          message: 'Format dates, times, numbers and sizes with web/src/lib/format.ts (one place: Oslo time, the UI language).',
        },
        {
          selector: 'CallExpression[callee.property.name=/^toLocale(Date|Time)?String$/]',
          message: 'Format dates, times, numbers and sizes with web/src/lib/format.ts (one place: Oslo time, the UI language).',
        },
      ],
    },
  },
  {
    // The design system's textarea has no Sami counter text: web/src/components/Textarea.tsx adds it.
    files: ['web/src/**/*.tsx'],
    ignores: ['web/src/components/Textarea.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@helsenorge/designsystem-react/components/Textarea',
              message: "Use { Textarea } from 'web/src/components/Textarea.tsx' (its counter is in every UI language).",
            },
          ],
        },
      ],
    },
  },
);
