/**
 * Bad input: files with syntax errors, empty and degenerate files, odd but valid job calls, a 5 MB
 * generated file and code nested as deep as the parser accepts. Each must finish without an
 * exception out of the plugin: a parse error is ESLint's (one fatal message), and everything that
 * parses is linted by all three rules. How the time grows with size is measured by
 * scripts/input-scaling.mjs, not asserted here (docs/reliability.md, "Bad input").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../src/plugin';

const ROOT = path.resolve(__dirname, '..', '..');
const UNSCOPED = 'tenant-jobs/no-unscoped-query-in-job';
const PAYLOAD = 'tenant-jobs/require-tenant-in-job-payload';

const linter = new Linter({ configType: 'flat' });
const config: Linter.Config[] = [
  { files: ['**/*.ts', '**/*.tsx', '**/*.js'], languageOptions: { parser } },
  plugin.configs.recommended,
];

/** Lints with all three rules; an exception out of a rule fails the test that calls it. */
function lint(code: string, filename = 'src/workers/reports.worker.ts'): Linter.LintMessage[] {
  return linter.verify(code, config, { filename });
}

const findings = (messages: Linter.LintMessage[]) => messages.filter((message) => !message.fatal).map((message) => `${message.ruleId} ${message.messageId}`);

const JOB_HEADER = `import { Queue, Worker } from 'bullmq';\nimport { prisma } from '@/lib/prisma';\nconst reportsQueue = new Queue('reports');\n`;

describe('files that do not parse', () => {
  const broken: [string, string][] = [
    ['an unclosed handler', `${JOB_HEADER}new Worker('reports', async (job) => {\n  await prisma.document.findMany({ where: {} });\n`],
    ['an unterminated string', `${JOB_HEADER}await reportsQueue.add('daily, { organizationId });`],
    ['an unterminated template', `${JOB_HEADER}await prisma.$queryRaw\`SELECT * FROM documents WHERE id = \${id}`],
    ['a stray token in a payload', `${JOB_HEADER}await reportsQueue.add('daily', { organizationId: });`],
    ['a missing closing brace of a filter', `${JOB_HEADER}new Worker('r', async (job) => { await prisma.document.findMany({ where: { id: 1 } ); });`],
    ['a keyword as a binding', `${JOB_HEADER}new Worker('r', async (job) => { const class = job.data; });`],
    ['JSX in a .ts file', `${JOB_HEADER}new Worker('r', async (job) => <Report id={job.data.id} />);`],
    ['an invalid type annotation', `${JOB_HEADER}export async function run(payload: { organizationId: }) {}`],
    ['a lone closing brace', `}\n${JOB_HEADER}`],
    ['binary noise', '\u0000\u0001\u0002 new Worker(\u0003'],
    ['a merge conflict marker', `${JOB_HEADER}<<<<<<< HEAD\nawait reportsQueue.add('a', { organizationId });\n=======\nawait reportsQueue.add('a', {});\n>>>>>>> main\n`],
  ];

  it.each(broken)('%s: one parse error, no exception', (_, code) => {
    const messages = lint(code);
    expect(messages.filter((message) => message.fatal)).toHaveLength(1);
    expect(messages[0]!.message).toMatch(/^Parsing error: /);
    expect(findings(messages)).toEqual([]);
  });
});

describe('empty and degenerate files', () => {
  const files: [string, string, string?][] = [
    ['an empty file', ''],
    ['whitespace only', ' \n\t\r\n  \n'],
    ['a comment only', '// new Worker("q", async (job) => prisma.document.findMany())\n'],
    ['a block comment only', '/* reportsQueue.add("daily", {}) */'],
    ['a byte order mark only', '\uFEFF'],
    ['a byte order mark before job code', `\uFEFF${JOB_HEADER}await reportsQueue.add('daily', { organizationId });\n`],
    ['a shebang before job code', `#!/usr/bin/env node\n${JOB_HEADER}await reportsQueue.add('daily', { organizationId });\n`],
    ['CRLF line endings', `${JOB_HEADER}new Worker('r', async (job) => {\r\n  await prisma.document.findMany({ where: { organizationId: job.data.organizationId } });\r\n});\r\n`.replace(/\n/g, '\r\n')],
    ['an empty module', 'export {};\n'],
    ['an empty file in a job folder', '', 'src/jobs/empty.ts'],
    ['an empty cron route', '', 'app/api/cron/daily/route.ts'],
    ['a cron route exporting nothing callable', 'export const dynamic = "force-dynamic";\nexport const GET = undefined;\n', 'app/api/cron/daily/route.ts'],
    ['a job file whose exports are not functions', 'export default 42;\nexport const handler = null;\nexport class Job {}\n', 'src/jobs/odd.ts'],
    ['a plain JavaScript file', `const { Worker } = require('bullmq');\nnew Worker('r', async function (job) { return job; });\n`, 'src/workers/plain.js'],
  ];

  it.each(files)('%s: linted without an exception', (_, code, filename) => {
    const messages = lint(code, filename);
    expect(messages.filter((message) => message.fatal)).toEqual([]);
  });

  it('still finds what the odd encodings hide (BOM, shebang, CRLF)', () => {
    const code = `${JOB_HEADER}await reportsQueue.add('daily', { day });\n`;
    for (const variant of [`\uFEFF${code}`, `#!/usr/bin/env node\n${code}`, code.replace(/\n/g, '\r\n')]) {
      expect(findings(lint(variant))).toEqual([`${PAYLOAD} missingTenantKey`]);
    }
  });
});

describe('odd but valid job code', () => {
  // Registration and enqueue calls with missing, spread, computed or non-literal parts, handlers
  // with odd parameters: each must be judged or skipped, never throw.
  const snippets = [
    `new Worker();`,
    `new Worker('r');`,
    `new Worker('r', undefined);`,
    `new Worker(...args);`,
    `new Worker('r', async () => {});`,
    `new Worker('r', async (...rest) => prisma.document.findMany({ where: { organizationId: rest[0].data.organizationId } }));`,
    `new Worker('r', async ({ data: { organizationId = 'x' } = {} } = {} as any) => prisma.document.findMany({ where: { organizationId } }));`,
    `new Worker('r', async ([job]) => prisma.document.findMany({ where: { organizationId: job } }));`,
    `new Worker('r', async function* (job) { yield prisma.document.findMany({ where: {} }); });`,
    `new Worker('r', processor);`,
    `new Worker(\`\${prefix}-reports\`, async (job) => prisma[job.data.model].findMany());`,
    `await reportsQueue.add();`,
    `await reportsQueue.add('daily');`,
    `await reportsQueue.add(...jobs);`,
    `await reportsQueue.add('daily', ...payloads);`,
    `await reportsQueue.add('daily', { ...job.data });`,
    `await reportsQueue.add('daily', { [key]: organizationId });`,
    `await reportsQueue.add('daily', { ['organizationId']: organizationId });`,
    `await reportsQueue.add('daily', { get organizationId() { return id; } });`,
    `await reportsQueue.add('daily', { organizationId() {} });`,
    `await reportsQueue.add('daily', null);`,
    `await reportsQueue.add('daily', undefined);`,
    `await reportsQueue.add('daily', 42);`,
    `await reportsQueue.add('daily', [organizationId]);`,
    `await reportsQueue.add('daily', (organizationId, { day }));`,
    `await reportsQueue.add('daily', cond ? { organizationId } : {});`,
    `await reportsQueue.addBulk([]);`,
    `await reportsQueue.addBulk([, , { name: 'x', data: {} }]);`,
    `await reportsQueue.addBulk(jobs.map((j) => ({ name: j.name, data: j })));`,
    `const self = { organizationId: self }; await reportsQueue.add('daily', self);`,
    `let a = b, b = a; await reportsQueue.add('daily', a);`,
    `var p = p; await reportsQueue.add('daily', p);`,
    `new Worker('r', async (job) => { const where = where; await prisma.document.findMany({ where }); });`,
    `new Worker('r', async (job) => { let w = {}; w = { ...w, organizationId: job.data.organizationId }; await prisma.document.findMany({ where: w }); });`,
    `new Worker('r', async (job) => { for (const org of await prisma.organization.findMany()) for (const org of [org]) await prisma.document.findMany({ where: { organizationId: org.id } }); });`,
    `new Worker('r', async (job) => { await prisma.$queryRaw\`\`; await prisma.$queryRawUnsafe(''); await prisma.$executeRaw\`\${job}\`; });`,
    `new Worker('r', async (job) => { await prisma.document.findMany({ where: { organizationId: job.data.organizationId ?? job.data.orgId ?? (() => { throw new Error(); })() } }); });`,
    `new Worker('r', async (job) => { if (!job.data.organizationId) { if (!job.data.organizationId) return; } else return; });`,
    `new Worker('r', async (job) => { switch (job.data.organizationId) { case undefined: return; default: await prisma.document.findMany({ where: { organizationId: job.data.organizationId } }); } });`,
    `label: new Worker('r', async (job) => { outer: for (;;) { if (!job.data.orgId) continue outer; break; } });`,
    `export default async function (job) { await prisma.document.findMany({ where: { organizationId: job.organizationId } }); }`,
    `export = async function handler(job: any) { return prisma.document.findMany(); };`,
    `class P { @Process('r') async run(job: Job) { return prisma.document.findMany(); } }`,
    `declare const x: Worker; enum E { A = 'organizationId' } namespace N { export const q = new Queue('n'); }`,
  ];

  it.each(snippets.map((snippet) => [snippet]))('%s', (snippet) => {
    const messages = lint(`${JOB_HEADER}${snippet}\n`);
    expect(messages.filter((message) => message.fatal)).toEqual([]);
  });

  it('lints the same snippets as job-file exports and as JavaScript', () => {
    for (const snippet of snippets) {
      const code = `${JOB_HEADER}export async function run(payload) {\n${snippet}\n}\n`;
      // Decorators and namespaces are TypeScript: parsed as .ts in a job file.
      expect(lint(code, 'src/jobs/odd.ts').filter((message) => message.fatal)).toEqual([]);
    }
  });
});

/** Generated job code (scripts/generated-job-file.mjs): two planted findings in every unit. */
async function generate(bytes: number): Promise<{ code: string; units: number }> {
  const { generateJobFile } = await import('../../scripts/generated-job-file.mjs');
  return generateJobFile(bytes);
}

describe('large files', () => {
  it('lints a 5 MB generated job file and finds every planted finding', async () => {
    const { code, units } = await generate(5 * 1024 * 1024);
    expect(code.length).toBeGreaterThanOrEqual(5 * 1024 * 1024);
    const messages = lint(code);
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    const counts = new Map<string, number>();
    for (const finding of findings(messages)) counts.set(finding, (counts.get(finding) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ [`${PAYLOAD} missingTenantKey`]: units, [`${UNSCOPED} unscopedQuery`]: units });
  }, 600_000);

  it('lints 512 KB of job code on one line (a minified bundle)', async () => {
    const { code, units } = await generate(512 * 1024);
    const oneLine = code.replace(/\n\s*/g, ' ');
    const messages = lint(oneLine);
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    expect(findings(messages)).toHaveLength(2 * units);
  }, 300_000);
});

// ---------------------------------------------------------------------------------------------
// Deep nesting. The parser is recursive: on Node's default stack it gives up (a parse error,
// "Maximum call stack size exceeded") at a few hundred levels, which the in-process cases stay
// under. On a 64 MB stack it reads 10,000 levels, and so must the rules: those cases run in a
// worker thread with that stack and the built plugin (dist/).

const KINDS: Record<string, { code: (depth: number) => string; findings: string[] }> = {
  // A payload value inside nested arrays, parentheses, objects, calls, conditionals, sums.
  arrays: { code: (n) => `await reportsQueue.add('d', { organizationId: ${'['.repeat(n)}1${']'.repeat(n)}, day });`, findings: [] },
  parentheses: { code: (n) => `await reportsQueue.add('d', ${'('.repeat(n)}{ organizationId }${')'.repeat(n)});`, findings: [] },
  objects: { code: (n) => `await reportsQueue.add('d', { organizationId, nested: ${'{ a: '.repeat(n)}1${' }'.repeat(n)} });`, findings: [] },
  calls: { code: (n) => `await reportsQueue.add('d', { organizationId: ${'f('.repeat(n)}1${')'.repeat(n)} });`, findings: [] },
  conditionals: { code: (n) => `await reportsQueue.add('d', { organizationId: ${'a ? 1 : '.repeat(n)}2 });`, findings: [] },
  sums: { code: (n) => `await reportsQueue.add('d', { organizationId: x${' + 1'.repeat(n)} });`, findings: [] },
  members: { code: (n) => `await reportsQueue.add('d', { organizationId: job${'.a'.repeat(n)} });`, findings: [] },
  // An unscoped query at the bottom of nested blocks, ifs, arrow functions inside a job handler.
  blocks: {
    code: (n) => `new Worker('r', async (job) => {\n${'{'.repeat(n)} await prisma.document.findMany({ where: {} }); ${'}'.repeat(n)}\n});`,
    findings: [`${UNSCOPED} unscopedQuery`],
  },
  ifs: {
    code: (n) => `new Worker('r', async (job) => {\n${'if (job) {'.repeat(n)} await prisma.document.findMany({ where: {} }); ${'}'.repeat(n)}\n});`,
    findings: [`${UNSCOPED} unscopedQuery`],
  },
  arrows: {
    code: (n) => `new Worker('r', async (job) => {\n const f = ${'() => '.repeat(n)}prisma.document.findMany({ where: {} });\n});`,
    findings: [`${UNSCOPED} unscopedQuery`],
  },
  // A tenant filter nested in AND lists, a query chain of n links, handlers inside handlers.
  filters: {
    code: (n) => `new Worker('r', async (job) => {\n if (!job.data.organizationId) throw new Error('x');\n await prisma.document.findMany({ where: ${'{ AND: ['.repeat(n)}{ organizationId: job.data.organizationId }${'] }'.repeat(n)} });\n});`,
    findings: [],
  },
  chains: {
    code: (n) => `new Worker('r', async (job) => {\n await db.select().from(documents)${'.where(eq(documents.organizationId, job.data.organizationId))'.repeat(n)};\n});`,
    findings: [],
  },
  // The innermost handler's Prisma filter takes the payload's tenant id with no check before it.
  handlers: {
    code: (n) => `${"new Worker('r', async (job) => {\n".repeat(n)} await prisma.document.findMany({ where: { organizationId: job.data.organizationId } });\n${'});\n'.repeat(n)}`,
    findings: ['tenant-jobs/no-fallthrough-missing-tenant unguardedTenantFilter'],
  },
};

/** Depths on a 64 MB stack: 10,000 where the parser itself takes a few seconds at most, else 2,000. */
const DEEP: Record<keyof typeof KINDS, number> = {
  arrays: 10_000,
  parentheses: 10_000,
  objects: 10_000,
  calls: 10_000,
  conditionals: 2_000,
  sums: 2_000,
  members: 10_000,
  blocks: 10_000,
  ifs: 2_000,
  arrows: 10_000,
  filters: 2_000,
  chains: 2_000,
  handlers: 1_000,
};

const wrapDeep = (body: string) => `${JOB_HEADER}import { db, eq, documents } from '@/db';\n${body}\n`;

describe('deep nesting, on the default stack', () => {
  // Nested handlers cost the parser more stack per level than the other kinds.
  it.each(Object.keys(KINDS).map((kind) => [kind, kind === 'handlers' ? 50 : 200] as const))('%s, %i levels', (kind, depth) => {
    const messages = lint(wrapDeep(KINDS[kind]!.code(depth)));
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    expect(findings(messages)).toEqual(KINDS[kind]!.findings);
  });
});

describe('deep nesting, as deep as the parser accepts on a 64 MB stack', () => {
  let worker: Worker;
  const lintDeep = (code: string): Promise<{ fatal?: string; findings?: string[]; error?: string; ms: number }> =>
    new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage({ code, filename: 'src/workers/deep.ts' });
    });

  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'dist', 'index.js'))) throw new Error('These cases lint with the built plugin: run `npm run build` first (npm test does).');
    worker = new Worker(path.join(__dirname, 'lint-worker.cjs'), { workerData: { pluginDir: ROOT }, resourceLimits: { stackSizeMb: 64 } });
  });
  afterAll(async () => {
    await worker?.terminate();
  });

  it.each(Object.entries(DEEP))('%s, %i levels', async (kind, depth) => {
    const result = await lintDeep(wrapDeep(KINDS[kind]!.code(depth)));
    expect(result.error).toBeUndefined();
    expect(result.fatal).toBeUndefined();
    expect(result.findings).toEqual(KINDS[kind]!.findings);
  }, 300_000);
});
