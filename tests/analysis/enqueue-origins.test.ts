/**
 * Enqueue and handler matchers that need a receiver's origin from their own system's sources first ask
 * `mayHaveOriginFrom`, which answers from the file's imports and static strings, so the calls of a
 * file that cannot hold such a client (`set.add`, `mailer.send`, `hooks.trigger`) cost no origin
 * work. These cases reach each client only through a module loaded inside a function (no import
 * declaration), or through a shape name without any import of the system, and must still be found;
 * the look-alikes must stay silent.
 */
import { describe, expect, it } from 'vitest';
import { handlers, probe } from './probe';

const sitesOf = (code: string) =>
  probe(code, (analysis, node) => (node.type === 'TaggedTemplateExpression' ? undefined : analysis.enqueueSiteOf(node)?.system));

describe('enqueue sites of clients the file loads inside a function', () => {
  it.each([
    ['bullmq', `const { Queue } = await import('bullmq');\n  const reports = new Queue('reports');\n  await reports.add('build', { organizationId });`],
    ['bull', `const Queue = require('bull');\n  const queue = new Queue('reports');\n  await queue.add({ organizationId });`],
    ['trigger.dev', `const { tasks } = await import('@trigger.dev/sdk');\n  await tasks.trigger('build', { organizationId });`],
    ['agenda', `const { Agenda } = await import('agenda');\n  const scheduler = new Agenda();\n  await scheduler.now('build', { organizationId });`],
    ['pg-boss', `const { PgBoss } = await import('pg-boss');\n  const jobs = new PgBoss('postgres://');\n  await jobs.send('build', { organizationId });`],
    ['qstash', `const { Client } = await import('@upstash/qstash');\n  const client = new Client({ token: 't' });\n  await client.publishJSON({ url: 'https://example.com/api/build', body: { organizationId } });`],
    ['temporal', `const { Client } = await import('@temporalio/client');\n  const client = new Client();\n  await client.workflow.start('build', { args: [{ organizationId }], taskQueue: 'q', workflowId: 'w' });`],
    ['sqs', `const { SendMessageCommand } = await import('@aws-sdk/client-sqs');\n  await sqsClient.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: JSON.stringify({ organizationId }) }));`],
    ['graphile-worker', `const { quickAddJob } = await import('graphile-worker');\n  await quickAddJob({}, 'build', { organizationId });`],
    ['vercel-queue', `const { send } = await import('@vercel/queue');\n  await send('build', { organizationId });`],
    ['bee-queue', `const Queue = require('bee-queue');\n  const queue = new Queue('reports');\n  await queue.createJob({ organizationId }).save();`],
  ])('%s', (system, body) => {
    expect(sitesOf(`export async function enqueue(organizationId: string) {\n  ${body}\n}\n`)).toEqual([system]);
  });
});

describe('enqueue sites of clients known by their names, with no import of the system', () => {
  it.each([
    ['bullmq', `import { reportQueue } from './queues';`, `await reportQueue.add('build', { organizationId });`],
    ['trigger.dev', `import { reportTask } from './trigger/report';`, `await reportTask.trigger({ organizationId });`],
    ['agenda', `import { jobAgenda } from './agenda';`, `await jobAgenda.now('build', { organizationId });`],
    ['pg-boss', `import { boss } from './boss';`, `await boss.send('build', { organizationId });`],
    ['qstash', `import { qstash } from './qstash';`, `await qstash.publishJSON({ url: 'https://example.com/api/build', body: { organizationId } });`],
  ])('%s', (system, imports, call) => {
    expect(sitesOf(`${imports}\nexport async function enqueue(organizationId: string) {\n  ${call}\n}\n`)).toEqual([system]);
  });

  it('finds none on receivers named otherwise, or with a system named only in a comment or a longer package name', () => {
    const code = `
import { mailer, hooks, store, client, cache } from './services';
import { x } from 'bullmq-extra';
// bullmq, pg-boss, agenda, @trigger.dev/sdk, @upstash/qstash, @vercel/queue
export async function enqueue(organizationId: string) {
  await mailer.send('build', { organizationId });
  await hooks.trigger({ organizationId });
  await store.add('build', { organizationId }, {});
  await client.now('build', { organizationId });
  await cache.publishJSON({ url: 'https://example.com/api/build', body: { organizationId } });
  await client.createJob({ organizationId });
  await client.addJob('build', { organizationId });
  await client.workflow.start('build', { args: [{ organizationId }] });
  return x;
}
`;
    expect(sitesOf(code)).toEqual([]);
  });
});

/**
 * Handlers of a file outside the job folders. A `handlerFunctions` entry (of a name the code never
 * calls) makes every file one that can hold handlers, as an import of a job system would.
 */
const systemsOf = (code: string) =>
  handlers(code, { handlerFunctions: [{ name: 'registerUnused', handlerArg: 0, payloadParam: 0 }] }, 'src/app/setup.ts').map((handler) => handler.system);

describe('handlers registered on clients the file loads inside a function', () => {
  it.each([
    ['bullmq', `const { Worker } = await import('bullmq');\n  return new Worker('reports', async (job) => job.data);`],
    ['bull', `const Queue = require('bull');\n  const reports = new Queue('reports');\n  reports.process(async (job) => job.data);`],
    ['bee-queue', `const Queue = require('bee-queue');\n  const reports = new Queue('reports');\n  reports.process(async (job) => job.data);`],
    ['graphile-worker', `const { run } = await import('graphile-worker');\n  await run({ taskList: { build: async (payload) => payload } });`],
    ['trigger.dev', `const { task } = await import('@trigger.dev/sdk');\n  return task({ id: 'build', run: async (payload) => payload });`],
    ['hatchet', `const { HatchetClient } = await import('@hatchet-dev/typescript-sdk');\n  const client = HatchetClient.init();\n  return client.task({ name: 'build', fn: async (input) => input });`],
    ['upstash-workflow', `const { serve } = await import('@upstash/workflow/nextjs');\n  return serve(async (context) => context.requestPayload);`],
    ['vercel-queue', `const { handleCallback } = await import('@vercel/queue');\n  return handleCallback(async (message) => message);`],
    ['sqs', `const { Consumer } = await import('sqs-consumer');\n  return Consumer.create({ queueUrl: 'q', handleMessage: async (message) => message });`],
    ['node-cron', `const cron = require('node-cron');\n  cron.schedule('0 * * * *', async () => undefined);`],
    ['croner', `const { Cron } = await import('croner');\n  return new Cron('0 * * * *', async () => undefined);`],
    ['cron', `const { CronJob } = await import('cron');\n  return new CronJob('0 * * * *', async () => undefined);`],
    ['node-schedule', `const schedule = require('node-schedule');\n  schedule.scheduleJob('0 * * * *', async () => undefined);`],
  ])('%s', (system, body) => {
    expect(systemsOf(`export async function setUp() {\n  ${body}\n}\n`)).toEqual([system]);
  });
});

describe('handlers registered on clients known by their names, with no import of the system', () => {
  it.each([
    ['inngest', `import { inngestClient } from './client';`, `inngestClient.createFunction({ id: 'build' }, { event: 'app/build' }, async ({ event }) => event.data);`],
    ['pg-boss', `import { boss } from './boss';`, `boss.work('build', async ([job]) => job.data);`],
    ['agenda', `import { jobAgenda } from './agenda';`, `jobAgenda.define('build', async (job) => job.attrs.data);`],
  ])('%s', (system, imports, call) => {
    expect(systemsOf(`${imports}\nexport async function setUp() {\n  ${call}\n}\n`)).toEqual([system]);
  });

  it('finds none on look-alikes in a file that loads no job system', () => {
    const code = `
import { emitter, bus, runner, commands, scheduler, client, tasks } from './services';
export async function setUp() {
  emitter.on('completed', async (job) => job);
  bus.process(async (job) => job);
  await runner.run({ taskList: { build: async (payload) => payload } });
  commands.createFunction({ id: 'build' }, { event: 'app/build' }, async ({ event }) => event);
  scheduler.work('build', async ([job]) => job);
  client.define('build', async (job) => job);
  scheduler.schedule('0 * * * *', async () => undefined);
  tasks.task({ id: 'build', run: async (payload) => payload });
  client.task({ name: 'build', fn: async (input) => input });
}
`;
    expect(systemsOf(code)).toEqual([]);
  });
});
