/**
 * Programs the fuzzer (scripts/fuzz.mjs) broke the rules with, shrunk and kept. Each must lint
 * without throwing under every shipped config (and `allowRecordTenant`), with the settings it
 * failed under and with the defaults, and every suggestion it gets must give code that parses.
 * `exercises` says what the program must still produce, so it keeps testing the path it broke.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../src/plugin';
import { settingsSchema } from '../../src/util/settings';
import type { ConfigName, FuzzInput, Harness } from '../../scripts/fuzz/harness.mjs' with { 'resolution-mode': 'import' };

interface Regression extends FuzzInput {
  name: string;
  /** What broke, and where the fix is. */
  found: string;
  settings?: Record<string, unknown>;
  exercises: 'lint' | 'report' | 'suggestion';
}

const REGRESSIONS: Regression[] = [
  {
    name: 'a class in a plain-JavaScript job file',
    found: 'TypeError: espree gives classes no `decorators` array (src/analysis/handlers.ts, findHandlers)',
    code: `export class async {\n}`,
    filename: 'src/workers/program.mjs',
    parser: 'espree',
    exercises: 'lint',
  },
  {
    name: 'a class next to an exported handler of a JavaScript jobs/ file',
    found: 'as above, with ESLint’s default parser on real code',
    code: `import { prisma } from './prisma';\nclass Reports { constructor() {} }\nexport async function run(payload) { return prisma.document.findMany({ where: { organizationId: payload.organizationId } }); }`,
    filename: 'src/jobs/reports.js',
    parser: 'espree',
    exercises: 'suggestion',
  },
  {
    name: 'a query through a class field of a plain-JavaScript processor',
    found: 'TypeError: espree gives class fields no `decorators` array (src/analysis/data/receivers.ts, declarationOf)',
    code: `import { Worker } from 'bullmq';\nclass Processor {\n  db = prisma;\n  async process(job) {\n    await this.db.document.findMany({ where: { archived: false } });\n  }\n}\nnew Worker('q', async (job) => new Processor().process(job));`,
    filename: 'src/workers/processor.js',
    parser: 'espree',
    exercises: 'lint',
  },
  {
    name: 'a silent check of a value in parentheses',
    found: 'the “throw instead of return” suggestion cut `if (!…)` off with a regex that stopped at the first `)`, leaving `if (!((payload as JobData) throw …`',
    code: `import type { Task } from 'graphile-worker';\nexport const task1: Task = async (payload, helpers) => {\n  for (const item of items) {\n    if (!((payload as JobData) as JobData).teamId) return;\n  }\n};`,
    filename: 'src/tasks/task1.ts',
    parser: 'ts',
    exercises: 'suggestion',
  },
  {
    name: 'a tenant key that is no identifier, read from the payload',
    found: 'the filter suggestion wrote `*: body.*`; keys that are no identifiers are now quoted and read with brackets (src/util/fix.ts, src/analysis/tenant-values.ts)',
    code: `import { createClient } from '@supabase/supabase-js';\nconst sb = createClient(url, key);\nexport const handler: SQSHandler = async (event: SQSEvent) => {\n  for (const record of event.Records) {\n    const body = JSON.parse(record.body);\n    await sb.from('documents').delete().match({});\n  }\n};`,
    filename: 'src/workers/cleanup.ts',
    parser: 'ts',
    settings: { tenantKeys: ['*'] },
    exercises: 'suggestion',
  },
  {
    name: 'a tenant key that is no identifier, added to a payload',
    found: 'the payload suggestion wrote `a-b: workspace.id`',
    code: `export const syncTask = schemaTask({\n  async run() {\n    for (const workspace of await db.select().from(workspaces)) await boss.sendAfter('export', { items: [] });\n  },\n});`,
    filename: 'src/trigger/sync.ts',
    parser: 'ts',
    settings: { tenantKeys: ['a-b'] },
    exercises: 'suggestion',
  },
  {
    name: 'a conditional filter in an expression body',
    found: 'Error “Fix objects must not be overlapped”: the unconditional-filter suggestion edited the filter and replaced the whole body (src/util/fix.ts, insertTenantCheck)',
    code: `import { Worker } from 'bullmq';\nimport { prisma } from './prisma';\nnew Worker('q', async (job) => prisma.document.findMany({ where: job.data.orgId ? { organizationId: job.data.orgId } : {} }));`,
    filename: 'src/workers/q.ts',
    parser: 'ts',
    exercises: 'suggestion',
  },
  {
    name: 'a parenthesised expression body',
    found: 'the check suggestion wrote `=> ({ if (…) throw …; return … })`',
    code: `import { Agenda } from 'agenda';\nimport { Kysely } from 'kysely';\nconst agenda = new Agenda({});\nconst db = new Kysely<DB>({ dialect });\nagenda.define('report', async (job) => (db.deleteFrom('invoices').where((eb) => eb.and({ org_id: job.attrs.data.accountId })).execute()));`,
    filename: 'src/jobs/report.ts',
    parser: 'ts',
    exercises: 'suggestion',
  },
  {
    name: 'a payload parsed inside a loop',
    found: 'the check suggestion went to the top of the handler, where `body` is not declared yet',
    code: `import { MongoClient } from 'mongodb';\nconst mongo = new MongoClient(url);\nexport const handler: SQSHandler = async (event: SQSEvent) => {\n  for (const record of event.Records) {\n    const body = JSON.parse(record.body);\n    await mongo.db().collection('invoices').findOne({ organizationId: (body as JobData).tenant_id });\n  }\n};`,
    filename: 'src/workers/sync.ts',
    parser: 'ts',
    exercises: 'suggestion',
  },
  {
    name: 'a tenant binding declared in a loop',
    found: 'as above, for `const orgId = job.data.orgId` inside a `for` block',
    code: `import { Worker } from 'bullmq';\nimport { prisma } from './prisma';\nnew Worker('q', async (job) => {\n  for (const item of job.data.items) {\n    const orgId = job.data.orgId;\n    await prisma.document.findMany({ where: { organizationId: orgId, id: item } });\n  }\n});`,
    filename: 'src/workers/q.ts',
    parser: 'ts',
    exercises: 'suggestion',
  },
  {
    name: 'a job loop with a one-statement body',
    found: 'while fixing the above: the filter suggestion’s check must go into the loop, which becomes a block',
    code: `import { prisma } from '@/lib/prisma';\nimport { PgBoss } from 'pg-boss';\nconst boss = new PgBoss(url);\nboss.work('invoice', async (jobs) => { for (const job of jobs) await prisma.invoice.findMany({}); });`,
    filename: 'src/workers/invoice.ts',
    parser: 'ts',
    exercises: 'suggestion',
  },
  {
    name: 'an unresolved payload in plain JavaScript under the strict config',
    found: 'Error “You have used a rule which requires type information”: strict asks for types, and espree gives no parser services (src/analysis/types.ts)',
    code: `import { Queue } from 'bullmq';\nconst q = new Queue('r');\nexport function f(data) { return q.add('x', data); }`,
    filename: 'src/reports.js',
    parser: 'espree',
    exercises: 'report',
  },
  {
    name: 'a client bound to a query on itself',
    found: 'RangeError: the scoped-client check followed `const prisma = await prisma!.plan?.findMany()` from the binding to its initialiser and back without end (src/analysis/scoping.ts, isScopedBinding)',
    code: `import { Worker } from 'bullmq';\nexport const worker = new Worker('sync-plans', async () => {\n  const prisma = await prisma!.plan?.findMany();\n});`,
    filename: 'file.ts',
    parser: 'ts',
    exercises: 'lint',
  },
];

const CONFIGS: ConfigName[] = ['recommended', 'strict', 'allowRecordTenant'];

describe('fuzz regressions', () => {
  let HarnessClass: typeof Harness;
  beforeAll(async () => {
    ({ Harness: HarnessClass } = await import('../../scripts/fuzz/harness.mjs'));
  });

  it.each(REGRESSIONS)('$name', (regression) => {
    const harness = new HarnessClass(plugin, settingsSchema);
    const failures = [];
    for (const config of CONFIGS) {
      for (const settings of [regression.settings ?? {}, {}]) failures.push(...harness.check(regression, config, settings));
    }
    expect(failures).toEqual([]);
    if (regression.exercises !== 'lint') expect(harness.stats.reports).toBeGreaterThan(0);
    if (regression.exercises === 'suggestion') expect(harness.stats.suggestions).toBeGreaterThan(0);
  });
});
