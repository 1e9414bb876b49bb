import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { ResolvedSettings } from '../util/settings';

/** `ts.SymbolFlags.Optional`; read as a number so the plugin never loads TypeScript itself. */
const SYMBOL_FLAG_OPTIONAL = 1 << 24;

interface TypeLike {
  isUnion(): boolean;
  types?: TypeLike[];
  getProperties(): { name: string; flags: number }[];
}

/**
 * The parser services of a file linted with type information; undefined without (another parser,
 * such as ESLint's own espree for plain JavaScript, gives none: `getParserServices` would throw).
 */
function typeServices(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): ParserServicesWithTypeInformation | undefined {
  const services = context.sourceCode.parserServices;
  return services?.program && services.esTreeNodeToTSNodeMap ? (services as ParserServicesWithTypeInformation) : undefined;
}

/**
 * With type information (`parserOptions.projectService`), whether an expression's type has a
 * required tenant key (every member of a union must). Without it: false. Never builds a program.
 */
export function typeHasRequiredTenantKey(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  node: TSESTree.Node,
  settings: ResolvedSettings,
): boolean {
  const services = typeServices(context);
  if (!services) return false;
  const checker = services.program.getTypeChecker();
  const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node)) as unknown as TypeLike;
  const check = (t: TypeLike): boolean =>
    t.isUnion() && t.types
      ? t.types.every(check)
      : t.getProperties().some((symbol) => settings.isTenantKey(symbol.name) && (symbol.flags & SYMBOL_FLAG_OPTIONAL) === 0);
  return check(type);
}

/** `ts.TypeFlags.Undefined` */
const TYPE_FLAG_UNDEFINED = 1 << 15;

interface NodeTypeLike {
  flags: number;
  isUnion(): boolean;
  types?: NodeTypeLike[];
}

/**
 * With type information, whether an expression's type allows `undefined`: a field typed
 * `organizationId?: string` or `string | undefined` (also read through a property access when the
 * project does not use `strictNullChecks`). Without type information: false. Never builds a program.
 */
export function typeAllowsUndefined(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, node: TSESTree.Node): boolean {
  const services = typeServices(context);
  if (!services) return false;
  const checker = services.program.getTypeChecker();
  const tsNode = services.esTreeNodeToTSNodeMap.get(node);
  const type = checker.getTypeAtLocation(tsNode) as unknown as NodeTypeLike;
  if (type.flags & TYPE_FLAG_UNDEFINED || (type.isUnion() && type.types?.some((t) => (t.flags & TYPE_FLAG_UNDEFINED) !== 0))) return true;
  if (node.type !== 'MemberExpression') return false;
  const property = (tsNode as unknown as { name?: unknown }).name;
  const symbol = property ? (checker.getSymbolAtLocation(property as never) as unknown as { flags: number } | undefined) : undefined;
  return !!symbol && (symbol.flags & SYMBOL_FLAG_OPTIONAL) !== 0;
}
