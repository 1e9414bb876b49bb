/**
 * The engine asks a data layer or a job system about a file's calls only when the file may hold one
 * of its clients: a name of the layer's client shape, or a string naming one of its import
 * sources (src/analysis/code-text.ts, searched in the text). Those answers must never be "no" for
 * a file that has such a name or string among its identifiers, string literals and templates, or
 * the engine would miss that file's queries and enqueues.
 */
import * as fs from 'node:fs';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { Linter, type Rule } from 'eslint';
import { describe, expect, it } from 'vitest';
import { fixtureFiles, ROOT } from '../fixture-files';
import { CodeText, textPatternOf } from '../../src/analysis/code-text';
import { DATA_LAYERS } from '../../src/analysis/data';
import { JOB_SYSTEMS } from '../../src/analysis/jobs';
import { isSourceUnder } from '../../src/analysis/resolve';

/** Every identifier's name and every static string of a tree (as the parser decodes them), types and imports included. */
function wordsOf(sourceCode: Readonly<TSESLint.SourceCode>): { names: Set<string>; strings: Set<string> } {
  const names = new Set<string>();
  const strings = new Set<string>();
  const visit = (node: TSESTree.Node): void => {
    if (node.type === 'Identifier') names.add(node.name);
    else if (node.type === 'Literal' && typeof node.value === 'string') strings.add(node.value);
    else if (node.type === 'TemplateLiteral' && node.expressions.length === 0 && typeof node.quasis[0]?.value.cooked === 'string') strings.add(node.quasis[0].value.cooked);
    for (const key of sourceCode.visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof (item as TSESTree.Node).type === 'string') visit(item as TSESTree.Node);
      }
    }
  };
  visit(sourceCode.ast);
  return { names, strings };
}

/** Runs `check` at `Program:exit` on `code` parsed as TypeScript (TSX for `.tsx`, `.jsx`). */
function withSource(code: string, filename: string, check: (sourceCode: Readonly<TSESLint.SourceCode>) => void): boolean {
  const rule: Rule.RuleModule = { meta: { schema: [] }, create: (context) => ({ 'Program:exit': () => check(context.sourceCode as never) }) };
  const messages = new Linter({ configType: 'flat', cwd: ROOT }).verify(
    code,
    [
      {
        files: ['**/*.{js,jsx,ts,tsx,cjs,mjs,cts,mts}'],
        languageOptions: { parser: tsParser as Linter.Parser, parserOptions: { ecmaFeatures: { jsx: /x$/.test(filename) } } },
        plugins: { probe: { rules: { probe: rule } } },
        rules: { 'probe/probe': 'error' },
      },
    ],
    filename,
  );
  return !messages.some((message) => message.fatal);
}

/** What `ask` answers about `code` (a TypeScript file that must parse). */
function answerOf(code: string, ask: (text: CodeText) => boolean): boolean | undefined {
  let answer: boolean | undefined;
  expect(withSource(code, 'src/a.ts', (sourceCode) => (answer = ask(new CodeText(sourceCode))))).toBe(true);
  return answer;
}

const NAME_PATTERNS = DATA_LAYERS.flatMap((layer) => (layer.clientNames ? [{ id: layer.id, pattern: layer.clientNames }] : []));
const ALL_SOURCES = [...new Set([...JOB_SYSTEMS.flatMap((system) => system.sources), ...DATA_LAYERS.flatMap((layer) => layer.sources)])];
const SOURCE_LISTS = [...JOB_SYSTEMS.map((system) => ({ id: system.id, sources: system.sources })), ...DATA_LAYERS.map((layer) => ({ id: layer.id, sources: layer.sources }))].filter(
  (list) => list.sources.length > 0,
);

describe('names and strings of the code, searched in its text', () => {
  it('says "may" wherever a name or string of the tree fits, on every fixture file', () => {
    const files = fixtureFiles();
    let fitting = 0;
    let unparsed = 0;
    let asked = 0;
    let extra = 0;
    for (const file of files) {
      const parsed = withSource(fs.readFileSync(file, 'utf8'), file, (sourceCode) => {
        const { names, strings } = wordsOf(sourceCode);
        // A client is named by an identifier or a string key (`ctx['db']`); a module only by a string.
        const words = [...names, ...strings];
        const text = new CodeText(sourceCode);
        // With every source known, the lists are answered from one search for them all.
        const known = new CodeText(sourceCode, ALL_SOURCES);
        const named = known.mayHoldNames(NAME_PATTERNS.map(({ pattern }) => pattern));
        for (const { id, pattern } of NAME_PATTERNS) {
          const fits = words.some((word) => pattern.test(word));
          const may = text.mayHoldName(pattern);
          if (fits) expect(may, `${file}: a name of ${id}'s client shape`).toBe(true);
          expect(named[NAME_PATTERNS.findIndex((entry) => entry.id === id)], `${file}: ${id}, searched with the others`).toBe(may);
          fitting += fits ? 1 : 0;
          extra += may && !fits ? 1 : 0;
          asked++;
        }
        for (const { id, sources } of SOURCE_LISTS) {
          const fits = [...strings].some((word) => isSourceUnder(word, sources));
          const may = text.mayHoldSource(sources);
          if (fits) expect(may, `${file}: a string naming ${id}`).toBe(true);
          expect(known.mayHoldSource(sources), `${file}: ${id}, searched with every known source`).toBe(may);
          fitting += fits ? 1 : 0;
          extra += may && !fits ? 1 : 0;
          asked++;
        }
      });
      if (!parsed) unparsed++;
    }
    expect(files.length - unparsed).toBeGreaterThan(100);
    // The fixtures name many clients and sources (the implications above are not empty)...
    expect(fitting).toBeGreaterThan(200);
    // ...and on these files the text adds none: comments are left out, names and strings are
    // judged whole. (A fixture that makes this fail shows a case where a layer is asked in vain.)
    expect(asked).toBeGreaterThan(4000);
    expect(extra).toBe(0);
  });

  it('finds names and sources written with escapes, in strings, templates and identifiers', () => {
    const cases: [string, (text: CodeText) => boolean][] = [
      ['const c = d\\u0062;', (text) => text.mayHoldName(/^db$/)],
      ['const c = ctx["\\x64b"];', (text) => text.mayHoldName(/^db$/)],
      ['const c = ctx[`d\\u{62}`];', (text) => text.mayHoldName(/^db$/)],
      ["const m = require('bull\\x6dq');", (text) => text.mayHoldSource(['bullmq'])],
      ["const m = import('@trigger.dev/sdk/v\\x33');", (text) => text.mayHoldSource(['@trigger.dev/sdk'])],
    ];
    for (const [code, ask] of cases) expect(answerOf(code, ask), code).toBe(true);
  });

  it('judges a name or string whole, and skips comments, numbers and regular expressions', () => {
    const cases: [string, (text: CodeText) => boolean][] = [
      ["import { prisma } from '@/lib/db';", (text) => text.mayHoldName(/^db$/)],
      ['const adb = 1, dbx = 2, database2 = 3;', (text) => text.mayHoldName(/^(db|database)$/)],
      ['/* db */ // db\nconst x = 1;', (text) => text.mayHoldName(/^db$/)],
      ['const n = 0xdb, r = /db/;', (text) => text.mayHoldName(/^db$/)],
      ["const s = \"the 'bullmq' queue\";", (text) => text.mayHoldSource(['bullmq'])],
      ["const s = 'bullmq-pro';", (text) => text.mayHoldSource(['bullmq'])],
      ["// require('bullmq')\nconst s = 1;", (text) => text.mayHoldSource(['bullmq'])],
    ];
    for (const [code, ask] of cases) expect(answerOf(code, ask), code).toBe(false);
  });

  it('takes every match as a name or source when the parser gave no tokens, and ends on a pattern that can match nothing', () => {
    const bare = (text: string) => new CodeText({ text, ast: { tokens: undefined, comments: [] } } as never);
    expect(bare('// a comment about db\nconst x = 1;').mayHoldName(/^db$/)).toBe(true);
    // With no token to judge it by, a match is any name holding the pattern's text at its end.
    expect(bare('const adb = 1;').mayHoldName(/^db$/)).toBe(true);
    expect(bare('const dbx = 1;').mayHoldName(/^db$/)).toBe(false);
    expect(bare("// require('bullmq')").mayHoldSource(['bullmq'])).toBe(true);
    expect(bare("const s = 'bullmq-pro';").mayHoldSource(['bullmq'])).toBe(false);
    expect(answerOf('   const a = 1;  ', (text) => text.mayHoldName(/^q*$/))).toBe(false);
  });

  it('turns a pattern for a name into one for a text', () => {
    expect(textPatternOf(/^(db|tx)$|^db[A-Z_]|[a-z](Db|DB)$/).source).toBe('(db|tx)(?![\\w$])|db[A-Z_]|[a-z](Db|DB)(?![\\w$])');
    // `^` inside a class, an escaped `$` and `^`: as they are.
    expect(textPatternOf(/^[^$]\$\^x$/i).source).toBe('[^$]\\$\\^x(?![\\w$])');
    expect(textPatternOf(/^[^$]\$\^x$/i).flags).toBe('gi');
    // The start of a name is not tested in the text (the callers judge the name whole), its end is.
    const pattern = textPatternOf(/^knex$/);
    expect('const knex = 1; knexjs; myknex; $knex'.match(pattern)).toEqual(['knex', 'knex', 'knex']);
    // Inside a negative lookaround, leaving `^` out would find less: there it is the test before.
    const guarded = textPatternOf(/^(?!^db)\w+Db$/);
    expect(guarded.source).toBe('(?!(?<![\\w$])db)\\w+Db(?![\\w$])');
    expect('x dbDb userDb'.match(guarded)).toEqual(['bDb', 'userDb']);
  });
});
