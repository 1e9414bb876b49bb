import rule from '../../src/rules/require-tenant-in-job-payload';
import { createTsRuleTester } from '../rule-tester';

createTsRuleTester().run('smoke', rule, {
  valid: [
    `import { Queue } from 'bullmq'; const q = new Queue('r'); q.add('x', { organizationId: '1' });`,
  ],
  invalid: [
    {
      code: `import { Queue } from 'bullmq'; const q = new Queue('r'); const orgId = '1'; q.add('x', { userId: 1 });`,
      errors: [{ messageId: 'missingTenantKey', suggestions: [{ messageId: 'addTenantKey', output: `import { Queue } from 'bullmq'; const q = new Queue('r'); const orgId = '1'; q.add('x', { userId: 1, orgId });` }] }],
    },
  ],
});
