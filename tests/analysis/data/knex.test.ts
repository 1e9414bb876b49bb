import { describe, expect, it } from 'vitest';
import { knex } from '../../../src/analysis/data/knex';
import { constraint as c, fixesOf, lookAlikeModule, queriesOf, queryOf } from './shared';

const run = queriesOf(knex);
const q = queryOf('knex');

const HEADER = `
import knexFactory, { Knex } from 'knex';
const db = knexFactory({ client: 'pg' });
`;

describe('Knex call shapes', () => {
  it('reads table starts, terminals and kinds', () => {
    const code = `${HEADER}
export async function run(orgId: string, id: string) {
  await db('documents').where('organization_id', orgId);
  await db('documents').where('organization_id', orgId).first();
  await db('documents').where('organization_id', orgId).select('id', 'title');
  await db('documents as d').where('d.organization_id', orgId).update({ title: 'x' });
  await db('documents').where('organization_id', orgId).del();
  await db('documents').where('organization_id', orgId).delete();
  await db('documents').where('organization_id', orgId).increment('views', 1);
  await db('documents').insert({ organization_id: orgId });
  await db.table('documents').where('organization_id', orgId).count('id');
  await db.from('documents').where('organization_id', orgId).pluck('id');
  await db.select('*').from('documents').where('organization_id', orgId);
  await db.insert({ organization_id: orgId }).into('documents');
  await db('documents').truncate();
  await db('documents').where('id', id).first();
}`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "db('documents').where('organization_id', orgId)" }),
      q({ model: 'documents', operation: 'first', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "db('documents').where('organization_id', orgId).first()" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "db('documents').where('organization_id', orgId).select('id', 'title')" }),
      q({ model: 'documents', operation: 'update', kind: 'update', constraints: [c('d.organization_id', 'orgId')], text: "db('documents as d').where('d.organization_id', orgId).update({ title: 'x' })" }),
      q({ model: 'documents', operation: 'del', kind: 'delete', constraints: [c('organization_id', 'orgId')], text: "db('documents').where('organization_id', orgId).del()" }),
      q({ model: 'documents', operation: 'delete', kind: 'delete', constraints: [c('organization_id', 'orgId')], text: "db('documents').where('organization_id', orgId).delete()" }),
      q({ model: 'documents', operation: 'increment', kind: 'update', constraints: [c('organization_id', 'orgId')], text: "db('documents').where('organization_id', orgId).increment('views', 1)" }),
      q({ model: 'documents', operation: 'insert', kind: 'insert', text: "db('documents').insert({ organization_id: orgId })" }),
      q({ model: 'documents', operation: 'count', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "db.table('documents').where('organization_id', orgId).count('id')" }),
      q({ model: 'documents', operation: 'pluck', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "db.from('documents').where('organization_id', orgId).pluck('id')" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "db.select('*').from('documents').where('organization_id', orgId)" }),
      q({ model: 'documents', operation: 'insert', kind: 'insert', text: "db.insert({ organization_id: orgId }).into('documents')" }),
      q({ model: 'documents', operation: 'truncate', kind: 'delete', text: "db('documents').truncate()" }),
      q({ model: 'documents', operation: 'first', kind: 'read', byId: true, text: "db('documents').where('id', id).first()" }),
    ]);
  });

  it('finds the client: a knex(config) instance, a transaction, a Knex-typed binding, a NestJS injection, or by name', () => {
    const code = `
import Knex, { Knex as KnexTypes } from 'knex';
import { InjectKnex } from 'nestjs-knex';
import { db } from './db';
const knex = Knex({ client: 'pg' });
class Repo {
  constructor(@InjectKnex() private readonly connection: KnexTypes) {}
  load(orgId: string) {
    return this.connection('documents').where({ org_id: orgId });
  }
}
export async function run(orgId: string, client: KnexTypes, tx: KnexTypes.Transaction) {
  await knex.transaction(async (t) => {
    await t('documents').where({ org_id: orgId }).del();
  });
  const trx = await knex.transaction();
  await trx('documents').where({ org_id: orgId });
  await client('documents').where({ org_id: orgId });
  await tx('documents').where({ org_id: orgId });
  await db('documents').where({ org_id: orgId });
}`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('org_id', 'orgId')], text: "this.connection('documents').where({ org_id: orgId })" }),
      q({ model: 'documents', operation: 'del', kind: 'delete', constraints: [c('org_id', 'orgId')], text: "t('documents').where({ org_id: orgId }).del()" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('org_id', 'orgId')], text: "trx('documents').where({ org_id: orgId })" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('org_id', 'orgId')], text: "client('documents').where({ org_id: orgId })" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('org_id', 'orgId')], text: "tx('documents').where({ org_id: orgId })" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('org_id', 'orgId')], text: "db('documents').where({ org_id: orgId })" }),
    ]);
  });

  it('reads raw statements', () => {
    const code = `${HEADER}
export async function run(orgId: string) {
  await db.raw('DELETE FROM documents WHERE organization_id = ?', [orgId]);
  await db.raw('SELECT * FROM documents WHERE organization_id = :orgId', { orgId });
  await db.raw('SELECT * FROM documents');
}`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'raw', kind: 'delete', constraints: [c('organization_id', 'orgId')], text: "db.raw('DELETE FROM documents WHERE organization_id = ?', [orgId])" }),
      q({ model: 'documents', operation: 'raw', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "db.raw('SELECT * FROM documents WHERE organization_id = :orgId', { orgId })" }),
      q({ model: 'documents', operation: 'raw', kind: 'read', opaque: true, text: "db.raw('SELECT * FROM documents')" }),
    ]);
  });
});

describe('Knex tenant constraints', () => {
  it('reads every where form', () => {
    const code = `${HEADER}
export async function run(orgId: string, orgIds: string[], filters: object) {
  await db('documents').where('organization_id', '=', orgId);
  await db('documents').where('organization_id', '<>', orgId);
  await db('documents').where('organization_id', 'in', [orgId]);
  await db('documents').where({ organization_id: orgId, status: 'open' });
  await db('documents').where('status', 'open').andWhere('organizationId', orgId);
  await db('documents').whereIn('organization_id', [orgId]);
  await db('documents').whereIn('organization_id', [orgId, 'other']);
  await db('documents').whereIn('organization_id', orgIds);
  await db('documents').whereIn('organization_id', db('memberships').select('organization_id'));
  await db('documents').whereRaw('organization_id = ?', [orgId]);
  await db('documents').whereRaw('organization_id = ? OR is_public', [orgId]);
  await db('documents').where(db.raw('organization_id = ?', [orgId]));
  await db('documents').whereNot('organization_id', orgId);
  await db('documents').whereNull('organization_id');
  await db('documents').where('organization_id', null);
  await db('documents').where(filters);
  await db('documents').where({ organization_id: orgId, ...filters });
  await db('documents').modify(scopeTo, orgId);
  await db('documents').where('organization_id', orgId).clearWhere().where('status', 'x');
}`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "db('documents').where('organization_id', '=', orgId)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "db('documents').where('organization_id', '<>', orgId)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "db('documents').where('organization_id', 'in', [orgId])" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "db('documents').where({ organization_id: orgId, status: 'open' })" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organizationId', 'orgId')], text: "db('documents').where('status', 'open').andWhere('organizationId', orgId)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "db('documents').whereIn('organization_id', [orgId])" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "db('documents').whereIn('organization_id', [orgId, 'other'])" }),
      q({ model: 'documents', operation: 'select', kind: 'read', opaque: true, text: "db('documents').whereIn('organization_id', orgIds)" }),
      // The subquery is a query of its own (it reads every tenant's memberships).
      q({ model: 'documents', operation: 'select', kind: 'read', text: "db('documents').whereIn('organization_id', db('memberships').select('organization_id'))" }),
      q({ model: 'memberships', operation: 'select', kind: 'read', text: "db('memberships').select('organization_id')" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "db('documents').whereRaw('organization_id = ?', [orgId])" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "db('documents').whereRaw('organization_id = ? OR is_public', [orgId])" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "db('documents').where(db.raw('organization_id = ?', [orgId]))" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "db('documents').whereNot('organization_id', orgId)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "db('documents').whereNull('organization_id')" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "db('documents').where('organization_id', null)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', opaque: true, text: "db('documents').where(filters)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], opaque: true, text: "db('documents').where({ organization_id: orgId, ...filters })" }),
      q({ model: 'documents', operation: 'select', kind: 'read', opaque: true, text: "db('documents').modify(scopeTo, orgId)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "db('documents').where('organization_id', orgId).clearWhere().where('status', 'x')" }),
    ]);
  });

  it('reads orWhere as widening, and callback groups when simple', () => {
    const code = `${HEADER}
export async function run(orgId: string) {
  await db('documents').where({ organization_id: orgId }).orWhere({ is_public: true });
  await db('documents').where('organization_id', orgId).orWhere('team_id', orgId);
  await db('documents').where('organization_id', orgId).orWhere('status', 'x').andWhere('organization_id', orgId);
  await db('documents').where('organization_id', orgId).where((qb) => { qb.where('a', 1).orWhere('b', 2); });
  await db('documents').where((qb) => qb.where('organization_id', orgId).orWhere('team_id', orgId));
  await db('documents').where(function () { this.where('organization_id', orgId).orWhere('is_public', true); });
  await db('documents').where((qb) => { if (orgId) qb.where('organization_id', orgId); });
  await db('documents').orWhere('organization_id', orgId);
}`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'select', kind: 'read', text: "db('documents').where({ organization_id: orgId }).orWhere({ is_public: true })" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId'), c('team_id', 'orgId')], text: "db('documents').where('organization_id', orgId).orWhere('team_id', orgId)" }),
      // `a OR b AND c` is `a OR (b AND c)`: both groups pin the tenant.
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId'), c('organization_id', 'orgId')], text: "db('documents').where('organization_id', orgId).orWhere('status', 'x').andWhere('organization_id', orgId)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "db('documents').where('organization_id', orgId).where((qb) => { qb.where('a', 1).orWhere('b', 2); })" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId'), c('team_id', 'orgId')], text: "db('documents').where((qb) => qb.where('organization_id', orgId).orWhere('team_id', orgId))" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "db('documents').where(function () { this.where('organization_id', orgId).orWhere('is_public', true); })" }),
      q({ model: 'documents', operation: 'select', kind: 'read', opaque: true, text: "db('documents').where((qb) => { if (orgId) qb.where('organization_id', orgId); })" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "db('documents').orWhere('organization_id', orgId)" }),
    ]);
  });

  it('follows a builder kept in a variable, with conditions added under a test', () => {
    const code = `${HEADER}
export async function run(orgId: string | undefined, status: string) {
  const query = db('documents').where('status', status);
  if (orgId) query.where('organization_id', orgId);
  const rows = await query;

  let scoped = db('documents').select('id');
  scoped = scoped.where('organization_id', orgId);
  await scoped;

  let maybe = db('documents');
  if (orgId) maybe = maybe.where('organization_id', orgId);
  await maybe;

  const base = db('documents').where('organization_id', orgId);
  const first = await base.first();
  const conditional = orgId ? db('documents').where({ organization_id: orgId }) : db('documents');
}`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId', { conditional: true })], text: "db('documents').where('status', status)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "scoped.where('organization_id', orgId)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId', { conditional: true })], text: "maybe.where('organization_id', orgId)" }),
      q({ model: 'documents', operation: 'first', kind: 'read', constraints: [c('organization_id', 'orgId')], text: 'base.first()' }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "db('documents').where({ organization_id: orgId })" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "db('documents')" }),
    ]);
  });

  it('uses the tenantKeys setting', () => {
    const code = `${HEADER}
export const run = (companyId: string) => db('documents').where('company_id', companyId).where('org_id', companyId);`;
    expect(run(code, { tenantKeys: ['companyId'] })).toEqual([
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('company_id', 'companyId')], text: "db('documents').where('company_id', companyId).where('org_id', companyId)" }),
    ]);
  });
});

describe('Knex syntax variants', () => {
  it('looks through TS wrappers and optional chains', () => {
    const code = `${HEADER}
export async function run(orgId: string | undefined, client?: Knex) {
  await (db as Knex)('documents').where('organization_id', orgId!);
  await db('documents').where({ organization_id: orgId as string } satisfies Record<string, string>);
  await client?.('documents').where('organization_id', orgId);
  await db('documents')!.where('organization_id', orgId).first()!;
}`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId!')], text: "(db as Knex)('documents').where('organization_id', orgId!)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId as string')], text: "db('documents').where({ organization_id: orgId as string } satisfies Record<string, string>)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "client?.('documents').where('organization_id', orgId)" }),
      q({ model: 'documents', operation: 'first', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "db('documents')!.where('organization_id', orgId).first()" }),
    ]);
  });

  it('reads plain JavaScript with require', () => {
    const code = `
const knex = require('knex')({ client: 'pg' });
module.exports = async (job) => {
  await knex('documents').where('organization_id', job.data.organizationId).del();
};`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'del', kind: 'delete', constraints: [c('organization_id', 'job.data.organizationId')], text: "knex('documents').where('organization_id', job.data.organizationId).del()" }),
    ]);
  });

  it('leaves look-alikes alone', () => {
    const code = lookAlikeModule({
      imports: `
import knexFactory from 'knex';
import { drizzle } from 'drizzle-orm/node-postgres';
`,
      locals: `
const orm = drizzle('');
`,
      params: 'supabase, db',
      calls: `
  knexFactory({ client: 'pg' });
  items.filter((item) => item.orgId === orgId).first();
  await fetch('/documents').then((r) => r.json());
  await supabase.from('documents').select('*').eq('org_id', orgId);
  await db.from('documents').select('*').eq('org_id', orgId);
  await orm.select().from(documents).where(eq(documents.orgId, orgId));
  await db.transaction(async (trx) => trx.insert(documents).values({}));
  await db.schema.createTable('x', () => undefined);
`,
    });
    expect(run(code)).toEqual([]);
  });

  it('leaves Drizzle and Kysely clients named db or trx alone', () => {
    const code = `
import { db } from './db';
import { documents } from './schema';
export async function run(orgId: string) {
  await db.select().from(documents).where(eq(documents.orgId, orgId));
  await db.transaction(async (tx) => {
    await tx.select().from(documents).where(eq(documents.orgId, orgId));
    await tx.delete(documents).where(eq(documents.orgId, orgId));
  });
  await db.selectFrom('documents').where('org_id', '=', orgId).execute();
  await db.transaction().execute(async (trx) => trx.deleteFrom('documents').where('org_id', '=', orgId).execute());
}`;
    expect(run(code)).toEqual([]);
  });

  it('points suggestions at a where object', () => {
    const code = `${HEADER}
export const run = (orgId: string) => db('documents').where({ status: 'open' }).del();`;
    const fixes = fixesOf(code, knex, (fix, sourceCode) => fix?.filterObject && sourceCode.getText(fix.filterObject));
    expect(fixes).toEqual(["{ status: 'open' }"]);
  });

  it('never throws on odd code', () => {
    const code = `${HEADER}
export async function run(...args: any[]) {
  await db();
  await db(...args).where(...args);
  await db('documents').where();
  await db('documents').where(undefined, undefined, undefined);
  await db('documents').whereIn();
  await db('documents').whereRaw();
  await db('documents').where(args[0], args[1], args[2]);
  await db[args[0]]('x');
  await db.raw();
  await db.raw(\`\${args[0]}\`);
  await db('documents').where((qb) => qb.where((inner) => inner.where((deeper) => deeper.where('a', 1))));
  let q = db('documents');
  q = other();
  await q.where('organization_id', args[0]);
  for (const a of args) q.where('x', a);
  await q;
}`;
    expect(() => run(code)).not.toThrow();
  });
});
