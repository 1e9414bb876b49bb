import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { findProperty, getCallee, getKeyName, getLastName, getMemberName, getStaticString, isFunction, unwrap } from '../../util/ast';
import { isShapeCandidate } from '../jobs/shape';
import { argAt, asObject } from '../jobs/types';
import { isFromSource, type Origin } from '../resolve';
import { chainOf, type ChainLink, type Constraint, type DataContext, type DataLayer, type QueryFacts, type QueryKind } from './types';

type Node = TSESTree.Node;
type Call = TSESTree.CallExpression;
type Variable = TSESLint.Scope.Variable;

const SOURCES = ['typeorm'];
const NEST_SOURCES = ['@nestjs/typeorm'];
/** MikroORM's packages: a file using them names its EntityManager `em` and its repositories `…Repository` too. */
export const MIKRO_ORM_SOURCES: readonly string[] = [
  '@mikro-orm/core',
  '@mikro-orm/nestjs',
  '@mikro-orm/postgresql',
  '@mikro-orm/mysql',
  '@mikro-orm/mariadb',
  '@mikro-orm/sqlite',
  '@mikro-orm/better-sqlite',
  '@mikro-orm/libsql',
  '@mikro-orm/mongodb',
  '@mikro-orm/mssql',
  '@mikro-orm/knex',
];

/** What a TypeORM receiver is: its methods and where their filter sits depend on it. */
type Receiver =
  | { readonly kind: 'datasource' | 'runner' | 'manager'; readonly shape: boolean }
  | { readonly kind: 'repository' | 'active-record'; readonly entity: string | undefined; readonly shape: boolean };

/** Find options (`{ where, order, … }`): `opts.where`. */
const FIND_OPTIONS = new Set(['find', 'findOne', 'findOneOrFail', 'findAndCount', 'count', 'exists']);
/** The where is the argument itself. */
const FIND_BY = new Set(['findBy', 'findOneBy', 'findOneByOrFail', 'findAndCountBy', 'countBy', 'existsBy']);
/** `sum(column, where?)` and friends. */
const AGGREGATES = new Set(['sum', 'average', 'minimum', 'maximum']);
/** Criteria: an id, an id array or a where object. */
const CRITERIA: ReadonlyMap<string, QueryKind> = new Map([
  ['update', 'update'],
  ['delete', 'delete'],
  ['softDelete', 'delete'],
  ['restore', 'update'],
  ['increment', 'update'],
  ['decrement', 'update'],
]);
const INSERTS = new Set(['insert', 'save', 'upsert']);
/** Whole-table methods of TypeORM 1.x (`updateAll`, `deleteAll`) and `clear` (TRUNCATE). */
const WHOLE_TABLE: ReadonlyMap<string, QueryKind> = new Map([
  ['updateAll', 'update'],
  ['deleteAll', 'delete'],
  ['clear', 'delete'],
]);
/** Query-builder methods that run the query. */
const QB_TERMINALS = new Set([
  'getMany',
  'getOne',
  'getOneOrFail',
  'getRawMany',
  'getRawOne',
  'getManyAndCount',
  'getRawAndEntities',
  'getCount',
  'getExists',
  'execute',
  'stream',
]);
/** Query-builder methods that refine a stored builder in place (`qb.andWhere(…)` as a statement). */
const QB_REFINERS = new Set([
  'where',
  'andWhere',
  'orWhere',
  'whereInIds',
  'andWhereInIds',
  'orWhereInIds',
  'setParameter',
  'setParameters',
  'select',
  'addSelect',
  'leftJoin',
  'leftJoinAndSelect',
  'innerJoin',
  'innerJoinAndSelect',
  'orderBy',
  'addOrderBy',
  'groupBy',
  'addGroupBy',
  'skip',
  'take',
  'limit',
  'offset',
  'withDeleted',
  'set',
  'from',
]);
const METHOD_NAMES: ReadonlySet<string> = new Set([
  ...FIND_OPTIONS,
  ...FIND_BY,
  ...AGGREGATES,
  ...CRITERIA.keys(),
  ...INSERTS,
  ...WHOLE_TABLE.keys(),
  'query',
]);
/** Methods only TypeORM has: a receiver recognised by its name alone may use them. */
const TYPEORM_ONLY = new Set([...FIND_BY, 'findOneOrFail', 'findAndCount', 'softDelete', 'restore', 'increment', 'decrement']);

const TYPEORM_DIALECT: ObjectDialect = {
  relations: true,
  dropsUndefined: true,
  unwrapValue: (value, context) => {
    if (value.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const callee = getCallee(value);
    if (!callee || callee.receiver) return undefined;
    const origin = context.originOf(value.callee);
    if (origin && !isFromSource(origin, SOURCES)) return undefined;
    switch (callee.name) {
      case 'Equal':
        return value.arguments[0] ? { kind: 'eq', value: value.arguments[0] } : { kind: 'other' };
      case 'In':
      case 'Any':
        return value.arguments[0] ? { kind: 'in', list: value.arguments[0] } : { kind: 'other' };
      case 'Not':
      case 'IsNull':
      case 'Like':
      case 'ILike':
      case 'Raw':
      case 'LessThan':
      case 'LessThanOrEqual':
      case 'MoreThan':
      case 'MoreThanOrEqual':
      case 'Between':
      case 'ArrayContains':
      case 'ArrayContainedBy':
      case 'ArrayOverlap':
      case 'And':
      case 'Or':
        return { kind: 'other' };
      default:
        return undefined;
    }
  },
};

const TYPEORM_BUILDER: BuilderShape = {
  refiners: QB_REFINERS,
  isBuilder: (chain) => chain.links.some((link) => link.name === 'createQueryBuilder'),
};

/** TypeORM: repositories, EntityManager, ActiveRecord statics, query builders and `query(sql)`. */
export const typeorm: DataLayer = {
  id: 'typeorm',
  name: 'TypeORM',
  sources: [...SOURCES, ...NEST_SOURCES],
  matchQuery(node, context) {
    if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const callee = getCallee(node);
    if (!callee?.receiver) return undefined;
    if (QB_TERMINALS.has(callee.name)) return matchQueryBuilder(node, context);
    if (!METHOD_NAMES.has(callee.name)) return undefined;
    const receiver = resolveReceiver(callee.receiver, context, 0);
    if (!receiver) return undefined;
    return matchMethod(node, callee.name, receiver, context);
  },
};

function matchMethod(call: Call, name: string, receiver: Receiver, context: DataContext): QueryFacts | undefined {
  if (name === 'query') return matchRawQuery(call, receiver, context);
  if (receiver.kind === 'datasource' || receiver.kind === 'runner') return undefined;
  const onManager = receiver.kind === 'manager';
  const offset = onManager ? 1 : 0;
  let model: string | undefined;
  if (onManager) {
    const entity = argAt(call, 0);
    model = entity ? entityName(entity, context) : undefined;
    if (!model && !INSERTS.has(name)) return undefined;
    if (receiver.shape && !/^[A-Z]/.test(model ?? '')) return undefined;
  } else if ('entity' in receiver) {
    model = receiver.entity;
  }
  if (receiver.shape && !isTypeormShape(call, name, offset, context)) return undefined;
  const base = { layer: 'typeorm', node: call, model, operation: name };
  if (FIND_OPTIONS.has(name)) {
    const { filter, fix } = readFindOptions(argAt(call, offset), context);
    return { ...base, kind: 'read', ...filterFields(filter), fix };
  }
  if (FIND_BY.has(name)) {
    const { filter, fix } = readWhere(argAt(call, offset), context);
    return { ...base, kind: 'read', ...filterFields(filter), fix };
  }
  if (AGGREGATES.has(name)) {
    const where = argAt(call, offset + 1);
    const { filter, fix } = where === undefined ? { filter: NO_FILTER, fix: undefined } : readWhere(where, context);
    return { ...base, kind: 'read', ...filterFields(filter), fix };
  }
  const criteriaKind = CRITERIA.get(name);
  if (criteriaKind) {
    const { filter, fix, byId } = readCriteria(argAt(call, offset), context);
    return { ...base, kind: criteriaKind, ...filterFields(filter), ...(byId ? { byId: true } : {}), fix };
  }
  if (INSERTS.has(name)) return { ...base, kind: 'insert', constraints: [], opaque: false };
  const wholeTable = WHOLE_TABLE.get(name);
  if (wholeTable) return { ...base, kind: wholeTable, constraints: [], opaque: false };
  return undefined;
}

/**
 * A receiver known only by its name (`this.documentRepository`, `manager`) must make a call only
 * TypeORM makes: a `…By` method, find options with `where`, or any method in a file that imports TypeORM.
 */
function isTypeormShape(call: Call, name: string, offset: number, context: DataContext): boolean {
  if (context.importsFrom([...SOURCES, ...NEST_SOURCES])) return true;
  if (TYPEORM_ONLY.has(name)) return true;
  if (FIND_OPTIONS.has(name)) {
    const options = asObject(argAt(call, offset), context);
    return !!options && findProperty(options, 'where') !== undefined;
  }
  return false;
}

/** The where of find options; `fix` points at the where object or at the options that lack one. */
function readFindOptions(
  options: Node | undefined | null,
  context: DataContext,
): { filter: FilterFacts; fix: QueryFacts['fix'] } {
  if (options === undefined) return { filter: NO_FILTER, fix: undefined };
  if (options === null) return { filter: OPAQUE_FILTER, fix: undefined };
  if (isNullish(unwrap(options))) return { filter: NO_FILTER, fix: undefined };
  const object = asObject(options, context);
  if (!object) return { filter: OPAQUE_FILTER, fix: undefined };
  const where = findProperty(object, 'where');
  if (!where) {
    const spread = object.properties.some((p) => p.type === AST_NODE_TYPES.SpreadElement);
    return { filter: spread ? OPAQUE_FILTER : NO_FILTER, fix: spread ? undefined : { optionsObject: object } };
  }
  return readWhere(where.value, context);
}

/** A find-options where: an object, or an array of objects (OR: every element must constrain). */
function readWhere(where: Node | undefined | null, context: DataContext): { filter: FilterFacts; fix: QueryFacts['fix'] } {
  if (where === null) return { filter: OPAQUE_FILTER, fix: undefined };
  if (where === undefined) return { filter: NO_FILTER, fix: undefined };
  const value = context.resolver.resolveValue(where);
  if (value.type === AST_NODE_TYPES.ArrayExpression) {
    return { filter: readOrArray(value, TYPEORM_DIALECT, context), fix: undefined };
  }
  const inline = unwrap(where);
  return {
    filter: readObjectFilter(where, TYPEORM_DIALECT, context),
    fix: inline.type === AST_NODE_TYPES.ObjectExpression ? { filterObject: inline } : undefined,
  };
}

/** `update(criteria, …)`, `delete(criteria)`: an id or id array (by id) or a where object. */
function readCriteria(
  criteria: Node | undefined | null,
  context: DataContext,
): { filter: FilterFacts; fix: QueryFacts['fix']; byId: boolean } {
  if (criteria === null) return { filter: OPAQUE_FILTER, fix: undefined, byId: false };
  if (criteria === undefined) return { filter: NO_FILTER, fix: undefined, byId: false };
  const value = context.resolver.resolveValue(criteria);
  if (value.type === AST_NODE_TYPES.ObjectExpression || value.type === AST_NODE_TYPES.ConditionalExpression) {
    const { filter, fix } = readWhere(criteria, context);
    return { filter, fix, byId: filter.byId === true };
  }
  if (value.type === AST_NODE_TYPES.ArrayExpression) {
    const objects = value.elements.some((e) => e && context.resolver.resolveValue(e).type === AST_NODE_TYPES.ObjectExpression);
    if (objects) return { filter: readOrArray(value, TYPEORM_DIALECT, context), fix: undefined, byId: false };
    return { filter: NO_FILTER, fix: undefined, byId: true };
  }
  if (isPrimitiveId(value)) return { filter: NO_FILTER, fix: undefined, byId: true };
  return { filter: OPAQUE_FILTER, fix: undefined, byId: false };
}

/** `query(sql, params)`: the statement kind and table; a constraint only where `tenant_col = $1` is plain to see. */
function matchRawQuery(call: Call, receiver: Receiver, context: DataContext): QueryFacts | undefined {
  if (receiver.shape && receiver.kind !== 'datasource' && receiver.kind !== 'manager') return undefined;
  const text = argAt(call, 0);
  if (!text) return undefined;
  const sql = readSqlText(text, context);
  return rawQueryFacts('typeorm', call, sql, sqlBindings(sql, argAt(call, 1), context), context);
}

/**
 * Facts of a raw SQL call read by the small reader here: kind and table from the statement, and
 * only tenant equalities in a plain WHERE as constraints; anything else stays opaque (the SQL
 * module reads SQL properly).
 */
export function rawQueryFacts(
  layer: string,
  call: Call,
  sql: SqlText | undefined,
  lookup: (placeholder: string) => Node | undefined,
  context: DataContext,
  operation = getCallee(call)?.name ?? 'query',
): QueryFacts {
  if (!sql) return { layer, node: call, model: undefined, operation, kind: 'raw', constraints: [], opaque: true };
  const statement = readSqlStatement(sql.text, sqlConstraintFor(lookup, sql.node, context));
  return {
    layer,
    node: call,
    model: statement.table,
    operation,
    kind: statement.kind,
    constraints: statement.filter.constraints,
    opaque: statement.filter.constraints.length === 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Query builders

/** One `where`/`andWhere`/`orWhere` (or `clearWhere`) of a SQL builder chain. */
export interface Clause {
  readonly op: 'where' | 'and' | 'or' | 'clear';
  readonly facts: FilterFacts;
  readonly conditional: boolean;
}

function matchQueryBuilder(top: Call, context: DataContext): QueryFacts | undefined {
  const chain = gatherChain(top, context, TYPEORM_BUILDER);
  const start = chain.links.findIndex((link) => link.name === 'createQueryBuilder');
  if (start < 0) return undefined;
  const startLink = chain.links[start];
  const startCallee = getCallee(startLink.call);
  const receiver = startCallee?.receiver ? resolveReceiver(startCallee.receiver, context, 0) : undefined;
  if (!receiver) return undefined;
  let model: string | undefined;
  if (receiver.kind === 'repository' || receiver.kind === 'active-record') model = receiver.entity;
  else {
    const first = argAt(startLink.call, 0);
    if (first && getStaticString(first) === undefined) model = entityName(first, context);
  }
  const links = chain.links.slice(start + 1);
  const parameters = collectParameters(links, context);
  const clauses: Clause[] = [];
  let kind: QueryKind = 'read';
  let operation: string | undefined;
  let byId = false;
  for (const link of links) {
    const args = link.call.arguments;
    switch (link.name) {
      case 'from':
      case 'into':
        if (args[0]) model = entityName(args[0], context) ?? model;
        break;
      case 'update':
        kind = 'update';
        operation = 'update';
        if (args[0]) model = entityName(args[0], context) ?? model;
        break;
      case 'restore':
        kind = 'update';
        operation = 'restore';
        break;
      case 'delete':
      case 'softDelete':
        kind = 'delete';
        operation = link.name;
        break;
      case 'insert':
        kind = 'insert';
        operation = 'insert';
        break;
      case 'where':
      case 'andWhere':
      case 'orWhere':
        clauses.push({
          op: link.name === 'where' ? 'where' : link.name === 'andWhere' ? 'and' : 'or',
          facts: readQbCondition(link.call, parameters, context, 0),
          conditional: link.conditional,
        });
        break;
      case 'whereInIds':
      case 'andWhereInIds':
      case 'orWhereInIds':
        byId = true;
        clauses.push({ op: link.name === 'whereInIds' ? 'where' : link.name === 'andWhereInIds' ? 'and' : 'or', facts: NO_FILTER, conditional: link.conditional });
        break;
      default:
        break;
    }
  }
  const last = chain.links[chain.links.length - 1];
  if (!last || !QB_TERMINALS.has(last.name)) return undefined;
  const filter = foldClauses(clauses);
  return {
    layer: 'typeorm',
    node: top,
    model,
    operation: operation ?? last.name,
    kind,
    constraints: filter.constraints,
    opaque: filter.opaque || chain.opaque,
    ...(byId ? { byId: true } : {}),
  };
}

/** Every named parameter of the chain: `setParameter(s)` and the parameter objects of where and join calls. */
function collectParameters(links: readonly ChainLink[], context: DataContext): ReadonlyMap<string, Node> {
  const parameters = new Map<string, Node>();
  const addObject = (node: Node | undefined) => {
    const object = node ? asObject(node, context) : undefined;
    for (const property of object?.properties ?? []) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const key = getKeyName(property.key, property.computed);
      if (key !== undefined) parameters.set(key, property.value);
    }
  };
  for (const link of links) {
    const args = link.call.arguments;
    if (link.name === 'setParameter') {
      const key = getStaticString(args[0]);
      if (key !== undefined && args[1]) parameters.set(key, args[1]);
    } else if (link.name === 'setParameters') addObject(args[0]);
    else if (link.name === 'where' || link.name === 'andWhere' || link.name === 'orWhere') addObject(args[1]);
    else if (/Join/.test(link.name)) addObject(args[3]);
  }
  return parameters;
}

/** One `where`/`andWhere`/`orWhere` condition: a SQL fragment, a where object, or `Brackets`. */
function readQbCondition(call: Call, parameters: ReadonlyMap<string, Node>, context: DataContext, depth: number): FilterFacts {
  const condition = argAt(call, 0);
  if (condition === null) return OPAQUE_FILTER;
  if (condition === undefined) return NO_FILTER;
  const value = context.resolver.resolveValue(condition);
  if (value.type === AST_NODE_TYPES.ObjectExpression) return readObjectFilter(condition, TYPEORM_DIALECT, context);
  if (value.type === AST_NODE_TYPES.ArrayExpression) return readOrArray(value, TYPEORM_DIALECT, context);
  if (value.type === AST_NODE_TYPES.NewExpression) return readBrackets(value, parameters, context, depth);
  const sql = readSqlText(condition, context);
  if (!sql) return OPAQUE_FILTER;
  const own = asObject(argAt(call, 1), context);
  const lookup = (placeholder: string): Node | undefined => {
    if (placeholder.startsWith('#')) return sql.expressions[Number(placeholder.slice(1))];
    if (!placeholder.startsWith(':')) return undefined;
    const name = placeholder.replace(/^:(\.\.\.)?/, '');
    const property = own ? findProperty(own, name) : undefined;
    return property?.value ?? parameters.get(name);
  };
  return readSqlCondition(sql.text, sqlConstraintFor(lookup, call, context));
}

/** `new Brackets(qb => { qb.where(…).orWhere(…) })`: read when its body only builds on `qb`; `NotBrackets` never constrains. */
function readBrackets(node: TSESTree.NewExpression, parameters: ReadonlyMap<string, Node>, context: DataContext, depth: number): FilterFacts {
  const name = getLastName(node.callee);
  if (name === 'NotBrackets') return NO_FILTER;
  if (name !== 'Brackets' || depth > 8) return OPAQUE_FILTER;
  const fn = node.arguments[0];
  const links = fn && isFunction(fn) ? callbackChains(fn) : undefined;
  if (!links) return OPAQUE_FILTER;
  // Parameters given inside the brackets belong to the whole query.
  const all = new Map([...parameters, ...collectParameters(links, context)]);
  const clauses: Clause[] = [];
  for (const link of links) {
    if (link.name !== 'where' && link.name !== 'andWhere' && link.name !== 'orWhere') return OPAQUE_FILTER;
    clauses.push({
      op: link.name === 'where' ? 'where' : link.name === 'andWhere' ? 'and' : 'or',
      facts: readQbCondition(link.call, all, context, depth + 1),
      conditional: false,
    });
  }
  return foldClauses(clauses);
}

/**
 * The conditions of a SQL builder that appends `AND`/`OR` without parentheses (TypeORM, Knex):
 * an OR of AND groups, as SQL precedence reads `a OR b AND c`. `where` replaces what came before
 * (TypeORM); a clause added under a runtime test is conditional, and a conditional `OR` without
 * the tenant makes the earlier constraints conditional.
 */
export function foldClauses(clauses: readonly Clause[]): FilterFacts {
  let groups: FilterFacts[][] = [];
  for (const clause of clauses) {
    const facts = clause.conditional ? conditionalFacts(clause.facts) : clause.facts;
    if (clause.op === 'clear') groups = [];
    else if (clause.op === 'where' && !clause.conditional) groups = [[facts]];
    else if (clause.op === 'or' && groups.length > 0) {
      if (!clause.conditional) groups.push([facts]);
      else if (facts.constraints.length > 0) groups.push([facts]);
      else groups = groups.map((group) => group.map(conditionalFacts));
    } else if (groups.length === 0) groups = [[facts]];
    else groups[groups.length - 1].push(facts);
  }
  if (groups.length === 0) return NO_FILTER;
  return anyOf(groups.map(allOf));
}

// ---------------------------------------------------------------------------------------------
// Receivers

/** Steps of an origin path that lead from a TypeORM value to another. */
function classifyPath(path: readonly string[]): Receiver['kind'] | 'dsrepo' | undefined {
  let state: Receiver['kind'] | 'dsrepo' | undefined;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    const next = path[i + 1];
    if (state === undefined) {
      if ((step === 'DataSource' || step === 'Connection') && next === 'new') state = 'datasource';
      else if ((step === 'createConnection' || step === 'getConnection') && next === '()') state = 'datasource';
      else if (step === 'EntityManager' && next === 'new') state = 'manager';
      else if (step === 'getManager' && next === '()') state = 'manager';
      else if (step === 'QueryRunner' && next === 'new') state = 'runner';
      else if (/^(Tree|Mongo)?Repository$/.test(step) && next === 'new') state = 'repository';
      else if (step === 'getRepository' && next === '()') state = 'dsrepo';
      else if (step === 'InjectRepository' && next === '@') state = 'repository';
      else if ((step === 'InjectDataSource' || step === 'InjectConnection') && next === '@') state = 'datasource';
      else if (step === 'InjectEntityManager' && next === '@') state = 'manager';
      else return undefined;
      i++;
      continue;
    }
    if ((state === 'datasource' || state === 'runner') && step === 'manager') state = 'manager';
    else if (state === 'datasource' && step === 'createQueryRunner' && next === '()') {
      state = 'runner';
      i++;
    } else if (state === 'datasource' && step === 'initialize' && next === '()') i++;
    else if ((state === 'datasource' || state === 'manager') && /^get(Tree|Mongo)?Repository$/.test(step) && next === '()') {
      state = 'dsrepo';
      i++;
    } else if (state === 'manager' && step === 'withRepository' && next === '()') {
      state = 'repository';
      i++;
    } else return undefined;
  }
  return state;
}

function resolveReceiver(expression: Node, context: DataContext, depth: number): Receiver | undefined {
  if (depth > 8) return undefined;
  const node = unwrap(expression);
  // `dataSource.getRepository(Doc)`, `manager.getRepository(Doc)`
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const callee = getCallee(node);
    if (callee?.receiver && /^get(Tree|Mongo)?Repository$/.test(callee.name)) {
      const owner = resolveReceiver(callee.receiver, context, depth + 1);
      if (owner && (owner.kind === 'datasource' || owner.kind === 'manager')) {
        const entity = argAt(node, 0);
        return { kind: 'repository', entity: entity ? entityName(entity, context) : undefined, shape: owner.shape };
      }
    }
  }
  if (node.type === AST_NODE_TYPES.MemberExpression && getMemberName(node) === 'manager') {
    const owner = resolveReceiver(node.object, context, depth + 1);
    if (owner && (owner.kind === 'datasource' || owner.kind === 'runner' || owner.kind === 'repository')) return { kind: 'manager', shape: owner.shape };
  }
  if (node.type === AST_NODE_TYPES.ThisExpression) return thisRepository(node, context);
  // The manager of `dataSource.transaction(async (manager) => …)`.
  const owner = callbackOwner(node, ['transaction'], context);
  if (owner) {
    const parent = resolveReceiver(owner, context, depth + 1);
    return parent && (parent.kind === 'datasource' || parent.kind === 'manager') ? { kind: 'manager', shape: parent.shape } : undefined;
  }
  const origin = context.originOf(node);
  if (isFromSource(origin, [...SOURCES, ...NEST_SOURCES]) && origin) return fromOrigin(origin, node, context);
  const typed = typedReceiver(node, context);
  if (typed) return typed;
  // A local const initialised with something the steps above know (`const repo = ds.getRepository(Doc)`).
  const value = context.resolver.resolveValue(node);
  if (value !== node && (value.type === AST_NODE_TYPES.CallExpression || value.type === AST_NODE_TYPES.MemberExpression)) {
    const resolved = resolveReceiver(value, context, depth + 1);
    if (resolved) return resolved;
  }
  const activeRecord = activeRecordClass(node, origin, context);
  if (activeRecord) return activeRecord;
  return byName(node, origin, context);
}

function fromOrigin(origin: Origin, node: Node, context: DataContext): Receiver | undefined {
  const kind = classifyPath(origin.path);
  if (!kind) return undefined;
  if (kind === 'dsrepo') {
    const entity = origin.created?.arguments[0];
    return { kind: 'repository', entity: entity ? entityName(entity, context) : undefined, shape: false };
  }
  if (kind === 'repository') return { kind, entity: injectedEntity(node, context), shape: false };
  if (kind === 'active-record') return undefined;
  return { kind, shape: false };
}

/**
 * A field or parameter typed with a TypeORM class, whatever decorator injects it
 * (`@Inject(DOCUMENTS) private repo: Repository<Document>`).
 */
function typedReceiver(node: Node, context: DataContext): Receiver | undefined {
  const declaration = declarationOf(node, context);
  const type = declaration?.type;
  if (type?.type !== AST_NODE_TYPES.TSTypeReference || type.typeName.type !== AST_NODE_TYPES.Identifier) return undefined;
  const origin = context.originOf(type.typeName);
  if (!isFromSource(origin, SOURCES) || !origin) return undefined;
  return fromOrigin({ source: origin.source, path: [...origin.path, 'new'] }, node, context);
}

/** The entity of `@InjectRepository(Doc) repo` or `repo: Repository<Doc>`. */
function injectedEntity(node: Node, context: DataContext): string | undefined {
  const declaration = declarationOf(node, context);
  if (!declaration) return undefined;
  const argument = decoratorArgument(declaration, ['InjectRepository']);
  if (argument) return entityName(argument, context);
  return typeArgumentName(declaration, ['Repository', 'TreeRepository', 'MongoRepository']);
}

/** `this` in a custom repository class: `class DocumentRepository extends Repository<Document>`. */
function thisRepository(node: TSESTree.ThisExpression, context: DataContext): Receiver | undefined {
  const owner = enclosingClass(node);
  const superClass = owner?.superClass;
  if (!owner || !superClass) return undefined;
  const origin = context.originOf(superClass);
  if (!isFromSource(origin, SOURCES)) return undefined;
  const base = origin?.path.join('.') ?? '';
  if (/^(Tree|Mongo)?Repository$/.test(base)) {
    const typeArgument = owner.superTypeArguments?.params[0];
    return { kind: 'repository', entity: typeArgument ? typeName(typeArgument) : undefined, shape: false };
  }
  // `this` in a static method of an ActiveRecord entity.
  return base === 'BaseEntity' ? { kind: 'active-record', entity: owner.id?.name, shape: false } : undefined;
}

/** `Document.find(…)` where `Document` extends `BaseEntity`, or is an entity imported into a file that uses TypeORM. */
function activeRecordClass(node: Node, origin: Origin | undefined, context: DataContext): Receiver | undefined {
  if (node.type !== AST_NODE_TYPES.Identifier || !/^[A-Z]/.test(node.name)) return undefined;
  const variable = context.resolver.findVariable(node);
  const def = variable?.defs[0];
  if (def?.type === 'ClassName') {
    const declaration = def.node as TSESTree.ClassDeclaration | TSESTree.ClassExpression;
    const superOrigin = declaration.superClass ? context.originOf(declaration.superClass) : undefined;
    return isFromSource(superOrigin, SOURCES) && superOrigin?.path.join('.') === 'BaseEntity'
      ? { kind: 'active-record', entity: node.name, shape: false }
      : undefined;
  }
  if (def?.type === 'ImportBinding' && origin && isOwnModule(origin.source) && context.importsFrom(SOURCES)) {
    return { kind: 'active-record', entity: node.name, shape: true };
  }
  return undefined;
}

/** Receivers known by their name only: `this.documentRepository`, `repo`, `manager`, `dataSource`. */
function byName(node: Node, origin: Origin | undefined, context: DataContext): Receiver | undefined {
  const name = getLastName(node);
  if (!name || context.importsFrom(MIKRO_ORM_SOURCES)) return undefined;
  if (isClientShape(origin, name, /(^repo|Repo|Repository)$/)) {
    return { kind: 'repository', entity: injectedEntity(node, context) ?? entityFromName(name), shape: true };
  }
  if (isClientShape(origin, name, /^(manager|entityManager|transactionalEntityManager)$/)) return { kind: 'manager', shape: true };
  if (isClientShape(origin, name, /^(appDataSource|dataSource)$/i)) return { kind: 'datasource', shape: true };
  return undefined;
}

/** `documentRepository` → `Document`; `repo` → undefined. */
function entityFromName(name: string): string | undefined {
  const base = name.replace(/(Repo|Repository)$/, '');
  if (!base || base === name) return undefined;
  return base[0].toUpperCase() + base.slice(1);
}

function enclosingClass(node: Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassDeclaration || current.type === AST_NODE_TYPES.ClassExpression) return current;
    // `this` inside a plain function is not the class instance.
    if (current.type === AST_NODE_TYPES.FunctionDeclaration) return undefined;
    if (current.type === AST_NODE_TYPES.FunctionExpression && current.parent?.type !== AST_NODE_TYPES.MethodDefinition) return undefined;
  }
  return undefined;
}

// =============================================================================================
// Shared with the other data-layer modules (sequelize, knex, mongo, supabase, mikro-orm).
// =============================================================================================

const MAX_FILTER_DEPTH = 16;

/** A filter as far as a layer could read it. */
export interface FilterFacts {
  /** Tenant constraints that hold for every row the filter admits. */
  readonly constraints: readonly Constraint[];
  /** Parts could not be read and might constrain the tenant (matters when there is no constraint). */
  readonly opaque: boolean;
  /** The filter pins the row's id at its top level (`{ id }`, `{ _id }`). */
  readonly byId?: boolean;
}

export const NO_FILTER: FilterFacts = Object.freeze({ constraints: Object.freeze([]), opaque: false });
export const OPAQUE_FILTER: FilterFacts = Object.freeze({ constraints: Object.freeze([]), opaque: true });

/** The `constraints`/`opaque` fields of a {@link QueryFacts} from a filter. */
export function filterFields(filter: FilterFacts): { constraints: readonly Constraint[]; opaque: boolean; byId?: true } {
  return { constraints: filter.constraints, opaque: filter.opaque, ...(filter.byId ? { byId: true } : {}) };
}

/** A constraint that holds only under a runtime test. */
export function asConditional(constraint: Constraint): Constraint {
  return constraint.conditional ? constraint : { ...constraint, conditional: true };
}

export function conditionalFacts(facts: FilterFacts): FilterFacts {
  return facts.constraints.length === 0 ? facts : { ...facts, constraints: facts.constraints.map(asConditional) };
}

/** AND: every part's constraints hold. */
export function allOf(parts: readonly FilterFacts[]): FilterFacts {
  if (parts.length === 1) return parts[0];
  return {
    constraints: parts.flatMap((part) => part.constraints),
    opaque: parts.some((part) => part.opaque),
    ...(parts.some((part) => part.byId) ? { byId: true } : {}),
  };
}

/**
 * OR: a constraint holds only when every branch has one (all branches' constraints are then
 * reported, conditional if some branch's may vanish). A branch that is plainly unconstrained
 * makes the whole OR unconstrained; otherwise an unreadable branch makes it opaque.
 */
export function anyOf(branches: readonly FilterFacts[]): FilterFacts {
  if (branches.length === 0) return NO_FILTER;
  if (branches.length === 1) return branches[0];
  if (branches.every((branch) => branch.constraints.length > 0)) {
    const vanishing = branches.some((branch) => branch.constraints.every((c) => c.conditional));
    const constraints = branches.flatMap((branch) => branch.constraints);
    return { constraints: vanishing ? constraints.map(asConditional) : constraints, opaque: branches.some((b) => b.opaque) };
  }
  const open = branches.some((branch) => branch.constraints.length === 0 && !branch.opaque);
  return open ? NO_FILTER : OPAQUE_FILTER;
}

/** `test ? a : b`, `a || b`: constraints found on one side only are conditional. */
export function eitherOf(a: FilterFacts, b: FilterFacts): FilterFacts {
  if (a.constraints.length > 0 && b.constraints.length > 0) return { constraints: [...a.constraints, ...b.constraints], opaque: a.opaque || b.opaque };
  const one = a.constraints.length > 0 ? a : b;
  return { constraints: one.constraints.map(asConditional), opaque: a.opaque || b.opaque };
}

/** What a value helper of a filter means (`In([v])`, `Equal(v)`, `Not(v)`). */
export type ValueHelper =
  | { readonly kind: 'eq'; readonly value: Node }
  | { readonly kind: 'in'; readonly list: Node }
  | { readonly kind: 'other' };

/** How a library spells object filters. */
export interface ObjectDialect {
  /** Keys whose value is a list (or object) of filters that all hold (`$and`). */
  readonly and?: readonly string[];
  /** Keys whose value is a list of alternatives (`$or`). */
  readonly or?: readonly string[];
  /** Keys that negate (`$nor`, `$not`): never a constraint. */
  readonly not?: readonly string[];
  /** Keys whose content cannot be read (`$expr`, `$where`). */
  readonly opaqueKeys?: readonly string[];
  /** Operator keys inside a column's value object meaning equality (`$eq`) or membership (`$in`). */
  readonly eq?: readonly string[];
  readonly in?: readonly string[];
  /** A nested plain object filters a relation or embedded document: `organization: { id }` is `organization.id`. */
  readonly relations: boolean;
  /** A tenant-model relation compared to a value (`{ organization: orgId }`, MikroORM) constrains the tenant. */
  readonly relationById?: boolean;
  /** A plain array value is a membership test (`{ orgId: [v] }`, Sequelize). */
  readonly arrayIsIn?: boolean;
  /** Keys that are the row's id (default `id`). */
  readonly idKeys?: readonly string[];
  /** The library drops a key whose value is `undefined` (an OPEN row of the reference table). */
  readonly dropsUndefined: boolean;
  /** Reads a key; the default reads static keys. Sequelize maps `[Op.and]` to `$and`. */
  readKey?(property: TSESTree.Property, context: DataContext): string | undefined;
  /** Recognises value helpers (`In([v])`); undefined for a plain value. */
  unwrapValue?(value: Node, context: DataContext): ValueHelper | undefined;
}

/**
 * The tenant constraints of an object filter: keys (as written, prefixed through relations),
 * AND/OR/NOT keys of the dialect, spreads of local objects (later keys override earlier ones),
 * conditional objects and spreads (`orgId ? { … } : {}`, `...(orgId && { … })`).
 */
export function readObjectFilter(
  node: Node | undefined | null,
  dialect: ObjectDialect,
  context: DataContext,
  prefix = '',
  depth = 0,
): FilterFacts {
  if (node === null) return OPAQUE_FILTER;
  if (node === undefined) return NO_FILTER;
  if (depth > MAX_FILTER_DEPTH) return OPAQUE_FILTER;
  const value = context.resolver.resolveValue(node);
  switch (value.type) {
    case AST_NODE_TYPES.ObjectExpression:
      return readProperties(value.properties, dialect, context, prefix, depth);
    case AST_NODE_TYPES.ConditionalExpression:
      return eitherOf(
        readObjectFilter(value.consequent, dialect, context, prefix, depth + 1),
        readObjectFilter(value.alternate, dialect, context, prefix, depth + 1),
      );
    case AST_NODE_TYPES.LogicalExpression:
      if (value.operator === '&&') return conditionalFacts(readObjectFilter(value.right, dialect, context, prefix, depth + 1));
      return eitherOf(
        readObjectFilter(value.left, dialect, context, prefix, depth + 1),
        readObjectFilter(value.right, dialect, context, prefix, depth + 1),
      );
    default:
      return isNullish(value) ? NO_FILTER : OPAQUE_FILTER;
  }
}

/** An array of alternative filters (TypeORM `where: [a, b]`, `$or: [a, b]`). */
export function readOrArray(array: TSESTree.ArrayExpression, dialect: ObjectDialect, context: DataContext, prefix = '', depth = 0): FilterFacts {
  if (array.elements.some((element) => !element || element.type === AST_NODE_TYPES.SpreadElement)) return OPAQUE_FILTER;
  return anyOf(array.elements.map((element) => readObjectFilter(element as Node, dialect, context, prefix, depth + 1)));
}

function readProperties(
  properties: readonly TSESTree.ObjectLiteralElement[],
  dialect: ObjectDialect,
  context: DataContext,
  prefix: string,
  depth: number,
): FilterFacts {
  const byKey = new Map<string, FilterFacts>();
  const extra: FilterFacts[] = [];
  let opaque = false;
  let byId = false;
  const visit = (list: readonly TSESTree.ObjectLiteralElement[], level: number): void => {
    for (const property of list) {
      if (property.type === AST_NODE_TYPES.SpreadElement) {
        const spread = context.resolver.resolveValue(property.argument);
        if (spread.type === AST_NODE_TYPES.ObjectExpression && level < MAX_FILTER_DEPTH) visit(spread.properties, level + 1);
        else if (spread.type === AST_NODE_TYPES.ConditionalExpression || spread.type === AST_NODE_TYPES.LogicalExpression) {
          extra.push(readObjectFilter(property.argument, dialect, context, prefix, depth + 1));
        } else if (!isNullish(spread)) opaque = true;
        continue;
      }
      const key = dialect.readKey ? dialect.readKey(property, context) : getKeyName(property.key, property.computed);
      if (key === undefined) {
        opaque = true;
        continue;
      }
      if (prefix === '' && (dialect.idKeys ?? ['id']).includes(key) && isEquality(property.value, dialect, context)) byId = true;
      byKey.set(key, readProperty(key, property, dialect, context, prefix, depth));
    }
  };
  visit(properties, 0);
  const parts = [...byKey.values(), ...extra];
  if (opaque) parts.push(OPAQUE_FILTER);
  const facts = parts.length === 0 ? NO_FILTER : allOf(parts);
  return byId ? { ...facts, byId: true } : facts;
}

function readProperty(
  key: string,
  property: TSESTree.Property,
  dialect: ObjectDialect,
  context: DataContext,
  prefix: string,
  depth: number,
): FilterFacts {
  if (dialect.and?.includes(key)) return readLogical(property.value, 'and', dialect, context, prefix, depth);
  if (dialect.or?.includes(key)) return readLogical(property.value, 'or', dialect, context, prefix, depth);
  if (dialect.not?.includes(key)) return NO_FILTER;
  if (dialect.opaqueKeys?.includes(key)) return OPAQUE_FILTER;
  if (key.startsWith('$')) return NO_FILTER;
  const column = prefix ? `${prefix}.${key}` : key;
  return readColumn(column, property.value, property, dialect, context, depth);
}

function readLogical(
  node: Node,
  mode: 'and' | 'or',
  dialect: ObjectDialect,
  context: DataContext,
  prefix: string,
  depth: number,
): FilterFacts {
  const value = context.resolver.resolveValue(node);
  if (value.type === AST_NODE_TYPES.ArrayExpression) {
    if (mode === 'or') return readOrArray(value, dialect, context, prefix, depth);
    if (value.elements.some((element) => !element || element.type === AST_NODE_TYPES.SpreadElement)) return OPAQUE_FILTER;
    return allOf(value.elements.map((element) => readObjectFilter(element as Node, dialect, context, prefix, depth + 1)));
  }
  if (value.type === AST_NODE_TYPES.ObjectExpression) {
    if (mode === 'and') return readProperties(value.properties, dialect, context, prefix, depth + 1);
    // Sequelize `[Op.or]: { a: 1, b: 2 }`: each key is an alternative.
    return anyOf(value.properties.map((property) => readProperties([property], dialect, context, prefix, depth + 1)));
  }
  return OPAQUE_FILTER;
}

function readColumn(
  column: string,
  valueNode: Node,
  holder: Node,
  dialect: ObjectDialect,
  context: DataContext,
  depth: number,
): FilterFacts {
  const raw = unwrap(valueNode);
  if (isNullish(raw)) return NO_FILTER;
  const helper = dialect.unwrapValue?.(raw, context);
  if (helper) {
    if (helper.kind === 'eq') return leaf(column, helper.value, holder, dialect, context);
    if (helper.kind === 'in') return listLeaf(column, helper.list, holder, dialect, context);
    return NO_FILTER;
  }
  const resolved = context.resolver.resolveValue(raw);
  if (resolved.type === AST_NODE_TYPES.ObjectExpression) {
    if (isOperatorObject(resolved, dialect, context)) return readOperators(column, resolved, dialect, context);
    if (dialect.relations) return readProperties(resolved.properties, dialect, context, column, depth + 1);
    return NO_FILTER;
  }
  if (resolved.type === AST_NODE_TYPES.ArrayExpression && dialect.arrayIsIn) return listLeaf(column, resolved, holder, dialect, context);
  return leaf(column, valueNode, holder, dialect, context);
}

function readOperators(column: string, object: TSESTree.ObjectExpression, dialect: ObjectDialect, context: DataContext): FilterFacts {
  const parts: FilterFacts[] = [];
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      parts.push(OPAQUE_FILTER);
      continue;
    }
    const key = dialect.readKey ? dialect.readKey(property, context) : getKeyName(property.key, property.computed);
    if (key !== undefined && dialect.eq?.includes(key)) parts.push(leaf(column, property.value, property, dialect, context));
    else if (key !== undefined && dialect.in?.includes(key)) parts.push(listLeaf(column, property.value, property, dialect, context));
  }
  return parts.length === 0 ? NO_FILTER : allOf(parts);
}

function isOperatorObject(object: TSESTree.ObjectExpression, dialect: ObjectDialect, context: DataContext): boolean {
  return object.properties.some((property) => {
    if (property.type !== AST_NODE_TYPES.Property) return false;
    const key = dialect.readKey ? dialect.readKey(property, context) : getKeyName(property.key, property.computed);
    return key?.startsWith('$') === true;
  });
}

/** Whether a key's value is a plain equality (for `byId`): not an operator object other than `$eq`, not null. */
function isEquality(node: Node, dialect: ObjectDialect, context: DataContext): boolean {
  const raw = unwrap(node);
  if (isNullish(raw)) return false;
  const helper = dialect.unwrapValue?.(raw, context);
  if (helper) return helper.kind === 'eq';
  const resolved = context.resolver.resolveValue(raw);
  if (resolved.type === AST_NODE_TYPES.ObjectExpression) {
    return isOperatorObject(resolved, dialect, context) && readOperatorKeys(resolved, dialect, context).every((key) => dialect.eq?.includes(key));
  }
  return resolved.type !== AST_NODE_TYPES.ArrayExpression;
}

function readOperatorKeys(object: TSESTree.ObjectExpression, dialect: ObjectDialect, context: DataContext): string[] {
  return object.properties.map((property) =>
    property.type === AST_NODE_TYPES.Property
      ? ((dialect.readKey ? dialect.readKey(property, context) : getKeyName(property.key, property.computed)) ?? '')
      : '',
  );
}

/** A tenant column, or with `relationById` a tenant-model relation (`organization`). */
function isTenantKeyColumn(column: string, dialect: ObjectDialect, context: DataContext): boolean {
  if (context.isTenantColumn(column)) return true;
  const last = column.split('.').pop() ?? column;
  return dialect.relationById === true && context.settings.isTenantModel(last);
}

/** A tenant-column equality (or nothing for another column). */
function leaf(column: string, value: Node, holder: Node, dialect: ObjectDialect, context: DataContext): FilterFacts {
  if (isNullish(unwrap(value)) || !isTenantKeyColumn(column, dialect, context)) return NO_FILTER;
  return { constraints: [makeConstraint(column, value, holder, dialect.dropsUndefined)], opaque: false };
}

/** `in: [v]`: a constraint when the list holds exactly one value. */
function listLeaf(column: string, list: Node, holder: Node, dialect: ObjectDialect, context: DataContext): FilterFacts {
  const single = singleElement(list, context);
  if (single === 'many') return NO_FILTER;
  if (single === 'unknown') return isTenantKeyColumn(column, dialect, context) ? OPAQUE_FILTER : NO_FILTER;
  return leaf(column, single, holder, dialect, context);
}

/** A constraint; conditional when the library drops `undefined` and the value is `x ?? undefined`-like. */
export function makeConstraint(column: string, value: Node | undefined, node: Node, dropsUndefined: boolean): Constraint {
  return {
    column,
    value,
    node,
    ...(dropsUndefined && value && isUndefinedAlternative(value) ? { conditional: true } : {}),
    ...(dropsUndefined ? { dropsUndefined: true } : {}),
  };
}

/** The one element of a list literal; `many` for zero or several, `unknown` when it is not a literal. */
export function singleElement(node: Node, context: DataContext): Node | 'many' | 'unknown' {
  const value = context.resolver.resolveValue(node);
  if (value.type !== AST_NODE_TYPES.ArrayExpression) return 'unknown';
  if (value.elements.some((element) => !element || element.type === AST_NODE_TYPES.SpreadElement)) return 'unknown';
  return value.elements.length === 1 ? (value.elements[0] as Node) : 'many';
}

/** `x ?? undefined`, `x || undefined`, `c ? x : undefined`: a value that is `undefined` on purpose under a test. */
export function isUndefinedAlternative(node: Node): boolean {
  const value = unwrap(node);
  if (value.type === AST_NODE_TYPES.LogicalExpression) return value.operator !== '&&' && isNullish(unwrap(value.right));
  if (value.type === AST_NODE_TYPES.ConditionalExpression) return isUndefined(unwrap(value.consequent)) || isUndefined(unwrap(value.alternate));
  return false;
}

function isUndefined(node: Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') ||
    (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void')
  );
}

/** `undefined`, `null`, `void 0`. */
export function isNullish(node: Node): boolean {
  return isUndefined(node) || (node.type === AST_NODE_TYPES.Literal && node.value === null && !('regex' in node) && !('bigint' in node));
}

/** A literal or an id-named expression (`id`, `job.data.documentId`, `ids`): a primary key, not a filter object. */
export function isPrimitiveId(node: Node): boolean {
  const value = unwrap(node);
  if (value.type === AST_NODE_TYPES.Literal) return typeof value.value === 'string' || typeof value.value === 'number' || typeof value.value === 'bigint';
  if (value.type === AST_NODE_TYPES.TemplateLiteral) return true;
  const name = getLastName(value);
  return name !== undefined && /(^id|Id|_id|^ids|Ids|_ids|ID)$/.test(name);
}

/** A model or entity as written: `Document`, `'Document'`, `Document.name`. */
export function entityName(node: Node, context: DataContext): string | undefined {
  const value = unwrap(node);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const resolved = context.resolver.resolveValue(value);
    return getStaticString(resolved) ?? value.name;
  }
  const text = getStaticString(value);
  if (text !== undefined) return text;
  if (value.type === AST_NODE_TYPES.MemberExpression && getMemberName(value) === 'name') return getLastName(value.object);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Builder chains

/** A link of a gathered chain; `conditional` when it was added under a runtime test. */
export interface GatheredLink extends ChainLink {
  readonly conditional: boolean;
}

/** A builder chain with the links added to it through a variable. */
export interface GatheredChain {
  readonly root: Node;
  readonly links: readonly GatheredLink[];
  /** The builder was handed to code that may change it, or reassigned to something unknown. */
  readonly opaque: boolean;
}

/** How a layer's builders look: what refines one in place, and whether a stored chain is one. */
export interface BuilderShape {
  readonly refiners: ReadonlySet<string>;
  isBuilder(chain: { readonly root: Node; readonly links: readonly ChainLink[] }, context: DataContext): boolean;
}

/**
 * The whole builder chain of a query, across variables:
 * `const qb = repo.createQueryBuilder('d'); if (x) qb.andWhere(…); await qb.getMany()` gives
 * `createQueryBuilder`, `andWhere` (conditional), `getMany`; `let q = db('t'); q = q.where(…)` is
 * followed too. A chain stored in a variable (a builder that is awaited later) also gets the
 * refinements made to that variable after it.
 */
export function gatherChain(top: Call, context: DataContext, shape: BuilderShape): GatheredChain {
  const first = chainOf(top);
  let root = first.root;
  let links: GatheredLink[] = [];
  let opaque = false;
  const store = storeOf(top, context);
  let exclude: Node = store?.node ?? top;
  if (store && shape.isBuilder(gatherLite(top, context, shape), context)) {
    const own = store.node.type === AST_NODE_TYPES.AssignmentExpression ? isConditionalBetween(store.node, declaratorOf(store.variable) ?? store.node) : false;
    links = first.links.map((link) => ({ ...link, conditional: own }));
    const trailing = refinementsOf(store.variable, store.node.range[1], Number.POSITIVE_INFINITY, store.node, top, shape, context);
    links.push(...trailing.links);
    opaque = trailing.opaque;
  } else {
    links = first.links.map((link) => ({ ...link, conditional: false }));
  }
  for (let depth = 0; depth < 8 && root.type === AST_NODE_TYPES.Identifier; depth++) {
    const variable = context.resolver.findVariable(root);
    const declarator = variable ? declaratorOf(variable) : undefined;
    if (!variable || !declarator?.init) break;
    const init = unwrap(declarator.init);
    if (init.type !== AST_NODE_TYPES.CallExpression) break;
    const initChain = chainOf(init);
    if (!shape.isBuilder(initChain, context)) break;
    const between = refinementsOf(variable, declarator.range[1], root.range[0], exclude, root, shape, context);
    links = [...initChain.links.map((link) => ({ ...link, conditional: false })), ...between.links, ...links];
    opaque ||= between.opaque;
    root = initChain.root;
    exclude = declarator;
  }
  return { root, links, opaque };
}

/** The chain with its stored builder's initialiser, for `isBuilder` tests (no refinements). */
function gatherLite(top: Call, context: DataContext, shape: BuilderShape): { root: Node; links: ChainLink[] } {
  let { root, links } = chainOf(top);
  for (let depth = 0; depth < 8 && root.type === AST_NODE_TYPES.Identifier; depth++) {
    const variable = context.resolver.findVariable(root);
    const init = variable ? declaratorOf(variable)?.init : undefined;
    if (!init || unwrap(init).type !== AST_NODE_TYPES.CallExpression) break;
    const initChain = chainOf(unwrap(init) as Call);
    if (!shape.isBuilder(initChain, context)) break;
    links = [...initChain.links, ...links];
    root = initChain.root;
  }
  return { root, links };
}

/**
 * Whether a chain top only builds a query that runs elsewhere: a refinement statement of a
 * stored builder (`qb.andWhere(…);`), or a builder stored in a variable that is later extended
 * (`const q = db('t'); … await q.first()`) or stored again (`q = q.where(…)`).
 */
export function isPendingBuilder(top: Call, context: DataContext, shape: BuilderShape): boolean {
  const parent = outerOf(top).parent;
  if (parent?.type === AST_NODE_TYPES.ExpressionStatement) {
    const { root, links } = chainOf(top);
    if (root.type === AST_NODE_TYPES.Identifier && links.every((link) => shape.refiners.has(link.name))) {
      const variable = context.resolver.findVariable(root);
      const init = variable ? declaratorOf(variable)?.init : undefined;
      if (init && unwrap(init).type === AST_NODE_TYPES.CallExpression && shape.isBuilder(gatherLite(top, context, shape), context)) return true;
    }
  }
  const store = storeOf(top, context);
  if (!store) return false;
  for (const reference of sortedReferences(store.variable)) {
    const id = reference.identifier as Node;
    if (id.range[0] <= store.node.range[1]) continue;
    if (reference.isWrite()) return true;
    const member = id.parent;
    if (member?.type === AST_NODE_TYPES.MemberExpression && member.object === id && member.parent?.type === AST_NODE_TYPES.CallExpression) {
      if (!refinementStatement(id, shape)) return true;
    }
  }
  return false;
}

/** Where a chain top is stored: `const q = <top>` or `q = <top>`. */
function storeOf(top: Call, context: DataContext): { variable: Variable; node: TSESTree.VariableDeclarator | TSESTree.AssignmentExpression } | undefined {
  const outer = outerOf(top);
  const parent = outer.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === outer && parent.id.type === AST_NODE_TYPES.Identifier) {
    const variable = context.resolver.findVariable(parent.id);
    return variable ? { variable, node: parent } : undefined;
  }
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.operator === '=' && parent.right === outer && parent.left.type === AST_NODE_TYPES.Identifier) {
    const variable = context.resolver.findVariable(parent.left);
    return variable ? { variable, node: parent } : undefined;
  }
  return undefined;
}

/** The node a call's value flows out of, past TS wrappers and optional chains. */
function outerOf(node: Node): Node {
  let current = node;
  while (
    current.parent &&
    (current.parent.type === AST_NODE_TYPES.ChainExpression ||
      current.parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      current.parent.type === AST_NODE_TYPES.TSAsExpression ||
      current.parent.type === AST_NODE_TYPES.TSSatisfiesExpression)
  ) {
    current = current.parent;
  }
  return current;
}

function declaratorOf(variable: Variable): TSESTree.VariableDeclarator | undefined {
  if (variable.defs.length !== 1) return undefined;
  const def = variable.defs[0];
  if (def.type !== 'Variable' || def.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  return def.node;
}

function sortedReferences(variable: Variable): TSESLint.Scope.Reference[] {
  return [...variable.references].sort((a, b) => a.identifier.range[0] - b.identifier.range[0]);
}

/**
 * The refinements of a stored builder in a range of the source: statements `q.where(…)` and
 * re-stores `q = q.where(…)`; conditional when a test separates them from `anchor`.
 */
function refinementsOf(
  variable: Variable,
  from: number,
  to: number,
  exclude: Node,
  anchor: Node,
  shape: BuilderShape,
  context: DataContext,
): { links: GatheredLink[]; opaque: boolean } {
  const links: GatheredLink[] = [];
  let opaque = false;
  for (const reference of sortedReferences(variable)) {
    const id = reference.identifier as Node;
    if (id.range[0] < from || id.range[0] >= to) continue;
    if (id.range[0] >= exclude.range[0] && id.range[1] <= exclude.range[1]) continue;
    const parent = id.parent;
    if (reference.isWrite()) {
      if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.operator === '=') {
        const right = unwrap(parent.right);
        const chain = right.type === AST_NODE_TYPES.CallExpression ? chainOf(right) : undefined;
        if (chain && chain.root.type === AST_NODE_TYPES.Identifier && context.resolver.findVariable(chain.root) === variable) {
          const conditional = isConditionalBetween(parent, anchor);
          links.push(...chain.links.map((link) => ({ ...link, conditional })));
          continue;
        }
      }
      opaque = true;
      continue;
    }
    const statement = refinementStatement(id, shape);
    if (statement) {
      const conditional = isConditionalBetween(statement.statement, anchor);
      links.push(...statement.links.map((link) => ({ ...link, conditional })));
      continue;
    }
    // Handed to a function that may add conditions (`applyFilters(qb)`).
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(id as TSESTree.CallExpressionArgument)) opaque = true;
  }
  return { links, opaque };
}

/** `q.where(…).andWhere(…);` as a statement on the identifier `id`, when every link refines. */
function refinementStatement(id: Node, shape: BuilderShape): { statement: Node; links: ChainLink[] } | undefined {
  let current: Node = id;
  while (
    current.parent?.type === AST_NODE_TYPES.MemberExpression &&
    current.parent.object === current &&
    current.parent.parent?.type === AST_NODE_TYPES.CallExpression &&
    current.parent.parent.callee === current.parent
  ) {
    current = current.parent.parent;
  }
  if (current === id || current.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const statement = outerOf(current).parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
  const { links } = chainOf(current);
  return links.every((link) => shape.refiners.has(link.name)) ? { statement, links } : undefined;
}

/**
 * Whether `node` runs only under a test that `anchor` does not share: it sits in a branch of an
 * `if`, `?:`, `&&`/`||`/`??`, a `switch` case, a loop or a nested function below their common ancestor.
 */
export function isConditionalBetween(node: Node, anchor: Node): boolean {
  let child: Node = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.range[0] <= anchor.range[0] && parent.range[1] >= anchor.range[1]) return false;
    switch (parent.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        if (child !== parent.test) return true;
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (child === parent.right) return true;
        break;
      case AST_NODE_TYPES.SwitchCase:
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
      case AST_NODE_TYPES.CatchClause:
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.FunctionDeclaration:
        return true;
      default:
        break;
    }
  }
  return false;
}

/**
 * The links a callback builds on its parameter (`qb => qb.where(…).orWhere(…)`,
 * `function () { this.where(…) }`), statement after statement; undefined when its body does anything else.
 */
export function callbackChains(fn: TSESTree.FunctionLike): ChainLink[] | undefined {
  const param = fn.params[0];
  const name = param?.type === AST_NODE_TYPES.Identifier ? param.name : undefined;
  const isBase = (node: Node): boolean =>
    (name !== undefined && node.type === AST_NODE_TYPES.Identifier && node.name === name) ||
    (fn.type === AST_NODE_TYPES.FunctionExpression && node.type === AST_NODE_TYPES.ThisExpression);
  const read = (expression: Node): ChainLink[] | undefined => {
    let inner = unwrap(expression);
    if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = unwrap(inner.argument);
    if (inner.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const chain = chainOf(inner);
    return isBase(chain.root) && chain.links.length > 0 && chain.links[0].name !== '()' ? chain.links : undefined;
  };
  const body = fn.body;
  if (!body) return undefined;
  if (body.type !== AST_NODE_TYPES.BlockStatement) return read(body);
  const links: ChainLink[] = [];
  for (const statement of body.body) {
    const expression =
      statement.type === AST_NODE_TYPES.ExpressionStatement
        ? statement.expression
        : statement.type === AST_NODE_TYPES.ReturnStatement && statement.argument
          ? statement.argument
          : undefined;
    const found = expression ? read(expression) : undefined;
    if (!found) return undefined;
    links.push(...found);
  }
  return links;
}

// ---------------------------------------------------------------------------------------------
// Clients

/**
 * For a callback parameter (`trx` in `db.transaction(async (trx) => …)`), the receiver of the call
 * it is handed by, when that call's method is one of `methods`.
 */
export function callbackOwner(node: Node, methods: readonly string[], context: DataContext): TSESTree.Expression | undefined {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = context.resolver.findVariable(inner);
  const def = variable?.defs[0];
  if (!def || def.type !== 'Parameter' || !isFunction(def.node)) return undefined;
  const fn = def.node;
  const first = fn.params[0];
  const firstName = first?.type === AST_NODE_TYPES.Identifier ? first : first?.type === AST_NODE_TYPES.AssignmentPattern ? first.left : undefined;
  if (firstName !== def.name) return undefined;
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return undefined;
  const callee = getCallee(call);
  return callee?.receiver && methods.includes(callee.name) ? callee.receiver : undefined;
}

/** Where a class member or parameter is declared: its decorators and type annotation. */
export interface Declaration {
  readonly decorators: readonly TSESTree.Decorator[];
  readonly type: TSESTree.TypeNode | undefined;
}

/** The declaration of `this.x` (class field or constructor parameter property) or of a parameter `x`. */
export function declarationOf(node: Node, context: DataContext): Declaration | undefined {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.MemberExpression && inner.object.type === AST_NODE_TYPES.ThisExpression) {
    const name = getMemberName(inner);
    const owner = enclosingClass(inner);
    if (!owner || name === undefined) return undefined;
    for (const member of owner.body.body) {
      if (member.type === AST_NODE_TYPES.PropertyDefinition && !member.static && getKeyName(member.key, member.computed) === name) {
        return { decorators: member.decorators, type: member.typeAnnotation?.typeAnnotation };
      }
      if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor') {
        for (const param of member.value.params) {
          if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
          const binding = param.parameter.type === AST_NODE_TYPES.AssignmentPattern ? param.parameter.left : param.parameter;
          if (binding.type === AST_NODE_TYPES.Identifier && binding.name === name) {
            return { decorators: [...param.decorators, ...(binding.decorators ?? [])], type: binding.typeAnnotation?.typeAnnotation };
          }
        }
      }
    }
    return undefined;
  }
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const def = context.resolver.findVariable(inner)?.defs[0];
    if (def?.type !== 'Parameter' || def.name.type !== AST_NODE_TYPES.Identifier) return undefined;
    const id = def.name;
    const holder = id.parent?.type === AST_NODE_TYPES.TSParameterProperty ? id.parent : undefined;
    return { decorators: [...(holder?.decorators ?? []), ...(id.decorators ?? [])], type: id.typeAnnotation?.typeAnnotation };
  }
  return undefined;
}

/** The first argument of a decorator named one of `names` (`@InjectRepository(Doc)` gives `Doc`). */
export function decoratorArgument(declaration: Declaration, names: readonly string[]): Node | undefined {
  for (const decorator of declaration.decorators) {
    const expression = unwrap(decorator.expression);
    if (expression.type !== AST_NODE_TYPES.CallExpression) continue;
    const name = getLastName(expression.callee);
    if (name && names.includes(name) && expression.arguments[0]) return expression.arguments[0];
  }
  return undefined;
}

/** The first type argument's name of a type annotation named one of `names` (`Repository<Doc>` gives `Doc`). */
export function typeArgumentName(declaration: Declaration, names: readonly string[]): string | undefined {
  const type = declaration.type;
  if (type?.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  const name = type.typeName.type === AST_NODE_TYPES.Identifier ? type.typeName.name : type.typeName.type === AST_NODE_TYPES.TSQualifiedName ? type.typeName.right.name : undefined;
  if (!name || !names.includes(name)) return undefined;
  const first = type.typeArguments?.params[0];
  return first ? typeName(first) : undefined;
}

function typeName(type: TSESTree.TypeNode): string | undefined {
  if (type.type === AST_NODE_TYPES.TSTypeReference) {
    return type.typeName.type === AST_NODE_TYPES.Identifier ? type.typeName.name : type.typeName.type === AST_NODE_TYPES.TSQualifiedName ? type.typeName.right.name : undefined;
  }
  if (type.type === AST_NODE_TYPES.TSTypeQuery && type.exprName.type === AST_NODE_TYPES.Identifier) return type.exprName.name;
  return undefined;
}

/** Folders that `baseUrl`/`paths` imports of the project's own code usually start with. */
const OWN_FOLDERS = new Set(['src', 'lib', 'libs', 'utils', 'app', 'apps', 'server', 'db', 'database', 'models', 'model', 'entities', 'services', 'shared', 'common', 'config', 'core', 'infra', 'modules', 'packages']);

/** Whether an import source is the project's own module: relative, an alias (`@/`, `~/`, `#`), or a `baseUrl` folder. */
export function isOwnModule(source: string): boolean {
  if (/^(\.{1,2}(\/|$)|\/|[@~$]\/|#)/.test(source)) return true;
  return OWN_FOLDERS.has(source.split('/')[0]);
}

/**
 * Whether a receiver may be recognised by its name: the name fits, and it is not known to come
 * from some other library (a parameter, a local, or anything from the project's own modules).
 */
export function isClientShape(origin: Origin | undefined, name: string | undefined, pattern: RegExp): boolean {
  if (!name || !pattern.test(name)) return false;
  if (!origin) return true;
  if (isOwnModule(origin.source)) return true;
  return isShapeCandidate(origin, name, pattern);
}

// ---------------------------------------------------------------------------------------------
// A small SQL reader: statement kind, table, and tenant equalities of a plain WHERE

/** SQL text from a string, a constant or a template; template expressions become `#i` placeholders. */
export interface SqlText {
  readonly text: string;
  readonly expressions: readonly Node[];
  /** The node that holds the text. */
  readonly node: Node;
}

export function readSqlText(node: Node, context: DataContext): SqlText | undefined {
  const value = context.resolver.resolveValue(node);
  const text = getStaticString(value);
  if (text !== undefined) return { text, expressions: [], node: value };
  if (value.type === AST_NODE_TYPES.TemplateLiteral) {
    const parts: string[] = [];
    value.quasis.forEach((quasi, index) => {
      parts.push(quasi.value.cooked ?? quasi.value.raw);
      if (index < value.expressions.length) parts.push(`\u0001${index}\u0001`);
    });
    return { text: parts.join(''), expressions: value.expressions, node: value };
  }
  return undefined;
}

/**
 * The argument a placeholder stands for: `#i` a template expression, `$1`/`?1` an element of a
 * values array, `:name`/`$name` a property of a values object.
 */
export function sqlBindings(sql: SqlText | undefined, values: Node | undefined | null, context: DataContext): (placeholder: string) => Node | undefined {
  const resolved = values ? context.resolver.resolveValue(values) : undefined;
  return (placeholder) => {
    if (placeholder.startsWith('#')) return sql?.expressions[Number(placeholder.slice(1))];
    if (!resolved) return undefined;
    const index = /^[$?](\d+)$/.exec(placeholder);
    if (index && resolved.type === AST_NODE_TYPES.ArrayExpression) {
      const element = resolved.elements[Number(index[1]) - 1];
      return element && element.type !== AST_NODE_TYPES.SpreadElement ? element : undefined;
    }
    const named = /^[:$](?:\.\.\.)?(\w+)$/.exec(placeholder);
    if (named && resolved.type === AST_NODE_TYPES.ObjectExpression) return findProperty(resolved, named[1])?.value;
    return undefined;
  };
}

/** How a tenant column compared to a placeholder or literal becomes a constraint (or `opaque`, or nothing). */
export type SqlConstraintFor = (column: string, placeholder: string | undefined, list: 'yes' | 'maybe' | false) => Constraint | 'opaque' | undefined;

/** Constraints for SQL comparisons, with values looked up through `lookup`; a list placeholder needs a one-element array. */
export function sqlConstraintFor(lookup: (placeholder: string) => Node | undefined, node: Node, context: DataContext): SqlConstraintFor {
  return (column, placeholder, list) => {
    if (!context.isTenantColumn(column)) return undefined;
    let value = placeholder === undefined ? undefined : lookup(placeholder);
    if (list && placeholder !== undefined) {
      if (!value) return list === 'yes' ? 'opaque' : { column, value: undefined, node };
      const single = singleElement(value, context);
      if (single === 'many') return undefined;
      if (single === 'unknown' && list === 'yes') return 'opaque';
      if (single !== 'unknown') value = single;
    }
    return { column, value, node };
  };
}

interface Token {
  readonly type: 'word' | 'ident' | 'string' | 'number' | 'param' | 'punct';
  readonly text: string;
}

/** SQL tokens; dotted and quoted names become one `ident`; `?` placeholders are numbered `?1`, `?2`. */
function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let question = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (ch === "'") {
      let j = i + 1;
      let text = '';
      while (j < n) {
        if (sql[j] === "'" && sql[j + 1] === "'") {
          text += "'";
          j += 2;
        } else if (sql[j] === "'") break;
        else text += sql[j++];
      }
      const param = /^\u0001(\d+)\u0001$/.exec(text);
      tokens.push(param ? { type: 'param', text: `#${param[1]}` } : { type: 'string', text });
      i = j + 1;
    } else if (ch === '"' || ch === '`') {
      const end = sql.indexOf(ch, i + 1);
      const text = sql.slice(i + 1, end < 0 ? n : end);
      tokens.push({ type: 'ident', text });
      i = end < 0 ? n : end + 1;
    } else if (ch === '\u0001') {
      const end = sql.indexOf('\u0001', i + 1);
      tokens.push({ type: 'param', text: `#${sql.slice(i + 1, end < 0 ? n : end)}` });
      i = end < 0 ? n : end + 1;
    } else if (ch === '$' && /[\w]/.test(sql[i + 1] ?? '')) {
      const match = /^\$\w+/.exec(sql.slice(i)) as RegExpExecArray;
      tokens.push({ type: 'param', text: match[0] });
      i += match[0].length;
    } else if (ch === '?') {
      if (sql[i + 1] === '?') {
        tokens.push({ type: 'ident', text: '??' });
        i += 2;
      } else {
        tokens.push({ type: 'param', text: `?${++question}` });
        i++;
      }
    } else if (ch === ':') {
      if (sql[i + 1] === ':') {
        // A cast (`::uuid`, `::uuid[]`): skip it and its type name.
        i += 2;
        while (i < n && /\w/.test(sql[i])) i++;
        if (sql.slice(i, i + 2) === '[]') i += 2;
      } else {
        const match = /^:(\.\.\.)?([A-Za-z_]\w*)/.exec(sql.slice(i));
        if (match) {
          tokens.push({ type: 'param', text: `:${match[1] ?? ''}${match[2]}` });
          i += match[0].length;
        } else {
          tokens.push({ type: 'punct', text: ':' });
          i++;
        }
      }
    } else if (/\d/.test(ch)) {
      const match = /^\d+(\.\d+)?/.exec(sql.slice(i)) as RegExpExecArray;
      tokens.push({ type: 'number', text: match[0] });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][\w$]*/.exec(sql.slice(i)) as RegExpExecArray;
      tokens.push({ type: 'word', text: match[0] });
      i += match[0].length;
    } else {
      const two = sql.slice(i, i + 2);
      if (['<>', '!=', '<=', '>=', '||'].includes(two)) {
        tokens.push({ type: 'punct', text: two });
        i += 2;
      } else {
        tokens.push({ type: 'punct', text: ch });
        i++;
      }
    }
  }
  // Join `a.b.c`, `"a"."b"` into one name.
  const joined: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    const previous = joined[joined.length - 1];
    if (
      token.type === 'punct' &&
      token.text === '.' &&
      previous &&
      (previous.type === 'word' || previous.type === 'ident') &&
      (tokens[k + 1]?.type === 'word' || tokens[k + 1]?.type === 'ident')
    ) {
      joined[joined.length - 1] = { type: 'ident', text: `${previous.text}.${tokens[k + 1].text}` };
      k++;
    } else joined.push(token);
  }
  return joined;
}

const isWord = (token: Token | undefined, ...words: string[]): boolean =>
  token?.type === 'word' && words.includes(token.text.toLowerCase());
const isPunct = (token: Token | undefined, text: string): boolean => token?.type === 'punct' && token.text === text;
const KEYWORDS = new Set(['and', 'or', 'not', 'null', 'true', 'false', 'in', 'is', 'any', 'select', 'exists', 'like', 'between']);
const isName = (token: Token | undefined): boolean =>
  token?.type === 'ident' || (token?.type === 'word' && !KEYWORDS.has(token.text.toLowerCase()));

/** Reads `a = $1 AND (b = 2 OR c IN (:...c))`: tenant equalities under AND, OR only when every branch has one, never under NOT. */
class ConditionReader {
  private position = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly constraintFor: SqlConstraintFor,
  ) {}

  read(): FilterFacts {
    const facts = this.readOr();
    return this.position < this.tokens.length ? allOf([facts, OPAQUE_FILTER]) : facts;
  }

  private readOr(): FilterFacts {
    const branches = [this.readAnd()];
    while (isWord(this.tokens[this.position], 'or')) {
      this.position++;
      branches.push(this.readAnd());
    }
    return anyOf(branches);
  }

  private readAnd(): FilterFacts {
    const parts = [this.readNot()];
    while (isWord(this.tokens[this.position], 'and')) {
      this.position++;
      parts.push(this.readNot());
    }
    return allOf(parts);
  }

  private readNot(): FilterFacts {
    if (isWord(this.tokens[this.position], 'not')) {
      this.position++;
      this.readNot();
      return NO_FILTER;
    }
    const token = this.tokens[this.position];
    if (isPunct(token, '(') && !isWord(this.tokens[this.position + 1], 'select')) {
      this.position++;
      const inner = this.readOr();
      if (!isPunct(this.tokens[this.position], ')')) return OPAQUE_FILTER;
      this.position++;
      return inner;
    }
    return this.readComparison();
  }

  private readComparison(): FilterFacts {
    const start = this.position;
    let depth = 0;
    let between = false;
    while (this.position < this.tokens.length) {
      const token = this.tokens[this.position];
      if (isPunct(token, '(')) depth++;
      else if (isPunct(token, ')')) {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && isWord(token, 'between')) between = true;
      else if (depth === 0 && isWord(token, 'and')) {
        if (!between) break;
        between = false;
      } else if (depth === 0 && isWord(token, 'or')) break;
      this.position++;
    }
    if (this.position === start) {
      // Nothing to read (`AND AND`, a stray `)`): skip a token so reading always advances.
      if (this.position < this.tokens.length) this.position++;
      return OPAQUE_FILTER;
    }
    return this.evaluate(this.tokens.slice(start, this.position));
  }

  private evaluate(tokens: readonly Token[]): FilterFacts {
    const value = (token: Token | undefined): string | undefined | false =>
      token?.type === 'param' ? token.text : token?.type === 'string' || token?.type === 'number' ? undefined : false;
    const result = (found: Constraint | 'opaque' | undefined): FilterFacts =>
      found === 'opaque' ? OPAQUE_FILTER : found ? { constraints: [found], opaque: false } : NO_FILTER;
    const [a, op, b] = tokens;
    if (tokens.length === 3 && isPunct(op, '=')) {
      if (isName(a) && value(b) !== false) return result(this.constraintFor(a.text, value(b) || undefined, false));
      if (isName(b) && value(a) !== false) return result(this.constraintFor(b.text, value(a) || undefined, false));
      return NO_FILTER;
    }
    // `col IN (x)`, `col = ANY(x)`
    const listStart = isWord(op, 'in') ? 2 : isPunct(op, '=') && isWord(b, 'any') ? 3 : -1;
    if (listStart > 0 && isName(a) && isPunct(tokens[listStart], '(') && isPunct(tokens[tokens.length - 1], ')')) {
      const items = tokens.slice(listStart + 1, -1).filter((token) => !isPunct(token, ','));
      if (items.length !== 1 || value(items[0]) === false) return NO_FILTER;
      const placeholder = value(items[0]) || undefined;
      // `= ANY($1)` and TypeORM's `IN (:...ids)` take a list; `IN (?)` may be one value or a list Knex expands.
      const list = placeholder === undefined ? false : listStart === 3 || placeholder.startsWith(':...') ? 'yes' : 'maybe';
      return result(this.constraintFor(a.text, placeholder, list));
    }
    return NO_FILTER;
  }
}

/** The tenant constraints of a SQL condition (a WHERE clause or a query-builder fragment). */
export function readSqlCondition(text: string, constraintFor: SqlConstraintFor): FilterFacts {
  const tokens = tokenize(text);
  if (tokens.length === 0) return NO_FILTER;
  return new ConditionReader(tokens, constraintFor).read();
}

const CLAUSE_ENDS = ['group', 'order', 'limit', 'offset', 'returning', 'having', 'for', 'window', 'fetch'];

/** Kind, table and WHERE of a plain statement; a WITH, a UNION or a subquery in FROM leaves the filter opaque. */
export function readSqlStatement(text: string, constraintFor: SqlConstraintFor): { kind: QueryKind; table: string | undefined; filter: FilterFacts } {
  const tokens = tokenize(text);
  const first = tokens[0]?.type === 'word' ? tokens[0].text.toLowerCase() : '';
  const kind: QueryKind =
    first === 'select' ? 'read' : first === 'update' ? 'update' : first === 'delete' ? 'delete' : first === 'insert' || first === 'replace' ? 'insert' : 'raw';
  if (kind === 'raw') return { kind, table: undefined, filter: OPAQUE_FILTER };
  const depthAt: number[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (isPunct(token, '(')) depth++;
    depthAt.push(depth);
    if (isPunct(token, ')')) depth = Math.max(0, depth - 1);
  }
  const topIndex = (predicate: (token: Token) => boolean, from = 0): number => {
    for (let k = from; k < tokens.length; k++) if (depthAt[k] === 0 && predicate(tokens[k])) return k;
    return -1;
  };
  let tableIndex = -1;
  if (kind === 'update') tableIndex = isWord(tokens[1], 'only') ? 2 : 1;
  else if (kind === 'insert') tableIndex = topIndex((t) => isWord(t, 'into')) + 1;
  else {
    const from = topIndex((t) => isWord(t, 'from'));
    tableIndex = from < 0 ? -1 : isWord(tokens[from + 1], 'only') ? from + 2 : from + 1;
  }
  const tableToken = tableIndex > 0 ? tokens[tableIndex] : undefined;
  const table = isName(tableToken) ? tableToken?.text : undefined;
  if (!table || topIndex((t) => isWord(t, 'union', 'intersect', 'except')) >= 0) return { kind, table, filter: OPAQUE_FILTER };
  const where = topIndex((t) => isWord(t, 'where'));
  if (where < 0) return { kind, table, filter: NO_FILTER };
  let end = topIndex((t) => isWord(t, ...CLAUSE_ENDS) || isPunct(t, ';'), where + 1);
  if (end < 0) end = tokens.length;
  const clause = tokens.slice(where + 1, end);
  return { kind, table, filter: clause.length === 0 ? OPAQUE_FILTER : new ConditionReader(clause, constraintFor).read() };
}
