import { describe, expect, it } from 'vitest';
import { kysely } from '../../../src/analysis/data/kysely';
import { queries } from '../probe';
import { LOOK_ALIKE_CALLS, constraint, handlerQueries } from './shared';

const HEADER = `import { Kysely, PostgresDialect } from 'kysely';\nconst db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });\n`;

/** The queries the Kysely layer finds in `body`, placed in a handler after a Kysely instance. */
function inHandler(body: string, header = HEADER, settings: Record<string, unknown> = {}) {
  return handlerQueries(kysely, header, body, settings);
}

function constraintsOf(body: string, header = HEADER) {
  return inHandler(body, header).map((query) => query.constraints);
}

const org = (column = 'organization_id', value = 'organizationId', flags: { conditional?: boolean; dropsUndefined?: boolean } = {}) =>
  constraint(column, value, flags);

describe('kysely: call shapes', () => {
  it('reads selectFrom, updateTable, deleteFrom and insertInto chains that run', () => {
    expect(
      inHandler(`
  await db.selectFrom('documents as d').selectAll().where('d.organization_id', '=', organizationId).execute();
  await db.updateTable('documents').set({ done: true }).where('organization_id', '=', organizationId).executeTakeFirst();
  await db.deleteFrom('documents').where('id', '=', id).executeTakeFirstOrThrow();
  await db.insertInto('documents').values({ organization_id: organizationId, title: 'x' }).execute();
  for await (const row of db.selectFrom('documents').selectAll().stream()) {}`),
    ).toEqual([
      {
        layer: 'kysely',
        model: 'documents',
        operation: 'selectFrom',
        kind: 'read',
        constraints: [org('d.organization_id')],
        opaque: false,
        text: "db.selectFrom('documents as d').selectAll().where('d.organization_id', '=', organizationId).execute()",
      },
      {
        layer: 'kysely',
        model: 'documents',
        operation: 'updateTable',
        kind: 'update',
        constraints: [org()],
        opaque: false,
        text: "db.updateTable('documents').set({ done: true }).where('organization_id', '=', organizationId).executeTakeFirst()",
      },
      {
        layer: 'kysely',
        model: 'documents',
        operation: 'deleteFrom',
        kind: 'delete',
        constraints: [],
        opaque: false,
        text: "db.deleteFrom('documents').where('id', '=', id).executeTakeFirstOrThrow()",
      },
      {
        layer: 'kysely',
        model: 'documents',
        operation: 'insertInto',
        kind: 'insert',
        constraints: [org()],
        opaque: false,
        text: "db.insertInto('documents').values({ organization_id: organizationId, title: 'x' }).execute()",
      },
      { layer: 'kysely', model: 'documents', operation: 'selectFrom', kind: 'read', constraints: [], opaque: false, text: "db.selectFrom('documents').selectAll().stream()" },
    ]);
  });

  it('takes the table from the first word, without schema; also after with(…)', () => {
    expect(
      inHandler(`
  await db.selectFrom('public.documents').selectAll().execute();
  await db.selectFrom(['projects as p', 'documents as d']).selectAll().execute();
  await db.with('recent', (qb) => qb.selectFrom('events').selectAll()).selectFrom('recent').selectAll().execute();
  await db.deleteFrom('documents').execute();`).map(({ model, operation }) => ({ model, operation })),
    ).toEqual([
      { model: 'documents', operation: 'selectFrom' },
      { model: 'projects', operation: 'selectFrom' },
      { model: 'recent', operation: 'selectFrom' },
      { model: 'documents', operation: 'deleteFrom' },
    ]);
  });

  it('is no query until the chain runs (a builder handed on, compiled or returned)', () => {
    expect(
      inHandler(`
  const built = db.selectFrom('documents').selectAll();
  const compiled = db.deleteFrom('documents').where('organization_id', '=', organizationId).compile();
  return db.selectFrom('documents').selectAll();`),
    ).toEqual([]);
  });
});

describe('kysely: clients', () => {
  const read = (code: string) => queries(code, {}, kysely).map((query) => query.text);

  it('recognises new Kysely, typed Kysely/Transaction parameters, and trx of transaction().execute / connection().execute', () => {
    expect(
      read(`${HEADER}
import type { Transaction, Kysely as K } from 'kysely';
async function run(trx: Transaction<DB>, other: K<DB>) {
  await trx.deleteFrom('a').execute();
  await other.deleteFrom('b').execute();
  await db.transaction().execute(async (t) => {
    await t.deleteFrom('c').execute();
  });
  await db.transaction().setIsolationLevel('serializable').execute(async (t2) => t2.deleteFrom('d').execute());
  await db.connection().execute(async (conn) => conn.deleteFrom('e').execute());
  const started = await db.startTransaction().execute();
  await started.deleteFrom('f').execute();
}`),
    ).toEqual([
      "trx.deleteFrom('a').execute()",
      "other.deleteFrom('b').execute()",
      "t.deleteFrom('c').execute()",
      "t2.deleteFrom('d').execute()",
      "conn.deleteFrom('e').execute()",
      "started.deleteFrom('f').execute()",
    ]);
  });

  it("recognises db/trx from the project's own module by a Kysely-only entry method", () => {
    expect(
      read(`
import { db, dbClient } from '@/lib/kysely';
class Job {
  async run(ctx) {
    await db.selectFrom('documents').selectAll().execute();
    await dbClient.selectFrom('homie.organization').selectAll().executeTakeFirst();
    await this.db.deleteFrom('documents').execute();
    await ctx.db.updateTable('documents').set({}).execute();
    await db.transaction().execute(async (trx) => trx.deleteFrom('documents').execute());
  }
}`),
    ).toEqual([
      "db.selectFrom('documents').selectAll().execute()",
      "dbClient.selectFrom('homie.organization').selectAll().executeTakeFirst()",
      "this.db.deleteFrom('documents').execute()",
      "ctx.db.updateTable('documents').set({}).execute()",
      "trx.deleteFrom('documents').execute()",
    ]);
  });
});

describe('kysely: filters', () => {
  it("reads .where(ref, op, value): '=' and 'in' with one value on a tenant column", () => {
    expect(
      constraintsOf(`
  await db.selectFrom('documents').selectAll().where('organization_id', 'in', [organizationId]).execute();
  await db.selectFrom('documents').selectAll().where('organization_id', 'in', ids).execute();
  await db.selectFrom('documents').selectAll().where('organization_id', '!=', organizationId).execute();
  await db.selectFrom('documents').selectAll().where('organizationId', '=', organizationId).execute();
  await db.selectFrom('documents').selectAll().where('organization_id', 'is', null).execute();`),
    ).toEqual([[org()], [], [], [org('organizationId')], []]);
  });

  it('reads the on() conditions of inner joins, not of outer joins', () => {
    expect(
      constraintsOf(`
  await db.selectFrom('tasks as t').innerJoin('projects as p', (join) => join.onRef('p.id', '=', 't.project_id').on('p.organization_id', '=', organizationId)).selectAll().execute();
  await db.selectFrom('tasks as t').innerJoin('projects as p', 'p.id', 't.project_id').selectAll().execute();
  await db.selectFrom('tasks as t').leftJoin('projects as p', (join) => join.onRef('p.id', '=', 't.project_id').on('p.organization_id', '=', organizationId)).selectAll().execute();`),
    ).toEqual([[org('p.organization_id')], [], []]);
  });

  it('ANDs repeated .where calls', () => {
    expect(
      constraintsOf(`
  await db.selectFrom('documents').selectAll().where('id', '=', id).where('organization_id', '=', organizationId).execute();`),
    ).toEqual([[org()]]);
  });

  it('reads the expression builder: eb(…), eb.and (any), eb.or (every), destructured helpers, block bodies', () => {
    expect(
      constraintsOf(`
  await db.selectFrom('d').selectAll().where((eb) => eb('organization_id', '=', organizationId)).execute();
  await db.selectFrom('d').selectAll().where((eb) => eb.and([eb('id', '=', id), eb('organization_id', '=', organizationId)])).execute();
  await db.selectFrom('d').selectAll().where((eb) => eb.or([eb('id', '=', id), eb('organization_id', '=', organizationId)])).execute();
  await db.selectFrom('d').selectAll().where((eb) => eb.or([eb('organization_id', '=', organizationId), eb('organization_id', '=', job.data.orgId)])).execute();
  await db.selectFrom('d').selectAll().where(({ eb, and, or }) => and([eb('organization_id', '=', organizationId), or([eb('a', '=', 1), eb('b', '=', 2)])])).execute();
  await db.selectFrom('d').selectAll().where((eb) => {
    return eb.and([eb('organization_id', '=', organizationId)]);
  }).execute();
  await db.selectFrom('d').selectAll().where((eb) => eb.not(eb('organization_id', '=', organizationId))).execute();`),
    ).toEqual([[org()], [org()], [], [org(), org('organization_id', 'job.data.orgId')], [org()], [org()], []]);
  });

  it('reads eb.and({ col: v }) whose keys drop undefined', () => {
    expect(
      constraintsOf(`
  await db.deleteFrom('d').where((eb) => eb.and({ organization_id: organizationId, id })).execute();
  await db.deleteFrom('d').where((eb) => eb.or({ id, slug: 'x' })).execute();`),
    ).toEqual([[org('organization_id', 'organizationId', { dropsUndefined: true })], []]);
  });

  it('marks filters it cannot read as opaque: sql, unknown builders, subqueries', () => {
    expect(
      inHandler(`
  await db.selectFrom('d').selectAll().where(sql\`organization_id = \${organizationId}\`).execute();
  await db.selectFrom('d').selectAll().where(job.data.filter).execute();
  await db.selectFrom('d').selectAll().where((eb) => tenantScope(eb, organizationId)).execute();
  await db.selectFrom('d').selectAll().where('project_id', 'in', (eb) => eb.selectFrom('projects').select('id').where('organization_id', '=', organizationId)).execute();
  await db.selectFrom('d').selectAll().where((eb) => eb.exists(eb.selectFrom('p').select('id'))).execute();
  await db.selectFrom('d').selectAll().where(sql\`x\`).where('organization_id', '=', organizationId).execute();`).map(({ constraints, opaque }) => ({ constraints, opaque })),
    ).toEqual([
      { constraints: [], opaque: true },
      { constraints: [], opaque: true },
      { constraints: [], opaque: true },
      { constraints: [], opaque: true },
      { constraints: [], opaque: true },
      { constraints: [org()], opaque: false },
    ]);
  });

  it('follows local consts for refs and filter callbacks; clearWhere resets', () => {
    expect(
      constraintsOf(`
  const column = 'organization_id';
  const scope = (eb) => eb(column, '=', organizationId);
  await db.selectFrom('d').selectAll().where(scope).execute();
  await db.selectFrom('d').selectAll().where(column, '=', organizationId).execute();
  await db.selectFrom('d').selectAll().where('organization_id', '=', organizationId).clearWhere().execute();`),
    ).toEqual([[org()], [org()], []]);
  });
});

describe('kysely: conditional constraints and builders', () => {
  it('marks .$if(cond, qb => qb.where(…)) and eb ternaries as conditional', () => {
    expect(
      constraintsOf(`
  await db.selectFrom('d').selectAll().$if(!!organizationId, (qb) => qb.where('organization_id', '=', organizationId)).execute();
  await db.selectFrom('d').selectAll().where((eb) => (organizationId ? eb('organization_id', '=', organizationId) : eb('id', '=', id))).execute();`),
    ).toEqual([[org('organization_id', 'organizationId', { conditional: true })], [org('organization_id', 'organizationId', { conditional: true })]]);
  });

  it('reads eb.and over an array filled with push, conditional under an if', () => {
    expect(
      constraintsOf(`
  await db.selectFrom('d').selectAll().where((eb) => {
    const filters = [eb('id', '=', id)];
    filters.push(eb('organization_id', '=', organizationId));
    return eb.and(filters);
  }).execute();
  await db.selectFrom('d').selectAll().where((eb) => {
    const filters = [];
    if (organizationId) filters.push(eb('organization_id', '=', organizationId));
    return eb.and(filters);
  }).execute();`),
    ).toEqual([[org()], [org('organization_id', 'organizationId', { conditional: true })]]);
  });

  it('reads a let builder where it runs, with .where added under if as conditional', () => {
    expect(
      inHandler(`
  let query = db.selectFrom('documents').selectAll();
  if (organizationId) query = query.where('organization_id', '=', organizationId);
  query = query.where('id', '=', id);
  const rows = await query.execute();
  const base = db.deleteFrom('documents').where('organization_id', '=', organizationId);
  await base.where('id', '=', id).execute();`).map(({ operation, constraints, text }) => ({ operation, constraints, text })),
    ).toEqual([
      { operation: 'selectFrom', constraints: [org('organization_id', 'organizationId', { conditional: true })], text: 'query.execute()' },
      { operation: 'deleteFrom', constraints: [org()], text: "base.where('id', '=', id).execute()" },
    ]);
  });
});

describe('kysely: TypeScript wrappers and plain JS', () => {
  it('looks through as, !, satisfies and optional chains', () => {
    expect(
      constraintsOf(`
  await db?.selectFrom('d').selectAll().where('organization_id', '=', organizationId).execute();
  await (db as Kysely<DB>).selectFrom('d').selectAll().where('organization_id' as any, '=', organizationId!).execute();
  await db.selectFrom('d').selectAll().where((eb) => eb('organization_id', '=', organizationId) satisfies Expression<SqlBool>)?.execute();`),
    ).toEqual([[org()], [org('organization_id', 'organizationId!')], [org()]]);
  });

  it('reads plain JavaScript', () => {
    expect(
      queries(
        `const { Kysely } = require('kysely');
const db = new Kysely({ dialect });
module.exports = async (job) => {
  await db.deleteFrom('sessions').where('organization_id', '=', job.data.organizationId).execute();
};`,
        {},
        kysely,
      ),
    ).toEqual([
      {
        layer: 'kysely',
        model: 'sessions',
        operation: 'deleteFrom',
        kind: 'delete',
        constraints: [org('organization_id', 'job.data.organizationId')],
        opaque: false,
        text: "db.deleteFrom('sessions').where('organization_id', '=', job.data.organizationId).execute()",
      },
    ]);
  });

  it('follows the tenantKeys setting', () => {
    expect(
      inHandler(`  await db.selectFrom('d').selectAll().where('company_id', '=', id).where('organization_id', '=', organizationId).execute();`, HEADER, {
        tenantKeys: ['companyId'],
      })[0]?.constraints,
    ).toEqual([org('company_id', 'id')]);
  });
});

describe('kysely: look-alikes', () => {
  it('finds no query in calls that only look like one', () => {
    expect(
      inHandler(`${LOOK_ALIKE_CALLS}
  const url = queryBuilder.where('organization_id', '=', organizationId).execute();
  await knex('documents').where('organization_id', organizationId).del();
  await runner.execute(async (trx) => trx.query('x'));
  await db.execute();
  await db.executeQuery(compiled);
  await db.constructor('documents').execute();
  await db.toString('documents').execute();`),
    ).toEqual([]);
  });

  it('never throws on odd code', () => {
    const odd = `${HEADER}
export async function handler(job) {
  await db.selectFrom().execute();
  await db.selectFrom(...tables).execute();
  await db.selectFrom('').execute();
  await db.selectFrom('d').where().execute();
  await db.selectFrom('d').where(...args).execute();
  await db.selectFrom('d').where('a', '=').execute();
  await db.selectFrom('d').where(1, 2, 3).execute();
  await db.selectFrom('d').where((eb) => eb()).execute();
  await db.selectFrom('d').where((eb) => eb.and()).execute();
  await db.selectFrom('d').where((eb) => eb.and([...conds])).execute();
  await db.selectFrom('d').where((eb) => eb.or({ ...obj })).execute();
  await db.selectFrom('d').where(() => {}).execute();
  await db.selectFrom('d').$if().execute();
  await db.selectFrom('d').$if(true, (qb) => { if (x) return qb; }).execute();
  await db.insertInto('d').values().execute();
  await db.insertInto('d').values(...rows).execute();
  await db.mergeInto('d').using('s', 's.id', 'd.id').execute();
  await db[job.data.method]('d').execute();
  await db.transaction().execute();
  await db.transaction().execute(async () => {});
  let q = db.selectFrom('d');
  q = other;
  q ??= db.selectFrom('e');
  await q.execute();
}`;
    expect(() => queries(odd, {}, kysely)).not.toThrow();
  });
});
