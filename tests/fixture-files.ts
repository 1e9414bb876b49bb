import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository's root. */
export const ROOT = path.resolve(__dirname, '..');

/** Every JavaScript and TypeScript file under `dir` (node_modules left out). */
export function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(full);
    return /\.(?:[cm]?[jt]sx?)$/.test(entry.name) ? [full] : [];
  });
}

/** The source files of the test fixtures, the integration fixture project and the examples. */
export function fixtureFiles(): string[] {
  return ['tests/fixtures', 'tests/integration/fixtures/src', 'examples'].flatMap((dir) => filesUnder(path.join(ROOT, dir)));
}
