import { describe, expect, it } from 'vitest';
import { handlers } from './probe';

describe('job handlers', () => {
  it('BullMQ workers, listeners and NestJS processors', () => {
    expect(
      handlers(
        [
          `import { Worker } from 'bullmq';`,
          `import { Processor, WorkerHost, OnWorkerEvent } from '@nestjs/bullmq';`,
          `const w = new Worker('reports', async (job) => job.data);`,
          `async function processEmail(job) { return job.data; }`,
          `new Worker('emails', processEmail, { connection });`,
          `w.on('completed', (job) => job.data);`,
          `w.on('error', (err) => err);`,
          `@Processor('audio')`,
          `export class AudioConsumer extends WorkerHost {`,
          `  async process(job) { return job.data; }`,
          `  @OnWorkerEvent('failed') onFailed(job) { return job; }`,
          `  helper() {}`,
          `}`,
        ].join('\n'),
      ),
    ).toEqual([
      { system: 'bullmq', jobName: 'reports', via: 'registration', payload: '0:data', cron: false, line: 3 },
      { system: 'bullmq', jobName: 'emails', via: 'registration', payload: '0:data', cron: false, line: 4 },
      { system: 'bullmq', jobName: 'reports', via: 'registration', payload: '0:data', cron: false, line: 6 },
      { system: 'bullmq', jobName: 'audio', via: 'registration', payload: '0:data', cron: false, line: 10 },
      { system: 'bullmq', jobName: 'audio', via: 'registration', payload: '0:data', cron: false, line: 11 },
    ]);
  });

  it('Bull queues and NestJS Bull @Process methods', () => {
    expect(
      handlers(
        [
          `import Queue from 'bull';`,
          `import { Processor, Process } from '@nestjs/bull';`,
          `const q = new Queue('mail');`,
          `q.process('welcome', 5, async (job) => job.data);`,
          `@Processor('audio') class A { @Process('transcode') t(job) {} @Process() any(job) {} }`,
        ].join('\n'),
      ),
    ).toEqual([
      { system: 'bull', jobName: 'welcome', via: 'registration', payload: '0:data', cron: false, line: 4 },
      { system: 'bull', jobName: 'transcode', via: 'registration', payload: '0:data', cron: false, line: 5 },
      { system: 'bull', jobName: 'audio', via: 'registration', payload: '0:data', cron: false, line: 5 },
    ]);
  });

  it('Inngest v3 and v4 functions, event, batch and cron triggers', () => {
    expect(
      handlers(
        [
          `import { Inngest, cron } from 'inngest';`,
          `const inngest = new Inngest({ id: 'app' });`,
          `inngest.createFunction({ id: 'report' }, { event: 'app/report' }, async ({ event, step }) => {});`,
          `inngest.createFunction({ id: 'nightly' }, { cron: '0 3 * * *' }, async ({ step }) => {});`,
          `inngest.createFunction({ id: 'v4', triggers: [{ event: 'app/x' }] }, async ({ event }) => {});`,
          `inngest.createFunction({ id: 'v4cron', triggers: cron('0 * * * *') }, async () => {});`,
          `inngest.createFunction({ id: 'batch', batchEvents: { maxSize: 10 } }, { event: 'app/y' }, async ({ events }) => {});`,
        ].join('\n'),
      ),
    ).toEqual([
      { system: 'inngest', jobName: 'report', via: 'registration', payload: '0:event.data', cron: false, line: 3 },
      { system: 'inngest', jobName: 'nightly', via: 'registration', payload: undefined, cron: true, line: 4 },
      { system: 'inngest', jobName: 'v4', via: 'registration', payload: '0:event.data', cron: false, line: 5 },
      { system: 'inngest', jobName: 'v4cron', via: 'registration', payload: undefined, cron: true, line: 6 },
      { system: 'inngest', jobName: 'batch', via: 'registration', payload: '0:events.*.data', cron: false, line: 7 },
    ]);
  });

  it('Trigger.dev tasks, Quirrel, pg-boss, Agenda, graphile-worker', () => {
    expect(
      handlers(
        [
          `import { task, schemaTask, schedules } from '@trigger.dev/sdk';`,
          `import { Queue, CronJob } from 'quirrel/next-app';`,
          `import { PgBoss } from 'pg-boss';`,
          `import { Agenda } from 'agenda';`,
          `import { run } from 'graphile-worker';`,
          `export const t = task({ id: 'sync', run: async (payload, { ctx }) => {} });`,
          `export const s = schemaTask({ id: 'typed', schema, async run(payload) {} });`,
          `export const c = schedules.task({ id: 'daily', cron: '0 0 * * *', run: async () => {} });`,
          `export const q = Queue('api/queues/email', async (payload) => {});`,
          `export const cj = CronJob('api/cron', '0 2 * * *', async () => {});`,
          `const boss = new PgBoss(url); boss.work('invoice', { batchSize: 1 }, async ([job]) => {});`,
          `const agenda = new Agenda({}); agenda.define('sync', async (job) => {});`,
          `await run({ taskList: { send_email: async (payload, helpers) => {} } });`,
        ].join('\n'),
      ),
    ).toEqual([
      { system: 'trigger.dev', jobName: 'sync', via: 'registration', payload: '0:', cron: false, line: 6 },
      { system: 'trigger.dev', jobName: 'typed', via: 'registration', payload: '0:', cron: false, line: 7 },
      { system: 'trigger.dev', jobName: 'daily', via: 'registration', payload: undefined, cron: true, line: 8 },
      { system: 'quirrel', jobName: 'api/queues/email', via: 'registration', payload: '0:', cron: false, line: 9 },
      { system: 'quirrel', jobName: 'api/cron', via: 'registration', payload: undefined, cron: true, line: 10 },
      { system: 'pg-boss', jobName: 'invoice', via: 'registration', payload: '0:*.data', cron: false, line: 11 },
      { system: 'agenda', jobName: 'sync', via: 'registration', payload: '0:attrs.data', cron: false, line: 12 },
      { system: 'graphile-worker', jobName: 'send_email', via: 'registration', payload: '0:', cron: false, line: 13 },
    ]);
  });

  it('cron libraries, NestJS @Cron, cron routes', () => {
    expect(
      handlers(
        [
          `import cron from 'node-cron';`,
          `import { Cron } from 'croner';`,
          `import { CronJob } from 'cron';`,
          `import { Cron as NestCron } from '@nestjs/schedule';`,
          `cron.schedule('0 * * * *', async () => {});`,
          `new Cron('0 * * * *', { timezone: 'UTC' }, async () => {});`,
          `new CronJob('0 * * * *', async () => {});`,
          `class Tasks { @NestCron('0 * * * *') async sweep() {} }`,
        ].join('\n'),
      ),
    ).toEqual([
      { system: 'node-cron', jobName: '0 * * * *', via: 'registration', payload: undefined, cron: true, line: 5 },
      { system: 'croner', jobName: '0 * * * *', via: 'registration', payload: undefined, cron: true, line: 6 },
      { system: 'cron', jobName: '0 * * * *', via: 'registration', payload: undefined, cron: true, line: 7 },
      { system: 'nestjs-schedule', jobName: 'sweep', via: 'registration', payload: undefined, cron: true, line: 8 },
    ]);
    expect(handlers(`export async function GET(request: Request) {}\nexport const dynamic = 'force-dynamic';`, {}, 'src/app/api/cron/daily/route.ts')).toEqual([
      { system: 'next-cron', jobName: 'src/app/api/cron/daily/route.ts', via: 'cron-route', payload: undefined, cron: true, line: 1 },
    ]);
    expect(handlers(`export default async function handler(req, res) {}`, {}, 'pages/api/cron/cleanup.ts')).toEqual([
      { system: 'next-cron', jobName: 'pages/api/cron/cleanup.ts', via: 'cron-route', payload: undefined, cron: true, line: 1 },
    ]);
  });

  it('Cloudflare, SQS Lambda, QStash, Upstash Workflow, Vercel Queues, Hatchet, Temporal', () => {
    expect(
      handlers(`export default {\n  async fetch(req, env) {},\n  async queue(batch, env) {},\n  async scheduled(controller, env, ctx) {},\n} satisfies ExportedHandler<Env>;`),
    ).toEqual([
      { system: 'cloudflare-queues', jobName: 'queue', via: 'export', payload: '0:messages.*.body', cron: false, line: 3 },
      { system: 'cloudflare-queues', jobName: 'scheduled', via: 'export', payload: undefined, cron: true, line: 4 },
    ]);
    expect(handlers(`import type { SQSEvent } from 'aws-lambda';\nexport const handler = async (event: SQSEvent) => {};`)).toEqual([
      { system: 'sqs', jobName: 'handler', via: 'export', payload: '0:Records.*.body.json()', cron: false, line: 2 },
    ]);
    expect(
      handlers(
        [
          `import { verifySignatureAppRouter } from '@upstash/qstash/nextjs';`,
          `import { serve } from '@upstash/workflow/nextjs';`,
          `import { handleCallback } from '@vercel/queue';`,
          `import { HatchetClient } from '@hatchet-dev/typescript-sdk/v1';`,
          `export const POST = verifySignatureAppRouter(async (req) => {});`,
          `export const { POST: W } = serve(async (context) => {});`,
          `export const Q = handleCallback(async (message, meta) => {});`,
          `const hatchet = HatchetClient.init();`,
          `const t = hatchet.task({ name: 'report', fn: async (input, ctx) => {} });`,
          `const c = hatchet.task({ name: 'sweep', onCrons: ['0 * * * *'], fn: async () => {} });`,
        ].join('\n'),
      ),
    ).toEqual([
      { system: 'qstash', jobName: undefined, via: 'registration', payload: '0:json()', cron: false, line: 5 },
      { system: 'upstash-workflow', jobName: undefined, via: 'registration', payload: '0:requestPayload', cron: false, line: 6 },
      { system: 'vercel-queue', jobName: undefined, via: 'registration', payload: '0:', cron: false, line: 7 },
      { system: 'hatchet', jobName: 'report', via: 'registration', payload: '0:', cron: false, line: 9 },
      { system: 'hatchet', jobName: 'sweep', via: 'registration', payload: undefined, cron: true, line: 10 },
    ]);
    expect(handlers(`import { proxyActivities } from '@temporalio/workflow';\nexport async function report(input: { orgId: string }) {}`)).toEqual([
      { system: 'temporal', jobName: 'report', via: 'export', payload: '0:', cron: false, line: 2 },
    ]);
  });

  it('exported functions of job files, not the functions that only register handlers', () => {
    const code = [
      `import { Agenda } from 'agenda';`,
      `export async function handleReport(payload) {}`,
      `export const sendDigest = async (payload) => {};`,
      `export function defineJobs(agenda: Agenda) { agenda.define('x', async (job) => {}); }`,
      `export default async function (payload) {}`,
      `const notExported = () => {};`,
    ].join('\n');
    expect(handlers(code, {}, 'src/jobs/report.ts')).toEqual([
      { system: 'job-file', jobName: 'handleReport', via: 'job-file', payload: '0:', cron: false, line: 2 },
      { system: 'job-file', jobName: 'sendDigest', via: 'job-file', payload: '0:', cron: false, line: 3 },
      { system: 'agenda', jobName: 'x', via: 'registration', payload: '0:attrs.data', cron: false, line: 4 },
      { system: 'job-file', jobName: 'report', via: 'job-file', payload: '0:', cron: false, line: 5 },
    ]);
    expect(handlers(`module.exports = async function (payload) {};\nexports.other = async (p) => {};`, {}, 'workers/email.js')).toEqual([
      { system: 'job-file', jobName: 'email', via: 'job-file', payload: '0:', cron: false, line: 1 },
      { system: 'job-file', jobName: 'other', via: 'job-file', payload: '0:', cron: false, line: 2 },
    ]);
    // The same code outside a job file has no handler but the registered callback.
    expect(handlers(code, {}, 'src/services/report.ts').map((h) => h.system)).toEqual(['agenda']);
  });

  it('BullMQ sandboxed processor files, graphile-worker Task functions, Temporal activities', () => {
    expect(handlers(`import type { SandboxedJob } from 'bullmq';\nexport default async function (job: SandboxedJob) { return job.data; }`, {}, 'src/processors/resize.ts')).toEqual([
      { system: 'bullmq', jobName: 'resize', via: 'export', payload: '0:data', cron: false, line: 2 },
    ]);
    expect(handlers(`import type { Task } from 'graphile-worker';\nexport const sendEmail: Task = async (payload, helpers) => {};\nexport const notATask = async () => {};`, {}, 'src/graphile/tasks.ts')).toEqual([
      { system: 'graphile-worker', jobName: 'sendEmail', via: 'export', payload: '0:', cron: false, line: 2 },
    ]);
    expect(handlers(`import { Context } from '@temporalio/activity';\nexport async function chargeInvoice(input: { orgId: string }) { Context.current().heartbeat(); }`, {}, 'src/temporal/activities.ts')).toEqual([
      { system: 'temporal', jobName: 'chargeInvoice', via: 'export', payload: '0:', cron: false, line: 2 },
    ]);
    // A default export taking something else is not a processor.
    expect(handlers(`import { Queue } from 'bullmq';\nexport default async function (input: { a: 1 }) {}`, {}, 'src/lib/x.ts')).toEqual([]);
  });

  it('handlerFunctions from settings', () => {
    expect(
      handlers(`registerJob('sync', async (payload) => {});\nother('x', async () => {});`, {
        handlerFunctions: [{ name: 'registerJob', handlerArg: 1, payloadParam: 0 }],
      }),
    ).toEqual([{ system: 'custom', jobName: 'sync', via: 'setting', payload: '0:', cron: false, line: 1 }]);
  });

  it('finds nothing in a file with no job signal, and in look-alikes', () => {
    expect(handlers(`export function add(a: number, b: number) { return a + b; }\nprocess.on('exit', () => {});\nworker.on('message', (m) => m);`)).toEqual([]);
    expect(handlers(`import { Worker } from 'node:worker_threads';\nnew Worker('./w.js');\nconst schedule = (f) => f; schedule('x', () => {});`)).toEqual([]);
  });
});
