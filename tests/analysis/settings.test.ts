import { Linter } from 'eslint';
import parser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/plugin';
import { FoldedNameSet, foldModelName, foldName } from '../../src/util/names';
import picomatch from 'picomatch';
import * as path from 'node:path';
import { relativePathOf } from '../../src/analysis/engine';
import { isCronRoute } from '../../src/analysis/handlers';
import { DEFAULT_JOB_FILES, DEFAULT_TENANT_KEYS, globMatcher, resolveSettings, validateSettings } from '../../src/util/settings';

describe('name folding', () => {
  it.each([
    ['organizationId', 'organizationid'],
    ['organization_id', 'organizationid'],
    ['_organizationId', 'organizationid'],
    ['ORG_ID', 'orgid'],
    ['__tenant_Id', 'tenantid'],
  ])('folds %s to %s', (name, folded) => {
    expect(foldName(name)).toBe(folded);
  });

  it('drops a plural s from model names only', () => {
    expect(foldModelName('Organizations')).toBe('organization');
    expect(foldModelName('org_s')).toBe('org');
    expect(foldName('Organizations')).toBe('organizations');
    expect(foldModelName('s')).toBe('s');
  });
});

describe('FoldedNameSet', () => {
  // Every name built from these parts, against the set's own definition: the folded name is one of
  // the folded names. The set refuses most names by their last character without a look-up.
  const parts = ['', 'org', 'Org', 'ORG', 'organization', 'tenant', '_', '__', 'Id', 'ID', 'id', 'i', 's', 'S', 'es', 'x', 'İ', '\u212a', 'ñ', '$', '1'];
  const names = parts.flatMap((a) => parts.flatMap((b) => parts.map((c) => a + b + c)));

  it.each([
    ['tenant keys', ['organizationId', 'orgId', 'tenant_id', 'ıd'], foldName],
    ['model names', ['Organization', 'orgs', 'tenant', 'Team'], foldModelName],
    ['names ending past ASCII or in an underscore', ['orgñ', 'org_', 'x1', 'a$'], foldName],
    ['another folding', ['ORG', 'tenant'], (name: string) => name.toUpperCase()],
  ])('answers as folding and comparing would, for %s', (_label, listed, fold) => {
    const set = new FoldedNameSet(listed, fold);
    const folded = new Set(listed.map(fold));
    let kept = 0;
    for (const name of names) {
      const expected = folded.has(fold(name));
      expect(set.has(name), name).toBe(expected);
      // Asked again: the remembered answer.
      expect(set.has(name), name).toBe(expected);
      if (expected) kept++;
    }
    expect(kept).toBeGreaterThan(0);
  });
});

describe('resolveSettings', () => {
  it('gives the SPEC defaults', () => {
    const settings = resolveSettings(undefined);
    expect(settings.tenantKeys).toEqual(DEFAULT_TENANT_KEYS);
    expect(settings.tenantModels).toEqual(['organization', 'organisation', 'org', 'tenant', 'workspace', 'team', 'account']);
    expect(settings.globalModels).toEqual([]);
    expect(settings.schema).toBe('auto');
    expect(settings.enqueueFunctions).toEqual([]);
  });

  it('keeps answering by folding after it has been asked about many thousands of names', () => {
    const settings = resolveSettings({});
    // Answers are remembered by name as written, a bounded number of them: the names asked about
    // first are asked again after the memory has been cleared.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 10_000; i++) {
        expect(settings.isTenantKey(`field${i}`)).toBe(false);
        if (i % 1000 === 0) {
          expect(settings.isTenantKey('organization_id')).toBe(true);
          expect(settings.isTenantModel('Workspaces')).toBe(true);
        }
      }
    }
  });

  it('matches tenant keys and models after folding', () => {
    const settings = resolveSettings({});
    for (const name of ['organizationId', 'organization_id', '_organizationId', 'ORG_ID', 'organisationId', 'tenant_id', 'WorkspaceId', 'team_id', 'accountId']) {
      expect(settings.isTenantKey(name), name).toBe(true);
    }
    for (const name of ['userId', 'organization', 'id', 'projectId', 'orgIds']) {
      expect(settings.isTenantKey(name), name).toBe(false);
    }
    for (const name of ['organizations', 'Organization', 'orgs', 'tenant', 'Workspaces', 'team_s']) {
      expect(settings.isTenantModel(name), name).toBe(true);
    }
    expect(settings.isTenantModel('document')).toBe(false);
  });

  it('replaces defaults with the given lists', () => {
    const settings = resolveSettings({ tenantKeys: ['clinicId'], globalModels: ['Plan'], tenantAgnosticJobs: ['heartbeat'] });
    expect(settings.isTenantKey('clinic_id')).toBe(true);
    expect(settings.isTenantKey('organizationId')).toBe(false);
    expect(settings.isGlobalModel('plans')).toBe(true);
    expect(settings.isTenantAgnosticJob('heartbeat')).toBe(true);
    expect(settings.isTenantAgnosticJob('Heartbeat')).toBe(false);
  });

  it('matches jobFiles globs against relative paths, with either separator', () => {
    const settings = resolveSettings({});
    expect(settings.isJobFile('src/jobs/report.ts')).toBe(true);
    expect(settings.isJobFile('apps/web/app/api/cron/daily/route.ts')).toBe(true);
    expect(settings.isJobFile('src\\workers\\email.ts')).toBe(true);
    expect(settings.isJobFile('src/services/report.ts')).toBe(false);
    expect(resolveSettings({ jobFiles: [] }).isJobFile('src/jobs/a.ts')).toBe(false);
    expect(resolveSettings({ jobFiles: ['lib/tasks/*.ts'] }).isJobFile('lib/tasks/a.ts')).toBe(true);
  });

  it('gives the same answer when a path is asked about again, after it and after another', () => {
    const settings = resolveSettings({});
    const other = resolveSettings({ jobFiles: ['src/services/**'] });
    for (let round = 0; round < 2; round++) {
      expect(settings.isJobFile('src/jobs/report.ts')).toBe(true);
      expect(settings.isJobFile('src/jobs/report.ts')).toBe(true);
      expect(other.isJobFile('src/jobs/report.ts')).toBe(false);
      expect(settings.isJobFile('src/services/report.ts')).toBe(false);
      expect(other.isJobFile('src/services/report.ts')).toBe(true);
      expect(settings.isJobFile('src/services/report.ts')).toBe(false);
    }
  });

  it("answers as picomatch's own matcher does, for every kind of glob", () => {
    const globSets: string[][] = [
      [...DEFAULT_JOB_FILES],
      ['lib/tasks/*.ts', 'src/**/*.job.{ts,js}', '!src/jobs/legacy/**'],
      ['**/+(jobs|workers)/**', 'apps/*/src/queues/*.ts', '[abc]/x.ts', 'exact/path.ts'],
      ['**/*', '.hidden/**'],
      // Plain globs only: a path without any of their plain runs is answered before the expressions.
      ['**/.jobs/**', 'src/*-worker.ts', 'a/b.c/**', 'jobs'],
      // More than one joined expression's worth.
      [...Array.from({ length: 40 }, (_, i) => `src/area-${i}/**`), 'lib/tasks/*.ts'],
    ];
    const paths = [
      'src/jobs/report.ts',
      'src/jobs/legacy/old.ts',
      'lib/tasks/a.ts',
      'lib/tasks/nested/a.ts',
      'src/a/b.job.ts',
      'src/a/b.job.tsx',
      'a/x.ts',
      'd/x.ts',
      'exact/path.ts',
      'apps/web/src/queues/mail.ts',
      'apps/web/app/api/cron/daily/route.ts',
      'pages/api/cron/x.ts',
      '.hidden/jobs/a.ts',
      'src/.cache/workers/a.ts',
      'src/services/report.ts',
      'jobs',
      'jobs/a.ts',
      'src/area-3/a.ts',
      'src/area-39/x/y.ts',
      'src/area-40/a.ts',
      'x/.jobs/a.ts',
      'x/jobs/a.ts',
      'src/mail-worker.ts',
      'src/mail-worker.tsx',
      'src/worker.ts',
      'a/b.c/d.ts',
      'a/bxc/d.ts',
      '',
    ];
    for (const globs of globSets) {
      const expected = picomatch(globs, { dot: true });
      const actual = globMatcher(globs);
      for (const candidate of paths) expect([globs, candidate, actual(candidate)]).toEqual([globs, candidate, expected(candidate)]);
    }
    expect(globMatcher([])('src/jobs/a.ts')).toBe(false);
  });
});

describe('isCronRoute', () => {
  it.each([
    ['app/api/cron/route.ts', true],
    ['apps/web/app/api/cron/daily/route.ts', true],
    ['src/app/cron/route.mjs', true],
    ['app/(admin)/cron/sync/route.tsx', true],
    ['pages/api/cron/daily.ts', true],
    ['src/pages/api/v1/cron/daily.ts', true],
    ['app/api/cron/helpers.ts', false],
    ['app/api/cronjobs/route.ts', false],
    ['src/cron/route.ts', false],
    ['pages/cron/daily.ts', false],
    ['src/services/report.ts', false],
  ])('%s: %s', (relativePath, expected) => {
    expect(isCronRoute(relativePath)).toBe(expected);
  });
});

describe('validateSettings', () => {
  const bad: [string, unknown, RegExp][] = [
    ['the whole value', 'organizationId', /settings\['tenant-jobs'\] must be an object/],
    ['an unknown key', { tenantKey: ['x'] }, /unknown key `tenantKey`/],
    ['tenantKeys as a string', { tenantKeys: 'orgId' }, /settings\['tenant-jobs'\]\.tenantKeys must be an array/],
    ['an empty tenantKeys', { tenantKeys: [] }, /tenantKeys must list at least one/],
    ['a non-string tenant key', { tenantKeys: ['orgId', 3] }, /tenantKeys\[1\] must be a non-empty string/],
    ['an empty model name', { tenantModels: [''] }, /tenantModels\[0\] must be a non-empty string/],
    ['globalModels as an object', { globalModels: { plan: true } }, /globalModels must be an array/],
    ['a glob that is not a string', { jobFiles: [42] }, /jobFiles\[0\] must be a non-empty string/],
    ['scopedClients as a string', { scopedClients: 'forTenant' }, /scopedClients must be an array/],
    ['tenantAgnosticJobs with null', { tenantAgnosticJobs: [null] }, /tenantAgnosticJobs\[0\]/],
    ['enqueueFunctions as strings', { enqueueFunctions: ['enqueue'] }, /enqueueFunctions\[0\] must be an object/],
    ['enqueueFunctions without payloadArg', { enqueueFunctions: [{ name: 'enqueue' }] }, /enqueueFunctions\[0\]\.payloadArg is required/],
    ['a negative payloadArg', { enqueueFunctions: [{ name: 'e', payloadArg: -1 }] }, /payloadArg must be a whole number/],
    ['a bad payloadPath', { enqueueFunctions: [{ name: 'e', payloadArg: 0, payloadPath: 'a..b' }] }, /payloadPath must be a dot path/],
    ['an unknown enqueueFunctions key', { enqueueFunctions: [{ name: 'e', payloadArg: 0, arg: 1 }] }, /unknown key `arg`/],
    ['handlerFunctions without payloadParam', { handlerFunctions: [{ name: 'h', handlerArg: 1 }] }, /handlerFunctions\[0\]\.payloadParam is required/],
    ['schema as another string', { schema: 'prisma/schema.prisma' }, /schema must be "auto" or an array/],
    ['schema as a number', { schema: 1 }, /schema must be an array of file paths/],
  ];

  it.each(bad)('rejects %s, naming the key', (_label, value, message) => {
    expect(() => validateSettings(value)).toThrow(message);
  });

  it('accepts every key with a valid value', () => {
    expect(() =>
      validateSettings({
        tenantKeys: ['orgId'],
        tenantModels: [],
        globalModels: ['plan'],
        jobFiles: ['**/jobs/**'],
        enqueueFunctions: [{ name: 'jobs.triggerJob', payloadArg: 0, payloadPath: 'payload' }],
        handlerFunctions: [{ name: 'registerJob', handlerArg: 1, payloadParam: 0 }],
        scopedClients: ['forTenant'],
        tenantAgnosticJobs: ['heartbeat'],
        schema: ['prisma/schema.prisma'],
      }),
    ).not.toThrow();
    expect(validateSettings({ schema: 'auto' })).toEqual({ schema: 'auto' });
    expect(validateSettings(undefined)).toEqual({});
  });

  it('accepts a huge list', () => {
    const tenantKeys = Array.from({ length: 10_000 }, (_, i) => `key${i}Id`);
    expect(resolveSettings({ tenantKeys }).isTenantKey('key9999_id')).toBe(true);
  });
});

describe('a bad setting stops the lint', () => {
  it('with an error that names the setting, even in a file with no job code', () => {
    const linter = new Linter();
    const lint = () =>
      linter.verify(
        'export const x = 1;',
        [
          {
            files: ['**/*.ts'],
            languageOptions: { parser },
            ...plugin.configs.recommended,
            settings: { 'tenant-jobs': { tenantKeys: 'orgId' } },
          },
        ],
        'a.ts',
      );
    expect(lint).toThrow(/settings\['tenant-jobs'\]\.tenantKeys must be an array of tenant key names, got the string "orgId"/);
  });
});

describe('relativePathOf', () => {
  it("gives path.relative's answer, with / separators", () => {
    const cases: [string, string][] = [
      ['/repo', '/repo/src/jobs/a.ts'],
      ['/repo/', '/repo/src/a.ts'],
      ['/repo', '/repo/../other/a.ts'],
      ['/repo', '/repo/./src/a.ts'],
      ['/repo', '/repo//src/a.ts'],
      ['/repo/./x', '/repo/x/a.ts'],
      ['/repo', '/repository/a.ts'],
      ['/repo', '/elsewhere/a.ts'],
      ['/repo', '/repo'],
      ['/', '/a/b.ts'],
      ['/repo', '/repo/.hidden/a.ts'],
      ['/repo', '/repo/a..b/c.ts'],
      ['/repo', '/repo/src/..'],
      ['/repo', '/repo/src/...'],
      ['/repo', '/repo/src/.'],
      ['/repo', '/repo/src/'],
      ['/repo', '/repo/src/./'],
      ['/repo', '/repo/src/../'],
      ['/repo', '/repo/a/b\n/'],
      ['/repo', '/repo/.../a.ts'],
      ['/repo', 'relative/a.ts'],
    ];
    for (const [cwd, filename] of cases) {
      expect([cwd, filename, relativePathOf(cwd, filename)]).toEqual([cwd, filename, path.relative(cwd, filename).split(path.sep).join('/')]);
    }
  });
});
