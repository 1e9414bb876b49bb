import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { findProperty, getKeyName, unwrap } from '../../util/ast';
import { asObject } from '../jobs/types';
import { NO_FILTER, OPAQUE_FILTER, allOf, anyOf, conditionalFacts, eitherOf, isNullish, makeConstraint, singleElement, type FilterFacts } from './filters';
import type { DataContext, QueryFacts } from './types';

type Node = TSESTree.Node;

// Object filters spelt with operator keys and value helpers (`{ orgId: In([v]) }`, `{ $or: […] }`,
// `{ [Op.and]: … }`): TypeORM, MikroORM, Sequelize, Mongo, Knex and Supabase `.match`. Prisma's
// filter grammar (`AND`/`OR`/`NOT`, `equals`, relation filters) is read by where-input.ts.

const MAX_FILTER_DEPTH = 16;

/** What a value helper of a filter means (`In([v])`, `Equal(v)`, `Not(v)`). */
export type ValueHelper =
  | { readonly kind: 'eq'; readonly value: Node }
  | { readonly kind: 'in'; readonly list: Node }
  | { readonly kind: 'other' };

/** How a library spells object filters. */
export interface ObjectDialect {
  /** Keys whose value is a list (or object) of filters that all hold (`$and`). */
  readonly and?: readonly string[];
  /** Keys whose value is a list of alternatives (`$or`). */
  readonly or?: readonly string[];
  /** Keys that negate (`$nor`, `$not`): never a constraint. */
  readonly not?: readonly string[];
  /** Keys whose content cannot be read (`$expr`, `$where`). */
  readonly opaqueKeys?: readonly string[];
  /** Operator keys inside a column's value object meaning equality (`$eq`) or membership (`$in`). */
  readonly eq?: readonly string[];
  readonly in?: readonly string[];
  /** A nested plain object filters a relation or embedded document: `organization: { id }` is `organization.id`. */
  readonly relations: boolean;
  /** A tenant-model relation compared to a value (`{ organization: orgId }`, MikroORM) constrains the tenant. */
  readonly relationById?: boolean;
  /** A plain array value is a membership test (`{ orgId: [v] }`, Sequelize). */
  readonly arrayIsIn?: boolean;
  /** Keys that are the row's id (default `id`). */
  readonly idKeys?: readonly string[];
  /** The library drops a key whose value is `undefined` (an OPEN row of the reference table). */
  readonly dropsUndefined: boolean;
  /** Reads a key; the default reads static keys. Sequelize maps `[Op.and]` to `$and`. */
  readKey?(property: TSESTree.Property, context: DataContext): string | undefined;
  /** Recognises value helpers (`In([v])`); undefined for a plain value. */
  unwrapValue?(value: Node, context: DataContext): ValueHelper | undefined;
}

/**
 * The tenant constraints of an object filter: keys (as written, prefixed through relations),
 * AND/OR/NOT keys of the dialect, spreads of local objects (later keys override earlier ones),
 * conditional objects and spreads (`orgId ? { … } : {}`, `...(orgId && { … })`).
 */
export function readObjectFilter(
  node: Node | undefined | null,
  dialect: ObjectDialect,
  context: DataContext,
  prefix = '',
  depth = 0,
): FilterFacts {
  if (node === null) return OPAQUE_FILTER;
  if (node === undefined) return NO_FILTER;
  if (depth > MAX_FILTER_DEPTH) return OPAQUE_FILTER;
  const value = context.resolver.resolveValue(node);
  switch (value.type) {
    case AST_NODE_TYPES.ObjectExpression:
      return readProperties(value.properties, dialect, context, prefix, depth);
    case AST_NODE_TYPES.ConditionalExpression:
      return eitherOf(
        readObjectFilter(value.consequent, dialect, context, prefix, depth + 1),
        readObjectFilter(value.alternate, dialect, context, prefix, depth + 1),
      );
    case AST_NODE_TYPES.LogicalExpression:
      if (value.operator === '&&') return conditionalFacts(readObjectFilter(value.right, dialect, context, prefix, depth + 1));
      return eitherOf(
        readObjectFilter(value.left, dialect, context, prefix, depth + 1),
        readObjectFilter(value.right, dialect, context, prefix, depth + 1),
      );
    default:
      return isNullish(value) ? NO_FILTER : OPAQUE_FILTER;
  }
}

/** An array of alternative filters (TypeORM `where: [a, b]`, `$or: [a, b]`). */
export function readOrArray(array: TSESTree.ArrayExpression, dialect: ObjectDialect, context: DataContext, prefix = '', depth = 0): FilterFacts {
  if (array.elements.some((element) => !element || element.type === AST_NODE_TYPES.SpreadElement)) return OPAQUE_FILTER;
  return anyOf(array.elements.map((element) => readObjectFilter(element as Node, dialect, context, prefix, depth + 1)));
}

function readProperties(
  properties: readonly TSESTree.ObjectLiteralElement[],
  dialect: ObjectDialect,
  context: DataContext,
  prefix: string,
  depth: number,
): FilterFacts {
  const byKey = new Map<string, FilterFacts>();
  const extra: FilterFacts[] = [];
  let opaque = false;
  let byId = false;
  const visit = (list: readonly TSESTree.ObjectLiteralElement[], level: number): void => {
    for (const property of list) {
      if (property.type === AST_NODE_TYPES.SpreadElement) {
        const spread = context.resolver.resolveValue(property.argument);
        if (spread.type === AST_NODE_TYPES.ObjectExpression && level < MAX_FILTER_DEPTH) visit(spread.properties, level + 1);
        else if (spread.type === AST_NODE_TYPES.ConditionalExpression || spread.type === AST_NODE_TYPES.LogicalExpression) {
          extra.push(readObjectFilter(property.argument, dialect, context, prefix, depth + 1));
        } else if (!isNullish(spread)) opaque = true;
        continue;
      }
      const key = dialect.readKey ? dialect.readKey(property, context) : getKeyName(property.key, property.computed);
      if (key === undefined) {
        opaque = true;
        continue;
      }
      if (prefix === '' && (dialect.idKeys ?? ['id']).includes(key) && isEquality(property.value, dialect, context)) byId = true;
      byKey.set(key, readProperty(key, property, dialect, context, prefix, depth));
    }
  };
  visit(properties, 0);
  const parts = [...byKey.values(), ...extra];
  if (opaque) parts.push(OPAQUE_FILTER);
  const facts = parts.length === 0 ? NO_FILTER : allOf(parts);
  return byId ? { ...facts, byId: true } : facts;
}

function readProperty(
  key: string,
  property: TSESTree.Property,
  dialect: ObjectDialect,
  context: DataContext,
  prefix: string,
  depth: number,
): FilterFacts {
  if (dialect.and?.includes(key)) return readLogical(property.value, 'and', dialect, context, prefix, depth);
  if (dialect.or?.includes(key)) return readLogical(property.value, 'or', dialect, context, prefix, depth);
  if (dialect.not?.includes(key)) return NO_FILTER;
  if (dialect.opaqueKeys?.includes(key)) return OPAQUE_FILTER;
  if (key.startsWith('$')) return NO_FILTER;
  const column = prefix ? `${prefix}.${key}` : key;
  return readColumn(column, property.value, property, dialect, context, depth);
}

function readLogical(
  node: Node,
  mode: 'and' | 'or',
  dialect: ObjectDialect,
  context: DataContext,
  prefix: string,
  depth: number,
): FilterFacts {
  const value = context.resolver.resolveValue(node);
  if (value.type === AST_NODE_TYPES.ArrayExpression) {
    if (mode === 'or') return readOrArray(value, dialect, context, prefix, depth);
    if (value.elements.some((element) => !element || element.type === AST_NODE_TYPES.SpreadElement)) return OPAQUE_FILTER;
    return allOf(value.elements.map((element) => readObjectFilter(element as Node, dialect, context, prefix, depth + 1)));
  }
  if (value.type === AST_NODE_TYPES.ObjectExpression) {
    if (mode === 'and') return readProperties(value.properties, dialect, context, prefix, depth + 1);
    // Sequelize `[Op.or]: { a: 1, b: 2 }`: each key is an alternative.
    return anyOf(value.properties.map((property) => readProperties([property], dialect, context, prefix, depth + 1)));
  }
  return OPAQUE_FILTER;
}

function readColumn(
  column: string,
  valueNode: Node,
  holder: Node,
  dialect: ObjectDialect,
  context: DataContext,
  depth: number,
): FilterFacts {
  const raw = unwrap(valueNode);
  if (isNullish(raw)) return NO_FILTER;
  const helper = dialect.unwrapValue?.(raw, context);
  if (helper) {
    if (helper.kind === 'eq') return leaf(column, helper.value, holder, dialect, context);
    if (helper.kind === 'in') return listLeaf(column, helper.list, holder, dialect, context);
    return NO_FILTER;
  }
  const resolved = context.resolver.resolveValue(raw);
  if (resolved.type === AST_NODE_TYPES.ObjectExpression) {
    if (isOperatorObject(resolved, dialect, context)) return readOperators(column, resolved, dialect, context);
    if (dialect.relations) return readProperties(resolved.properties, dialect, context, column, depth + 1);
    return NO_FILTER;
  }
  if (resolved.type === AST_NODE_TYPES.ArrayExpression && dialect.arrayIsIn) return listLeaf(column, resolved, holder, dialect, context);
  return leaf(column, valueNode, holder, dialect, context);
}

function readOperators(column: string, object: TSESTree.ObjectExpression, dialect: ObjectDialect, context: DataContext): FilterFacts {
  const parts: FilterFacts[] = [];
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      parts.push(OPAQUE_FILTER);
      continue;
    }
    const key = dialect.readKey ? dialect.readKey(property, context) : getKeyName(property.key, property.computed);
    if (key !== undefined && dialect.eq?.includes(key)) parts.push(leaf(column, property.value, property, dialect, context));
    else if (key !== undefined && dialect.in?.includes(key)) parts.push(listLeaf(column, property.value, property, dialect, context));
  }
  return parts.length === 0 ? NO_FILTER : allOf(parts);
}

function isOperatorObject(object: TSESTree.ObjectExpression, dialect: ObjectDialect, context: DataContext): boolean {
  return object.properties.some((property) => {
    if (property.type !== AST_NODE_TYPES.Property) return false;
    const key = dialect.readKey ? dialect.readKey(property, context) : getKeyName(property.key, property.computed);
    return key?.startsWith('$') === true;
  });
}

/** Whether a key's value is a plain equality (for `byId`): not an operator object other than `$eq`, not null. */
function isEquality(node: Node, dialect: ObjectDialect, context: DataContext): boolean {
  const raw = unwrap(node);
  if (isNullish(raw)) return false;
  const helper = dialect.unwrapValue?.(raw, context);
  if (helper) return helper.kind === 'eq';
  const resolved = context.resolver.resolveValue(raw);
  if (resolved.type === AST_NODE_TYPES.ObjectExpression) {
    return isOperatorObject(resolved, dialect, context) && readOperatorKeys(resolved, dialect, context).every((key) => dialect.eq?.includes(key));
  }
  return resolved.type !== AST_NODE_TYPES.ArrayExpression;
}

function readOperatorKeys(object: TSESTree.ObjectExpression, dialect: ObjectDialect, context: DataContext): string[] {
  return object.properties.map((property) =>
    property.type === AST_NODE_TYPES.Property
      ? ((dialect.readKey ? dialect.readKey(property, context) : getKeyName(property.key, property.computed)) ?? '')
      : '',
  );
}

/** A tenant column, or with `relationById` a tenant-model relation (`organization`). */
function isTenantKeyColumn(column: string, dialect: ObjectDialect, context: DataContext): boolean {
  if (context.isTenantColumn(column)) return true;
  const last = column.split('.').pop() ?? column;
  return dialect.relationById === true && context.settings.isTenantModel(last);
}

/** A tenant-column equality (or nothing for another column). */
function leaf(column: string, value: Node, holder: Node, dialect: ObjectDialect, context: DataContext): FilterFacts {
  if (isNullish(unwrap(value)) || !isTenantKeyColumn(column, dialect, context)) return NO_FILTER;
  return { constraints: [makeConstraint(column, value, holder, dialect.dropsUndefined)], opaque: false };
}

/** `in: [v]`: a constraint when the list holds exactly one value. */
function listLeaf(column: string, list: Node, holder: Node, dialect: ObjectDialect, context: DataContext): FilterFacts {
  const single = singleElement(list, context);
  if (single === 'many') return NO_FILTER;
  if (single === 'unknown') return isTenantKeyColumn(column, dialect, context) ? OPAQUE_FILTER : NO_FILTER;
  return leaf(column, single, holder, dialect, context);
}

/** A filter with where a suggestion can add the tenant key. */
export interface FilterAndFix {
  readonly filter: FilterFacts;
  readonly fix: QueryFacts['fix'];
}

/** The filter object literal a suggestion can add the tenant key to, when `where` is one. */
export function inlineFilterFix(where: Node): QueryFacts['fix'] {
  const inline = unwrap(where);
  return inline.type === AST_NODE_TYPES.ObjectExpression ? { filterObject: inline } : undefined;
}

/**
 * The `where` of an options object (TypeORM find options, Sequelize options), read by `readWhere`;
 * `fix` points at the options when they have no `where`. Options the file does not show, or a
 * spread that may hold a `where`, are opaque.
 */
export function readWhereOption(options: Node | undefined | null, context: DataContext, readWhere: (where: Node) => FilterAndFix): FilterAndFix {
  if (options === undefined) return { filter: NO_FILTER, fix: undefined };
  if (options === null) return { filter: OPAQUE_FILTER, fix: undefined };
  if (isNullish(unwrap(options))) return { filter: NO_FILTER, fix: undefined };
  const object = asObject(options, context);
  if (!object) return { filter: OPAQUE_FILTER, fix: undefined };
  const where = findProperty(object, 'where');
  if (!where) {
    const spread = object.properties.some((p) => p.type === AST_NODE_TYPES.SpreadElement);
    return { filter: spread ? OPAQUE_FILTER : NO_FILTER, fix: spread ? undefined : { optionsObject: object } };
  }
  return readWhere(where.value);
}
