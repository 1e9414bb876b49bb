// Lints one program with the plugin's rules under every shipped config and several settings, in
// the real ESLint `Linter` (flat config), and reports what breaks: a rule that throws, a report
// whose message kept a `{{ placeholder }}` or lies outside the file, a suggestion or fix whose
// output does not parse, a suggestion that names something not in scope where it writes it.

import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as espree from 'espree';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { allNodes, tryParseTs } from './corpus.mjs';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Named settings variants: defaults, a project with its own wrappers and names, and odd values. */
export const SETTINGS_VARIANTS = {
  defaults: {},
  custom: {
    tenantKeys: ['companyId', 'org_id', 'workspaceId'],
    tenantModels: ['company', 'org'],
    globalModels: ['plan', 'featureFlag', 'plans'],
    jobFiles: ['**/tasks/**', '**/*.job.ts', 'lib/**'],
    enqueueFunctions: [
      { name: 'enqueue', payloadArg: 1 },
      { name: 'jobs.triggerJob', payloadArg: 0, payloadPath: 'payload' },
      { name: '*.dispatchJob', payloadArg: 0 },
      { name: 'tasker.create', payloadArg: 1 },
    ],
    handlerFunctions: [
      { name: 'registerJob', handlerArg: 1, payloadParam: 0 },
      { name: '*.handle', handlerArg: 0, payloadParam: 1 },
    ],
    scopedClients: ['forTenant', 'tenantDb', 'withTenant', 'getTenantDb', 'rlsDb'],
    tenantAgnosticJobs: ['cleanup', 'send-*', '**/cron/*', 'nightly'],
  },
  edge: {
    tenantKeys: ['id', '__proto__', 'constructor'],
    tenantModels: ['__proto__', 'constructor', 'toString'],
    globalModels: ['hasOwnProperty', 'valueOf'],
    jobFiles: ['**', '*'],
    enqueueFunctions: [
      { name: '*', payloadArg: 0 },
      { name: '*.*', payloadArg: 7, payloadPath: 'a.b.c' },
      { name: 'a.b.c.d', payloadArg: 0 },
      { name: 'add', payloadArg: 1, payloadPath: 'data' },
    ],
    handlerFunctions: [
      { name: '*', handlerArg: 0, payloadParam: 0 },
      { name: '*.define', handlerArg: 9, payloadParam: 3 },
      { name: 'then', handlerArg: 0, payloadParam: 0 },
    ],
    scopedClients: ['*', 'this', 'prisma', 'db.query'],
    tenantAgnosticJobs: ['*', '???'],
    schema: ['does/not/exist.prisma', 'prisma/schema.prisma'],
  },
};

const NAME_POOL = ['organizationId', 'orgId', 'org_id', 'tenant', 'id', 'x', 'a.b', '*', '**', '*.x', 'x.*', '__proto__', 'constructor', 'prototype', 'toString', 'ÉQUIPE', '$', '_', '1', 'a-b', 'queue.add', 'this', 'prisma', 'db'];
const GLOB_POOL = ['**', '*', '**/jobs/**', 'src/*.ts', '{a,b}/**', '!(x)/**', '**/*.{ts,tsx}', '[abc]/**', 'lib/**', '?.ts'];
const PATH_POOL = ['payload', 'data', 'a.b.c', 'body', '$x', '_'];

/** Random settings that the settings schema accepts (checked with a JSON schema validator). */
export function randomSettings(r, schema) {
  const strings = (pool, min = 0) => r.sample(pool, r.int(min, 4));
  const validate = getValidator(schema);
  for (let attempt = 0; attempt < 10; attempt++) {
    const settings = {};
    if (r.chance(0.5)) settings.tenantKeys = strings(NAME_POOL, 1);
    if (r.chance(0.4)) settings.tenantModels = strings(NAME_POOL);
    if (r.chance(0.4)) settings.globalModels = strings(NAME_POOL);
    if (r.chance(0.4)) settings.jobFiles = strings(GLOB_POOL);
    if (r.chance(0.5)) {
      settings.enqueueFunctions = Array.from({ length: r.int(0, 3) }, () => ({
        name: r.pick(NAME_POOL),
        payloadArg: r.int(0, 4),
        ...(r.chance(0.4) ? { payloadPath: r.pick(PATH_POOL) } : {}),
      }));
    }
    if (r.chance(0.5)) {
      settings.handlerFunctions = Array.from({ length: r.int(0, 3) }, () => ({ name: r.pick(NAME_POOL), handlerArg: r.int(0, 4), payloadParam: r.int(0, 3) }));
    }
    if (r.chance(0.4)) settings.scopedClients = strings(NAME_POOL);
    if (r.chance(0.4)) settings.tenantAgnosticJobs = strings([...NAME_POOL, ...GLOB_POOL]);
    if (r.chance(0.2)) settings.schema = r.chance(0.5) ? 'auto' : strings(['prisma/schema.prisma', 'nope.prisma', 'src/db/schema.ts']);
    if (validate(settings)) return settings;
  }
  return {};
}

const validators = new WeakMap();
function getValidator(schema) {
  let validate = validators.get(schema);
  if (!validate) {
    validate = new Ajv({ allErrors: false }).compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

/** The configs every program is linted with: the shipped ones, and `allowRecordTenant: true`. */
export function configVariants(plugin) {
  const recommended = plugin.configs.recommended;
  return {
    recommended,
    strict: plugin.configs.strict,
    allowRecordTenant: {
      ...recommended,
      rules: { ...recommended.rules, 'tenant-jobs/no-unscoped-query-in-job': ['error', { allowRecordTenant: true }] },
    },
  };
}

/** Parses program text with the parser it is linted with; throws on a syntax error. */
export function parseWith(parser, code, filename, sourceType = 'module') {
  if (parser === 'espree') {
    espree.parse(code, { ecmaVersion: 'latest', sourceType, ecmaFeatures: { jsx: /\.[jt]sx$/.test(filename) } });
    return;
  }
  if (!tryParseTs(code, filename)) throw new SyntaxError('does not parse as TypeScript');
}

export function parses(parser, code, filename, sourceType) {
  try {
    parseWith(parser, code, filename, sourceType);
    return true;
  } catch {
    return false;
  }
}

const PLACEHOLDER = /\{\{\s*\w+\s*\}\}/;

/** The rule named in an error ESLint rethrows from a rule (`Rule: "tenant-jobs/…"`). */
function ruleOfError(error) {
  return /Rule: "([^"]+)"/.exec(String(error?.message))?.[1] ?? 'unknown';
}

/** The first line of an error message, without the file/line ESLint appends. */
function headline(error) {
  return String(error?.message ?? error).split('\n')[0].slice(0, 200);
}

export class Harness {
  /**
   * @param plugin the plugin object (built `dist/` for the command, `src/` in the tests)
   */
  constructor(plugin, settingsSchema) {
    this.plugin = plugin;
    this.settingsSchema = settingsSchema;
    this.configs = configVariants(plugin);
    this.linters = new Map();
    this.stats = { lints: 0, reports: 0, suggestions: 0, fixes: 0 };
  }

  linter(cwd) {
    let linter = this.linters.get(cwd);
    if (!linter) {
      linter = new Linter({ configType: 'flat', cwd });
      this.linters.set(cwd, linter);
    }
    return linter;
  }

  flatConfig(input, configName, settings) {
    const config = this.configs[configName];
    const languageOptions =
      input.parser === 'espree'
        ? { ecmaVersion: 'latest', sourceType: input.sourceType ?? 'module', parserOptions: { ecmaFeatures: { jsx: /\.[jt]sx$/.test(input.filename) } } }
        : { parser: tsParser };
    return [
      {
        files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
        // Comments of the corpus must not switch the rules off or hide their reports.
        linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
        languageOptions,
        plugins: config.plugins,
        rules: config.rules,
        settings: { 'tenant-jobs': settings },
      },
    ];
  }

  /**
   * Lints `input` (`{ code, filename, parser, sourceType, cwd }`) with one config and settings and
   * returns its failures (empty when all is well). A parse error of the input itself is no failure.
   */
  check(input, configName, settings) {
    const failures = [];
    const config = this.flatConfig(input, configName, settings);
    const linter = this.linter(input.cwd ?? ROOT);
    const fail = (kind, rule, message, extra = {}) => failures.push({ kind, rule, message, config: configName, settings, ...extra });
    let messages;
    this.stats.lints += 1;
    try {
      messages = linter.verify(input.code, config, { filename: input.filename });
    } catch (error) {
      const message = headline(error);
      // A settings error for settings the schema accepts is a failure too: the schema promised them.
      fail('throw', ruleOfError(error), message, { stack: String(error?.stack ?? '').split('\n').slice(0, 8).join('\n') });
      return failures;
    }
    if (messages.some((m) => m.fatal)) return failures;
    const unlinted = messages.find((m) => !m.ruleId && /no matching configuration/i.test(m.message));
    if (unlinted) throw new Error(`the harness did not lint ${input.filename}: ${unlinted.message}`);
    const unresolved = new Set(unresolvedNames(linter.getSourceCode()));
    const bare = [{ ...config[0], plugins: {}, rules: {} }];
    for (const message of messages) {
      if (!message.ruleId?.startsWith('tenant-jobs/')) continue;
      this.stats.reports += 1;
      if (PLACEHOLDER.test(message.message)) fail('placeholder', message.ruleId, `message keeps a placeholder: ${message.message}`);
      const lines = input.code.split('\n').length;
      if (!(message.line >= 1 && message.line <= lines)) fail('location', message.ruleId, `report at line ${message.line} of a ${lines}-line file`);
      for (const suggestion of message.suggestions ?? []) {
        this.stats.suggestions += 1;
        if (PLACEHOLDER.test(suggestion.desc)) fail('placeholder', message.ruleId, `suggestion keeps a placeholder: ${suggestion.desc}`);
        const output = applyFix(input.code, suggestion.fix);
        // Parsed (with scopes) as the input was: the output must parse and name nothing out of scope.
        const fatal = linter.verify(output, bare, { filename: input.filename }).find((m) => m.fatal);
        if (fatal) {
          fail('suggestion-parse', message.ruleId, `suggestion "${suggestion.desc}" (${message.messageId}) gives code that does not parse: ${fatal.message}`, { output });
          continue;
        }
        // A new name that resolves nowhere (a name the input already leaves unresolved is a global).
        const dangling = [...new Set(unresolvedNames(linter.getSourceCode()))].filter((name) => !unresolved.has(name));
        if (dangling.length) {
          fail('suggestion-scope', message.ruleId, `suggestion "${suggestion.desc}" (${message.messageId}) names what is not in scope there: ${dangling.join(', ')}`, { output });
        }
      }
      if (message.fix) this.stats.fixes += 1;
    }
    if (messages.some((m) => m.fix)) {
      const fixed = linter.verifyAndFix(input.code, config, { filename: input.filename });
      if (!parses(input.parser, fixed.output, input.filename, input.sourceType)) fail('fix-parse', 'unknown', 'the fixed output does not parse', { output: fixed.output });
    }
    return failures;
  }
}

/** Names of a file that resolve to no binding of it (globals, and mistakes). */
function unresolvedNames(sourceCode) {
  return sourceCode.scopeManager?.globalScope?.through.map((reference) => reference.identifier.name) ?? [];
}

/** Applies one `{ range, text }` edit. */
export function applyFix(code, fix) {
  return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
}

/** A failure's identity for de-duplication and shrinking: what broke, in which rule, how. */
export function signature(failure) {
  const message = failure.message.replace(/`[^`]*`|"[^"]*"/g, '…').replace(/\d+/g, 'N');
  return `${failure.kind} ${failure.rule} ${message}`;
}

const REMOVABLE_LISTS = new Set(['body', 'consequent', 'properties', 'elements', 'arguments', 'specifiers', 'declarations', 'members', 'decorators']);

/** Ranges of the nodes that can go from a program (list items: statements, members, properties, arguments), largest first. */
function removableRanges(code, filename) {
  const ast = tryParseTs(code, filename);
  if (!ast) return [];
  const ranges = [];
  for (const { node, parent, key } of allNodes(ast)) {
    if (!parent || !REMOVABLE_LISTS.has(key) || !Array.isArray(parent[key])) continue;
    let end = node.range[1];
    const after = /^\s*,/.exec(code.slice(end));
    if (after) end += after[0].length;
    ranges.push([node.range[0], end]);
  }
  return ranges.sort((a, b) => b[1] - b[0] - (a[1] - a[0]));
}

/**
 * Shrinks a failing program while it still parses and still fails with the same signature: first
 * by deleting syntax-tree list items (statements, members, properties, arguments), then by
 * deleting lines (halves, then quarters, … then single lines).
 */
export function shrink(input, stillFails, { maxChecks = 600 } = {}) {
  let code = input.code;
  let checks = 0;
  const attempt = (candidate) => {
    checks += 1;
    return parses(input.parser, candidate, input.filename, input.sourceType) && stillFails({ ...input, code: candidate });
  };
  let progress = true;
  while (progress && checks < maxChecks) {
    progress = false;
    for (const [start, end] of removableRanges(code, input.filename)) {
      if (checks >= maxChecks) break;
      const candidate = code.slice(0, start) + code.slice(end);
      if (attempt(candidate)) {
        code = candidate;
        progress = true;
        break;
      }
    }
  }
  let lines = code.split('\n');
  for (let size = Math.max(1, Math.floor(lines.length / 2)); size >= 1 && checks < maxChecks; size = size === 1 ? 0 : Math.max(1, Math.floor(size / 2))) {
    let changed = true;
    while (changed && checks < maxChecks) {
      changed = false;
      for (let start = 0; start < lines.length && checks < maxChecks; ) {
        const candidate = [...lines.slice(0, start), ...lines.slice(start + size)];
        if (candidate.length && attempt(candidate.join('\n'))) {
          lines = candidate;
          changed = true;
        } else start += size;
      }
    }
  }
  const compact = lines.filter((line) => line.trim() !== '');
  if (compact.length !== lines.length && attempt(compact.join('\n'))) lines = compact;
  return { ...input, code: lines.join('\n') };
}
