import type { TSESTree } from '@typescript-eslint/utils';
import { getFileAnalysis, hasJobSignal, runAtProgramExit } from '../analysis/engine';
import type { EnqueueSite } from '../analysis/jobs';
import { createUndocumentedRule } from '../util/create-rule';
import { jobLabel } from '../util/labels';

/** A source range: 1-based lines and columns, the end exclusive (as in ESLint messages). */
export interface Span {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface InventoryHandler extends Span {
  readonly system: string;
  readonly job: string;
  readonly cron: boolean;
  /** How the engine found it: `registration`, `export`, `job-file`, `cron-route`, `setting`. */
  readonly via: string;
}

export interface InventorySite extends Span {
  readonly system: string;
  readonly job: string | undefined;
  readonly repeatable: boolean;
}

/** A function whose code runs as part of a handler (the handler's own, or a same-file helper it calls). */
export interface InventoryOwned extends Span {
  /** Index into {@link FileInventory.handlers}. */
  readonly handler: number;
}

/** What the engine found in one file, as the internal rule reports it. */
export interface FileInventory {
  readonly handlers: InventoryHandler[];
  readonly sites: InventorySite[];
  readonly owned: InventoryOwned[];
}

/** The internal plugin's name and the rule's id in lint results. */
export const INVENTORY_PLUGIN = 'tenant-jobs-audit';
export const INVENTORY_RULE_ID = `${INVENTORY_PLUGIN}/inventory`;

function spanOf(node: TSESTree.Node): Span {
  return { line: node.loc.start.line, column: node.loc.start.column + 1, endLine: node.loc.end.line, endColumn: node.loc.end.column + 1 };
}

type FunctionLike = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/**
 * The audit's own rule, registered only by `tenant-jobs audit` (never in the plugin's rules): it
 * reports, once per file with any job code, the job handlers and enqueue sites the engine found,
 * as JSON in the message, so the audit counts them from the same analysis the rules use.
 */
export const inventoryRule = createUndocumentedRule<[], 'inventory'>({
  meta: {
    type: 'suggestion',
    docs: { description: 'Report the job handlers and enqueue sites of a file, for `tenant-jobs audit`' },
    schema: [],
    messages: { inventory: '{{ json }}' },
  },
  defaultOptions: [],
  visits: hasJobSignal,
  create(context) {
    const sites: EnqueueSite[] = [];
    const functions: FunctionLike[] = [];
    const checkSite = (node: TSESTree.CallExpression | TSESTree.NewExpression) => {
      const site = getFileAnalysis(context).enqueueSiteOf(node);
      if (site) sites.push(site);
    };
    const noteFunction = (node: FunctionLike) => void functions.push(node);
    // Run at the end like the rules' listeners: the node index then comes from ESLint's walk.
    return runAtProgramExit(context, {
      CallExpression: checkSite,
      NewExpression: checkSite,
      FunctionDeclaration: noteFunction,
      FunctionExpression: noteFunction,
      ArrowFunctionExpression: noteFunction,
      'Program:exit'() {
        const analysis = getFileAnalysis(context);
        const handlers = analysis.handlers;
        if (handlers.length === 0 && sites.length === 0) return;
        const owned: InventoryOwned[] = [];
        if (handlers.length > 0) {
          for (const fn of functions) {
            const owner = analysis.owningHandler(fn.body);
            if (owner && owner.fn === fn) owned.push({ handler: handlers.indexOf(owner.handler), ...spanOf(fn) });
          }
        }
        const inventory: FileInventory = {
          handlers: handlers.map((handler) => ({
            system: handler.system,
            job: jobLabel(handler),
            cron: handler.cron,
            via: handler.via,
            ...spanOf(handler.fn),
          })),
          sites: sites.map((site) => ({ system: site.system, job: site.jobName, repeatable: site.repeatable, ...spanOf(site.node) })),
          owned,
        };
        context.report({ loc: { line: 1, column: 0 }, messageId: 'inventory', data: { json: JSON.stringify(inventory) } });
      },
    });
  },
});
