/**
 * With a project schema (`schema: "auto"` finds tests/fixtures/schema-rules/prisma/schema.prisma
 * from the linted file's folder), tables with no tenant column and no required relation to tenant
 * data are global: queries on them are not reported. Tables that belong to a tenant through a
 * relation get a message naming the relation, and a suggestion that writes the relation filter.
 */
import * as path from 'node:path';
import rule from '../../../src/rules/no-unscoped-query-in-job';
import { createTsRuleTester } from '../../rule-tester';

const PROJECT = path.resolve(__dirname, '..', '..', 'fixtures', 'schema-rules');
const filename = path.join(PROJECT, 'src', 'jobs', 'reports.ts');
/** Outside the fixture project: no schema is found from here. */
const elsewhere = path.resolve(__dirname, '..', '..', 'fixtures', 'saas-project', 'src', 'jobs', 'reports.ts');

const worker = (body: string) =>
  `import { Worker } from 'bullmq';\nimport { prisma } from '@/lib/prisma';\nimport { sql } from '@/lib/db';\nnew Worker('reports', async (job) => {\n  const { organizationId } = job.data;\n  if (!organizationId) throw new Error('reports: missing organizationId');\n${body}\n});`;

createTsRuleTester().run('no-unscoped-query-in-job (with a Prisma schema)', rule, {
  valid: [
    // Global tables by the schema: no tenant column, no required relation to tenant data, by
    // Prisma delegate, by `@@map` table name in SQL.
    { code: worker(`  await prisma.plan.findMany();\n  await prisma.featureFlag.findMany({ where: { enabled: true } });`), filename },
    { code: worker('  await sql`SELECT * FROM plans`;\n  await sql`SELECT key FROM feature_flags WHERE enabled`;'), filename },
    // An optional relation to tenant data does not make a table tenant data.
    { code: worker(`  await prisma.comment.findMany();`), filename },
    // The tenant root is listed in a fan-out.
    { code: worker(`  await prisma.organization.findMany();`), filename },
    // Scoped through the relation, or by the table's own key.
    { code: worker(`  await prisma.page.findMany({ where: { document: { organizationId } } });`), filename },
    { code: worker(`  await prisma.project.findMany({ where: { workspaceId: organizationId } });`), filename },
    // `globalModels` still wins over the schema.
    { code: worker(`  await prisma.page.findMany();`), filename, settings: { 'tenant-jobs': { globalModels: ['page'] } } },
    // A schema given by path (absolute here; relative ones start at the working directory) is used wherever the file is.
    {
      code: worker(`  await prisma.plan.findMany();`),
      filename: elsewhere,
      settings: { 'tenant-jobs': { schema: [path.join(PROJECT, 'prisma', 'schema.prisma')] } },
    },
  ],
  invalid: [
    // Without a schema (an empty list turns the search off), `plan` counts as tenant data.
    {
      code: worker(`  await prisma.plan.findMany();`),
      filename,
      settings: { 'tenant-jobs': { schema: [] } },
      errors: [{ messageId: 'unscopedQuery', data: { query: 'prisma.plan.findMany', job: 'reports', verb: 'reads', model: 'plan', key: 'organizationId' } }],
    },
    // A table that belongs to a tenant through a relation: the message names it, the suggestion
    // writes the relation filter.
    {
      code: worker(`  const pages = await prisma.page.findMany({ where: { body: '' } });`),
      filename,
      errors: [
        {
          messageId: 'unscopedRelationQuery',
          data: { query: 'prisma.page.findMany', job: 'reports', verb: 'reads', model: 'page', relation: 'document', how: 'filter by', filter: 'document: { organizationId }' },
          suggestions: [
            {
              messageId: 'addTenantFilter',
              data: { property: 'document: { organizationId }' },
              output: worker(`  const pages = await prisma.page.findMany({ where: { body: '', document: { organizationId } } });`),
            },
          ],
        },
      ],
    },
    // Two relations away.
    {
      code: worker(`  await prisma.block.deleteMany({ where: { text: '' } });`),
      filename,
      errors: [
        {
          messageId: 'unscopedRelationQuery',
          data: { query: 'prisma.block.deleteMany', job: 'reports', verb: 'deletes', model: 'block', relation: 'page.document', how: 'filter by', filter: 'page: { document: { organizationId } }' },
          suggestions: [
            {
              messageId: 'addTenantFilter',
              data: { property: 'page: { document: { organizationId } }' },
              output: worker(`  await prisma.block.deleteMany({ where: { text: '', page: { document: { organizationId } } } });`),
            },
          ],
        },
      ],
    },
    // The table's own tenant key, as the schema spells it.
    {
      code: worker(`  await prisma.project.findMany({ where: { name: 'x' } });`),
      filename,
      errors: [
        {
          messageId: 'unscopedQuery',
          data: { query: 'prisma.project.findMany', job: 'reports', verb: 'reads', model: 'project', key: 'workspaceId' },
          suggestions: [
            {
              messageId: 'addTenantFilter',
              data: { property: 'workspaceId: organizationId' },
              output: worker(`  await prisma.project.findMany({ where: { name: 'x', workspaceId: organizationId } });`),
            },
          ],
        },
      ],
    },
    // SQL has no relation filters: join the table that holds the key, by its column name.
    {
      code: worker('  await sql`DELETE FROM pages WHERE body = \'\'`;'),
      filename,
      errors: [
        {
          messageId: 'unscopedRelationQuery',
          data: { query: 'sql', job: 'reports', verb: 'deletes', model: 'pages', relation: 'document', how: 'join it and filter by', filter: 'documents.organization_id' },
          suggestions: [],
        },
      ],
    },
    // A table the schema does not know is checked as without a schema.
    {
      code: worker(`  await prisma.widget.findMany();`),
      filename,
      errors: [{ messageId: 'unscopedQuery', data: { query: 'prisma.widget.findMany', job: 'reports', verb: 'reads', model: 'widget', key: 'organizationId' } }],
    },
    // A scheduled job that reads a relation-scoped table.
    {
      code: `import { schedule } from 'node-cron';\nimport { prisma } from '@/lib/prisma';\nschedule('0 * * * *', async () => {\n  await prisma.page.findMany();\n});`,
      filename,
      errors: [
        {
          messageId: 'unscopedCronRelationQuery',
          data: { query: 'prisma.page.findMany', job: '0 * * * *', verb: 'reads', model: 'page', relation: 'document', how: 'filter by', filter: 'document: { organizationId }' },
        },
      ],
    },
  ],
});
