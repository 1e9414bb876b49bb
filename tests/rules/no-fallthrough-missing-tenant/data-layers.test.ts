import rule from '../../../src/rules/no-fallthrough-missing-tenant';
import { createTsRuleTester } from '../../rule-tester';

const worker = (imports: string, body: string) =>
  `import { Worker } from 'bullmq';\n${imports}\nnew Worker('sync', async (job) => {\n  const orgId = job.data.orgId;\n${body}\n});`;

const kysely = `import { Kysely } from 'kysely';\nconst db = new Kysely<DB>({ dialect });`;
const knex = `import knex from 'knex';\nconst db = knex({});`;
const supabase = `import { createClient } from '@supabase/supabase-js';\nconst supabase = createClient(url, key);`;
const typeorm = `import { DataSource } from 'typeorm';\nconst dataSource = new DataSource({});`;

createTsRuleTester().run('no-fallthrough-missing-tenant (data layers)', rule, {
  valid: [
    // Filters that throw or match nothing on undefined need no check.
    { name: 'Kysely three-argument where', code: worker(kysely, `  await db.selectFrom('documents').selectAll().where('organization_id', '=', orgId).execute();`) },
    { name: 'Knex where', code: worker(knex, `  await db('documents').where({ organization_id: orgId }).del();`) },
    { name: 'Supabase eq', code: worker(supabase, `  await supabase.from('documents').select('*').eq('organization_id', orgId);`) },
    // Checked before use.
    { name: 'TypeORM with a check', code: worker(typeorm, `  if (!orgId) throw new Error('x');\n  await dataSource.getRepository(Doc).find({ where: { organizationId: orgId } });`) },
  ],
  invalid: [
    {
      name: 'Kysely $if',
      code: worker(kysely, `  await db.selectFrom('documents').selectAll().$if(!!orgId, (qb) => qb.where('organization_id', '=', orgId)).execute();`),
      errors: [{ messageId: 'conditionalTenantFilter', line: 6, suggestions: [] }],
    },
    {
      name: 'Knex where under if',
      code: worker(knex, `  let q = db('documents').where('archived', true);\n  if (orgId) q = q.where('organization_id', orgId);\n  await q.del();`),
      errors: [{ messageId: 'conditionalTenantFilter' }],
    },
    {
      name: 'Supabase eq under a condition',
      code: worker(supabase, `  let q = supabase.from('documents').delete();\n  if (orgId) q = q.eq('organization_id', orgId);\n  await q;`),
      errors: [{ messageId: 'conditionalTenantFilter' }],
    },
    {
      name: 'Supabase match drops undefined',
      code: worker(supabase, `  await supabase.from('documents').delete().match({ organization_id: orgId });`),
      errors: [{ messageId: 'unguardedTenantFilter', line: 6 }],
    },
    {
      name: 'TypeORM 0.3 find options drop undefined',
      code: worker(typeorm, `  await dataSource.getRepository(Doc).find({ where: { organizationId: orgId } });`),
      errors: [{ messageId: 'unguardedTenantFilter', line: 6 }],
    },
    {
      name: 'Kysely eb.and object form drops undefined',
      code: worker(kysely, `  await db.selectFrom('documents').selectAll().where((eb) => eb.and({ organization_id: orgId })).execute();`),
      errors: [{ messageId: 'unguardedTenantFilter', line: 6 }],
    },
  ].map((test) => ({
    ...test,
    errors: test.errors.map((error) =>
      'suggestions' in error || error.messageId === 'conditionalTenantFilter'
        ? { suggestions: [], ...error }
        : {
            ...error,
            suggestions: [
              {
                messageId: 'throwOnMissingTenant' as const,
                output: test.code.replace(`  const orgId = job.data.orgId;\n`, `  const orgId = job.data.orgId;\n  if (!orgId) throw new Error("sync: missing orgId in job payload");\n`),
              },
            ],
          },
    ),
  })),
});
