import picomatch from 'picomatch';
import { FoldedNameSet, foldModelName } from './names';
import { escapeRegExp } from './regexp';

/** A project's own enqueue wrapper: `jobs.triggerJob({ name, payload })`, `tasker.create(type, payload)`. */
export interface EnqueueFunctionSetting {
  /** Callee: `enqueue` (a plain call), `jobs.triggerJob` (that member path), `*.dispatch` (any receiver). */
  name: string;
  /** Index of the argument that holds the payload. */
  payloadArg: number;
  /** Dot path inside that argument to the payload, when the argument is an options object (`payload`). */
  payloadPath?: string;
}

/** A project's own handler registration: `registerJob('name', async (payload) => …)`. */
export interface HandlerFunctionSetting {
  /** Callee, matched as for {@link EnqueueFunctionSetting.name}. */
  name: string;
  /** Index of the argument that is the handler function. */
  handlerArg: number;
  /** Index of the handler's parameter that holds the payload. */
  payloadParam: number;
}

/** `settings['tenant-jobs']` as users write it (every key optional). */
export interface TenantJobsSettingsInput {
  tenantKeys?: string[];
  tenantModels?: string[];
  globalModels?: string[];
  jobFiles?: string[];
  enqueueFunctions?: EnqueueFunctionSetting[];
  handlerFunctions?: HandlerFunctionSetting[];
  scopedClients?: string[];
  tenantAgnosticJobs?: string[];
  schema?: 'auto' | string[];
}

/** Settings resolved with their defaults, plus the matchers derived from them. */
export interface ResolvedSettings {
  readonly tenantKeys: readonly string[];
  readonly tenantModels: readonly string[];
  readonly globalModels: readonly string[];
  readonly jobFiles: readonly string[];
  readonly enqueueFunctions: readonly EnqueueFunctionSetting[];
  readonly handlerFunctions: readonly HandlerFunctionSetting[];
  readonly scopedClients: readonly string[];
  readonly tenantAgnosticJobs: readonly string[];
  readonly schema: 'auto' | readonly string[];
  /** Whether a property or variable name is a tenant key. */
  isTenantKey(name: string): boolean;
  /** Whether a model, table or variable name is a tenant root model. */
  isTenantModel(name: string): boolean;
  /** Whether a model or table holds no tenant data. */
  isGlobalModel(name: string): boolean;
  /** Whether a job (queue/job name, event name, task id) carries no tenant by design. */
  isTenantAgnosticJob(name: string): boolean;
  /** Whether a path relative to ESLint's working directory is a job file. */
  isJobFile(relativePath: string): boolean;
}

export const DEFAULT_TENANT_KEYS: readonly string[] = [
  'organizationId',
  'organisationId',
  'orgId',
  'tenantId',
  'workspaceId',
  'teamId',
  'accountId',
];
// `organisation` too, as `organisationId` is a default tenant key: the British spelling of the model
// (documenso's `Organisation`) is the tenant root of the projects that spell the key that way.
export const DEFAULT_TENANT_MODELS: readonly string[] = ['organization', 'organisation', 'org', 'tenant', 'workspace', 'team', 'account'];
export const DEFAULT_JOB_FILES: readonly string[] = [
  '**/jobs/**',
  '**/workers/**',
  '**/queues/**',
  '**/trigger/**',
  '**/inngest/**',
  '**/app/api/cron/**',
  '**/pages/api/cron/**',
];

/** A string with something other than white space in it, as the validator requires. */
const NON_BLANK = '\\S';
/** A dot path of property names (`payload`, `data.body`). */
const DOT_PATH = '^[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*$';

const stringList = (description: string) =>
  ({
    type: 'array',
    description,
    items: { type: 'string', minLength: 1, pattern: NON_BLANK },
  }) as const;

const CALLEE_DESCRIPTION =
  'Callee: `enqueue` matches a plain call, `jobs.triggerJob` that member path on any object ending in it, `*.dispatch` the method on any receiver.';

/** JSON schema of `settings['tenant-jobs']`, for docs and editors. The validator below follows it. */
export const settingsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    tenantKeys: { ...stringList('Names of the tenant id, matched folding case and `_`.'), minItems: 1 },
    tenantModels: stringList('Tenant root models/tables, matched folding case, `_` and a plural `s`.'),
    globalModels: stringList('Models/tables that hold no tenant data.'),
    jobFiles: stringList("Globs (relative to ESLint's working directory) of files whose exported functions are job handlers."),
    enqueueFunctions: {
      type: 'array',
      description: "The project's own enqueue wrappers.",
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'payloadArg'],
        properties: {
          name: { type: 'string', minLength: 1, pattern: NON_BLANK, description: CALLEE_DESCRIPTION },
          payloadArg: { type: 'integer', minimum: 0, description: 'Index of the argument holding the payload.' },
          payloadPath: {
            type: 'string',
            minLength: 1,
            pattern: DOT_PATH,
            description: 'Dot path to the payload inside that argument (e.g. `payload`).',
          },
        },
      },
    },
    handlerFunctions: {
      type: 'array',
      description: "The project's own handler registrations.",
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'handlerArg', 'payloadParam'],
        properties: {
          name: { type: 'string', minLength: 1, pattern: NON_BLANK, description: CALLEE_DESCRIPTION },
          handlerArg: { type: 'integer', minimum: 0, description: 'Index of the argument that is the handler.' },
          payloadParam: { type: 'integer', minimum: 0, description: "Index of the handler's payload parameter." },
        },
      },
    },
    scopedClients: stringList('Functions or objects that already scope every query to one tenant.'),
    tenantAgnosticJobs: stringList(
      'Job names (queue/job name, event name, task id) that carry no tenant by design; a name with `*` is a glob (`**/api/cron/welcome-*`).',
    ),
    schema: {
      description: 'Where the project schema is: `"auto"` or a list of paths.',
      oneOf: [{ type: 'string', enum: ['auto'] }, stringList('Schema file paths.')],
    },
  },
} as const;

/** Thrown for an invalid `settings['tenant-jobs']`; ESLint shows the message and stops the lint. */
export class TenantJobsSettingsError extends Error {
  constructor(message: string) {
    super(`eslint-plugin-tenant-jobs: ${message}`);
    this.name = 'TenantJobsSettingsError';
  }
}

const SETTING = "settings['tenant-jobs']";

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readStringList(value: unknown, where: string, what: string, nonEmpty = false): string[] {
  if (!Array.isArray(value)) {
    throw new TenantJobsSettingsError(`${where} must be an array of ${what}, got ${describe(value)}.`);
  }
  if (nonEmpty && value.length === 0) {
    throw new TenantJobsSettingsError(`${where} must list at least one ${what.replace(/s$/, '')}.`);
  }
  value.forEach((item, index) => {
    if (typeof item !== 'string' || item.trim() === '') {
      throw new TenantJobsSettingsError(`${where}[${index}] must be a non-empty string (${what}), got ${describe(item)}.`);
    }
  });
  return value as string[];
}

function readIndex(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new TenantJobsSettingsError(`${where} must be a whole number from 0 (an argument index), got ${describe(value)}.`);
  }
  return value;
}

function readObjectList<T>(
  value: unknown,
  where: string,
  keys: Record<string, { required: boolean; read: (v: unknown, at: string) => unknown }>,
): T[] {
  if (!Array.isArray(value)) {
    throw new TenantJobsSettingsError(`${where} must be an array of objects, got ${describe(value)}.`);
  }
  return value.map((item, index) => {
    const at = `${where}[${index}]`;
    if (!isPlainObject(item)) {
      throw new TenantJobsSettingsError(`${at} must be an object with ${Object.keys(keys).join(', ')}, got ${describe(item)}.`);
    }
    for (const key of Object.keys(item)) {
      if (!(key in keys)) {
        throw new TenantJobsSettingsError(`${at} has an unknown key \`${key}\`; expected ${Object.keys(keys).join(', ')}.`);
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(keys)) {
      if (item[key] === undefined) {
        if (spec.required) throw new TenantJobsSettingsError(`${at}.${key} is required.`);
        continue;
      }
      out[key] = spec.read(item[key], `${at}.${key}`);
    }
    return out as T;
  });
}

const readName = (value: unknown, at: string): string => {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TenantJobsSettingsError(`${at} must be a non-empty string (a function or member path), got ${describe(value)}.`);
  }
  return value;
};

const readPath = (value: unknown, at: string): string => {
  if (typeof value !== 'string' || !/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(value)) {
    throw new TenantJobsSettingsError(`${at} must be a dot path of property names (e.g. "payload"), got ${describe(value)}.`);
  }
  return value;
};

function readGlobs(value: unknown, where: string): string[] {
  const globs = readStringList(value, where, 'glob strings');
  globs.forEach((glob, index) => {
    try {
      picomatch(glob);
    } catch (error) {
      throw new TenantJobsSettingsError(`${where}[${index}] is not a valid glob: ${(error as Error).message}`);
    }
  });
  return globs;
}

/** Validates raw settings; throws {@link TenantJobsSettingsError} naming the bad key. */
export function validateSettings(raw: unknown): TenantJobsSettingsInput {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) {
    throw new TenantJobsSettingsError(`${SETTING} must be an object, got ${describe(raw)}.`);
  }
  const known = Object.keys(settingsSchema.properties);
  const out: TenantJobsSettingsInput = {};
  for (const [key, value] of Object.entries(raw)) {
    const where = `${SETTING}.${key}`;
    switch (key) {
      case 'tenantKeys':
        out.tenantKeys = readStringList(value, where, 'tenant key names', true);
        break;
      case 'tenantModels':
      case 'globalModels':
        out[key] = readStringList(value, where, 'model or table names');
        break;
      case 'scopedClients':
        out.scopedClients = readStringList(value, where, 'function or object names');
        break;
      case 'tenantAgnosticJobs':
        out.tenantAgnosticJobs = readStringList(value, where, 'job names');
        break;
      case 'jobFiles':
        out.jobFiles = readGlobs(value, where);
        break;
      case 'enqueueFunctions':
        out.enqueueFunctions = readObjectList<EnqueueFunctionSetting>(value, where, {
          name: { required: true, read: readName },
          payloadArg: { required: true, read: readIndex },
          payloadPath: { required: false, read: readPath },
        });
        break;
      case 'handlerFunctions':
        out.handlerFunctions = readObjectList<HandlerFunctionSetting>(value, where, {
          name: { required: true, read: readName },
          handlerArg: { required: true, read: readIndex },
          payloadParam: { required: true, read: readIndex },
        });
        break;
      case 'schema':
        if (value === 'auto') out.schema = 'auto';
        else if (typeof value === 'string') {
          throw new TenantJobsSettingsError(`${where} must be "auto" or an array of file paths, got ${describe(value)}.`);
        } else out.schema = readStringList(value, where, 'file paths');
        break;
      default:
        throw new TenantJobsSettingsError(`${SETTING} has an unknown key \`${key}\`; known keys: ${known.join(', ')}.`);
    }
  }
  return out;
}

/** Applies defaults and builds the matchers. */
export function resolveSettings(raw: unknown): ResolvedSettings {
  const input = validateSettings(raw);
  const tenantKeys = input.tenantKeys ?? DEFAULT_TENANT_KEYS;
  const tenantModels = input.tenantModels ?? DEFAULT_TENANT_MODELS;
  const globalModels = input.globalModels ?? [];
  const jobFiles = input.jobFiles ?? DEFAULT_JOB_FILES;
  const tenantAgnosticJobs = input.tenantAgnosticJobs ?? [];
  const keySet = new FoldedNameSet(tenantKeys);
  const modelSet = new FoldedNameSet(tenantModels, foldModelName);
  const globalSet = new FoldedNameSet(globalModels, foldModelName);
  const agnostic = new Set(tenantAgnosticJobs.filter((name) => !name.includes('*')));
  const agnosticGlobs = tenantAgnosticJobs.filter((name) => name.includes('*'));
  let agnosticMatcher: ((name: string) => boolean) | undefined;
  let jobFileMatcher: ((path: string) => boolean) | undefined;
  /** The path asked about last and its answer: a job file is asked about by the gate and again by the handler search. */
  let lastJobPath: string | undefined;
  let lastJobAnswer = false;
  return {
    tenantKeys,
    tenantModels,
    globalModels,
    jobFiles,
    enqueueFunctions: input.enqueueFunctions ?? [],
    handlerFunctions: input.handlerFunctions ?? [],
    scopedClients: input.scopedClients ?? [],
    tenantAgnosticJobs,
    schema: input.schema ?? 'auto',
    isTenantKey: (name) => keySet.has(name),
    isTenantModel: (name) => modelSet.has(name),
    isGlobalModel: (name) => globalSet.has(name),
    isTenantAgnosticJob: (name) => {
      if (agnostic.has(name)) return true;
      if (agnosticGlobs.length === 0) return false;
      agnosticMatcher ??= picomatch(agnosticGlobs, { dot: true });
      return agnosticMatcher(name);
    },
    isJobFile: (relativePath) => {
      if (relativePath === lastJobPath) return lastJobAnswer;
      jobFileMatcher ??= globMatcher(jobFiles);
      lastJobAnswer = jobFileMatcher(relativePath.includes('\\') ? relativePath.split('\\').join('/') : relativePath);
      lastJobPath = relativePath;
      return lastJobAnswer;
    },
  };
}

const GLOBS_PER_EXPRESSION = 32;

/**
 * A matcher for any of `globs` (picomatch with `dot: true`), asked about every linted file. The
 * globs' regular expressions are joined, a few dozen to one expression, where picomatch's own
 * matcher tests them one by one (after a test for the path being the glob itself) with an object
 * per glob and call.
 */
export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const literal = new Set(globs);
  // When every glob has a run of plain characters that all its paths contain (`jobs` in
  // `**/jobs/**`), a path with none of the runs is answered without the expressions.
  const runs = globs.map(plainRun);
  const required = runs.every((run) => run !== undefined)
    ? new RegExp([...new Set(runs as string[])].map(escapeRegExp).join('|'))
    : undefined;
  const tests: ((path: string) => boolean)[] = [];
  for (let start = 0; start < globs.length; start += GLOBS_PER_EXPRESSION) {
    const chunk = globs.slice(start, start + GLOBS_PER_EXPRESSION);
    const patterns = chunk.map((glob) => picomatch.makeRe(glob, { dot: true }));
    let joined: RegExp | undefined;
    // Flags would not survive the join (picomatch sets none without `nocase`).
    if (patterns.every((pattern) => pattern.flags === '')) {
      try {
        joined = new RegExp(patterns.map((pattern) => `(?:${pattern.source})`).join('|'));
      } catch {
        // Too large for one expression: picomatch's own matcher below.
      }
    }
    const any = joined;
    tests.push(any ? (path) => any.test(path) : picomatch(chunk as string[], { dot: true }));
  }
  // picomatch matches no empty path.
  return (path) => path !== '' && (!required || required.test(path)) && (literal.has(path) || tests.some((test) => test(path)));
}

/**
 * For a glob of plain characters (letters, digits, `_`, `-`, `.`), `*` and `/` only: its longest
 * run of plain characters, which every path it matches contains as written. Undefined for a glob
 * with anything else (`?`, brackets, braces, extglobs, negation, escapes) or with no such run.
 */
function plainRun(glob: string): string | undefined {
  if (!/^[\w.\-/*]+$/.test(glob)) return undefined;
  let longest = '';
  for (const run of glob.split(/[*/]+/)) if (run.length > longest.length) longest = run;
  return longest === '' ? undefined : longest;
}

/** Stands for absent settings in the cache below. */
const NO_SETTINGS = Object.freeze({});
/**
 * Resolved settings by the settings object ESLint hands every file of a config. The result depends
 * only on that object, so a file never sees another config's settings; a WeakMap lets it go with
 * the config. (Resolving per file recompiled the `jobFiles` globs for every file.)
 */
const resolved = new WeakMap<object, ResolvedSettings>();

/** Resolves `context.settings['tenant-jobs']`, once per settings object. */
export function getSettings(settings: Readonly<Record<string, unknown>> | undefined): ResolvedSettings {
  const raw = settings?.['tenant-jobs'];
  const key = typeof raw === 'object' && raw !== null ? raw : raw === undefined ? NO_SETTINGS : undefined;
  if (!key) return resolveSettings(raw);
  let result = resolved.get(key);
  if (!result) {
    result = resolveSettings(raw);
    resolved.set(key, result);
  }
  return result;
}
