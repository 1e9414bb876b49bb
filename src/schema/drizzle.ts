import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { getStaticString, unwrap } from '../util/ast';
import { pushUnique } from './names';
import { calleeName, type ImportBindings, returnedExpression, staticProperties } from './ts-parse';
import type { SchemaField, SchemaModel, SchemaRelation } from './types';

type Node = TSESTree.Node;

/** A column of a Drizzle table, as its builder chain declares it. */
export interface DrizzleColumn {
  readonly key: string;
  readonly column: string;
  readonly notNull: boolean;
  readonly primaryKey: boolean;
  /** The table variable of `.references(() => documents.id)`. */
  readonly references?: string;
}

/** A `pgTable` / `mysqlTable` / `sqliteTable` (or schema / creator) table. */
export interface DrizzleTable {
  readonly variable: string;
  readonly sqlName?: string;
  readonly schema?: string;
  readonly columns: readonly DrizzleColumn[];
  /** Identifiers spread into the columns object (`...timestamps`), resolved when linking. */
  readonly spreads: readonly string[];
  /** Table-level `foreignKey({ columns, foreignColumns })`. */
  readonly foreignKeys: readonly { readonly columns: readonly string[]; readonly target: string }[];
  /** Columns of a table-level `primaryKey({ columns })`. */
  readonly primaryKeyColumns: readonly string[];
}

/** A relation of `relations(table, ({ one, many }) => …)` or `defineRelations`. */
export interface DrizzleRelationDecl {
  readonly table: string;
  readonly name: string;
  readonly target: string;
  readonly fields: readonly string[];
  readonly list: boolean;
}

/** What one file declares for Drizzle. */
export interface DrizzleFacts {
  readonly tables: readonly DrizzleTable[];
  readonly relations: readonly DrizzleRelationDecl[];
  /** Module-level objects of column builders (`const timestamps = { createdAt: timestamp() }`), for spreads. */
  readonly columnSets: ReadonlyMap<string, readonly DrizzleColumn[]>;
}

const TABLE_FUNCTIONS = new Set(['pgTable', 'mysqlTable', 'sqliteTable', 'singlestoreTable', 'gelTable', 'cockroachTable', 'mssqlTable']);
const SCHEMA_FUNCTIONS = new Set(['pgSchema', 'mysqlSchema', 'singlestoreSchema', 'gelSchema', 'cockroachSchema', 'mssqlSchema']);
const CREATOR_FUNCTIONS = new Set(['pgTableCreator', 'mysqlTableCreator', 'sqliteTableCreator', 'singlestoreTableCreator', 'gelTableCreator']);

const isDrizzle = (source: string) => source === 'drizzle-orm' || source.startsWith('drizzle-orm/');

/** Cheap test before parsing: could the file declare Drizzle tables, relations or shared columns? */
export function mayHoldDrizzle(text: string): boolean {
  return text.includes('drizzle-orm');
}

/**
 * Reads the Drizzle tables and relations a file declares. Only calls of functions imported from
 * `drizzle-orm/*` count: a `pgTable` in a comment, a string or a local function of that name is
 * not a table.
 */
export function readDrizzle(program: TSESTree.Program, imports: ImportBindings): DrizzleFacts {
  const tables: DrizzleTable[] = [];
  const relations: DrizzleRelationDecl[] = [];
  const columnSets = new Map<string, DrizzleColumn[]>();
  const schemas = new Map<string, string>();
  const creators = new Set<string>();

  const declarators: TSESTree.VariableDeclarator[] = [];
  for (const statement of program.body) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) declarators.push(...declaration.declarations);
    if (statement.type === AST_NODE_TYPES.ExpressionStatement) readRelationsCall(statement.expression, imports, relations);
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) readRelationsCall(statement.declaration as Node, imports, relations);
  }
  // Schemas and creators first: tables may use them before or after in the file.
  for (const declarator of declarators) {
    if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) continue;
    const init = unwrap(declarator.init);
    if (init.type !== AST_NODE_TYPES.CallExpression) continue;
    const binding = imports.resolve(init.callee);
    if (!binding || !isDrizzle(binding.source)) continue;
    if (SCHEMA_FUNCTIONS.has(binding.imported)) {
      const name = getStaticString(init.arguments[0]);
      if (name !== undefined) schemas.set(declarator.id.name, name);
    } else if (CREATOR_FUNCTIONS.has(binding.imported)) {
      creators.add(declarator.id.name);
    }
  }
  for (const declarator of declarators) {
    if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) continue;
    const variable = declarator.id.name;
    const init = unwrap(declarator.init);
    if (init.type === AST_NODE_TYPES.CallExpression) {
      const table = tableCall(init, imports, schemas, creators);
      if (table) {
        tables.push(readTable(variable, init, table, imports));
        continue;
      }
      readRelationsCall(init, imports, relations);
    } else if (init.type === AST_NODE_TYPES.ObjectExpression) {
      const columns = readColumns(init).columns;
      if (columns.length > 0) columnSets.set(variable, columns);
    }
  }
  return { tables, relations, columnSets };
}

/** Whether a call makes a table, and its SQL schema if it is `mySchema.table(…)`. */
function tableCall(
  call: TSESTree.CallExpression,
  imports: ImportBindings,
  schemas: ReadonlyMap<string, string>,
  creators: ReadonlySet<string>,
): { schema?: string } | undefined {
  const callee = unwrap(call.callee);
  const binding = imports.resolve(callee);
  if (binding && isDrizzle(binding.source) && TABLE_FUNCTIONS.has(binding.imported)) return {};
  if (callee.type === AST_NODE_TYPES.Identifier && creators.has(callee.name)) return {};
  if (callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier) {
    const object = unwrap(callee.object);
    // pgTable.withRLS('t', { … }) (Drizzle 1.0)
    const inner = imports.resolve(object);
    if (callee.property.name === 'withRLS' && inner && isDrizzle(inner.source) && TABLE_FUNCTIONS.has(inner.imported)) return {};
    if (callee.property.name === 'table' && object.type === AST_NODE_TYPES.Identifier && schemas.has(object.name)) {
      return { schema: schemas.get(object.name) };
    }
  }
  return undefined;
}

function readTable(variable: string, call: TSESTree.CallExpression, table: { schema?: string }, imports: ImportBindings): DrizzleTable {
  const sqlName = getStaticString(call.arguments[0]);
  const columnsArg = call.arguments[1];
  let columnsObject: Node | undefined = columnsArg ? unwrap(columnsArg) : undefined;
  if (columnsObject && columnsObject.type !== AST_NODE_TYPES.ObjectExpression) columnsObject = returnedExpression(columnsObject);
  const read = columnsObject?.type === AST_NODE_TYPES.ObjectExpression ? readColumns(columnsObject) : { columns: [], spreads: [] };
  const foreignKeys: { columns: string[]; target: string }[] = [];
  const primaryKeyColumns: string[] = [];
  const extra = call.arguments[2] ? returnedExpression(call.arguments[2]) : undefined;
  if (extra) {
    const items =
      extra.type === AST_NODE_TYPES.ArrayExpression
        ? extra.elements
        : extra.type === AST_NODE_TYPES.ObjectExpression
          ? staticProperties(extra).map((property) => property.value)
          : [];
    for (const item of items) {
      if (!item || item.type === AST_NODE_TYPES.SpreadElement) continue;
      const base = baseCall(item);
      const binding = base ? imports.resolve(base.callee) : undefined;
      if (!base || !binding || !isDrizzle(binding.source)) continue;
      const options = base.arguments[0] ? unwrap(base.arguments[0]) : undefined;
      if (options?.type !== AST_NODE_TYPES.ObjectExpression) continue;
      const property = (key: string) => staticProperties(options).find((entry) => entry.key === key)?.value;
      if (binding.imported === 'foreignKey') {
        const columns = memberKeys(property('columns'));
        const target = memberObjects(property('foreignColumns'))[0];
        if (columns.length > 0 && target) foreignKeys.push({ columns, target });
      } else if (binding.imported === 'primaryKey') {
        primaryKeyColumns.push(...memberKeys(property('columns')));
      }
    }
  }
  return {
    variable,
    ...(sqlName !== undefined ? { sqlName } : {}),
    ...(table.schema !== undefined ? { schema: table.schema } : {}),
    columns: read.columns,
    spreads: read.spreads,
    foreignKeys,
    primaryKeyColumns,
  };
}

/** The columns of a columns object: each property whose value is a column builder chain. */
function readColumns(object: TSESTree.ObjectExpression): { columns: DrizzleColumn[]; spreads: string[] } {
  const columns: DrizzleColumn[] = [];
  const spreads: string[] = [];
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      const argument = unwrap(property.argument);
      if (argument.type === AST_NODE_TYPES.Identifier) spreads.push(argument.name);
    }
  }
  for (const { key, value } of staticProperties(object)) {
    const column = readColumn(key, value);
    if (column) columns.push(column);
  }
  return { columns, spreads };
}

/**
 * A column builder chain: `uuid('document_id').notNull().references(() => documents.id)`,
 * `t.text()`, `varchar({ length: 256 }).primaryKey()`. The column name is the builder's first
 * argument when it is a string, else the key.
 */
function readColumn(key: string, value: Node): DrizzleColumn | undefined {
  let node = unwrap(value);
  let notNull = false;
  let primaryKey = false;
  let references: string | undefined;
  while (node.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrap(node.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier) {
      const object = unwrap(callee.object);
      if (object.type === AST_NODE_TYPES.CallExpression) {
        const method = callee.property.name;
        if (method === 'notNull') notNull = true;
        else if (method === 'primaryKey') primaryKey = true;
        else if (method === 'references' && node.arguments[0]) {
          const target = returnedExpression(node.arguments[0]);
          if (target?.type === AST_NODE_TYPES.MemberExpression) {
            const table = unwrap(target.object);
            if (table.type === AST_NODE_TYPES.Identifier) references = table.name;
          }
        }
        node = object;
        continue;
      }
    } else if (callee.type !== AST_NODE_TYPES.Identifier) {
      return undefined;
    }
    const column = getStaticString(node.arguments[0]) ?? key;
    return { key, column, notNull, primaryKey, ...(references !== undefined ? { references } : {}) };
  }
  return undefined;
}

/** The innermost call of a method chain: `foreignKey({…}).onDelete('cascade')` → `foreignKey({…})`. */
function baseCall(node: Node): TSESTree.CallExpression | undefined {
  let current = unwrap(node);
  let found: TSESTree.CallExpression | undefined;
  while (current.type === AST_NODE_TYPES.CallExpression) {
    found = current;
    const callee = unwrap(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) break;
    current = unwrap(callee.object);
  }
  return found;
}

/** The member expressions of `[a.b, c.d]` (or of a single `a.b`). */
function membersOf(node: Node | undefined): TSESTree.MemberExpression[] {
  if (!node) return [];
  const inner = unwrap(node);
  const items = inner.type === AST_NODE_TYPES.ArrayExpression ? inner.elements : [inner];
  const out: TSESTree.MemberExpression[] = [];
  for (const item of items) {
    if (!item || item.type === AST_NODE_TYPES.SpreadElement) continue;
    const member = unwrap(item);
    if (member.type === AST_NODE_TYPES.MemberExpression) out.push(member);
  }
  return out;
}

/** `[t.documentId, t.pageId]` → `['documentId', 'pageId']` (also a single member). */
function memberKeys(node: Node | undefined): string[] {
  return membersOf(node).flatMap((member) => (!member.computed && member.property.type === AST_NODE_TYPES.Identifier ? [member.property.name] : []));
}

/** `[documents.id]` → `['documents']`. */
function memberObjects(node: Node | undefined): string[] {
  return membersOf(node).flatMap((member) => {
    const object = unwrap(member.object);
    return object.type === AST_NODE_TYPES.Identifier ? [object.name] : [];
  });
}

/**
 * `relations(pages, ({ one, many }) => ({ document: one(documents, { fields: [pages.documentId], … }) }))`
 * and Drizzle 1.0's `defineRelations(schema, (r) => ({ pages: { document: r.one.documents({ from: r.pages.documentId, … }) } }))`.
 */
function readRelationsCall(node: Node, imports: ImportBindings, out: DrizzleRelationDecl[]): void {
  const call = unwrap(node);
  if (call.type !== AST_NODE_TYPES.CallExpression) return;
  const binding = imports.resolve(call.callee);
  if (!binding || !isDrizzle(binding.source)) return;
  if (binding.imported === 'relations') {
    const table = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
    const body = call.arguments[1] ? returnedExpression(call.arguments[1]) : undefined;
    if (table?.type !== AST_NODE_TYPES.Identifier || body?.type !== AST_NODE_TYPES.ObjectExpression) return;
    for (const { key, value } of staticProperties(body)) {
      const relation = unwrap(value);
      if (relation.type !== AST_NODE_TYPES.CallExpression) continue;
      const kind = calleeName(relation);
      if (kind !== 'one' && kind !== 'many') continue;
      const target = relation.arguments[0] ? unwrap(relation.arguments[0]) : undefined;
      if (target?.type !== AST_NODE_TYPES.Identifier) continue;
      const config = relation.arguments[1] ? unwrap(relation.arguments[1]) : undefined;
      const fields =
        config?.type === AST_NODE_TYPES.ObjectExpression ? memberKeys(staticProperties(config).find((entry) => entry.key === 'fields')?.value) : [];
      out.push({ table: table.name, name: key, target: target.name, fields: kind === 'one' ? fields : [], list: kind === 'many' });
    }
  } else if (binding.imported === 'defineRelations') {
    const body = call.arguments[1] ? returnedExpression(call.arguments[1]) : undefined;
    if (body?.type !== AST_NODE_TYPES.ObjectExpression) return;
    for (const { key: table, value } of staticProperties(body)) {
      const perTable = unwrap(value);
      if (perTable.type !== AST_NODE_TYPES.ObjectExpression) continue;
      for (const { key, value: relationValue } of staticProperties(perTable)) {
        const relation = unwrap(relationValue);
        if (relation.type !== AST_NODE_TYPES.CallExpression) continue;
        const callee = unwrap(relation.callee);
        // r.one.documents(…) / r.many.comments(…)
        if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.property.type !== AST_NODE_TYPES.Identifier) continue;
        const kindNode = unwrap(callee.object);
        if (kindNode.type !== AST_NODE_TYPES.MemberExpression || kindNode.property.type !== AST_NODE_TYPES.Identifier) continue;
        const kind = kindNode.property.name;
        if (kind !== 'one' && kind !== 'many') continue;
        const config = relation.arguments[0] ? unwrap(relation.arguments[0]) : undefined;
        const fields =
          config?.type === AST_NODE_TYPES.ObjectExpression ? memberKeys(staticProperties(config).find((entry) => entry.key === 'from')?.value) : [];
        out.push({ table, name: key, target: callee.property.name, fields: kind === 'one' ? fields : [], list: kind === 'many' });
      }
    }
  }
}

/** Builds the models of every Drizzle file of a project: spreads, references and relations resolved across files. */
export function linkDrizzle(files: readonly { file: string; facts: DrizzleFacts }[]): SchemaModel[] {
  const tables = new Map<string, { table: DrizzleTable; file: string; sets: ReadonlyMap<string, readonly DrizzleColumn[]> }>();
  const allSets = new Map<string, readonly DrizzleColumn[]>();
  for (const { file, facts } of files) {
    for (const table of facts.tables) if (!tables.has(table.variable)) tables.set(table.variable, { table, file, sets: facts.columnSets });
    for (const [name, columns] of facts.columnSets) if (!allSets.has(name)) allSets.set(name, columns);
  }
  const declared = files.flatMap(({ facts }) => facts.relations);
  const models: SchemaModel[] = [];
  for (const { table, file, sets } of tables.values()) {
    const columns: DrizzleColumn[] = [];
    for (const spread of table.spreads) columns.push(...(sets.get(spread) ?? allSets.get(spread) ?? []));
    columns.push(...table.columns);
    const primary = new Set(table.primaryKeyColumns);
    const notNull = (key: string) => {
      const column = columns.find((entry) => entry.key === key);
      return column !== undefined && (column.notNull || column.primaryKey || primary.has(key));
    };
    const fields: SchemaField[] = columns.map((column) => ({
      name: column.key,
      column: column.column,
      nullable: !notNull(column.key),
      ...(column.primaryKey || primary.has(column.key) ? { id: true } : {}),
    }));
    const relations: SchemaRelation[] = [];
    for (const column of columns) {
      if (column.references && tables.has(column.references)) {
        relations.push({ name: column.key, target: column.references, fields: [column.key], required: notNull(column.key), list: false });
      }
    }
    for (const foreignKey of table.foreignKeys) {
      if (!tables.has(foreignKey.target)) continue;
      if (relations.some((relation) => relation.target === foreignKey.target && sameFields(relation.fields, foreignKey.columns))) continue;
      relations.push({
        name: foreignKey.columns.join('_'),
        target: foreignKey.target,
        fields: foreignKey.columns,
        required: foreignKey.columns.every(notNull),
        list: false,
      });
    }
    for (const declaration of declared) {
      if (declaration.table !== table.variable || !tables.has(declaration.target)) continue;
      const relation: SchemaRelation = {
        name: declaration.name,
        target: declaration.target,
        fields: declaration.fields,
        required: !declaration.list && declaration.fields.length > 0 && declaration.fields.every(notNull),
        list: declaration.list,
      };
      // A relations() entry names the foreign key a column's .references() already declared.
      const same = relations.findIndex(
        (existing) => existing.target === relation.target && relation.fields.length > 0 && sameFields(existing.fields, relation.fields),
      );
      if (same >= 0) relations[same] = relation;
      else if (!relations.some((existing) => existing.name === relation.name)) relations.push(relation);
    }
    const aliases = [table.variable];
    pushUnique(aliases, table.sqlName);
    if (table.schema && table.sqlName) pushUnique(aliases, `${table.schema}.${table.sqlName}`);
    models.push({
      name: table.variable,
      kind: 'drizzle',
      ...(table.sqlName !== undefined ? { table: table.schema ? `${table.schema}.${table.sqlName}` : table.sqlName } : {}),
      aliases,
      fields,
      relations,
      file,
    });
  }
  return models;
}

function sameFields(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((field, index) => field === b[index]);
}
