import type { ESLint, Linter, Rule } from 'eslint';
import { ruleEntries } from './configs';
import { rules, type RuleName } from './rules';

// Read at run time so the built plugin always reports the version it was published as.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const packageJson = require('../package.json') as { name: string; version: string };

const namespace = 'tenant-jobs';

/** A flat config of the plugin: registers it under `tenant-jobs` and enables its rules. */
export interface TenantJobsFlatConfig extends Linter.Config {
  name: string;
  plugins: Record<string, ESLint.Plugin>;
  rules: Linter.RulesRecord;
}

/** An eslintrc (ESLint 8) config of the plugin. */
export interface TenantJobsLegacyConfig extends Linter.LegacyConfig {
  plugins: string[];
  rules: Linter.RulesRecord;
}

export interface TenantJobsPlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: string };
  /** Typed as ESLint's own rule modules, so the plugin fits `plugins: { 'tenant-jobs': plugin }` in typed configs. */
  rules: Record<RuleName, Rule.RuleModule>;
  configs: {
    recommended: TenantJobsFlatConfig;
    strict: TenantJobsFlatConfig;
    'legacy-recommended': TenantJobsLegacyConfig;
    'legacy-strict': TenantJobsLegacyConfig;
  };
}

const plugin: TenantJobsPlugin = {
  meta: { name: packageJson.name, version: packageJson.version, namespace },
  rules: rules as unknown as Record<RuleName, Rule.RuleModule>,
  configs: {} as TenantJobsPlugin['configs'],
};

const flat = (level: 'recommended' | 'strict'): TenantJobsFlatConfig => ({
  name: `${namespace}/${level}`,
  plugins: { [namespace]: plugin },
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
