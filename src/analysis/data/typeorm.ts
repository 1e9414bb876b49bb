import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { findProperty, getCallee, getKeyName, getLastName, getMemberName, getStaticString, isFunction, unwrap } from '../../util/ast';
import { argAt, asObject } from '../jobs/types';
import { isFromSource, type Origin } from '../resolve';
import { callbackChains, gatherChain, type BuilderShape } from './builders';
import { NO_FILTER, OPAQUE_FILTER, filterFields, foldClauses, isPrimitiveId, type Clause, type FilterFacts } from './filters';
import { inlineFilterFix, readObjectFilter, readOrArray, readWhereOption, type FilterAndFix, type ObjectDialect } from './object-filter';
import { MIKRO_ORM_SOURCES, callbackReceiver, declarationOf, decoratorArgument, enclosingClass, entityName, isClientShape, isOwnModule, typeArgumentName, typeName } from './receivers';
import { rawQueryFacts, readFragmentCondition, readSqlFragment, sqlBindings, sqlConstraintFor } from './sql-fragments';
import type { ChainLink, DataContext, DataLayer, QueryFacts, QueryKind } from './types';

type Node = TSESTree.Node;
type Call = TSESTree.CallExpression;

const SOURCES = ['typeorm'];
const NEST_SOURCES = ['@nestjs/typeorm'];

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
function readFindOptions(options: Node | undefined | null, context: DataContext): FilterAndFix {
  return readWhereOption(options, context, (where) => readWhere(where, context));
}

/** A find-options where: an object, or an array of objects (OR: every element must constrain). */
function readWhere(where: Node | undefined | null, context: DataContext): FilterAndFix {
  if (where === null) return { filter: OPAQUE_FILTER, fix: undefined };
  if (where === undefined) return { filter: NO_FILTER, fix: undefined };
  const value = context.resolver.resolveValue(where);
  if (value.type === AST_NODE_TYPES.ArrayExpression) {
    return { filter: readOrArray(value, TYPEORM_DIALECT, context), fix: undefined };
  }
  return { filter: readObjectFilter(where, TYPEORM_DIALECT, context), fix: inlineFilterFix(where) };
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
  const sql = readSqlFragment(text, context);
  return rawQueryFacts('typeorm', call, sql, sqlBindings(sql, argAt(call, 1), context), context);
}

// ---------------------------------------------------------------------------------------------
// Query builders

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
  const sql = readSqlFragment(condition, context);
  if (!sql) return OPAQUE_FILTER;
  const own = asObject(argAt(call, 1), context);
  const lookup = (placeholder: string): Node | undefined => {
    if (placeholder.startsWith('#')) return sql.expressions[Number(placeholder.slice(1))];
    if (!placeholder.startsWith(':')) return undefined;
    const name = placeholder.replace(/^:(\.\.\.)?/, '');
    const property = own ? findProperty(own, name) : undefined;
    return property?.value ?? parameters.get(name);
  };
  return readFragmentCondition(sql.text, sqlConstraintFor(lookup, call, context));
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
  const owner = callbackReceiver(node, ['transaction'], context);
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
  if (kind === 'repository') return { kind, entity: injectedEntity(node, context) ?? origin.typeArguments?.[0], shape: false };
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
