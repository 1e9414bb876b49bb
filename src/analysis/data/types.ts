import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { getCallee, unwrap } from '../../util/ast';
import type { ResolvedSettings } from '../../util/settings';
import type { Origin, Resolver } from '../resolve';

type Node = TSESTree.Node;

/** What a query does with the rows it selects. */
export type QueryKind = 'read' | 'update' | 'delete' | 'insert' | 'raw';

/**
 * One condition of a query's filter on a tenant column, as the data layer reads it.
 * Layers report only constraints whose column is a tenant column (see {@link DataContext.isTenantColumn}),
 * and only where they hold for every row the query touches (AND-combined; under an OR only when every
 * branch has one; never under NOT).
 */
export interface Constraint {
  /**
   * The column or key as written, with any relation or table prefix joined by dots:
   * `organizationId`, `organization_id`, `p.organization_id`, `project.organizationId`, `organization.id`.
   */
  readonly column: string;
  /** The value compared to; undefined when it is not an expression of the file (a literal in SQL text). */
  readonly value: Node | undefined;
  /** The node that holds the condition (a property, a call, a template), for messages and fixes. */
  readonly node: Node;
  /**
   * The condition applies only under a runtime test: `orgId ? { organizationId: orgId } : {}`,
   * `...(orgId && { … })`, `and(orgId ? eq(…) : undefined)`, a `.where` added under `if`, Kysely `$if`.
   */
  readonly conditional?: boolean;
  /** This library drops the condition when the value is `undefined` (an OPEN row of the reference table). */
  readonly dropsUndefined?: boolean;
}

/** A query found by a data layer. */
export interface QueryFacts {
  /** The data layer's id (`prisma`). */
  readonly layer: string;
  /** The whole query expression (the outermost call of a builder chain, or the tagged template); reports go here. */
  readonly node: Node;
  /** Model or table as written (`document` for `prisma.document`, `documents` for `from(documents)` or `'documents'`). */
  readonly model: string | undefined;
  /** The operation (`findMany`, `select`, `delete`, `query`, …). */
  readonly operation: string;
  readonly kind: QueryKind;
  /** Tenant-column constraints of the filter (see {@link Constraint}). Empty: the filter does not constrain the tenant. */
  readonly constraints: readonly Constraint[];
  /**
   * The filter has parts the layer cannot read: a variable it cannot resolve, a spread of one, a
   * callback it cannot follow, SQL it cannot parse. An opaque query with no constraint is not
   * judged unscoped (precision first).
   */
  readonly opaque: boolean;
  /** The query reads or writes one row by its id or unique key (`findUnique`, `findByPk`, `update({ where: { id } })`). */
  readonly byId?: boolean;
  /**
   * Where a suggestion can add `<key>: <value>`: the filter's object literal, or else the query's
   * options object that has no filter yet (a `where: { … }` is then created in it).
   */
  readonly fix?: { readonly filterObject?: TSESTree.ObjectExpression; readonly optionsObject?: TSESTree.ObjectExpression };
}

/** What a data layer can ask about the file. */
export interface DataContext {
  readonly resolver: Resolver;
  readonly settings: ResolvedSettings;
  originOf(node: Node): Origin | undefined;
  importsFrom(sources: readonly string[]): boolean;
  /** Whether `originOf` can give any value of the file an origin from one of these sources (see MatchContext). */
  mayHaveOriginFrom(sources: readonly string[]): boolean;
  /** The linted file's path relative to ESLint's working directory (`/` separated). */
  readonly relativePath: string;
  /**
   * Whether a column as written constrains the tenant: its last segment is a tenant key
   * (`organization_id`, `p.orgId`, `project.organizationId`), or it is `<tenant model>.id` (`organization.id`).
   */
  isTenantColumn(column: string): boolean;
}

/** A data layer: how to recognise its queries and read their filters. */
export interface DataLayer {
  readonly id: string;
  /** Display name for docs and messages. */
  readonly name: string;
  /** Import sources (subpaths count). */
  readonly sources: readonly string[];
  /**
   * For a layer that recognises a query only by its client, and a client only by an origin from
   * one of its `sources` or by a name of this shape (`db`, `tx`): the engine asks it nothing in a
   * file without type information that holds neither such a source string nor such a name
   * (`FileAnalysis.dataLayers`). Undefined: asked about every call.
   */
  readonly clientNames?: RegExp;
  /**
   * Recognise a query. Called for every call expression and tagged template inside a job handler
   * that is the top of its chain (see {@link isChainTop}); a layer returns undefined for anything
   * that is not its query.
   */
  matchQuery(node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression, context: DataContext): QueryFacts | undefined;
}

/** One call of a member-call chain: `db.select().from(t).where(c)` has `select`, `from`, `where`. */
export interface ChainLink {
  readonly name: string;
  readonly call: TSESTree.CallExpression;
}

/**
 * The calls of a builder chain, innermost first, and the expression it starts from:
 * `db.select().from(t).where(c).limit(1)` gives root `db` and links select, from, where, limit.
 * `knex('users').where(…)` gives root `knex` with a first link named `()`.
 */
export function chainOf(top: TSESTree.CallExpression): Chain {
  // Several data layers ask about the same call in turn (each its own first test), and builders
  // ask again about the calls of their chain: one answer per call, and the last one at hand.
  if (top === last?.top) return last.chain;
  let chain = chains.get(top);
  if (!chain) {
    chain = readChain(top);
    chains.set(top, chain);
  }
  last = { top, chain };
  return chain;
}

/** A call's chain (see {@link chainOf}); shared between callers, so never changed. */
export interface Chain {
  readonly root: Node;
  readonly links: readonly ChainLink[];
}

const chains = new WeakMap<TSESTree.CallExpression, Chain>();
/** The call asked about last and its chain: the ten data layers ask about a call one after another. */
let last: { readonly top: TSESTree.CallExpression; readonly chain: Chain } | undefined;

function readChain(top: TSESTree.CallExpression): Chain {
  const links: ChainLink[] = [];
  let current: Node = top;
  for (;;) {
    const inner = unwrap(current);
    if (inner.type !== AST_NODE_TYPES.CallExpression) return { root: inner, links: links.reverse() };
    const callee = getCallee(inner);
    if (!callee) return { root: inner, links: links.reverse() };
    if (!callee.receiver) {
      links.push({ name: '()', call: inner });
      return { root: unwrap(inner.callee), links: links.reverse() };
    }
    links.push({ name: callee.name, call: inner });
    current = callee.receiver;
  }
}

/**
 * Whether a call is the top of its chain: not itself the receiver of a further call
 * (`a.b()` in `a.b().c()` is not; `.c()` is). Awaits, TS wrappers and optional chains are looked through.
 */
export function isChainTop(node: TSESTree.CallExpression): boolean {
  let child: Node = node;
  let parent = node.parent;
  while (
    parent &&
    (parent.type === AST_NODE_TYPES.ChainExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.TSAsExpression)
  ) {
    child = parent;
    parent = parent.parent;
  }
  return !(parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === child && parent.parent?.type === AST_NODE_TYPES.CallExpression);
}
