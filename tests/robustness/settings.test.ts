/**
 * Bad settings: every key of `settings['tenant-jobs']` given a wrong type, an empty string, an
 * empty-string item, an empty array, a huge list (10,000 entries), and unknown keys. Each case is
 * linted by the real ESLint `Linter` with all three rules on a file full of job code, and must give
 * either a configuration error naming the setting (thrown before any rule looks at the code) or be
 * accepted, in which case the resolved setting is the given value, never the default in its place.
 * Which of the two, per key and per kind of bad value, is written down below.
 */
import parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/plugin';
import { resolveSettings, settingsSchema, type ResolvedSettings } from '../../src/util/settings';

type Key = keyof typeof settingsSchema.properties;
const KEYS = Object.keys(settingsSchema.properties) as Key[];

/** Job code of several systems and data layers, so every rule has something to look at. */
const CODE = `
import { Queue, Worker } from 'bullmq';
import { prisma } from '@/lib/prisma';
import { enqueue, registerJob } from '@/lib/jobs';

const reports = new Queue('reports');
await reports.add('daily', { organizationId, day });
await enqueue('sync', { orgId });

new Worker('reports', async (job) => {
  if (!job.data.organizationId) return;
  await prisma.document.findMany({ where: { organizationId: job.data.organizationId } });
  await prisma.invoice.deleteMany({ where: job.data.orgId ? { orgId: job.data.orgId } : {} });
});

registerJob('sync', async (payload) => {
  await prisma.account.findMany();
  await prisma.document.findMany({ where: { id: payload.id } });
});

export async function nightly(payload: { organizationId: string }) {
  await prisma.document.findMany();
}
`;

const SETTING = (key: string) => `settings['tenant-jobs'].${key}`;

type Outcome = { accepted: true } | { error: RegExp };

/** Lints CODE with the given `settings['tenant-jobs']`; the thrown error, or the messages. */
function lint(settings: unknown, filename = 'src/jobs/reports.ts'): { error?: Error; messages?: Linter.LintMessage[] } {
  const linter = new Linter({ configType: 'flat' });
  try {
    const messages = linter.verify(
      CODE,
      [{ files: ['**/*.ts'], languageOptions: { parser } }, plugin.configs.recommended, { settings: { 'tenant-jobs': settings } }],
      { filename },
    );
    return { messages };
  } catch (error) {
    return { error: error as Error };
  }
}

/** Asserts one outcome: a configuration error naming the setting, or acceptance with the value kept. */
function expectOutcome(key: Key, value: unknown, outcome: Outcome): void {
  const { error, messages } = lint({ [key]: value });
  if ('error' in outcome) {
    expect(error, `expected a configuration error for ${key} = ${JSON.stringify(value)?.slice(0, 80)}`).toBeInstanceOf(Error);
    // The plugin's own configuration error (ESLint prefixes "Error while loading rule …"), not a
    // TypeError from inside a rule.
    expect(error!.name, error!.stack).toBe('TenantJobsSettingsError');
    expect(error!.message).toContain('eslint-plugin-tenant-jobs: ');
    expect(error!.message).toContain(SETTING(key));
    expect(error!.message).toMatch(outcome.error);
    return;
  }
  expect(error, error?.stack).toBeUndefined();
  expect(messages!.filter((message) => message.fatal)).toEqual([]);
  // Accepted means kept: the resolved setting is the given value, not the default.
  const resolved = resolveSettings({ [key]: value })[key as keyof ResolvedSettings];
  expect(resolved).toEqual(value);
}

const NOT_A_LIST = /must be (an array|"auto" or an array)/;

/** Wrong types: every key is a list (or "auto"), so each of these is refused. */
const WRONG_TYPES: unknown[] = [42, true, { organizationId: true }, null, 'orgId'];

/** A valid entry of each list, to build huge lists and lists with one bad item. */
const ENTRY: Record<Key, (i: number) => unknown> = {
  tenantKeys: (i) => `tenant${i}Id`,
  tenantModels: (i) => `tenant${i}`,
  globalModels: (i) => `plan${i}`,
  jobFiles: (i) => `**/jobs-${i}/**`,
  enqueueFunctions: (i) => ({ name: `queue${i}.push`, payloadArg: i % 3, ...(i % 2 ? { payloadPath: 'payload' } : {}) }),
  handlerFunctions: (i) => ({ name: `register${i}`, handlerArg: 1, payloadParam: 0 }),
  scopedClients: (i) => `forTenant${i}`,
  tenantAgnosticJobs: (i) => (i % 2 ? `job-${i}` : `cron/${i}/*`),
  schema: (i) => `prisma/schema-${i}.prisma`,
};

/** Per key: what an empty string, an empty-string item and an empty array give. */
const EXPECTED: Record<Key, { emptyString: Outcome; emptyItem: Outcome; emptyArray: Outcome }> = {
  tenantKeys: {
    emptyString: { error: NOT_A_LIST },
    emptyItem: { error: /tenantKeys\[0\] must be a non-empty string/ },
    // With no tenant key nothing could ever be scoped: refused, not read as "the defaults".
    emptyArray: { error: /must list at least one/ },
  },
  tenantModels: {
    emptyString: { error: NOT_A_LIST },
    emptyItem: { error: /tenantModels\[0\] must be a non-empty string/ },
    // No tenant root model: every model is checked.
    emptyArray: { accepted: true },
  },
  globalModels: { emptyString: { error: NOT_A_LIST }, emptyItem: { error: /globalModels\[0\]/ }, emptyArray: { accepted: true } },
  jobFiles: {
    emptyString: { error: NOT_A_LIST },
    emptyItem: { error: /jobFiles\[0\] must be a non-empty string/ },
    // No job files: only registered handlers are handlers.
    emptyArray: { accepted: true },
  },
  enqueueFunctions: {
    emptyString: { error: NOT_A_LIST },
    emptyItem: { error: /enqueueFunctions\[0\] must be an object/ },
    emptyArray: { accepted: true },
  },
  handlerFunctions: {
    emptyString: { error: NOT_A_LIST },
    emptyItem: { error: /handlerFunctions\[0\] must be an object/ },
    emptyArray: { accepted: true },
  },
  scopedClients: { emptyString: { error: NOT_A_LIST }, emptyItem: { error: /scopedClients\[0\]/ }, emptyArray: { accepted: true } },
  tenantAgnosticJobs: { emptyString: { error: NOT_A_LIST }, emptyItem: { error: /tenantAgnosticJobs\[0\]/ }, emptyArray: { accepted: true } },
  schema: {
    // Only "auto" is a valid string.
    emptyString: { error: /must be "auto" or an array of file paths/ },
    emptyItem: { error: /schema\[0\] must be a non-empty string/ },
    // No schema files: the rules work without a schema (not "auto", which would look for one).
    emptyArray: { accepted: true },
  },
};

describe('bad settings: a configuration error naming the setting, or accepted as given', () => {
  it('covers every key of the settings schema', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...KEYS].sort());
    expect(Object.keys(ENTRY).sort()).toEqual([...KEYS].sort());
  });

  it('lints the job code with the default settings (the baseline every case changes one key of)', () => {
    const { error, messages } = lint(undefined);
    expect(error).toBeUndefined();
    expect(messages!.length).toBeGreaterThan(0);
    expect(messages!.filter((message) => message.fatal)).toEqual([]);
  });

  describe.each(KEYS)('%s', (key) => {
    it.each(WRONG_TYPES.map((value) => [JSON.stringify(value), value] as const))('refuses the wrong type %s', (_, value) => {
      // A string is the right type for `schema` only when it is "auto".
      expectOutcome(key, value, { error: key === 'schema' ? /must be ("auto" or )?an array/ : NOT_A_LIST });
    });

    it('refuses undefined given explicitly, naming it', () => {
      expectOutcome(key, undefined, { error: /got undefined\./ });
    });

    it('gives the documented outcome for an empty string', () => expectOutcome(key, '', EXPECTED[key].emptyString));
    it('gives the documented outcome for a list with an empty string', () => expectOutcome(key, [''], EXPECTED[key].emptyItem));
    it('gives the documented outcome for an empty list', () => expectOutcome(key, [], EXPECTED[key].emptyArray));

    it('refuses a list with one bad item among good ones, naming its index', () => {
      const list = [ENTRY[key](0), ENTRY[key](1), 7, ENTRY[key](3)];
      expectOutcome(key, list, { error: new RegExp(`${key}\\[2\\]`) });
    });

    it('accepts a list of 10,000 entries and lints with it', () => {
      const huge = Array.from({ length: 10_000 }, (_, i) => ENTRY[key](i));
      expectOutcome(key, huge, { accepted: true });
    });
  });

  describe('entries of enqueueFunctions and handlerFunctions', () => {
    const enqueue = { name: 'enqueue', payloadArg: 1 };
    const handler = { name: 'registerJob', handlerArg: 1, payloadParam: 0 };
    it.each([
      ['a name that is not a string', 'enqueueFunctions', [{ ...enqueue, name: 3 }], /enqueueFunctions\[0\]\.name must be a non-empty string/],
      ['an empty name', 'enqueueFunctions', [{ ...enqueue, name: '' }], /enqueueFunctions\[0\]\.name must be a non-empty string/],
      ['a blank name', 'handlerFunctions', [{ ...handler, name: '   ' }], /handlerFunctions\[0\]\.name must be a non-empty string/],
      ['a negative index', 'enqueueFunctions', [{ ...enqueue, payloadArg: -1 }], /enqueueFunctions\[0\]\.payloadArg must be a whole number/],
      ['a fractional index', 'handlerFunctions', [{ ...handler, handlerArg: 0.5 }], /handlerFunctions\[0\]\.handlerArg must be a whole number/],
      ['an index as a string', 'handlerFunctions', [{ ...handler, payloadParam: '0' }], /handlerFunctions\[0\]\.payloadParam must be a whole number/],
      ['NaN', 'enqueueFunctions', [{ ...enqueue, payloadArg: Number.NaN }], /payloadArg must be a whole number/],
      ['Infinity', 'enqueueFunctions', [{ ...enqueue, payloadArg: Number.POSITIVE_INFINITY }], /payloadArg must be a whole number/],
      ['an empty payloadPath', 'enqueueFunctions', [{ ...enqueue, payloadPath: '' }], /payloadPath must be a dot path/],
      ['a payloadPath with an empty step', 'enqueueFunctions', [{ ...enqueue, payloadPath: 'a..b' }], /payloadPath must be a dot path/],
      ['a missing required key', 'handlerFunctions', [{ name: 'registerJob', handlerArg: 1 }], /handlerFunctions\[0\]\.payloadParam is required/],
      ['an unknown key', 'enqueueFunctions', [{ ...enqueue, payloadArgument: 1 }], /enqueueFunctions\[0\] has an unknown key `payloadArgument`/],
      ['an array entry', 'handlerFunctions', [['registerJob', 1, 0]], /handlerFunctions\[0\] must be an object/],
    ] as const)('refuses %s', (_, key, value, message) => {
      expectOutcome(key, value, { error: message });
    });

    it('accepts an index far beyond any call’s arguments (the argument is then absent, not a crash)', () => {
      expectOutcome('enqueueFunctions', [{ name: 'enqueue', payloadArg: 10_000 }], { accepted: true });
      expectOutcome('handlerFunctions', [{ name: 'registerJob', handlerArg: 10_000, payloadParam: 10_000 }], { accepted: true });
    });
  });

  describe('the settings object itself', () => {
    it.each([
      ['an unknown key', { tenantKey: ['orgId'] }, /settings\['tenant-jobs'\] has an unknown key `tenantKey`/],
      ['an unknown key next to valid ones', { tenantKeys: ['orgId'], jobFile: ['**/jobs/**'] }, /unknown key `jobFile`/],
      ['an empty-string key', { '': [] }, /unknown key ``/],
      ['a string', 'organizationId', /settings\['tenant-jobs'\] must be an object, got the string "organizationId"/],
      ['a number', 42, /settings\['tenant-jobs'\] must be an object, got number 42/],
      ['an array', [{ tenantKeys: ['orgId'] }], /settings\['tenant-jobs'\] must be an object, got an array/],
      ['an empty string', '', /settings\['tenant-jobs'\] must be an object, got the string ""/],
    ])('refuses %s', (_, settings, message) => {
      const { error } = lint(settings);
      expect(error).toBeInstanceOf(Error);
      expect(error!.name, error!.stack).toBe('TenantJobsSettingsError');
      expect(error!.message).toMatch(message);
    });

    it('reads null and {} as no settings: the defaults, by decision (a config that sets nothing)', () => {
      for (const settings of [null, {}]) {
        const { error, messages } = lint(settings);
        expect(error).toBeUndefined();
        expect(messages).toEqual(lint(undefined).messages);
      }
    });

    it('refuses the bad setting in a file with no job code too (the error does not depend on the file)', () => {
      const linter = new Linter({ configType: 'flat' });
      const verify = () =>
        linter.verify('export const answer = 42;\n', [{ files: ['**/*.ts'], languageOptions: { parser } }, plugin.configs.recommended, { settings: { 'tenant-jobs': { jobFiles: 7 } } }], {
          filename: 'src/util/answer.ts',
        });
      expect(verify).toThrow(/settings\['tenant-jobs'\]\.jobFiles must be an array/);
    });
  });
});
