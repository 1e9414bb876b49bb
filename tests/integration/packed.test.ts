/**
 * The plugin as users get it: `npm pack` of the repository, installed from the tarball into four
 * consumer projects (ESLint 8.57 with .eslintrc.cjs, ESLint 9 and 10 with eslint.config.mjs, on
 * TypeScript 5.9; ESLint 10 on TypeScript 6.0 as the parser's TypeScript) that lint the same source
 * tree with the real `eslint` binary. Every project must report the same findings; the ESLint 10
 * project also runs the strict config.
 *
 * Set-up: the templates under fixtures/ are copied into tests/integration/.work/ (gitignored) and
 * installed with npm (from the registry, or npm's cache when it has the packages).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(__dirname, 'fixtures');
const WORK = path.join(__dirname, '.work');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** Windows runs npm.cmd only through a shell. */
const SHELL = process.platform === 'win32';

const rootPackage = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

interface Project {
  /** Folder name under fixtures/ and .work/. */
  name: string;
  eslintMajor: string;
  /** The `major.minor` of TypeScript installed next to @typescript-eslint/parser. */
  typescriptMinor: string;
  /** How the project configures ESLint. */
  config: 'eslintrc' | 'flat';
  /** Arguments of `eslint` before `--format json src`. */
  eslintArgs: string[];
  /** Environment of the `eslint` run. */
  eslintEnv: Record<string, string>;
}

const PROJECTS: Project[] = [
  // ESLint 8.57 switches to flat config when it finds an eslint.config.* in the folder or any folder
  // above it, as it would here in the repository's own: legacy users turn that off like this.
  { name: 'eslint-8', eslintMajor: '8.57', typescriptMinor: '5.9', config: 'eslintrc', eslintArgs: ['--ext', '.ts'], eslintEnv: { ESLINT_USE_FLAT_CONFIG: 'false' } },
  { name: 'eslint-9', eslintMajor: '9', typescriptMinor: '5.9', config: 'flat', eslintArgs: [], eslintEnv: {} },
  { name: 'eslint-10', eslintMajor: '10', typescriptMinor: '5.9', config: 'flat', eslintArgs: [], eslintEnv: {} },
  // typescript-eslint 8.72 supports TypeScript >=4.8.4 <6.1.0: 6.0 must parse without its
  // "not officially supported" warning and give the same findings.
  { name: 'eslint-10-ts-6', eslintMajor: '10', typescriptMinor: '6.0', config: 'flat', eslintArgs: [], eslintEnv: {} },
];

interface Finding {
  file: string;
  ruleId: string | null;
  messageId: string | undefined;
  line: number;
  column: number;
}

const RULE = 'tenant-jobs/require-tenant-in-job-payload';

/** What the recommended config reports on fixtures/src, the same on ESLint 8, 9 and 10. */
const EXPECTED: Finding[] = [
  // `inngest.send({ name, data: { userId, email } })`
  { file: 'src/events/users.ts', ruleId: RULE, messageId: 'missingTenantKey', line: 8, column: 11 },
  // `invoiceQueue.add('send-invoice', { invoiceId, userId })`
  { file: 'src/jobs/invoices.ts', ruleId: RULE, messageId: 'missingTenantKey', line: 9, column: 42 },
  // `invoiceQueue.add('cleanup-drafts', {})`
  { file: 'src/jobs/invoices.ts', ruleId: RULE, messageId: 'emptyPayload', line: 14, column: 44 },
  // `tasks.trigger('export-csv', { exportId, format: 'csv' })`
  { file: 'src/trigger/reports.ts', ruleId: RULE, messageId: 'missingTenantKey', line: 9, column: 52 },
];

/** What the strict config reports in addition: the payload that is a function parameter. */
const EXPECTED_STRICT_EXTRA: Finding[] = [
  // `webhookQueue.add('deliver', delivery, …)` with `delivery` a parameter
  { file: 'src/jobs/webhooks.ts', ruleId: RULE, messageId: 'unresolvedPayload', line: 13, column: 37 },
];

/** Every .ts file of the fixture source tree, relative to the project, sorted. */
const SOURCE_FILES = listFiles(path.join(FIXTURES, 'src'))
  .map((file) => `src/${file}`)
  .filter((file) => file.endsWith('.ts'))
  .sort();

const timings: string[] = [];

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(path.join(dir, entry.name)).map((file) => `${entry.name}/${file}`)
      : [entry.name],
  );
}

/**
 * The environment for child processes, without what `npm test` sets for its own script run (the
 * repository's package, lifecycle and prefix variables: each inner npm works on its consumer
 * project alone) and without a caller's ESLINT_USE_FLAT_CONFIG (each project sets its own).
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const drop =
    /^(npm_(package_|lifecycle_|command$|execpath$|node_execpath$|config_(local_prefix|prefix|global_prefix|loglevel|user_agent|npm_version)$)|init_cwd$|eslint_use_flat_config$)/i;
  for (const [key, value] of Object.entries(process.env)) if (!drop.test(key)) env[key] = value;
  env.NO_UPDATE_NOTIFIER = '1';
  return env;
}

function seconds(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}

/** Runs a command to completion and returns its stdout; throws with its whole output when it fails. */
function runSync(command: string, args: string[], cwd: string): string {
  const run = spawnSync(command, args, { cwd, env: childEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, shell: SHELL });
  if (run.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} in ${cwd} exited with ${run.status}${run.error ? ` (${run.error.message})` : ''}\n` +
        `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`,
    );
  }
  return run.stdout;
}

/** Runs a command to completion without blocking the event loop (for parallel installs). */
function runAsync(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], shell: SHELL });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

function projectDir(project: Project): string {
  return path.join(WORK, project.name);
}

/** `npm pack` of the repository into the work folder; returns the tarball's file name. */
function pack(): string {
  if (!existsSync(path.join(ROOT, 'dist', 'index.js'))) {
    const start = Date.now();
    runSync(NPM, ['run', 'build'], ROOT);
    timings.push(`build: ${seconds(start)}`);
  }
  const start = Date.now();
  const out = runSync(NPM, ['pack', '--json', '--pack-destination', WORK], ROOT);
  timings.push(`npm pack: ${seconds(start)}`);
  // Anything a pack script prints comes before the JSON.
  const json = out.startsWith('[') ? out : out.slice(out.indexOf('\n[') + 1);
  const [info] = JSON.parse(json) as {
    filename: string;
    files: { path: string }[];
  }[];
  const files = info!.files.map((file) => file.path);
  expect(files).toContain('package.json');
  expect(files).toContain('dist/index.js');
  expect(files).toContain('dist/index.d.ts');
  expect(files.filter((file) => /^(src|tests|bench|examples|scripts|node_modules)\//.test(file))).toEqual([]);
  return info!.filename;
}

/** Copies a project's template and the shared source tree; adds the tarball to its dependencies. */
function setUpProject(project: Project, tarball: string): void {
  const dir = projectDir(project);
  cpSync(path.join(FIXTURES, project.name), dir, { recursive: true });
  cpSync(path.join(FIXTURES, 'src'), path.join(dir, 'src'), { recursive: true });
  if (project.config === 'eslintrc') cpSync(path.join(ROOT, '.eslintrc.cjs'), path.join(dir, '.eslintrc.cjs'));
  const manifestPath = path.join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { devDependencies: Record<string, string> };
  manifest.devDependencies[rootPackage.name] = `file:../${tarball}`;
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}

async function install(project: Project): Promise<void> {
  const start = Date.now();
  const { code, output } = await runAsync(
    NPM,
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'],
    projectDir(project),
  );
  timings.push(`npm install (${project.name}): ${seconds(start)}`);
  if (code !== 0) throw new Error(`npm install in ${projectDir(project)} exited with ${code}:\n${output}`);
}

interface LintResult {
  filePath: string;
  messages: { ruleId: string | null; messageId?: string; line: number; column: number; message: string; fatal?: boolean }[];
}

/** Runs the project's own `eslint` binary with `--format json` over src/. */
function lint(project: Project, extraArgs: string[] = []): { files: string[]; findings: Finding[]; stderr: string } {
  const dir = projectDir(project);
  const eslintPackage = path.join(dir, 'node_modules', 'eslint', 'package.json');
  const { bin } = JSON.parse(readFileSync(eslintPackage, 'utf8')) as { bin: Record<string, string> };
  const eslintBin = path.join(dir, 'node_modules', 'eslint', bin.eslint!);
  const args = [eslintBin, ...project.eslintArgs, ...extraArgs, '--format', 'json', 'src'];
  const start = Date.now();
  const run = spawnSync(process.execPath, args, {
    cwd: dir,
    env: { ...childEnv(), ...project.eslintEnv },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  timings.push(`eslint ${[...project.eslintArgs, ...extraArgs, 'src'].join(' ')} (${project.name}): ${seconds(start)}`);
  const describeRun = (): string =>
    `eslint in ${dir} (${args.slice(1).join(' ')}) exited with ${run.status}${run.error ? ` (${run.error.message})` : ''}\n` +
    `stderr:\n${run.stderr}\nstdout:\n${run.stdout.slice(0, 4000)}`;
  // 0: no errors, 1: lint errors; 2 is a configuration or crash.
  if (run.status !== 0 && run.status !== 1) throw new Error(describeRun());
  let results: LintResult[];
  try {
    results = JSON.parse(run.stdout) as LintResult[];
  } catch {
    throw new Error(`eslint printed no JSON report.\n${describeRun()}`);
  }
  if (run.stderr.trim() !== '') console.warn(`eslint stderr (${project.name}):\n${run.stderr}`);
  const relative = (file: string): string => path.relative(dir, file).split(path.sep).join('/');
  const findings = results
    .flatMap((result) =>
      result.messages.map((message) => ({
        file: relative(result.filePath),
        ruleId: message.ruleId,
        // Parse errors and crashes have no messageId; their text says what went wrong.
        messageId: message.messageId ?? (message.fatal ? `fatal: ${message.message}` : undefined),
        line: message.line,
        column: message.column,
      })),
    )
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { files: results.map((result) => relative(result.filePath)).sort(), findings, stderr: run.stderr };
}

/** Runs a Node script in the project folder (so package resolution is the project's) and parses its JSON output. */
function nodeJson<T>(project: Project, args: string[]): T {
  const run = spawnSync(process.execPath, args, { cwd: projectDir(project), env: childEnv(), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} in ${projectDir(project)} exited with ${run.status}:\n${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

const REQUIRE_SCRIPT = `
const path = require('path');
const plugin = require('eslint-plugin-tenant-jobs');
// Modules the plugin itself loaded (nothing else ran before it).
const loadedPackages = [...new Set(Object.keys(require.cache).map((file) => /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)[\\\\/]/.exec(path.relative(process.cwd(), file))?.[1]).filter(Boolean))].sort();
const manifest = require('eslint-plugin-tenant-jobs/package.json');
const pluginDir = path.dirname(require.resolve('eslint-plugin-tenant-jobs/package.json'));
const dependencies = {};
for (const name of Object.keys(manifest.dependencies || {})) {
  dependencies[name] = require.resolve(name, { paths: [pluginDir] });
}
console.log(JSON.stringify({
  entry: require.resolve('eslint-plugin-tenant-jobs'),
  dependencies,
  keys: Object.keys(plugin).sort(),
  meta: plugin.meta,
  rules: Object.keys(plugin.rules),
  configs: Object.keys(plugin.configs),
  legacyRecommended: plugin.configs['legacy-recommended'],
  recommendedRules: plugin.configs.recommended.rules,
  flatRegistersItself: plugin.configs.recommended.plugins['tenant-jobs'] === plugin,
  loadedPackages,
}));
`;

const IMPORT_SCRIPT = `
import plugin from 'eslint-plugin-tenant-jobs';
import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/');
console.log(JSON.stringify({
  sameAsRequire: plugin === require('eslint-plugin-tenant-jobs'),
  keys: Object.keys(plugin).sort(),
  version: plugin.meta.version,
  configs: Object.keys(plugin.configs),
  strictRegistersItself: plugin.configs.strict.plugins['tenant-jobs'] === plugin,
}));
`;

beforeAll(async () => {
  const start = Date.now();
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const tarball = pack();
  for (const project of PROJECTS) setUpProject(project, tarball);
  // In parallel: each install mostly waits on the registry or the disk.
  const installs = await Promise.allSettled(PROJECTS.map((project) => install(project)));
  timings.push(`set-up in all: ${seconds(start)}`);
  const failures = installs.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failures.length > 0) throw new Error(failures.map((failure) => String(failure.reason)).join('\n\n'));
}, 900_000);

afterAll(() => {
  console.log(`packed.test.ts timings:\n  ${timings.join('\n  ')}`);
});

describe.each(PROJECTS)('packed plugin on $name', (project) => {
  it(`installs ESLint ${project.eslintMajor}`, () => {
    const { version } = JSON.parse(
      readFileSync(path.join(projectDir(project), 'node_modules', 'eslint', 'package.json'), 'utf8'),
    ) as { version: string };
    expect(version.startsWith(`${project.eslintMajor}.`)).toBe(true);
  });

  it(`installs TypeScript ${project.typescriptMinor}, the one @typescript-eslint/parser loads`, () => {
    const dir = realpathSync(projectDir(project));
    const loaded = nodeJson<{ version: string; file: string }>(project, [
      '-e',
      `const path = require('path');
       const estree = path.dirname(require.resolve('@typescript-eslint/typescript-estree/package.json', { paths: [path.dirname(require.resolve('@typescript-eslint/parser/package.json'))] }));
       const file = require.resolve('typescript', { paths: [estree] });
       console.log(JSON.stringify({ version: require(file).version, file }));`,
    ]);
    expect(loaded.version.startsWith(`${project.typescriptMinor}.`), loaded.version).toBe(true);
    expect(loaded.file.startsWith(path.join(dir, 'node_modules', 'typescript') + path.sep)).toBe(true);
  });

  it('reports the expected findings with the recommended config', () => {
    const { files, findings, stderr } = lint(project);
    expect(files).toEqual(SOURCE_FILES);
    expect(findings).toEqual(EXPECTED);
    // typescript-estree warns on stderr about a TypeScript outside its supported range.
    expect(stderr).not.toMatch(/not officially supported/);
  }, 120_000);

  it('is the installed tarball to require(), with the repository version', () => {
    const dir = realpathSync(projectDir(project));
    const loaded = nodeJson<{
      entry: string;
      dependencies: Record<string, string>;
      keys: string[];
      meta: { name: string; version: string; namespace: string };
      rules: string[];
      configs: string[];
      legacyRecommended: unknown;
      recommendedRules: unknown;
      flatRegistersItself: boolean;
      loadedPackages: string[];
    }>(project, ['-e', REQUIRE_SCRIPT]);
    expect(loaded.entry).toBe(path.join(dir, 'node_modules', 'eslint-plugin-tenant-jobs', 'dist', 'index.js'));
    // Resolved inside the project: nothing may come from the repository's own node_modules above it.
    expect(Object.keys(loaded.dependencies).sort()).toEqual([
      '@prisma/prisma-schema-wasm',
      '@typescript-eslint/types',
      '@typescript-eslint/typescript-estree',
      '@typescript-eslint/utils',
      'picomatch',
    ]);
    // Loading the plugin loads only what every lint needs: `@typescript-eslint/utils` is for the
    // declaration files' types, the schema readers' packages load when a schema is read.
    expect(loaded.loadedPackages).toEqual(['@typescript-eslint/types', 'eslint-plugin-tenant-jobs', 'picomatch']);
    for (const file of Object.values(loaded.dependencies)) {
      expect(file.startsWith(path.join(dir, 'node_modules') + path.sep)).toBe(true);
    }
    expect(loaded.keys).toEqual(['configs', 'meta', 'rules']);
    expect(loaded.meta).toEqual({ name: rootPackage.name, version: rootPackage.version, namespace: 'tenant-jobs' });
    expect(loaded.rules).toContain('require-tenant-in-job-payload');
    expect(loaded.configs.sort()).toEqual(['legacy-recommended', 'legacy-strict', 'recommended', 'strict']);
    expect(loaded.legacyRecommended).toMatchObject({
      plugins: ['tenant-jobs'],
      rules: { [RULE]: 'error' },
    });
    expect(loaded.recommendedRules).toMatchObject({ [RULE]: 'error' });
    expect(loaded.flatRegistersItself).toBe(true);
  }, 60_000);

  it('installs the `tenant-jobs` command, whose audit gives the same findings and FAIL', () => {
    const bin = path.join(projectDir(project), 'node_modules', '.bin', 'tenant-jobs');
    const run = spawnSync(bin, ['audit', 'src', '--format', 'json'], { cwd: projectDir(project), env: childEnv(), encoding: 'utf8', shell: SHELL });
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as {
      verdict: string;
      tool: { eslint: string };
      findings: { file: string; ruleId: string; messageId: string | null; line: number; column: number }[];
    };
    expect(report.verdict).toBe('FAIL');
    expect(report.tool.eslint.startsWith(`${project.eslintMajor}.`)).toBe(true);
    const findings = report.findings
      .map(({ file, ruleId, messageId, line, column }) => ({ file, ruleId, messageId, line, column }))
      .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
    expect(findings).toEqual(lint(project).findings);
  }, 120_000);

  it('is the same plugin object to an ESM import', () => {
    const imported = nodeJson<{
      sameAsRequire: boolean;
      keys: string[];
      version: string;
      configs: string[];
      strictRegistersItself: boolean;
    }>(project, ['--input-type=module', '-e', IMPORT_SCRIPT]);
    expect(imported).toEqual({
      sameAsRequire: true,
      keys: ['configs', 'meta', 'rules'],
      version: rootPackage.version,
      configs: ['recommended', 'strict', 'legacy-recommended', 'legacy-strict'],
      strictRegistersItself: true,
    });
  }, 60_000);
});

describe('packed plugin, strict config', () => {
  const project = PROJECTS.find((p) => p.name === 'eslint-10')!;

  it('also reports a payload the file cannot show (ESLint 10, flat configs.strict)', () => {
    const { files, findings } = lint(project, ['-c', 'eslint.strict.config.mjs']);
    expect(files).toEqual(SOURCE_FILES);
    const expected = [...EXPECTED, ...EXPECTED_STRICT_EXTRA].sort(
      (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
    );
    expect(findings).toEqual(expected);
  }, 120_000);
});
