import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { getKeyName, getLastName, getMemberName, getStaticString, isFunction, unwrap } from '../../util/ast';
import { asObject, elementsOf, returnedExpressions } from '../jobs/types';
import { isFromSource } from '../resolve';
import {
  arrayElements,
  builderExtensions,
  destructuredNames,
  isExtendedLater,
  isReassigned,
  tracedChain,
  type ArrayElement,
  type GatheredLink,
} from './builders';
import { NO_FILTER, OPAQUE_FILTER, combine, conditionalFacts, eitherOf, isNullish, type FilterFacts } from './filters';
import { callbackOwner, isShapeClient } from './receivers';
import { readSqlCondition, sqlOfTemplate, type SqlParam } from './sql';
import { chainOf, type Constraint, type DataContext, type DataLayer, type QueryFacts, type QueryKind } from './types';
import { ROW_VALUES, option, readInsertedRows, readWhereInput, type WhereInputDialect } from './where-input';

type Node = TSESTree.Node;

const SOURCES = ['drizzle-orm'];
const SHAPE_NAMES = /^(db|tx|trx|database|drizzle)$|^db[A-Z_]|[a-z](Db|DB|Tx)$/;

/** Entry methods of the query builders, with what they do. */
const ENTRIES: ReadonlyMap<string, QueryKind> = new Map(Object.entries({
  select: 'read',
  selectDistinct: 'read',
  selectDistinctOn: 'read',
  update: 'update',
  delete: 'delete',
  insert: 'insert',
  $count: 'read',
} satisfies Record<string, QueryKind>));
/** Links that may come before an entry (`db.with(sq).select()…`). */
const PREFIXES = new Set(['with', '$with']);

/** Relational-query v2 object filters: keys dropped when `undefined` (1.0 beta; rc.5 throws), reference section 2. */
const RQB_V2: WhereInputDialect = { equals: ['eq'], through: [], never: [], dropsUndefined: true, logic: true };

type Recognition = 'known' | 'shape' | undefined;

/**
 * A Drizzle database: `drizzle(…)` from `drizzle-orm/<driver>`, a parameter typed with a Drizzle
 * database or transaction type, the `tx` of `db.transaction(async (tx) => …)`; or, by name, a
 * client from the project's own module.
 */
function recognise(node: Node, context: DataContext, depth = 0): Recognition {
  if (depth > 8) return undefined;
  const inner = unwrap(node);
  const owner = callbackOwner(inner, context);
  if (owner?.name === 'transaction' && owner.param === 0 && owner.receiver) {
    return recognise(owner.receiver, context, depth + 1) ?? (isShapeClient(inner, context, SHAPE_NAMES) ? 'shape' : undefined);
  }
  const origin = context.originOf(inner);
  if (isFromSource(origin, SOURCES)) {
    // `drizzle(…)` itself or a typed database, not a builder made from one (`const q = db.select()`).
    const [first = '', second] = origin?.path ?? [];
    if (origin?.path.length !== 2) return undefined;
    return (first === 'drizzle' && second === '()') || (/(Database|Transaction)$/.test(first) && second === 'new') ? 'known' : undefined;
  }
  return isShapeClient(inner, context, SHAPE_NAMES) ? 'shape' : undefined;
}

/**
 * Whether a table argument is surely a Drizzle table: built by `pgTable`/`mysqlTable`/
 * `sqliteTable` (or a schema's `.table`, or `alias`), imported from a schema module, or any
 * table-like reference in a file that imports `drizzle-orm`.
 */
function isTable(node: Node | undefined, context: DataContext): boolean {
  if (!node || node.type === AST_NODE_TYPES.SpreadElement) return false;
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.Identifier && inner.type !== AST_NODE_TYPES.MemberExpression) return false;
  const value = context.resolver.resolveValue(inner);
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const origin = context.originOf(value.callee);
    const last = origin?.path[origin.path.length - 1] ?? '';
    if (isFromSource(origin, SOURCES) && (/Table$/.test(last) || last === 'table' || last === 'alias')) return true;
  }
  const origin = context.originOf(inner);
  if (origin && (/(^|[/.-])(schema|tables?)([/.-]|$)/i.test(origin.source) || origin.path.includes('schema'))) return true;
  return context.importsFrom(SOURCES);
}

/** The table's name as written (`documents` for `documents` and `schema.documents`). */
function tableName(node: Node | undefined): string | undefined {
  if (!node || node.type === AST_NODE_TYPES.SpreadElement) return undefined;
  return getLastName(unwrap(node));
}

// ---------------------------------------------------------------------------------------------
// Conditions: eq, inArray, and, or, sql`…`, and the callback form of relational queries.

interface ConditionState {
  readonly context: DataContext;
  /** The query: changes to a conditions array after it do not count. */
  readonly at: Node;
  /** Names that stand for a table here (from/join tables, a callback's table parameter). */
  readonly tables: ReadonlySet<string>;
  /** Operator names bound by a callback's second parameter (`(t, { eq, and }) => …`). */
  readonly operators: ReadonlyMap<string, string>;
  /** The callback's operators object (`(t, ops) => ops.eq(…)`). */
  readonly operatorsObject?: string;
}

/** The Drizzle operator a callee is: imported from drizzle-orm, or handed to a where callback. */
function operatorName(callee: Node, state: ConditionState): string | undefined {
  const inner = unwrap(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const fromCallback = state.operators.get(inner.name);
    if (fromCallback) return fromCallback;
    const origin = state.context.originOf(inner);
    return isFromSource(origin, SOURCES) && origin?.path.length === 1 ? origin.path[0] : undefined;
  }
  if (inner.type === AST_NODE_TYPES.MemberExpression && state.operatorsObject !== undefined) {
    const object = unwrap(inner.object);
    if (object.type === AST_NODE_TYPES.Identifier && object.name === state.operatorsObject) return getMemberName(inner);
  }
  return undefined;
}

/**
 * The column a reference names (`documents.organizationId`, `t.organizationId`), with the column's
 * database name when the key itself is no tenant key but the column builder's name is
 * (`org: text('organization_id')` gives `documents.organization_id`).
 */
function columnOf(node: Node, state: ConditionState): { column: string; table: string } | undefined {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const key = getMemberName(inner);
  const table = getLastName(unwrap(inner.object));
  if (key === undefined || table === undefined) return undefined;
  const column = `${table}.${key}`;
  if (state.context.isTenantColumn(column)) return { column, table };
  const definition = state.context.resolver.resolveValue(inner.object);
  if (definition.type === AST_NODE_TYPES.CallExpression) {
    const columns = asObject(definition.arguments[1], state.context);
    const property = columns?.properties.find(
      (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && getKeyName(p.key, p.computed) === key,
    );
    let builder: Node | undefined = property && unwrap(property.value);
    // text('organization_id').notNull().references(…): the innermost call names the column.
    while (builder?.type === AST_NODE_TYPES.CallExpression && unwrap(builder.callee).type === AST_NODE_TYPES.MemberExpression) {
      builder = unwrap((unwrap(builder.callee) as TSESTree.MemberExpression).object);
    }
    const dbName = builder?.type === AST_NODE_TYPES.CallExpression ? getStaticString(builder.arguments[0]) : undefined;
    if (dbName !== undefined) return { column: `${table}.${dbName}`, table };
  }
  return { column, table };
}

/** Whether a value is itself a column of a table of the query (a join condition, not a tenant value). */
function isColumnOfQuery(node: Node, state: ConditionState): boolean {
  const column = columnOf(node, state);
  return !!column && state.tables.has(column.table);
}

function comparison(column: Node | undefined, value: Node | undefined, call: Node, state: ConditionState): FilterFacts {
  if (!column || !value || column.type === AST_NODE_TYPES.SpreadElement || value.type === AST_NODE_TYPES.SpreadElement) return NO_FILTER;
  const ref = columnOf(column, state);
  if (!ref || !state.context.isTenantColumn(ref.column)) return NO_FILTER;
  if (isNullish(unwrap(value)) || isColumnOfQuery(value, state)) return NO_FILTER;
  return { constraints: [{ column: ref.column, value, node: call }], opaque: false };
}

/**
 * Operands of `and(…)`/`or(…)`, spreads of arrays the file builds included (`and(...conditions)`
 * after `conditions.push(…)`); undefined when a spread cannot be read.
 */
function operandsOf(call: TSESTree.CallExpression, state: ConditionState): ArrayElement[] | undefined {
  const out: ArrayElement[] = [];
  for (const argument of call.arguments) {
    if (argument.type === AST_NODE_TYPES.SpreadElement) {
      const elements = arrayElements(argument.argument, state.context, state.at);
      if (!elements) return undefined;
      out.push(...elements);
    } else out.push({ node: argument, conditional: false });
  }
  return out;
}

/** Reads a Drizzle condition (an `SQL` expression) for tenant constraints. */
function readCondition(node: Node | undefined | null, state: ConditionState, depth = 0): FilterFacts {
  if (!node) return NO_FILTER;
  if (depth > 16) return OPAQUE_FILTER;
  const inner = unwrap(node);
  if (isNullish(inner)) return NO_FILTER;
  switch (inner.type) {
    case AST_NODE_TYPES.Identifier: {
      const value = state.context.resolver.resolveValue(inner);
      return value === inner ? OPAQUE_FILTER : readCondition(value, state, depth + 1);
    }
    case AST_NODE_TYPES.ConditionalExpression:
      return eitherOf(readCondition(inner.consequent, state, depth + 1), readCondition(inner.alternate, state, depth + 1));
    case AST_NODE_TYPES.LogicalExpression:
      if (inner.operator === '&&') return conditionalFacts(readCondition(inner.right, state, depth + 1));
      return eitherOf(readCondition(inner.left, state, depth + 1), readCondition(inner.right, state, depth + 1));
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
      // select's `.where((fields) => eq(fields.organizationId, v))`
      return depth === 0 ? readCallback(inner, state) : OPAQUE_FILTER;
    case AST_NODE_TYPES.TaggedTemplateExpression: {
      const origin = state.context.originOf(inner.tag);
      if (!isFromSource(origin, SOURCES) || origin?.path[0] !== 'sql') return OPAQUE_FILTER;
      const classify = (expression: Node): SqlParam | undefined => {
        const ref = columnOf(expression, state);
        return ref && state.tables.has(ref.table) ? { column: ref.column } : undefined;
      };
      return readSqlCondition(sqlOfTemplate(inner.quasi, true, state.context, classify), inner, state.context);
    }
    case AST_NODE_TYPES.CallExpression: {
      const name = operatorName(inner.callee, state);
      if (name === undefined) return OPAQUE_FILTER;
      const [first, second] = inner.arguments;
      switch (name) {
        case 'eq': {
          const direct = comparison(first, second, inner, state);
          return direct.constraints.length > 0 ? direct : comparison(second, first, inner, state);
        }
        case 'inArray': {
          const list = second && second.type !== AST_NODE_TYPES.SpreadElement ? state.context.resolver.resolveValue(second) : undefined;
          // A subquery (`inArray(t.projectId, db.select(…)…)`) may scope the rows: not read.
          if (list?.type === AST_NODE_TYPES.CallExpression && chainOf(list).links.some((link) => link.name === 'from')) return OPAQUE_FILTER;
          if (list?.type !== AST_NODE_TYPES.ArrayExpression || list.elements.length !== 1) return NO_FILTER;
          return comparison(first, list.elements[0] ?? undefined, inner, state);
        }
        case 'and':
        case 'or': {
          const operands = operandsOf(inner, state);
          if (!operands) return OPAQUE_FILTER;
          return combine(
            operands.map((operand) => ({ reading: readCondition(operand.node, state, depth + 1), conditional: operand.conditional })),
            name,
          );
        }
        case 'exists':
          // The subquery may scope the rows: not read here.
          return OPAQUE_FILTER;
        default:
          // not, ne, gt, isNull, like, notExists …: understood, and never a tenant pin.
          return NO_FILTER;
      }
    }
    default:
      return OPAQUE_FILTER;
  }
}

/** A relational-query `where` callback: `(t, { eq }) => eq(t.organizationId, v)`. */
function readCallback(fn: TSESTree.FunctionLike, state: ConditionState): FilterFacts {
  const [tableParam, operatorsParam] = fn.params;
  const tables = new Set(state.tables);
  if (tableParam?.type === AST_NODE_TYPES.Identifier) tables.add(tableParam.name);
  const operators = new Map(state.operators);
  let operatorsObject: string | undefined;
  if (operatorsParam?.type === AST_NODE_TYPES.ObjectPattern) {
    for (const [local, key] of destructuredNames(operatorsParam)) operators.set(local, key);
  } else if (operatorsParam?.type === AST_NODE_TYPES.Identifier) operatorsObject = operatorsParam.name;
  const returned = returnedExpressions(fn);
  if (!returned) return OPAQUE_FILTER;
  const inner: ConditionState = { ...state, tables, operators, operatorsObject };
  return returned.map((expression) => readCondition(expression, inner)).reduce((a, b) => eitherOf(a, b));
}

// ---------------------------------------------------------------------------------------------

function facts(
  top: TSESTree.CallExpression,
  model: string | undefined,
  operation: string,
  kind: QueryKind,
  reading: FilterFacts,
  extra: Partial<QueryFacts> = {},
): QueryFacts {
  return {
    layer: 'drizzle',
    node: top,
    model,
    operation,
    kind,
    constraints: reading.constraints,
    opaque: reading.constraints.length === 0 && reading.opaque,
    ...extra,
  };
}

/** `db.query.documents.findMany({ where })`: v1 SQL or callback `where`, or the v2 object form. */
function relationalQuery(top: TSESTree.CallExpression, call: TSESTree.CallExpression, model: string, operation: string, context: DataContext): QueryFacts | undefined {
  if (call.arguments.length > 1) return undefined;
  const first = call.arguments[0];
  const state: ConditionState = { context, at: top, tables: new Set([model]), operators: new Map() };
  if (!first) return facts(top, model, operation, 'read', NO_FILTER);
  const args = first.type === AST_NODE_TYPES.SpreadElement ? undefined : asObject(first, context);
  if (!args) return facts(top, model, operation, 'read', OPAQUE_FILTER);
  const where = option(args, 'where', context);
  if (!where.value) {
    return facts(top, model, operation, 'read', where.unknown ? OPAQUE_FILTER : NO_FILTER, where.unknown ? {} : { fix: { optionsObject: args } });
  }
  const value = context.resolver.resolveValue(where.value);
  if (value.type === AST_NODE_TYPES.ObjectExpression) {
    return facts(top, model, operation, 'read', readWhereInput(where.value, context, RQB_V2, call), { fix: { filterObject: value } });
  }
  if (isFunction(value)) return facts(top, model, operation, 'read', readCallback(value, state));
  return facts(top, model, operation, 'read', readCondition(where.value, state));
}

/** The constraints of `.where` links: Drizzle's `.where` replaces the previous one. */
function readWheres(wheres: readonly GatheredLink[], state: ConditionState): FilterFacts {
  if (wheres.length === 0) return NO_FILTER;
  let start = wheres.length - 1;
  while (start > 0 && wheres[start]?.conditional) start--;
  const tail = wheres.slice(start);
  const readings = tail.map((link) => readCondition(link.call.arguments[0], state));
  const opaque = readings.some((reading) => reading.opaque);
  const constraints = readings.flatMap((reading) => reading.constraints);
  // The last `.where` holds unconditionally only when it is unconditional, or when every
  // candidate (from the last unconditional one on) constrains the tenant.
  const steady = tail.length === 1 ? !tail[0]?.conditional : !tail[0]?.conditional && readings.every((r) => r.constraints.length > 0);
  return steady ? { constraints, opaque } : conditionalFacts({ constraints, opaque });
}

function builderQuery(top: TSESTree.CallExpression, links: readonly GatheredLink[], unknown: boolean, recognition: Recognition, context: DataContext): QueryFacts | undefined {
  let index = 0;
  while (links[index] && PREFIXES.has(links[index]?.name ?? '')) index++;
  const entry = links[index];
  if (!entry) return undefined;
  const kind = ENTRIES.get(entry.name);
  if (!kind) return undefined;
  const rest = links.slice(index + 1);
  const operation = entry.name;
  let tableArg: Node | undefined;
  if (kind === 'read' && operation !== '$count') {
    const from = rest.find((link) => link.name === 'from');
    if (!from) return undefined;
    tableArg = from.call.arguments[0];
  } else {
    tableArg = entry.call.arguments[0];
    if (operation === 'delete' && entry.call.arguments.length !== 1) return undefined;
  }
  if (recognition === 'shape' && !isTable(tableArg, context)) return undefined;
  const model = tableName(tableArg);
  const tables = new Set<string>(model ? [model] : []);
  for (const link of rest) {
    if (/Join(Lateral)?$/.test(link.name)) {
      const joined = tableName(link.call.arguments[0]);
      if (joined) tables.add(joined);
    }
  }
  const state: ConditionState = { context, at: top, tables, operators: new Map() };
  const unknownReading = (reading: FilterFacts): FilterFacts => (unknown ? { ...reading, opaque: true } : reading);
  if (operation === '$count') return facts(top, model, operation, kind, unknownReading(readCondition(entry.call.arguments[1], state)));
  if (kind === 'insert') {
    const values = rest.find((link) => link.name === 'values');
    const rows = values?.call.arguments[0];
    if (!rows || rows.type === AST_NODE_TYPES.SpreadElement) return facts(top, model, operation, kind, unknownReading(rows ? OPAQUE_FILTER : NO_FILTER));
    const resolved = context.resolver.resolveValue(rows);
    const elements = resolved.type === AST_NODE_TYPES.ArrayExpression || resolved.type === AST_NODE_TYPES.CallExpression ? elementsOf(resolved, context) : [rows];
    if (!elements) return facts(top, model, operation, kind, OPAQUE_FILTER);
    return facts(top, model, operation, kind, readInsertedRows(elements, context, ROW_VALUES, top));
  }
  const reading = readWheres(rest.filter((link) => link.name === 'where'), state);
  const joins = rest
    .filter((link) => link.name === 'innerJoin')
    .map((link) => {
      const on = readCondition(link.call.arguments[1], state);
      return link.conditional ? conditionalFacts(on) : on;
    });
  const constraints: Constraint[] = [...reading.constraints, ...joins.flatMap((join) => join.constraints)];
  return facts(top, model, operation, kind, { constraints, opaque: reading.opaque || unknown });
}

/** The variable declarator a call initialises directly (`let q = db.select()…`). */
function declaratorOf(call: TSESTree.CallExpression): TSESTree.VariableDeclarator | undefined {
  let child: Node = call;
  let parent = call.parent;
  while (parent && (parent.type === AST_NODE_TYPES.TSAsExpression || parent.type === AST_NODE_TYPES.TSNonNullExpression || parent.type === AST_NODE_TYPES.TSSatisfiesExpression)) {
    child = parent;
    parent = parent.parent;
  }
  return parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === child && parent.id.type === AST_NODE_TYPES.Identifier ? parent : undefined;
}

function matchCall(top: TSESTree.CallExpression, context: DataContext): QueryFacts | undefined {
  const first = chainOf(top);
  const root = unwrap(first.root);
  // db.query.documents.findMany(…)
  if (root.type === AST_NODE_TYPES.MemberExpression && first.links.length >= 1) {
    const link = first.links[0];
    const holder = unwrap(root.object);
    if (
      link &&
      (link.name === 'findMany' || link.name === 'findFirst') &&
      holder.type === AST_NODE_TYPES.MemberExpression &&
      ['query', '_query'].includes(getMemberName(holder) ?? '') &&
      recognise(holder.object, context)
    ) {
      const model = getMemberName(root);
      return model === undefined ? undefined : relationalQuery(top, link.call, model, link.name, context);
    }
  }
  let links: GatheredLink[];
  let unknown = false;
  let client: Node = root;
  if (root.type === AST_NODE_TYPES.Identifier && !recognise(root, context)) {
    // A chain on a builder variable: a `let` builder is read at its declaration, a const one here.
    const def = context.resolver.findVariable(root)?.defs[0];
    if (def?.type !== 'Variable' || isReassigned(def.node, context)) return undefined;
    const traced = tracedChain(top, context, (node) => !!recognise(node, context));
    links = traced.links;
    unknown = traced.unknown;
    client = traced.root;
  } else {
    links = first.links.map((link) => ({ ...link, conditional: false }));
  }
  const recognition = recognise(client, context);
  if (!recognition) return undefined;
  const declarator = declaratorOf(top);
  if (declarator) {
    if (isReassigned(declarator, context)) {
      const extension = builderExtensions(declarator, context);
      links = [...links, ...extension.links];
      unknown ||= extension.unknown;
    } else if (isExtendedLater(declarator, context)) return undefined;
  }
  return builderQuery(top, links, unknown, recognition, context);
}

export const drizzle: DataLayer = {
  id: 'drizzle',
  name: 'Drizzle ORM',
  sources: SOURCES,
  // Every query needs `recognise` to accept some node: an origin from SOURCES or SHAPE_NAMES.
  clientNames: SHAPE_NAMES,
  matchQuery(node, context) {
    return node.type === AST_NODE_TYPES.CallExpression ? matchCall(node, context) : undefined;
  },
};
