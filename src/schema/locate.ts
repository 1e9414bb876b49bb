import * as path from 'node:path';
import picomatch from 'picomatch';
import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { getStaticString, unwrap } from '../util/ast';
import { FolderListing, isDirectory, isFileOrDirectory, isSearchableDir, isSourceFile, isWithin, listFiles, readDir, readText, statFile } from './files';
import { firstLine, parseSource, propertyValue, staticPath, topLevelInitialisers } from './ts-parse';
import type { SchemaError } from './types';

/** Something to read: one Prisma schema (one or several files), or one TS/JS source file. */
export type SchemaUnit =
  | { readonly kind: 'prisma'; readonly files: readonly string[] }
  | {
      readonly kind: 'source';
      readonly file: string;
      /** Named by the `schema` setting: readers accept it without the usual import checks. */
      readonly explicit: boolean;
    };

/** The schema sources of a project and the problems met finding them. */
export interface SearchResult {
  readonly units: readonly SchemaUnit[];
  readonly errors: readonly SchemaError[];
}

/** Most source files one search hands to the readers. */
export const MAX_SOURCE_FILES = 400;
/** Most folders one scan of a package walks. */
const MAX_SCAN_DIRS = 3000;
/** Most `.prisma` / source files taken from one folder named by a config or the setting. */
const MAX_FOLDER_FILES = 400;

/** Folders (relative to a package) where Drizzle projects keep `schema.ts` or `schema/*.ts`. */
const DRIZZLE_FOLDERS = ['src/db', 'db', 'drizzle', 'src/server/db', 'src/lib/db', 'lib/db', 'server/db', 'src/drizzle', 'src/database', 'database'];
const CONFIG_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
/** Folder names whose source files are read when a package is scanned. */
const SCHEMA_DIR_NAMES = new Set(['entities', 'entity', 'models', 'model', 'schemas', 'schema']);
/** File stems (name without extension and `.d`) read in any folder. */
const SCHEMA_FILE_STEMS = new Set(['db', 'database', 'kysely', 'kysely-types', 'db-types', 'db.types', 'database-types', 'database.types']);
/** File stems read inside a `db` / `database` / `kysely` / `generated` folder. */
const DB_DIR_FILE_STEMS = new Set(['types', 'schema', 'tables', 'relations', 'index']);
const DB_DIR_NAMES = new Set(['db', 'database', 'kysely', 'generated', 'drizzle']);

/**
 * Folders a package scan does not enter: tests, their fixtures and examples hold schemas of their
 * own (a test project, a demo app), not the application's.
 */
const NOT_APP_DIRS: ReadonlySet<string> = new Set(['test', 'tests', '__tests__', 'spec', '__specs__', 'fixtures', '__fixtures__', 'e2e', '__mocks__', 'example', 'examples', 'samples']);

interface LevelResult {
  prisma?: string[];
  sources: string[];
  errors: SchemaError[];
}

/**
 * Finds schema sources and remembers, for the life of the process, what it found per folder,
 * per package scan and per (start folder, working directory). File contents are not cached here.
 */
export class SchemaLocator {
  private readonly levels = new Map<string, LevelResult>();
  private readonly scans = new Map<string, SearchResult>();
  private readonly searches = new Map<string, readonly SearchResult[]>();
  private readonly lists = new Map<string, SearchResult>();
  /** Per folder: whether it is a package root and whether it is a repository's root (shared by every search that passes it). */
  private readonly folders = new Map<string, { readonly packageRoot: boolean; readonly repositoryRoot: boolean }>();
  /** Listings made by {@link isKnownFolder} for the search that follows, which reads them instead of listing again; dropped after it. */
  private readonly fresh = new Map<string, FolderListing>();

  /**
   * Whether `dir` is a folder known to exist: one an earlier search walked (as the start or an
   * ancestor of an existing folder), or one that can be listed (a search from a folder met for
   * the first time lists it anyway, so asking costs no call of its own). `false` says nothing: a
   * folder may exist and not be listable.
   */
  isKnownFolder(dir: string): boolean {
    if (this.folders.has(dir)) return true;
    let listing = this.fresh.get(dir);
    if (!listing) {
      listing = new FolderListing(dir);
      this.fresh.set(dir, listing);
    }
    return listing.listed;
  }

  /**
   * Sources for `schema: "auto"`, folder by folder from `startDir` up to `cwd`: one result for each
   * folder that has any, nearest first. The caller reads them in turn and stops at the first that
   * gives models (a `schemas/` folder of validation schemas is no data schema, and the search goes on).
   */
  searchAuto(startDir: string, cwd: string): readonly SearchResult[] {
    const key = `auto\0${startDir}\0${cwd}`;
    let result = this.searches.get(key);
    if (!result) {
      result = this.computeAuto(startDir, cwd);
      this.searches.set(key, result);
    }
    this.fresh.clear();
    return result;
  }

  /** Sources for a `schema` list: those files and folders (relative to `cwd`), no search. */
  searchList(list: readonly string[], cwd: string): SearchResult {
    const key = `list\0${cwd}\0${list.join('\0')}`;
    let result = this.lists.get(key);
    if (!result) {
      result = computeList(list, cwd);
      this.lists.set(key, result);
    }
    return result;
  }

  /** Forgets every search. */
  clear(): void {
    this.levels.clear();
    this.scans.clear();
    this.searches.clear();
    this.lists.clear();
    this.folders.clear();
    this.fresh.clear();
  }

  private computeAuto(startDir: string, cwd: string): SearchResult[] {
    const chain: string[] = [];
    if (isWithin(startDir, cwd)) {
      for (let dir = startDir; ; dir = path.dirname(dir)) {
        chain.push(dir);
        if (dir === cwd || path.dirname(dir) === dir) break;
      }
    } else {
      chain.push(startDir);
    }
    const found: SearchResult[] = [];
    for (const dir of chain) {
      const builder = new ResultBuilder();
      const listing = this.fresh.get(dir) ?? new FolderListing(dir);
      const { packageRoot, repositoryRoot } = this.folder(dir, listing);
      builder.addLevel(this.level(dir, packageRoot, listing));
      if (packageRoot) builder.addResult(this.scan(dir));
      if (!builder.isEmpty()) found.push(builder.build());
      // The search never leaves the repository: a folder with `.git` is the last one looked at.
      if (repositoryRoot) break;
    }
    return found;
  }

  private folder(dir: string, listing: FolderListing): { readonly packageRoot: boolean; readonly repositoryRoot: boolean } {
    let facts = this.folders.get(dir);
    if (!facts) {
      facts = {
        packageRoot: listing.mayHold('package.json') && statFile(path.join(dir, 'package.json')) !== undefined,
        repositoryRoot: listing.mayHold('.git') && isFileOrDirectory(path.join(dir, '.git')),
      };
      this.folders.set(dir, facts);
    }
    return facts;
  }

  /**
   * The fixed places of one folder: Prisma's locations and a Drizzle config; in a package root
   * (or the working directory) also Drizzle's usual folders, which are relative to a package.
   */
  private level(dir: string, packageRoot: boolean, listing = new FolderListing(dir)): LevelResult {
    const key = `${packageRoot ? 'root' : 'dir'}\0${dir}`;
    let result = this.levels.get(key);
    if (!result) {
      result = probeLevel(dir, packageRoot, listing);
      this.levels.set(key, result);
    }
    return result;
  }

  /**
   * One bounded walk of a package (or of the working directory): source files whose names say
   * they hold entities, models or database types, and the fixed places of every nested package
   * (monorepos keep their schema in `packages/db`).
   */
  private scan(root: string): SearchResult {
    let result = this.scans.get(root);
    if (result) return result;
    const builder = new ResultBuilder();
    const queue: { dir: string; segments: string[] }[] = [{ dir: root, segments: [] }];
    let dirs = 0;
    let candidates = 0;
    while (queue.length > 0 && dirs < MAX_SCAN_DIRS) {
      const { dir, segments } = queue.shift() as { dir: string; segments: string[] };
      dirs++;
      const entries = readDir(dir);
      // A nested package: its fixed places, probed with the listing just made.
      if (dir !== root && entries.some((entry) => entry.isFile() && entry.name === 'package.json')) {
        builder.addLevel(this.level(dir, true, new FolderListing(dir, entries.map((entry) => entry.name))));
      }
      for (const entry of entries) {
        if (entry.isDirectory()) {
          if (isSearchableDir(entry.name) && !NOT_APP_DIRS.has(entry.name.toLowerCase())) {
            queue.push({ dir: path.join(dir, entry.name), segments: [...segments, entry.name] });
          }
        } else if (entry.isFile() && candidates < MAX_SOURCE_FILES && isScanCandidate(segments, entry.name)) {
          builder.addSource(path.join(dir, entry.name), false);
          candidates++;
        }
      }
    }
    result = builder.build();
    this.scans.set(root, result);
    return result;
  }
}

/** Whether a file met in a package scan may hold a schema, judged by its name and folders. */
function isScanCandidate(segments: readonly string[], name: string): boolean {
  if (!isSourceFile(name)) return false;
  const lower = name.toLowerCase();
  const stem = lower.slice(0, lower.length - path.extname(lower).length).replace(/\.d$/, '');
  if (stem.endsWith('.entity') || stem.endsWith('.model') || stem.endsWith('.schema') || stem.endsWith('.models')) return true;
  if (SCHEMA_FILE_STEMS.has(stem)) return true;
  const folders = segments.map((segment) => segment.toLowerCase());
  if (folders.some((folder) => SCHEMA_DIR_NAMES.has(folder))) return true;
  return DB_DIR_FILE_STEMS.has(stem) && folders.length > 0 && DB_DIR_NAMES.has(folders[folders.length - 1]);
}

/** Collects units without duplicates. */
class ResultBuilder {
  private readonly units: SchemaUnit[] = [];
  private readonly seen = new Set<string>();
  private readonly errors: SchemaError[] = [];
  private readonly errorKeys = new Set<string>();
  private sourceCount = 0;

  addLevel(level: LevelResult): void {
    if (level.prisma) this.addPrisma(level.prisma);
    for (const file of level.sources) this.addSource(file, false);
    this.addErrors(level.errors);
  }

  addResult(result: SearchResult): void {
    for (const unit of result.units) {
      if (unit.kind === 'prisma') this.addPrisma(unit.files);
      else this.addSource(unit.file, unit.explicit);
    }
    this.addErrors(result.errors);
  }

  addPrisma(files: readonly string[]): void {
    if (files.length === 0) return;
    const key = `prisma\0${files.join('\0')}`;
    if (this.seen.has(key)) return;
    // A file already read as part of another Prisma schema is not read again.
    if (files.some((file) => this.seen.has(`prisma-file\0${file}`))) return;
    this.seen.add(key);
    for (const file of files) this.seen.add(`prisma-file\0${file}`);
    this.units.push({ kind: 'prisma', files: [...files] });
  }

  addSource(file: string, explicit: boolean): void {
    const key = `source\0${file}`;
    if (this.seen.has(key) || this.sourceCount >= MAX_SOURCE_FILES) return;
    this.seen.add(key);
    this.sourceCount++;
    this.units.push({ kind: 'source', file, explicit });
  }

  addErrors(errors: readonly SchemaError[]): void {
    for (const error of errors) {
      const key = `${error.file}\0${error.line ?? ''}\0${error.message}`;
      if (this.errorKeys.has(key)) continue;
      this.errorKeys.add(key);
      this.errors.push(error);
    }
  }

  isEmpty(): boolean {
    return this.units.length === 0 && this.errors.length === 0;
  }

  build(): SearchResult {
    return { units: this.units, errors: this.errors };
  }
}

/** The fixed places of one folder. */
function probeLevel(dir: string, packageRoot: boolean, listing: FolderListing): LevelResult {
  const errors: SchemaError[] = [];
  const prisma = findPrisma(dir, errors, listing);
  const sources = findDrizzle(dir, errors, packageRoot, listing);
  return { ...(prisma ? { prisma } : {}), sources, errors };
}

/**
 * Prisma's own lookup order: `prisma.config.*` `schema`, package.json `prisma.schema`,
 * `prisma/schema.prisma`, `schema.prisma`, then the `prisma/schema/` folder of multi-file schemas.
 * A location that is a folder means every `.prisma` file under it (one multi-file schema).
 */
function findPrisma(dir: string, errors: SchemaError[], listing = new FolderListing(dir)): string[] | undefined {
  for (const ext of CONFIG_EXTENSIONS) {
    if (!listing.mayHold(`prisma.config${ext}`)) continue;
    const config = path.join(dir, `prisma.config${ext}`);
    if (!statFile(config)) continue;
    const located = configProperty(config, 'schema', errors);
    if (located?.paths.length) return prismaLocation(located.paths[0], config, errors);
  }
  const packageJson = path.join(dir, 'package.json');
  if (listing.mayHold('package.json') && statFile(packageJson)) {
    const text = readText(packageJson);
    if (text !== undefined) {
      try {
        const data = JSON.parse(text) as { prisma?: { schema?: unknown } };
        if (typeof data?.prisma?.schema === 'string') return prismaLocation(path.resolve(dir, data.prisma.schema), packageJson, errors);
      } catch (error) {
        errors.push({ file: packageJson, message: `invalid JSON: ${firstLine((error as Error).message)}` });
      }
    }
  }
  // `prisma/schema.prisma`, `schema.prisma`, then the `prisma/schema/` folder, each where the listing may hold it.
  const prismaFolder = listing.mayHold('prisma');
  for (const candidate of [prismaFolder && path.join(dir, 'prisma', 'schema.prisma'), listing.mayHold('schema.prisma') && path.join(dir, 'schema.prisma')]) {
    if (candidate && statFile(candidate)) return [candidate];
  }
  const folder = path.join(dir, 'prisma', 'schema');
  if (prismaFolder && isDirectory(folder)) {
    const files = prismaFilesIn(folder);
    if (files.length > 0) return files;
  }
  return undefined;
}

/** The `.prisma` files of a location (a file, or a folder searched recursively). */
function prismaLocation(location: string, from: string, errors: SchemaError[]): string[] | undefined {
  if (statFile(location)) return [location];
  if (isDirectory(location)) {
    const files = prismaFilesIn(location);
    if (files.length > 0) return files;
  }
  errors.push({ file: from, message: `the Prisma schema location ${JSON.stringify(path.relative(path.dirname(from), location) || '.')} has no .prisma file` });
  return undefined;
}

function prismaFilesIn(folder: string): string[] {
  return listFiles(folder, (_file, name) => name.endsWith('.prisma'), MAX_FOLDER_FILES);
}

/** A Drizzle config's `schema` files, else (in a package root) `schema.ts` / `schema/*.ts` in Drizzle's usual folders. */
function findDrizzle(dir: string, errors: SchemaError[], packageRoot: boolean, listing = new FolderListing(dir)): string[] {
  for (const ext of [...CONFIG_EXTENSIONS, '.json']) {
    if (!listing.mayHold(`drizzle.config${ext}`)) continue;
    const config = path.join(dir, `drizzle.config${ext}`);
    if (!statFile(config)) continue;
    const located = configProperty(config, 'schema', errors);
    if (!located) break;
    const files: string[] = [];
    for (const [index, location] of located.paths.entries()) {
      const found = sourceLocation(location, located.globs[index]);
      if (found.length === 0) {
        errors.push({ file: config, message: `the Drizzle schema location ${JSON.stringify(located.written[index])} matches no source file` });
      }
      files.push(...found);
    }
    if (files.length > 0) return withRelationFiles(files);
    break;
  }
  const files: string[] = [];
  if (!packageRoot) return files;
  for (const folder of DRIZZLE_FOLDERS) {
    const base = path.join(dir, folder);
    if (!listing.mayHold(folder.split('/')[0]!) || !isDirectory(base)) continue;
    for (const ext of CONFIG_EXTENSIONS) {
      const file = path.join(base, `schema${ext}`);
      if (statFile(file)) files.push(file);
    }
    const schemaDir = path.join(base, 'schema');
    if (isDirectory(schemaDir)) files.push(...listFiles(schemaDir, (_file, name) => isSourceFile(name), MAX_FOLDER_FILES));
  }
  return withRelationFiles(files);
}

/**
 * Adds the `relations.ts` beside Drizzle schema files (or beside their `schema/` folder): Drizzle
 * 1.0's `defineRelations` usually lives there, outside the files drizzle-kit reads.
 */
function withRelationFiles(files: readonly string[]): string[] {
  const out = [...files];
  const dirs = new Set<string>();
  for (const file of files) {
    const dir = path.dirname(file);
    dirs.add(dir);
    if (path.basename(dir) === 'schema') dirs.add(path.dirname(dir));
  }
  for (const dir of dirs) {
    for (const ext of CONFIG_EXTENSIONS) {
      const file = path.join(dir, `relations${ext}`);
      if (!out.includes(file) && statFile(file)) out.push(file);
    }
  }
  return out;
}

/** The source files of a Drizzle `schema` entry: a file, a folder (recursively) or a glob. */
function sourceLocation(location: string, glob: boolean): string[] {
  if (!glob) {
    if (statFile(location)) return [location];
    if (isDirectory(location)) return listFiles(location, (_file, name) => isSourceFile(name), MAX_FOLDER_FILES);
    return [];
  }
  const posix = location.split(path.sep).join('/');
  const base = picomatch.scan(posix).base || '/';
  if (!isDirectory(base)) return [];
  const matcher = picomatch(posix, { dot: false });
  return listFiles(base, (file, name) => isSourceFile(name) && matcher(file.split(path.sep).join('/')), MAX_FOLDER_FILES);
}

/**
 * A string or string-list property of a config file's exported object (`prisma.config.ts`,
 * `drizzle.config.ts`, `drizzle.config.json`), as absolute paths. Accepts `export default
 * defineConfig({ … })`, `export default { … } satisfies Config`, a const exported by name,
 * `module.exports = …`, and `path.join(__dirname, …)` values. Undefined when the file or the
 * property cannot be read (a parse error is added to `errors`).
 */
function configProperty(
  config: string,
  key: string,
  errors: SchemaError[],
): { paths: string[]; written: string[]; globs: boolean[] } | undefined {
  const text = readText(config);
  if (text === undefined) return undefined;
  const dir = path.dirname(config);
  let value: unknown;
  if (config.endsWith('.json')) {
    try {
      value = (JSON.parse(text) as Record<string, unknown>)?.[key];
    } catch (error) {
      errors.push({ file: config, message: `invalid JSON: ${firstLine((error as Error).message)}` });
      return undefined;
    }
    const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
    return list.length > 0
      ? { paths: list.map((item) => path.resolve(dir, item)), written: list, globs: list.map((item) => picomatch.scan(item).isGlob) }
      : undefined;
  }
  const parsed = parseSource(text, config);
  if (!parsed.ok) {
    errors.push({ file: config, ...(parsed.line !== undefined ? { line: parsed.line } : {}), message: parsed.message });
    return undefined;
  }
  const object = exportedObject(parsed.program);
  const node = propertyValue(object, key);
  if (!node) return undefined;
  const inner = unwrap(node);
  const items = inner.type === AST_NODE_TYPES.ArrayExpression ? inner.elements : [inner];
  const out = { paths: [] as string[], written: [] as string[], globs: [] as boolean[] };
  for (const item of items) {
    if (!item || item.type === AST_NODE_TYPES.SpreadElement) continue;
    const written = getStaticString(item);
    const resolved = written !== undefined ? path.resolve(dir, written) : staticPath(item, dir);
    if (resolved === undefined) continue;
    out.paths.push(resolved);
    out.written.push(written ?? path.relative(dir, resolved));
    out.globs.push(written !== undefined && picomatch.scan(written).isGlob);
  }
  return out.paths.length > 0 ? out : undefined;
}

/** The object a config file exports (see {@link configProperty}). */
function exportedObject(program: TSESTree.Program): TSESTree.Node | undefined {
  const constants = topLevelInitialisers(program);
  const objectOf = (node: TSESTree.Node | undefined, depth = 0): TSESTree.Node | undefined => {
    if (!node || depth > 4) return undefined;
    const inner = unwrap(node);
    if (inner.type === AST_NODE_TYPES.ObjectExpression) return inner;
    if (inner.type === AST_NODE_TYPES.CallExpression) return objectOf(inner.arguments[0], depth + 1);
    if (inner.type === AST_NODE_TYPES.Identifier) return objectOf(constants.get(inner.name), depth + 1);
    return undefined;
  };
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      const found = objectOf(statement.declaration as TSESTree.Node);
      if (found) return found;
    }
    if (
      statement.type === AST_NODE_TYPES.ExpressionStatement &&
      statement.expression.type === AST_NODE_TYPES.AssignmentExpression &&
      statement.expression.left.type === AST_NODE_TYPES.MemberExpression &&
      statement.expression.left.object.type === AST_NODE_TYPES.Identifier &&
      statement.expression.left.object.name === 'module' &&
      statement.expression.left.property.type === AST_NODE_TYPES.Identifier &&
      statement.expression.left.property.name === 'exports'
    ) {
      const found = objectOf(statement.expression.right);
      if (found) return found;
    }
  }
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declaration.declarations) {
        const found = objectOf(declarator.init ?? undefined);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/**
 * Sources for a `schema` list. A `.prisma` file named in the list joins one Prisma schema with the
 * other `.prisma` files named there; a folder gives its `.prisma` files (one schema) and its source
 * files; `package.json`, `prisma.config.*` and `drizzle.config.*` are followed to the schema they
 * name; any other source file is read as is.
 */
function computeList(list: readonly string[], cwd: string): SearchResult {
  const builder = new ResultBuilder();
  const errors: SchemaError[] = [];
  const listedPrisma: string[] = [];
  for (const entry of list) {
    const location = path.resolve(cwd, entry);
    const name = path.basename(location);
    if (statFile(location)) {
      if (name.endsWith('.prisma')) listedPrisma.push(location);
      else if (name === 'package.json' || /^prisma\.config\.[cm]?[jt]s$/.test(name)) {
        const level = findPrisma(path.dirname(location), errors);
        if (level) builder.addPrisma(level);
        else errors.push({ file: location, message: 'names no Prisma schema' });
      } else if (/^drizzle\.config\.([cm]?[jt]s|json)$/.test(name)) {
        for (const file of findDrizzle(path.dirname(location), errors, false)) builder.addSource(file, true);
      } else if (isSourceFile(name)) builder.addSource(location, true);
      else errors.push({ file: location, message: 'not a schema file (.prisma, or a TS/JS source)' });
    } else if (isDirectory(location)) {
      builder.addPrisma(prismaFilesIn(location));
      for (const file of listFiles(location, (_file, fileName) => isSourceFile(fileName), MAX_FOLDER_FILES)) builder.addSource(file, true);
    } else {
      errors.push({ file: location, message: `the schema path ${JSON.stringify(entry)} does not exist` });
    }
  }
  builder.addPrisma(listedPrisma);
  builder.addErrors(errors);
  return builder.build();
}
