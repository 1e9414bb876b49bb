import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageIds } from '../../../src/rules/no-fallthrough-missing-tenant';
import { createTsRuleTester } from '../../rule-tester';

const worker = (imports: string, body: string) =>
  `import { Worker } from 'bullmq';\n${imports}\nnew Worker('sync', async (job) => {\n  const orgId = job.data.orgId;\n${body}\n});`;

const kysely = `import { Kysely } from 'kysely';\nconst db = new Kysely<DB>({ dialect });`;
const knex = `import knex from 'knex';\nconst db = knex({});`;
const supabase = `import { createClient } from '@supabase/supabase-js';\nconst supabase = createClient(url, key);`;
const typeorm = `import { DataSource } from 'typeorm';\nconst dataSource = new DataSource({});`;

/** A conditional tenant filter: reported at the query, with no suggestion for builder forms. */
function conditional(name: string, code: string, line?: number): InvalidTestCase<MessageIds, []> {
  return { name, code, errors: [{ messageId: 'conditionalTenantFilter', ...(line ? { line } : {}), suggestions: [] }] };
}

/** A filter that drops undefined with no check: the suggestion inserts the check after `const orgId = …`. */
function unguarded(name: string, code: string): InvalidTestCase<MessageIds, []> {
  const output = code.replace(`  const orgId = job.data.orgId;\n`, `  const orgId = job.data.orgId;\n  if (!orgId) throw new Error("sync: missing orgId in job payload");\n`);
  return { name, code, errors: [{ messageId: 'unguardedTenantFilter', line: 6, suggestions: [{ messageId: 'throwOnMissingTenant', output }] }] };
}

createTsRuleTester().run('no-fallthrough-missing-tenant (data layers)', rule, {
  valid: [
    // Filters that throw or match nothing on undefined need no check.
    { name: 'Kysely three-argument where', code: worker(kysely, `  await db.selectFrom('documents').selectAll().where('organization_id', '=', orgId).execute();`) },
    { name: 'Knex where', code: worker(knex, `  await db('documents').where({ organization_id: orgId }).del();`) },
    { name: 'Supabase eq', code: worker(supabase, `  await supabase.from('documents').select('*').eq('organization_id', orgId);`) },
    { name: 'Mongoose keeps undefined as null', code: worker(`import mongoose from 'mongoose';\nconst Doc = mongoose.model('Doc', schema);`, `  await Doc.deleteMany({ organizationId: orgId });`) },
    // Checked before use.
    { name: 'TypeORM with a check', code: worker(typeorm, `  if (!orgId) throw new Error('x');\n  await dataSource.getRepository(Doc).find({ where: { organizationId: orgId } });`) },
  ],
  invalid: [
    conditional('Kysely $if', worker(kysely, `  await db.selectFrom('documents').selectAll().$if(!!orgId, (qb) => qb.where('organization_id', '=', orgId)).execute();`), 6),
    conditional('Knex where under if', worker(knex, `  let q = db('documents').where('archived', true);\n  if (orgId) q = q.where('organization_id', orgId);\n  await q.del();`)),
    conditional('Supabase eq under a condition', worker(supabase, `  let q = supabase.from('documents').delete();\n  if (orgId) q = q.eq('organization_id', orgId);\n  await q;`)),
    unguarded('Supabase match drops undefined', worker(supabase, `  await supabase.from('documents').delete().match({ organization_id: orgId });`)),
    unguarded('TypeORM 0.3 find options drop undefined', worker(typeorm, `  await dataSource.getRepository(Doc).find({ where: { organizationId: orgId } });`)),
    unguarded('MongoDB driver filters count as dropping (the client may ignore undefined)', worker(`import { MongoClient } from 'mongodb';\nconst client = new MongoClient(url);`, `  await client.db().collection('documents').deleteMany({ organizationId: orgId });`)),
    unguarded('Kysely eb.and object form drops undefined', worker(kysely, `  await db.selectFrom('documents').selectAll().where((eb) => eb.and({ organization_id: orgId })).execute();`)),
  ],
});
