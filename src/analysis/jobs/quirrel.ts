import { hasPath, isFromSource, type Origin } from '../resolve';
import type { TSESTree } from '@typescript-eslint/utils';
import { findProperty } from '../../util/ast';
import {
  argAt,
  argSlot,
  asObject,
  createdName,
  eachPropertySlots,
  functionOf,
  hasOption,
  propertySlot,
  readName,
  readNameFrom,
  receiverName,
  type CallLike,
  type JobSystem,
  type MatchContext,
} from './types';

const SOURCES = ['quirrel'];

function isQueue(origin: Origin | undefined): boolean {
  return isFromSource(origin, SOURCES) && hasPath(origin, ['Queue', '()'], ['default', '()']);
}

/** A queue imported from its route module (`import emailQueue from '@/app/api/queues/email/route'`). */
function isImportedBinding(origin: Origin | undefined): boolean {
  return !!origin && origin.path.length === 1 && !isFromSource(origin, SOURCES);
}

/**
 * The one argument of an `enqueue` matched by shape, when it is a job envelope rather than a Quirrel
 * payload: `worker.enqueue({ id, job: 'process-bulk-action', payload: { … } })` (Trigger.dev's
 * Redis worker and its like). The job's payload is then the envelope's `payload`.
 */
function envelopeOf(call: CallLike, context: MatchContext): TSESTree.ObjectExpression | undefined {
  if (call.arguments.length !== 1) return undefined;
  const object = asObject(argAt(call, 0), context);
  return object && findProperty(object, 'payload') && (findProperty(object, 'job') || findProperty(object, 'name')) ? object : undefined;
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
      const envelope = known ? undefined : envelopeOf(call, context);
      if (envelope) {
        return { system: 'quirrel', node: call, jobName: readNameFrom(envelope, ['job', 'name'], context) ?? jobName, payloads: propertySlot(envelope, 'payload', context), repeatable: false };
      }
      return { system: 'quirrel', node: call, jobName, payloads: argSlot(call, 0), repeatable: hasOption(argAt(call, 1), ['repeat'], context) };
    }
    return { system: 'quirrel', node: call, jobName, payloads: eachPropertySlots(argAt(call, 0), 'payload', context), repeatable: false };
  },
  handlerNames: ['Queue', 'CronJob'],
  matchHandler(call, _name, _receiver, context) {
    if (!context.mayHaveOriginFrom(SOURCES)) return undefined;
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
