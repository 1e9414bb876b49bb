/**
 * Shared helpers of the `tenant-jobs` command's tests: they run the built command (dist/cli/bin.js)
 * as a child process, as a user would. `npm test` builds first; a run of these tests alone
 * (`npx vitest run tests/cli`) builds dist/ here when it is missing or older than src/.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'dist', 'cli', 'bin.js');
export const CLI_FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'cli');
const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const isBuilt = () => fs.existsSync(BIN) && fs.statSync(BIN).mtimeMs >= newestMtime(path.join(ROOT, 'src'));

/**
 * Builds dist/ with `tsc` (no clean, so other test files reading dist/ meanwhile keep working)
 * unless it is current. Test files run in parallel: a lock folder lets one of them build.
 */
export function ensureBuilt(): void {
  if (isBuilt()) return;
  const lock = path.join(os.tmpdir(), `tenant-jobs-build-${Buffer.from(ROOT).toString('hex').slice(-24)}.lock`);
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - started > 180_000) throw new Error(`timed out waiting for ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    if (!isBuilt()) {
      try {
        execFileSync(process.execPath, [requireFromRoot.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
      } catch (error) {
        // tsc emits despite type errors (those are `npm run typecheck`'s to report); only a build
        // that wrote nothing is fatal here.
        if (!isBuilt()) throw error;
      }
      fs.chmodSync(BIN, 0o755);
    }
  } finally {
    fs.rmdirSync(lock);
  }
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/cli/bin.js …args` in `cwd`, with no TTY (pipes) and `env` added. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A throwaway project folder with these files (paths relative to it); removed by the returned function. */
export function makeProject(files: Record<string, string>): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-jobs-cli-'));
  for (const [file, text] of Object.entries(files)) {
    const full = path.join(dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The CLI's modules from dist/ (the code the command runs), typed by their sources. */
export function loadDist() {
  const require = requireFromRoot;
  return {
    audit: require(path.join(ROOT, 'dist', 'cli', 'audit.js')) as typeof import('../../src/cli/audit'),
    prefilter: require(path.join(ROOT, 'dist', 'analysis', 'signals.js')) as typeof import('../../src/analysis/signals'),
    walk: require(path.join(ROOT, 'dist', 'cli', 'walk.js')) as typeof import('../../src/cli/walk'),
    gitignore: require(path.join(ROOT, 'dist', 'cli', 'gitignore.js')) as typeof import('../../src/cli/gitignore'),
    eslintOptions: require(path.join(ROOT, 'dist', 'cli', 'eslint-options.js')) as typeof import('../../src/cli/eslint-options'),
    text: require(path.join(ROOT, 'dist', 'cli', 'format', 'text.js')) as typeof import('../../src/cli/format/text'),
    settings: require(path.join(ROOT, 'dist', 'util', 'settings.js')) as typeof import('../../src/util/settings'),
    plugin: require(path.join(ROOT, 'dist', 'index.js')) as typeof import('../../src/plugin').default,
    jobs: require(path.join(ROOT, 'dist', 'analysis', 'jobs', 'index.js')) as typeof import('../../src/analysis/jobs'),
  };
}
