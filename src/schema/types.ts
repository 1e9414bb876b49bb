/**
 * The normalised project schema: what the schema readers (Prisma, Drizzle, TypeORM, Mongoose,
 * Kysely) agree on, whatever the source looked like. Everything here is plain data, frozen after
 * loading, so a schema can be shared by every file ESLint lints in a process.
 */

/** Where a model was declared. */
export type SchemaKind = 'prisma' | 'drizzle' | 'typeorm' | 'mongoose' | 'kysely';

/** One column (or document path) of a model. */
export interface SchemaField {
  /** The name code uses: Prisma field, Drizzle key, TypeORM property, Mongoose path, Kysely key. */
  readonly name: string;
  /** The name in the database: Prisma `@map`, Drizzle `uuid('document_id')`, TypeORM `@Column({ name })`. */
  readonly column: string;
  /** The column can hold `null` (or the document path can be missing). */
  readonly nullable: boolean;
  /** The field is (part of) the primary key. */
  readonly id?: boolean;
}

/** A relation of a model to another model, as the model declares it. */
export interface SchemaRelation {
  /**
   * The relation's name on this model: Prisma relation field (`document`), TypeORM property,
   * Drizzle `relations()` key (else the foreign-key column's key), Mongoose path, Kysely column.
   */
  readonly name: string;
  /** The target model's {@link SchemaModel.name}. */
  readonly target: string;
  /** Foreign-key fields on this model (field names); empty when the key sits on the other side. */
  readonly fields: readonly string[];
  /** Every row has a related row: the foreign key cannot be null. */
  readonly required: boolean;
  /** A to-many relation (`members Member[]`). */
  readonly list: boolean;
}

/** A table, collection or entity. */
export interface SchemaModel {
  /**
   * The model's name in its source: Prisma model, Drizzle variable, TypeORM class, Mongoose model
   * name, Kysely table key. Relations refer to models by this name.
   */
  readonly name: string;
  readonly kind: SchemaKind;
  /** The SQL table or Mongo collection name, when known. */
  readonly table?: string;
  /**
   * Every name code uses for the model, {@link name} first: Prisma delegate (`prisma.pageView`) and
   * `@@map` table; Drizzle variable and SQL table; TypeORM class and table; Mongoose model and
   * collection; Kysely table key (and its name without a schema prefix).
   */
  readonly aliases: readonly string[];
  readonly fields: readonly SchemaField[];
  readonly relations: readonly SchemaRelation[];
  /** The file that declares the model (absolute path); for a multi-file Prisma schema, the schema's first file. */
  readonly file: string;
}

/** A schema source that could not be read. The rest of the schema is still used. */
export interface SchemaError {
  /** Absolute path of the file. */
  readonly file: string;
  /** 1-based line of the problem, when the parser names one. */
  readonly line?: number;
  /** One line, without colours. */
  readonly message: string;
}

/** The schema of a project, as {@link loadProjectSchema} reads it. */
export interface ProjectSchema {
  /** Models of every source, Prisma first, then Drizzle, TypeORM, Mongoose and Kysely. */
  readonly models: readonly SchemaModel[];
  /** Files read (absolute paths), in reading order. */
  readonly files: readonly string[];
  /** Sources that could not be read; their models are missing from {@link models}. */
  readonly errors: readonly SchemaError[];
}

/** How {@link classifySchema} sees one model. */
export interface ModelClassification {
  readonly model: SchemaModel;
  /** Rows of this model belong to one tenant. */
  readonly tenantData: boolean;
  /** A tenant root (`tenantModels`): its id is a tenant id. */
  readonly tenantModel: boolean;
  /**
   * Why: `tenant-model` / `global-model` (a setting), `tenant-key` (a tenant-key column),
   * `relation` (a required to-one relation chain to one), `no-tenant-link` (none of these).
   */
  readonly reason: 'tenant-model' | 'global-model' | 'tenant-key' | 'relation' | 'no-tenant-link';
  /**
   * The field that holds the tenant id: on this model for `tenant-key`, on the last model of
   * {@link path} for `relation` (`organizationId`; `id` when the path ends at a tenant root), the id
   * field of a tenant root.
   */
  readonly tenantKey?: string;
  /** The database column of {@link tenantKey}. */
  readonly tenantKeyColumn?: string;
  /**
   * For `relation`: the shortest chain of relation names from this model to a model with the
   * tenant key: `['document']` for `page -> document`, so a filter reads `document: { organizationId }`.
   */
  readonly path?: readonly string[];
  /** The model names along {@link path} (same length). */
  readonly through?: readonly string[];
}

/** The classification of a project's models under one set of settings. */
export interface SchemaClassification {
  /** Every model's classification, in schema order. */
  readonly models: readonly ModelClassification[];
  /**
   * The model a name as code writes it refers to: a Prisma delegate (`pageView`), model name,
   * table or collection name, Drizzle variable, Kysely key; compared folding case, `_` and a plural
   * `s`/`es`/`ies`; a schema-qualified name (`public.documents`) also matches by its last part.
   * Undefined when no model matches.
   */
  lookup(name: string): ModelClassification | undefined;
  /** The schema's read errors (see {@link ProjectSchema.errors}). */
  readonly errors: readonly SchemaError[];
}
