import * as fs from 'node:fs';
import { JOB_SYSTEMS } from '../analysis/jobs';

/**
 * Import sources of the job systems that do not mean a job system on their own in `package.json`:
 * a web framework, the general AWS SDK, type packages, a runtime's module.
 */
const NOT_JOB_PACKAGES: ReadonlySet<string> = new Set(['next', 'aws-sdk', 'aws-lambda', '@types/aws-lambda', '@cloudflare/workers-types']);

/** Job and scheduling packages the rules do not analyse, which still mean the project runs background jobs. */
const OTHER_JOB_PACKAGES: Readonly<Record<string, string>> = {
  bree: 'Bree',
  kue: 'Kue',
  'node-resque': 'node-resque',
  'toad-scheduler': 'toad-scheduler',
  '@google-cloud/tasks': 'Google Cloud Tasks',
  'sqs-producer': 'AWS SQS',
};

/** Display names of the job systems by id, with the two kinds of handler the engine finds without a library. */
export const SYSTEM_NAMES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(JOB_SYSTEMS.map((system) => [system.id, system.name])),
  'job-file': 'job files (`jobFiles`)',
  custom: 'project wrappers (`enqueueFunctions`, `handlerFunctions`)',
};

/** The package name of an import source: `@trigger.dev/sdk/v3` gives `@trigger.dev/sdk`; undefined for `cloudflare:workers`. */
function packageOf(source: string): string | undefined {
  if (source.includes(':')) return undefined;
  const parts = source.split('/');
  return source.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** npm package name → job system: `id` when the rules know it, with its display name. */
export const JOB_PACKAGES: ReadonlyMap<string, { id: string | undefined; name: string }> = (() => {
  const map = new Map<string, { id: string | undefined; name: string }>();
  for (const system of JOB_SYSTEMS) {
    for (const source of system.sources) {
      const name = packageOf(source);
      if (name && !NOT_JOB_PACKAGES.has(name) && !map.has(name)) map.set(name, { id: system.id, name: system.name });
    }
  }
  for (const [name, display] of Object.entries(OTHER_JOB_PACKAGES)) if (!map.has(name)) map.set(name, { id: undefined, name: display });
  return map;
})();

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/** The job packages a `package.json` depends on (in any dependency field); none when it cannot be read. */
export function jobDependencies(packageFile: string): string[] {
  let manifest: unknown;
  try {
    manifest = JSON.parse(fs.readFileSync(packageFile, 'utf8'));
  } catch {
    return [];
  }
  if (typeof manifest !== 'object' || manifest === null) return [];
  const found = new Set<string>();
  for (const field of DEPENDENCY_FIELDS) {
    const deps = (manifest as Record<string, unknown>)[field];
    if (typeof deps !== 'object' || deps === null) continue;
    for (const name of Object.keys(deps)) if (JOB_PACKAGES.has(name)) found.add(name);
  }
  return [...found].sort();
}

/** The cron paths a `vercel.json` schedules (`crons[].path`); none when it cannot be read. */
export function vercelCrons(vercelFile: string): string[] {
  try {
    const config = JSON.parse(fs.readFileSync(vercelFile, 'utf8')) as { crons?: unknown };
    if (!Array.isArray(config.crons)) return [];
    return config.crons.map((cron: unknown) => (typeof cron === 'object' && cron && typeof (cron as { path?: unknown }).path === 'string' ? (cron as { path: string }).path : '?'));
  } catch {
    return [];
  }
}
