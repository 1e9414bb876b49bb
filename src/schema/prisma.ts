import { delegateName, pushUnique } from './names';
import { firstLine } from './ts-parse';
import type { SchemaError, SchemaField, SchemaModel, SchemaRelation } from './types';

/** One file of a Prisma schema (a multi-file schema has several). */
export interface PrismaFile {
  readonly path: string;
  readonly text: string;
}

/** The models of a Prisma schema, or why it could not be read. */
export interface PrismaRead {
  readonly models: SchemaModel[];
  readonly error?: SchemaError;
}

/** The part of `@prisma/prisma-schema-wasm` this reader uses. */
interface SchemaWasm {
  get_datamodel(params: string): string;
  lint(input: string): string;
}

/** A field of the datamodel part of Prisma's DMMF (`get_datamodel`). */
interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  isId?: boolean;
  type: string;
  relationFromFields?: string[];
}

interface DmmfModel {
  name: string;
  dbName: string | null;
  schema?: string | null;
  fields: DmmfField[];
  primaryKey?: { fields: string[] } | null;
}

/** A diagnostic of the wasm module's `lint`: offsets are JS string (UTF-16) indices into its file. */
interface LintDiagnostic {
  file_name: string;
  start: number;
  end: number;
  text: string;
  is_warning: boolean;
}

/** Prisma's schema engine, loaded on first use (about 15 ms to compile). */
let wasm: SchemaWasm | undefined;

function loadWasm(): SchemaWasm {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  wasm ??= require('@prisma/prisma-schema-wasm') as SchemaWasm;
  return wasm;
}

/**
 * Messages of the schema engine (Prisma 7) for datasource properties that Prisma 6 and earlier
 * required in the schema file and Prisma 7 moved to `prisma.config.ts` (`url`, `directUrl`,
 * `shadowDatabaseUrl`). They say nothing about the models.
 */
const MOVED_DATASOURCE_PROPERTY = 'The datasource property `';

/**
 * The message for a generator's preview feature this engine does not know (a newer or an older
 * Prisma's): generators say nothing about the models either.
 */
const UNKNOWN_PREVIEW_FEATURE = /^The preview feature "([^"]*)" is not known/;

/** A `datasource` block, up to its first `}` (a `}` inside a string ends it early, and the lines after it are left to the engine's diagnostics). */
const DATASOURCE_BLOCK = /^[ \t]*datasource[ \t]+\w+[ \t]*\{[^}]*/gm;
/**
 * A whole line of a datasource block setting one of the properties Prisma 7 moved to
 * `prisma.config.ts` to `env("…")` or a string, with nothing else on it but a comment: blanking it
 * leaves a block the engine reads as it would the text its diagnostics blank.
 */
const MOVED_PROPERTY_LINE = /^[ \t]*(?:url|directUrl|shadowDatabaseUrl)[ \t]*=[ \t]*(?:env\([ \t]*"(?:[^"\\\n\r]|\\.)*"[ \t]*\)|"(?:[^"\\\n\r]|\\.)*")[ \t]*(?:\/\/[^\n\r]*)?$/gm;

/** A `generator` block, up to its first `}`. */
const GENERATOR_BLOCK = /^[ \t]*generator[ \t]+\w+[ \t]*\{[^}]*/gm;
/** A `previewFeatures` line of a generator block whose list is on that line. */
const PREVIEW_FEATURES_LINE = /^([ \t]*previewFeatures[ \t]*=[ \t]*)(\[[^\]\n\r]*\])/gm;
/**
 * Preview features of Prisma 5 and 6 that this engine does not know (it accepts most retired
 * ones as deprecated): a list naming one is refused, and the engine's diagnostic points at the
 * whole list. A test checks each against the engine. Folded to lower case, as the engine compares.
 */
export const UNKNOWN_PREVIEW_FEATURES: ReadonlySet<string> = new Set(['metrics', 'insensitivefilters', 'planetscalemode', 'nodeapi', 'fulltextsearchmysql']);

/** A quoted name in a preview feature list. */
const QUOTED_NAME = /"((?:[^"\\\r\n]|\\.)*)"/g;

/**
 * A preview feature list (`["views", "metrics"]`) with each feature `drop` names blanked, together
 * with the comma that joins it to the rest: `["views"           ]`. The other features stay (an
 * emptied list would refuse the schema's `view` blocks), and so do offsets. A list of anything but
 * quoted names is emptied whole.
 */
function withoutFeatures(list: string, drop: (name: string) => boolean): string {
  if (!list.startsWith('[') || !list.endsWith(']') || list.replace(QUOTED_NAME, '').replace(/[\s,[\]]/g, '') !== '') return `[]${blank(list.slice(2))}`;
  let out = list;
  for (const entry of list.matchAll(QUOTED_NAME)) {
    if (!drop(entry[1]!.toLowerCase())) continue;
    let from = entry.index;
    let to = from + entry[0].length;
    let before = from - 1;
    while (/\s/.test(out[before]!)) before--;
    if (out[before] === ',') from = before;
    else {
      let after = to;
      while (/\s/.test(out[after]!)) after++;
      if (out[after] === ',') to = after + 1;
    }
    out = out.slice(0, from) + blank(out.slice(from, to)) + out.slice(to);
  }
  return out;
}

/** A one-line preview feature list with the features of {@link UNKNOWN_PREVIEW_FEATURES} left out, as the diagnostics would leave them out. */
const blankUnknownFeatures = (_line: string, head: string, list: string): string => head + withoutFeatures(list, (name) => UNKNOWN_PREVIEW_FEATURES.has(name));

/**
 * The text with what this engine is known to refuse in a Prisma 5/6 schema blanked, as the
 * engine's diagnostics would blank it (offsets and lines kept): each datasource property line of
 * {@link MOVED_PROPERTY_LINE}, and each of {@link UNKNOWN_PREVIEW_FEATURES} in a generator's
 * preview feature list.
 */
function blankKnownRefusals(text: string): string {
  let out = text;
  if (out.includes('datasource')) out = out.replace(DATASOURCE_BLOCK, (block) => block.replace(MOVED_PROPERTY_LINE, blank));
  if (out.includes('previewFeatures')) out = out.replace(GENERATOR_BLOCK, (block) => block.replace(PREVIEW_FEATURES_LINE, blankUnknownFeatures));
  return out;
}

/** Diagnostics about parts of the schema that do not describe models, which the reader may blank. */
const isBlankable = (diagnostic: LintDiagnostic) => diagnostic.text.startsWith(MOVED_DATASOURCE_PROPERTY) || UNKNOWN_PREVIEW_FEATURE.test(diagnostic.text);

/**
 * Reads a Prisma schema (one file, or every file of a multi-file schema) with Prisma's own schema
 * engine (`@prisma/prisma-schema-wasm`, the engine of Prisma 7.10): `get_datamodel` gives the
 * models with their `@map`/`@@map` names, relation fields, foreign keys and optionality.
 *
 * Prisma 7's validator rejects the datasource `url`/`directUrl`/`shadowDatabaseUrl` properties
 * that every Prisma 5/6 schema has. When those are the only errors, the reader blanks exactly the
 * spans the validator's own diagnostics (`lint`) point at and reads the schema again, so schemas
 * of Prisma 5, 6 and 7 are all read. Generator preview features this engine does not know are
 * left out of their list the same way, the list's other features kept. What is known to be refused
 * is blanked from the text before the first read. Any other error is returned, never thrown.
 */
export function readPrismaSchema(files: readonly PrismaFile[]): PrismaRead {
  const main = files[0]?.path ?? '';
  let engine: SchemaWasm;
  try {
    engine = loadWasm();
  } catch (error) {
    return { models: [], error: { file: main, message: `cannot load @prisma/prisma-schema-wasm: ${firstLine(errorText(error))}` } };
  }
  // Nearly every Prisma 5/6 schema names its database URL in the datasource block, which the
  // engine refuses, and some name a preview feature it no longer knows. Those are blanked before
  // the first read, so the schema is read in one call of the engine where it would fail, lint and
  // read again: the engine is cold in a lint, and that was 170 of 280 ms on a schema of 37 files.
  // What the text alone cannot blank, the engine's diagnostics do below.
  const input = files.map((file) => [file.path, blankKnownRefusals(file.text)] as [string, string]);
  const first = datamodel(engine, input);
  if (first.ok) return { models: toModels(first.models, main) };

  let diagnostics: LintDiagnostic[];
  try {
    diagnostics = (JSON.parse(engine.lint(JSON.stringify(input))) as LintDiagnostic[]).filter((diagnostic) => !diagnostic.is_warning);
  } catch {
    diagnostics = [];
  }
  const blocking = diagnostics.filter((diagnostic) => !isBlankable(diagnostic));
  if (diagnostics.length > 0 && blocking.length === 0) {
    const blanked = input.map(([file, text]): [string, string] => {
      // One span can carry several diagnostics (each unknown feature of one list): by span, the
      // features they name.
      const spans = new Map<string, { start: number; end: number; unknown: Set<string> }>();
      for (const diagnostic of diagnostics) {
        if (diagnostic.file_name !== file) continue;
        const key = `${diagnostic.start}:${diagnostic.end}`;
        const span = spans.get(key) ?? { start: diagnostic.start, end: diagnostic.end, unknown: new Set<string>() };
        spans.set(key, span);
        const feature = UNKNOWN_PREVIEW_FEATURE.exec(diagnostic.text)?.[1];
        if (feature !== undefined) span.unknown.add(feature.toLowerCase());
      }
      let out = text;
      for (const { start, end, unknown } of spans.values()) {
        const span = out.slice(start, end);
        // A preview feature list loses the features the engine does not know; a property disappears.
        const replaced = span.startsWith('[') ? withoutFeatures(span, (name) => unknown.has(name)) : blank(span);
        out = out.slice(0, start) + replaced + out.slice(end);
      }
      return [file, out];
    });
    const second = datamodel(engine, blanked);
    if (second.ok) return { models: toModels(second.models, main) };
    return { models: [], error: { file: main, message: second.message } };
  }
  const reported = blocking[0];
  if (reported) {
    const text = files.find((file) => file.path === reported.file_name)?.text ?? '';
    return { models: [], error: { file: reported.file_name, line: lineAt(text, reported.start), message: firstLine(reported.text) } };
  }
  return { models: [], error: { file: main, message: first.message } };
}

function datamodel(engine: SchemaWasm, input: [string, string][]): { ok: true; models: DmmfModel[] } | { ok: false; message: string } {
  try {
    const result = JSON.parse(engine.get_datamodel(JSON.stringify({ prismaSchema: input, noColor: true }))) as { models?: DmmfModel[] };
    return { ok: true, models: result.models ?? [] };
  } catch (error) {
    return { ok: false, message: engineMessage(error) };
  }
}

/** The first line of an engine error, which comes as JSON `{ error_code, message }` or as a plain message. */
function engineMessage(error: unknown): string {
  const text = errorText(error);
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') return firstLine(parsed.message.replace(/^error:\s*/, ''));
  } catch {
    // not JSON
  }
  return firstLine(text);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Spaces in place of every character but line breaks, so offsets and lines stay where they were. */
function blank(text: string): string {
  let out = '';
  // By UTF-16 unit, as the engine's offsets count: an astral character becomes two spaces.
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    out += char === '\n' || char === '\r' ? char : ' ';
  }
  return out;
}

/** The 1-based line of a string index. */
function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = 0; at < index && at < text.length; at++) if (text.charCodeAt(at) === 10) line++;
  return line;
}

/** Maps the datamodel of the DMMF to {@link SchemaModel}s. Composite types (MongoDB) are not models. */
function toModels(models: readonly DmmfModel[], file: string): SchemaModel[] {
  const names = new Set(models.map((model) => model.name));
  return models.map((model) => {
    const primary = new Set(model.primaryKey?.fields ?? []);
    const fields: SchemaField[] = [];
    const relations: SchemaRelation[] = [];
    for (const field of model.fields) {
      if (field.kind === 'object') {
        if (!names.has(field.type)) continue;
        relations.push({
          name: field.name,
          target: field.type,
          fields: field.relationFromFields ?? [],
          required: field.isRequired && !field.isList,
          list: field.isList,
        });
        continue;
      }
      fields.push({
        name: field.name,
        column: field.dbName ?? field.name,
        nullable: !field.isRequired,
        ...(field.isId || primary.has(field.name) ? { id: true } : {}),
      });
    }
    const aliases = [model.name];
    pushUnique(aliases, delegateName(model.name));
    pushUnique(aliases, model.dbName ?? undefined);
    if (model.schema) pushUnique(aliases, `${model.schema}.${model.dbName ?? model.name}`);
    return {
      name: model.name,
      kind: 'prisma',
      table: model.dbName ?? model.name,
      aliases,
      fields,
      relations,
      file,
    };
  });
}
