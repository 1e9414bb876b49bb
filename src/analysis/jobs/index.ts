import { agenda } from './agenda';
import { beeQueue } from './bee-queue';
import { bull } from './bull';
import { bullmq } from './bullmq';
import { cloudflareQueues } from './cloudflare';
import { cronPackage, croner, nestSchedule, nextCron, nodeCron, nodeSchedule } from './cron';
import { graphileWorker } from './graphile-worker';
import { hatchet } from './hatchet';
import { inngest } from './inngest';
import { pgBoss } from './pg-boss';
import { quirrel } from './quirrel';
import { sqs } from './sqs';
import { temporal } from './temporal';
import { triggerDev } from './trigger';
import type { JobSystem } from './types';
import { qstash, upstashWorkflow } from './upstash';
import { vercelQueue } from './vercel-queue';

/**
 * Every job system the plugin knows, in matching order: systems recognised by their import come
 * before the shape-only ones they could be mistaken for (Bull before BullMQ's shape match).
 */
export const JOB_SYSTEMS: readonly JobSystem[] = [
  bull,
  bullmq,
  beeQueue,
  inngest,
  triggerDev,
  quirrel,
  pgBoss,
  agenda,
  graphileWorker,
  qstash,
  upstashWorkflow,
  vercelQueue,
  sqs,
  cloudflareQueues,
  temporal,
  hatchet,
  nodeCron,
  croner,
  cronPackage,
  nodeSchedule,
  nestSchedule,
  nextCron,
];

/**
 * For each method name, the systems of `systems` that list it (by `names`), in table order: the
 * matchers a call of that name is put to, found with one lookup.
 */
export function systemsByName(systems: readonly JobSystem[], names: (system: JobSystem) => readonly string[] | undefined): ReadonlyMap<string, readonly JobSystem[]> {
  const byName = new Map<string, JobSystem[]>();
  for (const system of systems) {
    for (const name of names(system) ?? []) {
      const list = byName.get(name) ?? [];
      // A name a system lists twice (Trigger.dev's `trigger` is a task's method and the SDK's) is
      // put to its matcher once.
      if (!list.includes(system)) byName.set(name, [...list, system]);
    }
  }
  return byName;
}

export type { CallLike, EnqueueSite, HandlerShape, JobSystem, PayloadSlot } from './types';
