/**
 * The plugin on a whole, realistic multi-tenant SaaS project: tests/fixtures/saas-project (Next.js
 * cron routes, BullMQ workers and producers, an Inngest function, Trigger.dev tasks, a NestJS
 * processor, pg-boss workers, a jobs/ folder of exported handlers; Prisma, Drizzle, Kysely,
 * TypeORM, Knex and raw SQL; services, utilities and look-alikes with no job code). It is never
 * installed or run, only linted, by the real ESLint through its Node API with the recommended
 * config, as a user's `eslint.config.mjs` would.
 *
 * Every finding below was judged against the rule docs (docs/rules/*.md): each is a mistake the
 * audit check names, and every other handler, query and enqueue of the fixture is correct code
 * that must stay silent. A change that adds, drops or moves a finding fails here; if the rule is
 * right and the fixture wrong, fix the fixture, never the list alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../src/plugin';

const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'saas-project');

const PAYLOAD = 'tenant-jobs/require-tenant-in-job-payload';
const UNSCOPED = 'tenant-jobs/no-unscoped-query-in-job';
const FALLTHROUGH = 'tenant-jobs/no-fallthrough-missing-tenant';

/** `file:line:column ruleId messageId`, the file relative to the fixture, `/`-separated. */
type Finding = string;

/** What the recommended config reports, in file, line, column order. */
const EXPECTED: Finding[] = [
  // The trial-expiry cron route processes every tenant's expired trials in place: it reads them
  // all (nothing but mail is done per row, no enqueue, so it is no dispatcher) ...
  `app/api/cron/trial-expiry/route.ts:9:25 ${UNSCOPED} unscopedCronQuery`,
  // ... and expires them all with one `updateMany`.
  `app/api/cron/trial-expiry/route.ts:15:9 ${UNSCOPED} unscopedCronQuery`,
  // NestJS `DunningProcessor`: the tenant comes from an instance field that the worker's `active`
  // event sets, shared by every job of the worker (`this.organizationId`).
  `src/billing/invoice.processor.ts:67:32 ${UNSCOPED} tenantFromSharedState`,
  // The campaign job of the audit check: the email template is loaded by `event.data.templateId`
  // alone (Drizzle, inside `step.run`).
  `src/inngest/send-campaign.ts:29:27 ${UNSCOPED} unscopedQuery`,
  // The retention job of a jobs/ file (Knex, default export): deletes old audit entries of every
  // organisation.
  `src/jobs/audit-log.ts:35:9 ${UNSCOPED} unscopedQuery`,
  // pg-boss `retry-failed-deliveries`: raw SQL bound to `currentOrganizationId`, module state that
  // `setRequestTenant` writes, not this job's payload.
  `src/server/webhook-workers.ts:49:8 ${UNSCOPED} tenantFromSharedState`,
  // `inngest.send({ name: 'campaign/stats.rebuild', data: { campaignId } })`
  `src/services/campaigns.service.ts:10:62 ${PAYLOAD} missingTenantKey`,
  // `searchQueue.add('index', { documentIds })`
  `src/services/documents.service.ts:30:34 ${PAYLOAD} missingTenantKey`,
  // `syncInvoicesTask.trigger({ since })` (Trigger.dev task recognised by its name's shape)
  `src/services/invoices.service.ts:13:34 ${PAYLOAD} missingTenantKey`,
  // `reportsQueue.add('daily-report', { since })`: one report job for all tenants
  `src/services/reports.service.ts:14:42 ${PAYLOAD} missingTenantKey`,
  // `reportsQueue.add('cleanup-stale-reports', {})`
  `src/services/reports.service.ts:19:51 ${PAYLOAD} emptyPayload`,
  // `boss.send('deliver-webhook', { webhookId, event: 'ping', body: {} })`
  `src/services/webhooks.service.ts:10:38 ${PAYLOAD} missingTenantKey`,
  // The cleanup job of the audit check (Trigger.dev, Kysely): given a workspace, it deletes the
  // soft-deleted documents of every workspace.
  `src/trigger/purge-deleted-documents.ts:15:26 ${UNSCOPED} unscopedQuery`,
  // `archive-documents`: the tenant filter is spread in only when `organizationId` is set, so an old
  // job without it archives every tenant's documents.
  `src/workers/archive.worker.ts:19:11 ${FALLTHROUGH} conditionalTenantFilter`,
  // `restore-documents`: a missing tenant id makes the job return quietly instead of failing.
  `src/workers/archive.worker.ts:31:5 ${FALLTHROUGH} silentMissingTenant`,
  // The BullMQ `failed` listener's `updateMany` is filtered by `job.data.organizationId`, with no
  // fatal check in that handler: Prisma drops an `undefined` key.
  `src/workers/document-export.worker.ts:45:53 ${FALLTHROUGH} unguardedTenantFilter`,
  // The commingled report of the audit check's "detail on fail": every organization's documents in
  // one query, grouped by tenant in application code.
  `src/workers/report.worker.ts:16:27 ${UNSCOPED} unscopedQuery`,
];

/**
 * Findings the rules give today that the rule docs say they must not: each is a rule bug reported
 * to the maintainers. The exact-findings test leaves them aside; one `it.fails` per entry passes
 * while the bug is there, and starts failing when it is fixed: then delete the entry.
 */
const KNOWN_FALSE_POSITIVES: { finding: Finding; why: string }[] = [];

/** Every .ts file of the fixture, relative to it, sorted. */
function listTsFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listTsFiles(path.join(dir, entry.name), relative));
    else if (entry.name.endsWith('.ts')) out.push(relative);
  }
  return out.sort();
}

function byPosition(a: Finding, b: Finding): number {
  const parse = (finding: Finding) => {
    const [location = ''] = finding.split(' ');
    const [file = '', line = '0', column = '0'] = location.split(':');
    return { file, line: Number(line), column: Number(column), finding };
  };
  const x = parse(a);
  const y = parse(b);
  return x.file.localeCompare(y.file) || x.line - y.line || x.column - y.column || x.finding.localeCompare(y.finding);
}

/** ESLint on the fixture with the recommended config, as a user's `eslint.config.mjs` would give it (plus settings). */
function fixtureEslint(settings?: Record<string, unknown>): ESLint {
  return new ESLint({
    cwd: FIXTURE,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser as Linter.Parser } },
      plugin.configs.recommended,
      ...(settings ? [{ settings: { 'tenant-jobs': settings } }] : []),
    ],
  });
}

describe('the fixture SaaS project, linted whole with the recommended config', () => {
  let results: ESLint.LintResult[];
  let findings: Finding[];

  beforeAll(async () => {
    results = await fixtureEslint().lintFiles(['.']);
    findings = results
      .flatMap((result) =>
        result.messages.map((message) => {
          const file = path.relative(FIXTURE, result.filePath).split(path.sep).join('/');
          // A parse error or crash has no ruleId or messageId: it shows up in the diff as `null`.
          return `${file}:${message.line}:${message.column} ${message.ruleId} ${message.messageId ?? message.message}`;
        }),
      )
      .sort(byPosition);
  });

  it('lints every .ts file of the fixture', () => {
    const linted = results.map((result) => path.relative(FIXTURE, result.filePath).split(path.sep).join('/')).sort();
    expect(linted).toEqual(listTsFiles(FIXTURE));
  });

  it('reports exactly the expected findings (known false positives aside)', () => {
    const known = new Set(KNOWN_FALSE_POSITIVES.map((entry) => entry.finding));
    expect(findings.filter((finding) => !known.has(finding))).toEqual([...EXPECTED].sort(byPosition));
  });

  it('names the job in each finding of the handler rules', () => {
    const jobs = results.flatMap((result) =>
      result.messages.filter((message) => message.ruleId === UNSCOPED).map((message) => /job `([^`]+)`/.exec(message.message)?.[1]),
    );
    expect(new Set(jobs)).toEqual(
      new Set([
        'app/api/cron/trial-expiry/route.ts',
        'dunning',
        'send-campaign',
        'audit-log',
        'retry-failed-deliveries',
        'purge-deleted-documents',
        'reports',
      ]),
    );
  });

  it('finds the Prisma schema: without it, the queries on global tables are reported too', async () => {
    const without = await fixtureEslint({ schema: [] }).lintFiles(['app/api/cron/sync-plans/route.ts']);
    expect(findings.filter((finding) => finding.startsWith('app/api/cron/sync-plans/'))).toEqual([]);
    expect(without[0]!.messages.map((message) => `${message.line}:${message.column} ${message.messageId}`)).toEqual([
      '13:23 unscopedCronQuery',
      '16:11 unscopedCronQuery',
    ]);
  });

  for (const { finding, why } of KNOWN_FALSE_POSITIVES) {
    it.fails(`does not report ${finding} (known false positive: ${why})`, () => {
      expect(findings).not.toContain(finding);
    });
  }
});
