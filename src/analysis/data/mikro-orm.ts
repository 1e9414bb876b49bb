import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { findProperty, getCallee, getLastName, getStaticString, unwrap } from '../../util/ast';
import { argAt, asObject } from '../jobs/types';
import { isFromSource, type Origin } from '../resolve';
import { gatherChain, isPendingBuilder, type BuilderShape } from './builders';
import { NO_FILTER, OPAQUE_FILTER, allOf, anyOf, conditionalFacts, filterFields, isNullish, isPrimitiveId, type FilterFacts } from './filters';
import { inlineFilterFix, readObjectFilter, type FilterAndFix, type ObjectDialect } from './object-filter';
import { MIKRO_ORM_SOURCES, callbackReceiver, declarationOf, decoratorArgument, enclosingClass, entityName, isClientShape, typeArgumentName } from './receivers';
import { rawQueryFacts, readFragmentCondition, readSqlFragment, sqlBindings, sqlConstraintFor } from './sql-fragments';
import { chainOf, type ChainLink, type DataContext, type DataLayer, type QueryFacts, type QueryKind } from './types';

type Node = TSESTree.Node;
type Call = TSESTree.CallExpression;

/** What a MikroORM receiver is. */
type Receiver =
  | { readonly kind: 'orm' | 'em'; readonly shape: boolean }
  | { readonly kind: 'repository'; readonly entity: string | undefined; readonly shape: boolean };

/** Methods whose where is the argument after the entity (EntityManager) or the first (repository). */
const WHERE_METHODS: ReadonlyMap<string, QueryKind> = new Map([
  ['find', 'read'],
  ['findOne', 'read'],
  ['findOneOrFail', 'read'],
  ['findAndCount', 'read'],
  ['findByCursor', 'read'],
  ['count', 'read'],
  ['nativeUpdate', 'update'],
  ['nativeDelete', 'delete'],
]);
const INSERTS = new Set(['insert', 'insertMany', 'upsert', 'upsertMany']);
const QB_STARTS = new Set(['createQueryBuilder', 'qb']);
const QB_VERBS: ReadonlyMap<string, QueryKind> = new Map([
  ['select', 'read'],
  ['count', 'read'],
  ['update', 'update'],
  ['delete', 'delete'],
  ['insert', 'insert'],
  ['truncate', 'delete'],
]);
const QB_REFINERS = new Set(['where', 'andWhere', 'orWhere', 'select', 'addSelect', 'join', 'leftJoin', 'innerJoin', 'leftJoinAndSelect', 'innerJoinAndSelect', 'orderBy', 'groupBy', 'having', 'limit', 'offset', 'populate', 'setFlag', 'withSubQuery']);

const QB_NAMES: ReadonlySet<string> = new Set([
  ...QB_STARTS,
  ...QB_VERBS.keys(),
  ...QB_REFINERS,
  'getResult',
  'getResultList',
  'getSingleResult',
  'getCount',
  'getResultAndCount',
  'execute',
  'then',
]);

/** MikroORM 6 keeps an `undefined` value as NULL unless `ignoreUndefinedInQuery` is set (reference section 2: CLOSED). */
const MIKRO_DIALECT: ObjectDialect = {
  and: ['$and'],
  or: ['$or'],
  not: ['$not', '$nor'],
  eq: ['$eq'],
  in: ['$in'],
  relations: true,
  relationById: true,
  dropsUndefined: false,
};

const MIKRO_BUILDER: BuilderShape = {
  refiners: QB_REFINERS,
  isBuilder: (chain, context) => qbStart(chain.links, chain.root, context) !== undefined,
};

/**
 * MikroORM: EntityManager methods (`em.find(Entity, where)`, `nativeUpdate`, `nativeDelete`,
 * `findAll(Entity, { where })`), repositories, and query builders (`em.qb(Entity).where(…)`).
 * Filters (`@Filter`) are runtime state: `{ filters: false }` needs no flag, the query simply has
 * whatever constraints its own where shows.
 */
export const mikroOrm: DataLayer = {
  id: 'mikro-orm',
  name: 'MikroORM',
  sources: [...MIKRO_ORM_SOURCES],
  matchQuery(node, context) {
    if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const callee = getCallee(node);
    if (!callee?.receiver) return undefined;
    const builder = matchQueryBuilder(node, context);
    if (builder !== null) return builder;
    if (callee.name === 'execute') return matchRaw(node, callee.receiver, context);
    if (!WHERE_METHODS.has(callee.name) && callee.name !== 'findAll' && !INSERTS.has(callee.name)) return undefined;
    const receiver = resolveReceiver(callee.receiver, context, 0);
    if (!receiver || receiver.kind === 'orm') return undefined;
    return matchMethod(node, callee.name, receiver, context);
  },
};

function matchMethod(call: Call, name: string, receiver: Receiver, context: DataContext): QueryFacts | undefined {
  const onManager = receiver.kind === 'em';
  const offset = onManager ? 1 : 0;
  let model: string | undefined;
  if (onManager) {
    const entity = argAt(call, 0);
    model = entity ? entityName(entity, context) : undefined;
    // By name only, `em` must be handed an entity: `em.find(Document, …)`.
    if (!model || (receiver.shape && !/^[A-Z]/.test(model))) return undefined;
  } else if ('entity' in receiver) model = receiver.entity;
  const base = { layer: 'mikro-orm', node: call, model, operation: name };
  if (INSERTS.has(name)) return { ...base, kind: 'insert', constraints: [], opaque: false };
  if (name === 'findAll') {
    const options = argAt(call, offset);
    if (options === null) return { ...base, kind: 'read', constraints: [], opaque: true };
    const object = options ? asObject(options, context) : undefined;
    if (options && !object && !isNullish(unwrap(options))) return { ...base, kind: 'read', constraints: [], opaque: true };
    const where = object ? findProperty(object, 'where') : undefined;
    if (!where) return { ...base, kind: 'read', constraints: [], opaque: false, fix: object ? { optionsObject: object } : undefined };
    const { filter, fix } = readWhere(where.value, context);
    return { ...base, kind: 'read', ...filterFields(filter), fix };
  }
  const kind = WHERE_METHODS.get(name) ?? 'read';
  const where = argAt(call, offset);
  if (where === undefined) return { ...base, kind, constraints: [], opaque: false };
  if (where === null) return { ...base, kind, constraints: [], opaque: true };
  const { filter, fix } = readWhere(where, context);
  return { ...base, kind, ...filterFields(filter), fix };
}

/** A where: an object filter, or a primary key (`em.findOne(Doc, id)`, `em.find(Doc, [1, 2])`). */
function readWhere(where: Node, context: DataContext): FilterAndFix {
  const value = context.resolver.resolveValue(where);
  if (value.type === AST_NODE_TYPES.ArrayExpression) {
    const objects = value.elements.some((e) => e && context.resolver.resolveValue(e).type === AST_NODE_TYPES.ObjectExpression);
    if (!objects) return { filter: { ...NO_FILTER, byId: true }, fix: undefined };
  }
  if (
    value.type !== AST_NODE_TYPES.ObjectExpression &&
    value.type !== AST_NODE_TYPES.ConditionalExpression &&
    value.type !== AST_NODE_TYPES.LogicalExpression &&
    isPrimitiveId(value)
  ) {
    return { filter: { ...NO_FILTER, byId: true }, fix: undefined };
  }
  return { filter: readObjectFilter(where, MIKRO_DIALECT, context), fix: inlineFilterFix(where) };
}

/** `em.getConnection().execute(sql, params)`, `em.execute(sql, params)`: raw SQL. */
function matchRaw(call: Call, receiver: Node, context: DataContext): QueryFacts | undefined {
  const inner = unwrap(receiver);
  const connection = inner.type === AST_NODE_TYPES.CallExpression ? getCallee(inner) : undefined;
  const owner = connection?.receiver && connection.name === 'getConnection' ? connection.receiver : inner;
  const resolved = resolveReceiver(owner, context, 0);
  if (resolved?.kind !== 'em' || (resolved.shape && owner === inner)) return undefined;
  const text = argAt(call, 0);
  if (!text) return undefined;
  const sql = readSqlFragment(text, context);
  return rawQueryFacts('mikro-orm', call, sql, sqlBindings(sql, argAt(call, 1), context), context);
}

// ---------------------------------------------------------------------------------------------
// Query builders

/** The index of `createQueryBuilder`/`qb` when it is called on an EntityManager or repository. */
function qbStart(links: readonly ChainLink[], root: Node, context: DataContext): { index: number; model: string | undefined } | undefined {
  const index = links.findIndex((link) => QB_STARTS.has(link.name));
  if (index < 0) return undefined;
  const receiver = getCallee(links[index].call)?.receiver ?? root;
  const resolved = resolveReceiver(receiver, context, 0);
  if (!resolved || resolved.kind === 'orm') return undefined;
  if (resolved.kind === 'repository') return { index, model: resolved.entity };
  const entity = argAt(links[index].call, 0);
  const model = entity ? entityName(entity, context) : undefined;
  if (!model || (resolved.shape && !/^[A-Z]/.test(model))) return undefined;
  return { index, model };
}

/**
 * A query builder chain: `null` when the call is not one, undefined when it is one that does not
 * run here (a builder stored for later). `where` replaces, `andWhere` ANDs, `orWhere` ORs the whole
 * condition so far (MikroORM nests them: `{ $or: [previous, next] }`).
 */
function matchQueryBuilder(top: Call, context: DataContext): QueryFacts | undefined | null {
  // A cheap first test: a builder chain shows `qb`/`createQueryBuilder`, or (kept in a variable) one of its methods.
  const direct = chainOf(top);
  const starts = direct.links.some((link) => QB_STARTS.has(link.name));
  if (!starts && !(direct.root.type === AST_NODE_TYPES.Identifier && direct.links.some((link) => QB_NAMES.has(link.name)))) return null;
  const chain = gatherChain(top, context, MIKRO_BUILDER);
  const start = qbStart(chain.links, chain.root, context);
  if (!start) return null;
  if (isPendingBuilder(top, context, MIKRO_BUILDER)) return undefined;
  let state: FilterFacts | undefined;
  let kind: QueryKind = 'read';
  let operation = 'select';
  for (const link of chain.links.slice(start.index + 1)) {
    const verb = QB_VERBS.get(link.name);
    if (verb) {
      kind = verb;
      operation = link.name;
      continue;
    }
    if (link.name !== 'where' && link.name !== 'andWhere' && link.name !== 'orWhere') continue;
    let facts = readQbCondition(link.call, context);
    if (link.conditional) facts = conditionalFacts(facts);
    if (link.name === 'where' && !link.conditional) state = facts;
    else if (link.name === 'orWhere' && state) state = anyOf([state, facts]);
    else state = state ? allOf([state, facts]) : facts;
  }
  const filter = state ?? NO_FILTER;
  return {
    layer: 'mikro-orm',
    node: top,
    model: start.model,
    operation,
    kind,
    constraints: filter.constraints,
    opaque: filter.opaque || chain.opaque,
    ...(filter.byId ? { byId: true } : {}),
  };
}

/** `where({ … })` or `where('org_id = ?', [v])`. */
function readQbCondition(call: Call, context: DataContext): FilterFacts {
  const condition = argAt(call, 0);
  if (condition === null) return OPAQUE_FILTER;
  if (condition === undefined) return NO_FILTER;
  if (getStaticString(context.resolver.resolveValue(condition)) !== undefined || unwrap(condition).type === AST_NODE_TYPES.TemplateLiteral) {
    const sql = readSqlFragment(condition, context);
    if (!sql) return OPAQUE_FILTER;
    return readFragmentCondition(sql.text, sqlConstraintFor(sqlBindings(sql, argAt(call, 1), context), call, context));
  }
  return readObjectFilter(condition, MIKRO_DIALECT, context);
}

// ---------------------------------------------------------------------------------------------
// Receivers

function classifyPath(path: readonly string[]): Receiver['kind'] | 'emrepo' | undefined {
  let state: Receiver['kind'] | 'emrepo' | undefined;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    const next = path[i + 1];
    if (state === undefined) {
      if (step === 'MikroORM' && next === 'init' && path[i + 2] === '()') {
        state = 'orm';
        i += 2;
        continue;
      }
      if (step === 'RequestContext' && next === 'getEntityManager' && path[i + 2] === '()') {
        state = 'em';
        i += 2;
        continue;
      }
      if (step === 'MikroORM' && next === 'new') state = 'orm';
      else if (/EntityManager$/.test(step) && (next === 'new' || next === '@')) state = 'em';
      else if (/EntityRepository$/.test(step) && next === 'new') state = 'repository';
      else if (step === 'InjectRepository' && next === '@') state = 'repository';
      else return undefined;
      i++;
      continue;
    }
    if (state === 'orm' && step === 'em') state = 'em';
    else if (state === 'em' && (step === 'fork' || step === 'getContext') && next === '()') i++;
    else if (state === 'em' && step === 'getRepository' && next === '()') {
      state = 'emrepo';
      i++;
    } else return undefined;
  }
  return state;
}

function resolveReceiver(expression: Node, context: DataContext, depth: number): Receiver | undefined {
  if (depth > 8) return undefined;
  const node = unwrap(expression);
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const callee = getCallee(node);
    // `em.fork()`, `em.getRepository(Document)`
    if (callee?.receiver && (callee.name === 'fork' || callee.name === 'getContext')) {
      const owner = resolveReceiver(callee.receiver, context, depth + 1);
      return owner?.kind === 'em' ? owner : undefined;
    }
    if (callee?.receiver && callee.name === 'getRepository') {
      const owner = resolveReceiver(callee.receiver, context, depth + 1);
      const entity = argAt(node, 0);
      return owner?.kind === 'em' ? { kind: 'repository', entity: entity ? entityName(entity, context) : undefined, shape: owner.shape } : undefined;
    }
  }
  if (node.type === AST_NODE_TYPES.ThisExpression) return thisRepository(node, context);
  // The `em` of `em.transactional(async (em) => …)`.
  const owner = callbackReceiver(node, ['transactional'], context);
  if (owner) {
    const parent = resolveReceiver(owner, context, depth + 1);
    return parent && parent.kind !== 'repository' ? { kind: 'em', shape: parent.shape } : undefined;
  }
  const origin = context.originOf(node);
  if (origin && isFromSource(origin, MIKRO_ORM_SOURCES)) return fromOrigin(origin, node, context);
  const value = context.resolver.resolveValue(node);
  if (value !== node && (value.type === AST_NODE_TYPES.CallExpression || value.type === AST_NODE_TYPES.MemberExpression)) {
    const resolved = resolveReceiver(value, context, depth + 1);
    if (resolved) return resolved;
  }
  if (node.type === AST_NODE_TYPES.MemberExpression && getLastName(node) === 'em') {
    const orm = resolveReceiver(node.object, context, depth + 1);
    if (orm?.kind === 'orm') return { kind: 'em', shape: orm.shape };
  }
  return byName(node, origin, context);
}

function fromOrigin(origin: Origin, node: Node, context: DataContext): Receiver | undefined {
  const kind = classifyPath(origin.path);
  if (!kind) return undefined;
  if (kind === 'emrepo') {
    const entity = origin.created?.arguments[0];
    return { kind: 'repository', entity: entity ? entityName(entity, context) : undefined, shape: false };
  }
  if (kind === 'repository') {
    const declaration = declarationOf(node, context);
    const injected = declaration ? decoratorArgument(declaration, ['InjectRepository']) : undefined;
    const entity = injected ? entityName(injected, context) : declaration ? typeArgumentName(declaration, ['EntityRepository', 'SqlEntityRepository', 'MongoEntityRepository']) : undefined;
    return { kind, entity, shape: false };
  }
  return { kind, shape: false };
}

/** `this` in `class DocumentRepository extends EntityRepository<Document>`. */
function thisRepository(node: TSESTree.ThisExpression, context: DataContext): Receiver | undefined {
  const owner = enclosingClass(node);
  if (!owner) return undefined;
  const base = owner.superClass ? context.originOf(owner.superClass) : undefined;
  if (!isFromSource(base, MIKRO_ORM_SOURCES) || !/EntityRepository$/.test(base?.path.join('.') ?? '')) return undefined;
  const type = owner.superTypeArguments?.params[0];
  const entity = type?.type === AST_NODE_TYPES.TSTypeReference && type.typeName.type === AST_NODE_TYPES.Identifier ? type.typeName.name : undefined;
  return { kind: 'repository', entity, shape: false };
}

/** `em`, `this.em`, `orm.em` known by name, outside files that use TypeORM (whose managers go by `em` too). */
function byName(node: Node, origin: Origin | undefined, context: DataContext): Receiver | undefined {
  if (context.importsFrom(['typeorm', '@nestjs/typeorm'])) return undefined;
  const name = getLastName(node);
  if (isClientShape(origin, name, /^em$/)) return { kind: 'em', shape: true };
  if (context.importsFrom(MIKRO_ORM_SOURCES) && isClientShape(origin, name, /(^repo|Repo|Repository)$/)) {
    const declaration = declarationOf(node, context);
    return { kind: 'repository', entity: declaration ? typeArgumentName(declaration, ['EntityRepository']) : undefined, shape: true };
  }
  return undefined;
}
