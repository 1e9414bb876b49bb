import { RuleTester } from '@typescript-eslint/rule-tester';

/** A rule tester on the TypeScript parser (no type information), as most users run the plugin. */
export function createTsRuleTester(settings?: Record<string, unknown>): RuleTester {
  return new RuleTester({
    ...(settings ? { settings: { 'tenant-jobs': settings } } : {}),
  });
}

/** A rule tester on ESLint's own parser (espree), for plain JavaScript. */
export function createJsRuleTester(settings?: Record<string, unknown>): RuleTester {
  return new RuleTester({
    languageOptions: {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      parser: require('espree'),
      ecmaVersion: 'latest',
      sourceType: 'module',
    },
    ...(settings ? { settings: { 'tenant-jobs': settings } } : {}),
  });
}
