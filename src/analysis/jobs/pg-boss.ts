import { hasPath, isFromSource, type Origin } from '../resolve';
import { isNameArgument, isShapeCandidate, mayBeClient } from './shape';
import { argAt, argSlot, eachPropertySlots, lastFunctionArg, propertySlot, readName, receiverName, type JobSystem } from './types';

const SOURCES = ['pg-boss'];
/** The name of a client built in the project's own module. */
const SHAPE = /boss$/i;
const SEND_LIKE = ['sendAfter', 'sendThrottled', 'sendDebounced', 'publish'];

function isBoss(origin: Origin | undefined): boolean {
  return isFromSource(origin, SOURCES) && hasPath(origin, ['PgBoss', 'new'], ['default', 'new'], ['new']);
}

export const pgBoss: JobSystem = {
  id: 'pg-boss',
  name: 'pg-boss',
  sources: SOURCES,
  enqueueNames: ['send', 'insert', 'schedule', ...SEND_LIKE],
  matchEnqueue(call, name, receiver, context) {
    if (!receiver) return undefined;
    const receiverId = receiverName(receiver);
    if (!mayBeClient(receiverId, SHAPE, SOURCES, context)) return undefined;
    const origin = context.originOf(receiver);
    const first = argAt(call, 0);
    if (!isBoss(origin)) {
      // `boss.send('queue', data)` on an instance exported by the project's own module.
      if (!isShapeCandidate(origin, receiverId, SHAPE)) return undefined;
      if (!isNameArgument(first ?? undefined, context) || name === 'insert') return undefined;
    }
    const named = isNameArgument(first ?? undefined, context);
    const jobName = named ? readName(first, context) : undefined;
    switch (name) {
      case 'send':
        if (named) return { system: 'pg-boss', node: call, jobName, payloads: argSlot(call, 1), repeatable: false };
        // `send({ name, data, options })`
        {
          const payloads = propertySlot(first, 'data', context, ['name']);
          return { system: 'pg-boss', node: call, jobName: payloads[0]?.jobName, payloads, repeatable: false };
        }
      case 'insert': {
        // v11+: insert(name, [{ data }]); v10: insert([{ name, data }])
        const payloads = named
          ? eachPropertySlots(argAt(call, 1), 'data', context)
          : eachPropertySlots(first, 'data', context, ['name']);
        return { system: 'pg-boss', node: call, jobName: jobName ?? payloads[0]?.jobName, payloads, repeatable: false };
      }
      case 'schedule':
        return { system: 'pg-boss', node: call, jobName, payloads: [], repeatable: true };
      default:
        if (!SEND_LIKE.includes(name) || !named) return undefined;
        return { system: 'pg-boss', node: call, jobName, payloads: argSlot(call, 1), repeatable: false };
    }
  },
  handlerNames: ['work'],
  matchHandler(call, name, receiver, context) {
    if (name !== 'work' || !receiver) return undefined;
    const receiverId = receiverName(receiver);
    if (!mayBeClient(receiverId, SHAPE, SOURCES, context)) return undefined;
    const origin = context.originOf(receiver);
    if (!isBoss(origin) && !isShapeCandidate(origin, receiverId, SHAPE)) return undefined;
    if (!isNameArgument(argAt(call, 0) ?? undefined, context)) return undefined;
    const fn = lastFunctionArg(call, context);
    return fn ? [{ system: 'pg-boss', jobName: readName(argAt(call, 0), context), fn, payload: { param: 0, path: ['*', 'data'] }, cron: false }] : undefined;
  },
  handlers: [
    { form: 'boss.work(name, [options], async ([job]) => …) (v10+: an array of jobs)', kind: 'call', names: ['work'], handlerArg: -1, payload: { param: 0, path: ['*', 'data'] } },
  ],
};
