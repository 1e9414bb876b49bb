/**
 * The engine's per-file analysis is cached on the parsed tree. A tree linted again under other
 * settings (Linter#verify accepts an already parsed SourceCode) must be analysed again, not answered
 * from the first settings.
 */
import * as tsParser from '@typescript-eslint/parser';
import { Linter, SourceCode } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/plugin';

const code = `import { Worker } from 'bullmq';
import { prisma } from '@/lib/prisma';
new Worker('reports', async (job) => {
  await prisma.document.findMany({ where: { companyId: job.data.companyId } });
});
`;

describe('the analysis cache', () => {
  it('analyses an already parsed file again under other settings', () => {
    const linter = new Linter();
    const config = (settings: Record<string, unknown>): Linter.Config[] => [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser as Linter.Parser } },
      plugin.configs.recommended as Linter.Config,
      { settings: { 'tenant-jobs': settings } },
    ];
    const first = linter.verify(code, config({}), 'src/workers/reports.ts');
    const sourceCode = linter.getSourceCode() as SourceCode;
    const again = linter.verify(sourceCode, config({ tenantKeys: ['companyId'] }), 'src/workers/reports.ts');
    const back = linter.verify(sourceCode, config({}), 'src/workers/reports.ts');
    // `companyId` is no tenant key by default: the filter does not scope the query. As a tenant
    // key it does, and Prisma drops it when the payload lacks it (no fatal check).
    expect(first.map((m) => m.messageId)).toEqual(['unscopedQuery']);
    expect(again.map((m) => m.messageId)).toEqual(['unguardedTenantFilter']);
    expect(back.map((m) => m.messageId)).toEqual(['unscopedQuery']);
  });

  it('gates and analyses an already parsed file again under another name, with the same settings object', () => {
    const linter = new Linter();
    const config: Linter.Config[] = [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser as Linter.Parser } },
      plugin.configs.recommended as Linter.Config,
      { settings: { 'tenant-jobs': {} } },
    ];
    const helper = `export async function buildReport(payload: { organizationId: string }) {
  return prisma.document.findMany({});
}
`;
    // Under src/workers/ every exported function is a job handler (jobFiles); elsewhere the file
    // shows no job signal at all.
    const inJobs = linter.verify(helper, config, 'src/workers/report.ts');
    const sourceCode = linter.getSourceCode() as SourceCode;
    const elsewhere = linter.verify(sourceCode, config, 'src/lib/report.ts');
    const back = linter.verify(sourceCode, config, 'src/workers/report.ts');
    expect(inJobs.map((m) => m.messageId)).toEqual(['unscopedQuery']);
    expect(elsewhere).toEqual([]);
    expect(back.map((m) => m.messageId)).toEqual(['unscopedQuery']);
  });
});
