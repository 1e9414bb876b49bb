import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { findProperty, getCallee, getLastName, getMemberName, getStaticString, isFunction, unwrap } from '../../util/ast';
import type { Origin, Resolver } from '../resolve';

type Node = TSESTree.Node;
export type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;

/**
 * One payload an enqueue call sends. `node` is the payload expression; when the payload is absent
 * it is undefined, and `owner` says where it is missing (the call, or the object literal that
 * lacks its `data`/`payload`/`body` key).
 */
export interface PayloadSlot {
  readonly node: Node | undefined;
  readonly owner: Node;
  /** For a missing payload: the key it belongs under (`data`), or undefined when it is an argument. */
  readonly missingKey?: string;
  /** The job name of this payload when it differs per element (`addBulk([{ name, data }])`). */
  readonly jobName?: string;
  /** For a payload argument: its index among the call's arguments. */
  readonly argIndex?: number;
}

/** An enqueue/trigger site found by a job system. */
export interface EnqueueSite {
  readonly system: string;
  readonly node: CallLike;
  /** Queue/job name, event name or task id, as written, when it can be read. */
  readonly jobName: string | undefined;
  /** Other names the job goes by (the queue name of a BullMQ `add`), for `tenantAgnosticJobs`. */
  readonly otherNames?: readonly string[];
  readonly payloads: readonly PayloadSlot[];
  /** A repeatable/cron producer: carries no tenant by design. */
  readonly repeatable: boolean;
}

/** Where a handler's payload sits, relative to the handler function's parameters. */
export interface PayloadBinding {
  /** Index of the parameter. */
  readonly param: number;
  /**
   * Property steps from that parameter to the payload: `['data']` for `job.data`, `['event', 'data']`
   * for Inngest, `[]` when the parameter is the payload; `'*'` is an element of an array
   * (pg-boss `jobs[i].data`), `'json()'` a parsed JSON body.
   */
  readonly path: readonly string[];
}

/**
 * A registration shape of a job system's handler side: which call (or class/decorator) registers
 * the handler, where the handler function sits and where its payload is. Cron handlers have none.
 */
export interface HandlerShape {
  /** What registers it, for docs and messages: `new Worker(name, processor)`. */
  readonly form: string;
  readonly kind: 'call' | 'new' | 'object-property' | 'decorated-method' | 'class-method' | 'export' | 'file';
  /** Callee/method/decorator/property names this shape looks for. */
  readonly names: readonly string[];
  /** Index of the handler among the call's arguments (`-1` for the last function argument). */
  readonly handlerArg?: number;
  /** Property of an options object that holds the handler (`run`, `fn`, `handleMessage`). */
  readonly handlerProperty?: string;
  /** Where the payload sits; undefined for cron handlers, which get none. */
  readonly payload: PayloadBinding | undefined;
  readonly cron?: boolean;
}

/** A function registered as a job handler. */
export interface HandlerMatch {
  readonly system: string;
  /** Queue/job name, event name or task id, when it can be read. */
  readonly jobName: string | undefined;
  readonly fn: FunctionNode;
  /** Where the payload sits; undefined for cron handlers. */
  readonly payload: PayloadBinding | undefined;
  readonly cron: boolean;
}

export type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

/** What a job-system module can ask about the file. */
export interface MatchContext {
  readonly resolver: Resolver;
  /** The origin of an expression (cached per node). */
  originOf(node: Node): Origin | undefined;
  /** Whether the file imports from one of these sources (or their subpaths). */
  importsFrom(sources: readonly string[]): boolean;
  /**
   * Whether {@link originOf} can give any value of the file an origin from one of these sources:
   * false when the file has no import, `require`, `import()` or other static string naming one,
   * and no type information. A cheap first test before asking for a receiver's origin.
   */
  mayHaveOriginFrom(sources: readonly string[]): boolean;
  /** The linted file's path relative to ESLint's working directory (`/` separated). */
  readonly relativePath: string;
}

/** A job system: how to recognise it, where its payloads are, what registers its handlers. */
export interface JobSystem {
  readonly id: string;
  /** Display name for docs and messages. */
  readonly name: string;
  /** Import sources; subpaths count (`quirrel` covers `quirrel/next-app`). */
  readonly sources: readonly string[];
  /** Method or function names that can start an enqueue of this system (a fast pre-check). */
  readonly enqueueNames: readonly string[];
  /** Whether to look at `new X(…)` expressions too (SQS commands). */
  readonly enqueueOnNew?: boolean;
  /** Recognise an enqueue call of this system, or return undefined. */
  matchEnqueue(call: CallLike, name: string, receiver: TSESTree.Expression | undefined, context: MatchContext): EnqueueSite | undefined;
  /** The handler side: registration shapes and where their payload sits (for docs). */
  readonly handlers: readonly HandlerShape[];
  /** Callee/method names that can register a handler of this system (a fast pre-check). */
  readonly handlerNames?: readonly string[];
  /** Recognise a call or `new` that registers handlers of this system. */
  matchHandler?(call: CallLike, name: string, receiver: TSESTree.Expression | undefined, context: MatchContext): HandlerMatch[] | undefined;
  /** Recognise a class member that is a handler (`@Processor` classes, `@Cron()` methods). */
  matchClassMember?(member: TSESTree.MethodDefinition | TSESTree.PropertyDefinition, classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression, context: MatchContext): HandlerMatch | undefined;
}

// ---------------------------------------------------------------------------------------------
// Payload locators shared by the job-system modules.

/** The `index`-th argument, or undefined when absent; a spread before or at it makes it unknown (null). */
export function argAt(call: CallLike, index: number): Node | undefined | null {
  for (let i = 0; i <= index && i < call.arguments.length; i++) {
    if (call.arguments[i]?.type === AST_NODE_TYPES.SpreadElement) return null;
  }
  return call.arguments[index];
}

/** A payload slot for argument `index` (missing when the call has fewer arguments). */
export function argSlot(call: CallLike, index: number, jobName?: string): PayloadSlot[] {
  const arg = argAt(call, index);
  if (arg === null) return [];
  return [{ node: arg, owner: call, jobName, argIndex: index }];
}

/** The object literal an expression resolves to, if any. */
export function asObject(node: Node | undefined | null, context: MatchContext): TSESTree.ObjectExpression | undefined {
  if (!node) return undefined;
  const value = context.resolver.resolveValue(node);
  return value.type === AST_NODE_TYPES.ObjectExpression ? value : undefined;
}

/**
 * The elements of an array payload: an array literal's elements, or what a `.map(cb)` callback
 * returns (`users.map(u => ({ name, data }))`). Undefined when it cannot be read.
 */
export function elementsOf(node: Node | undefined | null, context: MatchContext): Node[] | undefined {
  if (!node) return undefined;
  const value = context.resolver.resolveValue(node);
  if (value.type === AST_NODE_TYPES.ArrayExpression) {
    const out: Node[] = [];
    for (const element of value.elements) {
      if (!element || element.type === AST_NODE_TYPES.SpreadElement) return undefined;
      out.push(element);
    }
    return out;
  }
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const callee = getCallee(value);
    const callback = value.arguments[0];
    if (callee?.receiver && (callee.name === 'map' || callee.name === 'flatMap') && isFunction(callback)) {
      return returnedExpressions(callback);
    }
  }
  return undefined;
}

/** The expressions a function returns: its expression body, or each `return x` of its own body. */
export function returnedExpressions(fn: TSESTree.FunctionLike): Node[] | undefined {
  if (fn.type === AST_NODE_TYPES.ArrowFunctionExpression && fn.expression) return [fn.body as Node];
  const body = fn.body;
  if (!body || body.type !== AST_NODE_TYPES.BlockStatement) return undefined;
  const out: Node[] = [];
  const visit = (node: Node): void => {
    if (isFunction(node) || node.type === AST_NODE_TYPES.ClassBody) return;
    if (node.type === AST_NODE_TYPES.ReturnStatement) {
      if (node.argument) out.push(node.argument);
      return;
    }
    for (const key of Object.keys(node) as (keyof typeof node)[]) {
      if (key === 'parent') continue;
      const child = node[key] as unknown;
      if (Array.isArray(child)) child.forEach((c) => isNode(c) && visit(c));
      else if (isNode(child)) visit(child);
    }
  };
  visit(body);
  return out.length > 0 ? out : undefined;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * Slot for `object[key]` where `object` is a payload container (`{ name, data }`): the key's value,
 * or a missing slot when the object literal lacks it, or nothing when the object cannot be read.
 */
export function propertySlot(
  container: Node | undefined | null,
  key: string,
  context: MatchContext,
  jobNameKeys: readonly string[] = [],
): PayloadSlot[] {
  const object = asObject(container, context);
  if (!object) return [];
  const jobName = readNameFrom(object, jobNameKeys, context);
  const property = findProperty(object, key);
  if (property) return [{ node: property.value, owner: object, jobName }];
  // A spread may bring the key in.
  if (object.properties.some((p) => p.type === AST_NODE_TYPES.SpreadElement)) return [];
  return [{ node: undefined, owner: object, missingKey: key, jobName }];
}

/** Slots for `array[*][key]`. */
export function eachPropertySlots(
  array: Node | undefined | null,
  key: string,
  context: MatchContext,
  jobNameKeys: readonly string[] = [],
): PayloadSlot[] {
  const elements = elementsOf(array, context);
  if (!elements) return [];
  return elements.flatMap((element) => propertySlot(element, key, context, jobNameKeys));
}

/** Either `argument` itself as one container or each element of it when it is an array. */
export function oneOrMany(node: Node | undefined | null, context: MatchContext): Node[] {
  if (!node) return [];
  const value = context.resolver.resolveValue(node);
  if (value.type === AST_NODE_TYPES.ArrayExpression || value.type === AST_NODE_TYPES.CallExpression) {
    const elements = elementsOf(node, context);
    if (elements) return elements;
    if (value.type === AST_NODE_TYPES.ArrayExpression) return [];
  }
  return [node];
}

/** A static string read from the first of `keys` present on the object literal (`name`, `id`). */
export function readNameFrom(object: TSESTree.ObjectExpression, keys: readonly string[], context: MatchContext): string | undefined {
  for (const key of keys) {
    const property = findProperty(object, key);
    if (property) return readName(property.value, context);
  }
  return undefined;
}

/**
 * A job name as written: a string literal, a template's text, a constant it resolves to, or the
 * member path of an enum-like constant (`JobName.SendReport`).
 */
export function readName(node: Node | undefined | null, context: MatchContext): string | undefined {
  if (!node) return undefined;
  const value = context.resolver.resolveValue(node);
  const text = getStaticString(value);
  if (text !== undefined) return text;
  if (value.type === AST_NODE_TYPES.TemplateLiteral) {
    return value.quasis.map((q) => q.value.cooked ?? '').join('…');
  }
  if (value.type === AST_NODE_TYPES.MemberExpression) {
    const head = getLastName(value.object);
    const tail = getMemberName(value);
    if (head && tail) return `${head}.${tail}`;
  }
  // A function, class or task passed by name (`start(reportWorkflow, …)`); a parameter says nothing.
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const type = context.resolver.findVariable(inner)?.defs[0]?.type;
    return type === 'FunctionName' || type === 'ClassName' || type === 'ImportBinding' || type === 'Variable' ? inner.name : undefined;
  }
  return undefined;
}

/** Whether an options argument sets any of `keys` (`{ repeat: … }`). */
export function hasOption(node: Node | undefined | null, keys: readonly string[], context: MatchContext): boolean {
  const object = asObject(node, context);
  return !!object && keys.some((key) => findProperty(object, key) !== undefined);
}

/** The receiver's own name (`emailQueue` for `this.emailQueue`, `ReportQueue` for `ReportQueue.getInstance()`), for shape-based recognition. */
export function receiverName(receiver: TSESTree.Expression | undefined): string | undefined {
  if (!receiver) return undefined;
  let inner = unwrap(receiver);
  // `ReportQueue.getInstance()` is named by its object, `getQueue('reports')` by its callee.
  if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = unwrap(inner.argument);
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrap(inner.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression ? getLastName(callee.object) : getLastName(callee);
  }
  return getLastName(inner);
}

/** The first argument of the call that created an origin (`new Queue('emails')` gives `emails`). */
export function createdName(origin: Origin | undefined, context: MatchContext, key?: string): string | undefined {
  const created = origin?.created;
  if (!created) return undefined;
  const first = created.arguments[0];
  if (key) {
    const object = asObject(first, context);
    return object ? readNameFrom(object, [key], context) : undefined;
  }
  return readName(first, context);
}

/**
 * The function a handler argument is: written in place, or a function declared in the file
 * (`new Worker('q', processReport)` with `async function processReport(job)`).
 */
export function functionOf(node: Node | undefined | null, context: MatchContext): FunctionNode | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (isFunction(inner)) return inner;
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const variable = context.resolver.findVariable(inner);
    const def = variable?.defs[0];
    if (def?.type === 'FunctionName' && def.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
    const value = context.resolver.resolveValue(inner);
    if (isFunction(value)) return value;
  }
  return undefined;
}

/** The last argument that is a function (`queue.process('name', 5, handler)`). */
export function lastFunctionArg(call: CallLike, context: MatchContext): FunctionNode | undefined {
  for (let i = call.arguments.length - 1; i >= 0; i--) {
    const fn = functionOf(call.arguments[i], context);
    if (fn) return fn;
  }
  return undefined;
}

/** The function a property of an options object holds (`run: async (payload) => …`, `async run(payload) {}`). */
export function functionProperty(object: TSESTree.ObjectExpression | undefined, key: string, context: MatchContext): FunctionNode | undefined {
  const property = object && findProperty(object, key);
  return property ? functionOf(property.value, context) : undefined;
}

/** The names of a decorator list (`@Process('x')` gives `Process`, by its imported name), with each decorator's origin. */
export function decoratorOrigins(
  node: { decorators?: TSESTree.Decorator[] },
  context: MatchContext,
): { name: string; origin: Origin | undefined; call: TSESTree.CallExpression | undefined }[] {
  return (node.decorators ?? []).map((decorator) => {
    const expression = unwrap(decorator.expression);
    const callee = expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression;
    const origin = context.originOf(callee);
    // The imported name (`Cron` for `import { Cron as NestCron }`), else the name as written.
    return {
      name: origin?.path[origin.path.length - 1] ?? getLastName(callee) ?? '',
      origin,
      call: expression.type === AST_NODE_TYPES.CallExpression ? expression : undefined,
    };
  });
}
