/**
 * The rules run their listeners at `Program:exit` (`runAtProgramExit`), and the engine's node index
 * is then gathered from ESLint's own walk of the file instead of a walk of its own. Over every
 * fixture file, that index must hold the nodes the engine's walk finds, in the same order; and the
 * listeners must be called as ESLint would have called them.
 */
import * as fs from 'node:fs';
import * as tsParser from '@typescript-eslint/parser';
import { Linter, type Rule } from 'eslint';
import { describe, expect, it } from 'vitest';
import { fixtureFiles, ROOT } from '../fixture-files';
import { getFileAnalysis, runAtProgramExit } from '../../src/analysis/engine';
import { NodeIndex } from '../../src/analysis/node-index';

type Probe = (context: Rule.RuleContext) => Rule.RuleListener;

function lint(code: string, filename: string, probe: Probe): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat', cwd: ROOT });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.{js,jsx,ts,tsx,cjs,mjs,cts,mts}'],
        languageOptions: { parser: tsParser as Linter.Parser, parserOptions: { ecmaFeatures: { jsx: /x$/.test(filename) } } },
        plugins: { probe: { rules: { probe: { meta: { schema: [] }, create: probe } } } },
        rules: { 'probe/probe': 'error' },
      },
    ],
    filename,
  );
}

describe("the node index gathered in ESLint's walk", () => {
  const files = fixtureFiles();

  it('holds the nodes of the engine walk, in the same order, on every fixture file', () => {
    expect(files.length).toBeGreaterThan(100);
    let compared = 0;
    let unparsable = 0;
    for (const file of files) {
      let result: { collected: NodeIndex; walked: NodeIndex } | undefined;
      const probe: Probe = (context) =>
        runAtProgramExit(context as never, {
          'Program:exit'() {
            const collected = getFileAnalysis(context as never).nodeIndex;
            result = { collected, walked: NodeIndex.walk(context.sourceCode as never) };
          },
        }) as Rule.RuleListener;
      const messages = lint(fs.readFileSync(file, 'utf8'), file, probe);
      if (messages.some((m) => m.fatal)) {
        // The CLI's fixtures of files that do not parse: no tree, nothing to compare.
        expect(file).toMatch(/unparsable/);
        unparsable++;
        continue;
      }
      expect(result, file).toBeDefined();
      const { collected, walked } = result!;
      expect(collected).not.toBe(walked);
      expect(collected.nodes.length, file).toBe(walked.nodes.length);
      expect(collected.nodes.every((node, i) => node === walked.nodes[i]), file).toBe(true);
      compared++;
    }
    expect(compared + unparsable).toBe(files.length);
    expect(compared).toBeGreaterThan(100);
  });

  it('is read at Program:exit from the collector, and asked for during the walk is a whole walk of its own', () => {
    const code = `export function run() { a(); b(); }\nexport const later = () => c(d());\n`;
    const linter = new Linter({ configType: 'flat', cwd: ROOT });
    const seen: string[] = [];
    const names = (context: Rule.RuleContext) =>
      getFileAnalysis(context as never)
        .nodeIndex.nodes.map((node) => (node.type === 'CallExpression' && node.callee.type === 'Identifier' ? node.callee.name : node.type))
        .join(' ');
    const deferred: Rule.RuleModule = {
      meta: { schema: [] },
      create: (context) => runAtProgramExit(context as never, { 'Program:exit': () => void seen.push(`exit: ${names(context)}`) }) as Rule.RuleListener,
    };
    // Asks at the first call, when ESLint's walk (and the collector) has not reached `c` and `d`.
    const early: Rule.RuleModule = { meta: { schema: [] }, create: (context) => ({ CallExpression: () => void (seen.length === 0 && seen.push(`walk: ${names(context)}`)) }) };
    for (const rules of [{ 'probe/deferred': 'error' }, { 'probe/deferred': 'error', 'probe/early': 'error' }] as const) {
      seen.length = 0;
      linter.verify(
        code,
        [
          {
            files: ['**/*.ts'],
            languageOptions: { parser: tsParser as Linter.Parser },
            plugins: { probe: { rules: { deferred, early } } },
            rules,
          },
        ],
        'src/a.ts',
      );
      const whole = 'ExpressionStatement a ExpressionStatement b VariableDeclarator c d';
      expect(seen).toEqual('probe/early' in rules ? [`walk: ${whole}`, `exit: ${whole}`] : [`exit: ${whole}`]);
    }
  });

  it('calls the listeners at Program:exit in the order ESLint visited their nodes, then the rule’s own Program:exit', () => {
    const calls: string[] = [];
    const code = 'a(); new B(); c(d());\n';
    lint(code, 'src/a.ts', (context) =>
      runAtProgramExit(context as never, {
        CallExpression: (node: { callee: { name?: string; type: string } }) => void calls.push(`call ${node.callee.name ?? node.callee.type}`),
        NewExpression: () => void calls.push('new'),
        'CallExpression:exit': () => void calls.push('exit now'),
        'Program:exit': () => void calls.push('program exit'),
      }) as Rule.RuleListener,
    );
    // `CallExpression:exit` is no node type: passed through, so called during the walk.
    expect(calls).toEqual(['exit now', 'exit now', 'exit now', 'call a', 'new', 'call c', 'call d', 'program exit']);
  });

  it('calls every listener on the nodes and in the order of ESLint’s walk, on every fixture file, collected node types or not', () => {
    // The types the collector keeps (calls, `new`, tagged templates, `if`) and others (functions,
    // identifiers), whose calls are kept one by one: both in one sequence, as ESLint made them.
    const types = ['CallExpression', 'NewExpression', 'TaggedTemplateExpression', 'IfStatement', 'FunctionDeclaration', 'ArrowFunctionExpression', 'Identifier'];
    const recorder = (into: string[]) => Object.fromEntries(types.map((type) => [type, (node: { type: string; range: [number, number] }) => void into.push(`${node.type}@${node.range[0]}`)]));
    let compared = 0;
    // With another rule before it that gathers the nodes, and gathering them itself.
    for (const [index, file] of files.entries()) {
      const withFirst = index % 2 === 0;
      const direct: string[] = [];
      const deferred: string[] = [];
      const linter = new Linter({ configType: 'flat', cwd: ROOT });
      const messages = linter.verify(
        fs.readFileSync(file, 'utf8'),
        [
          {
            files: ['**/*.{js,jsx,ts,tsx,cjs,mjs,cts,mts}'],
            languageOptions: { parser: tsParser as Linter.Parser, parserOptions: { ecmaFeatures: { jsx: /x$/.test(file) } } },
            plugins: {
              probe: {
                rules: {
                  // The first to defer: it registers the collector and listens for nothing itself.
                  first: { meta: { schema: [] }, create: (context) => runAtProgramExit(context as never, {}) as Rule.RuleListener },
                  deferred: {
                    meta: { schema: [] },
                    create: (context) =>
                      runAtProgramExit(context as never, recorder(deferred)) as Rule.RuleListener,
                  },
                  direct: { meta: { schema: [] }, create: () => recorder(direct) as Rule.RuleListener },
                },
              },
            },
            rules: { 'probe/first': withFirst ? 'error' : 'off', 'probe/deferred': 'error', 'probe/direct': 'error' },
          },
        ],
        file,
      );
      if (messages.some((m) => m.fatal)) continue;
      expect(deferred, file).toEqual(direct);
      if (direct.length > 0) compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('gathers the index once per file when several rules defer their listeners', () => {
    const linter = new Linter({ configType: 'flat', cwd: ROOT });
    const seen: number[] = [];
    const rule = (id: number): Rule.RuleModule => ({
      meta: { schema: [] },
      create: (context) =>
        runAtProgramExit(context as never, {
          'Program:exit'() {
            seen.push(id, getFileAnalysis(context as never).nodeIndex.nodes.length);
          },
        }) as Rule.RuleListener,
    });
    linter.verify(
      'const x = f(g(), new H());\n',
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tsParser as Linter.Parser },
          plugins: { probe: { rules: { one: rule(1), two: rule(2) } } },
          rules: { 'probe/one': 'error', 'probe/two': 'error' },
        },
      ],
      'src/a.ts',
    );
    // The declarator, both calls and the `new`: not twice over.
    expect(seen).toEqual([1, 4, 2, 4]);
  });
});
