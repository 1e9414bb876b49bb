import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { getKeyName, getStaticString, unwrap } from '../util/ast';
import { pushUnique, snakeCase } from './names';
import { type ImportBindings, propertyValue, returnedExpression, staticBoolean, topLevelClasses } from './ts-parse';
import type { SchemaField, SchemaModel, SchemaRelation } from './types';

type Node = TSESTree.Node;

type RelationKind = 'ManyToOne' | 'OneToOne' | 'OneToMany' | 'ManyToMany';

/** A decorated class: an `@Entity` or a base class whose columns entities inherit. */
export interface TypeormClass {
  readonly name: string;
  /** `@Entity` / `@ViewEntity` / `@ChildEntity`. */
  readonly entity: boolean;
  readonly table?: string;
  readonly schema?: string;
  /** The class it extends, by name. */
  readonly parent?: string;
  readonly columns: readonly { readonly property: string; readonly column: string; readonly nullable: boolean; readonly id: boolean }[];
  readonly relations: readonly {
    readonly property: string;
    readonly kind: RelationKind;
    readonly target?: string;
    /** `nullable` of the relation options, when written. */
    readonly nullable?: boolean;
    readonly primary: boolean;
    /** `@JoinColumn` names (empty names for a `@JoinColumn()` without one); undefined without `@JoinColumn`. */
    readonly joinColumns?: readonly { readonly name?: string; readonly referenced?: string }[];
  }[];
}

/** What one file declares for TypeORM. */
export interface TypeormFacts {
  readonly classes: readonly TypeormClass[];
}

const ENTITY_DECORATORS = new Set(['Entity', 'ViewEntity', 'ChildEntity']);
const COLUMN_DECORATORS = new Set([
  'Column',
  'PrimaryColumn',
  'PrimaryGeneratedColumn',
  'CreateDateColumn',
  'UpdateDateColumn',
  'DeleteDateColumn',
  'VersionColumn',
  'ObjectIdColumn',
  'ViewColumn',
]);
const ID_DECORATORS = new Set(['PrimaryColumn', 'PrimaryGeneratedColumn', 'ObjectIdColumn']);
const RELATION_DECORATORS = new Set<string>(['ManyToOne', 'OneToOne', 'OneToMany', 'ManyToMany']);

const isTypeorm = (source: string) => source === 'typeorm';

/** Cheap test before parsing: could the file declare TypeORM entities or their base classes? */
export function mayHoldTypeorm(text: string): boolean {
  return text.includes('typeorm') && text.includes('@');
}

/**
 * Reads the classes of a file that carry TypeORM decorators imported from `typeorm`. A class named
 * `Entity`, or one decorated by another library's `@Entity`, is not an entity.
 */
export function readTypeorm(program: TSESTree.Program, imports: ImportBindings): TypeormFacts {
  const classes: TypeormClass[] = [];
  for (const declaration of topLevelClasses(program)) {
    const read = readClass(declaration, declaration.id.name, imports);
    if (read) classes.push(read);
  }
  return { classes };
}

/** The TypeORM decorator a decorator node is (`@Column(...)`, `@typeorm.Column()`), with its arguments. */
function decoratorOf(decorator: TSESTree.Decorator, imports: ImportBindings): { name: string; args: TSESTree.CallExpressionArgument[] } | undefined {
  const expression = unwrap(decorator.expression);
  const callee = expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression;
  const binding = imports.resolve(callee);
  if (!binding || !isTypeorm(binding.source)) return undefined;
  return { name: binding.imported, args: expression.type === AST_NODE_TYPES.CallExpression ? expression.arguments : [] };
}

function readClass(node: TSESTree.ClassDeclaration, name: string, imports: ImportBindings): TypeormClass | undefined {
  let entity = false;
  let table: string | undefined;
  let schema: string | undefined;
  for (const decorator of node.decorators) {
    const read = decoratorOf(decorator, imports);
    if (!read || !ENTITY_DECORATORS.has(read.name)) continue;
    entity = true;
    // @Entity('pages'), @Entity({ name: 'pages', schema: 'app' }), @Entity('pages', { schema })
    for (const argument of read.args) {
      const text = getStaticString(argument);
      if (text !== undefined) table ??= text;
      const nameOption = getStaticString(propertyValue(argument, 'name'));
      if (nameOption !== undefined) table ??= nameOption;
      const schemaOption = getStaticString(propertyValue(argument, 'schema'));
      if (schemaOption !== undefined) schema ??= schemaOption;
    }
  }
  const columns: TypeormClass['columns'][number][] = [];
  const relations: TypeormClass['relations'][number][] = [];
  for (const member of node.body.body) {
    if (member.type !== AST_NODE_TYPES.PropertyDefinition && member.type !== AST_NODE_TYPES.TSAbstractPropertyDefinition) continue;
    const property = getKeyName(member.key, member.computed);
    if (property === undefined) continue;
    let relation: (TypeormClass['relations'][number] & { joinColumns?: { name?: string; referenced?: string }[] }) | undefined;
    let joinColumns: { name?: string; referenced?: string }[] | undefined;
    for (const decorator of member.decorators) {
      const read = decoratorOf(decorator, imports);
      if (!read) continue;
      if (COLUMN_DECORATORS.has(read.name)) {
        let column = property;
        let nullable = false;
        let primary = ID_DECORATORS.has(read.name);
        for (const argument of read.args) {
          const nameOption = getStaticString(propertyValue(argument, 'name'));
          if (nameOption !== undefined) column = nameOption;
          if (staticBoolean(propertyValue(argument, 'nullable')) === true) nullable = true;
          if (staticBoolean(propertyValue(argument, 'primary')) === true) primary = true;
        }
        columns.push({ property, column, nullable: nullable && !primary, id: primary });
      } else if (RELATION_DECORATORS.has(read.name)) {
        const targetNode = read.args[0];
        const target = targetNode ? (getStaticString(targetNode) ?? identifierName(returnedExpression(targetNode))) : undefined;
        const options = [...read.args].reverse().find((argument) => unwrap(argument).type === AST_NODE_TYPES.ObjectExpression);
        const nullable = staticBoolean(propertyValue(options, 'nullable'));
        relation = {
          property,
          kind: read.name as RelationKind,
          ...(target !== undefined ? { target } : {}),
          ...(nullable !== undefined ? { nullable } : {}),
          primary: staticBoolean(propertyValue(options, 'primary')) === true,
        };
      } else if (read.name === 'JoinColumn') {
        joinColumns = [];
        const argument = read.args[0] ? unwrap(read.args[0]) : undefined;
        const items = argument?.type === AST_NODE_TYPES.ArrayExpression ? argument.elements : argument ? [argument] : [];
        for (const item of items) {
          if (!item || item.type === AST_NODE_TYPES.SpreadElement) continue;
          const columnName = getStaticString(propertyValue(item, 'name'));
          const referenced = getStaticString(propertyValue(item, 'referencedColumnName'));
          joinColumns.push({ ...(columnName !== undefined ? { name: columnName } : {}), ...(referenced !== undefined ? { referenced } : {}) });
        }
        if (joinColumns.length === 0) joinColumns.push({});
      }
    }
    if (relation) relations.push({ ...relation, ...(joinColumns ? { joinColumns } : {}) });
  }
  if (!entity && columns.length === 0 && relations.length === 0) return undefined;
  const parent = node.superClass ? unwrap(node.superClass) : undefined;
  return {
    name,
    entity,
    ...(table !== undefined ? { table } : {}),
    ...(schema !== undefined ? { schema } : {}),
    ...(parent?.type === AST_NODE_TYPES.Identifier ? { parent: parent.name } : {}),
    columns,
    relations,
  };
}

function identifierName(node: Node | undefined): string | undefined {
  return node?.type === AST_NODE_TYPES.Identifier ? node.name : undefined;
}

/**
 * Builds the entities of a project: base-class columns inherited, join columns turned into
 * foreign-key fields. A `@ManyToOne` is required when its options say `nullable: false` (TypeORM's
 * default is nullable) or when its join column is a declared non-nullable `@Column`.
 */
export function linkTypeorm(files: readonly { file: string; facts: TypeormFacts }[]): SchemaModel[] {
  const classes = new Map<string, { cls: TypeormClass; file: string }>();
  for (const { file, facts } of files) for (const cls of facts.classes) if (!classes.has(cls.name)) classes.set(cls.name, { cls, file });
  const entities = new Set([...classes.values()].filter(({ cls }) => cls.entity).map(({ cls }) => cls.name));
  const models: SchemaModel[] = [];
  for (const { cls, file } of classes.values()) {
    if (!cls.entity) continue;
    // Own members first, then inherited ones (a subclass may redeclare a column).
    const chain: TypeormClass[] = [];
    for (let current: TypeormClass | undefined = cls; current && chain.length < 10 && !chain.includes(current); ) {
      chain.push(current);
      current = current.parent ? classes.get(current.parent)?.cls : undefined;
    }
    const fields: SchemaField[] = [];
    for (const member of chain) {
      for (const column of member.columns) {
        if (fields.some((field) => field.name === column.property)) continue;
        fields.push({ name: column.property, column: column.column, nullable: column.nullable, ...(column.id ? { id: true } : {}) });
      }
    }
    const relations: SchemaRelation[] = [];
    for (const member of chain) {
      for (const relation of member.relations) {
        if (relations.some((existing) => existing.name === relation.property)) continue;
        if (!relation.target || !entities.has(relation.target)) continue;
        const list = relation.kind === 'OneToMany' || relation.kind === 'ManyToMany';
        const owner = relation.kind === 'ManyToOne' || (relation.kind === 'OneToOne' && relation.joinColumns !== undefined);
        if (list || !owner) {
          relations.push({ name: relation.property, target: relation.target, fields: [], required: false, list });
          continue;
        }
        const joinColumns = relation.joinColumns ?? [{}];
        const keys: string[] = [];
        let declaredNotNull = true;
        for (const joinColumn of joinColumns) {
          const referenced = joinColumn.referenced ?? 'id';
          // TypeORM's default naming: camelCase(relation + '_' + referenced column).
          const columnName = joinColumn.name ?? `${relation.property}${referenced[0].toUpperCase()}${referenced.slice(1)}`;
          const declared = fields.find((field) => field.column === columnName) ?? fields.find((field) => field.name === columnName);
          if (declared) {
            keys.push(declared.name);
            if (declared.nullable) declaredNotNull = false;
          } else {
            keys.push(columnName);
            declaredNotNull = false;
            fields.push({ name: columnName, column: columnName, nullable: relation.nullable !== false && !relation.primary });
          }
        }
        relations.push({
          name: relation.property,
          target: relation.target,
          fields: keys,
          required: relation.nullable === false || relation.primary || declaredNotNull,
          list: false,
        });
      }
    }
    const table = cls.table ?? snakeCase(cls.name);
    const aliases = [cls.name];
    pushUnique(aliases, table);
    if (cls.schema) pushUnique(aliases, `${cls.schema}.${table}`);
    models.push({ name: cls.name, kind: 'typeorm', table, aliases, fields, relations, file });
  }
  return models;
}
