import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { getLastName, unwrap } from '../../util/ast';
import type { Constraint, DataContext } from './types';

type Node = TSESTree.Node;

// The filter model every data layer reads a query's filter into, and how filters combine.

/** A filter as far as a layer could read it. */
export interface FilterFacts {
  /** Tenant constraints that hold for every row the filter admits. */
  readonly constraints: readonly Constraint[];
  /** Parts could not be read and might constrain the tenant (matters when there is no constraint). */
  readonly opaque: boolean;
  /** The filter pins the row's id at its top level (`{ id }`, `{ _id }`). */
  readonly byId?: boolean;
}

export const NO_FILTER: FilterFacts = Object.freeze({ constraints: Object.freeze([]), opaque: false });
export const OPAQUE_FILTER: FilterFacts = Object.freeze({ constraints: Object.freeze([]), opaque: true });

/** The `constraints`/`opaque` fields of a {@link QueryFacts} from a filter. */
export function filterFields(filter: FilterFacts): { constraints: readonly Constraint[]; opaque: boolean; byId?: true } {
  return { constraints: filter.constraints, opaque: filter.opaque, ...(filter.byId ? { byId: true } : {}) };
}

/** A constraint that holds only under a runtime test. */
export function asConditional(constraint: Constraint): Constraint {
  return constraint.conditional ? constraint : { ...constraint, conditional: true };
}

/** The same filter with every constraint conditional. */
export function conditionalFacts(facts: FilterFacts): FilterFacts {
  return facts.constraints.length === 0 ? facts : { ...facts, constraints: facts.constraints.map(asConditional) };
}

/** AND: every part's constraints hold. */
export function allOf(parts: readonly FilterFacts[]): FilterFacts {
  if (parts.length === 1) return parts[0];
  return {
    constraints: parts.flatMap((part) => part.constraints),
    opaque: parts.some((part) => part.opaque),
    ...(parts.some((part) => part.byId) ? { byId: true } : {}),
  };
}

/**
 * OR: a constraint holds only when every branch has one (all branches' constraints are then
 * reported, conditional if some branch's may vanish). A branch that is plainly unconstrained
 * makes the whole OR unconstrained; otherwise an unreadable branch makes it opaque.
 */
export function anyOf(branches: readonly FilterFacts[]): FilterFacts {
  if (branches.length === 0) return NO_FILTER;
  if (branches.length === 1) return branches[0];
  if (branches.every((branch) => branch.constraints.length > 0)) {
    const vanishing = branches.some((branch) => branch.constraints.every((c) => c.conditional));
    const constraints = branches.flatMap((branch) => branch.constraints);
    return { constraints: vanishing ? constraints.map(asConditional) : constraints, opaque: branches.some((b) => b.opaque) };
  }
  const open = branches.some((branch) => branch.constraints.length === 0 && !branch.opaque);
  return open ? NO_FILTER : OPAQUE_FILTER;
}

/** `test ? a : b`, `a || b`: constraints found on one side only are conditional. */
export function eitherOf(a: FilterFacts, b: FilterFacts): FilterFacts {
  if (a.constraints.length > 0 && b.constraints.length > 0) return { constraints: [...a.constraints, ...b.constraints], opaque: a.opaque || b.opaque };
  const one = a.constraints.length > 0 ? a : b;
  return { constraints: one.constraints.map(asConditional), opaque: a.opaque || b.opaque };
}

/**
 * Readings of the parts of an AND (any part's constraints hold) or of an OR (they hold only when
 * every part has one). A part added under a test (`conditions.push(…)` in an `if`) is conditional.
 *
 * The Prisma, Drizzle and Kysely readers combine with this, not with {@link allOf}/{@link anyOf},
 * whose OR reads differently: here an OR that some branch leaves unconstrained is opaque when any
 * branch is unreadable (anyOf calls it open when a branch is plainly unconstrained), and the
 * constraints of a fully constrained OR stay as they are (anyOf makes them conditional when a
 * branch's may vanish). `OR: [{}, filter]` with an unknown `filter` is opaque here, open there.
 */
export function combine(parts: readonly { reading: FilterFacts; conditional?: boolean }[], mode: 'and' | 'or'): FilterFacts {
  const readings = parts.map((part) => (part.conditional && mode === 'and' ? conditionalFacts(part.reading) : part.reading));
  const opaque = readings.some((reading) => reading.opaque);
  const constraints = readings.flatMap((reading) => reading.constraints);
  if (mode === 'and' || readings.length <= 1 || readings.every((reading) => reading.constraints.length > 0)) return { constraints, opaque };
  return { constraints: [], opaque };
}

/** A constraint; conditional when the library drops `undefined` and the value is `x ?? undefined`-like. */
export function makeConstraint(column: string, value: Node | undefined, node: Node, dropsUndefined: boolean): Constraint {
  return {
    column,
    value,
    node,
    ...(dropsUndefined && value && isUndefinedAlternative(value) ? { conditional: true } : {}),
    ...(dropsUndefined ? { dropsUndefined: true } : {}),
  };
}

/** The one element of a list literal; `many` for zero or several, `unknown` when it is not a literal. */
export function singleElement(node: Node, context: DataContext): Node | 'many' | 'unknown' {
  const value = context.resolver.resolveValue(node);
  if (value.type !== AST_NODE_TYPES.ArrayExpression) return 'unknown';
  if (value.elements.some((element) => !element || element.type === AST_NODE_TYPES.SpreadElement)) return 'unknown';
  return value.elements.length === 1 ? (value.elements[0] as Node) : 'many';
}

/** `x ?? undefined`, `x || undefined`, `c ? x : undefined`: a value that is `undefined` on purpose under a test. */
export function isUndefinedAlternative(node: Node): boolean {
  const value = unwrap(node);
  if (value.type === AST_NODE_TYPES.LogicalExpression) return value.operator !== '&&' && isNullish(unwrap(value.right));
  if (value.type === AST_NODE_TYPES.ConditionalExpression) return isUndefined(unwrap(value.consequent)) || isUndefined(unwrap(value.alternate));
  return false;
}

function isUndefined(node: Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') ||
    (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void')
  );
}

/** `undefined`, `null`, `void 0`. */
export function isNullish(node: Node): boolean {
  return isUndefined(node) || (node.type === AST_NODE_TYPES.Literal && node.value === null && !('regex' in node) && !('bigint' in node));
}

/** A literal or an id-named expression (`id`, `job.data.documentId`, `ids`): a primary key, not a filter object. */
export function isPrimitiveId(node: Node): boolean {
  const value = unwrap(node);
  if (value.type === AST_NODE_TYPES.Literal) return typeof value.value === 'string' || typeof value.value === 'number' || typeof value.value === 'bigint';
  if (value.type === AST_NODE_TYPES.TemplateLiteral) return true;
  const name = getLastName(value);
  return name !== undefined && /(^id|Id|_id|^ids|Ids|_ids|ID)$/.test(name);
}

/** A tenant-column equality `column = value`; nothing for another column or a nullish value. */
export function tenantEquality(column: string, value: Node | undefined, node: Node, dropsUndefined: boolean, context: DataContext): FilterFacts {
  if (!value || isNullish(unwrap(value)) || !context.isTenantColumn(column)) return NO_FILTER;
  return { constraints: [makeConstraint(column, value, node, dropsUndefined)], opaque: false };
}

// ---------------------------------------------------------------------------------------------
// SQL builders that append `AND`/`OR` (TypeORM, Knex)

/** One `where`/`andWhere`/`orWhere` (or `clearWhere`) of a SQL builder chain. */
export interface Clause {
  readonly op: 'where' | 'and' | 'or' | 'clear';
  readonly facts: FilterFacts;
  readonly conditional: boolean;
}

/**
 * The conditions of a SQL builder that appends `AND`/`OR` without parentheses (TypeORM, Knex):
 * an OR of AND groups, as SQL precedence reads `a OR b AND c`. `where` replaces what came before
 * (TypeORM); a clause added under a runtime test is conditional, and a conditional `OR` without
 * the tenant makes the earlier constraints conditional.
 */
export function foldClauses(clauses: readonly Clause[]): FilterFacts {
  let groups: FilterFacts[][] = [];
  for (const clause of clauses) {
    const facts = clause.conditional ? conditionalFacts(clause.facts) : clause.facts;
    if (clause.op === 'clear') groups = [];
    else if (clause.op === 'where' && !clause.conditional) groups = [[facts]];
    else if (clause.op === 'or' && groups.length > 0) {
      if (!clause.conditional) groups.push([facts]);
      else if (facts.constraints.length > 0) groups.push([facts]);
      else groups = groups.map((group) => group.map(conditionalFacts));
    } else if (groups.length === 0) groups = [[facts]];
    else groups[groups.length - 1].push(facts);
  }
  if (groups.length === 0) return NO_FILTER;
  return anyOf(groups.map(allOf));
}
