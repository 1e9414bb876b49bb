import type { TSESTree } from '@typescript-eslint/utils';
import { findProperty } from '../../util/ast';
import { hasPath, isFromSource, type Origin } from '../resolve';
import { isNameArgument, isShapeCandidate, mayBeClient } from './shape';
import {
  decoratorOrigins,
  functionOf,
  type FunctionNode,
  type PayloadBinding,
  argAt,
  argSlot,
  asObject,
  createdName,
  eachPropertySlots,
  elementsOf,
  hasOption,
  propertySlot,
  readName,
  receiverName,
  type CallLike,
  type EnqueueSite,
  type JobSystem,
  type MatchContext,
  type PayloadSlot,
} from './types';

const SOURCES = ['bullmq', '@taskforcesh/bullmq-pro'];
/** The name of a client built in the project's own module. */
const SHAPE = /queue$/i;
/** A BullMQ/Bull job handed to a processor: the payload is `job.data`. */
export const JOB_DATA: PayloadBinding = { param: 0, path: ['data'] };
const NEST_SOURCES = ['@nestjs/bullmq'];
/** Every source a queue or flow producer can come from. */
const ORIGIN_SOURCES = [...SOURCES, ...NEST_SOURCES];

function isQueue(origin: Origin | undefined): boolean {
  return (
    (isFromSource(origin, SOURCES) && hasPath(origin, ['Queue', 'new'], ['QueuePro', 'new'])) ||
    (isFromSource(origin, NEST_SOURCES) && hasPath(origin, ['InjectQueue', '@']))
  );
}

function isFlowProducer(origin: Origin | undefined): boolean {
  return (
    (isFromSource(origin, SOURCES) && hasPath(origin, ['FlowProducer', 'new'], ['FlowProducerPro', 'new'])) ||
    (isFromSource(origin, NEST_SOURCES) && hasPath(origin, ['InjectFlowProducer', '@']))
  );
}

/** `data` of a flow node and, recursively, of every `children[*]`. */
function flowSlots(node: TSESTree.Node | undefined | null, context: MatchContext, depth = 0): PayloadSlot[] {
  const object = asObject(node, context);
  if (!object || depth > 20) return [];
  const slots = propertySlot(object, 'data', context, ['name']);
  const children = findProperty(object, 'children');
  const elements = children ? elementsOf(children.value, context) : undefined;
  for (const child of elements ?? []) slots.push(...flowSlots(child, context, depth + 1));
  return slots;
}

/**
 * `queue.add(name, data, opts)`: the BullMQ form, shared by the shape match of queues imported
 * from the project's own modules.
 */
function addSite(call: CallLike, origin: Origin | undefined, context: MatchContext): EnqueueSite {
  const queueName = createdName(origin, context);
  return {
    system: 'bullmq',
    node: call,
    jobName: readName(argAt(call, 0), context) ?? queueName,
    otherNames: queueName ? [queueName] : [],
    payloads: argSlot(call, 1),
    repeatable: hasOption(argAt(call, 2), ['repeat'], context),
  };
}

/** `queue.addBulk([{ name, data, opts }])`, the same in Bull and BullMQ: each element's `data`. */
export function addBulkSite(call: CallLike, origin: Origin | undefined, context: MatchContext, system: string): EnqueueSite {
  const queueName = createdName(origin, context);
  return {
    system,
    node: call,
    jobName: queueName,
    otherNames: queueName ? [queueName] : [],
    payloads: eachPropertySlots(argAt(call, 0), 'data', context, ['name']),
    repeatable: false,
  };
}

export const bullmq: JobSystem = {
  id: 'bullmq',
  name: 'BullMQ',
  sources: ORIGIN_SOURCES,
  enqueueNames: ['add', 'addBulk', 'upsertJobScheduler'],
  matchEnqueue(call, name, receiver, context) {
    if (!receiver) return undefined;
    // A queue needs an origin from BullMQ, a shape match a receiver named like one.
    const receiverId = receiverName(receiver);
    if (!mayBeClient(receiverId, SHAPE, ORIGIN_SOURCES, context)) return undefined;
    const origin = context.originOf(receiver);
    if (isFlowProducer(origin)) {
      if (name === 'add') {
        return { system: 'bullmq', node: call, jobName: undefined, payloads: flowSlots(argAt(call, 0), context), repeatable: false };
      }
      if (name === 'addBulk') {
        const flows = elementsOf(argAt(call, 0), context) ?? [];
        return { system: 'bullmq', node: call, jobName: undefined, payloads: flows.flatMap((f) => flowSlots(f, context)), repeatable: false };
      }
      return undefined;
    }
    const known = isQueue(origin);
    if (!known) {
      // A queue from the project's own module: only the unambiguous `add(name, data[, opts])` and
      // `addBulk([{ name, data }])`.
      if (!isShapeCandidate(origin, receiverId, SHAPE)) return undefined;
      if (name === 'addBulk' && call.arguments.length === 1) {
        const site = addBulkSite(call, origin, context, 'bullmq');
        const jobs = elementsOf(argAt(call, 0), context);
        return jobs && jobs.length > 0 && jobs.every((job) => !!asObject(job, context) && !!findProperty(asObject(job, context)!, 'name')) ? site : undefined;
      }
      if (name !== 'add' || call.arguments.length < 2 || call.arguments.length > 3) return undefined;
      if (!isNameArgument(call.arguments[0], context)) return undefined;
      return addSite(call, origin, context);
    }
    switch (name) {
      case 'add':
        return addSite(call, origin, context);
      case 'addBulk':
        return addBulkSite(call, origin, context, 'bullmq');
      case 'upsertJobScheduler':
        return { system: 'bullmq', node: call, jobName: readName(argAt(call, 0), context), payloads: [], repeatable: true };
      default:
        return undefined;
    }
  },
  handlerNames: ['Worker', 'WorkerPro', 'on'],
  matchHandler(call, name, receiver, context) {
    // A worker, and a worker's listeners, need an origin from BullMQ.
    if (!context.mayHaveOriginFrom(SOURCES)) return undefined;
    if (call.type === 'NewExpression') {
      const origin = context.originOf(call.callee);
      if (!isFromSource(origin, SOURCES) || !hasPath(origin, ['Worker'], ['WorkerPro'])) return undefined;
      const fn = functionOf(argAt(call, 1), context);
      return fn ? [{ system: 'bullmq', jobName: readName(argAt(call, 0), context), fn, payload: JOB_DATA, cron: false }] : undefined;
    }
    // worker.on('completed' | 'failed' | 'active' | 'progress', (job, …) => …): listeners see the job.
    if (name !== 'on' || !receiver) return undefined;
    const origin = context.originOf(receiver);
    if (!isFromSource(origin, SOURCES) || !hasPath(origin, ['Worker', 'new'], ['WorkerPro', 'new'])) return undefined;
    const event = readName(argAt(call, 0), context);
    if (!event || !['completed', 'failed', 'active', 'progress'].includes(event)) return undefined;
    const fn = functionOf(argAt(call, 1), context);
    return fn ? [{ system: 'bullmq', jobName: createdName(origin, context), fn, payload: JOB_DATA, cron: false }] : undefined;
  },
  matchClassMember(member, classNode, context) {
    if (member.type !== 'MethodDefinition' || member.static) return undefined;
    const fn = member.value as FunctionNode;
    const processor = decoratorOrigins(classNode, context).find((d) => isFromSource(d.origin, NEST_SOURCES) && d.name === 'Processor');
    const methodName = member.key.type === 'Identifier' ? member.key.name : undefined;
    if (processor && methodName === 'process') {
      return { system: 'bullmq', jobName: readName(processor.call?.arguments[0], context), fn, payload: JOB_DATA, cron: false };
    }
    if (decoratorOrigins(member, context).some((d) => isFromSource(d.origin, NEST_SOURCES) && d.name === 'OnWorkerEvent')) {
      return { system: 'bullmq', jobName: processor ? readName(processor.call?.arguments[0], context) : undefined, fn, payload: JOB_DATA, cron: false };
    }
    return undefined;
  },
  handlers: [
    { form: 'new Worker(queueName, processor)', kind: 'new', names: ['Worker', 'WorkerPro'], handlerArg: 1, payload: { param: 0, path: ['data'] } },
    { form: 'sandboxed processor file: default export (job) => …', kind: 'file', names: ['default'], payload: { param: 0, path: ['data'] } },
    { form: "worker.on('completed' | 'failed' | 'active', (job) => …)", kind: 'call', names: ['on'], handlerArg: 1, payload: { param: 0, path: ['data'] } },
    { form: '@Processor() class … extends WorkerHost { process(job) }', kind: 'class-method', names: ['Processor', 'process'], payload: { param: 0, path: ['data'] } },
    { form: '@OnWorkerEvent(event) method(job)', kind: 'decorated-method', names: ['OnWorkerEvent'], payload: { param: 0, path: ['data'] } },
  ],
};

