/**
 * The audit's text pre-filter loses no finding: over every fixture folder of the repository
 * (tests/fixtures/**, tests/integration/fixtures/src, examples/), `tenant-jobs audit` reports
 * exactly the findings, suppressed ones included, of a plain ESLint run of the plugin's
 * recommended config that parses every file. Plus the pre-filter's own cases: escapes, settings,
 * and a table entry for every job system.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { ESLint, Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TenantJobsSettingsInput } from '../../src/util/settings';
import { ROOT, ensureBuilt, loadDist } from './helpers';

type Dist = ReturnType<typeof loadDist>;
let dist: Dist;

beforeAll(() => {
  ensureBuilt();
  dist = loadDist();
});

/** Every fixture folder the plugin is tried on. */
const FIXTURE_ROOTS = ['tests/fixtures', 'tests/integration/fixtures/src', 'examples'];

/** Settings that bring in the pre-filter's other branches: wrappers, job files, other tenant keys. */
const SETTINGS_VARIANTS: Record<string, TenantJobsSettingsInput> = {
  defaults: {},
  custom: {
    tenantKeys: ['organizationId', 'workspaceId', 'companyId'],
    jobFiles: ['**/services/**', '**/lib/**'],
    enqueueFunctions: [{ name: 'enqueueJob', payloadArg: 1 }, { name: 'jobs.dispatch', payloadArg: 0, payloadPath: 'payload' }],
    tenantAgnosticJobs: ['nightly-cleanup'],
  },
};

/** The folders and file names the audit never reads, as ESLint ignore patterns, for the plain run. */
const PLAIN_IGNORES = [
  '**/node_modules/',
  '**/dist/',
  '**/build/',
  '**/out/',
  '**/coverage/',
  '**/generated/',
  '**/__generated__/',
  '**/.*/',
  '**/*.d.ts',
  '**/*.d.mts',
  '**/*.d.cts',
  '**/*.min.js',
  '**/*.generated.*',
  '**/*.gen.*',
];

function sourceFilesWithGeneratedHeader(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') visit(full);
      } else if (/\.[cm]?[jt]sx?$/.test(entry.name) && dist.audit.isGeneratedText(fs.readFileSync(full, 'utf8'))) {
        out.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
  };
  visit(root);
  return out;
}

/** `file:line:column ruleId messageId message`, for findings and (marked) suppressed findings. */
type Key = string;

async function plainEslintFindings(root: string, settings: TenantJobsSettingsInput): Promise<Key[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      { ignores: [...PLAIN_IGNORES, ...sourceFilesWithGeneratedHeader(root)] },
      {
        files: [...dist.eslintOptions.SOURCE_GLOBS],
        languageOptions: { parser: tsParser as unknown as Linter.Parser, parserOptions: { ecmaFeatures: { jsx: true } } },
        linterOptions: { reportUnusedDisableDirectives: false },
      },
      dist.plugin.configs.recommended,
      { settings: { 'tenant-jobs': settings } },
    ],
    errorOnUnmatchedPattern: false,
  });
  const results = await eslint.lintFiles(['.']);
  const keys: Key[] = [];
  for (const result of results) {
    const file = path.relative(root, result.filePath).split(path.sep).join('/');
    for (const m of result.messages) if (m.ruleId?.startsWith('tenant-jobs/')) keys.push(`${file}:${m.line}:${m.column} ${m.ruleId} ${m.messageId} ${m.message}`);
    for (const m of result.suppressedMessages) if (m.ruleId?.startsWith('tenant-jobs/')) keys.push(`suppressed ${file}:${m.line}:${m.column} ${m.ruleId} ${m.messageId} ${m.message}`);
  }
  return keys.sort();
}

describe('the pre-filter loses no finding', () => {
  for (const fixtureRoot of FIXTURE_ROOTS) {
    for (const [variant, settings] of Object.entries(SETTINGS_VARIANTS)) {
      it(`${fixtureRoot} (${variant} settings): the audit's findings are a full ESLint run's`, async () => {
        const root = path.join(ROOT, fixtureRoot);
        const report = await dist.audit.runAudit({ cwd: root, settings, concurrency: false });
        const audited = [
          ...report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.messageId} ${f.message}`),
          ...report.suppressed.map((f) => `suppressed ${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.messageId} ${f.message}`),
        ].sort();
        const plain = await plainEslintFindings(root, settings);
        expect(audited).toEqual(plain);
        expect(plain.length).toBeGreaterThan(0);
        // Not vacuous: with the default settings the pre-filter leaves files out.
        if (variant === 'defaults' && fixtureRoot !== 'tests/integration/fixtures/src') expect(report.counts.filesSkipped).toBeGreaterThan(0);
      });
    }
  }

  it('the same findings with the pre-filter off, and on several threads', async () => {
    const root = path.join(ROOT, 'examples');
    const strip = (report: Awaited<ReturnType<Dist['audit']['runAudit']>>) => ({ ...report, durationMs: 0, counts: { ...report.counts, filesLinted: 0, filesSkipped: 0 } });
    const filtered = await dist.audit.runAudit({ cwd: root, concurrency: false });
    const everything = await dist.audit.runAudit({ cwd: root, concurrency: false, prefilter: false });
    expect(everything.counts.filesSkipped).toBe(0);
    expect(strip(everything)).toEqual(strip(filtered));
    const loaded = await dist.audit.loadEslint(root);
    if (loaded.supportsConcurrency) {
      const threaded = await dist.audit.runAudit({ cwd: root, concurrency: 2 });
      expect(strip(threaded)).toEqual(strip(filtered));
    }
  });
});

describe('createPrefilter', () => {
  const keep = (text: string, relativePath = 'src/file.ts', settings: TenantJobsSettingsInput = {}) =>
    dist.prefilter.createPrefilter(dist.settings.resolveSettings(settings))({ relativePath, text });

  it('skips ordinary code, even with calls named like enqueue methods on other receivers', () => {
    expect(keep('const seen = new Set<string>();\nseen.add(id);\nres.send(body);\nhooks.trigger("save");\n')).toBe(false);
  });

  it('keeps files that import a job system, by any subpath, in any quote', () => {
    expect(keep("import { Queue } from 'bullmq';")).toBe(true);
    expect(keep('const { task } = require("@trigger.dev/sdk/v3");')).toBe(true);
    expect(keep('import(`quirrel/next-app`)')).toBe(true);
    // A longer package name is another package.
    expect(keep("import x from 'bullmq-extra';\nx.add(1);")).toBe(false);
  });

  it('finds import sources through a trie of them that matches what a plain alternation matches', () => {
    const { trieAlternation } = dist.prefilter;
    const words = ['bull', 'bullmq', '@trigger.dev/sdk', '@trigger.dev/sdk/v3', 'next', 'next/server', 'a.b', 'a+b', 'cron', 'croner'];
    const plain = new RegExp(`['"](${[...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?=['"/])`, 'g');
    const trie = new RegExp(`['"](${trieAlternation(words)})(?=['"/])`, 'g');
    const texts = [
      "import a from 'bullmq'; import b from \"bull\"; import c from 'bullm'",
      "'@trigger.dev/sdk/v3' '@trigger.dev/sdk' '@trigger.dev/sdk/v3/x' '@trigger.dev/sd'",
      "'next/server' 'next/headers' 'nextjs' 'next' 'cron' 'croner' 'cro' 'croner/x'",
      "'a.b' 'aXb' 'a+b' 'aab'",
    ];
    for (const text of texts) expect([...text.matchAll(trie)].map((m) => m[1])).toEqual([...text.matchAll(plain)].map((m) => m[1]));
    expect([...texts[0]!.matchAll(trie)].map((m) => m[1])).toEqual(['bullmq', 'bull']);
  });

  it('keeps the shapes matched without an import: queues, Inngest, tasks, pg-boss, Agenda, QStash, Workers bindings', () => {
    expect(keep("import { reportQueue } from './queues';\nawait reportQueue.add('x', { month });")).toBe(true);
    expect(keep("await inngest.send({ name: 'a', data: {} });")).toBe(true);
    expect(keep("await step.sendEvent('id', { name: 'a', data: {} });")).toBe(true);
    expect(keep('await reportTask.trigger({ month });')).toBe(true);
    expect(keep("await boss.send('q', {});")).toBe(true);
    expect(keep("await agenda.now('q', {});")).toBe(true);
    expect(keep("await qstash.publishJSON({ url, body: {} });")).toBe(true);
    expect(keep('await env.REPORTS.send({ id });')).toBe(true);
    expect(keep("import emailQueue from './route';\nawait emailQueue.enqueue({ to });")).toBe(true);
    // Quirrel's `enqueue` needs no receiver word.
    expect(keep("import mail from './route';\nawait mail.enqueue({ to });")).toBe(true);
    expect(keep("import mail from './route';\nawait mail.deliver({ to });")).toBe(false);
  });

  it("keeps what the engine's handler signal keeps: job files, cron routes, createFunction, .work(", () => {
    expect(keep('export async function run() {}', 'src/jobs/cleanup.ts')).toBe(true);
    expect(keep('export async function GET() {}', 'app/api/cron/daily/route.ts')).toBe(true);
    expect(keep('export const f = client.createFunction({ id: "x" }, { event: "e" }, async () => {});')).toBe(true);
    expect(keep("boss.work('q', async () => {});")).toBe(true);
    expect(keep('export async function run() {}', 'src/tasks/cleanup.ts', { jobFiles: ['**/tasks/**'] })).toBe(true);
  });

  it('keeps the calls of enqueueFunctions, and every file when handlerFunctions are set', () => {
    const settings = { enqueueFunctions: [{ name: 'jobs.dispatch', payloadArg: 0 }] };
    expect(keep('await this.jobs.dispatch({ name: "x" });', 'src/a.ts', settings)).toBe(true);
    expect(keep('const a = 1;', 'src/a.ts', { handlerFunctions: [{ name: 'registerJob', handlerArg: 1, payloadParam: 0 }] })).toBe(true);
  });

  it('looks for enqueue names in the whole file, before the import or token that asks for them too', () => {
    // The first thing any test needs here is the source string, after the call.
    const late = "export async function go(organizationId: string) {\n  await reports.add('build', { organizationId });\n}\nconst { Queue } = require('bullmq');\nconst reports = new Queue('reports');\n";
    expect(keep(late)).toBe(true);
    // A Workers binding's token (`env`) after the call that sends.
    const binding = 'export const go = async (body: unknown) => bindings.REPORTS.send(body);\nconst bindings = env;\n';
    expect(keep(binding)).toBe(true);
    expect(keep(binding.replace('.send(', '.deliver('))).toBe(false);
    // A receiver named like a queue after other calls of the name: read from the first need on.
    expect(keep("seen.add(id);\nconst x = 1;\nawait reportsQueue.add('a', { month });")).toBe(true);
    expect(keep("seen.add(id);\nconst queue = [];\nqueue.push(1);\nlater.add(2);")).toBe(false);
  });

  it('sees through escapes in import sources and names', () => {
    const escaped = "import { quickAddJob } from 'graphile-\\u0077orker';\nawait quickAddJob({}, 'send-email', { to });";
    expect(keep(escaped)).toBe(true);
    // Only the decoded text shows the import: without it the file would be dropped.
    expect(keep(escaped.replace("'graphile-\\u0077orker'", "'graphile-w0rker'"))).toBe(false);
    expect(keep("import { Queue } from 'bull\\x6dq';\nconst q = new Queue('x');\nq.\\u0061dd('a', {});")).toBe(true);
    expect(dist.prefilter.decodeEscapes("'a\\u{62}\\x63\\144\\\ne\\'")).toBe("'abcde'");
  });

  it('keeps every receiver form of a shape-matched enqueue the engine reports, and drops their look-alikes', () => {
    // Receivers of a client from the project's own module, written every way the engine's
    // `receiverName` reads them, times every way of writing the member access. Each program the
    // rule reports on must be kept; the look-alikes (same calls, other receivers) must be dropped.
    const receivers = [
      'reportQueue', 'this.reportQueue', 'queues.reportQueue', "queues['reportQueue']", 'ReportQueue.getInstance()',
      "getQueue('reports')", 'getQueue(`reports`)', '(await getQueue())', '(reportQueue as Queue)', 'reportQueue!',
      '(<Queue>reportQueue)', '(reportQueue satisfies Queue)', 'Queues.get(Queue.name)', "getQueue(\"it's\")",
      'getQueue(/* reports */)', 'getQueue<Job>()', 'new ReportQueue()', 'reports.email_queue', 'this.#reportQueue',
    ];
    const accesses = ['.add', '?.add', "['add']", '[`add`]', '\n      .add', ' /* x */ .add', ' // x\n      .add', '.\n      add', '!.add', '.\\u0061dd', "['\\x61dd']"];
    const lookAlikes = ['seen', 'this.pending', 'dayjs(from)', "map.get('k')", 'items[i]', 'queueSize', '(total as Money)', 'getItems()', 'queueItems'];
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser as unknown as Linter.Parser } },
      dist.plugin.configs.recommended,
    ];
    const program = (receiver: string, access: string) =>
      `import { reportQueue, getQueue, ReportQueue, Queues, queues, reports } from './queues';\n` +
      `export async function run(month: string) {\n  const seen = new Set<string>();\n  seen.add(month);\n` +
      `  await ${receiver}${access}('send-report', { month });\n}\n`;
    let reported = 0;
    for (const receiver of receivers) {
      for (const access of accesses) {
        const text = program(receiver, access);
        const messages = linter.verify(text, config, 'src/reports.ts');
        expect(messages.filter((m) => m.fatal)).toEqual([]);
        if (messages.some((m) => m.ruleId === 'tenant-jobs/require-tenant-in-job-payload')) {
          reported++;
          expect(keep(text), text).toBe(true);
        }
      }
    }
    // Most forms are enqueues the engine reports; the test is not vacuous.
    expect(reported).toBeGreaterThan(receivers.length * accesses.length * 0.6);
    for (const receiver of lookAlikes) {
      for (const access of ['.add', '?.add', '\n      .add', '!.add']) {
        const text = program(receiver, access).replace(/, \{ month \}/, ', 1');
        expect(keep(text), text).toBe(false);
      }
    }
  });

  it('reads receivers of other shapes the same way: tasks, pg-boss, Agenda, Inngest, QStash', () => {
    expect(keep('await this.tasks.reportTask\n  .trigger({ month });')).toBe(true);
    expect(keep('await getBoss()?.send("q", { month });')).toBe(true);
    expect(keep("await (agenda as Agenda).now('q', {});")).toBe(true);
    expect(keep("await clients.inngest.send({ name: 'a', data: {} });")).toBe(true);
    expect(keep("await step!.sendEvent('id', { name: 'a', data: {} });")).toBe(true);
    expect(keep('await getQstash().publishJSON({ url, body: {} });')).toBe(true);
    // The same calls on other receivers, with the system's words elsewhere in the file.
    expect(keep("const task = 'x';\n$el.trigger('click');\nconst boss = 1; mail.send(body);\nconst agenda = [];\nlist.every(Boolean);")).toBe(false);
    expect(keep("// Queue items, breadth first\nconst queue: number[] = [];\nqueue.push(1);\nset.add(queue.shift());")).toBe(false);
  });

  it("finds every system's receiver words: in any case, beginning inside another word, in files with several", () => {
    expect(keep('await ReportQUEUE.add("build", { month });')).toBe(true);
    expect(keep('await INNGEST.send({ name: "a", data: {} });')).toBe(true);
    // `task` begins inside `inngest`: both are found.
    expect(keep('const inngestask = load();\nawait inngestask.trigger({ month });')).toBe(true);
    // Several words in one file: each system's calls are still read with its own words.
    const several = 'const queue = [];\nconst boss = 1;\nconst step = 2;\nawait nightlyTask.trigger({ month });';
    expect(keep(several)).toBe(true);
    expect(keep(several.replace('nightlyTask.trigger', 'nightly.trigger'))).toBe(false);
    // A method name two systems share (`send`: Inngest, pg-boss).
    expect(keep('const boss = getBoss();\nawait inngestClient.send({ name: "a", data: {} });')).toBe(true);
    expect(keep('const inngest = 1;\nawait nightlyBoss.send("q", { month });')).toBe(true);
    expect(keep('const inngest = 1;\nconst boss = 2;\nawait mailer.send("q", { month });')).toBe(false);
    // A receiver that fits a system whose word is in the file, on a method of another system only.
    expect(keep('const queue = [];\nconst step = 1;\nawait nightlyQueue.send({ month });\nawait mailer.add(1);')).toBe(false);
    // A word that does not end the name where the shape needs its end: no receiver of that shape.
    expect(keep('const queueing = new Set();\nqueueing.add(1);\nconst tasks = [];\ntasks.trigger();\nbossy.send(1);')).toBe(false);
  });

  it('counts what it cannot read in a receiver as a match: comments, templates, regular expressions, escapes', () => {
    const { receiverMayMatch } = dist.prefilter;
    const add = /\b(?:add|addBulk)\b/g;
    const queue = /queue(?![\w$])/i;
    // The file names a queue somewhere: the pre-filter skips the scan when no word of the text can.
    const may = (text: string) => receiverMayMatch(`const queue = [];\n${text}`, add, queue);
    expect(may('seen.add(1)')).toBe(false);
    expect(keep('foo(/x)/).add(1)')).toBe(false);
    expect(keep('const queue = [];\nfoo(/x)/).add(1)')).toBe(true);
    expect(may('foo(/x)/).add(1)')).toBe(true);
    expect(may('foo(`${a}`).add(1)')).toBe(true);
    expect(may("foo('a\\'b').add(1)")).toBe(true);
    expect(may('q // x\n.add(1)')).toBe(true);
    expect(may('q /* x\n*/\n.add(1)')).toBe(true);
    // A slash in a string on the line above is no comment.
    expect(may("bus.send('file/updated');\nseen\n  .add(1)")).toBe(false);
    expect(may('émQueue.add(1)')).toBe(true);
    expect(may("x['add'](1); y = 'add';")).toBe(false);
    expect(may("reportQueue['add'](1)")).toBe(true);
    expect(may('reportQueue.addBulk([])')).toBe(true);
  });

  it('finds escaped names and sources around each backslash, however far the receiver is', () => {
    const padding = 'x, '.repeat(80);
    // The receiver's name is 240 characters before the escaped method name.
    expect(keep(`import { ReportQueue } from './queues';\nawait ReportQueue.getInstance(${padding}).\\u0061dd('a', { month });`)).toBe(true);
    expect(keep(`import { reportQueue } from './queues';\nawait reportQueue.\\u{61}\\u{64}\\u{64}('a', { month });`)).toBe(true);
    expect(keep(`const s = '${'\\x62'.repeat(3)}';\nimport x from '\\u0062\\u0075\\u006c\\u006cmq';`)).toBe(true);
    // Escapes that make no name: skipped as before.
    expect(keep(`const re = /\\s+\\.\\d/;\nconst queue = [];\nseen.add(re);`)).toBe(false);
    const parts = dist.prefilter.escapedParts(`${'a'.repeat(300)}\\x62${'c'.repeat(300)}`, 10);
    expect(parts).toBe(`\`${'a'.repeat(10)}b${'c'.repeat(6)}\``);
    expect(dist.prefilter.escapedParts('no backslash', 10)).toBeUndefined();
  });

  it('in a lint, leaves out the decoded parts when every backslash is in a regular expression or a comment', () => {
    const outside = (code: string, withTokens = true) => {
      const ast = tsParser.parse(code, { range: true, tokens: true, comment: true });
      return dist.prefilter.backslashesOnlyOutsideCode(code, withTokens ? ast.tokens : undefined, ast.comments);
    };
    expect(outside('const a = 1;')).toBe(true);
    expect(outside('const re = /\\s+\\.\\d/; // C:\\path\nconst b = /a\\/b/g.test(x) ? 1 : /\\w/;')).toBe(true);
    expect(outside('/* \\u0061dd */ const re = /\\u0061dd/;')).toBe(true);
    expect(outside("const re = /\\s/; const s = 'a\\nb';")).toBe(false);
    expect(outside("const s = 'a\\nb'; const re = /\\s/;")).toBe(false);
    expect(outside('const t = `a\\nb`;')).toBe(false);
    expect(outside('q.\\u0061dd(1);')).toBe(false);
    expect(outside('const re = /\\s/;', false)).toBe(false);
    // A call spelled only inside a regular expression is no call: with the tokens the file is dropped.
    const inRegExp = "import { reportQueue } from './queues';\nconst re = /reportQueue.\\u0061dd/;\n";
    const prefilter = dist.prefilter.createPrefilter(dist.settings.resolveSettings({}));
    expect(prefilter({ relativePath: 'src/a.ts', text: inRegExp })).toBe(true);
    expect(prefilter({ relativePath: 'src/a.ts', text: inRegExp, escapesOutsideCode: outside(inRegExp) })).toBe(false);
    // A name escaped in a string still counts, next to regular expressions with escapes.
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as unknown as Linter.Parser } }, dist.plugin.configs.recommended];
    for (const call of ["reportQueue['\\x61dd']", 'reportQueue.\\u0061dd', "reportQueue[`\\x61dd`]"]) {
      const text = `import { reportQueue } from './queues';\nconst re = /^\\s+$/; // a\\b\nexport async function run(month: string) {\n  await ${call}('send-report', { month });\n}\n`;
      expect(outside(text)).toBe(false);
      expect(linter.verify(text, config, 'src/reports.ts').map((m) => m.ruleId), text).toContain('tenant-jobs/require-tenant-in-job-payload');
    }
  });

  it('has a shape entry for every job system with enqueue calls', () => {
    const systems = dist.jobs.JOB_SYSTEMS.filter((system) => system.enqueueNames.length > 0).map((system) => system.id).sort();
    expect(Object.keys(dist.prefilter.SHAPE_TOKENS).sort()).toEqual(systems);
  });

});
