import { AST_NODE_TYPES } from '../../util/node-types';
import { getMemberName } from '../../util/ast';
import { hasPath, isFromSource, type Origin } from '../resolve';
import { isNameArgument, isShapeCandidate, mayBeClient } from './shape';
import { argAt, argSlot, decoratorOrigins, lastFunctionArg, readName, receiverName, type CallLike, type FunctionNode, type JobSystem } from './types';

const SOURCES = ['agenda', '@hokify/agenda'];
/** The name of a client built in the project's own module. */
const SHAPE = /agenda$/i;

function isAgenda(origin: Origin | undefined): boolean {
  return isFromSource(origin, SOURCES) && hasPath(origin, ['Agenda', 'new'], ['default', 'new'], ['new']);
}

/** `agenda.create(name, data).repeatEvery(…)`: a repeating job. */
function isRepeatedLater(call: CallLike): boolean {
  for (let node = call.parent; node?.type === AST_NODE_TYPES.MemberExpression; ) {
    const name = getMemberName(node);
    if (name === 'repeatEvery' || name === 'repeatAt') return true;
    const next = node.parent;
    if (next?.type !== AST_NODE_TYPES.CallExpression) return false;
    node = next.parent;
  }
  return false;
}

export const agenda: JobSystem = {
  id: 'agenda',
  name: 'Agenda',
  sources: SOURCES,
  enqueueNames: ['now', 'schedule', 'create', 'every'],
  matchEnqueue(call, name, receiver, context) {
    if (!receiver) return undefined;
    const receiverId = receiverName(receiver);
    if (!mayBeClient(receiverId, SHAPE, SOURCES, context)) return undefined;
    const origin = context.originOf(receiver);
    const nameIndex = name === 'schedule' || name === 'every' ? 1 : 0;
    if (!isAgenda(origin)) {
      if (!isShapeCandidate(origin, receiverId, SHAPE)) return undefined;
      if (!isNameArgument(argAt(call, nameIndex) ?? undefined, context)) return undefined;
    }
    const jobName = readName(argAt(call, nameIndex), context);
    if (name === 'every') return { system: 'agenda', node: call, jobName, payloads: [], repeatable: true };
    return { system: 'agenda', node: call, jobName, payloads: argSlot(call, nameIndex + 1), repeatable: name === 'create' && isRepeatedLater(call) };
  },
  handlerNames: ['define'],
  matchHandler(call, name, receiver, context) {
    if (name !== 'define' || !receiver) return undefined;
    const receiverId = receiverName(receiver);
    if (!mayBeClient(receiverId, SHAPE, SOURCES, context)) return undefined;
    const origin = context.originOf(receiver);
    if (!isAgenda(origin) && !isShapeCandidate(origin, receiverId, SHAPE)) return undefined;
    if (!isNameArgument(argAt(call, 0) ?? undefined, context)) return undefined;
    const fn = lastFunctionArg(call, context);
    return fn ? [{ system: 'agenda', jobName: readName(argAt(call, 0), context), fn, payload: { param: 0, path: ['attrs', 'data'] }, cron: false }] : undefined;
  },
  matchClassMember(member, _classNode, context) {
    if (member.type !== 'MethodDefinition') return undefined;
    const decorator = decoratorOrigins(member, context).find((d) => isFromSource(d.origin, SOURCES) && (d.name === 'Define' || d.name === 'Every'));
    if (!decorator) return undefined;
    const cron = decorator.name === 'Every';
    const jobName = member.key.type === 'Identifier' ? member.key.name : undefined;
    return { system: 'agenda', jobName, fn: member.value as FunctionNode, payload: cron ? undefined : { param: 0, path: ['attrs', 'data'] }, cron };
  },
  handlers: [
    { form: 'agenda.define(name, async (job) => …)', kind: 'call', names: ['define'], handlerArg: 1, payload: { param: 0, path: ['attrs', 'data'] } },
    { form: '@Define() / @Every() methods (v6)', kind: 'decorated-method', names: ['Define', 'Every'], payload: { param: 0, path: ['attrs', 'data'] } },
  ],
};
