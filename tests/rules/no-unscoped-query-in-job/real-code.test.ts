/**
 * Shapes found by running the plugin over open-source SaaS repositories (`npm run corpus`, see
 * docs/reliability.md, "Real code"), each a regression test of a fix, with look-alikes.
 */
import rule from '../../../src/rules/no-unscoped-query-in-job';
import { createTsRuleTester } from '../../rule-tester';

/** A job handler as documenso writes them: the exported `run` of a file under jobs/. */
const JOB_FILE = 'packages/lib/jobs/definitions/emails/send-organisation-member-left-email.handler.ts';
const handler = (body: string) =>
  `import { prisma } from '@documenso/prisma';\nexport const run = async ({ payload }: { payload: { organisationId: string; memberUserId: number } }) => {\n${body}\n};`;

createTsRuleTester().run('no-unscoped-query-in-job (real code: the British tenant root)', rule, {
  valid: [
    // `organisation` is a default tenant model, as `organisationId` is a default tenant key: reading
    // the job's own organisation by its id, and listing the organisations to fan out, are not
    // unscoped queries (they were reported before).
    { code: handler(`  await prisma.organisation.findFirstOrThrow({ where: { id: payload.organisationId } });`), filename: JOB_FILE },
    { code: handler(`  const orgs = await prisma.organisations.findMany({ select: { id: true } });`), filename: JOB_FILE },
    {
      code: handler(`  await prisma.organisationMember.findFirstOrThrow({ where: { userId: payload.memberUserId, organisationId: payload.organisationId } });`),
      filename: JOB_FILE,
    },
  ],
  invalid: [
    // Look-alikes: models named after the tenant that are not the tenant root still need the filter.
    {
      code: handler(`  await prisma.organisationMember.findMany({ where: { userId: payload.memberUserId } });`),
      filename: JOB_FILE,
      errors: [{ messageId: 'unscopedQuery', data: { query: 'prisma.organisationMember.findMany', job: 'run', verb: 'reads', model: 'organisationMember', key: 'organisationId' } }],
    },
    {
      code: handler(`  await prisma.organisationClaim.updateMany({ data: { flags: {} } });`),
      filename: JOB_FILE,
      errors: [{ messageId: 'unscopedQuery', data: { query: 'prisma.organisationClaim.updateMany', job: 'run', verb: 'updates', model: 'organisationClaim', key: 'organisationId' } }],
    },
    {
      // The tenant root's own listing is exempt, not another model's.
      code: handler(`  await prisma.organisationGroup.findMany();`),
      filename: JOB_FILE,
      errors: [{ messageId: 'unscopedQuery', data: { query: 'prisma.organisationGroup.findMany', job: 'run', verb: 'reads', model: 'organisationGroup', key: 'organisationId' } }],
    },
  ],
});
