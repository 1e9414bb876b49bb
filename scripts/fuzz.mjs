#!/usr/bin/env node
// Fuzzes the built plugin (dist/): random TypeScript job code, mutated fixtures and test strings,
// and random JavaScript from eslump, linted with every shipped config and several settings. A
// failure is a rule that throws, a message that keeps a placeholder, or a suggestion or fix whose
// output does not parse; each is shrunk and written to --out. Exits 1 when anything failed.
//
//   npm run fuzz -- --budget 600              ten minutes from a random seed (printed)
//   npm run fuzz -- --seed 7 --iterations 500
//   npm run fuzz -- --seed 7 --start 123 --iterations 1    reproduce program 123 of seed 7
//   npm run fuzz -- --sources ts,eslump      only some sources (ts, mutation, eslump)
//   npm run fuzz -- --dist /tmp/old/dist      another build of the plugin
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './fuzz/harness.mjs';
import { SOURCES, runFuzz } from './fuzz/runner.mjs';

const { values } = parseArgs({
  options: {
    budget: { type: 'string', default: '60' },
    seed: { type: 'string' },
    start: { type: 'string', default: '0' },
    iterations: { type: 'string' },
    sources: { type: 'string', default: SOURCES.join(',') },
    out: { type: 'string', default: path.join(ROOT, '.fuzz') },
    dist: { type: 'string', default: path.join(ROOT, 'dist') },
    'no-shrink': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm run fuzz -- [--budget SECONDS] [--seed N] [--start I] [--iterations N] [--sources ${SOURCES.join(',')}] [--out DIR] [--dist DIR] [--no-shrink]`);
  process.exit(0);
}

const number = (name) => {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`--${name} must be a number, got ${values[name]}`);
    process.exit(2);
  }
  return value;
};

const sources = values.sources.split(',').map((s) => s.trim());
const unknown = sources.filter((s) => !SOURCES.includes(s));
if (unknown.length) {
  console.error(`unknown --sources ${unknown.join(', ')}; known: ${SOURCES.join(', ')}`);
  process.exit(2);
}

const dist = path.resolve(values.dist, 'index.js');
if (!existsSync(dist)) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const plugin = require(dist);
const { settingsSchema } = require(path.resolve(values.dist, 'util', 'settings.js'));

// Without --seed each run explores new programs; the seed is printed so a run can be repeated.
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : number('seed');
const budgetMs = number('budget') * 1000;
const iterations = values.iterations === undefined ? Infinity : number('iterations');
console.log(`fuzzing ${path.relative(process.cwd(), dist) || dist}: seed ${seed}, ${iterations === Infinity ? `budget ${budgetMs / 1000}s` : `${iterations} programs`}, sources ${sources.join(', ')}`);

const stats = runFuzz({
  plugin,
  settingsSchema,
  seed,
  start: number('start'),
  iterations,
  budgetMs: iterations === Infinity ? budgetMs : Infinity,
  sources,
  shrinkFailures: !values['no-shrink'],
  outDir: values.out,
  onProgress: (s) => console.log(`  ${(s.elapsedMs / 1000).toFixed(0)}s: ${s.programs} programs (${(s.programs / (s.elapsedMs / 1000)).toFixed(1)}/s), ${s.lints} lints, ${s.suggestions} suggestions, ${s.failures.length} failures`),
  onFailure: (f) => {
    console.log(`\nFAILURE ${f.kind} in ${f.rule} (${f.config}, settings ${f.settingsName}): ${f.message}`);
    console.log(`  reproduce: npm run fuzz -- --seed ${f.seed} --start ${f.index} --iterations 1`);
    console.log(`  ${f.filename}${f.cwd ? ` in ${path.relative(ROOT, f.cwd)}` : ''} (${f.source}${f.origin ? ` of ${f.origin}` : ''}), minimised:\n${f.minimal.replace(/^/gm, '    | ')}\n`);
  },
});

const seconds = stats.elapsedMs / 1000;
console.log(
  `\n${stats.programs} programs in ${seconds.toFixed(1)}s (${(stats.programs / seconds).toFixed(1)}/s): ${stats.parsed} parsed, ${stats.skipped} skipped; ` +
    `${stats.lints} lints, ${stats.reports} reports, ${stats.suggestions} suggestions checked; ` +
    Object.entries(stats.bySource).map(([name, s]) => `${name} ${s.parsed}/${s.programs}`).join(', '),
);
if (stats.failures.length) {
  console.log(`${stats.failures.length} distinct failure(s), written to ${values.out}`);
  process.exit(1);
}
console.log('no failures');
