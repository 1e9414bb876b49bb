import { describe, expect, it } from 'vitest';
import { drizzle } from '../../../src/analysis/data/drizzle';
import { queries } from '../probe';
import { LOOK_ALIKE_CALLS, constraint, handlerQueries } from './shared';

const HEADER = `import { drizzle } from 'drizzle-orm/node-postgres';
import { and, eq, exists, inArray, isNull, ne, not, or, sql } from 'drizzle-orm';
import { documents, projects, tasks } from './schema';
const db = drizzle(process.env.DATABASE_URL);
`;

/** The queries the Drizzle layer finds in `body`, placed in a handler after a Drizzle client. */
function inHandler(body: string, header = HEADER, settings: Record<string, unknown> = {}) {
  return handlerQueries(drizzle, header, body, settings);
}

function constraintsOf(body: string, header = HEADER) {
  return inHandler(body, header).map((query) => query.constraints);
}

const org = (column = 'documents.organizationId', value = 'organizationId', flags: { conditional?: boolean; dropsUndefined?: boolean } = {}) =>
  constraint(column, value, flags);

describe('drizzle: call shapes', () => {
  it('reads select(…).from(T)[joins].where(cond), selectDistinct and selectDistinctOn', () => {
    expect(
      inHandler(`
  await db.select().from(documents).where(eq(documents.organizationId, organizationId));
  await db.select({ id: documents.id }).from(documents).innerJoin(projects, eq(projects.id, documents.projectId)).where(eq(documents.id, id)).limit(1);
  await db.selectDistinct().from(documents).where(eq(documents.organizationId, organizationId));
  await db.selectDistinctOn([documents.projectId]).from(documents).orderBy(documents.projectId);`),
    ).toEqual([
      {
        layer: 'drizzle',
        model: 'documents',
        operation: 'select',
        kind: 'read',
        constraints: [org()],
        opaque: false,
        text: 'db.select().from(documents).where(eq(documents.organizationId, organizationId))',
      },
      {
        layer: 'drizzle',
        model: 'documents',
        operation: 'select',
        kind: 'read',
        constraints: [],
        opaque: false,
        text: 'db.select({ id: documents.id }).from(documents).innerJoin(projects, eq(projects.id, documents.projectId)).where(eq(documents.id, id)).limit(1)',
      },
      {
        layer: 'drizzle',
        model: 'documents',
        operation: 'selectDistinct',
        kind: 'read',
        constraints: [org()],
        opaque: false,
        text: 'db.selectDistinct().from(documents).where(eq(documents.organizationId, organizationId))',
      },
      {
        layer: 'drizzle',
        model: 'documents',
        operation: 'selectDistinctOn',
        kind: 'read',
        constraints: [],
        opaque: false,
        text: 'db.selectDistinctOn([documents.projectId]).from(documents).orderBy(documents.projectId)',
      },
    ]);
  });

  it('reads update(T).set().where(), delete(T).where() and a delete without where', () => {
    expect(
      inHandler(`
  await db.update(documents).set({ done: true }).where(eq(documents.organizationId, organizationId)).returning();
  await db.delete(documents).where(eq(documents.organizationId, organizationId));
  await db.delete(documents);
  await db.update(tasks).set({ done: true });`).map(({ model, operation, kind, constraints }) => ({ model, operation, kind, constraints })),
    ).toEqual([
      { model: 'documents', operation: 'update', kind: 'update', constraints: [org()] },
      { model: 'documents', operation: 'delete', kind: 'delete', constraints: [org()] },
      { model: 'documents', operation: 'delete', kind: 'delete', constraints: [] },
      { model: 'tasks', operation: 'update', kind: 'update', constraints: [] },
    ]);
  });

  it('reads insert(T).values(…) as an insert, with the tenant key every row writes', () => {
    expect(
      inHandler(`
  await db.insert(documents).values({ organizationId, title: 'x' });
  await db.insert(documents).values([{ organizationId }, { organizationId: job.data.organizationId }]);
  await db.insert(documents).values([{ organizationId }, { title: 'no tenant' }]);
  await db.insert(documents).values(job.data.rows);`).map(({ operation, kind, constraints, opaque }) => ({ operation, kind, constraints, opaque })),
    ).toEqual([
      { operation: 'insert', kind: 'insert', constraints: [org('organizationId')], opaque: false },
      { operation: 'insert', kind: 'insert', constraints: [org('organizationId'), org('organizationId', 'job.data.organizationId')], opaque: false },
      { operation: 'insert', kind: 'insert', constraints: [], opaque: false },
      { operation: 'insert', kind: 'insert', constraints: [], opaque: true },
    ]);
  });

  it('reads db.$count(T, cond)', () => {
    expect(
      inHandler(`
  await db.$count(documents, eq(documents.organizationId, organizationId));
  await db.$count(documents);`).map(({ model, operation, kind, constraints }) => ({ model, operation, kind, constraints })),
    ).toEqual([
      { model: 'documents', operation: '$count', kind: 'read', constraints: [org()] },
      { model: 'documents', operation: '$count', kind: 'read', constraints: [] },
    ]);
  });

  it('reads db.query.t.findMany/findFirst with an SQL where, a callback where (as written), and _query', () => {
    expect(
      inHandler(`
  await db.query.documents.findMany({ where: eq(documents.organizationId, organizationId), with: { project: true } });
  await db.query.documents.findFirst({ where: (t, { eq, and }) => and(eq(t.organizationId, organizationId), eq(t.id, id)) });
  await db.query.documents.findMany({ where: (t, ops) => ops.eq(t.organizationId, organizationId) });
  await db.query.documents.findMany({
    where(t, { eq }) {
      return eq(t.organizationId, organizationId);
    },
  });
  await db._query.documents.findMany({ where: (t, { eq }) => eq(t.id, id) });
  await db.query.documents.findMany();`),
    ).toEqual([
      {
        layer: 'drizzle',
        model: 'documents',
        operation: 'findMany',
        kind: 'read',
        constraints: [org()],
        opaque: false,
        text: 'db.query.documents.findMany({ where: eq(documents.organizationId, organizationId), with: { project: true } })',
      },
      {
        layer: 'drizzle',
        model: 'documents',
        operation: 'findFirst',
        kind: 'read',
        constraints: [org('t.organizationId')],
        opaque: false,
        text: 'db.query.documents.findFirst({ where: (t, { eq, and }) => and(eq(t.organizationId, organizationId), eq(t.id, id)) })',
      },
      {
        layer: 'drizzle',
        model: 'documents',
        operation: 'findMany',
        kind: 'read',
        constraints: [org('t.organizationId')],
        opaque: false,
        text: 'db.query.documents.findMany({ where: (t, ops) => ops.eq(t.organizationId, organizationId) })',
      },
      {
        layer: 'drizzle',
        model: 'documents',
        operation: 'findMany',
        kind: 'read',
        constraints: [org('t.organizationId')],
        opaque: false,
        text: `db.query.documents.findMany({
    where(t, { eq }) {
      return eq(t.organizationId, organizationId);
    },
  })`,
      },
      {
        layer: 'drizzle',
        model: 'documents',
        operation: 'findMany',
        kind: 'read',
        constraints: [],
        opaque: false,
        text: 'db._query.documents.findMany({ where: (t, { eq }) => eq(t.id, id) })',
      },
      { layer: 'drizzle', model: 'documents', operation: 'findMany', kind: 'read', constraints: [], opaque: false, text: 'db.query.documents.findMany()' },
    ]);
  });

  it('reads the relational-query v2 object where; its keys drop undefined', () => {
    expect(
      constraintsOf(`
  await db.query.documents.findMany({ where: { organizationId } });
  await db.query.documents.findMany({ where: { organizationId: { eq: organizationId }, id } });
  await db.query.tasks.findMany({ where: { project: { organizationId } } });
  await db.query.tasks.findMany({ where: { OR: [{ organizationId }, { id }] } });
  await db.query.tasks.findMany({ where: { AND: [{ organizationId }, { id }] } });
  await db.query.tasks.findMany({ where: { NOT: { organizationId } } });`),
    ).toEqual([
      [org('organizationId', 'organizationId', { dropsUndefined: true })],
      [org('organizationId', 'organizationId', { dropsUndefined: true })],
      [org('project.organizationId', 'organizationId', { dropsUndefined: true })],
      [],
      [org('organizationId', 'organizationId', { dropsUndefined: true })],
      [],
    ]);
  });
});

describe('drizzle: clients', () => {
  const read = (code: string) => queries(code, {}, drizzle).map((query) => query.text);

  it('recognises drizzle() of any driver, typed databases and transactions, and tx of db.transaction', () => {
    expect(
      read(`
import { drizzle } from 'drizzle-orm/postgres-js';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { pgTable, text } from 'drizzle-orm/pg-core';
const items = pgTable('items', { id: text('id') });
const db = drizzle(client);
async function run(database: NodePgDatabase) {
  await db.delete(items);
  await database.delete(items);
  await db.transaction(async (tx) => {
    await tx.delete(items);
    await tx.transaction(async (nested) => nested.delete(items));
  });
}`),
    ).toEqual(['db.delete(items)', 'database.delete(items)', 'tx.delete(items)', 'nested.delete(items)']);
  });

  it("recognises db/tx from the project's own module when the chain is clearly Drizzle's", () => {
    expect(
      read(`
import { db } from '@/db';
import * as schema from '@/db/schema';
import { documents } from '../db/schema';
import { pgTable, text } from 'drizzle-orm/pg-core';
const local = pgTable('local', { id: text('id') });
class Job {
  async run(ctx) {
    await db.select().from(documents);
    await db.delete(schema.projects);
    await this.db.update(local).set({ id: '1' });
    await ctx.db.insert(documents).values({});
    await db.transaction(async (tx) => tx.delete(documents));
  }
}`),
    ).toEqual([
      'db.select().from(documents)',
      'db.delete(schema.projects)',
      "this.db.update(local).set({ id: '1' })",
      'ctx.db.insert(documents).values({})',
      'tx.delete(documents)',
    ]);
  });

  it('leaves chains alone that are not surely Drizzle: string tables, unknown tables, other libraries', () => {
    expect(
      read(`
import { db } from '@/db';
import knex from 'knex';
import { helpers } from './helpers';
const k = knex({});
const map = new Map();
async function run(key) {
  await db.select('*').from('documents');
  await db.delete(helpers.thing);
  await k.select().from(helpers.table);
  await map.delete(key);
  await db.select();
}`),
    ).toEqual([]);
  });
});

describe('drizzle: conditions', () => {
  it('reads eq in either order, inArray with one value, nested and, and sql`…`', () => {
    expect(
      constraintsOf(`
  await db.select().from(documents).where(eq(organizationId, documents.organizationId));
  await db.select().from(documents).where(inArray(documents.organizationId, [organizationId]));
  await db.select().from(documents).where(inArray(documents.organizationId, ids));
  await db.select().from(documents).where(and(eq(documents.id, id), and(isNull(documents.deletedAt), eq(documents.organizationId, organizationId))));
  await db.select().from(documents).where(sql\`\${documents.organizationId} = \${organizationId}\`);
  await db.select().from(documents).where(sql\`\${documents.id} = \${id} and \${documents.organizationId} = \${organizationId}\`);`),
    ).toEqual([[org()], [org()], [], [org()], [org()], [org()]]);
  });

  it('reads or only when every operand constrains, and never not/ne', () => {
    expect(
      constraintsOf(`
  await db.select().from(documents).where(or(eq(documents.organizationId, organizationId), eq(documents.id, id)));
  await db.select().from(documents).where(or(and(eq(documents.organizationId, organizationId), eq(documents.id, id)), eq(documents.organizationId, job.data.orgId)));
  await db.select().from(documents).where(not(eq(documents.organizationId, organizationId)));
  await db.select().from(documents).where(ne(documents.organizationId, organizationId));`),
    ).toEqual([[], [org(), org('documents.organizationId', 'job.data.orgId')], [], []]);
  });

  it('reads inner-join conditions, not a column compared to a column of the query', () => {
    expect(
      constraintsOf(`
  await db.select().from(tasks).innerJoin(projects, and(eq(projects.id, tasks.projectId), eq(projects.organizationId, organizationId)));
  await db.select().from(tasks).innerJoin(projects, eq(projects.organizationId, tasks.organizationId));
  await db.select().from(tasks).leftJoin(projects, eq(projects.organizationId, organizationId));`),
    ).toEqual([[org('projects.organizationId')], [], []]);
  });

  it("matches a column by its database name (`org: text('organization_id')`)", () => {
    expect(
      constraintsOf(
        `
  await db.select().from(items).where(eq(items.org, organizationId));`,
        `import { drizzle } from 'drizzle-orm/node-postgres';
import { eq } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
const items = pgTable('items', { id: text('id'), org: text('organization_id').notNull() });
const db = drizzle('');
`,
      ),
    ).toEqual([[org('items.organization_id')]]);
  });

  it('follows conditions held in local consts and spreads of local arrays', () => {
    expect(
      constraintsOf(`
  const scope = eq(documents.organizationId, organizationId);
  const filters = [scope, eq(documents.id, id)];
  await db.select().from(documents).where(scope);
  await db.select().from(documents).where(and(...filters));
  await db.delete(documents).where(and(...job.data.filters));`),
    ).toEqual([[org()], [org()], []]);
  });

  it('marks conditions it cannot read as opaque: helpers, parameters, subqueries', () => {
    expect(
      inHandler(`
  await db.select().from(documents).where(tenantFilter(organizationId));
  await db.select().from(documents).where(job.data.where);
  await db.select().from(documents).where(inArray(documents.projectId, db.select({ id: projects.id }).from(projects).where(eq(projects.organizationId, organizationId))));
  await db.select().from(documents).where(exists(db.select().from(projects)));
  await db.select().from(documents).where(and(tenantFilter(organizationId), eq(documents.organizationId, organizationId)));
  await db.select().from(documents).where(sql\`\${job.data.filter}\`);`).map(({ text, constraints, opaque }) => ({ text: text?.slice(0, 41), constraints, opaque })),
    ).toEqual([
      { text: 'db.select().from(documents).where(tenantF', constraints: [], opaque: true },
      { text: 'db.select().from(documents).where(job.dat', constraints: [], opaque: true },
      { text: 'db.select().from(documents).where(inArray', constraints: [], opaque: true },
      // The subquery is a query of its own.
      { text: 'db.select({ id: projects.id }).from(proje', constraints: [org('projects.organizationId')], opaque: false },
      { text: 'db.select().from(documents).where(exists(', constraints: [], opaque: true },
      { text: 'db.select().from(projects)', constraints: [], opaque: false },
      { text: 'db.select().from(documents).where(and(ten', constraints: [org()], opaque: false },
      { text: 'db.select().from(documents).where(sql`${j', constraints: [], opaque: true },
    ]);
  });
});

describe('drizzle: conditional constraints and builders', () => {
  it('marks and() operands under a test (undefined operands are dropped) and a where under a test', () => {
    expect(
      constraintsOf(`
  await db.select().from(documents).where(and(organizationId ? eq(documents.organizationId, organizationId) : undefined, eq(documents.id, id)));
  await db.select().from(documents).where(and(eq(documents.id, id), organizationId && eq(documents.organizationId, organizationId)));
  await db.select().from(documents).where(organizationId ? eq(documents.organizationId, organizationId) : undefined);
  await db.select().from(documents).where(job.data.all ? eq(documents.organizationId, organizationId) : eq(documents.organizationId, job.data.orgId));
  await db.select().from(documents).where(eq(documents.organizationId, organizationId ?? undefined));`),
    ).toEqual([
      [org('documents.organizationId', 'organizationId', { conditional: true })],
      [org('documents.organizationId', 'organizationId', { conditional: true })],
      [org('documents.organizationId', 'organizationId', { conditional: true })],
      [org(), org('documents.organizationId', 'job.data.orgId')],
      // eq with undefined compares to NULL (no rows): not a dropped filter.
      [org('documents.organizationId', 'organizationId ?? undefined')],
    ]);
  });

  it('reads and(...conditions) over an array filled with push, conditional under an if', () => {
    expect(
      inHandler(`
  const conditions: SQL[] = [eq(documents.id, id)];
  conditions.push(eq(documents.organizationId, organizationId));
  await db.select().from(documents).where(and(...conditions));
  const filters: SQL[] = [];
  if (organizationId) filters.push(eq(documents.organizationId, organizationId));
  await db.delete(documents).where(and(...filters));
  const handed: SQL[] = [];
  addTenantFilter(handed, organizationId);
  await db.delete(documents).where(and(...handed));`).map(({ constraints, opaque }) => ({ constraints, opaque })),
    ).toEqual([
      { constraints: [org()], opaque: false },
      { constraints: [org('documents.organizationId', 'organizationId', { conditional: true })], opaque: false },
      { constraints: [], opaque: true },
    ]);
  });

  it('reads a let builder at its declaration, with .where added under if as conditional', () => {
    expect(
      inHandler(`
  let query = db.select().from(documents).$dynamic();
  if (organizationId) query = query.where(eq(documents.organizationId, organizationId));
  query = query.limit(10);
  const rows = await query;
  let always = db.delete(documents).$dynamic();
  always = always.where(eq(documents.organizationId, organizationId));
  await always;`).map(({ operation, constraints, text }) => ({ operation, constraints, text })),
    ).toEqual([
      { operation: 'select', constraints: [org('documents.organizationId', 'organizationId', { conditional: true })], text: 'db.select().from(documents).$dynamic()' },
      { operation: 'delete', constraints: [org()], text: 'db.delete(documents).$dynamic()' },
    ]);
  });

  it('reads a const builder where it is extended, and the last of several wheres', () => {
    expect(
      inHandler(`
  const base = db.select().from(documents);
  await base.where(eq(documents.organizationId, organizationId));
  await base.where(eq(documents.id, id));
  const whole = db.select().from(projects);
  await whole;
  await db.select().from(documents).$dynamic().where(eq(documents.organizationId, organizationId)).where(eq(documents.id, id));`).map(({ constraints, text }) => ({ constraints, text })),
    ).toEqual([
      { constraints: [org()], text: 'base.where(eq(documents.organizationId, organizationId))' },
      { constraints: [], text: 'base.where(eq(documents.id, id))' },
      { constraints: [], text: 'db.select().from(projects)' },
      // Drizzle's second .where replaces the first.
      { constraints: [], text: 'db.select().from(documents).$dynamic().where(eq(documents.organizationId, organizationId)).where(eq(documents.id, id))' },
    ]);
  });
});

describe('drizzle: TypeScript wrappers and plain JS', () => {
  it('looks through as, !, satisfies and optional chains', () => {
    expect(
      constraintsOf(`
  await db?.select().from(documents).where(eq(documents.organizationId, organizationId));
  await (db as any).delete(documents as any).where(eq(documents.organizationId!, organizationId!));
  await db.update(documents).set({}).where(eq(documents.organizationId, organizationId) satisfies SQL);
  await db.query.documents?.findMany({ where: (t, { eq }) => eq(t.organizationId, organizationId as string) });`),
    ).toEqual([[org()], [org('documents.organizationId', 'organizationId!')], [org()], [org('t.organizationId', 'organizationId as string')]]);
  });

  it('reads plain JavaScript', () => {
    expect(
      queries(
        `const { drizzle } = require('drizzle-orm/node-postgres');
const { eq } = require('drizzle-orm');
const { documents } = require('./schema');
const db = drizzle(process.env.DATABASE_URL);
module.exports = async function handler(job) {
  await db.delete(documents).where(eq(documents.organizationId, job.data.organizationId));
};`,
        {},
        drizzle,
      ),
    ).toEqual([
      {
        layer: 'drizzle',
        model: 'documents',
        operation: 'delete',
        kind: 'delete',
        constraints: [org('documents.organizationId', 'job.data.organizationId')],
        opaque: false,
        text: 'db.delete(documents).where(eq(documents.organizationId, job.data.organizationId))',
      },
    ]);
  });

  it('follows the tenantKeys setting', () => {
    expect(
      inHandler(`  await db.select().from(documents).where(and(eq(documents.companyId, id), eq(documents.organizationId, organizationId)));`, HEADER, {
        tenantKeys: ['companyId'],
      })[0]?.constraints,
    ).toEqual([org('documents.companyId', 'id')]);
  });
});

describe('drizzle: look-alikes', () => {
  it('finds no query in calls that only look like one', () => {
    expect(
      inHandler(`${LOOK_ALIKE_CALLS}
  const found = [1, 2].filter((x) => x > 1).find((x) => x === 2);
  const map = new Map();
  map.delete('a');
  const url = queryString.where(eq(documents.id, id)).toString();
  await db.execute(sql\`DELETE FROM documents\`);
  await sql\`SELECT 1\`;
  await db.query(\`SELECT * FROM documents\`);
  await db.batch([]);
  await db.constructor(documents);
  await db.toString();`),
    ).toEqual([]);
  });

  it('never throws on odd code', () => {
    const odd = `${HEADER}
export async function handler(job) {
  await db.select().from();
  await db.select().from(...job.data.tables);
  await db.delete();
  await db.delete(documents, 1);
  await db.update(documents).set().where();
  await db.insert(documents).values();
  await db.insert(documents).values(...rows);
  await db.$count();
  await db.query.documents.findMany(...args);
  await db.query.documents.findMany({ where: (...args) => args[0] });
  await db.query.documents.findMany({ where: () => { if (x) return; } });
  await db.query[job.data.table].findMany();
  await db.select().from(documents).where(eq());
  await db.select().from(documents).where(eq(...pair));
  await db.select().from(documents).where(inArray(documents.organizationId, [...ids]));
  await db.select().from(documents).where(and());
  await db.select().from(documents).where(or());
  await db.select().from(documents).where(sql\`\`);
  await db.select().from(documents).where(sql\`(((\`);
  await db.select().from(documents).where(documents[job.data.col]);
  await db.select().from(documents).where(eq(documents[job.data.col], 1));
  const loop = loop2; const loop2 = loop;
  await db.select().from(documents).where(loop);
  let q = db.select().from(documents).$dynamic();
  q = other;
  q += 1;
  for (q of []) {}
  await q;
}`;
    expect(() => queries(odd, {}, drizzle)).not.toThrow();
  });
});
