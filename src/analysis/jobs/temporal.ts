import { hasPath, isFromSource, type Origin } from '../resolve';
import { argAt, hasOption, propertySlot, readName, type JobSystem } from './types';

const CLIENT = ['@temporalio/client'];
const WORKFLOW = ['@temporalio/workflow'];
const START = ['start', 'execute', 'signalWithStart'];
/** Every source a workflow start can come from. */
const ORIGIN_SOURCES = [...CLIENT, ...WORKFLOW];

function isWorkflowClient(origin: Origin | undefined): boolean {
  return (
    isFromSource(origin, CLIENT) &&
    (hasPath(origin, ['Client', 'new', 'workflow'], ['WorkflowClient', 'new']) ||
      (origin!.path[0] === 'Client' && origin!.path[origin!.path.length - 1] === 'workflow'))
  );
}

export const temporal: JobSystem = {
  id: 'temporal',
  name: 'Temporal',
  sources: [...CLIENT, ...WORKFLOW, '@temporalio/worker', '@temporalio/activity'],
  enqueueNames: [...START, 'startChild', 'executeChild'],
  matchEnqueue(call, name, receiver, context) {
    if (!context.mayHaveOriginFrom(ORIGIN_SOURCES)) return undefined;
    if (receiver) {
      if (!START.includes(name) || !isWorkflowClient(context.originOf(receiver))) return undefined;
    } else {
      const origin = context.originOf(call.callee);
      if (!isFromSource(origin, WORKFLOW) || !hasPath(origin, ['startChild'], ['executeChild'])) return undefined;
    }
    const options = argAt(call, 1);
    return {
      system: 'temporal',
      node: call,
      jobName: readName(argAt(call, 0), context),
      // The workflow's arguments are positional: the tenant may sit in any of them.
      payloads: propertySlot(options, 'args', context),
      repeatable: hasOption(options, ['cronSchedule'], context),
    };
  },
  handlers: [
    { form: 'exported workflow functions of the workflows module: positional parameters', kind: 'export', names: ['*'], payload: { param: 0, path: [] } },
    { form: 'activity functions called through proxyActivities: positional parameters', kind: 'export', names: ['*'], payload: { param: 0, path: [] } },
  ],
};
