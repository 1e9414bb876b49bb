import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

// @typescript-eslint/rule-tester runs its cases through the test framework's hooks.
RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// Rule tests use tests/rule-tester.ts's RuleTester, which adds the suggestion invariants to every
// run; the plain tester would skip them.
const run = RuleTester.prototype.run;
RuleTester.prototype.run = function (this: RuleTester, ...args: Parameters<RuleTester['run']>) {
  if (this.constructor === RuleTester) {
    throw new Error('Use the RuleTester of tests/rule-tester.ts (or createTsRuleTester/createJsRuleTester): it adds the suggestion invariants.');
  }
  return run.apply(this, args);
} as RuleTester['run'];
