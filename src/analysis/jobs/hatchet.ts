import { findProperty } from '../../util/ast';
import { isFromSource, type Origin } from '../resolve';
import { argAt, argSlot, asObject, createdName, functionProperty, oneOrMany, readName, readNameFrom, type JobSystem } from './types';

const SOURCES = ['@hatchet-dev/typescript-sdk'];

/** Steps after the client: `HatchetClient.init()` or `Hatchet.init()`. */
function clientSteps(origin: Origin | undefined): readonly string[] | undefined {
  if (!isFromSource(origin, SOURCES)) return undefined;
  const index = origin!.path.indexOf('init');
  if (index < 0 || origin!.path[index + 1] !== '()') return undefined;
  return origin!.path.slice(index + 2);
}

export const hatchet: JobSystem = {
  id: 'hatchet',
  name: 'Hatchet',
  sources: SOURCES,
  enqueueNames: ['run', 'runNoWait', 'runAndWait', 'push', 'schedule', 'cron'],
  matchEnqueue(call, name, receiver, context) {
    // Only a client from Hatchet's own source enqueues.
    if (!receiver || !context.mayHaveOriginFrom(SOURCES)) return undefined;
    const origin = context.originOf(receiver);
    const steps = clientSteps(origin);
    if (!steps) return undefined;
    const joined = steps.join('.');
    if (joined === '' && (name === 'run' || name === 'runNoWait' || name === 'runAndWait')) {
      return { system: 'hatchet', node: call, jobName: readName(argAt(call, 0), context), payloads: argSlot(call, 1), repeatable: false };
    }
    if (joined === 'events' && name === 'push') {
      return { system: 'hatchet', node: call, jobName: readName(argAt(call, 0), context), payloads: argSlot(call, 1), repeatable: false };
    }
    // A task or workflow declared on the client: `hatchet.task({ name, fn })`.
    if (/^(task|durableTask|workflow)\.\(\)$/.test(joined)) {
      const jobName = createdName(origin, context, 'name');
      if (name === 'cron') return { system: 'hatchet', node: call, jobName, payloads: [], repeatable: true };
      if (name === 'schedule') return { system: 'hatchet', node: call, jobName, payloads: argSlot(call, 1), repeatable: false };
      if (name === 'run' || name === 'runNoWait' || name === 'runAndWait') {
        const input = argAt(call, 0);
        const payloads = input === null ? [] : input === undefined ? argSlot(call, 0) : oneOrMany(input, context).map((node) => ({ node, owner: call }));
        return { system: 'hatchet', node: call, jobName, payloads, repeatable: false };
      }
    }
    return undefined;
  },
  handlerNames: ['task', 'durableTask'],
  matchHandler(call, name, receiver, context) {
    if (!receiver || (name !== 'task' && name !== 'durableTask') || !context.mayHaveOriginFrom(SOURCES)) return undefined;
    const steps = clientSteps(context.originOf(receiver));
    if (!steps || !(steps.length === 0 || /^workflow\.\(\)$/.test(steps.join('.')))) return undefined;
    const options = asObject(argAt(call, 0), context);
    const fn = functionProperty(options, 'fn', context);
    if (!options || !fn) return undefined;
    const cron = !!findProperty(options, 'onCrons') && !findProperty(options, 'onEvents');
    return [{ system: 'hatchet', jobName: readNameFrom(options, ['name'], context), fn, payload: cron ? undefined : { param: 0, path: [] }, cron }];
  },
  handlers: [
    { form: 'hatchet.task({ name, fn: async (input, ctx) => … })', kind: 'object-property', names: ['task', 'durableTask'], handlerProperty: 'fn', payload: { param: 0, path: [] } },
    { form: 'hatchet.task({ onCrons: […] })', kind: 'object-property', names: ['task'], handlerProperty: 'fn', payload: undefined, cron: true },
  ],
};
