import type { DataLayer } from './types';

/**
 * Every data layer the plugin knows, in matching order. Each module answers one question: "is this
 * call a query of mine, and if so, what are its model, its filter and its tenant constraints?".
 */
export const DATA_LAYERS: readonly DataLayer[] = [];

export type { Constraint, DataContext, DataLayer, QueryFacts, QueryKind } from './types';
