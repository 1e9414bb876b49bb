import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { getMemberName, unwrap } from '../../util/ast';
import { argAt, argSlot, eachPropertySlots, type JobSystem, type MatchContext } from './types';

/** `env.REPORTS_QUEUE`, `this.env.REPORTS_QUEUE`, `c.env.REPORTS_QUEUE`: a Workers binding. */
function bindingName(receiver: TSESTree.Expression, context: MatchContext): string | undefined {
  const inner = unwrap(receiver);
  if (inner.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const binding = getMemberName(inner);
  if (!binding || !/^[A-Z][A-Z0-9_]*$/.test(binding)) return undefined;
  const env = unwrap(inner.object);
  if (env.type === AST_NODE_TYPES.Identifier) {
    if (env.name !== 'env') return undefined;
    const variable = context.resolver.findVariable(env);
    return variable?.defs[0]?.type === 'Parameter' ? binding : undefined;
  }
  if (env.type === AST_NODE_TYPES.MemberExpression && getMemberName(env) === 'env') {
    const holder = unwrap(env.object);
    return holder.type === AST_NODE_TYPES.ThisExpression || holder.type === AST_NODE_TYPES.Identifier ? binding : undefined;
  }
  return undefined;
}

export const cloudflareQueues: JobSystem = {
  id: 'cloudflare-queues',
  name: 'Cloudflare Queues',
  sources: ['@cloudflare/workers-types', 'cloudflare:workers'],
  enqueueNames: ['send', 'sendBatch'],
  matchEnqueue(call, name, receiver, context) {
    if (!receiver) return undefined;
    const binding = bindingName(receiver, context);
    if (!binding) return undefined;
    const first = argAt(call, 0);
    // `env.EMAIL.send(new EmailMessage(…))` is the Email Workers binding, not a queue.
    if (first && context.resolver.resolveValue(first).type === AST_NODE_TYPES.NewExpression) return undefined;
    const payloads = name === 'sendBatch' ? eachPropertySlots(first, 'body', context) : argSlot(call, 0);
    return { system: 'cloudflare-queues', node: call, jobName: binding, payloads, repeatable: false };
  },
  handlers: [
    { form: 'export default { queue(batch, env, ctx) }: batch.messages[i].body', kind: 'export', names: ['queue'], payload: { param: 0, path: ['messages', '*', 'body'] } },
    { form: 'export default { scheduled(controller, env, ctx) }', kind: 'export', names: ['scheduled'], payload: undefined, cron: true },
    { form: 'class extends WorkflowEntrypoint { run(event, step) }: event.payload', kind: 'class-method', names: ['WorkflowEntrypoint', 'run'], payload: { param: 0, path: ['payload'] } },
  ],
};
