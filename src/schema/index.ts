/**
 * Schema readers: which tables hold tenant data (issue 5).
 *
 * ```ts
 * const schema = loadProjectSchema({ filename: context.filename, cwd: context.cwd, setting: settings.schema });
 * const tables = schema && classifySchema(schema, settings);
 * tables?.lookup('page'); // { tenantData: true, path: ['document'], tenantKey: 'organizationId', … }
 * ```
 *
 * See docs/schema.md for what is read and how.
 */
export { classifySchema } from './classify';
export { clearSchemaCache, loadProjectSchema, type LoadSchemaOptions } from './load';
export type {
  ModelClassification,
  ProjectSchema,
  SchemaClassification,
  SchemaError,
  SchemaField,
  SchemaKind,
  SchemaModel,
  SchemaRelation,
} from './types';
