import { describe, expect, it } from 'vitest';
import { createMongoLayer, mongo } from '../../../src/analysis/data/mongo';
import { constraint as c, fixesOf, lookAlikeModule, queriesOf, queryOf } from './shared';

const run = queriesOf(mongo);
const q = queryOf('mongo');

const MONGOOSE = `
import mongoose, { model, Model, Schema, Types } from 'mongoose';
const DocumentModel = mongoose.model('Document', new Schema({}));
`;

describe('Mongoose models', () => {
  it('reads every filter method, by-id methods, distinct, counts and inserts', () => {
    const code = `${MONGOOSE}
export async function run(orgId: string, id: string) {
  await DocumentModel.find({ organizationId: orgId });
  await DocumentModel.findOne({ _id: id, organizationId: orgId });
  await DocumentModel.findOneAndUpdate({ organizationId: orgId }, { $set: { a: 1 } });
  await DocumentModel.findOneAndDelete({ organizationId: orgId });
  await DocumentModel.findOneAndReplace({ organizationId: orgId }, {});
  await DocumentModel.updateOne({ organizationId: orgId }, { $set: { a: 1 } });
  await DocumentModel.updateMany({}, { $set: { a: 1 } });
  await DocumentModel.replaceOne({ organizationId: orgId }, {});
  await DocumentModel.deleteOne({ _id: id });
  await DocumentModel.deleteMany({ organizationId: orgId });
  await DocumentModel.countDocuments({ organizationId: orgId });
  await DocumentModel.exists({ organizationId: orgId });
  await DocumentModel.distinct('tags', { organizationId: orgId });
  await DocumentModel.estimatedDocumentCount();
  await DocumentModel.findById(id);
  await DocumentModel.findByIdAndUpdate(id, { a: 1 });
  await DocumentModel.findByIdAndDelete(id);
  await DocumentModel.create({ organizationId: orgId });
  await DocumentModel.insertMany([{ organizationId: orgId }]);
  await DocumentModel.find();
  await DocumentModel.find(undefined);
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organizationId', 'orgId')], text: 'DocumentModel.find({ organizationId: orgId })' }),
      q({ model: 'Document', operation: 'findOne', kind: 'read', constraints: [c('organizationId', 'orgId')], byId: true, text: 'DocumentModel.findOne({ _id: id, organizationId: orgId })' }),
      q({ model: 'Document', operation: 'findOneAndUpdate', kind: 'update', constraints: [c('organizationId', 'orgId')], text: 'DocumentModel.findOneAndUpdate({ organizationId: orgId }, { $set: { a: 1 } })' }),
      q({ model: 'Document', operation: 'findOneAndDelete', kind: 'delete', constraints: [c('organizationId', 'orgId')], text: 'DocumentModel.findOneAndDelete({ organizationId: orgId })' }),
      q({ model: 'Document', operation: 'findOneAndReplace', kind: 'update', constraints: [c('organizationId', 'orgId')], text: 'DocumentModel.findOneAndReplace({ organizationId: orgId }, {})' }),
      q({ model: 'Document', operation: 'updateOne', kind: 'update', constraints: [c('organizationId', 'orgId')], text: 'DocumentModel.updateOne({ organizationId: orgId }, { $set: { a: 1 } })' }),
      q({ model: 'Document', operation: 'updateMany', kind: 'update', text: 'DocumentModel.updateMany({}, { $set: { a: 1 } })' }),
      q({ model: 'Document', operation: 'replaceOne', kind: 'update', constraints: [c('organizationId', 'orgId')], text: 'DocumentModel.replaceOne({ organizationId: orgId }, {})' }),
      q({ model: 'Document', operation: 'deleteOne', kind: 'delete', byId: true, text: 'DocumentModel.deleteOne({ _id: id })' }),
      q({ model: 'Document', operation: 'deleteMany', kind: 'delete', constraints: [c('organizationId', 'orgId')], text: 'DocumentModel.deleteMany({ organizationId: orgId })' }),
      q({ model: 'Document', operation: 'countDocuments', kind: 'read', constraints: [c('organizationId', 'orgId')], text: 'DocumentModel.countDocuments({ organizationId: orgId })' }),
      q({ model: 'Document', operation: 'exists', kind: 'read', constraints: [c('organizationId', 'orgId')], text: 'DocumentModel.exists({ organizationId: orgId })' }),
      q({ model: 'Document', operation: 'distinct', kind: 'read', constraints: [c('organizationId', 'orgId')], text: "DocumentModel.distinct('tags', { organizationId: orgId })" }),
      q({ model: 'Document', operation: 'estimatedDocumentCount', kind: 'read', text: 'DocumentModel.estimatedDocumentCount()' }),
      q({ model: 'Document', operation: 'findById', kind: 'read', byId: true, text: 'DocumentModel.findById(id)' }),
      q({ model: 'Document', operation: 'findByIdAndUpdate', kind: 'update', byId: true, text: 'DocumentModel.findByIdAndUpdate(id, { a: 1 })' }),
      q({ model: 'Document', operation: 'findByIdAndDelete', kind: 'delete', byId: true, text: 'DocumentModel.findByIdAndDelete(id)' }),
      q({ model: 'Document', operation: 'create', kind: 'insert', text: 'DocumentModel.create({ organizationId: orgId })' }),
      q({ model: 'Document', operation: 'insertMany', kind: 'insert', text: 'DocumentModel.insertMany([{ organizationId: orgId }])' }),
      q({ model: 'Document', operation: 'find', kind: 'read', text: 'DocumentModel.find()' }),
      q({ model: 'Document', operation: 'find', kind: 'read', text: 'DocumentModel.find(undefined)' }),
    ]);
  });

  it('finds models: model<T>(), mongoose.models, a NestJS @InjectModel, a Model-typed binding, typegoose, or an import from a models module', () => {
    const code = `
import mongoose, { model, Model } from 'mongoose';
import { InjectModel } from '@nestjs/mongoose';
import { getModelForClass } from '@typegoose/typegoose';
import { Invoice } from '../models/invoice';
import * as models from '@/models';
const Report = model<IReport>('Report', reportSchema);
const Cached = mongoose.models.Cached || mongoose.model('Cached', cachedSchema);
const Note = getModelForClass(NoteClass);
class Service {
  constructor(@InjectModel(Document.name) private readonly documents: Model<DocumentDocument>) {}
  async run(orgId: string, projects: Model<Project>) {
    await this.documents.find({ orgId });
    await projects.find({ orgId });
    await Report.find({ orgId });
    await Cached.find({ orgId });
    await mongoose.models.Task.find({ orgId });
    await Note.find({ orgId });
    await Invoice.find({ orgId });
    await models.Payment.deleteMany({ orgId });
  }
}`;
    const found = (model: string, receiver: string, operation = 'find', kind = 'read') =>
      q({ model, operation, kind, constraints: [c('orgId', 'orgId')], text: `${receiver}.${operation}({ orgId })` });
    expect(run(code)).toEqual([
      found('Document', 'this.documents'),
      found('Project', 'projects'),
      found('Report', 'Report'),
      found('Cached', 'Cached'),
      found('Task', 'mongoose.models.Task'),
      found('NoteClass', 'Note'),
      found('Invoice', 'Invoice'),
      found('Payment', 'models.Payment', 'deleteMany', 'delete'),
    ]);
  });

  it('reads chained conditions: where(path).equals(v), where({ … }), find(extra), and(), or()', () => {
    const code = `${MONGOOSE}
export async function run(orgId: string, id: string) {
  await DocumentModel.find().where('organizationId').equals(orgId).sort({ a: 1 }).lean();
  await DocumentModel.find({ status: 'open' }).where({ organizationId: orgId }).exec();
  await DocumentModel.find().where('organizationId', orgId);
  await DocumentModel.where('organizationId').equals(orgId).deleteMany();
  await DocumentModel.find({ status: 'open' }).find({ organizationId: orgId });
  await DocumentModel.find().and([{ organizationId: orgId }, { status: 'open' }]);
  await DocumentModel.find().or([{ organizationId: orgId }, { teamId: orgId }]);
  await DocumentModel.find().or([{ organizationId: orgId }, { isPublic: true }]);
  await DocumentModel.find().where('organizationId').in([orgId]);
  await DocumentModel.findById(id).where({ organizationId: orgId });
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organizationId', 'orgId')], text: "DocumentModel.find().where('organizationId').equals(orgId).sort({ a: 1 }).lean()" }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organizationId', 'orgId')], text: "DocumentModel.find({ status: 'open' }).where({ organizationId: orgId }).exec()" }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organizationId', 'orgId')], text: "DocumentModel.find().where('organizationId', orgId)" }),
      q({ model: 'Document', operation: 'deleteMany', kind: 'delete', constraints: [c('organizationId', 'orgId')], text: "DocumentModel.where('organizationId').equals(orgId).deleteMany()" }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organizationId', 'orgId')], text: "DocumentModel.find({ status: 'open' }).find({ organizationId: orgId })" }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organizationId', 'orgId')], text: "DocumentModel.find().and([{ organizationId: orgId }, { status: 'open' }])" }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organizationId', 'orgId'), c('teamId', 'orgId')], text: 'DocumentModel.find().or([{ organizationId: orgId }, { teamId: orgId }])' }),
      q({ model: 'Document', operation: 'find', kind: 'read', text: 'DocumentModel.find().or([{ organizationId: orgId }, { isPublic: true }])' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organizationId', 'orgId')], text: "DocumentModel.find().where('organizationId').in([orgId])" }),
      q({ model: 'Document', operation: 'findById', kind: 'read', constraints: [c('organizationId', 'orgId')], byId: true, text: 'DocumentModel.findById(id).where({ organizationId: orgId })' }),
    ]);
  });

  it('follows a query kept in a variable', () => {
    const code = `${MONGOOSE}
export async function run(orgId?: string) {
  const query = DocumentModel.find({ status: 'open' });
  if (orgId) query.where('organizationId').equals(orgId);
  const docs = await query.exec();
  const scoped = DocumentModel.find({ organizationId: orgId });
  return scoped;
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organizationId', 'orgId', { conditional: true })], text: 'query.exec()' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organizationId', 'orgId')], text: 'DocumentModel.find({ organizationId: orgId })' }),
    ]);
  });

  it('reads aggregate pipelines: only a first $match stage constrains', () => {
    const code = `${MONGOOSE}
export async function run(orgId: string, pipeline: object[]) {
  await DocumentModel.aggregate([{ $match: { organizationId: orgId } }, { $group: { _id: '$status' } }]);
  await DocumentModel.aggregate([{ $sort: { a: 1 } }, { $match: { organizationId: orgId } }]);
  await DocumentModel.aggregate([{ $match: { status: 'open' } }]);
  await DocumentModel.aggregate(pipeline);
  await DocumentModel.aggregate().match({ organizationId: orgId }).group({ _id: null });
  await DocumentModel.aggregate().group({ _id: null }).match({ organizationId: orgId });
  const stages = [{ $match: { organizationId: new Types.ObjectId(orgId) } }];
  await DocumentModel.aggregate(stages);
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'aggregate', kind: 'read', constraints: [c('organizationId', 'orgId')], text: "DocumentModel.aggregate([{ $match: { organizationId: orgId } }, { $group: { _id: '$status' } }])" }),
      q({ model: 'Document', operation: 'aggregate', kind: 'read', text: 'DocumentModel.aggregate([{ $sort: { a: 1 } }, { $match: { organizationId: orgId } }])' }),
      q({ model: 'Document', operation: 'aggregate', kind: 'read', text: "DocumentModel.aggregate([{ $match: { status: 'open' } }])" }),
      q({ model: 'Document', operation: 'aggregate', kind: 'read', opaque: true, text: 'DocumentModel.aggregate(pipeline)' }),
      q({ model: 'Document', operation: 'aggregate', kind: 'read', constraints: [c('organizationId', 'orgId')], text: 'DocumentModel.aggregate().match({ organizationId: orgId }).group({ _id: null })' }),
      q({ model: 'Document', operation: 'aggregate', kind: 'read', text: 'DocumentModel.aggregate().group({ _id: null }).match({ organizationId: orgId })' }),
      q({ model: 'Document', operation: 'aggregate', kind: 'read', constraints: [c('organizationId', 'orgId')], text: 'DocumentModel.aggregate(stages)' }),
    ]);
  });
});

describe('MongoDB driver', () => {
  it('reads collections from client.db().collection(), a Db, a typed Collection, and mongoose.connection', () => {
    const code = `
import mongoose from 'mongoose';
import { MongoClient, Collection, Db } from 'mongodb';
const client = new MongoClient(process.env.MONGO_URL!);
const documents = client.db('app').collection('documents');
export async function run(orgId: string, db: Db, invoices: Collection<Invoice>) {
  await client.db('app').collection('documents').find({ orgId }).toArray();
  await documents.updateMany({ orgId }, { $set: { a: 1 } });
  await db.collection('documents').deleteMany({ orgId });
  await invoices.countDocuments({ orgId });
  await mongoose.connection.collection('documents').findOne({ orgId });
  await mongoose.connection.db.collection('documents').distinct('x', { orgId });
  await documents.insertOne({ orgId });
  await documents.aggregate([{ $match: { orgId } }]).toArray();
}`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'find', kind: 'read', constraints: [c('orgId', 'orgId', { dropsUndefined: true })], text: "client.db('app').collection('documents').find({ orgId }).toArray()" }),
      q({ model: 'documents', operation: 'updateMany', kind: 'update', constraints: [c('orgId', 'orgId', { dropsUndefined: true })], text: 'documents.updateMany({ orgId }, { $set: { a: 1 } })' }),
      q({ model: 'documents', operation: 'deleteMany', kind: 'delete', constraints: [c('orgId', 'orgId', { dropsUndefined: true })], text: "db.collection('documents').deleteMany({ orgId })" }),
      q({ model: 'Invoice', operation: 'countDocuments', kind: 'read', constraints: [c('orgId', 'orgId', { dropsUndefined: true })], text: 'invoices.countDocuments({ orgId })' }),
      q({ model: 'documents', operation: 'findOne', kind: 'read', constraints: [c('orgId', 'orgId', { dropsUndefined: true })], text: "mongoose.connection.collection('documents').findOne({ orgId })" }),
      q({ model: 'documents', operation: 'distinct', kind: 'read', constraints: [c('orgId', 'orgId', { dropsUndefined: true })], text: "mongoose.connection.db.collection('documents').distinct('x', { orgId })" }),
      q({ model: 'documents', operation: 'insertOne', kind: 'insert', text: 'documents.insertOne({ orgId })' }),
      q({ model: 'documents', operation: 'aggregate', kind: 'read', constraints: [c('orgId', 'orgId', { dropsUndefined: true })], text: 'documents.aggregate([{ $match: { orgId } }]).toArray()' }),
    ]);
  });

  it('reads a collection by its shape, but not a count() that Firestore has too', () => {
    const code = `
export async function run(db, orgId) {
  await db.collection('documents').find({ orgId }).toArray();
  await db.collection('documents').count();
}`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'find', kind: 'read', constraints: [c('orgId', 'orgId', { dropsUndefined: true })], text: "db.collection('documents').find({ orgId }).toArray()" }),
    ]);
  });

  it('counts driver filters as dropping undefined unless told the driver keeps it (the client is configured elsewhere)', () => {
    const code = `
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
const Doc = mongoose.model('Doc', schema);
const client = new MongoClient('');
export async function run(orgId?: string) {
  await client.db().collection('documents').find({ orgId });
  await Doc.find({ orgId });
}`;
    // The handler's file rarely shows the client's options, and with \`ignoreUndefined: true\` the
    // driver drops the key: the conservative side, as for a data layer that cannot be told apart.
    expect(mongo.driverIgnoresUndefined).toBe(true);
    expect(run(code).map((query) => query.constraints)).toEqual([[c('orgId', 'orgId', { dropsUndefined: true })], [c('orgId', 'orgId')]]);
    const closed = createMongoLayer({ driverIgnoresUndefined: false });
    expect(closed.driverIgnoresUndefined).toBe(false);
    expect(queriesOf(closed)(code).map((query) => query.constraints)).toEqual([[c('orgId', 'orgId')], [c('orgId', 'orgId')]]);
  });
});

describe('Mongo tenant constraints', () => {
  it('reads every scoping form', () => {
    const code = `${MONGOOSE}
export async function run(orgId: string, orgIds: string[], filter: object) {
  await DocumentModel.find({ 'org.id': orgId });
  await DocumentModel.find({ organization: { id: orgId } });
  await DocumentModel.find({ organizationId: { $eq: orgId } });
  await DocumentModel.find({ organizationId: { $in: [orgId] } });
  await DocumentModel.find({ organizationId: { $in: orgIds } });
  await DocumentModel.find({ organizationId: { $ne: orgId } });
  await DocumentModel.find({ organizationId: new Types.ObjectId(orgId) });
  await DocumentModel.find({ organizationId: null });
  await DocumentModel.find({ $and: [{ organizationId: orgId }, { status: 'open' }] });
  await DocumentModel.find({ $or: [{ organizationId: orgId }, { teamId: orgId }] });
  await DocumentModel.find({ $or: [{ organizationId: orgId }, { isPublic: true }] });
  await DocumentModel.find({ organizationId: orgId, $or: [{ a: 1 }, { b: 1 }] });
  await DocumentModel.find({ $nor: [{ organizationId: orgId }] });
  await DocumentModel.find({ $expr: { $eq: ['$organizationId', orgId] } });
  await DocumentModel.find(filter);
  await DocumentModel.find({ ...filter, organizationId: orgId });
  await DocumentModel.find(orgId ? { organizationId: orgId } : {});
}`;
    const find = (arg: string, constraints: ReturnType<typeof c>[] = [], extra: { opaque?: boolean } = {}) =>
      q({ model: 'Document', operation: 'find', kind: 'read', constraints, ...extra, text: `DocumentModel.find(${arg})` });
    expect(run(code)).toEqual([
      find("{ 'org.id': orgId }", [c('org.id', 'orgId')]),
      find('{ organization: { id: orgId } }', [c('organization.id', 'orgId')]),
      find('{ organizationId: { $eq: orgId } }', [c('organizationId', 'orgId')]),
      find('{ organizationId: { $in: [orgId] } }', [c('organizationId', 'orgId')]),
      find('{ organizationId: { $in: orgIds } }', [], { opaque: true }),
      find('{ organizationId: { $ne: orgId } }'),
      find('{ organizationId: new Types.ObjectId(orgId) }', [c('organizationId', 'orgId')]),
      find('{ organizationId: null }'),
      find("{ $and: [{ organizationId: orgId }, { status: 'open' }] }", [c('organizationId', 'orgId')]),
      find('{ $or: [{ organizationId: orgId }, { teamId: orgId }] }', [c('organizationId', 'orgId'), c('teamId', 'orgId')]),
      find('{ $or: [{ organizationId: orgId }, { isPublic: true }] }'),
      find('{ organizationId: orgId, $or: [{ a: 1 }, { b: 1 }] }', [c('organizationId', 'orgId')]),
      find('{ $nor: [{ organizationId: orgId }] }'),
      find("{ $expr: { $eq: ['$organizationId', orgId] } }", [], { opaque: true }),
      find('filter', [], { opaque: true }),
      find('{ ...filter, organizationId: orgId }', [c('organizationId', 'orgId')], { opaque: true }),
      find('orgId ? { organizationId: orgId } : {}', [c('organizationId', 'orgId', { conditional: true })]),
    ]);
  });

  it('uses the tenantKeys setting', () => {
    const code = `${MONGOOSE}
export const run = (companyId: string) => DocumentModel.find({ companyId, orgId: companyId });`;
    expect(run(code, { tenantKeys: ['companyId'] })).toEqual([
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('companyId', 'companyId')], text: 'DocumentModel.find({ companyId, orgId: companyId })' }),
    ]);
  });
});

describe('Mongo syntax variants', () => {
  it('looks through TS wrappers and optional chains', () => {
    const code = `${MONGOOSE}
export async function run(orgId: string | undefined, maybe?: Model<Doc>) {
  await (DocumentModel as Model<Doc>).find({ organizationId: orgId! });
  await DocumentModel!.find({ organizationId: orgId as string });
  await maybe?.find({ organizationId: orgId });
  await DocumentModel.find({ organizationId: orgId } satisfies Record<string, unknown>);
}`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organizationId', 'orgId!')], text: '(DocumentModel as Model<Doc>).find({ organizationId: orgId! })' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organizationId', 'orgId as string')], text: 'DocumentModel!.find({ organizationId: orgId as string })' }),
      q({ model: 'Doc', operation: 'find', kind: 'read', constraints: [c('organizationId', 'orgId')], text: 'maybe?.find({ organizationId: orgId })' }),
      q({ model: 'Document', operation: 'find', kind: 'read', constraints: [c('organizationId', 'orgId')], text: 'DocumentModel.find({ organizationId: orgId } satisfies Record<string, unknown>)' }),
    ]);
  });

  it('reads plain JavaScript with require', () => {
    const code = `
const mongoose = require('mongoose');
const Document = mongoose.model('Document', new mongoose.Schema({}));
const { Invoice } = require('../models');
module.exports = async (job) => {
  await Document.deleteMany({ organizationId: job.data.organizationId });
  await Invoice.find({ organizationId: job.data.organizationId });
};`;
    expect(run(code)).toEqual([
      q({ model: 'Document', operation: 'deleteMany', kind: 'delete', constraints: [c('organizationId', 'job.data.organizationId')], text: 'Document.deleteMany({ organizationId: job.data.organizationId })' }),
      q({ model: 'Invoice', operation: 'find', kind: 'read', constraints: [c('organizationId', 'job.data.organizationId')], text: 'Invoice.find({ organizationId: job.data.organizationId })' }),
    ]);
  });

  it('leaves look-alikes alone', () => {
    const code = lookAlikeModule({
      imports: `
import { Users } from './users';
import { Cache } from './cache';
import { Document as SequelizeDocument } from './sequelize-models';
import { getFirestore } from 'firebase-admin/firestore';
`,
      locals: `
const firestore = getFirestore();
`,
      calls: `
  items.findOne({ orgId });
  Users.find((user) => user.orgId === orgId);
  Cache.find('key');
  Array.from(items).find(Boolean);
  Object.keys(items).find((k) => k);
  await SequelizeDocument.findOne({ where: { orgId } });
  await firestore.collection('documents').where('orgId', '==', orgId).get();
  await Promise.all([]);
`,
    });
    expect(run(code)).toEqual([]);
  });

  it('points suggestions at the filter object', () => {
    const code = `${MONGOOSE}
export const run = () => DocumentModel.deleteMany({ status: 'old' });`;
    const fixes = fixesOf(code, mongo, (fix, sourceCode) => fix?.filterObject && sourceCode.getText(fix.filterObject));
    expect(fixes).toEqual(["{ status: 'old' }"]);
  });

  it('never throws on odd code', () => {
    const code = `${MONGOOSE}
export async function run(...args: any[]) {
  await DocumentModel.find(...args);
  await DocumentModel.find({ ...args });
  await DocumentModel.find({ $or: [...args] });
  await DocumentModel.find({ $or: orgIds });
  await DocumentModel.find({ $and: {} });
  await DocumentModel.find().where().equals();
  await DocumentModel.find().equals(args[0]);
  await DocumentModel.find().in();
  await DocumentModel.distinct();
  await DocumentModel.aggregate([]);
  await DocumentModel.aggregate([, {}]);
  await DocumentModel.aggregate([...args]);
  await DocumentModel.aggregate([1]);
  await DocumentModel[args[0]]({});
  await args[0].collection().find();
  await DocumentModel.find({ a: { b: { c: { d: { e: { f: { g: { h: { i: { j: { k: { l: { m: { n: { o: { p: { q: { r: 1 } } } } } } } } } } } } } } } } } });
  const loop = { ...loop };
  await DocumentModel.find(loop);
}`;
    expect(() => run(code)).not.toThrow();
  });
});
