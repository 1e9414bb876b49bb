import rule from '../../../src/rules/no-fallthrough-missing-tenant';
import { createTsRuleTester } from '../../rule-tester';

const worker = (body: string) =>
  `import { Worker } from 'bullmq';\nimport { prisma } from '@/lib/prisma';\nnew Worker('reports', async (job) => {\n${body}\n});`;

createTsRuleTester().run('no-fallthrough-missing-tenant', rule, {
  valid: [
    // A fatal check before the first use, in every accepted form.
    worker(`  const { organizationId } = job.data;\n  if (!organizationId) throw new Error('missing organizationId');\n  await prisma.document.findMany({ where: { organizationId } });`),
    worker(`  if (job.data.orgId == null) throw new UnrecoverableError('no org');\n  await prisma.document.findMany({ where: { organizationId: job.data.orgId } });`),
    worker(`  if (typeof job.data.orgId !== 'string') { throw new Error('bad'); }\n  await prisma.document.findMany({ where: { organizationId: job.data.orgId } });`),
    worker(`  if (!job.data.orgId || !job.data.userId) throw new Error('bad');\n  await prisma.document.findMany({ where: { organizationId: job.data.orgId } });`),
    worker(`  assert(job.data.orgId);\n  await prisma.document.findMany({ where: { organizationId: job.data.orgId } });`),
    worker(`  invariant(job.data.orgId, 'orgId');\n  await prisma.document.findMany({ where: { organizationId: job.data.orgId } });`),
    worker(`  const data = ReportJob.parse(job.data);\n  await prisma.document.findMany({ where: { organizationId: job.data.orgId } });`),
    worker(`  const orgId = job.data.orgId ?? fail('no org');\n  await prisma.document.findMany({ where: { organizationId: orgId } });\n  function fail(m: string): never { throw new Error(m); }`),
    // A presence check whose missing branch throws through a same-file helper.
    `import { Worker } from 'bullmq';\nimport { prisma } from '@/lib/prisma';\nfunction missing(key: string): never { throw new Error(key); }\nnew Worker('r', async (job) => {\n  if (!job.data.orgId) missing('orgId');\n  await prisma.document.findMany({ where: { organizationId: job.data.orgId } });\n});`,
    // Filters that do not drop undefined need no check (Drizzle eq matches nothing on undefined).
    `import { Worker } from 'bullmq';\nimport { eq } from 'drizzle-orm';\nimport { db } from '@/db';\nimport { documents } from '@/db/schema';\nnew Worker('r', async (job) => db.select().from(documents).where(eq(documents.organizationId, job.data.orgId)));`,
    // arktype: the result of validating the payload is tested and the bad branch throws.
    worker(`  const out = ReportJob(job.data);\n  if (out instanceof type.errors) throw new Error(out.summary);\n  await prisma.document.findMany({ where: { organizationId: job.data.orgId } });`),
    // Inngest v4: the trigger's schema validates the event.
    `import { Inngest, eventType } from 'inngest';\nimport { prisma } from '@/lib/prisma';\nconst inngest = new Inngest({ id: 'a' });\ninngest.createFunction({ id: 'r', triggers: [eventType('app/report', { schema: ReportEvent })] }, async ({ event }) => prisma.document.findMany({ where: { organizationId: event.data.organizationId } }));`,
    // Trigger.dev schemaTask validates the payload.
    `import { schemaTask } from '@trigger.dev/sdk';\nimport { prisma } from '@/lib/prisma';\nexport const t = schemaTask({ id: 't', schema, run: async (payload) => prisma.document.findMany({ where: { organizationId: payload.organizationId } }) });`,
    // Cron handlers have no payload; fan-out loop values are not payload values.
    `import cron from 'node-cron';\nimport { prisma } from '@/lib/prisma';\ncron.schedule('0 * * * *', async () => {\n  for (const org of await prisma.organization.findMany()) await prisma.document.findMany({ where: { organizationId: org.id } });\n});`,
    // A scoped client keeps the query to one tenant even when the filter drops its key.
    {
      code: worker(`  await rlsDb.document.findMany({ where: { organizationId: job.data.organizationId } });`),
      settings: { 'tenant-jobs': { scopedClients: ['rlsDb'] } },
    },
    // A helper's tenant-named parameter, with the check in the handler before the call.
    `import { Worker } from 'bullmq';\nimport { prisma } from '@/lib/prisma';\nasync function load(orgId: string) { return prisma.document.findMany({ where: { organizationId: orgId } }); }\nnew Worker('r', async (job) => {\n  if (!job.data.orgId) throw new Error('x');\n  return load(job.data.orgId);\n});`,
  ],
  invalid: [
    {
      // (b) no check at all: reported once per handler, at the first use.
      code: worker(`  await prisma.document.findMany({ where: { organizationId: job.data.orgId } });\n  await prisma.comment.deleteMany({ where: { organizationId: job.data.orgId } });`),
      errors: [
        {
          messageId: 'unguardedTenantFilter',
          data: { query: 'prisma.document.findMany', job: 'reports', value: 'job.data.orgId', verb: 'reads', model: 'document' },
          line: 4,
          column: 61,
          suggestions: [
            {
              messageId: 'throwOnMissingTenant',
              output: worker(`  if (!job.data.orgId) throw new Error("reports: missing orgId in job payload");\n  await prisma.document.findMany({ where: { organizationId: job.data.orgId } });\n  await prisma.comment.deleteMany({ where: { organizationId: job.data.orgId } });`),
            },
          ],
        },
      ],
    },
    {
      // The check goes after the destructuring that introduces the value.
      code: worker(`  const { organizationId, month } = job.data;\n  await prisma.document.findMany({ where: { organizationId, month } });`),
      errors: [
        {
          messageId: 'unguardedTenantFilter',
          suggestions: [
            {
              messageId: 'throwOnMissingTenant',
              output: worker(`  const { organizationId, month } = job.data;\n  if (!organizationId) throw new Error("reports: missing organizationId in job payload");\n  await prisma.document.findMany({ where: { organizationId, month } });`),
            },
          ],
        },
      ],
    },
    {
      // A check that comes after the use, or in an unrelated branch, does not protect it.
      code: worker(`  if (job.data.kind === 'x') { if (!job.data.orgId) throw new Error('x'); }\n  await prisma.document.findMany({ where: { organizationId: job.data.orgId } });\n  if (!job.data.orgId) throw new Error('late');`),
      errors: [{ messageId: 'unguardedTenantFilter', line: 5, suggestions: [{ messageId: 'throwOnMissingTenant', output: worker(`  if (!job.data.orgId) throw new Error("reports: missing orgId in job payload");\n  if (job.data.kind === 'x') { if (!job.data.orgId) throw new Error('x'); }\n  await prisma.document.findMany({ where: { organizationId: job.data.orgId } });\n  if (!job.data.orgId) throw new Error('late');`) }] }],
    },
    {
      // (c) a check whose missing branch returns: reported at the check, not again at the use.
      code: worker(`  if (!job.data.orgId) return;\n  await prisma.document.findMany({ where: { organizationId: job.data.orgId } });`),
      errors: [
        {
          messageId: 'silentMissingTenant',
          data: { job: 'reports', value: 'job.data.orgId', how: 'return quietly' },
          line: 4,
          suggestions: [
            {
              messageId: 'throwOnMissingTenant',
              output: worker(`  if (!job.data.orgId) throw new Error("reports: missing orgId in job payload");\n  await prisma.document.findMany({ where: { organizationId: job.data.orgId } });`),
            },
          ],
        },
      ],
    },
    {
      // (c) a check that logs and carries on.
      code: worker(`  if (job.data.orgId) {\n    await prisma.document.findMany({ where: { organizationId: job.data.orgId } });\n  } else {\n    console.warn('no org');\n  }`),
      errors: [{ messageId: 'silentMissingTenant', data: { job: 'reports', value: 'job.data.orgId', how: 'skip its work and carry on' }, line: 4, suggestions: [] }],
    },
    {
      // (c) inside a loop: continue.
      code: `import { PgBoss } from 'pg-boss';\nimport { prisma } from '@/lib/prisma';\nconst boss = new PgBoss(url);\nboss.work('sync', async (jobs) => {\n  for (const job of jobs) {\n    if (!job.data.orgId) continue;\n    await prisma.contact.findMany({ where: { organizationId: job.data.orgId } });\n  }\n});`,
      errors: [{ messageId: 'silentMissingTenant', data: { job: 'sync', value: 'job.data.orgId', how: 'skip to the next item' }, line: 6, suggestions: [{ messageId: 'throwOnMissingTenant', output: `import { PgBoss } from 'pg-boss';\nimport { prisma } from '@/lib/prisma';\nconst boss = new PgBoss(url);\nboss.work('sync', async (jobs) => {\n  for (const job of jobs) {\n    if (!job.data.orgId) throw new Error("sync: missing orgId in job payload");\n    await prisma.contact.findMany({ where: { organizationId: job.data.orgId } });\n  }\n});` }] }],
    },
    {
      // (a) a conditional filter: one report at the query, with a fix that filters unconditionally and adds the check.
      code: worker(`  const orgId = job.data.orgId;\n  await prisma.document.findMany({ where: orgId ? { organizationId: orgId } : {} });`),
      errors: [
        {
          messageId: 'conditionalTenantFilter',
          data: { query: 'prisma.document.findMany', job: 'reports', value: 'orgId', verb: 'reads', model: 'document' },
          line: 5,
          suggestions: [
            {
              messageId: 'makeFilterUnconditional',
              output: worker(`  const orgId = job.data.orgId;\n  if (!orgId) throw new Error("reports: missing orgId in job payload");\n  await prisma.document.findMany({ where: { organizationId: orgId } });`),
            },
          ],
        },
      ],
    },
    {
      code: worker(`  await prisma.document.deleteMany({ where: { archived: true, ...(job.data.orgId && { organizationId: job.data.orgId }) } });`),
      errors: [
        {
          messageId: 'conditionalTenantFilter',
          data: { query: 'prisma.document.deleteMany', job: 'reports', value: 'job.data.orgId', verb: 'deletes', model: 'document' },
          suggestions: [
            {
              messageId: 'makeFilterUnconditional',
              output: worker(`  if (!job.data.orgId) throw new Error("reports: missing orgId in job payload");\n  await prisma.document.deleteMany({ where: { archived: true, ...({ organizationId: job.data.orgId }) } });`),
            },
          ],
        },
      ],
    },
    {
      // Drizzle `and()` drops an undefined operand: the tenant condition is conditional.
      code: `import { Worker } from 'bullmq';\nimport { and, eq } from 'drizzle-orm';\nimport { db } from '@/db';\nimport { documents } from '@/db/schema';\nnew Worker('r', async (job) => {\n  const orgId = job.data.orgId;\n  return db.select().from(documents).where(and(orgId ? eq(documents.organizationId, orgId) : undefined, eq(documents.archived, false)));\n});`,
      errors: [{ messageId: 'conditionalTenantFilter', line: 7, suggestions: [{ messageId: 'makeFilterUnconditional', output: `import { Worker } from 'bullmq';\nimport { and, eq } from 'drizzle-orm';\nimport { db } from '@/db';\nimport { documents } from '@/db/schema';\nnew Worker('r', async (job) => {\n  const orgId = job.data.orgId;\n  if (!orgId) throw new Error("r: missing orgId in job payload");\n  return db.select().from(documents).where(and(eq(documents.organizationId, orgId), eq(documents.archived, false)));\n});` }] }],
    },
    {
      // An expression-bodied handler becomes a block with the check.
      code: `import { task } from '@trigger.dev/sdk';\nimport { prisma } from '@/lib/prisma';\nexport const t = task({ id: 'sync', run: async (payload) => prisma.contact.findMany({ where: { workspaceId: payload.workspaceId } }) });`,
      errors: [
        {
          messageId: 'unguardedTenantFilter',
          suggestions: [
            {
              messageId: 'throwOnMissingTenant',
              output: `import { task } from '@trigger.dev/sdk';\nimport { prisma } from '@/lib/prisma';\nexport const t = task({ id: 'sync', run: async (payload) => {\n  if (!payload.workspaceId) throw new Error("sync: missing workspaceId in job payload");\n  return prisma.contact.findMany({ where: { workspaceId: payload.workspaceId } });\n} });`,
            },
          ],
        },
      ],
    },
    {
      // An Inngest trigger without a schema validates nothing.
      code: `import { Inngest, eventType } from 'inngest';\nimport { prisma } from '@/lib/prisma';\nconst inngest = new Inngest({ id: 'a' });\ninngest.createFunction({ id: 'r', triggers: [eventType('app/report')] }, async ({ event }) => prisma.document.findMany({ where: { organizationId: event.data.organizationId } }));`,
      errors: [
        {
          messageId: 'unguardedTenantFilter',
          line: 4,
          suggestions: [
            {
              messageId: 'throwOnMissingTenant',
              output: `import { Inngest, eventType } from 'inngest';\nimport { prisma } from '@/lib/prisma';\nconst inngest = new Inngest({ id: 'a' });\ninngest.createFunction({ id: 'r', triggers: [eventType('app/report')] }, async ({ event }) => {\n  if (!event.data.organizationId) throw new Error("r: missing organizationId in job payload");\n  return prisma.document.findMany({ where: { organizationId: event.data.organizationId } });\n});`,
            },
          ],
        },
      ],
    },
    {
      // A helper's query: the handler's call site is the use.
      code: `import { Worker } from 'bullmq';\nimport { prisma } from '@/lib/prisma';\nasync function load(orgId: string) { return prisma.document.findMany({ where: { organizationId: orgId } }); }\nnew Worker('r', async (job) => load(job.data.orgId));`,
      errors: [{ messageId: 'unguardedTenantFilter', line: 4, column: 37, suggestions: [{ messageId: 'throwOnMissingTenant', output: `import { Worker } from 'bullmq';\nimport { prisma } from '@/lib/prisma';\nasync function load(orgId: string) { return prisma.document.findMany({ where: { organizationId: orgId } }); }\nnew Worker('r', async (job) => {\n  if (!job.data.orgId) throw new Error("r: missing orgId in job payload");\n  return load(job.data.orgId);\n});` }] }],
    },
  ],
});
