import rule from '../../../src/rules/require-tenant-in-job-payload';
import { createTsRuleTester } from '../../rule-tester';

createTsRuleTester().run('require-tenant-in-job-payload (QStash, Upstash Workflow, Vercel Queues, SQS, Cloudflare)', rule, {
  valid: [
    `import { Client } from '@upstash/qstash';\nconst qstash = new Client({ token });\nawait qstash.publishJSON({ url: \`\${APP}/api/jobs/sync\`, body: { organizationId } });`,
    `import { Client } from '@upstash/qstash';\nconst qstash = new Client({ token });\nawait qstash.publish({ url, body: JSON.stringify({ orgId }) });`,
    `import { Client } from '@upstash/qstash';\nconst qstash = new Client({ token });\nawait qstash.batchJSON([{ url, body: { orgId } }]);`,
    `import { Client } from '@upstash/qstash';\nconst qstash = new Client({ token });\nawait qstash.queue({ queueName: 'q' }).enqueueJSON({ url, body: { orgId } });`,
    `import { Client } from '@upstash/workflow';\nconst client = new Client({ token });\nawait client.trigger({ url, body: { tenantId } });`,
    `import { send } from '@vercel/queue';\nawait send('reports', { organizationId });`,
    `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';\nawait sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify({ organizationId, id }) }));`,
    `import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';\nnew SendMessageBatchCommand({ QueueUrl: url, Entries: rows.map((r) => ({ Id: r.id, MessageBody: JSON.stringify({ orgId: r.orgId }) })) });`,
    `export default { async fetch(request: Request, env: Env) { await env.REPORTS_QUEUE.send({ organizationId }); return new Response('ok'); } };`,
    `export default { async fetch(request: Request, env: Env) { await env.REPORTS_QUEUE.sendBatch(orgs.map((o) => ({ body: { orgId: o.id } }))); } };`,
    // Cloudflare look-alikes: an email binding, an env that is not a parameter, lowercase names.
    `export default { async fetch(r: Request, env: Env) { await env.SEND_EMAIL.send(new EmailMessage(a, b, c)); } };`,
    `const env = loadEnv(); env.QUEUE.send({ a: 1 });`,
    `function f(env: Env) { env.queue.send({ a: 1 }); }`,
    // SQS look-alikes: a client's send of a command is not itself a payload.
    `import { SQSClient } from '@aws-sdk/client-sqs';\nconst sqs = new SQSClient({}); await sqs.send(command);`,
    `import { PublishCommand } from '@aws-sdk/client-sns';\nnew PublishCommand({ Message: JSON.stringify({ a: 1 }) });`,
    // An unresolved SQS body.
    `import { SendMessageCommand } from '@aws-sdk/client-sqs';\nnew SendMessageCommand({ QueueUrl: url, MessageBody: body });`,
    // Vercel look-alike.
    `import { send } from './mailer';\nawait send('reports', { a: 1 });`,
  ],
  invalid: [
    {
      code: `import { Client } from '@upstash/qstash';\nconst qstash = new Client({ token });\nawait qstash.publishJSON({ url: 'https://app/api/jobs/sync', body: { jobId } });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'https://app/api/jobs/sync', key: 'organizationId' }, line: 3 }],
    },
    {
      code: `import { Client } from '@upstash/qstash';\nconst qstash = new Client({ token });\nawait qstash.publish({ url: 'u', body: JSON.stringify({ jobId }) });\nawait qstash.batchJSON([{ url: 'v', body: { jobId } }]);`,
      errors: [
        { messageId: 'missingTenantKey', data: { job: 'u', key: 'organizationId' }, line: 3 },
        { messageId: 'missingTenantKey', data: { job: 'v', key: 'organizationId' }, line: 4 },
      ],
    },
    {
      code: `import { qstash } from '@/lib/qstash';\nawait qstash.publishJSON({ url: 'u', body: { invoiceId } });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'u', key: 'organizationId' } }],
    },
    {
      code: `import { Client } from '@upstash/workflow';\nconst client = new Client({ token });\nawait client.trigger({ url: 'w', body: { userId } });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'w', key: 'organizationId' } }],
    },
    {
      code: `import { send } from '@vercel/queue';\nawait send('reports', { month });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'reports', key: 'organizationId' }, column: 23 }],
    },
    {
      code: `import { SendMessageCommand } from '@aws-sdk/client-sqs';\nawait sqs.send(new SendMessageCommand({ QueueUrl: process.env.REPORTS_URL, MessageBody: JSON.stringify({ reportId }) }));`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'env.REPORTS_URL', key: 'organizationId' }, line: 2, column: 89 }],
    },
    {
      code: `import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';\nnew SendMessageBatchCommand({ QueueUrl: 'q', Entries: [{ Id: '1', MessageBody: JSON.stringify({ reportId }) }] });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'q', key: 'organizationId' } }],
    },
    {
      code: `export default {\n  async fetch(request: Request, env: Env) {\n    await env.REPORTS_QUEUE.send({ reportId });\n    await env.REPORTS_QUEUE.sendBatch([{ body: { reportId } }]);\n  },\n};`,
      errors: [
        { messageId: 'missingTenantKey', data: { job: 'REPORTS_QUEUE', key: 'organizationId' }, line: 3 },
        { messageId: 'missingTenantKey', data: { job: 'REPORTS_QUEUE', key: 'organizationId' }, line: 4 },
      ],
    },
    {
      code: `import { Hono } from 'hono';\nconst app = new Hono();\napp.post('/r', async (c) => { await c.env.REPORTS.send({ reportId }); });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'REPORTS', key: 'organizationId' } }],
    },
  ],
});

createTsRuleTester().run('require-tenant-in-job-payload (QStash route continuing its own batch)', rule, {
  valid: [
    {
      // A cron route that publishes its own URL with the next cursor: the same job continues.
      code: `import { qstash } from '@/lib/qstash';\nexport async function POST(req: Request) {\n  const { startingAfter } = await req.json();\n  await qstash.publishJSON({ url: \`\${APP_DOMAIN}/api/cron/fraud/summary\`, body: { startingAfter: next } });\n}`,
      filename: 'apps/web/app/(ee)/api/cron/fraud/summary/route.ts',
    },
    {
      code: `import { qstash } from '@/lib/qstash';\nexport default async function handler() {\n  await qstash.publishJSON({ url: 'https://app.example.com/api/cron/usage', body: {} });\n}`,
      filename: 'pages/api/cron/usage.ts',
    },
  ],
  invalid: [
    {
      // Another route's URL is a new job that needs its tenant.
      code: `import { qstash } from '@/lib/qstash';\nexport async function POST() {\n  await qstash.publishJSON({ url: \`\${APP_DOMAIN}/api/cron/bounties/notify\`, body: { bountyId } });\n}`,
      filename: 'apps/web/app/(ee)/api/cron/fraud/summary/route.ts',
      errors: [{ messageId: 'missingTenantKey', data: { job: '…/api/cron/bounties/notify', key: 'organizationId' } }],
    },
  ],
});
