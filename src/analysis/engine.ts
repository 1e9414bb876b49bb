import * as path from 'node:path';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getCallee, getMemberName, unwrap } from '../util/ast';
import { foldName } from '../util/names';
import { getSettings, type ResolvedSettings } from '../util/settings';
import { DATA_LAYERS } from './data';
import { isChainTop, type DataContext, type QueryFacts } from './data/types';
import { findHandlers, type Handler } from './handlers';
import { HandlerScope } from './scoping';
import { JOB_SYSTEMS } from './jobs';
import type { FunctionNode } from './jobs/types';
import { matchCustomEnqueue } from './jobs/custom';
import { functionOf, type CallLike, type EnqueueSite, type MatchContext } from './jobs/types';
import { getRequireSource, isFromSource, Resolver, type Origin } from './resolve';
import { fileMayReport } from './signals';

type Node = TSESTree.Node;
type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Every method/function name that can start an enqueue, for a fast first test of each call. */
const ENQUEUE_NAMES: ReadonlySet<string> = new Set(JOB_SYSTEMS.flatMap((system) => system.enqueueNames));
const NEW_SYSTEMS = JOB_SYSTEMS.filter((system) => system.enqueueOnNew);

/** The facts about one file that the rules share; computed lazily, once per file. */
export class FileAnalysis implements MatchContext, DataContext {
  readonly resolver: Resolver;
  private readonly origins = new Map<Node, Origin | undefined>();
  private readonly sites = new Map<Node, EnqueueSite | undefined>();
  private readonly queries = new Map<Node, QueryFacts | undefined>();
  private importSources: readonly string[] | undefined;
  private keySpelling: string | undefined;
  private readonly customNames: ReadonlySet<string>;
  private handlerList: readonly Handler[] | undefined;
  private owners: Map<Node, Handler> | undefined;
  private readonly scopes = new Map<Handler, HandlerScope>();
  private signal: boolean | undefined;

  constructor(
    readonly settings: ResolvedSettings,
    readonly sourceCode: Readonly<TSESLint.SourceCode>,
    /** The linted file's path relative to ESLint's working directory (`/` separated). */
    readonly relativePath: string,
  ) {
    this.resolver = new Resolver(sourceCode);
    this.customNames = new Set(settings.enqueueFunctions.map((fn) => fn.name.split('.').pop() ?? fn.name));
  }

  /**
   * Whether the file's text shows any job-system signal the rules need before they can report
   * (src/analysis/signals.ts). When not, every rule returns at once, before visiting a node.
   */
  get hasSignal(): boolean {
    this.signal ??= fileMayReport(this.settings, { relativePath: this.relativePath, text: this.sourceCode.text });
    return this.signal;
  }

  originOf(node: Node): Origin | undefined {
    if (this.origins.has(node)) return this.origins.get(node);
    const origin = this.resolver.originOf(node);
    this.origins.set(node, origin);
    return origin;
  }

  /** Import sources of the file: `import` declarations and top-level `require('x')` bindings. */
  get imports(): readonly string[] {
    if (!this.importSources) {
      const sources: string[] = [];
      for (const statement of this.sourceCode.ast.body) {
        if (statement.type === AST_NODE_TYPES.ImportDeclaration) sources.push(statement.source.value);
        else if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
          for (const declarator of statement.declarations) {
            let init = declarator.init;
            while (init?.type === AST_NODE_TYPES.MemberExpression) init = init.object;
            if (init?.type === AST_NODE_TYPES.CallExpression) {
              const source = getRequireSource(init);
              if (source !== undefined) sources.push(source);
            }
          }
        }
      }
      this.importSources = sources;
    }
    return this.importSources;
  }

  importsFrom(sources: readonly string[]): boolean {
    return this.imports.some((source) => isFromSource({ source, path: [] }, sources));
  }

  /** The enqueue site a call or `new` expression is, if any (memoised). */
  enqueueSiteOf(node: CallLike): EnqueueSite | undefined {
    if (this.sites.has(node)) return this.sites.get(node);
    const site = this.matchEnqueue(node);
    this.sites.set(node, site);
    return site;
  }

  private matchEnqueue(node: CallLike): EnqueueSite | undefined {
    const callee = getCallee(node);
    if (!callee) return undefined;
    if (this.customNames.has(callee.name) && node.type === AST_NODE_TYPES.CallExpression) {
      const custom = matchCustomEnqueue(node, this.settings.enqueueFunctions, this);
      if (custom) return custom;
    }
    if (!ENQUEUE_NAMES.has(callee.name)) return undefined;
    const systems = node.type === AST_NODE_TYPES.NewExpression ? NEW_SYSTEMS : JOB_SYSTEMS;
    for (const system of systems) {
      if (!system.enqueueNames.includes(callee.name)) continue;
      const site = system.matchEnqueue(node, callee.name, callee.receiver, this);
      if (site) return site;
    }
    return undefined;
  }

  /**
   * Whether a column as written constrains the tenant: its last segment is a tenant key
   * (`organization_id`, `p.orgId`, `project.organizationId`), or it is `<tenant model>.id`.
   */
  isTenantColumn(column: string): boolean {
    const parts = column.split('.');
    const last = parts[parts.length - 1] ?? '';
    if (this.settings.isTenantKey(last.replace(/^["'`]|["'`]$/g, ''))) return true;
    const owner = parts[parts.length - 2];
    return last === 'id' && owner !== undefined && this.settings.isTenantModel(owner);
  }

  /** The query a call or tagged template is, if any data layer recognises it (memoised; chain tops only). */
  queryOf(node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression): QueryFacts | undefined {
    if (this.queries.has(node)) return this.queries.get(node);
    let found: QueryFacts | undefined;
    if (node.type === AST_NODE_TYPES.TaggedTemplateExpression || isChainTop(node)) {
      for (const layer of DATA_LAYERS) {
        found = layer.matchQuery(node, this);
        if (found) break;
      }
    }
    this.queries.set(node, found);
    return found;
  }

  /** The job handlers of the file (computed once, on first use). */
  get handlers(): readonly Handler[] {
    this.handlerList ??= findHandlers({ sourceCode: this.sourceCode, settings: this.settings, relativePath: this.relativePath, context: this });
    return this.handlerList;
  }

  /**
   * Functions whose code runs as part of a handler, mapped to it: each handler's own function, and
   * the same-file functions it calls (`processReport(job.data)`, `this.generate(job)`), transitively.
   * A function reached from several handlers belongs to the first.
   */
  private get ownerMap(): Map<Node, Handler> {
    if (this.owners) return this.owners;
    const owners = new Map<Node, Handler>();
    for (const handler of this.handlers) owners.set(handler.fn, handler);
    for (const handler of this.handlers) {
      const queue: FunctionNode[] = [handler.fn];
      while (queue.length > 0) {
        const fn = queue.shift()!;
        for (const callee of this.localCallees(fn)) {
          if (owners.has(callee)) continue;
          owners.set(callee, handler);
          queue.push(callee);
        }
      }
    }
    this.owners = owners;
    return owners;
  }

  /** Same-file functions called inside `fn` (by name, or `this.method()` in the same class). */
  private localCallees(fn: FunctionNode): FunctionNode[] {
    const out: FunctionNode[] = [];
    const visit = (node: Node): void => {
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const callee = unwrap(node.callee);
        let target: FunctionNode | undefined;
        if (callee.type === AST_NODE_TYPES.Identifier) target = functionOf(callee, this);
        else if (callee.type === AST_NODE_TYPES.MemberExpression && unwrap(callee.object).type === AST_NODE_TYPES.ThisExpression) {
          target = classMethod(callee);
        }
        if (target && target !== fn) out.push(target);
      }
      for (const key of this.sourceCode.visitorKeys[node.type] ?? []) {
        const child = (node as unknown as Record<string, unknown>)[key];
        if (Array.isArray(child)) {
          for (const item of child) if (item && typeof (item as Node).type === 'string') visit(item as Node);
        } else if (child && typeof (child as Node).type === 'string') visit(child as Node);
      }
    };
    visit(fn.body);
    return out;
  }

  /**
   * The handler whose code `node` is part of: the innermost enclosing function that is a handler
   * or a same-file function a handler calls.
   */
  owningHandler(node: Node): { handler: Handler; fn: Node } | undefined {
    if (this.handlers.length === 0) return undefined;
    const owners = this.ownerMap;
    for (let current: Node | undefined = node.parent; current; current = current.parent) {
      const handler = owners.get(current);
      if (handler) return { handler, fn: current };
    }
    return undefined;
  }

  /** The scoping judge of a handler (its tenant values, its queries' verdicts), made once. */
  scopeOf(handler: Handler): HandlerScope {
    let scope = this.scopes.get(handler);
    if (!scope) {
      scope = new HandlerScope(this, handler);
      this.scopes.set(handler, scope);
    }
    return scope;
  }

  /** Whether a handler's job is one of `tenantAgnosticJobs`: maintenance its owners vouched for. */
  isTenantAgnosticHandler(handler: Handler): boolean {
    return handler.jobName !== undefined && this.settings.isTenantAgnosticJob(handler.jobName);
  }

  /**
   * The query a node is, with the handler that owns it and that handler's scope judge, when the
   * node is a query inside a checked handler (not of a `tenantAgnosticJobs` job).
   */
  handlerQueryOf(
    node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression,
  ): { handler: Handler; fn: Node; query: QueryFacts; scope: HandlerScope } | undefined {
    if (this.handlers.length === 0) return undefined;
    const owner = this.owningHandler(node);
    if (!owner || this.isTenantAgnosticHandler(owner.handler)) return undefined;
    const query = this.queryOf(node);
    return query && { handler: owner.handler, fn: owner.fn, query, scope: this.scopeOf(owner.handler) };
  }

  /** Whether a site's job is one of `tenantAgnosticJobs`. */
  isTenantAgnostic(site: EnqueueSite, jobName: string | undefined): boolean {
    const names = [jobName, site.jobName, ...(site.otherNames ?? [])];
    return names.some((name) => name !== undefined && this.settings.isTenantAgnosticJob(name));
  }

  /**
   * The tenant key as this file spells it (`organisationId`, `tenant_id`), else the first of
   * `tenantKeys`.
   */
  get tenantKeySpelling(): string {
    if (this.keySpelling === undefined) {
      const token = this.sourceCode.ast.tokens?.find((t) => t.type === 'Identifier' && this.settings.isTenantKey(t.value));
      this.keySpelling = token?.value ?? this.settings.tenantKeys[0] ?? 'organizationId';
    }
    return this.keySpelling;
  }

  /**
   * Source text of a tenant value in scope at `node`: the nearest binding named by `tenantKeys`
   * declared before it, else `<x>.id` of the nearest binding named like a tenant model
   * (`for (const org of orgs)`), else undefined.
   */
  findTenantValueInScope(node: Node): string | undefined {
    return this.findTenantBindingInScope(node)?.value;
  }

  /**
   * A tenant value in scope with the payload key it belongs under: a binding named by `tenantKeys`
   * goes under its own name (`{ orgId }`); `<model>.id` under the key of that model
   * (`workspace.id` under `workspaceId`), spelled as the file spells it when the file agrees.
   */
  findTenantBindingInScope(node: Node): { key: string; value: string } | undefined {
    const value = this.findTenantValueBinding(node);
    if (!value) return undefined;
    if (!value.model) return { key: value.name, value: value.name };
    const model = foldName(value.name).replace(/s$/, '');
    const spelled = this.tenantKeySpelling;
    const key = foldName(spelled).startsWith(model)
      ? spelled
      : (this.settings.tenantKeys.find((candidate) => foldName(candidate).startsWith(model)) ?? spelled);
    return { key, value: `${value.name}.id` };
  }

  private findTenantValueBinding(node: Node): { name: string; model: boolean } | undefined {
    const scopes: TSESLint.Scope.Scope[] = [];
    for (let scope: TSESLint.Scope.Scope | null = this.sourceCode.getScope(node); scope; scope = scope.upper) scopes.push(scope);
    const visible = (variable: TSESLint.Scope.Variable): boolean => {
      const def = variable.defs[0];
      if (!def || (def.type !== 'Variable' && def.type !== 'Parameter' && def.type !== 'ImportBinding')) return false;
      // A binding declared after the call, or the one the call's own result initialises, is not a value there.
      if (def.type === 'Variable' && def.node.range[0] <= node.range[0] && def.node.range[1] >= node.range[1]) return false;
      return def.type !== 'Variable' || def.name.range[1] <= node.range[0];
    };
    for (const scope of scopes) {
      const found = scope.variables.find((variable) => this.settings.isTenantKey(variable.name) && visible(variable));
      if (found) return { name: found.name, model: false };
    }
    for (const scope of scopes) {
      // An imported binding named like a model (`import { Project } from '@prisma/client'`) is a type, not a row.
      const found = scope.variables.find(
        (variable) =>
          this.settings.isTenantModel(variable.name) &&
          !foldName(variable.name).endsWith('s') &&
          variable.defs[0]?.type !== 'ImportBinding' &&
          visible(variable),
      );
      if (found) return { name: found.name, model: true };
    }
    return undefined;
  }

}

/** `this.method` inside a class: the method's function. */
function classMethod(member: TSESTree.MemberExpression): FunctionNode | undefined {
  const name = getMemberName(member);
  for (let current: Node | undefined = member.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassBody) {
      for (const element of current.body) {
        if (
          (element.type === AST_NODE_TYPES.MethodDefinition || element.type === AST_NODE_TYPES.PropertyDefinition) &&
          !element.computed &&
          element.key.type === AST_NODE_TYPES.Identifier &&
          element.key.name === name
        ) {
          const value = element.value;
          if (value && (value.type === AST_NODE_TYPES.FunctionExpression || value.type === AST_NODE_TYPES.ArrowFunctionExpression)) return value;
        }
      }
      return undefined;
    }
  }
  return undefined;
}

const analyses = new WeakMap<TSESTree.Program, FileAnalysis>();

/**
 * The analysis of the file a rule is linting. Cached on the `Program` node, so the plugin's rules
 * share one analysis per file and nothing outlives the file. Throws a configuration error for
 * invalid `settings['tenant-jobs']`.
 */
export function getFileAnalysis(context: Context): FileAnalysis {
  const sourceCode = context.sourceCode;
  const program = sourceCode.ast;
  let analysis = analyses.get(program);
  if (!analysis) {
    const relative = path.relative(context.cwd, context.filename).split(path.sep).join('/');
    analysis = new FileAnalysis(getSettings(context.settings), sourceCode, relative);
    analyses.set(program, analysis);
  }
  return analysis;
}
