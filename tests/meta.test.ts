/**
 * Meta-tests: the plugin holds together. Every rule has its file, tests, docs page, README row and
 * config entries; its metadata follows the house style; its option schema accepts the options the
 * configs pass; the plugin object matches package.json; the shared settings' JSON schema and
 * validator agree.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index';
import { rules } from '../src/rules';
import { REPOSITORY_URL } from '../src/util/create-rule';
import { resolveSettings, settingsSchema, TenantJobsSettingsError, validateSettings } from '../src/util/settings';

const ROOT = path.resolve(__dirname, '..');
const NAMESPACE = 'tenant-jobs';
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');
const exists = (file: string): boolean => fs.existsSync(path.join(ROOT, file));
const packageJson = JSON.parse(read('package.json')) as { name: string; version: string };

// ---------------------------------------------------------------------------------------------
// Ajv 6, as ESLint validates rule options with it: the copy ESLint itself resolves, set up the way
// ESLint sets it up (draft-04 meta-schema, `useDefaults`, schema arrays wrapped in an array schema).

interface ValidateFunction {
  (data: unknown): boolean;
  errors?: unknown[] | null;
}
interface AjvInstance {
  compile(schema: object): ValidateFunction;
  validateSchema(schema: object): boolean;
  addMetaSchema(schema: object): void;
  errorsText(errors?: unknown[] | null): string;
  errors?: unknown[] | null;
  _opts: { defaultMeta?: string };
}
type AjvConstructor = new (options: Record<string, unknown>) => AjvInstance;

const requireFromEslint = createRequire(require.resolve('eslint'));
const Ajv = requireFromEslint('ajv') as AjvConstructor;
const ajvVersion = (requireFromEslint('ajv/package.json') as { version: string }).version;

function eslintAjv(): AjvInstance {
  const metaSchema = requireFromEslint('ajv/lib/refs/json-schema-draft-04.json') as { id: string };
  const ajv = new Ajv({ meta: false, useDefaults: true, validateSchema: false, missingRefs: 'ignore', verbose: true, schemaId: 'auto' });
  ajv.addMetaSchema(metaSchema);
  ajv._opts.defaultMeta = metaSchema.id;
  return ajv;
}

/** ESLint's own treatment of `meta.schema`: an array is the schema of the options array, item by item. */
function optionsSchema(schema: unknown): object {
  if (Array.isArray(schema)) {
    return schema.length === 0
      ? { type: 'array', minItems: 0, maxItems: 0 }
      : { type: 'array', items: schema, minItems: 0, maxItems: schema.length };
  }
  return schema as object;
}

/** Validates a rule's options (deep-copied: `useDefaults` fills them in) and returns ajv's errors, or `''`. */
function optionErrors(schema: unknown, options: readonly unknown[]): string {
  const ajv = eslintAjv();
  const validate = ajv.compile(optionsSchema(schema));
  return validate(structuredClone(options)) ? '' : ajv.errorsText(validate.errors);
}

/** Every object schema inside a schema, with where it is. */
function objectSchemas(schema: unknown, at = 'schema'): { at: string; schema: Record<string, unknown> }[] {
  if (Array.isArray(schema)) return schema.flatMap((item, index) => objectSchemas(item, `${at}[${index}]`));
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Record<string, unknown>;
  const found = node.type === 'object' || node.properties ? [{ at, schema: node }] : [];
  const children = [
    ...Object.entries((node.properties as Record<string, unknown> | undefined) ?? {}).map(([key, value]) => [`${at}.properties.${key}`, value] as const),
    ...(['items', 'oneOf', 'anyOf', 'allOf'] as const).filter((key) => node[key] !== undefined).map((key) => [`${at}.${key}`, node[key]] as const),
  ];
  return [...found, ...children.flatMap(([where, child]) => objectSchemas(child, where))];
}

// ---------------------------------------------------------------------------------------------

const ruleNames = Object.keys(rules);
type AnyRule = (typeof rules)[keyof typeof rules];
const ruleOf = (name: string): AnyRule => rules[name as keyof typeof rules];

/** The `tenant-jobs/<rule>` entries a config level must have, derived here from each rule's `meta.docs`. */
function expectedEntries(level: 'recommended' | 'strict'): Record<string, unknown> {
  const entries: Record<string, unknown> = {};
  for (const name of ruleNames) {
    const docs = ruleOf(name).meta.docs;
    if (!docs?.recommended || (level === 'recommended' && docs.recommended !== 'recommended')) continue;
    const strictOptions = docs.strictOptions;
    entries[`${NAMESPACE}/${name}`] = level === 'strict' && strictOptions ? ['error', ...strictOptions] : 'error';
  }
  return entries;
}

/** Rows of the README's generated rules table. */
function readmeRuleRows(): string[] {
  const readme = read('README.md');
  const begin = readme.indexOf('<!-- begin auto-generated rules list -->');
  const end = readme.indexOf('<!-- end auto-generated rules list -->');
  if (begin < 0 || end < begin) return [];
  return readme
    .slice(begin, end)
    .split('\n')
    .filter((line) => line.startsWith('|'));
}

describe('rules registry', () => {
  it('has at least one rule, listed alphabetically', () => {
    expect(ruleNames.length).toBeGreaterThan(0);
    expect(ruleNames).toEqual([...ruleNames].sort());
  });

  it('lists every rule module of src/rules/', () => {
    const files = fs
      .readdirSync(path.join(ROOT, 'src', 'rules'))
      .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(files).toEqual([...ruleNames].sort());
  });

  it('is what the plugin exports', () => {
    expect(Object.keys(plugin.rules).sort()).toEqual([...ruleNames].sort());
    for (const name of ruleNames) expect(plugin.rules[name as keyof typeof plugin.rules]).toBe(ruleOf(name));
  });
});

describe.each(ruleNames)('rule %s', (name) => {
  const rule = ruleOf(name);
  const { meta } = rule;
  const docs: Partial<NonNullable<typeof meta.docs>> = meta.docs ?? {};
  const defaultOptions: readonly unknown[] = rule.defaultOptions ?? [];

  it('is named in kebab-case after its file', () => {
    expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(exists(`src/rules/${name}.ts`), `src/rules/${name}.ts`).toBe(true);
    expect((rule as { name?: string }).name).toBe(name);
  });

  it('has tests under tests/rules/', () => {
    const file = `tests/rules/${name}.test.ts`;
    const folder = path.join(ROOT, 'tests', 'rules', name);
    const inFolder = fs.existsSync(folder) && fs.statSync(folder).isDirectory()
      ? fs.readdirSync(folder, { recursive: true }).map(String).filter((f) => f.endsWith('.test.ts'))
      : [];
    expect(exists(file) || inFolder.length > 0, `expected ${file} or test files in tests/rules/${name}/`).toBe(true);
  });

  it('has a docs page and a row in the README rules table', () => {
    expect(exists(`docs/rules/${name}.md`), `docs/rules/${name}.md`).toBe(true);
    const rows = readmeRuleRows().filter((row) => row.includes(`[${name}](docs/rules/${name}.md)`));
    expect(rows, `a row for ${name} between the README's auto-generated rules list markers (run \`npm run docs\`)`).toHaveLength(1);
  });

  it('links its docs page from meta.docs.url', () => {
    expect(docs.url).toBe(`${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`);
    expect(docs.url?.endsWith(`docs/rules/${name}.md`)).toBe(true);
  });

  it('describes itself as "Require …" or "Disallow …" with no trailing period', () => {
    expect(docs.description).toMatch(/^(Require|Disallow) \S/);
    expect(docs.description).not.toMatch(/[.\s]$/);
  });

  it('sets meta.type and meta.docs.recommended', () => {
    expect(['problem', 'suggestion', 'layout']).toContain(meta.type);
    expect(['recommended', 'strict']).toContain(docs.recommended);
  });

  it('declares its default options once, in the same shape in meta and on the rule', () => {
    // A rule with no options has none to declare (eslint-plugin/require-meta-default-options).
    const declared = (meta as { defaultOptions?: unknown }).defaultOptions;
    if (Array.isArray(meta.schema) && meta.schema.length === 0) {
      expect(declared).toBeUndefined();
      expect(defaultOptions).toEqual([]);
    } else {
      expect(declared).toEqual(defaultOptions);
    }
  });

  it('has a schema with closed objects and a description on every property', () => {
    expect(meta.schema).toBeDefined();
    for (const { at, schema } of objectSchemas(meta.schema)) {
      expect(schema.additionalProperties, `${at}.additionalProperties`).toBe(false);
      for (const [key, property] of Object.entries((schema.properties as Record<string, { description?: string }>) ?? {})) {
        expect(property.description, `${at}.properties.${key}.description`).toEqual(expect.any(String));
      }
    }
  });

  it(`has a schema that ajv ${ajvVersion} (ESLint's) accepts its default options with`, () => {
    expect(ajvVersion).toMatch(/^6\./);
    expect(optionErrors(meta.schema, defaultOptions)).toBe('');
  });

  it('has a schema that accepts its strict options and rejects an unknown option', () => {
    const strictOptions = docs.strictOptions ?? [];
    expect(optionErrors(meta.schema, strictOptions)).toBe('');
    if (objectSchemas(meta.schema).length > 0) {
      expect(optionErrors(meta.schema, [{ notAnOption: true }])).not.toBe('');
    }
  });

  it('is in the configs its meta.docs.recommended names', () => {
    const id = `${NAMESPACE}/${name}`;
    expect(id in plugin.configs.strict.rules).toBe(true);
    expect(id in plugin.configs['legacy-strict'].rules).toBe(true);
    const inRecommended = docs.recommended === 'recommended';
    expect(id in plugin.configs.recommended.rules).toBe(inRecommended);
    expect(id in plugin.configs['legacy-recommended'].rules).toBe(inRecommended);
  });
});

describe('plugin object', () => {
  it('has meta.name and meta.version of package.json', () => {
    expect(plugin.meta.name).toBe(packageJson.name);
    expect(plugin.meta.version).toBe(packageJson.version);
    expect(plugin.meta.namespace).toBe(NAMESPACE);
  });

  it('has exactly the four configs', () => {
    expect(Object.keys(plugin.configs).sort()).toEqual(['legacy-recommended', 'legacy-strict', 'recommended', 'strict']);
  });

  it.each(['recommended', 'strict'] as const)('has a flat config %s', (level) => {
    const config = plugin.configs[level];
    expect(Object.keys(config).sort()).toEqual(['name', 'plugins', 'rules']);
    expect(config.name).toBe(`${NAMESPACE}/${level}`);
    expect(Object.keys(config.plugins)).toEqual([NAMESPACE]);
    expect(config.plugins[NAMESPACE]).toBe(plugin);
    expect(config.rules).toEqual(expectedEntries(level));
  });

  it.each(['recommended', 'strict'] as const)('has a legacy config legacy-%s with the same rules', (level) => {
    const config = plugin.configs[`legacy-${level}`];
    // eslintrc rejects keys it does not know (a flat config's `name`, for one).
    expect(Object.keys(config).sort()).toEqual(['plugins', 'rules']);
    expect(config.plugins).toEqual([NAMESPACE]);
    expect(config.rules).toEqual(plugin.configs[level].rules);
  });

  it('has a strict config that includes every rule of recommended', () => {
    const strict = plugin.configs.strict.rules;
    for (const id of Object.keys(plugin.configs.recommended.rules)) expect(strict, id).toHaveProperty([id]);
    for (const id of Object.keys(plugin.configs['legacy-recommended'].rules)) expect(plugin.configs['legacy-strict'].rules, id).toHaveProperty([id]);
  });

  it.each(['recommended', 'strict'] as const)('has a %s config whose options ESLint accepts', (level) => {
    for (const [id, entry] of Object.entries(plugin.configs[level].rules)) {
      const [severity, ...options] = Array.isArray(entry) ? entry : [entry];
      expect(severity, id).toBe('error');
      const name = id.slice(NAMESPACE.length + 1);
      expect(optionErrors(ruleOf(name).meta.schema, options), id).toBe('');
    }
    // ESLint validates every rule entry when it loads a config: this must not throw.
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as unknown as Linter.Parser } }, plugin.configs[level]];
    expect(linter.verify('export const answer = 42;\n', config, { filename: 'file.ts' })).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

const settingKeys = Object.keys(settingsSchema.properties) as (keyof typeof settingsSchema.properties)[];

/** A value of the wrong type (or a blank name, a bad path) for each key; the validator must reject it naming the key, and the schema too. */
const WRONG_TYPES: Record<(typeof settingKeys)[number], unknown[]> = {
  tenantKeys: ['organizationId', [], [42], [' ']],
  tenantModels: ['organization', [{ name: 'organization' }], ['\t']],
  globalModels: [{ plan: true }, [null]],
  jobFiles: ['**/jobs/**', [true]],
  enqueueFunctions: [
    { name: 'enqueue', payloadArg: 0 },
    ['enqueue'],
    [{ name: 'enqueue', payloadArg: '0' }],
    [{ name: 'enqueue' }],
    [{ name: ' ', payloadArg: 0 }],
    [{ name: 'enqueue', payloadArg: 0, payloadPath: 'a-b' }],
  ],
  handlerFunctions: ['registerJob', [{ name: 'registerJob', handlerArg: 1.5, payloadParam: 0 }]],
  scopedClients: [42, ['']],
  tenantAgnosticJobs: ['maintenance', [7]],
  schema: [42, 'prisma/schema.prisma', [false], ['  ']],
};

describe('shared settings', () => {
  const schemaAjv = new Ajv({ allErrors: true });
  const validateBySchema = schemaAjv.compile(settingsSchema);
  const defaults = resolveSettings(undefined);
  const defaultValues = Object.fromEntries(settingKeys.map((key) => [key, defaults[key]]));

  it('has a valid JSON schema with a description on every key', () => {
    expect(schemaAjv.validateSchema(settingsSchema), schemaAjv.errorsText(schemaAjv.errors)).toBe(true);
    for (const key of settingKeys) expect(settingsSchema.properties[key].description, key).toEqual(expect.any(String));
  });

  it('resolves every key of the schema to a default', () => {
    for (const key of settingKeys) expect(defaults[key], key).toBeDefined();
  });

  it('has a schema that accepts the default values, and no settings at all', () => {
    expect(validateBySchema(structuredClone(defaultValues)), schemaAjv.errorsText(validateBySchema.errors)).toBe(true);
    expect(validateBySchema({})).toBe(true);
  });

  it('has a validator that accepts the default values', () => {
    expect(() => validateSettings(structuredClone(defaultValues))).not.toThrow();
    expect(validateSettings(undefined)).toEqual({});
  });

  it('covers every key with a wrong-type case here', () => {
    expect(Object.keys(WRONG_TYPES).sort()).toEqual([...settingKeys].sort());
  });

  describe.each(settingKeys)('settings[\'tenant-jobs\'].%s', (key) => {
    it.each(WRONG_TYPES[key].map((value) => [JSON.stringify(value), value]))('rejects %s, naming the key', (_, value) => {
      const raw = { [key]: value };
      let error: unknown;
      try {
        validateSettings(raw);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(TenantJobsSettingsError);
      expect((error as Error).message).toContain(`settings['tenant-jobs'].${key}`);
      // The schema, which documents the settings, rejects it too.
      expect(validateBySchema(structuredClone(raw))).toBe(false);
    });
  });

  it('rejects an unknown key, in the validator and the schema', () => {
    expect(() => validateSettings({ tenantKey: ['orgId'] })).toThrow(/settings\['tenant-jobs'\] has an unknown key `tenantKey`/);
    expect(validateBySchema({ tenantKey: ['orgId'] })).toBe(false);
  });

  it('stops the lint with an error naming the setting', () => {
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser as unknown as Linter.Parser } },
      plugin.configs.recommended,
      { settings: { [NAMESPACE]: { tenantKeys: 'orgId' } } },
    ];
    expect(() => linter.verify('export const answer = 42;\n', config, { filename: 'file.ts' })).toThrow(
      /settings\['tenant-jobs'\]\.tenantKeys/,
    );
  });

  it('are all documented in docs/settings.md', () => {
    const page = read('docs/settings.md');
    for (const key of settingKeys) expect(page, `a "### \`${key}\`" section`).toContain(`### \`${key}\``);
  });
});
