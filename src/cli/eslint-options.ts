import type { ESLint, Linter } from 'eslint';
import plugin from '../plugin';
import type { TenantJobsSettingsInput } from '../util/settings';
import { INVENTORY_PLUGIN, INVENTORY_RULE_ID, inventoryRule } from './inventory-rule';

/** Globs of the files the audit lints (the extensions of `SOURCE_EXTENSIONS`). */
export const SOURCE_GLOBS: readonly string[] = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'];

/** What an audit's ESLint instance is made from: plain data, so that worker threads can rebuild it. */
export interface LintSetup {
  /** ESLint's working directory: `jobFiles` globs match paths relative to it. */
  readonly cwd: string;
  /** Validated `settings['tenant-jobs']`. */
  readonly settings: TenantJobsSettingsInput;
  /** Where `@typescript-eslint/parser` is; without it ESLint's own parser reads JavaScript only. */
  readonly parserPath: string | undefined;
  /** Whether the audit's inventory rule runs (the audit needs it; a plain comparison run does not). */
  readonly inventory: boolean;
  /** ESLint's `concurrency`: `auto` or a thread count where ESLint supports it (9.34+), else `off`. */
  readonly concurrency: 'auto' | 'off' | number;
}

/**
 * The embedded config of `tenant-jobs audit`: the TypeScript parser with JSX for every source
 * extension, the plugin's `recommended` config, the audit's inventory rule, and the settings. No
 * config file of the project is read.
 */
export function createLintConfig(setup: Pick<LintSetup, 'settings' | 'parserPath' | 'inventory'>): Linter.Config[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const parser = setup.parserPath ? (require(setup.parserPath) as Linter.Parser) : undefined;
  const config: Linter.Config[] = [
    {
      name: 'tenant-jobs-audit/sources',
      files: [...SOURCE_GLOBS],
      languageOptions: { ...(parser ? { parser } : {}), parserOptions: { ecmaFeatures: { jsx: true } } },
      // Directives the audit's subset of rules leaves unused are the project's business, not findings.
      linterOptions: { reportUnusedDisableDirectives: false },
    },
    plugin.configs.recommended,
    { name: 'tenant-jobs-audit/settings', settings: { 'tenant-jobs': setup.settings } },
  ];
  if (setup.inventory) {
    config.push({
      name: 'tenant-jobs-audit/inventory',
      plugins: { [INVENTORY_PLUGIN]: { rules: { inventory: inventoryRule as unknown as NonNullable<ESLint.Plugin['rules']>[string] } } },
      rules: { [INVENTORY_RULE_ID]: 'warn' },
    });
  }
  return config;
}

/** The options of the audit's `ESLint` instance. */
export function createEslintOptions(setup: LintSetup): ESLint.Options {
  return {
    cwd: setup.cwd,
    overrideConfigFile: true,
    overrideConfig: createLintConfig(setup),
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
    ...(setup.concurrency !== 'off' ? { concurrency: setup.concurrency } : {}),
  } as ESLint.Options;
}
