#!/usr/bin/env node
// Runs the built plugin (dist/) over real code and proves it never breaks there.
//
//   npm run corpus -- <dir…> [--json] [--settings FILE] [--jobs N] [--findings] [--all] [--plugin DIR]
//
// Every JS/TS file of the directories (.js .jsx .mjs .cjs .ts .tsx .mts .cts; not in node_modules,
// .git, dist or build; not *.d.ts or *.min.js) is linted with all three rules through ESLint's
// Linter and @typescript-eslint/parser, with no configuration of the project's. Then, on an
// in-memory copy, `--fix` is applied (the file is linted again until no fix is left, as `eslint
// --fix` does) and so is every suggestion, one at a time; each result must still parse.
//
// Exit code 1 when a rule throws on a file, or a fix or suggestion leaves code that does not parse;
// 2 on a usage error or a bad settings file; 0 otherwise. Files that do not parse to begin with are
// not failures: they are counted and listed.
//
//   --json           the whole result as JSON on stdout (every finding, every unparseable file)
//   --settings FILE  settings['tenant-jobs'] for every file: the object itself or { "tenant-jobs": … }
//   --jobs N         worker threads (default: the number of CPUs, at most 4)
//   --findings       also print every finding (file:line:column rule message)
//   --all            print every unparseable file, not the first 10 per directory
//   --plugin DIR     the plugin package to run (default: this repository; its dist/ must be built)
//
// Each directory is ESLint's working directory for its own files, so `jobFiles` globs match paths
// relative to it, as they would in that repository.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const EXTENSIONS = new Set(['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts']);
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'build']);
/** Files sent to a worker at a time. */
const BATCH = 25;
/** Slowest files kept per directory. */
const SLOWEST = 5;

// ---------------------------------------------------------------------------------------------
// Worker: lints the files it is sent and answers with one record per file.

function workerMain() {
  const { pluginDir, settings } = workerData;
  const { Linter } = require('eslint');
  const tsParser = require('@typescript-eslint/parser');
  const pluginModule = require(path.join(pluginDir, 'dist', 'index.js'));
  const plugin = pluginModule.default ?? pluginModule;
  const files = ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs', '**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
  const rules = Object.fromEntries(Object.keys(plugin.rules).map((name) => [`tenant-jobs/${name}`, 'error']));
  // No inline configuration either: a repository's `eslint-disable` comments name rules of its own
  // config, which are not loaded here.
  const linterOptions = { noInlineConfig: true, reportUnusedDisableDirectives: 'off' };
  const parseOnly = [{ files, languageOptions: { parser: tsParser }, linterOptions }];
  const config = [
    ...parseOnly,
    { plugins: { 'tenant-jobs': plugin }, rules },
    ...(settings === undefined ? [] : [{ settings: { 'tenant-jobs': settings } }]),
  ];
  const linters = new Map();
  const linterFor = (cwd) => {
    let linter = linters.get(cwd);
    if (!linter) linters.set(cwd, (linter = new Linter({ configType: 'flat', cwd })));
    return linter;
  };

  /** The first parse error of `text`, or undefined when it parses. */
  const parseError = (linter, text, filename) => {
    const fatal = linter.verify(text, parseOnly, { filename }).find((message) => message.fatal);
    return fatal ? `${fatal.line}:${fatal.column} ${fatal.message}` : undefined;
  };

  const shortStack = (error) =>
    String(error?.stack ?? error)
      .split('\n')
      .slice(0, 12)
      .join('\n');

  function lintFile(cwd, file) {
    const start = performance.now();
    const record = { file, ms: 0, parseError: undefined, findings: [], fixes: 0, suggestions: 0, crash: undefined, badEdits: [], other: [] };
    const linter = linterFor(cwd);
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      record.parseError = `unreadable: ${error.message}`;
      record.ms = performance.now() - start;
      return record;
    }
    let messages;
    try {
      messages = linter.verify(text, config, { filename: file });
    } catch (error) {
      if (error?.name === 'TenantJobsSettingsError') throw error;
      record.crash = { phase: 'lint', stack: shortStack(error) };
      record.ms = performance.now() - start;
      return record;
    }
    const fatal = messages.find((message) => message.fatal);
    if (fatal) {
      record.parseError = `${fatal.line}:${fatal.column} ${fatal.message}`;
      record.ms = performance.now() - start;
      return record;
    }
    for (const message of messages) {
      // Nothing else is configured; anything else would be ESLint's own notice, kept apart.
      if (!message.ruleId?.startsWith('tenant-jobs/')) {
        // ESLint's notice that `noInlineConfig` ignores a comment: the harness's doing, not news.
        if (message.ruleId === null && message.message.includes("because you have 'noInlineConfig'")) continue;
        record.other.push(`${message.line}:${message.column} ${message.ruleId ?? ''} ${message.message}`);
        continue;
      }
      record.findings.push({
        line: message.line,
        column: message.column,
        ruleId: message.ruleId,
        messageId: message.messageId,
        message: message.message,
        fix: message.fix !== undefined,
        suggestions: message.suggestions?.length ?? 0,
      });
      // Every suggestion, applied alone to the original text, must leave code that parses.
      for (const suggestion of message.suggestions ?? []) {
        record.suggestions++;
        const { range, text: replacement } = suggestion.fix;
        const edited = text.slice(0, range[0]) + replacement + text.slice(range[1]);
        const error = parseError(linter, edited, file);
        if (error) {
          record.badEdits.push({ kind: 'suggestion', ruleId: message.ruleId, line: message.line, column: message.column, desc: suggestion.desc, error });
        }
      }
    }
    // `--fix`: fix passes until nothing is left to fix, then the output must parse.
    if (messages.some((message) => message.fix)) {
      try {
        const result = linter.verifyAndFix(text, config, { filename: file, fix: true });
        if (result.fixed) {
          record.fixes = messages.filter((message) => message.fix).length;
          const error = parseError(linter, result.output, file);
          if (error) record.badEdits.push({ kind: 'fix', ruleId: null, line: 0, column: 0, desc: '--fix output', error });
        }
      } catch (error) {
        if (error?.name === 'TenantJobsSettingsError') throw error;
        record.crash = { phase: 'fix', stack: shortStack(error) };
      }
    }
    record.ms = performance.now() - start;
    return record;
  }

  parentPort.on('message', ({ cwd, files: batch }) => {
    try {
      parentPort.postMessage({ records: batch.map((file) => lintFile(cwd, file)) });
    } catch (error) {
      parentPort.postMessage({ fatal: String(error?.message ?? error) });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Main thread: options, file lists, workers, report.

function usage(message) {
  console.error(`corpus: ${message}`);
  console.error('usage: npm run corpus -- <dir…> [--json] [--settings FILE] [--jobs N] [--findings] [--all] [--plugin DIR]');
  process.exit(2);
}

function parseArgs(argv) {
  const options = { dirs: [], json: false, findings: false, all: false, settings: undefined, jobs: Math.min(4, os.availableParallelism?.() ?? os.cpus().length), pluginDir: ROOT };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) usage(`${arg} needs a value`);
      return next;
    };
    if (arg === '--json') options.json = true;
    else if (arg === '--findings') options.findings = true;
    else if (arg === '--all') options.all = true;
    else if (arg === '--settings') options.settingsFile = value();
    else if (arg === '--plugin') options.pluginDir = path.resolve(value());
    else if (arg === '--jobs') {
      options.jobs = Number(value());
      if (!Number.isInteger(options.jobs) || options.jobs < 1) usage('--jobs must be a whole number from 1');
    } else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else options.dirs.push(path.resolve(arg));
  }
  if (options.dirs.length === 0) usage('no directory given');
  for (const dir of options.dirs) {
    let stat;
    try {
      stat = statSync(dir);
    } catch {
      usage(`${dir} does not exist`);
    }
    if (!stat.isDirectory()) usage(`${dir} is not a directory`);
  }
  if (options.settingsFile !== undefined) {
    let raw;
    try {
      raw = JSON.parse(readFileSync(options.settingsFile, 'utf8'));
    } catch (error) {
      usage(`cannot read the settings file ${options.settingsFile}: ${error.message}`);
    }
    options.settings = raw !== null && typeof raw === 'object' && 'tenant-jobs' in raw ? raw['tenant-jobs'] : raw;
  }
  return options;
}

/** Every file to lint under `dir`, sorted. */
function listFiles(dir) {
  const out = [];
  const walk = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(full);
      } else if (entry.isFile() && EXTENSIONS.has(path.extname(entry.name)) && !/\.d\.[cm]?ts$|\.min\.js$/.test(entry.name)) {
        out.push(full);
      }
    }
  };
  walk(dir);
  return out.sort();
}

/** Lints `files` (all under `cwd`) on the workers; resolves with one record per file. */
function lintOnWorkers(workers, cwd, files) {
  return new Promise((resolve, reject) => {
    const records = [];
    let next = 0;
    let busy = 0;
    const feed = (worker) => {
      if (next >= files.length) {
        if (busy === 0) resolve(records);
        return;
      }
      const batch = files.slice(next, next + BATCH);
      next += batch.length;
      busy++;
      worker.once('message', (reply) => {
        busy--;
        if (reply.fatal) {
          reject(new Error(reply.fatal));
          return;
        }
        records.push(...reply.records);
        feed(worker);
      });
      worker.postMessage({ cwd, files: batch });
    };
    for (const worker of workers) feed(worker);
  });
}

function summarise(dir, records, ms) {
  const relative = (file) => path.relative(dir, file).split(path.sep).join('/');
  const byRule = {};
  const findings = [];
  let fixes = 0;
  let suggestions = 0;
  for (const record of records) {
    fixes += record.fixes;
    suggestions += record.suggestions;
    for (const finding of record.findings) {
      byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
      findings.push({ file: relative(record.file), ...finding });
    }
  }
  const ordered = [...records].sort((a, b) => a.file.localeCompare(b.file));
  return {
    dir,
    files: records.length,
    parsed: records.filter((record) => record.parseError === undefined).length,
    ms: Math.round(ms),
    findingsByRule: byRule,
    fixedFindings: fixes,
    suggestionsChecked: suggestions,
    crashes: ordered.filter((record) => record.crash).map((record) => ({ file: relative(record.file), ...record.crash })),
    badEdits: ordered.flatMap((record) => record.badEdits.map((edit) => ({ file: relative(record.file), ...edit }))),
    otherMessages: ordered.flatMap((record) => record.other.map((message) => ({ file: relative(record.file), message }))),
    unparseable: ordered.filter((record) => record.parseError !== undefined).map((record) => ({ file: relative(record.file), error: record.parseError })),
    slowest: [...records]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, SLOWEST)
      .map((record) => ({ file: relative(record.file), ms: Math.round(record.ms) })),
    findings,
  };
}

function printText(result, options) {
  const out = [];
  const ruleNames = result.rules;
  for (const dir of result.directories) {
    out.push(`\n${dir.dir}`);
    out.push(`  files: ${dir.files} (${dir.parsed} parsed, ${dir.files - dir.parsed} do not parse), time: ${(dir.ms / 1000).toFixed(1)} s (CPU ${(dir.cpuMs / 1000).toFixed(1)} s)`);
    for (const rule of ruleNames) out.push(`  ${rule}: ${dir.findingsByRule[rule] ?? 0}`);
    out.push(`  fixable findings fixed: ${dir.fixedFindings}, suggestions applied: ${dir.suggestionsChecked}`);
    out.push(`  crashes: ${dir.crashes.length}, fixes/suggestions that break parsing: ${dir.badEdits.length}`);
    if (dir.otherMessages.length > 0) out.push(`  other messages (not findings): ${dir.otherMessages.length}, e.g. ${dir.otherMessages[0].file} ${dir.otherMessages[0].message}`);
    out.push(`  slowest: ${dir.slowest.map((s) => `${s.file} ${s.ms} ms`).join(', ')}`);
    for (const crash of dir.crashes) out.push(`  CRASH (${crash.phase}) ${crash.file}\n    ${crash.stack.split('\n').join('\n    ')}`);
    for (const edit of dir.badEdits) out.push(`  BAD ${edit.kind.toUpperCase()} ${edit.file}:${edit.line}:${edit.column} ${edit.ruleId ?? ''} "${edit.desc}": ${edit.error}`);
    const shown = options.all ? dir.unparseable : dir.unparseable.slice(0, 10);
    if (shown.length > 0) {
      out.push('  do not parse:');
      for (const file of shown) out.push(`    ${file.file}: ${file.error}`);
      if (shown.length < dir.unparseable.length) out.push(`    … ${dir.unparseable.length - shown.length} more (--all or --json lists them all)`);
    }
    if (options.findings) for (const f of dir.findings) out.push(`  ${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`);
  }
  const t = result.totals;
  out.push('\nTotal');
  out.push(`  directories: ${result.directories.length}, files: ${t.files} (${t.parsed} parsed, ${t.files - t.parsed} do not parse), time: ${(t.ms / 1000).toFixed(1)} s on ${result.jobs} thread(s) (CPU ${(t.cpuMs / 1000).toFixed(1)} s)`);
  for (const rule of ruleNames) out.push(`  ${rule}: ${t.findingsByRule[rule] ?? 0}`);
  out.push(`  fixable findings fixed: ${t.fixedFindings}, suggestions applied: ${t.suggestionsChecked}`);
  out.push(`  crashes: ${t.crashes}, fixes/suggestions that break parsing: ${t.badEdits}`);
  out.push(`\n${result.ok ? 'OK' : 'FAILED'}: ${result.ok ? 'no rule crashed and every fix and suggestion leaves code that parses' : 'see CRASH and BAD lines above'}`);
  console.log(out.join('\n'));
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const pluginEntry = path.join(options.pluginDir, 'dist', 'index.js');
  let plugin;
  try {
    plugin = require(pluginEntry);
  } catch (error) {
    usage(`cannot load the plugin from ${pluginEntry} (run \`npm run build\` first): ${error.message}`);
  }
  plugin = plugin.default ?? plugin;
  if (options.settings !== undefined) {
    // A bad settings file is a usage error, said once, not a crash on every file.
    const { validateSettings } = require(path.join(options.pluginDir, 'dist', 'util', 'settings.js'));
    try {
      validateSettings(options.settings);
    } catch (error) {
      usage(error.message);
    }
  }
  const rules = Object.keys(plugin.rules).map((name) => `tenant-jobs/${name}`);
  const workers = Array.from(
    { length: options.jobs },
    () => new Worker(fileURLToPath(import.meta.url), { workerData: { pluginDir: options.pluginDir, settings: options.settings } }),
  );
  for (const worker of workers) worker.on('error', (error) => {
    console.error(`corpus: a worker failed: ${error.stack ?? error}`);
    process.exit(2);
  });
  const directories = [];
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  try {
    for (const dir of options.dirs) {
      const files = listFiles(dir);
      const dirStart = performance.now();
      const cpuStart = process.cpuUsage();
      const records = await lintOnWorkers(workers, dir, files);
      const cpu = process.cpuUsage(cpuStart);
      directories.push({ ...summarise(dir, records, performance.now() - dirStart), cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
      if (!options.json) process.stderr.write(`corpus: ${dir}: ${files.length} files in ${((performance.now() - dirStart) / 1000).toFixed(1)} s\n`);
    }
  } catch (error) {
    console.error(`corpus: ${error.message}`);
    process.exit(2);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  const sum = (pick) => directories.reduce((total, dir) => total + pick(dir), 0);
  const findingsByRule = {};
  for (const dir of directories) for (const [rule, n] of Object.entries(dir.findingsByRule)) findingsByRule[rule] = (findingsByRule[rule] ?? 0) + n;
  const totals = {
    files: sum((d) => d.files),
    parsed: sum((d) => d.parsed),
    ms: Math.round(performance.now() - start),
    // CPU time of the whole process (all threads): comparable across runs on a busy machine.
    cpuMs: Math.round(((cpu) => cpu.user + cpu.system)(process.cpuUsage(cpuStart)) / 1000),
    findingsByRule,
    fixedFindings: sum((d) => d.fixedFindings),
    suggestionsChecked: sum((d) => d.suggestionsChecked),
    crashes: sum((d) => d.crashes.length),
    badEdits: sum((d) => d.badEdits.length),
  };
  const result = {
    ok: totals.crashes === 0 && totals.badEdits === 0,
    plugin: { name: plugin.meta?.name, version: plugin.meta?.version, dir: options.pluginDir },
    eslint: require('eslint/package.json').version,
    parser: require('@typescript-eslint/parser/package.json').version,
    typescript: require('typescript/package.json').version,
    node: process.version,
    jobs: options.jobs,
    settings: options.settings ?? null,
    rules,
    totals,
    directories,
  };
  if (options.json) console.log(JSON.stringify(result, null, 2));
  else printText(result, options);
  process.exitCode = result.ok ? 0 : 1;
}

if (isMainThread) await main();
else workerMain();
