/**
 * Cache- and thread-safety (SPEC section 7): the fixture SaaS project (tests/fixtures/saas-project,
 * as tests/integration/fixture-project.test.ts lints it) gives the same findings linted serially,
 * twice with ESLint's cache (the second run from the cache), on two worker threads
 * (`concurrency: 2`, ESLint 9.34+), and on two threads with the cache.
 *
 * Worker threads load the configuration themselves, so every run here uses one config file (in a
 * temporary folder) that imports the built plugin (dist/) and the parser by absolute path. ESLint's
 * cache hashes the configuration, plugins and parser included, which needs the plugin's
 * `meta.name` and `meta.version`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'saas-project');

let temp: string;
let configFile: string;

/** `file:line:column ruleId messageId message` of every message, the file relative to the fixture, sorted. */
function findingsOf(results: ESLint.LintResult[]): string[] {
  return results
    .flatMap((result) =>
      result.messages.map((message) => {
        const file = path.relative(FIXTURE, result.filePath).split(path.sep).join('/');
        return `${file}:${message.line}:${message.column} ${message.ruleId} ${message.messageId ?? ''} ${message.message}`;
      }),
    )
    .sort();
}

async function lint(options: ESLint.Options = {}): Promise<{ files: number; findings: string[] }> {
  const eslint = new ESLint({ cwd: FIXTURE, overrideConfigFile: configFile, ...options });
  const results = await eslint.lintFiles(['.']);
  return { files: results.length, findings: findingsOf(results) };
}

beforeAll(() => {
  const pluginEntry = path.join(ROOT, 'dist', 'index.js');
  if (!fs.existsSync(pluginEntry)) throw new Error('These tests lint with the built plugin: run `npm run build` first (npm test does).');
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-jobs-cache-'));
  configFile = path.join(temp, 'eslint.config.mjs');
  const parserEntry = require.resolve('@typescript-eslint/parser');
  fs.writeFileSync(
    configFile,
    [
      `import tsParser from ${JSON.stringify(pathToFileURL(parserEntry).href)};`,
      `import tenantJobs from ${JSON.stringify(pathToFileURL(pluginEntry).href)};`,
      `export default [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, tenantJobs.configs.recommended];`,
      '',
    ].join('\n'),
  );
});

afterAll(() => {
  if (temp) fs.rmSync(temp, { recursive: true, force: true });
});

describe('the fixture project, linted serially, with the cache and on two threads', () => {
  let serial: { files: number; findings: string[] };

  beforeAll(async () => {
    serial = await lint();
  }, 120_000);

  it('has findings to compare (the serial run is the reference)', () => {
    expect(serial.files).toBeGreaterThan(40);
    expect(serial.findings.length).toBeGreaterThan(10);
    expect(serial.findings.every((finding) => / tenant-jobs\//.test(finding))).toBe(true);
  });

  it('gives the same findings twice with --cache, the second time from the cache', async () => {
    const cacheLocation = path.join(temp, 'serial.eslintcache');
    const first = await lint({ cache: true, cacheLocation });
    expect(fs.existsSync(cacheLocation)).toBe(true);
    const cached = fs.readFileSync(cacheLocation, 'utf8');
    // Every linted file is in the cache, with its results.
    expect(cached).toContain('saas-project');
    const second = await lint({ cache: true, cacheLocation });
    expect(first).toEqual(serial);
    expect(second).toEqual(serial);
    // The second run read the cache and did not rewrite it with anything new.
    expect(fs.readFileSync(cacheLocation, 'utf8')).toBe(cached);
  }, 120_000);

  it('gives the same findings on two worker threads (concurrency: 2)', async () => {
    expect(await lint({ concurrency: 2 })).toEqual(serial);
  }, 120_000);

  it('gives the same findings on two threads with the cache, twice', async () => {
    const cacheLocation = path.join(temp, 'threads.eslintcache');
    expect(await lint({ concurrency: 2, cache: true, cacheLocation })).toEqual(serial);
    expect(await lint({ concurrency: 2, cache: true, cacheLocation })).toEqual(serial);
  }, 120_000);

  it('gives the same findings linting the files one at a time, in reverse order, in one process', async () => {
    const eslint = new ESLint({ cwd: FIXTURE, overrideConfigFile: configFile });
    const files = (await eslint.lintFiles(['.'])).map((result) => result.filePath).reverse();
    const results: ESLint.LintResult[] = [];
    for (const file of files) results.push(...(await eslint.lintFiles([file])));
    expect(findingsOf(results)).toEqual(serial.findings);
  }, 120_000);
});

describe('the plugin object, as the cache and the threads need it', () => {
  it('has meta.name and meta.version (tests/meta.test.ts checks them against package.json)', async () => {
    const plugin = (await import(pathToFileURL(path.join(ROOT, 'dist', 'index.js')).href)) as { default: { meta: { name: string; version: string } } };
    expect(plugin.default.meta.name).toBe('eslint-plugin-tenant-jobs');
    expect(plugin.default.meta.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
