import { RuleTester as BaseRuleTester, type RuleTesterConfig, type RunTests } from '@typescript-eslint/rule-tester';
import type { TSUtils } from '@typescript-eslint/utils';
import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';
import { appendFileSync } from 'node:fs';
import { afterAll, describe, it } from 'vitest';
import { checkSuggestionInvariants, invariantStats, pluginRuleName } from './suggestion-invariants';

// With TENANT_JOBS_INVARIANT_STATS=<file>, each test file appends what its invariants checked
// (one JSON line), for the numbers in docs/reliability.md.
afterAll(() => {
  const file = process.env.TENANT_JOBS_INVARIANT_STATS;
  if (file && invariantStats.cases > 0) appendFileSync(file, `${JSON.stringify(invariantStats)}\n`);
});

/**
 * The rule tester of this repository's rule tests: @typescript-eslint/rule-tester's, plus a
 * `<title>: suggestion invariants` block after each `run` that checks every invalid case of a
 * plugin rule with tests/suggestion-invariants.ts (suggestions parse, remove their own report,
 * make no other rule report anew, keep comments and name nothing out of scope; fixes terminate).
 * tests/setup.ts refuses the plain tester in rule tests, so every new test file gets the checks.
 */
export class RuleTester extends BaseRuleTester {
  readonly config: RuleTesterConfig;

  constructor(config: RuleTesterConfig = {}) {
    super(config);
    this.config = config;
  }

  override run<MessageIds extends string, Options extends readonly unknown[]>(
    title: string,
    rule: RuleModule<MessageIds, Options>,
    tests: RunTests<TSUtils.NoInfer<MessageIds>, TSUtils.NoInfer<Options>>,
  ): void {
    super.run(title, rule, tests);
    const ruleName = pluginRuleName(rule);
    if (!ruleName) return;
    const cases = tests.invalid.filter((c) => !c.skip);
    if (cases.length === 0) return;
    describe(`${title}: suggestion invariants`, () => {
      cases.forEach((testCase, index) => {
        (testCase.only ? it.only : it)(testCase.name ?? `invalid #${index + 1}: ${testCase.code.slice(0, 60)}`, () => {
          checkSuggestionInvariants(ruleName, this.config, testCase);
        });
      });
    });
  }
}

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
