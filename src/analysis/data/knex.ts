import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { getCallee, getLastName, getStaticString, isFunction, unwrap } from '../../util/ast';
import { argAt, asObject } from '../jobs/types';
import { isFromSource, type Origin } from '../resolve';
import { callbackChains, gatherChain, isPendingBuilder, type BuilderShape } from './builders';
import { NO_FILTER, OPAQUE_FILTER, foldClauses, isNullish, makeConstraint, singleElement, type Clause, type FilterFacts } from './filters';
import { readObjectFilter, type ObjectDialect } from './object-filter';
import { callbackReceiver, isClientShape } from './receivers';
import { rawQueryFacts, readFragmentCondition, readSqlFragment, sqlBindings, sqlConstraintFor } from './sql-fragments';
import { chainOf, type ChainLink, type DataContext, type DataLayer, type QueryFacts, type QueryKind } from './types';

type Node = TSESTree.Node;
type Call = TSESTree.CallExpression;

const SOURCES = ['knex'];
/** NestJS wrappers that inject a Knex instance. */
const NEST_SOURCES = ['nestjs-knex', 'nest-knexjs', '@nestjsplus/knex'];
/** Names a client from the project's own module is recognised by. */
const SHAPE_NAMES = /^(knex|db|trx)$/;

/** Methods of the client that start a query on a table. */
const TABLE_STARTS = new Set(['table', 'from', 'into']);
/** Methods of the client that start a builder whose table comes later (`db.select('*').from('t')`). */
const BUILDER_STARTS = new Set(['select', 'insert', 'update', 'del', 'delete', 'count', 'first', 'distinct', 'column', 'columns', 'withSchema', 'queryBuilder', 'pluck']);
/** Terminals and what they do. */
const KINDS: ReadonlyMap<string, QueryKind> = new Map([
  ['update', 'update'],
  ['increment', 'update'],
  ['decrement', 'update'],
  ['del', 'delete'],
  ['delete', 'delete'],
  ['truncate', 'delete'],
  ['insert', 'insert'],
  ['upsert', 'insert'],
]);
const THEN = new Set(['then', 'catch', 'finally']);
const READ_TERMINALS = new Set(['first', 'select', 'pluck', 'count', 'countDistinct', 'sum', 'min', 'max', 'avg']);
/** Supabase's filter methods: a chain with one is not Knex, whatever its client is called. */
const NOT_KNEX = new Set(['eq', 'neq', 'match', 'single', 'maybeSingle', 'ilike', 'filter', 'contains']);

const WHERE_METHODS = new Set([
  'where',
  'andWhere',
  'orWhere',
  'whereIn',
  'andWhereIn',
  'orWhereIn',
  'whereRaw',
  'andWhereRaw',
  'orWhereRaw',
  'whereNot',
  'andWhereNot',
  'orWhereNot',
  'whereNotIn',
  'orWhereNotIn',
  'whereNull',
  'orWhereNull',
  'whereNotNull',
  'orWhereNotNull',
  'whereExists',
  'orWhereExists',
  'whereNotExists',
  'orWhereNotExists',
  'whereBetween',
  'orWhereBetween',
  'whereNotBetween',
  'orWhereNotBetween',
  'whereLike',
  'orWhereLike',
  'whereILike',
  'orWhereILike',
  'clearWhere',
  'modify',
]);
const REFINERS = new Set([
  ...WHERE_METHODS,
  'select',
  'column',
  'columns',
  'orderBy',
  'groupBy',
  'limit',
  'offset',
  'join',
  'leftJoin',
  'innerJoin',
  'rightJoin',
  'forUpdate',
  'returning',
  'transacting',
]);

/** Every method name a Knex chain may show. */
const KNEX_NAMES: ReadonlySet<string> = new Set(['raw', ...TABLE_STARTS, ...BUILDER_STARTS, ...KINDS.keys(), ...READ_TERMINALS, ...REFINERS]);

/** Knex throws on an `undefined` binding (reference section 2: LOUD), so no Knex constraint drops undefined. */
const KNEX_DIALECT: ObjectDialect = { relations: false, dropsUndefined: false };

const KNEX_BUILDER: BuilderShape = {
  refiners: REFINERS,
  isBuilder: (chain, context) => tableStart(chain.root, chain.links, context) !== undefined,
};

/** Knex: `knex('table')`, `db.from(t)`, `trx(t)` chains with their where clauses, and `db.raw(sql, bindings)`. */
export const knex: DataLayer = {
  id: 'knex',
  name: 'Knex',
  sources: [...SOURCES, ...NEST_SOURCES],
  // Every query needs `isKnexClient`: an origin from SOURCES or NEST_SOURCES, or SHAPE_NAMES.
  clientNames: SHAPE_NAMES,
  matchQuery(node, context) {
    if (node.type !== AST_NODE_TYPES.CallExpression || !mayBeKnex(chainOf(node).links)) return undefined;
    const chain = gatherChain(node, context, KNEX_BUILDER);
    const first = chain.links[0];
    if (!first) return undefined;
    if (first.name === 'raw' && chain.links.every((link, index) => index === 0 || THEN.has(link.name))) {
      if (!isKnexClient(chain.root, context, 0) || !isRun(node)) return undefined;
      const text = argAt(first.call, 0);
      if (!text) return undefined;
      const sql = readSqlFragment(text, context);
      return rawQueryFacts('knex', node, sql, sqlBindings(sql, argAt(first.call, 1), context), context);
    }
    const start = tableStart(chain.root, chain.links, context);
    if (start === undefined) return undefined;
    if (chain.links.some((link) => NOT_KNEX.has(link.name))) return undefined;
    if (isPendingBuilder(node, context, KNEX_BUILDER)) return undefined;
    return readChain(node, chain.links, start, chain.opaque, context);
  },
};

/**
 * A cheap first test, before any scope lookup: the chain names a Knex method, or calls something
 * with a table name (`db('t')`, `this.knex('t')`).
 */
function mayBeKnex(links: readonly ChainLink[]): boolean {
  const first = links[0];
  if (!first) return false;
  const table = first.call.arguments[0];
  if (table && (getStaticString(table) !== undefined || (first.name === '()' && table.type === AST_NODE_TYPES.ObjectExpression))) return true;
  return links.some((link) => KNEX_NAMES.has(link.name));
}

/**
 * `db.raw(…)` runs when it is awaited, returned or chained with `then`; as an argument or a value
 * (`where(db.raw(…))`, `{ at: db.raw('now()') }`) it is a fragment of another query.
 */
function isRun(top: Call): boolean {
  let current: Node = top;
  while (current.parent?.type === AST_NODE_TYPES.ChainExpression || current.parent?.type === AST_NODE_TYPES.TSAsExpression || current.parent?.type === AST_NODE_TYPES.TSNonNullExpression) {
    current = current.parent;
  }
  const parent = current.parent;
  return (
    parent?.type === AST_NODE_TYPES.AwaitExpression ||
    parent?.type === AST_NODE_TYPES.ReturnStatement ||
    parent?.type === AST_NODE_TYPES.ExpressionStatement ||
    (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === current)
  );
}

/**
 * Where a chain names its table: index of the link whose first argument is the table
 * (`knex('t')`, `this.knex('t')`, `.from('t')`, `.table('t')`, `.into('t')`), when it starts at a Knex client.
 */
function tableStart(root: Node, links: readonly ChainLink[], context: DataContext): number | undefined {
  const first = links[0];
  if (!first) return undefined;
  let index: number;
  let client: Node = root;
  if (first.name === '()') index = 0;
  else if (TABLE_STARTS.has(first.name)) index = 0;
  else if (BUILDER_STARTS.has(first.name)) {
    index = links.findIndex((link) => TABLE_STARTS.has(link.name));
    if (index < 0) return undefined;
  } else {
    // A client held in a field or property and called with the table: `this.knex('documents')`.
    index = 0;
    client = first.call.callee;
  }
  const table = argAt(links[index].call, 0);
  if (!table) return undefined;
  const named = tableName(table, context) !== undefined;
  if (!isKnexClient(client, context, 0, named)) return undefined;
  return index;
}

/** A Knex instance: `knex(config)` from 'knex', a `Knex` typed binding, a transaction, or by name `knex`/`db`/`trx`. */
function isKnexClient(node: Node, context: DataContext, depth: number, namedTable = true): boolean {
  if (depth > 8) return false;
  const inner = unwrap(node);
  const owner = callbackReceiver(inner, ['transaction'], context);
  if (owner) return isKnexClient(owner, context, depth + 1, namedTable);
  const origin = context.originOf(inner);
  if (isFromSource(origin, SOURCES)) return isInstance(origin);
  if (isFromSource(origin, NEST_SOURCES)) return origin?.path[origin.path.length - 1] === '@';
  // A table name written as a string is the shape only Knex has (`db('documents')`).
  return namedTable && isClientShape(origin, getLastName(inner), SHAPE_NAMES);
}

/**
 * A Knex instance rather than the factory or one of its methods: made by a call (`knex(config)`,
 * `await db.transaction()`), or typed `Knex`/`Knex.Transaction`.
 */
function isInstance(origin: Origin | undefined): boolean {
  if (!origin || origin.path.length === 0) return false;
  const last = origin.path[origin.path.length - 1];
  if (last === '()') return true;
  return origin.path[0] === 'Knex' && last === 'new';
}

/** `'documents'`, `'documents as d'`, `{ d: 'documents' }`: the table as written. */
function tableName(node: Node, context: DataContext): string | undefined {
  const value = context.resolver.resolveValue(node);
  const text = getStaticString(value);
  if (text !== undefined) return text.split(/\s+as\s+|\s+/i)[0];
  const object = asObject(value, context);
  const first = object?.properties[0];
  return first?.type === AST_NODE_TYPES.Property ? getStaticString(first.value) : undefined;
}

function readChain(top: Call, links: readonly (ChainLink & { conditional?: boolean })[], start: number, opaque: boolean, context: DataContext): QueryFacts {
  const table = argAt(links[start].call, 0);
  const model = table ? tableName(table, context) : undefined;
  let kind: QueryKind = 'read';
  let operation = 'select';
  let byId = false;
  const clauses: Clause[] = [];
  for (const link of links) {
    const conditional = link.conditional === true;
    const terminal = KINDS.get(link.name);
    if (terminal) {
      kind = terminal;
      operation = link.name;
    } else if (READ_TERMINALS.has(link.name) && kind === 'read') operation = link.name;
    if (!WHERE_METHODS.has(link.name)) continue;
    const read = readWhereLink(link, context, 0);
    if (read.byId) byId = true;
    clauses.push({ ...read, conditional });
  }
  const filter = foldClauses(clauses);
  return {
    layer: 'knex',
    node: top,
    model,
    operation,
    kind,
    constraints: filter.constraints,
    opaque: filter.opaque || opaque,
    ...(byId ? { byId: true } : {}),
    fix: filterObjectOf(links, context),
  };
}

/** An object literal passed to `.where({ … })`, for suggestions. */
function filterObjectOf(links: readonly ChainLink[], context: DataContext): QueryFacts['fix'] {
  for (const link of links) {
    if (link.name !== 'where' && link.name !== 'andWhere') continue;
    const arg = argAt(link.call, 0);
    const inline = arg ? unwrap(arg) : undefined;
    if (inline?.type === AST_NODE_TYPES.ObjectExpression && asObject(inline, context)) return { filterObject: inline };
  }
  return undefined;
}

/** One where-family call as a clause of the chain. */
function readWhereLink(link: ChainLink, context: DataContext, depth: number): { op: Clause['op']; facts: FilterFacts; byId?: boolean } {
  const name = link.name;
  if (name === 'clearWhere') return { op: 'clear', facts: NO_FILTER };
  const op: Clause['op'] = name.startsWith('or') ? 'or' : 'and';
  if (name === 'modify') return { op, facts: OPAQUE_FILTER };
  const call = link.call;
  const base = name.replace(/^(or|and)(?=W)/, '').replace(/^W/, 'w');
  switch (base) {
    case 'where':
      return { op, ...readWhereArgs(call, context, depth) };
    case 'whereIn': {
      const column = argAt(call, 0);
      const values = argAt(call, 1);
      const columnName = column ? getStaticString(context.resolver.resolveValue(column)) : undefined;
      if (columnName === undefined || !values) return { op, facts: column === null || values === null ? OPAQUE_FILTER : NO_FILTER };
      const single = singleElement(values, context);
      if (single === 'many') return { op, facts: NO_FILTER };
      if (single === 'unknown') {
        const value = unwrap(values);
        // A subquery (`db('m').select('org_id')`, `function () { … }`) is not one tenant.
        const subquery = value.type === AST_NODE_TYPES.CallExpression || isFunction(value);
        return { op, facts: subquery || !context.isTenantColumn(columnName) ? NO_FILTER : OPAQUE_FILTER };
      }
      return { op, facts: equality(columnName, single, call, context) };
    }
    case 'whereRaw': {
      const text = argAt(call, 0);
      const sql = text ? readSqlFragment(text, context) : undefined;
      if (!sql) return { op, facts: OPAQUE_FILTER };
      const facts = readFragmentCondition(sql.text, sqlConstraintFor(sqlBindings(sql, argAt(call, 1), context), call, context));
      return { op, facts };
    }
    default:
      // whereNot, whereNull, whereExists, whereBetween, whereLike … never pin the tenant.
      return { op, facts: NO_FILTER };
  }
}

/** `.where(col, v)`, `.where(col, op, v)`, `.where({ col: v })`, `.where(qb => …)`, `.where(knex.raw(…))`. */
function readWhereArgs(call: Call, context: DataContext, depth: number): { facts: FilterFacts; byId?: boolean } {
  const args = call.arguments;
  if (args.some((arg) => arg.type === AST_NODE_TYPES.SpreadElement)) return { facts: OPAQUE_FILTER };
  const [first, second, third] = args as Node[];
  if (!first) return { facts: NO_FILTER };
  if (args.length === 1) {
    const value = context.resolver.resolveValue(first);
    if (value.type === AST_NODE_TYPES.ObjectExpression || value.type === AST_NODE_TYPES.ConditionalExpression) {
      const facts = readObjectFilter(first, KNEX_DIALECT, context);
      return { facts, byId: facts.byId };
    }
    if (isFunction(value)) return { facts: readGroup(value, context, depth) };
    if (value.type === AST_NODE_TYPES.CallExpression && getCallee(value)?.name === 'raw') {
      const text = argAt(value, 0);
      const sql = text ? readSqlFragment(text, context) : undefined;
      if (!sql) return { facts: OPAQUE_FILTER };
      return { facts: readFragmentCondition(sql.text, sqlConstraintFor(sqlBindings(sql, argAt(value, 1), context), value, context)) };
    }
    return { facts: isNullish(value) ? NO_FILTER : OPAQUE_FILTER };
  }
  const column = getStaticString(context.resolver.resolveValue(first));
  if (column === undefined) return { facts: OPAQUE_FILTER };
  let value: Node | undefined = second;
  if (args.length >= 3) {
    const operator = getStaticString(context.resolver.resolveValue(second));
    if (operator === undefined) return { facts: OPAQUE_FILTER };
    if (operator.toLowerCase() === 'in') {
      const single = singleElement(third, context);
      if (single === 'many') return { facts: NO_FILTER };
      if (single === 'unknown') return { facts: context.isTenantColumn(column) ? OPAQUE_FILTER : NO_FILTER };
      return { facts: equality(column, single, call, context) };
    }
    if (operator !== '=') return { facts: NO_FILTER };
    value = third;
  }
  if (!value || isNullish(unwrap(value))) return { facts: NO_FILTER };
  const resolved = context.resolver.resolveValue(value);
  // A subquery or a raw expression is not a tenant value.
  if (isFunction(resolved)) return { facts: NO_FILTER };
  const byId = /(^|\.)id$/.test(column);
  return { facts: equality(column, value, call, context), byId };
}

/** `.where(qb => { qb.where(…).orWhere(…) })` or `.where(function () { this.where(…) })`: a parenthesised group. */
function readGroup(fn: TSESTree.FunctionLike, context: DataContext, depth: number): FilterFacts {
  if (depth > 8) return OPAQUE_FILTER;
  const links = callbackChains(fn);
  if (!links || links.some((link) => !WHERE_METHODS.has(link.name))) return OPAQUE_FILTER;
  return foldClauses(links.map((link) => ({ ...readWhereLink(link, context, depth + 1), conditional: false })));
}

/** A tenant equality; unlike tenantEquality no nullish test, which `.where(col, v)` makes before and the list forms do not. */
function equality(column: string, value: Node, call: Call, context: DataContext): FilterFacts {
  if (!context.isTenantColumn(column)) return NO_FILTER;
  return { constraints: [makeConstraint(column, value, call, false)], opaque: false };
}
