/**
 * Name folding shared by every setting that names things (SPEC 3): case, `_` and a leading `_` are
 * ignored, so `organization_id`, `_organizationId` and `ORGANIZATION_ID` all fold to
 * `organizationid`.
 */
export function foldName(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

/** Folds a model or table name: as {@link foldName}, plus a trailing plural `s` is dropped. */
export function foldModelName(name: string): string {
  const folded = foldName(name);
  return folded.length > 1 && folded.endsWith('s') ? folded.slice(0, -1) : folded;
}

const ANSWERS_KEPT = 4096;

/** A set of names compared after folding. */
export class FoldedNameSet {
  private readonly folded: ReadonlySet<string>;

  /**
   * For each ASCII character, whether some folded name ends in it. Folding lowercases and drops
   * `_` (and, for model names, a plural `s`), so a name whose last character is an ASCII one that
   * ends no folded name, in either case, folds to none of them: most names are refused on that,
   * without a look-up.
   */
  private readonly lastCodes = new Uint8Array(128);

  constructor(
    names: readonly string[],
    private readonly fold: (name: string) => string = foldName,
  ) {
    this.folded = new Set(names.map(fold));
    if (fold === foldName || fold === foldModelName) {
      for (const folded of this.folded) {
        const last = folded.charCodeAt(folded.length - 1);
        if (last < 128) this.lastCodes[last] = 1;
      }
      // A model name's plural `s` is dropped, so a name ending in it can fold to any.
      if (fold === foldModelName) this.lastCodes[115] = 1;
    } else {
      this.lastCodes.fill(1);
    }
  }

  /** Answers by name as written: the engine asks about the same few names over and over. */
  private readonly answers = new Map<string, boolean>();

  /** Whether `name` folds to one of the set's names. */
  has(name: string): boolean {
    let last = name.charCodeAt(name.length - 1);
    // `A`–`Z` fold to `a`–`z`; `_` is dropped, and a character past ASCII may fold to anything.
    if (last >= 65 && last <= 90) last += 32;
    if (last < 128 && last !== 95 && this.lastCodes[last] === 0) return false;
    let answer = this.answers.get(name);
    if (answer === undefined) {
      answer = this.folded.has(this.fold(name));
      // A long-lived lint (an editor's server) meets ever new names: the memory stays bounded.
      if (this.answers.size >= ANSWERS_KEPT) this.answers.clear();
      this.answers.set(name, answer);
    }
    return answer;
  }

  get size(): number {
    return this.folded.size;
  }
}
