/**
 * The data layers the engine asks about a file's calls (`FileAnalysis.dataLayers`). A layer that
 * knows its clients only by import source or by name (`DataLayer.clientNames`: Drizzle, Knex, Kysely) is left
 * out of a file that shows neither, so the calls of a Prisma job file are not put to it. Every
 * query the layers' own tests find is also checked to lie in a file the layer is kept for
 * (tests/analysis/probe.ts); these are the cases at the edge.
 */
import * as path from 'node:path';
import { Linter } from 'eslint';
import parser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import { DATA_LAYERS } from '../../src/analysis/data';
import { getFileAnalysis } from '../../src/analysis/engine';
import { analyze, probe, queries } from './probe';

const layersOf = (code: string) => analyze(code).dataLayers.map((layer) => layer.id);

/** The layers with a client condition: the ones a file can lose. */
const CONDITIONAL = DATA_LAYERS.filter((layer) => layer.clientNames).map((layer) => layer.id);

describe('data layers asked about a file', () => {
  it('has a client condition for Drizzle, Knex and Kysely only, and keeps every other layer in every file', () => {
    expect(CONDITIONAL.sort()).toEqual(['drizzle', 'knex', 'kysely']);
    const layers = layersOf(`const x = 1;\n`);
    expect(layers).toEqual(DATA_LAYERS.map((layer) => layer.id).filter((id) => !CONDITIONAL.includes(id)));
  });

  it('leaves Drizzle, Knex and Kysely out of a Prisma job file', () => {
    const code = `
import { prisma } from '../../lib/db';
import { Worker } from 'bullmq';
export const worker = new Worker('report', async (job) => {
  const { organizationId } = job.data;
  await prisma.document.findMany({ where: { organizationId } });
});
`;
    const layers = layersOf(code);
    expect(layers).toContain('prisma');
    expect(layers).not.toContain('drizzle');
    expect(layers).not.toContain('knex');
    expect(layers).not.toContain('kysely');
    // The query itself is still found.
    expect(queries(code).map((query) => query.layer)).toEqual(['prisma']);
  });

  it.each([
    ['an identifier named like a client', `export async function run() { await db.select().from(t); }`],
    ['a member named like one', `export class Jobs { run() { return this.userDb.select().from(t); } }`],
    ['a computed key', `export async function run(ctx) { await ctx['db'].select().from(t); }`],
    ['a template key', 'export async function run(ctx) { await ctx[`tx`].select().from(t); }'],
    ['an escaped identifier', 'export async function run() { await d\\u0062.select().from(t); }'],
    ['a name of a type', `type db = { a: number };\nexport const f = (x: db) => x;`],
    ['a template piece', 'export async function run(ctx) { await ctx[`${\'\'}db`].select().from(t); }'],
    ['a require inside a function', `export function run() { const { drizzle } = require('drizzle-orm/node-postgres'); return drizzle; }`],
    ['a dynamic import', `export async function run() { const orm = await import('drizzle-orm'); return orm; }`],
    ['an import declaration', `import { eq } from 'drizzle-orm';\nexport const f = eq;`],
    ['an import-equals', `import orm = require('drizzle-orm');\nexport const f = orm;`],
  ])('keeps Drizzle for %s', (_, code) => {
    expect(layersOf(code)).toContain('drizzle');
  });

  it.each([
    ['a knex binding', `export function run() { return knex('documents').where({ id: 1 }); }`],
    ['a trx parameter', `export function run(trx) { return trx('documents'); }`],
    ['a NestJS injection source', `import { InjectKnex } from 'nestjs-knex';\nexport const x = InjectKnex;`],
  ])('keeps Knex for %s', (_, code) => {
    expect(layersOf(code)).toContain('knex');
  });

  it.each([
    ['a conn parameter', `export function run(conn) { return conn.selectFrom('documents').selectAll().execute(); }`],
    ['a member named like one', `export class Jobs { run() { return this.kyselyDb.selectFrom('documents').execute(); } }`],
    ['an import of its own', `import { sql } from 'kysely';\nexport const f = sql;`],
  ])('keeps Kysely for %s', (_, code) => {
    expect(layersOf(code)).toContain('kysely');
  });

  it.each([
    ['a name that only contains one', `export const database2 = 1; const dbx = 2; const adb = 3; const Db = 4;`],
    ['a string that is no source', `export const label = 'drizzle-kit'; const other = 'knexjs';`],
    ['an import path that ends in one', `import { prisma } from '../../lib/db';\nexport const f = prisma;`],
    ['a comment that names one', `// the db client is made in lib/db.ts\nexport const f = 1;`],
    ['a regular expression', `export const pattern = /^db$/;`],
    ['a number', `export const mask = 0xdb;`],
  ])('leaves them out for %s', (_, code) => {
    const layers = layersOf(code);
    expect(layers).not.toContain('drizzle');
    expect(layers).not.toContain('knex');
    expect(layers).not.toContain('kysely');
  });

  it('finds a Drizzle query whose client is known only by a computed key, in a file with no Drizzle import', () => {
    const code = `
import { documents } from './schema';
export async function run(ctx, organizationId) {
  return ctx['db'].select().from(documents).where(eq(documents.organizationId, organizationId));
}
`;
    expect(queries(code).map((query) => [query.layer, query.operation])).toEqual([['drizzle', 'select']]);
  });

  it('asks every layer about a file linted with type information', () => {
    const fixture = path.join(__dirname, '../fixtures/typed');
    let ids: string[] = [];
    const rule = {
      meta: { type: 'problem' as const, schema: [] },
      create(context: Parameters<typeof getFileAnalysis>[0]) {
        return {
          'Program:exit'() {
            ids = getFileAnalysis(context).dataLayers.map((layer) => layer.id);
          },
        };
      },
    };
    const messages = new Linter().verify(
      `import { knexDb } from './lib/more';\nexport const rows = () => knexDb()('documents');\n`,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser, parserOptions: { projectService: true, tsconfigRootDir: fixture } },
          plugins: { probe: { rules: { layers: rule as never } } },
          rules: { 'probe/layers': 'error' },
        },
      ],
      path.join(fixture, 'file.ts'),
    );
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    expect(ids).toEqual(DATA_LAYERS.map((layer) => layer.id));
  });
});

describe('origins a file can give (FileAnalysis.mayHaveOriginFrom)', () => {
  const sitesOf = (code: string) =>
    probe(code, (analysis, node) => (node.type === 'TaggedTemplateExpression' ? undefined : analysis.enqueueSiteOf(node)?.system));

  it.each([
    ['an import declaration', `import { Inngest } from 'inngest';\nexport const a = 1;`],
    ['a subpath', `import { serve } from 'inngest/next';\nexport const a = 1;`],
    ['a require inside a function', `export function make() { const { Inngest } = require('inngest'); return Inngest; }`],
    ['a dynamic import', `export async function make() { return (await import('inngest')).Inngest; }`],
    ['an import-equals', `import sdk = require('inngest');\nexport const a = sdk;`],
    ['a subpath loaded inside a function', `export function make() { return require('inngest/express'); }`],
    ['a template', 'export function make() { return require(`inngest`); }'],
    ['an escaped string', `export function make() { return require('inn\\x67est'); }`],
    ['a string continued on the next line', `export function make() { return require('inn\\\ngest'); }`],
  ])('can, with %s', (_, code) => {
    expect(analyze(code).mayHaveOriginFrom(['inngest'])).toBe(true);
  });

  it.each([
    ['no mention', `export const a = 1;`],
    ['another package of a similar name', `import x from 'inngest-cli';\nexport const a = x;`],
    ['a subpath of another package of a similar name', `export function make() { return require('inngest-cli/express'); }`],
    ['a path that only contains the name', `export function make() { return require('./inngest/client'); }`],
    ['a client named after it', `const inngestClient = makeClient();\nexport const a = inngestClient;`],
    // Only a string names a module: a binding spelled as the package's name does not.
    ['a name spelled as the source', `export const a = inngest;`],
    ['a comment', `// require('inngest') once the client moves\nexport const a = 1;`],
    ['a string that quotes it inside', `export const help = "install 'inngest' first";`],
    ['a regular expression', `export const pattern = /'inngest'/;`],
  ])('cannot, with %s', (_, code) => {
    expect(analyze(code).mayHaveOriginFrom(['inngest'])).toBe(false);
  });

  it('still finds sends of a client made from a module loaded inside a function, and of one named like a client', () => {
    const code = `
export async function notify(organizationId: string) {
  const { Inngest } = await import('inngest');
  const client = new Inngest({ id: 'app' });
  await client.send({ name: 'report/requested', data: { organizationId } });
}
export async function again(organizationId: string) {
  await inngestClient.send({ name: 'report/requested', data: { organizationId } });
}
`;
    expect(sitesOf(code)).toEqual(['inngest', 'inngest']);
  });

  it('leaves other sends alone in a file with neither', () => {
    expect(sitesOf(`export async function f() { await mailer.send({ name: 'x', data: {} }); await client.send({ name: 'y', data: {} }); }`)).toEqual([]);
  });
});
