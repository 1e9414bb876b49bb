import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import type { Constraint, QueryFacts } from '../analysis/data';
import { getFileAnalysis, hasJobSignal, runAtProgramExit, type FileAnalysis, type HandlerQuery } from '../analysis/engine';
import { isInside, type HandlerGuards, type PresenceCheck } from '../analysis/guards';
import { typeAllowsUndefined } from '../analysis/types';
import type { Handler } from '../analysis/handlers';
import { functionOf } from '../analysis/jobs/types';
import { getKeyName, getMemberName, unwrap } from '../util/ast';
import { createRule } from '../util/create-rule';
import { insertTenantCheck, throwMissingTenant } from '../util/fix';
import { jobLabel, queryLabel, verbOf } from '../util/labels';

type Node = TSESTree.Node;
export type MessageIds =
  | 'conditionalTenantFilter'
  | 'unguardedTenantFilter'
  | 'unguardedOptionalTenant'
  | 'silentMissingTenant'
  | 'throwOnMissingTenant'
  | 'makeFilterUnconditional';

/** A payload tenant value reaching a filter that drops `undefined`. */
interface Use {
  readonly node: Node;
  readonly query: QueryFacts;
}

/** The `cond ? X : …` / `cond && X` around a conditional constraint, inside the query. */
function conditionalWrapper(constraint: Constraint, query: QueryFacts): TSESTree.ConditionalExpression | TSESTree.LogicalExpression | undefined {
  for (let current: Node | undefined = constraint.node.parent; current && current !== query.node; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ConditionalExpression && isInside(constraint.node, current.consequent)) return current;
    if (current.type === AST_NODE_TYPES.LogicalExpression && current.operator === '&&' && isInside(constraint.node, current.right)) return current;
  }
  return undefined;
}

export default createRule<[], MessageIds>({
  name: 'no-fallthrough-missing-tenant',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a missing tenant id to fail the job instead of widening its queries',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      conditionalTenantFilter:
        'The tenant filter of `{{ query }}` in job `{{ job }}` applies only when `{{ value }}` is set: without it the query {{ verb }} every tenant’s `{{ model }}` rows. Filter unconditionally and fail the job when the tenant id is missing.',
      unguardedTenantFilter:
        '`{{ query }}` in job `{{ job }}` drops its tenant filter when `{{ value }}` is missing from the payload, and then {{ verb }} every tenant’s `{{ model }}` rows: throw when the tenant id is missing before the first query.',
      unguardedOptionalTenant:
        '`{{ query }}` in job `{{ job }}` drops its tenant filter when `{{ value }}` is missing from the payload, and its type allows `undefined`: a job without it {{ verb }} every tenant’s `{{ model }}` rows. Throw when the tenant id is missing before the first query.',
      silentMissingTenant:
        'Job `{{ job }}` carries on when `{{ value }}` is missing: a job without its tenant id must fail (throw), not {{ how }}.',
      throwOnMissingTenant: 'Throw when `{{ value }}` is missing.',
      makeFilterUnconditional: 'Filter by `{{ value }}` unconditionally and throw when it is missing.',
    },
  },
  defaultOptions: [],
  // Settings are validated on every file, so a bad value stops the lint at once; a file with no
  // job-system signal in its text visits no node.
  visits: hasJobSignal,
  create(context) {
    const sourceCode = context.sourceCode;
    let analysis: FileAnalysis | undefined;
    const getAnalysis = (): FileAnalysis => (analysis ??= getFileAnalysis(context));
    const uses = new Map<Handler, Use[]>();
    const guardsOf = (handler: Handler): HandlerGuards => getAnalysis().scopeOf(handler).guards;
    /** Conditional tenant constraints reported as such: the `if (orgId)` that adds one is (a), never (c). */
    const conditionalNodes: Node[] = [];

    /** The uses of payload tenant values in a query's filters that drop `undefined`. */
    function collectUses(a: FileAnalysis, handler: Handler, ownerFn: Node, query: QueryFacts, guards: () => HandlerGuards): void {
      for (const constraint of query.constraints) {
        if (constraint.conditional || !constraint.dropsUndefined || !constraint.value) continue;
        const value = unwrap(constraint.value);
        let use: Node | undefined;
        if (ownerFn === handler.fn || isInside(query.node, handler.fn)) {
          if (guards().isPayloadTenantValue(value)) use = value;
        } else if (value.type === AST_NODE_TYPES.Identifier) {
          // A same-file helper's parameter: the handler's call site is the use.
          use = callSiteArgument(a, handler, ownerFn, value, guards());
        }
        if (use) {
          const list = uses.get(handler) ?? [];
          list.push({ node: use, query });
          uses.set(handler, list);
        }
      }
    }

    /** In the handler, the argument passed for a helper's parameter, when it is the payload tenant value. */
    function callSiteArgument(a: FileAnalysis, handler: Handler, helper: Node, parameter: TSESTree.Identifier, guards: HandlerGuards): Node | undefined {
      if (!('params' in helper)) return undefined;
      const index = (helper.params as Node[]).findIndex((p) => p.type === AST_NODE_TYPES.Identifier && p.name === parameter.name);
      if (index < 0) return undefined;
      let found: Node | undefined;
      const visit = (node: Node): void => {
        if (found) return;
        if (node.type === AST_NODE_TYPES.CallExpression) {
          const callee = unwrap(node.callee);
          const method = helper.parent?.type === AST_NODE_TYPES.MethodDefinition ? helper.parent : undefined;
          const calls =
            callee.type === AST_NODE_TYPES.MemberExpression
              ? !!method && unwrap(callee.object).type === AST_NODE_TYPES.ThisExpression && getMemberName(callee) === getKeyName(method.key, method.computed)
              : functionOf(callee, a) === helper;
          const arg = node.arguments[index];
          if (calls && arg && guards.isPayloadTenantValue(arg)) {
            found = arg;
            return;
          }
        }
        for (const key of sourceCode.visitorKeys[node.type] ?? []) {
          const child = (node as unknown as Record<string, unknown>)[key];
          if (Array.isArray(child)) {
            for (const item of child) if (item && typeof (item as Node).type === 'string') visit(item as Node);
          } else if (child && typeof (child as Node).type === 'string') visit(child as Node);
        }
      };
      visit(handler.fn.body);
      return found;
    }

    function reportConditional(a: FileAnalysis, handler: Handler, query: QueryFacts): void {
      const constraint = query.constraints.find((c) => c.conditional)!;
      conditionalNodes.push(...query.constraints.map((c) => c.node));
      const valueNode = constraint.value ?? constraint.node;
      const value = sourceCode.getText(unwrap(valueNode));
      const wrapper = conditionalWrapper(constraint, query);
      const canFix = wrapper && constraint.value && guardsOf(handler).isPayloadTenantValue(constraint.value);
      context.report({
        node: query.node,
        messageId: 'conditionalTenantFilter',
        data: { query: queryLabel(query, sourceCode), job: jobLabel(handler), value, verb: verbOf(query), model: query.model ?? 'table' },
        suggest: canFix
          ? [
              {
                messageId: 'makeFilterUnconditional',
                data: { value },
                fix: (fixer) => {
                  const kept = wrapper.type === AST_NODE_TYPES.ConditionalExpression ? wrapper.consequent : wrapper.right;
                  return [fixer.replaceText(wrapper, sourceCode.getText(kept)), ...insertTenantCheck(fixer, getAnalysis(), handler, constraint.value!)];
                },
              },
            ]
          : [],
      });
    }

    function check(a: FileAnalysis, owner: HandlerQuery): void {
      const { query, scope } = owner;
      const verdict = scope.judge(query);
      if (verdict.kind === 'conditional') {
        reportConditional(a, owner.handler, query);
        return;
      }
      // A scoped client keeps the query to one tenant even when the filter drops its key.
      if (owner.handler.cron || !owner.handler.payload || verdict.kind !== 'scoped' || scope.isScopedReceiver(query.node)) return;
      collectUses(a, owner.handler, owner.fn, query, () => guardsOf(owner.handler));
    }

    function reportSilentCheck(handler: Handler, check: PresenceCheck): void {
      const value = sourceCode.getText(unwrap(check.value));
      const exit = check.silentExit;
      const how = exit?.type === AST_NODE_TYPES.ContinueStatement ? 'skip to the next item' : exit ? 'return quietly' : 'skip its work and carry on';
      context.report({
        node: check.node,
        messageId: 'silentMissingTenant',
        data: { job: jobLabel(handler), value, how },
        suggest: exit
          ? [{ messageId: 'throwOnMissingTenant', data: { value }, fix: (fixer) => fixer.replaceText(exit, throwMissingTenant(getAnalysis(), handler, value)) }]
          : [],
      });
    }

    return runAtProgramExit(context, {
      'Program:exit'() {
        const a = getAnalysis();
        for (const owner of a.handlerQueries) check(a, owner);
        for (const handler of a.handlers) {
          if (handler.cron || !handler.payload) continue;
          if (a.isTenantAgnosticHandler(handler)) continue;
          const guards = guardsOf(handler);
          for (const presence of guards.checks) {
            if (presence.fatal || conditionalNodes.some((node) => isInside(node, presence.node))) continue;
            reportSilentCheck(handler, presence);
          }
          const unguarded = (uses.get(handler) ?? [])
            .filter((use) => !guards.isGuardedValue(use.node) && !guards.checkFor(use.node))
            .sort((x, y) => x.node.range[0] - y.node.range[0])[0];
          if (!unguarded) continue;
          const value = sourceCode.getText(unwrap(unguarded.node));
          context.report({
            node: unguarded.node,
            // With type information, a tenant field typed optional makes the fall-through certain.
            messageId: typeAllowsUndefined(context, unguarded.node) ? 'unguardedOptionalTenant' : 'unguardedTenantFilter',
            data: { query: queryLabel(unguarded.query, sourceCode), job: jobLabel(handler), value, verb: verbOf(unguarded.query), model: unguarded.query.model ?? 'table' },
            suggest: [{ messageId: 'throwOnMissingTenant', data: { value }, fix: (fixer) => insertTenantCheck(fixer, a, handler, unguarded.node) }],
          });
        }
      },
    });
  },
});
