import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { getCallee, getKeyName, getLastName, getMemberName, isFunction, unwrap } from '../util/ast';
import { memberText } from '../util/fix';
import type { FileAnalysis } from './engine';
import type { Handler } from './handlers';
import { returnedExpressions } from './jobs/types';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

const ITERATORS = new Set(['map', 'forEach', 'flatMap', 'filter', 'some', 'every', 'find', 'reduce']);
const MAX_DEPTH = 8;

/** Climbs from an expression through `await`, TS wrappers and optional chains to the node its parent sees. */
function up(node: Node): Node {
  let current = node;
  while (
    current.parent &&
    (current.parent.type === AST_NODE_TYPES.AwaitExpression ||
      current.parent.type === AST_NODE_TYPES.TSAsExpression ||
      current.parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      current.parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      current.parent.type === AST_NODE_TYPES.ChainExpression)
  ) {
    current = current.parent;
  }
  return current;
}

/** The names of a member chain from its root: `job.data.organizationId` gives root `job`, names `data`, `organizationId`. */
function memberChain(node: Node): { root: Node; names: string[] } | undefined {
  const names: string[] = [];
  let current = unwrap(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    const name = getMemberName(current);
    names.unshift(name ?? '*');
    current = unwrap(current.object);
  }
  return names.length > 0 ? { root: current, names } : undefined;
}

/**
 * The tenant values of one handler (SPEC 4): the payload's tenant keys at any depth, copies and
 * destructurings of them, `<tenant model>.id` of a payload property, the loop variable of a
 * fan-out over a tenant-model query, and parameters named by `tenantKeys`.
 */
export class TenantValues {
  /** Variables bound to the payload itself, or to a path inside it (`[]` is the payload). */
  private readonly payloadPaths = new Map<Variable, readonly string[]>();
  /** Expressions that are the payload (`job.data`, `event.data`, `JSON.parse(record.body)`). */
  private readonly payloadNodes = new Set<Node>();
  /** Variables a step away from the payload (`event` of `({ event })` with `data` to go), for suggestion text. */
  private readonly namedRoutes = new Map<Variable, readonly string[]>();
  /** Loop variables of fan-outs over tenant-model rows (`for (const org of orgs)`). */
  private readonly fanOutVars = new Set<Variable>();
  private readonly fanOutScanned = new Set<Node>();

  constructor(
    private readonly analysis: FileAnalysis,
    readonly handler: Handler,
  ) {
    const binding = handler.payload;
    const param = binding && handler.fn.params[binding.param];
    if (binding && param) this.bind(param, binding.path, []);
  }

  /** Binds a pattern that holds the value reached after `done`, with `steps` still to go to the payload. */
  private bind(pattern: Node, steps: readonly string[], done: readonly string[], depth = 0): void {
    if (depth > MAX_DEPTH) return;
    switch (pattern.type) {
      case AST_NODE_TYPES.Identifier: {
        const variable = this.analysis.resolver.findVariable(pattern);
        if (!variable) return;
        if (steps.length === 0) {
          this.payloadPaths.set(variable, done);
          return;
        }
        if (steps.every((step) => /^[A-Za-z_$][\w$]*$/.test(step))) this.namedRoutes.set(variable, steps);
        for (const reference of variable.references) {
          if (reference.identifier !== pattern) this.follow(reference.identifier as Node, steps, depth + 1);
        }
        return;
      }
      case AST_NODE_TYPES.AssignmentPattern:
        this.bind(pattern.left, steps, done, depth + 1);
        return;
      case AST_NODE_TYPES.TSParameterProperty:
        this.bind(pattern.parameter, steps, done, depth + 1);
        return;
      case AST_NODE_TYPES.ObjectPattern:
        for (const property of pattern.properties) {
          if (property.type !== AST_NODE_TYPES.Property) continue;
          const key = getKeyName(property.key, property.computed);
          if (key === undefined) continue;
          if (steps.length === 0) this.bind(property.value, [], [...done, key], depth + 1);
          else if (steps[0] === key) this.bind(property.value, steps.slice(1), done, depth + 1);
        }
        return;
      case AST_NODE_TYPES.ArrayPattern:
        if (steps[0] === '*') pattern.elements.forEach((element) => element && this.bind(element, steps.slice(1), done, depth + 1));
        return;
      default:
        return;
    }
  }

  /** Follows the uses of an expression holding the value before `steps` towards the payload. */
  private follow(expression: Node, steps: readonly string[], depth: number): void {
    if (depth > MAX_DEPTH) return;
    const node = up(expression);
    const parent = node.parent;
    if (steps.length === 0) {
      this.payloadNodes.add(node);
      if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node) this.bind(parent.id, [], [], depth + 1);
      return;
    }
    if (!parent) return;
    const [step, ...rest] = steps;
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node) {
      this.bind(parent.id, steps, [], depth + 1);
      return;
    }
    if (step === 'json()') {
      // JSON.parse(x) or await x.json()
      if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === node && getLastName(parent.callee) === 'parse') {
        this.follow(parent, rest, depth + 1);
      } else if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node && getMemberName(parent) === 'json' && parent.parent?.type === AST_NODE_TYPES.CallExpression) {
        this.follow(parent.parent, rest, depth + 1);
      }
      return;
    }
    if (step === '*') {
      if (parent.type === AST_NODE_TYPES.ForOfStatement && parent.right === node) {
        const left = parent.left;
        const target = left.type === AST_NODE_TYPES.VariableDeclaration ? left.declarations[0]?.id : left;
        if (target) this.bind(target, rest, [], depth + 1);
        return;
      }
      if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node) {
        const name = getMemberName(parent);
        const call = parent.parent;
        if (name && ITERATORS.has(name) && call?.type === AST_NODE_TYPES.CallExpression && call.callee === parent) {
          const callback = call.arguments[0];
          if (isFunction(callback) && callback.params[0]) this.bind(callback.params[0], rest, [], depth + 1);
          return;
        }
        if (parent.computed) this.follow(parent, rest, depth + 1);
      }
      return;
    }
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node && getMemberName(parent) === step) {
      this.follow(parent, rest, depth + 1);
    }
  }

  /** The path from the payload to a value, if the value is the payload or a part of it. */
  payloadPathOf(node: Node, depth = 0): readonly string[] | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const inner = unwrap(node);
    if (this.payloadNodes.has(up(inner)) || this.payloadNodes.has(inner)) return [];
    if (inner.type === AST_NODE_TYPES.Identifier) {
      const variable = this.analysis.resolver.findVariable(inner);
      if (!variable) return undefined;
      const known = this.payloadPaths.get(variable);
      if (known) return known;
      const init = this.analysis.resolver.resolveIdentifier(inner);
      return init ? this.payloadPathOf(init, depth + 1) : undefined;
    }
    if (inner.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const base = this.payloadPathOf(inner.object, depth);
    return base ? [...base, getMemberName(inner) ?? '*'] : undefined;
  }

  /** Whether a path inside the payload ends in a tenant key, or in `<tenant model>.id`. */
  private isTenantPath(path: readonly string[]): boolean {
    const last = path[path.length - 1];
    if (last === undefined) return false;
    if (this.analysis.settings.isTenantKey(last)) return true;
    const owner = path[path.length - 2];
    return last === 'id' && owner !== undefined && this.analysis.settings.isTenantModel(owner);
  }

  /** Whether an expression holds this job's tenant id (SPEC 4 "a tenant value"). */
  isTenantValue(node: Node, depth = 0): boolean {
    if (depth > MAX_DEPTH) return false;
    const inner = unwrap(node);
    const path = this.payloadPathOf(inner);
    if (path && this.isTenantPath(path)) return true;
    if (inner.type === AST_NODE_TYPES.Identifier) {
      const variable = this.analysis.resolver.findVariable(inner);
      const def = variable?.defs[0];
      if (!variable || !def) return false;
      if (def.type === 'Parameter' && this.analysis.settings.isTenantKey(inner.name)) return true;
      const init = this.analysis.resolver.resolveIdentifier(inner);
      if (init) return this.isTenantValue(init, depth + 1);
      // `const { organizationId } = tenant` and other destructured copies named by tenantKeys.
      return def.type === 'Variable' && this.analysis.settings.isTenantKey(inner.name) && def.node.init !== null && this.isDerivedFromTenantSource(def.node.init);
    }
    if (inner.type === AST_NODE_TYPES.MemberExpression) {
      const chain = memberChain(inner);
      if (chain && chain.root.type === AST_NODE_TYPES.Identifier) {
        const last = chain.names[chain.names.length - 1]!;
        if (this.isFanOutVariable(chain.root) && (last === 'id' || this.analysis.settings.isTenantKey(last))) return true;
      }
    }
    return false;
  }

  /** Whether a destructuring source is the payload, a fan-out row or a tenant-named value. */
  private isDerivedFromTenantSource(node: Node): boolean {
    const inner = unwrap(node);
    if (this.payloadPathOf(inner)) return true;
    return inner.type === AST_NODE_TYPES.Identifier && this.isFanOutVariable(inner);
  }

  /**
   * Whether an identifier is the loop variable of an explicit iteration over a tenant-model query
   * (`for (const org of await prisma.organization.findMany())`, `orgs.map((org) => …)`).
   */
  isFanOutVariable(identifier: TSESTree.Identifier): boolean {
    const variable = this.analysis.resolver.findVariable(identifier);
    const def = variable?.defs[0];
    if (!variable || !def) return false;
    if (this.fanOutVars.has(variable)) return true;
    const id = def.name as Node;
    if (this.fanOutScanned.has(id)) return false;
    this.fanOutScanned.add(id);
    let iterable: Node | undefined;
    if (def.type === 'Variable' && def.parent?.parent?.type === AST_NODE_TYPES.ForOfStatement) {
      iterable = def.parent.parent.right;
    } else if (def.type === 'Parameter') {
      const fn = def.node;
      const call = fn.parent;
      if (
        call?.type === AST_NODE_TYPES.CallExpression &&
        call.arguments[0] === fn &&
        fn.params[0] === id &&
        call.callee.type === AST_NODE_TYPES.MemberExpression &&
        ITERATORS.has(getMemberName(call.callee) ?? '')
      ) {
        iterable = call.callee.object;
      }
    }
    if (iterable && this.isTenantModelRows(iterable)) {
      this.fanOutVars.add(variable);
      return true;
    }
    return false;
  }

  /** Whether an expression is (or holds) the rows of a query on a tenant model. */
  isTenantModelRows(node: Node, depth = 0): boolean {
    if (depth > MAX_DEPTH) return false;
    const value = unwrap(this.analysis.resolver.resolveValue(unwrap(node)));
    const inner = value.type === AST_NODE_TYPES.AwaitExpression ? unwrap(value.argument) : value;
    if (inner.type !== AST_NODE_TYPES.CallExpression && inner.type !== AST_NODE_TYPES.TaggedTemplateExpression) return false;
    const query = this.analysis.queryOf(inner);
    if (query) return query.model !== undefined && this.analysis.settings.isTenantModel(query.model);
    // `await step.run('load', () => prisma.organization.findMany())` and similar wrappers.
    if (inner.type === AST_NODE_TYPES.CallExpression) {
      for (const arg of inner.arguments) {
        if (!isFunction(arg)) continue;
        const returned = returnedExpressions(arg) ?? [];
        if (returned.some((expression) => this.isTenantModelRows(expression, depth + 1))) return true;
      }
      const callee = getCallee(inner);
      if (callee?.receiver && ['flat', 'filter', 'slice'].includes(callee.name)) return this.isTenantModelRows(callee.receiver, depth + 1);
    }
    return false;
  }

  /** Whether any expression inside `node` is a tenant value (for the arguments of a scoped-client factory). */
  containsTenantValue(node: Node): boolean {
    let found = false;
    const visit = (current: Node): void => {
      if (found || isFunction(current)) return;
      if (
        (current.type === AST_NODE_TYPES.Identifier || current.type === AST_NODE_TYPES.MemberExpression) &&
        this.isTenantValue(current)
      ) {
        found = true;
        return;
      }
      for (const key of this.analysis.sourceCode.visitorKeys[current.type] ?? []) {
        const child = (current as unknown as Record<string, unknown>)[key];
        if (Array.isArray(child)) {
          for (const item of child) if (item && typeof (item as Node).type === 'string') visit(item as Node);
        } else if (child && typeof (child as Node).type === 'string') visit(child as Node);
      }
    };
    visit(node);
    return found;
  }

  /**
   * Source text that reads `key` from the payload (`job.data.organizationId`,
   * `event.data.organizationId`, `payload.organizationId`), when the payload is reachable by a name.
   */
  payloadAccessText(key: string): string | undefined {
    // The handler's own parameter and the binding's path: `job` and `data` give `job.data.<key>`.
    const binding = this.handler.payload;
    const param = binding && this.handler.fn.params[binding.param];
    if (binding && param?.type === AST_NODE_TYPES.Identifier && binding.path.every((step) => /^[A-Za-z_$][\w$]*$/.test(step))) {
      return memberText([param.name, ...binding.path].join('.'), key);
    }
    for (const [variable, steps] of this.namedRoutes) return memberText([variable.name, ...steps].join('.'), key);
    let best: { text: string; length: number } | undefined;
    for (const [variable, path] of this.payloadPaths) {
      if (path.length > 0) continue;
      const text = memberText(variable.name, key);
      if (!best || text.length < best.length) best = { text, length: text.length };
    }
    if (best) return best.text;
    for (const node of this.payloadNodes) {
      const text = this.analysis.sourceCode.getText(unwrap(node));
      if (/^[\w$.]+$/.test(text)) return memberText(text, key);
    }
    return undefined;
  }
}
