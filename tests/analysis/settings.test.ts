import { Linter } from 'eslint';
import parser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/plugin';
import { foldModelName, foldName } from '../../src/util/names';
import { DEFAULT_TENANT_KEYS, resolveSettings, validateSettings } from '../../src/util/settings';

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

describe('resolveSettings', () => {
  it('gives the SPEC defaults', () => {
    const settings = resolveSettings(undefined);
    expect(settings.tenantKeys).toEqual(DEFAULT_TENANT_KEYS);
    expect(settings.tenantModels).toEqual(['organization', 'organisation', 'org', 'tenant', 'workspace', 'team', 'account']);
    expect(settings.globalModels).toEqual([]);
    expect(settings.schema).toBe('auto');
    expect(settings.enqueueFunctions).toEqual([]);
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
