import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { getCallee, getMemberName, getStaticString, unwrap } from '../../util/ast';
import { asObject, elementsOf, functionOf, returnedExpressions } from '../jobs/types';
import { isFromSource } from '../resolve';
import { arrayElements, destructuredNames, tracedChain, type GatheredLink } from './builders';
import { NO_FILTER, OPAQUE_FILTER, combine, conditionalFacts, eitherOf, isNullish, type FilterFacts } from './filters';
import { callbackOwner, isShapeClient } from './receivers';
import { chainOf, type Constraint, type DataContext, type DataLayer, type QueryFacts, type QueryKind } from './types';
import { ROW_VALUES, readInsertedRows, readWhereInput, type WhereInputDialect } from './where-input';

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
const OBJECT_AND: WhereInputDialect = { equals: [], through: [], never: [], dropsUndefined: true, logic: false };

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
function comparison(args: readonly Node[], node: Node, context: DataContext): FilterFacts {
  const [refNode, opNode, value] = args;
  if (!refNode || !opNode || !value || value.type === AST_NODE_TYPES.SpreadElement) return NO_FILTER;
  const ref = getStaticString(context.resolver.resolveValue(refNode));
  const op = getStaticString(context.resolver.resolveValue(opNode))?.toLowerCase();
  if (ref === undefined) return op === undefined ? OPAQUE_FILTER : NO_FILTER;
  const resolved = context.resolver.resolveValue(value);
  // A subquery (`where('project_id', 'in', (eb) => eb.selectFrom(…))`) may scope the rows: not read.
  if (resolved.type === AST_NODE_TYPES.ArrowFunctionExpression || resolved.type === AST_NODE_TYPES.FunctionExpression) return OPAQUE_FILTER;
  if (resolved.type === AST_NODE_TYPES.CallExpression && /^(selectFrom|select|selectAll|where)$/.test(getCallee(resolved)?.name ?? '')) return OPAQUE_FILTER;
  if (!context.isTenantColumn(ref) || isNullish(unwrap(value))) return NO_FILTER;
  let pinned: Node | undefined = value;
  if (op === 'in') {
    const list = context.resolver.resolveValue(value);
    const only = list.type === AST_NODE_TYPES.ArrayExpression && list.elements.length === 1 ? list.elements[0] : undefined;
    pinned = only && only.type !== AST_NODE_TYPES.SpreadElement ? only : undefined;
  } else if (op !== '=' && op !== '==') pinned = undefined;
  if (!pinned) return NO_FILTER;
  const constraint: Constraint = { column: ref, value: pinned, node };
  return { constraints: [constraint], opaque: false };
}

interface BuilderNames {
  /** The expression builder parameter (`eb`), callable as `eb(ref, op, v)`. */
  readonly eb?: string;
  /** Destructured helpers: local name to Kysely name (`({ eb, and, or }) => …`). */
  readonly helpers: ReadonlyMap<string, string>;
}

function namesOf(fn: TSESTree.FunctionLike): BuilderNames {
  const [param] = fn.params;
  if (param?.type === AST_NODE_TYPES.Identifier) return { eb: param.name, helpers: new Map() };
  return { helpers: param?.type === AST_NODE_TYPES.ObjectPattern ? destructuredNames(param) : new Map() };
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
function readExpression(node: Node | undefined | null, names: BuilderNames, context: DataContext, depth = 0): FilterFacts {
  if (!node) return NO_FILTER;
  if (depth > 16) return OPAQUE_FILTER;
  const inner = unwrap(node);
  switch (inner.type) {
    case AST_NODE_TYPES.Identifier: {
      const value = context.resolver.resolveValue(inner);
      return value === inner ? OPAQUE_FILTER : readExpression(value, names, context, depth + 1);
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
          if (!first || first.type === AST_NODE_TYPES.SpreadElement) return OPAQUE_FILTER;
          const object = asObject(first, context);
          if (object) {
            // Object form: `{ col: v }` pairs, ANDed (dropping undefined) or ORed.
            const reading = readWhereInput(object, context, OBJECT_AND, inner);
            if (method === 'or' && reading.constraints.length !== object.properties.length) return { constraints: [], opaque: reading.opaque };
            return reading;
          }
          const elements = arrayElements(first, context, inner);
          if (!elements) return OPAQUE_FILTER;
          return combine(
            elements.map((element) => ({ reading: readExpression(element.node, names, context, depth + 1), conditional: element.conditional })),
            method,
          );
        }
        case undefined:
        case 'exists':
          return OPAQUE_FILTER;
        default:
          // not, exists, between, ref, val, …: never a tenant pin.
          return NO_FILTER;
      }
    }
    default:
      return OPAQUE_FILTER;
  }
}

/** Reads a `.where(…)` call: `(ref, op, value)` or a callback over the expression builder. */
function readWhere(call: TSESTree.CallExpression, context: DataContext): FilterFacts {
  const args = call.arguments as Node[];
  if (args.length >= 3) return comparison(args, call, context);
  if (args.length !== 1) return OPAQUE_FILTER;
  const fn = functionOf(args[0], context);
  if (!fn) return OPAQUE_FILTER;
  const returned = returnedExpressions(fn);
  if (!returned) return OPAQUE_FILTER;
  const names = namesOf(fn);
  return returned.map((expression) => readExpression(expression, names, context)).reduce((a, b) => eitherOf(a, b));
}

/** The constraints of a chain's filter links (`where` calls AND; `$if` adds conditionally; `clearWhere` resets). */
function readFilters(links: readonly GatheredLink[], context: DataContext, depth = 0): FilterFacts {
  let constraints: Constraint[] = [];
  let opaque = false;
  for (const link of links) {
    let reading: FilterFacts | undefined;
    if (link.name === 'where') reading = readWhere(link.call, context);
    else if (link.name === 'clearWhere') {
      constraints = [];
      opaque = false;
    } else if (link.name === '$if' && depth < 4) {
      // .$if(cond, (qb) => qb.where(…)): the callback's own links, under the condition.
      const fn = functionOf(link.call.arguments[1], context);
      const returned = fn && returnedExpressions(fn);
      const body = returned?.length === 1 ? unwrap(returned[0] as Node) : undefined;
      if (body?.type === AST_NODE_TYPES.CallExpression) {
        const inner = chainOf(body);
        reading = conditionalFacts(readFilters(inner.links.map((l) => ({ ...l, conditional: false })), context, depth + 1));
      } else reading = OPAQUE_FILTER;
    } else if (link.name === 'innerJoin' && depth < 4) {
      // .innerJoin('projects as p', (join) => join.onRef(…).on('p.organization_id', '=', v)): inner-join conditions filter rows too.
      const fn = functionOf(link.call.arguments[1], context);
      const returned = fn && returnedExpressions(fn);
      const body = returned?.length === 1 ? unwrap(returned[0] as Node) : undefined;
      if (body?.type === AST_NODE_TYPES.CallExpression) {
        const ons = chainOf(body).links.filter((l) => l.name === 'on');
        reading = { constraints: ons.flatMap((on) => readWhere(on.call, context).constraints), opaque: false };
      }
    } else if (link.name === 'orWhere') {
      // Older Kysely: ORed with what came before, so nothing before holds on its own.
      constraints = [];
    }
    if (!reading) continue;
    constraints.push(...(link.conditional ? conditionalFacts(reading) : reading).constraints);
    opaque ||= reading.opaque;
  }
  return { constraints, opaque };
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
  let reading: FilterFacts;
  if (kind === 'insert') {
    const values = rest.find((link) => link.name === 'values');
    const rows = values?.call.arguments[0];
    if (!rows || rows.type === AST_NODE_TYPES.SpreadElement) reading = rows ? OPAQUE_FILTER : NO_FILTER;
    else {
      const resolved = context.resolver.resolveValue(rows);
      const elements = resolved.type === AST_NODE_TYPES.ArrayExpression ? elementsOf(resolved, context) : [rows];
      reading = elements ? readInsertedRows(elements, context, ROW_VALUES, top) : OPAQUE_FILTER;
    }
  } else if (entry.name === 'mergeInto') {
    reading = OPAQUE_FILTER;
  } else {
    reading = readFilters(rest, context);
  }
  const opaque = reading.opaque || unknown;
  return {
    layer: 'kysely',
    node: top,
    model,
    operation: entry.name,
    kind,
    constraints: reading.constraints,
    opaque: reading.constraints.length === 0 && opaque,
  };
}

export const kysely: DataLayer = {
  id: 'kysely',
  name: 'Kysely',
  sources: SOURCES,
  // Every query needs `recognise` to accept its root: an origin from SOURCES or SHAPE_NAMES.
  clientNames: SHAPE_NAMES,
  matchQuery(node, context) {
    return node.type === AST_NODE_TYPES.CallExpression ? matchCall(node, context) : undefined;
  },
};
