// The seed corpus of the mutation source: the fixture projects, the example app, the code strings
// of the test files and the code blocks of the docs. Mutations edit one program's text at nodes of
// its syntax tree: statements dropped, duplicated, swapped or moved; identifiers swapped or
// renamed; expressions wrapped in `as any`, `!`, parentheses, `await` or turned into `?.` chains;
// properties dropped or duplicated; strings and conditions changed.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseTs } from '@typescript-eslint/typescript-estree';

const CODE_EXTENSIONS = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.work', '.git']);

function walkFiles(dir, out = []) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walkFiles(full, out);
    else out.push(full);
  }
  return out;
}

/** Parses TypeScript (JSX by extension); undefined when it does not parse. */
export function tryParseTs(code, filename) {
  try {
    return parseTs(code, { range: true, loc: false, comment: false, jsx: /\.[jt]sx$/.test(filename), filePath: filename });
  } catch {
    return undefined;
  }
}

/** Child nodes of a node, in source order. */
export function childNodes(node) {
  const out = [];
  for (const key of Object.keys(node)) {
    if (key === 'parent' || key === 'range' || key === 'loc' || key === 'tokens' || key === 'comments') continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item.type === 'string') out.push(item);
    } else if (value && typeof value.type === 'string') out.push(value);
  }
  return out.sort((a, b) => a.range[0] - b.range[0]);
}

/** Every node of a tree, with its parent and the key it sits under. */
export function allNodes(root) {
  const out = [];
  const visit = (node, parent, key) => {
    out.push({ node, parent, key });
    for (const k of Object.keys(node)) {
      if (k === 'parent' || k === 'range' || k === 'loc' || k === 'tokens' || k === 'comments') continue;
      const value = node[k];
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof item.type === 'string') visit(item, node, k);
      } else if (value && typeof value.type === 'string') visit(value, node, k);
    }
  };
  visit(root, undefined, undefined);
  return out;
}

/**
 * The static text of a string or template literal in a test file, with `${name}` parts resolved
 * through the file's top-level string constants; undefined when a part cannot be read.
 */
function staticText(node, constants, depth = 0) {
  if (depth > 4) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral') {
    let text = '';
    for (let i = 0; i < node.quasis.length; i++) {
      text += node.quasis[i].value.cooked ?? '';
      const expression = node.expressions[i];
      if (!expression) continue;
      const part = expression.type === 'Identifier' ? constants.get(expression.name) : staticText(expression, constants, depth + 1);
      if (part === undefined) return undefined;
      text += part;
    }
    return text;
  }
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    const left = staticText(node.left, constants, depth + 1);
    const right = staticText(node.right, constants, depth + 1);
    return left === undefined || right === undefined ? undefined : left + right;
  }
  return undefined;
}

/** Code strings of a test file: its string literals that parse as TypeScript and look like code. */
function codeStringsOf(source, file) {
  const ast = tryParseTs(source, file);
  if (!ast) return [];
  const constants = new Map();
  for (const statement of ast.body) {
    if (statement.type !== 'VariableDeclaration') continue;
    for (const declarator of statement.declarations) {
      if (declarator.id.type !== 'Identifier' || !declarator.init) continue;
      const text = staticText(declarator.init, constants);
      if (text !== undefined) constants.set(declarator.id.name, text);
    }
  }
  const out = new Set();
  for (const { node } of allNodes(ast)) {
    if (node.type !== 'Literal' && node.type !== 'TemplateLiteral') continue;
    const text = staticText(node, constants);
    if (!text || text.length < 20 || !/[({]/.test(text) || !/[;\n)]/.test(text)) continue;
    out.add(text);
  }
  return [...out].filter((text) => tryParseTs(text, 'file.ts') || tryParseTs(text, 'file.tsx'));
}

/** Fenced ```ts/js code blocks of a markdown file. */
function codeBlocksOf(markdown) {
  const out = [];
  const fence = /```(ts|tsx|js|javascript|typescript)\n([\s\S]*?)```/g;
  for (let match = fence.exec(markdown); match; match = fence.exec(markdown)) out.push(match[2]);
  return out.filter((text) => tryParseTs(text, 'file.ts'));
}

/**
 * The corpus: `{ code, filename, origin, cwd? }` entries. Files keep their path relative to their
 * project, which is their `cwd` (so `jobFiles`, cron routes and the project's schema apply as in the
 * project); strings get a plain or a job-file name.
 */
export function loadCorpus(root) {
  const entries = [];
  const projects = [
    path.join(root, 'tests/fixtures/saas-project'),
    path.join(root, 'examples/saas-app'),
    path.join(root, 'tests/fixtures/cli'),
    path.join(root, 'tests/fixtures/typed'),
    path.join(root, 'tests/integration/fixtures'),
  ];
  for (const project of projects) {
    for (const file of walkFiles(project)) {
      if (!CODE_EXTENSIONS.test(file) || statSync(file).size > 200_000) continue;
      const code = readFileSync(file, 'utf8');
      const filename = path.relative(project, file).split(path.sep).join('/');
      // Linted from the project's root, as ESLint would: its schema and paths apply.
      if (tryParseTs(code, filename)) entries.push({ code, filename, origin: path.relative(root, file), cwd: project });
    }
  }
  const names = ['file.ts', 'src/jobs/job.ts', 'src/workers/w.ts', 'app/api/cron/x/route.ts', 'file.tsx'];
  let n = 0;
  for (const file of [...walkFiles(path.join(root, 'tests/rules')), ...walkFiles(path.join(root, 'tests/analysis'))]) {
    if (!file.endsWith('.ts')) continue;
    for (const code of codeStringsOf(readFileSync(file, 'utf8'), file)) {
      const filename = names[n++ % names.length];
      entries.push({ code, filename: tryParseTs(code, filename) ? filename : 'file.tsx', origin: path.relative(root, file) });
    }
  }
  for (const file of walkFiles(path.join(root, 'docs'))) {
    if (!file.endsWith('.md')) continue;
    for (const code of codeBlocksOf(readFileSync(file, 'utf8'))) entries.push({ code, filename: names[n++ % names.length], origin: path.relative(root, file) });
  }
  return entries;
}

// ---------------------------------------------------------------- mutations

const STATEMENT_LISTS = new Set(['body', 'consequent']);
const TENANTISH = ['organizationId', 'orgId', 'tenantId', 'undefined', 'job', 'data', 'payload', 'prisma', 'db', 'event', 'step'];
const STRINGS = [`'report'`, `''`, '`x-${y}`', `'organization_id'`, `'SELECT * FROM documents WHERE organization_id = $1'`, `'*'`];

function isExpression(node) {
  return /Expression$|^Identifier$|^Literal$|^TemplateLiteral$/.test(node.type) && node.type !== 'ExpressionStatement';
}

/** The statement lists of a tree: `[parent, items]`. */
function statementLists(nodes) {
  const out = [];
  for (const { node } of nodes) {
    for (const key of STATEMENT_LISTS) {
      const value = node[key];
      if (Array.isArray(value) && value.length && value.every((item) => item && /Statement$|Declaration$/.test(item.type))) out.push(value);
    }
  }
  return out;
}

const splice = (code, [start, end], text) => code.slice(0, start) + text + code.slice(end);

/** One random edit of `code` at its syntax tree; undefined when nothing applies. */
function mutateOnce(r, code, ast) {
  const nodes = allNodes(ast);
  const text = (node) => code.slice(node.range[0], node.range[1]);
  const kind = r.weighted([
    [3, 'drop'],
    [2, 'duplicate'],
    [2, 'swap'],
    [1, 'move'],
    [3, 'swapIdentifiers'],
    [2, 'renameIdentifier'],
    [4, 'wrap'],
    [2, 'optional'],
    [2, 'property'],
    [1, 'string'],
    [1, 'condition'],
    [1, 'exit'],
  ]);
  const lists = statementLists(nodes);
  switch (kind) {
    case 'drop':
    case 'duplicate': {
      if (!lists.length) return undefined;
      const statement = r.pick(r.pick(lists));
      return kind === 'drop' ? splice(code, statement.range, '') : splice(code, [statement.range[1], statement.range[1]], `\n${text(statement)}`);
    }
    case 'swap': {
      const list = r.pick(lists.filter((l) => l.length > 1).concat([[]]));
      if (list.length < 2) return undefined;
      const [a, b] = r.sample(list, 2).sort((x, y) => x.range[0] - y.range[0]);
      return code.slice(0, a.range[0]) + text(b) + code.slice(a.range[1], b.range[0]) + text(a) + code.slice(b.range[1]);
    }
    case 'move': {
      if (lists.length < 2) return undefined;
      const [from, to] = r.sample(lists, 2);
      const statement = r.pick(from);
      const target = r.pick(to);
      if (statement.range[0] <= target.range[0] && target.range[1] <= statement.range[1]) return undefined;
      const moved = text(statement);
      // Edit the later position first so the earlier range stays valid.
      if (target.range[1] > statement.range[1]) return splice(splice(code, [target.range[1], target.range[1]], `\n${moved}`), statement.range, '');
      return splice(splice(code, statement.range, ''), [target.range[1], target.range[1]], `\n${moved}`);
    }
    case 'swapIdentifiers':
    case 'renameIdentifier': {
      const identifiers = nodes.filter(({ node }) => node.type === 'Identifier').map(({ node }) => node);
      if (!identifiers.length) return undefined;
      const target = r.pick(identifiers);
      const name = kind === 'swapIdentifiers' ? r.pick(identifiers).name : r.pick(TENANTISH);
      return splice(code, [target.range[0], target.range[0] + target.name.length], name);
    }
    case 'wrap': {
      const expressions = nodes.filter(({ node, key }) => isExpression(node) && key !== 'key' && key !== 'property' && key !== 'id' && key !== 'params' && key !== 'label');
      if (!expressions.length) return undefined;
      const { node } = r.pick(expressions);
      const inner = text(node);
      const wrapped = r.pick([`(${inner} as any)`, `${inner}!`, `(${inner})`, `(await ${inner})`, `(${inner} satisfies unknown)`, `(${inner} as unknown as never)`, `(void 0, ${inner})`, `${inner}?.x`]);
      return splice(code, node.range, wrapped);
    }
    case 'optional': {
      const chains = nodes.filter(({ node }) => (node.type === 'MemberExpression' && !node.computed && !node.optional) || (node.type === 'CallExpression' && !node.optional));
      if (!chains.length) return undefined;
      const { node } = r.pick(chains);
      if (node.type === 'MemberExpression') return splice(code, [node.property.range[0] - 1, node.property.range[0]], '?.');
      return splice(code, [node.callee.range[1], node.callee.range[1]], '?.');
    }
    case 'property': {
      const objects = nodes.filter(({ node }) => node.type === 'ObjectExpression' && node.properties.length > 0).map(({ node }) => node);
      if (!objects.length) return undefined;
      const property = r.pick(r.pick(objects).properties);
      return r.chance(0.5) ? splice(code, property.range, '') : splice(code, [property.range[1], property.range[1]], `, ${text(property)}`);
    }
    case 'string': {
      const strings = nodes.filter(({ node }) => node.type === 'Literal' && typeof node.value === 'string').map(({ node }) => node);
      if (!strings.length) return undefined;
      return splice(code, r.pick(strings).range, r.pick(STRINGS));
    }
    case 'condition': {
      const ifs = nodes.filter(({ node }) => node.type === 'IfStatement' || node.type === 'ConditionalExpression').map(({ node }) => node);
      if (!ifs.length) return undefined;
      const test = r.pick(ifs).test;
      const inner = text(test);
      return splice(code, test.range, inner.startsWith('!') ? inner.slice(1) : `!(${inner})`);
    }
    case 'exit': {
      const exits = nodes.filter(({ node }) => node.type === 'ThrowStatement' || node.type === 'ReturnStatement').map(({ node }) => node);
      if (!exits.length) return undefined;
      return splice(code, r.pick(exits).range, r.pick(['return;', 'throw new Error("x");', 'continue;', 'break;', '{}']));
    }
    default:
      return undefined;
  }
}

/** Applies 1 to 4 random edits to a corpus entry, each one kept only when the result still parses. */
export function mutate(r, entry) {
  let code = entry.code;
  let ast = tryParseTs(code, entry.filename);
  if (!ast) return { ...entry };
  const wanted = r.int(1, 4);
  let applied = 0;
  for (let attempt = 0; applied < wanted && attempt < wanted * 4; attempt++) {
    const next = mutateOnce(r, code, ast);
    if (next === undefined) continue;
    const nextAst = tryParseTs(next, entry.filename);
    if (!nextAst) continue;
    code = next;
    ast = nextAst;
    applied += 1;
  }
  return { ...entry, code };
}
