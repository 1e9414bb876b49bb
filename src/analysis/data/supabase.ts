import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { findProperty, getLastName, getStaticString, unwrap } from '../../util/ast';
import { argAt, asObject } from '../jobs/types';
import { isFromSource, type Origin } from '../resolve';
import { gatherChain, isPendingBuilder, type BuilderShape, type GatheredLink } from './builders';
import { NO_FILTER, OPAQUE_FILTER, allOf, conditionalFacts, makeConstraint, singleElement, tenantEquality, type FilterFacts } from './filters';
import { readObjectFilter, type ObjectDialect } from './object-filter';
import { isClientShape } from './receivers';
import { readSqlFragment } from './sql-fragments';
import { chainOf, type ChainLink, type Constraint, type DataContext, type DataLayer, type QueryKind } from './types';

type Node = TSESTree.Node;
type Call = TSESTree.CallExpression;

const SOURCES = ['@supabase/supabase-js'];
const SSR_SOURCES = ['@supabase/ssr', '@supabase/auth-helpers-nextjs', '@supabase/auth-helpers-sveltekit', '@supabase/auth-helpers-remix'];

const OPERATIONS: ReadonlyMap<string, QueryKind> = new Map([
  ['select', 'read'],
  ['update', 'update'],
  ['delete', 'delete'],
  ['insert', 'insert'],
  ['upsert', 'insert'],
]);
const FILTERS = new Set([
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'like',
  'ilike',
  'likeAllOf',
  'likeAnyOf',
  'ilikeAllOf',
  'ilikeAnyOf',
  'is',
  'in',
  'contains',
  'containedBy',
  'rangeGt',
  'rangeGte',
  'rangeLt',
  'rangeLte',
  'rangeAdjacent',
  'overlaps',
  'textSearch',
  'match',
  'not',
  'or',
  'filter',
]);
const MODIFIERS = new Set(['order', 'limit', 'range', 'single', 'maybeSingle', 'csv', 'returns', 'overrideTypes', 'abortSignal', 'throwOnError', 'explain']);

const SUPABASE_NAMES: ReadonlySet<string> = new Set(['from', 'rpc', ...OPERATIONS.keys(), ...FILTERS, ...MODIFIERS]);

/** `.match({ col: v })` drops a key whose value is undefined (reference section 2: OPEN). */
const MATCH_DIALECT: ObjectDialect = { relations: false, dropsUndefined: true };

const SUPABASE_BUILDER: BuilderShape = {
  refiners: new Set([...FILTERS, ...MODIFIERS, 'select']),
  isBuilder: (chain, context) => startOf(chain.root, chain.links, context) !== undefined,
};

/**
 * Supabase JS: `supabase.from('t').select()|update()|delete()|insert()|upsert()` with its filters
 * (before or after the operation), and `supabase.rpc('fn', args)` (raw: the function body is not visible).
 */
export const supabase: DataLayer = {
  id: 'supabase',
  name: 'Supabase JS',
  sources: [...SOURCES, ...SSR_SOURCES],
  matchQuery(node, context) {
    // A cheap first test: a Supabase chain shows `from`/`rpc`, or (kept in a variable) one of its methods.
    if (node.type !== AST_NODE_TYPES.CallExpression || !chainOf(node).links.some((link) => SUPABASE_NAMES.has(link.name))) return undefined;
    const chain = gatherChain(node, context, SUPABASE_BUILDER);
    const start = startOf(chain.root, chain.links, context);
    if (start === undefined) return undefined;
    const startLink = chain.links[start];
    const rest = chain.links.slice(start + 1);
    if (startLink.name === 'rpc') {
      if (isPendingBuilder(node, context, SUPABASE_BUILDER)) return undefined;
      const filter = readFilters(rest, context);
      return {
        layer: 'supabase',
        node,
        model: getStaticString(context.resolver.resolveValue(argAt(startLink.call, 0) ?? startLink.call)),
        operation: 'rpc',
        kind: 'raw',
        constraints: filter.constraints,
        opaque: true,
      };
    }
    const operation = rest.find((link) => OPERATIONS.has(link.name));
    if (!operation) return undefined;
    if (isPendingBuilder(node, context, SUPABASE_BUILDER)) return undefined;
    const table = argAt(startLink.call, 0);
    const filter = readFilters(rest, context);
    return {
      layer: 'supabase',
      node,
      model: table ? getStaticString(context.resolver.resolveValue(table)) : undefined,
      operation: operation.name,
      kind: OPERATIONS.get(operation.name) ?? 'read',
      constraints: filter.constraints,
      opaque: filter.opaque || chain.opaque,
      ...(filter.byId ? { byId: true } : {}),
      fix: matchObjectOf(rest),
    };
  },
};

/** Index of the `from(t)`/`rpc(fn)` link when the chain starts at a Supabase client (`supabase.schema('s').from(t)` too). */
function startOf(root: Node, links: readonly ChainLink[], context: DataContext): number | undefined {
  let index = 0;
  if (links[0]?.name === 'schema') index = 1;
  const link = links[index];
  if (!link || (link.name !== 'from' && link.name !== 'rpc')) return undefined;
  if (!argAt(link.call, 0)) return undefined;
  return isSupabaseClient(root, context) ? index : undefined;
}

/** `createClient(url, key)`, `createServerClient(…)`, a `SupabaseClient` typed binding, or by name `supabase`/`supabaseAdmin`/`supabaseClient`. */
function isSupabaseClient(node: Node, context: DataContext): boolean {
  const inner = unwrap(node);
  const origin = context.originOf(inner);
  if (isFromSource(origin, [...SOURCES, ...SSR_SOURCES])) return isClient(origin);
  return isClientShape(origin, getLastName(inner), /^supabase(Admin|Client|ServiceRole|Service|Server)?$/i);
}

function isClient(origin: Origin | undefined): boolean {
  if (!origin || origin.path.length !== 2) return false;
  const [name, step] = origin.path;
  return (step === '()' && /^create\w*Client$/.test(name)) || (step === 'new' && name === 'SupabaseClient');
}

/** The filters of a chain, ANDed: PostgREST applies every query parameter, `or=(…)` included, together. */
function readFilters(links: readonly GatheredLink[], context: DataContext): FilterFacts {
  const parts: FilterFacts[] = [];
  let byId = false;
  for (const link of links) {
    if (!FILTERS.has(link.name)) continue;
    let facts = readFilter(link, context);
    if (link.name === 'eq' && isIdColumn(argAt(link.call, 0), context)) byId = true;
    if (link.conditional) facts = conditionalFacts(facts);
    parts.push(facts);
  }
  const filter = parts.length === 0 ? NO_FILTER : allOf(parts);
  return byId ? { ...filter, byId: true } : filter;
}

/** The object literal of a `.match({ … })`, where a suggestion can add the tenant key. */
function matchObjectOf(links: readonly ChainLink[]): { filterObject: TSESTree.ObjectExpression } | undefined {
  for (const link of links) {
    const arg = link.name === 'match' ? link.call.arguments[0] : undefined;
    const inline = arg ? unwrap(arg) : undefined;
    if (inline?.type === AST_NODE_TYPES.ObjectExpression) return { filterObject: inline };
  }
  return undefined;
}

function isIdColumn(node: Node | null | undefined, context: DataContext): boolean {
  const column = node ? getStaticString(context.resolver.resolveValue(node)) : undefined;
  return column === 'id';
}

function readFilter(link: ChainLink, context: DataContext): FilterFacts {
  const call = link.call;
  const column = argAt(call, 0);
  if (column === null) return OPAQUE_FILTER;
  switch (link.name) {
    case 'eq':
      return equality(column, argAt(call, 1), call, context);
    case 'in': {
      const name = readColumn(column, context);
      const values = argAt(call, 1);
      if (name === undefined || !values) return values === null ? OPAQUE_FILTER : NO_FILTER;
      const single = singleElement(values, context);
      if (single === 'many') return NO_FILTER;
      if (single === 'unknown') return context.isTenantColumn(name) ? OPAQUE_FILTER : NO_FILTER;
      return equality(column, single, call, context);
    }
    case 'filter': {
      const operator = getStaticString(context.resolver.resolveValue(argAt(call, 1) ?? call));
      if (operator === undefined) return OPAQUE_FILTER;
      return operator === 'eq' ? equality(column, argAt(call, 2), call, context) : NO_FILTER;
    }
    case 'match':
      return readObjectFilter(column, MATCH_DIALECT, context);
    case 'or': {
      // `{ referencedTable }` filters the embedded rows, not the table's own.
      const options = asObject(argAt(call, 1), context);
      if (options && (findProperty(options, 'referencedTable') || findProperty(options, 'foreignTable'))) return NO_FILTER;
      return column ? readOrString(column, call, context) : OPAQUE_FILTER;
    }
    default:
      // neq, gt, like, is, not … never pin the tenant.
      return NO_FILTER;
  }
}

function readColumn(node: Node | undefined, context: DataContext): string | undefined {
  return node ? getStaticString(context.resolver.resolveValue(node)) : undefined;
}

function equality(columnNode: Node | undefined, value: Node | null | undefined, call: Call, context: DataContext): FilterFacts {
  const column = readColumn(columnNode, context);
  if (column === undefined || value === null) return OPAQUE_FILTER;
  return tenantEquality(column, value, call, false, context);
}

/**
 * `.or('organization_id.eq.1,organization_id.eq.2')`: a tenant constraint only when every branch
 * is `<tenant column>.eq.<value>`; a template branch `` `organization_id.eq.${orgId}` `` gives its value.
 */
function readOrString(node: Node, call: Call, context: DataContext): FilterFacts {
  const sql = readSqlFragment(node, context);
  if (!sql) return OPAQUE_FILTER;
  const branches = splitTopLevel(sql.text);
  const constraints: Constraint[] = [];
  for (const branch of branches) {
    const match = /^([\w.]+)\.eq\.(.*)$/.exec(branch.trim());
    if (!match || !context.isTenantColumn(match[1])) return NO_FILTER;
    const placeholder = /^\u0001(\d+)\u0001$/.exec(match[2]);
    constraints.push(makeConstraint(match[1], placeholder ? sql.expressions[Number(placeholder[1])] : undefined, call, false));
  }
  return constraints.length > 0 ? { constraints, opaque: false } : NO_FILTER;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}
