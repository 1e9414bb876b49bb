import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { getCallee, getKeyName, getLastName, unwrap } from '../util/ast';
import type { ResolvedSettings } from '../util/settings';
import type { Resolver } from './resolve';

type Node = TSESTree.Node;

/** What a payload expression shows about its tenant id. */
export type PayloadVerdict =
  /** It carries a tenant key (or a tenant model object), or a tenant value. */
  | { readonly kind: 'carries' }
  /** It is built in the file and carries none; `object` is where a key can be added. */
  | { readonly kind: 'lacks'; readonly object: TSESTree.ObjectExpression | undefined }
  /** `{}`, `null`, `undefined`. */
  | { readonly kind: 'empty'; readonly object: TSESTree.ObjectExpression | undefined }
  /** It cannot be read here: a parameter, a call result, a spread of one. */
  | { readonly kind: 'unknown' };

const CARRIES: PayloadVerdict = { kind: 'carries' };
const UNKNOWN: PayloadVerdict = { kind: 'unknown' };
const MAX_DEPTH = 10;

/** Whether a name is a tenant key, or a tenant model (`organization: { id }`, `tenant: t`). */
function isTenantName(name: string, settings: ResolvedSettings): boolean {
  return settings.isTenantKey(name) || settings.isTenantModel(name);
}

/**
 * Whether an expression reads a tenant value by its name: `orgId`, `job.data.organizationId`,
 * `ctx.session.orgId`, `tenant.id`. Used for values that carry a tenant under another key.
 */
function isTenantValueExpression(node: Node, settings: ResolvedSettings): boolean {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return settings.isTenantKey(inner.name);
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const last = getLastName(inner);
    if (last && settings.isTenantKey(last)) return true;
    if (last === 'id') {
      const owner = getLastName(inner.object);
      return !!owner && settings.isTenantModel(owner);
    }
  }
  return false;
}

/** Reads a payload expression for a tenant id: object literals (nested, spread), local constants, `JSON.stringify(…)`. */
export function analyzePayload(node: Node, settings: ResolvedSettings, resolver: Resolver, depth = 0): PayloadVerdict {
  if (depth > MAX_DEPTH) return UNKNOWN;
  const inner = unwrap(node);
  switch (inner.type) {
    case AST_NODE_TYPES.ObjectExpression:
      return analyzeObject(inner, settings, resolver, depth);
    case AST_NODE_TYPES.ArrayExpression: {
      // Positional arguments (Temporal `args: [orgId, reportId]`): any element may carry it.
      let unknown = false;
      for (const element of inner.elements) {
        if (!element) continue;
        const verdict =
          element.type === AST_NODE_TYPES.SpreadElement ? UNKNOWN : analyzePayload(element, settings, resolver, depth + 1);
        if (verdict.kind === 'carries') return CARRIES;
        if (verdict.kind === 'unknown') unknown = true;
      }
      if (unknown) return UNKNOWN;
      return inner.elements.length === 0 ? { kind: 'empty', object: undefined } : { kind: 'lacks', object: undefined };
    }
    case AST_NODE_TYPES.Identifier: {
      if (inner.name === 'undefined') return resolver.findVariable(inner) ? UNKNOWN : { kind: 'empty', object: undefined };
      if (isTenantValueExpression(inner, settings)) return CARRIES;
      const init = resolver.resolveIdentifier(inner);
      if (!init || resolver.isMutated(inner)) return UNKNOWN;
      return analyzePayload(init, settings, resolver, depth + 1);
    }
    case AST_NODE_TYPES.MemberExpression:
      return isTenantValueExpression(inner, settings) ? CARRIES : UNKNOWN;
    case AST_NODE_TYPES.Literal:
      if (inner.value === null) return { kind: 'empty', object: undefined };
      return typeof inner.value === 'string' || typeof inner.value === 'number' || typeof inner.value === 'boolean'
        ? { kind: 'lacks', object: undefined }
        : UNKNOWN;
    case AST_NODE_TYPES.CallExpression: {
      const callee = getCallee(inner);
      const first = inner.arguments[0];
      if (
        callee?.name === 'stringify' &&
        callee.receiver &&
        getLastName(callee.receiver) === 'JSON' &&
        first &&
        first.type !== AST_NODE_TYPES.SpreadElement
      ) {
        return analyzePayload(first, settings, resolver, depth + 1);
      }
      return UNKNOWN;
    }
    case AST_NODE_TYPES.ConditionalExpression: {
      const a = analyzePayload(inner.consequent, settings, resolver, depth + 1);
      const b = analyzePayload(inner.alternate, settings, resolver, depth + 1);
      return a.kind === 'carries' && b.kind === 'carries' ? CARRIES : UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

function analyzeObject(
  object: TSESTree.ObjectExpression,
  settings: ResolvedSettings,
  resolver: Resolver,
  depth: number,
): PayloadVerdict {
  let unknown = false;
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      const verdict = analyzePayload(property.argument, settings, resolver, depth + 1);
      if (verdict.kind === 'carries') return CARRIES;
      if (verdict.kind === 'unknown') unknown = true;
      continue;
    }
    const name = getKeyName(property.key, property.computed);
    if (name === undefined) {
      unknown = true;
      continue;
    }
    if (isTenantName(name, settings)) return CARRIES;
    const value = property.value;
    if (isTenantValueExpression(value, settings)) return CARRIES;
    // Nested objects: `{ scope: { projectId } }`, `{ meta: context }`.
    const resolved = resolver.resolveValue(value);
    if (resolved.type === AST_NODE_TYPES.ObjectExpression) {
      const verdict = analyzeObject(resolved, settings, resolver, depth + 1);
      if (verdict.kind === 'carries') return CARRIES;
      if (verdict.kind === 'unknown') unknown = true;
    }
  }
  if (unknown) return UNKNOWN;
  return object.properties.length === 0 ? { kind: 'empty', object } : { kind: 'lacks', object };
}
