import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
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

/**
 * Whether a payload key names a tenant: a tenant key, a tenant key with a word in front
 * (`currentWorkspaceId`, `sourceOrgId`, `new_workspace_id`), or a tenant model (`organization: { id }`).
 */
function isTenantName(name: string, settings: ResolvedSettings): boolean {
  return settings.isTenantKey(name) || settings.isTenantModel(name) || hasTenantKeySuffix(name, settings);
}

/** A tenant key as a suffix: `OrgId` after a lower-case letter or digit (`sourceOrgId`), `_org_id` in snake case. */
interface KeySuffix {
  readonly capitalised: string;
  readonly snake: string;
}

/** Per resolved settings, the suffix forms of its tenant keys, worked out once: every payload key of a lint is asked about. */
const keySuffixes = new WeakMap<ResolvedSettings, readonly KeySuffix[]>();

function keySuffixesOf(settings: ResolvedSettings): readonly KeySuffix[] {
  let suffixes = keySuffixes.get(settings);
  if (!suffixes) {
    suffixes = settings.tenantKeys.map((key) => ({
      capitalised: key.charAt(0).toUpperCase() + key.slice(1),
      snake: `_${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).toLowerCase()}`,
    }));
    keySuffixes.set(settings, suffixes);
  }
  return suffixes;
}

/** `a`–`z` or `0`–`9`. */
const isLowerOrDigit = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 48 && code <= 57);

function hasTenantKeySuffix(name: string, settings: ResolvedSettings): boolean {
  let lower: string | undefined;
  for (const { capitalised, snake } of keySuffixesOf(settings)) {
    if (name.length > capitalised.length && name.endsWith(capitalised) && isLowerOrDigit(name.charCodeAt(name.length - capitalised.length - 1))) return true;
    if (name.length > snake.length) {
      lower ??= name.toLowerCase();
      if (lower.endsWith(snake)) return true;
    }
  }
  return false;
}

/** Whether a TS type literal requires a tenant key at some depth (`authCheck as { scope: { projectId: string } }`). */
function typeLiteralHasTenantKey(type: TSESTree.TypeNode, settings: ResolvedSettings, depth = 0): boolean {
  if (depth > MAX_DEPTH || type.type !== AST_NODE_TYPES.TSTypeLiteral) return false;
  return type.members.some((member) => {
    if (member.type !== AST_NODE_TYPES.TSPropertySignature || member.optional) return false;
    const name = getKeyName(member.key, member.computed);
    if (name !== undefined && settings.isTenantKey(name)) return true;
    const inner = member.typeAnnotation?.typeAnnotation;
    return !!inner && typeLiteralHasTenantKey(inner, settings, depth + 1);
  });
}

/** A value forwarded from another payload (`payload: options.payload`, `data: job.data`): its content is not this file's to judge. */
function isForwardedPayload(key: string, value: Node, resolver: Resolver): boolean {
  const resolved = resolver.resolveValue(value);
  if (resolved.type === AST_NODE_TYPES.ObjectExpression) return false;
  if (key === 'payload') return true;
  const inner = unwrap(value);
  return inner.type === AST_NODE_TYPES.MemberExpression && ['payload', 'data'].includes(getLastName(inner) ?? '');
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
  if (
    (node.type === AST_NODE_TYPES.TSAsExpression || node.type === AST_NODE_TYPES.TSSatisfiesExpression) &&
    typeLiteralHasTenantKey(node.typeAnnotation, settings)
  ) {
    return CARRIES;
  }
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
    if (
      (value.type === AST_NODE_TYPES.TSAsExpression || value.type === AST_NODE_TYPES.TSSatisfiesExpression) &&
      typeLiteralHasTenantKey(value.typeAnnotation, settings)
    ) {
      return CARRIES;
    }
    if (isForwardedPayload(name, value, resolver)) {
      unknown = true;
      continue;
    }
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
