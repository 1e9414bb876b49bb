import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';

type Node = TSESTree.Node;

/** The node types the engine looks for in a walk of its own (handler registrations, same-file calls, queries, presence checks). */
export type IndexedNode =
  | TSESTree.CallExpression
  | TSESTree.NewExpression
  | TSESTree.TaggedTemplateExpression
  | TSESTree.ClassDeclaration
  | TSESTree.ClassExpression
  | TSESTree.IfStatement
  | TSESTree.ExpressionStatement
  | TSESTree.VariableDeclarator;

const INDEXED_TYPES: readonly IndexedNode['type'][] = [
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.TaggedTemplateExpression,
  AST_NODE_TYPES.ClassDeclaration,
  AST_NODE_TYPES.ClassExpression,
  AST_NODE_TYPES.IfStatement,
  AST_NODE_TYPES.ExpressionStatement,
  AST_NODE_TYPES.VariableDeclarator,
];
const INDEXED: ReadonlySet<string> = new Set<string>(INDEXED_TYPES);

/**
 * Keys that hold only types (annotations, type arguments and parameters, `implements`), and
 * declarations that hold only types: no expression, so none of the nodes indexed, is under them.
 */
const TYPE_KEYS: ReadonlySet<string> = new Set(['typeAnnotation', 'typeArguments', 'typeParameters', 'returnType', 'superTypeArguments', 'superTypeParameters', 'implements']);
const TYPE_DECLARATIONS: ReadonlySet<string> = new Set<string>([
  AST_NODE_TYPES.TSInterfaceDeclaration,
  AST_NODE_TYPES.TSTypeAliasDeclaration,
  AST_NODE_TYPES.ImportDeclaration,
]);

/** What the walk does at a node of one type: keep it or not, and which child keys to walk (none: skip it). */
interface TypeStep {
  readonly indexed: boolean;
  readonly keys: readonly string[];
}

/** Per visitor-keys object (one per parser), each node type's step, made on first meeting the type. */
const stepsCache = new WeakMap<object, Map<string, TypeStep>>();

function stepsFor(visitorKeys: Readonly<Record<string, readonly string[] | undefined>>): Map<string, TypeStep> {
  let steps = stepsCache.get(visitorKeys);
  if (!steps) {
    steps = new Map();
    stepsCache.set(visitorKeys, steps);
  }
  return steps;
}

function stepOf(steps: Map<string, TypeStep>, visitorKeys: Readonly<Record<string, readonly string[] | undefined>>, type: string): TypeStep {
  let step = steps.get(type);
  if (!step) {
    step = {
      indexed: INDEXED.has(type),
      keys: TYPE_DECLARATIONS.has(type) ? [] : (visitorKeys[type] ?? []).filter((key) => !TYPE_KEYS.has(key)),
    };
    steps.set(type, step);
  }
  return step;
}

/** The node types a collector gathers: the indexed ones (the rules listen for no others). */
const COLLECTED_TYPES: readonly string[] = INDEXED_TYPES;

/** Each collected type and its number in {@link NodeCollector.types}. */
export const COLLECTED_CODE: ReadonlyMap<string, number> = new Map(COLLECTED_TYPES.map((type, code) => [type, code]));

/**
 * The nodes the engine and the rules ask about, gathered while ESLint walks the file: the nodes of
 * the types of {@link COLLECTED_TYPES}, in one list in the order ESLint enters them. One rule of
 * the plugin registers its listeners per file ({@link runAtProgramExit} in engine.ts); when ESLint
 * reaches `Program:exit`, every node has been entered. These are the plugin's only listeners
 * called during the walk, about a hundred calls in a job file of 165 lines. (Names and strings,
 * ten times as many nodes, are searched for in the text instead: code-text.ts.)
 */
export class NodeCollector {
  readonly nodes: Node[] = [];
  /** The type of each node, as its number in {@link COLLECTED_CODE}: read without asking the nodes, of many shapes, for their `type`. */
  readonly types: number[] = [];
  readonly listeners: Readonly<Record<string, (node: never) => void>>;

  constructor() {
    const { nodes, types } = this;
    const listeners: Record<string, (node: never) => void> = {};
    for (const [type, code] of COLLECTED_CODE) {
      listeners[type] = (node: Node): void => {
        nodes.push(node);
        types.push(code);
      };
    }
    this.listeners = listeners;
  }
}

/**
 * The nodes of a file the engine asks about, in source order (by start offset; a parent before a
 * child that starts where it does).
 * Finding handlers, the functions a handler calls and a handler's presence checks then read this
 * list, or the part of it inside one function, instead of walking the tree again each.
 */
export class NodeIndex {
  readonly nodes: readonly IndexedNode[];

  private constructor(nodes: IndexedNode[]) {
    // Visitor keys follow source order almost everywhere; a stable sort by start makes sure (a
    // parent still comes before a child that starts where it does).
    let sorted = true;
    for (let i = 1; i < nodes.length && sorted; i++) sorted = nodes[i - 1]!.range[0] <= nodes[i]!.range[0];
    if (!sorted) nodes.sort((a, b) => a.range[0] - b.range[0]);
    this.nodes = nodes;
  }

  /** The index of what a collector gathered in a whole walk of ESLint's: its nodes of the indexed types. */
  static collected(collector: NodeCollector): NodeIndex {
    return new NodeIndex(collector.nodes.filter((node): node is IndexedNode => INDEXED.has(node.type)));
  }

  /**
   * The index from one walk of the engine's own, for analysis asked before ESLint's walk has ended
   * (or outside a rule). It does not enter types, interfaces, type aliases or import declarations,
   * which hold no indexed node of running code.
   */
  static walk(sourceCode: Readonly<TSESLint.SourceCode>): NodeIndex {
    const nodes: IndexedNode[] = [];
    const visitorKeys = sourceCode.visitorKeys;
    const steps = stepsFor(visitorKeys);
    const visit = (node: Node): void => {
      const type = node.type;
      // Identifiers and literals, the most common nodes, hold no indexed node, except in a
      // parameter's decorators.
      if (type === AST_NODE_TYPES.Identifier) {
        if (!node.decorators?.length) return;
      } else if (type === AST_NODE_TYPES.Literal) {
        return;
      }
      const step = steps.get(type) ?? stepOf(steps, visitorKeys, type);
      if (step.indexed) nodes.push(node as IndexedNode);
      const keys = step.keys;
      for (let k = 0; k < keys.length; k++) {
        const child = (node as unknown as Record<string, unknown>)[keys[k]!];
        if (child === null || typeof child !== 'object') continue;
        if (Array.isArray(child)) {
          for (let i = 0; i < child.length; i++) {
            const item = child[i] as Node | null;
            if (item && typeof item.type === 'string') visit(item);
          }
        } else if (typeof (child as Node).type === 'string') visit(child as Node);
      }
    };
    visit(sourceCode.ast);
    return new NodeIndex(nodes);
  }

  /** The indexed nodes inside `node` (itself included), in source order. */
  *within(node: Node): Generator<IndexedNode> {
    const [start, end] = node.range;
    // The first node that starts at or after `start`: nodes are sorted by start offset.
    let low = 0;
    let high = this.nodes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.nodes[middle]!.range[0] < start) low = middle + 1;
      else high = middle;
    }
    for (let index = low; index < this.nodes.length; index++) {
      const candidate = this.nodes[index]!;
      if (candidate.range[0] >= end) break;
      if (candidate.range[1] <= end) yield candidate;
    }
  }
}
