/**
 * No state survives between files (SPEC section 7): two files with different settings, linted in
 * one process in both orders and interleaved, each give exactly what they give linted alone in a
 * fresh process-like setting (a new Linter). The settings change every rule's verdict here: the
 * tenant key (`clinicId` against the defaults), job files, scoped clients and tenant-agnostic jobs.
 */
import parser from '@typescript-eslint/parser';
import { ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/plugin';

/** The same code in every file: its findings depend on the settings alone. */
const CODE = `
import { Queue, Worker } from 'bullmq';
import { prisma } from '@/lib/prisma';

const reports = new Queue('reports');
export async function enqueueReport(clinicId: string, organizationId: string) {
  await reports.add('daily', { clinicId });
  await reports.add('weekly', { organizationId });
  await reports.add('rebuild-index', {});
}

new Worker('reports', async (job) => {
  await prisma.visit.findMany({ where: { clinicId: job.data.clinicId } });
  await prisma.document.findMany({ where: { organizationId: job.data.organizationId } });
  await tenantDb(job.data.clinicId).invoice.findMany();
});

export async function nightly(payload: { clinicId: string }) {
  await prisma.visit.deleteMany({ where: { clinicId: payload.clinicId } });
}
`;

const SETTINGS: Record<string, Record<string, unknown> | undefined> = {
  'src/defaults/jobs/a.ts': undefined,
  'src/clinic/jobs/b.ts': { tenantKeys: ['clinicId'], tenantAgnosticJobs: ['rebuild-index'] },
  'src/strict/services/c.ts': { tenantKeys: ['clinicId', 'organizationId'], jobFiles: [], scopedClients: ['tenantDb'] },
};
const FILES = Object.keys(SETTINGS);

/** One flat config array with each file's settings in its own block, as a monorepo would have. */
function configs(settings = SETTINGS): Linter.Config[] {
  return [
    { files: ['**/*.ts'], languageOptions: { parser } },
    plugin.configs.recommended,
    ...Object.entries(settings)
      .filter(([, value]) => value !== undefined)
      .map(([file, value]) => ({ files: [file], settings: { 'tenant-jobs': value } })),
  ];
}

const summary = (messages: Linter.LintMessage[]) => messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.messageId} ${m.message}`);

/** Each file linted alone, by a Linter of its own. */
const alone = Object.fromEntries(FILES.map((file) => [file, summary(new Linter({ configType: 'flat' }).verify(CODE, configs(), { filename: file }))]));

describe('files with different settings in one process', () => {
  it('differ from each other (so a leak would show)', () => {
    const distinct = new Set(FILES.map((file) => JSON.stringify(alone[file])));
    expect(distinct.size).toBe(FILES.length);
    for (const file of FILES) expect(alone[file]!.length, file).toBeGreaterThan(0);
  });

  const orders: [string, string[]][] = [
    ['in order', FILES],
    ['in reverse order', [...FILES].reverse()],
    ['interleaved, each twice', [FILES[0]!, FILES[1]!, FILES[0]!, FILES[2]!, FILES[1]!, FILES[2]!]],
  ];

  it.each(orders)('give what they give alone, linted %s by one Linter', (_, order) => {
    const linter = new Linter({ configType: 'flat' });
    const config = configs();
    for (const file of order) expect(summary(linter.verify(CODE, config, { filename: file })), file).toEqual(alone[file]);
  });

  it('give what they give alone when each lint gets a fresh copy of the same settings', () => {
    // Settings are remembered per settings object; equal copies must resolve the same.
    const linter = new Linter({ configType: 'flat' });
    for (const file of [...FILES, ...[...FILES].reverse()]) {
      expect(summary(linter.verify(CODE, configs(structuredClone(SETTINGS)), { filename: file })), file).toEqual(alone[file]);
    }
  });

  it('give what they give alone through the ESLint class (lintText), in both orders', async () => {
    for (const order of [FILES, [...FILES].reverse()]) {
      const eslint = new ESLint({ cwd: process.cwd(), overrideConfigFile: true, overrideConfig: configs() });
      for (const file of order) {
        const [result] = await eslint.lintText(CODE, { filePath: file });
        expect(summary(result!.messages), file).toEqual(alone[file]);
      }
    }
  });

  it('are not changed by a file with invalid settings linted in between', () => {
    const linter = new Linter({ configType: 'flat' });
    const config = configs({ ...SETTINGS, 'src/broken/jobs/d.ts': { tenantKeys: 'clinicId' } });
    for (const file of [FILES[0]!, 'src/broken/jobs/d.ts', FILES[1]!, 'src/broken/jobs/d.ts', FILES[2]!]) {
      if (file.includes('broken')) expect(() => linter.verify(CODE, config, { filename: file })).toThrow(/settings\['tenant-jobs'\]\.tenantKeys/);
      else expect(summary(linter.verify(CODE, config, { filename: file })), file).toEqual(alone[file]);
    }
  });
});
