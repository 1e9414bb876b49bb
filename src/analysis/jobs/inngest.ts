import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { findProperty, getCallee, unwrap } from '../../util/ast';
import { hasPath, isFromSource, type Origin } from '../resolve';
import { isNameArgument, isShapeCandidate, mayBeClient } from './shape';
import {
  argAt,
  asObject,
  functionOf,
  oneOrMany,
  readNameFrom,
  propertySlot,
  readName,
  receiverName,
  type CallLike,
  type EnqueueSite,
  type JobSystem,
  type MatchContext,
  type PayloadSlot,
} from './types';

const SOURCES = ['inngest'];
/** The name of a client built in the project's own module. */
const SHAPE = /inngest/i;

function isClient(origin: Origin | undefined): boolean {
  return isFromSource(origin, SOURCES) && hasPath(origin, ['Inngest', 'new'], ['default', 'Inngest', 'new']);
}

/** v4 `accountCreated.create(data)` on an `eventType(…)`: the payload is `create`'s argument. */
function eventTypeCreate(node: TSESTree.Node, context: MatchContext): TSESTree.CallExpression | undefined {
  const value = unwrap(context.resolver.resolveValue(node));
  if (value.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = getCallee(value);
  if (!callee?.receiver || callee.name !== 'create') return undefined;
  const origin = context.originOf(callee.receiver);
  return isFromSource(origin, SOURCES) && hasPath(origin, ['eventType', '()']) ? value : undefined;
}

/** Slots of `send(event | event[])`: each event's `data`. */
function eventSlots(node: TSESTree.Node | undefined | null, context: MatchContext): PayloadSlot[] {
  return oneOrMany(node, context).flatMap((event) => {
    const created = eventTypeCreate(event, context);
    if (created) {
      const receiver = getCallee(created)?.receiver;
      const definition = receiver && context.resolver.resolveValue(receiver);
      const eventName =
        definition?.type === AST_NODE_TYPES.CallExpression ? readName(definition.arguments[0], context) : readName(receiver, context);
      return [{ node: created.arguments[0], owner: created, jobName: eventName }];
    }
    return propertySlot(event, 'data', context, ['name']);
  });
}

function hasEventShape(node: TSESTree.Node | undefined | null, context: MatchContext): boolean {
  if (!node) return false;
  const events = oneOrMany(node, context);
  return events.length > 0 && events.every((event) => {
    const object = asObject(event, context);
    return (!!object && object.properties.some((p) => p.type === AST_NODE_TYPES.Property && !p.computed && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === 'name')) || !!eventTypeCreate(event, context);
  });
}

function site(call: CallLike, payloads: PayloadSlot[], jobName?: string): EnqueueSite {
  return { system: 'inngest', node: call, jobName: jobName ?? payloads[0]?.jobName, payloads, repeatable: false };
}

export const inngest: JobSystem = {
  id: 'inngest',
  name: 'Inngest',
  sources: SOURCES,
  enqueueNames: ['send', 'sendEvent', 'invoke'],
  matchEnqueue(call, name, receiver, context) {
    if (!receiver) return undefined;
    const receiverId = receiverName(receiver);
    if (name === 'send') {
      // A client needs an origin from Inngest, a shape match a receiver named like one.
      if (!mayBeClient(receiverId, SHAPE, SOURCES, context)) return undefined;
      const origin = context.originOf(receiver);
      if (!isClient(origin)) {
        // `inngest.send({ name, data })` on a client imported from the project's own module.
        if (!isShapeCandidate(origin, receiverId, SHAPE) || call.arguments.length < 1 || call.arguments.length > 2) return undefined;
        if (!hasEventShape(argAt(call, 0), context)) return undefined;
      }
      return site(call, eventSlots(argAt(call, 0), context));
    }
    // `step.sendEvent(id, event | event[])` and `step.invoke(id, { function, data })`: `step` is
    // the handler's step tool; the method names and argument shapes are Inngest's own.
    if (receiverId !== 'step' || !isNameArgument(argAt(call, 0) ?? undefined, context)) return undefined;
    if (name === 'sendEvent') {
      if (!hasEventShape(argAt(call, 1), context)) return undefined;
      return site(call, eventSlots(argAt(call, 1), context));
    }
    if (name === 'invoke') {
      const options = asObject(argAt(call, 1), context);
      const fn = options?.properties.find(
        (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && !p.computed && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === 'function',
      );
      if (!options || !fn) return undefined;
      return site(call, propertySlot(options, 'data', context), readName(fn.value, context));
    }
    return undefined;
  },
  handlerNames: ['createFunction'],
  matchHandler(call, name, receiver, context) {
    if (name !== 'createFunction' || !receiver || call.type !== 'CallExpression') return undefined;
    const receiverId = receiverName(receiver);
    if (!mayBeClient(receiverId, SHAPE, SOURCES, context)) return undefined;
    const origin = context.originOf(receiver);
    if (!isClient(origin) && !isShapeCandidate(origin, receiverId, SHAPE)) return undefined;
    const config = asObject(argAt(call, 0), context);
    // v3: (config, trigger, handler); v4: ({ …, triggers }, handler)
    const v3 = call.arguments.length >= 3;
    const fn = functionOf(argAt(call, v3 ? 2 : 1), context);
    if (!fn || !config) return undefined;
    const triggers = v3 ? argAt(call, 1) : findProperty(config, 'triggers')?.value;
    const list = oneOrMany(triggers, context);
    const isCronTrigger = (trigger: TSESTree.Node): boolean => {
      const object = asObject(trigger, context);
      if (object) return !!findProperty(object, 'cron') && !findProperty(object, 'event');
      const value = unwrap(context.resolver.resolveValue(trigger));
      return value.type === AST_NODE_TYPES.CallExpression && isFromSource(context.originOf(value.callee), SOURCES) && hasPath(context.originOf(value.callee), ['cron']);
    };
    const cron = list.length > 0 && list.every(isCronTrigger);
    const eventName = list.map((t) => { const o = asObject(t, context); return o ? readNameFrom(o, ['event'], context) : undefined; }).find(Boolean);
    const jobName = readNameFrom(config, ['id', 'name'], context) ?? eventName;
    const batched = !!findProperty(config, 'batchEvents');
    return [{
      system: 'inngest',
      jobName,
      fn,
      payload: cron ? undefined : batched ? { param: 0, path: ['events', '*', 'data'] } : { param: 0, path: ['event', 'data'] },
      cron,
    }];
  },
  handlers: [
    { form: 'inngest.createFunction(config, trigger, handler) (v3)', kind: 'call', names: ['createFunction'], handlerArg: 2, payload: { param: 0, path: ['event', 'data'] } },
    { form: 'inngest.createFunction({ triggers }, handler) (v4)', kind: 'call', names: ['createFunction'], handlerArg: 1, payload: { param: 0, path: ['event', 'data'] } },
    { form: 'createFunction with batchEvents: events[i].data', kind: 'call', names: ['createFunction'], handlerArg: -1, payload: { param: 0, path: ['events', '*', 'data'] } },
    { form: 'createFunction with a { cron } trigger', kind: 'call', names: ['createFunction'], handlerArg: -1, payload: undefined, cron: true },
  ],
};
