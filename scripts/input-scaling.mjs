#!/usr/bin/env node
// How lint time grows with the size of one file: generated job code of 1, 2, 4 and 8 MB (BullMQ
// producers and workers with Prisma queries, a planted finding of two rules in every unit), linted by
// ESLint's Linter with @typescript-eslint/parser, without and with the plugin's recommended config.
// Prints the CPU time (user + system, all threads) of each, the best of --reps runs, and the
// plugin's share; the numbers go to docs/reliability.md ("Bad input"). Nothing is asserted.
//
//   node scripts/input-scaling.mjs [--sizes 1,2,4,8] [--reps 3] [--plugin DIR]
//
// Uses the built plugin (dist/): run `npm run build` first.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateJobFile as generate } from './generated-job-file.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1] : fallback;
};
const sizes = option('--sizes', '1,2,4,8').split(',').map(Number);
const reps = Number(option('--reps', '3'));
const plugin = require(path.resolve(option('--plugin', ROOT)));
const { Linter } = require('eslint');
const parser = require('@typescript-eslint/parser');

const linter = new Linter({ configType: 'flat' });
const core = [{ files: ['**/*.ts'], languageOptions: { parser } }];
const withPlugin = [...core, plugin.configs.recommended];

/** CPU milliseconds of one lint, and its messages. */
function timed(code, config) {
  const start = process.cpuUsage();
  const messages = linter.verify(code, config, { filename: 'src/workers/generated.ts' });
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, messages };
}

// Warm-up, so the first size does not pay for compiling the parser and the rules.
timed(generate(256 * 1024).code, withPlugin);

const rows = [];
for (const mb of sizes) {
  const { code, units } = generate(mb * 1024 * 1024);
  let coreMs = Infinity;
  let pluginMs = Infinity;
  let findings = 0;
  for (let rep = 0; rep < reps; rep++) {
    coreMs = Math.min(coreMs, timed(code, core).ms);
    const run = timed(code, withPlugin);
    pluginMs = Math.min(pluginMs, run.ms);
    const fatal = run.messages.find((message) => message.fatal);
    if (fatal) throw new Error(`the generated ${mb} MB file does not parse: ${fatal.message}`);
    findings = run.messages.length;
  }
  rows.push({ mb, lines: code.split('\n').length, units, findings, coreMs, pluginMs });
}

console.log(`node ${process.version}, eslint ${require('eslint/package.json').version}, @typescript-eslint/parser ${require('@typescript-eslint/parser/package.json').version}; best of ${reps} (CPU time)`);
console.log('| size | lines | units | findings | ESLint + parser alone | with the plugin | plugin share | with the plugin, per MB |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  const share = Math.max(0, row.pluginMs - row.coreMs);
  console.log(
    `| ${row.mb} MB | ${row.lines.toLocaleString('en-US')} | ${row.units.toLocaleString('en-US')} | ${row.findings.toLocaleString('en-US')} | ${(row.coreMs / 1000).toFixed(2)} s | ${(row.pluginMs / 1000).toFixed(2)} s | ${(share / 1000).toFixed(2)} s | ${(row.pluginMs / row.mb / 1000).toFixed(2)} s |`,
  );
}
