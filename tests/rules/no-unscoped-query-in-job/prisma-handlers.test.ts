import rule from '../../../src/rules/no-unscoped-query-in-job';
import { createTsRuleTester } from '../../rule-tester';

const worker = (body: string) =>
  `import { Worker } from 'bullmq';\nimport { prisma } from '@/lib/prisma';\nnew Worker('reports', async (job) => {\n${body}\n});`;

createTsRuleTester().run('no-unscoped-query-in-job (BullMQ + Prisma)', rule, {
  valid: [
    // The payload's tenant id scopes the query: directly, copied, destructured, nested.
    worker(`  await prisma.document.findMany({ where: { organizationId: job.data.organizationId } });`),
    worker(`  const orgId = job.data.orgId;\n  await prisma.document.findMany({ where: { organizationId: orgId } });`),
    worker(`  const { organizationId } = job.data;\n  await prisma.document.deleteMany({ where: { organizationId, archived: true } });`),
    // A relation filter and a shared where object.
    worker(`  await prisma.task.findMany({ where: { project: { organizationId: job.data.organizationId } } });`),
    worker(`  const where = { organizationId: job.data.organizationId };\n  await prisma.document.count({ where: { ...where, archived: false } });`),
    // Tenant models and inserts are not checked.
    worker(`  await prisma.organization.findMany();\n  await prisma.document.create({ data: { title: 't' } });`),
    // A filter the data layer cannot read is not judged.
    worker(`  await prisma.document.findMany(args);`),
    // A scoped client: made by a call given the tenant id, or the callback parameter of one.
    worker(`  const db = getTenantDb(job.data.organizationId);\n  await db.document.findMany();`),
    worker(`  await withTenant(job.data.organizationId, async (tx) => tx.document.findMany());`),
    worker(`  const tdb = prisma.$extends(forTenant(job.data.orgId));\n  await tdb.document.findMany();\n  await tdb.$transaction(async (tx) => tx.document.deleteMany());`),
    // A value verified by a scoped query.
    worker(`  const project = await prisma.project.findFirst({ where: { id: job.data.projectId, organizationId: job.data.organizationId } });\n  await prisma.task.findMany({ where: { projectId: project.id } });`),
    // Look-alikes inside a handler.
    worker(`  const doc = docs.find((d) => d.id === job.data.id);\n  cache.delete(job.data.key);\n  await stripe.invoices.list({ customer: job.data.customer });\n  map.delete('x');`),
    // Queries outside any handler are another rule's business.
    `import { prisma } from '@/lib/prisma';\nexport async function listDocuments() { return prisma.document.findMany(); }`,
    // globalModels from settings.
    {
      code: worker(`  await prisma.plan.findMany();\n  await prisma.featureFlag.findMany();`),
      settings: { 'tenant-jobs': { globalModels: ['plans', 'feature_flag'] } },
    },
    // scopedClients from settings.
    {
      code: worker(`  await tenantPrisma.document.findMany();\n  await rls(async (tx) => tx.document.findMany());`),
      settings: { 'tenant-jobs': { scopedClients: ['tenantPrisma', 'rls'] } },
    },
    // A same-file helper whose tenant-named parameter scopes its query.
    `import { Worker } from 'bullmq';\nimport { prisma } from '@/lib/prisma';\nasync function load(orgId: string) { return prisma.document.findMany({ where: { organizationId: orgId } }); }\nnew Worker('r', async (job) => load(job.data.orgId));`,
  ],
  invalid: [
    {
      code: worker(`  const docs = await prisma.document.findMany({ where: { archived: false } });`),
      errors: [
        {
          messageId: 'unscopedQuery',
          data: { query: 'prisma.document.findMany', job: 'reports', verb: 'reads', model: 'document', key: 'organizationId' },
          line: 4,
          column: 22,
          suggestions: [
            {
              messageId: 'addTenantFilter',
              data: { property: 'organizationId: job.data.organizationId' },
              output: worker(`  if (!job.data.organizationId) throw new Error("reports: missing organizationId in job payload");\n  const docs = await prisma.document.findMany({ where: { archived: false, organizationId: job.data.organizationId } });`),
            },
          ],
        },
      ],
    },
    {
      // No `where` yet: the suggestion creates it.
      code: worker(`  await prisma.document.deleteMany({});`),
      errors: [
        {
          messageId: 'unscopedQuery',
          data: { query: 'prisma.document.deleteMany', job: 'reports', verb: 'deletes', model: 'document', key: 'organizationId' },
          suggestions: [
            {
              messageId: 'addTenantFilter',
              output: worker(`  if (!job.data.organizationId) throw new Error("reports: missing organizationId in job payload");\n  await prisma.document.deleteMany({ where: { organizationId: job.data.organizationId } });`),
            },
          ],
        },
      ],
    },
    {
      // A destructured tenant value in scope is preferred, with the key spelled as the file does.
      code: worker(`  const { orgId } = job.data;\n  await prisma.document.updateMany({ where: { stale: true }, data: { archived: true } });`),
      errors: [
        {
          messageId: 'unscopedQuery',
          data: { query: 'prisma.document.updateMany', job: 'reports', verb: 'updates', model: 'document', key: 'orgId' },
          suggestions: [
            {
              messageId: 'addTenantFilter',
              output: worker(`  const { orgId } = job.data;\n  if (!orgId) throw new Error("reports: missing orgId in job payload");\n  await prisma.document.updateMany({ where: { stale: true, orgId }, data: { archived: true } });`),
            },
          ],
        },
      ],
    },
    {
      // A by-id lookup is not scoped: another tenant's row is one id away.
      code: worker(`  const doc = await prisma.document.findUnique({ where: { id: job.data.documentId } });\n  await prisma.comment.findMany({ where: { organizationId: doc.organizationId } });`),
      errors: [
        {
          messageId: 'unscopedQuery',
          line: 4,
          suggestions: [
            {
              messageId: 'addTenantFilter',
              output: worker(`  if (!job.data.organizationId) throw new Error("reports: missing organizationId in job payload");\n  const doc = await prisma.document.findUnique({ where: { id: job.data.documentId, organizationId: job.data.organizationId } });\n  await prisma.comment.findMany({ where: { organizationId: doc.organizationId } });`),
            },
          ],
        },
      ],
    },
    {
      // ... unless allowRecordTenant accepts the lookup whose tenant scopes the rest.
      code: worker(`  const doc = await prisma.document.findUnique({ where: { id: job.data.documentId } });\n  await prisma.comment.findMany({ where: { archived: false } });\n  return doc.organizationId;`),
      options: [{ allowRecordTenant: true }],
      errors: [
        {
          messageId: 'unscopedQuery',
          line: 5,
          suggestions: [
            {
              messageId: 'addTenantFilter',
              output: worker(`  if (!job.data.organizationId) throw new Error("reports: missing organizationId in job payload");\n  const doc = await prisma.document.findUnique({ where: { id: job.data.documentId } });\n  await prisma.comment.findMany({ where: { archived: false, organizationId: job.data.organizationId } });\n  return doc.organizationId;`),
            },
          ],
        },
      ],
    },
    {
      // A same-file helper called from the handler belongs to it.
      code: `import { Worker } from 'bullmq';\nimport { prisma } from '@/lib/prisma';\nasync function loadAll() {\n  return prisma.document.findMany();\n}\nnew Worker('digest', async (job) => loadAll());`,
      errors: [{ messageId: 'unscopedQuery', data: { query: 'prisma.document.findMany', job: 'digest', verb: 'reads', model: 'document', key: 'organizationId' }, line: 4 }],
    },
    {
      // The tenant from module-level mutable state: left over from another job.
      code: `import { Worker } from 'bullmq';\nimport { prisma } from '@/lib/prisma';\nlet currentOrgId: string;\nexport function setOrg(id: string) { currentOrgId = id; }\nnew Worker('digest', async (job) => prisma.document.findMany({ where: { organizationId: currentOrgId } }));`,
      errors: [{ messageId: 'tenantFromSharedState', data: { query: 'prisma.document.findMany', job: 'digest', verb: 'reads', model: 'document', key: 'organizationId', source: 'currentOrgId' }, line: 5 }],
    },
    {
      // ... or from an instance field another job set.
      code: `import { Processor, WorkerHost } from '@nestjs/bullmq';\n@Processor('sync')\nexport class SyncProcessor extends WorkerHost {\n  private orgId?: string;\n  constructor(private readonly prisma: PrismaService) { super(); }\n  async process(job) {\n    if (job.name === 'start') this.orgId = job.data.orgId;\n    return this.prisma.contact.findMany({ where: { organizationId: this.orgId } });\n  }\n}`,
      errors: [{ messageId: 'tenantFromSharedState', data: { query: 'this.prisma.contact.findMany', job: 'sync', verb: 'reads', model: 'contact', key: 'orgId', source: 'this.orgId' }, line: 8 }],
    },
    {
      // A NestJS processor calling a private method with the payload.
      code: `import { Processor, WorkerHost } from '@nestjs/bullmq';\n@Processor('reports')\nexport class ReportProcessor extends WorkerHost {\n  constructor(private readonly prisma: PrismaService) { super(); }\n  async process(job) { return this.generate(job.data); }\n  private async generate(data) { return this.prisma.document.findMany({ where: { month: data.month } }); }\n}`,
      // No suggestion: the handler's payload is not in scope in the helper.
      errors: [{ messageId: 'unscopedQuery', line: 6, suggestions: [] }],
    },
  ],
});
