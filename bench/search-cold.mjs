#!/usr/bin/env node
// What the text searches of the plugin cost right after the parser has run on the file, as inside a
// lint, and what the same searches cost in a loop over the texts. Run by hand; nothing here is a
// test.
//
//   node bench/search-cold.mjs                          1,000 files without a job signal of bench/.work/saas
//   node bench/search-cold.mjs --kind job --files 300   the job files
//   node bench/search-cold.mjs --plugin DIR             another build's dist/
//
// Inside a lint a rule runs after the parser, the scope analysis and the other rules have filled
// the processor's caches and branch predictors with their own work, so a search costs several
// times what it costs in a loop over the same texts. Here each file is parsed with
// @typescript-eslint/parser (as ESLint parses it) before each probe is timed on it, the probes
// taking turns in first place; the loop times every probe over all texts, after one round to warm
// it. "floor" is the timer and a call doing nothing worth mentioning.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureProject, parseArgs } from './generate.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const require = createRequire(join(ROOT, 'package.json'));

const args = parseArgs(process.argv.slice(2));
const kind = args.kind ?? 'plain';
if (kind !== 'plain' && kind !== 'job') {
  console.error(`--kind must be plain or job, not ${kind}`);
  process.exit(2);
}
const count = Number(args.files ?? 1000);
const dist = resolve(typeof args.plugin === 'string' ? args.plugin : join(ROOT, 'dist'));
const load = (file) => require(join(dist, file));
const { createPrefilter, importSourcePattern, SHAPE_TOKENS, backslashesOnlyOutsideCode } = load('analysis/signals.js');
const { HANDLER_SHAPES } = load('analysis/handlers.js');
const { JOB_SYSTEMS } = load('analysis/jobs/index.js');
const { DATA_LAYERS } = load('analysis/data/index.js');
const { textPatternOf } = load('analysis/code-text.js');
const { resolveSettings } = load('util/settings.js');
const tsParser = require('@typescript-eslint/parser');

const { root, manifest } = ensureProject({ name: 'saas' });
const files = manifest.files.filter((file) => file.kind === kind).slice(0, count);
const texts = files.map((file) => readFileSync(join(root, file.path), 'utf8'));
const parse = (text) =>
  tsParser.parseForESLint(text, { range: true, loc: true, tokens: true, comment: true, filePath: 'file.ts', ecmaVersion: 'latest', sourceType: 'module' }).ast;

/** Every match of a global expression, as a search that reads the whole text does. */
const everyMatch = (pattern) => (text) => {
  pattern.lastIndex = 0;
  let found = 0;
  while (pattern.exec(text) !== null) found++;
  return found;
};

// The words the gate searches for besides import sources: the handler shapes and each system's
// token, receiver word or enqueue names (src/analysis/signals.ts).
const wordSources = [HANDLER_SHAPES.source];
for (const system of JOB_SYSTEMS) {
  const shape = SHAPE_TOKENS[system.id];
  if (shape === 'name') wordSources.push(`\\b(?:${system.enqueueNames.join('|')})\\b`);
  else if (shape instanceof RegExp) wordSources.push(shape.source);
  else if (shape) wordSources.push(shape.receiver.source);
}
const clientNames = DATA_LAYERS.filter((layer) => layer.clientNames).map((layer) => textPatternOf(layer.clientNames));
const prefilter = createPrefilter(resolveSettings({}));

// The tokens and comments of each file, for the gate's test of its backslashes in the loop.
const lexed = texts.map((text) => {
  const { tokens, comments } = parse(text);
  return { tokens, comments };
});

/** Each probe gets a text, its tokens and comments, and its number. */
const probes = {
  floor: (text) => text.length,
  gate: (text, { tokens, comments }, index) =>
    prefilter({ relativePath: files[index].path, text, escapesOutsideCode: backslashesOnlyOutsideCode(text, tokens, comments) }),
  'one word': everyMatch(/queue/gi),
  'gate words': everyMatch(new RegExp(wordSources.map((source) => `(?:${source})`).join('|'), 'gi')),
  'import sources': everyMatch(importSourcePattern([...new Set(JOB_SYSTEMS.flatMap((system) => system.sources))], 'g')),
  'client names': everyMatch(new RegExp(clientNames.map((pattern) => `(?:${pattern.source})`).join('|'), clientNames[0].flags)),
};
const names = Object.keys(probes);

const cold = Object.fromEntries(names.map((name) => [name, 0]));
for (let index = 0; index < texts.length; index++) {
  for (let turn = 0; turn < names.length; turn++) {
    const name = names[(index + turn) % names.length];
    const ast = parse(texts[index]);
    const started = process.hrtime.bigint();
    probes[name](texts[index], ast, index);
    cold[name] += Number(process.hrtime.bigint() - started);
  }
}
const warm = Object.fromEntries(names.map((name) => [name, 0]));
for (let round = 0; round < 4; round++) {
  for (const name of names) {
    const started = process.hrtime.bigint();
    for (let index = 0; index < texts.length; index++) probes[name](texts[index], lexed[index], index);
    if (round > 0) warm[name] += Number(process.hrtime.bigint() - started);
  }
}

const bytes = texts.reduce((sum, text) => sum + text.length, 0);
console.log(`${texts.length} ${kind} files of bench/.work/saas (${Math.round(bytes / texts.length)} characters each), ${dist}`);
console.log('probe'.padEnd(16) + 'after a parse'.padStart(16) + 'in a loop'.padStart(12));
for (const name of names) {
  const us = (ns) => `${(ns / 1000 / texts.length).toFixed(1)} us`;
  console.log(name.padEnd(16) + us(cold[name]).padStart(16) + us(warm[name] / 3).padStart(12));
}
