#!/usr/bin/env node
// Compares two builds of the whole plugin (all three rules, the gate, the analysis, the reports)
// inside one lint. Run by hand; nothing here is a test.
//
//   node bench/plugin-ab.mjs --a DIR --b DIR                 two built dist/ folders, the job files of bench/.work/saas, 5 pairs
//   node bench/plugin-ab.mjs --a DIR --b DIR --kind all --pairs 3
//
// Two whole runs in turn differ by 10 to 25 % on this machine whatever the builds, so a change of
// a few per cent cannot be seen that way. Here both builds' rules are in one config and lint the
// same files in one process (ESLint `stats: true` times each rule); whichever build runs first on
// a file pays more for it (about a fifth more: it meets the tree first), so each pair is two
// processes, A first then B first, and the pair's ratio is the geometric mean of the two. The two
// builds must report the same number of problems.
//
// Options: --kind job|plain|all (default job), --pairs N (default 5). The directories are dist/
// folders of the plugin (each holding index.js); they must be different paths, or Node loads one
// module for both.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureProject, GLOBALS, parseArgs } from './generate.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');

/** One lint with both builds, `first` listed first: prints each build's rule time, the rest of ESLint's parse and rule time, and problem counts. */
async function child(a, b, kind, first) {
  const require = createRequire(join(ROOT, 'package.json'));
  const { ESLint } = require('eslint');
  const tsParser = require('@typescript-eslint/parser');
  const js = require('@eslint/js');
  const root = join(HERE, '.work', 'saas');
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  const files = manifest.files.filter((file) => kind === 'all' || file.kind === kind).map((file) => file.path);
  const plugins = { a: require(join(resolve(a), 'index.js')), b: require(join(resolve(b), 'index.js')) };
  const order = first === 'a' ? ['a', 'b'] : ['b', 'a'];
  const rules = {};
  for (const name of order) for (const rule of Object.keys(plugins[name].rules)) rules[`${name}/${rule}`] = 'error';
  // run.mjs's config B, with both builds' rules in place of the plugin's recommended config.
  const config = [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module', globals: GLOBALS } },
    js.configs.recommended,
    { files: ['**/*.ts'], plugins: Object.fromEntries(order.map((name) => [name, plugins[name]])), rules },
  ];
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config, stats: true });
  const results = await eslint.lintFiles(files);
  const ms = { a: 0, b: 0 };
  const problems = { a: 0, b: 0 };
  let total = 0;
  for (const result of results) {
    for (const message of result.messages) {
      const owner = message.ruleId?.split('/')[0];
      if (owner === 'a' || owner === 'b') problems[owner]++;
    }
    for (const pass of result.stats.times.passes) {
      total += pass.parse.total;
      for (const [rule, time] of Object.entries(pass.rules ?? {})) {
        total += time.total;
        const owner = rule.split('/')[0];
        if (owner === 'a' || owner === 'b') ms[owner] += time.total;
      }
    }
  }
  process.stdout.write(JSON.stringify({ a: ms.a, b: ms.b, eslint: total - ms.a - ms.b, files: files.length, problems }));
}

const args = parseArgs(process.argv.slice(2));
if (typeof args.a !== 'string' || typeof args.b !== 'string' || resolve(args.a) === resolve(args.b)) {
  console.error('usage: node bench/plugin-ab.mjs --a DIST_DIR --b OTHER_DIST_DIR [--kind job|plain|all] [--pairs N]');
  process.exit(2);
}
const kind = String(args.kind ?? 'job');
if (!['job', 'plain', 'all'].includes(kind)) {
  console.error(`--kind must be job, plain or all, not ${kind}`);
  process.exit(2);
}
if (args.child) {
  await child(args.a, args.b, kind, args.first === 'b' ? 'b' : 'a');
} else {
  ensureProject({ name: 'saas' });
  const pairs = Number(args.pairs ?? 5);
  console.log(`plugin of A (${args.a}) and B (${args.b}) in one lint of the ${kind === 'all' ? 'files' : `${kind} files`} of bench/.work/saas, ${pairs} pairs of processes`);
  const ratios = [];
  for (let pair = 0; pair < pairs; pair++) {
    const runs = [];
    for (const first of ['a', 'b']) {
      const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', '--a', args.a, '--b', args.b, '--kind', kind, '--first', first], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(out.stderr);
      const run = JSON.parse(out.stdout);
      if (run.problems.a !== run.problems.b) throw new Error(`the builds report ${run.problems.a} and ${run.problems.b} problems`);
      runs.push(run);
      const share = (ms) => ((100 * ms) / run.eslint).toFixed(2);
      console.log(`  pair ${pair + 1}, ${first.toUpperCase()} first: A ${run.a.toFixed(1)} ms (${share(run.a)} % of the rest), B ${run.b.toFixed(1)} ms (${share(run.b)} %)`);
    }
    const ratio = Math.sqrt((runs[0].b / runs[0].a) * (runs[1].b / runs[1].a));
    ratios.push(ratio);
    console.log(`  pair ${pair + 1}: B / A = ${ratio.toFixed(3)}`);
  }
  const sorted = [...ratios].sort((x, y) => x - y);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
  console.log(`B / A over the pairs: median ${median.toFixed(3)}, from ${sorted[0].toFixed(3)} to ${sorted[sorted.length - 1].toFixed(3)}`);
}
