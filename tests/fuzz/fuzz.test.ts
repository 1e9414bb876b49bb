/**
 * The bounded fuzzing budget CI runs: the generators of scripts/fuzz (random TypeScript job code,
 * mutated fixtures and test strings, eslump JavaScript) on the plugin's sources, with fixed seeds
 * so a failure here is reproducible with `npm run fuzz -- --seed <seed> --start <index>
 * --iterations 1`. Longer runs are by hand: `npm run fuzz -- --budget 600` (docs/reliability.md).
 *
 * Each seed runs a fixed number of programs, capped by a time budget so a slow machine checks
 * fewer programs rather than timing out.
 */
import { describe, expect, it } from 'vitest';
import plugin from '../../src/plugin';
import { settingsSchema } from '../../src/util/settings';
import type { FuzzFailure } from '../../scripts/fuzz/runner.mjs' with { 'resolution-mode': 'import' };

const SEEDS = [
  { seed: 101, iterations: 180 },
  { seed: 202, iterations: 180 },
  { seed: 303, iterations: 180 },
];
/** About 6 s a seed on an idle 2-core machine; the cap keeps a loaded one near 30 s in all. */
const BUDGET_PER_SEED_MS = 9_000;

const describeFailure = (f: FuzzFailure): string =>
  `${f.kind} in ${f.rule} (${f.config}, settings ${f.settingsName}): ${f.message}\n` +
  `  reproduce: npm run build && npm run fuzz -- --seed ${f.seed} --start ${f.index} --iterations 1\n` +
  `  ${f.filename}, minimised:\n${f.minimal}`;

describe('fuzzing (CI budget)', () => {
  it.each(SEEDS)('seed $seed: up to $iterations programs, no rule throws, every suggestion parses and stays in scope', async ({ seed, iterations }) => {
    const { runFuzz } = await import('../../scripts/fuzz/runner.mjs');
    const stats = runFuzz({ plugin, settingsSchema, seed, iterations, budgetMs: BUDGET_PER_SEED_MS });
    console.info(
      `fuzz seed ${seed}: ${stats.programs} programs (${stats.parsed} parsed) in ${(stats.elapsedMs / 1000).toFixed(1)}s, ` +
        `${stats.lints} lints, ${stats.reports} reports, ${stats.suggestions} suggestions`,
    );
    expect(stats.failures.map(describeFailure)).toEqual([]);
    // The generators still make programs that parse and that the rules report on.
    expect(stats.parsed).toBeGreaterThan(stats.programs * 0.7);
    expect(stats.suggestions).toBeGreaterThan(0);
  });
});
