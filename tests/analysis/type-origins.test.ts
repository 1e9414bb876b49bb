import * as path from 'node:path';
import { Linter } from 'eslint';
import parser from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { getFileAnalysis } from '../../src/analysis/engine';
import type { Origin } from '../../src/analysis/resolve';

// The origin the engine gives a value of a project module's factory (tests/fixtures/typed/lib/
// more.ts), with type information and without: the library client its type is, in the shape the
// matching import and `new` would give, or the syntactic origin when the type is no known client.

const FIXTURE = path.join(__dirname, '../fixtures/typed');

/** The origin of the expression of `code`'s last statement. */
function originOfLast(code: string, typed: boolean): Origin | undefined {
  let found: Origin | undefined;
  const rule = {
    meta: { type: 'problem' as const, schema: [] },
    create(context: Parameters<typeof getFileAnalysis>[0]) {
      return {
        'Program:exit'(program: TSESTree.Program) {
          const last = program.body[program.body.length - 1];
          if (last?.type === 'ExpressionStatement') found = getFileAnalysis(context).originOf(last.expression);
        },
      };
    },
  };
  const messages = new Linter().verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser, parserOptions: typed ? { projectService: true, tsconfigRootDir: FIXTURE } : {} },
        plugins: { probe: { rules: { origin: rule as never } } },
        rules: { 'probe/origin': 'error' },
      },
    ],
    path.join(FIXTURE, 'file.ts'),
  );
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(fatal.message);
  return found;
}

/** `[factory, expression on its result, expected origin with types]` */
const CASES: [string, string, Pick<Origin, 'source' | 'path' | 'typeArguments'> | undefined][] = [
  ['extended', 'v', { source: '@prisma/client', path: ['PrismaClient', 'new'] }],
  ['maybeStore', 'v', { source: '@prisma/client', path: ['PrismaClient', 'new'] }],
  ['knexDb', 'v', { source: 'knex', path: ['Knex', 'new'] }],
  ['knexTx', 'v', { source: 'knex', path: ['Knex', 'new'] }],
  ['sequelize', 'v', { source: 'sequelize', path: ['Sequelize', 'new'] }],
  ['supabase', 'v', { source: '@supabase/supabase-js', path: ['SupabaseClient', 'new'] }],
  ['em', 'v', { source: '@mikro-orm/core', path: ['EntityManager', 'new'] }],
  ['mikroRepo', 'v', { source: '@mikro-orm/core', path: ['EntityRepository', 'new'] }],
  ['collection', 'v', { source: 'mongodb', path: ['Collection', 'new'], typeArguments: ['Page'] }],
  ['pool', 'v', { source: 'pg', path: ['Pool', 'new'] }],
  ['poolClient', 'v', { source: 'pg', path: ['Client', 'new'] }],
  ['bullQueue', 'v', { source: 'bull', path: ['Queue', 'new'] }],
  ['boss', 'v', { source: 'pg-boss', path: ['PgBoss', 'new'] }],
  ['agenda', 'v', { source: 'agenda', path: ['Agenda', 'new'] }],
  ['temporal', 'v.workflow', { source: '@temporalio/client', path: ['WorkflowClient', 'new'] }],
  ['qstash', 'v', { source: '@upstash/qstash', path: ['Client', 'new'] }],
  ['worker', 'v', { source: 'bullmq', path: ['Worker', 'new'] }],
  ['pageModel', 'v', { source: 'mongoose', path: ['Model', 'new'], typeArguments: ['Page'] }],
  // A row type of the library's own names no model.
  ['inferredModel', 'v', { source: 'mongoose', path: ['Model', 'new'] }],
  ['libraryRowModel', 'v', { source: 'mongoose', path: ['Model', 'new'] }],
  // Temporal's `Client` itself is not the workflow client.
  ['temporal', 'v', undefined],
  ['either', 'v', undefined],
  ['poolClass', 'v', undefined],
];

describe('origins from types', () => {
  it.each(CASES)('%s(): %s', (factory, expression, expected) => {
    const code = `import { ${factory} } from './lib/more';\nconst v = ${factory}();\n${expression};`;
    const syntactic = originOfLast(code, false);
    // Without types: where the file shows it comes from, the project's module.
    expect(syntactic?.source).toBe('./lib/more');
    const typed = originOfLast(code, true);
    if (!expected) {
      expect(typed).toEqual(syntactic);
      return;
    }
    expect({ source: typed?.source, path: typed?.path, typeArguments: typed?.typeArguments }).toEqual({ typeArguments: undefined, ...expected });
  });

  it('keeps an origin the syntax gives from a known library', () => {
    const code = `import { Queue } from 'bullmq';\nconst q = new Queue('mail');\nq;`;
    expect(originOfLast(code, true)).toMatchObject({ source: 'bullmq', path: ['Queue', 'new'] });
  });

  it('gives a type name no origin of its own', () => {
    // `Pool` as a value is the class (`typeof Pool`), not a pool.
    const code = `import { Pool } from './lib/pg-reexport';\nPool;`;
    expect(originOfLast(code, true)).toEqual({ source: './lib/pg-reexport', path: ['Pool'] });
  });
});
