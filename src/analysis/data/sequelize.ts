import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { findProperty, getCallee, getKeyName, getLastName, getMemberName, getStaticString, unwrap } from '../../util/ast';
import { argAt, asObject } from '../jobs/types';
import { isFromSource, type Origin } from '../resolve';
import { NO_FILTER, allOf, filterFields, type FilterFacts } from './filters';
import { inlineFilterFix, readObjectFilter, readWhereOption, type FilterAndFix, type ObjectDialect } from './object-filter';
import { declarationOf, decoratorArgument, entityName, isClientShape, isOwnModule } from './receivers';
import { rawQueryFacts, readSqlFragment, sqlBindings } from './sql-fragments';
import type { ChainLink, Constraint, DataContext, DataLayer, QueryFacts, QueryKind } from './types';

type Node = TSESTree.Node;
type Call = TSESTree.CallExpression;

const V6_SOURCES = ['sequelize', 'sequelize-typescript'];
/** Sequelize 7 treats an `undefined` where value as absent (sequelize/sequelize PR #15703): OPEN. */
const V7_SOURCES = ['@sequelize/core'];
const NEST_SOURCES = ['@nestjs/sequelize'];
const SOURCES = [...V6_SOURCES, ...V7_SOURCES];
/** ORMs whose entities are PascalCase imports with `findOne({ where })` too. */
const OTHER_ORMS = ['typeorm', '@nestjs/typeorm', 'mongoose', '@nestjs/mongoose'];

/** Static methods and where their options object sits. */
const METHODS: ReadonlyMap<string, { readonly options: number; readonly kind: QueryKind }> = new Map([
  ['findAll', { options: 0, kind: 'read' }],
  ['findOne', { options: 0, kind: 'read' }],
  ['findAndCountAll', { options: 0, kind: 'read' }],
  ['count', { options: 0, kind: 'read' }],
  ['findOrCreate', { options: 0, kind: 'read' }],
  ['destroy', { options: 0, kind: 'delete' }],
  ['restore', { options: 0, kind: 'update' }],
  ['max', { options: 1, kind: 'read' }],
  ['min', { options: 1, kind: 'read' }],
  ['sum', { options: 1, kind: 'read' }],
  ['update', { options: 1, kind: 'update' }],
  ['increment', { options: 1, kind: 'update' }],
  ['decrement', { options: 1, kind: 'update' }],
  ['aggregate', { options: 2, kind: 'read' }],
]);
const INSERTS = new Set(['create', 'bulkCreate', 'upsert']);
/** Methods a model known only by its name may be matched with: they take options with `where`. */
const SHAPE_METHODS = new Set(['findAll', 'findOne', 'findAndCountAll', 'count', 'destroy', 'restore', 'max', 'min', 'sum', 'update']);
const TRAILING = new Set(['then', 'catch', 'finally']);

const dialect = (dropsUndefined: boolean): ObjectDialect => ({
  and: ['$and'],
  or: ['$or'],
  not: ['$not'],
  eq: ['$eq'],
  in: ['$in'],
  relations: false,
  arrayIsIn: true,
  dropsUndefined,
  readKey: (property, context) => {
    if (!property.computed) return getKeyName(property.key, false);
    return operatorKey(property.key, context) ?? getKeyName(property.key, true);
  },
});
const V6_DIALECT = dialect(false);
const V7_DIALECT = dialect(true);

/** `[Op.and]` reads as `$and`. */
function operatorKey(key: TSESTree.Expression | TSESTree.PrivateIdentifier, context: DataContext): string | undefined {
  if (key.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = getMemberName(key);
  if (name === undefined) return undefined;
  const object = unwrap(key.object);
  const origin = context.originOf(object);
  const isOp = getLastName(object) === 'Op' || (isFromSource(origin, SOURCES) && origin?.path[origin.path.length - 1] === 'Op');
  return isOp ? `$${name}` : undefined;
}

/** A Sequelize model: its name as written and whether it is Sequelize 7. */
interface ModelRef {
  readonly name: string | undefined;
  readonly v7: boolean;
  readonly shape: boolean;
}

/**
 * Sequelize: model statics (`findAll`, `update(values, { where })`, `destroy`, `findByPk` …) on a
 * class extending `Model`, a `sequelize.define` result or a NestJS `@InjectModel`, scopes
 * (`Model.scope({ method: ['tenant', orgId] })`), and `sequelize.query(sql, { replacements })`.
 */
export const sequelize: DataLayer = {
  id: 'sequelize',
  name: 'Sequelize',
  sources: [...SOURCES, ...NEST_SOURCES],
  matchQuery(node, context) {
    if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const callee = getCallee(node);
    if (!callee?.receiver) return undefined;
    let links = chainLinks(node);
    while (links.length > 0 && TRAILING.has(links[links.length - 1].name)) links = links.slice(0, -1);
    const method = links[links.length - 1];
    if (!method) return undefined;
    const methodCallee = getCallee(method.call);
    if (!methodCallee?.receiver) return undefined;
    if (method.name === 'query') return matchRawQuery(method.call, methodCallee.receiver, node, context);
    const known = METHODS.get(method.name);
    if (!known && method.name !== 'findByPk' && !INSERTS.has(method.name)) return undefined;
    // Scopes between the model and the method: `Doc.scope(…).unscoped().findAll()`.
    let receiver: Node = methodCallee.receiver;
    const scopes: ChainLink[] = [];
    for (;;) {
      const inner = unwrap(receiver);
      if (inner.type !== AST_NODE_TYPES.CallExpression) break;
      const step = getCallee(inner);
      if (!step?.receiver || (step.name !== 'scope' && step.name !== 'unscoped' && step.name !== 'schema')) break;
      scopes.unshift({ name: step.name, call: inner });
      receiver = step.receiver;
    }
    const model = modelOf(receiver, context, 0);
    if (!model) return undefined;
    if (model.shape && !isShapeCall(method, known?.options, context)) return undefined;
    const objectDialect = model.v7 ? V7_DIALECT : V6_DIALECT;
    const scoped = readScopes(scopes, context);
    const base = { layer: 'sequelize', node, model: model.name, operation: method.name };
    if (INSERTS.has(method.name)) return { ...base, kind: 'insert', constraints: [], opaque: false };
    if (method.name === 'findByPk') {
      // findByPk replaces `options.where` with the primary key: only scopes can constrain it.
      return { ...base, kind: 'read', ...filterFields(scoped), byId: true };
    }
    if (!known) return undefined;
    const { filter, fix } = readOptions(argAt(method.call, known.options), objectDialect, context);
    return { ...base, kind: known.kind, ...filterFields(allOf([scoped, filter])), fix };
  },
};

function chainLinks(top: Call): ChainLink[] {
  const links: ChainLink[] = [];
  let current: Node = top;
  for (;;) {
    const inner = unwrap(current);
    if (inner.type !== AST_NODE_TYPES.CallExpression) break;
    const callee = getCallee(inner);
    if (!callee?.receiver) break;
    links.unshift({ name: callee.name, call: inner });
    if (!TRAILING.has(callee.name)) break;
    current = callee.receiver;
  }
  return links;
}

/** `options.where`, read with the dialect; `fix` points at the where object or at options without one. */
function readOptions(options: Node | null | undefined, objectDialect: ObjectDialect, context: DataContext): FilterAndFix {
  return readWhereOption(options, context, (where) => ({ filter: readObjectFilter(where, objectDialect, context), fix: inlineFilterFix(where) }));
}

/**
 * Scope calls: `scope({ method: ['tenant', orgId] })` (or a list of scopes) whose arguments hold a
 * tenant value is a constraint on the scope's name; `unscoped()` removes the scopes before it.
 */
function readScopes(links: readonly ChainLink[], context: DataContext): FilterFacts {
  let constraints: Constraint[] = [];
  for (const link of links) {
    if (link.name === 'unscoped') {
      constraints = [];
      continue;
    }
    if (link.name !== 'scope') continue;
    for (const argument of link.call.arguments) {
      const value = context.resolver.resolveValue(argument);
      const scopes = value.type === AST_NODE_TYPES.ArrayExpression ? value.elements : [value];
      for (const scope of scopes) {
        if (!scope || scope.type === AST_NODE_TYPES.SpreadElement) continue;
        const object = asObject(scope, context);
        const method = object ? findProperty(object, 'method') : undefined;
        const list = method ? context.resolver.resolveValue(method.value) : undefined;
        if (list?.type !== AST_NODE_TYPES.ArrayExpression) continue;
        const [nameNode, ...args] = list.elements;
        const name = nameNode && nameNode.type !== AST_NODE_TYPES.SpreadElement ? getStaticString(context.resolver.resolveValue(nameNode)) : undefined;
        if (name === undefined) continue;
        for (const arg of args) {
          if (arg && arg.type !== AST_NODE_TYPES.SpreadElement && isTenantValue(arg, context)) constraints.push({ column: name, value: arg, node: link.call });
        }
      }
    }
  }
  return constraints.length > 0 ? { constraints, opaque: false } : NO_FILTER;
}

/** A value named as a tenant id (`orgId`, `job.data.organizationId`) or `<tenant model>.id` (`org.id`). */
function isTenantValue(node: Node, context: DataContext): boolean {
  const value = unwrap(node);
  const name = getLastName(value);
  if (name !== undefined && context.settings.isTenantKey(name)) return true;
  if (value.type === AST_NODE_TYPES.MemberExpression && name === 'id') {
    const owner = getLastName(value.object);
    return owner !== undefined && context.settings.isTenantModel(owner);
  }
  return false;
}

/** A model known by its name only must be called with options that hold `where` (`findByPk` is not matched so). */
function isShapeCall(method: ChainLink, options: number | undefined, context: DataContext): boolean {
  if (!SHAPE_METHODS.has(method.name) || options === undefined) return false;
  const object = asObject(argAt(method.call, options), context);
  return !!object && findProperty(object, 'where') !== undefined;
}

/** The model a static is called on. */
function modelOf(node: Node, context: DataContext, depth: number): ModelRef | undefined {
  if (depth > 8) return undefined;
  const inner = unwrap(node);
  const name = getLastName(inner);
  // `class Document extends Model {}` in this file.
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const def = context.resolver.findVariable(inner)?.defs[0];
    if (def?.type === 'ClassName') {
      const declaration = def.node as TSESTree.ClassDeclaration;
      const base = declaration.superClass ? context.originOf(declaration.superClass) : undefined;
      if (isFromSource(base, SOURCES) && base?.path[base.path.length - 1] === 'Model') return { name, v7: isFromSource(base, V7_SOURCES), shape: false };
      return undefined;
    }
  }
  const origin = context.originOf(inner);
  if (origin && isFromSource(origin, SOURCES)) return fromOrigin(origin, name);
  if (origin && isFromSource(origin, NEST_SOURCES) && origin.path.join('.') === 'InjectModel.@') {
    const declaration = declarationOf(inner, context);
    const injected = declaration ? decoratorArgument(declaration, ['InjectModel']) : undefined;
    return { name: injected ? entityName(injected, context) : name, v7: false, shape: false };
  }
  // `const Document = sequelize.define('Document', …)` with a client known by name.
  const value = context.resolver.resolveValue(inner);
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const callee = getCallee(value);
    if (callee?.receiver && callee.name === 'define') {
      const client = isSequelizeClient(callee.receiver, context);
      return client ? { name, v7: client === 'v7', shape: false } : undefined;
    }
  }
  // A model imported from the project's models module: `import { Document } from '../models'`, `db.Document`.
  if (origin && isOwnModule(origin.source) && name && /^[A-Z]/.test(name) && !origin.path.includes('()') && !origin.path.includes('new')) {
    return context.importsFrom(OTHER_ORMS) ? undefined : { name, v7: false, shape: true };
  }
  return undefined;
}

function fromOrigin(origin: Origin, name: string | undefined): ModelRef | undefined {
  const path = origin.path;
  const v7 = isFromSource(origin, V7_SOURCES);
  const instance = path.indexOf('new');
  // `sequelize.models.Document`, `sequelize.model('Document')`, `sequelize.define('Document', …)`
  if (instance === 1 && path[0] === 'Sequelize') {
    const rest = path.slice(2);
    if (rest.length === 2 && rest[0] === 'models') return { name: rest[1], v7, shape: false };
    if (rest.length === 2 && (rest[0] === 'model' || rest[0] === 'define') && rest[1] === '()') return { name, v7, shape: false };
  }
  return undefined;
}

/** A Sequelize instance: `new Sequelize(…)` from 'sequelize', or by name `sequelize`. */
function isSequelizeClient(node: Node, context: DataContext): 'v6' | 'v7' | undefined {
  const inner = unwrap(node);
  const origin = context.originOf(inner);
  if (isFromSource(origin, SOURCES)) {
    if (origin?.path.join('.') !== 'Sequelize.new') return undefined;
    return isFromSource(origin, V7_SOURCES) ? 'v7' : 'v6';
  }
  return isClientShape(origin, getLastName(inner), /^sequelize$/) ? 'v6' : undefined;
}

/** `sequelize.query(sql, { replacements, bind })`: kind and table, a constraint only for `tenant_col = ?`/`:name`/`$1`. */
function matchRawQuery(call: Call, receiver: Node, top: Call, context: DataContext): QueryFacts | undefined {
  if (!isSequelizeClient(receiver, context)) return undefined;
  const text = argAt(call, 0);
  if (!text) return undefined;
  const sql = readSqlFragment(text, context);
  const options = asObject(argAt(call, 1), context);
  const replacements = options ? findProperty(options, 'replacements')?.value : undefined;
  const bind = options ? findProperty(options, 'bind')?.value : undefined;
  const fromReplacements = sqlBindings(sql, replacements, context);
  const fromBind = sqlBindings(sql, bind, context);
  const lookup = (placeholder: string): Node | undefined =>
    placeholder.startsWith('$') ? fromBind(placeholder) : fromReplacements(placeholder);
  return { ...rawQueryFacts('sequelize', call, sql, lookup, context), node: top };
}
