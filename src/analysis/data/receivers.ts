import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { getCallee, getKeyName, getLastName, getMemberName, getStaticString, isFunction, unwrap } from '../../util/ast';
import { isShapeCandidate } from '../jobs/shape';
import type { Origin } from '../resolve';
import type { DataContext } from './types';

type Node = TSESTree.Node;

// What a query is called on: clients and receivers known by their name, callback parameters,
// declarations of injected fields, and entity names.

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

// ---------------------------------------------------------------------------------------------
// Receivers known by their name
//
// Two tests stand here, and they differ, so each keeps what its layers match: isShapeClient
// (Prisma, Drizzle, Kysely, raw SQL) knows the project's own modules by a narrower pattern
// (isProjectSource) and turns down a local built in place (`const db = new Map()`); isClientShape
// (TypeORM, MikroORM, Sequelize, Knex, Supabase) also takes `baseUrl` folders (isOwnModule) and
// leaves locals to the layer.

/**
 * Whether a module specifier is the project's own code (`./db`, `@/lib/db`, `~/server/db`, `#db`)
 * rather than a package.
 */
export function isProjectSource(source: string): boolean {
  return /^(\.|\/|~|#|@\/)/.test(source);
}

/**
 * Whether a receiver that no import identifies as a library's client may still be recognised by
 * shape: it comes from nowhere the file shows, from the project's own module, or only through
 * property steps of an import (`import { db } from '@repo/db'`). Anything constructed or called
 * from another package (`new Stripe()`, `axios.create()`) is that package's.
 */
export function isShapeOrigin(origin: Origin | undefined): boolean {
  if (!origin) return true;
  if (isProjectSource(origin.source)) return true;
  return !origin.path.some((step) => step === 'new' || step === '()' || step === '@');
}

/** The receiver's own name: `prisma` for `prisma`, `this.prisma` and `ctx.prisma`. */
export function clientName(node: Node): string | undefined {
  return getLastName(unwrap(node));
}

/**
 * Whether a receiver may be a data client by its name alone (`db`, `this.prisma`, `ctx.db`): the
 * name fits, no import makes it another library's, and it is not a local built in place
 * (`const db = new Map()`).
 */
export function isShapeClient(node: Node, context: DataContext, names: RegExp): boolean {
  const inner = unwrap(node);
  const name = clientName(inner);
  if (name === undefined || !names.test(name)) return false;
  const origin = context.originOf(inner);
  if (!isShapeOrigin(origin)) return false;
  if (!origin && inner.type === AST_NODE_TYPES.Identifier) {
    const value = context.resolver.resolveValue(inner);
    if (value !== inner && value.type !== AST_NODE_TYPES.CallExpression && value.type !== AST_NODE_TYPES.AwaitExpression && value.type !== AST_NODE_TYPES.MemberExpression) {
      return false;
    }
  }
  return true;
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
// Callback parameters

/**
 * For a callback parameter (`tx` in `db.$transaction(async (tx) => …)`), the call it is handed out
 * by and that call's method name; undefined for anything else.
 */
export function callbackOwner(
  node: Node,
  context: DataContext,
): { call: TSESTree.CallExpression; name: string; receiver: TSESTree.Expression | undefined; param: number } | undefined {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) return undefined;
  const def = context.resolver.findVariable(inner)?.defs[0];
  if (def?.type !== 'Parameter') return undefined;
  const fn = def.node;
  if (!isFunction(fn) || fn.type === AST_NODE_TYPES.FunctionDeclaration) return undefined;
  const param = fn.params.findIndex((p) => p === def.name || (p.type === AST_NODE_TYPES.AssignmentPattern && p.left === def.name));
  if (param < 0) return undefined;
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn)) return undefined;
  const callee = getCallee(call);
  return callee && { call, name: callee.name, receiver: callee.receiver, param };
}

/**
 * For a callback's first parameter (`manager` in `dataSource.transaction(async (manager) => …)`),
 * the receiver of the call it is handed by, when that call's method is one of `methods`.
 */
export function callbackReceiver(node: Node, methods: readonly string[], context: DataContext): TSESTree.Expression | undefined {
  const owner = callbackOwner(node, context);
  return owner?.param === 0 && owner.receiver && methods.includes(owner.name) ? owner.receiver : undefined;
}

// ---------------------------------------------------------------------------------------------
// Declarations: classes, injected fields and parameters

/** The class whose instance `this` at `node` is: none inside a plain function. */
export function enclosingClass(node: Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassDeclaration || current.type === AST_NODE_TYPES.ClassExpression) return current;
    // `this` inside a plain function is not the class instance.
    if (current.type === AST_NODE_TYPES.FunctionDeclaration) return undefined;
    if (current.type === AST_NODE_TYPES.FunctionExpression && current.parent?.type !== AST_NODE_TYPES.MethodDefinition) return undefined;
  }
  return undefined;
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
        // espree (plain JavaScript) gives class fields no `decorators` array.
        return { decorators: member.decorators ?? [], type: member.typeAnnotation?.typeAnnotation };
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

/** The name of a type reference (`Document`, `ns.Document`) or `typeof x`. */
export function typeName(type: TSESTree.TypeNode): string | undefined {
  if (type.type === AST_NODE_TYPES.TSTypeReference) {
    return type.typeName.type === AST_NODE_TYPES.Identifier ? type.typeName.name : type.typeName.type === AST_NODE_TYPES.TSQualifiedName ? type.typeName.right.name : undefined;
  }
  if (type.type === AST_NODE_TYPES.TSTypeQuery && type.exprName.type === AST_NODE_TYPES.Identifier) return type.exprName.name;
  return undefined;
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
