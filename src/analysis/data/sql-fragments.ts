import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { findProperty, getCallee, getStaticString } from '../../util/ast';
import { NO_FILTER, OPAQUE_FILTER, allOf, anyOf, singleElement, type FilterFacts } from './filters';
import type { Constraint, DataContext, QueryFacts, QueryKind } from './types';

type Node = TSESTree.Node;
type Call = TSESTree.CallExpression;

// A small SQL reader for the SQL that ORM layers hand to their database: query-builder fragments
// (TypeORM `where('d.organization_id = :orgId', { orgId })`, Knex `whereRaw`, MikroORM
// `where('org_id = ?', [v])`) and raw statements (TypeORM `query`, Knex `raw`, MikroORM
// `execute`, `sequelize.query`), with their statement kind, their table, and only the tenant
// equalities of a plain WHERE, values bound by name (`:orgId`, `:...ids`, `$name`) or position.
//
// It is not sql.ts's reader, which the raw-SQL layer, Prisma, Drizzle and Kysely use: that one
// has no named placeholders, reports a raw statement as kind `raw` with the SQL verb as its
// operation, reads INSERT values and INNER JOIN conditions, and takes a readable statement without
// a tenant condition as unscoped where this one leaves it opaque. The ORM layers' tests expect
// this reader's results (kind `read` for `dataSource.query('SELECT …')`, `:orgId` bindings).

/** SQL text from a string, a constant or a template; template expressions become `#i` placeholders. */
export interface SqlFragment {
  readonly text: string;
  readonly expressions: readonly Node[];
  /** The node that holds the text. */
  readonly node: Node;
}

export function readSqlFragment(node: Node, context: DataContext): SqlFragment | undefined {
  const value = context.resolver.resolveValue(node);
  const text = getStaticString(value);
  if (text !== undefined) return { text, expressions: [], node: value };
  if (value.type === AST_NODE_TYPES.TemplateLiteral) {
    const parts: string[] = [];
    value.quasis.forEach((quasi, index) => {
      parts.push(quasi.value.cooked ?? quasi.value.raw);
      if (index < value.expressions.length) parts.push(`\u0001${index}\u0001`);
    });
    return { text: parts.join(''), expressions: value.expressions, node: value };
  }
  return undefined;
}

/**
 * The argument a placeholder stands for: `#i` a template expression, `$1`/`?1` an element of a
 * values array, `:name`/`$name` a property of a values object.
 */
export function sqlBindings(sql: SqlFragment | undefined, values: Node | undefined | null, context: DataContext): (placeholder: string) => Node | undefined {
  const resolved = values ? context.resolver.resolveValue(values) : undefined;
  return (placeholder) => {
    if (placeholder.startsWith('#')) return sql?.expressions[Number(placeholder.slice(1))];
    if (!resolved) return undefined;
    const index = /^[$?](\d+)$/.exec(placeholder);
    if (index && resolved.type === AST_NODE_TYPES.ArrayExpression) {
      const element = resolved.elements[Number(index[1]) - 1];
      return element && element.type !== AST_NODE_TYPES.SpreadElement ? element : undefined;
    }
    const named = /^[:$](?:\.\.\.)?(\w+)$/.exec(placeholder);
    if (named && resolved.type === AST_NODE_TYPES.ObjectExpression) return findProperty(resolved, named[1])?.value;
    return undefined;
  };
}

/** How a tenant column compared to a placeholder or literal becomes a constraint (or `opaque`, or nothing). */
export type SqlConstraintFor = (column: string, placeholder: string | undefined, list: 'yes' | 'maybe' | false) => Constraint | 'opaque' | undefined;

/** Constraints for SQL comparisons, with values looked up through `lookup`; a list placeholder needs a one-element array. */
export function sqlConstraintFor(lookup: (placeholder: string) => Node | undefined, node: Node, context: DataContext): SqlConstraintFor {
  return (column, placeholder, list) => {
    if (!context.isTenantColumn(column)) return undefined;
    let value = placeholder === undefined ? undefined : lookup(placeholder);
    if (list && placeholder !== undefined) {
      if (!value) return list === 'yes' ? 'opaque' : { column, value: undefined, node };
      const single = singleElement(value, context);
      if (single === 'many') return undefined;
      if (single === 'unknown' && list === 'yes') return 'opaque';
      if (single !== 'unknown') value = single;
    }
    return { column, value, node };
  };
}

interface Token {
  readonly type: 'word' | 'ident' | 'string' | 'number' | 'param' | 'punct';
  readonly text: string;
}

/** SQL tokens; dotted and quoted names become one `ident`; `?` placeholders are numbered `?1`, `?2`. */
function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let question = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (ch === "'") {
      let j = i + 1;
      let text = '';
      while (j < n) {
        if (sql[j] === "'" && sql[j + 1] === "'") {
          text += "'";
          j += 2;
        } else if (sql[j] === "'") break;
        else text += sql[j++];
      }
      const param = /^\u0001(\d+)\u0001$/.exec(text);
      tokens.push(param ? { type: 'param', text: `#${param[1]}` } : { type: 'string', text });
      i = j + 1;
    } else if (ch === '"' || ch === '`') {
      const end = sql.indexOf(ch, i + 1);
      const text = sql.slice(i + 1, end < 0 ? n : end);
      tokens.push({ type: 'ident', text });
      i = end < 0 ? n : end + 1;
    } else if (ch === '\u0001') {
      const end = sql.indexOf('\u0001', i + 1);
      tokens.push({ type: 'param', text: `#${sql.slice(i + 1, end < 0 ? n : end)}` });
      i = end < 0 ? n : end + 1;
    } else if (ch === '$' && /[\w]/.test(sql[i + 1] ?? '')) {
      const match = /^\$\w+/.exec(sql.slice(i)) as RegExpExecArray;
      tokens.push({ type: 'param', text: match[0] });
      i += match[0].length;
    } else if (ch === '?') {
      if (sql[i + 1] === '?') {
        tokens.push({ type: 'ident', text: '??' });
        i += 2;
      } else {
        tokens.push({ type: 'param', text: `?${++question}` });
        i++;
      }
    } else if (ch === ':') {
      if (sql[i + 1] === ':') {
        // A cast (`::uuid`, `::uuid[]`): skip it and its type name.
        i += 2;
        while (i < n && /\w/.test(sql[i])) i++;
        if (sql.slice(i, i + 2) === '[]') i += 2;
      } else {
        const match = /^:(\.\.\.)?([A-Za-z_]\w*)/.exec(sql.slice(i));
        if (match) {
          tokens.push({ type: 'param', text: `:${match[1] ?? ''}${match[2]}` });
          i += match[0].length;
        } else {
          tokens.push({ type: 'punct', text: ':' });
          i++;
        }
      }
    } else if (/\d/.test(ch)) {
      const match = /^\d+(\.\d+)?/.exec(sql.slice(i)) as RegExpExecArray;
      tokens.push({ type: 'number', text: match[0] });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][\w$]*/.exec(sql.slice(i)) as RegExpExecArray;
      tokens.push({ type: 'word', text: match[0] });
      i += match[0].length;
    } else {
      const two = sql.slice(i, i + 2);
      if (['<>', '!=', '<=', '>=', '||'].includes(two)) {
        tokens.push({ type: 'punct', text: two });
        i += 2;
      } else {
        tokens.push({ type: 'punct', text: ch });
        i++;
      }
    }
  }
  // Join `a.b.c`, `"a"."b"` into one name.
  const joined: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    const previous = joined[joined.length - 1];
    if (
      token.type === 'punct' &&
      token.text === '.' &&
      previous &&
      (previous.type === 'word' || previous.type === 'ident') &&
      (tokens[k + 1]?.type === 'word' || tokens[k + 1]?.type === 'ident')
    ) {
      joined[joined.length - 1] = { type: 'ident', text: `${previous.text}.${tokens[k + 1].text}` };
      k++;
    } else joined.push(token);
  }
  return joined;
}

const isWord = (token: Token | undefined, ...words: string[]): boolean =>
  token?.type === 'word' && words.includes(token.text.toLowerCase());
const isPunct = (token: Token | undefined, text: string): boolean => token?.type === 'punct' && token.text === text;
const KEYWORDS = new Set(['and', 'or', 'not', 'null', 'true', 'false', 'in', 'is', 'any', 'select', 'exists', 'like', 'between']);
const isName = (token: Token | undefined): boolean =>
  token?.type === 'ident' || (token?.type === 'word' && !KEYWORDS.has(token.text.toLowerCase()));

/** Reads `a = $1 AND (b = 2 OR c IN (:...c))`: tenant equalities under AND, OR only when every branch has one, never under NOT. */
class ConditionReader {
  private position = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly constraintFor: SqlConstraintFor,
  ) {}

  read(): FilterFacts {
    const facts = this.readOr();
    return this.position < this.tokens.length ? allOf([facts, OPAQUE_FILTER]) : facts;
  }

  private readOr(): FilterFacts {
    const branches = [this.readAnd()];
    while (isWord(this.tokens[this.position], 'or')) {
      this.position++;
      branches.push(this.readAnd());
    }
    return anyOf(branches);
  }

  private readAnd(): FilterFacts {
    const parts = [this.readNot()];
    while (isWord(this.tokens[this.position], 'and')) {
      this.position++;
      parts.push(this.readNot());
    }
    return allOf(parts);
  }

  private readNot(): FilterFacts {
    if (isWord(this.tokens[this.position], 'not')) {
      this.position++;
      this.readNot();
      return NO_FILTER;
    }
    const token = this.tokens[this.position];
    if (isPunct(token, '(') && !isWord(this.tokens[this.position + 1], 'select')) {
      this.position++;
      const inner = this.readOr();
      if (!isPunct(this.tokens[this.position], ')')) return OPAQUE_FILTER;
      this.position++;
      return inner;
    }
    return this.readComparison();
  }

  private readComparison(): FilterFacts {
    const start = this.position;
    let depth = 0;
    let between = false;
    while (this.position < this.tokens.length) {
      const token = this.tokens[this.position];
      if (isPunct(token, '(')) depth++;
      else if (isPunct(token, ')')) {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && isWord(token, 'between')) between = true;
      else if (depth === 0 && isWord(token, 'and')) {
        if (!between) break;
        between = false;
      } else if (depth === 0 && isWord(token, 'or')) break;
      this.position++;
    }
    if (this.position === start) {
      // Nothing to read (`AND AND`, a stray `)`): skip a token so reading always advances.
      if (this.position < this.tokens.length) this.position++;
      return OPAQUE_FILTER;
    }
    return this.evaluate(this.tokens.slice(start, this.position));
  }

  private evaluate(tokens: readonly Token[]): FilterFacts {
    const value = (token: Token | undefined): string | undefined | false =>
      token?.type === 'param' ? token.text : token?.type === 'string' || token?.type === 'number' ? undefined : false;
    const result = (found: Constraint | 'opaque' | undefined): FilterFacts =>
      found === 'opaque' ? OPAQUE_FILTER : found ? { constraints: [found], opaque: false } : NO_FILTER;
    const [a, op, b] = tokens;
    if (tokens.length === 3 && isPunct(op, '=')) {
      if (isName(a) && value(b) !== false) return result(this.constraintFor(a.text, value(b) || undefined, false));
      if (isName(b) && value(a) !== false) return result(this.constraintFor(b.text, value(a) || undefined, false));
      return NO_FILTER;
    }
    // `col IN (x)`, `col = ANY(x)`
    const listStart = isWord(op, 'in') ? 2 : isPunct(op, '=') && isWord(b, 'any') ? 3 : -1;
    if (listStart > 0 && isName(a) && isPunct(tokens[listStart], '(') && isPunct(tokens[tokens.length - 1], ')')) {
      const items = tokens.slice(listStart + 1, -1).filter((token) => !isPunct(token, ','));
      if (items.length !== 1 || value(items[0]) === false) return NO_FILTER;
      const placeholder = value(items[0]) || undefined;
      // `= ANY($1)` and TypeORM's `IN (:...ids)` take a list; `IN (?)` may be one value or a list Knex expands.
      const list = placeholder === undefined ? false : listStart === 3 || placeholder.startsWith(':...') ? 'yes' : 'maybe';
      return result(this.constraintFor(a.text, placeholder, list));
    }
    return NO_FILTER;
  }
}

/** The tenant constraints of a SQL condition (a WHERE clause or a query-builder fragment). */
export function readFragmentCondition(text: string, constraintFor: SqlConstraintFor): FilterFacts {
  const tokens = tokenize(text);
  if (tokens.length === 0) return NO_FILTER;
  return new ConditionReader(tokens, constraintFor).read();
}

const CLAUSE_ENDS = ['group', 'order', 'limit', 'offset', 'returning', 'having', 'for', 'window', 'fetch'];

/** Kind, table and WHERE of a plain statement; a WITH, a UNION or a subquery in FROM leaves the filter opaque. */
export function readSqlStatement(text: string, constraintFor: SqlConstraintFor): { kind: QueryKind; table: string | undefined; filter: FilterFacts } {
  const tokens = tokenize(text);
  const first = tokens[0]?.type === 'word' ? tokens[0].text.toLowerCase() : '';
  const kind: QueryKind =
    first === 'select' ? 'read' : first === 'update' ? 'update' : first === 'delete' ? 'delete' : first === 'insert' || first === 'replace' ? 'insert' : 'raw';
  if (kind === 'raw') return { kind, table: undefined, filter: OPAQUE_FILTER };
  const depthAt: number[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (isPunct(token, '(')) depth++;
    depthAt.push(depth);
    if (isPunct(token, ')')) depth = Math.max(0, depth - 1);
  }
  const topIndex = (predicate: (token: Token) => boolean, from = 0): number => {
    for (let k = from; k < tokens.length; k++) if (depthAt[k] === 0 && predicate(tokens[k])) return k;
    return -1;
  };
  let tableIndex = -1;
  if (kind === 'update') tableIndex = isWord(tokens[1], 'only') ? 2 : 1;
  else if (kind === 'insert') tableIndex = topIndex((t) => isWord(t, 'into')) + 1;
  else {
    const from = topIndex((t) => isWord(t, 'from'));
    tableIndex = from < 0 ? -1 : isWord(tokens[from + 1], 'only') ? from + 2 : from + 1;
  }
  const tableToken = tableIndex > 0 ? tokens[tableIndex] : undefined;
  const table = isName(tableToken) ? tableToken?.text : undefined;
  if (!table || topIndex((t) => isWord(t, 'union', 'intersect', 'except')) >= 0) return { kind, table, filter: OPAQUE_FILTER };
  const where = topIndex((t) => isWord(t, 'where'));
  if (where < 0) return { kind, table, filter: NO_FILTER };
  let end = topIndex((t) => isWord(t, ...CLAUSE_ENDS) || isPunct(t, ';'), where + 1);
  if (end < 0) end = tokens.length;
  const clause = tokens.slice(where + 1, end);
  return { kind, table, filter: clause.length === 0 ? OPAQUE_FILTER : new ConditionReader(clause, constraintFor).read() };
}

/**
 * Facts of a raw SQL call read by the small reader here: kind and table from the statement, and
 * only tenant equalities in a plain WHERE as constraints; anything else stays opaque (the SQL
 * module reads SQL properly, see above for why these layers do not use it).
 */
export function rawQueryFacts(
  layer: string,
  call: Call,
  sql: SqlFragment | undefined,
  lookup: (placeholder: string) => Node | undefined,
  context: DataContext,
  operation = getCallee(call)?.name ?? 'query',
): QueryFacts {
  if (!sql) return { layer, node: call, model: undefined, operation, kind: 'raw', constraints: [], opaque: true };
  const statement = readSqlStatement(sql.text, sqlConstraintFor(lookup, sql.node, context));
  return {
    layer,
    node: call,
    model: statement.table,
    operation,
    kind: statement.kind,
    constraints: statement.filter.constraints,
    opaque: statement.filter.constraints.length === 0,
  };
}
