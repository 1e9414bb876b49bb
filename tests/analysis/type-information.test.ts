import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../src/plugin';
import { packageOfFile } from '../../src/analysis/type-origins';

// Type information is used when the user's config provides it and never required: the plugin's
// configs set no parser options, no rule asks for parser services it cannot do without, and the
// source never loads TypeScript itself (src/analysis/types.ts and type-origins.ts read TypeScript's
// flags as numbers).

const ROOT = path.join(__dirname, '../..');
const SAAS = path.join(ROOT, 'tests/fixtures/saas-project');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('the recommended config never builds a TypeScript program', () => {
  /** Per linted file: the parser options the TS parser was handed, and the program rules saw. */
  const parsed: { file: string; options: Record<string, unknown> }[] = [];
  const programs: { file: string; program: unknown }[] = [];
  let results: ESLint.LintResult[];

  beforeAll(async () => {
    // The TypeScript parser, wrapped to record what it is asked.
    const recordingParser: Linter.Parser = {
      meta: { name: 'recording-ts-parser' },
      parseForESLint(code: string, options: Record<string, unknown> = {}) {
        parsed.push({ file: String(options.filePath ?? ''), options });
        return tsParser.parseForESLint(code, options as never);
      },
    } as Linter.Parser;
    // A rule beside the plugin's that records the program each file's parser services hold.
    const probe = {
      rules: {
        program: {
          meta: { type: 'problem' as const, schema: [] },
          create(context: { filename: string; sourceCode: { parserServices?: { program?: unknown } } }) {
            programs.push({ file: context.filename, program: context.sourceCode.parserServices?.program ?? null });
            return {};
          },
        },
      },
    };
    const eslint = new ESLint({
      cwd: SAAS,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], languageOptions: { parser: recordingParser } },
        plugin.configs.recommended,
        { plugins: { probe: probe as never }, rules: { 'probe/program': 'error' } },
      ],
    });
    // The project has a tsconfig.json: nothing in the plugin may take it as a cue to build a program.
    results = await eslint.lintFiles(['.']);
  });

  it('lints the fixture project with findings, without a crash', () => {
    expect(results.length).toBe(sourceFiles(SAAS).length);
    const messages = results.flatMap((result) => result.messages);
    expect(messages.filter((message) => message.fatal || !message.ruleId)).toEqual([]);
    expect(messages.filter((message) => message.ruleId?.startsWith('tenant-jobs/')).length).toBeGreaterThan(10);
  });

  it('hands the parser no project options', () => {
    expect(parsed.length).toBe(results.length);
    for (const { options } of parsed) {
      expect(options.project ?? null).toBeNull();
      expect(options.projectService ?? null).toBeNull();
      expect(options.programs ?? null).toBeNull();
    }
  });

  it('leaves every file without a program', () => {
    expect(programs.length).toBe(results.length);
    expect(programs.filter(({ program }) => program !== null)).toEqual([]);
  });

  it('sets no parser or parser options in the configs', () => {
    for (const config of [plugin.configs.recommended, plugin.configs.strict]) {
      expect(Object.keys(config).sort()).toEqual(['name', 'plugins', 'rules']);
    }
    for (const config of [plugin.configs['legacy-recommended'], plugin.configs['legacy-strict']]) {
      expect(Object.keys(config).sort()).toEqual(['plugins', 'rules']);
    }
  });
});

describe('the source asks for type information only where it can do without', () => {
  const files = sourceFiles(path.join(ROOT, 'src')).map((file) => ({ file: path.relative(ROOT, file), text: readFileSync(file, 'utf8') }));

  it('calls getParserServices, if at all, only allowing a missing program', () => {
    // (The typed helpers read `sourceCode.parserServices` themselves: under a parser that gives no
    // services at all, such as espree, even `getParserServices(context, true)` throws.)
    const calls = files.flatMap(({ file, text }) => [...text.matchAll(/getParserServices\(([^)]*)\)/g)].map((match) => ({ file, args: match[1] })));
    expect(calls.filter(({ args }) => !/,\s*true\s*$/.test(args))).toEqual([]);
  });

  it('reads a program only where one may be missing', () => {
    // Every reader of parser services checks for a program before using it.
    const readers = files.filter(({ text }) => /\bparserServices\b/.test(text));
    expect(readers.map(({ file }) => file.split(path.sep).join('/')).sort()).toEqual(['src/analysis/type-origins.ts', 'src/analysis/types.ts']);
    for (const { text } of readers) expect(text).toMatch(/\?\.program\b/);
  });

  it('never loads TypeScript at run time', () => {
    const loads = files.filter(({ text }) =>
      /^\s*import\s+(?!type\b)[^;]*from\s+['"]typescript['"]/m.test(text) || /require\(\s*['"]typescript['"]\s*\)|import\(\s*['"]typescript['"]\s*\)/.test(text),
    );
    expect(loads.map(({ file }) => file)).toEqual([]);
  });
});

describe('packageOfFile', () => {
  it.each([
    ['/app/node_modules/bullmq/dist/esm/classes/queue.d.ts', 'bullmq'],
    ['/app/node_modules/@prisma/client/runtime/library.d.ts', '@prisma/client'],
    ['/app/node_modules/.prisma/client/index.d.ts', '.prisma/client'],
    ['/app/node_modules/@types/pg/index.d.ts', 'pg'],
    ['/app/node_modules/@types/babel__core/index.d.ts', '@babel/core'],
    ['/app/node_modules/.pnpm/kysely@0.27.0/node_modules/kysely/dist/cjs/kysely.d.ts', 'kysely'],
    ['C:\\app\\node_modules\\typeorm\\repository\\Repository.d.ts', 'typeorm'],
    ['/app/src/generated/prisma/client.ts', undefined],
    ['/app/src/db.ts', undefined],
  ])('%s is %s', (file, expected) => {
    expect(packageOfFile(file)).toBe(expected);
  });
});
