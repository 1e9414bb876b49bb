import { drizzle } from './drizzle';
import { knex } from './knex';
import { kysely } from './kysely';
import { mikroOrm } from './mikro-orm';
import { mongo } from './mongo';
import { prisma } from './prisma';
import { sequelize } from './sequelize';
import { sql } from './sql';
import { supabase } from './supabase';
import { typeorm } from './typeorm';
import type { DataLayer } from './types';

/**
 * Every data layer the plugin knows, in matching order: layers recognised by their own import and
 * call shapes first, raw SQL last. Each module answers one question: "is this call a query of mine,
 * and if so, what are its model, its filter and its tenant constraints?".
 */
export const DATA_LAYERS: readonly DataLayer[] = [prisma, drizzle, kysely, typeorm, mikroOrm, sequelize, knex, mongo, supabase, sql];

export type { Constraint, DataContext, DataLayer, QueryFacts, QueryKind } from './types';
