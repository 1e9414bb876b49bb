/**
 * A schema that cannot be read never stops the lint: the plugin warns once per process (a Node
 * warning with code TENANT_JOBS_SCHEMA, naming the file and line) and checks the queries as if the
 * project had no schema.
 */
import * as path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { afterEach, describe, expect, it, vi } from 'vitest';
import plugin from '../../../src/plugin';

const BROKEN = path.resolve(__dirname, '..', '..', 'fixtures', 'schema', 'prisma-broken');

const code = `import { Worker } from 'bullmq';
import { prisma } from '@/lib/prisma';
new Worker('sync-plans', async () => {
  await prisma.plan.findMany();
});
`;

function lint(filename: string) {
  return new Linter({ cwd: BROKEN }).verify(
    code,
    [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as Linter.Parser } }, plugin.configs.recommended as Linter.Config],
    filename,
  );
}

describe('a malformed schema', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives one warning naming the file, and the queries are checked as without a schema', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const first = lint(path.join(BROKEN, 'src', 'jobs', 'a.ts'));
    const second = lint(path.join(BROKEN, 'src', 'jobs', 'b.ts'));
    for (const messages of [first, second]) {
      expect(messages.filter((message) => message.fatal)).toEqual([]);
      expect(messages.map((message) => message.messageId)).toEqual(['unscopedQuery']);
    }
    const schemaWarnings = warn.mock.calls.filter((call) => (call[1] as { code?: string } | undefined)?.code === 'TENANT_JOBS_SCHEMA');
    expect(schemaWarnings).toHaveLength(1);
    expect(String(schemaWarnings[0]![0])).toMatch(/^tenant-jobs: cannot read the schema .*prisma-broken[\\/]prisma[\\/]schema\.prisma(:\d+)?: .+\. Its models are left out/);
  });
});
