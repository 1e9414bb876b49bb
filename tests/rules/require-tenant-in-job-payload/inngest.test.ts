import rule from '../../../src/rules/require-tenant-in-job-payload';
import { createTsRuleTester } from '../../rule-tester';

const head = `import { Inngest } from 'inngest';\nconst inngest = new Inngest({ id: 'app' });\n`;

createTsRuleTester().run('require-tenant-in-job-payload (Inngest)', rule, {
  valid: [
    `${head}await inngest.send({ name: 'app/report.requested', data: { organizationId, month } });`,
    `${head}await inngest.send([{ name: 'a', data: { orgId } }, { name: 'b', data: { orgId } }]);`,
    `${head}await inngest.send(orgs.map((org) => ({ name: 'app/digest', data: { organizationId: org.id } })));`,
    // A client imported from the project's own module, recognised by shape.
    `import { inngest } from '@/inngest/client';\nawait inngest.send({ name: 'app/x', data: { tenantId } });`,
    // step tools inside a function.
    `${head}inngest.createFunction({ id: 'f' }, { event: 'a' }, async ({ event, step }) => {\n  await step.sendEvent('fan-out', orgs.map((o) => ({ name: 'app/one', data: { orgId: o.id } })));\n  await step.invoke('child', { function: childFn, data: { orgId: event.data.orgId } });\n});`,
    // v4 event types.
    `import { Inngest, eventType } from 'inngest';\nconst inngest = new Inngest({ id: 'a' });\nconst reportRequested = eventType('app/report');\nawait inngest.send(reportRequested.create({ organizationId }));`,
    // Unresolved events.
    `${head}await inngest.send(events);`,
    `${head}await inngest.send({ name: 'app/x', data: event.data });`,
    // Tenant-agnostic events.
    { code: `${head}await inngest.send({ name: 'app/heartbeat', data: {} });`, settings: { 'tenant-jobs': { tenantAgnosticJobs: ['app/heartbeat'] } } },
    // Look-alikes: `send` on responses, sockets, mailers, channels.
    `res.send({ name: 'x', data: {} });`,
    `socket.send(JSON.stringify({ a: 1 }));`,
    `mailer.sendMail({ to });`,
    `channel.send({ name: 'x', data: 1 });`,
    `const step = steps[0]; step.run('x', () => 1);`,
    `wizard.step.sendEvent(evt);`,
  ],
  invalid: [
    {
      code: `${head}await inngest.send({ name: 'app/report.requested', data: { month } });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'app/report.requested', key: 'organizationId' }, line: 3, column: 58 }],
    },
    {
      code: `${head}await inngest.send({ name: 'app/user.signup' });`,
      errors: [{ messageId: 'emptyPayload', data: { job: 'app/user.signup', key: 'organizationId', what: 'no `data`' }, line: 3, column: 20 }],
    },
    {
      code: `${head}await inngest.send([{ name: 'a', data: { orgId } }, { name: 'b', data: { userId } }]);`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'b', key: 'orgId' } }],
    },
    {
      code: `${head}await inngest.send(users.map((u) => ({ name: 'app/welcome', data: { userId: u.id } })));`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'app/welcome', key: 'organizationId' } }],
    },
    {
      code: `import { inngest } from './client';\nexport async function signup(orgId: string, userId: string) {\n  await inngest.send({ name: 'app/user.created', data: { userId } });\n}`,
      errors: [
        {
          messageId: 'missingTenantKey',
          suggestions: [
            {
              messageId: 'addTenantKey',
              output: `import { inngest } from './client';\nexport async function signup(orgId: string, userId: string) {\n  await inngest.send({ name: 'app/user.created', data: { userId, orgId } });\n}`,
            },
          ],
        },
      ],
    },
    {
      // A missing `data`: the suggestion adds it.
      code: `import { inngest } from './client';\nfunction f(orgId: string) { return inngest.send({ name: 'app/x' }); }`,
      errors: [
        {
          messageId: 'emptyPayload',
          suggestions: [
            { messageId: 'addTenantKey', output: `import { inngest } from './client';\nfunction f(orgId: string) { return inngest.send({ name: 'app/x', data: { orgId } }); }` },
          ],
        },
      ],
    },
    {
      code: `${head}import { digestFn } from './digest';\ninngest.createFunction({ id: 'cron' }, { cron: '0 0 * * *' }, async ({ step }) => {\n  const orgs = await step.run('load', () => db.org.findMany());\n  await step.sendEvent('fan-out', orgs.map((o) => ({ name: 'app/digest', data: { day: 1 } })));\n  await step.invoke('child', { function: digestFn, data: { day: 1 } });\n});`,
      errors: [
        { messageId: 'missingTenantKey', data: { job: 'app/digest', key: 'organizationId' }, line: 6 },
        { messageId: 'missingTenantKey', data: { job: 'digestFn', key: 'organizationId' }, line: 7 },
      ],
    },
    {
      // The tenant value is in scope only inside the `.map` callback that builds the payload.
      code: `${head}inngest.createFunction({ id: 'f' }, { cron: '0 8 * * MON' }, async ({ step }) => {\n  const orgs = await step.run('l', () => db.organization.findMany());\n  await step.sendEvent('fan', orgs.map((org) => ({ name: 'digest/send', data: { period: 'w' } })));\n});`,
      errors: [
        {
          messageId: 'missingTenantKey',
          data: { job: 'digest/send', key: 'organizationId' },
          suggestions: [
            {
              messageId: 'addTenantKey',
              output: `${head}inngest.createFunction({ id: 'f' }, { cron: '0 8 * * MON' }, async ({ step }) => {\n  const orgs = await step.run('l', () => db.organization.findMany());\n  await step.sendEvent('fan', orgs.map((org) => ({ name: 'digest/send', data: { period: 'w', organizationId: org.id } })));\n});`,
            },
          ],
        },
      ],
    },
    {
      code: `import { Inngest, eventType } from 'inngest';\nconst inngest = new Inngest({ id: 'a' });\nconst reportRequested = eventType('app/report');\nawait inngest.send(reportRequested.create({ month }));`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'app/report', key: 'organizationId' }, line: 4 }],
    },
  ],
});
