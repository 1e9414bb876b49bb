#!/usr/bin/env node
// Lints the example app with the plugin's recommended config and shows what it finds.
// Builds the plugin first when dist/ is missing or older than src/. Exits 0 when the lint ran:
// the findings are the point of the demo.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const built = path.join(root, 'dist', 'index.js');
if (!existsSync(built) || statSync(built).mtimeMs < newestMtime(path.join(root, 'src'))) {
  console.log('Building the plugin…');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}

const { ESLint } = await import('eslint');
const parser = require('@typescript-eslint/parser');
const plugin = require(built);

const target = path.join(root, 'examples');
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser } },
    plugin.configs.recommended,
  ],
});
const results = await eslint.lintFiles([`${path.relative(root, target)}/**/*.ts`]);
const formatter = await eslint.loadFormatter('stylish');
const output = await formatter.format(results);
const findings = results.reduce((sum, result) => sum + result.errorCount + result.warningCount, 0);
const fatal = results.filter((result) => result.messages.some((message) => message.fatal));

console.log(`eslint-plugin-tenant-jobs ${plugin.meta.version}: linting ${results.length} files of examples/ with the recommended config.`);
console.log(output || '\nNo findings.\n');
console.log(`${findings} finding(s). Each one is a job that could mix tenants' data; see the \`Finding:\` comments in examples/.`);
if (fatal.length > 0) {
  console.error(`Parsing failed in ${fatal.length} file(s).`);
  process.exit(1);
}
