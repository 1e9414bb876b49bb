import { type TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from './node-types';
import type { QueryFacts } from '../analysis/data';
import type { Handler } from '../analysis/handlers';

const MAX_LABEL = 60;

/** How a query is named in a message: its callee as written (`prisma.document.findMany`), else the layer's operation. */
export function queryLabel(query: QueryFacts, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const node = query.node;
  const callee = node.type === AST_NODE_TYPES.CallExpression ? node.callee : node.type === AST_NODE_TYPES.TaggedTemplateExpression ? node.tag : undefined;
  const text = callee ? sourceCode.getText(callee).replace(/\s+/g, ' ') : '';
  return text && text.length <= MAX_LABEL ? text : `${query.layer} ${query.operation}`;
}

export function verbOf(query: QueryFacts): string {
  const operation = query.operation.toUpperCase();
  if (query.kind === 'delete' || (query.kind === 'raw' && operation.startsWith('DELETE'))) return 'deletes';
  if (query.kind === 'update' || (query.kind === 'raw' && operation.startsWith('UPDATE'))) return 'updates';
  return 'reads';
}

export function jobLabel(handler: Handler): string {
  return handler.jobName ?? (handler.fn.type === AST_NODE_TYPES.FunctionDeclaration && handler.fn.id ? handler.fn.id.name : 'unnamed job');
}

