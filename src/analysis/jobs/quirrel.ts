import { hasPath, isFromSource, type Origin } from '../resolve';
import { argAt, argSlot, createdName, eachPropertySlots, functionOf, hasOption, readName, receiverName, type JobSystem } from './types';

const SOURCES = ['quirrel'];

function isQueue(origin: Origin | undefined): boolean {
  return isFromSource(origin, SOURCES) && hasPath(origin, ['Queue', '()'], ['default', '()']);
}

/** A queue imported from its route module (`import emailQueue from '@/app/api/queues/email/route'`). */
function isImportedBinding(origin: Origin | undefined): boolean {
  return !!origin && origin.path.length === 1 && !isFromSource(origin, SOURCES);
}

export const quirrel: JobSystem = {
  id: 'quirrel',
  name: 'Quirrel',
  sources: SOURCES,
  enqueueNames: ['enqueue', 'enqueueMany'],
  matchEnqueue(call, name, receiver, context) {
    if (!receiver) return undefined;
    const origin = context.originOf(receiver);
    const known = isQueue(origin);
    if (!known && !(isImportedBinding(origin) && call.arguments.length >= 1 && call.arguments.length <= 2)) return undefined;
    const jobName = (known ? createdName(origin, context) : undefined) ?? receiverName(receiver);
    if (name === 'enqueue') {
      return { system: 'quirrel', node: call, jobName, payloads: argSlot(call, 0), repeatable: hasOption(argAt(call, 1), ['repeat'], context) };
    }
    return { system: 'quirrel', node: call, jobName, payloads: eachPropertySlots(argAt(call, 0), 'payload', context), repeatable: false };
  },
  handlerNames: ['Queue', 'CronJob'],
  matchHandler(call, _name, _receiver, context) {
    const origin = context.originOf(call.callee);
    if (!isFromSource(origin, SOURCES)) return undefined;
    const jobName = readName(argAt(call, 0), context);
    if (hasPath(origin, ['Queue'], ['default'])) {
      const fn = functionOf(argAt(call, 1), context);
      return fn ? [{ system: 'quirrel', jobName, fn, payload: { param: 0, path: [] }, cron: false }] : undefined;
    }
    if (hasPath(origin, ['CronJob'])) {
      const fn = functionOf(argAt(call, 2), context);
      return fn ? [{ system: 'quirrel', jobName, fn, payload: undefined, cron: true }] : undefined;
    }
    return undefined;
  },
  handlers: [
    { form: 'Queue(route, async (payload, meta) => …)', kind: 'call', names: ['Queue'], handlerArg: 1, payload: { param: 0, path: [] } },
    { form: 'CronJob(route, schedule, async () => …)', kind: 'call', names: ['CronJob'], handlerArg: 2, payload: undefined, cron: true },
  ],
};
