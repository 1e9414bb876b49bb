#!/usr/bin/env node
// What each part of the rules' text gate (src/analysis/signals.ts) costs inside a lint. Run by
// hand after `npm run build`; nothing here is a test.
//
//   node bench/gate-parts.mjs            900 no-signal files of bench/.work/saas, each part 3 times
//   node bench/gate-parts.mjs --files N --reps N
//
// The gate runs right after the parser, and there it costs about three times what the same tests
// cost in a loop over the texts. So each part is timed where the gate runs: a probe rule, last
// after `@eslint/js` recommended, runs that one part on the file being linted, in a fresh process
// per part and repetition (no state carried from another part). `none` is the probe doing nothing
// (the timer's own cost); `gate` is the whole pre-filter, as the rules call it. The last three
// show how much of that is the gate's code and data coming back into the caches after the parse:
// `gate, again` is the gate's second call on the file (the first not timed), `gate, 300 chars` the
// gate's first call on the file's first 300 characters, and `gate, after 300` the gate on the
// whole file after an untimed call on those 300 characters.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureProject, parseArgs } from './generate.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const DIST = join(ROOT, 'dist');

const PARTS = ['none', 'escapes', 'import sources', 'path tests', 'handler shapes', 'receiver words', 'tokens', 'gate', 'gate, again', 'gate, 300 chars', 'gate, after 300'];
const SHORT = 300;

/** One part, timed over the lint of the given files, in this process: prints the total in ms. */
function child(part, count) {
  const require = createRequire(join(ROOT, 'package.json'));
  const { Linter } = require('eslint');
  const tsParser = require('@typescript-eslint/parser');
  const js = require('@eslint/js');
  const signals = require(join(DIST, 'analysis', 'signals.js'));
  const { isCronRoute } = require(join(DIST, 'analysis', 'handlers.js'));
  const { JOB_SYSTEMS } = require(join(DIST, 'analysis', 'jobs', 'index.js'));
  const { getSettings } = require(join(DIST, 'util', 'settings.js'));
  const settings = getSettings({});
  const sources = new RegExp(`['"\`](${signals.trieAlternation([...new Set(JOB_SYSTEMS.flatMap((s) => s.sources))])})(?=['"\`/])`, 'g');
  const shapes = /\bcreateFunction\b|\.(work|define)\s*\(|\b(queue|scheduled)\s*\(|\bSQS(Event|Handler)\b/;
  const receivers = Object.values(signals.SHAPE_TOKENS).flatMap((shape) => (shape && !(shape instanceof RegExp) ? [shape.receiver] : []));
  const tokens = [/\benv\b/, /\b(?:enqueue|enqueueMany)\b/];
  /** @type {Record<string, (text: string, path: string) => unknown>} */
  const run = {
    none: () => 0,
    escapes: (text) => signals.escapedParts(text, 124),
    'import sources': (text) => [...text.matchAll(sources)].length,
    'path tests': (_text, path) => settings.isJobFile(path) || isCronRoute(path),
    'handler shapes': (text) => shapes.test(text),
    'receiver words': (text) => receivers.filter((pattern) => pattern.test(text)).length,
    tokens: (text) => tokens.filter((pattern) => pattern.test(text)).length,
    gate: (text, path) => signals.fileMayReport(settings, { relativePath: path, text }),
  };
  const gate = run.gate;
  run['gate, again'] = gate;
  run['gate, after 300'] = gate;
  run['gate, 300 chars'] = (text, path) => gate(text.slice(0, SHORT), path);
  /** What runs untimed before the timed part, in the same rule call. */
  const before = { 'gate, again': gate, 'gate, after 300': (text, path) => gate(text.slice(0, SHORT), path) }[part];
  const timed = run[part];
  const root = join(HERE, '.work', 'saas');
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  const files = manifest.files.filter((file) => file.kind !== 'job').slice(0, count);
  let ns = 0n;
  let current = '';
  const probe = {
    meta: { schema: [] },
    create(context) {
      const text = context.sourceCode.text;
      before?.(text, current);
      const started = process.hrtime.bigint();
      timed(text, current);
      ns += process.hrtime.bigint() - started;
      return {};
    },
  };
  const linter = new Linter({ configType: 'flat', cwd: root });
  const config = [
    js.configs.recommended,
    { files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { probe: { rules: { probe } } }, rules: { 'probe/probe': 'error' } },
  ];
  for (const file of files) {
    current = file.path;
    linter.verify(readFileSync(join(root, file.path), 'utf8'), config, join(root, file.path));
  }
  process.stdout.write(JSON.stringify({ ms: Number(ns) / 1e6, files: files.length }));
}

const args = parseArgs(process.argv.slice(2));
if (args.child) {
  child(args.child, Number(args.files));
} else {
  const count = Number(args.files ?? 900);
  const reps = Number(args.reps ?? 3);
  ensureProject({ name: 'saas' });
  console.log(`gate parts inside a lint: ${count} no-signal files of bench/.work/saas, median of ${reps} fresh processes per part`);
  for (const part of PARTS) {
    const runs = [];
    for (let rep = 0; rep < reps; rep++) {
      const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', part, '--files', String(count)], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`${part}: ${out.stderr}`);
      runs.push(JSON.parse(out.stdout).ms);
    }
    runs.sort((a, b) => a - b);
    const median = runs[runs.length >> 1];
    console.log(`  ${part.padEnd(16)} ${median.toFixed(1).padStart(7)} ms  (${((median * 1000) / count).toFixed(1)} us a file; runs ${runs.map((ms) => ms.toFixed(1)).join(', ')})`);
  }
}
