import rule from '../../../src/rules/require-tenant-in-job-payload';
import { createTsRuleTester } from '../../rule-tester';

createTsRuleTester().run('require-tenant-in-job-payload (Temporal, Hatchet)', rule, {
  valid: [
    `import { Client } from '@temporalio/client';\nconst client = new Client({ connection });\nawait client.workflow.start(generateReport, { taskQueue: 'r', workflowId: id, args: [{ organizationId }] });`,
    `import { Client } from '@temporalio/client';\nconst client = new Client({ connection });\nawait client.workflow.execute('generateReport', { taskQueue: 'r', workflowId: id, args: [orgId, month] });`,
    `import { WorkflowClient } from '@temporalio/client';\nconst client = new WorkflowClient();\nawait client.start(generateReport, { taskQueue: 'r', args: [{ tenantId }] });`,
    `import { startChild } from '@temporalio/workflow';\nawait startChild(child, { args: [{ orgId }] });`,
    `import { Client } from '@temporalio/client';\nconst client = new Client({ connection });\nawait client.workflow.start(cleanup, { taskQueue: 'r', cronSchedule: '0 3 * * *', args: [] });`,
    `import { HatchetClient } from '@hatchet-dev/typescript-sdk/v1';\nconst hatchet = HatchetClient.init();\nconst report = hatchet.task({ name: 'report', fn: async (input) => input });\nawait report.run({ organizationId });\nawait hatchet.run(report, { orgId });\nawait hatchet.events.push('user:created', { orgId });`,
    `import { HatchetClient } from '@hatchet-dev/typescript-sdk/v1';\nconst hatchet = HatchetClient.init();\nconst report = hatchet.task({ name: 'report', fn: async (input) => input });\nawait report.cron('nightly', '0 3 * * *', {});`,
    // Look-alikes.
    `runner.run({ a: 1 });`,
    `events.push({ a: 1 });`,
    `const client = new Client(); client.workflow.start(x, { args: [] });`,
  ],
  invalid: [
    {
      code: `import { Client } from '@temporalio/client';\nimport { generateReport } from './workflows';\nconst client = new Client({ connection });\nawait client.workflow.start(generateReport, { taskQueue: 'r', workflowId: id, args: [{ month }] });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'generateReport', key: 'organizationId' }, line: 4, column: 85 }],
    },
    {
      code: `import { Client } from '@temporalio/client';\nconst client = new Client({ connection });\nawait client.workflow.start('generateReport', { taskQueue: 'r', workflowId: id });`,
      errors: [{ messageId: 'emptyPayload', data: { job: 'generateReport', key: 'organizationId', what: 'no `args`' } }],
    },
    {
      code: `import { executeChild } from '@temporalio/workflow';\nawait executeChild('child', { args: [] });`,
      errors: [{ messageId: 'emptyPayload', data: { job: 'child', key: 'organizationId', what: 'an empty payload' } }],
    },
    {
      code: `import { HatchetClient } from '@hatchet-dev/typescript-sdk/v1';\nconst hatchet = HatchetClient.init();\nconst report = hatchet.task({ name: 'report', fn: async (input) => input });\nawait report.run({ month });\nawait report.runNoWait([{ month }, { orgId }]);\nawait hatchet.run(report, { month });\nawait hatchet.events.push('user:created', { userId });`,
      errors: [
        { messageId: 'missingTenantKey', data: { job: 'report', key: 'orgId' }, line: 4 },
        { messageId: 'missingTenantKey', data: { job: 'report', key: 'orgId' }, line: 5 },
        { messageId: 'missingTenantKey', data: { job: 'report', key: 'orgId' }, line: 6 },
        { messageId: 'missingTenantKey', data: { job: 'user:created', key: 'orgId' }, line: 7 },
      ],
    },
  ],
});
