import type { JobSystem } from './types';

/**
 * In-process schedulers and platform crons: they have handlers (with no payload, so every query
 * there must fan out) and nothing to enqueue.
 */
function cronSystem(id: string, name: string, sources: readonly string[], handlers: JobSystem['handlers']): JobSystem {
  return { id, name, sources, enqueueNames: [], matchEnqueue: () => undefined, handlers };
}

export const nodeCron = cronSystem('node-cron', 'node-cron', ['node-cron'], [
  { form: 'cron.schedule(expression, () => …)', kind: 'call', names: ['schedule', 'createTask'], handlerArg: 1, payload: undefined, cron: true },
]);

export const croner = cronSystem('croner', 'croner', ['croner'], [
  { form: 'new Cron(pattern, [options], () => …)', kind: 'new', names: ['Cron'], handlerArg: -1, payload: undefined, cron: true },
]);

export const cronPackage = cronSystem('cron', 'cron', ['cron'], [
  { form: 'new CronJob(cronTime, onTick) / CronJob.from({ cronTime, onTick })', kind: 'new', names: ['CronJob'], handlerArg: 1, payload: undefined, cron: true },
]);

export const nodeSchedule = cronSystem('node-schedule', 'node-schedule', ['node-schedule'], [
  { form: 'schedule.scheduleJob([name,] rule, fn)', kind: 'call', names: ['scheduleJob'], handlerArg: -1, payload: undefined, cron: true },
]);

export const nestSchedule = cronSystem('nestjs-schedule', '@nestjs/schedule', ['@nestjs/schedule'], [
  { form: '@Cron(expression) / @Interval(ms) / @Timeout(ms) methods', kind: 'decorated-method', names: ['Cron', 'Interval', 'Timeout'], payload: undefined, cron: true },
]);

export const nextCron = cronSystem('next-cron', 'Next.js / Vercel cron routes', ['next', 'next/server'], [
  { form: 'export async function GET(request) in app/**/cron/**/route.ts, pages/api/cron/**', kind: 'export', names: ['GET', 'POST', 'default'], payload: undefined, cron: true },
]);
