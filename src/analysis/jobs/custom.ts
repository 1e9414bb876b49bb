import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { getPath, isStringLike } from '../../util/ast';
import type { EnqueueFunctionSetting } from '../../util/settings';
import { argAt, asObject, propertySlot, readName, readNameFrom, type CallLike, type EnqueueSite, type MatchContext, type PayloadSlot } from './types';

/**
 * Whether a call's callee is named by a setting's `name`: `enqueue` is a plain call,
 * `jobs.triggerJob` the callee path ending in those names (`this.jobs.triggerJob` too), and
 * `*.dispatch` the method on any receiver.
 */
export function calleeMatches(call: CallLike, name: string): boolean {
  const path = getPath(call.callee);
  if (!path) return false;
  const wanted = name.split('.');
  if (wanted.length === 1) return path.length === 1 && path[0] === wanted[0];
  if (wanted[0] === '*') return path.length >= 2 && path[path.length - 1] === wanted[wanted.length - 1];
  if (path.length < wanted.length) return false;
  const tail = path.slice(path.length - wanted.length);
  return tail.every((step, index) => step === wanted[index]);
}

/** The job name of a wrapper call: its first string argument, or `name`/`type`/`id`/`jobName` of an options object. */
function wrapperJobName(call: CallLike, context: MatchContext): string | undefined {
  for (const arg of call.arguments) {
    if (arg.type === AST_NODE_TYPES.SpreadElement) return undefined;
    if (isStringLike(arg)) return readName(arg, context);
    const object = asObject(arg, context);
    if (object) {
      const name = readNameFrom(object, ['name', 'jobName', 'type', 'id', 'event'], context);
      if (name) return name;
    }
  }
  return undefined;
}

/** Recognises a call to one of the project's own enqueue wrappers (`enqueueFunctions`). */
export function matchCustomEnqueue(
  call: CallLike,
  functions: readonly EnqueueFunctionSetting[],
  context: MatchContext,
): EnqueueSite | undefined {
  for (const fn of functions) {
    if (!calleeMatches(call, fn.name)) continue;
    const arg = argAt(call, fn.payloadArg);
    let payloads: PayloadSlot[];
    if (arg === null) payloads = [];
    else if (!fn.payloadPath) payloads = [{ node: arg ?? undefined, owner: call, argIndex: fn.payloadArg }];
    else {
      payloads = [];
      let container: TSESTree.Node | undefined = arg ?? undefined;
      const steps = fn.payloadPath.split('.');
      steps.forEach((step, index) => {
        if (!container) return;
        const slots = propertySlot(container, step, context);
        const slot = slots[0];
        if (!slot) container = undefined;
        else if (index === steps.length - 1 || !slot.node) {
          payloads = [slot];
          container = undefined;
        } else container = slot.node;
      });
    }
    // Without a name of its own, the wrapper's name identifies the job (for `tenantAgnosticJobs`).
    return { system: 'custom', node: call, jobName: wrapperJobName(call, context) ?? getPath(call.callee)?.join('.'), payloads, repeatable: false };
  }
  return undefined;
}
