import * as path from 'node:path';
import { Linter } from 'eslint';
import parser from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import type { DataLayer } from '../../src/analysis/data/types';
import { isChainTop } from '../../src/analysis/data/types';
import { getFileAnalysis, type FileAnalysis } from '../../src/analysis/engine';

type Context = Parameters<typeof getFileAnalysis>[0];

/**
 * Runs `visit` with the file's analysis over every call, `new` and tagged template of `code`
 * (parsed as TypeScript by the real parser inside a real ESLint `Linter`), and returns what it collects.
 */
export function probe<T>(
  code: string,
  visit: (analysis: FileAnalysis, node: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression) => T | undefined,
  settings: Record<string, unknown> = {},
  filename = 'file.ts',
): T[] {
  const found: T[] = [];
  const rule = {
    meta: { type: 'problem' as const, schema: [] },
    create(context: Context) {
      let analysis: FileAnalysis | undefined;
      const onNode = (node: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression) => {
        analysis ??= getFileAnalysis(context);
        const value = visit(analysis, node);
        if (value !== undefined) found.push(value);
      };
      return { CallExpression: onNode, NewExpression: onNode, TaggedTemplateExpression: onNode };
    },
  };
  const messages = new Linter().verify(
    code,
    [
      {
        files: ['**/*.ts', '**/*.tsx', '**/*.js'],
        languageOptions: { parser },
        plugins: { probe: { rules: { probe: rule as never } } },
        rules: { 'probe/probe': 'error' },
        settings: { 'tenant-jobs': settings },
      },
    ],
    filename,
  );
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`parse error: ${fatal.message}`);
  return found;
}

/**
 * The queries of `code` as the data layers read them, in a plain shape for assertions. With `layer`,
 * only that layer is asked (at chain tops, as the engine does); without, every registered layer.
 */
export function queries(code: string, settings: Record<string, unknown> = {}, layer?: DataLayer) {
  return probe(
    code,
    (analysis, node) => {
      if (node.type === 'NewExpression') return undefined;
      const query = layer
        ? node.type === 'TaggedTemplateExpression' || isChainTop(node)
          ? layer.matchQuery(node, analysis)
          : undefined
        : analysis.queryOf(node);
      if (!query) return undefined;
      // The engine asks a layer only in files it may hold queries of (`FileAnalysis.dataLayers`):
      // every query a layer's own tests find must be in such a file.
      if (layer && !analysis.dataLayers.some((asked) => asked.id === layer.id)) throw new Error(`the engine would not ask ${layer.id} about this file`);
      const text = (n: TSESTree.Node | undefined) => (n ? analysis.sourceCode.getText(n) : undefined);
      return {
        layer: query.layer,
        model: query.model,
        operation: query.operation,
        kind: query.kind,
        constraints: query.constraints.map((c) => ({
          column: c.column,
          value: text(c.value),
          ...(c.conditional ? { conditional: true } : {}),
          ...(c.dropsUndefined ? { dropsUndefined: true } : {}),
        })),
        opaque: query.opaque,
        ...(query.byId ? { byId: true } : {}),
        text: text(query.node),
      };
    },
    settings,
  );
}

/** The file's analysis, taken at `Program:exit` of a real lint (the AST stays usable afterwards). */
export function analyze(code: string, settings: Record<string, unknown> = {}, filename = 'file.ts'): FileAnalysis {
  let result: FileAnalysis | undefined;
  const rule = {
    meta: { type: 'problem' as const, schema: [] },
    create(context: Context) {
      return {
        'Program:exit'() {
          result = getFileAnalysis(context);
        },
      };
    },
  };
  const messages = new Linter({ cwd: '/project' }).verify(
    code,
    [
      {
        files: ['**/*.ts', '**/*.tsx', '**/*.js'],
        languageOptions: { parser },
        plugins: { probe: { rules: { probe: rule as never } } },
        rules: { 'probe/probe': 'error' },
        settings: { 'tenant-jobs': settings },
      },
    ],
    path.join('/project', filename),
  );
  const fatal = messages.find((message) => message.fatal || message.ruleId === 'probe/probe');
  if (fatal) throw new Error(fatal.message);
  return result!;
}

/** The handlers of `code` in a plain shape: system, job name, how found, payload path, cron, first line of the function. */
export function handlers(code: string, settings: Record<string, unknown> = {}, filename = 'file.ts') {
  const analysis = analyze(code, settings, filename);
  return analysis.handlers.map((h) => ({
    system: h.system,
    jobName: h.jobName,
    via: h.via,
    payload: h.payload ? `${h.payload.param}:${h.payload.path.join('.')}` : undefined,
    cron: h.cron,
    line: h.fn.loc.start.line,
  }));
}
