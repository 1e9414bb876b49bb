import * as path from 'node:path';
import { type DrizzleFacts, linkDrizzle, mayHoldDrizzle, readDrizzle } from './drizzle';
import { isDirectory, MAX_FILE_BYTES, readText, stampOf, statFile } from './files';
import { type KyselyFacts, linkKysely, mayHoldKysely, readKysely } from './kysely';
import { SchemaLocator, type SchemaUnit, type SearchResult } from './locate';
import { linkMongoose, mayHoldMongoose, type MongooseFacts, readMongoose } from './mongoose';
import { readPrismaSchema } from './prisma';
import { firstLine, ImportBindings, parseSource } from './ts-parse';
import { linkTypeorm, mayHoldTypeorm, readTypeorm, type TypeormFacts } from './typeorm';
import type { ProjectSchema, SchemaError, SchemaModel } from './types';

/** Where to look: the linted file, ESLint's working directory and the `schema` setting. */
export interface LoadSchemaOptions {
  /** The linted file (absolute, or relative to `cwd`); `<input>`/`<text>` search from `cwd`. */
  readonly filename: string;
  /** ESLint's working directory (absolute): the search never goes above it. */
  readonly cwd: string;
  /** `"auto"`, or files and folders relative to `cwd`. */
  readonly setting: 'auto' | readonly string[];
}

/** The result of reading one unit, kept while its files keep their modification time and size. */
interface UnitRead {
  readonly stamp: string;
  readonly models: readonly SchemaModel[];
  readonly sources?: SourceFacts;
  readonly error?: SchemaError;
}

/** What one TS/JS file declares, per data layer. */
interface SourceFacts {
  readonly file: string;
  readonly drizzle?: DrizzleFacts;
  readonly typeorm?: TypeormFacts;
  readonly mongoose?: MongooseFacts;
  readonly kysely?: KyselyFacts;
}

/**
 * The per-process cache: where the schema is (per start folder and working directory, never
 * re-searched) and what each schema file holds (per absolute path; stat on every use, re-read
 * when the modification time or size changes). The assembled schema is reused while every unit
 * is unchanged, so callers can cache what they derive from it by identity.
 */
class SchemaStore {
  readonly locator = new SchemaLocator();
  private readonly units = new Map<string, UnitRead>();
  private readonly projects = new Map<string, { reads: readonly UnitRead[]; schema: ProjectSchema }>();
  private readonly signatures = new WeakMap<SearchResult, string>();

  load(options: LoadSchemaOptions): ProjectSchema | undefined {
    const cwd = path.resolve(options.cwd);
    if (options.setting !== 'auto') return this.loadSearch(this.locator.searchList(options.setting, cwd));
    // The nearest folder whose sources give models, or an error to report, wins.
    let empty: ProjectSchema | undefined;
    for (const search of this.locator.searchAuto(startDir(options.filename, cwd, this.locator), cwd)) {
      const schema = this.loadSearch(search);
      if (schema && (schema.models.length > 0 || schema.errors.length > 0)) return schema;
      empty ??= schema;
    }
    return empty;
  }

  private loadSearch(search: SearchResult): ProjectSchema | undefined {
    if (search.units.length === 0 && search.errors.length === 0) return undefined;
    // Files of different folders that find the same sources share one schema object.
    let key = this.signatures.get(search);
    if (key === undefined) {
      key = JSON.stringify([search.units, search.errors]);
      this.signatures.set(search, key);
    }
    const reads = search.units.map((unit) => this.read(unit));
    const previous = this.projects.get(key);
    if (previous && previous.reads.length === reads.length && previous.reads.every((read, index) => read === reads[index])) return previous.schema;
    const schema = assemble(search, reads);
    this.projects.set(key, { reads, schema });
    return schema;
  }

  clear(): void {
    this.locator.clear();
    this.units.clear();
    this.projects.clear();
  }

  private read(unit: SchemaUnit): UnitRead {
    const files = unit.kind === 'prisma' ? unit.files : [unit.file];
    const key = `${unit.kind}\0${unit.kind === 'source' && unit.explicit ? 'explicit\0' : ''}${files.join('\0')}`;
    const stamp = files.map(stampOf).join('|');
    const cached = this.units.get(key);
    if (cached && cached.stamp === stamp) return cached;
    let read: UnitRead;
    try {
      read = unit.kind === 'prisma' ? readPrismaUnit(unit.files, stamp) : readSourceUnit(unit.file, unit.explicit, stamp);
    } catch (error) {
      // Defensive: a reader bug (or a stack overflow on a pathological file) costs this unit only.
      read = { stamp, models: [], error: { file: files[0], message: `cannot read the schema: ${firstLine(String((error as Error)?.message ?? error))}` } };
    }
    this.units.set(key, read);
    return read;
  }
}

/**
 * The folder a search starts from: the linted file's, or its nearest existing ancestor (a file
 * not saved yet, in a folder not made yet); `cwd` for `<input>` and `<text>`. A relative name is
 * relative to `cwd`.
 */
function startDir(filename: string, cwd: string, locator: SchemaLocator): string {
  if (/^<.*>$/.test(filename)) return cwd;
  let dir = path.dirname(path.resolve(cwd, filename));
  // A folder an earlier search walked (every job file of a folder starts there), or one the locator
  // can list (the search from it reads that listing), exists: no `stat`.
  while (!locator.isKnownFolder(dir) && !isDirectory(dir)) {
    const parent = path.dirname(dir);
    if (parent === dir) return cwd;
    dir = parent;
  }
  return dir;
}

function readPrismaUnit(files: readonly string[], stamp: string): UnitRead {
  const texts: { path: string; text: string }[] = [];
  for (const file of files) {
    const text = readLimited(file);
    if (typeof text !== 'string') return { stamp, models: [], error: text };
    texts.push({ path: file, text });
  }
  const read = readPrismaSchema(texts);
  return { stamp, models: read.models, ...(read.error ? { error: read.error } : {}) };
}

function readSourceUnit(file: string, explicit: boolean, stamp: string): UnitRead {
  const text = readLimited(file);
  if (typeof text !== 'string') return { stamp, models: [], error: text };
  const wants = {
    drizzle: mayHoldDrizzle(text),
    typeorm: mayHoldTypeorm(text),
    mongoose: mayHoldMongoose(text),
    kysely: mayHoldKysely(text, explicit),
  };
  if (!wants.drizzle && !wants.typeorm && !wants.mongoose && !wants.kysely) return { stamp, models: [], sources: { file } };
  const parsed = parseSource(text, file);
  if (!parsed.ok) {
    return { stamp, models: [], sources: { file }, error: { file, ...(parsed.line !== undefined ? { line: parsed.line } : {}), message: parsed.message } };
  }
  const imports = new ImportBindings(parsed.program);
  const kysely = wants.kysely ? readKysely(parsed.program, imports, explicit) : undefined;
  const sources: SourceFacts = {
    file,
    ...(wants.drizzle ? { drizzle: readDrizzle(parsed.program, imports) } : {}),
    ...(wants.typeorm ? { typeorm: readTypeorm(parsed.program, imports) } : {}),
    ...(wants.mongoose ? { mongoose: readMongoose(parsed.program, imports) } : {}),
    ...(kysely ? { kysely } : {}),
  };
  return { stamp, models: [], sources };
}

/** A file's text, or the error to report when it cannot be read or is too large. */
function readLimited(file: string): string | SchemaError {
  const stats = statFile(file);
  if (!stats) return { file, message: 'cannot read the file' };
  if (stats.size > MAX_FILE_BYTES) return { file, message: `skipped: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` };
  return readText(file) ?? { file, message: 'cannot read the file' };
}

/** Links the units of a search into one schema: Prisma, then Drizzle, TypeORM, Mongoose and Kysely models. */
function assemble(search: SearchResult, reads: readonly UnitRead[]): ProjectSchema {
  const files: string[] = [];
  const errors: SchemaError[] = [...search.errors];
  const prisma: SchemaModel[] = [];
  const drizzle: { file: string; facts: DrizzleFacts }[] = [];
  const typeorm: { file: string; facts: TypeormFacts }[] = [];
  const mongoose: { file: string; facts: MongooseFacts }[] = [];
  const kysely: { file: string; facts: KyselyFacts }[] = [];
  search.units.forEach((unit, index) => {
    const read = reads[index];
    files.push(...(unit.kind === 'prisma' ? unit.files : [unit.file]));
    if (read.error) errors.push(read.error);
    prisma.push(...read.models);
    const sources = read.sources;
    if (!sources) return;
    if (sources.drizzle) drizzle.push({ file: sources.file, facts: sources.drizzle });
    if (sources.typeorm) typeorm.push({ file: sources.file, facts: sources.typeorm });
    if (sources.mongoose) mongoose.push({ file: sources.file, facts: sources.mongoose });
    if (sources.kysely) kysely.push({ file: sources.file, facts: sources.kysely });
  });
  const all = [...prisma, ...linkDrizzle(drizzle), ...linkTypeorm(typeorm), ...linkMongoose(mongoose), ...linkKysely(kysely)];
  const seen = new Set<string>();
  const models = all.filter((model) => {
    const key = `${model.kind}\0${model.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return deepFreeze({ models, files, errors });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}

/** The process's schema store (the one piece of module-level state of the schema readers). */
const store = new SchemaStore();

/**
 * The project schema for a linted file: found from the file's folder up to `cwd` with
 * `schema: "auto"`, or read from the listed files and folders. Undefined when no schema source
 * exists. Never throws: unreadable sources are in {@link ProjectSchema.errors} and their models are
 * missing. The same object is returned while no schema file changed (each call stats the files).
 */
export function loadProjectSchema(options: LoadSchemaOptions): ProjectSchema | undefined {
  try {
    return store.load(options);
  } catch (error) {
    // Defensive: a reader bug must not break linting.
    return { models: [], files: [], errors: [{ file: options.filename, message: `schema reader failed: ${(error as Error)?.message ?? String(error)}` }] };
  }
}

/** Forgets every cached search and schema file (for tests and long-lived processes that want a fresh look). */
export function clearSchemaCache(): void {
  store.clear();
}
