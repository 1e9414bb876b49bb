import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../util/node-types';
import { getStaticString, unwrap } from '../../util/ast';
import type { Origin } from '../resolve';
import type { MatchContext } from './types';

/**
 * Whether a receiver that no import identifies may still be recognised by its call shape: it is
 * not known to be built by some other library (`new PQueue()` stays a p-queue), and its name
 * fits (`emailQueue`, `this.reportsQueue`, `boss`, `ReportQueue.getInstance()`). A call result of
 * the project's own module is fine: the call shape (`add(name, data)`) still has to fit.
 */
export function isShapeCandidate(origin: Origin | undefined, name: string | undefined, pattern: RegExp): boolean {
  if (!name || !pattern.test(name)) return false;
  if (!origin) return true;
  // An imported binding from the project's own module (`import { emailQueue } from './queues'`,
  // `queues.reportQueue`) is plain property steps; anything constructed or called comes from a
  // library this system is not.
  return !origin.path.includes('new') && !origin.path.includes('@');
}

/**
 * The cheap first test before a receiver's origin is worked out, for a system that takes a client
 * from its own `sources` or, by shape, a receiver whose name fits `pattern`: false when the name
 * does not fit and no value of the file can come from those sources
 * ({@link MatchContext.mayHaveOriginFrom}).
 */
export function mayBeClient(name: string | undefined, pattern: RegExp, sources: readonly string[], context: MatchContext): boolean {
  return (name !== undefined && pattern.test(name)) || context.mayHaveOriginFrom(sources);
}

/**
 * A job name argument in a shape match: a string literal, a template, an enum-like member
 * (`JobName.SendReport`) or a constant bound to a string. Functions and objects are not names,
 * which keeps `pQueue.add(task, { priority })` out.
 */
export function isNameArgument(node: TSESTree.Node | undefined, context: MatchContext): boolean {
  if (!node) return false;
  const value = context.resolver.resolveValue(node);
  if (getStaticString(value) !== undefined || value.type === AST_NODE_TYPES.TemplateLiteral) return true;
  const inner = unwrap(node);
  return inner.type === AST_NODE_TYPES.MemberExpression && !inner.computed && value === inner;
}
