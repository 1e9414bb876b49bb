/**
 * Invariants of every suggestion (and fix) the rules offer, checked on every invalid case of every
 * rule test: tests/rule-tester.ts adds a `<title>: suggestion invariants` block after each
 * `run`. For each suggestion of each report, applied alone:
 *
 * - the output parses (with the case's parser);
 * - the report it belongs to is gone when the output is linted again (same rule, options,
 *   settings and filename);
 * - the plugin's other rules report nothing new because of it (their reports before and after,
 *   by rule, message id and line, the old lines mapped through the edit);
 * - every comment of the input is still in the output;
 * - it names nothing that is not in scope where it writes it (no new unresolved reference: a check
 *   inserted above the binding it tests would be one).
 *
 * And fixes terminate: `verifyAndFix` on the case reaches a stable output (its output fixes to
 * itself), also when no rule is fixable (then the output is the input).
 */
import * as path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import type { InvalidTestCase, RuleTesterConfig } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { rules } from '../src/rules';

type AnyCase = InvalidTestCase<string, readonly unknown[]>;
type PluginRule = (typeof rules)[keyof typeof rules];

const PREFIX = 'tenant-jobs';

/** A report of a lint, by rule, message id and offset. */
interface Report {
  ruleId: string;
  messageId: string;
  offset: number;
  line: number;
}

/** The rule's name in the plugin, found by identity; undefined for a rule that is not the plugin's. */
export function pluginRuleName(rule: unknown): string | undefined {
  return Object.entries(rules).find(([, candidate]) => candidate === rule)?.[0];
}

/** Offsets of the starts of each line of `text` (lines split as ESLint does). */
function lineStarts(text: string): number[] {
  const starts = [0];
  const breaks = /\r\n|[\r\n\u2028\u2029]/g;
  for (let match = breaks.exec(text); match; match = breaks.exec(text)) starts.push(match.index + match[0].length);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line += 1;
  return line + 1;
}

/** Where an offset of the input is in the output of one edit; an offset inside the edit goes to its start. */
function mapOffset(offset: number, fix: { range: readonly [number, number]; text: string }): number {
  if (offset < fix.range[0]) return offset;
  if (offset >= fix.range[1]) return offset + fix.text.length - (fix.range[1] - fix.range[0]);
  return fix.range[0];
}

const applyFix = (code: string, fix: { range: readonly [number, number]; text: string }): string =>
  code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);

/** Multiset difference: items of `after` that `before` does not account for. */
function added(before: string[], after: string[]): string[] {
  const counts = new Map<string, number>();
  for (const key of before) counts.set(key, (counts.get(key) ?? 0) + 1);
  const out: string[] = [];
  for (const key of after) {
    const left = counts.get(key) ?? 0;
    if (left > 0) counts.set(key, left - 1);
    else out.push(key);
  }
  return out;
}

/** Counts of what the invariants checked, for docs/reliability.md (see `recordStats`). */
export const invariantStats = { cases: 0, suggestions: 0, fixRuns: 0 };

/**
 * Checks one invalid case of `ruleName` as the rule tester ran it (its tester's config, the case's
 * options, settings, filename and parser). Throws an assertion error naming the broken invariant.
 */
export function checkSuggestionInvariants(ruleName: string, testerConfig: RuleTesterConfig, testCase: AnyCase): void {
  const parserOptions = { ...testerConfig.languageOptions?.parserOptions, ...testCase.languageOptions?.parserOptions };
  const jsx = Boolean((parserOptions as { ecmaFeatures?: { jsx?: boolean } }).ecmaFeatures?.jsx);
  const filename = testCase.filename ?? (jsx ? (testerConfig.defaultFilenames?.tsx ?? 'react.tsx') : (testerConfig.defaultFilenames?.ts ?? 'file.ts'));
  // As @typescript-eslint/rule-tester: ESLint's working directory is the tsconfig root, or the
  // file system root for an absolute filename.
  let cwd = (parserOptions as { tsconfigRootDir?: string }).tsconfigRootDir;
  if (path.isAbsolute(filename) || path.normalize(filename).startsWith('..')) cwd = path.parse(path.resolve(cwd ?? process.cwd(), filename)).root;
  const linter = new Linter({ configType: 'flat', cwd });

  const ruleIds = Object.keys(rules).map((name) => `${PREFIX}/${name}`);
  const ownId = `${PREFIX}/${ruleName}`;
  const config: Linter.Config[] = [
    {
      files: ['**'],
      languageOptions: {
        ...(testerConfig.languageOptions as Linter.LanguageOptions | undefined),
        ...(testCase.languageOptions as Linter.LanguageOptions | undefined),
        parser: (testCase.languageOptions?.parser ?? testerConfig.languageOptions?.parser ?? tsParser) as Linter.Parser,
        parserOptions: { ...parserOptions, disallowAutomaticSingleRunInference: true },
      },
      plugins: { [PREFIX]: { rules: rules as unknown as Record<string, never> } },
      rules: Object.fromEntries(ruleIds.map((id) => [id, id === ownId ? ['error', ...(testCase.options ?? [])] : 'error'])),
      settings: { ...testerConfig.settings, ...testCase.settings },
    },
  ];

  const lint = (code: string): { messages: Linter.LintMessage[]; reports: Report[]; comments: string[]; unresolved: string[]; fatal?: string } => {
    const messages = linter.verify(code, config, { filename });
    const fatal = messages.find((m) => m.fatal);
    if (fatal) return { messages, reports: [], comments: [], unresolved: [], fatal: `${fatal.line}:${fatal.column} ${fatal.message}` };
    const starts = lineStarts(code);
    const reports = messages
      .filter((m) => m.ruleId && ruleIds.includes(m.ruleId))
      .map((m) => ({ ruleId: m.ruleId!, messageId: m.messageId ?? '', offset: starts[m.line - 1] + m.column - 1, line: m.line }));
    const sourceCode = linter.getSourceCode();
    const comments = sourceCode.getAllComments().map((c) => c.value);
    // Names that resolve to no binding of the file (globals, and mistakes).
    const unresolved = sourceCode.scopeManager?.globalScope?.through.map((reference) => reference.identifier.name) ?? [];
    return { messages, reports, comments, unresolved };
  };

  const code = testCase.code;
  const before = lint(code);
  if (before.fatal) throw new Error(`the case does not parse: ${before.fatal}`);
  const inputStarts = lineStarts(code);
  invariantStats.cases += 1;

  for (const message of before.messages.filter((m) => m.ruleId === ownId)) {
    const ownOffset = inputStarts[message.line - 1] + message.column - 1;
    for (const suggestion of message.suggestions ?? []) {
      invariantStats.suggestions += 1;
      const where = `suggestion "${suggestion.desc}" of ${message.messageId} at ${message.line}:${message.column}`;
      const output = applyFix(code, suggestion.fix);
      const after = lint(output);
      if (after.fatal) throw new Error(`${where} gives code that does not parse (${after.fatal}):\n${output}`);

      const mapped = mapOffset(ownOffset, suggestion.fix);
      const stays = after.reports.find((r) => r.ruleId === ownId && r.messageId === message.messageId && r.offset === mapped);
      if (stays) throw new Error(`${where} leaves its own report in place (${stays.line}):\n${output}`);

      const outputStarts = lineStarts(output);
      const key = (r: Report, line: number) => `${r.ruleId} ${r.messageId} line ${line}`;
      const others = (r: Report) => r.ruleId !== ownId;
      const beforeKeys = before.reports.filter(others).map((r) => key(r, lineOf(outputStarts, mapOffset(r.offset, suggestion.fix))));
      const afterKeys = after.reports.filter(others).map((r) => key(r, r.line));
      const fresh = added(beforeKeys, afterKeys);
      if (fresh.length) throw new Error(`${where} makes another rule report anew: ${fresh.join('; ')}\n${output}`);

      const lost = added(after.comments, before.comments);
      if (lost.length) throw new Error(`${where} drops comments: ${lost.map((c) => JSON.stringify(c)).join(', ')}\n${output}`);

      // A new name that resolves nowhere (a name the input already leaves unresolved is a global).
      const dangling = [...new Set(after.unresolved)].filter((name) => !before.unresolved.includes(name));
      if (dangling.length) throw new Error(`${where} names what is not in scope there: ${dangling.join(', ')}\n${output}`);
    }
  }

  // Fixes terminate: ESLint's multipass fixing ends with an output that fixes to itself.
  invariantStats.fixRuns += 1;
  const fixed = linter.verifyAndFix(code, config, { filename });
  const fixable = Object.values(rules).some((rule: PluginRule) => Boolean((rule.meta as { fixable?: string }).fixable));
  if (!fixable && fixed.output !== code) throw new Error('a rule without `meta.fixable` changed the code under --fix');
  const again = linter.verifyAndFix(fixed.output, config, { filename });
  if (again.fixed || again.output !== fixed.output) throw new Error(`--fix does not reach a stable output within ESLint's passes:\n${fixed.output}`);
  if (fixed.messages.some((m) => m.fatal)) throw new Error(`--fix gives code that does not parse:\n${fixed.output}`);
}
