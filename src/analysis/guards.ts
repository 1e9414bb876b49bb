import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { getCallee, getLastName, isFunction, unwrap } from '../util/ast';
import type { FileAnalysis } from './engine';
import type { Handler } from './handlers';
import { functionOf, type FunctionNode } from './jobs/types';
import type { TenantValues } from './tenant-values';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

/** A presence check on a payload tenant value. */
export interface PresenceCheck {
  /** The statement or expression that checks. */
  readonly node: Node;
  /** The checked value as written. */
  readonly value: Node;
  /** Whether the missing-tenant branch always throws. */
  readonly fatal: boolean;
  /**
   * The statements the check protects: those after it in its block when its missing branch exits
   * (`if (!x) throw`, `if (!x) return`), or its present branch (`if (x) { … }`).
   */
  readonly protects: (node: Node) => boolean;
  /** The silent exit of a non-fatal check (`return;`, `continue;`), for the suggestion that turns it into a throw. */
  readonly silentExit?: TSESTree.ReturnStatement | TSESTree.ContinueStatement;
}

const ASSERTS = new Set(['assert', 'invariant', 'assertDefined', 'assertExists', 'ok', 'strictEqual']);
const PARSES = new Set(['parse', 'parseAsync', 'validateSync', 'assert', 'create', 'mask']);
const MAX_DEPTH = 6;

/** Whether a statement (or expression) always throws: `throw`, a block ending in one, a same-file function that always throws. */
export function alwaysThrows(node: Node | null | undefined, analysis: FileAnalysis, depth = 0): boolean {
  if (!node || depth > MAX_DEPTH) return false;
  switch (node.type) {
    case AST_NODE_TYPES.ThrowStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement:
      return node.body.some((statement) => alwaysThrows(statement, analysis, depth + 1));
    case AST_NODE_TYPES.ExpressionStatement:
      return alwaysThrows(node.expression, analysis, depth + 1);
    case AST_NODE_TYPES.AwaitExpression:
      return alwaysThrows(node.argument, analysis, depth + 1);
    case AST_NODE_TYPES.IfStatement:
      return alwaysThrows(node.consequent, analysis, depth + 1) && alwaysThrows(node.alternate, analysis, depth + 1);
    case AST_NODE_TYPES.CallExpression: {
      const fn = functionOf(node.callee, analysis);
      return !!fn && fn.body.type === AST_NODE_TYPES.BlockStatement && alwaysThrows(fn.body, analysis, depth + 1);
    }
    default:
      return false;
  }
}

/** Whether a statement leaves its block without throwing: `return`, `continue`, `break`. */
function silentExitOf(node: Node | null | undefined): TSESTree.ReturnStatement | TSESTree.ContinueStatement | undefined {
  if (!node) return undefined;
  if (node.type === AST_NODE_TYPES.ReturnStatement || node.type === AST_NODE_TYPES.ContinueStatement) return node;
  if (node.type === AST_NODE_TYPES.BlockStatement) {
    const last = node.body[node.body.length - 1];
    return last ? silentExitOf(last) : undefined;
  }
  return undefined;
}

function exits(node: Node | null | undefined, analysis: FileAnalysis): boolean {
  return alwaysThrows(node, analysis) || silentExitOf(node) !== undefined || (node?.type === AST_NODE_TYPES.BreakStatement);
}

/** Whether `inner` lies inside `outer` (by range). */
export function isInside(inner: Node, outer: Node): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}

/** The statements after `statement` in its block, as a predicate on nodes. */
function laterInBlock(statement: Node): (node: Node) => boolean {
  const block = statement.parent;
  const body =
    block?.type === AST_NODE_TYPES.BlockStatement || block?.type === AST_NODE_TYPES.Program
      ? block.body
      : block?.type === AST_NODE_TYPES.SwitchCase
        ? block.consequent
        : undefined;
  if (!body) return () => false;
  const index = body.indexOf(statement as TSESTree.Statement);
  const later = body.slice(index + 1);
  return (node) => later.some((s) => isInside(node, s));
}

/** The presence checks of one handler on its payload tenant values. */
export class HandlerGuards {
  readonly checks: PresenceCheck[] = [];
  /** Variables bound to a value that a throwing fallback guards (`const orgId = job.data.orgId ?? fail()`). */
  private readonly guardedVariables = new Set<Variable>();

  constructor(
    private readonly analysis: FileAnalysis,
    private readonly handler: Handler,
    private readonly values: TenantValues,
  ) {
    this.collect(handler.fn);
  }

  /** Whether an expression is this handler's payload tenant value (not a helper's parameter, not a fan-out row). */
  isPayloadTenantValue(node: Node): boolean {
    const path = this.values.payloadPathOf(unwrap(node));
    if (!path || path.length === 0) return false;
    const last = path[path.length - 1]!;
    const owner = path[path.length - 2];
    return this.analysis.settings.isTenantKey(last) || (last === 'id' && owner !== undefined && this.analysis.settings.isTenantModel(owner));
  }

  /**
   * The tenant value an absence test checks: `!x`, `x == null`, `x === undefined`, `typeof x !== 'string'`,
   * and any of them in an `||` chain. Returns the value and whether the test is true when it is absent.
   */
  private absenceTest(test: Node): { value: Node; whenAbsent: boolean } | undefined {
    const inner = unwrap(test);
    if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '!') {
      const argument = unwrap(inner.argument);
      if (argument.type === AST_NODE_TYPES.UnaryExpression && argument.operator === '!') {
        return this.isPayloadTenantValue(argument.argument) ? { value: argument.argument, whenAbsent: false } : undefined;
      }
      return this.isPayloadTenantValue(argument) ? { value: argument, whenAbsent: true } : undefined;
    }
    if (inner.type === AST_NODE_TYPES.BinaryExpression) {
      const { left, right, operator } = inner;
      const isMissing = (n: Node) => {
        const u = unwrap(n);
        return (u.type === AST_NODE_TYPES.Literal && u.value === null) || (u.type === AST_NODE_TYPES.Identifier && u.name === 'undefined');
      };
      const typeofValue = (n: Node) => {
        const u = unwrap(n);
        return u.type === AST_NODE_TYPES.UnaryExpression && u.operator === 'typeof' ? u.argument : undefined;
      };
      const pairs: [Node, Node][] = [
        [left, right],
        [right, left],
      ];
      for (const [a, b] of pairs) {
        if (isMissing(b) && this.isPayloadTenantValue(a)) {
          if (operator === '==' || operator === '===') return { value: a, whenAbsent: true };
          if (operator === '!=' || operator === '!==') return { value: a, whenAbsent: false };
        }
        const typed = typeofValue(a);
        if (typed && this.isPayloadTenantValue(typed) && unwrap(b).type === AST_NODE_TYPES.Literal) {
          const literal = (unwrap(b) as TSESTree.Literal).value;
          const absentLiteral = literal === 'undefined';
          if (operator === '!==' || operator === '!=') return { value: typed, whenAbsent: !absentLiteral };
          if (operator === '===' || operator === '==') return { value: typed, whenAbsent: absentLiteral };
        }
      }
      return undefined;
    }
    if (inner.type === AST_NODE_TYPES.LogicalExpression) {
      // `!a || !b`: true when either is absent; `a && b`: true when both are present.
      const left = this.absenceTest(inner.left);
      const right = this.absenceTest(inner.right);
      const found = left ?? right;
      if (!found) return undefined;
      if (inner.operator === '||' && found.whenAbsent) return found;
      if (inner.operator === '&&' && !found.whenAbsent) return found;
      return undefined;
    }
    return this.isPayloadTenantValue(inner) ? { value: inner, whenAbsent: false } : undefined;
  }

  private collect(fn: FunctionNode): void {
    for (const node of this.analysis.nodeIndex.within(fn)) {
      if (node.type === AST_NODE_TYPES.IfStatement) {
        if (this.isOwnCode(node, fn)) this.readIf(node);
      } else if (node.type === AST_NODE_TYPES.ExpressionStatement) {
        if (this.isOwnCode(node, fn)) this.readStatement(node);
      } else if (node.type === AST_NODE_TYPES.VariableDeclarator && node.init) {
        if (this.isOwnCode(node, fn)) this.readDeclarator(node);
      }
    }
  }

  /** Whether `node`, inside `fn`, is this handler's code: not inside a nested function that belongs to another handler. */
  private isOwnCode(node: Node, fn: FunctionNode): boolean {
    for (let current = node.parent; current && current !== fn; current = current.parent) {
      if (isFunction(current) && this.analysis.owningHandler(current)?.handler !== this.handler) return false;
    }
    return true;
  }

  private readIf(node: TSESTree.IfStatement): void {
    // arktype: `const out = ReportJob(job.data); if (out instanceof type.errors) throw …`
    const validated = this.arktypeValidation(node.test);
    if (validated && alwaysThrows(node.consequent, this.analysis)) {
      this.checks.push({ node, value: validated, fatal: true, protects: laterInBlock(node) });
      return;
    }
    const test = this.absenceTest(node.test);
    if (!test) return;
    const missing = test.whenAbsent ? node.consequent : node.alternate;
    const present = test.whenAbsent ? node.alternate : node.consequent;
    const fatal = alwaysThrows(missing, this.analysis);
    // `if (!x) throw|return …`: what follows is protected; `if (x) { … }`: its branch is.
    const protects = exits(missing, this.analysis)
      ? laterInBlock(node)
      : (candidate: Node) => (present ? isInside(candidate, present) : false);
    const both = (candidate: Node) => protects(candidate) || (!!present && isInside(candidate, present));
    this.checks.push({ node, value: test.value, fatal, protects: both, silentExit: fatal ? undefined : silentExitOf(missing) });
  }

  private readStatement(node: TSESTree.ExpressionStatement): void {
    const expression = unwrap(node.expression);
    const call = expression.type === AST_NODE_TYPES.AwaitExpression ? unwrap(expression.argument) : expression;
    if (call.type !== AST_NODE_TYPES.CallExpression) return;
    const callee = getCallee(call);
    const first = call.arguments[0];
    if (!callee || !first) return;
    // assert(x), assert.ok(x), invariant(x, …)
    if (ASSERTS.has(callee.name) && this.isPayloadTenantValue(first)) {
      this.checks.push({ node, value: first, fatal: true, protects: laterInBlock(node) });
      return;
    }
    // Schema.parse(job.data) as a statement: it throws on a bad payload.
    if (this.isSchemaValidation(call)) this.checks.push({ node, value: first, fatal: true, protects: laterInBlock(node) });
  }

  /** `const data = Schema.parse(job.data)`, `const orgId = job.data.orgId ?? fail()`. */
  private readDeclarator(node: TSESTree.VariableDeclarator): void {
    let init = unwrap(node.init!);
    if (init.type === AST_NODE_TYPES.AwaitExpression) init = unwrap(init.argument);
    const statement = node.parent;
    if (init.type === AST_NODE_TYPES.CallExpression && this.isSchemaValidation(init) && statement) {
      this.checks.push({ node: statement, value: init.arguments[0] as Node, fatal: true, protects: laterInBlock(statement) });
      return;
    }
    if (
      init.type === AST_NODE_TYPES.LogicalExpression &&
      (init.operator === '??' || init.operator === '||') &&
      this.isPayloadTenantValue(init.left) &&
      alwaysThrows(init.right, this.analysis) &&
      node.id.type === AST_NODE_TYPES.Identifier
    ) {
      const variable = this.analysis.resolver.findVariable(node.id);
      if (variable) this.guardedVariables.add(variable);
    }
  }

  /** The payload an `x instanceof type.errors` test is about, when `x` is an arktype result of the payload. */
  private arktypeValidation(test: Node): Node | undefined {
    const inner = unwrap(test);
    if (inner.type !== AST_NODE_TYPES.BinaryExpression || inner.operator !== 'instanceof') return undefined;
    const right = unwrap(inner.right);
    const left = unwrap(inner.left);
    if (right.type !== AST_NODE_TYPES.MemberExpression || getLastName(right) !== 'errors' || left.type !== AST_NODE_TYPES.Identifier) return undefined;
    const init = this.analysis.resolver.resolveIdentifier(left);
    const call = init && unwrap(init);
    if (call?.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const argument = call.arguments[0];
    if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
    const path = this.values.payloadPathOf(unwrap(argument));
    return path && path.length === 0 ? argument : undefined;
  }

  /** A schema validating the payload: `Schema.parse(job.data)`, `v.parse(Schema, payload)`, `schema.validateSync(data)`. */
  private isSchemaValidation(call: TSESTree.CallExpression): boolean {
    const callee = getCallee(call);
    if (!callee?.receiver || !PARSES.has(callee.name)) return false;
    return call.arguments.some((arg) => {
      const path = arg.type !== AST_NODE_TYPES.SpreadElement ? this.values.payloadPathOf(unwrap(arg)) : undefined;
      return !!path && path.length === 0;
    });
  }

  /** The check that protects a use, if any: fatal checks first. */
  checkFor(use: Node): PresenceCheck | undefined {
    const protecting = this.checks.filter((check) => check.protects(use));
    return protecting.find((check) => check.fatal) ?? protecting[0];
  }

  /** Whether a value is guarded where it is bound (`?? fail()`), or validated for the whole handler (Trigger.dev `schemaTask`). */
  isGuardedValue(value: Node): boolean {
    if (this.handler.system === 'trigger.dev' && isSchemaTask(this.handler, this.analysis)) return true;
    if (this.handler.system === 'inngest' && hasSchemaTrigger(this.handler)) return true;
    const inner = unwrap(value);
    let root: Node = inner;
    while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrap(root.object);
    if (root.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.analysis.resolver.findVariable(root);
    return !!variable && this.guardedVariables.has(variable);
  }
}

/**
 * Whether an Inngest function's triggers validate the event with a schema (v4
 * `eventType('app/x', { schema })`, or a trigger object with `schema`): the payload is checked
 * before the handler runs.
 */
function hasSchemaTrigger(handler: Handler): boolean {
  const call = handler.fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  const withSchema = (node: Node | undefined): boolean => {
    if (!node) return false;
    const inner = unwrap(node);
    if (inner.type === AST_NODE_TYPES.ObjectExpression) {
      return inner.properties.some(
        (p) =>
          p.type === AST_NODE_TYPES.Property &&
          ((p.key.type === AST_NODE_TYPES.Identifier && p.key.name === 'schema') || (p.key.type === AST_NODE_TYPES.Identifier && p.key.name === 'triggers' && withSchema(p.value))),
      );
    }
    if (inner.type === AST_NODE_TYPES.ArrayExpression) return inner.elements.some((e) => !!e && e.type !== AST_NODE_TYPES.SpreadElement && withSchema(e));
    if (inner.type === AST_NODE_TYPES.CallExpression) return inner.arguments.some((a) => a.type !== AST_NODE_TYPES.SpreadElement && withSchema(a));
    return false;
  };
  return call.arguments.some((arg) => arg !== handler.fn && arg.type !== AST_NODE_TYPES.SpreadElement && withSchema(arg));
}

/** Whether a Trigger.dev handler is the `run` of a `schemaTask` (its payload is validated by the schema). */
function isSchemaTask(handler: Handler, analysis: FileAnalysis): boolean {
  for (let current: Node | undefined = handler.fn.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.CallExpression) {
      const origin = analysis.originOf(current.callee);
      return getLastName(current.callee) === 'schemaTask' || origin?.path[origin.path.length - 1] === 'schemaTask';
    }
  }
  return false;
}

