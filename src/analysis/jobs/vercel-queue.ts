import { hasPath, isFromSource } from '../resolve';
import { argAt, argSlot, functionOf, readName, type JobSystem } from './types';

const SOURCES = ['@vercel/queue'];

export const vercelQueue: JobSystem = {
  id: 'vercel-queue',
  name: 'Vercel Queues',
  sources: SOURCES,
  enqueueNames: ['send'],
  matchEnqueue(call, _name, _receiver, context) {
    // `send(topic, payload)` imported by name, or `queue.send(…)` on the module namespace.
    if (!context.mayHaveOriginFrom(SOURCES)) return undefined;
    const origin = context.originOf(call.callee);
    if (!isFromSource(origin, SOURCES) || !hasPath(origin, ['send'])) return undefined;
    return { system: 'vercel-queue', node: call, jobName: readName(argAt(call, 0), context), payloads: argSlot(call, 1), repeatable: false };
  },
  handlerNames: ['handleCallback'],
  matchHandler(call, _name, _receiver, context) {
    if (!context.mayHaveOriginFrom(SOURCES)) return undefined;
    const origin = context.originOf(call.callee);
    if (!isFromSource(origin, SOURCES) || !hasPath(origin, ['handleCallback'])) return undefined;
    const fn = functionOf(argAt(call, 0), context);
    return fn ? [{ system: 'vercel-queue', jobName: undefined, fn, payload: { param: 0, path: [] }, cron: false }] : undefined;
  },
  handlers: [
    { form: 'export const POST = handleCallback(async (message, metadata) => …)', kind: 'call', names: ['handleCallback'], handlerArg: 0, payload: { param: 0, path: [] } },
  ],
};
