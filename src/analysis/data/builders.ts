import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { getKeyName, isFunction, unwrap } from '../../util/ast';
import { chainOf, type ChainLink, type DataContext } from './types';

type Node = TSESTree.Node;
type Call = TSESTree.CallExpression;
type Variable = TSESLint.Scope.Variable;

// Builder chains followed through variables, what runs under a test, and the callbacks builders
// are handed.
//
// Two ways of following a chain stand here because the layers that use them read different
// things: gatherChain (TypeORM, MikroORM, Knex, Mongo, Supabase) also takes refinement statements
// (`qb.andWhere(…);`) and the refinements made after a stored builder, and knows a builder by the
// layer's BuilderShape; tracedChain (Drizzle, Kysely) takes only `q = q.where(…)` re-stores before
// the query and stops at whatever the layer calls a client.

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
function gatherLite(top: Call, context: DataContext, shape: BuilderShape): { root: Node; links: readonly ChainLink[] } {
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
function refinementStatement(id: Node, shape: BuilderShape): { statement: Node; links: readonly ChainLink[] } | undefined {
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


// ---------------------------------------------------------------------------------------------
// Code that runs under a test

/**
 * Whether stepping up from `child` to its `parent` enters code that runs only under a test: a
 * branch of an `if` or `?:`, the right side of `&&`/`||`/`??`, a `switch` case, a loop, a `catch`,
 * or a nested function.
 */
function isConditionalStep(parent: Node, child: Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return child !== parent.test;
    case AST_NODE_TYPES.LogicalExpression:
      return child === parent.right;
    case AST_NODE_TYPES.SwitchCase:
    case AST_NODE_TYPES.CatchClause:
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return true;
    default:
      return isFunction(parent);
  }
}

/**
 * Whether `node` runs only under a test that `anchor` does not share: it sits in a branch of an
 * `if`, `?:`, `&&`/`||`/`??`, a `switch` case, a loop or a nested function below their common ancestor.
 */
export function isConditionalBetween(node: Node, anchor: Node): boolean {
  let child: Node = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.range[0] <= anchor.range[0] && parent.range[1] >= anchor.range[1]) return false;
    if (isConditionalStep(parent, child)) return true;
  }
  return false;
}

/**
 * Whether `node` runs only under a test, seen from `boundary` (the statement list a builder or
 * filter variable was declared in): inside an `if` branch, a ternary or `&&`/`||` operand, a
 * `switch` case, a loop body, a `catch`, or another function. Unlike {@link isConditionalBetween},
 * a node that is not below `boundary` counts as conditional.
 */
export function isUnderCondition(node: Node, boundary: Node): boolean {
  let child: Node = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent === boundary) return false;
    if (isConditionalStep(parent, child)) return true;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Callbacks handed to builders

/**
 * The links a callback builds on its parameter (`qb => qb.where(…).orWhere(…)`,
 * `function () { this.where(…) }`), statement after statement; undefined when its body does anything else.
 */
export function callbackChains(fn: TSESTree.FunctionLike): readonly ChainLink[] | undefined {
  const param = fn.params[0];
  const name = param?.type === AST_NODE_TYPES.Identifier ? param.name : undefined;
  const isBase = (node: Node): boolean =>
    (name !== undefined && node.type === AST_NODE_TYPES.Identifier && node.name === name) ||
    (fn.type === AST_NODE_TYPES.FunctionExpression && node.type === AST_NODE_TYPES.ThisExpression);
  const read = (expression: Node): readonly ChainLink[] | undefined => {
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

/** The names an object pattern binds, local name to key: `({ eq, and: both })` gives `eq` → `eq`, `both` → `and`. */
export function destructuredNames(pattern: TSESTree.ObjectPattern): Map<string, string> {
  const names = new Map<string, string>();
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const key = getKeyName(property.key, property.computed);
    const local = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    if (key !== undefined && local.type === AST_NODE_TYPES.Identifier) names.set(local.name, key);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Arrays the file builds (`conditions.push(…)`)

/** An element of an array the file builds, flagged when it is added only under a test. */
export interface ArrayElement {
  readonly node: Node;
  readonly conditional: boolean;
}

/** Array methods that read an array without changing it. */
const READING_METHODS = new Set([
  'map', 'filter', 'forEach', 'some', 'every', 'find', 'findIndex', 'includes', 'indexOf', 'join', 'slice', 'concat', 'flatMap', 'reduce', 'at',
]);

/**
 * The elements of an array the file builds: an array literal, also a local one filled with
 * `conditions.push(eq(…))` before `at` (conditional under an `if`). Undefined when it cannot be
 * told: a spread, another change (`splice`, `pop`, an index assignment), the array handed to a
 * call before `at`.
 */
export function arrayElements(node: Node, context: DataContext, at: Node): ArrayElement[] | undefined {
  const inner = unwrap(node);
  const value = context.resolver.resolveValue(inner);
  if (value.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
  const elements: ArrayElement[] = [];
  for (const element of value.elements) {
    if (!element || element.type === AST_NODE_TYPES.SpreadElement) return undefined;
    elements.push({ node: element, conditional: false });
  }
  if (inner.type !== AST_NODE_TYPES.Identifier) return elements;
  const variable = context.resolver.findVariable(inner);
  const def = variable?.defs[0];
  const boundary = def?.type === 'Variable' ? def.node.parent?.parent : undefined;
  if (!variable || !boundary) return elements;
  for (const reference of variable.references) {
    const ref = reference.identifier as Node;
    if (reference.init || ref.range[0] >= at.range[0]) continue;
    if (reference.isWrite()) return undefined;
    const parent = ref.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === ref) {
      const call = parent.parent;
      const method = getKeyName(parent.property, parent.computed);
      if (call?.type === AST_NODE_TYPES.CallExpression && call.callee === parent) {
        if (method === 'push' || method === 'unshift') {
          const conditional = isUnderCondition(call, boundary);
          for (const argument of call.arguments) {
            if (argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
            elements.push({ node: argument, conditional });
          }
        } else if (!READING_METHODS.has(method ?? '')) return undefined;
      } else if (call?.type === AST_NODE_TYPES.AssignmentExpression && call.left === parent) return undefined;
    } else if ((parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) && parent.arguments.includes(ref as TSESTree.Expression)) {
      return undefined;
    }
  }
  return elements;
}

// ---------------------------------------------------------------------------------------------
// Chains through `let` builders (Drizzle, Kysely)

/** The variable a builder chain starts from, when it is a plain local binding with an initialiser. */
function builderVariable(node: Node, context: DataContext) {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = context.resolver.findVariable(inner);
  const def = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || def?.type !== 'Variable') return undefined;
  const declarator = def.node;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return undefined;
  return { variable, declarator, init: declarator.init };
}

/**
 * The later links a `let` builder gets from statements `q = q.where(…)`, in source order, each
 * flagged conditional when it runs only under a test. `unknown` when the variable is also
 * assigned something else (then what it ends up holding cannot be told).
 */
export function builderExtensions(
  declarator: TSESTree.VariableDeclarator,
  context: DataContext,
  before?: Node,
): { links: GatheredLink[]; unknown: boolean } {
  const id = declarator.id;
  if (id.type !== AST_NODE_TYPES.Identifier) return { links: [], unknown: false };
  const variable = context.resolver.findVariable(id);
  const boundary = declarator.parent?.parent;
  const links: GatheredLink[] = [];
  let unknown = false;
  if (!variable || !boundary) return { links, unknown };
  for (const reference of variable.references) {
    if (!reference.isWrite() || reference.init === true) continue;
    const assignment = reference.identifier.parent;
    if (before && reference.identifier.range[0] > before.range[0]) continue;
    if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.operator !== '=') {
      unknown = true;
      continue;
    }
    const right = unwrap(assignment.right);
    if (right.type !== AST_NODE_TYPES.CallExpression) {
      unknown = true;
      continue;
    }
    const chain = chainOf(right);
    const root = unwrap(chain.root);
    if (root.type !== AST_NODE_TYPES.Identifier || root.name !== id.name) {
      unknown = true;
      continue;
    }
    const conditional = isUnderCondition(assignment, boundary);
    for (const link of chain.links) links.push({ ...link, conditional });
  }
  return { links, unknown };
}

/** Whether a binding is assigned again after its declaration. */
export function isReassigned(declarator: TSESTree.VariableDeclarator, context: DataContext): boolean {
  if (declarator.id.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = context.resolver.findVariable(declarator.id);
  return !!variable && context.resolver.hasLaterWrite(variable);
}

/**
 * Whether a builder bound to a variable is extended where it is used (`base.where(…)`), so that
 * the uses, not the declaration, are the queries.
 */
export function isExtendedLater(declarator: TSESTree.VariableDeclarator, context: DataContext): boolean {
  if (declarator.id.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = context.resolver.findVariable(declarator.id);
  if (!variable) return false;
  return variable.references.some((reference) => {
    if (reference.isWrite()) return false;
    let node: Node = reference.identifier;
    while (node.parent && (node.parent.type === AST_NODE_TYPES.TSNonNullExpression || node.parent.type === AST_NODE_TYPES.TSAsExpression)) {
      node = node.parent;
    }
    const parent = node.parent;
    return parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node && parent.parent?.type === AST_NODE_TYPES.CallExpression;
  });
}

/**
 * A builder chain traced back through local variables: `const q = db.selectFrom('t')` and
 * `q.where(…).execute()` give root `db` and links selectFrom, where, execute. A `let` builder also
 * gets the links of its `q = q.where(…)` statements before `top`. `unknown` when a variable holds
 * something that cannot be followed. Variables that `isClient` accepts are not followed.
 */
export function tracedChain(
  top: TSESTree.CallExpression,
  context: DataContext,
  isClient: (root: Node) => boolean,
): { root: Node; links: GatheredLink[]; unknown: boolean } {
  const first = chainOf(top);
  let links: GatheredLink[] = first.links.map((link) => ({ ...link, conditional: false }));
  let root = first.root;
  let unknown = false;
  for (let depth = 0; depth < 8; depth++) {
    if (isClient(root)) break;
    const found = builderVariable(root, context);
    if (!found) break;
    const init = unwrap(found.init);
    if (init.type !== AST_NODE_TYPES.CallExpression) break;
    const inner = chainOf(init);
    const extension = builderExtensions(found.declarator, context, top);
    unknown ||= extension.unknown;
    links = [...inner.links.map((link) => ({ ...link, conditional: false })), ...extension.links, ...links];
    root = inner.root;
  }
  return { root, links, unknown };
}
