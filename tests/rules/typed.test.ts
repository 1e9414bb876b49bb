import * as path from 'node:path';
import fallthroughRule from '../../src/rules/no-fallthrough-missing-tenant';
import unscopedRule from '../../src/rules/no-unscoped-query-in-job';
import payloadRule from '../../src/rules/require-tenant-in-job-payload';
import { createTsRuleTester, RuleTester } from '../rule-tester';

// The same code linted twice: with type information (parserOptions.projectService over
// tests/fixtures/typed, whose types/ folder stands in for the libraries) and without. Types place
// receivers the syntax cannot (a call result of the project's own module, a callback parameter,
// `this.store`): a value typed as a library's client is that library's, whatever its name.
// Without types the rules keep to names and imports, and the same code stays silent.

const fixture = path.join(__dirname, '../fixtures/typed');
const filename = path.join(fixture, 'file.ts');

const typed = new RuleTester({
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: fixture } },
});
const untyped = createTsRuleTester();

/** A BullMQ worker whose processor body is `body`, with `imports` above it. */
const worker = (imports: string, body: string, data = '') =>
  `import { Worker } from 'bullmq';\n${imports}\nnew Worker${data}('sync', async (job) => {\n${body}\n});`;

/** The fatal check the suggestions insert at the top of the worker. */
const CHECK = `  if (!job.data.organizationId) throw new Error("sync: missing organizationId in job payload");\n`;

/**
 * Queries on receivers whose names say nothing of their library, with the report's `query`, `verb`
 * and `model`, and the code after its suggestion where the filter is an object the rule can extend.
 */
const unnamed: { layer: string; query: string; verb: string; code: string; model: string; suggestion?: string }[] = [
  {
    layer: 'Prisma (a call result of the project’s module)',
    query: 'store.page.findMany',
    verb: 'reads',
    code: worker(`import { getStore } from './lib/clients';`, `  const store = getStore();\n  await store.page.findMany({ where: { archived: true } });`),
    model: 'page',
    suggestion: worker(`import { getStore } from './lib/clients';`, `${CHECK}  const store = getStore();\n  await store.page.findMany({ where: { archived: true, organizationId: job.data.organizationId } });`),
  },
  {
    layer: 'Prisma (a client generated into the project)',
    query: 'client.page.findMany',
    verb: 'reads',
    code: worker(`import { generatedStore } from './lib/clients';`, `  const client = generatedStore();\n  await client.page.findMany({ where: { archived: true } });`),
    model: 'page',
    suggestion: worker(`import { generatedStore } from './lib/clients';`, `${CHECK}  const client = generatedStore();\n  await client.page.findMany({ where: { archived: true, organizationId: job.data.organizationId } });`),
  },
  {
    layer: 'Prisma (a callback parameter)',
    query: 's.page.deleteMany',
    verb: 'deletes',
    code: worker(`import { withStore } from './lib/clients';`, `  await withStore((s) => s.page.deleteMany({ where: { archived: true } }));`),
    model: 'page',
    suggestion: worker(`import { withStore } from './lib/clients';`, `${CHECK}  await withStore((s) => s.page.deleteMany({ where: { archived: true, organizationId: job.data.organizationId } }));`),
  },
  {
    layer: 'Prisma (a transaction client parameter)',
    query: 't.page.findMany',
    verb: 'reads',
    code: worker(`import { withTx } from './lib/clients';`, `  await withTx((t) => t.page.findMany());`),
    model: 'page',
  },
  {
    layer: 'Prisma (a parameter typed without an import)',
    query: 'store.page.updateMany',
    verb: 'updates',
    code: `import { Worker } from 'bullmq';\nimport { getStore } from './lib/clients';\nasync function archive(store: ReturnType<typeof getStore>) {\n  await store.page.updateMany({ where: { archived: false }, data: { archived: true } });\n}\nnew Worker('sync', async (job) => {\n  await archive(getStore());\n});`,
    model: 'page',
  },
  {
    layer: 'Prisma (`this.store`)',
    query: 'this.store.page.findMany',
    verb: 'reads',
    code: `import { Worker } from 'bullmq';\nimport { getStore } from './lib/clients';\nexport class PageSync {\n  private store = getStore();\n  start() {\n    return new Worker('sync', async () => {\n      await this.store.page.findMany({ where: { archived: true } });\n    });\n  }\n}`,
    model: 'page',
  },
  {
    layer: 'Drizzle',
    query: 'd.select().from(pages).where',
    verb: 'reads',
    code: worker(
      `import { eq } from 'drizzle-orm';\nimport { database } from './lib/clients';\nimport { pages } from './lib/schema';`,
      `  const d = database();\n  await d.select().from(pages).where(eq(pages.archived, true));`,
    ),
    model: 'pages',
  },
  {
    layer: 'Kysely',
    query: 'kysely selectFrom',
    verb: 'reads',
    code: worker(`import { kysely } from './lib/clients';`, `  const k = kysely();\n  await k.selectFrom('pages').selectAll().where('archived', '=', true).execute();`),
    model: 'pages',
  },
  {
    layer: 'TypeORM',
    query: 'repo.find',
    verb: 'reads',
    code: worker(`import { pageRepository } from './lib/clients';`, `  const repo = pageRepository();\n  await repo.find();`),
    model: 'Page',
  },
  {
    layer: 'Mongoose',
    query: 'm.find',
    verb: 'reads',
    code: worker(`import { pageModel } from './lib/clients';`, `  const m = pageModel();\n  await m.find({ archived: true });`),
    model: 'Page',
    suggestion: worker(`import { pageModel } from './lib/clients';`, `${CHECK}  const m = pageModel();\n  await m.find({ archived: true, organizationId: job.data.organizationId });`),
  },
];

/** Look-alikes: silent with and without types. */
const lookAlikes = [
  // The project's own class with a Prisma-like `page.findMany`.
  worker(`import { pageStore } from './lib/own';`, `  const store = pageStore();\n  await store.page.findMany({ where: { archived: true } });`),
  // The project's own `Repository` class.
  worker(`import { Repository } from './lib/own';\nimport type { Page } from './lib/clients';`, `  const repo = new Repository<Page>();\n  repo.find();`),
  // Another library's class with a Prisma-like method.
  worker(`import { cache } from './lib/clients';`, `  await cache.page.findMany({ where: { archived: true } });`),
];

/** Scoped queries on typed receivers: silent. */
const scoped = [
  worker(`import { getStore } from './lib/clients';`, `  const store = getStore();\n  await store.page.findMany({ where: { organizationId: job.data.organizationId } });`),
  worker(`import { kysely } from './lib/clients';`, `  const k = kysely();\n  await k.selectFrom('pages').selectAll().where('organization_id', '=', job.data.organizationId).execute();`),
  worker(`import { pageModel } from './lib/clients';`, `  const m = pageModel();\n  await m.find({ organizationId: job.data.organizationId });`),
];

typed.run('no-unscoped-query-in-job (with types)', unscopedRule, {
  valid: [...lookAlikes, ...scoped].map((code) => ({ code, filename })),
  invalid: unnamed.map(({ layer, code, query, verb, model, suggestion }) => ({
    name: layer,
    code,
    filename,
    errors: [
      {
        messageId: 'unscopedQuery' as const,
        data: { query, job: 'sync', verb, model, key: 'organizationId' },
        suggestions: suggestion
          ? [{ messageId: 'addTenantFilter' as const, data: { property: 'organizationId: job.data.organizationId' }, output: suggestion }]
          : [],
      },
    ],
  })) as never,
});

untyped.run('no-unscoped-query-in-job (the same code without types)', unscopedRule, {
  valid: [...unnamed.map(({ code }) => code), ...lookAlikes, ...scoped].map((code) => ({ code, filename })),
  invalid: [],
});

/**
 * Enqueues, in a worker, on clients of the project's module named unlike any client. Without types
 * a file is first sifted by its text (src/analysis/signals.ts); with types no file is skipped, so a
 * producer with no job-system word in it is checked too (the last case).
 */
const enqueue = (imports: string, call: string) => worker(imports, `  await ${call};`);
const enqueues = [
  { code: enqueue(`import { mailer } from './lib/clients';`, `mailer.add('send', { to: 'a@b.c' })`), job: 'send' },
  { code: enqueue(`import { events } from './lib/clients';`, `events.send({ name: 'page/sync', data: { pageId: 'p' } })`), job: 'page/sync' },
];

typed.run('require-tenant-in-job-payload (with types)', payloadRule, {
  valid: [
    { code: enqueue(`import { mailer } from './lib/clients';`, `mailer.add('send', { to: 'a@b.c', organizationId: job.data.organizationId })`), filename },
    { code: enqueue(`import { events } from './lib/clients';`, `events.send({ name: 'page/sync', data: { pageId: 'p', organizationId: job.data.organizationId } })`), filename },
  ],
  invalid: [
    ...enqueues.map(({ code, job }) => ({
      code,
      filename,
      errors: [{ messageId: 'missingTenantKey' as const, data: { job, key: 'organizationId' } }],
    })),
    {
      code: `import { mailer } from './lib/clients';\nexport async function welcome(to: string) {\n  await mailer.add('send', { to });\n}\n`,
      filename,
      errors: [{ messageId: 'missingTenantKey' as const, data: { job: 'send', key: 'organizationId' } }],
    },
  ] as never,
});

untyped.run('require-tenant-in-job-payload (the same code without types)', payloadRule, {
  valid: enqueues.map(({ code }) => ({ code, filename })),
  invalid: [],
});

/** A handler whose payload type is `data`, reaching a Prisma filter that drops `undefined`. */
const unguarded = (data: string, body = `  await prisma.page.findMany({ where: { organizationId: job.data.organizationId } });`) =>
  worker(`import { prisma } from './lib/clients';`, body, `<${data}>`);

typed.run('no-fallthrough-missing-tenant (with types)', fallthroughRule, {
  valid: [
    { code: unguarded('{ organizationId?: string }', `  if (!job.data.organizationId) throw new Error('missing organizationId');\n  await prisma.page.findMany({ where: { organizationId: job.data.organizationId } });`), filename },
  ],
  invalid: [
    {
      // An optional tenant field: (b) is certain, and the message says so.
      code: unguarded('{ organizationId?: string }'),
      filename,
      errors: [{ messageId: 'unguardedOptionalTenant', suggestions: [{ messageId: 'throwOnMissingTenant', output: unguarded('{ organizationId?: string }', `  if (!job.data.organizationId) throw new Error("sync: missing organizationId in job payload");\n  await prisma.page.findMany({ where: { organizationId: job.data.organizationId } });`) }] }],
    },
    {
      code: unguarded('{ organizationId: string | undefined }'),
      filename,
      errors: [{ messageId: 'unguardedOptionalTenant', suggestions: [{ messageId: 'throwOnMissingTenant', output: unguarded('{ organizationId: string | undefined }', `  if (!job.data.organizationId) throw new Error("sync: missing organizationId in job payload");\n  await prisma.page.findMany({ where: { organizationId: job.data.organizationId } });`) }] }],
    },
    {
      // Destructured from an optional field.
      code: unguarded('{ organizationId?: string }', `  const { organizationId } = job.data;\n  await prisma.page.findMany({ where: { organizationId } });`),
      filename,
      errors: [{ messageId: 'unguardedOptionalTenant', suggestions: [{ messageId: 'throwOnMissingTenant', output: unguarded('{ organizationId?: string }', `  const { organizationId } = job.data;\n  if (!organizationId) throw new Error("sync: missing organizationId in job payload");\n  await prisma.page.findMany({ where: { organizationId } });`) }] }],
    },
    {
      // A required type does not replace the runtime check: jobs are deserialised data.
      code: unguarded('{ organizationId: string }'),
      filename,
      errors: [{ messageId: 'unguardedTenantFilter', suggestions: [{ messageId: 'throwOnMissingTenant', output: unguarded('{ organizationId: string }', `  if (!job.data.organizationId) throw new Error("sync: missing organizationId in job payload");\n  await prisma.page.findMany({ where: { organizationId: job.data.organizationId } });`) }] }],
    },
  ],
});

untyped.run('no-fallthrough-missing-tenant (the same code without types)', fallthroughRule, {
  valid: [],
  invalid: [
    {
      code: unguarded('{ organizationId?: string }'),
      filename,
      errors: [{ messageId: 'unguardedTenantFilter', suggestions: [{ messageId: 'throwOnMissingTenant', output: unguarded('{ organizationId?: string }', `  if (!job.data.organizationId) throw new Error("sync: missing organizationId in job payload");\n  await prisma.page.findMany({ where: { organizationId: job.data.organizationId } });`) }] }],
    },
  ],
});
