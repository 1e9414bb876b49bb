// Named imports: a namespace import of a CommonJS module reads each name through a getter, and
// the gate reads `sep` for every linted file.
import { basename, sep } from 'node:path';
import { NodeIndex } from './node-index';
import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { getCallee, getKeyName, getMemberName, isFunction, unwrap } from '../util/ast';
import { JOB_SYSTEMS, systemsByName } from './jobs';
import { calleeMatches } from './jobs/custom';
import { argAt, functionOf, type CallLike, type FunctionNode, type HandlerMatch, type MatchContext } from './jobs/types';
import { hasPath, isFromSource } from './resolve';
import type { ResolvedSettings } from '../util/settings';

type Node = TSESTree.Node;

/** A job handler of the file: a registered callback, an exported function of a job file, a cron route. */
export interface Handler extends HandlerMatch {
  /** How it was found, for messages and tests. */
  readonly via: 'registration' | 'export' | 'job-file' | 'cron-route' | 'setting';
}

/** For each handler-registering method name, the systems that match it. */
const HANDLER_SYSTEMS = systemsByName(JOB_SYSTEMS, (system) => (system.matchHandler ? system.handlerNames : undefined));
const CLASS_SYSTEMS = JOB_SYSTEMS.filter((system) => system.matchClassMember);
const SIGNAL_SOURCES = JOB_SYSTEMS.flatMap((system) => system.sources);

/** `app/**\/cron/**\/route.ts` (App Router) and `pages/api/cron/**` (Pages Router): Vercel cron routes. */
export function isCronRoute(relativePath: string): boolean {
  const normal = sep === '/' ? relativePath : relativePath.split(sep).join('/');
  // Asked about every linted file: a plain search rules out nearly all of them.
  if (!normal.includes('cron/')) return false;
  return /(^|\/)app\/(.+\/)?cron\/(.+\/)?route\.[cm]?[jt]sx?$/.test(normal) || /(^|\/)pages\/api\/(.+\/)?cron\//.test(normal);
}

const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);

interface FileFacts {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly settings: ResolvedSettings;
  /** The linted file's path relative to ESLint's working directory. */
  readonly relativePath: string;
  readonly context: MatchContext;
  /** The file's node index, when the caller has one (else one is made). */
  readonly index?: NodeIndex;
}

/** Whether the file shows any sign of job code; when not, it has no handlers and costs no walk. */
export function hasHandlerSignal(facts: FileFacts): boolean {
  if (facts.context.importsFrom(SIGNAL_SOURCES)) return true;
  if (hasHandlerByPath(facts.settings, facts.relativePath)) return true;
  return HANDLER_SHAPES.test(facts.sourceCode.text);
}

/** The part of {@link hasHandlerSignal} that needs no text: `handlerFunctions` set, a `jobFiles` path, a cron route. */
export function hasHandlerByPath(settings: ResolvedSettings, relativePath: string): boolean {
  return settings.handlerFunctions.length > 0 || settings.isJobFile(relativePath) || isCronRoute(relativePath);
}

/**
 * Shapes of handlers recognised without an import of a job system: a client from the project's own
 * module (`inngest.createFunction`, `boss.work`, `agenda.define`), Cloudflare
 * `export default { queue(batch) {…} }`, AWS Lambda SQS handlers.
 */
export const HANDLER_SHAPES = /\bcreateFunction\b|\.(work|define)\s*\(|\b(queue|scheduled)\s*\(|\bSQS(Event|Handler)\b/;

/** The exported functions of a module: `export function`, `export const f = () =>`, `export default`, `module.exports`. */
function exportedFunctions(program: TSESTree.Program, context: MatchContext): { name: string; fn: FunctionNode }[] {
  const out: { name: string; fn: FunctionNode }[] = [];
  const add = (name: string, node: Node | null | undefined) => {
    const fn = functionOf(node, context);
    if (fn) out.push({ name, fn });
  };
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration) {
      const declaration = statement.declaration;
      if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration) add(declaration.id?.name ?? 'default', declaration);
      else if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
        for (const declarator of declaration.declarations) {
          if (declarator.id.type === AST_NODE_TYPES.Identifier) add(declarator.id.name, declarator.init);
        }
      } else if (!declaration && !statement.source) {
        for (const specifier of statement.specifiers) {
          if (specifier.local.type === AST_NODE_TYPES.Identifier && specifier.exported.type === AST_NODE_TYPES.Identifier) {
            add(specifier.exported.name, specifier.local);
          }
        }
      }
    } else if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      add('default', statement.declaration as Node);
    } else if (statement.type === AST_NODE_TYPES.ExpressionStatement) {
      const expression = statement.expression;
      if (expression.type !== AST_NODE_TYPES.AssignmentExpression || expression.operator !== '=') continue;
      const left = expression.left;
      if (left.type !== AST_NODE_TYPES.MemberExpression) continue;
      const object = unwrap(left.object);
      const name = getMemberName(left);
      // module.exports = fn
      if (object.type === AST_NODE_TYPES.Identifier && object.name === 'module' && name === 'exports') {
        add('default', expression.right);
        const right = unwrap(expression.right);
        if (right.type === AST_NODE_TYPES.ObjectExpression) {
          for (const property of right.properties) {
            if (property.type === AST_NODE_TYPES.Property) add(getKeyName(property.key, property.computed) ?? 'default', property.value);
          }
        }
      }
      // exports.x = fn, module.exports.x = fn
      const isExportsObject =
        (object.type === AST_NODE_TYPES.Identifier && object.name === 'exports') ||
        (object.type === AST_NODE_TYPES.MemberExpression &&
          unwrap(object.object).type === AST_NODE_TYPES.Identifier &&
          (unwrap(object.object) as TSESTree.Identifier).name === 'module' &&
          getMemberName(object) === 'exports');
      if (isExportsObject && name) add(name, expression.right);
    }
  }
  return out;
}

/** The object literal a default export is (`export default { … } satisfies ExportedHandler<Env>`). */
function defaultExportObject(program: TSESTree.Program, context: MatchContext): TSESTree.ObjectExpression | undefined {
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.ExportDefaultDeclaration) continue;
    const value = context.resolver.resolveValue(statement.declaration as Node);
    if (value.type === AST_NODE_TYPES.ObjectExpression) return value;
  }
  return undefined;
}

/** A `handler` exported for AWS Lambda with an SQS event (`SQSHandler` type, or an `SQSEvent` parameter). */
function isSqsLambda(name: string, fn: FunctionNode): boolean {
  const declarator = fn.parent?.type === AST_NODE_TYPES.VariableDeclarator ? fn.parent : undefined;
  const typeName = (node: TSESTree.TypeNode | undefined) =>
    node?.type === AST_NODE_TYPES.TSTypeReference && node.typeName.type === AST_NODE_TYPES.Identifier ? node.typeName.name : undefined;
  const declared = declarator?.id.type === AST_NODE_TYPES.Identifier ? typeName(declarator.id.typeAnnotation?.typeAnnotation) : undefined;
  const param = fn.params[0];
  const paramType = param && 'typeAnnotation' in param ? typeName(param.typeAnnotation?.typeAnnotation) : undefined;
  return name !== 'default' && (declared === 'SQSHandler' || paramType === 'SQSEvent');
}

/** Whether a parameter's type annotation is one of `names` imported from `source` (`job: SandboxedJob`). */
function typedAs(param: Node | undefined, context: MatchContext, source: string, names: readonly string[]): boolean {
  const annotation = param && 'typeAnnotation' in param ? (param.typeAnnotation as TSESTree.TSTypeAnnotation | undefined)?.typeAnnotation : undefined;
  if (annotation?.type !== AST_NODE_TYPES.TSTypeReference || annotation.typeName.type !== AST_NODE_TYPES.Identifier) return false;
  const origin = context.originOf(annotation.typeName);
  return isFromSource(origin, [source]) && names.includes(origin!.path[origin!.path.length - 1] ?? '');
}

/** A graphile-worker task function: `export const sendEmail: Task = async (payload, helpers) => …`. */
function isGraphileTask(fn: FunctionNode, context: MatchContext): boolean {
  const declarator = fn.parent?.type === AST_NODE_TYPES.VariableDeclarator ? fn.parent : undefined;
  const annotation = declarator?.id.type === AST_NODE_TYPES.Identifier ? declarator.id.typeAnnotation?.typeAnnotation : undefined;
  if (annotation?.type !== AST_NODE_TYPES.TSTypeReference || annotation.typeName.type !== AST_NODE_TYPES.Identifier) return false;
  const origin = context.originOf(annotation.typeName);
  return isFromSource(origin, ['graphile-worker']) && hasPath(origin, ['Task']);
}

/**
 * The functions that register handlers (`defineJobs(agenda)`): each the innermost function around a
 * registered callback. They are then not handlers themselves. (One walk up per callback: asking each
 * exported function about every callback was quadratic in a job file with thousands of both.)
 */
function registrarsOf(registered: ReadonlySet<Node>): Set<Node> {
  const registrars = new Set<Node>();
  for (const node of registered) {
    for (let current = node.parent; current; current = current.parent) {
      if (isFunction(current)) {
        registrars.add(current);
        break;
      }
    }
  }
  return registrars;
}

/** Finds every handler of the file, in source order, from the file's node index; only for files with a job signal. */
export function findHandlers(facts: FileFacts): Handler[] {
  if (!hasHandlerSignal(facts)) return [];
  const { sourceCode, settings, context } = facts;
  const program = sourceCode.ast;
  const handlers: Handler[] = [];
  const seen = new Set<Node>();
  const add = (match: HandlerMatch, via: Handler['via']) => {
    if (seen.has(match.fn)) return;
    seen.add(match.fn);
    handlers.push({ ...match, via });
  };

  const visitCall = (node: CallLike) => {
    const callee = getCallee(node);
    if (!callee) return;
    for (const fn of settings.handlerFunctions) {
      if (node.type === AST_NODE_TYPES.CallExpression && calleeMatches(node, fn.name)) {
        const handler = functionOf(argAt(node, fn.handlerArg), context);
        const first = argAt(node, 0);
        const jobName = first && first.type === AST_NODE_TYPES.Literal && typeof first.value === 'string' ? first.value : undefined;
        if (handler) add({ system: 'custom', jobName, fn: handler, payload: { param: fn.payloadParam, path: [] }, cron: false }, 'setting');
      }
    }
    const systems = HANDLER_SYSTEMS.get(callee.name);
    if (!systems) return;
    for (const system of systems) {
      const matches = system.matchHandler!(node, callee.name, callee.receiver, context);
      if (matches?.length) {
        matches.forEach((match) => add(match, 'registration'));
        return;
      }
    }
  };

  const visitClass = (node: TSESTree.ClassDeclaration | TSESTree.ClassExpression) => {
    // Cloudflare Workflows: `class X extends WorkflowEntrypoint { async run(event, step) }`, payload `event.payload`.
    const base = node.superClass ? context.originOf(node.superClass) : undefined;
    const isWorkflow = isFromSource(base, ['cloudflare:workers']) && hasPath(base, ['WorkflowEntrypoint']);
    for (const member of node.body.body) {
      if (member.type !== AST_NODE_TYPES.MethodDefinition && member.type !== AST_NODE_TYPES.PropertyDefinition) continue;
      if (isWorkflow && member.type === AST_NODE_TYPES.MethodDefinition && getKeyName(member.key, member.computed) === 'run') {
        add({ system: 'cloudflare-queues', jobName: node.id?.name, fn: member.value as FunctionNode, payload: { param: 0, path: ['payload'] }, cron: false }, 'registration');
        continue;
      }
      for (const system of CLASS_SYSTEMS) {
        const match = system.matchClassMember!(member, node, context);
        if (match) {
          add(match, 'registration');
          break;
        }
      }
    }
  };

  for (const node of (facts.index ?? NodeIndex.walk(sourceCode)).nodes) {
    switch (node.type) {
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
        visitCall(node);
        break;
      case AST_NODE_TYPES.ClassDeclaration:
      case AST_NODE_TYPES.ClassExpression:
        // espree (plain JavaScript) gives classes and members no `decorators` array.
        if (node.decorators?.length || node.superClass || node.body.body.some((m) => 'decorators' in m && m.decorators?.length)) {
          visitClass(node);
        }
        break;
      default:
        break;
    }
  }

  // Export-based handlers.
  const cronRoute = isCronRoute(facts.relativePath);
  const exported = exportedFunctions(program, context);
  const registeredCallbacks = new Set<Node>(handlers.map((h) => h.fn));
  for (const { name, fn } of exported) {
    if (cronRoute && (HTTP_METHODS.has(name) || name === 'default')) {
      add({ system: 'next-cron', jobName: facts.relativePath, fn, payload: undefined, cron: true }, 'cron-route');
    } else if (isSqsLambda(name, fn)) {
      add({ system: 'sqs', jobName: name, fn, payload: { param: 0, path: ['Records', '*', 'body', 'json()'] }, cron: false }, 'export');
    } else if (context.importsFrom(['@temporalio/workflow', '@temporalio/activity'])) {
      // Workflows (a module importing @temporalio/workflow) and activities (one importing
      // @temporalio/activity for its Context): their parameters are the payload.
      add({ system: 'temporal', jobName: name, fn, payload: { param: 0, path: [] }, cron: false }, 'export');
    } else if (name === 'default' && typedAs(fn.params[0], context, 'bullmq', ['SandboxedJob', 'Job'])) {
      // A BullMQ sandboxed processor file: `export default async (job: SandboxedJob) => …`.
      add({ system: 'bullmq', jobName: basename(facts.relativePath).replace(/\.[^.]+$/, ''), fn, payload: { param: 0, path: ['data'] }, cron: false }, 'export');
    } else if (isGraphileTask(fn, context)) {
      add({ system: 'graphile-worker', jobName: name === 'default' ? basename(facts.relativePath).replace(/\.[^.]+$/, '') : name, fn, payload: { param: 0, path: [] }, cron: false }, 'export');
    }
  }
  const worker = defaultExportObject(program, context);
  if (worker) {
    for (const property of worker.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const key = getKeyName(property.key, property.computed);
      const fn = functionOf(property.value, context);
      if (!fn || (key !== 'queue' && key !== 'scheduled') || fn.params.length < 1) continue;
      add(
        key === 'queue'
          ? { system: 'cloudflare-queues', jobName: 'queue', fn, payload: { param: 0, path: ['messages', '*', 'body'] }, cron: false }
          : { system: 'cloudflare-queues', jobName: 'scheduled', fn, payload: undefined, cron: true },
        'export',
      );
    }
  }
  if (settings.isJobFile(facts.relativePath)) {
    const registrars = registrarsOf(registeredCallbacks);
    for (const { name, fn } of exported) {
      if (registrars.has(fn)) continue;
      add({ system: 'job-file', jobName: name === 'default' ? basename(facts.relativePath).replace(/\.[^.]+$/, '') : name, fn, payload: cronRoute ? undefined : { param: 0, path: [] }, cron: cronRoute }, 'job-file');
    }
  }
  return handlers.sort((a, b) => a.fn.range[0] - b.fn.range[0]);
}
