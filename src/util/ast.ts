import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from './node-types';

type Node = TSESTree.Node;

/** Strips TypeScript wrappers and optional chains that do not change the value: `x as T`, `x!`, `x satisfies T`, `<T>x`, `a?.b`. */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSInstantiationExpression:
        current = current.expression;
        break;
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/** As {@link unwrap}, also through `await`. */
export function unwrapAwait(node: Node): Node {
  let current = unwrap(node);
  while (current.type === AST_NODE_TYPES.AwaitExpression) current = unwrap(current.argument);
  return current;
}

/** The string a literal or a template without substitutions holds. */
export function getStaticString(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'string') return inner.value;
  if (inner.type === AST_NODE_TYPES.TemplateLiteral && inner.expressions.length === 0) {
    return inner.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** Whether a node is a string literal or any template literal (a job name written in place). */
export function isStringLike(node: Node | null | undefined): boolean {
  if (!node) return false;
  const inner = unwrap(node);
  return (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'string') || inner.type === AST_NODE_TYPES.TemplateLiteral;
}

/** The static name of a property key: `a`, `'a'`, `['a']`, `` [`a`] ``; undefined for computed keys. */
export function getKeyName(
  key: TSESTree.Expression | TSESTree.PrivateIdentifier,
  computed: boolean,
): string | undefined {
  if (!computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal) return typeof key.value === 'string' || typeof key.value === 'number' ? String(key.value) : undefined;
  if (key.type === AST_NODE_TYPES.PrivateIdentifier) return undefined;
  return getStaticString(key);
}

/** The property name of a member expression (`a.b`, `a['b']`), if static. */
export function getMemberName(node: TSESTree.MemberExpression): string | undefined {
  return getKeyName(node.property, node.computed);
}

/** The callee of a call or `new`, as `{ receiver, name }`: `a.b.c()` gives receiver `a.b`, name `c`; `f()` gives name `f`. */
export function getCallee(call: TSESTree.CallExpression | TSESTree.NewExpression):
  | { receiver: TSESTree.Expression | undefined; name: string }
  | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return { receiver: undefined, name: callee.name };
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const name = getMemberName(callee);
    if (name === undefined) return undefined;
    return { receiver: callee.object, name };
  }
  return undefined;
}

/**
 * The dotted path of a receiver: `this.jobs` gives `['this', 'jobs']`, `a.b` gives `['a', 'b']`.
 * Undefined when a part is computed or not a name.
 */
export function getPath(node: Node): string[] | undefined {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return [inner.name];
  if (inner.type === AST_NODE_TYPES.ThisExpression) return ['this'];
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const name = getMemberName(inner);
    const head = getPath(inner.object);
    return name !== undefined && head ? [...head, name] : undefined;
  }
  return undefined;
}

/** The last name of an expression: `emailQueue` for `emailQueue`, `this.emailQueue` and `queues.emailQueue`. */
export function getLastName(node: Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  if (inner.type === AST_NODE_TYPES.MemberExpression) return getMemberName(inner);
  return undefined;
}

/** The property of an object literal with a static key `name` (the last one wins, as at runtime). */
export function findProperty(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  let found: TSESTree.Property | undefined;
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.Property && getKeyName(property.key, property.computed) === name) found = property;
  }
  return found;
}

/** Whether any function node. */
export function isFunction(
  node: Node | undefined,
): node is TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration {
  return (
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionDeclaration
  );
}
