// Types of harness.mjs, for the tests that use it.
import type { Linter } from 'eslint';

export type ParserName = 'ts' | 'espree';

/** A program to lint. */
export interface FuzzInput {
  code: string;
  filename: string;
  parser: ParserName;
  sourceType?: 'module' | 'script';
  /** ESLint's working directory (the repository root by default). */
  cwd?: string;
}

export type ConfigName = 'recommended' | 'strict' | 'allowRecordTenant';

export interface CheckFailure {
  kind: 'throw' | 'placeholder' | 'location' | 'suggestion-parse' | 'suggestion-scope' | 'fix-parse';
  rule: string;
  message: string;
  config: ConfigName;
  settings: Record<string, unknown>;
  output?: string;
  stack?: string;
}

export interface PluginLike {
  configs: { recommended: Linter.Config & { rules: Linter.RulesRecord }; strict: Linter.Config & { rules: Linter.RulesRecord } };
}

export const ROOT: string;
export const SETTINGS_VARIANTS: Readonly<Record<'defaults' | 'custom' | 'edge', Record<string, unknown>>>;

export class Harness {
  constructor(plugin: PluginLike, settingsSchema: object);
  readonly stats: { lints: number; reports: number; suggestions: number; fixes: number };
  /** Lints `input` with one config and settings; the failures found (empty when all is well). */
  check(input: FuzzInput, config: ConfigName, settings: Record<string, unknown>): CheckFailure[];
}

export function parses(parser: ParserName, code: string, filename: string, sourceType?: 'module' | 'script'): boolean;
export function signature(failure: CheckFailure): string;
