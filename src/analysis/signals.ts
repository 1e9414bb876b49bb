import type { TSESLint } from '@typescript-eslint/utils';
import { HANDLER_SHAPES, hasHandlerByPath, hasHandlerSignal } from './handlers';
import { JOB_SYSTEMS } from './jobs';
import type { MatchContext } from './jobs/types';
import { escapeRegExp } from '../util/regexp';
import type { ResolvedSettings } from '../util/settings';

/**
 * The signals stage of the engine: which files can hold a finding, decided from their text alone.
 * `tenant-jobs audit` uses it as a pre-filter before any parse, and the rules use it to return at
 * once on files with no job-system signal ({@link fileMayReport}). It must never drop a file the
 * rules would report on, so every test here is a necessary condition the engine itself imposes:
 *
 * - `no-unscoped-query-in-job` and `no-fallthrough-missing-tenant` report only inside job
 *   handlers, and the engine finds handlers only in files that pass `hasHandlerSignal` (an import
 *   of a job system, a `jobFiles` or cron-route path, the shapes of its regular expression, or any
 *   `handlerFunctions` setting). The pre-filter calls that same function, with an import test on
 *   the text that accepts every file whose real imports would pass.
 * - `require-tenant-in-job-payload` reports only at enqueue sites, and the engine tries a call as
 *   an enqueue only when its callee name is one of a system's `enqueueNames` (or the last name of
 *   an `enqueueFunctions` setting), and each system then requires an import of its sources or, for
 *   clients imported from the project's own modules, a name of a given shape ({@link SHAPE_TOKENS}).
 *
 * Names and import sources appear in the text as written, except behind escapes (`\u0061dd`,
 * `'bull\x6dq'`): the characters around each backslash are also tested decoded ({@link escapedParts}).
 */

/**
 * What an enqueue of a job system needs in a file's text when the file does not import the system
 * (the shape match of a client built in another module):
 *
 * - `{ receiver }`: the system matches a call on a client from the project's own module only when
 *   the receiver's name (`receiverName` in src/analysis/jobs/types.ts) fits a pattern, so some call
 *   of one of its enqueue names must have a receiver whose text can hold that name
 *   ({@link receiverMayMatch});
 * - a regular expression: a token the whole text must hold;
 * - `'name'`: any call of one of its enqueue names may be one;
 * - `null`: the system only matches calls on clients it sees imported.
 *
 * Kept in step with the `matchEnqueue` of each module in src/analysis/jobs/ (a test checks every
 * system is listed, and that every enqueue the engine finds in a set of receiver forms is kept).
 */
export type ShapeToken = { readonly receiver: RegExp } | RegExp | 'name' | null;

export const SHAPE_TOKENS: Readonly<Record<string, ShapeToken>> = {
  bull: null,
  // `reportsQueue.add(name, data)` on a queue from the project's module: a receiver named `…queue`.
  bullmq: { receiver: /queue(?![\w$])/i },
  'bee-queue': null,
  // `inngest.send({ name, data })` (receiver named /inngest/i); `step.sendEvent`, `step.invoke`.
  inngest: { receiver: /inngest|step/i },
  // `reportTask.trigger(payload)`: a receiver whose name ends in `task`.
  'trigger.dev': { receiver: /task(?![\w$])/i },
  // `emailQueue.enqueue(payload)` on any imported binding.
  quirrel: 'name',
  // `boss.send(…)`, `agenda.now(…)`: receivers whose names end in `boss`, `agenda`.
  'pg-boss': { receiver: /boss(?![\w$])/i },
  agenda: { receiver: /agenda(?![\w$])/i },
  'graphile-worker': null,
  qstash: { receiver: /qstash/i },
  'upstash-workflow': null,
  'vercel-queue': null,
  sqs: null,
  // `env.REPORTS_QUEUE.send(body)`: a Workers binding on `env`.
  'cloudflare-queues': /\benv\b/,
  temporal: null,
  hatchet: null,
};

/** `[\w$]`: a character that continues a name. Character codes, not strings: the scanner asks of every character it passes. */
const isIdentifierCode = (code: number): boolean =>
  (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36;
/** Characters that can neither continue a member/call chain backwards nor be skipped safely: `/`, a backtick, `\`, `#`, `@`. */
const isGiveUpCode = (code: number): boolean => code === 47 || code === 96 || code === 92 || code === 35 || code === 64;
/** `'` or `"`. */
const isQuoteCode = (code: number): boolean => code === 39 || code === 34;

/**
 * A backwards scanner over a text, from a position known to be in code (not in a comment or a
 * string). It crosses a line break only into a line that holds neither a line comment's opening
 * nor a block comment's end, so that it never walks into a comment unawares, and stops at any
 * other slash; every other doubt is answered with
 * `undefined` ("cannot tell").
 */
class BackScanner {
  constructor(private readonly text: string) {}

  /** The index of the last non-blank character at or before `at`, or `undefined` if unsure; -1 at the start. */
  skipBlank(at: number): number | undefined {
    const text = this.text;
    let i = at;
    while (i >= 0) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) i--;
      else if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
        const lineStart = Math.max(text.lastIndexOf('\n', i - 1), text.lastIndexOf('\r', i - 1)) + 1;
        // A line ending in a `//` comment, or the end of a block comment (the only way back
        // into one from code below), cannot be read backwards.
        const line = text.slice(lineStart, i);
        if (line.includes('//') || line.includes('*/')) return undefined;
        i--;
      } else return i;
    }
    return i;
  }

  /** The index before the opening quote of the string literal that ends at `end`, or `undefined`. */
  skipString(end: number): number | undefined {
    const text = this.text;
    const quote = text.charCodeAt(end);
    for (let i = end - 1; i >= 0; i--) {
      const c = text.charCodeAt(i);
      if (c === 92 || c === 10 || c === 13) return undefined;
      if (c === quote) return i - 1;
    }
    return undefined;
  }

  /** The index before the bracket that opens the one at `end`, or `undefined`. */
  skipBrackets(end: number): number | undefined {
    const text = this.text;
    const stack: number[] = [text.charCodeAt(end)];
    let i = end - 1;
    while (stack.length > 0) {
      const at = this.skipBlank(i);
      if (at === undefined || at < 0) return undefined;
      const c = text.charCodeAt(at);
      if (isGiveUpCode(c)) return undefined;
      if (isQuoteCode(c)) {
        const before = this.skipString(at);
        if (before === undefined) return undefined;
        i = before;
        continue;
      }
      // `)` 41, `]` 93, `}` 125 close; `(` 40, `[` 91, `{` 123 open.
      if (c === 41 || c === 93 || c === 125) stack.push(c);
      else if (c === 40 || c === 91 || c === 123) {
        const open = stack.pop();
        if ((c === 40 && open !== 41) || (c === 91 && open !== 93) || (c === 123 && open !== 125)) return undefined;
      }
      i = at - 1;
    }
    return i;
  }

  /**
   * The start of the member/call chain (`a.b(c)[d]!?.e`) that ends at `end`, as an index: the
   * receiver of a call ending there lies wholly inside `[start, end]`. `undefined` if unsure.
   */
  chainStart(end: number): number | undefined {
    const text = this.text;
    let i = end;
    for (;;) {
      const at = this.skipBlank(i);
      if (at === undefined) return undefined;
      if (at < 0) return 0;
      const c = text.charCodeAt(at);
      // A name's character, `.`, `?`, `!`.
      if (isIdentifierCode(c) || c === 46 || c === 63 || c === 33) {
        i = at - 1;
      } else if (c === 41 || c === 93) {
        const before = this.skipBrackets(at);
        if (before === undefined) return undefined;
        // `getQueue<Job>()`: type arguments before a call's parentheses.
        const previous = this.skipBlank(before);
        if (previous === undefined || (previous >= 0 && text.charCodeAt(previous) === 62)) return undefined;
        i = before;
      } else if (isGiveUpCode(c) || isQuoteCode(c) || c > 0x7f) {
        return undefined;
      } else {
        return at + 1;
      }
    }
  }
}

/**
 * Whether some call of a method named by `names` (`x.add(…)`, `x?.add(…)`, `x['add'](…)`) can
 * have a receiver whose name matches `receiver`. A `false` is certain: every such call in the text
 * has a receiver written without a matching name. The receiver is found by scanning backwards from
 * the method name over the chain it ends (names, dots, `!`, balanced brackets, plain strings
 * inside them); anything the scan cannot read with certainty (comments, templates, regular
 * expressions, escapes, type arguments) counts as a match. Callers that test many systems first
 * test `receiver` on the whole text, which is cheaper than the scan and rules most of them out.
 */
export function receiverMayMatch(text: string, names: RegExp, receiver: RegExp): boolean {
  const scanner = new BackScanner(text);
  const global = names.global ? names : new RegExp(names.source, `${names.flags}g`);
  // `exec` rather than `matchAll`, which copies the expression for every text.
  global.lastIndex = 0;
  for (let found = global.exec(text); found; found = global.exec(text)) {
    const at = scanner.skipBlank(found.index - 1);
    if (at === undefined) return true;
    if (at < 0) continue;
    let end: number | undefined;
    const c = text.charCodeAt(at);
    if (c === 46) {
      // `.`
      end = at - 1;
    } else if (isQuoteCode(c) || c === 96) {
      // `queue['add'](…)`: a computed member with a string key (a quote or a backtick each side).
      if (text.charCodeAt(found.index + found[0].length) !== c) continue;
      const bracket = scanner.skipBlank(at - 1);
      if (bracket === undefined) return true;
      if (bracket < 0 || text.charCodeAt(bracket) !== 91) continue;
      end = bracket - 1;
    } else {
      continue;
    }
    const start = scanner.chainStart(end);
    if (start === undefined) return true;
    if (receiver.test(text.slice(start, end + 1))) return true;
  }
  return false;
}

/** A string literal (or plain template) holding one of `sources` or a subpath of it. */
export function importSourcePattern(sources: readonly string[], flags = ''): RegExp {
  return new RegExp(`['"\`](?:${trieAlternation(sources)})(?=['"\`/])`, flags);
}

/**
 * A regular expression source matching any of `words`, written as a trie (`bull(?:mq)?|…`) so that
 * each position of the text is tested against one branch per first character instead of every
 * word in turn; at a position where several words match, the longest wins.
 */
export function trieAlternation(words: readonly string[]): string {
  interface Trie {
    end: boolean;
    next: Map<string, Trie>;
  }
  const root: Trie = { end: false, next: new Map() };
  for (const word of words) {
    let node = root;
    for (const c of word) {
      let child = node.next.get(c);
      if (!child) {
        child = { end: false, next: new Map() };
        node.next.set(c, child);
      }
      node = child;
    }
    node.end = true;
  }
  const source = (node: Trie): string => {
    const branches = [...node.next].map(([c, child]) => escapeRegExp(c) + source(child));
    if (branches.length === 0) return '';
    const group = branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
    // Greedy: the longer word is tried first, the shorter one ends here.
    return node.end ? `(?:${group})?` : group;
  };
  return source(root);
}

function wordPattern(words: readonly string[]): RegExp {
  return new RegExp(`\\b(?:${words.map(escapeRegExp).join('|')})\\b`);
}

/** Decodes string and identifier escapes, so that names written with escapes can be found. */
export function decodeEscapes(text: string): string {
  return text.replace(
    /\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-3][0-7]{0,2}|[4-7][0-7]?)|(\r\n|[\n\r\u2028\u2029])|([bfnrtv])|([^]))/g,
    (_match, codePoint?: string, u4?: string, x2?: string, octal?: string, lineBreak?: string, control?: string, other?: string) => {
      if (codePoint !== undefined) {
        const value = parseInt(codePoint, 16);
        return value <= 0x10ffff ? String.fromCodePoint(value) : ' ';
      }
      if (u4 !== undefined) return String.fromCharCode(parseInt(u4, 16));
      if (x2 !== undefined) return String.fromCharCode(parseInt(x2, 16));
      if (octal !== undefined) return String.fromCharCode(parseInt(octal, 8));
      if (lineBreak !== undefined) return '';
      if (control !== undefined) return ' ';
      return other ?? '';
    },
  );
}

/**
 * The parts of a text that decoding its escapes can change, decoded: the characters around each
 * backslash (as far as the longest name or source the pre-filter looks for, and more), each part
 * between backticks, which the receiver scan cannot read past. A name or source that only the
 * decoded text shows involves an escape, so it lies in one of these parts; testing them instead of
 * a decoded copy of the whole text spares most files (almost all have a `\n` or a `\s`) a second
 * pass of every test. `undefined` for a text without a backslash.
 */
export function escapedParts(text: string, radius: number): string | undefined {
  let at = text.indexOf('\\');
  if (at === -1) return undefined;
  const spans: [number, number][] = [];
  for (; at !== -1; at = text.indexOf('\\', at + 1)) {
    const start = Math.max(0, at - radius);
    const end = Math.min(text.length, at + radius);
    const last = spans[spans.length - 1];
    if (last && start <= last[1]) last[1] = end;
    else spans.push([start, end]);
  }
  return spans.map(([start, end]) => `\`${decodeEscapes(text.slice(start, end))}\``).join('\n');
}

interface SystemTest {
  readonly enqueueNames: readonly string[];
  /** The system's enqueue names as a word pattern. */
  readonly names: RegExp;
  /** The same, global, for the receiver scan. */
  readonly allNames: RegExp;
  /** Import sources (subpaths count); `undefined`: any file naming one of its calls is kept. */
  readonly sources: readonly string[] | undefined;
  readonly shape: ShapeToken;
}

/** A file as the pre-filter sees it: its path relative to the audit's working directory, and its text. */
export interface PrefilterInput {
  readonly relativePath: string;
  readonly text: string;
  /**
   * Set by a caller that has the file's tokens when every backslash of the text lies in a regular
   * expression literal or a comment ({@link backslashesOnlyOutsideCode}): no escape there can spell
   * a name or an import source, so the decoded parts around them are not tested.
   */
  readonly escapesOutsideCode?: boolean;
}

interface Ranged {
  readonly type: string;
  readonly range: readonly [number, number];
}

/** The last of `items` (sorted, not overlapping) that starts at or before `at`. */
export function lastStartingBy<T extends Ranged>(items: readonly T[], at: number): T | undefined {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (items[middle]!.range[0] <= at) low = middle + 1;
    else high = middle;
  }
  return items[low - 1];
}

/**
 * Whether every backslash of a parsed file's text is inside a regular expression literal token or
 * a comment (`/^\s+$/`, `// C:\path`), which the rules never read names or import sources from.
 * False when some backslash is in a string, a template or an identifier, or the tokens are missing.
 */
export function backslashesOnlyOutsideCode(
  text: string,
  tokens: readonly Ranged[] | undefined,
  comments: readonly Ranged[] | undefined,
): boolean {
  let at = text.indexOf('\\');
  if (at === -1) return true;
  if (!tokens) return false;
  for (; at !== -1; at = text.indexOf('\\', at)) {
    const token = lastStartingBy(tokens, at);
    const inside = token && token.range[1] > at && token.type === 'RegularExpression' ? token : comments && lastStartingBy(comments, at);
    if (!inside || inside.range[1] <= at) return false;
    at = inside.range[1];
  }
  return true;
}

/**
 * Builds the pre-filter for resolved settings: a function that says whether a file can hold a
 * finding of the plugin's rules (true) or can be skipped without parsing it (false).
 *
 * Most files a project lints hold no job code, and every test must run on them to prove it, so
 * the order is chosen for them. First one search for anything any test needs (an import source,
 * a handler shape, a token or receiver word): most files hold none of it, and are answered there
 * (on the seven applications of docs/reliability.md, the gate's time fell by a sixth). The others
 * get one test for every import source (a file that imports no job system rules out every import
 * condition at once), then for each system only the cheapest condition it still has, a regular
 * expression led by a literal word. The enqueue names themselves (`add`, `send`, `push` are in
 * almost every file) are looked at only for a system whose import, token or receiver word is there.
 */
export function createPrefilter(settings: ResolvedSettings): (file: PrefilterInput) => boolean {
  const systems: SystemTest[] = [];
  for (const system of JOB_SYSTEMS) {
    if (system.enqueueNames.length === 0) continue;
    const known = system.id in SHAPE_TOKENS;
    const names = wordPattern(system.enqueueNames);
    systems.push({
      enqueueNames: system.enqueueNames,
      names,
      allNames: new RegExp(names.source, 'g'),
      // A system the table does not know yet: accept any file naming one of its calls.
      sources: known ? system.sources : undefined,
      shape: known ? (SHAPE_TOKENS[system.id] ?? null) : null,
    });
  }
  const customNames = settings.enqueueFunctions.map((fn) => fn.name.split('.').pop() ?? fn.name);
  const customPattern = customNames.length > 0 ? wordPattern([...new Set(customNames)]) : undefined;
  const everyName = [...new Set([...systems.flatMap((system) => system.enqueueNames), ...customNames])];
  const everySource = [...new Set(JOB_SYSTEMS.flatMap((system) => system.sources))];
  // Whether the file imports any job system at all: the common file imports none, and this one
  // test answers every import condition for it.
  const anySourcePattern = importSourcePattern(everySource);
  const listed = new Set(everySource);
  // Around each backslash: the longest name or source, with its quotes and neighbours, and escapes
  // of up to ten characters each, several times over.
  const radius = 4 * Math.max(...everyName.map((name) => name.length), ...everySource.map((source) => source.length)) + 16;
  /** For each source list asked about: its own pattern, and whether every source is one of the table's. */
  const importCache = new Map<readonly string[], { readonly pattern: RegExp; readonly listed: boolean }>();
  const importTest = (wanted: readonly string[]) => {
    let test = importCache.get(wanted);
    if (!test) {
      test = { pattern: importSourcePattern(wanted), listed: wanted.every((source) => listed.has(source)) };
      importCache.set(wanted, test);
    }
    return test;
  };

  // Every test below that can keep a file needs one of these in its text: a quoted source of a job
  // system, a handler shape, a custom enqueue name, or for each system the token, receiver word or
  // enqueue name it asks for when the file does not import it. Most files hold none, and this one
  // search answers them; the rest go through the tests one by one. Case is ignored (the receiver
  // words ignore it, and for the others it only lets more files through).
  const needs: RegExp[] = [anySourcePattern, HANDLER_SHAPES];
  if (customPattern) needs.push(customPattern);
  for (const system of systems) {
    const shape = system.shape;
    if (!system.sources || shape === 'name') needs.push(system.names);
    else if (shape instanceof RegExp) needs.push(shape);
    else if (shape !== null) needs.push(shape.receiver);
  }
  const anyNeed = new RegExp(needs.map((pattern) => `(?:${pattern.source})`).join('|'), 'i');

  return ({ relativePath, text: whole, escapesOutsideCode }) => {
    const escaped = escapesOutsideCode ? undefined : escapedParts(whole, radius);
    const first = anyNeed.exec(whole)?.index ?? -1;
    if (first === -1 && !(escaped !== undefined && anyNeed.test(escaped)) && !hasHandlerByPath(settings, relativePath)) return false;
    // None of the expressions of that search matches before the first thing it found, so the tests
    // of those expressions read the text from there on. So does the receiver scan: a receiver that
    // holds its word holds it there, and one that only escapes spell is in the decoded parts, which
    // are read whole. The enqueue names a system asks for once its import or token is there (`add`
    // before the `require('bullmq')` that makes its queue) are looked for in the whole text.
    const text = first === -1 ? '' : first === 0 ? whole : whole.slice(first);
    const holds = (pattern: RegExp): boolean => pattern.test(text) || (escaped !== undefined && pattern.test(escaped));
    const holdsAnywhere = (pattern: RegExp): boolean => pattern.test(whole) || (escaped !== undefined && pattern.test(escaped));
    const anySource = holds(anySourcePattern);
    const importsFrom = (wanted: readonly string[]): boolean => {
      if (wanted.length === 0) return false;
      const test = importTest(wanted);
      return (anySource || !test.listed) && holds(test.pattern);
    };
    const context = { importsFrom } as unknown as MatchContext;
    const sourceCode = { text } as unknown as Readonly<TSESLint.SourceCode>;
    if (hasHandlerSignal({ sourceCode, settings, relativePath, context })) return true;

    if (customPattern && holds(customPattern)) return true;
    for (const system of systems) {
      if (!system.sources) {
        if (holds(system.names)) return true;
        continue;
      }
      if (importsFrom(system.sources)) {
        if (holdsAnywhere(system.names)) return true;
        continue;
      }
      const shape = system.shape;
      if (shape === null) continue;
      if (shape === 'name') {
        if (holds(system.names)) return true;
        continue;
      }
      if (shape instanceof RegExp) {
        if (holds(shape) && holdsAnywhere(system.names)) return true;
        continue;
      }
      // The receiver's word must be somewhere in the file before any receiver can hold it.
      if (!holds(shape.receiver)) continue;
      if (receiverMayMatch(text, system.allNames, shape.receiver)) return true;
      if (escaped !== undefined && receiverMayMatch(escaped, system.allNames, shape.receiver)) return true;
    }
    return false;
  };
}

const prefilters = new WeakMap<ResolvedSettings, (file: PrefilterInput) => boolean>();

/**
 * {@link createPrefilter}'s answer for one file, with the pre-filter built once per resolved
 * settings object (settings are resolved once per settings object, so this is once per config).
 */
export function fileMayReport(settings: ResolvedSettings, file: PrefilterInput): boolean {
  let prefilter = prefilters.get(settings);
  if (!prefilter) {
    prefilter = createPrefilter(settings);
    prefilters.set(settings, prefilter);
  }
  return prefilter(file);
}
