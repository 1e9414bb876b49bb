import type { TSESLint } from '@typescript-eslint/utils';
import { ruleEntries } from './configs';
import { rules } from './rules';

// Read at run time so the built plugin always reports the version it was published as.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const packageJson = require('../package.json') as { name: string; version: string };

const namespace = 'tenant-jobs';

/** A flat config of the plugin: registers it under `tenant-jobs` and enables its rules. */
export interface TenantJobsFlatConfig {
  name: string;
  plugins: Record<string, TSESLint.FlatConfig.Plugin>;
  rules: Record<string, TSESLint.FlatConfig.RuleEntry>;
}

/** An eslintrc (ESLint 8) config of the plugin. */
export interface TenantJobsLegacyConfig {
  plugins: string[];
  rules: Record<string, TSESLint.Linter.RuleEntry>;
}

export interface TenantJobsPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: {
    recommended: TenantJobsFlatConfig;
    strict: TenantJobsFlatConfig;
    'legacy-recommended': TenantJobsLegacyConfig;
    'legacy-strict': TenantJobsLegacyConfig;
  };
}

const plugin: TenantJobsPlugin = {
  meta: { name: packageJson.name, version: packageJson.version, namespace },
  rules,
  configs: {} as TenantJobsPlugin['configs'],
};

const flat = (level: 'recommended' | 'strict'): TenantJobsFlatConfig => ({
  name: `${namespace}/${level}`,
  plugins: { [namespace]: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: ruleEntries(rules, level, namespace),
});
const legacy = (level: 'recommended' | 'strict'): TenantJobsLegacyConfig => ({
  plugins: [namespace],
  rules: ruleEntries(rules, level, namespace),
});

Object.assign(plugin.configs, {
  recommended: flat('recommended'),
  strict: flat('strict'),
  'legacy-recommended': legacy('recommended'),
  'legacy-strict': legacy('strict'),
});

export default plugin;
