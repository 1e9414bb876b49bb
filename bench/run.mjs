#!/usr/bin/env node
// Benchmarks eslint-plugin-tenant-jobs on a generated SaaS project (bench/generate.mjs).
// Run by hand: `npm run build && npm run bench` (see bench/README.md). Nothing here is a test.
//
//   node bench/run.mjs                 full run: 3,000 files x 3 reps x 2 configs, a stats run, dense files
//                                      (every plugin rule counts: the plugin's share is all `tenant-jobs/*` rules)
//   node bench/run.mjs --quick         smoke run: 300 files, 1 rep, small dense files
//   node bench/run.mjs --profile       also a CPU-profiled run of config B; prints the plugin's hot functions
//
// Options: --files N (3000), --reps N (3), --stats-files N|all (files in the stats and profile runs, 1000),
// --dense N (sites in the 1x dense file, 300), --dense-reps N (15), --seed S (1), --serial (one lint at a
// time instead of A and B side by side), --skip-project, --skip-dense, --profile, --profile-interval US
// (the profiler's sampling interval, 1000 µs; 250 gives four times the samples), --stats (with
// --skip-project: the stats run alone),
// --json PATH (default bench/.work/last-run.json), --plugin PATH (a built plugin directory, default ./dist).
//
// Configurations, linted with ESLint's Node API and @typescript-eslint/parser (no type information):
//   A  @eslint/js `recommended` alone
//   B  the same plus the plugin's `recommended` flat config
// Every lint runs in a fresh child process, so each run's peak RSS is its own and no JIT or cache state
// carries over. By default A and B of a repetition run at the same time, one per core, so both see the
// same load from the rest of the machine; a full run takes about 550 s of CPU (4-5 minutes on 2 idle cores).

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDense, ensureProject, GLOBALS, parseArgs, WORK_DIR } from './generate.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const require = createRequire(import.meta.url);
const PREFIX = 'tenant-jobs/';
/** The rule the generator plants findings for (about one payload in seven lacks the tenant key). */
const RULE = 'tenant-jobs/require-tenant-in-job-payload';
const isPluginRule = (ruleId) => ruleId?.startsWith(PREFIX) ?? false;
const pluginTotal = (rules) => Object.entries(rules).reduce((sum, [rule, ms]) => sum + (isPluginRule(rule) ? ms : 0), 0);
const PLUGIN_SNAPSHOT = join(WORK_DIR, 'plugin');

// ---------------------------------------------------------------------------------------------
// Child: `repeat` rounds of lintFiles over each of `targets` (lists of patterns, default `[patterns]`),
// interleaved, so every target sees the same load and JIT state. Result as JSON on the last line of stdout.

async function child(spec) {
  const { ESLint } = require('eslint');
  const js = require('@eslint/js');
  const tsParser = require('@typescript-eslint/parser');
  const plugin = spec.withPlugin ? require(spec.pluginDir) : undefined;
  const config = [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module', globals: GLOBALS } },
    js.configs.recommended,
    ...(plugin ? [plugin.configs.recommended] : []),
  ];
  let sampledPeak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
  }, 25);
  const manifestPath = join(spec.cwd, 'manifest.json');
  const kinds = spec.stats && existsSync(manifestPath) ? kindsOf(JSON.parse(readFileSync(manifestPath, 'utf8'))) : undefined;
  const rssBefore = process.memoryUsage().rss;
  const eslint = new ESLint({ cwd: spec.cwd, overrideConfigFile: true, overrideConfig: config, stats: spec.stats });

  const targets = (spec.targets ?? [spec.patterns]).map((patterns) => ({ patterns, passes: [], messages: {}, files: 0 }));
  for (let i = 0; i < spec.repeat; i++) {
    for (const target of targets) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const results = await eslint.lintFiles(target.patterns);
      const wallMs = performance.now() - started;
      const used = process.cpuUsage(cpu);
      sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
      const pass = { wallMs, cpuMs: (used.user + used.system) / 1000 };
      if (spec.stats) pass.stats = summariseStats(results, spec.cwd, kinds);
      target.passes.push(pass);
      if (i === spec.repeat - 1) {
        target.files = results.length;
        for (const result of results) {
          for (const message of result.messages) {
            const key = message.ruleId ?? (message.fatal ? 'fatal' : 'other');
            target.messages[key] = (target.messages[key] ?? 0) + 1;
          }
        }
      }
    }
  }
  clearInterval(sampler);
  return {
    files: targets[0].files,
    passes: targets[0].passes,
    messages: targets[0].messages,
    targets: targets.map(({ passes, messages, files }) => ({ passes, messages, files })),
    rssBeforeMB: mb(rssBefore),
    rssEndMB: mb(process.memoryUsage().rss),
    rssSampledPeakMB: mb(sampledPeak),
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

/** Sums ESLint's per-file `stats` (ms): parse, each rule, total; split by file kind from the manifest. */
function summariseStats(results, cwd, kinds) {
  const byKind = {};
  const rules = {};
  let parse = 0;
  let total = 0;
  for (const result of results) {
    const kind = kinds?.[relative(cwd, result.filePath).split('\\').join('/')] ?? 'other';
    const k = (byKind[kind] ??= { files: 0, totalMs: 0, parseMs: 0, rulesMs: 0, pluginMs: 0 });
    for (const pass of result.stats?.times.passes ?? []) {
      parse += pass.parse?.total ?? 0;
      total += pass.total ?? 0;
      k.parseMs += pass.parse?.total ?? 0;
      k.totalMs += pass.total ?? 0;
      for (const [ruleId, time] of Object.entries(pass.rules ?? {})) {
        rules[ruleId] = (rules[ruleId] ?? 0) + time.total;
        k.rulesMs += time.total;
        if (isPluginRule(ruleId)) k.pluginMs += time.total;
      }
    }
    k.files++;
  }
  return { parseMs: parse, totalMs: total, rules, byKind };
}

const mb = (bytes) => bytes / 1024 / 1024;

// ---------------------------------------------------------------------------------------------
// Parent.


const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (part, whole) => `${fmt((100 * part) / whole, 2)} %`;

let childCount = 0;

/** Runs one child lint; resolves with its result, the load average and the child's wall time. */
function runChild(spec, nodeArgs = []) {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    // The spec goes through a file: a list of paths can be longer than a command line may be.
    const specFile = join(WORK_DIR, `spec-${process.pid}-${++childCount}.json`);
    writeFileSync(specFile, JSON.stringify(spec));
    const proc = spawn(process.execPath, [...nodeArgs, fileURLToPath(import.meta.url), '--child', specFile], {
      cwd: ROOT,
      env: { ...process.env, TIMING: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    proc.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    proc.on('error', reject);
    proc.on('close', (code) => {
      rmSync(specFile, { force: true });
      if (code !== 0) {
        reject(new Error(`benchmark child failed (exit ${code}):\n${stdout}${stderr}`));
        return;
      }
      const lines = stdout.trim().split('\n');
      const result = JSON.parse(lines[lines.length - 1]);
      result.processMs = performance.now() - started;
      result.loadavg = os.loadavg()[0];
      resolvePromise(result);
    });
  });
}

/**
 * Copies the built plugin (dist/ and package.json) to bench/.work/plugin, so a rebuild of dist/
 * while the benchmark runs cannot change or remove the code under test half-way.
 */
function snapshotPlugin(source) {
  const dist = resolve(ROOT, source);
  for (let attempt = 0; ; attempt++) {
    try {
      if (!existsSync(join(dist, 'index.js'))) throw new Error(`${dist}/index.js not found: run \`npm run build\` first`);
      rmSync(PLUGIN_SNAPSHOT, { recursive: true, force: true });
      mkdirSync(PLUGIN_SNAPSHOT, { recursive: true });
      cpSync(dist, join(PLUGIN_SNAPSHOT, 'dist'), { recursive: true });
      cpSync(join(ROOT, 'package.json'), join(PLUGIN_SNAPSHOT, 'package.json'));
      const check = spawnSync(
        process.execPath,
        ['-e', `const p = require(${JSON.stringify(join(PLUGIN_SNAPSHOT, 'dist'))}); if (!p.configs.recommended.rules[${JSON.stringify(RULE)}]) process.exit(3); console.log(JSON.stringify({ version: p.meta.version, rules: Object.keys(p.configs.recommended.rules) }))`],
        { encoding: 'utf8' },
      );
      if (check.status !== 0) throw new Error(`the built plugin in ${dist} does not load: ${check.stderr.trim().split('\n').slice(-3).join(' ')}`);
      const { version, rules } = JSON.parse(check.stdout.trim());
      return { dir: join(PLUGIN_SNAPSHOT, 'dist'), version, rules, builtAt: statSync(join(dist, 'index.js')).mtime.toISOString() };
    } catch (error) {
      // dist/ may be mid-rebuild (`npm test` cleans and rebuilds it): wait a little and retry.
      if (attempt >= 10) throw error;
      spawnSync('sleep', ['3']);
    }
  }
}

function git(args) {
  const proc = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return proc.status === 0 ? proc.stdout.trim() : undefined;
}

function machine() {
  const cpus = os.cpus();
  return {
    nproc: os.availableParallelism(),
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    eslint: require('eslint/package.json').version,
    eslintJs: require('@eslint/js/package.json').version,
    parser: require('@typescript-eslint/parser/package.json').version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

function kindsOf(manifest) {
  return Object.fromEntries(manifest.files.map((f) => [f.path, f.kind]));
}

function projectOf(args) {
  const files = Number(args.files ?? 3000);
  return ensureProject({ name: args.name ?? (files === 3000 ? 'saas' : `saas-${files}`), files, seed: Number(args.seed ?? 1) });
}

const summariseRun = (r) => ({
  wallMs: r.passes[0].wallMs,
  cpuMs: r.passes[0].cpuMs,
  maxRssMB: r.maxRssMB,
  rssSampledPeakMB: r.rssSampledPeakMB,
  rssEndMB: r.rssEndMB,
  rssBeforeMB: r.rssBeforeMB,
  loadavg: r.loadavg,
  messages: r.messages,
});

/** Wall time, CPU time and peak RSS of A and B over `reps` runs each. */
async function benchProjectRuns(args, project, plugin, log) {
  const reps = Number(args.reps ?? 3);
  const base = { cwd: project.root, patterns: ['src/**/*.ts'], pluginDir: plugin.dir, repeat: 1, stats: false };
  const runs = { A: [], B: [] };
  const show = (rep, config, r) =>
    log(`  rep ${rep + 1}/${reps} ${config}: wall ${fmt(r.passes[0].wallMs)} ms, CPU ${fmt(r.passes[0].cpuMs)} ms, peak RSS ${fmt(r.maxRssMB)} MB, load ${fmt(r.loadavg, 2)}`);
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    if (args.serial) {
      for (const config of order) {
        const r = await runChild({ ...base, withPlugin: config === 'B' });
        runs[config].push(r);
        show(rep, config, r);
      }
    } else {
      // A and B side by side, one per core: both see the same load from the rest of the machine.
      const pair = await Promise.all(order.map((config) => runChild({ ...base, withPlugin: config === 'B' })));
      order.forEach((config, i) => {
        runs[config].push(pair[i]);
        show(rep, config, pair[i]);
      });
    }
  }
  const med = (c, f) => median(runs[c].map(f));
  return {
    reps,
    mode: args.serial ? 'serial' : 'paired (A and B at the same time, one per core)',
    runs: { A: runs.A.map(summariseRun), B: runs.B.map(summariseRun) },
    medianWallMs: { A: med('A', (r) => r.passes[0].wallMs), B: med('B', (r) => r.passes[0].wallMs) },
    medianCpuMs: { A: med('A', (r) => r.passes[0].cpuMs), B: med('B', (r) => r.passes[0].cpuMs) },
    medianMaxRssMB: { A: med('A', (r) => r.maxRssMB), B: med('B', (r) => r.maxRssMB) },
    pluginReports: Object.fromEntries(Object.entries(runs.B[0].messages).filter(([rule]) => isPluginRule(rule))),
    coreMessages: Object.values(runs.A[0].messages).reduce((a, b) => a + b, 0),
  };
}

/**
 * An evenly spread subset of the project's files (every third of 3,000 for 1,000), so the job-file
 * share stays the same; all files when `count` is 'all' or at least the project size.
 */
function sampleFiles(manifest, count) {
  const files = manifest.files;
  const n = count === 'all' ? files.length : Math.min(Number(count), files.length);
  return files.filter((_, i) => Math.floor(((i + 1) * n) / files.length) > Math.floor((i * n) / files.length));
}

/** One run of B with `stats: true`: per-rule times, parse time, split by job and no-signal files. */
async function benchProjectStats(args, project, plugin, log) {
  const { root, manifest } = project;
  const files = sampleFiles(manifest, args['stats-files'] ?? 1000);
  const r = await runChild({ cwd: root, patterns: files.map((f) => f.path), pluginDir: plugin.dir, repeat: 1, withPlugin: true, stats: true });
  const stats = r.passes[0].stats;
  log(`  stats run (B, stats: true, ${fmt(files.length)} files): wall ${fmt(r.passes[0].wallMs)} ms, CPU ${fmt(r.passes[0].cpuMs)} ms`);
  const kindLines = { job: 0, plain: 0 };
  for (const f of files) kindLines[f.kind] += f.lines;
  const ranked = Object.entries(stats.rules).sort((a, b) => b[1] - a[1]);
  return {
    files: files.length,
    lines: files.reduce((sum, f) => sum + f.lines, 0),
    wallMs: r.passes[0].wallMs,
    cpuMs: r.passes[0].cpuMs,
    parseMs: stats.parseMs,
    totalMs: stats.totalMs,
    rulesMs: ranked.reduce((sum, [, ms]) => sum + ms, 0),
    pluginMs: pluginTotal(stats.rules),
    pluginRules: ranked.map(([rule, ms], i) => ({ rule, ms, rank: i + 1 })).filter(({ rule }) => isPluginRule(rule)),
    ruleCount: ranked.length,
    topRules: ranked.slice(0, 8).map(([rule, ms]) => ({ rule, ms })),
    byKind: Object.fromEntries(Object.entries(stats.byKind).map(([k, v]) => [k, { ...v, lines: kindLines[k] }])),
  };
}

/**
 * The plugin's time on one file with N, 2N and 4N enqueue sites: one child lints the three files in
 * turn, `reps` rounds after 3 warm-up rounds, so all sizes share the same load and JIT state.
 */
async function benchDense(args, plugin, log) {
  const sites1 = Number(args.dense ?? 300);
  const reps = Number(args['dense-reps'] ?? 15);
  const warmup = 3;
  const factors = [1, 2, 4];
  const dense = factors.map((factor) => ensureDense({ sites: sites1 * factor, seed: Number(args.seed ?? 1) }));
  const r = await runChild({
    cwd: WORK_DIR,
    targets: dense.map(({ root }) => [`${relative(WORK_DIR, root)}/src/**/*.ts`]),
    pluginDir: plugin.dir,
    repeat: reps + warmup,
    withPlugin: true,
    stats: true,
  });
  return factors.map((factor, i) => {
    const { manifest } = dense[i];
    const passes = r.targets[i].passes.slice(warmup);
    const pluginMs = passes.map((p) => pluginTotal(p.stats.rules));
    const pluginRules = [...new Set(passes.flatMap((p) => Object.keys(p.stats.rules)))].filter(isPluginRule);
    const entry = {
      factor,
      sites: manifest.totals.sites,
      lines: manifest.totals.lines,
      reports: r.targets[i].messages[RULE] ?? 0,
      expectedReports: manifest.totals.expectedReports,
      reps,
      medianWallMs: median(passes.map((p) => p.wallMs)),
      medianCpuMs: median(passes.map((p) => p.cpuMs)),
      medianTotalMs: median(passes.map((p) => p.stats.totalMs)),
      minTotalMs: Math.min(...passes.map((p) => p.stats.totalMs)),
      medianParseMs: median(passes.map((p) => p.stats.parseMs)),
      medianPluginMs: median(pluginMs),
      minPluginMs: Math.min(...pluginMs),
      minPluginMsByRule: Object.fromEntries(pluginRules.map((rule) => [rule, Math.min(...passes.map((p) => p.stats.rules[rule] ?? 0))])),
      maxRssMB: r.maxRssMB,
    };
    log(
      `  dense ${factor}x: ${fmt(entry.sites)} sites, ${fmt(entry.lines)} lines: lint ${fmt(entry.minTotalMs, 1)} ms (median ${fmt(entry.medianTotalMs, 1)}), ` +
        `plugin rules ${fmt(entry.minPluginMs, 2)} ms (median ${fmt(entry.medianPluginMs, 2)}); best of ${reps}`,
    );
    return entry;
  });
}

/** Self and inclusive time per function of the plugin in a V8 .cpuprofile. */
function summariseProfile(path, pluginDir) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  // The plugin's code, and a rule-building library's wrapper around its rules: ESLint calls the
  // wrapper as the rule, so what the wrapper does for every file (builds before a25a55f filled
  // each rule's default options with `@typescript-eslint/utils`' `RuleCreator`) is the rules' time.
  const isPlugin = (n) =>
    n.callFrame.url.includes(pluginDir) || n.callFrame.url.includes('/bench/.work/plugin/') || /@typescript-eslint[\\/]utils[\\/]dist[\\/]eslint-utils[\\/]/.test(n.callFrame.url);
  const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/dist\//, 'dist/')}:${n.callFrame.lineNumber + 1}`;
  let totalUs = 0;
  let pluginInclusiveUs = 0;
  const self = new Map();
  const inclusive = new Map();
  for (const [id, us] of selfUs) {
    totalUs += us;
    const seen = new Set();
    let inPlugin = false;
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const n = nodes.get(cur);
      if (!isPlugin(n)) continue;
      inPlugin = true;
      const key = label(n);
      if (!seen.has(key)) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + us);
      }
    }
    if (inPlugin) pluginInclusiveUs += us;
    const n = nodes.get(id);
    if (isPlugin(n)) self.set(label(n), (self.get(label(n)) ?? 0) + us);
  }
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([fn, us]) => ({ fn, ms: us / 1000 }));
  // Loading the plugin (its module bodies, and @typescript-eslint/utils under them) is a one-time cost.
  const loadMs = (inclusive.get([...inclusive.keys()].find((k) => /^\(anonymous\) dist\/index\.js:1$/.test(k))) ?? 0) / 1000;
  return {
    totalMs: totalUs / 1000,
    pluginInclusiveMs: pluginInclusiveUs / 1000,
    pluginLoadMs: loadMs,
    topSelf: top(self),
    topInclusive: top(inclusive).filter(({ fn }) => !/^\(anonymous\) .*:1$/.test(fn)),
  };
}

async function benchProfile(args, project, plugin, log) {
  const dir = join(WORK_DIR, 'profiles');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = sampleFiles(project.manifest, args['stats-files'] ?? 1000);
  await runChild({ cwd: project.root, patterns: files.map((f) => f.path), pluginDir: plugin.dir, repeat: 1, withPlugin: true, stats: false }, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', String(args['profile-interval'] ?? 1000)]);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  const summary = summariseProfile(join(dir, file), plugin.dir);
  log(`  profile ${relative(ROOT, join(dir, file))}: ${fmt(summary.totalMs)} ms sampled, plugin code (inclusive) ${fmt(summary.pluginInclusiveMs)} ms = ${pct(summary.pluginInclusiveMs, summary.totalMs)}`);
  return { file: relative(ROOT, join(dir, file)), files: files.length, ...summary };
}

/** The stats run's numbers: ESLint's own timing of parse, rules and the plugin's rules. */
function reportStats(s, log) {
  log('');
  log(`Rule timing (one run of B with stats: true on ${fmt(s.files)} of the files, ${fmt(s.lines)} lines): lint ${fmt(s.totalMs)} ms = parse ${fmt(s.parseMs)} + rules ${fmt(s.rulesMs)} + scope analysis and traversal ${fmt(s.totalMs - s.parseMs - s.rulesMs)}`);
  log(`  plugin (${s.pluginRules.length} rules): ${fmt(s.pluginMs, 1)} ms = ${pct(s.pluginMs, s.totalMs)} of lint time, ${pct(s.pluginMs, s.parseMs + s.rulesMs)} of parse and rule time, ${pct(s.pluginMs, s.rulesMs)} of rule time`);
  for (const { rule, ms, rank } of s.pluginRules) {
    log(`    ${rule.padEnd(45)} ${fmt(ms, 1).padStart(9)} ms  ${pct(ms, s.totalMs)} of lint time, rank ${rank} of ${s.ruleCount} rules`);
  }
  log('  slowest rules:');
  for (const { rule, ms } of s.topRules) log(`    ${rule.padEnd(45)} ${fmt(ms, 1).padStart(9)} ms`);
  for (const [kind, k] of Object.entries(s.byKind)) {
    log(
      `  ${(kind === 'plain' ? 'no-signal' : kind).padEnd(9)} ${fmt(k.files).padStart(5)} files ${fmt(k.lines).padStart(8)} lines  lint ${fmt(k.totalMs).padStart(7)} ms (${fmt((1000 * k.totalMs) / k.lines, 1)} ms/kLoC)  ` +
        `plugin ${fmt(k.pluginMs, 1).padStart(7)} ms (${fmt((1000 * k.pluginMs) / k.files, 1)} us/file, ${pct(k.pluginMs, k.totalMs)} of their lint time)`,
    );
  }
}

function report(result, log) {
  const { project: p, dense, profile } = result;
  log('');
  log(`Machine: ${result.machine.nproc} CPUs (${result.machine.cpu}), Node ${result.machine.node}, ESLint ${result.machine.eslint}, @eslint/js ${result.machine.eslintJs}, parser ${result.machine.parser}`);
  if (p) {
    const { A, B } = p.medianWallMs;
    const cpu = p.medianCpuMs;
    log('');
    log(`Project: ${fmt(p.manifest.files)} files (${fmt(p.manifest.jobFiles)} job files), ${fmt(p.manifest.lines)} lines; median of ${p.reps} runs each, ${p.mode}`);
    log(`  A  @eslint/js recommended        wall ${fmt(A).padStart(7)} ms  CPU ${fmt(cpu.A).padStart(7)} ms  peak RSS ${fmt(p.medianMaxRssMB.A)} MB`);
    log(`  B  + tenant-jobs recommended     wall ${fmt(B).padStart(7)} ms  CPU ${fmt(cpu.B).padStart(7)} ms  peak RSS ${fmt(p.medianMaxRssMB.B)} MB`);
    log(`  B - A                            wall ${fmt(B - A).padStart(7)} ms  CPU ${fmt(cpu.B - cpu.A).padStart(7)} ms  (${pct(B - A, A)} / ${pct(cpu.B - cpu.A, cpu.A)} of A; includes run-to-run noise)`);
    const reports = Object.entries(p.pluginReports).map(([rule, n]) => `${rule} ${fmt(n)}`).join(', ') || 'none';
    log(`  plugin reports: ${reports} (the generator planted ${fmt(p.manifest.expectedReports)} for ${RULE}); core rule messages: ${fmt(p.coreMessages)}`);
    if (p.stats) reportStats(p.stats, log);
  }
  if (result.stats) reportStats(result.stats, log);
  if (dense?.length) {
    log('');
    log(`Dense file (config B; the three files linted in turn, ${dense[0].reps} rounds after 3 warm-ups, in one process; best run, the least disturbed by other load):`);
    const first = dense[0];
    for (const d of dense) {
      const growth = d.minPluginMs / first.minPluginMs;
      const exponent = d.factor > 1 ? `, exponent ${fmt(Math.log(growth) / Math.log(d.factor), 2)}` : '';
      log(
        `  ${d.factor}x ${fmt(d.sites).padStart(5)} sites ${fmt(d.lines).padStart(6)} lines  lint ${fmt(d.minTotalMs, 1).padStart(7)} ms (x${fmt(d.minTotalMs / first.minTotalMs, 2)})  ` +
          `plugin ${fmt(d.minPluginMs, 2).padStart(7)} ms (x${fmt(growth, 2)}${exponent}; median ${fmt(d.medianPluginMs, 1)} ms)  reports ${d.reports}/${d.expectedReports}`,
      );
    }
    for (const rule of Object.keys(first.minPluginMsByRule)) {
      const times = dense.map((d) => d.minPluginMsByRule[rule] ?? 0);
      const last = dense[dense.length - 1];
      const growth = times[times.length - 1] / times[0];
      log(
        `    ${rule.padEnd(45)} ${times.map((t) => `${fmt(t, 2)} ms`).join(' -> ')}  (x${fmt(growth, 2)} for x${last.factor} sites, exponent ${fmt(Math.log(growth) / Math.log(last.factor), 2)})`,
      );
    }
  }
  if (profile) {
    log('');
    log(
      `CPU profile of one run of B on ${fmt(profile.files)} files (${profile.file}): ${fmt(profile.totalMs)} ms sampled, plugin code ${fmt(profile.pluginInclusiveMs)} ms inclusive = ` +
        `${pct(profile.pluginInclusiveMs, profile.totalMs)} (of which loading the plugin once: ${fmt(profile.pluginLoadMs)} ms)`,
    );
    for (const { fn, ms } of profile.topInclusive.slice(0, 8)) log(`    inclusive ${fmt(ms, 1).padStart(8)} ms  ${fn}`);
    for (const { fn, ms } of profile.topSelf.slice(0, 10)) log(`    self      ${fmt(ms, 1).padStart(8)} ms  ${fn}`);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) {
    const result = await child(JSON.parse(readFileSync(args.child, 'utf8')));
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  if (args.quick) {
    args.files ??= 300;
    args.reps ??= 1;
    args.dense ??= 50;
    args['dense-reps'] ??= 5;
  }
  const log = (line) => console.log(line);
  const started = performance.now();
  const plugin = snapshotPlugin(typeof args.plugin === 'string' ? args.plugin : 'dist');
  const result = {
    date: new Date().toISOString(),
    machine: machine(),
    git: { head: git(['rev-parse', '--short', 'HEAD']), srcDirty: (git(['status', '--porcelain', '--', 'src']) ?? '') !== '' },
    plugin: { version: plugin.version, distBuiltAt: plugin.builtAt, recommendedRules: plugin.rules },
    options: { ...args },
    loadavgAtStart: os.loadavg(),
  };
  log(
    `eslint-plugin-tenant-jobs ${plugin.version} (dist built ${plugin.builtAt}, HEAD ${result.git.head}${result.git.srcDirty ? ', src has uncommitted changes' : ''}); ` +
      `load average ${os.loadavg().map((l) => fmt(l, 2)).join(' ')}`,
  );
  log(`recommended rules: ${plugin.rules.join(', ')}`);

  // Generate (or reuse) everything before any timing.
  const project = !args['skip-project'] || args.profile || args.stats ? projectOf(args) : undefined;
  if (project) {
    const t = project.manifest.totals;
    log(`project ${relative(ROOT, project.root)} (${project.reused ? 'reused' : 'generated'}): ${fmt(t.files)} files, ${fmt(t.jobFiles)} job files, ${fmt(t.lines)} lines, ${fmt(t.sites)} enqueue sites`);
  }
  if (!args['skip-dense']) for (const factor of [1, 2, 4]) ensureDense({ sites: Number(args.dense ?? 300) * factor, seed: Number(args.seed ?? 1) });

  if (!args['skip-project']) result.project = { manifest: project.manifest.totals, ...(await benchProjectRuns(args, project, plugin, log)) };
  // The stats run on one core; the dense files and the profile on the other.
  const statsTask = async () => {
    if (result.project) result.project.stats = await benchProjectStats(args, project, plugin, log);
    else if (args.stats) result.stats = await benchProjectStats(args, project, plugin, log);
  };
  const sideTask = async () => {
    if (!args['skip-dense']) result.dense = await benchDense(args, plugin, log);
    if (args.profile) result.profile = await benchProfile(args, project, plugin, log);
  };
  if (args.serial) {
    await statsTask();
    await sideTask();
  } else {
    await Promise.all([statsTask(), sideTask()]);
  }

  result.loadavgAtEnd = os.loadavg();
  result.durationS = (performance.now() - started) / 1000;
  report(result, log);
  log('');
  log(`Done in ${fmt(result.durationS)} s; load average at the end ${os.loadavg().map((l) => fmt(l, 2)).join(' ')}`);
  const jsonPath = resolve(ROOT, typeof args.json === 'string' ? args.json : join(WORK_DIR, 'last-run.json'));
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
  log(`Results: ${relative(ROOT, jsonPath)}`);
}

await main();
