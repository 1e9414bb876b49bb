import rule from '../../../src/rules/require-tenant-in-job-payload';
import { createJsRuleTester, createTsRuleTester } from '../../rule-tester';

createTsRuleTester().run('require-tenant-in-job-payload (pg-boss, Agenda, graphile-worker, Quirrel)', rule, {
  valid: [
    // pg-boss v12 named export, v11 default export, v10 insert, v11+ insert, send({ name, data }).
    `import { PgBoss } from 'pg-boss';\nconst boss = new PgBoss(url);\nawait boss.send('invoice', { organizationId, invoiceId });`,
    `import PgBoss from 'pg-boss';\nconst boss = new PgBoss(url);\nawait boss.sendAfter('invoice', { orgId }, {}, 60);`,
    `import { PgBoss } from 'pg-boss';\nconst boss = new PgBoss(url);\nawait boss.insert('invoice', [{ data: { orgId } }]);`,
    `import { PgBoss } from 'pg-boss';\nconst boss = new PgBoss(url);\nawait boss.insert([{ name: 'invoice', data: { orgId } }]);`,
    `import { PgBoss } from 'pg-boss';\nconst boss = new PgBoss(url);\nawait boss.send({ name: 'invoice', data: { tenantId } });`,
    // pg-boss schedules carry no tenant by design.
    `import { PgBoss } from 'pg-boss';\nconst boss = new PgBoss(url);\nawait boss.schedule('nightly', '0 3 * * *');`,
    // Agenda: now/schedule/create with the tenant; every is repeatable; create().repeatEvery() too.
    `import { Agenda } from 'agenda';\nconst agenda = new Agenda({});\nawait agenda.now('sync', { accountId });`,
    `import Agenda from 'agenda';\nconst agenda = new Agenda({});\nawait agenda.schedule('in 5 minutes', 'sync', { accountId });`,
    `import { Agenda } from 'agenda';\nconst agenda = new Agenda({});\nawait agenda.every('1 hour', 'sweep');`,
    `import { Agenda } from 'agenda';\nconst agenda = new Agenda({});\nawait agenda.create('sweep', {}).repeatEvery('1 day').save();`,
    // graphile-worker.
    `import { makeWorkerUtils } from 'graphile-worker';\nconst utils = await makeWorkerUtils({});\nawait utils.addJob('send_email', { organizationId, to });`,
    `import { quickAddJob } from 'graphile-worker';\nawait quickAddJob({}, 'send_email', { orgId });`,
    `import type { Task } from 'graphile-worker';\nexport const t: Task = async (payload, helpers) => { await helpers.addJob('next', { orgId: payload.orgId }); };`,
    // Quirrel.
    `import { Queue } from 'quirrel/next-app';\nexport const q = Queue('api/queues/email', async (p) => {});\nawait q.enqueue({ organizationId, to });`,
    `import { Queue } from 'quirrel/next-app';\nexport const q = Queue('api/queues/email', async (p) => {});\nawait q.enqueue({}, { repeat: { every: '1h' } });`,
    `import emailQueue from '@/app/api/queues/email/route';\nawait emailQueue.enqueue({ tenantId }, { delay: '1h' });`,
    // Look-alikes.
    `import { schedule } from 'node-cron'; schedule('* * * * *', () => {});`,
    `calendar.schedule('meeting', 'x', {});`,
    `stream.now();`,
    `boss.send(message);`,
    `job.create('x', {});`,
    `utils.addJob('x', {});`,
    `import { helper } from './h'; helper.enqueue(a, b, c);`,
    `const q = new PQueue(); q.enqueue({});`,
  ],
  invalid: [
    {
      code: `import { PgBoss } from 'pg-boss';\nconst boss = new PgBoss(url);\nawait boss.send('invoice', { invoiceId });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'invoice', key: 'organizationId' }, line: 3, column: 28 }],
    },
    {
      code: `import { PgBoss } from 'pg-boss';\nconst boss = new PgBoss(url);\nawait boss.send('invoice');`,
      errors: [{ messageId: 'emptyPayload', data: { job: 'invoice', key: 'organizationId', what: 'no payload' } }],
    },
    {
      code: `import { PgBoss } from 'pg-boss';\nconst boss = new PgBoss(url);\nawait boss.send({ name: 'invoice', data: { invoiceId } });\nawait boss.insert('invoice', [{ data: { invoiceId } }]);\nawait boss.sendThrottled('invoice', { invoiceId }, {}, 60);`,
      errors: [
        { messageId: 'missingTenantKey', data: { job: 'invoice', key: 'organizationId' }, line: 3 },
        { messageId: 'missingTenantKey', data: { job: 'invoice', key: 'organizationId' }, line: 4 },
        { messageId: 'missingTenantKey', data: { job: 'invoice', key: 'organizationId' }, line: 5 },
      ],
    },
    {
      // An instance exported by the project's module.
      code: `import { boss } from '@/server/boss';\nawait boss.send('invoice', { invoiceId });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'invoice', key: 'organizationId' } }],
    },
    {
      code: `import { Agenda } from 'agenda';\nconst agenda = new Agenda({});\nawait agenda.now('sync', { userId });\nawait agenda.schedule('tomorrow', 'sync', { userId });\nawait agenda.create('sync', { userId }).save();`,
      errors: [
        { messageId: 'missingTenantKey', data: { job: 'sync', key: 'organizationId' }, line: 3, column: 26 },
        { messageId: 'missingTenantKey', data: { job: 'sync', key: 'organizationId' }, line: 4, column: 43 },
        { messageId: 'missingTenantKey', data: { job: 'sync', key: 'organizationId' }, line: 5, column: 29 },
      ],
    },
    {
      code: `import { makeWorkerUtils, quickAddJob } from 'graphile-worker';\nconst utils = await makeWorkerUtils({});\nawait utils.addJob('send_email', { to });\nawait utils.addJobs([{ identifier: 'a', payload: { to } }]);\nawait quickAddJob({}, 'send_email', { to });`,
      errors: [
        { messageId: 'missingTenantKey', data: { job: 'send_email', key: 'organizationId' }, line: 3 },
        { messageId: 'missingTenantKey', data: { job: 'a', key: 'organizationId' }, line: 4 },
        { messageId: 'missingTenantKey', data: { job: 'send_email', key: 'organizationId' }, line: 5 },
      ],
    },
    {
      code: `import type { Task } from 'graphile-worker';\nexport const t: Task = async (payload, helpers) => { await helpers.addJob('next', { step: 2 }); };`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'next', key: 'organizationId' } }],
    },
    {
      code: `import { Queue } from 'quirrel/next-app';\nexport const emailQueue = Queue('api/queues/email', async (p) => {});\nawait emailQueue.enqueue({ to });\nawait emailQueue.enqueueMany([{ payload: { to } }]);`,
      errors: [
        { messageId: 'missingTenantKey', data: { job: 'api/queues/email', key: 'organizationId' }, line: 3 },
        { messageId: 'missingTenantKey', data: { job: 'api/queues/email', key: 'organizationId' }, line: 4 },
      ],
    },
    {
      code: `import emailQueue from '@/app/api/queues/email/route';\nawait emailQueue.enqueue({ to }, { delay: '1h' });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'emailQueue', key: 'organizationId' } }],
    },
  ],
});

createJsRuleTester().run('require-tenant-in-job-payload (pg-boss, JavaScript)', rule, {
  valid: [`const { PgBoss } = require('pg-boss'); const boss = new PgBoss(u); boss.send('x', { orgId });`],
  invalid: [
    {
      code: `const PgBoss = require('pg-boss');\nconst boss = new PgBoss(u);\nboss.send('x', { a: 1 });`,
      errors: [{ messageId: 'missingTenantKey', line: 3 }],
    },
  ],
});
