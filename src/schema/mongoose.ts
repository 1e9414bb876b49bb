import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { getKeyName, getStaticString, unwrap } from '../util/ast';
import { defaultCollectionName, pushUnique } from './names';
import { type ImportBindings, propertyValue, staticBoolean, staticProperties, topLevelClasses, walk } from './ts-parse';
import type { SchemaField, SchemaModel, SchemaRelation } from './types';

type Node = TSESTree.Node;

/** A path of a Mongoose schema definition. */
export interface MongoosePath {
  readonly path: string;
  readonly required: boolean;
  readonly list: boolean;
  /** `ref: 'Organization'` (a model name) or `ref: Organization` (a variable holding a model). */
  readonly ref?: { readonly model?: string; readonly variable?: string };
}

/** A model registered with `model('Name', schema)`. */
export interface MongooseModel {
  readonly name: string;
  /** The third argument of `model()`. */
  readonly collection?: string;
  /** The schema, when declared in the same file. */
  readonly schema?: MongooseSchemaDef;
  /** The schema's variable, when it is not declared in this file (resolved across files when linking). */
  readonly schemaVariable?: string;
  /** The variable the model is assigned to (`const Organization = model(…)`), for `ref: Organization`. */
  readonly variable?: string;
}

/** A `new Schema({…}, { collection })`. */
export interface MongooseSchemaDef {
  readonly paths: readonly MongoosePath[];
  readonly collection?: string;
}

/** What one file declares for Mongoose. */
export interface MongooseFacts {
  readonly models: readonly MongooseModel[];
  /** Module-level schemas by variable, for models registered in other files. */
  readonly schemas: ReadonlyMap<string, MongooseSchemaDef>;
}

const isMongoose = (source: string) => source === 'mongoose';

/** Cheap test before parsing: could the file declare Mongoose models? */
export function mayHoldMongoose(text: string): boolean {
  return text.includes('mongoose') && text.includes('Schema');
}

/**
 * Reads `new Schema({…}, { collection })` and `model('Name', schema, collection?)` of Mongoose, and
 * NestJS `@Schema()` classes.
 * `Schema` must come from `mongoose` (an import, `mongoose.Schema`, `const { Schema } = mongoose`
 * or `require('mongoose')`): a `Schema` of another library is not a Mongoose schema.
 */
export function readMongoose(program: TSESTree.Program, imports: ImportBindings): MongooseFacts {
  const schemas = new Map<string, MongooseSchemaDef>();
  const isSchemaConstructor = (node: Node) => imports.is(node, isMongoose, 'Schema');
  const assigned = new Map<Node, string>();
  walk(program, (node) => {
    if (node.type !== AST_NODE_TYPES.VariableDeclarator || node.id.type !== AST_NODE_TYPES.Identifier || !node.init) return;
    const init = unwrap(node.init);
    if (init.type === AST_NODE_TYPES.NewExpression && isSchemaConstructor(init.callee)) schemas.set(node.id.name, readSchema(init));
    // const Organization = model(…) / models.Organization || model(…) / … ?? model(…)
    const candidates = init.type === AST_NODE_TYPES.LogicalExpression ? [unwrap(init.left), unwrap(init.right)] : [init];
    for (const candidate of candidates) if (candidate.type === AST_NODE_TYPES.CallExpression) assigned.set(candidate, node.id.name);
  });
  const models: MongooseModel[] = [];
  walk(program, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return;
    const callee = unwrap(node.callee);
    const direct = imports.is(callee, isMongoose, 'model');
    const member =
      callee.type === AST_NODE_TYPES.MemberExpression &&
      !callee.computed &&
      callee.property.type === AST_NODE_TYPES.Identifier &&
      callee.property.name === 'model';
    if (!direct && !member) return;
    const name = getStaticString(node.arguments[0]);
    const schemaNode = node.arguments[1] ? unwrap(node.arguments[1]) : undefined;
    if (name === undefined || !schemaNode) return;
    let schema: MongooseSchemaDef | undefined;
    let schemaVariable: string | undefined;
    if (schemaNode.type === AST_NODE_TYPES.NewExpression && isSchemaConstructor(schemaNode.callee)) schema = readSchema(schemaNode);
    else if (schemaNode.type === AST_NODE_TYPES.Identifier) {
      schema = schemas.get(schemaNode.name);
      if (!schema) schemaVariable = schemaNode.name;
    }
    // A schema variable of another file is resolved when linking: it must be a Mongoose schema there.
    if (!schema && schemaVariable === undefined) return;
    const collection = getStaticString(node.arguments[2]);
    const variable = assigned.get(node);
    models.push({
      name,
      ...(collection !== undefined ? { collection } : {}),
      ...(schema ? { schema } : {}),
      ...(schemaVariable !== undefined ? { schemaVariable } : {}),
      ...(variable !== undefined ? { variable } : {}),
    });
  });
  models.push(...readNestSchemas(program, imports));
  return { models, schemas };
}

const isNestMongoose = (source: string) => source === '@nestjs/mongoose';

/**
 * NestJS classes: `@Schema({ collection }) class Cat { @Prop({ type: Types.ObjectId, ref: Owner.name, required: true }) owner }`
 * registered with `SchemaFactory.createForClass(Cat)`; the model is named after the class, as
 * `MongooseModule.forFeature([{ name: Cat.name, schema }])` names it.
 */
function readNestSchemas(program: TSESTree.Program, imports: ImportBindings): MongooseModel[] {
  const decorated = (decorators: readonly TSESTree.Decorator[], name: string) => {
    for (const decorator of decorators) {
      const expression = unwrap(decorator.expression);
      const callee = expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression;
      if (imports.is(callee, isNestMongoose, name)) return expression.type === AST_NODE_TYPES.CallExpression ? expression.arguments : [];
    }
    return undefined;
  };
  const models: MongooseModel[] = [];
  for (const declaration of topLevelClasses(program)) {
    const schemaArgs = decorated(declaration.decorators, 'Schema');
    if (!schemaArgs) continue;
    const collection = getStaticString(propertyValue(schemaArgs[0], 'collection'));
    const paths: MongoosePath[] = [];
    for (const member of declaration.body.body) {
      if (member.type !== AST_NODE_TYPES.PropertyDefinition) continue;
      const key = getKeyName(member.key, member.computed);
      const propArgs = decorated(member.decorators, 'Prop');
      if (key === undefined || !propArgs) continue;
      paths.push(propArgs[0] ? readPath(key, propArgs[0]) : { path: key, required: false, list: false });
    }
    const name = declaration.id.name;
    models.push({ name, schema: { paths, ...(collection !== undefined ? { collection } : {}) }, variable: name });
  }
  return models;
}

function readSchema(node: TSESTree.NewExpression): MongooseSchemaDef {
  const definition = node.arguments[0] ? unwrap(node.arguments[0]) : undefined;
  const collection = getStaticString(propertyValue(node.arguments[1], 'collection'));
  const paths: MongoosePath[] = [];
  if (definition?.type === AST_NODE_TYPES.ObjectExpression) {
    for (const { key, value } of staticProperties(definition)) paths.push(readPath(key, value));
  }
  return { paths, ...(collection !== undefined ? { collection } : {}) };
}

/**
 * One path: `String`, `{ type: Schema.Types.ObjectId, ref: 'Org', required: true }`,
 * `[{ type: ObjectId, ref: 'User' }]`, `{ type: [String] }`, a nested object.
 */
function readPath(key: string, value: Node): MongoosePath {
  let node = unwrap(value);
  let list = false;
  if (node.type === AST_NODE_TYPES.ArrayExpression) {
    list = true;
    const first = node.elements[0];
    node = first && first.type !== AST_NODE_TYPES.SpreadElement ? unwrap(first) : node;
  }
  let required = false;
  let ref: MongoosePath['ref'];
  if (node.type === AST_NODE_TYPES.ObjectExpression) {
    const requiredNode = propertyValue(node, 'required');
    required = isRequiredOption(requiredNode);
    const typeNode = propertyValue(node, 'type');
    const typeInner = typeNode ? unwrap(typeNode) : undefined;
    if (typeInner?.type === AST_NODE_TYPES.ArrayExpression) {
      list = true;
      const element = typeInner.elements[0];
      const inner = element && element.type !== AST_NODE_TYPES.SpreadElement ? unwrap(element) : undefined;
      if (inner?.type === AST_NODE_TYPES.ObjectExpression) ref = refOf(propertyValue(inner, 'ref'));
    }
    ref ??= refOf(propertyValue(node, 'ref'));
  }
  return { path: key, required: required && !list, list, ...(ref ? { ref } : {}) };
}

/** `required: true` or `required: [true, 'message']`; a function (conditional) is not. */
function isRequiredOption(node: Node | undefined): boolean {
  if (!node) return false;
  const inner = unwrap(node);
  if (staticBoolean(inner) === true) return true;
  if (inner.type === AST_NODE_TYPES.ArrayExpression) {
    const first = inner.elements[0];
    return !!first && first.type !== AST_NODE_TYPES.SpreadElement && staticBoolean(first) === true;
  }
  return false;
}

function refOf(node: Node | undefined): MongoosePath['ref'] {
  if (!node) return undefined;
  const inner = unwrap(node);
  const model = getStaticString(inner);
  if (model !== undefined) return { model };
  if (inner.type === AST_NODE_TYPES.Identifier) return { variable: inner.name };
  // ref: Organization.modelName (a model), ref: Owner.name (a NestJS schema class)
  if (
    inner.type === AST_NODE_TYPES.MemberExpression &&
    !inner.computed &&
    inner.property.type === AST_NODE_TYPES.Identifier &&
    (inner.property.name === 'modelName' || inner.property.name === 'name')
  ) {
    const object = unwrap(inner.object);
    if (object.type === AST_NODE_TYPES.Identifier) return { variable: object.name };
  }
  return undefined;
}

/** Builds the Mongoose models of a project; `ref`s name models directly or through the variables holding them. */
export function linkMongoose(files: readonly { file: string; facts: MongooseFacts }[]): SchemaModel[] {
  const allSchemas = new Map<string, MongooseSchemaDef>();
  for (const { facts } of files) for (const [variable, schema] of facts.schemas) if (!allSchemas.has(variable)) allSchemas.set(variable, schema);
  const byName = new Map<string, { model: MongooseModel; schema: MongooseSchemaDef; file: string }>();
  const byVariable = new Map<string, string>();
  for (const { file, facts } of files) {
    for (const model of facts.models) {
      const schema = model.schema ?? (model.schemaVariable !== undefined ? allSchemas.get(model.schemaVariable) : undefined);
      if (!schema) continue;
      if (!byName.has(model.name)) byName.set(model.name, { model, schema, file });
      if (model.variable && !byVariable.has(model.variable)) byVariable.set(model.variable, model.name);
    }
  }
  const models: SchemaModel[] = [];
  for (const { model, schema, file } of byName.values()) {
    const fields: SchemaField[] = [{ name: '_id', column: '_id', nullable: false, id: true }];
    const relations: SchemaRelation[] = [];
    for (const path of schema.paths) {
      if (path.path !== '_id') fields.push({ name: path.path, column: path.path, nullable: !path.required });
      const target = path.ref?.model ?? (path.ref?.variable !== undefined ? byVariable.get(path.ref.variable) : undefined);
      if (target === undefined || !byName.has(target)) continue;
      relations.push({
        name: path.path,
        target,
        fields: path.list ? [] : [path.path],
        required: path.required && !path.list,
        list: path.list,
      });
    }
    const collection = model.collection ?? schema.collection ?? defaultCollectionName(model.name);
    const aliases = [model.name];
    pushUnique(aliases, collection);
    pushUnique(aliases, model.variable);
    models.push({ name: model.name, kind: 'mongoose', table: collection, aliases, fields, relations, file });
  }
  return models;
}
