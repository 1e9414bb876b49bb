/**
 * The plugin's own rule builder (src/util/create-rule.ts): options with their defaults filled in
 * exactly as `@typescript-eslint/utils`' `RuleCreator` fills them, without a copy of the defaults
 * for every linted file.
 */
import { ESLintUtils, type TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { createRule, createUndocumentedRule, REPOSITORY_URL } from '../src/util/create-rule';

/** A rule built with `defaults` whose `create` hands back the options it got. */
function optionsProbe(defaults: readonly unknown[]) {
  const seen: unknown[] = [];
  const rule = createRule<unknown[], 'x'>({
    name: 'probe',
    meta: { type: 'problem', docs: { description: 'probe', recommended: 'recommended' }, schema: false as never, messages: { x: 'x' } },
    defaultOptions: defaults as unknown[],
    create(_context, options) {
      seen.push(options);
      return {};
    },
  });
  const optionsFor = (given: readonly unknown[]) => {
    rule.create({ options: given } as unknown as Parameters<typeof rule.create>[0]);
    return seen[seen.length - 1];
  };
  return { rule, optionsFor };
}

const CASES: [string, unknown[], unknown[]][] = [
  ['no defaults, no options', [], []],
  ['no defaults, an option given', [], [{ a: 1 }]],
  ['an object default, no options', [{ checkUnresolved: false }], []],
  ['an object default, undefined given', [{ checkUnresolved: false }], [undefined]],
  ['an object default, the same key given', [{ checkUnresolved: false }], [{ checkUnresolved: true }]],
  ['an object default, another key given', [{ checkUnresolved: false }], [{ other: 1 }]],
  ['nested objects merged at every depth', [{ a: { x: 0, y: 0 }, b: [1, 2] }], [{ a: { y: 1, z: 2 }, b: [3] }]],
  ['an object default, a number given', [{ a: false }], [5]],
  ['an object default, an array given', [{ a: false }], [[1, 2]]],
  ['an object default, null given', [{ a: false }], [null]],
  ['a string default, a string given', ['x'], ['y']],
  ['options past the defaults', [{ a: false }], [undefined, 3]],
  ['two defaults, the second given', [{ a: false }, 'x'], [undefined, 'y']],
  ['the defaults given again, as ESLint 9.15+ merges them', [{ a: { x: 0 }, b: [1] }, 'x'], [{ a: { x: 0 }, b: [1] }, 'x']],
  ['the defaults given again with one more key', [{ a: { x: 0 } }], [{ a: { x: 0, y: undefined } }]],
  ['the defaults given again with an array for an object', [{ a: { 0: 1 } }], [{ a: [1] }]],
];

describe('createRule options', () => {
  it.each(CASES)('%s: the same options as RuleCreator gives', (_, defaults, given) => {
    const { optionsFor } = optionsProbe(defaults);
    expect(optionsFor(given)).toEqual(ESLintUtils.applyDefault(defaults, given));
  });

  it('hands every file without options the same frozen defaults, and never changes them', () => {
    const { optionsFor } = optionsProbe([{ a: { x: 0 } }]);
    const first = optionsFor([]) as [{ a: { x: number } }];
    expect(optionsFor([])).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first[0]) && Object.isFrozen(first[0].a)).toBe(true);
    expect(optionsFor([{ a: { x: 1, y: 2 } }])).toEqual([{ a: { x: 1, y: 2 } }]);
    expect(optionsFor([])).toEqual([{ a: { x: 0 } }]);
    // A new array holding the defaults again (ESLint 9.15+ per file) gets the shared copy, unmerged.
    expect(optionsFor([{ a: { x: 0 } }])).toBe(first);
    expect(optionsFor([{ a: { x: 0, y: 1 } }])).not.toBe(first);
  });

  it('does not create a rule, nor work out its options, for a file it has nothing to visit in', () => {
    const created: string[] = [];
    const rule = createUndocumentedRule<[{ checkUnresolved: boolean }], 'x'>({
      meta: { type: 'problem', docs: { description: 'probe' }, schema: [{ type: 'object' }], messages: { x: 'x' }, defaultOptions: [{ checkUnresolved: false }] },
      defaultOptions: [{ checkUnresolved: false }],
      visits: (context) => context.sourceCode.text.includes('job'),
      create(context) {
        created.push(context.sourceCode.text);
        return { Program: (node) => context.report({ node, messageId: 'x' }) };
      },
    });
    const config: Linter.Config[] = [{ plugins: { p: { rules: { r: rule as unknown as TSESLint.LooseRuleDefinition } } as never }, rules: { 'p/r': 'error' } }];
    const linter = new Linter();
    expect(linter.verify('a;', config)).toEqual([]);
    expect(linter.verify('job;', config).map((message) => message.ruleId)).toEqual(['p/r']);
    expect(created).toEqual(['job;']);

    let read = 0;
    const context = {
      sourceCode: { text: 'a;' },
      get options() {
        read++;
        return [];
      },
    };
    expect(rule.create(context as never)).toEqual({});
    expect(read).toBe(0);
  });

  it('gives a rule with its docs URL, its name and its defaults, and options through a real lint', () => {
    const { rule } = optionsProbe([{ checkUnresolved: false }]);
    expect(rule.name).toBe('probe');
    expect(rule.meta.docs?.url).toBe(`${REPOSITORY_URL}/blob/main/docs/rules/probe.md`);
    expect(rule.defaultOptions).toEqual([{ checkUnresolved: false }]);

    const got: unknown[] = [];
    const linted = createUndocumentedRule<[{ checkUnresolved: boolean; extra?: string }], 'x'>({
      meta: { type: 'problem', docs: { description: 'probe' }, schema: [{ type: 'object' }], messages: { x: 'x' }, defaultOptions: [{ checkUnresolved: false }] },
      defaultOptions: [{ checkUnresolved: false }],
      create(_context, options) {
        got.push(options);
        return {};
      },
    });
    const config = (options: unknown[]): Linter.Config[] => [
      { plugins: { p: { rules: { r: linted as unknown as TSESLint.LooseRuleDefinition } } as never }, rules: { 'p/r': ['error', ...options] as Linter.RuleEntry } },
    ];
    new Linter().verify('x;', config([]));
    new Linter().verify('x;', config([{ extra: 'y' }]));
    expect(got).toEqual([[{ checkUnresolved: false }], [{ checkUnresolved: false, extra: 'y' }]]);
  });
});
