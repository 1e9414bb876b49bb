#!/usr/bin/env node
// Compares the rules' gate (engine `hasJobSignal`: the text tests every file pays) of two builds of
// the plugin inside one lint. Run by hand; nothing here is a test.
//
//   node bench/gate-ab.mjs --a DIR --b DIR          two built dist/ folders, 1,000 files of bench/.work/saas
//   node bench/gate-ab.mjs --a DIR --b DIR --files 3000 --reps 3
//
// The gate's cost inside a lint depends on what the parser and the other rules left in the
// processor's caches, and this machine's load moves a whole lint's time by more than the gate's
// share, so timing two builds in turn measures the machine as much as the builds. Here a probe rule,
// last after `@eslint/js` recommended, runs both builds' gates on each file, in turn, the first one
// alternating from file to file, and sums each build's time. Both gates must give every file the
// same answer; the run stops if they do not.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureProject, parseArgs } from './generate.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');

/** One lint of the sample with both gates, in this process: prints both totals in ms. */
function child(a, b, count) {
  const require = createRequire(join(ROOT, 'package.json'));
  const { Linter } = require('eslint');
  const tsParser = require('@typescript-eslint/parser');
  const js = require('@eslint/js');
  const gates = [a, b].map((dir) => require(join(resolve(dir), 'analysis', 'engine.js')).hasJobSignal);
  const root = join(HERE, '.work', 'saas');
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  // An evenly spread sample with the project's share of job files.
  const files = manifest.files.filter((_, i) => Math.floor(((i + 1) * count) / manifest.files.length) > Math.floor((i * count) / manifest.files.length));
  const ns = [0n, 0n];
  let turn = 0;
  let differ = 0;
  const probe = {
    meta: { schema: [] },
    create(context) {
      const first = turn++ % 2;
      const answers = [];
      for (const which of [first, 1 - first]) {
        const started = process.hrtime.bigint();
        answers[which] = gates[which](context);
        ns[which] += process.hrtime.bigint() - started;
      }
      if (answers[0] !== answers[1]) differ++;
      return {};
    },
  };
  const linter = new Linter({ configType: 'flat', cwd: root });
  const config = [
    js.configs.recommended,
    { files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { probe: { rules: { probe } } }, rules: { 'probe/probe': 'error' } },
  ];
  for (const file of files) linter.verify(readFileSync(join(root, file.path), 'utf8'), config, join(root, file.path));
  process.stdout.write(JSON.stringify({ a: Number(ns[0]) / 1e6, b: Number(ns[1]) / 1e6, files: files.length, differ }));
}

const args = parseArgs(process.argv.slice(2));
if (typeof args.a !== 'string' || typeof args.b !== 'string') {
  console.error('usage: node bench/gate-ab.mjs --a DIST_DIR --b DIST_DIR [--files N] [--reps N]');
  process.exit(2);
}
const count = Number(args.files ?? 1000);
if (args.child) {
  child(args.a, args.b, count);
} else {
  ensureProject({ name: 'saas' });
  const reps = Number(args.reps ?? 3);
  console.log(`gate of A (${args.a}) and B (${args.b}) in one lint of ${count} files of bench/.work/saas, ${reps} fresh processes`);
  for (let rep = 0; rep < reps; rep++) {
    const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', '--a', args.a, '--b', args.b, '--files', String(count)], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(out.stderr);
    const { a, b, files, differ } = JSON.parse(out.stdout);
    if (differ > 0) throw new Error(`the builds' gates disagree on ${differ} of ${files} files`);
    console.log(`  run ${rep + 1}: A ${a.toFixed(1)} ms, B ${b.toFixed(1)} ms (${((b / a - 1) * 100).toFixed(1)} %); ${((a * 1000) / files).toFixed(1)} and ${((b * 1000) / files).toFixed(1)} us a file`);
  }
}
