import { describe, expect, it } from 'vitest';
import { classify, fixture, load, model, names, verdict } from './helpers';

describe('Drizzle schemas', () => {
  const project = fixture('drizzle');

  it('reads the files a drizzle.config names (a glob), found from a job file', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(schema?.errors).toEqual([]);
    expect(schema?.files).toEqual([
      `${project}/src/db/schema/columns.ts`,
      `${project}/src/db/schema/core.ts`,
      `${project}/src/db/schema/lookalike.ts`,
    ]);
    expect(names(schema)).toEqual(['comments', 'documentTags', 'documents', 'organizations', 'pages', 'plans', 'projects', 'sessions', 'shares']);
  });

  it('reads a file named by the setting', () => {
    const schema = load(project, 'src/jobs/sync.ts', ['src/db/schema/core.ts']);
    expect(names(schema)).toContain('documents');
    // The spread columns live in a file that was not listed.
    expect(model(schema, 'projects').fields.map((field) => field.name)).toEqual(['id']);
    expect(names(load(project, 'src/jobs/sync.ts', ['drizzle.config.ts']))).toContain('projects');
  });

  it('a pgTable in a comment, a string or a local function is not a table', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(schema?.models.some((entry) => ['ghosts', 'phantoms', 'notATable', 'not_a_table'].some((name) => entry.aliases.includes(name)))).toBe(false);
  });

  it('gives the variable and the SQL name, and column names from the builders', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(model(schema, 'documentTags').aliases).toEqual(['documentTags', 'document_tags']);
    expect(model(schema, 'sessions').aliases).toEqual(['sessions', 'auth.sessions']);
    expect(model(schema, 'sessions').table).toBe('auth.sessions');
    expect(model(schema, 'documents').fields).toEqual([
      { name: 'id', column: 'id', nullable: false, id: true },
      { name: 'organizationId', column: 'organization_id', nullable: false },
      { name: 'title', column: 'title', nullable: false },
    ]);
    // Callback columns (t) => ({ … }), spread shared columns.
    expect(model(schema, 'pages').fields.map((field) => `${field.name}:${field.column}`)).toEqual(['id:id', 'documentId:document_id', 'position:position']);
    expect(model(schema, 'projects').fields.map((field) => `${field.name}:${field.column}`)).toEqual([
      'workspaceId:workspace_id',
      'createdAt:created_at',
      'id:id',
    ]);
  });

  it('reads relations from .references(), foreignKey() and relations()', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(model(schema, 'documents').relations).toEqual([
      { name: 'organizationId', target: 'organizations', fields: ['organizationId'], required: true, list: false },
    ]);
    // foreignKey() named by relations(); many() is a list.
    expect(model(schema, 'pages').relations).toEqual([
      { name: 'document', target: 'documents', fields: ['documentId'], required: true, list: false },
      { name: 'comments', target: 'comments', fields: [], required: false, list: true },
    ]);
    expect(model(schema, 'comments').relations).toEqual([{ name: 'page', target: 'pages', fields: ['pageId'], required: true, list: false }]);
    // A nullable reference is optional; a primary-key column is not null.
    expect(model(schema, 'shares').relations[0]).toMatchObject({ required: false });
    expect(model(schema, 'documentTags').relations[0]).toMatchObject({ target: 'documents', required: true });
  });

  it('classifies the tables', () => {
    const tables = classify(project, 'src/jobs/sync.ts');
    expect(verdict(tables, 'organizations')).toBe('tenant model');
    expect(verdict(tables, 'documents')).toBe('tenant key organizationId');
    expect(verdict(tables, 'pages')).toBe('tenant via document -> organizationId');
    expect(verdict(tables, 'comments')).toBe('tenant via page.document -> organizationId');
    expect(verdict(tables, 'projects')).toBe('tenant key workspaceId');
    expect(verdict(tables, 'shares')).toBe('global');
    expect(verdict(tables, 'plans')).toBe('global');
    expect(verdict(tables, 'auth.sessions')).toBe('global');
    expect(verdict(tables, 'document_tags')).toBe('tenant via documentId -> organizationId');
  });

  it('without a config, reads schema.ts in the usual folders (mysql, sqlite, table creators)', () => {
    const fallback = fixture('drizzle-fallback');
    const schema = load(fallback, 'src/jobs/sync.ts');
    expect(schema?.files).toEqual([`${fallback}/src/db/schema.ts`]);
    expect(names(schema)).toEqual(['invoices', 'settings', 'teams']);
    expect(model(schema, 'invoices').aliases).toEqual(['invoices', 'invoice']);
    expect(verdict(classify(fallback, 'src/jobs/sync.ts'), 'invoice')).toBe('tenant key teamId');
    expect(names(load(fallback, 'src/jobs/sync.ts', ['src/db']))).toEqual(['invoices', 'settings', 'teams']);
  });
});

describe('Drizzle 1.0', () => {
  it('reads namespace imports, the relations.ts beside the schema and defineRelations', () => {
    const project = fixture('drizzle-v1');
    const schema = load(project, 'src/jobs/sync.ts');
    expect(schema?.errors).toEqual([]);
    expect(schema?.files).toEqual([`${project}/src/db/schema.ts`, `${project}/src/db/relations.ts`]);
    expect(names(schema)).toEqual(['accounts', 'boards', 'cards', 'users']);
    expect(model(schema, 'cards').relations).toEqual([
      { name: 'board', target: 'boards', fields: ['boardId'], required: true, list: false },
      { name: 'assignee', target: 'users', fields: ['assigneeId'], required: false, list: false },
    ]);
    expect(model(schema, 'boards').relations).toEqual([{ name: 'cards', target: 'cards', fields: [], required: false, list: true }]);
    const tables = classify(project, 'src/jobs/sync.ts');
    expect(verdict(tables, 'cards')).toBe('tenant via board -> accountId');
    expect(verdict(tables, 'users')).toBe('global');
  });
});
