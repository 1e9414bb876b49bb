import * as path from 'node:path';
import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { getKeyName, getStaticString, unwrap } from '../util/ast';

type Node = TSESTree.Node;

/** A parsed TS/JS file, or why it could not be parsed. */
export type ParseResult = { ok: true; program: TSESTree.Program } | { ok: false; line?: number; message: string };

type EstreeModule = typeof import('@typescript-eslint/typescript-estree');
/** `@typescript-eslint/typescript-estree`, loaded on first use (most projects need no TS schema file). */
let estree: EstreeModule | undefined;

/**
 * Parses a TS/JS file with typescript-estree (syntax only, no type information). Never throws: a
 * syntax error, or a missing `typescript` package, is returned with its line.
 */
export function parseSource(code: string, file: string): ParseResult {
  try {
    // Loaded on first use: it loads `typescript`, which a project without TS schema files never needs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    estree ??= require('@typescript-eslint/typescript-estree') as EstreeModule;
    const ext = path.extname(file).toLowerCase();
    const program = estree.parse(code, {
      filePath: file,
      jsx: ext === '.tsx' || ext === '.jsx',
      loc: true,
      range: true,
      comment: false,
      tokens: false,
      loggerFn: false,
    });
    return { ok: true, program };
  } catch (error) {
    const located = error as { lineNumber?: unknown; location?: { start?: { line?: unknown } } };
    const line = typeof located.lineNumber === 'number' ? located.lineNumber : typeof located.location?.start?.line === 'number' ? located.location.start.line : undefined;
    return { ok: false, line, message: firstLine(error instanceof Error ? error.message : String(error)) };
  }
}

/** Calls `enter` on every node under `root` (root included), parents before children. Only for trees {@link parseSource} made. */
export function walk(root: Node, enter: (node: Node, parent: Node | undefined) => void): void {
  if (!estree) throw new Error('walk() before parseSource()');
  estree.simpleTraverse(root, { enter });
}

/** The first non-empty line of a message, trimmed. */
export function firstLine(message: string): string {
  return (
    message
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line !== '') ?? message
  );
}

/**
 * What a file's module-level names are bound to from imports and `require` calls:
 * `import { Schema as S } from 'mongoose'` gives `S → mongoose#Schema`,
 * `import mongoose from 'mongoose'` and `const mongoose = require('mongoose')` give `mongoose → mongoose#*`,
 * `const { Schema } = mongoose` (of such a binding) gives `Schema → mongoose#Schema`.
 */
export class ImportBindings {
  private readonly bindings = new Map<string, { source: string; imported: string }>();

  constructor(program: TSESTree.Program) {
    for (const statement of program.body) {
      if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
        const source = statement.source.value;
        for (const specifier of statement.specifiers) {
          if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
            const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
            this.bindings.set(specifier.local.name, { source, imported });
          } else {
            this.bindings.set(specifier.local.name, { source, imported: '*' });
          }
        }
        continue;
      }
      const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
      if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration) continue;
      for (const declarator of declaration.declarations) {
        if (!declarator.init) continue;
        const init = unwrap(declarator.init);
        const required = requiredSource(init);
        const fromBinding = init.type === AST_NODE_TYPES.Identifier ? this.bindings.get(init.name) : undefined;
        const module = required !== undefined ? { source: required, imported: '*' } : fromBinding?.imported === '*' ? fromBinding : undefined;
        if (!module) continue;
        if (declarator.id.type === AST_NODE_TYPES.Identifier) {
          this.bindings.set(declarator.id.name, module);
        } else if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
          for (const property of declarator.id.properties) {
            if (property.type !== AST_NODE_TYPES.Property) continue;
            const key = getKeyName(property.key, property.computed);
            const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
            if (key !== undefined && value.type === AST_NODE_TYPES.Identifier) {
              this.bindings.set(value.name, { source: module.source, imported: key });
            }
          }
        }
      }
    }
  }

  /** Whether the file imports or requires a module that `test` accepts. */
  importsFrom(test: (source: string) => boolean): boolean {
    for (const binding of this.bindings.values()) if (test(binding.source)) return true;
    return false;
  }

  /**
   * The export an expression names, when it is a bound name or a member of a namespace binding:
   * `Schema` or `mongoose.Schema` → `{ source: 'mongoose', imported: 'Schema' }`.
   */
  resolve(node: Node): { source: string; imported: string } | undefined {
    const inner = unwrap(node);
    if (inner.type === AST_NODE_TYPES.Identifier) return this.bindings.get(inner.name);
    if (inner.type === AST_NODE_TYPES.MemberExpression && !inner.computed && inner.property.type === AST_NODE_TYPES.Identifier) {
      const object = unwrap(inner.object);
      if (object.type !== AST_NODE_TYPES.Identifier) return undefined;
      const namespace = this.bindings.get(object.name);
      if (namespace?.imported === '*') return { source: namespace.source, imported: inner.property.name };
    }
    return undefined;
  }

  /** Whether `node` names export `imported` of a module `test` accepts. */
  is(node: Node, test: (source: string) => boolean, imported: string): boolean {
    const binding = this.resolve(node);
    return binding !== undefined && binding.imported === imported && test(binding.source);
  }
}

/** `require('x')` → `'x'`. */
function requiredSource(node: Node): string | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'require') return undefined;
  return getStaticString(node.arguments[0]);
}

/** Module-level `const`/`let` initialisers by name, `export` or not (first declaration wins). */
export function topLevelInitialisers(program: TSESTree.Program): Map<string, TSESTree.Expression> {
  const out = new Map<string, TSESTree.Expression>();
  for (const statement of program.body) {
    const declaration =
      statement.type === AST_NODE_TYPES.ExportNamedDeclaration
        ? statement.declaration
        : statement.type === AST_NODE_TYPES.ExportDefaultDeclaration
          ? undefined
          : statement;
    if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.init && !out.has(declarator.id.name)) {
        out.set(declarator.id.name, declarator.init);
      }
    }
  }
  return out;
}

/** The properties of an object literal with static keys, in order (spreads and computed keys are skipped). */
export function staticProperties(node: TSESTree.ObjectExpression): { key: string; value: Node; property: TSESTree.Property }[] {
  const out: { key: string; value: Node; property: TSESTree.Property }[] = [];
  for (const property of node.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const key = getKeyName(property.key, property.computed);
    if (key !== undefined) out.push({ key, value: property.value, property });
  }
  return out;
}

/** The value of property `key` of an object literal, when written statically. */
export function propertyValue(node: Node | undefined, key: string): Node | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  for (let index = inner.properties.length - 1; index >= 0; index--) {
    const property = inner.properties[index];
    if (property.type === AST_NODE_TYPES.Property && getKeyName(property.key, property.computed) === key) return property.value;
  }
  return undefined;
}

/** A boolean literal's value. */
export function staticBoolean(node: Node | undefined): boolean | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  return inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'boolean' ? inner.value : undefined;
}

/**
 * The expression an arrow or function returns when its body is that expression or a lone
 * `return`: `() => documents.id`, `(t) => ({ … })`, `function () { return [...] }`.
 */
export function returnedExpression(node: Node): Node | undefined {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.ArrowFunctionExpression && inner.type !== AST_NODE_TYPES.FunctionExpression) return undefined;
  if (inner.body.type !== AST_NODE_TYPES.BlockStatement) return unwrap(inner.body);
  for (const statement of inner.body.body) {
    if (statement.type === AST_NODE_TYPES.ReturnStatement) return statement.argument ? unwrap(statement.argument) : undefined;
  }
  return undefined;
}

/**
 * A path written statically: a string, a template without substitutions, or `path.join` /
 * `path.resolve` / `join` / `resolve` of such strings and `__dirname` / `import.meta.dirname`,
 * resolved against `baseDir`.
 */
export function staticPath(node: Node | undefined, baseDir: string): string | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  const text = getStaticString(inner);
  if (text !== undefined) return path.resolve(baseDir, text);
  if (inner.type === AST_NODE_TYPES.Identifier && inner.name === '__dirname') return baseDir;
  if (
    inner.type === AST_NODE_TYPES.MemberExpression &&
    inner.object.type === AST_NODE_TYPES.MetaProperty &&
    inner.property.type === AST_NODE_TYPES.Identifier &&
    inner.property.name === 'dirname'
  ) {
    return baseDir;
  }
  if (inner.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const name = calleeName(inner);
  if (name !== 'join' && name !== 'resolve') return undefined;
  const parts: string[] = [];
  for (const argument of inner.arguments) {
    const part = unwrap(argument);
    if (part.type === AST_NODE_TYPES.Identifier && part.name === '__dirname') parts.push(baseDir);
    else if (part.type === AST_NODE_TYPES.MemberExpression && part.object.type === AST_NODE_TYPES.MetaProperty) parts.push(baseDir);
    else {
      const piece = getStaticString(part);
      if (piece === undefined) return undefined;
      parts.push(piece);
    }
  }
  return path.resolve(baseDir, ...parts);
}

/** The named classes a module declares at its top level, exported or not (`export default class X` too). */
export function topLevelClasses(program: TSESTree.Program): (TSESTree.ClassDeclaration & { id: TSESTree.Identifier })[] {
  const out: (TSESTree.ClassDeclaration & { id: TSESTree.Identifier })[] = [];
  for (const statement of program.body) {
    const declaration =
      statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportDefaultDeclaration
        ? statement.declaration
        : statement;
    if (declaration?.type === AST_NODE_TYPES.ClassDeclaration && declaration.id) out.push(declaration as TSESTree.ClassDeclaration & { id: TSESTree.Identifier });
  }
  return out;
}

/** The name a call is made by: `f` of `f()`, `b` of `a.b()`. */
export function calleeName(call: TSESTree.CallExpression): string | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier ? callee.property.name : undefined;
}
