// The project lints itself on ESLint 10: TypeScript sources with typescript-eslint, rule modules
// with eslint-plugin-eslint-plugin, and the example app with this plugin's own rules (as warnings:
// the example app is meant to contain findings). Run `npm run build` first: the example-app block
// uses the built plugin.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';
import tenantJobs from './dist/index.js';

const asWarnings = (rules) => Object.fromEntries(Object.keys(rules).map((name) => [name, 'warn']));

export default tseslint.config(
  {
    ignores: ['dist/', 'coverage/', 'tests/integration/.work/', 'bench/.work/', 'tests/fixtures/', 'tests/integration/fixtures/'],
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.mjs', '**/*.cjs', '**/*.js'],
    extends: [tseslint.configs.recommended],
  },
  {
    files: ['src/rules/**/*.ts'],
    ...eslintPlugin.configs.recommended,
  },
  {
    files: ['tests/rules/**/*.ts'],
    ...eslintPlugin.configs['tests-recommended'],
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['examples/**/*.ts'],
    plugins: tenantJobs.configs.recommended.plugins,
    rules: asWarnings(tenantJobs.configs.recommended.rules),
  },
);
