import { hasPath, isFromSource } from '../resolve';
import { argSlot, createdName, lastFunctionArg, type JobSystem } from './types';

const SOURCES = ['bee-queue'];

export const beeQueue: JobSystem = {
  id: 'bee-queue',
  name: 'Bee-Queue',
  sources: SOURCES,
  enqueueNames: ['createJob'],
  matchEnqueue(call, name, receiver, context) {
    if (!receiver || name !== 'createJob' || !context.mayHaveOriginFrom(SOURCES)) return undefined;
    const origin = context.originOf(receiver);
    if (!isFromSource(origin, SOURCES) || !hasPath(origin, ['new'], ['default', 'new'])) return undefined;
    return { system: 'bee-queue', node: call, jobName: createdName(origin, context), payloads: argSlot(call, 0), repeatable: false };
  },
  handlerNames: ['process'],
  matchHandler(call, name, receiver, context) {
    if (name !== 'process' || !receiver || !context.mayHaveOriginFrom(SOURCES)) return undefined;
    const origin = context.originOf(receiver);
    if (!isFromSource(origin, SOURCES) || !hasPath(origin, ['new'], ['default', 'new'])) return undefined;
    const fn = lastFunctionArg(call, context);
    return fn ? [{ system: 'bee-queue', jobName: createdName(origin, context), fn, payload: { param: 0, path: ['data'] }, cron: false }] : undefined;
  },
  handlers: [
    { form: 'queue.process([concurrency], (job, done) => …)', kind: 'call', names: ['process'], handlerArg: -1, payload: { param: 0, path: ['data'] } },
  ],
};
