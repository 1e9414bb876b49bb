import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { findProperty, getCallee, getLastName, getStaticString, isFunction, unwrap } from '../../util/ast';
import { argAt } from '../jobs/types';
import { isFromSource, type Origin } from '../resolve';
import { gatherChain, isPendingBuilder, type BuilderShape, type GatheredLink } from './builders';
import { NO_FILTER, OPAQUE_FILTER, allOf, conditionalFacts, tenantEquality, type FilterFacts } from './filters';
import { readObjectFilter, readOrArray, type ObjectDialect } from './object-filter';
import { MIKRO_ORM_SOURCES, declarationOf, decoratorArgument, entityName, isOwnModule, typeArgumentName } from './receivers';
import { chainOf, type ChainLink, type DataContext, type DataLayer, type QueryFacts, type QueryKind } from './types';

type Node = TSESTree.Node;
type Call = TSESTree.CallExpression;

const MONGOOSE_SOURCES = ['mongoose'];
const DRIVER_SOURCES = ['mongodb'];
const NEST_SOURCES = ['@nestjs/mongoose'];
const TYPEGOOSE_SOURCES = ['@typegoose/typegoose'];
const FIRESTORE_SOURCES = ['firebase-admin', 'firebase', '@google-cloud/firestore', '@firebase/firestore'];
/** Libraries whose models are PascalCase imports too: a file using them is not matched by shape here. */
const OTHER_ORMS = ['typeorm', '@nestjs/typeorm', 'sequelize', '@sequelize/core', 'sequelize-typescript', '@nestjs/sequelize', ...MIKRO_ORM_SOURCES];

/** Methods whose filter is the first argument, and what they do. */
const FILTER_METHODS: ReadonlyMap<string, QueryKind> = new Map([
  ['find', 'read'],
  ['findOne', 'read'],
  ['countDocuments', 'read'],
  ['count', 'read'],
  ['exists', 'read'],
  ['findOneAndUpdate', 'update'],
  ['findOneAndReplace', 'update'],
  ['updateOne', 'update'],
  ['updateMany', 'update'],
  ['update', 'update'],
  ['replaceOne', 'update'],
  ['findOneAndDelete', 'delete'],
  ['findOneAndRemove', 'delete'],
  ['deleteOne', 'delete'],
  ['deleteMany', 'delete'],
  ['remove', 'delete'],
]);
/** Mongoose's by-id methods. */
const BY_ID: ReadonlyMap<string, QueryKind> = new Map([
  ['findById', 'read'],
  ['findByIdAndUpdate', 'update'],
  ['findByIdAndDelete', 'delete'],
  ['findByIdAndRemove', 'delete'],
]);
const INSERTS = new Set(['insertOne', 'insertMany', 'create']);
const OTHER_READS = new Set(['distinct', 'aggregate', 'estimatedDocumentCount']);
/** Query methods that add conditions to a Mongoose query (`.where('orgId').equals(v)`). */
const CONDITIONS = new Set(['where', 'equals', 'eq', 'in', 'and', 'or', 'nor', 'find', 'findOne', 'match']);
const REFINERS = new Set([...CONDITIONS, 'sort', 'limit', 'skip', 'select', 'lean', 'populate', 'session', 'setOptions', 'collation', 'hint', 'projection']);

const MONGO_NAMES: ReadonlySet<string> = new Set([...FILTER_METHODS.keys(), ...BY_ID.keys(), ...INSERTS, ...OTHER_READS, ...REFINERS, 'exec']);

const isOperation = (name: string): boolean =>
  FILTER_METHODS.has(name) || BY_ID.has(name) || INSERTS.has(name) || OTHER_READS.has(name);

/** The Mongo layer, with how the MongoDB driver treats `undefined` filter values. */
export interface MongoLayer extends DataLayer {
  /**
   * The driver is configured with `ignoreUndefined: true`: a key whose value is undefined is then
   * dropped (reference section 2: OPEN). By default it is serialised as `null` (CLOSED).
   */
  readonly driverIgnoresUndefined: boolean;
}

/** What a call is made on: a Mongoose model or a driver collection. */
interface Target {
  readonly kind: 'model' | 'collection';
  readonly name: string | undefined;
  readonly shape: boolean;
}

/** A Mongo layer for a driver configuration (see {@link MongoLayer.driverIgnoresUndefined}). */
export function createMongoLayer(options: { readonly driverIgnoresUndefined: boolean }): MongoLayer {
  const dialect = (dropsUndefined: boolean): ObjectDialect => ({
    and: ['$and'],
    or: ['$or'],
    not: ['$nor', '$not'],
    opaqueKeys: ['$expr', '$where', '$function'],
    eq: ['$eq'],
    in: ['$in'],
    relations: true,
    idKeys: ['_id', 'id'],
    dropsUndefined,
    unwrapValue: (value) => {
      // `new ObjectId(orgId)`, `new Types.ObjectId(orgId)`: the id inside.
      if ((value.type === AST_NODE_TYPES.NewExpression || value.type === AST_NODE_TYPES.CallExpression) && /^ObjectI[dD]$/.test(getLastName(value.callee) ?? '')) {
        const inner = value.arguments[0];
        return inner && inner.type !== AST_NODE_TYPES.SpreadElement ? { kind: 'eq', value: inner } : undefined;
      }
      return undefined;
    },
  });
  const mongooseDialect = dialect(false);
  const driverDialect = dialect(options.driverIgnoresUndefined);
  const builder: BuilderShape = {
    refiners: REFINERS,
    isBuilder: (chain, context) => operationOf(chain.root, chain.links, context) !== undefined,
  };
  return {
    id: 'mongo',
    name: 'Mongoose / MongoDB driver',
    sources: [...MONGOOSE_SOURCES, ...DRIVER_SOURCES, ...NEST_SOURCES, ...TYPEGOOSE_SOURCES],
    driverIgnoresUndefined: options.driverIgnoresUndefined,
    matchQuery(node, context) {
      // A cheap first test: the chain names a Mongo operation or query method.
      if (node.type !== AST_NODE_TYPES.CallExpression || !chainOf(node).links.some((link) => MONGO_NAMES.has(link.name))) return undefined;
      const chain = gatherChain(node, context, builder);
      const found = operationOf(chain.root, chain.links, context);
      if (!found) return undefined;
      if (isPendingBuilder(node, context, builder)) return undefined;
      const { index, target } = found;
      const link = chain.links[index];
      const objectDialect = target.kind === 'collection' ? driverDialect : mongooseDialect;
      if (target.shape && !isShapeCall(link, target, context)) return undefined;
      return readQuery(node, link, chain.links.slice(index + 1), target, chain.opaque, objectDialect, context);
    },
  };
}

/**
 * Mongoose models and MongoDB driver collections. The driver keeps `undefined` as `null` by
 * default but drops the key with `ignoreUndefined: true`, an option of the client, which is
 * configured in another module than the handler: driver filters count as dropping (the
 * conservative side, as for a data layer the file cannot tell apart). Mongoose keeps the key.
 */
export const mongo: MongoLayer = createMongoLayer({ driverIgnoresUndefined: true });

/** The first link that runs an operation on a model or collection (`Doc.find`, `db.collection('x').updateMany`). */
function operationOf(root: Node, links: readonly ChainLink[], context: DataContext): { index: number; target: Target } | undefined {
  for (let index = 0; index < links.length; index++) {
    const link = links[index];
    // `Doc.where('orgId').equals(v)` starts a query on the model itself.
    if (!isOperation(link.name) && !(index === 0 && link.name === 'where')) continue;
    const receiver = getCallee(link.call)?.receiver ?? (index === 0 ? root : undefined);
    const target = receiver ? targetOf(receiver, context, 0) : undefined;
    if (target && (target.kind === 'model' || link.name !== 'where')) return { index, target };
    if (index === 0 && !target) return undefined;
  }
  return undefined;
}

/** A model or a collection, by import first, then by the shape of a name. */
function targetOf(node: Node, context: DataContext, depth: number): Target | undefined {
  if (depth > 8) return undefined;
  const inner = unwrap(node);
  // `db.collection('documents')`, `client.db('app').collection('documents')`
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    const callee = getCallee(inner);
    const name = getStaticString(context.resolver.resolveValue(argAt(inner, 0) ?? inner));
    if (callee?.receiver && callee.name === 'collection' && name !== undefined) {
      const origin = context.originOf(callee.receiver);
      const known = isFromSource(origin, [...DRIVER_SOURCES, ...MONGOOSE_SOURCES]);
      // Firestore has `collection('x')` too (with `where`, `doc`, `get`, and `count()`).
      if (!known && context.importsFrom(FIRESTORE_SOURCES)) return undefined;
      return { kind: 'collection', name, shape: !known };
    }
  }
  if (inner.type === AST_NODE_TYPES.LogicalExpression) {
    // `mongoose.models.Doc || mongoose.model('Doc', schema)`
    return targetOf(inner.right, context, depth + 1) ?? targetOf(inner.left, context, depth + 1);
  }
  const origin = context.originOf(inner);
  const fromImport = fromOrigin(origin, inner, context);
  if (fromImport) return fromImport;
  const value = context.resolver.resolveValue(inner);
  if (value !== inner) {
    const resolved = targetOf(value, context, depth + 1);
    if (resolved) return resolved;
  }
  // A model imported from the project's own models module: `import { Document } from '../models'`.
  const name = getLastName(inner);
  if (origin && isOwnModule(origin.source) && name && /^[A-Z]/.test(name) && !origin.path.includes('()') && !origin.path.includes('new')) {
    if (!context.importsFrom(OTHER_ORMS)) return { kind: 'model', name, shape: true };
  }
  return undefined;
}

function fromOrigin(origin: Origin | undefined, node: Node, context: DataContext): Target | undefined {
  if (!origin) return undefined;
  const path = origin.path;
  const last = path[path.length - 1];
  const beforeLast = path[path.length - 2];
  const createdName = (): string | undefined => {
    const first = origin.created?.arguments[0];
    return first ? entityName(first, context) : undefined;
  };
  if (isFromSource(origin, MONGOOSE_SOURCES)) {
    if (last === '()' && beforeLast === 'model') return { kind: 'model', name: createdName() ?? getLastName(node), shape: false };
    if (last === '()' && beforeLast === 'collection') return { kind: 'collection', name: createdName(), shape: false };
    if (beforeLast === 'models' && last !== undefined) return { kind: 'model', name: last, shape: false };
    if (last === 'new' && beforeLast === 'Model') {
      return { kind: 'model', name: modelTypeName(node, context) ?? origin.typeArguments?.[0] ?? getLastName(node), shape: false };
    }
    return undefined;
  }
  if (isFromSource(origin, DRIVER_SOURCES)) {
    if (last === '()' && beforeLast === 'collection') return { kind: 'collection', name: createdName(), shape: false };
    if (last === 'new' && beforeLast === 'Collection') {
      const declaration = declarationOf(node, context);
      return { kind: 'collection', name: (declaration ? typeArgumentName(declaration, ['Collection']) : undefined) ?? origin.typeArguments?.[0], shape: false };
    }
    return undefined;
  }
  if (isFromSource(origin, NEST_SOURCES) && last === '@' && beforeLast === 'InjectModel') {
    return { kind: 'model', name: modelTypeName(node, context) ?? getLastName(node), shape: false };
  }
  if (isFromSource(origin, TYPEGOOSE_SOURCES) && last === '()' && beforeLast === 'getModelForClass') {
    return { kind: 'model', name: createdName() ?? getLastName(node), shape: false };
  }
  return undefined;
}

/** `@InjectModel(Document.name)` gives `Document`; else `Model<Document>`. */
function modelTypeName(node: Node, context: DataContext): string | undefined {
  const declaration = declarationOf(node, context);
  if (!declaration) return undefined;
  const argument = decoratorArgument(declaration, ['InjectModel']);
  if (argument) return entityName(argument, context);
  return typeArgumentName(declaration, ['Model']);
}

/**
 * A model or collection known only by its shape must be used as Mongo is: a filter method (not
 * Firestore's `count()`) with a filter that is not Sequelize options or an array callback.
 */
function isShapeCall(link: ChainLink, target: Target, context: DataContext): boolean {
  if (target.kind === 'collection') return link.name !== 'count';
  if (INSERTS.has(link.name)) return false;
  const filter = argAt(link.call, link.name === 'distinct' ? 1 : 0);
  if (!filter) return true;
  const value = context.resolver.resolveValue(filter);
  // `Users.find((user) => …)`, `Cache.find('key')`: not a filter document.
  if (isFunction(value) || getStaticString(value) !== undefined || value.type === AST_NODE_TYPES.Literal) return false;
  return !(value.type === AST_NODE_TYPES.ObjectExpression && findProperty(value, 'where'));
}

function readQuery(
  top: Call,
  link: ChainLink,
  rest: readonly GatheredLink[],
  target: Target,
  opaqueChain: boolean,
  dialect: ObjectDialect,
  context: DataContext,
): QueryFacts {
  // `Doc.where('orgId').equals(v).deleteMany()`: the operation is the first method after the conditions.
  const later = link.name === 'where' ? rest.find((other) => FILTER_METHODS.has(other.name)) : undefined;
  const name = link.name === 'where' ? (later?.name ?? 'find') : link.name;
  const base = { layer: 'mongo', node: top, model: target.name, operation: name };
  if (INSERTS.has(name)) return { ...base, kind: 'insert', constraints: [], opaque: false };
  let kind: QueryKind = 'read';
  let own: FilterFacts = NO_FILTER;
  let filterArg: Node | undefined | null;
  let byId = false;
  if (link.name === 'where') kind = FILTER_METHODS.get(name) ?? 'read';
  else if (FILTER_METHODS.has(name)) {
    kind = FILTER_METHODS.get(name) ?? 'read';
    filterArg = argAt(link.call, 0);
  } else if (BY_ID.has(name)) {
    kind = BY_ID.get(name) ?? 'read';
    byId = true;
  } else if (name === 'distinct') filterArg = argAt(link.call, 1);
  else if (name === 'aggregate') own = readPipeline(link.call, rest, dialect, context);
  if (filterArg !== undefined) own = readObjectFilter(filterArg, dialect, context);
  const conditions = link.name === 'where' ? [{ ...link, conditional: false }, ...rest] : name === 'aggregate' ? [] : rest;
  const chained = readConditions(conditions, dialect, context);
  const filter = allOf([own, chained]);
  const inline = filterArg ? unwrap(filterArg) : undefined;
  return {
    ...base,
    kind,
    constraints: filter.constraints,
    opaque: filter.opaque || opaqueChain,
    ...(byId || own.byId ? { byId: true } : {}),
    fix: inline?.type === AST_NODE_TYPES.ObjectExpression ? { filterObject: inline } : undefined,
  };
}

/** `aggregate([{ $match }, …])` or `aggregate().match({ … })`: only a `$match` as the first stage constrains every row. */
function readPipeline(call: Call, rest: readonly GatheredLink[], dialect: ObjectDialect, context: DataContext): FilterFacts {
  const pipeline = argAt(call, 0);
  if (pipeline === null) return OPAQUE_FILTER;
  if (pipeline === undefined) {
    const next = rest[0];
    if (next?.name !== 'match') return NO_FILTER;
    const facts = readObjectFilter(argAt(next.call, 0), dialect, context);
    return next.conditional ? conditionalFacts(facts) : facts;
  }
  const value = context.resolver.resolveValue(pipeline);
  if (value.type !== AST_NODE_TYPES.ArrayExpression) return OPAQUE_FILTER;
  const first = value.elements[0];
  if (!first) return NO_FILTER;
  if (first.type === AST_NODE_TYPES.SpreadElement) return OPAQUE_FILTER;
  const stage = context.resolver.resolveValue(first);
  if (stage.type !== AST_NODE_TYPES.ObjectExpression) return OPAQUE_FILTER;
  const match = findProperty(stage, '$match');
  return match ? readObjectFilter(match.value, dialect, context) : NO_FILTER;
}

/** Conditions chained on a Mongoose query: `.where('orgId').equals(v)`, `.where({ orgId })`, `.find(extra)`, `.or([…])`. */
function readConditions(links: readonly GatheredLink[], dialect: ObjectDialect, context: DataContext): FilterFacts {
  const parts: FilterFacts[] = [];
  let path: string | undefined;
  for (const link of links) {
    if (!CONDITIONS.has(link.name)) continue;
    let facts = NO_FILTER;
    const first = argAt(link.call, 0);
    const second = argAt(link.call, 1);
    switch (link.name) {
      case 'where': {
        if (first === null) {
          facts = OPAQUE_FILTER;
          break;
        }
        const column = first ? getStaticString(context.resolver.resolveValue(first)) : undefined;
        if (column !== undefined) {
          path = column;
          if (second !== undefined) facts = equality(column, second, link.call, dialect, context);
        } else if (first) facts = readObjectFilter(first, dialect, context);
        break;
      }
      case 'equals':
      case 'eq':
        if (path !== undefined) facts = equality(path, first, link.call, dialect, context);
        break;
      case 'in':
        // `.where('orgId').in([v])` or `.in('orgId', [v])`
        facts = second === undefined ? listEquality(path, first, link.call, dialect, context) : listEquality(stringOf(first, context), second, link.call, dialect, context);
        break;
      case 'find':
      case 'findOne':
      case 'and':
        facts = link.name === 'and' ? readLogicalList(first, 'and', dialect, context) : readObjectFilter(first, dialect, context);
        break;
      case 'or':
        facts = readLogicalList(first, 'or', dialect, context);
        break;
      default:
        break;
    }
    parts.push(link.conditional ? conditionalFacts(facts) : facts);
  }
  return parts.length === 0 ? NO_FILTER : allOf(parts);
}

function stringOf(node: Node | null | undefined, context: DataContext): string | undefined {
  return node ? getStaticString(context.resolver.resolveValue(node)) : undefined;
}

function readLogicalList(node: Node | null | undefined, mode: 'and' | 'or', dialect: ObjectDialect, context: DataContext): FilterFacts {
  if (!node) return node === null ? OPAQUE_FILTER : NO_FILTER;
  const value = context.resolver.resolveValue(node);
  if (value.type !== AST_NODE_TYPES.ArrayExpression) return OPAQUE_FILTER;
  if (mode === 'or') return readOrArray(value, dialect, context);
  if (value.elements.some((element) => !element || element.type === AST_NODE_TYPES.SpreadElement)) return OPAQUE_FILTER;
  return allOf(value.elements.map((element) => readObjectFilter(element as Node, dialect, context)));
}

function equality(column: string, value: Node | null | undefined, call: Call, dialect: ObjectDialect, context: DataContext): FilterFacts {
  if (value === null) return OPAQUE_FILTER;
  return tenantEquality(column, value, call, dialect.dropsUndefined, context);
}

function listEquality(column: string | undefined, list: Node | null | undefined, call: Call, dialect: ObjectDialect, context: DataContext): FilterFacts {
  if (column === undefined || list === null) return column === undefined ? NO_FILTER : OPAQUE_FILTER;
  if (!list) return NO_FILTER;
  const value = context.resolver.resolveValue(list);
  if (value.type !== AST_NODE_TYPES.ArrayExpression) return context.isTenantColumn(column) ? OPAQUE_FILTER : NO_FILTER;
  if (value.elements.length !== 1 || !value.elements[0] || value.elements[0].type === AST_NODE_TYPES.SpreadElement) return NO_FILTER;
  return equality(column, value.elements[0], call, dialect, context);
}
