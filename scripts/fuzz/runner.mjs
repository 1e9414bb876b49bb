// The fuzzing loop shared by `npm run fuzz` (on the built plugin) and the CI test (on the sources):
// program i of seed S comes from its own random source mixSeed(S, i), so `--seed S --start i
// --iterations 1` reproduces one program exactly.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateRandomJS } from 'eslump';
import { loadCorpus, mutate } from './corpus.mjs';
import { Harness, ROOT, SETTINGS_VARIANTS, parses, randomSettings, shrink, signature } from './harness.mjs';
import { Random, mixSeed } from './random.mjs';
import { generateTsProgram } from './ts-programs.mjs';

export const SOURCES = ['ts', 'mutation', 'eslump'];

/** Fixture projects with a schema (Prisma, Drizzle, …) to lint generated programs in. */
const SCHEMA_PROJECTS = ['tests/fixtures/saas-project', 'examples/saas-app', 'tests/fixtures/schema-rules']
  .map((dir) => path.join(ROOT, dir))
  .filter((dir) => existsSync(dir));

const ESLUMP_PREFIX = `import { Worker } from 'bullmq';\nimport { prisma } from './prisma';\n`;

/** A random JavaScript program from eslump, as is or grafted into a BullMQ handler. */
function eslumpProgram(r) {
  const graft = r.chance(0.4);
  const sourceType = graft ? 'script' : r.chance(0.8) ? 'module' : 'script';
  const code = r.asMathRandom(() =>
    generateRandomJS({ sourceType, maxDepth: r.int(2, 6), comments: r.chance(0.5), whitespace: r.chance(0.3) }),
  );
  const dir = r.pick(['src/jobs', 'src/workers', 'lib', 'app/api/cron/x']);
  const filename = `${dir}/${dir.includes('cron') ? 'route' : 'program'}.${r.pick(['js', 'mjs', 'jsx'])}`;
  if (graft) {
    return { code: `${ESLUMP_PREFIX}new Worker('q', async (job) => {\n${code}\n});\n`, filename, parser: 'espree', sourceType: 'module', source: 'eslump' };
  }
  return { code, filename, parser: 'espree', sourceType, source: 'eslump' };
}

/** Program `index` of `seed`: `{ code, filename, parser, sourceType, source, origin? }`. */
export function makeProgram(seed, index, corpus, sources = SOURCES) {
  const r = new Random(mixSeed(seed, index));
  const weights = { ts: 5, mutation: 3, eslump: 2 };
  const source = r.weighted(sources.map((s) => [weights[s], s]));
  if (source === 'eslump') {
    const program = eslumpProgram(r);
    // Plain JavaScript users may lint with the TypeScript parser too.
    if (r.chance(0.25) && parses('ts', program.code, program.filename.replace(/\.m?js$/, '.ts'))) return { ...program, parser: 'ts', filename: program.filename.replace(/\.m?js$/, '.ts') };
    return program;
  }
  if (source === 'mutation' && corpus.length) {
    const entry = mutate(r, r.pick(corpus));
    // Code that is plain JavaScript is also linted as ESLint lints .js files: with espree.
    const js = entry.filename.replace(/\.[cm]?ts$/, '.js').replace(/\.tsx$/, '.jsx');
    const base = { code: entry.code, sourceType: 'module', source, origin: entry.origin, cwd: entry.cwd };
    if (r.chance(0.4) && parses('espree', entry.code, js)) return { ...base, filename: js, parser: 'espree' };
    return { ...base, filename: entry.filename, parser: 'ts' };
  }
  const program = generateTsProgram(r);
  // Some programs are linted inside a project with a Prisma schema, so its tables are classified.
  const cwd = SCHEMA_PROJECTS.length && r.chance(0.3) ? r.pick(SCHEMA_PROJECTS) : undefined;
  return { ...program, parser: 'ts', sourceType: 'module', source: 'ts', cwd };
}

/** The config and settings each program is linted with. */
function runsFor(seed, index, harness) {
  const r = new Random(mixSeed(seed ^ 0x5bd1e995, index));
  const runs = [
    ['recommended', 'defaults', SETTINGS_VARIANTS.defaults],
    ['strict', 'defaults', SETTINGS_VARIANTS.defaults],
  ];
  const named = r.pick(['custom', 'custom', 'edge']);
  runs.push([r.pick(['recommended', 'strict', 'allowRecordTenant']), named, SETTINGS_VARIANTS[named]]);
  const withRecord = r.pick(['defaults', 'custom']);
  runs.push(['allowRecordTenant', withRecord, SETTINGS_VARIANTS[withRecord]]);
  if (r.chance(0.3)) runs.push([r.pick(['recommended', 'strict', 'allowRecordTenant']), 'random', randomSettings(r, harness.settingsSchema)]);
  return runs;
}

let corpusCache;
/** The mutation corpus, read once per process. */
export function getCorpus() {
  corpusCache ??= loadCorpus(ROOT);
  return corpusCache;
}

/**
 * Runs the fuzzer. Stops after `iterations` programs or `budgetMs`, whichever comes first.
 * Returns counts and the distinct failures, each shrunk to a small program.
 */
export function runFuzz({
  plugin,
  settingsSchema,
  seed = 1,
  start = 0,
  iterations = Infinity,
  budgetMs = Infinity,
  sources = SOURCES,
  shrinkFailures = true,
  outDir,
  onFailure = () => {},
  onProgress,
}) {
  const began = Date.now();
  const harness = new Harness(plugin, settingsSchema);
  const corpus = sources.includes('mutation') ? getCorpus() : [];
  const stats = { seed, programs: 0, parsed: 0, skipped: 0, bySource: {}, failures: [], elapsedMs: 0, corpus: corpus.length };
  const seen = new Set();
  let lastProgress = began;
  for (let index = start; index < start + iterations && Date.now() - began < budgetMs; index++) {
    const program = makeProgram(seed, index, corpus, sources);
    stats.programs += 1;
    const bySource = (stats.bySource[program.source] ??= { programs: 0, parsed: 0 });
    bySource.programs += 1;
    if (!parses(program.parser, program.code, program.filename, program.sourceType)) {
      stats.skipped += 1;
      continue;
    }
    stats.parsed += 1;
    bySource.parsed += 1;
    for (const [config, settingsName, settings] of runsFor(seed, index, harness)) {
      for (const failure of harness.check(program, config, settings)) {
        const sig = signature(failure);
        if (seen.has(sig)) continue;
        seen.add(sig);
        const stillFails = (candidate) => harness.check(candidate, config, settings).some((f) => signature(f) === sig);
        const minimal = shrinkFailures ? shrink(program, stillFails) : program;
        const record = { ...failure, signature: sig, seed, index, settingsName, source: program.source, origin: program.origin, filename: program.filename, cwd: program.cwd, parser: program.parser, sourceType: program.sourceType, input: program.code, minimal: minimal.code };
        stats.failures.push(record);
        if (outDir) writeFailure(outDir, record);
        onFailure(record);
      }
    }
    if (onProgress && Date.now() - lastProgress > 5000) {
      lastProgress = Date.now();
      onProgress({ ...stats, elapsedMs: lastProgress - began, ...harness.stats });
    }
  }
  stats.elapsedMs = Date.now() - began;
  Object.assign(stats, harness.stats);
  return stats;
}

/** Writes a failure as `<out>/<n>-<kind>.json` (all facts) and the minimal program next to it. */
function writeFailure(outDir, record) {
  mkdirSync(outDir, { recursive: true });
  const base = `seed${record.seed}-i${record.index}-${record.kind}`;
  writeFileSync(path.join(outDir, `${base}.json`), `${JSON.stringify(record, null, 2)}\n`);
  const ext = path.extname(record.filename) || '.ts';
  writeFileSync(path.join(outDir, `${base}.min${ext}`), `${record.minimal}\n`);
}
