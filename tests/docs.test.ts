/**
 * The ❌ Incorrect / ✅ Correct examples of every rule page are linted by the real rule, so the docs
 * cannot drift from the code.
 *
 * A docs page marks examples with headings: a ```ts block belongs to the nearest enclosing heading
 * that says "Incorrect"/❌ or "Correct"/✅. Incorrect blocks must give at least one report of the
 * page's rule, Correct blocks none. Each block is a whole file and must parse. HTML comments right
 * before a block (invisible on GitHub) adjust how it is linted:
 *
 * - `<!-- options: {"checkUnresolved": true} -->`: the rule's options for this block;
 * - `<!-- settings: {"tenantAgnosticJobs": ["x"]} -->`: `settings['tenant-jobs']` for this block;
 * - `<!-- filename: "app/api/cron/digest/route.ts" -->`: the path to lint the block as;
 * - `<!-- suggestion-output -->` on a Correct block: it is exactly what the first suggestion of the
 *   first report of the previous Incorrect block produces.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index';
import { rules } from '../src/rules';

const ROOT = path.resolve(__dirname, '..');
const DOCS_DIR = path.join(ROOT, 'docs', 'rules');
const PREFIX = 'tenant-jobs';

type Expectation = 'incorrect' | 'correct';

interface Example {
  readonly expectation: Expectation;
  readonly code: string;
  /** 1-based line of the opening fence in the docs page. */
  readonly line: number;
  /** The heading path, outermost first, for test names and failure messages. */
  readonly headings: readonly string[];
  /** Rule options: one options object, or the whole options array. */
  readonly options?: unknown;
  readonly settings?: Record<string, unknown>;
  /** The file name to lint the block as (a cron route, a job file), relative to the working directory. */
  readonly filename?: string;
  readonly suggestionOutput: boolean;
}

interface Fence {
  readonly language: string;
  readonly line: number;
  readonly headings: readonly string[];
}

/** The expectation a heading sets, if any: "Incorrect"/❌ before "Correct"/✅ (as "Incorrect" contains "Correct"). */
function expectationOf(heading: string): Expectation | undefined {
  if (/incorrect/i.test(heading) || heading.includes('❌')) return 'incorrect';
  if (/correct/i.test(heading) || heading.includes('✅')) return 'correct';
  return undefined;
}

/** The expectation of a block: that of its innermost heading that sets one. */
function expectationUnder(headings: readonly string[]): Expectation | undefined {
  for (let index = headings.length - 1; index >= 0; index--) {
    const expectation = expectationOf(headings[index]!);
    if (expectation) return expectation;
  }
  return undefined;
}

function parseAnnotation(comment: string, where: string): { key: string; value: unknown } | undefined {
  const match = /^<!--\s*([\w-]+)\s*(?::\s*([\s\S]*?))?\s*-->$/.exec(comment.trim());
  if (!match) return undefined;
  const [, key, json] = match;
  if (key !== 'options' && key !== 'settings' && key !== 'filename' && key !== 'suggestion-output') return undefined;
  if (key === 'suggestion-output') return { key, value: true };
  try {
    return { key: key!, value: JSON.parse(json ?? '') };
  } catch (error) {
    throw new Error(`${where}: the \`${key}\` annotation is not valid JSON: ${(error as Error).message}`);
  }
}

/** Reads a docs page: its examples, and the fenced blocks under example headings that are not ```ts. */
function readExamples(file: string): { examples: Example[]; otherFences: Fence[] } {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const examples: Example[] = [];
  const otherFences: Fence[] = [];
  const headings: string[] = [];
  let pending: Record<string, unknown> = {};
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      headings.length = heading[1]!.length - 1;
      headings[heading[1]!.length - 1] = heading[2]!.trim();
      pending = {};
      continue;
    }
    if (line.trim().startsWith('<!--')) {
      const annotation = parseAnnotation(line, `${path.relative(ROOT, file)}:${index + 1}`);
      if (annotation) pending[annotation.key] = annotation.value;
      continue;
    }
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(line);
    if (!fence) {
      if (line.trim() !== '') pending = {};
      continue;
    }
    const marker = fence[2]!;
    const language = fence[3]!;
    const start = index;
    const body: string[] = [];
    for (index++; index < lines.length && !lines[index]!.trim().startsWith(marker); index++) body.push(lines[index]!);
    const headingPath = headings.filter((h) => h !== undefined);
    const expectation = expectationUnder(headingPath);
    if (expectation && language === 'ts') {
      examples.push({
        expectation,
        code: `${body.join('\n')}\n`,
        line: start + 1,
        headings: headingPath,
        options: pending.options,
        settings: pending.settings as Record<string, unknown> | undefined,
        filename: typeof pending.filename === 'string' ? pending.filename : undefined,
        suggestionOutput: pending['suggestion-output'] === true,
      });
    } else if (expectation) {
      otherFences.push({ language, line: start + 1, headings: headingPath });
    }
    pending = {};
  }
  return { examples, otherFences };
}

/**
 * The flat config the examples are linted with: the TypeScript parser and the plugin's own config
 * that enables the rule (`recommended`, or `strict` for a strict-only rule).
 */
function configFor(ruleName: string, example: Example): Linter.Config[] {
  const rule = rules[ruleName as keyof typeof rules];
  const level = rule.meta.docs?.recommended === 'recommended' ? 'recommended' : 'strict';
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser as unknown as Linter.Parser, sourceType: 'module' },
      settings: example.settings ? { [PREFIX]: example.settings } : {},
    },
    plugin.configs[level],
  ];
  if (example.options !== undefined) {
    const options = Array.isArray(example.options) ? example.options : [example.options];
    config.push({ rules: { [`${PREFIX}/${ruleName}`]: ['error', ...options] } });
  }
  return config;
}

function applyFirstSuggestion(code: string, messages: Linter.LintMessage[]): string | undefined {
  const fix = messages[0]?.suggestions?.[0]?.fix;
  if (!fix) return undefined;
  return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
}

const ruleNames = Object.keys(rules).sort();
const pages = fs.existsSync(DOCS_DIR) ? fs.readdirSync(DOCS_DIR).filter((f) => f.endsWith('.md')).sort() : [];

describe('docs examples', () => {
  it('every docs page belongs to a rule', () => {
    const orphans = pages.map((page) => page.replace(/\.md$/, '')).filter((name) => !ruleNames.includes(name));
    expect(orphans).toEqual([]);
  });

  for (const ruleName of ruleNames) {
    const page = path.join(DOCS_DIR, `${ruleName}.md`);
    const relative = path.relative(ROOT, page);

    describe(relative, () => {
      if (!fs.existsSync(page)) {
        it('exists', () => expect.fail(`${relative} is missing`));
        return;
      }
      const { examples, otherFences } = readExamples(page);

      it('has ❌ Incorrect and ✅ Correct examples', () => {
        expect(examples.filter((e) => e.expectation === 'incorrect').length, `${relative} has no ❌ Incorrect example`).toBeGreaterThan(0);
        expect(examples.filter((e) => e.expectation === 'correct').length, `${relative} has no ✅ Correct example`).toBeGreaterThan(0);
      });

      it('fences every example as ```ts', () => {
        const where = otherFences.map((f) => `${relative}:${f.line} (\`\`\`${f.language || '(no language)'} under "${f.headings.at(-1)}")`);
        expect(where).toEqual([]);
      });

      const ruleId = `${PREFIX}/${ruleName}`;
      const lint = (example: Example): Linter.LintMessage[] =>
        new Linter({ configType: 'flat' }).verify(example.code, configFor(ruleName, example), { filename: example.filename ?? 'example.ts' });

      examples.forEach((example, index) => {
        const title = `${relative}:${example.line} ${example.expectation === 'incorrect' ? '❌' : '✅'} ${example.headings.slice(1).join(' › ')}`;
        it(title, () => {
          const messages = lint(example);
          const fatal = messages.filter((m) => m.fatal);
          expect(fatal.map((m) => `${m.line}:${m.column} ${m.message}`), 'the example must be a whole file that parses').toEqual([]);
          const own = messages.filter((m) => m.ruleId === ruleId);
          if (example.expectation === 'incorrect') {
            expect(own.length, `expected at least one report of ${ruleId}`).toBeGreaterThan(0);
          } else {
            expect(own.map((m) => `${m.line}:${m.column} ${m.message}`), `expected no report of ${ruleId}`).toEqual([]);
          }
          if (example.suggestionOutput) {
            expect(example.expectation, '`suggestion-output` belongs on a ✅ Correct block').toBe('correct');
            const previous = examples.slice(0, index).reverse().find((e) => e.expectation === 'incorrect');
            expect(previous, '`suggestion-output` needs a ❌ Incorrect block before it').toBeDefined();
            const reports = lint(previous!).filter((m) => m.ruleId === ruleId);
            const output = applyFirstSuggestion(previous!.code, reports);
            expect(output, `the ❌ block at line ${previous!.line} offers no suggestion`).toBeDefined();
            expect(example.code).toBe(output);
          }
        });
      });
    });
  }
});
