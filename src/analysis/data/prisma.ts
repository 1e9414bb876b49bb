import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { getCallee, getKeyName, getMemberName, unwrap } from '../../util/ast';
import { asObject, elementsOf } from '../jobs/types';
import { isFromSource } from '../resolve';
import { callbackOwner, clientName, isProjectSource, isShapeClient } from './receivers';
import { opaqueRawQuery, templateQuery, textQuery, valuesFromArguments } from './sql';
import { chainOf, type Constraint, type DataContext, type DataLayer, type QueryFacts, type QueryKind } from './types';
import { option, readInsertedRows, readWhereInput, type WhereInputDialect } from './where-input';

type Node = TSESTree.Node;

const SOURCES = ['@prisma/client', '.prisma/client', '@zenstackhq/runtime'];

interface Operation {
  readonly kind: QueryKind;
  /** The filter is a `WhereUniqueInput`: one row by its id or unique key. */
  readonly byId?: boolean;
}

/** Model delegate methods (the runtime's `Operation` union, reference 3.1). */
const OPERATIONS: ReadonlyMap<string, Operation> = new Map(Object.entries({
  findUnique: { kind: 'read', byId: true },
  findUniqueOrThrow: { kind: 'read', byId: true },
  findFirst: { kind: 'read' },
  findFirstOrThrow: { kind: 'read' },
  findMany: { kind: 'read' },
  count: { kind: 'read' },
  aggregate: { kind: 'read' },
  groupBy: { kind: 'read' },
  update: { kind: 'update', byId: true },
  updateMany: { kind: 'update' },
  updateManyAndReturn: { kind: 'update' },
  upsert: { kind: 'update', byId: true },
  delete: { kind: 'delete', byId: true },
  deleteMany: { kind: 'delete' },
  create: { kind: 'insert' },
  createMany: { kind: 'insert' },
  createManyAndReturn: { kind: 'insert' },
} satisfies Record<string, Operation>));

/** Mongo-provider raw delegate methods: a filter or pipeline the layer does not read. */
const RAW_DELEGATE_OPERATIONS = new Set(['findRaw', 'aggregateRaw']);
const RAW_TEMPLATES = new Set(['$queryRaw', '$executeRaw']);
const RAW_UNSAFE = new Set(['$queryRawUnsafe', '$executeRawUnsafe']);
const RAW_OPAQUE = new Set(['$queryRawTyped', '$runCommandRaw']);

/** The keys of a delegate method's argument (a shape match accepts nothing else). */
const ARG_KEYS = new Set([
  'where',
  'data',
  'select',
  'include',
  'omit',
  'orderBy',
  'take',
  'skip',
  'cursor',
  'distinct',
  'by',
  'having',
  'create',
  'update',
  'skipDuplicates',
  'relationLoadStrategy',
  '_count',
  '_sum',
  '_avg',
  '_min',
  '_max',
]);

/** Libraries whose models have Prisma's `db.model.count({ where })` shape. */
const OTHER_ORMS = ['sequelize', '@sequelize/core', 'sequelize-typescript'];

/** Receivers recognised by name when no import says what they are (`prisma`, `db`, `tx`, `this.prisma`, `ctx.db`). */
const SHAPE_NAMES = /[pP]risma|^(db|tx|trx|database)$|^db[A-Z_]|[a-z](Db|DB)$/;

type Recognition = 'known' | 'shape' | undefined;

/**
 * Whether an expression is a Prisma client: `new PrismaClient()` (any generator output), a
 * `Prisma.TransactionClient`, a ZenStack `enhance(…)`, a client's `$extends(…)`, the `tx` of its
 * `$transaction(async (tx) => …)`; or, by name, a client from the project's own module.
 */
function recognise(node: Node, context: DataContext, depth = 0): Recognition {
  if (depth > 8) return undefined;
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const owner = callbackOwner(inner, context);
    if (owner?.name === '$transaction' && owner.param === 0 && owner.receiver) {
      return recognise(owner.receiver, context, depth + 1) ?? (SHAPE_NAMES.test(inner.name) ? 'shape' : undefined);
    }
    const value = context.resolver.resolveValue(inner);
    if (value !== inner && value.type === AST_NODE_TYPES.CallExpression && getCallee(value)?.name === '$extends') {
      return recognise(value, context, depth + 1);
    }
  }
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    const callee = getCallee(inner);
    if (callee?.name === '$extends' && callee.receiver) return recognise(callee.receiver, context, depth + 1);
  }
  const origin = context.originOf(inner);
  if (origin) {
    const path = origin.path[0] === 'default' ? origin.path.slice(1) : origin.path;
    if (path[0] === 'PrismaClient') return 'known';
    if (isFromSource(origin, SOURCES)) return path[0] === 'Prisma' || path[0] === 'enhance' ? 'known' : undefined;
  }
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    // A factory of the project's own (`getTenantDb(orgId).document.findMany(…)`).
    return origin && isProjectSource(origin.source) ? 'shape' : undefined;
  }
  return isShapeClient(inner, context, SHAPE_NAMES) ? 'shape' : undefined;
}

/** Prisma's `where` and written `data`, in the grammar where-input.ts reads. */
const WHERE: WhereInputDialect = { equals: ['equals'], through: ['is', 'some'], never: ['isNot', 'every', 'none'], dropsUndefined: true, logic: true };
const DATA: WhereInputDialect = { equals: [], through: ['connect'], never: ['create', 'connectOrCreate', 'createMany', 'set'], dropsUndefined: false, logic: false };

// ---------------------------------------------------------------------------------------------

function hasArgShape(call: TSESTree.CallExpression, context: DataContext): boolean {
  if (call.arguments.length > 1) return false;
  const first = call.arguments[0];
  if (!first) return true;
  const object = asObject(first, context);
  if (!object) return false;
  return object.properties.every(
    (p) => p.type === AST_NODE_TYPES.SpreadElement || ARG_KEYS.has(getKeyName(p.key, p.computed) ?? ''),
  );
}

function delegateQuery(
  top: TSESTree.CallExpression,
  call: TSESTree.CallExpression,
  model: string,
  operation: string,
  recognition: Recognition,
  context: DataContext,
): QueryFacts | undefined {
  const layer = 'prisma';
  if (RAW_DELEGATE_OPERATIONS.has(operation)) return { ...opaqueRawQuery(layer, top, operation), model };
  const info = OPERATIONS.get(operation);
  if (!info) return undefined;
  if (recognition === 'shape' && !hasArgShape(call, context)) return undefined;
  // One object literal per answer: spreading a shared base into each cost more than the reading.
  const facts = (constraints: readonly Constraint[], opaque: boolean, fix?: QueryFacts['fix']): QueryFacts => {
    const out: { -readonly [K in keyof QueryFacts]: QueryFacts[K] } = { layer, node: top, model, operation, kind: info.kind, constraints, opaque };
    if (info.byId) out.byId = true;
    if (fix) out.fix = fix;
    return out;
  };
  const first = call.arguments[0];
  if (!first) return facts([], false);
  const args = first.type === AST_NODE_TYPES.SpreadElement ? undefined : asObject(first, context);
  if (!args) return facts([], true);
  if (info.kind === 'insert') {
    const data = option(args, 'data', context);
    if (!data.value) return facts([], data.unknown);
    const rows = context.resolver.resolveValue(data.value);
    const elements = rows.type === AST_NODE_TYPES.ArrayExpression || rows.type === AST_NODE_TYPES.CallExpression ? elementsOf(rows, context) : [data.value];
    if (!elements) return facts([], true);
    const written = readInsertedRows(elements, context, DATA, call);
    return facts(written.constraints, written.constraints.length === 0 && written.opaque);
  }
  const where = option(args, 'where', context);
  if (!where.value) return facts([], where.unknown, where.unknown ? undefined : { optionsObject: args });
  const reading = readWhereInput(where.value, context, WHERE, call);
  const filter = context.resolver.resolveValue(where.value);
  return facts(reading.constraints, reading.constraints.length === 0 && reading.opaque, filter.type === AST_NODE_TYPES.ObjectExpression ? { filterObject: filter } : undefined);
}

/** `prisma.$queryRaw`…``, `prisma.$queryRaw(Prisma.sql`…`)`, `prisma.$queryRawUnsafe(text, …values)`. */
function rawCall(call: TSESTree.CallExpression, top: TSESTree.CallExpression, name: string, context: DataContext): QueryFacts | undefined {
  if (RAW_OPAQUE.has(name)) return opaqueRawQuery('prisma', top, name);
  if (RAW_UNSAFE.has(name)) return textQuery('prisma', top, call.arguments[0], valuesFromArguments(call, 1), true, name, context);
  const first = call.arguments[0];
  const value = first && first.type !== AST_NODE_TYPES.SpreadElement ? context.resolver.resolveValue(first) : undefined;
  if (value?.type === AST_NODE_TYPES.TaggedTemplateExpression) return templateQuery('prisma', top, value.quasi, context);
  return opaqueRawQuery('prisma', top, name);
}

function matchCall(top: TSESTree.CallExpression, context: DataContext): QueryFacts | undefined {
  const { root, links } = chainOf(top);
  const first = links[0];
  if (!first) return undefined;
  const name = first.name;
  if (RAW_TEMPLATES.has(name) || RAW_UNSAFE.has(name) || RAW_OPAQUE.has(name)) {
    // Only the raw call itself (or awaited through then/catch).
    if (links.length > 1 && !links.slice(1).every((link) => ['then', 'catch', 'finally'].includes(link.name))) return undefined;
    return recognise(root, context) ? rawCall(first.call, top, name, context) : undefined;
  }
  if (!OPERATIONS.has(name) && !RAW_DELEGATE_OPERATIONS.has(name)) return undefined;
  if (root.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const model = getMemberName(root);
  if (model === undefined || model.startsWith('$')) return undefined;
  const client = root.object;
  const recognition = recognise(client, context);
  if (!recognition) return undefined;
  // Prisma delegates are lowerCamel model names; Drizzle's `db.query.x` is not a Prisma delegate.
  // Sequelize's `db.user.count({ where })` has the same shape: left to its layer in files that use it.
  if (recognition === 'shape' && (!/^[a-z]/.test(model) || clientName(client) === 'query' || context.importsFrom(OTHER_ORMS))) return undefined;
  return delegateQuery(top, first.call, model, name, recognition, context);
}

function matchTemplate(node: TSESTree.TaggedTemplateExpression, context: DataContext): QueryFacts | undefined {
  const tag = unwrap(node.tag);
  if (tag.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = getMemberName(tag);
  if (!name || !RAW_TEMPLATES.has(name) || !recognise(tag.object, context)) return undefined;
  return templateQuery('prisma', node, node.quasi, context) ?? undefined;
}

export const prisma: DataLayer = {
  id: 'prisma',
  name: 'Prisma',
  sources: SOURCES,
  matchQuery(node, context) {
    return node.type === AST_NODE_TYPES.TaggedTemplateExpression ? matchTemplate(node, context) : matchCall(node, context);
  },
};
