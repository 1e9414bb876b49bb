import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from './node-types';
import type { FileAnalysis } from '../analysis/engine';
import type { Handler } from '../analysis/handlers';
import { unwrap } from './ast';
import { jobLabel } from './labels';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Text of a property `key: value`, shorthand when they are the same name. A key that is no
 * identifier (a `tenantKeys` entry like `organization-id`) is quoted.
 */
export function propertyText(key: string, value: string): string {
  if (!IDENTIFIER.test(key)) return `${JSON.stringify(key)}: ${value}`;
  return key === value ? key : `${key}: ${value}`;
}

/** Text reading `key` of `object`: `object.key`, or `object["key"]` when the key is no identifier. */
export function memberText(object: string, key: string): string {
  return IDENTIFIER.test(key) ? `${object}.${key}` : `${object}[${JSON.stringify(key)}]`;
}

/** Inserts a property into an object literal, after its last property, keeping its layout and comments. */
export function insertProperty(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  object: TSESTree.ObjectExpression,
  text: string,
): TSESLint.RuleFix {
  const last = object.properties[object.properties.length - 1];
  if (!last) {
    const open = sourceCode.getFirstToken(object)!;
    const close = sourceCode.getLastToken(object)!;
    const inside = sourceCode.text.slice(open.range[1], close.range[0]);
    return inside.trim() === ''
      ? fixer.replaceTextRange([open.range[1], close.range[0]], ` ${text} `)
      : fixer.insertTextAfter(open, ` ${text},`);
  }
  const after = sourceCode.getTokenAfter(last);
  const hasTrailingComma = after?.value === ',' && after.range[1] <= object.range[1] - 1;
  const multiline = object.loc.start.line !== object.loc.end.line && last.loc.start.line !== object.loc.start.line;
  if (multiline) {
    const indent = sourceCode.lines[last.loc.start.line - 1]?.match(/^\s*/)?.[0] ?? '';
    return hasTrailingComma
      ? fixer.insertTextAfter(after!, `\n${indent}${text},`)
      : fixer.insertTextAfter(last, `,\n${indent}${text}`);
  }
  return hasTrailingComma ? fixer.insertTextAfter(after!, ` ${text},`) : fixer.insertTextAfter(last, `, ${text}`);
}

/** `throw new Error('<job>: missing <key> in job payload');`, the key as the payload names it. */
export function throwMissingTenant(analysis: FileAnalysis, handler: Handler, value: string): string {
  const last = /([A-Za-z_$][\w$]*)$/.exec(value)?.[1];
  const key = last && analysis.settings.isTenantKey(last) ? last : analysis.tenantKeySpelling;
  return `throw new Error(${JSON.stringify(`${jobLabel(handler)}: missing ${key} in job payload`)});`;
}

/**
 * Where the value a check tests comes into scope inside the handler: the statement that declares
 * its root binding (`const body = JSON.parse(record.body)` for `body.orgId`), to insert after, or
 * the block of the loop that binds it (`for (const job of jobs) { … }`), to insert at its top.
 * Undefined when the root is a parameter of the handler or bound outside it.
 */
function bindingSite(
  analysis: FileAnalysis,
  handler: Handler,
  name: string | undefined,
  at: TSESTree.Node,
): { after: TSESTree.Node } | { top: TSESTree.BlockStatement } | { wrap: TSESTree.Statement } | undefined {
  if (!name) return undefined;
  const def = analysis.resolver.variableNamed(name, at)?.defs[0];
  if (def?.type !== 'Variable') return undefined;
  const declaration = def.parent;
  const holder = declaration?.parent;
  const body = handler.fn.body;
  if (!declaration || !holder || declaration.range[0] < body.range[0] || declaration.range[1] > body.range[1]) return undefined;
  if (holder.type === AST_NODE_TYPES.BlockStatement || holder.type === AST_NODE_TYPES.SwitchCase) return { after: declaration };
  if ((holder.type === AST_NODE_TYPES.ForOfStatement || holder.type === AST_NODE_TYPES.ForInStatement) && holder.left === declaration) {
    return holder.body.type === AST_NODE_TYPES.BlockStatement ? { top: holder.body } : { wrap: holder.body };
  }
  return undefined;
}

/** Inserts a statement at the top of a block, indented as its first statement. */
function insertAtTop(fixer: TSESLint.RuleFixer, block: TSESTree.BlockStatement, statement: string, fallbackColumn: number): TSESLint.RuleFix {
  const first = block.body[0];
  if (!first) return fixer.insertTextAfterRange([block.range[0], block.range[0] + 1], `\n${' '.repeat(fallbackColumn)}${statement}`);
  return fixer.insertTextBefore(first, `${statement}\n${' '.repeat(first.loc.start.column)}`);
}

/**
 * Inserts `if (!value) throw new Error('<job>: missing <key> in job payload');` into the handler,
 * where the value is in scope: after the declaration of its root binding or at the top of the
 * loop that binds it, else at the top of the body. An expression body becomes a block by two
 * insertions around it (its parentheses included), so that a suggestion can edit inside it too.
 * `value` is a node of the file, or the text of one that is not written yet (a payload access a
 * suggestion adds) with the node it goes into.
 */
export function insertTenantCheck(
  fixer: TSESLint.RuleFixer,
  analysis: FileAnalysis,
  handler: Handler,
  value: TSESTree.Node | { readonly text: string; readonly at: TSESTree.Node },
): TSESLint.RuleFix[] {
  const sourceCode = analysis.sourceCode;
  const inner = 'type' in value ? unwrap(value) : undefined;
  // (The name of a binding: its identifier's text can hold a type annotation.)
  const text = inner?.type === AST_NODE_TYPES.Identifier ? inner.name : inner ? sourceCode.getText(inner) : (value as { text: string }).text;
  const check = `if (!${text}) ${throwMissingTenant(analysis, handler, text)}`;
  const fn = handler.fn;
  const body = fn.body;
  let root: TSESTree.Node | undefined = inner;
  while (root?.type === AST_NODE_TYPES.MemberExpression) root = unwrap(root.object);
  const rootName = root ? (root.type === AST_NODE_TYPES.Identifier ? root.name : undefined) : /^[(\s]*([A-Za-z_$][\w$]*)/.exec(text)?.[1];
  const site = bindingSite(analysis, handler, rootName, inner ?? (value as { at: TSESTree.Node }).at);
  if (site && 'after' in site) return [fixer.insertTextAfter(site.after, `\n${' '.repeat(site.after.loc.start.column)}${check}`)];
  if (site && 'top' in site) return [insertAtTop(fixer, site.top, check, site.top.loc.start.column + 2)];
  if (site) {
    // A loop body that is one statement becomes a block around it.
    const indent = /^\s*/.exec(sourceCode.lines[site.wrap.parent!.loc.start.line - 1] ?? '')?.[0] ?? '';
    return [fixer.insertTextBefore(site.wrap, `{\n${indent}  ${check}\n${indent}  `), fixer.insertTextAfter(site.wrap, `\n${indent}}`)];
  }
  if (body.type !== AST_NODE_TYPES.BlockStatement) {
    const indent = /^\s*/.exec(sourceCode.lines[fn.loc.start.line - 1] ?? '')?.[0] ?? '';
    // The arrow: the first `=>` after the parameters and the return type (which may hold one).
    const after = fn.returnType?.range[1] ?? fn.params[fn.params.length - 1]?.range[1] ?? fn.range[0];
    const arrow = sourceCode.getTokens(fn).find((token) => token.range[0] >= after && token.value === '=>');
    const start = (arrow && sourceCode.getTokenAfter(arrow)?.range[0]) ?? body.range[0];
    return [fixer.insertTextBeforeRange([start, start], `{\n${indent}  ${check}\n${indent}  return `), fixer.insertTextAfterRange([fn.range[1], fn.range[1]], `;\n${indent}}`)];
  }
  return [insertAtTop(fixer, body, check, fn.loc.start.column + 2)];
}
