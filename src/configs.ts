import type { Linter } from 'eslint';
import type { TenantJobsRuleDocs } from './util/create-rule';

/** Rule entries of a config: `tenant-jobs/<rule>` to a severity, or a severity with options. */
export type RuleEntries = Linter.RulesRecord;

interface RuleLike {
  meta: { docs?: Partial<TenantJobsRuleDocs> };
}

/**
 * Rule entries of a config level, derived from each rule's `meta.docs.recommended`: `recommended`
 * rules are in both configs, `strict` rules only in `strict`, and `strict` passes a rule's
 * `meta.docs.strictOptions` when it has them.
 */
export function ruleEntries(rules: Readonly<Record<string, RuleLike>>, level: 'recommended' | 'strict', prefix: string): RuleEntries {
  const entries: RuleEntries = {};
  for (const [name, rule] of Object.entries(rules)) {
    const recommended = rule.meta.docs?.recommended;
    if (!recommended || (level === 'recommended' && recommended !== 'recommended')) continue;
    const strictOptions = rule.meta.docs?.strictOptions;
    entries[`${prefix}/${name}`] = level === 'strict' && strictOptions ? ['error', ...strictOptions] : 'error';
  }
  return entries;
}
