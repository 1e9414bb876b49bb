import { hasPath, isFromSource } from '../resolve';
import { argAt, asObject, decoratorOrigins, functionOf, functionProperty, lastFunctionArg, readName, type FunctionNode, type HandlerMatch, type JobSystem, type MatchContext } from './types';

/**
 * In-process schedulers and platform crons: they have handlers (with no payload, so every query
 * there must fan out) and nothing to enqueue.
 */
function cronSystem(
  id: string,
  name: string,
  sources: readonly string[],
  handlers: JobSystem['handlers'],
  match: Pick<JobSystem, 'handlerNames' | 'matchHandler' | 'matchClassMember'>,
): JobSystem {
  return { id, name, sources, enqueueNames: [], matchEnqueue: () => undefined, handlers, ...match };
}

const cronHandler = (system: string, fn: FunctionNode | undefined, jobName?: string): HandlerMatch[] | undefined =>
  fn ? [{ system, jobName, fn, payload: undefined, cron: true }] : undefined;

const NODE_CRON = ['node-cron'];
const CRONER = ['croner'];
const CRON = ['cron'];
const NODE_SCHEDULE = ['node-schedule'];

/**
 * Whether a callee comes from `sources` by one of `paths` (a named import, a default import's
 * member, …). `sources` is one of the constant lists above: the file's answer for it is kept.
 */
function calleeFrom(node: Parameters<MatchContext['originOf']>[0], context: MatchContext, sources: readonly string[], ...paths: string[][]): boolean {
  if (!context.mayHaveOriginFrom(sources)) return false;
  const origin = context.originOf(node);
  return isFromSource(origin, sources) && hasPath(origin, ...paths);
}

export const nodeCron = cronSystem(
  'node-cron',
  'node-cron',
  NODE_CRON,
  [{ form: 'cron.schedule(expression, () => …)', kind: 'call', names: ['schedule', 'createTask'], handlerArg: 1, payload: undefined, cron: true }],
  {
    handlerNames: ['schedule', 'createTask'],
    matchHandler(call, _name, _receiver, context) {
      if (!calleeFrom(call.callee, context, NODE_CRON, ['schedule'], ['createTask'], ['default', 'schedule'], ['default', 'createTask'])) return undefined;
      return cronHandler('node-cron', functionOf(argAt(call, 1), context), readName(argAt(call, 0), context));
    },
  },
);

export const croner = cronSystem(
  'croner',
  'croner',
  CRONER,
  [{ form: 'new Cron(pattern, [options], () => …)', kind: 'new', names: ['Cron'], handlerArg: -1, payload: undefined, cron: true }],
  {
    handlerNames: ['Cron'],
    matchHandler(call, _name, _receiver, context) {
      if (!calleeFrom(call.callee, context, CRONER, ['Cron'], ['default'])) return undefined;
      return cronHandler('croner', lastFunctionArg(call, context), readName(argAt(call, 0), context));
    },
  },
);

export const cronPackage = cronSystem(
  'cron',
  'cron',
  CRON,
  [{ form: 'new CronJob(cronTime, onTick) / CronJob.from({ cronTime, onTick })', kind: 'new', names: ['CronJob'], handlerArg: 1, payload: undefined, cron: true }],
  {
    handlerNames: ['CronJob', 'from'],
    matchHandler(call, name, _receiver, context) {
      if (name === 'from') {
        if (!calleeFrom(call.callee, context, CRON, ['CronJob', 'from'])) return undefined;
        const options = asObject(argAt(call, 0), context);
        return cronHandler('cron', functionProperty(options, 'onTick', context));
      }
      if (!calleeFrom(call.callee, context, CRON, ['CronJob'])) return undefined;
      return cronHandler('cron', functionOf(argAt(call, 1), context), readName(argAt(call, 0), context));
    },
  },
);

export const nodeSchedule = cronSystem(
  'node-schedule',
  'node-schedule',
  NODE_SCHEDULE,
  [{ form: 'schedule.scheduleJob([name,] rule, fn)', kind: 'call', names: ['scheduleJob'], handlerArg: -1, payload: undefined, cron: true }],
  {
    handlerNames: ['scheduleJob'],
    matchHandler(call, _name, _receiver, context) {
      if (!calleeFrom(call.callee, context, NODE_SCHEDULE, ['scheduleJob'], ['default', 'scheduleJob'])) return undefined;
      return cronHandler('node-schedule', lastFunctionArg(call, context));
    },
  },
);

export const nestSchedule = cronSystem(
  'nestjs-schedule',
  '@nestjs/schedule',
  ['@nestjs/schedule'],
  [{ form: '@Cron(expression) / @Interval(ms) / @Timeout(ms) methods', kind: 'decorated-method', names: ['Cron', 'Interval', 'Timeout'], payload: undefined, cron: true }],
  {
    matchClassMember(member, _classNode, context) {
      if (member.type !== 'MethodDefinition') return undefined;
      const decorator = decoratorOrigins(member, context).find(
        (d) => isFromSource(d.origin, ['@nestjs/schedule']) && ['Cron', 'Interval', 'Timeout'].includes(d.name),
      );
      if (!decorator) return undefined;
      const jobName = member.key.type === 'Identifier' ? member.key.name : undefined;
      return { system: 'nestjs-schedule', jobName, fn: member.value as FunctionNode, payload: undefined, cron: true };
    },
  },
);

export const nextCron = cronSystem(
  'next-cron',
  'Next.js / Vercel cron routes',
  ['next', 'next/server'],
  [{ form: 'export async function GET(request) in app/**/cron/**/route.ts, pages/api/cron/**', kind: 'export', names: ['GET', 'POST', 'default'], payload: undefined, cron: true }],
  {},
);
