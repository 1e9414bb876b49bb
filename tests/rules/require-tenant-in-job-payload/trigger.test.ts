import rule from '../../../src/rules/require-tenant-in-job-payload';
import { createTsRuleTester } from '../../rule-tester';

createTsRuleTester().run('require-tenant-in-job-payload (Trigger.dev)', rule, {
  valid: [
    `import { tasks } from '@trigger.dev/sdk';\nawait tasks.trigger<typeof generateReport>('generate-report', { organizationId, month });`,
    `import { tasks } from '@trigger.dev/sdk/v3';\nawait tasks.batchTrigger('email', orgs.map((o) => ({ payload: { orgId: o.id } })));`,
    `import { batch } from '@trigger.dev/sdk';\nawait batch.trigger([{ id: 'a', payload: { tenantId } }, { id: 'b', payload: { tenantId } }]);`,
    `import { task } from '@trigger.dev/sdk';\nexport const hello = task({ id: 'hello', run: async (p: { orgId: string }) => p });\nawait hello.trigger({ orgId });`,
    `import { reportTask } from './trigger/report';\nawait reportTask.triggerAndWait({ organizationId });`,
    // Unresolved payloads.
    `import { tasks } from '@trigger.dev/sdk';\nawait tasks.trigger('x', payload);`,
    // Look-alikes: DOM/jQuery events and other `trigger`s.
    `$('#el').trigger('click');`,
    `element.trigger('change', { detail: 1 });`,
    `import { useTask } from './hooks'; useTask.trigger('evt');`,
    `const workflowTask = getTask(); workflowTask.trigger('start');`,
    `import { tasks } from './my-tasks'; tasks.trigger('x', {});`,
    // Trigger.dev's own ctx.organization is not the tenant, and is not an enqueue.
    `import { task } from '@trigger.dev/sdk';\nexport const t = task({ id: 't', run: async (payload, { ctx }) => ctx.organization.id });`,
  ],
  invalid: [
    {
      code: `import { tasks } from '@trigger.dev/sdk';\nawait tasks.trigger<typeof generateReport>('generate-report', { month });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'generate-report', key: 'organizationId' }, line: 2, column: 63 }],
    },
    {
      code: `import { tasks } from '@trigger.dev/sdk/v3';\nawait tasks.triggerAndWait('resize', {});`,
      errors: [{ messageId: 'emptyPayload', data: { job: 'resize', key: 'organizationId', what: 'an empty payload' } }],
    },
    {
      code: `import { tasks } from '@trigger.dev/sdk';\nawait tasks.trigger('resize');`,
      errors: [{ messageId: 'emptyPayload', data: { job: 'resize', key: 'organizationId', what: 'no payload' } }],
    },
    {
      code: `import { tasks } from '@trigger.dev/sdk';\nawait tasks.batchTrigger('email', users.map((u) => ({ payload: { userId: u.id } })));`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'email', key: 'organizationId' } }],
    },
    {
      code: `import { batch } from '@trigger.dev/sdk';\nimport { resizeTask } from './resize';\nawait batch.triggerByTask([{ task: resizeTask, payload: { url } }]);`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'resizeTask', key: 'organizationId' } }],
    },
    {
      code: `import { schemaTask } from '@trigger.dev/sdk';\nexport const sync = schemaTask({ id: 'sync-crm', schema, run: async () => {} });\nexport async function go(workspaceId: string) {\n  await sync.trigger({ full: true });\n}`,
      errors: [
        {
          messageId: 'missingTenantKey',
          data: { job: 'sync-crm', key: 'workspaceId' },
          suggestions: [
            {
              messageId: 'addTenantKey',
              output: `import { schemaTask } from '@trigger.dev/sdk';\nexport const sync = schemaTask({ id: 'sync-crm', schema, run: async () => {} });\nexport async function go(workspaceId: string) {\n  await sync.trigger({ full: true, workspaceId });\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `import { reportTask } from './trigger/report';\nawait reportTask.batchTrigger([{ payload: { month: 1 } }]);`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'reportTask', key: 'organizationId' } }],
    },
  ],
});
