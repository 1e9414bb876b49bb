// Types of runner.mjs, for the tests that use it.
import type { CheckFailure, ParserName, PluginLike } from './harness.mjs';

export type SourceName = 'ts' | 'mutation' | 'eslump';
export const SOURCES: readonly SourceName[];

export interface FuzzFailure extends CheckFailure {
  signature: string;
  seed: number;
  index: number;
  settingsName: string;
  source: SourceName;
  origin?: string;
  filename: string;
  /** ESLint's working directory, when not the repository root (a fixture project with a schema). */
  cwd?: string;
  parser: ParserName;
  sourceType: 'module' | 'script';
  input: string;
  minimal: string;
}

export interface FuzzStats {
  seed: number;
  programs: number;
  parsed: number;
  skipped: number;
  bySource: Partial<Record<SourceName, { programs: number; parsed: number }>>;
  failures: FuzzFailure[];
  elapsedMs: number;
  corpus: number;
  lints: number;
  reports: number;
  suggestions: number;
  fixes: number;
}

export interface FuzzOptions {
  plugin: PluginLike;
  settingsSchema: object;
  seed?: number;
  start?: number;
  iterations?: number;
  budgetMs?: number;
  sources?: readonly SourceName[];
  shrinkFailures?: boolean;
  outDir?: string;
  onFailure?: (failure: FuzzFailure) => void;
  onProgress?: (stats: FuzzStats) => void;
}

/** Runs the fuzzer until `iterations` programs or `budgetMs`, whichever comes first. */
export function runFuzz(options: FuzzOptions): FuzzStats;
