import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { getFileAnalysis, hasJobSignal, runAtProgramExit, type FileAnalysis } from '../analysis/engine';
import type { CallLike, EnqueueSite, PayloadSlot } from '../analysis/jobs';
import { analyzePayload } from '../analysis/payload';
import { typeHasRequiredTenantKey } from '../analysis/types';
import { createRule } from '../util/create-rule';
import { insertProperty, propertyText } from '../util/fix';

export type Options = [{ checkUnresolved?: boolean }];
export type MessageIds = 'missingTenantKey' | 'emptyPayload' | 'unresolvedPayload' | 'addTenantKey';

const UNNAMED = 'unnamed job';

export default createRule<Options, MessageIds>({
  name: 'require-tenant-in-job-payload',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every enqueued job to carry the tenant id in its payload',
      recommended: 'recommended',
      strictOptions: [{ checkUnresolved: true }],
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkUnresolved: {
            type: 'boolean',
            description:
              'Also report payloads the file does not show (a parameter, a call result) unless type information shows a required tenant key. On in `strict`.',
          },
        },
      },
    ],
    defaultOptions: [{ checkUnresolved: false }],
    messages: {
      missingTenantKey:
        'The payload of job `{{ job }}` carries no tenant id: add `{{ key }}` so its handler can scope every query to one tenant.',
      emptyPayload:
        'Job `{{ job }}` is enqueued with {{ what }}: pass a payload with `{{ key }}` so its handler can scope every query to one tenant.',
      unresolvedPayload:
        'The payload of job `{{ job }}` cannot be checked for a tenant id here: build it as an object with `{{ key }}`, or give it a type with a required `{{ key }}`.',
      addTenantKey: 'Add `{{ property }}` to the payload.',
    },
  },
  defaultOptions: [{ checkUnresolved: false }],
  // Settings are validated on every file, so a bad value stops the lint at once; a file with no
  // job-system signal in its text visits no node.
  visits: hasJobSignal,
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    let analysis: FileAnalysis | undefined;
    const getAnalysis = (): FileAnalysis => (analysis ??= getFileAnalysis(context));

    function suggest(
      slot: PayloadSlot,
      call: CallLike,
      object: TSESTree.ObjectExpression | undefined,
    ): TSESLint.ReportSuggestionArray<MessageIds> {
      const a = getAnalysis();
      // The value must be visible where the key goes: in the payload object (inside a `.map`
      // callback, say), or else where the payload is missing.
      const binding = a.findTenantBindingInScope(object ?? slot.node ?? (slot.missingKey ? slot.owner : call));
      if (!binding) return [];
      const property = propertyText(binding.key, binding.value);
      const data = { property };
      if (object) {
        return [{ messageId: 'addTenantKey', data, fix: (fixer) => insertProperty(fixer, sourceCode, object, property) }];
      }
      if (slot.node) return [];
      // A missing payload: add the whole payload where it belongs.
      if (slot.missingKey && slot.owner.type === AST_NODE_TYPES.ObjectExpression) {
        const owner = slot.owner;
        return [
          {
            messageId: 'addTenantKey',
            data,
            fix: (fixer) => insertProperty(fixer, sourceCode, owner, `${slot.missingKey}: { ${property} }`),
          },
        ];
      }
      if (slot.argIndex !== undefined && slot.argIndex === call.arguments.length && call.arguments.length > 0) {
        const lastArg = call.arguments[call.arguments.length - 1]!;
        return [{ messageId: 'addTenantKey', data, fix: (fixer) => fixer.insertTextAfter(lastArg, `, { ${property} }`) }];
      }
      return [];
    }

    function check(site: EnqueueSite): void {
      if (site.repeatable) return;
      const a = getAnalysis();
      for (const slot of site.payloads) {
        if (a.isTenantAgnostic(site, slot.jobName)) continue;
        const job = slot.jobName ?? site.jobName ?? UNNAMED;
        const key = a.tenantKeySpelling;
        if (!slot.node) {
          context.report({
            node: slot.owner,
            messageId: 'emptyPayload',
            data: { job, key, what: slot.missingKey ? `no \`${slot.missingKey}\`` : 'no payload' },
            suggest: suggest(slot, site.node, undefined),
          });
          continue;
        }
        const verdict = analyzePayload(slot.node, a.settings, a.resolver);
        if (verdict.kind === 'carries') continue;
        if (verdict.kind === 'unknown') {
          if (options.checkUnresolved && !typeHasRequiredTenantKey(context, slot.node, a.settings)) {
            context.report({ node: slot.node, messageId: 'unresolvedPayload', data: { job, key } });
          }
          continue;
        }
        context.report({
          node: slot.node,
          messageId: verdict.kind === 'empty' ? 'emptyPayload' : 'missingTenantKey',
          data: { job, key, what: 'an empty payload' },
          suggest: suggest(slot, site.node, verdict.object),
        });
      }
    }

    const visit = (node: TSESTree.CallExpression | TSESTree.NewExpression): void => {
      const site = getAnalysis().enqueueSiteOf(node);
      if (site) check(site);
    };
    return runAtProgramExit(context, { CallExpression: visit, NewExpression: visit });
  },
});
