// Named imports: a namespace import of a CommonJS module reads each name through a getter, and
// the gate reads `sep` for every linted file.
import { relative, sep } from 'node:path';
import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { getCallee, getMemberName, unwrap } from '../util/ast';
import { foldName } from '../util/names';
import { getSettings, type ResolvedSettings } from '../util/settings';
import { DATA_LAYERS } from './data';
import { isChainTop, type DataContext, type DataLayer, type QueryFacts } from './data/types';
import { findHandlers, type Handler } from './handlers';
import { HandlerScope } from './scoping';
import { JOB_SYSTEMS, systemsByName } from './jobs';
import type { FunctionNode } from './jobs/types';
import { matchCustomEnqueue } from './jobs/custom';
import { functionOf, type CallLike, type EnqueueSite, type MatchContext } from './jobs/types';
import { getRequireSource, isSourceUnder, Resolver, type Origin } from './resolve';
import { backslashesOnlyOutsideCode, fileMayReport } from './signals';
import { COLLECTED_CODE, NodeCollector, NodeIndex } from './node-index';
import { CodeText } from './code-text';
import { hasTypeInformation, withTypeOrigin } from './type-origins';
import { classifySchema, loadProjectSchema, type ModelClassification, type SchemaClassification, type SchemaError } from '../schema';

type Node = TSESTree.Node;
type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** For each enqueue name, the systems that have it: for calls, and for `new` expressions. */
const CALL_SYSTEMS = systemsByName(JOB_SYSTEMS, (system) => system.enqueueNames);
const NEW_SYSTEMS = systemsByName(
  JOB_SYSTEMS.filter((system) => system.enqueueOnNew),
  (system) => system.enqueueNames,
);

/** The import sources of every job system and data layer: the strings the engine looks for in a file's text. */
const KNOWN_SOURCES = [...new Set([...JOB_SYSTEMS.flatMap((system) => system.sources), ...DATA_LAYERS.flatMap((layer) => layer.sources)])];

/** The facts about one file that the rules share; computed lazily, once per file. */
export class FileAnalysis implements MatchContext, DataContext {
  readonly resolver: Resolver;
  // Memos of answers per node; `null` is "none" (one lookup per question, not `has` and `get`).
  private readonly origins = new Map<Node, Origin | null>();
  private readonly sites = new Map<Node, EnqueueSite | null>();
  private readonly queries = new Map<Node, QueryFacts | null>();
  private importSources: readonly string[] | undefined;
  private readonly importAnswers = new Map<readonly string[], boolean>();
  private readonly originAnswers = new Map<readonly string[], boolean>();
  private keySpelling: string | undefined;
  private readonly customNames: ReadonlySet<string>;
  private handlerList: readonly Handler[] | undefined;
  private handlerQueryList: readonly HandlerQuery[] | undefined;
  private owners: Map<Node, Handler> | undefined;
  private readonly scopes = new Map<Handler, HandlerScope>();
  /** The innermost handler function at or above a node, for the nodes {@link owningHandler} walked (null: none). */
  private readonly ownerWithin = new Map<Node, { handler: Handler; fn: Node } | null>();
  private index: NodeIndex | undefined;
  private layers: readonly DataLayer[] | undefined;
  private text: CodeText | undefined;
  private schemaTables: SchemaClassification | null | undefined;
  /** Whether the parser gave the file a TypeScript program: without one, origins are syntactic only. */
  private readonly typed: boolean;

  constructor(
    readonly settings: ResolvedSettings,
    readonly sourceCode: Readonly<TSESLint.SourceCode>,
    /** The linted file's path relative to ESLint's working directory (`/` separated). */
    readonly relativePath: string,
    /** The linted file (absolute) and ESLint's working directory, where the project schema is looked for. */
    private readonly location?: { readonly filename: string; readonly cwd: string },
    /** The nodes ESLint's walk gathered for the index, once that walk has entered them all (else a walk of its own). */
    private readonly collected?: () => NodeCollector | undefined,
  ) {
    this.resolver = new Resolver(sourceCode);
    this.typed = hasTypeInformation(sourceCode);
    this.customNames = new Set(settings.enqueueFunctions.map((fn) => fn.name.split('.').pop() ?? fn.name));
  }

  /**
   * The project's schema sorted into tenant and global models (src/schema/), read once per file
   * from the per-process schema cache; undefined without a schema or outside a lint (no location).
   * A schema source that cannot be read gives one warning per process and leaves its models out.
   */
  get schema(): SchemaClassification | undefined {
    if (this.schemaTables === undefined) {
      const loaded = this.location ? loadProjectSchema({ ...this.location, setting: this.settings.schema }) : undefined;
      if (loaded) warnAboutSchemaErrors(loaded.errors);
      this.schemaTables = loaded && loaded.models.length > 0 ? classifySchema(loaded, this.settings) : null;
    }
    return this.schemaTables ?? undefined;
  }

  /**
   * How a query's rows are filtered by tenant, in the terms of its data layer: the tenant key (with
   * a schema, the one the table itself has, as a field or as a column name), or, for a table that
   * belongs to a tenant through relations, the relation path and the key at its end. `filter` is
   * the text a message shows: `organizationId`, `document: { organizationId }` in layers with
   * relation filters, `documents.organization_id` in SQL-like ones.
   */
  tenantFilterOf(query: QueryFacts): TenantFilter {
    const table = this.tableOf(query);
    const columns = COLUMN_NAMED_LAYERS.has(query.layer);
    if (!table?.tenantData || !table.tenantKey) return { key: this.tenantKeySpelling, filter: this.tenantKeySpelling };
    const key = columns ? (table.tenantKeyColumn ?? table.tenantKey) : table.tenantKey;
    const path = table.path;
    if (table.reason !== 'relation' || !path || path.length === 0) return { key, filter: key };
    if (RELATION_FILTER_LAYERS.has(query.layer)) {
      return { key, filter: nestUnder(path, key), through: path };
    }
    const last = this.schema?.models.find((candidate) => candidate.model.name === table.through?.[table.through.length - 1])?.model;
    return { key, filter: `${last?.table ?? path[path.length - 1]}.${key}`, through: path, join: true };
  }

  /** The schema's model of a query (matched through the schema's own names), if the project has a schema. */
  tableOf(query: QueryFacts): ModelClassification | undefined {
    if (query.model === undefined) return undefined;
    return this.schema?.lookup(query.model);
  }

  originOf(node: Node): Origin | undefined {
    const known = this.origins.get(node);
    if (known !== undefined) return known ?? undefined;
    // With type information, a receiver the syntax cannot place is placed by its type (type-origins.ts).
    const syntactic = this.resolver.originOf(node);
    const origin = this.typed ? withTypeOrigin(this.sourceCode, node, syntactic) : syntactic;
    this.origins.set(node, origin ?? null);
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
    // Asked with the same few source lists (each job system's, each data layer's) over and over.
    let answer = this.importAnswers.get(sources);
    if (answer === undefined) {
      answer = this.imports.some((source) => isSourceUnder(source, sources));
      this.importAnswers.set(sources, answer);
    }
    return answer;
  }

  /** The enqueue site a call or `new` expression is, if any (memoised). */
  enqueueSiteOf(node: CallLike): EnqueueSite | undefined {
    const known = this.sites.get(node);
    if (known !== undefined) return known ?? undefined;
    const site = this.matchEnqueue(node);
    this.sites.set(node, site ?? null);
    return site;
  }

  private matchEnqueue(node: CallLike): EnqueueSite | undefined {
    const callee = getCallee(node);
    if (!callee) return undefined;
    if (this.customNames.has(callee.name) && node.type === AST_NODE_TYPES.CallExpression) {
      const custom = matchCustomEnqueue(node, this.settings.enqueueFunctions, this);
      if (custom) return custom;
    }
    const systems = (node.type === AST_NODE_TYPES.NewExpression ? NEW_SYSTEMS : CALL_SYSTEMS).get(callee.name);
    if (!systems) return undefined;
    for (const system of systems) {
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
    const known = this.queries.get(node);
    if (known !== undefined) return known ?? undefined;
    let found: QueryFacts | undefined;
    if (node.type === AST_NODE_TYPES.TaggedTemplateExpression || isChainTop(node)) {
      for (const layer of this.dataLayers) {
        found = layer.matchQuery(node, this);
        if (found) break;
      }
    }
    this.queries.set(node, found ?? null);
    return found;
  }

  /**
   * The data layers whose queries the file can hold, worked out once: without type information, a
   * layer that knows its clients only by import source or name ({@link DataLayer.clientNames}) is
   * left out when the file has no string or import naming one of its sources and no name of that
   * shape. Asking ten layers about every call of a handler was a third of a job file's cost.
   */
  get dataLayers(): readonly DataLayer[] {
    if (!this.layers) {
      // The layers a source cannot keep are asked about by name, all in one search of the text.
      const byName = DATA_LAYERS.filter((layer) => layer.clientNames && !this.mayHaveOriginFrom(layer.sources));
      const named = this.codeText.mayHoldNames(byName.map((layer) => layer.clientNames!));
      this.layers = DATA_LAYERS.filter((layer) => {
        const index = byName.indexOf(layer);
        return index === -1 || named[index];
      });
    }
    return this.layers;
  }

  mayHaveOriginFrom(sources: readonly string[]): boolean {
    // Origins name a source only through an import declaration, or a static string of `require`,
    // `import()` or `import x = require()`, or through types.
    let answer = this.originAnswers.get(sources);
    if (answer === undefined) {
      answer = this.typed || this.importsFrom(sources) || this.codeText.mayHoldSource(sources);
      this.originAnswers.set(sources, answer);
    }
    return answer;
  }

  /** The names and static strings of the file's code, searched in its text (made on first use). */
  private get codeText(): CodeText {
    this.text ??= new CodeText(this.sourceCode, KNOWN_SOURCES);
    return this.text;
  }

  /** The job handlers of the file (computed once, on first use). */
  get handlers(): readonly Handler[] {
    this.handlerList ??= findHandlers({ sourceCode: this.sourceCode, settings: this.settings, relativePath: this.relativePath, context: this, index: this.nodeIndex });
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
    for (const node of this.nodeIndex.within(fn.body)) {
      if (node.type !== AST_NODE_TYPES.CallExpression) continue;
      const callee = unwrap(node.callee);
      let target: FunctionNode | undefined;
      if (callee.type === AST_NODE_TYPES.Identifier) target = functionOf(callee, this);
      else if (callee.type === AST_NODE_TYPES.MemberExpression && unwrap(callee.object).type === AST_NODE_TYPES.ThisExpression) {
        target = classMethod(callee);
      }
      if (target && target !== fn) out.push(target);
    }
    return out;
  }

  /** The nodes the engine looks for, from one walk of the file (made on first use, in files with a job signal). */
  get nodeIndex(): NodeIndex {
    if (!this.index) {
      const collector = this.collected?.();
      this.index = collector ? NodeIndex.collected(collector) : NodeIndex.walk(this.sourceCode);
    }
    return this.index;
  }

  /**
   * The handler whose code `node` is part of: the innermost enclosing function that is a handler
   * or a same-file function a handler calls.
   */
  owningHandler(node: Node): { handler: Handler; fn: Node } | undefined {
    if (this.handlers.length === 0) return undefined;
    const owners = this.ownerMap;
    // Every ancestor walked shares the answer: remembered, deeply nested code (a chain of 1,000
    // calls, each a candidate query) is walked once, not once per call.
    const walked: Node[] = [];
    let found: { handler: Handler; fn: Node } | null = null;
    for (let current: Node | undefined = node.parent; current; current = current.parent) {
      const known = this.ownerWithin.get(current);
      if (known !== undefined) {
        found = known;
        break;
      }
      walked.push(current);
      const handler = owners.get(current);
      if (handler) {
        found = { handler, fn: current };
        break;
      }
    }
    for (const ancestor of walked) this.ownerWithin.set(ancestor, found);
    return found ?? undefined;
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
  handlerQueryOf(node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression): HandlerQuery | undefined {
    if (this.handlers.length === 0) return undefined;
    const owner = this.owningHandler(node);
    if (!owner || this.isTenantAgnosticHandler(owner.handler)) return undefined;
    const query = this.queryOf(node);
    return query && { handler: owner.handler, fn: owner.fn, query, scope: this.scopeOf(owner.handler) };
  }

  /**
   * Every query inside a checked handler ({@link handlerQueryOf}), in source order, worked out once
   * for the file. The rules that judge queries read this list rather than each asking about every
   * call of the file: in a job file most calls are no query of a handler.
   */
  get handlerQueries(): readonly HandlerQuery[] {
    if (!this.handlerQueryList) {
      const list: HandlerQuery[] = [];
      if (this.handlers.length > 0) {
        for (const node of this.nodeIndex.nodes) {
          if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.TaggedTemplateExpression) continue;
          const found = this.handlerQueryOf(node);
          if (found) list.push(found);
        }
      }
      this.handlerQueryList = list;
    }
    return this.handlerQueryList;
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

/** A query inside a checked handler: the handler, the function of it the query is in, and the handler's scope judge. */
export interface HandlerQuery {
  readonly handler: Handler;
  /** The handler's own function, or the same-file function it calls that holds the query. */
  readonly fn: Node;
  readonly query: QueryFacts;
  readonly scope: HandlerScope;
}

/** How a query's rows are filtered by tenant (see {@link FileAnalysis.tenantFilterOf}). */
export interface TenantFilter {
  /** The tenant key as the layer writes it: a field (`organizationId`) or a column (`organization_id`). */
  readonly key: string;
  /** What to filter by, as a message shows it. */
  readonly filter: string;
  /** The relations from the queried table to the one that holds {@link key} (`['document']`). */
  readonly through?: readonly string[];
  /** The layer has no relation filters: the filter needs a join. */
  readonly join?: boolean;
}

/** Layers whose filters name database columns, not fields of a model. */
const COLUMN_NAMED_LAYERS: ReadonlySet<string> = new Set(['sql', 'knex', 'kysely', 'supabase']);
/** Layers whose object filters follow relations: `{ document: { organizationId } }`. */
const RELATION_FILTER_LAYERS: ReadonlySet<string> = new Set(['prisma', 'typeorm', 'mikro-orm']);

/** `document: { organizationId }` for path `['document']`, nested for longer paths; `value` fills the innermost key. */
export function nestUnder(path: readonly string[], inner: string): string {
  return path.reduceRight((text, step) => `${step}: { ${text} }`, inner);
}

/** Schema errors already warned about in this process (a warning, not a finding: findings never depend on it). */
const warnedSchemaErrors = new Set<string>();

function warnAboutSchemaErrors(errors: readonly SchemaError[]): void {
  for (const error of errors) {
    const where = error.line === undefined ? error.file : `${error.file}:${error.line}`;
    const text = `tenant-jobs: cannot read the schema ${where}: ${error.message}. Its models are left out; queries on them are checked as if the project had no schema.`;
    if (warnedSchemaErrors.has(text)) continue;
    warnedSchemaErrors.add(text);
    process.emitWarning(text, { code: 'TENANT_JOBS_SCHEMA' });
  }
}

/** The settings and name a file was gated under, the answer, and the file's analysis once built. */
interface FileGate {
  /** `context.settings` as the first rule got it: the next rules of the file are given the same object. */
  readonly rawSettings: unknown;
  readonly settings: ResolvedSettings;
  readonly filename: string;
  /** The linted file's path relative to ESLint's working directory (`/` separated). */
  readonly relativePath: string;
  readonly signal: boolean;
  analysis?: FileAnalysis;
  /** The listeners gathering the node index in ESLint's walk: the first rule of the file registers them. */
  collector?: NodeCollector;
  /** Set at the first `Program:exit`: ESLint has entered every node, so the collector holds them all. */
  traversed?: boolean;
}

const gates = new WeakMap<TSESTree.Program, FileGate>();

/** `//`, a `.` or `..` segment, or a `/` that ends a longer path: what `path.relative` would normalise. */
const NOT_NORMAL = /\/\/|\/\.\.?(?:\/|$)|[^]\/$/;

/** An absolute POSIX path with nothing to normalise. One expression: every linted file asks. */
const isNormalPosixPath = (p: string): boolean => p.charCodeAt(0) === 47 && !NOT_NORMAL.test(p);

/** The last working directory asked about, and whether it is normal: every file of a lint has the same one. */
let lastCwd: { readonly cwd: string; readonly normal: boolean } | undefined;

function isNormalCwd(cwd: string): boolean {
  if (lastCwd?.cwd !== cwd) lastCwd = { cwd, normal: isNormalPosixPath(cwd) };
  return lastCwd.normal;
}

/**
 * `path.relative(cwd, filename)` with `/` separators. The common case, a file under the working
 * directory, both written without anything to normalise, is a slice; `path.relative` would
 * resolve and normalise both paths for every linted file.
 */
export function relativePathOf(cwd: string, filename: string): string {
  if (
    sep === '/' &&
    filename.length > cwd.length + 1 &&
    filename.startsWith(cwd) &&
    filename[cwd.length] === '/' &&
    isNormalCwd(cwd) &&
    isNormalPosixPath(filename)
  ) {
    return filename.slice(cwd.length + 1);
  }
  return relative(cwd, filename).split(sep).join('/');
}

function gateOf(context: Context): FileGate {
  // Each read of the rule context goes up to the file's context, a new prototype for every file:
  // each property is read once.
  const sourceCode = context.sourceCode;
  const rawSettings = context.settings;
  const filename = context.filename;
  const program = sourceCode.ast;
  let gate = gates.get(program);
  // The file's other rules: the same settings object and name.
  if (gate && gate.rawSettings === rawSettings && gate.filename === filename) return gate;
  // Resolved settings are cached per settings object, so this is cheap; a tree linted again under
  // other settings (or another file name) is gated again.
  const settings = getSettings(rawSettings);
  if (!gate || gate.settings !== settings || gate.filename !== filename) {
    const relativePath = relativePathOf(context.cwd, filename);
    // With type information a client is known by its type, whatever the text calls it, so a typed
    // lint skips no file.
    const text = sourceCode.text;
    const signal =
      hasTypeInformation(sourceCode) ||
      fileMayReport(settings, { relativePath, text, escapesOutsideCode: backslashesOnlyOutsideCode(text, program.tokens, program.comments) });
    gate = { rawSettings, settings, filename, relativePath, signal };
    gates.set(program, gate);
  }
  return gate;
}

/**
 * Whether the file's text shows any job-system signal the rules need before they can report
 * (src/analysis/signals.ts). When not, every rule returns at once, before visiting a node and
 * before any analysis of the file is built. Cached on the `Program` node, so the rules share one
 * answer per file. Throws a configuration error for invalid `settings['tenant-jobs']`.
 */
export function hasJobSignal(context: Context): boolean {
  return gateOf(context).signal;
}

/**
 * The analysis of the file a rule is linting. Cached on the `Program` node, so the plugin's rules
 * share one analysis per file and nothing outlives the file. Throws a configuration error for
 * invalid `settings['tenant-jobs']`.
 */
export function getFileAnalysis(context: Context): FileAnalysis {
  // The gate is made anew for a tree linted under other settings or another name, and the
  // analysis with it.
  const gate = gateOf(context);
  gate.analysis ??= new FileAnalysis(gate.settings, context.sourceCode, gate.relativePath, { filename: context.filename, cwd: context.cwd }, () =>
    gate.traversed ? gate.collector : undefined,
  );
  return gate.analysis;
}

type NodeListener = (node: never) => void;

/**
 * A rule's listeners, run when ESLint's walk of the file is over: each listener is called at
 * `Program:exit`, before the rule's own `Program:exit`, on the nodes ESLint entered, in the order
 * it entered them. The first rule of the file registers a {@link NodeCollector}, which keeps the
 * nodes of the types the rules listen for (its listeners are the only per-node calls the plugin
 * adds to the walk), and the file's node index is read from it, so the engine need not walk the
 * tree itself. Listeners for other node types are registered as they are and their calls kept,
 * to be made in the same order. The rules ask about a node through the file's analysis only,
 * which no other state of the walk changes, so running the calls later gives the same findings.
 * Keys other than node types are passed through as they are.
 */
export function runAtProgramExit(context: Context, listeners: Readonly<Record<string, NodeListener | undefined>>): TSESLint.RuleListener {
  const gate = gateOf(context);
  const created = gate.collector ? undefined : (gate.collector = new NodeCollector());
  const collector = gate.collector;
  /** The rule's listener for each collected type, by the type's number. */
  const byType: ((node: Node) => void)[] = [];
  /** Calls of listeners for other types, each with the number of collected nodes entered before it. */
  const queued: { listener: (node: Node) => void; node: Node; after: number }[] = [];
  const out: Record<string, NodeListener> = created ? { ...created.listeners } : {};
  for (const key of Object.keys(listeners)) {
    const own = listeners[key] as ((node: Node) => void) | undefined;
    if (!own || key === 'Program:exit') continue;
    const code = COLLECTED_CODE.get(key);
    if (code !== undefined) byType[code] = own;
    else if (isNodeType(key)) out[key] = (node: Node): void => void queued.push({ listener: own, node, after: collector.nodes.length });
    else out[key] = own;
  }
  const exit = listeners['Program:exit'] as ((node: Node) => void) | undefined;
  out['Program:exit'] = (node: Node) => {
    gate.traversed = true;
    const { nodes, types } = collector;
    let next = 0;
    const replayUntil = (end: number) => {
      if (byType.length > 0) {
        for (; next < end; next++) {
          const listener = byType[types[next]!];
          if (listener) listener(nodes[next]!);
        }
      }
      next = end;
    };
    for (const call of queued) {
      replayUntil(call.after);
      call.listener(call.node);
    }
    replayUntil(nodes.length);
    exit?.(node);
  };
  return out as TSESLint.RuleListener;
}

/** Whether a listener key is a plain node type (`CallExpression`), not a selector (`CallExpression:exit`, `X > Y`). */
const isNodeType = (key: string): boolean => /^[A-Z][A-Za-z]*$/.test(key);
