import rule from '../../../src/rules/require-tenant-in-job-payload';
import { createJsRuleTester, createTsRuleTester } from '../../rule-tester';

createTsRuleTester().run('require-tenant-in-job-payload (Bull, NestJS Bull, Bee-Queue)', rule, {
  valid: [
    // Bull: data first, or a name then data.
    `import Queue from 'bull'; const q = new Queue('mail'); q.add({ organizationId, to });`,
    `import Queue from 'bull'; const q = new Queue('mail'); q.add('welcome', { tenantId, to });`,
    `import Queue from 'bull'; const q = Queue('mail'); q.add({ orgId });`,
    // Repeatable Bull jobs: options after the data.
    `import Queue from 'bull'; const q = new Queue('mail'); q.add({}, { repeat: { cron: '0 * * * *' } });`,
    `import Queue from 'bull'; const q = new Queue('mail'); q.add('digest', {}, { repeat: { every: 60000 } });`,
    // NestJS Bull: an injected queue whose payload carries it.
    `import { InjectQueue } from '@nestjs/bull';\nclass A { constructor(@InjectQueue('audio') private q: any) {}\n  go() { return this.q.add('t', { workspaceId }); } }`,
    // Bee-Queue.
    `import BeeQueue from 'bee-queue'; const q = new BeeQueue('x'); q.createJob({ accountId }).save();`,
    // Look-alikes.
    `import Queue from 'bull'; const q = new Queue('mail'); q.process(async (job) => job.data);`,
    `const job = factory.createJob({ a: 1 });`,
  ],
  invalid: [
    {
      code: `import Queue from 'bull';\nconst q = new Queue('mail');\nq.add({ to });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'mail', key: 'organizationId' }, line: 3, column: 7 }],
    },
    {
      code: `import Queue from 'bull';\nconst q = new Queue('mail');\nq.add('welcome', { to }, { delay: 5 });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'welcome', key: 'organizationId' }, line: 3, column: 18 }],
    },
    {
      code: `import Queue from 'bull';\nconst q = new Queue('mail');\nq.add('welcome');`,
      errors: [{ messageId: 'emptyPayload', data: { job: 'welcome', key: 'organizationId', what: 'no payload' } }],
    },
    {
      code: `import Queue from 'bull';\nconst q = new Queue('mail');\nq.addBulk([{ name: 'a', data: { to } }]);`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'a', key: 'organizationId' } }],
    },
    {
      code: `import { InjectQueue } from '@nestjs/bull';\nimport { Queue } from 'bull';\nexport class Audio {\n  constructor(@InjectQueue('audio') private readonly audioQueue: Queue) {}\n  transcode(file: string) { return this.audioQueue.add('transcode', { file }); }\n}`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'transcode', key: 'organizationId' }, line: 5 }],
    },
    {
      code: `import BeeQueue from 'bee-queue';\nconst q = new BeeQueue('thumbnails');\nq.createJob({ imageId }).save();`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'thumbnails', key: 'organizationId' }, line: 3, column: 13 }],
    },
  ],
});

createJsRuleTester().run('require-tenant-in-job-payload (Bull, JavaScript)', rule, {
  valid: [`const Queue = require('bull'); const q = new Queue('m'); q.add({ orgId });`],
  invalid: [
    {
      code: `const Queue = require('bull');\nconst q = Queue('m');\nq.add({ to });`,
      errors: [{ messageId: 'missingTenantKey', line: 3 }],
    },
  ],
});
