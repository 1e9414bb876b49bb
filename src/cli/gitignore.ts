import * as path from 'node:path';
import picomatch from 'picomatch';

/** One pattern of a `.gitignore` file, anchored at the folder that holds the file. */
interface IgnoreRule {
  readonly base: string;
  readonly negated: boolean;
  readonly dirOnly: boolean;
  readonly matches: (relativePath: string) => boolean;
}

/** Parses one line of a `.gitignore` file into a glob, as git reads it; undefined for blanks and comments. */
export function parseGitignoreLine(line: string): { glob: string; negated: boolean; dirOnly: boolean } | undefined {
  let pattern = line.replace(/\r$/, '');
  // Trailing spaces are dropped unless escaped with a backslash.
  pattern = pattern.replace(/(?<!\\)\s+$/, '');
  if (pattern === '' || pattern.startsWith('#')) return undefined;
  let negated = false;
  if (pattern.startsWith('!')) {
    negated = true;
    pattern = pattern.slice(1);
  } else if (pattern.startsWith('\\!') || pattern.startsWith('\\#')) {
    pattern = pattern.slice(1);
  }
  const dirOnly = pattern.endsWith('/');
  if (dirOnly) pattern = pattern.replace(/\/+$/, '');
  if (pattern === '') return undefined;
  // A slash at the start or in the middle anchors the pattern to the .gitignore's folder;
  // otherwise it matches a name at any depth.
  const anchored = pattern.includes('/');
  if (pattern.startsWith('/')) pattern = pattern.slice(1);
  // Braces and parentheses are plain characters in .gitignore, syntax in picomatch.
  const escaped = pattern.replace(/(?<!\\)([(){}])/g, '\\$1');
  return { glob: anchored || escaped.startsWith('**/') ? escaped : `**/${escaped}`, negated, dirOnly };
}

/**
 * The `.gitignore` rules in force in a folder: those of its own file and of the folders above it,
 * up to the audit's root. Immutable: {@link withFile} returns a new set for a subfolder.
 */
export class IgnoreRules {
  private constructor(private readonly rules: readonly IgnoreRule[]) {}

  static empty(): IgnoreRules {
    return new IgnoreRules([]);
  }

  /** These rules plus those of a `.gitignore` file in `base` (its text). */
  withFile(base: string, text: string): IgnoreRules {
    const added: IgnoreRule[] = [];
    for (const line of text.split('\n')) {
      const parsed = parseGitignoreLine(line);
      if (!parsed) continue;
      let matches: (p: string) => boolean;
      try {
        matches = picomatch(parsed.glob, { dot: true, nobrace: true, noextglob: true });
      } catch {
        continue; // A pattern picomatch cannot read ignores nothing, as git ignores a bad pattern.
      }
      added.push({ base, negated: parsed.negated, dirOnly: parsed.dirOnly, matches });
    }
    return added.length === 0 ? this : new IgnoreRules([...this.rules, ...added]);
  }

  /** Whether a path is ignored: the last rule that matches it decides, as in git. */
  ignores(absolutePath: string, isDirectory: boolean): boolean {
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i]!;
      if (rule.dirOnly && !isDirectory) continue;
      const relative = path.relative(rule.base, absolutePath);
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) continue;
      if (rule.matches(relative.split(path.sep).join('/'))) return !rule.negated;
    }
    return false;
  }
}
