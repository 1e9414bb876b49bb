import { describe, expect, it } from 'vitest';
import { mikroOrm } from '../../../src/analysis/data/mikro-orm';
import { constraint as c, fixesOf, lookAlikeModule, queriesOf, queryOf } from './shared';

const run = queriesOf(mikroOrm);
const q = queryOf('mikro-orm');

const HEADER = `
import { EntityManager, EntityRepository, MikroORM } from '@mikro-orm/postgresql';
import { Document } from './document.entity';
const orm = await MikroORM.init({});
`;

describe('MikroORM EntityManager', () => {
  it('reads every method with the entity first and the where second', () => {
    const code = `${HEADER}
export async function run(orgId: string, id: string) {
  const em = orm.em.fork();
  await em.find(Document, { organization: orgId });
  await em.find(Document, { organizationId: orgId }, { limit: 10 });
  await em.findOne(Document, { id, organization: orgId });
  await em.findOne(Document, id);
  await em.findOneOrFail(Document, { organization: { id: orgId } });
  await em.findAndCount(Document, { organizationId: orgId });
  await em.count(Document, { organizationId: orgId });
  await em.count(Document);
  await em.nativeUpdate(Document, { organizationId: orgId }, { archived: true });
  await em.nativeDelete(Document, {});
  await em.findAll(Document, { where: { organizationId: orgId } });
  await em.findAll(Document);
  await em.findAll(Document, { limit: 5 });
  await em.find(Document, [id, 'other']);
  await em.insert(Document, { organizationId: orgId });
  await em.find(Document, { organizationId: orgId }, { filters: false });
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organization', 'orgId')], text: 'em.find(Document, { organization: orgId })' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organizationId', 'orgId')], text: 'em.find(Document, { organizationId: orgId }, { limit: 10 })' }),
      q({ model: 'Document', operation: 'findOne', kind: 'read', constraints: [c('organization', 'orgId')], byId: true, text: 'em.findOne(Document, { id, organization: orgId })' }),
      q({ model: 'Document', operation: 'findOne', kind: 'read', byId: true, text: 'em.findOne(Document, id)' }),
      q({ model: 'Document', operation: 'findOneOrFail', kind: 'read', constraints: [c('organization.id', 'orgId')], text: 'em.findOneOrFail(Document, { organization: { id: orgId } })' }),
      q({ model: 'Document', operation: 'findAndCount', kind: 'read', constraints: [c('organizationId', 'orgId')], text: 'em.findAndCount(Document, { organizationId: orgId })' }),
      q({ model: 'Document', operation: 'count', kind: 'read', constraints: [c('organizationId', 'orgId')], text: 'em.count(Document, { organizationId: orgId })' }),
      q({ model: 'Document', operation: 'count', kind: 'read', text: 'em.count(Document)' }),
      q({ model: 'Document', operation: 'nativeUpdate', kind: 'update', constraints: [c('organizationId', 'orgId')], text: 'em.nativeUpdate(Document, { organizationId: orgId }, { archived: true })' }),
      q({ model: 'Document', operation: 'nativeDelete', kind: 'delete', text: 'em.nativeDelete(Document, {})' }),
      q({ model: 'Document', operation: 'findAll', kind: 'read', constraints: [c('organizationId', 'orgId')], text: 'em.findAll(Document, { where: { organizationId: orgId } })' }),
      q({ model: 'Document', operation: 'findAll', kind: 'read', text: 'em.findAll(Document)' }),
      q({ model: 'Document', operation: 'findAll', kind: 'read', text: 'em.findAll(Document, { limit: 5 })' }),
      q({ model: 'Document', operation: 'find', kind: 'read', byId: true, text: "em.find(Document, [id, 'other'])" }),
      q({ model: 'Document', operation: 'insert', kind: 'insert', text: 'em.insert(Document, { organizationId: orgId })' }),
      // Filters off: the query has only what its own where shows.
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organizationId', 'orgId')], text: 'em.find(Document, { organizationId: orgId }, { filters: false })' }),
    ]);
  });

  it('finds the EntityManager: orm.em, fork(), transactional(), a typed binding, RequestContext', () => {
    const code = `
import { EntityManager, MikroORM, RequestContext } from '@mikro-orm/core';
const orm = await MikroORM.init({});
class Service {
  constructor(private readonly em: EntityManager) {}
  async run(orgId: string) {
    await this.em.find(Document, { orgId });
    await orm.em.find(Document, { orgId });
    await orm.em.fork().find(Document, { orgId });
    await orm.em.transactional(async (tem) => {
      await tem.nativeDelete(Document, { orgId });
    });
    await RequestContext.getEntityManager().find(Document, { orgId });
  }
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('orgId', 'orgId')], text: 'this.em.find(Document, { orgId })' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('orgId', 'orgId')], text: 'orm.em.find(Document, { orgId })' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('orgId', 'orgId')], text: 'orm.em.fork().find(Document, { orgId })' }),
      q({ model: 'Document', operation: 'nativeDelete', kind: 'delete', constraints: [c('orgId', 'orgId')], text: 'tem.nativeDelete(Document, { orgId })' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('orgId', 'orgId')], text: 'RequestContext.getEntityManager().find(Document, { orgId })' }),
    ]);
  });

  it('reads raw SQL through the connection', () => {
    const code = `${HEADER}
export async function run(orgId: string) {
  await orm.em.getConnection().execute('DELETE FROM document WHERE organization_id = ?', [orgId]);
  await orm.em.execute('SELECT * FROM document');
}`;
    expect(run(code)).toEqual([
      q({ model: 'document', operation: 'execute', kind: 'delete', constraints: [c('organization_id', 'orgId')], text: "orm.em.getConnection().execute('DELETE FROM document WHERE organization_id = ?', [orgId])" }),
      q({ model: 'document', operation: 'execute', kind: 'read', opaque: true, text: "orm.em.execute('SELECT * FROM document')" }),
    ]);
  });
});

describe('MikroORM repositories', () => {
  it('reads repositories from getRepository, @InjectRepository, EntityRepository types and custom classes', () => {
    const code = `
import { EntityRepository, MikroORM } from '@mikro-orm/core';
import { InjectRepository } from '@mikro-orm/nestjs';
const orm = await MikroORM.init({});
class DocumentRepository extends EntityRepository<Document> {
  forOrg(orgId: string) {
    return this.find({ orgId });
  }
}
class Service {
  constructor(
    @InjectRepository(Invoice) private readonly invoices: EntityRepository<Invoice>,
    private readonly reports: EntityRepository<Report>,
  ) {}
  async run(orgId: string, id: string) {
    await this.invoices.find({ orgId });
    await this.invoices.findOne(id);
    await this.invoices.nativeUpdate({ orgId }, { a: 1 });
    await this.invoices.nativeDelete({ status: 'x' });
    await this.invoices.findAll({ where: { orgId } });
    await this.reports.count({ orgId });
    await orm.em.getRepository(Task).find({ orgId });
    const tasks = orm.em.getRepository(Task);
    await tasks.findOneOrFail({ id, orgId });
  }
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('orgId', 'orgId')], text: 'this.find({ orgId })' }),
      q({ model: 'Invoice', operation: 'find', kind: 'read', constraints: [c('orgId', 'orgId')], text: 'this.invoices.find({ orgId })' }),
      q({ model: 'Invoice', operation: 'findOne', kind: 'read', byId: true, text: 'this.invoices.findOne(id)' }),
      q({ model: 'Invoice', operation: 'nativeUpdate', kind: 'update', constraints: [c('orgId', 'orgId')], text: 'this.invoices.nativeUpdate({ orgId }, { a: 1 })' }),
      q({ model: 'Invoice', operation: 'nativeDelete', kind: 'delete', text: "this.invoices.nativeDelete({ status: 'x' })" }),
      q({ model: 'Invoice', operation: 'findAll', kind: 'read', constraints: [c('orgId', 'orgId')], text: 'this.invoices.findAll({ where: { orgId } })' }),
      q({ model: 'Report', operation: 'count', kind: 'read', constraints: [c('orgId', 'orgId')], text: 'this.reports.count({ orgId })' }),
      q({ model: 'Task', operation: 'find', kind: 'read', constraints: [c('orgId', 'orgId')], text: 'orm.em.getRepository(Task).find({ orgId })' }),
      q({ model: 'Task', operation: 'findOneOrFail', kind: 'read', constraints: [c('orgId', 'orgId')], byId: true, text: 'tasks.findOneOrFail({ id, orgId })' }),
    ]);
  });
});

describe('MikroORM tenant constraints', () => {
  it('reads every scoping form', () => {
    const code = `${HEADER}
export async function run(orgId: string, orgIds: string[], where: object) {
  const em = orm.em.fork();
  await em.find(Document, { tenant: orgId });
  await em.find(Document, { project: { organization: orgId } });
  await em.find(Document, { organization: { $eq: orgId } });
  await em.find(Document, { organization: { $in: [orgId] } });
  await em.find(Document, { organization: { $in: orgIds } });
  await em.find(Document, { organization: { $ne: orgId } });
  await em.find(Document, { $and: [{ organization: orgId }, { status: 'open' }] });
  await em.find(Document, { $or: [{ organization: orgId }, { team: orgId }] });
  await em.find(Document, { $or: [{ organization: orgId }, { public: true }] });
  await em.find(Document, { $not: { organization: orgId } });
  await em.find(Document, { organization: null });
  await em.find(Document, where);
  await em.find(Document, orgId ? { organization: orgId } : {});
  await em.find(Document, { owner: orgId });
}`;
    const find = (where: string, constraints: ReturnType<typeof c>[] = [], extra: { opaque?: boolean } = {}) =>
      q({ model: 'Document', operation: 'find', kind: 'read', constraints, ...extra, text: `em.find(Document, ${where})` });
    expect(run(code)).toEqual([
      find('{ tenant: orgId }', [c('tenant', 'orgId')]),
      find('{ project: { organization: orgId } }', [c('project.organization', 'orgId')]),
      find('{ organization: { $eq: orgId } }', [c('organization', 'orgId')]),
      find('{ organization: { $in: [orgId] } }', [c('organization', 'orgId')]),
      find('{ organization: { $in: orgIds } }', [], { opaque: true }),
      find('{ organization: { $ne: orgId } }'),
      find("{ $and: [{ organization: orgId }, { status: 'open' }] }", [c('organization', 'orgId')]),
      find('{ $or: [{ organization: orgId }, { team: orgId }] }', [c('organization', 'orgId'), c('team', 'orgId')]),
      find('{ $or: [{ organization: orgId }, { public: true }] }'),
      find('{ $not: { organization: orgId } }'),
      find('{ organization: null }'),
      find('where', [], { opaque: true }),
      find('orgId ? { organization: orgId } : {}', [c('organization', 'orgId', { conditional: true })]),
      find('{ owner: orgId }'),
    ]);
  });
});

describe('MikroORM query builders', () => {
  it('reads where (replaces), andWhere, orWhere (ORs the whole condition so far) and SQL fragments', () => {
    const code = `${HEADER}
export async function run(orgId: string, status: string) {
  const em = orm.em.fork();
  await em.createQueryBuilder(Document).where({ organizationId: orgId }).getResult();
  await em.qb(Document, 'd').select('*').where({ status }).andWhere({ organizationId: orgId }).getResultList();
  await em.qb(Document).where({ organizationId: orgId }).orWhere({ isPublic: true }).getResult();
  await em.qb(Document).where({ organizationId: orgId }).orWhere({ isPublic: true }).andWhere({ organizationId: orgId }).execute();
  await em.qb(Document).where({ organizationId: orgId }).where({ status }).getResult();
  await em.qb(Document).update({ archived: true }).where('organization_id = ?', [orgId]).execute();
  await em.qb(Document).delete().where({ organizationId: orgId });
  await em.qb(Document).count().where({ status });
  await em.getRepository(Document).createQueryBuilder('d').where({ organizationId: orgId }).getSingleResult();
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'select', kind: 'read', constraints: [c('organizationId', 'orgId')], text: 'em.createQueryBuilder(Document).where({ organizationId: orgId }).getResult()' }),
      q({ model: 'Document', operation: 'select', kind: 'read', constraints: [c('organizationId', 'orgId')], text: "em.qb(Document, 'd').select('*').where({ status }).andWhere({ organizationId: orgId }).getResultList()" }),
      q({ model: 'Document', operation: 'select', kind: 'read', text: 'em.qb(Document).where({ organizationId: orgId }).orWhere({ isPublic: true }).getResult()' }),
      q({ model: 'Document', operation: 'select', kind: 'read', constraints: [c('organizationId', 'orgId')], text: 'em.qb(Document).where({ organizationId: orgId }).orWhere({ isPublic: true }).andWhere({ organizationId: orgId }).execute()' }),
      q({ model: 'Document', operation: 'select', kind: 'read', text: 'em.qb(Document).where({ organizationId: orgId }).where({ status }).getResult()' }),
      q({ model: 'Document', operation: 'update', kind: 'update', constraints: [c('organization_id', 'orgId')], text: "em.qb(Document).update({ archived: true }).where('organization_id = ?', [orgId]).execute()" }),
      q({ model: 'Document', operation: 'delete', kind: 'delete', constraints: [c('organizationId', 'orgId')], text: 'em.qb(Document).delete().where({ organizationId: orgId })' }),
      q({ model: 'Document', operation: 'count', kind: 'read', text: 'em.qb(Document).count().where({ status })' }),
      q({ model: 'Document', operation: 'select', kind: 'read', constraints: [c('organizationId', 'orgId')], text: "em.getRepository(Document).createQueryBuilder('d').where({ organizationId: orgId }).getSingleResult()" }),
    ]);
  });

  it('follows a builder kept in a variable', () => {
    const code = `${HEADER}
export async function run(orgId?: string) {
  const qb = orm.em.createQueryBuilder(Document).where({ status: 'open' });
  if (orgId) qb.andWhere({ organizationId: orgId });
  const rows = await qb.getResult();
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'select', kind: 'read', constraints: [c('organizationId', 'orgId', { conditional: true })], text: 'qb.getResult()' }),
    ]);
  });
});

describe('MikroORM syntax variants', () => {
  it('looks through TS wrappers and optional chains', () => {
    const code = `${HEADER}
export async function run(orgId: string | undefined, em?: EntityManager) {
  await (orm.em as EntityManager).find(Document, { organization: orgId! });
  await orm.em!.find(Document, { organization: orgId as string });
  await em?.find(Document, { organization: orgId });
  await orm.em.find(Document, { organization: orgId } satisfies object);
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organization', 'orgId!')], text: '(orm.em as EntityManager).find(Document, { organization: orgId! })' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organization', 'orgId as string')], text: 'orm.em!.find(Document, { organization: orgId as string })' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organization', 'orgId')], text: 'em?.find(Document, { organization: orgId })' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organization', 'orgId')], text: 'orm.em.find(Document, { organization: orgId } satisfies object)' }),
    ]);
  });

  it('reads plain JavaScript with require, and an em known by name only', () => {
    const code = `
const { MikroORM } = require('@mikro-orm/core');
module.exports = async (job, em) => {
  const orm = await MikroORM.init({});
  await orm.em.find('Document', { organizationId: job.data.organizationId });
  await em.nativeDelete(Document, { organizationId: job.data.organizationId });
  await em.find(items, { organizationId: job.data.organizationId });
};`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organizationId', 'job.data.organizationId')], text: "orm.em.find('Document', { organizationId: job.data.organizationId })" }),
      q({ model: 'Document', operation: 'nativeDelete', kind: 'delete', constraints: [c('organizationId', 'job.data.organizationId')], text: 'em.nativeDelete(Document, { organizationId: job.data.organizationId })' }),
    ]);
  });

  it('uses the tenantKeys and tenantModels settings', () => {
    const code = `${HEADER}
export const run = (companyId: string) => orm.em.find(Document, { companyId, company: companyId, orgId: companyId });`;
    expect(run(code, { tenantKeys: ['companyId'], tenantModels: ['company'] })).toEqual([
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('companyId', 'companyId'), c('company', 'companyId')], text: 'orm.em.find(Document, { companyId, company: companyId, orgId: companyId })' }),
    ]);
  });

  it('leaves look-alikes alone, and TypeORM managers named em', () => {
    const code = lookAlikeModule({
      imports: `
import { EntityManager } from 'typeorm';
`,
      params: 'repo, em: EntityManager',
      calls: `
  await repo.find({ orgId });
  await em.find(Document, { where: { orgId } });
`,
    });
    expect(run(code)).toEqual([]);
  });

  it('points suggestions at the where object, or at findAll options without one', () => {
    const code = `${HEADER}
export async function run() {
  await orm.em.nativeDelete(Document, { status: 'old' });
  await orm.em.findAll(Document, { limit: 10 });
}`;
    const fixes = fixesOf(code, mikroOrm, (fix, sourceCode) => fix && sourceCode.getText(fix.filterObject ?? fix.optionsObject));
    expect(fixes).toEqual(["{ status: 'old' }", '{ limit: 10 }']);
  });

  it('never throws on odd code', () => {
    const code = `${HEADER}
export async function run(...args: any[]) {
  const em = orm.em.fork();
  await em.find();
  await em.find(...args);
  await em.find(Document, ...args);
  await em.findAll(Document, ...args);
  await em.findAll(Document, args[0]);
  await em.qb().where().getResult();
  await em.qb(Document).where(...args).orWhere().andWhere();
  await em.getConnection().execute();
  await em[args[0]](Document, {});
  await em.find(Document, { $or: args, $and: {} });
  let qb = em.qb(Document);
  qb = other();
  await qb.getResult();
}`;
    expect(() => run(code)).not.toThrow();
  });
});
