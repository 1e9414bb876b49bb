/** Where the fatal check goes, and how an expression body becomes a block around it. */
import rule from '../../../src/rules/no-fallthrough-missing-tenant';
import { createTsRuleTester } from '../../rule-tester';

const prisma = `import { Worker } from 'bullmq';\nimport { prisma } from './prisma';\n`;

createTsRuleTester().run('no-fallthrough-missing-tenant (suggestion edits)', rule, {
  valid: [],
  invalid: [
    {
      // Found by the fuzzer: the filter edit and the block around the body overlapped, and ESLint threw.
      name: 'a conditional filter in an expression body',
      code: `${prisma}new Worker('q', async (job) => prisma.document.findMany({ where: job.data.orgId ? { organizationId: job.data.orgId } : {} }));`,
      errors: [
        {
          messageId: 'conditionalTenantFilter',
          suggestions: [
            {
              messageId: 'makeFilterUnconditional',
              output: `${prisma}new Worker('q', async (job) => {\n  if (!job.data.orgId) throw new Error("q: missing orgId in job payload");\n  return prisma.document.findMany({ where: { organizationId: job.data.orgId } });\n});`,
            },
          ],
        },
      ],
    },
    {
      // Found by the fuzzer: the block went inside the parentheses, `=> ({ if (…) … })`.
      name: 'a parenthesised expression body',
      code: `import { Agenda } from 'agenda';\nimport { Kysely } from 'kysely';\nconst agenda = new Agenda({});\nconst db = new Kysely<DB>({ dialect });\nagenda.define('report', async (job) => (db.deleteFrom('invoices').where((eb) => eb.and({ org_id: job.attrs.data.accountId })).execute()));`,
      errors: [
        {
          messageId: 'unguardedTenantFilter',
          suggestions: [
            {
              messageId: 'throwOnMissingTenant',
              output: `import { Agenda } from 'agenda';\nimport { Kysely } from 'kysely';\nconst agenda = new Agenda({});\nconst db = new Kysely<DB>({ dialect });\nagenda.define('report', async (job) => {\n  if (!job.attrs.data.accountId) throw new Error("report: missing accountId in job payload");\n  return (db.deleteFrom('invoices').where((eb) => eb.and({ org_id: job.attrs.data.accountId })).execute());\n});`,
            },
          ],
        },
      ],
    },
    {
      // At the top of the handler the check would name a binding out of its scope.
      name: 'after a binding declared in a loop',
      code: `${prisma}new Worker('q', async (job) => {\n  for (const item of job.data.items) {\n    const orgId = job.data.orgId;\n    await prisma.document.findMany({ where: { organizationId: orgId, id: item } });\n  }\n});`,
      errors: [
        {
          messageId: 'unguardedTenantFilter',
          suggestions: [
            {
              messageId: 'throwOnMissingTenant',
              output: `${prisma}new Worker('q', async (job) => {\n  for (const item of job.data.items) {\n    const orgId = job.data.orgId;\n    if (!orgId) throw new Error("q: missing orgId in job payload");\n    await prisma.document.findMany({ where: { organizationId: orgId, id: item } });\n  }\n});`,
            },
          ],
        },
      ],
    },
  ],
});
