import { hasPath, isFromSource, type Origin } from '../resolve';
import { isNameArgument, isShapeCandidate, mayBeClient } from './shape';
import { argAt, argSlot, asObject, createdName, eachPropertySlots, functionProperty, readName, readNameFrom, receiverName, type JobSystem } from './types';

const SOURCES = ['@trigger.dev/sdk'];
/** The name of a client built in the project's own module. */
const SHAPE = /task$/i;

const TRIGGER = ['trigger', 'triggerAndWait', 'triggerAndSubscribe'];
const BATCH = ['batchTrigger', 'batchTriggerAndWait'];
const BATCH_API = ['trigger', 'triggerAndWait', 'triggerByTask', 'triggerByTaskAndWait'];

function isTask(origin: Origin | undefined): boolean {
  return isFromSource(origin, SOURCES) && hasPath(origin, ['task', '()'], ['schemaTask', '()']);
}

export const triggerDev: JobSystem = {
  id: 'trigger.dev',
  name: 'Trigger.dev',
  sources: SOURCES,
  enqueueNames: [...TRIGGER, ...BATCH, ...BATCH_API],
  matchEnqueue(call, name, receiver, context) {
    if (!receiver) return undefined;
    // `tasks`, `batch` and tasks need an origin from the SDK, a shape match a receiver named like a task.
    const receiverId = receiverName(receiver);
    if (!mayBeClient(receiverId, SHAPE, SOURCES, context)) return undefined;
    const origin = context.originOf(receiver);
    if (isFromSource(origin, SOURCES) && hasPath(origin, ['tasks'])) {
      const jobName = readName(argAt(call, 0), context);
      if (TRIGGER.includes(name)) return { system: 'trigger.dev', node: call, jobName, payloads: argSlot(call, 1), repeatable: false };
      if (BATCH.includes(name)) {
        return { system: 'trigger.dev', node: call, jobName, payloads: eachPropertySlots(argAt(call, 1), 'payload', context), repeatable: false };
      }
      return undefined;
    }
    if (isFromSource(origin, SOURCES) && hasPath(origin, ['batch'])) {
      if (!BATCH_API.includes(name)) return undefined;
      const payloads = eachPropertySlots(argAt(call, 0), 'payload', context, ['id', 'task']);
      return { system: 'trigger.dev', node: call, jobName: payloads[0]?.jobName, payloads, repeatable: false };
    }
    let jobName: string | undefined;
    if (isTask(origin)) jobName = createdName(origin, context, 'id');
    else if (isShapeCandidate(origin, receiverId, SHAPE)) {
      // A task imported from its own module: `reportTask.trigger(payload)`. A string first
      // argument is an event name (`$el.trigger('click')`), not a payload.
      if (isNameArgument(argAt(call, 0) ?? undefined, context)) return undefined;
      jobName = receiverId;
    } else return undefined;
    if (TRIGGER.includes(name)) return { system: 'trigger.dev', node: call, jobName, payloads: argSlot(call, 0), repeatable: false };
    if (BATCH.includes(name)) {
      return { system: 'trigger.dev', node: call, jobName, payloads: eachPropertySlots(argAt(call, 0), 'payload', context), repeatable: false };
    }
    return undefined;
  },
  handlerNames: ['task', 'schemaTask'],
  matchHandler(call, name, _receiver, context) {
    if (call.type !== 'CallExpression' || !context.mayHaveOriginFrom(SOURCES)) return undefined;
    const origin = context.originOf(call.callee);
    if (!isFromSource(origin, SOURCES) || !hasPath(origin, ['task'], ['schemaTask'], ['schedules', 'task'])) return undefined;
    const options = asObject(argAt(call, 0), context);
    const fn = functionProperty(options, 'run', context);
    if (!options || !fn) return undefined;
    const cron = hasPath(origin, ['schedules', 'task']);
    return [{ system: 'trigger.dev', jobName: readNameFrom(options, ['id'], context), fn, payload: cron ? undefined : { param: 0, path: [] }, cron }];
  },
  handlers: [
    { form: 'task({ id, run: async (payload, { ctx }) => … })', kind: 'object-property', names: ['task', 'schemaTask'], handlerProperty: 'run', payload: { param: 0, path: [] } },
    { form: 'schedules.task({ id, cron, run })', kind: 'object-property', names: ['schedules.task'], handlerProperty: 'run', payload: undefined, cron: true },
  ],
};

