import { type TSESLint } from '@typescript-eslint/utils';
import { backslashesOnlyOutsideCode, decodeEscapes, escapedParts, importSourcePattern, lastStartingBy } from './signals';
import { isSourceUnder } from './resolve';

/**
 * Questions about the names and static strings of a file's code (identifiers, string literals,
 * templates), answered from its text and tokens: whether some name fits a data layer's client names,
 * whether some string is a package's import source. They decide which data layers and job systems
 * the engine asks about the file's calls, so an answer may be `true` for a file without such a
 * word, and is never `false` for a file with one.
 *
 * The text is searched with one regular expression; each match is then checked against the token
 * it lies in: a name or string is judged whole (`'../lib/db'` is no client named `db`), and a match
 * in a comment or a regular expression counts for nothing. Names and strings written with escapes
 * (`d\u0062`, `'bull\x6dq'`) are tested decoded in the parts of the text around each backslash
 * (signals.ts, {@link escapedParts}), where any match counts.
 */

/** Around each backslash: the longest import source asked about and its quotes, escaped up to ten characters a letter, and more. */
const ESCAPE_RADIUS = 512;

interface Token {
  readonly type: string;
  readonly value: string;
  readonly range: readonly [number, number];
}

/** A name pattern made for a text (see {@link textPatternOf}): `$` becomes the end of a name there, `^` is left to the judging of the whole name. */
const textPatterns = new WeakMap<RegExp, RegExp>();

/**
 * `pattern`, written for a name alone (`^(db|tx)$|^db[A-Z_]|[a-z]Db$`), as a global expression that
 * finds those names in a text: a `$` outside a character class becomes "no name's character after".
 * A `^` is left out, as the callers judge each match by the whole name it lies in: "no name's
 * character before" at the start of each branch made the search half again slower, and `myknex` is
 * no more a match of `^knex$` once judged whole. (Inside a negative lookaround, where leaving an
 * assertion out would find less, `^` becomes that "before" test.) Every match of `pattern` in a name
 * is a match of this one where the name stands in the text (the name's own edges are edges there).
 */
export function textPatternOf(pattern: RegExp): RegExp {
  let found = textPatterns.get(pattern);
  if (!found) {
    let source = '';
    let inClass = false;
    /** For each open group, whether it is a negative lookaround or inside one. */
    const negated: boolean[] = [];
    const text = pattern.source;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c === '\\') {
        source += c + (text[i + 1] ?? '');
        i++;
      } else if (inClass) {
        if (c === ']') inClass = false;
        source += c;
      } else if (c === '[') {
        inClass = true;
        source += c;
      } else if (c === '(') {
        negated.push(negated.at(-1) === true || text.startsWith('?!', i + 1) || text.startsWith('?<!', i + 1));
        source += c;
      } else if (c === ')') {
        negated.pop();
        source += c;
      } else if (c === '^') source += negated.at(-1) === true ? '(?<![\\w$])' : '';
      else if (c === '$') source += '(?![\\w$])';
      else source += c;
    }
    found = new RegExp(source, `${pattern.flags.replace(/[gymd]/g, '')}g`);
    textPatterns.set(pattern, found);
  }
  return found;
}

/** Per list of sources, the pre-filter's expression for them quoted in a text (signals.ts), global. */
const sourcePatterns = new WeakMap<readonly string[], RegExp>();

function sourcePatternOf(sources: readonly string[]): RegExp {
  let found = sourcePatterns.get(sources);
  if (!found) {
    found = importSourcePattern(sources, 'g');
    sourcePatterns.set(sources, found);
  }
  return found;
}

/** Per list of name patterns (by their sources and flags), their text forms as one expression. */
const unionPatterns = new Map<string, RegExp>();

function unionPatternOf(patterns: readonly RegExp[]): RegExp {
  const key = patterns.map((pattern) => `${pattern.flags}/${pattern.source}`).join('\n');
  let found = unionPatterns.get(key);
  if (!found) {
    // The callers' patterns share their flags (see mayHoldNames).
    found = new RegExp(patterns.map((pattern) => `(?:${textPatternOf(pattern).source})`).join('|'), textPatternOf(patterns[0]!).flags);
    // Asked with the few subsets of the data layers' patterns a file can leave to names.
    if (unionPatterns.size >= 64) unionPatterns.clear();
    unionPatterns.set(key, found);
  }
  return found;
}

/** Token types that never hold a name or a string. */
const NOT_NAMES: ReadonlySet<string> = new Set(['Numeric', 'Punctuator', 'Boolean', 'Null', 'RegularExpression']);

/** The static text of a string or template token (no quotes, backticks, `${` or `}`), or undefined for other tokens. */
function stringValue(token: Token): string | undefined {
  const value = token.value;
  if (token.type === 'String') return value.slice(1, -1);
  if (token.type === 'Template') return value.slice(1, value.endsWith('${') ? -2 : -1);
  return undefined;
}

/** A pattern tested on a whole name: without `g` or `y`, whose `lastIndex` would carry over. */
const wholePatterns = new WeakMap<RegExp, RegExp>();

function wholePatternOf(pattern: RegExp): RegExp {
  if (!pattern.global && !pattern.sticky) return pattern;
  let found = wholePatterns.get(pattern);
  if (!found) {
    found = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    wholePatterns.set(pattern, found);
  }
  return found;
}

export class CodeText {
  private readonly text: string;
  private readonly tokens: readonly Token[] | undefined;
  private escaped: string | null | undefined;
  /** The strings of the code naming one of the known sources or a subpath of one, decoded; `any`: a match that cannot be judged. */
  private namedSources: { readonly values: readonly string[]; readonly any: boolean } | undefined;

  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    /** The import sources asked about most (every job system's and data layer's): all found in one search. */
    private readonly knownSources: readonly string[] = [],
  ) {
    this.text = sourceCode.text;
    this.tokens = sourceCode.ast.tokens as readonly Token[] | undefined;
  }

  /**
   * For each pattern, whether some name or static string of the code may match it as a whole, as a
   * client name pattern is tested on a name (`^(db|tx)$`, `[pP]risma`). One search of the text for
   * all of them.
   */
  mayHoldNames(patterns: readonly RegExp[]): boolean[] {
    if (patterns.length === 0) return [];
    // Patterns of other flags (`i`, `u`) are searched for each on its own.
    const flags = textPatternOf(patterns[0]!).flags;
    if (patterns.some((pattern) => textPatternOf(pattern).flags !== flags)) return patterns.map((pattern) => this.mayHoldNames([pattern])[0]!);
    const answers = patterns.map(() => false);
    let open = patterns.length;
    this.search(unionPatternOf(patterns), (token) => {
      const value = token && (token.type === 'Identifier' || token.type === 'Keyword' ? token.value : stringValue(token));
      // Numbers, punctuators, `true`, `null` and regular expressions are no names; any other token (JSX) is taken to be one.
      const any = value === undefined && (!token || !NOT_NAMES.has(token.type));
      const name = value?.includes('\\') ? decodeEscapes(value) : value;
      patterns.forEach((pattern, index) => {
        if (!answers[index] && (any || (name !== undefined && wholePatternOf(pattern).test(name)))) {
          answers[index] = true;
          open--;
        }
      });
      return open === 0;
    });
    const escaped = open > 0 ? this.escapedParts() : undefined;
    if (escaped !== undefined) {
      patterns.forEach((pattern, index) => {
        if (!answers[index] && matches(textPatternOf(pattern), escaped)) answers[index] = true;
      });
    }
    return answers;
  }

  /** Whether some name or static string of the code may match `pattern` as a whole (see {@link mayHoldNames}). */
  mayHoldName(pattern: RegExp): boolean {
    return this.mayHoldNames([pattern])[0]!;
  }

  /** Whether some static string of the code may be one of `sources` or a subpath of one (`'inngest'`, `"inngest/next"`). */
  mayHoldSource(sources: readonly string[]): boolean {
    const known = this.knownSources;
    // When every source of the list is a known one, the one search for them all answers.
    const named = sources.every((source) => known.includes(source)) ? (this.namedSources ??= this.stringsNaming(known)) : this.stringsNaming(sources);
    if (named.any || named.values.some((value) => isSourceUnder(value, sources))) return true;
    const escaped = this.escapedParts();
    return escaped !== undefined && matches(sourcePatternOf(sources), escaped);
  }

  /** The strings of the code that a search for `sources` in quotes meets, decoded. */
  private stringsNaming(sources: readonly string[]): { values: string[]; any: boolean } {
    const values: string[] = [];
    let any = false;
    this.search(sourcePatternOf(sources), (token) => {
      const value = token && stringValue(token);
      if (value !== undefined) values.push(value.includes('\\') ? decodeEscapes(value) : value);
      // A quote in another token that may hold one (JSX text), or no tokens at all: cannot be judged.
      else if (!token || !NOT_NAMES.has(token.type)) any = true;
      return any;
    });
    return { values, any };
  }

  /**
   * Calls `visit` with the token each match of `pattern` (global) starts in, until it returns true;
   * a token is visited once. A match outside every token is in a comment, and is passed over.
   * Without tokens (a parser that gives none), `visit` is called with `undefined`.
   */
  private search(pattern: RegExp, visit: (token: Token | undefined) => boolean): void {
    const text = this.text;
    const tokens = this.tokens;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      // An expression that can match nothing would stay where it is.
      if (match[0] === '') pattern.lastIndex++;
      if (!tokens) {
        visit(undefined);
        break;
      }
      const at = match.index;
      const token = lastStartingBy(tokens, at);
      if (!token || token.range[1] <= at) continue;
      if (visit(token)) break;
      // The token's other matches would visit it again: go on after it.
      if (token.range[1] > pattern.lastIndex) pattern.lastIndex = token.range[1];
    }
    pattern.lastIndex = 0;
  }

  /** The decoded parts around the backslashes of the code (not of regular expressions or comments); undefined without any. */
  private escapedParts(): string | undefined {
    if (this.escaped === undefined) {
      const ast = this.sourceCode.ast;
      this.escaped = backslashesOnlyOutsideCode(this.text, ast.tokens, ast.comments) ? null : (escapedParts(this.text, ESCAPE_RADIUS) ?? null);
    }
    return this.escaped ?? undefined;
  }
}

/** Whether a global pattern matches somewhere in `text`. */
function matches(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}
