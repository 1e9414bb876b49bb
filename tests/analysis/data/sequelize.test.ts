import { describe, expect, it } from 'vitest';
import { sequelize } from '../../../src/analysis/data/sequelize';
import { constraint as c, fixesOf, lookAlikeModule, queriesOf, queryOf } from './shared';

const run = queriesOf(sequelize);
const q = queryOf('sequelize');

const HEADER = `
import { DataTypes, Model, Op, Sequelize } from 'sequelize';
const sequelize = new Sequelize('postgres://');
class Document extends Model {}
Document.init({}, { sequelize });
`;

describe('Sequelize call shapes', () => {
  it('reads every static with its options', () => {
    const code = `${HEADER}
export async function run(orgId: string, id: string) {
  await Document.findAll({ where: { organizationId: orgId } });
  await Document.findOne({ where: { id, organizationId: orgId } });
  await Document.findAndCountAll({ where: { organizationId: orgId }, limit: 10 });
  await Document.count({ where: { organizationId: orgId } });
  await Document.max('size', { where: { organizationId: orgId } });
  await Document.min('size', { where: { organizationId: orgId } });
  await Document.sum('size', { where: { organizationId: orgId } });
  await Document.destroy({ where: { organizationId: orgId } });
  await Document.restore({ where: { organizationId: orgId } });
  await Document.update({ archived: true }, { where: { organizationId: orgId } });
  await Document.increment('views', { where: { organizationId: orgId } });
  await Document.findByPk(id);
  await Document.findByPk(id, { where: { organizationId: orgId } });
  await Document.create({ organizationId: orgId });
  await Document.bulkCreate([{ organizationId: orgId }]);
  await Document.findAll();
  await Document.findAll({ limit: 10 });
  await Document.destroy({ truncate: true });
  await Document.findAll({ where: { organizationId: orgId } }).then((rows) => rows.length);
}`;
    const where = '{ where: { organizationId: orgId } }';
    const scoped = [c('organizationId', 'orgId')];
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'findAll', kind: 'read', constraints: scoped, text: `Document.findAll(${where})` }),
      q({ model: 'Document', operation: 'findOne', kind: 'read', constraints: scoped, byId: true, text: 'Document.findOne({ where: { id, organizationId: orgId } })' }),
      q({ model: 'Document', operation: 'findAndCountAll', kind: 'read', constraints: scoped, text: 'Document.findAndCountAll({ where: { organizationId: orgId }, limit: 10 })' }),
      q({ model: 'Document', operation: 'count', kind: 'read', constraints: scoped, text: `Document.count(${where})` }),
      q({ model: 'Document', operation: 'max', kind: 'read', constraints: scoped, text: `Document.max('size', ${where})` }),
      q({ model: 'Document', operation: 'min', kind: 'read', constraints: scoped, text: `Document.min('size', ${where})` }),
      q({ model: 'Document', operation: 'sum', kind: 'read', constraints: scoped, text: `Document.sum('size', ${where})` }),
      q({ model: 'Document', operation: 'destroy', kind: 'delete', constraints: scoped, text: `Document.destroy(${where})` }),
      q({ model: 'Document', operation: 'restore', kind: 'update', constraints: scoped, text: `Document.restore(${where})` }),
      q({ model: 'Document', operation: 'update', kind: 'update', constraints: scoped, text: `Document.update({ archived: true }, ${where})` }),
      q({ model: 'Document', operation: 'increment', kind: 'update', constraints: scoped, text: `Document.increment('views', ${where})` }),
      q({ model: 'Document', operation: 'findByPk', kind: 'read', byId: true, text: 'Document.findByPk(id)' }),
      // findByPk replaces options.where with the primary key.
      q({ model: 'Document', operation: 'findByPk', kind: 'read', byId: true, text: `Document.findByPk(id, ${where})` }),
      q({ model: 'Document', operation: 'create', kind: 'insert', text: 'Document.create({ organizationId: orgId })' }),
      q({ model: 'Document', operation: 'bulkCreate', kind: 'insert', text: 'Document.bulkCreate([{ organizationId: orgId }])' }),
      q({ model: 'Document', operation: 'findAll', kind: 'read', text: 'Document.findAll()' }),
      q({ model: 'Document', operation: 'findAll', kind: 'read', text: 'Document.findAll({ limit: 10 })' }),
      q({ model: 'Document', operation: 'destroy', kind: 'delete', text: 'Document.destroy({ truncate: true })' }),
      q({ model: 'Document', operation: 'findAll', kind: 'read', constraints: scoped, text: `Document.findAll(${where}).then((rows) => rows.length)` }),
    ]);
  });

  it('finds models: sequelize.define, sequelize.models, @sequelize/core, sequelize-typescript, NestJS @InjectModel, a models module', () => {
    const code = `
import { Sequelize } from 'sequelize';
import { Model as CoreModel } from '@sequelize/core';
import { Model as TsModel, Table } from 'sequelize-typescript';
import { InjectModel } from '@nestjs/sequelize';
import { Invoice } from '../models';
const db = require('../models');
const sequelize = new Sequelize('postgres://');
const Report = sequelize.define('Report', {});
class Note extends CoreModel {}
@Table
class Task extends TsModel {}
class Service {
  constructor(@InjectModel(Project) private readonly projects: typeof Project) {}
  async run(orgId: string) {
    await Report.findAll({ where: { orgId } });
    await sequelize.models.Comment.findAll({ where: { orgId } });
    await Note.findAll({ where: { orgId } });
    await Task.findAll({ where: { orgId } });
    await this.projects.findAll({ where: { orgId } });
    await Invoice.findAll({ where: { orgId } });
    await db.Payment.findAll({ where: { orgId } });
  }
}`;
    const found = (model: string, receiver: string, flags: { conditional?: true; dropsUndefined?: true } = {}) =>
      q({ model, operation: 'findAll', kind: 'read', constraints: [c('orgId', 'orgId', flags)], text: `${receiver}.findAll({ where: { orgId } })` });
    expect(run(code)).toEqual([
      found('Report', 'Report'),
      found('Comment', 'sequelize.models.Comment'),
      // Sequelize 7 treats an undefined where value as absent.
      found('Note', 'Note', { dropsUndefined: true }),
      found('Task', 'Task'),
      found('Project', 'this.projects'),
      found('Invoice', 'Invoice'),
      found('Payment', 'db.Payment'),
    ]);
  });

  it('reads sequelize.query with replacements and bind parameters', () => {
    const code = `${HEADER}
export async function run(orgId: string) {
  await sequelize.query('SELECT * FROM documents WHERE organization_id = :orgId', { replacements: { orgId } });
  await sequelize.query('DELETE FROM documents WHERE organization_id = ?', { replacements: [orgId] });
  await sequelize.query('UPDATE documents SET a = 1 WHERE organization_id = $1', { bind: [orgId] });
  await sequelize.query('SELECT * FROM documents');
}`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'query', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "sequelize.query('SELECT * FROM documents WHERE organization_id = :orgId', { replacements: { orgId } })" }),
      q({ model: 'documents', operation: 'query', kind: 'delete', constraints: [c('organization_id', 'orgId')], text: "sequelize.query('DELETE FROM documents WHERE organization_id = ?', { replacements: [orgId] })" }),
      q({ model: 'documents', operation: 'query', kind: 'update', constraints: [c('organization_id', 'orgId')], text: "sequelize.query('UPDATE documents SET a = 1 WHERE organization_id = $1', { bind: [orgId] })" }),
      q({ model: 'documents', operation: 'query', kind: 'read', opaque: true, text: "sequelize.query('SELECT * FROM documents')" }),
    ]);
  });
});

describe('Sequelize tenant constraints', () => {
  it('reads operators: Op.and (any), Op.or (every), Op.eq, Op.in, arrays', () => {
    const code = `${HEADER}
export async function run(orgId: string, orgIds: string[], where: object) {
  await Document.findAll({ where: { [Op.and]: [{ organizationId: orgId }, { status: 'open' }] } });
  await Document.findAll({ where: { [Op.or]: [{ organizationId: orgId }, { teamId: orgId }] } });
  await Document.findAll({ where: { [Op.or]: [{ organizationId: orgId }, { isPublic: true }] } });
  await Document.findAll({ where: { [Op.or]: { organizationId: orgId, isPublic: true } } });
  await Document.findAll({ where: { organizationId: { [Op.eq]: orgId } } });
  await Document.findAll({ where: { organizationId: { [Op.in]: [orgId] } } });
  await Document.findAll({ where: { organizationId: { [Op.ne]: orgId } } });
  await Document.findAll({ where: { organizationId: [orgId] } });
  await Document.findAll({ where: { organizationId: orgIds } });
  await Document.findAll({ where: { [Op.not]: { organizationId: orgId } } });
  await Document.findAll({ where: { organizationId: null } });
  await Document.findAll({ where: { organization_id: orgId } });
  await Document.findAll({ where });
  await Document.findAll({ where: orgId ? { organizationId: orgId } : {} });
  await Document.findAll({ where: { status: 'open', ...(orgId && { organizationId: orgId }) } });
  await Document.findAll({ where: { organizationId: orgId ?? undefined } });
}`;
    const find = (where: string, constraints: ReturnType<typeof c>[] = [], extra: { opaque?: boolean } = {}) =>
      q({ model: 'Document', operation: 'findAll', kind: 'read', constraints, ...extra, text: `Document.findAll({ where${where === 'where' ? '' : `: ${where}`} })` });
    expect(run(code)).toEqual([
      find("{ [Op.and]: [{ organizationId: orgId }, { status: 'open' }] }", [c('organizationId', 'orgId')]),
      find('{ [Op.or]: [{ organizationId: orgId }, { teamId: orgId }] }', [c('organizationId', 'orgId'), c('teamId', 'orgId')]),
      find('{ [Op.or]: [{ organizationId: orgId }, { isPublic: true }] }'),
      find('{ [Op.or]: { organizationId: orgId, isPublic: true } }'),
      find('{ organizationId: { [Op.eq]: orgId } }', [c('organizationId', 'orgId')]),
      find('{ organizationId: { [Op.in]: [orgId] } }', [c('organizationId', 'orgId')]),
      find('{ organizationId: { [Op.ne]: orgId } }'),
      find('{ organizationId: [orgId] }', [c('organizationId', 'orgId')]),
      // Sequelize reads an array value as IN; a variable may be one id or a list.
      find('{ organizationId: orgIds }', [c('organizationId', 'orgIds')]),
      find('{ [Op.not]: { organizationId: orgId } }'),
      find('{ organizationId: null }'),
      find('{ organization_id: orgId }', [c('organization_id', 'orgId')]),
      find('where', [], { opaque: true }),
      find('orgId ? { organizationId: orgId } : {}', [c('organizationId', 'orgId', { conditional: true })]),
      find("{ status: 'open', ...(orgId && { organizationId: orgId }) }", [c('organizationId', 'orgId', { conditional: true })]),
      // Sequelize 6 throws on an undefined where value: not a drop.
      find('{ organizationId: orgId ?? undefined }', [c('organizationId', 'orgId ?? undefined')]),
    ]);
  });

  it('reads scopes: a scope called with a tenant value constrains, unscoped() removes it', () => {
    const code = `${HEADER}
export async function run(orgId: string, org: { id: string }, job: { data: { organizationId: string } }) {
  await Document.scope({ method: ['tenant', orgId] }).findAll();
  await Document.scope('active', { method: ['byOrganization', job.data.organizationId] }).count();
  await Document.scope([{ method: ['forOrg', org.id] }]).destroy({ where: { status: 'draft' } });
  await Document.scope('active').findAll();
  await Document.scope({ method: ['tenant', orgId] }).unscoped().findAll();
  await Document.unscoped().scope({ method: ['tenant', orgId] }).findByPk('1');
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'findAll', kind: 'read', constraints: [c('tenant', 'orgId')], text: "Document.scope({ method: ['tenant', orgId] }).findAll()" }),
      q({ model: 'Document', operation: 'count', kind: 'read', constraints: [c('byOrganization', 'job.data.organizationId')], text: "Document.scope('active', { method: ['byOrganization', job.data.organizationId] }).count()" }),
      q({ model: 'Document', operation: 'destroy', kind: 'delete', constraints: [c('forOrg', 'org.id')], text: "Document.scope([{ method: ['forOrg', org.id] }]).destroy({ where: { status: 'draft' } })" }),
      q({ model: 'Document', operation: 'findAll', kind: 'read', text: "Document.scope('active').findAll()" }),
      q({ model: 'Document', operation: 'findAll', kind: 'read', text: "Document.scope({ method: ['tenant', orgId] }).unscoped().findAll()" }),
      q({ model: 'Document', operation: 'findByPk', kind: 'read', constraints: [c('tenant', 'orgId')], byId: true, text: "Document.unscoped().scope({ method: ['tenant', orgId] }).findByPk('1')" }),
    ]);
  });

  it('uses the tenantKeys setting', () => {
    const code = `${HEADER}
export const run = (companyId: string) => Document.findAll({ where: { companyId, orgId: companyId } });`;
    expect(run(code, { tenantKeys: ['companyId'] })).toEqual([
      q({ model: 'Document', operation: 'findAll', kind: 'read', constraints: [c('companyId', 'companyId')], text: 'Document.findAll({ where: { companyId, orgId: companyId } })' }),
    ]);
  });
});

describe('Sequelize syntax variants', () => {
  it('looks through TS wrappers and optional chains', () => {
    const code = `${HEADER}
export async function run(orgId: string | undefined) {
  await (Document as typeof Document).findAll({ where: { organizationId: orgId! } });
  await Document!.findAll({ where: { organizationId: orgId as string } });
  await Document?.findAll({ where: { organizationId: orgId } } satisfies object);
  await Document.findAll({ where: { organizationId: orgId } as object });
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'findAll', kind: 'read', constraints: [c('organizationId', 'orgId!')], text: '(Document as typeof Document).findAll({ where: { organizationId: orgId! } })' }),
      q({ model: 'Document', operation: 'findAll', kind: 'read', constraints: [c('organizationId', 'orgId as string')], text: 'Document!.findAll({ where: { organizationId: orgId as string } })' }),
      q({ model: 'Document', operation: 'findAll', kind: 'read', constraints: [c('organizationId', 'orgId')], text: 'Document?.findAll({ where: { organizationId: orgId } } satisfies object)' }),
      q({ model: 'Document', operation: 'findAll', kind: 'read', constraints: [c('organizationId', 'orgId')], text: 'Document.findAll({ where: { organizationId: orgId } as object })' }),
    ]);
  });

  it('reads plain JavaScript with require', () => {
    const code = `
const { Sequelize, DataTypes, Op } = require('sequelize');
const sequelize = new Sequelize('postgres://');
const Document = sequelize.define('Document', { title: DataTypes.STRING });
module.exports = async (job) => {
  await Document.destroy({ where: { organizationId: { [Op.eq]: job.data.organizationId } } });
};`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'destroy', kind: 'delete', constraints: [c('organizationId', 'job.data.organizationId')], text: 'Document.destroy({ where: { organizationId: { [Op.eq]: job.data.organizationId } } })' }),
    ]);
  });

  it('matches a model known only by its import when its options hold where', () => {
    const code = `
import { Document } from './models';
export async function run(orgId) {
  await Document.findAll({ where: { orgId } });
  await Document.findAll();
  await Document.findByPk(orgId);
  await Document.update({ a: 1 }, { where: { orgId } });
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'findAll', kind: 'read', constraints: [c('orgId', 'orgId')], text: 'Document.findAll({ where: { orgId } })' }),
      q({ model: 'Document', operation: 'update', kind: 'update', constraints: [c('orgId', 'orgId')], text: 'Document.update({ a: 1 }, { where: { orgId } })' }),
    ]);
  });

  it('leaves look-alikes alone', () => {
    const code = lookAlikeModule({
      imports: `
import { Document } from './entities';
import { Repository } from 'typeorm';
`,
      params: 'Model',
      calls: `
  items.findAll({ where: { orgId } });
  await stripe.invoices.update(orgId, { where: 1 });
  Math.max(1, 2);
  Model.findAll({ where: { orgId } });
  await Document.findOne({ where: { orgId } });
`,
    });
    expect(run(code)).toEqual([]);
  });

  it('points suggestions at the where object, or at options without one', () => {
    const code = `${HEADER}
export async function run() {
  await Document.destroy({ where: { status: 'old' } });
  await Document.findAll({ limit: 10 });
}`;
    const fixes = fixesOf(code, sequelize, (fix, sourceCode) => fix && sourceCode.getText(fix.filterObject ?? fix.optionsObject));
    expect(fixes).toEqual(["{ status: 'old' }", '{ limit: 10 }']);
  });

  it('never throws on odd code', () => {
    const code = `${HEADER}
export async function run(...args: any[]) {
  await Document.findAll(...args);
  await Document.findAll({ where: { [args[0]]: 1 } });
  await Document.findAll({ where: { [Op.or]: args } });
  await Document.findAll({ where: { [Op.and]: [...args] } });
  await Document.scope().findAll();
  await Document.scope({ method: [] }).findAll();
  await Document.scope({ method: [...args] }).findAll();
  await Document.scope(...args).findAll();
  await Document.update();
  await Document.max();
  await sequelize.query();
  await sequelize.query(args[0], args[1]);
  await Document[args[0]]({ where: {} });
  await Document.findAll({ where: { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: { k: { l: { m: { n: { o: { p: { q: { r: 1 } } } } } } } } } } } } } } } } } } });
}`;
    expect(() => run(code)).not.toThrow();
  });
});
