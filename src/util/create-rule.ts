import type { ESLintUtils, TSESLint } from '@typescript-eslint/utils';

/** Extra `meta.docs` fields of this plugin's rules. */
export interface TenantJobsRuleDocs {
  /** The configs that enable the rule: `recommended` (and so `strict`) or `strict` only. */
  recommended: 'recommended' | 'strict';
  /** Options the `strict` config passes (the `recommended` config uses the defaults). */
  strictOptions?: readonly unknown[];
}

export const REPOSITORY_URL = 'https://github.com/tenant-jobs/eslint-plugin-tenant-jobs';

type RuleModule<MessageIds extends string, Options extends readonly unknown[], Docs = unknown> = TSESLint.RuleModule<MessageIds, Options, Docs> & {
  name?: string;
};

/** A rule as written: `RuleCreator`'s input, and what the rule visits. */
type RuleDefinition<Options extends readonly unknown[], MessageIds extends string, Docs = unknown> = ESLintUtils.RuleWithMeta<Options, MessageIds, Docs> & {
  /**
   * Whether the rule has anything to look at in the file. When not, the rule visits no node and its
   * options are not worked out. It may throw (a configuration error stops the lint).
   */
  visits?: (context: Readonly<TSESLint.RuleContext<MessageIds, Options>>) => boolean;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `second` over `first`, objects merged key by key at every depth; neither is changed. */
function merge(first: Record<string, unknown>, second: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...first };
  for (const key of Object.keys(second)) {
    const a = first[key];
    const b = second[key];
    out[key] = key in first && isPlainObject(a) && isPlainObject(b) ? merge(a, b) : b;
  }
  return out;
}

/** Whether two option values hold the same plain data (ESLint 9.15+ hands each file a merged copy of the defaults). */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => sameData(item, b[index]));
  if (!isPlainObject(a) || !isPlainObject(b) || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameData(a[key], b[key]));
}

/** A copy of `value` that cannot be changed: the defaults one rule instance gets are shared by every file. */
function frozen<T>(value: T): T {
  if (Array.isArray(value)) return Object.freeze(value.map(frozen)) as T;
  if (isPlainObject(value)) return Object.freeze(Object.fromEntries(Object.entries(value).map(([key, item]) => [key, frozen(item)]))) as T;
  return value;
}

/**
 * A rule whose `create` gets its options with the defaults filled in: each default option
 * position the user left out is the default, an object the user gave is merged over the default
 * object at every depth, anything else the user gave replaces the default (the same result as
 * `@typescript-eslint/utils`' `RuleCreator`). Without user options every file gets the same frozen
 * defaults, so a file costs no copy (`RuleCreator` made a `structuredClone` of them for every rule
 * and file). ESLint 9.15+ fills in `meta.defaultOptions` itself, in a new array for each file; with
 * `visits`, only the files the rule visits get theirs merged again.
 */
function defineRule<Options extends readonly unknown[], MessageIds extends string, Docs>(
  rule: Readonly<RuleDefinition<Options, MessageIds, Docs>>,
): RuleModule<MessageIds, Options, Docs> {
  const { create, defaultOptions, meta, name, visits } = rule;
  const declared = meta.defaultOptions;
  const defaults = frozen(declared ?? defaultOptions ?? ([] as unknown as Options));
  const withDefaults = (given: readonly unknown[] | undefined): Options => {
    // No options (ESLint 8 for a rule set to a severity only), or the declared defaults themselves.
    if (!given || given.length === 0 || given === declared) return defaults;
    if (given.every((option, index) => option === undefined || index >= defaults.length)) return defaults;
    // The defaults as ESLint 9.15+ merged them into a new array for this file: no merge to redo.
    if (sameData(given, defaults)) return defaults;
    return defaults.map((option, index) => {
      const user = given[index];
      if (user === undefined) return option;
      return isPlainObject(user) && isPlainObject(option) ? merge(option, user) : user;
    }) as unknown as Options;
  };
  return {
    create: (context) => (!visits || visits(context) ? create(context, withDefaults(context.options)) : {}),
    defaultOptions: defaultOptions as Options,
    meta,
    ...(name === undefined ? {} : { name }),
  };
}

/** Builds a rule with `meta.docs.url` pointing at its page in `docs/rules/`. */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  rule: Readonly<ESLintUtils.RuleWithMetaAndName<Options, MessageIds, TenantJobsRuleDocs> & Pick<RuleDefinition<Options, MessageIds>, 'visits'>>,
): RuleModule<MessageIds, Options, TenantJobsRuleDocs> & { name: string } {
  const { meta, name } = rule;
  const module = defineRule<Options, MessageIds, TenantJobsRuleDocs>({ ...rule, meta: { ...meta, docs: { ...meta.docs, url: `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md` } } });
  return { ...module, name };
}

/** A rule without a docs page (the audit's own inventory rule). */
export const createUndocumentedRule = <Options extends readonly unknown[], MessageIds extends string>(
  rule: Readonly<RuleDefinition<Options, MessageIds>>,
): RuleModule<MessageIds, Options> => defineRule(rule);
