import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/** Text of a property `key: value`, shorthand when they are the same name. */
export function propertyText(key: string, value: string): string {
  return key === value ? key : `${key}: ${value}`;
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

