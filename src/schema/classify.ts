import type { ResolvedSettings } from '../util/settings';
import { modelNameKeys } from './names';
import type { ModelClassification, ProjectSchema, SchemaClassification, SchemaField, SchemaModel, SchemaRelation } from './types';

/** Classifications already made, by schema and then by resolved settings (both live as long as their owners). */
const classified = new WeakMap<ProjectSchema, WeakMap<ResolvedSettings, SchemaClassification>>();

/**
 * Sorts a project's models into tenant data and global data under the plugin's settings.
 *
 * - `tenantModels` (matched on any of a model's names) are tenant roots: tenant data whose `id` is
 *   the tenant id. `globalModels` hold no tenant data. These settings win over everything below.
 * - A model with a tenant-key column is tenant data: the field's name or its column name is a
 *   tenant key (`workspaceId` stored in `project_id` counts, and so does `project` stored in
 *   `organization_id`).
 * - A model with a required to-one relation whose foreign key sits on the model, to a model that
 *   is tenant data, is tenant data too, transitively. List relations (`members Member[]`),
 *   optional relations and relations whose key is on the other side do not count.
 * - Everything else is global.
 *
 * For tenant data reached through relations, the shortest relation path to a model that holds a
 * tenant key (or to a tenant root) is recorded with that key: `page -> document`, `organizationId`.
 * The result is cached per schema object and settings object.
 */
export function classifySchema(schema: ProjectSchema, settings: ResolvedSettings): SchemaClassification {
  let bySettings = classified.get(schema);
  if (!bySettings) {
    bySettings = new WeakMap();
    classified.set(schema, bySettings);
  }
  let result = bySettings.get(settings);
  if (!result) {
    result = classify(schema, settings);
    bySettings.set(settings, result);
  }
  return result;
}

interface Step {
  relation: SchemaRelation;
  to: number;
}

function classify(schema: ProjectSchema, settings: ResolvedSettings): SchemaClassification {
  const models = schema.models;
  const indexByKindName = new Map<string, number>();
  models.forEach((model, index) => {
    const key = `${model.kind}\0${model.name}`;
    if (!indexByKindName.has(key)) indexByKindName.set(key, index);
  });
  const targetOf = (model: SchemaModel, relation: SchemaRelation) => indexByKindName.get(`${model.kind}\0${relation.target}`);

  const results: (ModelClassification | undefined)[] = new Array(models.length).fill(undefined);
  const steps: (Step | undefined)[] = new Array(models.length).fill(undefined);
  const queue: number[] = [];
  models.forEach((model, index) => {
    if (model.aliases.some((name) => settings.isTenantModel(name))) {
      const id = idField(model);
      results[index] = {
        model,
        tenantData: true,
        tenantModel: true,
        reason: 'tenant-model',
        ...(id ? { tenantKey: id.name, tenantKeyColumn: id.column } : {}),
      };
      queue.push(index);
    } else if (model.aliases.some((name) => settings.isGlobalModel(name))) {
      results[index] = { model, tenantData: false, tenantModel: false, reason: 'global-model' };
    } else {
      const key = model.fields.find((field) => settings.isTenantKey(field.name) || settings.isTenantKey(field.column));
      if (key) {
        results[index] = { model, tenantData: true, tenantModel: false, reason: 'tenant-key', tenantKey: key.name, tenantKeyColumn: key.column };
        queue.push(index);
      }
    }
  });

  // Who points at whom through a required to-one relation with its foreign key on the pointing model.
  const incoming: { from: number; relation: SchemaRelation }[][] = models.map(() => []);
  models.forEach((model, from) => {
    for (const relation of model.relations) {
      if (relation.list || !relation.required || relation.fields.length === 0) continue;
      const to = targetOf(model, relation);
      if (to !== undefined && to !== from) incoming[to].push({ from, relation });
    }
  });

  // Multi-source breadth-first search from every model that holds a tenant key: shortest paths.
  for (let head = 0; head < queue.length; head++) {
    const to = queue[head];
    for (const { from, relation } of incoming[to]) {
      if (results[from] !== undefined) continue;
      steps[from] = { relation, to };
      const path: string[] = [];
      const through: string[] = [];
      let anchor = from;
      for (let step = steps[anchor]; step; step = steps[anchor]) {
        path.push(step.relation.name);
        through.push(models[step.to].name);
        anchor = step.to;
      }
      const anchorResult = results[anchor] as ModelClassification;
      results[from] = {
        model: models[from],
        tenantData: true,
        tenantModel: false,
        reason: 'relation',
        ...(anchorResult.tenantKey !== undefined ? { tenantKey: anchorResult.tenantKey } : {}),
        ...(anchorResult.tenantKeyColumn !== undefined ? { tenantKeyColumn: anchorResult.tenantKeyColumn } : {}),
        path,
        through,
      };
      queue.push(from);
    }
  }

  const all: ModelClassification[] = models.map(
    (model, index) => results[index] ?? { model, tenantData: false, tenantModel: false, reason: 'no-tenant-link' },
  );
  const exact = new Map<string, ModelClassification>();
  const folded = new Map<string, ModelClassification>();
  for (const result of all) {
    for (const alias of result.model.aliases) {
      if (!exact.has(alias)) exact.set(alias, result);
      for (const key of modelNameKeys(alias)) if (!folded.has(key)) folded.set(key, result);
    }
  }
  return Object.freeze({
    models: Object.freeze(all),
    errors: schema.errors,
    lookup(name: string): ModelClassification | undefined {
      const find = (written: string) => {
        const hit = exact.get(written);
        if (hit) return hit;
        for (const key of modelNameKeys(written)) {
          const found = folded.get(key);
          if (found) return found;
        }
        return undefined;
      };
      // `public.documents` is `documents` unless a model is known by the qualified name.
      const dot = name.lastIndexOf('.');
      return find(name) ?? (dot > 0 && dot < name.length - 1 ? find(name.slice(dot + 1)) : undefined);
    },
  });
}

/** The primary-key field of a model: a field marked as id, else one named `id` or `_id`. */
function idField(model: SchemaModel): SchemaField | undefined {
  return model.fields.find((field) => field.id) ?? model.fields.find((field) => field.name === 'id' || field.name === '_id');
}
