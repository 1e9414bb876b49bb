import { ESLintUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { ResolvedSettings } from '../util/settings';

/** `ts.SymbolFlags.Optional`; read as a number so the plugin never loads TypeScript itself. */
const SYMBOL_FLAG_OPTIONAL = 1 << 24;

interface TypeLike {
  isUnion(): boolean;
  types?: TypeLike[];
  getProperties(): { name: string; flags: number }[];
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
  const services = ESLintUtils.getParserServices(context, true);
  if (!services.program) return false;
  const checker = services.program.getTypeChecker();
  const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node)) as unknown as TypeLike;
  const check = (t: TypeLike): boolean =>
    t.isUnion() && t.types
      ? t.types.every(check)
      : t.getProperties().some((symbol) => settings.isTenantKey(symbol.name) && (symbol.flags & SYMBOL_FLAG_OPTIONAL) === 0);
  return check(type);
}
