/**
 * `tenant-jobs audit --format sarif` is a valid SARIF 2.1.0 log: validated against the SARIF
 * 2.1.0 JSON schema (a copy from an npm package, tests/fixtures/sarif/, with Ajv, which ESLint
 * itself depends on), plus what GitHub code scanning reads: rules with `helpUri` and
 * descriptions, results with relative file URIs and 1-based regions.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_FIXTURES, ROOT, ensureBuilt, loadDist, runCli } from './helpers';

// Ajv 6 is ESLint's own dependency; the SARIF schema is JSON Schema draft-04.
const requireFromEslint = createRequire(createRequire(path.join(ROOT, 'package.json')).resolve('eslint'));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const Ajv = requireFromEslint('ajv') as any;
const draft04 = requireFromEslint('ajv/lib/refs/json-schema-draft-04.json') as object;
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as object;

interface SarifLog {
  version: string;
  $schema: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string; helpUri: string; shortDescription: { text: string }; fullDescription: { text: string }; properties: Record<string, unknown> }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number; endLine?: number; endColumn?: number } } }[];
      suppressions?: { kind: string; justification?: string }[];
    }[];
    properties: { verdict: string; check: { id: string } };
  }[];
}

let validate: ((data: unknown) => boolean) & { errors?: { dataPath: string; message: string }[] | null };

async function sarifOf(fixture: string): Promise<SarifLog> {
  const run = await runCli(['audit', '--format', 'sarif'], { cwd: path.join(CLI_FIXTURES, fixture) });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as SarifLog;
}

function expectValid(log: unknown) {
  const valid = validate(log);
  expect(valid ? [] : (validate.errors ?? []).map((e) => `${e.dataPath} ${e.message}`)).toEqual([]);
}

beforeAll(() => {
  ensureBuilt();
  const ajv = new Ajv({ schemaId: 'auto', allErrors: true, logger: false });
  ajv.addMetaSchema(draft04);
  validate = ajv.compile(schema);
});

describe('SARIF output', () => {
  it.each(['fail', 'pass', 'na', 'unparsable'])('is valid SARIF 2.1.0 (fixture %s)', async (fixture) => {
    const log = await sarifOf(fixture);
    expectValid(log);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
  });

  it('the schema check is not vacuous: a log missing required parts fails it', async () => {
    const log = await sarifOf('fail');
    const broken = structuredClone(log) as unknown as { runs: { tool: { driver: Record<string, unknown> }; results: { locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    delete broken.runs[0]!.tool.driver.name;
    broken.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
    expect(validate(broken)).toBe(false);
  });

  it('describes each rule of the plugin with its docs URL (helpUri) and descriptions', async () => {
    const { plugin } = loadDist();
    const log = await sarifOf('fail');
    const driver = log.runs[0]!.tool.driver;
    expect(driver.name).toBe('tenant-jobs');
    expect(driver.informationUri).toBe('https://github.com/tenant-jobs/eslint-plugin-tenant-jobs');
    const names = Object.keys(plugin.rules).sort();
    expect(driver.rules.map((r) => r.id)).toEqual(names.map((name) => `tenant-jobs/${name}`));
    for (const rule of driver.rules) {
      const meta = plugin.rules[rule.id.replace('tenant-jobs/', '') as keyof typeof plugin.rules].meta!;
      expect(rule.helpUri).toBe(meta.docs!.url);
      expect(rule.shortDescription.text).toBe(meta.docs!.description);
      expect(rule.fullDescription.text).toContain('saas-multi-tenancy.tenant-boundaries.background-jobs-tenant-scoped');
      expect(rule.properties['security-severity']).toBe('5.5');
    }
  });

  it('gives each finding a result with a relative file URI and a 1-based region; suppressed ones carry their justification', async () => {
    const log = await sarifOf('fail');
    const run = log.runs[0]!;
    expect(run.properties.verdict).toBe('FAIL');
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`${new URL(`file://${path.join(CLI_FIXTURES, 'fail')}`).href}/`);
    const places = run.results.map((r) => {
      const { artifactLocation, region } = r.locations[0]!.physicalLocation;
      expect(artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      return `${artifactLocation.uri}:${region.startLine}:${region.startColumn} ${r.ruleId} ${r.suppressions?.[0]?.justification ?? (r.suppressions ? 'suppressed' : '')}`;
    });
    expect(places).toEqual([
      'src/services/reports.ts:5:44 tenant-jobs/require-tenant-in-job-payload ',
      'src/workers/report.worker.ts:6:27 tenant-jobs/no-unscoped-query-in-job ',
      'src/workers/cleanup.worker.ts:7:9 tenant-jobs/no-unscoped-query-in-job platform-wide retention, approved in SEC-42',
      'src/workers/cleanup.worker.ts:10:9 tenant-jobs/no-unscoped-query-in-job suppressed',
    ]);
    expect(run.results[1]!.message.text).toBe('`db.document.findMany` in job `reports` reads `document` rows of every tenant: filter by `organizationId` from the job payload. (job: reports)');
  });

  it('reports files that could not be parsed as tool notifications', async () => {
    const run = (await sarifOf('unparsable')).runs[0]!;
    expect(run.invocations[0]!.executionSuccessful).toBe(true);
    expect(run.invocations[0]!.toolExecutionNotifications.map((n) => n.level)).toEqual(['warning', 'warning']);
    expect(run.invocations[0]!.toolExecutionNotifications[0]!.message.text).toMatch(/^Not audited, could not be parsed: Parsing error:/);
  });
});
