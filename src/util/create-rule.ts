import { ESLintUtils } from '@typescript-eslint/utils';

/** Extra `meta.docs` fields of this plugin's rules. */
export interface TenantJobsRuleDocs {
  /** The configs that enable the rule: `recommended` (and so `strict`) or `strict` only. */
  recommended: 'recommended' | 'strict';
  /** Options the `strict` config passes (the `recommended` config uses the defaults). */
  strictOptions?: readonly unknown[];
}

export const REPOSITORY_URL = 'https://github.com/tenant-jobs/eslint-plugin-tenant-jobs';

/** Builds a rule with `meta.docs.url` pointing at its page in `docs/rules/`. */
export const createRule = ESLintUtils.RuleCreator<TenantJobsRuleDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);
