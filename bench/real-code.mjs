#!/usr/bin/env node
// The plugin's share of ESLint's time on real repositories, by ESLint's own timing. Run by hand
// after `npm run build`; nothing here is a test, and the repositories are never committed.
//
//   node bench/real-code.mjs <dir…> [--plugin DIR] [--json PATH]
//
// Each directory is linted in a fresh process (ESLint's Node API, its working directory the
// directory itself) with `stats: true` and this config: `@typescript-eslint/parser` for every
// JS/TS file, `@eslint/js` `recommended` with typescript-eslint's `eslintRecommended` (the core
// rules a TypeScript project turns off), `no-undef` off everywhere (the repositories' globals are
// not known here) and `no-unused-vars` off (a TypeScript project uses typescript-eslint's; the core
// rule throws on some TypeScript files of trigger.dev), then the plugin's `recommended`; no inline
// configuration. The denominator is so a little smaller than a TypeScript project's own config. The files are those of `npm run corpus`: every
// .js .jsx .mjs .cjs .ts .tsx .mts .cts file outside node_modules, .git, dist and build, no
// *.d.ts or *.min.js. For each directory it prints the files, ESLint's parse and rule time, the
// plugin's three rules' time, their share of parse+rule time and of the whole lint's wall time,
// and the files where the rules visited any node (a job-system signal in the text).
//
// --plugin DIR is the built plugin's dist/ folder (default this repository's), as for run.mjs. It
// is copied to bench/.work/real-code-plugin first, so a rebuild during the run cannot change it.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const SNAPSHOT = join(HERE, '.work', 'real-code-plugin');
const PATTERNS = ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'];
const IGNORES = ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/build/**', '**/*.d.ts', '**/*.d.mts', '**/*.d.cts', '**/*.min.js'];
/** Files kept per directory, those where the plugin took longest. */
const SLOWEST = 5;
const isPluginRule = (ruleId) => ruleId.startsWith('tenant-jobs/');

/** Lints one directory in this process and prints one JSON line of totals. */
async function child(dir, pluginDir) {
  const require = createRequire(join(ROOT, 'package.json'));
  const { ESLint } = require('eslint');
  const tsParser = require('@typescript-eslint/parser');
  const js = require('@eslint/js');
  const tseslint = require('typescript-eslint');
  const plugin = require(join(pluginDir, 'dist', 'index.js'));
  const config = [
    { ignores: IGNORES },
    {
      files: PATTERNS,
      languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
    },
    js.configs.recommended,
    tseslint.configs.eslintRecommended,
    { rules: { 'no-undef': 'off', 'no-unused-vars': 'off' } },
    plugin.configs.recommended,
  ];
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config, stats: true, errorOnUnmatchedPattern: false });
  const started = performance.now();
  const results = await eslint.lintFiles(PATTERNS);
  const wallMs = performance.now() - started;
  const totals = { files: results.length, unparsed: 0, visited: 0, parseMs: 0, rulesMs: 0, pluginMs: 0, pluginReports: 0, wallMs, visitedMs: 0, slowest: [] };
  for (const result of results) {
    if (result.messages.some((message) => message.fatal)) totals.unparsed++;
    totals.pluginReports += result.messages.filter((message) => message.ruleId && isPluginRule(message.ruleId)).length;
    let plugin = 0;
    for (const pass of result.stats?.times.passes ?? []) {
      totals.parseMs += pass.parse.total;
      for (const [ruleId, time] of Object.entries(pass.rules ?? {})) {
        totals.rulesMs += time.total;
        if (isPluginRule(ruleId)) plugin += time.total;
      }
    }
    totals.pluginMs += plugin;
    // A file without a job-system signal costs each rule its gate only; one the rules visit costs
    // them the analysis, which in these repositories is over 0.3 ms.
    if (plugin > 0.3) {
      totals.visited++;
      totals.visitedMs += plugin;
    }
    totals.slowest.push({ file: result.filePath.slice(dir.length + 1), ms: Math.round(plugin * 10) / 10 });
  }
  totals.slowest = totals.slowest.sort((x, y) => y.ms - x.ms).slice(0, SLOWEST);
  process.stdout.write(`${JSON.stringify(totals)}\n`);
}

function parseArgs(argv) {
  const options = { dirs: [], plugin: join(ROOT, 'dist'), json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--plugin' || arg === '--json') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      options[arg.slice(2)] = resolve(value);
    } else if (arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}`);
    } else {
      options.dirs.push(resolve(arg));
    }
  }
  if (options.dirs.length === 0) throw new Error('usage: node bench/real-code.mjs <dir…> [--plugin DIR] [--json PATH]');
  return options;
}

const pct = (part, whole) => `${((100 * part) / whole).toFixed(2)} %`;

async function main() {
  if (process.argv[2] === '--child') {
    await child(process.argv[3], process.argv[4]);
    return;
  }
  const options = parseArgs(process.argv.slice(2));
  rmSync(SNAPSHOT, { recursive: true, force: true });
  mkdirSync(SNAPSHOT, { recursive: true });
  cpSync(options.plugin, join(SNAPSHOT, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(SNAPSHOT, 'package.json'));
  const rows = [];
  for (const dir of options.dirs) {
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', dir, SNAPSHOT], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (run.status !== 0) throw new Error(`lint of ${dir} failed: ${run.stderr.trim().split('\n').slice(-5).join('\n')}`);
    const totals = JSON.parse(run.stdout.trim().split('\n').pop());
    rows.push({ dir, ...totals });
    const base = totals.parseMs + totals.rulesMs;
    console.log(
      `${dir}: ${totals.files} files (${totals.visited} visited, ${totals.unparsed} not parsed), parse+rules ${base.toFixed(0)} ms, ` +
        `plugin ${totals.pluginMs.toFixed(0)} ms (${totals.visitedMs.toFixed(0)} ms on the visited files) = ${pct(totals.pluginMs, base)} of parse+rules, ` +
        `${pct(totals.pluginMs, totals.wallMs)} of the lint's ${(totals.wallMs / 1000).toFixed(1)} s; ${totals.pluginReports} reports`,
    );
    console.log(`  slowest: ${totals.slowest.map((file) => `${file.file} ${file.ms} ms`).join(', ')}`);
  }
  const sum = (key) => rows.reduce((total, row) => total + row[key], 0);
  const base = sum('parseMs') + sum('rulesMs');
  console.log(`all: ${sum('files')} files, plugin ${sum('pluginMs').toFixed(0)} ms = ${pct(sum('pluginMs'), base)} of parse+rules, ${pct(sum('pluginMs'), sum('wallMs'))} of lint time`);
  if (options.json) {
    mkdirSync(dirname(options.json), { recursive: true });
    writeFileSync(options.json, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 1)}\n`);
  }
}

await main();
