import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { getCallee, getKeyName, getMemberName, getStaticString, unwrap } from '../../util/ast';
import { asObject, elementsOf, functionOf, returnedExpressions } from '../jobs/types';
import { isFromSource } from '../resolve';
import { EMPTY, UNREADABLE, combine, eitherOf, isUndefinedOrNull, readObjectFilter, withConditional, type FilterReading, type ObjectFilterDialect } from './prisma';
import { arrayElements, callbackOwner, isShapeClient, tracedChain, type TracedLink } from './sql';
import { chainOf, type Constraint, type DataContext, type DataLayer, type QueryFacts, type QueryKind } from './types';

type Node = TSESTree.Node;

const SOURCES = ['kysely'];
const SHAPE_NAMES = /^(db|trx|tx|kysely|database|conn|qb)$|^(db|kysely)[A-Z_]|[a-z](Db|DB|Kysely|Trx)$/;

/** Kysely's entry methods (Kysely-only names, so a shape match on them is safe). */
const ENTRIES: ReadonlyMap<string, QueryKind> = new Map(Object.entries({
  selectFrom: 'read',
  updateTable: 'update',
  deleteFrom: 'delete',
  insertInto: 'insert',
  replaceInto: 'insert',
  mergeInto: 'update',
} satisfies Record<string, QueryKind>));
/** Links that may come before an entry. */
const PREFIXES = new Set(['with', 'withRecursive', 'withSchema', 'withPlugin', 'withoutPlugins']);
/** Methods that run the query; a chain without one is a builder, not a query. */
const TERMINALS = new Set(['execute', 'executeTakeFirst', 'executeTakeFirstOrThrow', 'stream']);

/** `eb.and({ col: v })` drops undefined values (reference section 2); inserted values do not. */
const OBJECT_AND: ObjectFilterDialect = { equals: [], through: [], never: [], dropsUndefined: true, logic: false };
const VALUES: ObjectFilterDialect = { equals: [], through: [], never: [], dropsUndefined: false, logic: false };

/**
 * A Kysely instance: `new Kysely(…)` (or a parameter typed `Kysely`/`Transaction`), the `trx` of
 * `db.transaction().execute(async (trx) => …)` or `db.connection().execute(…)`; or, by name, one
 * from the project's own module.
 */
function recognise(node: Node, context: DataContext, depth = 0): 'known' | 'shape' | undefined {
  if (depth > 8) return undefined;
  const inner = unwrap(node);
  const owner = callbackOwner(inner, context);
  if (owner?.name === 'execute' && owner.param === 0 && owner.receiver) {
    const { root, links } = chainOf(unwrap(owner.receiver) as TSESTree.CallExpression);
    if (links[0] && (links[0].name === 'transaction' || links[0].name === 'connection')) {
      return recognise(root, context, depth + 1) ?? (isShapeClient(inner, context, SHAPE_NAMES) ? 'shape' : undefined);
    }
  }
  const origin = context.originOf(inner);
  if (isFromSource(origin, SOURCES)) {
    // `new Kysely()` or a typed instance, or `await db.startTransaction().execute()`; not a builder made from one.
    const path = origin?.path ?? [];
    const base = path[0] === 'Kysely' || path[0] === 'Transaction' || path[0] === 'ControlledTransaction';
    const tail = path.slice(2).join('.');
    return base && path[1] === 'new' && (tail === '' || tail === 'startTransaction.().execute.()') ? 'known' : undefined;
  }
  return isShapeClient(inner, context, SHAPE_NAMES) ? 'shape' : undefined;
}

/** The table a `selectFrom('documents as d')` names: its first word, without a schema. */
function tableOf(node: Node | undefined, context: DataContext): string | undefined {
  if (!node || node.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const value = context.resolver.resolveValue(node);
  if (value.type === AST_NODE_TYPES.ArrayExpression) return tableOf(value.elements[0] ?? undefined, context);
  const text = getStaticString(value);
  const word = text?.trim().split(/\s+/)[0];
  return word ? word.split('.').pop() : undefined;
}

// ---------------------------------------------------------------------------------------------
// Filters: where(ref, op, value) and the expression builder.

/** `(ref, op, value)`: a tenant constraint for `=` (or `in` with one value) on a tenant column. */
function comparison(args: readonly Node[], node: Node, context: DataContext): FilterReading {
  const [refNode, opNode, value] = args;
  if (!refNode || !opNode || !value || value.type === AST_NODE_TYPES.SpreadElement) return EMPTY;
  const ref = getStaticString(context.resolver.resolveValue(refNode));
  const op = getStaticString(context.resolver.resolveValue(opNode))?.toLowerCase();
  if (ref === undefined) return op === undefined ? UNREADABLE : EMPTY;
  const resolved = context.resolver.resolveValue(value);
  // A subquery (`where('project_id', 'in', (eb) => eb.selectFrom(…))`) may scope the rows: not read.
  if (resolved.type === AST_NODE_TYPES.ArrowFunctionExpression || resolved.type === AST_NODE_TYPES.FunctionExpression) return UNREADABLE;
  if (resolved.type === AST_NODE_TYPES.CallExpression && /^(selectFrom|select|selectAll|where)$/.test(getCallee(resolved)?.name ?? '')) return UNREADABLE;
  if (!context.isTenantColumn(ref) || isUndefinedOrNull(unwrap(value))) return EMPTY;
  let pinned: Node | undefined = value;
  if (op === 'in') {
    const list = context.resolver.resolveValue(value);
    const only = list.type === AST_NODE_TYPES.ArrayExpression && list.elements.length === 1 ? list.elements[0] : undefined;
    pinned = only && only.type !== AST_NODE_TYPES.SpreadElement ? only : undefined;
  } else if (op !== '=' && op !== '==') pinned = undefined;
  if (!pinned) return EMPTY;
  const constraint: Constraint = { column: ref, value: pinned, node };
  return { constraints: [constraint], unreadable: false };
}

interface BuilderNames {
  /** The expression builder parameter (`eb`), callable as `eb(ref, op, v)`. */
  readonly eb?: string;
  /** Destructured helpers: local name to Kysely name (`({ eb, and, or }) => …`). */
  readonly helpers: ReadonlyMap<string, string>;
}

function namesOf(fn: TSESTree.FunctionLike): BuilderNames {
  const [param] = fn.params;
  const helpers = new Map<string, string>();
  if (param?.type === AST_NODE_TYPES.Identifier) return { eb: param.name, helpers };
  if (param?.type === AST_NODE_TYPES.ObjectPattern) {
    for (const property of param.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const key = getKeyName(property.key, property.computed);
      const local = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
      if (key !== undefined && local.type === AST_NODE_TYPES.Identifier) helpers.set(local.name, key);
    }
  }
  return { helpers };
}

/** The expression-builder method a call is (`eb(…)` is `eb`, `eb.and(…)` is `and`, a destructured `and(…)` is `and`). */
function builderMethod(callee: Node, names: BuilderNames): string | undefined {
  const inner = unwrap(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name === names.eb ? 'eb' : names.helpers.get(inner.name);
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const object = unwrap(inner.object);
    if (object.type === AST_NODE_TYPES.Identifier && (object.name === names.eb || names.helpers.get(object.name) === 'eb')) return getMemberName(inner);
  }
  return undefined;
}

/** Reads an expression-builder expression (`eb('organization_id', '=', v)`, `eb.and([...])`, `eb.or([...])`). */
function readExpression(node: Node | undefined | null, names: BuilderNames, context: DataContext, depth = 0): FilterReading {
  if (!node) return EMPTY;
  if (depth > 16) return UNREADABLE;
  const inner = unwrap(node);
  switch (inner.type) {
    case AST_NODE_TYPES.Identifier: {
      const value = context.resolver.resolveValue(inner);
      return value === inner ? UNREADABLE : readExpression(value, names, context, depth + 1);
    }
    case AST_NODE_TYPES.ConditionalExpression:
      return eitherOf(readExpression(inner.consequent, names, context, depth + 1), readExpression(inner.alternate, names, context, depth + 1));
    case AST_NODE_TYPES.CallExpression: {
      const method = builderMethod(inner.callee, names);
      const args = inner.arguments as Node[];
      switch (method) {
        case 'eb':
        case 'cmpr':
          return comparison(args, inner, context);
        case 'and':
        case 'or': {
          const first = args[0];
          if (!first || first.type === AST_NODE_TYPES.SpreadElement) return UNREADABLE;
          const object = asObject(first, context);
          if (object) {
            // Object form: `{ col: v }` pairs, ANDed (dropping undefined) or ORed.
            const reading = readObjectFilter(object, context, OBJECT_AND, inner);
            if (method === 'or' && reading.constraints.length !== object.properties.length) return { constraints: [], unreadable: reading.unreadable };
            return reading;
          }
          const elements = arrayElements(first, context, inner);
          if (!elements) return UNREADABLE;
          return combine(
            elements.map((element) => ({ reading: readExpression(element.node, names, context, depth + 1), conditional: element.conditional })),
            method,
          );
        }
        case undefined:
        case 'exists':
          return UNREADABLE;
        default:
          // not, exists, between, ref, val, …: never a tenant pin.
          return EMPTY;
      }
    }
    default:
      return UNREADABLE;
  }
}

/** Reads a `.where(…)` call: `(ref, op, value)` or a callback over the expression builder. */
function readWhere(call: TSESTree.CallExpression, context: DataContext): FilterReading {
  const args = call.arguments as Node[];
  if (args.length >= 3) return comparison(args, call, context);
  if (args.length !== 1) return UNREADABLE;
  const fn = functionOf(args[0], context);
  if (!fn) return UNREADABLE;
  const returned = returnedExpressions(fn);
  if (!returned) return UNREADABLE;
  const names = namesOf(fn);
  return returned.map((expression) => readExpression(expression, names, context)).reduce((a, b) => eitherOf(a, b));
}

/** The constraints of a chain's filter links (`where` calls AND; `$if` adds conditionally; `clearWhere` resets). */
function readFilters(links: readonly TracedLink[], context: DataContext, depth = 0): FilterReading {
  let constraints: Constraint[] = [];
  let unreadable = false;
  for (const link of links) {
    let reading: FilterReading | undefined;
    if (link.name === 'where') reading = readWhere(link.call, context);
    else if (link.name === 'clearWhere') {
      constraints = [];
      unreadable = false;
    } else if (link.name === '$if' && depth < 4) {
      // .$if(cond, (qb) => qb.where(…)): the callback's own links, under the condition.
      const fn = functionOf(link.call.arguments[1], context);
      const returned = fn && returnedExpressions(fn);
      const body = returned?.length === 1 ? unwrap(returned[0] as Node) : undefined;
      if (body?.type === AST_NODE_TYPES.CallExpression) {
        const inner = chainOf(body);
        reading = withConditional(readFilters(inner.links.map((l) => ({ ...l, conditional: false })), context, depth + 1));
      } else reading = UNREADABLE;
    } else if (link.name === 'innerJoin' && depth < 4) {
      // .innerJoin('projects as p', (join) => join.onRef(…).on('p.organization_id', '=', v)): inner-join conditions filter rows too.
      const fn = functionOf(link.call.arguments[1], context);
      const returned = fn && returnedExpressions(fn);
      const body = returned?.length === 1 ? unwrap(returned[0] as Node) : undefined;
      if (body?.type === AST_NODE_TYPES.CallExpression) {
        const ons = chainOf(body).links.filter((l) => l.name === 'on');
        reading = { constraints: ons.flatMap((on) => readWhere(on.call, context).constraints), unreadable: false };
      }
    } else if (link.name === 'orWhere') {
      // Older Kysely: ORed with what came before, so nothing before holds on its own.
      constraints = [];
    }
    if (!reading) continue;
    constraints.push(...(link.conditional ? withConditional(reading) : reading).constraints);
    unreadable ||= reading.unreadable;
  }
  return { constraints, unreadable };
}

function matchCall(top: TSESTree.CallExpression, context: DataContext): QueryFacts | undefined {
  // Only a chain that runs is a query; the run is in the top call's own chain.
  if (!chainOf(top).links.some((link) => TERMINALS.has(link.name))) return undefined;
  const { root, links, unknown } = tracedChain(top, context, (node) => !!recognise(node, context));
  const terminal = links.findIndex((link) => TERMINALS.has(link.name));
  if (terminal < 0) return undefined;
  let index = 0;
  while (links[index] && PREFIXES.has(links[index]?.name ?? '')) index++;
  const entry = links[index];
  const kind = entry && ENTRIES.get(entry.name);
  if (!entry || !kind || index >= terminal) return undefined;
  if (!recognise(root, context)) return undefined;
  const model = tableOf(entry.call.arguments[0], context);
  const rest = links.slice(index + 1, terminal);
  let reading: FilterReading;
  if (kind === 'insert') {
    const values = rest.find((link) => link.name === 'values');
    const rows = values?.call.arguments[0];
    if (!rows || rows.type === AST_NODE_TYPES.SpreadElement) reading = rows ? UNREADABLE : EMPTY;
    else {
      const resolved = context.resolver.resolveValue(rows);
      const elements = resolved.type === AST_NODE_TYPES.ArrayExpression ? elementsOf(resolved, context) : [rows];
      const readings = (elements ?? []).map((element) => readObjectFilter(element, context, VALUES, top));
      const every = readings.length > 0 && readings.every((r) => r.constraints.length > 0);
      reading = { constraints: every ? readings.flatMap((r) => r.constraints) : [], unreadable: !elements || readings.some((r) => r.unreadable) };
    }
  } else if (entry.name === 'mergeInto') {
    reading = UNREADABLE;
  } else {
    reading = readFilters(rest, context);
  }
  const unreadable = reading.unreadable || unknown;
  return {
    layer: 'kysely',
    node: top,
    model,
    operation: entry.name,
    kind,
    constraints: reading.constraints,
    opaque: reading.constraints.length === 0 && unreadable,
  };
}

export const kysely: DataLayer = {
  id: 'kysely',
  name: 'Kysely',
  sources: SOURCES,
  matchQuery(node, context) {
    return node.type === AST_NODE_TYPES.CallExpression ? matchCall(node, context) : undefined;
  },
};
