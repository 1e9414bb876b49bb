import { describe, expect, it } from 'vitest';
import { foreignKeyStem, mayHoldKysely } from '../../src/schema/kysely';
import { classify, fixture, load, model, names, verdict } from './helpers';

describe('Kysely database interfaces', () => {
  const project = fixture('kysely');

  it('reads a kysely-codegen DB interface (auto)', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(schema?.errors).toEqual([]);
    expect(names(schema)).toEqual(['accounts', 'auth.users', 'comments', 'documents', 'pages', 'revisions', 'shares']);
    expect(model(schema, 'auth.users').aliases).toEqual(['auth.users', 'users']);
  });

  it('reads the file of the setting', () => {
    expect(names(load(project, 'src/jobs/sync.ts', ['src/db/types.ts']))).toHaveLength(7);
  });

  it('reads nullability through ColumnType, Generated and type aliases', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(model(schema, 'comments').fields).toEqual([
      { name: 'id', column: 'id', nullable: false, id: true },
      { name: 'page_id', column: 'page_id', nullable: false },
      { name: 'deleted_at', column: 'deleted_at', nullable: true },
    ]);
    expect(model(schema, 'revisions').fields[0]).toEqual({ name: 'documentId', column: 'documentId', nullable: true });
  });

  it('infers relations from <x>_id / <x>Id columns naming a table; nullable ones are optional', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(model(schema, 'pages').relations).toEqual([{ name: 'document_id', target: 'documents', fields: ['document_id'], required: true, list: false }]);
    expect(model(schema, 'shares').relations).toEqual([{ name: 'document_id', target: 'documents', fields: ['document_id'], required: false, list: false }]);
    expect(model(schema, 'revisions').relations).toEqual([{ name: 'documentId', target: 'documents', fields: ['documentId'], required: false, list: false }]);
    const tables = classify(project, 'src/jobs/sync.ts');
    expect(verdict(tables, 'accounts')).toBe('tenant model');
    expect(verdict(tables, 'documents')).toBe('tenant key account_id');
    expect(verdict(tables, 'pages')).toBe('tenant via document_id -> account_id');
    expect(verdict(tables, 'comments')).toBe('tenant via page_id.document_id -> account_id');
    expect(verdict(tables, 'shares')).toBe('global');
    expect(verdict(tables, 'revisions')).toBe('global');
    expect(verdict(tables, 'users')).toBe('global');
  });

  it('reads a hand-written Database interface; an unrelated Database interface is not a schema', () => {
    const handwritten = fixture('kysely-handwritten');
    const schema = load(handwritten, 'src/jobs/sync.ts');
    expect(schema?.files).toContain(`${handwritten}/src/lib/db.ts`);
    expect(names(schema)).toEqual(['person', 'pet']);
    expect(model(schema, 'person').fields.map((field) => `${field.name}${field.nullable ? '?' : ''}`)).toEqual(['id', 'first_name', 'last_name?']);
    // owner_id names no table: no relation.
    expect(model(schema, 'pet').relations).toEqual([]);
    expect(verdict(classify(handwritten, 'src/jobs/sync.ts'), 'pet')).toBe('tenant key workspace_id');
    // Listed explicitly, a file without a kysely import is read.
    expect(names(load(handwritten, 'src/jobs/sync.ts', ['src/lib/db.ts']))).toEqual(['secrets']);
  });

  it('parses a file for a Database interface only when it imports kysely or the setting lists it', () => {
    const codegen = "import type { ColumnType } from 'kysely';\nexport interface DB { documents: Documents }";
    const supabase = 'export type Json = string | number;\nexport type Database = { public: { Tables: { documents: { Row: { id: string } } } } };';
    expect(mayHoldKysely(codegen, false)).toBe(true);
    expect(mayHoldKysely(supabase, false)).toBe(false);
    expect(mayHoldKysely(supabase, true)).toBe(true);
    expect(mayHoldKysely("import { Kysely } from 'kysely';\nexport const db = new Kysely<Tables>();", false)).toBe(false);
  });

  it.each([
    ['document_id', 'document'],
    ['documentId', 'document'],
    ['documentID', 'document'],
    ['DOCUMENT_ID', 'DOCUMENT'],
    ['id', undefined],
    ['paid', undefined],
    ['_id', undefined],
  ])('foreign-key stem of %s is %s', (column, stem) => {
    expect(foreignKeyStem(column)).toBe(stem);
  });
});
