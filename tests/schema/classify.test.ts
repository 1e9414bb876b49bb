import { describe, expect, it } from 'vitest';
import { classifySchema, type ProjectSchema, type SchemaModel, type SchemaRelation } from '../../src/schema';
import { resolveSettings } from '../../src/util/settings';

/** A model with `fields` (name or name:column) and relations `name->Target[fk]!` (`!` required, `[]` list). */
function m(name: string, fields: string[], relations: string[] = [], aliases: string[] = []): SchemaModel {
  return {
    name,
    kind: 'prisma',
    aliases: [name, ...aliases],
    fields: ['id', ...fields].map((field) => {
      const [fieldName, column] = field.split(':');
      return { name: fieldName, column: column ?? fieldName, nullable: false, ...(fieldName === 'id' ? { id: true } : {}) };
    }),
    relations: relations.map((text): SchemaRelation => {
      const match = /^(\w+)->(\w+)(?:\[(\w*)\])?(!)?$/.exec(text);
      if (!match) throw new Error(text);
      const list = text.includes('[]');
      return { name: match[1], target: match[2], fields: match[3] ? [match[3]] : [], required: match[4] === '!', list };
    }),
    file: '/schema.prisma',
  };
}

const schema = (...models: SchemaModel[]): ProjectSchema => ({ models, files: ['/schema.prisma'], errors: [] });

describe('classifySchema', () => {
  const base = schema(
    m('Organization', []),
    m('Document', ['organizationId'], ['organization->Organization[organizationId]!']),
    m('Page', ['documentId'], ['document->Document[documentId]!']),
    // Two routes to a tenant key: the shorter one is recorded.
    m('Comment', ['pageId', 'documentId'], ['page->Page[pageId]!', 'document->Document[documentId]!']),
    m('Reaction', ['commentId'], ['comment->Comment[commentId]!']),
    m('Draft', ['documentId'], ['document->Document[documentId]']),
    m('Folder', [], ['documents->Document[]']),
    // A cycle without tenant data.
    m('A', ['bId'], ['b->B[bId]!']),
    m('B', ['aId'], ['a->A[aId]!']),
    m('Category', ['parentId'], ['parent->Category[parentId]!']),
  );

  it('records the shortest relation path to a tenant key', () => {
    const tables = classifySchema(base, resolveSettings({}));
    expect(tables.lookup('Comment')).toMatchObject({ reason: 'relation', path: ['document'], through: ['Document'], tenantKey: 'organizationId' });
    expect(tables.lookup('Reaction')).toMatchObject({ path: ['comment', 'document'], through: ['Comment', 'Document'] });
    expect(tables.lookup('Page')).toMatchObject({ path: ['document'] });
  });

  it('optional and list relations, cycles and self relations do not make tenant data', () => {
    const tables = classifySchema(base, resolveSettings({}));
    for (const name of ['Draft', 'Folder', 'A', 'B', 'Category']) {
      expect(tables.lookup(name), name).toMatchObject({ tenantData: false, reason: 'no-tenant-link' });
    }
  });

  it('a relation straight to a tenant root ends at the root id', () => {
    const tables = classifySchema(
      schema(m('Workspace', []), m('Board', ['ownerId'], ['owner->Workspace[ownerId]!'])),
      resolveSettings({}),
    );
    expect(tables.lookup('board')).toMatchObject({ reason: 'relation', path: ['owner'], through: ['Workspace'], tenantKey: 'id', tenantKeyColumn: 'id' });
    expect(tables.lookup('workspace')).toMatchObject({ tenantData: true, tenantModel: true, reason: 'tenant-model', tenantKey: 'id' });
  });

  it('globalModels win over a tenant key and stop the propagation', () => {
    const tables = classifySchema(base, resolveSettings({ globalModels: ['documents'] }));
    expect(tables.lookup('Document')).toMatchObject({ tenantData: false, reason: 'global-model' });
    expect(tables.lookup('Page')).toMatchObject({ tenantData: false, reason: 'no-tenant-link' });
  });

  it('tenantModels are roots: a model that has no tenant key of its own becomes tenant data through them', () => {
    const tables = classifySchema(
      schema(m('Client', []), m('Invoice', ['clientId'], ['client->Client[clientId]!']), m('Line', ['invoiceId'], ['invoice->Invoice[invoiceId]!'])),
      resolveSettings({ tenantModels: ['clients'] }),
    );
    expect(tables.lookup('client')).toMatchObject({ tenantModel: true, reason: 'tenant-model' });
    expect(tables.lookup('line')).toMatchObject({ reason: 'relation', path: ['invoice', 'client'], tenantKey: 'id' });
  });

  it('uses the tenantKeys setting and its folding, on field names and column names', () => {
    const custom = schema(m('Shop', ['storeRef:store_id']), m('Order', ['companyId']));
    const tables = classifySchema(custom, resolveSettings({ tenantKeys: ['storeId'] }));
    expect(tables.lookup('shop')).toMatchObject({ reason: 'tenant-key', tenantKey: 'storeRef', tenantKeyColumn: 'store_id' });
    expect(tables.lookup('order')).toMatchObject({ tenantData: false });
  });

  it('looks up names as code writes them', () => {
    const tables = classifySchema(
      schema(m('Category', ['teamId'], [], ['category', 'categories']), m('Box', ['teamId']), m('PageView', ['teamId'], [], ['pageView', 'page_views'])),
      resolveSettings({}),
    );
    expect(tables.lookup('categories')?.model.name).toBe('Category');
    expect(tables.lookup('CATEGORIES')?.model.name).toBe('Category');
    expect(tables.lookup('boxes')?.model.name).toBe('Box');
    expect(tables.lookup('page_view')?.model.name).toBe('PageView');
    expect(tables.lookup('_pageViews')?.model.name).toBe('PageView');
    expect(tables.lookup('nothing')).toBeUndefined();
    expect(tables.lookup('public.page_views')?.model.name).toBe('PageView');
    expect(tables.lookup('public.')).toBeUndefined();
  });

  it('returns the same classification for the same schema and settings objects', () => {
    const settings = resolveSettings({});
    expect(classifySchema(base, settings)).toBe(classifySchema(base, settings));
    expect(classifySchema(base, resolveSettings({}))).not.toBe(classifySchema(base, settings));
  });
});
