import * as fs from 'node:fs';
import * as path from 'node:path';
import { isWithin } from '../schema/files';
import { IgnoreRules } from './gitignore';

/** Extensions the audit lints: what the TypeScript parser reads, JSX included. */
export const SOURCE_EXTENSIONS: readonly string[] = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * Folders never walked: dependencies, build output, caches. Folders whose name starts with a dot
 * (`.git`, `.next`, `.turbo`, `.vercel`, `.trigger` build output …) are skipped too.
 */
export const SKIPPED_DIRECTORIES: readonly string[] = ['node_modules', 'dist', 'build', 'out', 'coverage', 'generated', '__generated__'];

/** File names that are generated or hold no code: declarations, minified bundles, `*.generated.ts`, `*.gen.ts`. */
const GENERATED_NAME = /\.d\.[cm]?ts$|\.min\.[cm]?js$|\.generated\.[cm]?[jt]sx?$|\.gen\.[cm]?[jt]sx?$/;

export interface WalkResult {
  /** Source files to consider, absolute, sorted. */
  readonly sourceFiles: string[];
  /** `package.json` files in the tree (and above the audited paths, up to the root). */
  readonly packageFiles: string[];
  /** `vercel.json` files, found the same way. */
  readonly vercelFiles: string[];
  /** Source files left out because their name marks them as generated. */
  readonly generatedByName: number;
}

function isSourceFile(name: string): boolean {
  return SOURCE_EXTENSIONS.includes(path.extname(name)) && !GENERATED_NAME.test(name);
}

function readGitignore(dir: string, rules: IgnoreRules): IgnoreRules {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return rules;
  }
  return rules.withFile(dir, text);
}

/**
 * The files an audit of `targets` considers, below `root` (the audit's working directory): every
 * source file of the target folders, except what `.gitignore` files (at the root, in the folders
 * from the root down to each target, and in every folder walked) ignore, skipped folders, and
 * generated files. A target that is a file is taken as it is.
 */
export function walk(root: string, targets: readonly string[]): WalkResult {
  const sources = new Set<string>();
  const packages = new Set<string>();
  const vercel = new Set<string>();
  let generatedByName = 0;
  const seenDirs = new Set<string>();

  const noteConfig = (dir: string) => {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) packages.add(pkg);
    const vercelJson = path.join(dir, 'vercel.json');
    if (fs.existsSync(vercelJson)) vercel.add(vercelJson);
  };

  const visit = (dir: string, rules: IgnoreRules) => {
    if (seenDirs.has(dir)) return;
    seenDirs.add(dir);
    const here = readGitignore(dir, rules);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || SKIPPED_DIRECTORIES.includes(entry.name)) continue;
        if (here.ignores(full, true)) continue;
        visit(full, here);
        continue;
      }
      // Symbolic links to files are followed; to folders, never (no cycles, no second copies).
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          isFile = fs.statSync(full).isFile();
        } catch {
          isFile = false;
        }
      }
      if (!isFile || here.ignores(full, false)) continue;
      if (entry.name === 'package.json') packages.add(full);
      else if (entry.name === 'vercel.json') vercel.add(full);
      else if (SOURCE_EXTENSIONS.includes(path.extname(entry.name))) {
        if (GENERATED_NAME.test(entry.name)) generatedByName++;
        else sources.add(full);
      }
    }
  };

  for (const target of targets) {
    // The .gitignore files and manifests from the root down to the target's folder apply to it.
    let rules = IgnoreRules.empty();
    const stat = fs.statSync(target);
    const folder = stat.isDirectory() ? target : path.dirname(target);
    const chain: string[] = [];
    for (let dir = folder; isWithin(dir, root); dir = path.dirname(dir)) {
      chain.unshift(dir);
      if (dir === root || path.dirname(dir) === dir) break;
    }
    for (const dir of chain) {
      if (dir !== folder) rules = readGitignore(dir, rules);
      noteConfig(dir);
    }
    if (stat.isDirectory()) visit(target, rules);
    else if (path.basename(target) === 'package.json') packages.add(target);
    else if (path.basename(target) === 'vercel.json') vercel.add(target);
    else if (isSourceFile(path.basename(target))) sources.add(target);
  }
  const sorted = (set: Set<string>) => [...set].sort();
  return { sourceFiles: sorted(sources), packageFiles: sorted(packages), vercelFiles: sorted(vercel), generatedByName };
}
