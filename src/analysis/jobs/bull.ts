import { hasPath, isFromSource, type Origin } from '../resolve';
import { addBulkSite, JOB_DATA } from './bullmq';
import { isNameArgument } from './shape';
import { argAt, argSlot, createdName, decoratorOrigins, hasOption, lastFunctionArg, readName, type FunctionNode, type JobSystem } from './types';

const SOURCES = ['bull'];
const NEST_SOURCES = ['@nestjs/bull'];
/** Every source a queue can come from. */
const ORIGIN_SOURCES = [...SOURCES, ...NEST_SOURCES];

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
  sources: ORIGIN_SOURCES,
  enqueueNames: ['add', 'addBulk'],
  matchEnqueue(call, name, receiver, context) {
    if (!receiver || !context.mayHaveOriginFrom(ORIGIN_SOURCES)) return undefined;
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
  handlerNames: ['process'],
  matchHandler(call, name, receiver, context) {
    if (name !== 'process' || !receiver || !context.mayHaveOriginFrom(ORIGIN_SOURCES)) return undefined;
    const origin = context.originOf(receiver);
    if (!isQueue(origin)) return undefined;
    const fn = lastFunctionArg(call, context);
    const jobName = (isNameArgument(argAt(call, 0) ?? undefined, context) ? readName(argAt(call, 0), context) : undefined) ?? createdName(origin, context);
    return fn ? [{ system: 'bull', jobName, fn, payload: JOB_DATA, cron: false }] : undefined;
  },
  matchClassMember(member, classNode, context) {
    if (member.type !== 'MethodDefinition' || member.static) return undefined;
    const decorators = decoratorOrigins(member, context).filter((d) => isFromSource(d.origin, NEST_SOURCES));
    const process = decorators.find((d) => d.name === 'Process' || d.name.startsWith('OnQueue') || d.name.startsWith('OnGlobalQueue'));
    if (!process) return undefined;
    const processor = decoratorOrigins(classNode, context).find((d) => isFromSource(d.origin, NEST_SOURCES) && d.name === 'Processor');
    const first = process.call?.arguments[0];
    const jobName = (first && isNameArgument(first, context) ? readName(first, context) : undefined) ?? readName(processor?.call?.arguments[0], context);
    return { system: 'bull', jobName, fn: member.value as FunctionNode, payload: JOB_DATA, cron: false };
  },
  handlers: [
    { form: 'queue.process([name], [concurrency], (job, done) => …)', kind: 'call', names: ['process'], handlerArg: -1, payload: { param: 0, path: ['data'] } },
    { form: "@Processor('queue') class { @Process() method(job) }", kind: 'decorated-method', names: ['Process'], payload: { param: 0, path: ['data'] } },
    { form: '@OnQueueActive/@OnQueueCompleted/@OnQueueFailed method(job)', kind: 'decorated-method', names: ['OnQueueActive', 'OnQueueCompleted', 'OnQueueFailed', 'OnQueueProgress'], payload: { param: 0, path: ['data'] } },
  ],
};
