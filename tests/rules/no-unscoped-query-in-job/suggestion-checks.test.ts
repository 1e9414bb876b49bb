/**
 * The tenant filter a suggestion adds takes its value from the payload, which can be missing: when
 * no check protects the query, the suggestion also inserts `if (!value) throw …` (what
 * no-fallthrough-missing-tenant asks for), where the value is in scope.
 */
import rule from '../../../src/rules/no-unscoped-query-in-job';
import { createTsRuleTester } from '../../rule-tester';

const prisma = `import { Worker } from 'bullmq';\nimport { prisma } from '@/lib/prisma';\n`;

createTsRuleTester().run('no-unscoped-query-in-job (the check a filter suggestion adds)', rule, {
  valid: [],
  invalid: [
    {
      name: 'after a binding declared in a loop, typed',
      code: `import { MongoClient } from 'mongodb';\nimport type { SQSEvent, SQSHandler } from 'aws-lambda';\nconst client = new MongoClient(url);\nexport const handler: SQSHandler = async (event: SQSEvent) => {\n  for (const record of event.Records) {\n    const body = JSON.parse(record.body);\n    const tenantId: string | undefined = body.tenantId;\n    await client.db().collection('reports').deleteMany({});\n  }\n};`,
      errors: [
        {
          messageId: 'unscopedQuery',
          suggestions: [
            {
              messageId: 'addTenantFilter',
              output: `import { MongoClient } from 'mongodb';\nimport type { SQSEvent, SQSHandler } from 'aws-lambda';\nconst client = new MongoClient(url);\nexport const handler: SQSHandler = async (event: SQSEvent) => {\n  for (const record of event.Records) {\n    const body = JSON.parse(record.body);\n    const tenantId: string | undefined = body.tenantId;\n    if (!tenantId) throw new Error("handler: missing tenantId in job payload");\n    await client.db().collection('reports').deleteMany({ tenantId });\n  }\n};`,
            },
          ],
        },
      ],
    },
    {
      name: 'a parenthesised expression body becomes a block',
      code: `${prisma}new Worker('r', async (job) => (prisma.document.findMany({ where: { month: 1 } })));`,
      errors: [
        {
          messageId: 'unscopedQuery',
          suggestions: [
            {
              messageId: 'addTenantFilter',
              output: `${prisma}new Worker('r', async (job) => {\n  if (!job.data.organizationId) throw new Error("r: missing organizationId in job payload");\n  return (prisma.document.findMany({ where: { month: 1, organizationId: job.data.organizationId } }));\n});`,
            },
          ],
        },
      ],
    },
    {
      name: 'no second check when a fatal one protects the query',
      code: `${prisma}new Worker('r', async (job) => {\n  if (!job.data.organizationId) throw new Error('no tenant');\n  await prisma.document.findMany({ where: { archived: false } });\n});`,
      errors: [
        {
          messageId: 'unscopedQuery',
          suggestions: [
            {
              messageId: 'addTenantFilter',
              output: `${prisma}new Worker('r', async (job) => {\n  if (!job.data.organizationId) throw new Error('no tenant');\n  await prisma.document.findMany({ where: { archived: false, organizationId: job.data.organizationId } });\n});`,
            },
          ],
        },
      ],
    },
    {
      // The silent check is no-fallthrough-missing-tenant's to report (and to turn into a throw).
      name: 'no check when a silent one protects the query',
      code: `${prisma}new Worker('r', async (job) => {\n  if (!job.data.organizationId) return;\n  await prisma.document.findMany({ where: { archived: false } });\n});`,
      errors: [
        {
          messageId: 'unscopedQuery',
          suggestions: [
            {
              messageId: 'addTenantFilter',
              output: `${prisma}new Worker('r', async (job) => {\n  if (!job.data.organizationId) return;\n  await prisma.document.findMany({ where: { archived: false, organizationId: job.data.organizationId } });\n});`,
            },
          ],
        },
      ],
    },
    {
      name: 'no check for a Trigger.dev schemaTask, whose payload is validated',
      code: `import { schemaTask } from '@trigger.dev/sdk';\nimport { prisma } from '@/lib/prisma';\nexport const t = schemaTask({ id: 't', schema, run: async (payload) => prisma.document.findMany({ where: { month: 1 } }) });`,
      errors: [
        {
          messageId: 'unscopedQuery',
          suggestions: [
            {
              messageId: 'addTenantFilter',
              output: `import { schemaTask } from '@trigger.dev/sdk';\nimport { prisma } from '@/lib/prisma';\nexport const t = schemaTask({ id: 't', schema, run: async (payload) => prisma.document.findMany({ where: { month: 1, organizationId: payload.organizationId } }) });`,
            },
          ],
        },
      ],
    },
  ],
});
