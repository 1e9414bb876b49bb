import { hasPath, isFromSource, type Origin } from '../resolve';
import { addBulkSite } from './bullmq';
import { isNameArgument } from './shape';
import { argAt, argSlot, createdName, hasOption, readName, type JobSystem } from './types';

const SOURCES = ['bull'];
const NEST_SOURCES = ['@nestjs/bull'];

function isQueue(origin: Origin | undefined): boolean {
  return (
    (isFromSource(origin, SOURCES) &&
      hasPath(origin, ['new'], ['()'], ['default', 'new'], ['default', '()'], ['Queue', 'new'])) ||
    (isFromSource(origin, NEST_SOURCES) && hasPath(origin, ['InjectQueue', '@']))
  );
}

export const bull: JobSystem = {
  id: 'bull',
  name: 'Bull',
  sources: [...SOURCES, ...NEST_SOURCES],
  enqueueNames: ['add', 'addBulk'],
  matchEnqueue(call, name, receiver, context) {
    if (!receiver) return undefined;
    const origin = context.originOf(receiver);
    if (!isQueue(origin)) return undefined;
    const queueName = createdName(origin, context);
    if (name === 'addBulk') return addBulkSite(call, origin, context, 'bull');
    // `add([name,] data, opts)`: at runtime a string first argument is the job name.
    const named = isNameArgument(argAt(call, 0) ?? undefined, context);
    const dataIndex = named ? 1 : 0;
    return {
      system: 'bull',
      node: call,
      jobName: (named ? readName(argAt(call, 0), context) : undefined) ?? queueName,
      otherNames: queueName ? [queueName] : [],
      payloads: argSlot(call, dataIndex),
      repeatable: hasOption(argAt(call, dataIndex + 1), ['repeat'], context),
    };
  },
  handlers: [
    { form: 'queue.process([name], [concurrency], (job, done) => …)', kind: 'call', names: ['process'], handlerArg: -1, payload: { param: 0, path: ['data'] } },
    { form: "@Processor('queue') class { @Process() method(job) }", kind: 'decorated-method', names: ['Process'], payload: { param: 0, path: ['data'] } },
    { form: '@OnQueueActive/@OnQueueCompleted/@OnQueueFailed method(job)', kind: 'decorated-method', names: ['OnQueueActive', 'OnQueueCompleted', 'OnQueueFailed', 'OnQueueProgress'], payload: { param: 0, path: ['data'] } },
  ],
};
