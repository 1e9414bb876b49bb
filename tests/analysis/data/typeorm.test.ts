import { describe, expect, it } from 'vitest';
import { typeorm } from '../../../src/analysis/data/typeorm';
import type { TSESTree } from '@typescript-eslint/utils';
import { constraint as c, fixesOf, lookAlikeModule, queriesOf, queryOf } from './shared';

const run = queriesOf(typeorm);

/** A find-options constraint: TypeORM 0.3 drops `undefined` where keys. */
const f = (column: string, value: string | undefined, flags: { conditional?: true } = {}) => c(column, value, { dropsUndefined: true, ...flags });
const q = queryOf('typeorm');

const NEST = `
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { BaseEntity, Brackets, DataSource, EntityManager, Equal, FindManyOptions, In, IsNull, Not, NotBrackets, Repository } from 'typeorm';
import { Document } from './document.entity';
`;

describe('TypeORM repositories', () => {
  it('reads find options, …By methods, count and exists on a NestJS injected repository', () => {
    const code = `${NEST}
@Injectable()
export class Documents {
  constructor(@InjectRepository(Document) private readonly documents: Repository<Document>) {}
  async run(organizationId: string, id: string) {
    await this.documents.find({ where: { organizationId } });
    await this.documents.findOne({ where: { id, organizationId } });
    await this.documents.findOneOrFail({ where: { id } });
    await this.documents.findAndCount({ where: { organizationId }, take: 10 });
    await this.documents.count({ where: { organizationId } });
    await this.documents.exists({ where: { organizationId } });
    await this.documents.find({ order: { createdAt: 'DESC' } });
    await this.documents.find();
    await this.documents.findBy({ organizationId });
    await this.documents.findOneBy({ id });
    await this.documents.findOneByOrFail({ id, organizationId });
    await this.documents.findAndCountBy({ organizationId });
    await this.documents.countBy({ status: 'open' });
    await this.documents.existsBy({ organizationId });
    await this.documents.sum('size', { organizationId });
    await this.documents.maximum('size');
  }
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [f('organizationId', 'organizationId')], text: 'this.documents.find({ where: { organizationId } })' }),
      q({ model: 'Document', operation: 'findOne', kind: 'read', constraints: [f('organizationId', 'organizationId')], byId: true, text: 'this.documents.findOne({ where: { id, organizationId } })' }),
      q({ model: 'Document', operation: 'findOneOrFail', kind: 'read', byId: true, text: 'this.documents.findOneOrFail({ where: { id } })' }),
      q({ model: 'Document', operation: 'findAndCount', kind: 'read', constraints: [f('organizationId', 'organizationId')], text: 'this.documents.findAndCount({ where: { organizationId }, take: 10 })' }),
      q({ model: 'Document', operation: 'count', kind: 'read', constraints: [f('organizationId', 'organizationId')], text: 'this.documents.count({ where: { organizationId } })' }),
      q({ model: 'Document', operation: 'exists', kind: 'read', constraints: [f('organizationId', 'organizationId')], text: 'this.documents.exists({ where: { organizationId } })' }),
      q({ model: 'Document', operation: 'find', kind: 'read', text: "this.documents.find({ order: { createdAt: 'DESC' } })" }),
      q({ model: 'Document', operation: 'find', kind: 'read', text: 'this.documents.find()' }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('organizationId', 'organizationId')], text: 'this.documents.findBy({ organizationId })' }),
      q({ model: 'Document', operation: 'findOneBy', kind: 'read', byId: true, text: 'this.documents.findOneBy({ id })' }),
      q({ model: 'Document', operation: 'findOneByOrFail', kind: 'read', constraints: [f('organizationId', 'organizationId')], byId: true, text: 'this.documents.findOneByOrFail({ id, organizationId })' }),
      q({ model: 'Document', operation: 'findAndCountBy', kind: 'read', constraints: [f('organizationId', 'organizationId')], text: 'this.documents.findAndCountBy({ organizationId })' }),
      q({ model: 'Document', operation: 'countBy', kind: 'read', text: "this.documents.countBy({ status: 'open' })" }),
      q({ model: 'Document', operation: 'existsBy', kind: 'read', constraints: [f('organizationId', 'organizationId')], text: 'this.documents.existsBy({ organizationId })' }),
      q({ model: 'Document', operation: 'sum', kind: 'read', constraints: [f('organizationId', 'organizationId')], text: "this.documents.sum('size', { organizationId })" }),
      q({ model: 'Document', operation: 'maximum', kind: 'read', text: "this.documents.maximum('size')" }),
    ]);
  });

  it('finds repositories through the DataSource, the manager, typed fields and custom repositories', () => {
    const code = `${NEST}
const dataSource = new DataSource({ type: 'postgres' });
const documents = dataSource.getRepository(Document);
class Reports {
  private readonly reports: Repository<Report>;
  constructor(@Inject('REPORTS') private readonly byToken: Repository<Report>) {}
  async run(orgId: string) {
    await this.reports.findBy({ orgId });
    await this.byToken.findBy({ orgId });
  }
}
class DocumentRepository extends Repository<Document> {
  forOrg(orgId: string) {
    return this.findBy({ orgId });
  }
}
export async function run(orgId: string) {
  await dataSource.getRepository(Document).findBy({ orgId });
  await documents.findBy({ orgId });
  await dataSource.manager.getRepository(Document).find({ where: { orgId } });
}`;
    expect(run(code)).toEqual([
      q({ model: 'Report', operation: 'findBy', kind: 'read', constraints: [f('orgId', 'orgId')], text: 'this.reports.findBy({ orgId })' }),
      q({ model: 'Report', operation: 'findBy', kind: 'read', constraints: [f('orgId', 'orgId')], text: 'this.byToken.findBy({ orgId })' }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('orgId', 'orgId')], text: 'this.findBy({ orgId })' }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('orgId', 'orgId')], text: 'dataSource.getRepository(Document).findBy({ orgId })' }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('orgId', 'orgId')], text: 'documents.findBy({ orgId })' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [f('orgId', 'orgId')], text: 'dataSource.manager.getRepository(Document).find({ where: { orgId } })' }),
    ]);
  });

  it('reads the TypeORM 0.2 globals getRepository, getManager and getConnection', () => {
    const code = `
import { getConnection, getManager, getRepository } from 'typeorm';
export async function run(orgId: string) {
  await getRepository(Document).findBy({ orgId });
  await getManager().find(Document, { where: { orgId } });
  await getConnection().manager.count(Document, { where: { orgId } });
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('orgId', 'orgId')], text: 'getRepository(Document).findBy({ orgId })' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [f('orgId', 'orgId')], text: 'getManager().find(Document, { where: { orgId } })' }),
      q({ model: 'Document', operation: 'count', kind: 'read', constraints: [f('orgId', 'orgId')], text: 'getConnection().manager.count(Document, { where: { orgId } })' }),
    ]);
  });

  it('points suggestions at the where object, or at find options without one', () => {
    const code = `${NEST}
export class Documents {
  constructor(@InjectRepository(Document) private readonly documents: Repository<Document>) {}
  async run() {
    await this.documents.find({ where: { status: 'open' } });
    await this.documents.find({ take: 10 });
    await this.documents.findBy({ status: 'open' });
    await this.documents.find();
  }
}`;
    const fixes = fixesOf(code, typeorm, (fix, sourceCode) => {
      const text = (n: TSESTree.Node | undefined) => (n ? sourceCode.getText(n) : undefined);
      return { filterObject: text(fix?.filterObject), optionsObject: text(fix?.optionsObject) };
    });
    expect(fixes).toEqual([
      { filterObject: "{ status: 'open' }", optionsObject: undefined },
      { filterObject: undefined, optionsObject: '{ take: 10 }' },
      { filterObject: "{ status: 'open' }", optionsObject: undefined },
      { filterObject: undefined, optionsObject: undefined },
    ]);
  });

  it('reads update, delete, softDelete, restore, increment criteria: an id is by id, an object is a where', () => {
    const code = `${NEST}
export class Documents {
  constructor(@InjectRepository(Document) private readonly documents: Repository<Document>) {}
  async run(orgId: string, id: string, documentIds: string[], criteria: object) {
    await this.documents.update(id, { title: 'x' });
    await this.documents.update({ id, organizationId: orgId }, { title: 'x' });
    await this.documents.delete([id, 'other']);
    await this.documents.delete(documentIds);
    await this.documents.delete(42);
    await this.documents.delete({ organizationId: orgId, status: 'draft' });
    await this.documents.softDelete({ organizationId: orgId });
    await this.documents.restore({ organizationId: orgId });
    await this.documents.increment({ organizationId: orgId }, 'views', 1);
    await this.documents.decrement({ status: 'x' }, 'views', 1);
    await this.documents.delete(criteria);
  }
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'update', kind: 'update', byId: true, text: "this.documents.update(id, { title: 'x' })" }),
      q({ model: 'Document', operation: 'update', kind: 'update', constraints: [f('organizationId', 'orgId')], byId: true, text: "this.documents.update({ id, organizationId: orgId }, { title: 'x' })" }),
      q({ model: 'Document', operation: 'delete', kind: 'delete', byId: true, text: "this.documents.delete([id, 'other'])" }),
      q({ model: 'Document', operation: 'delete', kind: 'delete', byId: true, text: 'this.documents.delete(documentIds)' }),
      q({ model: 'Document', operation: 'delete', kind: 'delete', byId: true, text: 'this.documents.delete(42)' }),
      q({ model: 'Document', operation: 'delete', kind: 'delete', constraints: [f('organizationId', 'orgId')], text: "this.documents.delete({ organizationId: orgId, status: 'draft' })" }),
      q({ model: 'Document', operation: 'softDelete', kind: 'delete', constraints: [f('organizationId', 'orgId')], text: 'this.documents.softDelete({ organizationId: orgId })' }),
      q({ model: 'Document', operation: 'restore', kind: 'update', constraints: [f('organizationId', 'orgId')], text: 'this.documents.restore({ organizationId: orgId })' }),
      q({ model: 'Document', operation: 'increment', kind: 'update', constraints: [f('organizationId', 'orgId')], text: "this.documents.increment({ organizationId: orgId }, 'views', 1)" }),
      q({ model: 'Document', operation: 'decrement', kind: 'update', text: "this.documents.decrement({ status: 'x' }, 'views', 1)" }),
      q({ model: 'Document', operation: 'delete', kind: 'delete', opaque: true, text: 'this.documents.delete(criteria)' }),
    ]);
  });

  it('reports inserts and whole-table writes', () => {
    const code = `${NEST}
export class Documents {
  constructor(@InjectRepository(Document) private readonly documents: Repository<Document>) {}
  async run(organizationId: string) {
    await this.documents.insert({ organizationId, title: 'x' });
    await this.documents.save({ organizationId });
    await this.documents.upsert({ organizationId }, ['id']);
    await this.documents.updateAll({ archived: true });
    await this.documents.deleteAll();
    await this.documents.clear();
  }
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'insert', kind: 'insert', text: "this.documents.insert({ organizationId, title: 'x' })" }),
      q({ model: 'Document', operation: 'save', kind: 'insert', text: 'this.documents.save({ organizationId })' }),
      q({ model: 'Document', operation: 'upsert', kind: 'insert', text: "this.documents.upsert({ organizationId }, ['id'])" }),
      q({ model: 'Document', operation: 'updateAll', kind: 'update', text: 'this.documents.updateAll({ archived: true })' }),
      q({ model: 'Document', operation: 'deleteAll', kind: 'delete', text: 'this.documents.deleteAll()' }),
      q({ model: 'Document', operation: 'clear', kind: 'delete', text: 'this.documents.clear()' }),
    ]);
  });
});

describe('TypeORM EntityManager and ActiveRecord', () => {
  it('reads manager methods with the entity as the first argument', () => {
    const code = `${NEST}
const dataSource = new DataSource({ type: 'postgres' });
export async function run(orgId: string, id: string, manager: EntityManager) {
  await dataSource.manager.find(Document, { where: { orgId } });
  await dataSource.manager.count('Document', { where: { orgId } });
  await dataSource.transaction(async (tx) => {
    await tx.findOneBy(Document, { id, orgId });
    await tx.update(Document, id, { title: 'x' });
    await tx.delete(Document, { orgId });
    await tx.save(Document, { orgId });
    await tx.increment(Document, { orgId }, 'views', 1);
  });
  await manager.findBy(Document, { status: 'x' });
  await dataSource.createQueryRunner().manager.sum(Document, 'size', { orgId });
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [f('orgId', 'orgId')], text: 'dataSource.manager.find(Document, { where: { orgId } })' }),
      q({ model: 'Document', operation: 'count', kind: 'read', constraints: [f('orgId', 'orgId')], text: "dataSource.manager.count('Document', { where: { orgId } })" }),
      q({ model: 'Document', operation: 'findOneBy', kind: 'read', constraints: [f('orgId', 'orgId')], byId: true, text: 'tx.findOneBy(Document, { id, orgId })' }),
      q({ model: 'Document', operation: 'update', kind: 'update', byId: true, text: "tx.update(Document, id, { title: 'x' })" }),
      q({ model: 'Document', operation: 'delete', kind: 'delete', constraints: [f('orgId', 'orgId')], text: 'tx.delete(Document, { orgId })' }),
      q({ model: 'Document', operation: 'save', kind: 'insert', text: 'tx.save(Document, { orgId })' }),
      q({ model: 'Document', operation: 'increment', kind: 'update', constraints: [f('orgId', 'orgId')], text: "tx.increment(Document, { orgId }, 'views', 1)" }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', text: "manager.findBy(Document, { status: 'x' })" }),
      q({ model: 'Document', operation: 'sum', kind: 'read', constraints: [f('orgId', 'orgId')], text: "dataSource.createQueryRunner().manager.sum(Document, 'size', { orgId })" }),
    ]);
  });

  it('reads ActiveRecord statics of a BaseEntity class, and of entities imported into a file that uses TypeORM', () => {
    const code = `${NEST}
class Invoice extends BaseEntity {}
export async function run(orgId: string, id: string) {
  await Invoice.find({ where: { orgId } });
  await Invoice.findBy({ orgId });
  await Invoice.delete(id);
  await Document.findOneBy({ id });
}`;
    expect(run(code)).toEqual([
      q({ model: 'Invoice', operation: 'find', kind: 'read', constraints: [f('orgId', 'orgId')], text: 'Invoice.find({ where: { orgId } })' }),
      q({ model: 'Invoice', operation: 'findBy', kind: 'read', constraints: [f('orgId', 'orgId')], text: 'Invoice.findBy({ orgId })' }),
      q({ model: 'Invoice', operation: 'delete', kind: 'delete', byId: true, text: 'Invoice.delete(id)' }),
      q({ model: 'Document', operation: 'findOneBy', kind: 'read', byId: true, text: 'Document.findOneBy({ id })' }),
    ]);
    // Without TypeORM in the file, `Document.find(…)` belongs to another library.
    expect(run(`import { Document } from './models';\nexport const run = (orgId) => Document.find({ where: { orgId } });`)).toEqual([]);
  });
});

describe('TypeORM tenant constraints', () => {
  it('reads every scoping form of a where object', () => {
    const code = `${NEST}
export class Documents {
  constructor(@InjectRepository(Document) private readonly documents: Repository<Document>) {}
  async run(orgId: string, orgIds: string[], rest: object) {
    await this.documents.findBy({ organization: { id: orgId } });
    await this.documents.findBy({ project: { organizationId: orgId } });
    await this.documents.findBy({ organization_id: orgId });
    await this.documents.findBy({ organizationId: In([orgId]) });
    await this.documents.findBy({ organizationId: Equal(orgId) });
    await this.documents.findBy({ organizationId: In(orgIds) });
    await this.documents.findBy({ organizationId: In([orgId, 'other']) });
    await this.documents.findBy({ organizationId: Not(orgId) });
    await this.documents.findBy({ organizationId: IsNull() });
    await this.documents.findBy({ organizationId: null });
    await this.documents.findBy({ organizationId: orgId, ...rest });
    await this.documents.findBy({ [orgId]: 1 });
  }
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('organization.id', 'orgId')], text: 'this.documents.findBy({ organization: { id: orgId } })' }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('project.organizationId', 'orgId')], text: 'this.documents.findBy({ project: { organizationId: orgId } })' }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('organization_id', 'orgId')], text: 'this.documents.findBy({ organization_id: orgId })' }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('organizationId', 'orgId')], text: 'this.documents.findBy({ organizationId: In([orgId]) })' }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('organizationId', 'orgId')], text: 'this.documents.findBy({ organizationId: Equal(orgId) })' }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', opaque: true, text: 'this.documents.findBy({ organizationId: In(orgIds) })' }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', text: "this.documents.findBy({ organizationId: In([orgId, 'other']) })" }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', text: 'this.documents.findBy({ organizationId: Not(orgId) })' }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', text: 'this.documents.findBy({ organizationId: IsNull() })' }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', text: 'this.documents.findBy({ organizationId: null })' }),
      // A spread after the key may override it: the constraint stands, the filter is partly unread.
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('organizationId', 'orgId')], opaque: true, text: 'this.documents.findBy({ organizationId: orgId, ...rest })' }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', opaque: true, text: 'this.documents.findBy({ [orgId]: 1 })' }),
    ]);
  });

  it('follows local consts and spreads, and marks conditional filters', () => {
    const code = `${NEST}
export class Documents {
  constructor(@InjectRepository(Document) private readonly documents: Repository<Document>) {}
  async run(job: { data: { organizationId?: string } }) {
    const { organizationId } = job.data;
    const commonWhere = { organizationId };
    const options = { where: commonWhere, take: 5 };
    await this.documents.find({ where: { ...commonWhere, status: 'open' } });
    await this.documents.find(options);
    await this.documents.find({ where: organizationId ? { organizationId } : {} });
    await this.documents.find({ where: { status: 'open', ...(organizationId && { organizationId }) } });
    await this.documents.findBy({ organizationId: organizationId ?? undefined });
    await this.documents.findBy(organizationId ? { organizationId } : { organizationId: 'default' });
  }
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [f('organizationId', 'organizationId')], text: "this.documents.find({ where: { ...commonWhere, status: 'open' } })" }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [f('organizationId', 'organizationId')], text: 'this.documents.find(options)' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [f('organizationId', 'organizationId', { conditional: true })], text: 'this.documents.find({ where: organizationId ? { organizationId } : {} })' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [f('organizationId', 'organizationId', { conditional: true })], text: "this.documents.find({ where: { status: 'open', ...(organizationId && { organizationId }) } })" }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('organizationId', 'organizationId ?? undefined', { conditional: true })], text: 'this.documents.findBy({ organizationId: organizationId ?? undefined })' }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('organizationId', 'organizationId'), f('organizationId', "'default'")], text: "this.documents.findBy(organizationId ? { organizationId } : { organizationId: 'default' })" }),
    ]);
  });

  it('reads an array where as OR: every element must constrain', () => {
    const code = `${NEST}
export class Documents {
  constructor(@InjectRepository(Document) private readonly documents: Repository<Document>) {}
  async run(orgId: string) {
    await this.documents.find({ where: [{ orgId, status: 'a' }, { orgId, status: 'b' }] });
    await this.documents.find({ where: [{ orgId }, { isPublic: true }] });
    await this.documents.findBy([{ orgId }, { teamId: orgId }]);
    await this.documents.delete([{ orgId }, { isPublic: true }]);
  }
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [f('orgId', 'orgId'), f('orgId', 'orgId')], text: "this.documents.find({ where: [{ orgId, status: 'a' }, { orgId, status: 'b' }] })" }),
      q({ model: 'Document', operation: 'find', kind: 'read', text: 'this.documents.find({ where: [{ orgId }, { isPublic: true }] })' }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('orgId', 'orgId'), f('teamId', 'orgId')], text: 'this.documents.findBy([{ orgId }, { teamId: orgId }])' }),
      q({ model: 'Document', operation: 'delete', kind: 'delete', text: 'this.documents.delete([{ orgId }, { isPublic: true }])' }),
    ]);
  });

  it('uses the tenantKeys setting', () => {
    const code = `${NEST}
const dataSource = new DataSource({ type: 'postgres' });
export const run = (companyId: string) => dataSource.getRepository(Document).findBy({ companyId, orgId: companyId });`;
    expect(run(code, { tenantKeys: ['companyId'] })).toEqual([
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('companyId', 'companyId')], text: 'dataSource.getRepository(Document).findBy({ companyId, orgId: companyId })' }),
    ]);
  });
});

describe('TypeORM query builders', () => {
  const repo = (body: string) => `${NEST}
export class Documents {
  constructor(@InjectRepository(Document) private readonly documents: Repository<Document>, private readonly dataSource: DataSource) {}
  async run(orgId: string, status: string, orgIds: string[], ids: string[]) {
${body}
  }
}`;

  it('reads where, andWhere and parameters; orWhere widens; a second where replaces', () => {
    const code = repo(`
    await this.documents.createQueryBuilder('d').where('d.organizationId = :orgId', { orgId }).getMany();
    await this.documents.createQueryBuilder('d').where('d.status = :status', { status }).andWhere('d.organization_id = :orgId', { orgId }).getOne();
    await this.documents.createQueryBuilder('d').where('d.organizationId = :orgId', { orgId }).orWhere('d.isPublic = true').getMany();
    await this.documents.createQueryBuilder('d').where('d.organizationId = :orgId').orWhere('d.organizationId = :orgId AND d.isPublic').setParameter('orgId', orgId).getCount();
    await this.documents.createQueryBuilder('d').where('d.organizationId = :orgId', { orgId }).where('d.status = :status', { status }).getMany();
    await this.documents.createQueryBuilder('d').where('d.status = 1').andWhere('d.organizationId = :org').setParameters({ org: orgId }).getRawMany();
    await this.documents.createQueryBuilder('d').where('d.organizationId IN (:...orgIds)', { orgIds: [orgId] }).getMany();
    await this.documents.createQueryBuilder('d').where('d.organizationId IN (:...orgIds)', { orgIds }).getMany();
    await this.documents.createQueryBuilder('d').where('d.organizationId = 42').getMany();
    await this.documents.createQueryBuilder('d').where(\`d.organizationId = '\${orgId}'\`).getMany();
    await this.documents.createQueryBuilder('d').where('d.organizationId = :orgId OR d.isPublic', { orgId }).getMany();
    await this.documents.createQueryBuilder('d').where('NOT (d.organizationId = :orgId)', { orgId }).getMany();
    await this.documents.createQueryBuilder('d').where({ organizationId: orgId }).getMany();
    await this.documents.createQueryBuilder('d').where((qb) => 'd.id IN ' + qb.subQuery()).getMany();
    await this.documents.createQueryBuilder('d').whereInIds(ids).getMany();
`);
    const base = "this.documents.createQueryBuilder('d')";
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'getMany', kind: 'read', constraints: [c('d.organizationId', 'orgId')], text: `${base}.where('d.organizationId = :orgId', { orgId }).getMany()` }),
      q({ model: 'Document', operation: 'getOne', kind: 'read', constraints: [c('d.organization_id', 'orgId')], text: `${base}.where('d.status = :status', { status }).andWhere('d.organization_id = :orgId', { orgId }).getOne()` }),
      q({ model: 'Document', operation: 'getMany', kind: 'read', text: `${base}.where('d.organizationId = :orgId', { orgId }).orWhere('d.isPublic = true').getMany()` }),
      q({ model: 'Document', operation: 'getCount', kind: 'read', constraints: [c('d.organizationId', 'orgId'), c('d.organizationId', 'orgId')], text: `${base}.where('d.organizationId = :orgId').orWhere('d.organizationId = :orgId AND d.isPublic').setParameter('orgId', orgId).getCount()` }),
      q({ model: 'Document', operation: 'getMany', kind: 'read', text: `${base}.where('d.organizationId = :orgId', { orgId }).where('d.status = :status', { status }).getMany()` }),
      q({ model: 'Document', operation: 'getRawMany', kind: 'read', constraints: [c('d.organizationId', 'orgId')], text: `${base}.where('d.status = 1').andWhere('d.organizationId = :org').setParameters({ org: orgId }).getRawMany()` }),
      q({ model: 'Document', operation: 'getMany', kind: 'read', constraints: [c('d.organizationId', 'orgId')], text: `${base}.where('d.organizationId IN (:...orgIds)', { orgIds: [orgId] }).getMany()` }),
      q({ model: 'Document', operation: 'getMany', kind: 'read', opaque: true, text: `${base}.where('d.organizationId IN (:...orgIds)', { orgIds }).getMany()` }),
      q({ model: 'Document', operation: 'getMany', kind: 'read', constraints: [c('d.organizationId', undefined)], text: `${base}.where('d.organizationId = 42').getMany()` }),
      q({ model: 'Document', operation: 'getMany', kind: 'read', constraints: [c('d.organizationId', 'orgId')], text: `${base}.where(\`d.organizationId = '\${orgId}'\`).getMany()` }),
      q({ model: 'Document', operation: 'getMany', kind: 'read', text: `${base}.where('d.organizationId = :orgId OR d.isPublic', { orgId }).getMany()` }),
      q({ model: 'Document', operation: 'getMany', kind: 'read', text: `${base}.where('NOT (d.organizationId = :orgId)', { orgId }).getMany()` }),
      q({ model: 'Document', operation: 'getMany', kind: 'read', constraints: [f('organizationId', 'orgId')], text: `${base}.where({ organizationId: orgId }).getMany()` }),
      q({ model: 'Document', operation: 'getMany', kind: 'read', opaque: true, text: `${base}.where((qb) => 'd.id IN ' + qb.subQuery()).getMany()` }),
      q({ model: 'Document', operation: 'getMany', kind: 'read', byId: true, text: `${base}.whereInIds(ids).getMany()` }),
    ]);
  });

  it('reads Brackets when simple, never NotBrackets', () => {
    const code = repo(`
    await this.documents.createQueryBuilder('d').where(new Brackets((qb) => qb.where('d.organizationId = :orgId', { orgId }).orWhere('d.teamId = :orgId'))).getMany();
    await this.documents.createQueryBuilder('d').where('d.organizationId = :orgId', { orgId }).andWhere(new Brackets((qb) => { qb.where('d.a = 1').orWhere('d.b = 1'); })).getMany();
    await this.documents.createQueryBuilder('d').where(new Brackets((qb) => { qb.where('d.organizationId = :orgId', { orgId }); qb.orWhere('d.isPublic'); })).getMany();
    await this.documents.createQueryBuilder('d').where(new Brackets((qb) => { if (status) qb.where('d.status = :status', { status }); })).getMany();
    await this.documents.createQueryBuilder('d').where(new NotBrackets((qb) => qb.where('d.organizationId = :orgId', { orgId }))).getMany();
`);
    const base = "this.documents.createQueryBuilder('d')";
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'getMany', kind: 'read', constraints: [c('d.organizationId', 'orgId'), c('d.teamId', 'orgId')], text: `${base}.where(new Brackets((qb) => qb.where('d.organizationId = :orgId', { orgId }).orWhere('d.teamId = :orgId'))).getMany()` }),
      q({ model: 'Document', operation: 'getMany', kind: 'read', constraints: [c('d.organizationId', 'orgId')], text: `${base}.where('d.organizationId = :orgId', { orgId }).andWhere(new Brackets((qb) => { qb.where('d.a = 1').orWhere('d.b = 1'); })).getMany()` }),
      q({ model: 'Document', operation: 'getMany', kind: 'read', text: `${base}.where(new Brackets((qb) => { qb.where('d.organizationId = :orgId', { orgId }); qb.orWhere('d.isPublic'); })).getMany()` }),
      q({ model: 'Document', operation: 'getMany', kind: 'read', opaque: true, text: `${base}.where(new Brackets((qb) => { if (status) qb.where('d.status = :status', { status }); })).getMany()` }),
      q({ model: 'Document', operation: 'getMany', kind: 'read', text: `${base}.where(new NotBrackets((qb) => qb.where('d.organizationId = :orgId', { orgId }))).getMany()` }),
    ]);
  });

  it('reads update, delete and select builders from the DataSource and the manager', () => {
    const code = repo(`
    await this.dataSource.createQueryBuilder().update(Document).set({ archived: true }).where('organizationId = :orgId', { orgId }).execute();
    await this.dataSource.createQueryBuilder().delete().from(Document).where('organization_id = :orgId', { orgId }).execute();
    await this.dataSource.createQueryBuilder().select('d').from(Document, 'd').getMany();
    await this.dataSource.createQueryBuilder(Document, 'd').where('d.orgId = :orgId', { orgId }).getOne();
    await this.dataSource.manager.createQueryBuilder(Document, 'd').softDelete().where('d.orgId = :orgId', { orgId }).execute();
    await this.documents.createQueryBuilder().update().set({ archived: true }).execute();
    await this.documents.createQueryBuilder().insert().values({ orgId }).execute();
`);
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'update', kind: 'update', constraints: [c('organizationId', 'orgId')], text: "this.dataSource.createQueryBuilder().update(Document).set({ archived: true }).where('organizationId = :orgId', { orgId }).execute()" }),
      q({ model: 'Document', operation: 'delete', kind: 'delete', constraints: [c('organization_id', 'orgId')], text: "this.dataSource.createQueryBuilder().delete().from(Document).where('organization_id = :orgId', { orgId }).execute()" }),
      q({ model: 'Document', operation: 'getMany', kind: 'read', text: "this.dataSource.createQueryBuilder().select('d').from(Document, 'd').getMany()" }),
      q({ model: 'Document', operation: 'getOne', kind: 'read', constraints: [c('d.orgId', 'orgId')], text: "this.dataSource.createQueryBuilder(Document, 'd').where('d.orgId = :orgId', { orgId }).getOne()" }),
      q({ model: 'Document', operation: 'softDelete', kind: 'delete', constraints: [c('d.orgId', 'orgId')], text: "this.dataSource.manager.createQueryBuilder(Document, 'd').softDelete().where('d.orgId = :orgId', { orgId }).execute()" }),
      q({ model: 'Document', operation: 'update', kind: 'update', text: 'this.documents.createQueryBuilder().update().set({ archived: true }).execute()' }),
      q({ model: 'Document', operation: 'insert', kind: 'insert', text: 'this.documents.createQueryBuilder().insert().values({ orgId }).execute()' }),
    ]);
  });

  it('follows a builder kept in a variable: conditions added under a test are conditional', () => {
    const code = repo(`
    const qb = this.documents.createQueryBuilder('d').where('d.status = :status', { status });
    if (orgId) qb.andWhere('d.organizationId = :orgId', { orgId });
    qb.orderBy('d.createdAt');
    await qb.getMany();

    const scoped = this.documents.createQueryBuilder('d');
    scoped.where('d.organizationId = :orgId', { orgId });
    await scoped.getMany();

    const handed = this.documents.createQueryBuilder('d').where('d.organizationId = :orgId', { orgId });
    applyFilters(handed);
    await handed.getMany();

    const built = this.documents.createQueryBuilder('d').where('d.status = 1');
    await built.getQuery();
`);
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'getMany', kind: 'read', constraints: [c('d.organizationId', 'orgId', { conditional: true })], text: 'qb.getMany()' }),
      q({ model: 'Document', operation: 'getMany', kind: 'read', constraints: [c('d.organizationId', 'orgId')], text: 'scoped.getMany()' }),
      q({ model: 'Document', operation: 'getMany', kind: 'read', constraints: [c('d.organizationId', 'orgId')], opaque: true, text: 'handed.getMany()' }),
    ]);
  });
});

describe('TypeORM raw queries', () => {
  it('reads the statement kind and table, and a tenant equality only when plain', () => {
    const code = `${NEST}
const dataSource = new DataSource({ type: 'postgres' });
export async function run(orgId: string, id: string, sql: string) {
  await dataSource.query('SELECT * FROM documents WHERE organization_id = $1 AND id = $2', [orgId, id]);
  await dataSource.manager.query('DELETE FROM "documents" WHERE id = $1', [id]);
  await dataSource.query('UPDATE documents SET title = $1 WHERE organization_id = $2', ['x', orgId]);
  await dataSource.query('SELECT * FROM documents WHERE organization_id = $1 OR is_public', [orgId]);
  await dataSource.query(\`SELECT * FROM documents d WHERE d.org_id = \${orgId}\`);
  await dataSource.query('INSERT INTO documents (organization_id) VALUES ($1)', [orgId]);
  await dataSource.createQueryRunner().query('SELECT count(*) FROM documents');
  await dataSource.query(sql);
}`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'query', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "dataSource.query('SELECT * FROM documents WHERE organization_id = $1 AND id = $2', [orgId, id])" }),
      q({ model: 'documents', operation: 'query', kind: 'delete', opaque: true, text: `dataSource.manager.query('DELETE FROM "documents" WHERE id = $1', [id])` }),
      q({ model: 'documents', operation: 'query', kind: 'update', constraints: [c('organization_id', 'orgId')], text: "dataSource.query('UPDATE documents SET title = $1 WHERE organization_id = $2', ['x', orgId])" }),
      q({ model: 'documents', operation: 'query', kind: 'read', opaque: true, text: "dataSource.query('SELECT * FROM documents WHERE organization_id = $1 OR is_public', [orgId])" }),
      q({ model: 'documents', operation: 'query', kind: 'read', constraints: [c('d.org_id', 'orgId')], text: 'dataSource.query(`SELECT * FROM documents d WHERE d.org_id = ${orgId}`)' }),
      q({ model: 'documents', operation: 'query', kind: 'insert', opaque: true, text: "dataSource.query('INSERT INTO documents (organization_id) VALUES ($1)', [orgId])" }),
      q({ model: 'documents', operation: 'query', kind: 'read', opaque: true, text: "dataSource.createQueryRunner().query('SELECT count(*) FROM documents')" }),
      q({ model: undefined, operation: 'query', kind: 'raw', opaque: true, text: 'dataSource.query(sql)' }),
    ]);
  });
});

describe('TypeORM syntax variants', () => {
  it('looks through TS wrappers and optional chains', () => {
    const code = `${NEST}
export class Documents {
  constructor(@InjectRepository(Document) private readonly documents: Repository<Document>) {}
  async run(orgId: string | undefined) {
    await (this.documents as Repository<Document>).findBy({ orgId });
    await this.documents!.findBy({ orgId: orgId! });
    await this.documents?.findBy({ orgId: orgId as string });
    await this.documents.find({ where: { orgId } } satisfies FindManyOptions<Document>);
    await this.documents.find({ where: { orgId } as FindManyOptions<Document>['where'] });
    await (<Repository<Document>>this.documents).findBy({ orgId });
  }
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('orgId', 'orgId')], text: '(this.documents as Repository<Document>).findBy({ orgId })' }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('orgId', 'orgId!')], text: 'this.documents!.findBy({ orgId: orgId! })' }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('orgId', 'orgId as string')], text: 'this.documents?.findBy({ orgId: orgId as string })' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [f('orgId', 'orgId')], text: 'this.documents.find({ where: { orgId } } satisfies FindManyOptions<Document>)' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [f('orgId', 'orgId')], text: "this.documents.find({ where: { orgId } as FindManyOptions<Document>['where'] })" }),
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('orgId', 'orgId')], text: '(<Repository<Document>>this.documents).findBy({ orgId })' }),
    ]);
  });

  it('reads plain JavaScript with require', () => {
    const code = `
const { DataSource } = require('typeorm');
const dataSource = new DataSource({ type: 'postgres' });
module.exports = async function handler(job) {
  await dataSource.getRepository('Document').findBy({ organizationId: job.data.organizationId });
  await dataSource.manager.delete('Document', { organizationId: job.data.organizationId });
};`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'findBy', kind: 'read', constraints: [f('organizationId', 'job.data.organizationId')], text: "dataSource.getRepository('Document').findBy({ organizationId: job.data.organizationId })" }),
      q({ model: 'Document', operation: 'delete', kind: 'delete', constraints: [f('organizationId', 'job.data.organizationId')], text: "dataSource.manager.delete('Document', { organizationId: job.data.organizationId })" }),
    ]);
  });

  it('recognises repositories and managers by name only for calls only TypeORM makes', () => {
    const code = `
import { documentRepository } from './repositories';
export async function run(repo, manager, orgId) {
  await repo.findBy({ orgId });
  await documentRepository.find({ where: { orgId } });
  await manager.find(Document, { where: { orgId } });
  await repo.find();
  await repo.delete(orgId);
  await manager.find(thing, { where: { orgId } });
}`;
    expect(run(code)).toEqual([
      q({ model: undefined, operation: 'findBy', kind: 'read', constraints: [f('orgId', 'orgId')], text: 'repo.findBy({ orgId })' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [f('orgId', 'orgId')], text: 'documentRepository.find({ where: { orgId } })' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [f('orgId', 'orgId')], text: 'manager.find(Document, { where: { orgId } })' }),
    ]);
  });

  it('leaves look-alikes alone', () => {
    const code = lookAlikeModule({
      params: 'repository',
      calls: `
  repository.query('SELECT * FROM documents');
  await stripe.customers.update(orgId, {});
`,
    });
    expect(run(code)).toEqual([]);
  });

  it('never throws on odd code', () => {
    const code = `${NEST}
const dataSource = new DataSource({});
export class Odd {
  constructor(@InjectRepository() private readonly documents: Repository<Document>) {}
  async run(...args: any[]) {
    await this.documents.find(...args);
    await this.documents.findBy();
    await this.documents.update();
    await this.documents[args[0]]({ where: {} });
    await dataSource.manager.find();
    await dataSource.createQueryBuilder().where().getMany();
    await dataSource.createQueryBuilder().where(...args).getMany();
    await dataSource.query();
    await dataSource.query('');
    await dataSource.query('SELECT * FROM WHERE = AND (');
    await dataSource.query('select * from t where ((((a = 1');
    await dataSource.query("select * from t where a = 'unterminated");
    await this.documents.findBy({ a: { b: { c: { d: { e: { f: { g: { h: { i: { j: { k: { l: { m: { n: { o: { p: { q: { r: 1 } } } } } } } } } } } } } } } } } });
    let qb = this.documents.createQueryBuilder('d');
    qb = somethingElse();
    await qb.getMany();
    for (const x of args) qb.andWhere(x);
    await (qb as any).getMany();
  }
}`;
    expect(() => run(code)).not.toThrow();
  });
});
