import { hasPath, isFromSource } from '../resolve';
import { argAt, argSlot, readName, type JobSystem } from './types';

const SOURCES = ['@vercel/queue'];

export const vercelQueue: JobSystem = {
  id: 'vercel-queue',
  name: 'Vercel Queues',
  sources: SOURCES,
  enqueueNames: ['send'],
  matchEnqueue(call, _name, receiver, context) {
    const origin = context.originOf(receiver ?? call.callee);
    const ok = receiver
      ? isFromSource(context.originOf(call.callee), SOURCES) && hasPath(context.originOf(call.callee), ['send'])
      : isFromSource(origin, SOURCES) && hasPath(origin, ['send']);
    if (!ok) return undefined;
    return { system: 'vercel-queue', node: call, jobName: readName(argAt(call, 0), context), payloads: argSlot(call, 1), repeatable: false };
  },
  handlers: [
    { form: 'export const POST = handleCallback(async (message, metadata) => …)', kind: 'call', names: ['handleCallback'], handlerArg: 0, payload: { param: 0, path: [] } },
  ],
};
