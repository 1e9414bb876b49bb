import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { getCallee, getKeyName, getLastName, getStaticString, unwrap } from '../../util/ast';
import { asObject } from '../jobs/types';
import { isFromSource, type Origin } from '../resolve';
import type { FilterFacts } from './filters';
import { callbackOwner, isProjectSource, isShapeClient } from './receivers';
import type { Constraint, DataContext, DataLayer, QueryFacts } from './types';

type Node = TSESTree.Node;

// ---------------------------------------------------------------------------------------------
// SQL text: rebuilding it from the file, a small tokenizer, and a reader of the WHERE clause.

/** A value spliced into SQL text: an expression of the file, or a column (Drizzle's `${t.orgId}`). */
export interface SqlParam {
  readonly node?: Node;
  readonly column?: string;
}

/** SQL text as the file shows it, with markers for the spliced-in expressions. */
export interface SqlText {
  readonly text: string;
  readonly params: readonly SqlParam[];
  /** The node holding the text (the template or the string), for constraints. */
  readonly holder: Node;
}

const MARK = '\u0001';
const MAX_INLINE = 6;

/** Whether a tag builds a nestable SQL fragment (`sql`, `Prisma.sql`, `sql.fragment`, `db.sql`). */
function isFragmentTag(tag: Node): boolean {
  const name = getLastName(unwrap(tag));
  return name === 'sql' || name === 'fragment';
}

/**
 * The SQL text of a template literal. In a tagged template every `${}` is a bound value, except a
 * nested SQL fragment (`${sql`…`}`, also through a local const), which is spliced in. In an
 * untagged template, strings and templates the file shows are concatenated into the text.
 * `classify` lets a layer read an expression as a column (`${documents.organizationId}`).
 */
export function sqlOfTemplate(
  template: TSESTree.TemplateLiteral,
  tagged: boolean,
  context: DataContext,
  classify?: (node: Node) => SqlParam | undefined,
): SqlText {
  const params: SqlParam[] = [];
  const build = (literal: TSESTree.TemplateLiteral, depth: number): string => {
    let text = '';
    literal.quasis.forEach((quasi, index) => {
      text += quasi.value.cooked ?? quasi.value.raw;
      const expression = literal.expressions[index];
      if (!expression) return;
      const value = context.resolver.resolveValue(expression);
      if (depth < MAX_INLINE) {
        if (tagged && value.type === AST_NODE_TYPES.TaggedTemplateExpression && isFragmentTag(value.tag)) {
          text += ` ${build(value.quasi, depth + 1)} `;
          return;
        }
        if (!tagged) {
          const inlined = getStaticString(value);
          if (inlined !== undefined) {
            text += inlined;
            return;
          }
          if (value.type === AST_NODE_TYPES.TemplateLiteral) {
            text += build(value, depth + 1);
            return;
          }
        }
      }
      params.push(classify?.(expression) ?? { node: expression });
      text += `${MARK}${params.length - 1}${MARK}`;
    });
    return text;
  };
  return { text: build(template, 0), params, holder: template };
}

/**
 * The SQL text an argument holds: a string, a template, a `+` concatenation, or a local const of
 * one of these. Undefined when the file does not show it.
 */
export function sqlOfNode(node: Node | undefined | null, context: DataContext): SqlText | undefined {
  if (!node) return undefined;
  const value = context.resolver.resolveValue(node);
  const text = getStaticString(value);
  if (text !== undefined) return { text, params: [], holder: value };
  if (value.type === AST_NODE_TYPES.TemplateLiteral) return sqlOfTemplate(value, false, context);
  if (value.type === AST_NODE_TYPES.BinaryExpression && value.operator === '+') {
    const params: SqlParam[] = [];
    const parts: string[] = [];
    const visit = (part: Node, depth: number): boolean => {
      const resolved = context.resolver.resolveValue(part);
      if (resolved.type === AST_NODE_TYPES.BinaryExpression && resolved.operator === '+' && depth < 20) {
        return visit(resolved.left, depth + 1) && visit(resolved.right, depth + 1);
      }
      const inner = sqlOfNode(resolved, context);
      if (inner) {
        // Shift the markers of a nested template past the ones already taken.
        const offset = params.length;
        parts.push(inner.text.replace(/\u0001(\d+)\u0001/g, (_, n: string) => `${MARK}${Number(n) + offset}${MARK}`));
        params.push(...inner.params);
        return true;
      }
      params.push({ node: part });
      parts.push(`${MARK}${params.length - 1}${MARK}`);
      return true;
    };
    visit(value, 0);
    return { text: parts.join(''), params, holder: value };
  }
  return undefined;
}

type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'op' | 'open' | 'close' | 'comma' | 'dot' | 'semi';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Upper-cased text of a word, for keyword tests. */
  readonly upper: string;
  /** Parenthesis depth; an `(` and its `)` sit at the depth outside them. */
  readonly depth: number;
  /** A marker of a spliced-in expression (index into the params). */
  readonly interp?: number;
  /** A positional placeholder: `$n` or the n-th `?`. */
  readonly positional?: number;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const OPERATOR_CHARS = '=<>!~+-*/%^|&@#?:[]';

/** Splits SQL text into tokens; never throws (an unterminated string or comment runs to the end). */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const usesDollar = /\$\d/.test(text);
  let depth = 0;
  let questionMarks = 0;
  let i = 0;
  const push = (kind: TokenKind, value: string, extra: Partial<Token> = {}) =>
    tokens.push({ kind, text: value, upper: kind === 'word' ? value.toUpperCase() : value, depth, ...extra });
  while (i < text.length) {
    const c = text[i] ?? '';
    const next = text[i + 1] ?? '';
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '/' && next === '*') {
      let level = 1;
      i += 2;
      while (i < text.length && level > 0) {
        if (text.startsWith('/*', i)) {
          level++;
          i += 2;
        } else if (text.startsWith('*/', i)) {
          level--;
          i += 2;
        } else i++;
      }
    } else if (c === MARK) {
      const end = text.indexOf(MARK, i + 1);
      const index = Number(text.slice(i + 1, end < 0 ? text.length : end));
      push('param', text.slice(i, end < 0 ? text.length : end + 1), { interp: Number.isInteger(index) ? index : undefined });
      i = end < 0 ? text.length : end + 1;
    } else if (c === "'" || ((c === 'E' || c === 'e') && next === "'")) {
      const start = i;
      const escapes = c !== "'";
      i += escapes ? 2 : 1;
      while (i < text.length) {
        if (escapes && text[i] === '\\') i += 2;
        else if (text[i] === "'" && text[i + 1] === "'") i += 2;
        else if (text[i] === "'") break;
        else i++;
      }
      i++;
      push('string', text.slice(start, i));
    } else if (c === '"' || c === '`') {
      const start = i;
      i++;
      while (i < text.length) {
        if (text[i] === c && text[i + 1] === c) i += 2;
        else if (text[i] === c) break;
        else i++;
      }
      i++;
      push('quoted', text.slice(start, i));
    } else if (c === '$' && /\d/.test(next)) {
      const start = i;
      i++;
      while (/\d/.test(text[i] ?? '')) i++;
      push('param', text.slice(start, i), { positional: Number(text.slice(start + 1, i)) });
    } else if (c === '$' && /[A-Za-z_$]/.test(next)) {
      // Dollar quoting: $tag$ … $tag$ (or $$ … $$).
      const close = text.indexOf('$', i + 1);
      const tag = close < 0 ? '$' : text.slice(i, close + 1);
      if (close < 0 || !/^\$[A-Za-z_]*\$$/.test(tag)) {
        push('op', c);
        i++;
      } else {
        const end = text.indexOf(tag, close + 1);
        const stop = end < 0 ? text.length : end + tag.length;
        push('string', text.slice(i, stop));
        i = stop;
      }
    } else if (WORD_START.test(c)) {
      const start = i;
      while (i < text.length && WORD_PART.test(text[i] ?? '')) i++;
      push('word', text.slice(start, i));
    } else if (/\d/.test(c) || (c === '.' && /\d/.test(next))) {
      const start = i;
      while (i < text.length && /[\d.eE]/.test(text[i] ?? '')) i++;
      push('number', text.slice(start, i));
    } else if (c === '(') {
      push('open', c);
      depth++;
      i++;
    } else if (c === ')') {
      depth = Math.max(0, depth - 1);
      push('close', c);
      i++;
    } else if (c === ',') {
      push('comma', c);
      i++;
    } else if (c === '.') {
      push('dot', c);
      i++;
    } else if (c === ';') {
      push('semi', c);
      i++;
    } else if (c === '?' && !usesDollar) {
      questionMarks++;
      push('param', c, { positional: questionMarks });
      i++;
    } else if (OPERATOR_CHARS.includes(c)) {
      const start = i;
      while (i < text.length && OPERATOR_CHARS.includes(text[i] ?? '') && !(text[i] === '?' && !usesDollar)) {
        // `-` or `/` starting a comment ends the operator.
        if ((text[i] === '-' && text[i + 1] === '-') || (text[i] === '/' && text[i + 1] === '*')) break;
        i++;
      }
      if (i === start) i++;
      push('op', text.slice(start, i));
    } else {
      push('op', c);
      i++;
    }
  }
  return tokens;
}

const STATEMENTS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE']);
/** Words that end a WHERE clause (at its own depth). */
const WHERE_END = new Set(['GROUP', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'HAVING', 'WINDOW', 'UNION', 'INTERSECT', 'EXCEPT', 'FOR', 'RETURNING', 'ON']);
/** Words that start the next part of a FROM list after a join's ON condition. */
const JOIN_END = new Set(['JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'WHERE', 'GROUP', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'HAVING', 'WINDOW', 'UNION', 'INTERSECT', 'EXCEPT', 'FOR', 'RETURNING']);
/** Words after which a spliced-in expression stands for a value. */
const VALUE_BEFORE = new Set(['IN', 'LIKE', 'ILIKE', 'IS', 'BETWEEN', 'AND', 'ANY', 'SOME', 'ALL', 'NOT', 'SIMILAR', 'TO', 'DISTINCT', 'FROM', 'THEN', 'ELSE', 'WHEN']);

/** Comparison words: a conjunct with one compares values. */
const COMPARISONS = new Set(['IS', 'IN', 'LIKE', 'ILIKE', 'BETWEEN', 'SIMILAR']);

/** A tenant condition found in SQL text. */
interface SqlCondition {
  readonly column: string;
  readonly value: Token | undefined;
}

interface ConditionReading {
  readonly conditions: SqlCondition[];
  /** Every part of the condition was read (a part that may hide a tenant condition was not). */
  readonly understood: boolean;
}

/** What the SQL text of a query says, for a layer to turn into {@link QueryFacts}. */
export interface SqlReading {
  /** `select`, `update`, `delete`, `insert`, `merge`. */
  readonly operation: string;
  /** The main table, unquoted, without its schema. */
  readonly model: string | undefined;
  readonly constraints: Constraint[];
  readonly opaque: boolean;
}

/** The index of the `)` that closes the `(` at `open`. */
function closing(tokens: readonly Token[], open: number): number {
  const depth = tokens[open]?.depth ?? 0;
  for (let i = open + 1; i < tokens.length; i++) {
    const token = tokens[i];
    if (token?.kind === 'close' && token.depth === depth) return i;
  }
  return tokens.length - 1;
}

/** Splits tokens at words of `keyword` at `depth` (BETWEEN's own AND excepted). */
function splitAt(tokens: readonly Token[], keyword: 'AND' | 'OR', depth: number): Token[][] {
  const parts: Token[][] = [[]];
  let pendingBetween = false;
  for (const token of tokens) {
    if (token.depth === depth && token.kind === 'word') {
      if (token.upper === 'BETWEEN') pendingBetween = true;
      else if (token.upper === 'AND' && pendingBetween) {
        pendingBetween = false;
        parts[parts.length - 1]?.push(token);
        continue;
      }
      if (token.upper === keyword) {
        parts.push([]);
        continue;
      }
    }
    parts[parts.length - 1]?.push(token);
  }
  return parts;
}

function unquote(text: string): string {
  return /^["`].*["`]$/s.test(text) ? text.slice(1, -1) : text;
}

/**
 * Reads a column reference (`organization_id`, `d.organization_id`, `"organizationId"`, a spliced
 * Drizzle column) at `start`; returns its text and the index after it.
 */
function readColumn(tokens: readonly Token[], start: number, params: readonly SqlParam[]): { column: string; end: number } | undefined {
  const parts: string[] = [];
  let i = start;
  for (;;) {
    const token = tokens[i];
    if (!token) return undefined;
    if (token.kind === 'word' || token.kind === 'quoted') parts.push(token.text);
    else if (token.kind === 'param' && token.interp !== undefined && params[token.interp]?.column) parts.push(params[token.interp]?.column ?? '');
    else return undefined;
    i++;
    if (tokens[i]?.kind !== 'dot') break;
    i++;
  }
  return { column: parts.join('.'), end: i };
}

/** Reads one operand (a value, a literal, a call like `current_setting('app.org')`, with `::type` casts); returns the index after it. */
function readOperand(tokens: readonly Token[], start: number): { value: Token | undefined; end: number } | undefined {
  const token = tokens[start];
  if (!token) return undefined;
  let i = start + 1;
  let value: Token | undefined;
  if (token.kind === 'param') value = token;
  else if (token.kind === 'string' || token.kind === 'number') value = undefined;
  else if (token.kind === 'word' && tokens[i]?.kind === 'open' && !['SELECT', 'EXISTS', 'ANY', 'ALL', 'SOME'].includes(token.upper)) {
    // A function call (`current_setting('app.org_id')`); a bare word is a column, not a value.
    i = closing(tokens, i) + 1;
    value = undefined;
  } else if (token.kind === 'open') {
    const end = closing(tokens, start);
    const inner = readOperand(tokens, start + 1);
    if (!inner || inner.end !== end) return undefined;
    value = inner.value;
    i = end + 1;
  } else return undefined;
  while (tokens[i]?.kind === 'op' && tokens[i]?.text === '::') {
    i += 2;
    while (tokens[i]?.kind === 'op' && tokens[i]?.text === '[]') i++;
  }
  return { value, end: i };
}

/** A tenant condition `col = v`, `v = col`, `col IN (v)`, `col = ANY(v)` spanning the whole conjunct. */
function readComparison(tokens: readonly Token[], params: readonly SqlParam[], context: DataContext): SqlCondition | undefined {
  const column = readColumn(tokens, 0, params);
  if (column && context.isTenantColumn(column.column)) {
    const op = tokens[column.end];
    if (op?.kind === 'op' && (op.text === '=' || op.text === '==')) {
      const next = tokens[column.end + 1];
      if (next?.kind === 'word' && next.upper === 'ANY' && tokens[column.end + 2]?.kind === 'open') {
        const open = column.end + 2;
        const close = closing(tokens, open);
        const operand = readOperand(tokens, open + 1);
        if (operand && operand.end === close && close === tokens.length - 1) return { column: column.column, value: operand.value };
        return undefined;
      }
      const operand = readOperand(tokens, column.end + 1);
      if (operand && operand.end === tokens.length) return { column: column.column, value: operand.value };
    }
    if (op?.kind === 'word' && op.upper === 'IN' && tokens[column.end + 1]?.kind === 'open') {
      const open = column.end + 1;
      const close = closing(tokens, open);
      const operand = readOperand(tokens, open + 1);
      if (operand && operand.end === close && close === tokens.length - 1) return { column: column.column, value: operand.value };
    }
    return undefined;
  }
  const operand = readOperand(tokens, 0);
  if (operand && tokens[operand.end]?.kind === 'op' && tokens[operand.end]?.text === '=') {
    const reversed = readColumn(tokens, operand.end + 1, params);
    if (reversed && reversed.end === tokens.length && context.isTenantColumn(reversed.column)) {
      return { column: reversed.column, value: operand.value };
    }
  }
  return undefined;
}

/**
 * Whether a conjunct that holds no tenant condition is still plainly read: no subquery, no
 * `EXISTS`, and every spliced-in expression stands where a value goes (after `=`, `IN (`, `,` …),
 * not where a condition or a column could hide.
 */
function isPlainConjunct(tokens: readonly Token[], params: readonly SqlParam[]): boolean {
  if (tokens.length === 0) return false;
  // A comparison, or a lone (boolean) column; a bare function call (`visible_to(t.id, $1)`) may hide a tenant check.
  const depth = tokens[0]?.depth ?? 0;
  const compares = tokens.some(
    (token) => token.depth === depth && ((token.kind === 'op' && token.text !== '::' && token.text !== '[]') || (token.kind === 'word' && COMPARISONS.has(token.upper))),
  );
  if (!compares && readColumn(tokens, 0, params)?.end !== tokens.length) return false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    if (token.kind === 'word' && (token.upper === 'EXISTS' || token.upper === 'SELECT')) return false;
    if (token.kind === 'param' && token.interp !== undefined && !params[token.interp]?.column) {
      const before = tokens[i - 1];
      const isValue =
        !!before &&
        ((before.kind === 'op' && before.text !== '::') ||
          before.kind === 'open' ||
          before.kind === 'comma' ||
          (before.kind === 'word' && VALUE_BEFORE.has(before.upper)));
      if (!isValue) return false;
    }
  }
  return true;
}

/** Reads a boolean condition: OR-split (every branch must constrain), then AND-split (any conjunct constrains). */
function readCondition(tokens: readonly Token[], depth: number, params: readonly SqlParam[], context: DataContext, level = 0): ConditionReading {
  if (tokens.length === 0 || level > 20) return { conditions: [], understood: false };
  const branches = splitAt(tokens, 'OR', depth);
  const readings = branches.map((branch) => readConjunction(branch, depth, params, context, level));
  if (readings.length === 1) return readings[0] ?? { conditions: [], understood: false };
  const understood = readings.every((reading) => reading.understood);
  if (readings.every((reading) => reading.conditions.length > 0)) {
    return { conditions: readings.flatMap((reading) => reading.conditions), understood };
  }
  return { conditions: [], understood };
}

function readConjunction(tokens: readonly Token[], depth: number, params: readonly SqlParam[], context: DataContext, level: number): ConditionReading {
  const conditions: SqlCondition[] = [];
  let understood = true;
  for (const conjunct of splitAt(tokens, 'AND', depth)) {
    const first = conjunct[0];
    if (!first) {
      understood = false;
      continue;
    }
    if (first.kind === 'word' && first.upper === 'NOT') continue;
    if (first.kind === 'open' && closing(conjunct, 0) === conjunct.length - 1) {
      const inner = conjunct.slice(1, -1);
      if (inner[0]?.kind === 'word' && (inner[0].upper === 'SELECT' || inner[0].upper === 'WITH')) {
        understood = false;
        continue;
      }
      const reading = readCondition(inner, depth + 1, params, context, level + 1);
      conditions.push(...reading.conditions);
      understood &&= reading.understood;
      continue;
    }
    const condition = readComparison(conjunct, params, context);
    if (condition) conditions.push(condition);
    else if (!isPlainConjunct(conjunct, params)) understood = false;
  }
  return { conditions, understood };
}

/** The tokens from `start` up to the first word of `ends` (or `;`, or a `)` closing the level) at `depth`. */
function clause(tokens: readonly Token[], start: number, depth: number, ends: ReadonlySet<string>): Token[] {
  const out: Token[] = [];
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) break;
    if (token.depth === depth && ((token.kind === 'word' && ends.has(token.upper)) || token.kind === 'semi')) break;
    if (token.depth < depth) break;
    out.push(token);
  }
  return out;
}

/** Reads a table name at `start` (skipping `ONLY`); returns the name without schema and quotes. */
function readTable(tokens: readonly Token[], start: number): { name: string | undefined; end: number } {
  let i = start;
  if (tokens[i]?.kind === 'word' && tokens[i]?.upper === 'ONLY') i++;
  const token = tokens[i];
  if (!token || (token.kind !== 'word' && token.kind !== 'quoted')) return { name: undefined, end: i };
  let name = unquote(token.text);
  i++;
  while (tokens[i]?.kind === 'dot' && (tokens[i + 1]?.kind === 'word' || tokens[i + 1]?.kind === 'quoted')) {
    name = unquote(tokens[i + 1]?.text ?? name);
    i += 2;
  }
  return { name, end: i };
}

function indexOfWord(tokens: readonly Token[], word: string, from: number, depth: number): number {
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i];
    if (token?.kind === 'semi' && token.depth === depth) return -1;
    if (token?.kind === 'word' && token.depth === depth && token.upper === word) return i;
  }
  return -1;
}

/** Reads the conditions of the INNER JOINs of a FROM list (those filter the rows like a WHERE does). */
function joinConditions(tokens: readonly Token[], from: number, to: number, params: readonly SqlParam[], context: DataContext): SqlCondition[] {
  const out: SqlCondition[] = [];
  for (let i = from; i < to; i++) {
    const token = tokens[i];
    if (token?.kind !== 'word' || token.depth !== 0 || token.upper !== 'JOIN') continue;
    const before = tokens[i - 1];
    if (before?.kind === 'word' && ['LEFT', 'RIGHT', 'FULL', 'OUTER', 'CROSS', 'NATURAL'].includes(before.upper)) continue;
    const on = indexOfWord(tokens, 'ON', i + 1, 0);
    if (on < 0 || on > to) continue;
    const condition = clause(tokens, on + 1, 0, JOIN_END);
    out.push(...readCondition(condition, 0, params, context).conditions);
  }
  return out;
}

/** The tenant columns an INSERT's column list sets, with the value each row gives them. */
function insertConditions(tokens: readonly Token[], after: number, params: readonly SqlParam[], context: DataContext): { conditions: SqlCondition[]; understood: boolean } {
  let i = after;
  if (tokens[i]?.kind === 'word' && tokens[i]?.upper === 'AS') i += 2;
  if (tokens[i]?.kind !== 'open') return { conditions: [], understood: false };
  const close = closing(tokens, i);
  const columns = splitList(tokens.slice(i + 1, close), 1).map((part) => (part.length === 1 ? part[0]?.text : undefined));
  i = close + 1;
  if (tokens[i]?.kind !== 'word' || tokens[i]?.upper !== 'VALUES') return { conditions: [], understood: false };
  const rows: Token[][][] = [];
  for (i++; tokens[i]?.kind === 'open'; ) {
    const end = closing(tokens, i);
    rows.push(splitList(tokens.slice(i + 1, end), 1));
    i = end + 1;
    if (tokens[i]?.kind !== 'comma') break;
    i++;
  }
  const conditions: SqlCondition[] = [];
  columns.forEach((column, index) => {
    if (column === undefined || !context.isTenantColumn(column) || rows.length === 0) return;
    const values = rows.map((row) => {
      const cell = row[index];
      const operand = cell && readOperand(cell, 0);
      return operand && operand.end === cell.length ? operand : undefined;
    });
    if (values.every((value) => value !== undefined)) {
      for (const value of values) conditions.push({ column, value: value?.value });
    }
  });
  return { conditions, understood: true };
}

function splitList(tokens: readonly Token[], depth: number): Token[][] {
  const parts: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'comma' && token.depth === depth) parts.push([]);
    else parts[parts.length - 1]?.push(token);
  }
  return parts;
}

/**
 * Reads SQL text: the statement kind, the main table, and the tenant conditions that hold for every
 * row (top-level WHERE conjuncts, INNER JOIN conditions, an INSERT's tenant column). Undefined when
 * the text is no data statement (`BEGIN`, `SET …`, a fragment, a `SELECT` without a table).
 * `positional` gives the expression behind `$n` / the n-th `?`.
 */
export function readSql(sql: SqlText, positional: (n: number) => Node | undefined, context: DataContext): SqlReading | undefined {
  const tokens = tokenize(sql.text);
  let start = 0;
  while (tokens[start]?.kind === 'semi') start++;
  const first = tokens[start];
  // Text that starts with a spliced-in expression (`${Prisma.raw(q)}`) is a query we cannot read.
  if (first?.kind === 'param' && first.interp !== undefined) return { operation: 'query', model: undefined, constraints: [], opaque: true };
  if (first?.kind !== 'word') return undefined;
  let at = start;
  if (first.upper === 'WITH') {
    at = tokens.findIndex((token, index) => index > start && token.depth === 0 && token.kind === 'word' && STATEMENTS.has(token.upper));
    if (at < 0) return undefined;
  } else if (!STATEMENTS.has(first.upper)) return undefined;
  const statement = tokens[at]?.upper ?? '';
  const operation = statement.toLowerCase();
  let model: string | undefined;
  let conditions: SqlCondition[] = [];
  let understood = true;
  const where = (from: number): void => {
    const index = indexOfWord(tokens, 'WHERE', from, 0);
    if (index < 0) return;
    const reading = readCondition(clause(tokens, index + 1, 0, WHERE_END), 0, sql.params, context);
    conditions.push(...reading.conditions);
    understood &&= reading.understood;
  };
  switch (statement) {
    case 'SELECT': {
      const from = indexOfWord(tokens, 'FROM', at + 1, 0);
      if (from < 0) {
        // A table read only inside a subquery of the select list: a query we cannot read.
        if (!tokens.some((token, index) => index > at && token.kind === 'word' && token.upper === 'FROM')) return undefined;
        return { operation, model: undefined, constraints: [], opaque: true };
      }
      const table = readTable(tokens, from + 1);
      model = table.name;
      if (!model) understood = false;
      const whereAt = indexOfWord(tokens, 'WHERE', from + 1, 0);
      conditions.push(...joinConditions(tokens, table.end, whereAt < 0 ? tokens.length : whereAt, sql.params, context));
      where(from + 1);
      if (['UNION', 'EXCEPT'].some((word) => indexOfWord(tokens, word, at, 0) >= 0)) {
        conditions = [];
        understood = false;
      }
      break;
    }
    case 'UPDATE': {
      const table = readTable(tokens, at + 1);
      model = table.name;
      where(table.end);
      break;
    }
    case 'DELETE': {
      const from = tokens[at + 1]?.upper === 'FROM' ? at + 2 : at + 1;
      const table = readTable(tokens, from);
      model = table.name;
      where(table.end);
      break;
    }
    case 'INSERT': {
      const into = tokens[at + 1]?.upper === 'INTO' ? at + 2 : at + 1;
      const table = readTable(tokens, into);
      model = table.name;
      const reading = insertConditions(tokens, table.end, sql.params, context);
      conditions.push(...reading.conditions);
      understood = reading.understood;
      break;
    }
    default: {
      const into = indexOfWord(tokens, 'INTO', at + 1, 0);
      model = into < 0 ? undefined : readTable(tokens, into + 1).name;
      understood = false;
    }
  }
  const constraints = toConstraints(conditions, sql, positional, sql.holder);
  return { operation, model, constraints, opaque: constraints.length === 0 && !understood };
}

function toConstraints(conditions: readonly SqlCondition[], sql: SqlText, positional: (n: number) => Node | undefined, holder: Node): Constraint[] {
  return conditions.map((condition): Constraint => {
    const token = condition.value;
    let value: Node | undefined;
    if (token?.interp !== undefined) value = sql.params[token.interp]?.node;
    else if (token?.positional !== undefined) value = positional(token.positional);
    return { column: condition.column, value, node: holder };
  });
}

/**
 * Reads SQL text that is a boolean condition (Drizzle's `` sql`${t.organizationId} = ${orgId}` ``
 * in a `.where`): its tenant constraints, and whether part of it could not be read.
 */
export function readSqlCondition(sql: SqlText, holder: Node, context: DataContext): FilterFacts {
  const reading = readCondition(tokenize(sql.text), 0, sql.params, context);
  const constraints = toConstraints(reading.conditions, sql, () => undefined, holder);
  return { constraints, opaque: !reading.understood };
}

/** The QueryFacts of a raw query whose SQL text the file shows, or undefined when it is no data statement. */
export function rawQuery(
  layer: string,
  node: QueryFacts['node'],
  sql: SqlText,
  positional: (n: number) => Node | undefined,
  context: DataContext,
): QueryFacts | undefined {
  const reading = readSql(sql, positional, context);
  if (!reading) return undefined;
  return { layer, node, model: reading.model, operation: reading.operation, kind: 'raw', constraints: reading.constraints, opaque: reading.opaque };
}

/** The QueryFacts of a raw query whose SQL text the file does not show. */
export function opaqueRawQuery(layer: string, node: QueryFacts['node'], operation: string): QueryFacts {
  return { layer, node, model: undefined, operation, kind: 'raw', constraints: [], opaque: true };
}

/** Positional values from an array literal (`[orgId, id]`), element `n - 1`. */
export function valuesFromArray(node: Node | undefined | null, context: DataContext): (n: number) => Node | undefined {
  const value = node ? context.resolver.resolveValue(node) : undefined;
  if (value?.type !== AST_NODE_TYPES.ArrayExpression) return () => undefined;
  return (n) => {
    const elements = value.elements.slice(0, n);
    if (elements.some((element) => !element || element.type === AST_NODE_TYPES.SpreadElement)) return undefined;
    return elements[n - 1] ?? undefined;
  };
}

/** Positional values from the arguments of a call from `first` on (`$queryRawUnsafe(text, orgId)`). */
export function valuesFromArguments(call: TSESTree.CallExpression, first: number): (n: number) => Node | undefined {
  return (n) => {
    const args = call.arguments.slice(0, first + n);
    if (args.some((arg) => arg.type === AST_NODE_TYPES.SpreadElement)) return undefined;
    return args[first + n - 1];
  };
}

/**
 * A raw query of a template's SQL (`` sql`…` ``, `` prisma.$queryRaw`…` ``): undefined when the
 * text is a fragment or no data statement.
 */
export function templateQuery(
  layer: string,
  node: QueryFacts['node'],
  template: TSESTree.TemplateLiteral,
  context: DataContext,
  classify?: (node: Node) => SqlParam | undefined,
): QueryFacts | undefined {
  return rawQuery(layer, node, sqlOfTemplate(template, true, context, classify), () => undefined, context);
}

/**
 * A raw query of `(text, values)`: undefined when the text is shown but is no data statement, opaque
 * when it is not shown and `known` (the client is surely a SQL client).
 */
export function textQuery(
  layer: string,
  node: TSESTree.CallExpression,
  text: Node | undefined | null,
  positional: (n: number) => Node | undefined,
  known: boolean,
  operation: string,
  context: DataContext,
): QueryFacts | undefined {
  const sql = sqlOfNode(text, context);
  if (!sql) return known && text ? opaqueRawQuery(layer, node, operation) : undefined;
  const query = rawQuery(layer, node, sql, positional, context);
  // A client known only by its name needs a statement it can read.
  return !known && query?.operation === 'query' ? undefined : query;
}

// ---------------------------------------------------------------------------------------------
// The raw-SQL layer: pg, postgres.js, @vercel/postgres, Neon, slonik, mysql2, graphile-worker's
// `helpers.query`, Drizzle's `db.execute(sql`…`)` and Kysely's `` sql`…`.execute(db) ``.

const PG_SOURCES = ['pg', 'pg-pool', '@neondatabase/serverless'];
const MYSQL_SOURCES = ['mysql2', 'mysql'];
const POSTGRES_JS = ['postgres'];
const VERCEL = ['@vercel/postgres'];
const SLONIK = ['slonik', '@slonik/sql-tag'];
const SHAPE_RECEIVERS = /^(pool|client|pg|db|conn|connection|helpers|pgPool|pgClient|database)$/;

/** A pg/Neon `Pool`/`Client` (also a pool's `connect()` client), or a mysql2 pool/connection. */
function isSqlClient(origin: Origin | undefined): boolean {
  if (!origin) return false;
  if (isFromSource(origin, PG_SOURCES)) {
    const path = origin.path[0] === 'default' ? origin.path.slice(1) : origin.path;
    return (path[0] === 'Pool' || path[0] === 'Client' || path[0] === 'native') && path.includes('new');
  }
  if (isFromSource(origin, MYSQL_SOURCES)) return origin.path.some((step) => /^create(Pool|Connection|PoolCluster)$/.test(step));
  return false;
}

/** A postgres.js instance: `postgres(url)`, also the `sql` of `sql.begin(sql => …)` / `sql.reserve()`. */
function isPostgresJs(node: Node, context: DataContext, depth = 0): boolean {
  const origin = context.originOf(node);
  if (isFromSource(origin, POSTGRES_JS)) {
    const path = origin?.path[0] === 'default' ? origin.path.slice(1) : (origin?.path ?? []);
    return path[0] === '()';
  }
  const owner = callbackOwner(node, context);
  if (owner && owner.receiver && depth < 4 && ['begin', 'savepoint', 'reserve'].includes(owner.name)) {
    return isPostgresJs(owner.receiver, context, depth + 1);
  }
  return false;
}

function isVercelSql(origin: Origin | undefined): boolean {
  return isFromSource(origin, VERCEL) && origin?.path[origin.path.length - 1] === 'sql';
}

function isNeon(origin: Origin | undefined): boolean {
  return isFromSource(origin, ['@neondatabase/serverless']) && origin?.path[0] === 'neon' && origin.path[1] === '()' && origin.path.length === 2;
}

/** A slonik query tag: `sql.unsafe`, `sql.typeAlias('x')`, `sql.type(schema)` (not `sql.fragment`). */
function isSlonikQueryTag(tag: Node, context: DataContext): boolean {
  const inner = unwrap(tag);
  const base = inner.type === AST_NODE_TYPES.CallExpression ? unwrap(inner.callee) : inner;
  if (base.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = getLastName(base);
  const origin = context.originOf(base.object);
  if (!isFromSource(origin, SLONIK)) return false;
  return inner.type === AST_NODE_TYPES.CallExpression ? method === 'typeAlias' || method === 'type' : method === 'unsafe';
}

/** Whether a tagged template is a piece of a larger query (nested, an argument, a receiver of a builder method). */
function isEmbedded(node: TSESTree.TaggedTemplateExpression): boolean {
  let child: Node = node;
  let parent = node.parent;
  while (parent && (parent.type === AST_NODE_TYPES.TSAsExpression || parent.type === AST_NODE_TYPES.TSNonNullExpression || parent.type === AST_NODE_TYPES.TSSatisfiesExpression)) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.TemplateLiteral) return true;
  if ((parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) && parent.arguments.includes(child as TSESTree.Expression)) {
    return true;
  }
  return false;
}

/** The drizzle-orm `sql` tag (or `sql.raw(text)`) an argument resolves to. */
function drizzleSql(node: Node | undefined, context: DataContext): { template?: TSESTree.TemplateLiteral; text?: Node } | undefined {
  if (!node) return undefined;
  const value = context.resolver.resolveValue(node);
  if (value.type === AST_NODE_TYPES.TaggedTemplateExpression) {
    const origin = context.originOf(value.tag);
    if (isFromSource(origin, ['drizzle-orm']) && origin?.path.length === 1 && origin.path[0] === 'sql') return { template: value.quasi };
    return undefined;
  }
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const origin = context.originOf(value.callee);
    if (isFromSource(origin, ['drizzle-orm']) && origin?.path.join('.') === 'sql.raw') return { text: value.arguments[0] };
  }
  return undefined;
}

function matchTemplate(node: TSESTree.TaggedTemplateExpression, context: DataContext): QueryFacts | undefined {
  const tag = unwrap(node.tag);
  // A slonik query is always handed to a pool method (`pool.one(sql.typeAlias('x')`…`)`): the template is the query.
  if (isSlonikQueryTag(tag, context)) return node.parent?.type === AST_NODE_TYPES.TemplateLiteral ? undefined : templateQuery('sql', node, node.quasi, context);
  if (isEmbedded(node)) return undefined;
  const origin = context.originOf(tag);
  if (isPostgresJs(tag, context) || isVercelSql(origin) || isNeon(origin)) return templateQuery('sql', node, node.quasi, context);
  // `sql` imported from the project's own module (`export const sql = postgres(…)`); a fragment
  // of a query builder is an argument or nested, and is left out above.
  if (
    origin &&
    isProjectSource(origin.source) &&
    origin.path[origin.path.length - 1] === 'sql' &&
    !origin.path.includes('()') &&
    !context.importsFrom(['drizzle-orm', 'kysely', '@prisma/client'])
  ) {
    const query = templateQuery('sql', node, node.quasi, context);
    return query?.operation === 'query' ? undefined : query;
  }
  return undefined;
}

function matchCall(call: TSESTree.CallExpression, context: DataContext): QueryFacts | undefined {
  const callee = getCallee(call);
  if (!callee?.receiver) return undefined;
  const receiver = unwrap(callee.receiver);
  const { name } = callee;
  // Kysely: sql`…`.execute(db)
  if (name === 'execute' && receiver.type === AST_NODE_TYPES.TaggedTemplateExpression) {
    const origin = context.originOf(receiver.tag);
    if (isFromSource(origin, ['kysely']) && origin?.path[0] === 'sql' && origin.path.length === 1) {
      return templateQuery('sql', call, receiver.quasi, context) ?? opaqueRawQuery('sql', call, 'execute');
    }
    return undefined;
  }
  // Drizzle: db.execute(sql`…`), sqlite's db.run/all/get/values(sql`…`).
  if (['execute', 'run', 'all', 'get', 'values'].includes(name)) {
    const drizzle = drizzleSql(call.arguments[0], context);
    if (drizzle?.template) return templateQuery('sql', call, drizzle.template, context) ?? undefined;
    if (drizzle) return textQuery('sql', call, drizzle.text, () => undefined, true, name, context);
  }
  // postgres.js: sql.unsafe(text, params)
  if (name === 'unsafe' && isPostgresJs(receiver, context)) {
    return textQuery('sql', call, call.arguments[0], valuesFromArray(call.arguments[1], context), true, name, context);
  }
  if (name !== 'query' && name !== 'execute') return undefined;
  const origin = context.originOf(receiver);
  const known =
    isSqlClient(origin) ||
    (name === 'query' && isFromSource(origin, VERCEL)) ||
    (name === 'query' && isNeon(origin));
  if (!known) {
    // By shape (`pool`, `client`, `db`, graphile-worker's `helpers`): only when arg0 is SQL text the file shows.
    if (name !== 'query' || !isShapeClient(receiver, context, SHAPE_RECEIVERS)) return undefined;
  }
  if (name === 'execute' && !isFromSource(origin, MYSQL_SOURCES)) return undefined;
  const first = call.arguments[0];
  if (!first || first.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const config = asObject(first, context);
  if (config) {
    const text = config.properties.find((p) => p.type === AST_NODE_TYPES.Property && getKeyName(p.key, p.computed) === 'text');
    const values = config.properties.find((p) => p.type === AST_NODE_TYPES.Property && getKeyName(p.key, p.computed) === 'values');
    if (text?.type !== AST_NODE_TYPES.Property) return undefined;
    const valueNode = values?.type === AST_NODE_TYPES.Property ? values.value : call.arguments[1];
    return textQuery('sql', call, text.value, valuesFromArray(valueNode, context), known, name, context);
  }
  return textQuery('sql', call, first, valuesFromArray(call.arguments[1], context), known, name, context);
}

export const sql: DataLayer = {
  id: 'sql',
  name: 'Raw SQL',
  sources: [...PG_SOURCES, ...MYSQL_SOURCES, ...POSTGRES_JS, ...VERCEL, ...SLONIK, 'graphile-worker', 'drizzle-orm', 'kysely'],
  matchQuery(node, context) {
    return node.type === AST_NODE_TYPES.TaggedTemplateExpression ? matchTemplate(node, context) : matchCall(node, context);
  },
};
