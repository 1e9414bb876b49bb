import rule from '../../../src/rules/require-tenant-in-job-payload';
import { createJsRuleTester, createTsRuleTester } from '../../rule-tester';

const ruleTester = createTsRuleTester();

const head = `import { Queue, FlowProducer } from 'bullmq';\nconst reports = new Queue('reports');\n`;

ruleTester.run('require-tenant-in-job-payload (BullMQ)', rule, {
  valid: [
    // The payload carries the tenant key.
    `${head}reports.add('generate', { organizationId: org.id, month });`,
    // Shorthand, destructured tenant value.
    `${head}export async function go({ organizationId }: { organizationId: string }) { await reports.add('generate', { organizationId }); }`,
    // Folded spellings: snake case, leading underscore, British spelling.
    `${head}reports.add('generate', { organization_id: id });`,
    `${head}reports.add('generate', { _tenantId: id });`,
    `${head}reports.add('generate', { organisationId: id });`,
    // A tenant key behind a word: camel case after a lower-case letter or digit, snake case after `_`.
    `${head}reports.add('generate', { sourceOrgId: id });`,
    `${head}reports.add('generate', { target2WorkspaceId: id });`,
    `${head}reports.add('generate', { new_workspace_id: id });`,
    `${head}reports.add('generate', { PARENT_ORG_ID: id });`,
    {
      code: `${head}reports.add('generate', { home_clinic_id: c });`,
      settings: { 'tenant-jobs': { tenantKeys: ['clinicId'] } },
    },
    // A tenant model object or a nested tenant key counts.
    `${head}reports.add('generate', { organization: { id: orgId } });`,
    `${head}reports.add('generate', { auth: { scope: { projectId: 1, workspaceId: w } } });`,
    // A tenant value under another key.
    `${head}reports.add('generate', { owner: job.data.organizationId });`,
    `${head}for (const org of orgs) { await reports.add('generate', { owner: org.id }); }`,
    // A local constant object that carries it, spread or passed as is.
    `${head}const base = { tenantId: t }; reports.add('generate', { ...base, month: 1 });`,
    `${head}const payload = { teamId: t, month: 1 }; reports.add('generate', payload);`,
    // JSON-typed wrappers of TS.
    `${head}reports.add('generate', { organizationId } as ReportJob);`,
    `${head}reports.add('generate', { organizationId } satisfies ReportJob);`,
    `${head}reports!.add('generate', { organizationId }!);`,
    // Unresolved payloads are not reported in recommended.
    `${head}export function f(data: ReportJob) { return reports.add('generate', data); }`,
    `${head}reports.add('generate', buildPayload());`,
    `${head}reports.add('generate', { ...job.data, step: 2 });`,
    // A payload object changed after it was built is not judged.
    `${head}const payload: any = { month: 1 }; payload.organizationId = orgId; reports.add('generate', payload);`,
    // Repeatable producers (v5 repeat, v6 job schedulers) carry no tenant by design.
    `${head}reports.add('nightly', {}, { repeat: { pattern: '0 3 * * *' } });`,
    `${head}reports.upsertJobScheduler('nightly', { pattern: '0 3 * * *' }, { name: 'nightly', data: {} });`,
    // addBulk with tenant keys in every element.
    `${head}reports.addBulk(orgs.map((o) => ({ name: 'generate', data: { organizationId: o.id } })));`,
    `${head}reports.addBulk([{ name: 'a', data: { orgId } }, { name: 'b', data: { orgId } }]);`,
    // Flow producer: parent and children carry it.
    `${head}const flow = new FlowProducer(); flow.add({ name: 'p', queueName: 'q', data: { orgId }, children: [{ name: 'c', queueName: 'q', data: { orgId } }] });`,
    // Tenant-agnostic jobs from settings (job name or queue name).
    {
      code: `${head}reports.add('cleanup-sessions', {});`,
      settings: { 'tenant-jobs': { tenantAgnosticJobs: ['cleanup-sessions'] } },
    },
    {
      code: `${head}reports.add('any', { at: 1 });`,
      settings: { 'tenant-jobs': { tenantAgnosticJobs: ['reports'] } },
    },
    // Custom tenant keys.
    {
      code: `${head}reports.add('generate', { clinic_id: c });`,
      settings: { 'tenant-jobs': { tenantKeys: ['clinicId'] } },
    },
    // Look-alikes: `add` on things that are not queues.
    `const s = new Set(); s.add({ month: 1 });`,
    `import PQueue from 'p-queue'; const queue = new PQueue(); queue.add('x', { priority: 1 });`,
    `const queue = new PQueue(); queue.add(async () => fetch(u), { priority: 1 });`,
    `this.items.add('x', { a: 1 });`,
    `cart.add('sku', { quantity: 2 });`,
    `emailQueue.add(task);`,
    // addBulk of things that are not jobs, and a queue-named call result of another library.
    `import { remindersQueue } from '@/lib/queues';\nremindersQueue.addBulk(items);`,
    `import PQueue from 'p-queue';\nconst makeQueue = () => new PQueue();\nmakeQueue().add(() => work());`,
    `const m = new Map(); m.set('x', {});`,
    `import { Queue } from 'some-other-lib'; const q = new Queue('x'); q.add('y', {});`,
  ],
  invalid: [
    // Names that only end like a tenant key: after a capital letter, without `_`, or a key with more after it.
    ...['BOrgId', 'xorg_id', 'orgIds', 'sourceOrgIdentifier'].map((key) => ({
      code: `${head}reports.add('generate', { ${key}: id });`,
      errors: [{ messageId: 'missingTenantKey' as const, suggestions: [] }],
    })),
    {
      code: `${head}reports.add('generate', { month: 1 });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'generate', key: 'organizationId' }, line: 3, column: 25, suggestions: [] }],
    },
    {
      // Suggestion uses a tenant value in scope, spelled as the file spells the key.
      code: `${head}export async function run(organizationId: string) {\n  await reports.add('generate', { month: 1 });\n}`,
      errors: [
        {
          messageId: 'missingTenantKey',
          line: 4,
          suggestions: [
            {
              messageId: 'addTenantKey',
              data: { property: 'organizationId' },
              output: `${head}export async function run(organizationId: string) {\n  await reports.add('generate', { month: 1, organizationId });\n}`,
            },
          ],
        },
      ],
    },
    {
      // A fan-out over tenants without the tenant id: suggestion adds `org.id`.
      code: `${head}for (const org of orgs) {\n  await reports.add('generate', {\n    month: 1,\n  });\n}`,
      errors: [
        {
          messageId: 'missingTenantKey',
          suggestions: [
            {
              messageId: 'addTenantKey',
              data: { property: 'organizationId: org.id' },
              output: `${head}for (const org of orgs) {\n  await reports.add('generate', {\n    month: 1,\n    organizationId: org.id,\n  });\n}`,
            },
          ],
        },
      ],
    },
    {
      // The key as the file spells it.
      code: `${head}const tenant_id = req.tenant; reports.add('generate', { month: 1 });`,
      errors: [
        {
          messageId: 'missingTenantKey',
          data: { job: 'generate', key: 'tenant_id' },
          suggestions: [
            {
              messageId: 'addTenantKey',
              output: `${head}const tenant_id = req.tenant; reports.add('generate', { month: 1, tenant_id });`,
            },
          ],
        },
      ],
    },
    {
      // Empty payload and missing payload.
      code: `${head}const orgId = 'o'; reports.add('generate', {});`,
      errors: [
        {
          messageId: 'emptyPayload',
          data: { job: 'generate', key: 'orgId', what: 'an empty payload' },
          suggestions: [{ messageId: 'addTenantKey', output: `${head}const orgId = 'o'; reports.add('generate', { orgId });` }],
        },
      ],
    },
    {
      code: `${head}const orgId = 'o'; reports.add('generate');`,
      errors: [
        {
          messageId: 'emptyPayload',
          data: { job: 'generate', key: 'orgId', what: 'no payload' },
          suggestions: [{ messageId: 'addTenantKey', output: `${head}const orgId = 'o'; reports.add('generate', { orgId });` }],
        },
      ],
    },
    {
      code: `${head}reports.add('generate', null);`,
      errors: [{ messageId: 'emptyPayload' }],
    },
    {
      // A local const payload: reported at the argument, the suggestion edits the object.
      code: `${head}function f(orgId: string) { const payload = { month: 1 }; return reports.add('generate', payload); }`,
      errors: [
        {
          messageId: 'missingTenantKey',
          column: 90,
          suggestions: [
            {
              messageId: 'addTenantKey',
              output: `${head}function f(orgId: string) { const payload = { month: 1, orgId }; return reports.add('generate', payload); }`,
            },
          ],
        },
      ],
    },
    {
      // Spread of a local object that lacks it.
      code: `${head}const base = { month: 1 }; reports.add('generate', { ...base, year: 2 });`,
      errors: [{ messageId: 'missingTenantKey' }],
    },
    {
      // Job name from a constant, and an enum-like member.
      code: `${head}const JOB = 'monthly-report'; reports.add(JOB, { month: 1 }); reports.add(JobName.Digest, { a: 1 });`,
      errors: [
        { messageId: 'missingTenantKey', data: { job: 'monthly-report', key: 'organizationId' } },
        { messageId: 'missingTenantKey', data: { job: 'JobName.Digest', key: 'organizationId' } },
      ],
    },
    {
      // addBulk: every element is checked, with its own name.
      code: `${head}reports.addBulk([{ name: 'a', data: { orgId } }, { name: 'b', data: { month: 1 } }, { name: 'c' }]);`,
      errors: [
        { messageId: 'missingTenantKey', data: { job: 'b', key: 'orgId' }, column: 69 },
        { messageId: 'emptyPayload', data: { job: 'c', key: 'orgId', what: 'no `data`' } },
      ],
    },
    {
      code: `${head}reports.addBulk(users.map((u) => ({ name: 'welcome', data: { userId: u.id } })));`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'welcome', key: 'organizationId' } }],
    },
    {
      // FlowProducer: the parent and every child, recursively.
      code: `${head}const flow = new FlowProducer();\nflow.add({ name: 'p', queueName: 'q', data: { orgId }, children: [{ name: 'c1', queueName: 'q', data: { x: 1 }, children: [{ name: 'c2', queueName: 'q', data: {} }] }] });`,
      errors: [
        { messageId: 'missingTenantKey', data: { job: 'c1', key: 'orgId' } },
        { messageId: 'emptyPayload', data: { job: 'c2', key: 'orgId', what: 'an empty payload' } },
      ],
    },
    {
      // A queue imported from the project's own module, recognised by its shape.
      code: `import { emailQueue } from '@/lib/queues';\nawait emailQueue.add('welcome', { userId });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'welcome', key: 'organizationId' }, line: 2, column: 33 }],
    },
    {
      // addBulk on a queue of the project's own module, and a queue got from a call.
      code: `import { remindersQueue, ReportQueue } from '@/lib/queues';\nawait remindersQueue.addBulk([{ name: 'remind', data: { invoiceId } }]);\nawait ReportQueue.getInstance().add('generate', { month });`,
      errors: [
        { messageId: 'missingTenantKey', data: { job: 'remind', key: 'organizationId' }, line: 2 },
        { messageId: 'missingTenantKey', data: { job: 'generate', key: 'organizationId' }, line: 3 },
      ],
    },
    {
      code: `import { queues } from './queues';\nqueues.reportQueue.add(\`report-\${id}\`, { id });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'report-…', key: 'organizationId' } }],
    },
    {
      // The queue name is the job name when add's name cannot be read.
      code: `${head}reports.add(name, { month: 1 });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'reports', key: 'organizationId' } }],
    },
    {
      // NestJS: an injected queue, by decorator and by type.
      code: `import { InjectQueue } from '@nestjs/bullmq';\nimport { Queue } from 'bullmq';\nexport class ReportsService {\n  constructor(@InjectQueue('reports') private readonly queue: Queue) {}\n  async schedule(month: number) {\n    await this.queue.add('generate', { month });\n  }\n}`,
      errors: [{ messageId: 'missingTenantKey', line: 6 }],
    },
    {
      code: `import { Queue } from 'bullmq';\nclass S {\n  private jobs: Queue;\n  run() { return this.jobs.add('x', { month: 1 }); }\n}`,
      errors: [{ messageId: 'missingTenantKey', line: 4 }],
    },
    {
      code: `import { Queue } from 'bullmq';\nclass S {\n  private jobs = new Queue('digest');\n  run() { return this.jobs?.add('x', { month: 1 }); }\n}`,
      errors: [{ messageId: 'missingTenantKey', line: 4 }],
    },
    {
      code: `import { Queue } from 'bullmq';\nclass S {\n  jobs;\n  constructor() { this.jobs = new Queue('digest'); }\n  run() { return this.jobs.add('x', { month: 1 }); }\n}`,
      errors: [{ messageId: 'missingTenantKey', line: 5 }],
    },
    {
      // TS wrappers around receiver and payload.
      code: `${head}(reports as Queue).add('x', { a: 1 } as const);\nreports!.add('y', <Job>{ b: 2 });`,
      errors: [{ messageId: 'missingTenantKey' }, { messageId: 'missingTenantKey' }],
    },
    {
      // Repeat options on a v5 queue only exempt the repeating call.
      code: `${head}reports.add('once', { a: 1 }, { delay: 1000 });`,
      errors: [{ messageId: 'missingTenantKey' }],
    },
  ],
});

createJsRuleTester().run('require-tenant-in-job-payload (BullMQ, JavaScript)', rule, {
  valid: [
    `const { Queue } = require('bullmq'); const q = new Queue('r'); q.add('x', { organizationId });`,
    `const s = new Set(); s.add({});`,
  ],
  invalid: [
    {
      code: `const { Queue } = require('bullmq');\nconst q = new Queue('r');\nq.add('x', { userId });`,
      errors: [{ messageId: 'missingTenantKey', line: 3, column: 12 }],
    },
    {
      code: `const bullmq = require('bullmq');\nconst q = new bullmq.Queue('r');\nq.add('x', { userId });`,
      errors: [{ messageId: 'missingTenantKey', line: 3 }],
    },
  ],
});
