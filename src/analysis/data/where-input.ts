import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { getCallee, getKeyName, getLastName, getMemberName, unwrap } from '../../util/ast';
import { asObject } from '../jobs/types';
import { arrayElements, isUnderCondition } from './builders';
import { NO_FILTER, OPAQUE_FILTER, combine, conditionalFacts, eitherOf, isNullish, type FilterFacts } from './filters';
import type { Constraint, DataContext } from './types';

type Node = TSESTree.Node;

// Object filters in Prisma's grammar: Prisma's `where` and `data`, also Drizzle's relational-query
// v2 `where`, Kysely's `eb.and({ … })` and the rows Drizzle and Kysely insert. Operator-keyed
// filters (`$in`, `In([v])`, `[Op.or]`) are read by object-filter.ts, which reads differently:
// this reader follows `where.organizationId = …` assignments made before the query, lets a spread
// it cannot read override the keys before it, reads compound unique keys and relation filters
// (`is`, `some`, `every`), and combines AND/OR with `combine`.

/** How a library's object filter reads in Prisma's grammar. */
export interface WhereInputDialect {
  /** Operator keys that pin the value (`equals` in Prisma, `eq` in Drizzle). */
  readonly equals: readonly string[];
  /** Relation keys whose filter holds for the row (`is`, `some`); with one present, only these are read. */
  readonly through: readonly string[];
  /** Relation keys whose filter never pins the row (`isNot`, `every`, `none`). */
  readonly never: readonly string[];
  /** Whether the library drops a key whose value is `undefined` (reference section 2). */
  readonly dropsUndefined: boolean;
  /** Whether `AND`/`OR`/`NOT` are logic keys (false for written data). */
  readonly logic: boolean;
}

interface FilterState {
  readonly context: DataContext;
  readonly dialect: WhereInputDialect;
  /** The query: changes to a filter object after it do not count. */
  readonly at: Node;
}

interface Entry {
  readonly node: Node;
  readonly value: Node;
  readonly conditional: boolean;
}

const MAX_DEPTH = 12;

/**
 * Reads an object filter written in the file: an object literal, a local const of one (with
 * `where.organizationId = …` assignments before the query), `cond ? {…} : {}`, `cond && {…}`.
 */
export function readWhereInput(
  node: Node | undefined | null,
  context: DataContext,
  dialect: WhereInputDialect,
  at: Node,
  prefix = '',
): FilterFacts {
  if (!node) return NO_FILTER;
  return readFilter(node, prefix, { context, dialect, at }, 0);
}

function readFilter(node: Node, prefix: string, state: FilterState, depth: number): FilterFacts {
  if (depth > MAX_DEPTH) return OPAQUE_FILTER;
  const inner = unwrap(node);
  if (isNullish(inner)) return NO_FILTER;
  switch (inner.type) {
    case AST_NODE_TYPES.ObjectExpression:
      return readObject(inner, prefix, state, depth, []);
    case AST_NODE_TYPES.Identifier: {
      const value = state.context.resolver.resolveValue(inner);
      if (value === inner) return OPAQUE_FILTER;
      if (value.type === AST_NODE_TYPES.ObjectExpression) {
        const changes = assignmentsTo(inner, state);
        if (!changes) return OPAQUE_FILTER;
        return readObject(value, prefix, state, depth + 1, changes);
      }
      return readFilter(value, prefix, state, depth + 1);
    }
    case AST_NODE_TYPES.ConditionalExpression:
      return eitherOf(readFilter(inner.consequent, prefix, state, depth + 1), readFilter(inner.alternate, prefix, state, depth + 1));
    case AST_NODE_TYPES.LogicalExpression:
      if (inner.operator === '&&') return conditionalFacts(readFilter(inner.right, prefix, state, depth + 1));
      return eitherOf(readFilter(inner.left, prefix, state, depth + 1), readFilter(inner.right, prefix, state, depth + 1));
    case AST_NODE_TYPES.Literal:
      return NO_FILTER;
    default:
      return OPAQUE_FILTER;
  }
}

/**
 * `where.organizationId = orgId` statements on a local filter object before the query, as
 * entries (conditional under an `if`); undefined when it is changed some other way.
 */
function assignmentsTo(id: TSESTree.Identifier, state: FilterState): { key: string; entry: Entry }[] | undefined {
  const variable = state.context.resolver.findVariable(id);
  const def = variable?.defs[0];
  if (!variable || def?.type !== 'Variable') return [];
  const boundary = def.node.parent?.parent;
  const out: { key: string; entry: Entry }[] = [];
  for (const reference of variable.references) {
    const ref = reference.identifier as Node;
    if (reference.init || ref.range[0] > state.at.range[0]) continue;
    if (reference.isWrite()) return undefined;
    const parent = ref.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === ref) {
      const grand = parent.parent;
      if (grand?.type === AST_NODE_TYPES.AssignmentExpression && grand.left === parent) {
        const key = getMemberName(parent);
        if (key === undefined || grand.operator !== '=') return undefined;
        out.push({ key, entry: { node: grand, value: grand.right, conditional: !boundary || isUnderCondition(grand, boundary) } });
      } else if (grand?.type === AST_NODE_TYPES.UnaryExpression && grand.operator === 'delete') {
        return undefined;
      }
    } else if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === ref) {
      const callee = unwrap(parent.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && getMemberName(callee) === 'assign') return undefined;
    }
  }
  return out;
}

function readObject(
  object: TSESTree.ObjectExpression,
  prefix: string,
  state: FilterState,
  depth: number,
  changes: readonly { key: string; entry: Entry }[],
): FilterFacts {
  const entries = new Map<string, Entry[]>();
  const extra: FilterFacts[] = [];
  let opaque = false;
  const collect = (target: TSESTree.ObjectExpression, level: number): void => {
    for (const property of target.properties) {
      if (property.type === AST_NODE_TYPES.SpreadElement) {
        const argument = unwrap(property.argument);
        const value = argument.type === AST_NODE_TYPES.Identifier ? state.context.resolver.resolveValue(argument) : argument;
        if (value.type === AST_NODE_TYPES.ObjectExpression && level < MAX_DEPTH) {
          collect(value, level + 1);
        } else if (
          value.type === AST_NODE_TYPES.ConditionalExpression ||
          value.type === AST_NODE_TYPES.LogicalExpression ||
          isNullish(value)
        ) {
          // `...(orgId && { organizationId: orgId })`, `...(orgId ? { … } : {})`
          const reading = readFilter(value, prefix, state, depth + 1);
          if (reading.opaque) opaque = true;
          extra.push(reading);
        } else {
          // Anything before an unknown spread may be overridden by it.
          entries.clear();
          extra.length = 0;
          opaque = true;
        }
        continue;
      }
      const key = getKeyName(property.key, property.computed);
      if (key === undefined) {
        opaque = true;
        continue;
      }
      entries.set(key, [{ node: property, value: property.value as Node, conditional: false }]);
    }
  };
  collect(object, 0);
  for (const { key, entry } of changes) {
    const list = entries.get(key);
    if (entry.conditional && list) list.push(entry);
    else entries.set(key, [entry]);
  }
  const constraints: Constraint[] = [];
  for (const reading of extra) constraints.push(...reading.constraints);
  for (const [key, list] of entries) {
    for (const entry of list) {
      const reading = readEntry(key, entry, prefix, state, depth);
      constraints.push(...(entry.conditional ? conditionalFacts(reading) : reading).constraints);
      if (reading.opaque) opaque = true;
    }
  }
  return { constraints, opaque };
}

function readEntry(key: string, entry: Entry, prefix: string, state: FilterState, depth: number): FilterFacts {
  const { context, dialect } = state;
  if (dialect.logic && (key === 'AND' || key === 'OR' || key === 'NOT')) {
    if (key === 'NOT') return NO_FILTER;
    const value = context.resolver.resolveValue(entry.value);
    const branches = value.type === AST_NODE_TYPES.ArrayExpression ? arrayElements(entry.value, context, state.at) : [{ node: entry.value, conditional: false }];
    if (!branches) return OPAQUE_FILTER;
    const parts = branches.map((branch) => ({ reading: readFilter(branch.node, prefix, state, depth + 1), conditional: branch.conditional }));
    return combine(parts, key === 'AND' ? 'and' : 'or');
  }
  const column = prefix + key;
  if (context.isTenantColumn(column)) return readTenantValue(column, entry, state);
  const value = context.resolver.resolveValue(entry.value);
  if (value.type === AST_NODE_TYPES.ObjectExpression) {
    const keys = value.properties.map((p) => (p.type === AST_NODE_TYPES.Property ? getKeyName(p.key, p.computed) : undefined));
    // A compound unique key: `organizationId_slug: { organizationId, slug }`.
    if (key.includes('_') && keys.length > 1 && keys.join('_') === key) return readFilter(value, prefix, state, depth + 1);
    const through = dialect.through.filter((name) => keys.includes(name));
    if (through.length > 0) {
      const readings = through.map((name) => {
        const property = value.properties.find(
          (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && getKeyName(p.key, p.computed) === name,
        );
        return property ? readFilter(property.value, `${column}.`, state, depth + 1) : NO_FILTER;
      });
      return { constraints: readings.flatMap((r) => r.constraints), opaque: readings.some((r) => r.opaque) };
    }
    if (keys.some((name) => name !== undefined && dialect.never.includes(name))) return NO_FILTER;
    return readFilter(value, `${column}.`, state, depth + 1);
  }
  if (value.type === AST_NODE_TYPES.ConditionalExpression || value.type === AST_NODE_TYPES.LogicalExpression) {
    const reading = readFilter(value, `${column}.`, state, depth + 1);
    // A scalar under a test (`status: x ?? undefined`) is no relation filter: nothing to read.
    return { constraints: reading.constraints, opaque: false };
  }
  return NO_FILTER;
}

/**
 * A tenant key's value: `v`, `{ equals: v }`, `{ in: [v] }`; conditional for `v ?? undefined`,
 * `v || undefined`, `cond ? v : undefined`. No constraint for `undefined`, `null`, `Prisma.skip`
 * or other operators (`not`, `gt`, `in` with several values).
 */
function readTenantValue(column: string, entry: Entry, state: FilterState): FilterFacts {
  const { context, dialect } = state;
  // The value as written, unless it is picked out of `v ?? undefined`, `{ equals: v }` and the like.
  let value: Node = entry.value;
  let conditional = false;
  const written = unwrap(value);
  if (written.type === AST_NODE_TYPES.LogicalExpression && (written.operator === '??' || written.operator === '||') && isNullish(unwrap(written.right))) {
    value = written.left;
    conditional = true;
  } else if (written.type === AST_NODE_TYPES.ConditionalExpression) {
    if (isNullish(unwrap(written.alternate)) !== isNullish(unwrap(written.consequent))) {
      value = isNullish(unwrap(written.alternate)) ? written.consequent : written.alternate;
      conditional = true;
    }
  }
  const inner = unwrap(value);
  if (isNullish(inner) || (inner.type === AST_NODE_TYPES.MemberExpression && getMemberName(inner) === 'skip' && getLastName(inner.object) === 'Prisma')) {
    return NO_FILTER;
  }
  const resolved = context.resolver.resolveValue(value);
  if (resolved.type === AST_NODE_TYPES.ObjectExpression) {
    let pinned: Node | undefined;
    for (const property of resolved.properties) {
      if (property.type !== AST_NODE_TYPES.Property) return OPAQUE_FILTER;
      const key = getKeyName(property.key, property.computed);
      if (key !== undefined && dialect.equals.includes(key)) pinned = property.value;
      else if (key === 'in') {
        const list = context.resolver.resolveValue(property.value);
        const only = list.type === AST_NODE_TYPES.ArrayExpression && list.elements.length === 1 ? list.elements[0] : undefined;
        if (only && only.type !== AST_NODE_TYPES.SpreadElement && !pinned) pinned = only;
      }
    }
    if (!pinned || isNullish(unwrap(pinned))) return NO_FILTER;
    value = pinned as Node;
  } else if (resolved.type === AST_NODE_TYPES.CallExpression && getCallee(resolved)?.name === 'ifUndefined' && getCallee(resolved)?.receiver) {
    // `Prisma.skip.ifUndefined(v)`: dropped on purpose when undefined.
    const argument = resolved.arguments[0];
    return {
      constraints: [{ column, value: argument, node: entry.node, conditional: true, ...(dialect.dropsUndefined ? { dropsUndefined: true } : {}) }],
      opaque: false,
    };
  }
  const constraint: Constraint = {
    column,
    value,
    node: entry.node,
    ...(conditional ? { conditional: true } : {}),
    ...(dialect.dropsUndefined ? { dropsUndefined: true } : {}),
  };
  return { constraints: [constraint], opaque: false };
}

/** Written rows (Drizzle's and Kysely's `.values(…)`): the tenant key each row sets; `undefined` is written, not dropped. */
export const ROW_VALUES: WhereInputDialect = { equals: [], through: [], never: [], dropsUndefined: false, logic: false };

/** Rows a query writes: their tenant keys constrain only when every row sets one. */
export function readInsertedRows(rows: readonly Node[], context: DataContext, dialect: WhereInputDialect, at: Node): FilterFacts {
  const readings = rows.map((row) => readWhereInput(row, context, dialect, at));
  const every = readings.length > 0 && readings.every((reading) => reading.constraints.length > 0);
  return { constraints: every ? readings.flatMap((reading) => reading.constraints) : [], opaque: readings.some((reading) => reading.opaque) };
}

/** A property of an options object (the last one wins), following spreads of local objects; `unknown` when a spread hides it. */
export function option(object: TSESTree.ObjectExpression, name: string, context: DataContext, depth = 0): { value?: Node; unknown: boolean } {
  let found: { value?: Node; unknown: boolean } = { unknown: false };
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      const spread = asObject(property.argument, context);
      if (spread && depth < MAX_DEPTH) {
        const inner = option(spread, name, context, depth + 1);
        if (inner.value || inner.unknown) found = inner;
      } else if (!isNullish(unwrap(property.argument))) found = { unknown: true };
      continue;
    }
    if (getKeyName(property.key, property.computed) === name) found = { value: property.value, unknown: false };
  }
  return found;
}
