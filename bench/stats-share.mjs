#!/usr/bin/env node
// The plugin's share of ESLint's parse and rule time, as ESLint itself times them (`stats: true`):
// the three rules' times (their `create` and every listener call) over the parse time plus every
// rule's time, summed over the generated project, config B, in one process. Run by hand after
// `npm run build`; nothing here is a test.
//
//   node bench/stats-share.mjs                    3,000 files of bench/.work/saas, the built plugin in dist/
//   node bench/stats-share.mjs --plugin DIR --runs 2
//
// `stats` times each listener call with its own timers and charges a rule with any garbage
// collection that falls inside its calls, so it reads higher than a CPU profile of the same lint
// does for the plugin; its whole (parse plus rules) leaves out everything else of the lint.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureProject, parseArgs } from './generate.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');

/** One lint of the project with `stats: true`, in this process: prints the sums as JSON. */
async function child(pluginDir, root) {
  const require = createRequire(join(ROOT, 'package.json'));
  const { ESLint } = require('eslint');
  const tsParser = require('@typescript-eslint/parser');
  const js = require('@eslint/js');
  const plugin = require(resolve(pluginDir));
  const globals = { console: 'readonly', process: 'readonly', setTimeout: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly' };
  const config = [js.configs.recommended, { files: ['**/*.ts'], languageOptions: { parser: tsParser, globals } }, plugin.configs.recommended];
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config, stats: true });
  const files = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')).files.map((file) => file.path);
  const results = await eslint.lintFiles(files);
  let pluginMs = 0;
  let rulesMs = 0;
  let parseMs = 0;
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      parseMs += pass.parse?.total ?? 0;
      for (const [rule, time] of Object.entries(pass.rules ?? {})) {
        rulesMs += time.total;
        if (rule.startsWith('tenant-jobs/')) pluginMs += time.total;
      }
    }
  }
  process.stdout.write(JSON.stringify({ pluginMs, parseMs, rulesMs }));
}

const args = parseArgs(process.argv.slice(2));
if (args.child) {
  const { plugin, root } = JSON.parse(args.child);
  await child(plugin, root);
} else {
  const project = ensureProject({});
  const files = project.manifest.files;
  const pluginDir = resolve(String(args.plugin ?? join(ROOT, 'dist')));
  const runs = Number(args.runs ?? 1);
  console.log(`${files.length} files of ${project.root}, plugin ${pluginDir}, ${runs} run(s), one process each`);
  for (let run = 1; run <= runs; run++) {
    const spec = JSON.stringify({ plugin: pluginDir, root: project.root });
    const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', spec], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (out.status !== 0) throw new Error(out.stderr);
    const { pluginMs, parseMs, rulesMs } = JSON.parse(out.stdout);
    const share = (100 * pluginMs) / (parseMs + rulesMs);
    console.log(`  run ${run}: plugin ${pluginMs.toFixed(0)} ms of parse ${parseMs.toFixed(0)} + rules ${rulesMs.toFixed(0)} ms = ${share.toFixed(2)} %`);
  }
}
