import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { DATA_LAYERS } from './data';
import { MIKRO_ORM_SOURCES } from './data/receivers';
import { JOB_SYSTEMS } from './jobs';
import { isFromSource, isSourceUnder, type Origin } from './resolve';

type Node = TSESTree.Node;

// Origins from type information. When the linted file comes with a TypeScript program (the user's
// config sets `parserOptions.projectService` or `project`), a receiver the file's syntax does not
// place (a parameter, `this.store`, a value from another module) is placed by its type: a value
// whose type is declared by a data layer or job system as one of its clients gets the origin the
// matching `import` and `new` would give it (`{ source: 'kysely', path: ['Kysely', 'new'] }`).
// Nothing here builds a program or loads TypeScript: without a program every answer is the
// syntactic one, and TypeScript's flags are read as numbers (as src/analysis/types.ts does).

/** `ts.SymbolFlags` */
const SYMBOL_CLASS = 1 << 5;
const SYMBOL_INTERFACE = 1 << 6;
/** `ts.TypeFlags.TypeParameter` */
const TYPE_PARAMETER = 1 << 18;

/** The parts of TypeScript's objects read here (structural, so no `typescript` import). */
interface TsSymbol {
  readonly name: string;
  readonly flags: number;
  readonly parent?: TsSymbol;
  readonly exports?: { has(name: string): boolean };
  readonly declarations?: readonly TsDeclaration[];
}
interface TsDeclaration {
  readonly parent?: TsDeclaration;
  readonly name?: { readonly text?: string; readonly escapedText?: string };
  readonly body?: { readonly statements?: unknown };
  readonly parameters?: unknown;
  getSourceFile(): { fileName: string };
}
interface TsType {
  readonly flags: number;
  readonly symbol?: TsSymbol;
  readonly aliasSymbol?: TsSymbol;
  readonly aliasTypeArguments?: readonly TsType[];
  readonly types?: readonly TsType[];
  readonly target?: TsType;
  isUnion(): boolean;
  isIntersection(): boolean;
  getBaseTypes?(): readonly TsType[] | undefined;
  getProperty(name: string): TsSymbol | undefined;
}
interface TsChecker {
  getTypeAtLocation(node: unknown): TsType;
  getNonNullableType(type: TsType): TsType;
  getDeclaredTypeOfSymbol(symbol: TsSymbol): TsType;
  getTypeArguments?(type: TsType): readonly TsType[];
}
interface Services {
  readonly program?: { getTypeChecker(): unknown } | null;
  readonly esTreeNodeToTSNodeMap?: { get(node: Node): unknown };
}

/** A library's client types and the origin each one gets. */
interface ClientTypes {
  /** Packages whose declarations they are (subpaths count). */
  readonly packages: readonly string[];
  /** The origin path for a type of this name; undefined for the library's other types. */
  path(name: string): readonly string[] | undefined;
  /** Keep the type arguments' names (`Page` of `Repository<Page>`): they name the model. */
  readonly typeArguments?: boolean;
}

const instanceOf =
  (...names: string[]) =>
  (name: string): readonly string[] | undefined =>
    names.includes(name) ? [name, 'new'] : undefined;

/**
 * Each data layer's and job system's client types, with the path its layer already accepts for a
 * parameter annotated with that type (see `Resolver.originOfTypedBinding`). Prisma is apart: its
 * client is generated (see {@link isPrismaModule}).
 */
const CLIENT_TYPES: readonly ClientTypes[] = [
  { packages: ['drizzle-orm'], path: (name) => (/(Database|Transaction)$/.test(name) ? [name, 'new'] : undefined) },
  { packages: ['kysely'], path: instanceOf('Kysely', 'Transaction', 'ControlledTransaction') },
  {
    packages: ['typeorm'],
    path: instanceOf('DataSource', 'Connection', 'EntityManager', 'QueryRunner', 'Repository', 'TreeRepository', 'MongoRepository'),
    typeArguments: true,
  },
  { packages: ['mongoose'], path: instanceOf('Model'), typeArguments: true },
  { packages: ['mongodb'], path: instanceOf('Collection'), typeArguments: true },
  { packages: ['knex'], path: instanceOf('Knex') },
  { packages: ['sequelize', '@sequelize/core'], path: instanceOf('Sequelize') },
  { packages: ['@supabase/supabase-js'], path: instanceOf('SupabaseClient') },
  { packages: MIKRO_ORM_SOURCES, path: (name) => (/(EntityManager|EntityRepository)$/.test(name) || name === 'MikroORM' ? [name, 'new'] : undefined) },
  { packages: ['pg', '@neondatabase/serverless'], path: (name) => (name === 'PoolClient' ? ['Client', 'new'] : instanceOf('Pool', 'Client')(name)) },
  { packages: ['bullmq'], path: instanceOf('Queue', 'FlowProducer', 'Worker') },
  { packages: ['bull'], path: instanceOf('Queue') },
  { packages: ['inngest'], path: instanceOf('Inngest') },
  { packages: ['pg-boss'], path: instanceOf('PgBoss') },
  { packages: ['agenda'], path: instanceOf('Agenda') },
  { packages: ['@temporalio/client'], path: instanceOf('WorkflowClient') },
  { packages: ['@upstash/qstash'], path: instanceOf('Client') },
];

const PRISMA_SOURCES = ['@prisma/client', '.prisma/client', '@zenstackhq/runtime'];
const PRISMA_CLIENT: Origin = { source: '@prisma/client', path: ['PrismaClient', 'new'] };

let knownSources: readonly string[] | undefined;

/** Every import source a data layer or job system knows: an origin from one of them is the syntax's final word. */
function isKnownSource(origin: Origin): boolean {
  knownSources ??= [...DATA_LAYERS.flatMap((layer) => layer.sources), ...JOB_SYSTEMS.flatMap((system) => system.sources)];
  return isFromSource(origin, knownSources);
}

/**
 * The package a declaration file belongs to: the folder after the last `node_modules/`
 * (`@scope/name` for scoped packages, `@types/x` as `x`, `.prisma/client` as such); undefined for
 * the project's own files.
 */
export function packageOfFile(fileName: string): string | undefined {
  const normalized = fileName.replace(/\\/g, '/');
  const at = normalized.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const parts = normalized.slice(at + '/node_modules/'.length).split('/');
  const first = parts[0] ?? '';
  const name = first.startsWith('@') || first === '.prisma' ? `${first}/${parts[1] ?? ''}` : first;
  if (!name.startsWith('@types/')) return name;
  const typed = name.slice('@types/'.length);
  return typed.includes('__') ? `@${typed.replace('__', '/')}` : typed;
}

/** Where a symbol is declared: the import source that reaches it, and the declaring module. */
interface Place {
  /** A package name, or an ambient module's name (`declare module 'bullmq'`); undefined for the project's code. */
  readonly source: string | undefined;
  /** A Prisma client module: a Prisma package, a generated client (`generated/prisma`), or any module exporting `PrismaClient`. */
  readonly prisma: boolean;
}

/**
 * The name of the ambient module (`declare module 'pg-boss' { … }`) a declaration sits in: a
 * declaration with a string-literal name (no identifier's `escapedText`) and a block of statements,
 * not a function's (no parameters).
 */
function ambientModuleOf(declaration: TsDeclaration | undefined): string | undefined {
  for (let node = declaration?.parent; node; node = node.parent) {
    const name = node.name;
    if (name?.text !== undefined && name.escapedText === undefined && node.body?.statements !== undefined && node.parameters === undefined) return name.text;
  }
  return undefined;
}

function placeOf(symbol: TsSymbol): Place {
  let top = symbol;
  while (top.parent) top = top.parent;
  let source: string | undefined;
  let file: string | undefined;
  if (top !== symbol && top.name.startsWith('"')) {
    // An exported declaration: its module is a file (`"/app/node_modules/bullmq/dist/index"`) or an ambient module (`"bullmq"`).
    const name = top.name.slice(1, -1);
    if (/^([/\\]|[A-Za-z]:[/\\])/.test(name)) file = name;
    else source = name;
  } else {
    // A declaration exported through `export =`, or global.
    const declaration = symbol.declarations?.[0];
    source = ambientModuleOf(declaration);
    if (source === undefined) file = declaration?.getSourceFile().fileName;
  }
  if (file !== undefined) source = packageOfFile(file);
  const prisma =
    isFromSource(source === undefined ? undefined : { source, path: [] }, PRISMA_SOURCES) ||
    (file !== undefined && /[/\\](generated[/\\]prisma|\.prisma[/\\]client)([/\\]|$)/.test(file)) ||
    (top !== symbol && top.exports?.has('PrismaClient') === true);
  return { source, prisma };
}

/** Nodes that stand for a value (a type name like `Queue` in `q: Queue` does not). */
function isValueNode(node: Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier: {
      const parent = node.parent;
      return !parent || !parent.type.startsWith('TS') || VALUE_WRAPPERS.has(parent.type);
    }
    case AST_NODE_TYPES.MemberExpression:
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
      return true;
    default:
      return false;
  }
}

const VALUE_WRAPPERS: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSTypeAssertion,
  AST_NODE_TYPES.TSInstantiationExpression,
  AST_NODE_TYPES.TSParameterProperty,
]);

/** The type checker of one linted file's program, asked for the origins of its values. */
class TypeOrigins {
  private readonly byType = new Map<TsType, Origin | null>();
  private readonly places = new Map<TsSymbol, Place>();

  constructor(
    private readonly checker: TsChecker,
    private readonly nodeMap: { get(node: Node): unknown },
  ) {}

  originOf(node: Node): Origin | undefined {
    if (!isValueNode(node)) return undefined;
    const tsNode = this.nodeMap.get(node);
    if (!tsNode) return undefined;
    try {
      return this.originOfType(this.checker.getTypeAtLocation(tsNode));
    } catch {
      // Type information helps; a checker failure on odd code must not fail the lint.
      return undefined;
    }
  }

  private originOfType(type: TsType): Origin | undefined {
    const cached = this.byType.get(type);
    if (cached !== undefined) return cached ?? undefined;
    this.byType.set(type, null);
    const value = this.checker.getNonNullableType(type);
    let found: Origin | undefined;
    if (value.isUnion()) {
      // `A | B`: only when every member is the same client.
      const each = (value.types ?? []).map((member) => this.originOfType(member));
      const first = each[0];
      found = first && each.every((o) => o && o.source === first.source && o.path.join('.') === first.path.join('.')) ? first : undefined;
    } else found = this.match(value, value, 0);
    this.byType.set(type, found ?? null);
    return found;
  }

  /** The first client type among the type's alias, its own symbol, an intersection's members and its base types. */
  private match(type: TsType, whole: TsType, depth: number): Origin | undefined {
    if (depth > 5) return undefined;
    if (type.aliasSymbol) {
      const found = this.matchSymbol(type.aliasSymbol, whole, type.aliasTypeArguments ?? []);
      if (found) return found;
    }
    if (type.isIntersection()) {
      for (const member of type.types ?? []) {
        const found = this.match(member, whole, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    const symbol = type.symbol;
    if (symbol && this.isInstanceType(symbol, type)) {
      const found = this.matchSymbol(symbol, whole, type.target ? (this.checker.getTypeArguments?.(type) ?? []) : []);
      if (found) return found;
    }
    for (const base of (type.target ?? type).getBaseTypes?.() ?? []) {
      const found = this.match(base, whole, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Whether a type is an instance of its class or interface (`new Queue()`), not the class itself
   * (`Queue` as a value is `typeof Queue`, whose symbol is the class too).
   */
  private isInstanceType(symbol: TsSymbol, type: TsType): boolean {
    if ((symbol.flags & (SYMBOL_CLASS | SYMBOL_INTERFACE)) === 0) return false;
    return this.checker.getDeclaredTypeOfSymbol(symbol) === (type.target ?? type);
  }

  private placeOf(symbol: TsSymbol): Place {
    let place = this.places.get(symbol);
    if (!place) {
      place = placeOf(symbol);
      this.places.set(symbol, place);
    }
    return place;
  }

  /**
   * The names of leading type arguments that are the project's own named types (`Page`), not type
   * parameters, literals or a library's helper types (Mongoose's `InferSchemaType<…>`).
   */
  private typeArgumentNames(types: readonly TsType[]): string[] {
    const names: string[] = [];
    for (const type of types) {
      const symbol = type.flags & TYPE_PARAMETER ? undefined : (type.aliasSymbol ?? type.symbol);
      if (!symbol || symbol.name.startsWith('__') || this.placeOf(symbol).source !== undefined) break;
      names.push(symbol.name);
    }
    return names;
  }

  private matchSymbol(symbol: TsSymbol, whole: TsType, typeArguments: readonly TsType[]): Origin | undefined {
    const place = this.placeOf(symbol);
    // A Prisma client: the generated `PrismaClient`, or a client-like type of a Prisma module (a
    // `Prisma.TransactionClient`, an `$extends` result), known by its raw-query methods.
    if (place.prisma && (symbol.name === 'PrismaClient' || whole.getProperty('$queryRaw') || whole.getProperty('$executeRaw'))) return PRISMA_CLIENT;
    const source = place.source;
    if (source === undefined) return undefined;
    for (const client of CLIENT_TYPES) {
      if (!isSourceUnder(source, client.packages)) continue;
      const path = client.path(symbol.name);
      if (!path) continue;
      const names = client.typeArguments ? this.typeArgumentNames(typeArguments) : [];
      return names.length > 0 ? { source, path, typeArguments: names } : { source, path };
    }
    return undefined;
  }
}

const perFile = new WeakMap<object, TypeOrigins | null>();

/** Whether the parser gave this file a TypeScript program (`parserOptions.projectService` or `project`). */
export function hasTypeInformation(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const services = sourceCode.parserServices as Services | undefined;
  return !!services?.program && !!services.esTreeNodeToTSNodeMap;
}

function typeOriginsOf(sourceCode: Readonly<TSESLint.SourceCode>): TypeOrigins | undefined {
  let found = perFile.get(sourceCode);
  if (found === undefined) {
    const services = sourceCode.parserServices as Services | undefined;
    const program = services?.program;
    const nodeMap = services?.esTreeNodeToTSNodeMap;
    found = program && nodeMap ? new TypeOrigins(program.getTypeChecker() as TsChecker, nodeMap) : null;
    perFile.set(sourceCode, found);
  }
  return found ?? undefined;
}

/**
 * A node's origin with type information: the syntactic origin when it comes from a library the
 * plugin knows, else the origin of the node's type when that type is a known client (whatever the
 * value is named or wherever it comes from), else the syntactic origin. Without a program (no
 * `parserOptions.projectService`), the syntactic origin, always.
 */
export function withTypeOrigin(sourceCode: Readonly<TSESLint.SourceCode>, node: Node, syntactic: Origin | undefined): Origin | undefined {
  if (syntactic && isKnownSource(syntactic)) return syntactic;
  return typeOriginsOf(sourceCode)?.originOf(node) ?? syntactic;
}
