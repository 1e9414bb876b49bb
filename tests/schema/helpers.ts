import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { classifySchema, loadProjectSchema, type ProjectSchema, type SchemaModel } from '../../src/schema';
import { resolveSettings } from '../../src/util/settings';

/** The folder of a fixture project under tests/fixtures/schema. */
export function fixture(name: string): string {
  return path.resolve(__dirname, '../fixtures/schema', name);
}

/** Loads the schema a file of a fixture project sees (the fixture folder is ESLint's working directory). */
export function load(project: string, file: string, setting: 'auto' | string[] = 'auto'): ProjectSchema | undefined {
  return loadProjectSchema({ filename: path.join(project, file), cwd: project, setting });
}

/** Loads and classifies with the given raw settings. */
export function classify(project: string, file: string, settings: Record<string, unknown> = {}) {
  const schema = load(project, file, (settings.schema as string[] | undefined) ?? 'auto');
  if (!schema) throw new Error(`no schema found for ${file} in ${project}`);
  return classifySchema(schema, resolveSettings(settings));
}

/** A model by name, or a test failure. */
export function model(schema: ProjectSchema | undefined, name: string): SchemaModel {
  const found = schema?.models.find((entry) => entry.name === name);
  if (!found) throw new Error(`no model ${name}; models: ${schema?.models.map((entry) => entry.name).join(', ')}`);
  return found;
}

/** Model names of a schema, sorted. */
export function names(schema: ProjectSchema | undefined): string[] {
  return (schema?.models ?? []).map((entry) => entry.name).sort();
}

/** What a lookup says, compactly: `tenant via document.organizationId`, `tenant key organizationId`, `global`. */
export function verdict(classification: ReturnType<typeof classifySchema>, name: string): string | undefined {
  const found = classification.lookup(name);
  if (!found) return undefined;
  if (found.reason === 'relation') return `tenant via ${found.path?.join('.')} -> ${found.tenantKey}`;
  if (found.reason === 'tenant-key') return `tenant key ${found.tenantKey}`;
  if (found.reason === 'tenant-model') return 'tenant model';
  return found.reason === 'global-model' ? 'global (setting)' : 'global';
}

/** A copy of a fixture project in a temporary folder, for tests that change files. */
export function copyFixture(name: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), `tenant-jobs-schema-${name}-`));
  fs.cpSync(fixture(name), target, { recursive: true });
  return fs.realpathSync(target);
}
