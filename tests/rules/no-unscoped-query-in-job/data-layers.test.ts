import rule from '../../../src/rules/no-unscoped-query-in-job';
import { createJsRuleTester, createTsRuleTester } from '../../rule-tester';

/** A BullMQ worker whose processor body is `body`, with `imports` above it. */
const worker = (imports: string, body: string) =>
  `import { Worker } from 'bullmq';\n${imports}\nnew Worker('sync', async (job) => {\n${body}\n});`;

/** `suggestion`: the body after the suggestion, where the filter is an object the rule can extend. */
const cases: { layer: string; imports: string; scoped: string; unscoped: string; suggestion?: string }[] = [
  {
    layer: 'Drizzle',
    imports: `import { and, eq } from 'drizzle-orm';\nimport { db } from '@/db';\nimport { documents } from '@/db/schema';`,
    scoped: `  await db.select().from(documents).where(and(eq(documents.organizationId, job.data.organizationId), eq(documents.archived, false)));`,
    unscoped: `  await db.delete(documents).where(eq(documents.archived, true));`,
  },
  {
    layer: 'Kysely',
    imports: `import { db } from '@/db';`,
    scoped: `  await db.selectFrom('documents').selectAll().where('organization_id', '=', job.data.organizationId).execute();`,
    unscoped: `  await db.updateTable('documents').set({ archived: true }).where('archived', '=', false).execute();`,
  },
  {
    layer: 'TypeORM',
    imports: `import { IsNull } from 'typeorm';\nimport { dataSource } from '@/db';\nimport { Document } from '@/entities';`,
    scoped: `  await dataSource.getRepository(Document).find({ where: { organizationId: job.data.organizationId } });`,
    unscoped: `  await dataSource.getRepository(Document).delete({ archived: true, deletedAt: IsNull() });`,
    suggestion: `  if (!job.data.organizationId) throw new Error("sync: missing organizationId in job payload");\n  await dataSource.getRepository(Document).delete({ archived: true, deletedAt: IsNull(), organizationId: job.data.organizationId });`,
  },
  {
    layer: 'Knex',
    imports: `import knex from 'knex';\nconst db = knex({});`,
    scoped: `  await db('documents').where({ organization_id: job.data.organizationId }).del();`,
    unscoped: `  await db('documents').where('archived', true).del();`,
  },
  {
    layer: 'Mongoose',
    imports: `import mongoose from 'mongoose';\nconst Document = mongoose.model('Document', schema);`,
    scoped: `  await Document.find({ organizationId: job.data.organizationId });`,
    unscoped: `  await Document.deleteMany({ archived: true });`,
    suggestion: `  if (!job.data.organizationId) throw new Error("sync: missing organizationId in job payload");\n  await Document.deleteMany({ archived: true, organizationId: job.data.organizationId });`,
  },
  {
    layer: 'Supabase',
    imports: `import { createClient } from '@supabase/supabase-js';\nconst supabase = createClient(url, key);`,
    scoped: `  await supabase.from('documents').select('*').eq('organization_id', job.data.organizationId);`,
    unscoped: `  await supabase.from('documents').delete().eq('archived', true);`,
  },
  {
    layer: 'raw SQL (pg)',
    imports: `import { Pool } from 'pg';\nconst pool = new Pool();`,
    scoped: `  await pool.query('SELECT * FROM documents WHERE organization_id = $1 AND archived = false', [job.data.organizationId]);`,
    unscoped: `  await pool.query('DELETE FROM documents WHERE archived = true');`,
  },
  {
    layer: 'raw SQL (postgres.js)',
    imports: `import postgres from 'postgres';\nconst sql = postgres();`,
    scoped: `  await sql\`select * from documents where organization_id = \${job.data.organizationId}\`;`,
    unscoped: `  await sql\`update documents set archived = true where archived = false\`;`,
  },
];

createTsRuleTester().run('no-unscoped-query-in-job (data layers in a handler)', rule, {
  valid: [
    ...cases.map(({ layer, imports, scoped }) => ({ name: `${layer}: scoped`, code: worker(imports, scoped) })),
    {
      name: 'look-alikes of queries in a handler',
      code: worker(
        `import axios from 'axios';\nimport qs from 'qs';`,
        `  const items = job.data.items.filter((i) => i.active);\n  items.find((i) => i.id === 1);\n  new Map().delete('a');\n  new Set().add(1);\n  await axios.get('/x');\n  await fetch('/y');\n  JSON.parse('{}');\n  qs.stringify({ where: { a: 1 } });\n  console.info('done');\n  router.delete('/x', handler);`,
      ),
    },
  ],
  invalid: cases.map(({ layer, imports, unscoped, suggestion }) => ({
    name: `${layer}: unscoped`,
    code: worker(imports, unscoped),
    errors: [
      {
        messageId: 'unscopedQuery' as const,
        line: imports.split('\n').length + 3,
        suggestions: suggestion ? [{ messageId: 'addTenantFilter' as const, output: worker(imports, suggestion) }] : [],
      },
    ],
  })),
});

createJsRuleTester().run('no-unscoped-query-in-job (plain JavaScript)', rule, {
  valid: [
    `const { Worker } = require('bullmq');\nconst { prisma } = require('./prisma');\nnew Worker('r', async (job) => prisma.document.findMany({ where: { organizationId: job.data.organizationId } }));`,
  ],
  invalid: [
    {
      code: `const { Worker } = require('bullmq');\nconst { prisma } = require('./prisma');\nnew Worker('r', async (job) => prisma.document.findMany({ where: { month: job.data.month } }));`,
      errors: [
        {
          messageId: 'unscopedQuery',
          line: 3,
          suggestions: [
            {
              messageId: 'addTenantFilter',
              output: `const { Worker } = require('bullmq');\nconst { prisma } = require('./prisma');\nnew Worker('r', async (job) => {\n  if (!job.data.organizationId) throw new Error("r: missing organizationId in job payload");\n  return prisma.document.findMany({ where: { month: job.data.month, organizationId: job.data.organizationId } });\n});`,
            },
          ],
        },
      ],
    },
  ],
});
