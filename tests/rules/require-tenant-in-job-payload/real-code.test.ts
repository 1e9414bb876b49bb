/**
 * Shapes found by running the plugin over open-source SaaS repositories (`npm run corpus`, see
 * docs/reliability.md, "Real code"), each a regression test of an engine fix, with look-alikes.
 */
import rule from '../../../src/rules/require-tenant-in-job-payload';
import { createTsRuleTester } from '../../rule-tester';

const WORKER = `import { commonWorker } from '~/v3/commonWorker.server';\n`;

createTsRuleTester().run('require-tenant-in-job-payload (real code: job envelopes)', rule, {
  valid: [
    // A Redis worker's job envelope (`enqueue({ id, job, payload })`, trigger.dev's webapp): the
    // tenant is in the envelope's `payload`.
    `${WORKER}await commonWorker.enqueue({ id: \`bulk-\${id}\`, job: 'processBulkAction', payload: { bulkActionId: id, organizationId } });`,
    `${WORKER}await commonWorker.enqueue({ name: 'processBulkAction', payload: { projectId, organizationId } });`,
    // Look-alikes that stay Quirrel payloads: two arguments (payload and options), or no `job`/`name`
    // key next to `payload`; the tenant is in the payload itself.
    `import emailQueue from '@/app/api/queues/email/route';\nawait emailQueue.enqueue({ job: 'x', payload: {}, organizationId }, { delay: '1h' });`,
    `import emailQueue from '@/app/api/queues/email/route';\nawait emailQueue.enqueue({ payload: { body }, organizationId });`,
    // A queue created with Quirrel keeps Quirrel's shape, whatever its payload's keys are.
    `import { Queue } from 'quirrel/next-app';\nexport const q = Queue('api/queues/email', async (p) => {});\nawait q.enqueue({ name: 'welcome', payload: { to }, organizationId });`,
  ],
  invalid: [
    {
      // The finding is at the envelope's `payload`, named by its `job`, and the suggestion adds the
      // key there (it used to add it to the envelope, next to `id` and `job`).
      code: `${WORKER}export async function cancel(organizationId: string, id: string) {\n  await commonWorker.enqueue({ id: \`bulk-\${id}\`, job: 'processBulkAction', payload: { bulkActionId: id } });\n}`,
      errors: [
        {
          messageId: 'missingTenantKey',
          data: { job: 'processBulkAction', key: 'organizationId' },
          line: 3,
          column: 85,
          suggestions: [
            {
              messageId: 'addTenantKey',
              data: { property: 'organizationId' },
              output: `${WORKER}export async function cancel(organizationId: string, id: string) {\n  await commonWorker.enqueue({ id: \`bulk-\${id}\`, job: 'processBulkAction', payload: { bulkActionId: id, organizationId } });\n}`,
            },
          ],
        },
      ],
    },
    {
      // A tenant id beside the payload does not reach the handler, which is given the payload.
      code: `${WORKER}await commonWorker.enqueue({ job: 'v3.deliverAlert', organizationId, payload: { alertId } });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'v3.deliverAlert', key: 'organizationId' }, line: 2, column: 79 }],
    },
    {
      code: `${WORKER}await commonWorker.enqueue({ name: 'scheduleEmail', payload: {} });`,
      errors: [{ messageId: 'emptyPayload', data: { job: 'scheduleEmail', key: 'organizationId', what: 'an empty payload' }, line: 2 }],
    },
    {
      // A Quirrel-shaped call on an imported queue is still judged on its whole first argument.
      code: `import emailQueue from '@/app/api/queues/email/route';\nawait emailQueue.enqueue({ job: 'x', payload: { id } }, { delay: '1h' });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'emailQueue', key: 'organizationId' }, line: 2, column: 26 }],
    },
  ],
});
