import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { getCallee, getKeyName, getLastName, getMemberName, unwrap } from '../../util/ast';
import { asObject, elementsOf } from '../jobs/types';
import { isFromSource } from '../resolve';
import {
  arrayElements,
  callbackOwner,
  clientName,
  isProjectSource,
  isShapeClient,
  isUnderCondition,
  opaqueRawQuery,
  templateQuery,
  textQuery,
  valuesFromArguments,
} from './sql';
import { chainOf, type Constraint, type DataContext, type DataLayer, type QueryFacts, type QueryKind } from './types';

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

// ---------------------------------------------------------------------------------------------
// Object filters: Prisma's `where`, also Drizzle's relational-query v2 `where` (exported for it).

/** How a library's object filter reads. */
export interface ObjectFilterDialect {
  /** Operator keys that pin the value (`equals` in Prisma, `eq` in Drizzle). */
  readonly equals: readonly string[];
  /** Relation keys whose filter holds for the row (`is`, `some`); with one present, only these are read. */
  readonly through: readonly string[];
  /** Relation keys whose filter never pins the row (`isNot`, `every`, `none`). */
  readonly never: readonly string[];
  /** Whether the library drops a key whose value is `undefined` (reference section 2). */
  readonly dropsUndefined: boolean;
  /** Whether `AND`/`OR`/`NOT` are logic keys (false for written data). */
  readonly logic: boolean;
}

/** The tenant constraints of an object filter, and whether part of it could not be read. */
export interface FilterReading {
  readonly constraints: Constraint[];
  readonly unreadable: boolean;
}

interface FilterState {
  readonly context: DataContext;
  readonly dialect: ObjectFilterDialect;
  /** The query: changes to a filter object after it do not count. */
  readonly at: Node;
}

interface Entry {
  readonly node: Node;
  readonly value: Node;
  readonly conditional: boolean;
}

export const EMPTY: FilterReading = { constraints: [], unreadable: false };
export const UNREADABLE: FilterReading = { constraints: [], unreadable: true };
const MAX_DEPTH = 12;

/** `undefined`, `null` or `void x` as written. */
export function isUndefinedOrNull(node: Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') ||
    (node.type === AST_NODE_TYPES.Literal && node.value === null && !('regex' in node)) ||
    (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void')
  );
}

/** The same reading with every constraint conditional. */
export function withConditional(reading: FilterReading): FilterReading {
  return { constraints: reading.constraints.map((c) => ({ ...c, conditional: true })), unreadable: reading.unreadable };
}

/** Two readings of which one applies at runtime: constraints hold unconditionally only when both have some. */
/**
 * Readings of the parts of an AND (any part's constraints hold) or of an OR (they hold only when
 * every part has one). A part added under a test (`conditions.push(…)` in an `if`) is conditional.
 */
export function combine(parts: readonly { reading: FilterReading; conditional?: boolean }[], mode: 'and' | 'or'): FilterReading {
  const readings = parts.map((part) => (part.conditional && mode === 'and' ? withConditional(part.reading) : part.reading));
  const unreadable = readings.some((reading) => reading.unreadable);
  const constraints = readings.flatMap((reading) => reading.constraints);
  if (mode === 'and' || readings.length <= 1 || readings.every((reading) => reading.constraints.length > 0)) return { constraints, unreadable };
  return { constraints: [], unreadable };
}

export function eitherOf(a: FilterReading, b: FilterReading): FilterReading {
  const unreadable = a.unreadable || b.unreadable;
  if (a.constraints.length > 0 && b.constraints.length > 0) return { constraints: [...a.constraints, ...b.constraints], unreadable };
  return { constraints: [...a.constraints, ...b.constraints].map((c) => ({ ...c, conditional: true })), unreadable };
}

/**
 * Reads an object filter written in the file: an object literal, a local const of one (with
 * `where.organizationId = …` assignments before the query), `cond ? {…} : {}`, `cond && {…}`.
 * Exported for layers with the same filter shape.
 */
export function readObjectFilter(
  node: Node | undefined | null,
  context: DataContext,
  dialect: ObjectFilterDialect,
  at: Node,
  prefix = '',
): FilterReading {
  if (!node) return EMPTY;
  return readFilter(node, prefix, { context, dialect, at }, 0);
}

function readFilter(node: Node, prefix: string, state: FilterState, depth: number): FilterReading {
  if (depth > MAX_DEPTH) return UNREADABLE;
  const inner = unwrap(node);
  if (isUndefinedOrNull(inner)) return EMPTY;
  switch (inner.type) {
    case AST_NODE_TYPES.ObjectExpression:
      return readObject(inner, prefix, state, depth, []);
    case AST_NODE_TYPES.Identifier: {
      const value = state.context.resolver.resolveValue(inner);
      if (value === inner) return UNREADABLE;
      if (value.type === AST_NODE_TYPES.ObjectExpression) {
        const changes = assignmentsTo(inner, state);
        if (!changes) return UNREADABLE;
        return readObject(value, prefix, state, depth + 1, changes);
      }
      return readFilter(value, prefix, state, depth + 1);
    }
    case AST_NODE_TYPES.ConditionalExpression:
      return eitherOf(readFilter(inner.consequent, prefix, state, depth + 1), readFilter(inner.alternate, prefix, state, depth + 1));
    case AST_NODE_TYPES.LogicalExpression:
      if (inner.operator === '&&') return withConditional(readFilter(inner.right, prefix, state, depth + 1));
      return eitherOf(readFilter(inner.left, prefix, state, depth + 1), readFilter(inner.right, prefix, state, depth + 1));
    case AST_NODE_TYPES.Literal:
      return EMPTY;
    default:
      return UNREADABLE;
  }
}

/**
 * `where.organizationId = orgId` statements on a local filter object before the query, as
 * entries (conditional under an `if`); undefined when it is changed some other way.
 */
function assignmentsTo(id: TSESTree.Identifier, state: FilterState): { key: string; entry: Entry }[] | undefined {
  const variable = state.context.resolver.findVariable(id);
  const def = variable?.defs[0];
  if (!variable || def?.type !== 'Variable') return [];
  const boundary = def.node.parent?.parent;
  const out: { key: string; entry: Entry }[] = [];
  for (const reference of variable.references) {
    const ref = reference.identifier as Node;
    if (reference.init || ref.range[0] > state.at.range[0]) continue;
    if (reference.isWrite()) return undefined;
    const parent = ref.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === ref) {
      const grand = parent.parent;
      if (grand?.type === AST_NODE_TYPES.AssignmentExpression && grand.left === parent) {
        const key = getMemberName(parent);
        if (key === undefined || grand.operator !== '=') return undefined;
        out.push({ key, entry: { node: grand, value: grand.right, conditional: !boundary || isUnderCondition(grand, boundary) } });
      } else if (grand?.type === AST_NODE_TYPES.UnaryExpression && grand.operator === 'delete') {
        return undefined;
      }
    } else if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === ref) {
      const callee = unwrap(parent.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && getMemberName(callee) === 'assign') return undefined;
    }
  }
  return out;
}

function readObject(
  object: TSESTree.ObjectExpression,
  prefix: string,
  state: FilterState,
  depth: number,
  changes: readonly { key: string; entry: Entry }[],
): FilterReading {
  const entries = new Map<string, Entry[]>();
  const extra: FilterReading[] = [];
  let unreadable = false;
  const collect = (target: TSESTree.ObjectExpression, level: number): void => {
    for (const property of target.properties) {
      if (property.type === AST_NODE_TYPES.SpreadElement) {
        const argument = unwrap(property.argument);
        const value = argument.type === AST_NODE_TYPES.Identifier ? state.context.resolver.resolveValue(argument) : argument;
        if (value.type === AST_NODE_TYPES.ObjectExpression && level < MAX_DEPTH) {
          collect(value, level + 1);
        } else if (
          value.type === AST_NODE_TYPES.ConditionalExpression ||
          value.type === AST_NODE_TYPES.LogicalExpression ||
          isUndefinedOrNull(value)
        ) {
          // `...(orgId && { organizationId: orgId })`, `...(orgId ? { … } : {})`
          const reading = readFilter(value, prefix, state, depth + 1);
          if (reading.unreadable) unreadable = true;
          extra.push(reading);
        } else {
          // Anything before an unknown spread may be overridden by it.
          entries.clear();
          extra.length = 0;
          unreadable = true;
        }
        continue;
      }
      const key = getKeyName(property.key, property.computed);
      if (key === undefined) {
        unreadable = true;
        continue;
      }
      entries.set(key, [{ node: property, value: property.value as Node, conditional: false }]);
    }
  };
  collect(object, 0);
  for (const { key, entry } of changes) {
    const list = entries.get(key);
    if (entry.conditional && list) list.push(entry);
    else entries.set(key, [entry]);
  }
  const constraints: Constraint[] = [];
  for (const reading of extra) constraints.push(...reading.constraints);
  for (const [key, list] of entries) {
    for (const entry of list) {
      const reading = readEntry(key, entry, prefix, state, depth);
      constraints.push(...(entry.conditional ? withConditional(reading) : reading).constraints);
      if (reading.unreadable) unreadable = true;
    }
  }
  return { constraints, unreadable };
}

function readEntry(key: string, entry: Entry, prefix: string, state: FilterState, depth: number): FilterReading {
  const { context, dialect } = state;
  if (dialect.logic && (key === 'AND' || key === 'OR' || key === 'NOT')) {
    if (key === 'NOT') return EMPTY;
    const value = context.resolver.resolveValue(entry.value);
    const branches = value.type === AST_NODE_TYPES.ArrayExpression ? arrayElements(entry.value, context, state.at) : [{ node: entry.value, conditional: false }];
    if (!branches) return UNREADABLE;
    const parts = branches.map((branch) => ({ reading: readFilter(branch.node, prefix, state, depth + 1), conditional: branch.conditional }));
    return combine(parts, key === 'AND' ? 'and' : 'or');
  }
  const column = prefix + key;
  if (context.isTenantColumn(column)) return readTenantValue(column, entry, state);
  const value = context.resolver.resolveValue(entry.value);
  if (value.type === AST_NODE_TYPES.ObjectExpression) {
    const keys = value.properties.map((p) => (p.type === AST_NODE_TYPES.Property ? getKeyName(p.key, p.computed) : undefined));
    // A compound unique key: `organizationId_slug: { organizationId, slug }`.
    if (key.includes('_') && keys.length > 1 && keys.join('_') === key) return readFilter(value, prefix, state, depth + 1);
    const through = dialect.through.filter((name) => keys.includes(name));
    if (through.length > 0) {
      const readings = through.map((name) => {
        const property = value.properties.find(
          (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && getKeyName(p.key, p.computed) === name,
        );
        return property ? readFilter(property.value, `${column}.`, state, depth + 1) : EMPTY;
      });
      return { constraints: readings.flatMap((r) => r.constraints), unreadable: readings.some((r) => r.unreadable) };
    }
    if (keys.some((name) => name !== undefined && dialect.never.includes(name))) return EMPTY;
    return readFilter(value, `${column}.`, state, depth + 1);
  }
  if (value.type === AST_NODE_TYPES.ConditionalExpression || value.type === AST_NODE_TYPES.LogicalExpression) {
    const reading = readFilter(value, `${column}.`, state, depth + 1);
    // A scalar under a test (`status: x ?? undefined`) is no relation filter: nothing to read.
    return { constraints: reading.constraints, unreadable: false };
  }
  return EMPTY;
}

/**
 * A tenant key's value: `v`, `{ equals: v }`, `{ in: [v] }`; conditional for `v ?? undefined`,
 * `v || undefined`, `cond ? v : undefined`. No constraint for `undefined`, `null`, `Prisma.skip`
 * or other operators (`not`, `gt`, `in` with several values).
 */
function readTenantValue(column: string, entry: Entry, state: FilterState): FilterReading {
  const { context, dialect } = state;
  // The value as written, unless it is picked out of `v ?? undefined`, `{ equals: v }` and the like.
  let value: Node = entry.value;
  let conditional = false;
  const written = unwrap(value);
  if (written.type === AST_NODE_TYPES.LogicalExpression && (written.operator === '??' || written.operator === '||') && isUndefinedOrNull(unwrap(written.right))) {
    value = written.left;
    conditional = true;
  } else if (written.type === AST_NODE_TYPES.ConditionalExpression) {
    if (isUndefinedOrNull(unwrap(written.alternate)) !== isUndefinedOrNull(unwrap(written.consequent))) {
      value = isUndefinedOrNull(unwrap(written.alternate)) ? written.consequent : written.alternate;
      conditional = true;
    }
  }
  const inner = unwrap(value);
  if (isUndefinedOrNull(inner) || (inner.type === AST_NODE_TYPES.MemberExpression && getMemberName(inner) === 'skip' && getLastName(inner.object) === 'Prisma')) {
    return EMPTY;
  }
  const resolved = context.resolver.resolveValue(value);
  if (resolved.type === AST_NODE_TYPES.ObjectExpression) {
    let pinned: Node | undefined;
    for (const property of resolved.properties) {
      if (property.type !== AST_NODE_TYPES.Property) return UNREADABLE;
      const key = getKeyName(property.key, property.computed);
      if (key !== undefined && dialect.equals.includes(key)) pinned = property.value;
      else if (key === 'in') {
        const list = context.resolver.resolveValue(property.value);
        const only = list.type === AST_NODE_TYPES.ArrayExpression && list.elements.length === 1 ? list.elements[0] : undefined;
        if (only && only.type !== AST_NODE_TYPES.SpreadElement && !pinned) pinned = only;
      }
    }
    if (!pinned || isUndefinedOrNull(unwrap(pinned))) return EMPTY;
    value = pinned as Node;
  } else if (resolved.type === AST_NODE_TYPES.CallExpression && getCallee(resolved)?.name === 'ifUndefined' && getCallee(resolved)?.receiver) {
    // `Prisma.skip.ifUndefined(v)`: dropped on purpose when undefined.
    const argument = resolved.arguments[0];
    return {
      constraints: [{ column, value: argument, node: entry.node, conditional: true, ...(dialect.dropsUndefined ? { dropsUndefined: true } : {}) }],
      unreadable: false,
    };
  }
  const constraint: Constraint = {
    column,
    value,
    node: entry.node,
    ...(conditional ? { conditional: true } : {}),
    ...(dialect.dropsUndefined ? { dropsUndefined: true } : {}),
  };
  return { constraints: [constraint], unreadable: false };
}

const WHERE: ObjectFilterDialect = { equals: ['equals'], through: ['is', 'some'], never: ['isNot', 'every', 'none'], dropsUndefined: true, logic: true };
const DATA: ObjectFilterDialect = { equals: [], through: ['connect'], never: ['create', 'connectOrCreate', 'createMany', 'set'], dropsUndefined: false, logic: false };

// ---------------------------------------------------------------------------------------------

/** A property of an options object (the last one wins), following spreads of local objects; `unknown` when a spread hides it. */
export function option(object: TSESTree.ObjectExpression, name: string, context: DataContext, depth = 0): { value?: Node; unknown: boolean } {
  let found: { value?: Node; unknown: boolean } = { unknown: false };
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      const spread = asObject(property.argument, context);
      if (spread && depth < MAX_DEPTH) {
        const inner = option(spread, name, context, depth + 1);
        if (inner.value || inner.unknown) found = inner;
      } else if (!isUndefinedOrNull(unwrap(property.argument))) found = { unknown: true };
      continue;
    }
    if (getKeyName(property.key, property.computed) === name) found = { value: property.value, unknown: false };
  }
  return found;
}

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
  const base = { layer, node: top, model, operation, kind: info.kind, ...(info.byId ? { byId: true } : {}) };
  const first = call.arguments[0];
  if (!first) return { ...base, constraints: [], opaque: false };
  const args = first.type === AST_NODE_TYPES.SpreadElement ? undefined : asObject(first, context);
  if (!args) return { ...base, constraints: [], opaque: true };
  if (info.kind === 'insert') {
    const data = option(args, 'data', context);
    if (!data.value) return { ...base, constraints: [], opaque: data.unknown };
    const rows = context.resolver.resolveValue(data.value);
    const elements = rows.type === AST_NODE_TYPES.ArrayExpression || rows.type === AST_NODE_TYPES.CallExpression ? elementsOf(rows, context) : [data.value];
    if (!elements) return { ...base, constraints: [], opaque: true };
    const readings = elements.map((element) => readObjectFilter(element, context, DATA, call));
    const every = readings.length > 0 && readings.every((reading) => reading.constraints.length > 0);
    const constraints = every ? readings.flatMap((reading) => reading.constraints) : [];
    return { ...base, constraints, opaque: constraints.length === 0 && readings.some((reading) => reading.unreadable) };
  }
  const where = option(args, 'where', context);
  if (!where.value) {
    return { ...base, constraints: [], opaque: where.unknown, ...(where.unknown ? {} : { fix: { optionsObject: args } }) };
  }
  const reading = readObjectFilter(where.value, context, WHERE, call);
  const filter = context.resolver.resolveValue(where.value);
  return {
    ...base,
    constraints: reading.constraints,
    opaque: reading.constraints.length === 0 && reading.unreadable,
    ...(filter.type === AST_NODE_TYPES.ObjectExpression ? { fix: { filterObject: filter } } : {}),
  };
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
