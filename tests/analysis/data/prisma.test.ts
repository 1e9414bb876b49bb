import { describe, expect, it } from 'vitest';
import { prisma } from '../../../src/analysis/data/prisma';
import { queries } from '../probe';
import { LOOK_ALIKE_CALLS, constraint, handlerQueries } from './shared';

const HEADER = `import { PrismaClient, Prisma } from '@prisma/client';\nconst prisma = new PrismaClient();\n`;

/** The queries the Prisma layer finds in `body`, placed in a handler after a Prisma client. */
function inHandler(body: string, settings: Record<string, unknown> = {}) {
  return handlerQueries(prisma, HEADER, body, settings, 'organizationId, id, slug');
}

/** The one query of `body`. */
function one(body: string, settings: Record<string, unknown> = {}) {
  const found = inHandler(body, settings);
  expect(found).toHaveLength(1);
  return found[0];
}

const org = (column = 'organizationId', value = 'organizationId', flags: { conditional?: boolean } = {}) =>
  constraint(column, value, { ...flags, dropsUndefined: true });

describe('prisma: delegate methods', () => {
  it('gives each method its kind, by-id flag and model (the delegate name)', () => {
    const methods: [string, string, boolean][] = [
      ['findUnique', 'read', true],
      ['findUniqueOrThrow', 'read', true],
      ['findFirst', 'read', false],
      ['findFirstOrThrow', 'read', false],
      ['findMany', 'read', false],
      ['count', 'read', false],
      ['aggregate', 'read', false],
      ['groupBy', 'read', false],
      ['update', 'update', true],
      ['updateMany', 'update', false],
      ['updateManyAndReturn', 'update', false],
      ['upsert', 'update', true],
      ['delete', 'delete', true],
      ['deleteMany', 'delete', false],
    ];
    for (const [method, kind, byId] of methods) {
      expect(one(`  await prisma.document.${method}({ where: { organizationId } });`), method).toEqual({
        layer: 'prisma',
        model: 'document',
        operation: method,
        kind,
        constraints: [org()],
        opaque: false,
        ...(byId ? { byId: true } : {}),
        text: `prisma.document.${method}({ where: { organizationId } })`,
      });
    }
  });

  it('reads create/createMany/createManyAndReturn as inserts, with the tenant key they write', () => {
    expect(inHandler(`
  await prisma.document.create({ data: { organizationId, title: 'x' } });
  await prisma.document.create({ data: { title: 'x', organization: { connect: { id: organizationId } } } });
  await prisma.document.createMany({ data: [{ organizationId }, { organizationId: job.data.organizationId }] });
  await prisma.document.createManyAndReturn({ data: [{ organizationId }, { title: 'no tenant' }] });
  await prisma.document.create({ data: { title: 'x' } });`).map(({ operation, kind, constraints, opaque }) => ({ operation, kind, constraints, opaque }))).toEqual([
      { operation: 'create', kind: 'insert', constraints: [{ column: 'organizationId', value: 'organizationId' }], opaque: false },
      { operation: 'create', kind: 'insert', constraints: [{ column: 'organization.id', value: 'organizationId' }], opaque: false },
      {
        operation: 'createMany',
        kind: 'insert',
        constraints: [
          { column: 'organizationId', value: 'organizationId' },
          { column: 'organizationId', value: 'job.data.organizationId' },
        ],
        opaque: false,
      },
      // One row without the key: the insert does not carry the tenant for every row.
      { operation: 'createManyAndReturn', kind: 'insert', constraints: [], opaque: false },
      { operation: 'create', kind: 'insert', constraints: [], opaque: false },
    ]);
  });

  it('reads a call without arguments or without a where as unfiltered, and keeps the args object for a fix', () => {
    expect(inHandler(`
  await prisma.document.findMany();
  await prisma.document.deleteMany({});
  await prisma.document.findMany({ take: 10, orderBy: { createdAt: 'desc' } });`)).toEqual([
      { layer: 'prisma', model: 'document', operation: 'findMany', kind: 'read', constraints: [], opaque: false, text: 'prisma.document.findMany()' },
      { layer: 'prisma', model: 'document', operation: 'deleteMany', kind: 'delete', constraints: [], opaque: false, text: 'prisma.document.deleteMany({})' },
      {
        layer: 'prisma',
        model: 'document',
        operation: 'findMany',
        kind: 'read',
        constraints: [],
        opaque: false,
        text: "prisma.document.findMany({ take: 10, orderBy: { createdAt: 'desc' } })",
      },
    ]);
  });

  it('reports the whole chain when the call is awaited through then/catch, and the fluent API', () => {
    expect(inHandler(`
  await prisma.document.findMany({ where: { organizationId } }).then((rows) => rows.length);
  await prisma.user.findUnique({ where: { id } }).posts();`).map(({ operation, text, constraints }) => ({ operation, text, constraints }))).toEqual([
      { operation: 'findMany', text: 'prisma.document.findMany({ where: { organizationId } }).then((rows) => rows.length)', constraints: [org()] },
      { operation: 'findUnique', text: 'prisma.user.findUnique({ where: { id } }).posts()', constraints: [] },
    ]);
  });

  it('checks the elements of a batch $transaction as ordinary queries', () => {
    expect(inHandler(`
  await prisma.$transaction([
    prisma.document.deleteMany({ where: { organizationId } }),
    prisma.project.deleteMany({ where: { id } }),
  ]);`).map(({ model, constraints }) => ({ model, constraints }))).toEqual([
      { model: 'document', constraints: [org()] },
      { model: 'project', constraints: [] },
    ]);
  });
});

describe('prisma: raw SQL', () => {
  it('reads $queryRaw and $executeRaw tagged templates with the SQL reader', () => {
    expect(inHandler(`
  await prisma.$queryRaw\`SELECT * FROM "Document" d WHERE d."organizationId" = \${organizationId} AND d.id = \${id}\`;
  await prisma.$executeRaw\`DELETE FROM documents WHERE id = \${id}\`;
  await prisma.$queryRaw<{ n: number }[]>\`SELECT count(*) AS n FROM documents WHERE organization_id = \${organizationId}\`;`)).toEqual([
      {
        layer: 'prisma',
        model: 'Document',
        operation: 'select',
        kind: 'raw',
        constraints: [{ column: 'd."organizationId"', value: 'organizationId' }],
        opaque: false,
        text: 'prisma.$queryRaw`SELECT * FROM "Document" d WHERE d."organizationId" = ${organizationId} AND d.id = ${id}`',
      },
      { layer: 'prisma', model: 'documents', operation: 'delete', kind: 'raw', constraints: [], opaque: false, text: 'prisma.$executeRaw`DELETE FROM documents WHERE id = ${id}`' },
      {
        layer: 'prisma',
        model: 'documents',
        operation: 'select',
        kind: 'raw',
        constraints: [{ column: 'organization_id', value: 'organizationId' }],
        opaque: false,
        text: 'prisma.$queryRaw<{ n: number }[]>`SELECT count(*) AS n FROM documents WHERE organization_id = ${organizationId}`',
      },
    ]);
  });

  it('reads $queryRaw(Prisma.sql`…`) and nested Prisma.sql fragments', () => {
    expect(inHandler(`
  const scope = Prisma.sql\`organization_id = \${organizationId}\`;
  await prisma.$queryRaw(Prisma.sql\`SELECT id FROM documents WHERE \${scope} AND id = \${id}\`);`).map(({ model, operation, constraints, opaque }) => ({ model, operation, constraints, opaque }))).toEqual([
      { model: 'documents', operation: 'select', constraints: [{ column: 'organization_id', value: 'organizationId' }], opaque: false },
    ]);
  });

  it('reads $queryRawUnsafe/$executeRawUnsafe text with its positional values', () => {
    expect(inHandler(`
  await prisma.$queryRawUnsafe('SELECT * FROM documents WHERE id = $1 AND organization_id = $2', id, organizationId);
  await prisma.$executeRawUnsafe(\`UPDATE documents SET done = true WHERE "organizationId" = $1\`, organizationId);`)).toEqual([
      {
        layer: 'prisma',
        model: 'documents',
        operation: 'select',
        kind: 'raw',
        constraints: [{ column: 'organization_id', value: 'organizationId' }],
        opaque: false,
        text: "prisma.$queryRawUnsafe('SELECT * FROM documents WHERE id = $1 AND organization_id = $2', id, organizationId)",
      },
      {
        layer: 'prisma',
        model: 'documents',
        operation: 'update',
        kind: 'raw',
        constraints: [{ column: '"organizationId"', value: 'organizationId' }],
        opaque: false,
        text: 'prisma.$executeRawUnsafe(`UPDATE documents SET done = true WHERE "organizationId" = $1`, organizationId)',
      },
    ]);
  });

  it('marks raw SQL it cannot read as opaque', () => {
    expect(inHandler(`
  await prisma.$queryRawUnsafe(job.data.query);
  await prisma.$queryRaw(buildQuery(organizationId));
  await prisma.$executeRaw\`\${Prisma.raw(job.data.sql)}\`;
  await prisma.$queryRawTyped(getDocuments(organizationId));
  await prisma.document.findRaw({ filter: { organizationId } });`).map(({ model, operation, kind, opaque }) => ({ model, operation, kind, opaque }))).toEqual([
      { model: undefined, operation: '$queryRawUnsafe', kind: 'raw', opaque: true },
      { model: undefined, operation: '$queryRaw', kind: 'raw', opaque: true },
      { model: undefined, operation: 'query', kind: 'raw', opaque: true },
      { model: undefined, operation: '$queryRawTyped', kind: 'raw', opaque: true },
      { model: 'document', operation: 'findRaw', kind: 'raw', opaque: true },
    ]);
  });

  it('leaves Prisma.sql fragments and statements that touch no table alone', () => {
    expect(inHandler(`
  const fragment = Prisma.sql\`organization_id = \${organizationId}\`;
  await prisma.$executeRaw\`SELECT set_config('app.org_id', \${organizationId}, true)\`;`)).toEqual([]);
  });
});

describe('prisma: clients', () => {
  const read = (code: string) => queries(code, {}, prisma).map((query) => query.text);

  it('recognises clients by import: new PrismaClient (any generator output, require too), Prisma.TransactionClient, enhance', () => {
    expect(
      read(`
import { PrismaClient as Generated } from '../generated/prisma/client';
import { enhance } from '@zenstackhq/runtime';
import type { Prisma } from '@prisma/client';
const { PrismaClient } = require('@prisma/client');
const base = new PrismaClient();
const custom = new Generated();
const enhanced = enhance(base, { user });
async function run(client: Prisma.TransactionClient) {
  await base.document.findMany();
  await custom.document.findMany();
  await enhanced.document.findMany();
  await client.document.findMany();
}`),
    ).toEqual(['base.document.findMany()', 'custom.document.findMany()', 'enhanced.document.findMany()', 'client.document.findMany()']);
  });

  it('follows $transaction callbacks and $extends clients', () => {
    expect(
      read(`${HEADER}
const extended = prisma.$extends(forTenant(orgId));
async function run() {
  await prisma.$transaction(async (tx) => {
    await tx.document.deleteMany({ where: { organizationId } });
    await tx.$transaction(async (inner) => inner.task.count());
  });
  await extended.document.findMany();
  await prisma.$extends({}).document.findMany();
}`),
    ).toEqual([
      'tx.document.deleteMany({ where: { organizationId } })',
      'inner.task.count()',
      'extended.document.findMany()',
      'prisma.$extends({}).document.findMany()',
    ]);
  });

  it("recognises clients from the project's own modules by name: db, prisma, tx, this.prisma, ctx.db, a factory", () => {
    expect(
      read(`
import { db, dbClient, tenantDb } from '@/lib/db';
import prisma from '../lib/prisma';
import { PrismaService } from './prisma.service';
import { getTenantDb } from '~/server/tenant';
class Processor {
  constructor(private readonly prisma: PrismaService) {}
  async process(ctx) {
    await db.document.findMany({ where: { organizationId } });
    await prisma.document.findMany();
    await this.prisma.document.findMany();
    await ctx.db.document.findMany();
    await ctx.prisma.document.findMany();
    await getTenantDb(orgId).document.findMany();
    await db.$transaction(async (tx) => tx.document.count());
    await dbClient.document.count();
    await tenantDb.document.count();
  }
}`),
    ).toEqual([
      'db.document.findMany({ where: { organizationId } })',
      'prisma.document.findMany()',
      'this.prisma.document.findMany()',
      'ctx.db.document.findMany()',
      'ctx.prisma.document.findMany()',
      'getTenantDb(orgId).document.findMany()',
      'tx.document.count()',
      'dbClient.document.count()',
      'tenantDb.document.count()',
    ]);
  });

  it('asks more of a client known only by its name: a lowerCamel delegate and a Prisma-shaped argument', () => {
    expect(
      read(`
import { db } from './db';
async function run(id) {
  await db.Document.findMany({ where: { id } });
  await db.users.update(id, { name: 'x' });
  await db.cache.delete(id);
  await db.users.count({ where: { id }, limit: 5 });
  await db.query.users.findMany({ where: { id } });
}`),
    ).toEqual([]);
  });
});

describe('prisma: where forms', () => {
  it('reads scalar keys, { equals }, { in: [single] }, and no other operator', () => {
    expect(inHandler(`
  await prisma.document.findMany({ where: { organizationId: { equals: organizationId } } });
  await prisma.document.findMany({ where: { organizationId: { in: [organizationId] } } });
  await prisma.document.findMany({ where: { organizationId: { in: [organizationId, other] } } });
  await prisma.document.findMany({ where: { organizationId: { not: organizationId } } });
  await prisma.document.findMany({ where: { organization_id: job.data.orgId } });
  await prisma.document.findMany({ where: { organizationId: undefined } });
  await prisma.document.findMany({ where: { organizationId: null } });
  await prisma.document.findMany({ where: { organizationId: Prisma.skip } });`).map((query) => query.constraints)).toEqual([
      [org()],
      [org()],
      [],
      [],
      [org('organization_id', 'job.data.orgId')],
      [],
      [],
      [],
    ]);
  });

  it('reads relation filters: to-one shorthand and is, to-many some, the tenant root by id; never every, none, isNot', () => {
    expect(inHandler(`
  await prisma.task.findMany({ where: { project: { organizationId } } });
  await prisma.task.findMany({ where: { project: { is: { organizationId } } } });
  await prisma.project.findMany({ where: { tasks: { some: { organizationId } } } });
  await prisma.project.findMany({ where: { organization: { id: organizationId } } });
  await prisma.task.findMany({ where: { project: { organization: { id: organizationId } } } });
  await prisma.project.findMany({ where: { tasks: { every: { organizationId } } } });
  await prisma.project.findMany({ where: { tasks: { none: { organizationId } } } });
  await prisma.task.findMany({ where: { project: { isNot: { organizationId } } } });`).map((query) => query.constraints)).toEqual([
      [org('project.organizationId')],
      [org('project.organizationId')],
      [org('tasks.organizationId')],
      [org('organization.id')],
      [org('project.organization.id')],
      [],
      [],
      [],
    ]);
  });

  it('reads compound unique keys and the extended unique where of by-id calls', () => {
    expect(inHandler(`
  await prisma.project.findUnique({ where: { organizationId_slug: { organizationId, slug } } });
  await prisma.project.update({ where: { id, organizationId }, data: { name: 'x' } });
  await prisma.project.delete({ where: { id } });`).map(({ constraints, byId }) => ({ constraints, byId }))).toEqual([
      { constraints: [org()], byId: true },
      { constraints: [org()], byId: true },
      { constraints: [], byId: true },
    ]);
  });

  it('reads AND (array or object) as any, OR as every branch, NOT as never', () => {
    expect(inHandler(`
  await prisma.document.findMany({ where: { AND: [{ organizationId }, { id }] } });
  await prisma.document.findMany({ where: { AND: { organizationId } } });
  await prisma.document.findMany({ where: { OR: [{ organizationId, id }, { organizationId, slug }] } });
  await prisma.document.findMany({ where: { OR: [{ organizationId }, { slug }] } });
  await prisma.document.findMany({ where: { NOT: { organizationId } } });
  await prisma.document.findMany({ where: { organizationId, OR: [{ id }, { slug }] } });`).map((query) => query.constraints)).toEqual([
      [org()],
      [org()],
      [org(), org()],
      [],
      [],
      [org()],
    ]);
  });

  it('follows a where held in a local const and spreads of local objects; the last key wins', () => {
    expect(inHandler(`
  const commonWhere = { organizationId };
  const where = { ...commonWhere, deletedAt: null };
  await prisma.document.findMany({ where });
  await prisma.task.findMany({ where: { ...commonWhere, id } });
  await prisma.task.findMany({ where: { ...where, organizationId: undefined } });
  const args = { where: { organizationId } };
  await prisma.task.findMany(args);
  await prisma.task.findMany({ ...args, take: 5 });`).map((query) => query.constraints)).toEqual([
      [org()],
      [org()],
      [],
      [org()],
      [org()],
    ]);
  });

  it('reads keys assigned to a local where object before the query, conditional under an if', () => {
    expect(inHandler(`
  const where: Prisma.DocumentWhereInput = {};
  where.organizationId = organizationId;
  await prisma.document.findMany({ where });
  const filter: Prisma.DocumentWhereInput = { id };
  if (organizationId) filter.organizationId = organizationId;
  await prisma.document.findMany({ where: filter });
  const late: Prisma.DocumentWhereInput = {};
  await prisma.document.findMany({ where: late });
  late.organizationId = organizationId;`).map((query) => query.constraints)).toEqual([
      [{ column: 'organizationId', value: 'organizationId', dropsUndefined: true }],
      [{ column: 'organizationId', value: 'organizationId', conditional: true, dropsUndefined: true }],
      [],
    ]);
  });
});

describe('prisma: filters built in arrays', () => {
  it('reads AND arrays filled with push, conditional under an if; an array handed to a call is opaque', () => {
    expect(inHandler(`
  const conditions: Prisma.DocumentWhereInput[] = [{ id }];
  conditions.push({ organizationId });
  await prisma.document.findMany({ where: { AND: conditions } });
  const optional: Prisma.DocumentWhereInput[] = [];
  if (organizationId) optional.push({ organizationId });
  await prisma.document.findMany({ where: { AND: optional } });
  const handed: Prisma.DocumentWhereInput[] = [];
  addTenantFilter(handed, organizationId);
  await prisma.document.findMany({ where: { AND: handed } });
  const later: Prisma.DocumentWhereInput[] = [];
  await prisma.document.findMany({ where: { AND: later } });
  later.push({ organizationId });`).map(({ constraints, opaque }) => ({ constraints, opaque }))).toEqual([
      { constraints: [org()], opaque: false },
      { constraints: [org('organizationId', 'organizationId', { conditional: true })], opaque: false },
      { constraints: [], opaque: true },
      { constraints: [], opaque: false },
    ]);
  });
});

describe('prisma: conditional constraints', () => {
  it('marks filters that apply only under a runtime test', () => {
    expect(inHandler(`
  await prisma.document.findMany({ where: organizationId ? { organizationId } : {} });
  await prisma.document.findMany({ where: { id, ...(organizationId && { organizationId }) } });
  await prisma.document.findMany({ where: { id, ...(organizationId ? { organizationId } : {}) } });
  await prisma.document.findMany({ where: { organizationId: organizationId ?? undefined } });
  await prisma.document.findMany({ where: { organizationId: organizationId || undefined } });
  await prisma.document.findMany({ where: { organizationId: organizationId ? organizationId : undefined } });
  await prisma.document.findMany({ where: { organizationId: Prisma.skip.ifUndefined(organizationId) } });
  await prisma.document.findMany({ where: job.data.all ? { organizationId } : { organizationId: job.data.orgId } });`).map((query) => query.constraints)).toEqual([
      [org('organizationId', 'organizationId', { conditional: true })],
      [org('organizationId', 'organizationId', { conditional: true })],
      [org('organizationId', 'organizationId', { conditional: true })],
      [org('organizationId', 'organizationId', { conditional: true })],
      [org('organizationId', 'organizationId', { conditional: true })],
      [org('organizationId', 'organizationId', { conditional: true })],
      [org('organizationId', 'organizationId', { conditional: true })],
      // Both branches pin the tenant: unconditional.
      [org(), org('organizationId', 'job.data.orgId')],
    ]);
  });
});

describe('prisma: opaque filters and fixes', () => {
  it('marks a where (or a spread in it) that cannot be resolved as opaque, unless a later key pins the tenant', () => {
    expect(inHandler(`
  await prisma.document.findMany({ where: job.data.where });
  await prisma.document.findMany({ where: buildWhere(organizationId) });
  await prisma.document.findMany({ where: { ...job.data.filter, id } });
  await prisma.document.findMany({ where: { organizationId, ...job.data.filter } });
  await prisma.document.findMany({ where: { ...job.data.filter, organizationId } });
  await prisma.document.findMany(job.data.args);
  await prisma.document.findMany({ ...job.data.args });`).map(({ constraints, opaque }) => ({ constraints, opaque }))).toEqual([
      { constraints: [], opaque: true },
      { constraints: [], opaque: true },
      { constraints: [], opaque: true },
      { constraints: [], opaque: true },
      { constraints: [org()], opaque: false },
      { constraints: [], opaque: true },
      { constraints: [], opaque: true },
    ]);
  });

  it('hands out the where object literal, or the options object without a where, for a suggestion', () => {
    const code = `${HEADER}
async function run() {
  await prisma.document.findMany({ where: { id: 1 } });
  await prisma.document.findMany({ take: 1 });
  const where = { id: 2 };
  await prisma.document.findMany({ where });
  await prisma.document.findMany();
  await prisma.document.findMany({ where: cond ? { id: 3 } : {} });
}`;
    const fixes: unknown[] = [];
    queries(code, {}, {
      ...prisma,
      matchQuery(node, context) {
        const query = prisma.matchQuery(node, context);
        if (query) {
          fixes.push({
            filterObject: query.fix?.filterObject && context.resolver.resolveValue(query.fix.filterObject).range,
            optionsObject: query.fix?.optionsObject?.range,
          });
        }
        return query;
      },
    });
    const at = (text: string) => {
      const start = code.indexOf(text);
      return [start, start + text.length];
    };
    expect(fixes).toEqual([
      { filterObject: at('{ id: 1 }'), optionsObject: undefined },
      { filterObject: undefined, optionsObject: at('{ take: 1 }') },
      { filterObject: at('{ id: 2 }'), optionsObject: undefined },
      { filterObject: undefined, optionsObject: undefined },
      { filterObject: undefined, optionsObject: undefined },
    ]);
  });
});

describe('prisma: TypeScript wrappers and plain JS', () => {
  it('looks through as, !, satisfies and optional chains', () => {
    expect(inHandler(`
  await prisma.document?.findMany({ where: { organizationId } });
  await prisma?.document.findMany({ where: { organizationId } });
  await (prisma as PrismaClient).document.findMany({ where: { organizationId } as Prisma.DocumentWhereInput });
  await prisma!.document.findMany({ where: { organizationId: organizationId! } });
  await prisma.document.findMany({ where: { organizationId } satisfies Prisma.DocumentWhereInput });
  await prisma.document.findMany({ where: <Prisma.DocumentWhereInput>{ organizationId } });`).map((query) => query.constraints)).toEqual([
      [org()],
      [org()],
      [org()],
      [org('organizationId', 'organizationId!')],
      [org()],
      [org()],
    ]);
  });

  it('reads plain JavaScript', () => {
    expect(
      queries(
        `const { PrismaClient } = require('@prisma/client');
const prisma = new PrismaClient();
module.exports = async function handler(job) {
  const { organizationId } = job.data;
  await prisma.document.updateMany({ where: { organizationId }, data: { done: true } });
};`,
        {},
        prisma,
      ),
    ).toEqual([
      {
        layer: 'prisma',
        model: 'document',
        operation: 'updateMany',
        kind: 'update',
        constraints: [org()],
        opaque: false,
        text: 'prisma.document.updateMany({ where: { organizationId }, data: { done: true } })',
      },
    ]);
  });

  it('follows the tenantKeys setting', () => {
    expect(one(`  await prisma.document.findMany({ where: { companyId: id, organizationId } });`, { tenantKeys: ['companyId'] }).constraints).toEqual([
      org('companyId', 'id'),
    ]);
  });
});

describe('prisma: look-alikes', () => {
  it('finds no query in calls that only look like one', () => {
    expect(
      inHandler(`${LOOK_ALIKE_CALLS}
  const rows = [1, 2].filter((x) => x > 1).find((x) => x === 2);
  const map = new Map();
  map.delete('a');
  const set = new Set();
  set.add(1);
  await this.cache.delete(id);
  await stripe.customers.update(id, { name: 'x' });
  qs.stringify({ where: { organizationId } });
  const query = buildQuery().where({ organizationId }).toString();
  await api.users.update({ where: { id }, data: {} });
  await client.users.count({ where: { id } });
  await db.documents.count;
  await prisma.document.toString();
  await prisma.document.constructor({ where: { organizationId } });
  prisma.document.hasOwnProperty('findMany');`),
    ).toEqual([]);
  });

  it('never throws on odd code', () => {
    const odd = `${HEADER}
export async function handler(job) {
  await prisma[job.data.model].findMany({ where: { organizationId } });
  await prisma.document.findMany(...job.data.args);
  await prisma.document.findMany({ [job.data.key]: 1, where: { [key]: 1, ...[], ...null } });
  await prisma.document.findMany({ where: { AND: job.data.and, OR: [...job.data.or], NOT: [] } });
  await prisma.document.findMany({ where: { OR: [] } });
  await prisma.document.findMany({ where: { organizationId: { in: job.data.ids.map((x) => x) } } });
  await prisma.document.findMany({ where: { project: { is: null }, tasks: { some: undefined } } });
  await prisma.$queryRaw\`\`;
  await prisma.$queryRaw\`SELECT * FROM\`;
  await prisma.$queryRaw\`SELECT (((\`;
  await prisma.$queryRawUnsafe(\`SELECT * FROM t WHERE a = 'unterminated\`);
  await prisma.$queryRawUnsafe('/* comment', 1);
  await prisma.$queryRawUnsafe('WITH');
  await prisma.document.create({ data: job.data.rows });
  await prisma.document.createMany({ data: [...rows] });
  const where = { ...where };
  await prisma.document.findMany({ where });
  const a = { ...b }; const b = { ...a };
  await prisma.document.findMany({ where: a });
  await (() => prisma)().document.findMany();
  prisma.document.findMany.call(null);
  \`\${prisma.document}\`;
}`;
    expect(() => queries(odd, {}, prisma)).not.toThrow();
  });
});
