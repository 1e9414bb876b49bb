import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { getKeyName, getMemberName, getStaticString, unwrap, unwrapAwait } from '../util/ast';

type Node = TSESTree.Node;
type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;

/**
 * Where a value comes from, as far as the file shows: an import source and a path of steps from the
 * module: property names, `()` for a call, `new` for a construction. `new Queue()` with
 * `import { Queue } from 'bullmq'` is `{ source: 'bullmq', path: ['Queue', 'new'] }`; a default
 * import starts with `default`; a namespace import or a whole-module `require` has no first step.
 */
export interface Origin {
  readonly source: string;
  readonly path: readonly string[];
  /** The last call or `new` on the way (`new Queue('emails')`, `task({ id })`), for names and options. */
  readonly created?: TSESTree.CallExpression | TSESTree.NewExpression;
  /**
   * From type information only (src/analysis/type-origins.ts): the names of the value's type
   * arguments, `['Page']` for a `Repository<Page>`, where they name the model.
   */
  readonly typeArguments?: readonly string[];
}

const MAX_DEPTH = 12;

/** Scope lookups for one file. */
export class Resolver {
  /** Per variable, answers that scan all its references: kept so each scan runs once per file. */
  private readonly laterWrites = new WeakMap<Variable, boolean>();
  private readonly mutations = new WeakMap<Variable, boolean>();
  /** Per scope, the variable each name looked up from there resolves to (null: not declared in the file). */
  private readonly names = new WeakMap<Scope, Map<string, Variable | null>>();

  constructor(private readonly sourceCode: Readonly<TSESLint.SourceCode>) {}

  /** Whether a variable is written after its declaration (`x = …`, `x++`); memoised. */
  hasLaterWrite(variable: Variable): boolean {
    let answer = this.laterWrites.get(variable);
    if (answer === undefined) {
      answer = variable.references.some((reference) => reference.isWrite() && reference.init !== true);
      this.laterWrites.set(variable, answer);
    }
    return answer;
  }

  /**
   * The variable a name refers to at `node`, if declared in the file. `getScope` already gives the
   * innermost scope around the node, so the name is looked up from there outwards (`ASTUtils.
   * findVariable` with a node would search that scope's child scopes again, one by one, which is
   * linear in the number of functions of a module for every module-level name.)
   */
  findVariable(node: TSESTree.Identifier): Variable | undefined {
    return this.variableNamed(node.name, node);
  }

  /** The variable `name` refers to where `at` stands, if declared in the file. */
  variableNamed(name: string, at: Node): Variable | undefined {
    // Every scope walked gets the answer too: a name used in 1,000 nested blocks is looked up
    // through each scope once, not once per use.
    const walked: Map<string, Variable | null>[] = [];
    let found: Variable | null = null;
    for (let scope: Scope | null = this.sourceCode.getScope(at) as Scope; scope; scope = scope.upper) {
      let names = this.names.get(scope);
      if (!names) this.names.set(scope, (names = new Map()));
      const known = names.get(name);
      if (known !== undefined) {
        found = known;
        break;
      }
      walked.push(names);
      const variable = scope.set.get(name);
      if (variable) {
        found = variable;
        break;
      }
    }
    for (const names of walked) names.set(name, found);
    return found ?? undefined;
  }

  /** Whether a variable is bound once (const, or let/var never written after its declaration). */
  isSingleAssignment(variable: Variable): boolean {
    return variable.defs.length === 1 && !this.hasLaterWrite(variable);
  }

  /**
   * The expression a local binding was initialised with, following `const a = b` chains and
   * destructuring (`const { data } = job` gives `job.data` as a member step). Undefined for
   * parameters, imports and reassigned bindings.
   */
  resolveIdentifier(node: TSESTree.Identifier): TSESTree.Expression | undefined {
    const variable = this.findVariable(node);
    if (!variable || !this.isSingleAssignment(variable)) return undefined;
    const def = variable.defs[0];
    if (def?.type !== 'Variable') return undefined;
    const declarator = def.node;
    if (!declarator.init || declarator.id.type !== AST_NODE_TYPES.Identifier) return undefined;
    return declarator.init;
  }

  /**
   * Follows identifiers bound once to their initialiser, through TS wrappers, at most a few steps.
   * Returns the last expression reached.
   */
  resolveValue(node: Node, depth = 0): Node {
    const inner = unwrap(node);
    if (depth < MAX_DEPTH && inner.type === AST_NODE_TYPES.Identifier) {
      const init = this.resolveIdentifier(inner);
      if (init) return this.resolveValue(init, depth + 1);
    }
    return inner;
  }

  /** Whether a local binding's object may be changed after it was built (`payload.x = …`, `Object.assign(payload, …)`). */
  isMutated(node: TSESTree.Identifier): boolean {
    const variable = this.findVariable(node);
    if (!variable) return false;
    let answer = this.mutations.get(variable);
    if (answer === undefined) {
      answer = this.scanMutations(variable);
      this.mutations.set(variable, answer);
    }
    return answer;
  }

  private scanMutations(variable: Variable): boolean {
    return variable.references.some((reference) => {
      const id = reference.identifier as Node;
      const parent = id.parent;
      if (!parent) return false;
      if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === id) {
        const grand = parent.parent;
        return (
          (grand?.type === AST_NODE_TYPES.AssignmentExpression && grand.left === parent) ||
          (grand?.type === AST_NODE_TYPES.CallExpression &&
            grand.callee === parent &&
            ['push', 'unshift', 'splice', 'set'].includes(getMemberName(parent) ?? ''))
        );
      }
      if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === id) {
        const callee = unwrap(parent.callee);
        return (
          callee.type === AST_NODE_TYPES.MemberExpression &&
          callee.object.type === AST_NODE_TYPES.Identifier &&
          callee.object.name === 'Object' &&
          getMemberName(callee) === 'assign'
        );
      }
      return false;
    });
  }

  /** Where an expression's value comes from, if it leads back to an import (see {@link Origin}). */
  originOf(node: Node, depth = 0): Origin | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const inner = unwrapAwait(node);
    switch (inner.type) {
      case AST_NODE_TYPES.Identifier:
        return this.originOfIdentifier(inner, depth);
      case AST_NODE_TYPES.MemberExpression: {
        const name = getMemberName(inner);
        if (name === undefined) return undefined;
        if (inner.object.type === AST_NODE_TYPES.ThisExpression) return this.originOfThisMember(inner, name, depth);
        const base = this.originOf(inner.object, depth + 1);
        return base && { ...base, path: [...base.path, name] };
      }
      case AST_NODE_TYPES.CallExpression: {
        const required = getRequireSource(inner);
        if (required !== undefined) return { source: required, path: [] };
        const base = this.originOf(inner.callee, depth + 1);
        return base && { source: base.source, path: [...base.path, '()'], created: inner };
      }
      case AST_NODE_TYPES.NewExpression: {
        const base = this.originOf(inner.callee, depth + 1);
        return base && { source: base.source, path: [...base.path, 'new'], created: inner };
      }
      case AST_NODE_TYPES.ImportExpression: {
        const source = getStaticString(inner.source);
        return source === undefined ? undefined : { source, path: [] };
      }
      default:
        return undefined;
    }
  }

  private originOfIdentifier(node: TSESTree.Identifier, depth: number): Origin | undefined {
    const variable = this.findVariable(node);
    const def = variable?.defs[0];
    if (!variable || !def) return undefined;
    if (def.type === 'ImportBinding') {
      const spec = def.node;
      const declaration = spec.parent as TSESTree.ImportDeclaration | TSESTree.TSImportEqualsDeclaration;
      if (spec.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
        const ref = spec.moduleReference;
        if (ref.type === AST_NODE_TYPES.TSExternalModuleReference) {
          const source = getStaticString(ref.expression);
          return source === undefined ? undefined : { source, path: [] };
        }
        return undefined;
      }
      if (declaration.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
      const source = declaration.source.value;
      if (spec.type === AST_NODE_TYPES.ImportDefaultSpecifier) return { source, path: ['default'] };
      if (spec.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return { source, path: [] };
      const imported = spec.imported.type === AST_NODE_TYPES.Identifier ? spec.imported.name : spec.imported.value;
      return { source, path: [imported] };
    }
    if (def.type === 'Variable') {
      if (!this.isSingleAssignment(variable)) return undefined;
      const declarator = def.node;
      if (!declarator.init) return undefined;
      const base = this.originOf(declarator.init, depth + 1);
      if (!base) return undefined;
      const steps = patternPath(declarator.id, def.name);
      return steps && { ...base, path: [...base.path, ...steps] };
    }
    if (def.type === 'Parameter') return this.originOfTypedBinding(def.name, depth);
    return undefined;
  }

  /**
   * A parameter or class member known by its type annotation (`queue: Queue` with `Queue` from
   * `bullmq`) or by a NestJS injection decorator: an instance of that class.
   */
  private originOfTypedBinding(id: TSESTree.Node, depth: number): Origin | undefined {
    const holder = id.parent?.type === AST_NODE_TYPES.TSParameterProperty ? id.parent : id;
    const decorators = (holder as { decorators?: TSESTree.Decorator[] }).decorators ?? [];
    for (const decorator of decorators) {
      const expression = unwrap(decorator.expression);
      const callee = expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression;
      const origin = this.originOf(callee, depth + 1);
      if (origin) return { source: origin.source, path: [...origin.path, '@'] };
    }
    const annotation = (id as { typeAnnotation?: TSESTree.TSTypeAnnotation }).typeAnnotation?.typeAnnotation;
    if (annotation?.type === AST_NODE_TYPES.TSTypeReference) {
      const typeName = annotation.typeName;
      const origin =
        typeName.type === AST_NODE_TYPES.Identifier
          ? this.originOf(typeName, depth + 1)
          : typeName.type === AST_NODE_TYPES.TSQualifiedName && typeName.left.type === AST_NODE_TYPES.Identifier
            ? (() => {
                const base = this.originOf(typeName.left as TSESTree.Identifier, depth + 1);
                return base && { ...base, path: [...base.path, typeName.right.name] };
              })()
            : undefined;
      if (origin) return { source: origin.source, path: [...origin.path, 'new'] };
    }
    return undefined;
  }

  /** `this.queue`: a class field's initialiser or type, a constructor parameter property, or `this.queue = …` in the constructor. */
  private originOfThisMember(node: TSESTree.MemberExpression, name: string, depth: number): Origin | undefined {
    const classBody = enclosingClassBody(node);
    if (!classBody) return undefined;
    for (const member of classBody.body) {
      if (
        member.type === AST_NODE_TYPES.PropertyDefinition &&
        !member.static &&
        getKeyName(member.key, member.computed) === name
      ) {
        if (member.value) {
          const fromValue = this.originOf(member.value, depth + 1);
          if (fromValue) return fromValue;
        }
        const typed = this.originOfTypedBinding(member as unknown as TSESTree.Node, depth);
        if (typed) return typed;
      }
      if (
        member.type === AST_NODE_TYPES.MethodDefinition &&
        member.kind === 'constructor' &&
        member.value.type === AST_NODE_TYPES.FunctionExpression
      ) {
        for (const param of member.value.params) {
          if (param.type === AST_NODE_TYPES.TSParameterProperty) {
            const binding = param.parameter.type === AST_NODE_TYPES.AssignmentPattern ? param.parameter.left : param.parameter;
            if (binding.type === AST_NODE_TYPES.Identifier && binding.name === name) return this.originOfTypedBinding(binding, depth);
          }
        }
        for (const statement of member.value.body?.body ?? []) {
          if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
          const expression = statement.expression;
          if (
            expression.type === AST_NODE_TYPES.AssignmentExpression &&
            expression.operator === '=' &&
            expression.left.type === AST_NODE_TYPES.MemberExpression &&
            expression.left.object.type === AST_NODE_TYPES.ThisExpression &&
            getMemberName(expression.left) === name
          ) {
            const fromAssignment = this.originOf(expression.right, depth + 1);
            if (fromAssignment) return fromAssignment;
          }
        }
      }
    }
    return undefined;
  }
}

function enclosingClassBody(node: Node): TSESTree.ClassBody | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassBody) return current;
  }
  return undefined;
}

/** `require('x')` (also `require('x').y` is handled by the member step). */
export function getRequireSource(node: TSESTree.CallExpression): string | undefined {
  const callee = unwrap(node.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'require' || node.arguments.length !== 1) return undefined;
  return getStaticString(node.arguments[0]);
}

/**
 * The property steps from a destructuring pattern's root to one of its bindings:
 * `{ a: { b } }` and `b` give `['a', 'b']`. Undefined when the binding sits behind a computed key,
 * an array pattern or a rest element.
 */
export function patternPath(pattern: TSESTree.Node, target: TSESTree.Node): string[] | undefined {
  if (pattern === target) return [];
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier:
      return undefined;
    case AST_NODE_TYPES.AssignmentPattern:
      return patternPath(pattern.left, target);
    case AST_NODE_TYPES.ObjectPattern:
      for (const property of pattern.properties) {
        if (property.type !== AST_NODE_TYPES.Property) continue;
        const name = getKeyName(property.key, property.computed);
        const inner = patternPath(property.value, target);
        if (inner) return name === undefined ? undefined : [name, ...inner];
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Whether an origin's import source is `source` or one of its subpaths (`quirrel` covers `quirrel/next-app`). */
export function isFromSource(origin: Origin | undefined, sources: readonly string[]): boolean {
  return origin !== undefined && isSourceUnder(origin.source, sources);
}

/** Whether an import source is one of `sources` or a subpath of one. */
export function isSourceUnder(source: string, sources: readonly string[]): boolean {
  for (let i = 0; i < sources.length; i++) {
    const wanted = sources[i]!;
    if (source === wanted) return true;
    // `wanted/…`, without building the string for every source asked about.
    if (source.length > wanted.length && source.charCodeAt(wanted.length) === 47 && source.startsWith(wanted)) return true;
  }
  return false;
}

/** Whether an origin's path is exactly one of the given paths. */
export function hasPath(origin: Origin | undefined, ...paths: readonly (readonly string[])[]): boolean {
  if (!origin) return false;
  return paths.some(
    (path) => path.length === origin.path.length && path.every((step, index) => origin.path[index] === step),
  );
}
