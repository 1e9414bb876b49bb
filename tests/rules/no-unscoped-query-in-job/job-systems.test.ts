import rule from '../../../src/rules/no-unscoped-query-in-job';
import { createTsRuleTester } from '../../rule-tester';

const prismaImport = `import { prisma } from '@/lib/prisma';\n`;

createTsRuleTester().run('no-unscoped-query-in-job (handlers of each job system)', rule, {
  valid: [
    // Inngest: event.data, inside step.run callbacks too.
    `${prismaImport}import { inngest } from './client';\ninngest.createFunction({ id: 'digest' }, { event: 'app/digest' }, async ({ event, step }) => {\n  await step.run('load', () => prisma.document.findMany({ where: { organizationId: event.data.organizationId } }));\n});`,
    // Inngest cron: a fan-out over organizations, each query scoped by the loop variable.
    `${prismaImport}import { inngest } from './client';\ninngest.createFunction({ id: 'nightly' }, { cron: '0 3 * * *' }, async ({ step }) => {\n  const orgs = await step.run('orgs', () => prisma.organization.findMany());\n  for (const org of orgs) {\n    await prisma.document.deleteMany({ where: { organizationId: org.id, deletedAt: { not: null } } });\n  }\n});`,
    // Trigger.dev task: payload is run's first parameter.
    `${prismaImport}import { task } from '@trigger.dev/sdk';\nexport const sync = task({ id: 'sync', run: async (payload: { workspaceId: string }) => prisma.contact.findMany({ where: { workspaceId: payload.workspaceId } }) });`,
    // pg-boss v10+: an array of jobs.
    `${prismaImport}import { PgBoss } from 'pg-boss';\nconst boss = new PgBoss(url);\nboss.work('invoice', async ([job]) => prisma.invoice.findMany({ where: { tenantId: job.data.tenantId } }));`,
    `${prismaImport}import { PgBoss } from 'pg-boss';\nconst boss = new PgBoss(url);\nboss.work('invoice', async (jobs) => { for (const job of jobs) await prisma.invoice.findMany({ where: { tenantId: job.data.tenantId } }); });`,
    // Agenda: job.attrs.data.
    `${prismaImport}import { Agenda } from 'agenda';\nconst agenda = new Agenda({});\nagenda.define('sync', async (job) => { const { accountId } = job.attrs.data; await prisma.event.findMany({ where: { accountId } }); });`,
    // Quirrel: the payload is the first parameter itself.
    `${prismaImport}import { Queue } from 'quirrel/next-app';\nexport const q = Queue('api/queues/email', async ({ orgId, to }) => prisma.template.findFirst({ where: { orgId, name: to } }));`,
    // A cron route that only dispatches: due rows go to jobs carrying their own tenant.
    {
      code: `${prismaImport}import { reminderQueue } from '@/lib/queues';\nexport async function GET() {\n  const due = await prisma.reminder.findMany({ where: { dueAt: { lte: new Date() } } });\n  for (const r of due) {\n    await reminderQueue.add('send', { organizationId: r.organizationId, reminderId: r.id });\n  }\n  return Response.json({ count: due.length });\n}`,
      filename: 'app/api/cron/reminders/route.ts',
    },
    {
      code: `${prismaImport}import { inngest } from '@/inngest/client';\nexport async function GET() {\n  const due = await prisma.reminder.findMany({ where: { dueAt: { lte: new Date() } } });\n  await inngest.send(due.map((r) => ({ name: 'reminder/send', data: { organizationId: r.organizationId, id: r.id } })));\n}`,
      filename: 'app/api/cron/reminders/route.ts',
    },
    // A value verified by a scoped query, returned out of a step.run callback.
    `${prismaImport}import { inngest } from './client';\ninngest.createFunction({ id: 'f' }, { event: 'e' }, async ({ event, step }) => {\n  const campaign = await step.run('load', async () => {\n    const row = await prisma.campaign.findFirstOrThrow({ where: { id: event.data.campaignId, organizationId: event.data.organizationId } });\n    return row;\n  });\n  await prisma.campaign.update({ where: { id: campaign.id }, data: { sentAt: new Date() } });\n});`,
    // A dispatcher through addBulk on a queue from the project's own module.
    {
      code: `${prismaImport}import { remindersQueue } from '@/lib/queues';\nexport async function GET() {\n  const due = await prisma.invoice.findMany({ where: { status: 'open' } });\n  await remindersQueue.addBulk(due.map((i) => ({ name: 'remind', data: { organizationId: i.organizationId, invoiceId: i.id } })));\n}`,
      filename: 'app/api/cron/reminders/route.ts',
    },
    // A job named in tenantAgnosticJobs is maintenance its owners vouched for.
    {
      code: `${prismaImport}import { inngest } from './client';\ninngest.createFunction({ id: 'purge-expired-sessions' }, { cron: '0 * * * *' }, async () => prisma.session.deleteMany({ where: { expiresAt: { lt: new Date() } } }));`,
      settings: { 'tenant-jobs': { tenantAgnosticJobs: ['purge-expired-sessions'] } },
    },
    // Exported functions of a job file with a tenant-scoped query.
    { code: `${prismaImport}export async function handleReport(payload: { organizationId: string }) { return prisma.document.findMany({ where: { organizationId: payload.organizationId } }); }`, filename: 'src/jobs/report.ts' },
    // The same unscoped code outside a job file and outside any registration is not a job.
    { code: `${prismaImport}export async function listAll() { return prisma.document.findMany(); }`, filename: 'src/services/documents.ts' },
  ],
  invalid: [
    {
      code: `${prismaImport}import { inngest } from './client';\ninngest.createFunction({ id: 'digest' }, { event: 'app/digest' }, async ({ event, step }) => {\n  await step.run('load', () => prisma.document.findMany({ where: { archived: false } }));\n});`,
      errors: [
        {
          messageId: 'unscopedQuery',
          data: { query: 'prisma.document.findMany', job: 'digest', verb: 'reads', model: 'document', key: 'organizationId' },
          line: 4,
          suggestions: [
            {
              messageId: 'addTenantFilter',
              output: `${prismaImport}import { inngest } from './client';\ninngest.createFunction({ id: 'digest' }, { event: 'app/digest' }, async ({ event, step }) => {\n  if (!event.data.organizationId) throw new Error("digest: missing organizationId in job payload");\n  await step.run('load', () => prisma.document.findMany({ where: { archived: false, organizationId: event.data.organizationId } }));\n});`,
            },
          ],
        },
      ],
    },
    {
      // A cron function that reads every tenant's rows in one go.
      code: `${prismaImport}import { inngest } from './client';\ninngest.createFunction({ id: 'weekly-report' }, { cron: '0 8 * * MON' }, async ({ step }) => {\n  const docs = await step.run('all', () => prisma.document.findMany({ where: { createdAt: { gte: lastWeek } } }));\n});`,
      errors: [
        {
          messageId: 'unscopedCronQuery',
          data: { query: 'prisma.document.findMany', job: 'weekly-report', verb: 'reads', model: 'document', key: 'organizationId' },
          line: 4,
          suggestions: [],
        },
      ],
    },
    {
      code: `${prismaImport}import { task } from '@trigger.dev/sdk';\nexport const sync = task({\n  id: 'sync-contacts',\n  run: async (payload: { workspaceId: string }) => {\n    await prisma.contact.deleteMany({ where: { stale: true } });\n  },\n});`,
      errors: [
        {
          messageId: 'unscopedQuery',
          data: { query: 'prisma.contact.deleteMany', job: 'sync-contacts', verb: 'deletes', model: 'contact', key: 'workspaceId' },
          suggestions: [
            {
              messageId: 'addTenantFilter',
              output: `${prismaImport}import { task } from '@trigger.dev/sdk';\nexport const sync = task({\n  id: 'sync-contacts',\n  run: async (payload: { workspaceId: string }) => {\n    if (!payload.workspaceId) throw new Error("sync-contacts: missing workspaceId in job payload");\n    await prisma.contact.deleteMany({ where: { stale: true, workspaceId: payload.workspaceId } });\n  },\n});`,
            },
          ],
        },
      ],
    },
    {
      // A cron route that processes the rows itself (sends, deletes): not a dispatcher.
      code: `${prismaImport}export async function GET() {\n  const due = await prisma.reminder.findMany({ where: { dueAt: { lte: new Date() } } });\n  for (const r of due) await sendEmail(r.email);\n  await prisma.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });\n}`,
      filename: 'src/app/api/cron/daily/route.ts',
      errors: [
        { messageId: 'unscopedCronQuery', data: { query: 'prisma.reminder.findMany', job: 'src/app/api/cron/daily/route.ts', verb: 'reads', model: 'reminder', key: 'organizationId' }, line: 3, suggestions: [] },
        { messageId: 'unscopedCronQuery', data: { query: 'prisma.session.deleteMany', job: 'src/app/api/cron/daily/route.ts', verb: 'deletes', model: 'session', key: 'organizationId' }, line: 5, suggestions: [] },
      ],
    },
    {
      // A dispatcher whose jobs do not carry the tenant is not exempt.
      code: `${prismaImport}import { reminderQueue } from '@/lib/queues';\nexport async function GET() {\n  const due = await prisma.reminder.findMany({ where: { dueAt: { lte: new Date() } } });\n  for (const r of due) await reminderQueue.add('send', { reminderId: r.id });\n}`,
      filename: 'app/api/cron/reminders/route.ts',
      errors: [{ messageId: 'unscopedCronQuery', line: 4, suggestions: [] }],
    },
    {
      code: `${prismaImport}import { PgBoss } from 'pg-boss';\nconst boss = new PgBoss(url);\nboss.work('invoice', async ([job]) => prisma.invoice.findMany({ where: { status: 'open' } }));`,
      errors: [
        {
          messageId: 'unscopedQuery',
          data: { query: 'prisma.invoice.findMany', job: 'invoice', verb: 'reads', model: 'invoice', key: 'organizationId' },
          suggestions: [
            {
              messageId: 'addTenantFilter',
              output: `${prismaImport}import { PgBoss } from 'pg-boss';\nconst boss = new PgBoss(url);\nboss.work('invoice', async ([job]) => {\n  if (!job.data.organizationId) throw new Error("invoice: missing organizationId in job payload");\n  return prisma.invoice.findMany({ where: { status: 'open', organizationId: job.data.organizationId } });\n});`,
            },
          ],
        },
      ],
    },
    {
      // A BullMQ sandboxed processor file.
      code: `${prismaImport}import type { SandboxedJob } from 'bullmq';\nexport default async function (job: SandboxedJob) {\n  return prisma.document.findMany({ where: { month: job.data.month } });\n}`,
      filename: 'src/processors/report.ts',
      errors: [
        {
          messageId: 'unscopedQuery',
          data: { query: 'prisma.document.findMany', job: 'report', verb: 'reads', model: 'document', key: 'organizationId' },
          suggestions: [
            {
              messageId: 'addTenantFilter',
              output: `${prismaImport}import type { SandboxedJob } from 'bullmq';\nexport default async function (job: SandboxedJob) {\n  if (!job.data.organizationId) throw new Error("report: missing organizationId in job payload");\n  return prisma.document.findMany({ where: { month: job.data.month, organizationId: job.data.organizationId } });\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `${prismaImport}export async function handleReport(payload: { organizationId: string }) {\n  return prisma.document.findMany({ where: { month: 1 } });\n}`,
      filename: 'src/jobs/report.ts',
      errors: [
        {
          messageId: 'unscopedQuery',
          data: { query: 'prisma.document.findMany', job: 'handleReport', verb: 'reads', model: 'document', key: 'organizationId' },
          suggestions: [
            {
              messageId: 'addTenantFilter',
              output: `${prismaImport}export async function handleReport(payload: { organizationId: string }) {\n  if (!payload.organizationId) throw new Error("handleReport: missing organizationId in job payload");\n  return prisma.document.findMany({ where: { month: 1, organizationId: payload.organizationId } });\n}`,
            },
          ],
        },
      ],
    },
  ],
});
