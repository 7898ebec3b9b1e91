// @ts-check
// ESLint 9 flat config, run as `npm run lint` (eslint --max-warnings 0 .); Next 16 has no `next lint`.
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // Generated or build output only; everything else is linted.
  globalIgnores([
    'server/db/generated/**',
    '.next/**',
    'node_modules/**',
    'test-results/**',
    'playwright-report/**',
    'bench/out/**',
    '.e2e/**',
    'next-env.d.ts',
  ]),

  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The project writes `type`, not `interface` (CONVENTIONS.md, Naming).
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      // Numbers (and bigints) print unambiguously in text; nullish, objects and unions with them still must not.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowAny: false, allowBoolean: false, allowNever: false, allowNullish: false, allowRegExp: false },
      ],
      // `() => resolve()` style callbacks are the house style; void values nested in other expressions stay errors.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Spreading a string yields code points, which is what every use here wants (digits, codes, keyboard rows,
      // ASCII test strings); spreading Promises, Maps, functions and class instances is still reported.
      '@typescript-eslint/no-misused-spread': ['error', { allow: ['string'] }],
      // With noUncheckedIndexedAccess, `xs[i]!` after a proven bound is this codebase's idiom (byte arithmetic,
      // DP tables, tests, ~500 sites): a runtime guard on each would add unreachable branches, not safety.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Same convention as tsc's noUnused*: a leading `_` marks a deliberately unused name; rest siblings omit keys.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },

  // React code lives in app/ and components/; elsewhere Vitest/Playwright fixtures name their continuation
  // `use(...)`, which the hooks rules would mistake for React's use().
  { files: ['app/**', 'components/**'], ...reactHooks.configs.flat.recommended },

  nextPlugin.configs.recommended,
  nextPlugin.configs['core-web-vitals'],
  {
    rules: {
      // Navigation is plain <a> throughout (no next/link anywhere): full page loads, no <Link> prefetch that would
      // render pages (some write logged reads, docs/decisions/0052) before a click. Switching changes behaviour.
      '@next/next/no-html-link-for-pages': 'off',
    },
  },

  {
    files: ['**/*.tsx'],
    ...jsxA11y.flatConfigs.strict,
    rules: {
      ...jsxA11y.flatConfigs.strict.rules,
      // Scrollable table wrappers are focusable named regions so keyboard users can scroll them (axe
      // scrollable-region-focusable); role=region is the pattern, not a mistake.
      'jsx-a11y/no-noninteractive-tabindex': ['error', { tags: [], roles: ['tabpanel', 'region'], allowExpressionValues: true }],
      // Checked where the attribute reaches a DOM element; a component's autoFocus prop alone focuses nothing.
      'jsx-a11y/no-autofocus': ['error', { ignoreNonDOM: true }],
    },
  },

  // Plain .mjs files (scripts, next.config) are not in the TS project: no type-aware rules, Node globals.
  {
    files: ['**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
);
