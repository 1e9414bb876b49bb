import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { getCallee, getMemberName, isFunction, unwrap } from '../util/ast';
import type { QueryFacts } from './data/types';
import type { FileAnalysis } from './engine';
import { HandlerGuards } from './guards';
import type { Handler } from './handlers';
import { returnedExpressions } from './jobs/types';
import { analyzePayload } from './payload';
import { TenantValues } from './tenant-values';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

/** How a query in a handler stands towards the tenant. */
export type QueryVerdict =
  /** Its filter, client or inputs keep it to one tenant. */
  | { readonly kind: 'scoped'; readonly how: 'filter' | 'client' | 'verified' | 'dispatch' }
  /** Not judged: an insert, a tenant or global model, a filter the layer cannot read. */
  | { readonly kind: 'exempt' }
  /** Every tenant constraint is conditional: `no-fallthrough-missing-tenant` owns it. */
  | { readonly kind: 'conditional' }
  /** The tenant constraint's value outlives the job: module-level mutable state, an instance field. */
  | { readonly kind: 'sharedState'; readonly source: Node }
  /** No tenant constraint at all. */
  | { readonly kind: 'unscoped' };

/** Calls whose name says they build a tenant-scoped client (`db.$extends(forTenant(id))`, `withOrganization(id, tx => …)`). */
const SCOPING_NAME = /^\$extends$|^\$setAuth$|^\$use$|tenant|^(for|with|scoped?)(Org|Organi[sz]ation|Workspace|Team|Account|Tenant)/i;
const TRANSACTION = /^(\$transaction|transaction|transactional|begin)$/;
const MAX_DEPTH = 8;

/** Walks `node` and everything below it; `visit` returning false skips a node's children. */
function walk(node: Node, visitorKeys: TSESLint.SourceCode['visitorKeys'], visit: (node: Node) => boolean | void): void {
  if (visit(node) === false) return;
  for (const key of visitorKeys[node.type] ?? []) {
    const child = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(child)) {
      for (const item of child) if (item && typeof (item as Node).type === 'string') walk(item as Node, visitorKeys, visit);
    } else if (child && typeof (child as Node).type === 'string') walk(child as Node, visitorKeys, visit);
  }
}

/** Judges the queries of one handler. */
export class HandlerScope {
  readonly values: TenantValues;
  private handlerGuards: HandlerGuards | undefined;
  private readonly verdicts = new Map<Node, QueryVerdict>();
  private readonly judging = new Set<Node>();

  constructor(
    private readonly analysis: FileAnalysis,
    readonly handler: Handler,
  ) {
    this.values = new TenantValues(analysis, handler);
  }

  /** The handler's presence checks of its tenant values (collected once, shared by the rules). */
  get guards(): HandlerGuards {
    this.handlerGuards ??= new HandlerGuards(this.analysis, this.handler, this.values);
    return this.handlerGuards;
  }

  judge(query: QueryFacts): QueryVerdict {
    const cached = this.verdicts.get(query.node);
    if (cached) return cached;
    if (this.judging.has(query.node)) return { kind: 'unscoped' };
    this.judging.add(query.node);
    const verdict = this.decide(query);
    this.judging.delete(query.node);
    this.verdicts.set(query.node, verdict);
    return verdict;
  }

  private decide(query: QueryFacts): QueryVerdict {
    const { settings } = this.analysis;
    if (query.kind === 'insert') return { kind: 'exempt' };
    if (query.model !== undefined && (settings.isTenantModel(query.model) || settings.isGlobalModel(query.model))) {
      return { kind: 'exempt' };
    }
    // With a project schema: a table with no tenant column and no required relation to tenant data
    // holds no tenant's rows; a tenant root is listed in a fan-out. Tables the schema does not know
    // are checked as without one.
    const table = this.analysis.tableOf(query);
    if (table && (!table.tenantData || table.tenantModel)) return { kind: 'exempt' };
    if (query.constraints.length > 0) {
      const settled = query.constraints.filter((constraint) => !constraint.conditional);
      if (settled.length === 0) return { kind: 'conditional' };
      const sources = settled.map((constraint) => (constraint.value ? this.sharedStateSource(constraint.value) : undefined));
      if (sources.every((source) => source !== undefined)) return { kind: 'sharedState', source: sources[0]! };
      return { kind: 'scoped', how: 'filter' };
    }
    if (this.isScopedReceiver(query.node)) return { kind: 'scoped', how: 'client' };
    if (query.opaque) return { kind: 'exempt' };
    if (this.usesVerifiedValue(query.node)) return { kind: 'scoped', how: 'verified' };
    if (this.isDispatcher(query.node)) return { kind: 'scoped', how: 'dispatch' };
    return { kind: 'unscoped' };
  }

  // --- Shared state -----------------------------------------------------------------------

  /**
   * Where a tenant value comes from when that place outlives the job: a module-level `let`/`var`
   * written somewhere, a module-level object whose properties are assigned, or an instance field
   * assigned outside the constructor (another job's leftovers).
   */
  sharedStateSource(value: Node, depth = 0): Node | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const inner = unwrap(value);
    if (inner.type === AST_NODE_TYPES.Identifier) {
      const variable = this.analysis.resolver.findVariable(inner);
      const def = variable?.defs[0];
      if (!variable || !def) return undefined;
      const scopeType = variable.scope.type;
      const isModuleLevel = scopeType === 'module' || scopeType === 'global';
      if (isModuleLevel && def.type === 'Variable' && def.parent?.type === AST_NODE_TYPES.VariableDeclaration && def.parent.kind !== 'const') {
        if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return inner;
      }
      const init = !isModuleLevel ? this.analysis.resolver.resolveIdentifier(inner) : undefined;
      return init ? this.sharedStateSource(init, depth + 1) : undefined;
    }
    if (inner.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    let root: Node = inner;
    let first: TSESTree.MemberExpression | undefined;
    while (root.type === AST_NODE_TYPES.MemberExpression) {
      first = root;
      root = unwrap(root.object);
    }
    if (root.type === AST_NODE_TYPES.ThisExpression && first) {
      const field = getMemberName(first);
      return field && this.isFieldAssignedOutsideConstructor(first, field) ? inner : undefined;
    }
    if (root.type === AST_NODE_TYPES.Identifier) {
      const variable = this.analysis.resolver.findVariable(root);
      if (!variable || (variable.scope.type !== 'module' && variable.scope.type !== 'global')) return undefined;
      const assigned = variable.references.some((reference) => {
        const parent = (reference.identifier as Node).parent;
        return (
          parent?.type === AST_NODE_TYPES.MemberExpression &&
          parent.parent?.type === AST_NODE_TYPES.AssignmentExpression &&
          parent.parent.left === parent
        );
      });
      const written = variable.references.some((reference) => reference.isWrite() && !reference.init);
      return assigned || written ? inner : undefined;
    }
    return undefined;
  }

  private isFieldAssignedOutsideConstructor(node: Node, field: string): boolean {
    let body: TSESTree.ClassBody | undefined;
    for (let current: Node | undefined = node.parent; current; current = current.parent) {
      if (current.type === AST_NODE_TYPES.ClassBody) {
        body = current;
        break;
      }
    }
    if (!body) return false;
    let found = false;
    for (const member of body.body) {
      if (member.type !== AST_NODE_TYPES.MethodDefinition || member.kind === 'constructor') continue;
      walk(member.value, this.analysis.sourceCode.visitorKeys, (current) => {
        if (found) return false;
        if (
          current.type === AST_NODE_TYPES.AssignmentExpression &&
          current.left.type === AST_NODE_TYPES.MemberExpression &&
          unwrap(current.left.object).type === AST_NODE_TYPES.ThisExpression &&
          getMemberName(current.left) === field
        ) {
          found = true;
          return false;
        }
        return undefined;
      });
    }
    return found;
  }

  // --- Scoped clients ---------------------------------------------------------------------

  /** Whether a call builds a scoped client: a factory given a tenant value, or one named in `scopedClients`. */
  private isScopingCall(call: TSESTree.CallExpression): boolean {
    const callee = getCallee(call);
    if (!callee) return false;
    if (this.analysis.settings.scopedClients.includes(callee.name)) return true;
    const factoryLike = !callee.receiver || SCOPING_NAME.test(callee.name);
    return factoryLike && call.arguments.some((arg) => !isFunction(arg) && this.values.containsTenantValue(arg));
  }

  /**
   * Whether a query runs on a scoped client: made by a call given a tenant value
   * (`getTenantDb(orgId)`, `db.$extends(forTenant(orgId))`), named in `scopedClients`, or the
   * callback parameter of such a call (`withTenant(orgId, (tx) => …)`), also through transactions.
   */
  isScopedReceiver(queryNode: Node, depth = 0): boolean {
    if (depth > MAX_DEPTH) return false;
    let current: Node = queryNode.type === AST_NODE_TYPES.TaggedTemplateExpression ? queryNode.tag : queryNode;
    let first = queryNode.type !== AST_NODE_TYPES.TaggedTemplateExpression;
    for (let steps = 0; steps < 64; steps++) {
      const inner = unwrap(current);
      if (inner.type === AST_NODE_TYPES.AwaitExpression) {
        current = inner.argument;
      } else if (inner.type === AST_NODE_TYPES.CallExpression) {
        if (!first && this.isScopingCall(inner)) return true;
        first = false;
        current = inner.callee;
      } else if (inner.type === AST_NODE_TYPES.MemberExpression) {
        current = inner.object;
      } else if (inner.type === AST_NODE_TYPES.TaggedTemplateExpression) {
        current = inner.tag;
      } else if (inner.type === AST_NODE_TYPES.Identifier) {
        return this.isScopedBinding(inner, depth);
      } else {
        return false;
      }
    }
    return false;
  }

  private isScopedBinding(identifier: TSESTree.Identifier, depth: number): boolean {
    if (this.analysis.settings.scopedClients.includes(identifier.name)) return true;
    // A binding made from itself (`const db = await db.x()`) would be followed round for ever.
    if (depth > MAX_DEPTH) return false;
    const variable = this.analysis.resolver.findVariable(identifier);
    const def = variable?.defs[0];
    if (!variable || !def) return false;
    if (def.type === 'Variable') {
      const init = this.analysis.resolver.resolveIdentifier(identifier);
      if (!init) return false;
      return this.isScopedReceiverOf(init, depth + 1);
    }
    if (def.type === 'Parameter') {
      const fn = def.node;
      const call = fn.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
      if (this.isScopingCall(call)) return true;
      const callee = getCallee(call);
      // `tx` of `scopedDb.$transaction(async (tx) => …)` is scoped as its receiver is.
      return !!callee?.receiver && TRANSACTION.test(callee.name) && this.isScopedReceiverOf(callee.receiver, depth + 1);
    }
    return false;
  }

  /** Whether an expression (a client, not a query) is scoped: as {@link isScopedReceiver} without skipping the first call. */
  private isScopedReceiverOf(expression: Node, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const inner = unwrap(expression);
    if (inner.type === AST_NODE_TYPES.CallExpression && this.isScopingCall(inner)) return true;
    if (inner.type === AST_NODE_TYPES.Identifier) return this.isScopedBinding(inner, depth + 1);
    if (inner.type === AST_NODE_TYPES.MemberExpression) return this.isScopedReceiverOf(inner.object, depth + 1);
    if (inner.type === AST_NODE_TYPES.AwaitExpression) return this.isScopedReceiverOf(inner.argument, depth + 1);
    if (inner.type === AST_NODE_TYPES.CallExpression) return this.isScopedReceiverOf(inner.callee, depth + 1);
    return false;
  }

  // --- Tenant-verified values -------------------------------------------------------------

  /** Whether a variable holds the result of a scoped query (`const project = await prisma.project.findFirst({ where: { id, organizationId } })`). */
  private isVerifiedVariable(variable: Variable, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const def = variable.defs[0];
    if (def?.type !== 'Variable' || !def.node.init) return false;
    let init = unwrap(def.node.init);
    if (init.type === AST_NODE_TYPES.AwaitExpression) init = unwrap(init.argument);
    if (init.type === AST_NODE_TYPES.Identifier) {
      const next = this.analysis.resolver.findVariable(init);
      return !!next && next !== variable && this.isVerifiedVariable(next, depth + 1);
    }
    if (init.type === AST_NODE_TYPES.MemberExpression) {
      let root: Node = init;
      while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrap(root.object);
      if (root.type !== AST_NODE_TYPES.Identifier) return false;
      const next = this.analysis.resolver.findVariable(root);
      return !!next && next !== variable && this.isVerifiedVariable(next, depth + 1);
    }
    return this.isScopedQueryResult(init, depth);
  }

  /** Whether an expression is the result of a scoped query, also through `step.run('x', () => query)`-style wrappers. */
  private isScopedQueryResult(node: Node, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    let inner = unwrap(node);
    if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = unwrap(inner.argument);
    if (inner.type === AST_NODE_TYPES.Identifier) {
      // `return row` after `const [row] = await db.select()…` inside the wrapper's callback.
      const variable = this.analysis.resolver.findVariable(inner);
      return !!variable && this.isVerifiedVariable(variable, depth + 1);
    }
    if (inner.type !== AST_NODE_TYPES.CallExpression && inner.type !== AST_NODE_TYPES.TaggedTemplateExpression) return false;
    const query = this.analysis.queryOf(inner);
    if (query) return this.judge(query).kind === 'scoped';
    if (inner.type !== AST_NODE_TYPES.CallExpression) return false;
    return inner.arguments.some(
      (arg) => isFunction(arg) && (returnedExpressions(arg) ?? []).some((expression) => this.isScopedQueryResult(expression, depth + 1)),
    );
  }

  /** Whether a query's filter uses a value taken from a scoped query's result. */
  private usesVerifiedValue(queryNode: Node): boolean {
    let found = false;
    walk(queryNode, this.analysis.sourceCode.visitorKeys, (node) => {
      if (found || isFunction(node)) return false;
      if (node.type === AST_NODE_TYPES.Identifier && node.parent?.type !== AST_NODE_TYPES.MemberExpression) {
        const variable = this.analysis.resolver.findVariable(node);
        if (variable && this.isVerifiedVariable(variable, 0)) found = true;
      } else if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.Identifier) {
        const variable = this.analysis.resolver.findVariable(node.object);
        if (variable && this.isVerifiedVariable(variable, 0)) found = true;
      }
      return undefined;
    });
    return found;
  }

  // --- Dispatchers ------------------------------------------------------------------------

  /**
   * Whether a query only feeds enqueues: its rows are iterated and every use of a row sits in the
   * arguments of an enqueue call whose payload carries a tenant key (SPEC 4 "a dispatcher").
   */
  private isDispatcher(queryNode: Node): boolean {
    let node: Node = queryNode;
    while (node.parent?.type === AST_NODE_TYPES.AwaitExpression || node.parent?.type === AST_NODE_TYPES.TSAsExpression) node = node.parent;
    const parent = node.parent;
    const rowVariables: TSESTree.Node[] = [];
    if (parent?.type === AST_NODE_TYPES.ForOfStatement && parent.right === node) {
      const left = parent.left;
      const id = left.type === AST_NODE_TYPES.VariableDeclaration ? left.declarations[0]?.id : left;
      if (id) rowVariables.push(id);
    } else if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier) {
      const variable = this.analysis.resolver.findVariable(parent.id);
      if (!variable) return false;
      for (const reference of variable.references) {
        const id = reference.identifier as Node;
        if (id === parent.id) continue;
        const use = id.parent;
        if (use?.type === AST_NODE_TYPES.ForOfStatement && use.right === id) {
          const left = use.left;
          const target = left.type === AST_NODE_TYPES.VariableDeclaration ? left.declarations[0]?.id : left;
          if (target) rowVariables.push(target);
        } else if (use?.type === AST_NODE_TYPES.MemberExpression && use.object === id) {
          const name = getMemberName(use);
          if (name === 'length') continue;
          const call = use.parent;
          const callback = call?.type === AST_NODE_TYPES.CallExpression && call.callee === use ? call.arguments[0] : undefined;
          if (!name || !['map', 'forEach', 'flatMap'].includes(name) || !isFunction(callback) || !callback.params[0]) return false;
          rowVariables.push(callback.params[0]);
        } else {
          return false;
        }
      }
    } else {
      return false;
    }
    if (rowVariables.length === 0) return false;
    let carries = false;
    for (const id of rowVariables) {
      if (id.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = this.analysis.resolver.findVariable(id);
      if (!variable) return false;
      for (const reference of variable.references) {
        if (reference.identifier === id) continue;
        const site = this.enclosingEnqueue(reference.identifier as Node, 0);
        if (!site) return false;
        carries ||= site;
      }
    }
    return carries;
  }

  /**
   * Whether a node sits in the arguments of an enqueue call (also through a local const that is
   * then passed to one), and whether that enqueue's payloads carry a tenant key.
   */
  private enclosingEnqueue(node: Node, depth: number): boolean | undefined {
    if (depth > 3) return undefined;
    for (let current: Node | undefined = node.parent; current; current = current.parent) {
      if (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.NewExpression) {
        const site = this.analysis.enqueueSiteOf(current);
        if (site) {
          return site.payloads.some(
            (slot) => slot.node && analyzePayload(slot.node, this.analysis.settings, this.analysis.resolver).kind === 'carries',
          );
        }
      }
      if (current.type === AST_NODE_TYPES.VariableDeclarator && current.id.type === AST_NODE_TYPES.Identifier) {
        const variable = this.analysis.resolver.findVariable(current.id);
        if (!variable) return undefined;
        let result: boolean | undefined = false;
        for (const reference of variable.references) {
          if (reference.identifier === current.id) continue;
          const inner = this.enclosingEnqueue(reference.identifier as Node, depth + 1);
          if (inner === undefined) return undefined;
          result ||= inner;
        }
        return result;
      }
      if (isFunction(current) && !this.isIterationCallback(current)) return undefined;
    }
    return undefined;
  }

  private isIterationCallback(fn: Node): boolean {
    const call = fn.parent;
    return (
      call?.type === AST_NODE_TYPES.CallExpression &&
      call.callee.type === AST_NODE_TYPES.MemberExpression &&
      ['map', 'forEach', 'flatMap'].includes(getMemberName(call.callee) ?? '')
    );
  }

  // --- allowRecordTenant ------------------------------------------------------------------

  /**
   * Whether a by-id lookup's result gives the tenant to the handler's other queries: its variable
   * is read as `<record>.<tenant key>` somewhere in the handler (`doc.organizationId`).
   */
  isRecordTenantSource(query: QueryFacts): boolean {
    let node: Node = query.node;
    while (node.parent?.type === AST_NODE_TYPES.AwaitExpression) node = node.parent;
    const declarator = node.parent;
    if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== node || declarator.id.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.analysis.resolver.findVariable(declarator.id);
    return !!variable?.references.some((reference) => {
      const parent = (reference.identifier as Node).parent;
      return parent?.type === AST_NODE_TYPES.MemberExpression && this.analysis.settings.isTenantKey(getMemberName(parent) ?? '');
    });
  }
}

