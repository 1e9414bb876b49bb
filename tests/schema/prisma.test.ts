import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { readPrismaSchema, UNKNOWN_PREVIEW_FEATURES } from '../../src/schema/prisma';
import { classify, fixture, load, model, names, verdict } from './helpers';

describe('Prisma schemas', () => {
  const project = fixture('prisma');

  it('finds prisma/schema.prisma from a job file (auto) and reads a Prisma 6 schema with a datasource url', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(schema?.errors).toEqual([]);
    expect(schema?.files).toEqual([`${project}/prisma/schema.prisma`]);
    expect(names(schema)).toEqual(['Attachment', 'Board', 'Comment', 'Document', 'Member', 'Organization', 'Page', 'PageView', 'Plan', 'Project', 'User']);
  });

  it('reads the schema from a path of the setting', () => {
    const schema = load(project, 'src/jobs/sync.ts', ['prisma/schema.prisma']);
    expect(schema?.errors).toEqual([]);
    expect(names(schema)).toContain('PageView');
  });

  it('gives every name code uses for a model: model, delegate and @@map table', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(model(schema, 'PageView').aliases).toEqual(['PageView', 'pageView', 'page_views']);
    expect(model(schema, 'PageView').table).toBe('page_views');
    expect(model(schema, 'Document').aliases).toEqual(['Document', 'document', 'documents']);
    expect(model(schema, 'User').aliases).toEqual(['User', 'user']);
  });

  it('gives fields with their @map column names, and relations with foreign keys, optionality and lists', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(model(schema, 'Page').fields).toEqual([
      { name: 'id', column: 'id', nullable: false, id: true },
      { name: 'documentId', column: 'document_id', nullable: false },
    ]);
    expect(model(schema, 'Page').relations).toEqual([
      { name: 'document', target: 'Document', fields: ['documentId'], required: true, list: false },
      { name: 'comments', target: 'Comment', fields: [], required: false, list: true },
      { name: 'views', target: 'PageView', fields: [], required: false, list: true },
    ]);
    expect(model(schema, 'Attachment').relations).toEqual([
      { name: 'document', target: 'Document', fields: ['documentId'], required: false, list: false },
    ]);
    expect(model(schema, 'Attachment').fields[1]).toEqual({ name: 'documentId', column: 'documentId', nullable: true });
  });

  it('classifies: tenant keys, required relations (transitively), not optional or list relations', () => {
    const tables = classify(project, 'src/jobs/sync.ts');
    expect(verdict(tables, 'Organization')).toBe('tenant model');
    expect(verdict(tables, 'Document')).toBe('tenant key organizationId');
    expect(verdict(tables, 'Member')).toBe('tenant key organizationId');
    expect(verdict(tables, 'Page')).toBe('tenant via document -> organizationId');
    expect(verdict(tables, 'Comment')).toBe('tenant via page.document -> organizationId');
    expect(verdict(tables, 'PageView')).toBe('tenant via page.document -> organizationId');
    expect(verdict(tables, 'Attachment')).toBe('global');
    expect(verdict(tables, 'User')).toBe('global');
    expect(verdict(tables, 'Plan')).toBe('global');
    expect(tables.lookup('comment')).toMatchObject({
      tenantData: true,
      path: ['page', 'document'],
      through: ['Page', 'Document'],
      tenantKey: 'organizationId',
      tenantKeyColumn: 'organization_id',
    });
  });

  it('counts a tenant key by field name or by column name', () => {
    const tables = classify(project, 'src/jobs/sync.ts');
    // workspaceId stored in project_owner; ownerRef stored in workspace_id.
    expect(verdict(tables, 'Project')).toBe('tenant key workspaceId');
    expect(tables.lookup('board')).toMatchObject({ reason: 'tenant-key', tenantKey: 'ownerRef', tenantKeyColumn: 'workspace_id' });
  });

  it('looks models up by delegate, model name or table, folding case, underscores and plurals', () => {
    const tables = classify(project, 'src/jobs/sync.ts');
    for (const name of ['pageView', 'PageView', 'page_views', 'page_view', 'PAGE_VIEWS', 'pageViews']) {
      expect(tables.lookup(name)?.model.name, name).toBe('PageView');
    }
    expect(tables.lookup('documents')?.model.name).toBe('Document');
    expect(tables.lookup('organizations')?.model.name).toBe('Organization');
    expect(tables.lookup('invoice')).toBeUndefined();
  });

  it('reads a multi-file schema (prisma/schema/**/*.prisma) of Prisma 7', () => {
    const multi = fixture('prisma-multi');
    const schema = load(multi, 'src/jobs/sync.ts');
    expect(schema?.errors).toEqual([]);
    expect(schema?.files).toEqual([`${multi}/prisma/schema/main.prisma`, `${multi}/prisma/schema/models/project.prisma`]);
    expect(names(schema)).toEqual(['Project', 'Task', 'Workspace']);
    expect(verdict(classify(multi, 'src/jobs/sync.ts'), 'task')).toBe('tenant via project -> workspaceId');
    expect(names(load(multi, 'src/jobs/sync.ts', ['prisma/schema']))).toEqual(['Project', 'Task', 'Workspace']);
  });

  it('follows the prisma.schema field of package.json', () => {
    const pkg = fixture('prisma-package-json');
    const schema = load(pkg, 'src/worker.ts');
    expect(schema?.files).toEqual([`${pkg}/db/app.prisma`]);
    expect(model(schema, 'Ticket').aliases).toEqual(['Ticket', 'ticket', 'support_tickets']);
    expect(names(load(pkg, 'src/worker.ts', ['package.json']))).toEqual(['Tenant', 'Ticket']);
  });

  it('follows the schema of prisma.config.ts (a folder: one multi-file schema)', () => {
    const config = fixture('prisma-config');
    const schema = load(config, 'src/worker.ts');
    expect(schema?.errors).toEqual([]);
    expect(names(schema)).toEqual(['Note', 'Team']);
    expect(verdict(classify(config, 'src/worker.ts'), 'notes')).toBe('tenant key teamId');
  });

  it('returns a malformed schema as an error with file and line, never throwing', () => {
    const broken = fixture('prisma-broken');
    const schema = load(broken, 'package.json');
    expect(schema?.models).toEqual([]);
    expect(schema?.errors).toEqual([
      {
        file: `${broken}/prisma/schema.prisma`,
        line: 9,
        message: 'Type "Usr" is neither a built-in type, nor refers to another model, composite type, or enum.',
      },
    ]);
    const tables = classify(broken, 'package.json');
    expect(tables.lookup('document')).toBeUndefined();
    expect(tables.errors).toHaveLength(1);
  });
});

describe('Prisma generator preview features', () => {
  it("reads a schema whose generator names a preview feature this engine does not know (another Prisma version's)", () => {
    const text = [
      'generator client {',
      '  provider        = "prisma-client-js"',
      '  previewFeatures = ["relationJoins", "metrics", "someFutureFeature"]',
      '}',
      'datasource db {',
      '  provider = "postgresql"',
      '  url      = env("DATABASE_URL")',
      '}',
      'model Report {',
      '  id             String @id',
      '  organizationId String',
      '}',
    ].join('\n');
    const read = readPrismaSchema([{ path: '/project/prisma/schema.prisma', text }]);
    expect(read.error).toBeUndefined();
    expect(read.models.map((m) => m.name)).toEqual(['Report']);
    // A real error in a model is still reported, with its line.
    const broken = readPrismaSchema([{ path: '/project/prisma/schema.prisma', text: text.replace('String @id', 'Strin @id') }]);
    expect(broken.models).toEqual([]);
    expect(broken.error).toMatchObject({ file: '/project/prisma/schema.prisma', line: 10 });
  });
});

describe('Prisma 5/6 datasource properties', () => {
  const engine = createRequire(__filename)('@prisma/prisma-schema-wasm') as { get_datamodel: (input: string) => string; lint: (input: string) => string };
  const schema = (datasource: string[]) =>
    [
      'generator client {',
      '  provider = "prisma-client-js"',
      '}',
      'datasource db {',
      ...datasource,
      '}',
      'model Link {',
      '  id             String @id',
      '  url            String',
      '  organizationId String',
      '}',
    ].join('\n');
  const read = (text: string) => {
    const datamodel = vi.spyOn(engine, 'get_datamodel');
    const lint = vi.spyOn(engine, 'lint');
    try {
      const result = readPrismaSchema([{ path: '/project/prisma/schema.prisma', text }]);
      return { result, datamodelCalls: datamodel.mock.calls.length, lintCalls: lint.mock.calls.length };
    } finally {
      datamodel.mockRestore();
      lint.mockRestore();
    }
  };
  const fields = (result: ReturnType<typeof readPrismaSchema>) => result.models.flatMap((m) => m.fields.map((field) => `${m.name}.${field.name}`));

  const withFeatures = (features: string) =>
    schema(['  provider = "postgresql"', '  url      = env("DATABASE_URL")']).replace('  provider = "prisma-client-js"', `  provider = "prisma-client-js"\n  previewFeatures = ${features}`);

  it.each([
    [
      'url, directUrl and shadowDatabaseUrl: one call of the engine, the field named url kept',
      schema(['  provider          = "postgresql"', '  url               = env("DATABASE_URL") // pooled', '  directUrl         = env("DIRECT_URL")', '  shadowDatabaseUrl = env("SHADOW_URL")']),
      1,
      0,
    ],
    ['a url the text cannot blank (a brace in it): through the engine diagnostics', schema(['  provider = "postgresql"', '  url      = "postgresql://app@db/main?options={x}"']), 2, 1],
    ['Prisma 7 (no url), a commented-out url left alone: one call', schema(['  provider = "postgresql"', '  // url = env("DATABASE_URL")']), 1, 0],
    ['a url and a retired preview feature this engine does not know (metrics): one call', withFeatures('["relationJoins", "metrics"]'), 1, 0],
    ['a preview feature of another Prisma: through the engine diagnostics', withFeatures('["someFutureFeature"]'), 2, 1],
  ])('reads a schema with %s', (_, text, datamodel, lint) => {
    const { result, datamodelCalls, lintCalls } = read(text);
    expect(result.error).toBeUndefined();
    expect(fields(result)).toEqual(['Link.id', 'Link.url', 'Link.organizationId']);
    expect([datamodelCalls, lintCalls]).toEqual([datamodel, lint]);
  });

  const withView = (features: string) => `${withFeatures(features)}\nview LinkCount {\n  organizationId String @unique\n  total          Int\n}`;

  it.each([
    ['views and a deprecated feature the engine accepts (tracing)', '["views", "tracing"]', 1, 0],
    ['views and a retired feature it does not know (metrics), left out from the text', '["views", "metrics"]', 1, 0],
    ['a retired feature first, then views', '["Metrics", "views"]', 1, 0],
    ['views and a feature of another Prisma, left out through the diagnostics', '["views", "someFutureFeature"]', 2, 1],
    ['a retired feature between two others, with a future one', '["views", "metrics", "someFutureFeature", "relationJoins"]', 2, 1],
  ])('keeps the view of a schema whose preview features are %s', (_, features, datamodel, lint) => {
    const { result, datamodelCalls, lintCalls } = read(withView(features));
    expect(result.error).toBeUndefined();
    expect(result.models.map((m) => m.name)).toEqual(['Link', 'LinkCount']);
    expect([datamodelCalls, lintCalls]).toEqual([datamodel, lint]);
  });

  it('reports a later error with its line when a list loses a feature', () => {
    const text = withView('["views", "someFutureFeature"]').replace('total          Int', 'total          Innt');
    const { result } = read(text);
    expect(result.models).toEqual([]);
    expect(result.error).toMatchObject({ file: '/project/prisma/schema.prisma', line: text.split('\n').findIndex((line) => line.includes('Innt')) + 1 });
  });

  it.each([...UNKNOWN_PREVIEW_FEATURES])('the engine refuses the preview feature %s as not known', (feature) => {
    const text = withFeatures(`["${feature}"]`);
    const diagnostics = JSON.parse(engine.lint(JSON.stringify([['/project/prisma/schema.prisma', text]]))) as { text: string; is_warning: boolean }[];
    expect(diagnostics.filter((diagnostic) => !diagnostic.is_warning).map((diagnostic) => diagnostic.text.split('.')[0])).toContainEqual(
      expect.stringMatching(/^The preview feature "[^"]+" is not known$/),
    );
  });

  it('still reports an error elsewhere in a schema with a url, with its line', () => {
    const { result } = read(schema(['  provider = "postgresql"', '  url      = env("DATABASE_URL")']).replace('organizationId String', 'organizationId Strin'));
    expect(result.models).toEqual([]);
    expect(result.error).toMatchObject({ file: '/project/prisma/schema.prisma', line: 11 });
  });
});
