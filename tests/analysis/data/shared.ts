import type { DataLayer, QueryFacts } from '../../../src/analysis/data/types';
import { isChainTop } from '../../../src/analysis/data/types';
import type { FileAnalysis } from '../../../src/analysis/engine';
import { probe, queries } from '../probe';

// What the data-layer tests share: the look-alike calls every layer must leave alone, and the
// shapes the probe prints queries and constraints in.

/**
 * Calls that only look like queries. Every layer's look-alike test runs them, in a module of
 * their own (`run(items, res, logger, orgId, …)` after {@link LOOK_ALIKE_HEADER}) or in a job
 * handler after the layer's client (`id`, `job` and the rest are then the handler's or free).
 * Both spellings of a call stand where the two kinds of test wrote it differently.
 */
export const LOOK_ALIKE_CALLS = `
  items.find((item) => item.orgId === orgId);
  items.filter((item) => item.orgId === orgId);
  items.findOne({ where: { orgId } });
  [1, 2].filter((x) => x > 1).find((x) => x === 2);
  new Map().delete('a');
  new Set().add(1);
  cache.delete(orgId);
  await cache.delete(id);
  seen.add(orgId);
  await stripe.invoices.list({ customer: orgId });
  await stripe.invoices.list({ customer: id });
  await axios.get('/documents', { params: { orgId } });
  await axios.get('/x');
  await fetch('/documents');
  await fetch('/x');
  logger.info('x', { orgId });
  logger.info('x');
  JSON.parse('{}');
  qs.stringify({ a: 1 });
  res.json({ orgId });
  res.json({ ok: true });
  router.delete('/x', () => undefined);
  router.delete('/x', handler);
  emitter.on('done', () => undefined);
  new URL(job.data.url).searchParams.delete('a');
`;

/** Where the look-alike calls have a module of their own: `stripe` is a Stripe client, `cache` a Map. */
export const LOOK_ALIKE_HEADER = `
import axios from 'axios';
import Stripe from 'stripe';
import { Router } from 'express';
import { EventEmitter } from 'node:events';
const stripe = new Stripe('k');
const router = Router();
const emitter = new EventEmitter();
const cache = new Map();
const seen = new Set();
`;

/**
 * A module with the look-alike calls in `run(items, res, logger, orgId, …params)`, and a layer's
 * own imports and locals (after the shared ones) and calls (after the shared ones).
 */
export function lookAlikeModule(own: { imports?: string; locals?: string; params?: string; calls?: string }): string {
  const params = ['items', 'res', 'logger', 'orgId', ...(own.params ? [own.params] : [])].join(', ');
  return `${LOOK_ALIKE_HEADER}${own.imports ?? ''}${own.locals ?? ''}export async function run(${params}) {${LOOK_ALIKE_CALLS}${own.calls ?? ''}}`;
}

/** The queries one layer finds in `code`. */
export const queriesOf =
  (layer: DataLayer) =>
  (code: string, settings: Record<string, unknown> = {}) =>
    queries(code, settings, layer);

/** The queries one layer finds in `body`, placed in `handler(job)` after `header`, with `bindings` taken from `job.data`. */
export function handlerQueries(layer: DataLayer, header: string, body: string, settings: Record<string, unknown> = {}, bindings = 'organizationId, id, ids') {
  return queries(`${header}export async function handler(job) {\n  const { ${bindings} } = job.data;\n${body}\n}\n`, settings, layer);
}

/** A constraint as the probe prints it. */
export function constraint(column: string, value: string | undefined, flags: { conditional?: boolean; dropsUndefined?: boolean } = {}) {
  return {
    column,
    value,
    ...(flags.conditional ? { conditional: true } : {}),
    ...(flags.dropsUndefined ? { dropsUndefined: true } : {}),
  };
}

/** A query of `layer` as the probe prints it, with the defaults of an unconstrained, readable filter. */
export const queryOf =
  (layer: string) =>
  (fields: {
    model: string | undefined;
    operation: string;
    kind: string;
    text: string;
    constraints?: ReturnType<typeof constraint>[];
    opaque?: boolean;
    byId?: true;
  }) => ({ layer, constraints: [], opaque: false, ...fields });

/** What `describe` makes of the suggestion target of each query `layer` finds at a chain top of `code`. */
export function fixesOf<T>(code: string, layer: DataLayer, describe: (fix: QueryFacts['fix'], sourceCode: FileAnalysis['sourceCode']) => T | undefined): T[] {
  return probe(code, (analysis, node) => {
    if (node.type !== 'CallExpression' || !isChainTop(node)) return undefined;
    const query = layer.matchQuery(node, analysis);
    return query ? describe(query.fix, analysis.sourceCode) : undefined;
  });
}
