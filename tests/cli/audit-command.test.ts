/**
 * `tenant-jobs audit` end to end: the built command run as a child process on the small fixture
 * repositories of tests/fixtures/cli/ (and throwaway folders for what git cannot hold: an empty
 * folder, a .gitignore'd folder), checking the verdict, the exit code and each format.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/cli/report';
import { CLI_FIXTURES, ROOT, ensureBuilt, loadDist, makeProject, runCli } from './helpers';

const fixture = (name: string) => path.join(CLI_FIXTURES, name);
const CHECK_ID = 'saas-multi-tenancy.tenant-boundaries.background-jobs-tenant-scoped';
const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };

async function auditJson(cwd: string, ...args: string[]): Promise<{ code: number | null; report: AuditReport; stderr: string }> {
  const run = await runCli(['audit', ...args, '--format', 'json'], { cwd });
  expect(run.stderr).toBe('');
  return { code: run.code, report: JSON.parse(run.stdout) as AuditReport, stderr: run.stderr };
}

beforeAll(() => {
  ensureBuilt();
});

describe('the package', () => {
  it('publishes the command as `tenant-jobs`, an executable with a node shebang', () => {
    expect(packageJson.bin).toEqual({ 'tenant-jobs': 'dist/cli/bin.js' });
    const bin = path.join(ROOT, packageJson.bin['tenant-jobs']!);
    expect(fs.readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(fs.statSync(bin).mode & 0o111).not.toBe(0);
  });
});

describe('--help and --version', () => {
  it('--help prints the usage on stdout and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: tenant-jobs audit [paths...] [options]');
    expect(run.stdout).toContain('--format <format>');
    expect(run.stdout).toContain('Exit codes: 0 PASS or N/A, 1 FAIL, 2 usage, settings or internal error.');
    expect(run.stderr).toBe('');
  });

  it('`audit --help` and `help` print the same usage', async () => {
    const [a, b, c] = await Promise.all([runCli(['--help']), runCli(['audit', '--help']), runCli(['help'])]);
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).toBe(a.stdout);
  });

  it('--version prints the package version and exits 0', async () => {
    const [a, b] = await Promise.all([runCli(['--version']), runCli(['-v'])]);
    expect(a).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
    expect(b.stdout).toBe(a.stdout);
  });
});

describe('usage errors: exit 2, one line on stderr', () => {
  const expectUsageError = (run: { code: number | null; stdout: string; stderr: string }, text: string) => {
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^tenant-jobs: /);
    expect(run.stderr).toContain(text);
  };

  it('an unknown option', async () => {
    expectUsageError(await runCli(['audit', '--colour']), 'unknown option: --colour');
  });

  it('an unknown format', async () => {
    expectUsageError(await runCli(['audit', '--format', 'xml']), 'unknown format: xml (use text, json, sarif)');
  });

  it('an option without its value', async () => {
    expectUsageError(await runCli(['audit', '--output']), 'option --output needs a value');
  });

  it('no command, or an unknown one', async () => {
    expectUsageError(await runCli([]), 'missing command');
    expectUsageError(await runCli(['lint']), 'unknown command: lint');
  });

  it('a path that does not exist', async () => {
    expectUsageError(await runCli(['audit', 'no/such/folder'], { cwd: fixture('pass') }), 'no such file or folder: no/such/folder');
  });
});

describe('verdicts', () => {
  it('PASS: every handler scoped, every payload with a tenant id; exit 0', async () => {
    const { code, report } = await auditJson(fixture('pass'));
    expect(code).toBe(0);
    expect(report.verdict).toBe('PASS');
    expect(report.check).toEqual({ id: CHECK_ID, title: expect.any(String), severity: 'medium' });
    expect(report.findings).toEqual([]);
    expect(report.counts).toMatchObject({ handlers: 1, scopedHandlers: 1, enqueueSites: 1, findings: 0 });
    expect(report.jobSystems.map((s) => s.name)).toEqual(['BullMQ']);
    expect(report.jobSystems[0]!.evidence).toEqual(['package.json: bullmq', 'code']);
  });

  it('FAIL: a finding per rule report, with the job, the message and the fix; exit 1', async () => {
    const { code, report } = await auditJson(fixture('fail'));
    expect(code).toBe(1);
    expect(report.verdict).toBe('FAIL');
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.messageId} ${f.job}`)).toEqual([
      'src/services/reports.ts:5:44 tenant-jobs/require-tenant-in-job-payload missingTenantKey generate-report',
      'src/workers/report.worker.ts:6:27 tenant-jobs/no-unscoped-query-in-job unscopedQuery reports',
    ]);
    const [payload, query] = report.findings;
    expect(payload!.fix).toBe("Put the tenant id in the job's payload; for work over all tenants, loop over the tenants and enqueue one job per tenant.");
    expect(payload!.docsUrl).toBe('https://github.com/tenant-jobs/eslint-plugin-tenant-jobs/blob/main/docs/rules/require-tenant-in-job-payload.md');
    expect(query!.message).toBe('`db.document.findMany` in job `reports` reads `document` rows of every tenant: filter by `organizationId` from the job payload.');
    // The scoped worker of the same file counts as scoped; the cleanup worker's findings are suppressed.
    expect(report.handlers.map((h) => `${h.job} ${h.scoped}`)).toEqual(['cleanup true', 'reports false', 'scoped-reports true']);
    expect(report.counts).toMatchObject({ handlers: 3, scopedHandlers: 2, findings: 2, suppressed: 2 });
  });

  it('FAIL lists suppressed findings with the justification of their eslint-disable comment', async () => {
    const { report } = await auditJson(fixture('fail'));
    expect(report.suppressed.map((s) => [`${s.file}:${s.line}`, s.ruleId, s.job, s.justification])).toEqual([
      ['src/workers/cleanup.worker.ts:7', 'tenant-jobs/no-unscoped-query-in-job', 'cleanup', 'platform-wide retention, approved in SEC-42'],
      ['src/workers/cleanup.worker.ts:10', 'tenant-jobs/no-unscoped-query-in-job', 'cleanup', null],
    ]);
  });

  it('leaves out skipped folders (build/) and generated files', async () => {
    const { report } = await auditJson(fixture('fail'));
    const files = new Set([...report.findings, ...report.suppressed].map((f) => f.file));
    expect([...files].some((file) => file.startsWith('build/') || file.includes('prisma-client'))).toBe(false);
    expect(report.counts.filesGenerated).toBe(1);
  });

  it('N/A: no job dependency, cron route, vercel.json cron, handler or enqueue site; exit 0', async () => {
    const { code, report } = await auditJson(fixture('na'));
    expect(code).toBe(0);
    expect(report.verdict).toBe('N/A');
    expect(report.jobSystems).toEqual([]);
    expect(report.summary).toMatch(/^No background job system detected/);
  });

  it('N/A for an empty folder', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-jobs-empty-'));
    try {
      const { code, report } = await auditJson(empty);
      expect(code).toBe(0);
      expect(report.verdict).toBe('N/A');
      expect(report.counts).toMatchObject({ files: 0, filesLinted: 0 });
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('not N/A when only package.json or vercel.json shows a job system', async () => {
    const project = makeProject({
      'package.json': JSON.stringify({ dependencies: { inngest: '^3.0.0' } }),
      'apps/web/vercel.json': JSON.stringify({ crons: [{ path: '/api/digest', schedule: '0 8 * * *' }] }),
      'src/index.ts': 'export const answer = 42;\n',
    });
    try {
      const { code, report } = await auditJson(project.dir);
      expect(code).toBe(0);
      expect(report.verdict).toBe('PASS');
      expect(report.jobSystems.map((s) => [s.name, s.evidence])).toEqual([
        ['Inngest', ['package.json: inngest']],
        ['Next.js / Vercel cron routes', ['apps/web/vercel.json: 1 cron']],
      ]);
    } finally {
      project.remove();
    }
  });

  it('files that cannot be parsed are reported as such and do not stop the audit', async () => {
    const { code, report } = await auditJson(fixture('unparsable'));
    expect(code).toBe(1);
    expect(report.verdict).toBe('FAIL');
    expect(report.unparsable.map((u) => `${u.file}:${u.line}`)).toEqual(['src/workers/also-broken.js:4', 'src/workers/broken.ts:6']);
    expect(report.unparsable.every((u) => u.message.startsWith('Parsing error:'))).toBe(true);
    expect(report.findings.map((f) => f.file)).toEqual(['src/workers/producer.ts']);
    expect(report.summary).toContain('2 files could not be audited');
  });

  it('audits the paths it is given, relative to the working folder', async () => {
    const { report } = await auditJson(CLI_FIXTURES, 'fail/src/services', 'pass');
    expect(report.root).toBe(CLI_FIXTURES);
    expect(report.findings.map((f) => f.file)).toEqual(['fail/src/services/reports.ts']);
  });
});

describe('--settings', () => {
  it('applies the settings file: `companyId` as the tenant key turns a FAIL into a PASS', async () => {
    const withDefaults = await auditJson(fixture('company'));
    expect(withDefaults.report.verdict).toBe('FAIL');
    for (const file of ['valid.json', 'wrapped.json']) {
      const run = await auditJson(fixture('company'), '--settings', path.join('..', 'settings', file));
      expect(run.code).toBe(0);
      expect(run.report.verdict).toBe('PASS');
      expect(run.report.tenantKey).toBe('companyId');
    }
  });

  it.each([
    ['invalid.json', "settings file ../settings/invalid.json: settings['tenant-jobs'].tenantKeys must be an array of tenant key names, got the string \"companyId\"."],
    ['unknown-key.json', "settings file ../settings/unknown-key.json: settings['tenant-jobs'] has an unknown key `tenantKey`"],
    ['not-json.json', 'settings file ../settings/not-json.json is not valid JSON:'],
    ['missing.json', 'cannot read settings file ../settings/missing.json: no such file'],
  ])('a bad settings file (%s) is exit 2 with a one-line reason', async (file, reason) => {
    const run = await runCli(['audit', '--settings', `../settings/${file}`], { cwd: fixture('company') });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(reason);
  });
});

describe('formats and output', () => {
  it('text: the verdict, the counts and a detail-on-fail entry per finding, grouped by file', async () => {
    const run = await runCli(['audit'], { cwd: fixture('fail') });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const text = run.stdout;
    expect(text).toContain(`Check:    ${CHECK_ID}`);
    expect(text).toContain('Severity: medium');
    expect(text).toMatch(/^Verdict: {2}FAIL {2}2 findings in 2 files/m);
    expect(text).toMatch(/^ {2}BullMQ {2}3 handlers, 1 enqueue site {2}\(package\.json: bullmq\)$/m);
    expect(text).toContain('Job handlers:  3 (2 scoped, 1 with findings)');
    expect(text).toContain('Enqueue sites: 1');
    expect(text).toContain('Detail on fail (2 findings in 2 files):');
    expect(text).toContain(
      [
        'src/workers/report.worker.ts',
        '  src/workers/report.worker.ts:6:27  job `reports`  no-unscoped-query-in-job',
        '    `db.document.findMany` in job `reports` reads `document` rows of every tenant: filter by `organizationId` from the job payload.',
        "    fix: Scope the query by the tenant id from this job's own payload (a filter, or a client scoped to that tenant); a scheduled job loops over the tenants or enqueues one job per tenant.",
      ].join('\n'),
    );
    expect(text).toContain('Suppressed by eslint-disable comments (2):');
    expect(text).toContain('src/workers/cleanup.worker.ts:7:9  job `cleanup`, no-unscoped-query-in-job: justification: platform-wide retention, approved in SEC-42');
    expect(text).toContain('src/workers/cleanup.worker.ts:10:9  job `cleanup`, no-unscoped-query-in-job: no justification given');
  });

  it('text has no colour on a pipe, and none with NO_COLOR', async () => {
    const run = await runCli(['audit'], { cwd: fixture('fail') });
    expect(run.stdout).not.toContain('\u001b[');
    const { text } = loadDist();
    const { report } = await auditJson(fixture('fail'));
    expect(text.formatText(report, { colour: true })).toContain('\u001b[31m');
    expect(text.formatText(report, { colour: false })).not.toContain('\u001b[');
  });

  it('json: the documented shape', async () => {
    const { report } = await auditJson(fixture('fail'));
    expect(Object.keys(report)).toEqual([
      'schemaVersion', 'tool', 'check', 'verdict', 'summary', 'root', 'paths', 'tenantKey', 'jobSystems', 'counts',
      'handlers', 'enqueueSites', 'findings', 'suppressed', 'unparsable', 'errors', 'durationMs',
    ]);
    expect(report.schemaVersion).toBe(1);
    expect(report.tool).toEqual({ name: 'tenant-jobs', version: packageJson.version, eslint: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(Object.keys(report.counts)).toEqual([
      'files', 'filesGenerated', 'filesLinted', 'filesSkipped', 'handlers', 'scopedHandlers', 'enqueueSites', 'findings', 'suppressed', 'unparsable', 'errors',
    ]);
    expect(Object.keys(report.findings[0]!)).toEqual(['file', 'line', 'column', 'endLine', 'endColumn', 'ruleId', 'messageId', 'job', 'message', 'fix', 'docsUrl']);
    expect(Object.keys(report.handlers[0]!)).toEqual(['file', 'line', 'column', 'system', 'job', 'cron', 'scoped', 'findings']);
    expect(Object.keys(report.enqueueSites[0]!)).toEqual(['file', 'line', 'column', 'system', 'job', 'repeatable']);
    expect(Object.keys(report.jobSystems[0]!)).toEqual(['id', 'name', 'evidence', 'handlers', 'enqueueSites']);
  });

  it('--output writes the report to a file and says so on stderr; the exit code still follows the verdict', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-jobs-out-'));
    try {
      const file = path.join(out, 'reports', 'audit.sarif');
      const run = await runCli(['audit', '--format=sarif', '-o', file], { cwd: fixture('fail') });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`tenant-jobs audit: FAIL. ${'2 findings in 2 files: 1 of 3 job handlers not scoped to one tenant, 1 job payload without a tenant id.'} Report written to ${file}.\n`);
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).version).toBe('2.1.0');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('the same report in every format for the same files', async () => {
    const [json, sarif, text] = await Promise.all(['json', 'sarif', 'text'].map((format) => runCli(['audit', '--format', format], { cwd: fixture('fail') })));
    const report = JSON.parse(json!.stdout) as AuditReport;
    const log = JSON.parse(sarif!.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    const sarifPlaces = log.runs[0]!.results.map((r) => `${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}`);
    expect(sarifPlaces).toEqual([...report.findings, ...report.suppressed].map((f) => `${f.file}:${f.line}`));
    for (const finding of report.findings) expect(text!.stdout).toContain(`${finding.file}:${finding.line}:${finding.column}`);
  });
});

describe('the files it reads', () => {
  it('lints files whose paths hold glob characters: Next.js [param] and (group) folders', async () => {
    const project = makeProject({
      'package.json': JSON.stringify({ dependencies: { next: '^15.0.0' } }),
      'app/(jobs)/api/cron/[job]/route.ts':
        "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport async function GET() {\n  return Response.json(await prisma.document.count());\n}\n",
    });
    try {
      const { code, report } = await auditJson(project.dir);
      expect(code).toBe(1);
      expect(report.findings.map((f) => `${f.file}:${f.line} ${f.messageId}`)).toEqual(['app/(jobs)/api/cron/[job]/route.ts:4 unscopedCronQuery']);
      expect(report.jobSystems.map((s) => [s.name, s.evidence])).toEqual([['Next.js / Vercel cron routes', ['1 cron route file', 'code']]]);
    } finally {
      project.remove();
    }
  });

  it('honours .gitignore files and skips node_modules, dist, build, dot-folders and generated files', async () => {
    const worker = "import { Worker } from 'bullmq';\nimport { db } from '../lib/db';\n\nexport const w = new Worker('reports', async () => db.document.findMany());\n";
    const project = makeProject({
      '.gitignore': '# build output\nignored/\n*.local.ts\n!keep.local.ts\n',
      'package.json': JSON.stringify({ dependencies: { bullmq: '^5.0.0' } }),
      'src/lib/db.ts': "import { PrismaClient } from '@prisma/client';\nexport const db = new PrismaClient();\n",
      'src/workers/kept.ts': worker,
      'src/workers/keep.local.ts': worker,
      'src/workers/skip.local.ts': worker,
      'src/ignored/worker.ts': worker,
      'packages/app/.gitignore': '/src/private/\n',
      'packages/app/src/private/worker.ts': worker,
      'packages/app/src/public/worker.ts': worker,
      'node_modules/lib/worker.ts': worker,
      'dist/worker.js': worker,
      'build/worker.js': worker,
      '.next/server/worker.js': worker,
      'coverage/worker.js': worker,
      'src/generated/worker.ts': worker,
      'src/workers/types.d.ts': 'export declare const w: unknown;\n',
      'src/workers/client.generated.ts': worker,
      'src/workers/header.ts': `// Code generated by a tool. DO NOT EDIT.\n${worker}`,
    });
    try {
      const { report } = await auditJson(project.dir);
      expect(report.findings.map((f) => f.file)).toEqual(['packages/app/src/public/worker.ts', 'src/workers/keep.local.ts', 'src/workers/kept.ts']);
      // types.d.ts, client.generated.ts, header.ts (src/generated/ is a skipped folder)
      expect(report.counts.filesGenerated).toBe(3);
    } finally {
      project.remove();
    }
  });
});
