import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { getKeyName } from '../util/ast';
import { modelNameKeys, pushUnique } from './names';
import type { ImportBindings } from './ts-parse';
import type { SchemaField, SchemaModel, SchemaRelation } from './types';

/** A column of a Kysely table type. */
export interface KyselyColumn {
  readonly name: string;
  readonly nullable: boolean;
}

/** A database interface (`interface DB { document: Document }`): table keys and their row types. */
export interface KyselyDatabase {
  readonly tables: readonly { readonly key: string; readonly columns?: readonly KyselyColumn[]; readonly typeName?: string }[];
}

/** What one file declares for Kysely. */
export interface KyselyFacts {
  readonly databases: readonly KyselyDatabase[];
  /** Object types (interfaces, type literals) by name, for tables whose row type is declared elsewhere. */
  readonly rowTypes: ReadonlyMap<string, readonly KyselyColumn[]>;
}

/** Names of the database interface: kysely-codegen writes `DB`; hand-written code (and Kysely's docs) use `Database`. */
const DATABASE_NAMES = new Set(['DB', 'Database', 'KyselyDB', 'KyselyDatabase', 'DatabaseSchema']);

/** Cheap test before parsing: could the file declare a Kysely database interface? */
export function mayHoldKysely(text: string, explicit: boolean): boolean {
  // Outside a listed file {@link readKysely} reads nothing without an import from `kysely`: a
  // generated Supabase `Database` type (often over 100 KB) is not parsed for nothing.
  return (text.includes('DB') || text.includes('Database')) && (explicit || text.includes('kysely'));
}

/**
 * Reads the database interfaces and row types of a file. Outside an explicitly listed file, the
 * file must import from `kysely` (kysely-codegen's output and hand-written `Generated<…>` types
 * do), so an unrelated `interface Database` is not a schema.
 */
export function readKysely(program: TSESTree.Program, imports: ImportBindings, explicit: boolean): KyselyFacts | undefined {
  if (!explicit && !imports.importsFrom((source) => source === 'kysely')) return undefined;
  const declarations = new Map<string, TSESTree.TypeElement[] | TSESTree.TypeNode>();
  for (const statement of program.body) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if (declaration?.type === AST_NODE_TYPES.TSInterfaceDeclaration) {
      const previous = declarations.get(declaration.id.name);
      // Declaration merging: members of every `interface X` count.
      declarations.set(declaration.id.name, [...(Array.isArray(previous) ? previous : []), ...declaration.body.body]);
    } else if (declaration?.type === AST_NODE_TYPES.TSTypeAliasDeclaration && !declarations.has(declaration.id.name)) {
      declarations.set(declaration.id.name, declaration.typeAnnotation);
    }
  }
  const nullableCache = new Map<string, boolean>();
  const aliasIsNullable = (name: string, depth: number): boolean => {
    const cached = nullableCache.get(name);
    if (cached !== undefined) return cached;
    const declared = declarations.get(name);
    nullableCache.set(name, false);
    const result = declared !== undefined && !Array.isArray(declared) && isNullable(declared, depth + 1);
    nullableCache.set(name, result);
    return result;
  };
  const isNullable = (type: TSESTree.TypeNode, depth = 0): boolean => {
    if (depth > 8) return false;
    switch (type.type) {
      case AST_NODE_TYPES.TSNullKeyword:
        return true;
      case AST_NODE_TYPES.TSUnionType:
        return type.types.some((member) => isNullable(member, depth + 1));
      case AST_NODE_TYPES.TSTypeReference: {
        if (type.typeName.type !== AST_NODE_TYPES.Identifier) return false;
        const name = type.typeName.name;
        const first = type.typeArguments?.params[0];
        // ColumnType<Select, Insert, Update>, Generated<T>, GeneratedAlways<T>: the selected type decides.
        if (name === 'ColumnType' || name === 'Generated' || name === 'GeneratedAlways' || name === 'JSONColumnType') {
          return first !== undefined && isNullable(first, depth + 1);
        }
        if (name === 'Nullable') return true;
        return aliasIsNullable(name, depth);
      }
      default:
        return false;
    }
  };
  const columnsOf = (members: readonly TSESTree.TypeElement[]): KyselyColumn[] => {
    const out: KyselyColumn[] = [];
    for (const member of members) {
      if (member.type !== AST_NODE_TYPES.TSPropertySignature) continue;
      const name = getKeyName(member.key, member.computed);
      if (name === undefined) continue;
      const type = member.typeAnnotation?.typeAnnotation;
      out.push({ name, nullable: member.optional === true || (type !== undefined && isNullable(type)) });
    }
    return out;
  };
  const rowTypes = new Map<string, KyselyColumn[]>();
  for (const [name, declared] of declarations) {
    if (Array.isArray(declared)) rowTypes.set(name, columnsOf(declared));
    else if (declared.type === AST_NODE_TYPES.TSTypeLiteral) rowTypes.set(name, columnsOf(declared.members));
  }
  const databases: KyselyDatabase[] = [];
  for (const name of DATABASE_NAMES) {
    const declared = declarations.get(name);
    const members = Array.isArray(declared) ? declared : declared?.type === AST_NODE_TYPES.TSTypeLiteral ? declared.members : undefined;
    if (!members) continue;
    const tables: KyselyDatabase['tables'][number][] = [];
    for (const member of members) {
      if (member.type !== AST_NODE_TYPES.TSPropertySignature) continue;
      const key = getKeyName(member.key, member.computed);
      const type = member.typeAnnotation?.typeAnnotation;
      if (key === undefined || !type) continue;
      if (type.type === AST_NODE_TYPES.TSTypeLiteral) tables.push({ key, columns: columnsOf(type.members) });
      else if (type.type === AST_NODE_TYPES.TSTypeReference && type.typeName.type === AST_NODE_TYPES.Identifier) {
        const row = rowTypes.get(type.typeName.name);
        tables.push(row ? { key, columns: row } : { key, typeName: type.typeName.name });
      }
    }
    if (tables.length > 0) databases.push({ tables });
  }
  return { databases, rowTypes };
}

/**
 * The `<x>` of a foreign-key-looking column: `document_id` / `documentId` / `documentID` → `document`;
 * undefined for `id` and for other names.
 */
export function foreignKeyStem(column: string): string | undefined {
  const lower = column.toLowerCase();
  if (lower.endsWith('_id') && column.length > 3) return column.slice(0, -3);
  if ((column.endsWith('Id') || column.endsWith('ID')) && column.length > 2 && column[column.length - 3] !== '_') return column.slice(0, -2);
  return undefined;
}

/**
 * Builds the Kysely tables of a project. Kysely declares no relations, so the reader infers them:
 * a column `<x>_id` (or `<x>Id`) whose `<x>` names a table of the same database interface
 * (compared folding case, `_` and plurals) is a to-one relation to that table, required when the
 * column is not nullable (`string`, `Generated<string>`; not `string | null`, `ColumnType<string | null, …>`
 * or an optional property). A column named `id` is the primary key.
 */
export function linkKysely(files: readonly { file: string; facts: KyselyFacts }[]): SchemaModel[] {
  const rowTypes = new Map<string, readonly KyselyColumn[]>();
  for (const { facts } of files) for (const [name, columns] of facts.rowTypes) if (!rowTypes.has(name)) rowTypes.set(name, columns);
  const models: SchemaModel[] = [];
  const seen = new Set<string>();
  for (const { file, facts } of files) {
    for (const database of facts.databases) {
      const tables = database.tables
        .map((table) => ({ key: table.key, columns: table.columns ?? (table.typeName !== undefined ? rowTypes.get(table.typeName) : undefined) ?? [] }))
        .filter((table) => !seen.has(table.key));
      const index = new Map<string, string>();
      for (const table of tables) {
        const names = [table.key];
        if (table.key.includes('.')) names.push(table.key.slice(table.key.lastIndexOf('.') + 1));
        for (const name of names) for (const key of modelNameKeys(name)) if (!index.has(key)) index.set(key, table.key);
      }
      for (const table of tables) {
        seen.add(table.key);
        const fields: SchemaField[] = table.columns.map((column) => ({
          name: column.name,
          column: column.name,
          nullable: column.nullable,
          ...(column.name === 'id' ? { id: true } : {}),
        }));
        const relations: SchemaRelation[] = [];
        for (const column of table.columns) {
          const stem = foreignKeyStem(column.name);
          if (stem === undefined) continue;
          const target = modelNameKeys(stem)
            .map((key) => index.get(key))
            .find((found) => found !== undefined);
          if (target === undefined) continue;
          relations.push({ name: column.name, target, fields: [column.name], required: !column.nullable, list: false });
        }
        const aliases = [table.key];
        if (table.key.includes('.')) pushUnique(aliases, table.key.slice(table.key.lastIndexOf('.') + 1));
        models.push({ name: table.key, kind: 'kysely', table: table.key, aliases, fields, relations, file });
      }
    }
  }
  return models;
}
