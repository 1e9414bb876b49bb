#!/usr/bin/env node
// Runs `tenant-jobs audit examples/saas-app`, the command a user runs on a repository, and shows
// its text report: the example app's verdict is FAIL, with a "detail on fail" line per finding.
// Builds the plugin first when dist/ is missing or older than src/. Exits 0 when the audit ran
// and failed the example app as it should: the failure is the point of the demo.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const bin = path.join(root, 'dist', 'cli', 'bin.js');
if (!existsSync(bin) || statSync(bin).mtimeMs < newestMtime(path.join(root, 'src'))) {
  console.log('Building the plugin…');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}

const target = path.join('examples', 'saas-app');
console.log(`$ tenant-jobs audit ${target}\n`);
const run = spawnSync(process.execPath, [bin, 'audit', target], { cwd: root, stdio: 'inherit' });
if (run.error) throw run.error;

// `tenant-jobs audit` exits 1 on FAIL, which is what the example app is for.
if (run.status === 1) {
  console.log(`The audit exited 1 (FAIL), as expected: each finding is a job of examples/saas-app that could mix tenants' data, marked with a \`Finding:\` comment there.`);
  process.exit(0);
}
console.error(`The demo expected the audit to FAIL (exit code 1); it exited ${run.status ?? run.signal}.`);
process.exit(1);
