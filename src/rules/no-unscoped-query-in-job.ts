import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { QueryFacts } from '../analysis/data';
import { getFileAnalysis, hasJobSignal, nestUnder, runAtProgramExit, type FileAnalysis, type HandlerQuery } from '../analysis/engine';
import type { Handler } from '../analysis/handlers';
import { createRule } from '../util/create-rule';
import { insertProperty, insertTenantCheck, propertyText } from '../util/fix';
import { jobLabel, queryLabel, verbOf } from '../util/labels';

export type Options = [{ allowRecordTenant?: boolean }];
export type MessageIds =
  | 'unscopedQuery'
  | 'unscopedCronQuery'
  | 'unscopedRelationQuery'
  | 'unscopedCronRelationQuery'
  | 'tenantFromSharedState'
  | 'addTenantFilter';

export default createRule<Options, MessageIds>({
  name: 'no-unscoped-query-in-job',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow queries in job handlers that are not scoped to the job’s tenant',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowRecordTenant: {
            type: 'boolean',
            description:
              'Accept one lookup of a record by an id from the payload when the handler then scopes its other queries by that record’s tenant key (`doc.organizationId`).',
          },
        },
      },
    ],
    defaultOptions: [{ allowRecordTenant: false }],
    messages: {
      unscopedQuery:
        '`{{ query }}` in job `{{ job }}` {{ verb }} `{{ model }}` rows of every tenant: filter by `{{ key }}` from the job payload.',
      unscopedCronQuery:
        '`{{ query }}` in scheduled job `{{ job }}` {{ verb }} `{{ model }}` rows of every tenant: loop over the tenants and filter by `{{ key }}`, or enqueue one job per tenant.',
      unscopedRelationQuery:
        '`{{ query }}` in job `{{ job }}` {{ verb }} `{{ model }}` rows of every tenant. `{{ model }}` rows belong to a tenant through `{{ relation }}`: {{ how }} `{{ filter }}` from the job payload.',
      unscopedCronRelationQuery:
        '`{{ query }}` in scheduled job `{{ job }}` {{ verb }} `{{ model }}` rows of every tenant. `{{ model }}` rows belong to a tenant through `{{ relation }}`: loop over the tenants and {{ how }} `{{ filter }}`, or enqueue one job per tenant.',
      tenantFromSharedState:
        '`{{ query }}` in job `{{ job }}` takes its tenant from `{{ source }}`, which outlives the job: read `{{ key }}` from this job’s payload.',
      addTenantFilter: 'Filter by `{{ property }}`.',
    },
  },
  defaultOptions: [{ allowRecordTenant: false }],
  // Settings are validated on every file, so a bad value stops the lint at once; a file with no
  // job-system signal in its text visits no node.
  visits: hasJobSignal,
  create(context, [options]) {
    const sourceCode = context.sourceCode;

    function suggestions(a: FileAnalysis, handler: Handler, query: QueryFacts): TSESLint.ReportSuggestionArray<MessageIds> {
      const fix = query.fix;
      if (!fix?.filterObject && !fix?.optionsObject) return [];
      const tenant = a.tenantFilterOf(query);
      // Through a relation, only layers with relation filters get an edit (`document: { organizationId }`).
      if (tenant.join) return [];
      const key = tenant.key;
      const target = fix.filterObject ?? fix.optionsObject!;
      // The payload is in scope only inside the handler's own function, not in a helper it calls.
      const inHandler = target.range[0] >= handler.fn.range[0] && target.range[1] <= handler.fn.range[1];
      const bound = a.findTenantValueInScope(target);
      const value = bound ?? (inHandler ? a.scopeOf(handler).values.payloadAccessText(key) : undefined);
      if (!value) return [];
      const property = nestUnder(tenant.through ?? [], propertyText(key, value));
      const text = fix.filterObject ? property : `where: { ${property} }`;
      const unchecked = inHandler ? uncheckedPayloadValue(a, handler, target, bound, value) : undefined;
      return [
        {
          messageId: 'addTenantFilter',
          data: { property },
          fix: (fixer) => [insertProperty(fixer, sourceCode, target, text), ...(unchecked ? insertTenantCheck(fixer, a, handler, unchecked) : [])],
        },
      ];
    }

    /**
     * The payload value a new tenant filter needs a fatal check for: a payload value can be missing,
     * and no-fallthrough-missing-tenant asks the job to fail then rather than run the filter. When
     * no check protects the query yet, the suggestion adds one (as `makeFilterUnconditional` does):
     * the value's binding, or the text of the payload access the filter adds.
     */
    function uncheckedPayloadValue(
      a: FileAnalysis,
      handler: Handler,
      target: TSESTree.Node,
      bound: string | undefined,
      value: string,
    ): TSESTree.Node | { text: string; at: TSESTree.Node } | undefined {
      if (handler.cron || !handler.payload) return undefined;
      const guards = a.scopeOf(handler).guards;
      // (`isGuardedValue` of a node that is no binding: whether the handler validates its payload with a schema.)
      if (guards.checkFor(target) || guards.isGuardedValue(target)) return undefined;
      if (bound === undefined) return { text: value, at: target };
      const id = a.resolver.variableNamed(bound, target)?.identifiers[0];
      return id && guards.isPayloadTenantValue(id) && !guards.isGuardedValue(id) ? id : undefined;
    }

    function check(a: FileAnalysis, owner: HandlerQuery): void {
      const { query, scope } = owner;
      const verdict = scope.judge(query);
      const tenant = a.tenantFilterOf(query);
      const data = {
        query: queryLabel(query, sourceCode),
        job: jobLabel(owner.handler),
        verb: verbOf(query),
        model: query.model ?? 'table',
        key: tenant.key,
        filter: tenant.filter,
        relation: tenant.through?.join('.') ?? '',
        how: tenant.join ? 'join it and filter by' : 'filter by',
      };
      if (verdict.kind === 'sharedState') {
        context.report({
          node: verdict.source,
          messageId: 'tenantFromSharedState',
          data: { query: data.query, job: data.job, key: a.tenantKeySpelling, source: sourceCode.getText(verdict.source) },
        });
        return;
      }
      if (verdict.kind !== 'unscoped') return;
      if (options.allowRecordTenant && query.byId && !owner.handler.cron && scope.isRecordTenantSource(query)) return;
      context.report({
        node: query.node,
        messageId: tenant.through
          ? owner.handler.cron
            ? 'unscopedCronRelationQuery'
            : 'unscopedRelationQuery'
          : owner.handler.cron
            ? 'unscopedCronQuery'
            : 'unscopedQuery',
        data,
        suggest: suggestions(a, owner.handler, query),
      });
    }

    return runAtProgramExit(context, {
      'Program:exit'() {
        const a = getFileAnalysis(context);
        for (const owner of a.handlerQueries) check(a, owner);
      },
    });
  },
});
