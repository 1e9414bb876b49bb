/**
 * The parts of `tenant-jobs audit` that a child process cannot show: .gitignore parsing, colour
 * on a terminal and `NO_COLOR`, progress on a terminal only, and the inventory rule staying out
 * of the plugin's rules.
 */
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_FIXTURES, ROOT, ensureBuilt, loadDist, makeProject } from './helpers';

let dist: ReturnType<typeof loadDist>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadMain = () => require(path.join(ROOT, 'dist', 'cli', 'main.js')) as typeof import('../../src/cli/main');

beforeAll(() => {
  ensureBuilt();
  dist = loadDist();
});

/** A fake terminal or pipe that keeps what is written. */
function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, write: (text: string) => chunks.push(text), text: () => chunks.join('') };
}

describe('.gitignore patterns', () => {
  const parse = (line: string) => dist.gitignore.parseGitignoreLine(line);

  it('reads patterns as git does', () => {
    expect(parse('')).toBeUndefined();
    expect(parse('# comment')).toBeUndefined();
    expect(parse('node_modules/')).toEqual({ glob: '**/node_modules', negated: false, dirOnly: true });
    expect(parse('/build')).toEqual({ glob: 'build', negated: false, dirOnly: false });
    expect(parse('src/*.gen.ts')).toEqual({ glob: 'src/*.gen.ts', negated: false, dirOnly: false });
    expect(parse('!keep.ts')).toEqual({ glob: '**/keep.ts', negated: true, dirOnly: false });
    expect(parse('\\#file')).toEqual({ glob: '**/#file', negated: false, dirOnly: false });
    expect(parse('**/logs/**  ')).toEqual({ glob: '**/logs/**', negated: false, dirOnly: false });
    expect(parse('a(1){2}')).toEqual({ glob: '**/a\\(1\\)\\{2\\}', negated: false, dirOnly: false });
  });

  it('the last matching pattern decides; a folder pattern ignores folders only', () => {
    const rules = dist.gitignore.IgnoreRules.empty().withFile('/repo', '*.log\n!keep.log\ntmp/\n/root-only.ts\n');
    expect(rules.ignores('/repo/a/b.log', false)).toBe(true);
    expect(rules.ignores('/repo/a/keep.log', false)).toBe(false);
    expect(rules.ignores('/repo/a/tmp', true)).toBe(true);
    expect(rules.ignores('/repo/a/tmp', false)).toBe(false);
    expect(rules.ignores('/repo/root-only.ts', false)).toBe(true);
    expect(rules.ignores('/repo/sub/root-only.ts', false)).toBe(false);
    expect(rules.ignores('/elsewhere/b.log', false)).toBe(false);
  });

  it('applies the .gitignore of the working folder to a target below it', () => {
    const project = makeProject({
      '.gitignore': 'legacy/\n',
      'apps/api/src/legacy/worker.ts': 'export {};\n',
      'apps/api/src/worker.ts': 'export {};\n',
    });
    try {
      const result = dist.walk.walk(project.dir, [path.join(project.dir, 'apps', 'api')]);
      expect(result.sourceFiles.map((f) => path.relative(project.dir, f))).toEqual([path.join('apps', 'api', 'src', 'worker.ts')]);
    } finally {
      project.remove();
    }
  });
});

describe('colour and progress', () => {
  const io = (stdoutTTY: boolean, stderrTTY: boolean, env: Record<string, string> = {}) => ({
    stdout: stream(stdoutTTY),
    stderr: stream(stderrTTY),
    env,
    cwd: path.join(CLI_FIXTURES, 'fail'),
  });

  it('colours text on a terminal, not with NO_COLOR, never in json', async () => {
    const { main } = loadMain();
    const terminal = io(true, false);
    expect(await main(['audit'], terminal)).toBe(1);
    expect(terminal.stdout.text()).toContain('\u001b[31mFAIL\u001b[39m');
    const noColor = io(true, false, { NO_COLOR: '1' });
    await main(['audit'], noColor);
    expect(noColor.stdout.text()).not.toContain('\u001b[');
    const json = io(true, false);
    await main(['audit', '--format', 'json'], json);
    expect(json.stdout.text()).not.toContain('\u001b[');
  });

  it('reports progress (files done / total) only to a terminal, and only for large runs', async () => {
    const calls: [number, number][] = [];
    await dist.audit.runAudit({ cwd: path.join(ROOT, 'examples'), concurrency: false, onProgress: (done, total) => calls.push([done, total]), progressChunk: 5 });
    expect(calls).toEqual([
      [5, 14],
      [10, 14],
      [14, 14],
    ]);
    const few: unknown[] = [];
    await dist.audit.runAudit({ cwd: path.join(ROOT, 'examples'), concurrency: false, onProgress: (...args) => few.push(args), progressMinFiles: 400 });
    expect(few).toEqual([]);

    const { main } = loadMain();
    const pipe = io(false, false);
    await main(['audit'], pipe);
    expect(pipe.stderr.text()).toBe('');
  });
});

describe('the inventory rule', () => {
  it('is not one of the plugin rules, nor in its configs', () => {
    expect(Object.keys(dist.plugin.rules)).not.toContain('inventory');
    for (const config of Object.values(dist.plugin.configs)) {
      expect(Object.keys(config.rules ?? {}).some((rule) => rule.includes('inventory'))).toBe(false);
    }
  });
});
