#!/usr/bin/env node
// Benchmarks `tenant-jobs audit` against a plain `eslint` run of the plugin on the same generated
// repository (bench/generate.mjs): wall time of each, their ratio, and the share of files the
// audit's text pre-filter skips. Run by hand after `npm run build`; nothing here is a test.
//
//   node bench/audit.mjs              5,000 files, one in twenty touching jobs, 3 runs of each
//   node bench/audit.mjs --quick      1,000 files, 1 run of each
//
// Options: --files N (5000), --job-ratio R (0.05), --reps N (3), --seed S (1),
// --json PATH (default bench/.work/audit-last-run.json).
//
// Both commands run as fresh child processes in the generated repository, one at a time, their
// order alternating between repetitions:
//   plain  `eslint .` with an eslint.config.mjs of @typescript-eslint/parser and the plugin's
//          `recommended` config (ESLint's default: one thread)
//   audit  `tenant-jobs audit .` (its embedded config; ESLint's `concurrency: 'auto'` where the
//          ESLint version has it, which on a machine with fewer than 4 CPUs means one thread)
// Both write JSON reports; their findings are compared, and must be the same.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureProject, parseArgs, WORK_DIR } from './generate.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const require = createRequire(import.meta.url);
const BIN = join(ROOT, 'dist', 'cli', 'bin.js');
const ESLINT_BIN = join(dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');


const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Runs a command in the repository, returns its wall time in ms (exit codes 0 and 1 are both results). */
function timed(args, cwd) {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - started;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return ms;
}

const args = parseArgs(process.argv.slice(2));
const files = Number(args.files ?? (args.quick ? 1000 : 5000));
const jobRatio = Number(args['job-ratio'] ?? 0.05);
const reps = Number(args.reps ?? (args.quick ? 1 : 3));
const seed = Number(args.seed ?? 1);

const { root, manifest, reused } = ensureProject({ name: `audit-${files}`, files, jobRatio, seed });
// The plain run's config: the parser and the built plugin of this repository.
writeFileSync(
  join(root, 'eslint.config.mjs'),
  [
    "import { createRequire } from 'node:module';",
    `const require = createRequire(${JSON.stringify(join(ROOT, 'package.json'))});`,
    "const tsParser = require('@typescript-eslint/parser');",
    `const plugin = require(${JSON.stringify(join(ROOT, 'dist', 'index.js'))});`,
    "export default [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, plugin.configs.recommended];",
    '',
  ].join('\n'),
);
const t = manifest.totals;
console.log(`repository ${relative(ROOT, root)} (${reused ? 'reused' : 'generated'}): ${fmt(t.files)} files, ${fmt(t.jobFiles)} job files, ${fmt(t.lines)} lines`);

const out = join(WORK_DIR, 'audit-out');
mkdirSync(out, { recursive: true });
const plainJson = join(out, 'plain.json');
const auditJson = join(out, 'audit.json');
const plainArgs = [ESLINT_BIN, '.', '--format', 'json', '--output-file', plainJson];
const auditArgs = [BIN, 'audit', '.', '--format', 'json', '--output', auditJson];

const plainMs = [];
const auditMs = [];
for (let i = 0; i < reps; i++) {
  const order = i % 2 === 0 ? ['plain', 'audit'] : ['audit', 'plain'];
  for (const which of order) {
    const ms = which === 'plain' ? timed(plainArgs, root) : timed(auditArgs, root);
    (which === 'plain' ? plainMs : auditMs).push(ms);
    console.log(`  run ${i + 1}/${reps} ${which.padEnd(5)} ${fmt(ms)} ms`);
  }
}

// The two runs must agree on the findings.
const plainResults = JSON.parse(readFileSync(plainJson, 'utf8'));
const plainFindings = plainResults
  .flatMap((r) => r.messages.filter((m) => m.ruleId?.startsWith('tenant-jobs/')).map((m) => `${relative(root, r.filePath)}:${m.line}:${m.column} ${m.ruleId}`))
  .sort();
const report = JSON.parse(readFileSync(auditJson, 'utf8'));
const auditFindings = report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`).sort();
const same = JSON.stringify(plainFindings) === JSON.stringify(auditFindings);

const c = report.counts;
const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.availableParallelism?.() ?? os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, eslint: report.tool.eslint },
  repository: { files: t.files, jobFiles: t.jobFiles, lines: t.lines, jobRatio, seed },
  reps,
  plainMs,
  auditMs,
  medianPlainMs: median(plainMs),
  medianAuditMs: median(auditMs),
  ratio: median(auditMs) / median(plainMs),
  audit: { files: c.files, linted: c.filesLinted, skipped: c.filesSkipped, skippedShare: c.filesSkipped / c.files, handlers: c.handlers, enqueueSites: c.enqueueSites, findings: c.findings, verdict: report.verdict },
  plainFindings: plainFindings.length,
  sameFindings: same,
};

console.log('');
console.log(`Machine: ${result.machine.cpus} CPUs (${result.machine.cpu}), Node ${result.machine.node}, ESLint ${result.machine.eslint}`);
console.log(`plain eslint            median ${fmt(result.medianPlainMs).padStart(7)} ms over ${reps} run(s)`);
console.log(`tenant-jobs audit       median ${fmt(result.medianAuditMs).padStart(7)} ms over ${reps} run(s)`);
console.log(`audit / plain           ${fmt(result.ratio, 3)} (${fmt(1 / result.ratio, 1)}x faster)`);
console.log(`pre-filter              ${fmt(c.filesSkipped)} of ${fmt(c.files)} files skipped (${fmt(100 * result.audit.skippedShare, 1)}%), ${fmt(c.filesLinted)} parsed`);
console.log(`audit                   ${report.verdict}: ${fmt(c.handlers)} handlers, ${fmt(c.enqueueSites)} enqueue sites, ${fmt(c.findings)} findings`);
console.log(`findings                ${same ? 'the same' : 'DIFFERENT'} in both runs (${fmt(plainFindings.length)})`);
const jsonPath = resolve(ROOT, typeof args.json === 'string' ? args.json : join(WORK_DIR, 'audit-last-run.json'));
writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
console.log(`Results: ${relative(ROOT, jsonPath)}`);
if (!same) process.exitCode = 1;
