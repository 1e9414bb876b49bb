import { AST_NODE_TYPES } from '../../util/node-types';
import { findProperty, getKeyName } from '../../util/ast';
import { hasPath, isFromSource, type Origin } from '../resolve';
import { isNameArgument } from './shape';
import { argAt, argSlot, asObject, eachPropertySlots, functionOf, readName, receiverName, type HandlerMatch, type JobSystem } from './types';

const SOURCES = ['graphile-worker'];

function isUtils(origin: Origin | undefined): boolean {
  return isFromSource(origin, SOURCES) && hasPath(origin, ['makeWorkerUtils', '()'], ['run', '()'], ['runOnce', '()']);
}

export const graphileWorker: JobSystem = {
  id: 'graphile-worker',
  name: 'graphile-worker',
  sources: SOURCES,
  enqueueNames: ['addJob', 'addJobs', 'quickAddJob', 'addJobAdhoc'],
  matchEnqueue(call, name, receiver, context) {
    // Both a utils origin and the shape (in a file importing graphile-worker) need its source.
    if (!context.mayHaveOriginFrom(SOURCES)) return undefined;
    if (!receiver) {
      // `quickAddJob(options, identifier, payload)` / `addJobAdhoc(options, identifier, payload)`
      const origin = context.originOf(call.callee);
      if (!isFromSource(origin, SOURCES) || !hasPath(origin, ['quickAddJob'], ['addJobAdhoc'])) return undefined;
      return { system: 'graphile-worker', node: call, jobName: readName(argAt(call, 1), context), payloads: argSlot(call, 2), repeatable: false };
    }
    const origin = context.originOf(receiver);
    if (!isUtils(origin)) {
      // `helpers.addJob(identifier, payload)` inside a task, `workerUtils.addJob(…)` from the
      // project's module: only in files that use graphile-worker.
      if (!context.importsFrom(SOURCES) || !/^(helpers|workerUtils|utils|runner)$/.test(receiverName(receiver) ?? '')) return undefined;
    }
    if (name === 'addJob') {
      if (!isNameArgument(argAt(call, 0) ?? undefined, context)) return undefined;
      return { system: 'graphile-worker', node: call, jobName: readName(argAt(call, 0), context), payloads: argSlot(call, 1), repeatable: false };
    }
    if (name === 'addJobs') {
      const payloads = eachPropertySlots(argAt(call, 0), 'payload', context, ['identifier']);
      return { system: 'graphile-worker', node: call, jobName: payloads[0]?.jobName, payloads, repeatable: false };
    }
    return undefined;
  },
  handlerNames: ['run', 'runOnce'],
  matchHandler(call, _name, _receiver, context) {
    if (!context.mayHaveOriginFrom(SOURCES)) return undefined;
    const origin = context.originOf(call.callee);
    if (!isFromSource(origin, SOURCES) || !hasPath(origin, ['run'], ['runOnce'])) return undefined;
    const taskList = asObject(asObject(argAt(call, 0), context) && findProperty(asObject(argAt(call, 0), context)!, 'taskList')?.value, context);
    if (!taskList) return undefined;
    const out: HandlerMatch[] = [];
    for (const property of taskList.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const fn = functionOf(property.value, context);
      if (fn) out.push({ system: 'graphile-worker', jobName: getKeyName(property.key, property.computed), fn, payload: { param: 0, path: [] }, cron: false });
    }
    return out;
  },
  handlers: [
    { form: 'run({ taskList: { name: async (payload, helpers) => … } })', kind: 'object-property', names: ['taskList'], payload: { param: 0, path: [] } },
    { form: 'task file under tasks/: default export (payload, helpers) => …', kind: 'file', names: ['default'], payload: { param: 0, path: [] } },
  ],
};
