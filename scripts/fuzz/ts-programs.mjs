// Random TypeScript programs in the shapes the rules look at: job-system registrations and enqueue
// calls (BullMQ, Bull, NestJS, Inngest, Trigger.dev, pg-boss, Agenda, graphile-worker, Quirrel,
// node-cron, croner, cron routes, jobs/ files, SQS, Cloudflare, the project's own wrappers) around
// queries of every data layer (Prisma, Drizzle, Kysely, TypeORM, Knex, Mongo, Supabase, Sequelize,
// MikroORM, raw SQL), written with the TypeScript syntax real code has (`as`, `!`, `satisfies`,
// generics, decorators, optional chains, enums, namespaces, JSX, computed keys, destructuring,
// async functions and generators, labels). The programs are meant to parse, but need not: the
// harness skips the few that do not. They are not meant to type-check.

const TENANT_KEYS = ['organizationId', 'orgId', 'tenantId', 'workspaceId', 'teamId', 'accountId', 'organisationId'];
const ODD_KEYS = ['organization_id', 'ORG_ID', '_organizationId', 'companyId', 'org_id', 'tenant_id'];
const OTHER_KEYS = ['userId', 'id', 'documentId', 'month', 'email', 'projectId', 'since', 'reportId', 'status'];
const MODELS = ['document', 'invoice', 'report', 'comment', 'project', 'member', 'session', 'auditLog', 'plan', 'featureFlag'];
const TENANT_MODELS = ['organization', 'org', 'tenant', 'workspace', 'team', 'account', 'company'];
const TABLES = ['documents', 'invoices', 'reports', 'audit_logs', 'sessions', 'members', 'plans', 'organizations'];
const JOB_NAMES = ['report', 'sync-contacts', 'cleanup', 'send-email', 'billing/charge', 'app/digest', 'reindex', 'nightly', 'export'];

/** Identifier-safe text of a job name, for enum members and function names. */
const ident = (name) => name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c) => (c ? c.toUpperCase() : '')).replace(/^[0-9]/, '_$&');

/**
 * One random program: `{ code, filename }`. The filename decides `jobFiles` matching, cron routes
 * and JSX (`.tsx`).
 */
export function generateTsProgram(r) {
  const tsx = r.chance(0.15);
  const dir = r.weighted([
    [4, 'src/workers'],
    [3, 'src/jobs'],
    [2, 'src/services'],
    [2, 'app/api/cron/daily'],
    [1, 'src/inngest'],
    [1, 'src/trigger'],
    [1, 'src/tasks'],
    [1, 'lib'],
    [1, 'pages/api/cron'],
  ]);
  const base = dir.includes('app/api/cron') ? 'route' : r.pick(['index', 'report.worker', 'sync', 'cleanup.job', 'handler', 'tasks']);
  const filename = `${dir}/${base}.${tsx ? 'tsx' : r.pick(['ts', 'ts', 'ts', 'mts', 'cts'])}`;
  const g = new ProgramBuilder(r, { tsx, filename });
  return { code: g.program(), filename };
}

class ProgramBuilder {
  constructor(r, { tsx, filename }) {
    this.r = r;
    this.tsx = tsx;
    this.filename = filename;
    this.counter = 0;
    this.imports = new Set();
    /** Data-layer clients available at the top level: `{ layer, name }`. */
    this.clients = [];
    /** Job producers available at the top level: `{ system, name }`. */
    this.producers = [];
    this.helpers = [];
    this.enumName = undefined;
  }

  fresh(prefix) {
    this.counter += 1;
    return `${prefix}${this.counter}`;
  }

  tenantKey() {
    return this.r.weighted([
      [8, () => this.r.pick(TENANT_KEYS)],
      [2, () => this.r.pick(ODD_KEYS)],
      [1, () => this.r.pick(OTHER_KEYS)],
    ])();
  }

  model() {
    return this.r.chance(0.15) ? this.r.pick(TENANT_MODELS) : this.r.pick(MODELS);
  }

  table() {
    return this.r.pick(TABLES);
  }

  jobName() {
    if (this.enumName && this.r.chance(0.25)) return `${this.enumName}.${this.r.pick(['Report', 'Cleanup'])}`;
    const name = this.r.pick(JOB_NAMES);
    return this.r.weighted([
      [8, `'${name}'`],
      [1, `\`${name}\``],
      [1, `"${name}"`],
      [1, `\`${name}-\${Date.now()}\``],
      [1, 'name'],
    ]);
  }

  /** Wraps an expression in TypeScript syntax that keeps its meaning (or nearly). */
  wrap(expr, { assignable = false } = {}) {
    const r = this.r;
    if (!r.chance(0.22)) return expr;
    const forms = [
      [3, () => `(${expr})`],
      [3, () => `(${expr} as any)`],
      [2, () => `${expr}!`],
      [1, () => `(${expr} as unknown as string)`],
      [1, () => `(${expr} satisfies unknown)`],
      [1, () => `(${expr} as const)`],
      [1, () => `((${expr}))!`],
    ];
    if (!this.tsx) forms.push([1, () => `(<any>${expr})`]);
    if (!assignable) forms.push([1, () => `(0, ${expr})`], [1, () => `(${expr} ?? undefined)`]);
    return r.weighted(forms)();
  }

  /** Randomly turns some `.` of a member chain into `?.`. */
  chain(text) {
    if (!this.r.chance(0.2)) return text;
    return text.replace(/\.(?=[A-Za-z_$])/g, (dot) => (this.r.chance(0.3) ? '?.' : dot));
  }

  program() {
    const r = this.r;
    const parts = [];
    const decls = [];
    const count = r.int(1, 3);
    // Declarations first so handlers can use them; imports are collected as they are used.
    if (r.chance(0.3)) decls.push(this.enumDecl());
    if (r.chance(0.3)) decls.push(this.typeDecls());
    if (r.chance(0.2)) decls.push(`let currentOrganizationId: string | undefined;`);
    if (r.chance(0.2)) decls.push(`const commonWhere = { ${this.tenantKey()}: process.env.ORG_ID, archived: false };`);
    for (let i = 0; i < r.int(1, 3); i++) this.client();
    for (let i = 0; i < r.int(0, 2); i++) this.producer();
    const body = [];
    if (r.chance(0.35)) body.push(this.helper());
    for (let i = 0; i < count; i++) body.push(this.handler());
    for (let i = 0; i < r.int(0, 2); i++) body.push(this.producerFunction());
    if (r.chance(0.25)) body.push(this.namespaceDecl());
    if (r.chance(0.15)) body.push(this.miscTopLevel());
    parts.push([...this.imports].join('\n'));
    parts.push(...decls);
    parts.push(...this.clientDecls);
    parts.push(...body);
    if (r.chance(0.1)) parts.push(r.pick(['export {};', `export * from './other';`, 'declare global { var __org: string }', `export default ${this.helpers[0] ?? 'undefined'};`]));
    return parts.filter(Boolean).join('\n\n') + (r.chance(0.8) ? '\n' : '');
  }

  use(line) {
    this.imports.add(line);
  }

  enumDecl() {
    this.enumName = this.r.pick(['JobName', 'Jobs', 'Queues']);
    return `${this.r.chance(0.3) ? 'const ' : ''}enum ${this.enumName} {\n  Report = 'report',\n  Cleanup = 'cleanup',\n  ${this.r.chance(0.5) ? 'Other,' : ''}\n}`;
  }

  typeDecls() {
    const key = this.tenantKey();
    return this.r.pick([
      `interface JobData {\n  ${key}${this.r.chance(0.3) ? '?' : ''}: string;\n  month: number;\n  readonly [extra: string]: unknown;\n}`,
      `type JobData = { ${key}: string } & Record<string, unknown>;`,
      `type JobData<T = string> = { ${key}: T; items: T[] };`,
      `declare type JobData = Readonly<{ ${key}: \`org_\${string}\` }>;`,
      `abstract class Base<T extends object> {\n  abstract run(data: T): Promise<void>;\n  protected log?(msg: string): void;\n}`,
    ]);
  }

  // ---------------------------------------------------------------- clients and producers

  get clientDecls() {
    return this.clients.map((c) => c.decl).filter(Boolean);
  }

  client() {
    const r = this.r;
    const layer = r.pick(['prisma', 'drizzle', 'kysely', 'typeorm', 'knex', 'mongo', 'mongoose', 'supabase', 'sql', 'sequelize', 'mikro']);
    const name = r.pick({
      prisma: ['prisma', 'db', 'client'],
      drizzle: ['db', 'orm'],
      kysely: ['db', 'kdb'],
      typeorm: ['dataSource', 'AppDataSource'],
      knex: ['knex', 'db', 'kx'],
      mongo: ['mongo', 'client'],
      mongoose: ['DocumentModel', 'Invoice'],
      supabase: ['supabase', 'sb'],
      sql: ['pool', 'sql', 'pg'],
      sequelize: ['Document', 'Invoice'],
      mikro: ['em', 'orm'],
    }[layer]);
    if (this.clients.some((c) => c.name === name)) return;
    const decl = {
      prisma: () =>
        r.pick([
          () => (this.use(`import { PrismaClient } from '@prisma/client';`), `const ${name} = new PrismaClient()${r.chance(0.2) ? '.$extends({})' : ''};`),
          () => (this.use(`import { ${name === 'prisma' ? 'prisma' : `prisma as ${name}`} } from '@/lib/prisma';`), ''),
        ])(),
      drizzle: () => {
        this.use(`import { and, eq, or, isNull, inArray, sql as dsql } from 'drizzle-orm';`);
        this.use(`import { documents, invoices, organizations } from '@/db/schema';`);
        return r.chance(0.5) ? (this.use(`import { drizzle } from 'drizzle-orm/node-postgres';`), `const ${name} = drizzle(process.env.DATABASE_URL!);`) : (this.use(`import { db as ${name} } from '@/db';`), '');
      },
      kysely: () => (this.use(`import { Kysely, sql as ksql } from 'kysely';`), `const ${name} = new Kysely<DB>({ dialect });`),
      typeorm: () => (this.use(`import { DataSource, IsNull, In } from 'typeorm';`), this.use(`import { Doc } from '@/entities';`), `export const ${name} = new DataSource({ type: 'postgres' });`),
      knex: () => (this.use(`import Knex from 'knex';`), `const ${name} = Knex({ client: 'pg' });`),
      mongo: () => (this.use(`import { MongoClient } from 'mongodb';`), `const ${name} = new MongoClient(url);`),
      mongoose: () => (this.use(`import mongoose from 'mongoose';`), `const ${name} = mongoose.model('${name}', new mongoose.Schema({}));`),
      supabase: () => (this.use(`import { createClient } from '@supabase/supabase-js';`), `const ${name} = createClient(url, key);`),
      sql: () =>
        name === 'sql'
          ? (this.use(`import postgres from 'postgres';`), `const sql = postgres();`)
          : (this.use(`import { Pool } from 'pg';`), `const ${name} = new Pool();`),
      sequelize: () => (this.use(`import { Model, Op } from 'sequelize';`), `class ${name} extends Model {}`),
      mikro: () => (this.use(`import { MikroORM } from '@mikro-orm/core';`), name === 'em' ? `const em = orm.em.fork();` : `const orm = await MikroORM.init();`),
    }[layer]();
    this.clients.push({ layer, name, decl });
  }

  producer() {
    const r = this.r;
    const system = r.pick(['bullmq', 'inngest', 'trigger', 'pgboss', 'agenda', 'graphile', 'quirrel', 'qstash', 'sqs', 'custom']);
    if (this.producers.some((p) => p.system === system)) return;
    const decl = {
      bullmq: () => (this.use(`import { Queue, FlowProducer } from 'bullmq';`), `const queue = new Queue${r.chance(0.3) ? '<JobData>' : ''}('reports', { connection });`),
      inngest: () => (this.use(`import { Inngest } from 'inngest';`), `export const inngest = new Inngest({ id: 'app' });`),
      trigger: () => (this.use(`import { tasks } from '@trigger.dev/sdk/v3';`), ''),
      pgboss: () => (this.use(`import PgBoss from 'pg-boss';`), `const boss = new PgBoss(process.env.DATABASE_URL!);`),
      agenda: () => (this.use(`import { Agenda } from 'agenda';`), `const agenda = new Agenda({ db: { address } });`),
      graphile: () => (this.use(`import { quickAddJob, makeWorkerUtils } from 'graphile-worker';`), ''),
      quirrel: () => (this.use(`import emailQueue from '@/app/api/queues/email/route';`), ''),
      qstash: () => (this.use(`import { Client } from '@upstash/qstash';`), `const qstash = new Client({ token });`),
      sqs: () => (this.use(`import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';`), `const sqs = new SQSClient({});`),
      custom: () => '',
    }[system]();
    this.producers.push({ system });
    if (decl) this.clients.push({ layer: 'producer', name: system, decl });
  }

  // ---------------------------------------------------------------- tenant values and payloads

  /** An expression for a payload property, with optional chains and assertions. */
  payloadAccess(ctx, key) {
    const r = this.r;
    const base = ctx.payload;
    if (!base) return r.pick(['process.env.ORG_ID', 'undefined', `'org_1'`]);
    return r.weighted([
      [6, () => this.chain(`${base}.${key}`)],
      [1, () => `${base}['${key}']`],
      [1, () => `${base}?.${key}`],
      [1, () => `(${base} as JobData).${key}`],
      [1, () => `${base}!.${key}!`],
      [1, () => `${base}.${key} ?? undefined`],
      [1, () => `String(${base}.${key})`],
    ])();
  }

  /** A tenant value visible in `ctx`: a bound variable, a payload property, a loop variable's id. */
  tenantValue(ctx) {
    const r = this.r;
    const choices = [[3, () => this.payloadAccess(ctx, this.tenantKey())]];
    if (ctx.tenantVars.length) choices.push([6, () => r.pick(ctx.tenantVars)]);
    if (ctx.loopVars.length) choices.push([3, () => `${r.pick(ctx.loopVars)}.id`]);
    choices.push([1, () => r.pick(['currentOrganizationId', 'this.organizationId', 'undefined', 'null', `'static-org'`, 'process.env.ORG_ID!'])]);
    return this.wrap(r.weighted(choices)());
  }

  /** A statement binding a tenant value from the payload; adds the names it binds to `ctx`. */
  bindTenant(ctx) {
    const r = this.r;
    const key = this.tenantKey();
    const base = ctx.payload ?? 'process.env';
    const kw = r.weighted([
      [5, 'const'],
      [2, 'let'],
      [1, 'var'],
    ]);
    const form = r.int(0, 7);
    let name = key.replace(/^_+/, '') || 'orgId';
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) name = 'orgId';
    let text;
    switch (form) {
      case 0:
        text = `${kw} { ${key} } = ${base};`;
        name = key;
        break;
      case 1:
        text = `${kw} { ${key}: ${name === key ? 'tenant' : name}${r.chance(0.3) ? ` = ''` : ''}, ...rest } = ${this.wrap(base)};`;
        if (name === key) name = 'tenant';
        break;
      case 2:
        text = `${kw} ${name}${r.chance(0.3) ? ': string | undefined' : ''} = ${this.payloadAccess(ctx, key)};`;
        break;
      case 3:
        text = `${kw} [${name}] = [${this.payloadAccess(ctx, key)}];`;
        break;
      case 4:
        text = `${kw} { data: { ${key} = undefined } = {} } = ${ctx.job ?? '{} as any'};`;
        name = key;
        break;
      case 5:
        text = `${kw} ${name} = ${ctx.payload ? `${this.wrap(`${base}.${key}`)}` : 'undefined'}, other = 1;`;
        break;
      case 6:
        text = `${kw} ${name} = await Promise.resolve(${this.payloadAccess(ctx, key)});`;
        break;
      default:
        text = `${kw} { [\`${key}\`]: ${name === key ? 'tid' : name} } = ${base};`;
        if (name === key) name = 'tid';
    }
    if (name === 'rest') name = 'tenant';
    ctx.tenantVars.push(name);
    return text;
  }

  /** A presence check of a tenant value: fatal or not. */
  guard(ctx) {
    const r = this.r;
    const v = ctx.tenantVars.length && r.chance(0.7) ? r.pick(ctx.tenantVars) : this.payloadAccess(ctx, this.tenantKey());
    const exit = ctx.inLoop && r.chance(0.3) ? 'continue;' : 'return;';
    return r.weighted([
      [4, () => `if (!${v}) throw new Error('missing tenant');`],
      [2, () => `if (!${v}) ${exit}`],
      [1, () => `if (${v} == null) {\n  console.warn('no tenant');\n  ${exit}\n}`],
      [1, () => `if (typeof ${v} !== 'string') { throw new UnrecoverableError('bad'); }`],
      [1, () => `assert(${v});`],
      [1, () => `invariant(${v}, 'tenant');`],
      [1, () => `if (!${v}) { log('skip'); } else { await work(${v}); }`],
      [1, () => `if (!${v} || !${ctx.payload ?? 'x'}) return null;`],
      [1, () => `const checked = JobSchema.parse(${ctx.payload ?? '{}'});`],
      [1, () => `${v} ?? fail('no tenant');`],
      [1, () => `if (!${v}) return void log('x');`],
    ])();
  }

  /** A filter object's properties. */
  filterProps(ctx, { scoped }) {
    const r = this.r;
    const props = [];
    const n = r.int(0, 2);
    for (let i = 0; i < n; i++) {
      props.push(
        r.pick([
          'archived: false',
          'deletedAt: null',
          'status: "open"',
          `createdAt: { gte: new Date(Date.now() - 864e5) }`,
          `id: ${ctx.payload ? `${ctx.payload}.id` : 'id'}`,
          `OR: [{ a: 1 }, { b: { not: null } }]`,
          `month: ${this.wrap('month')}`,
        ]),
      );
    }
    if (scoped) {
      const key = this.tenantKey();
      const value = this.tenantValue(ctx);
      props.push(
        r.weighted([
          [6, () => (value === key ? key : `${key}: ${value}`)],
          [1, () => `['${key}']: ${value}`],
          [1, () => `[\`${key}\`]: ${value}`],
          [1, () => `project: { ${key}: ${value} }`],
          [1, () => `...(${value} ? { ${key}: ${value} } : {})`],
          [1, () => `...(${value} && { ${key}: ${value} })`],
          [1, () => `...commonWhere`],
          [1, () => `${key}: ${value} ?? undefined`],
          [1, () => `${key}: ${r.chance(0.5) ? value : 'undefined'} || undefined`],
          [1, () => `AND: [{ ${key}: ${value} }, { archived: false }]`],
          [1, () => `${key}: { equals: ${value} }`],
        ])(),
      );
    }
    if (r.chance(0.1)) props.push(`...${ctx.payload ?? 'rest'}`);
    return r.shuffle(props);
  }

  filter(ctx, opts) {
    const props = this.filterProps(ctx, opts);
    const text = props.length === 0 ? '{}' : this.r.chance(0.2) ? `{\n    ${props.join(',\n    ')},\n  }` : `{ ${props.join(', ')} }`;
    return this.wrap(text);
  }

  payload(ctx) {
    const r = this.r;
    const props = [];
    if (r.chance(0.7)) {
      const key = this.tenantKey();
      const value = r.chance(0.2) ? 'undefined' : this.tenantValue(ctx);
      props.push(
        r.weighted([
          [6, () => (value === key ? key : `${key}: ${value}`)],
          [1, () => `['${key}']: ${value}`],
          [1, () => `...(${value} ? { ${key}: ${value} } : {})`],
          [1, () => `tenant: { ${key}: ${value} }`],
          [1, () => `${key}`],
        ])(),
      );
    }
    for (let i = 0; i < r.int(0, 3); i++) props.push(r.pick(['userId', 'id: doc.id', `month: 3`, `reportId: crypto.randomUUID()`, `...extra`, `meta: { at: Date.now() }`, `items: [1, 2]`, `get lazy() { return 1; }`, `fn() {}`]));
    const object = props.length === 0 ? '{}' : `{ ${r.shuffle(props).join(', ')} }`;
    return r.weighted([
      [10, () => this.wrap(object)],
      [1, () => `${object} satisfies JobData`],
      [1, () => `${object} as const`],
      [1, () => 'payload'],
      [1, () => `buildPayload(${ctx.tenantVars[0] ?? ''})`],
      [1, () => `{ ...${ctx.payload ?? 'data'} }`],
      [1, () => 'undefined'],
      [1, () => `JSON.stringify(${object})`],
    ])();
  }

  // ---------------------------------------------------------------- queries

  query(ctx) {
    const r = this.r;
    const usable = this.clients.filter((c) => c.layer !== 'producer');
    const client = usable.length ? r.pick(usable) : { layer: 'prisma', name: 'prisma' };
    const scoped = r.chance(0.55);
    const conditional = !scoped && r.chance(0.2);
    const n = client.name;
    const model = this.model();
    const table = this.table();
    const tv = () => this.tenantValue(ctx);
    const where = () => this.filter(ctx, { scoped });
    const key = this.tenantKey();
    const col = r.pick(['organization_id', 'organizationId', 'tenant_id', 'org_id', 'status']);
    const build = {
      prisma: () =>
        r.weighted([
          [6, () => `${this.chain(`${n}.${model}.${r.pick(['findMany', 'findFirst', 'findUnique', 'deleteMany', 'updateMany', 'count', 'findFirstOrThrow', 'aggregate', 'groupBy'])}`)}${r.chance(0.1) ? '<Doc>' : ''}({ where: ${where()}${r.chance(0.3) ? ', select: { id: true }' : ''}${r.chance(0.2) ? ', data: { archived: true }' : ''} })`],
          [1, () => `${n}.${model}.${r.pick(['update', 'delete', 'upsert'])}({ where: ${where()}, data: {} })`],
          [1, () => `${n}.${model}.findMany()`],
          [2, () => ((v) => `${n}.${model}.${r.pick(['findMany', 'deleteMany', 'count'])}({ where: ${r.pick([`${v} ? { ${key}: ${v} } : {}`, `${v} ? { ${key}: ${v} } : undefined`, `{ ...(${v} && { ${key}: ${v} }), archived: false }`])} })`)(tv())],
          [1, () => `${n}.${model}.create({ data: ${this.payload(ctx)} })`],
          [1, () => `${n}.$queryRaw\`SELECT * FROM ${table} WHERE ${scoped ? `${col} = \${${tv()}}` : 'archived = false'}\``],
          [1, () => `${n}.$executeRawUnsafe('DELETE FROM ${table} WHERE ${col} = $1', ${tv()})`],
          [1, () => `${n}.$transaction(async (tx) => tx.${model}.findMany({ where: ${where()} }))`],
          [1, () => `${n}.$transaction([${n}.${model}.deleteMany({ where: ${where()} })])`],
          [1, () => `${n}.$extends(forTenant(${tv()})).${model}.findMany()`],
          [1, () => `getTenantDb(${tv()}).${model}.deleteMany({})`],
          [1, () => `${n}[${r.pick([`'${model}'`, 'modelName'])}].findMany({ where: ${where()} })`],
        ])(),
      drizzle: () =>
        r.weighted([
          [4, () => `${n}.select().from(${r.pick(['documents', 'invoices'])})${scoped || conditional ? `.where(${this.drizzleCondition(ctx, conditional)})` : r.chance(0.5) ? `.where(eq(documents.archived, false))` : ''}`],
          [2, () => `${n}.${r.pick(['update(documents).set({ archived: true })', 'delete(invoices)'])}.where(${scoped || conditional ? this.drizzleCondition(ctx, conditional) : 'isNull(documents.deletedAt)'})`],
          [2, () => `${n}.query.${r.pick(['documents', 'invoices'])}.${r.pick(['findMany', 'findFirst'])}({ where: ${scoped ? r.pick([`eq(documents.organizationId, ${tv()})`, `(t, { eq }) => eq(t.organizationId, ${tv()})`, `{ organizationId: ${tv()} }`]) : 'undefined'} })`],
          [1, () => `${n}.execute(dsql\`select * from ${table} where ${col} = \${${tv()}}\`)`],
          [1, () => `${n}.select({ id: documents.id }).from(documents).innerJoin(organizations, eq(organizations.id, documents.organizationId))${scoped ? `.where(eq(organizations.id, ${tv()}))` : ''}`],
        ])(),
      kysely: () =>
        r.weighted([
          [4, () => `${n}.selectFrom('${table}').selectAll()${scoped ? `.where('${col}', '=', ${tv()})` : conditional ? `.$if(!!${tv()}, (qb) => qb.where('${col}', '=', ${tv()}))` : `.where('archived', '=', false)`}.${r.pick(['execute', 'executeTakeFirst', 'executeTakeFirstOrThrow'])}()`],
          [2, () => `${n}.${r.pick([`deleteFrom('${table}')`, `updateTable('${table}').set({ archived: true })`])}${scoped ? `.where((eb) => eb.and({ ${col}: ${tv()} }))` : `.where('id', 'in', ids)`}.execute()`],
          [1, () => `ksql\`select * from ${table} where ${col} = \${${tv()}}\`.execute(${n})`],
        ])(),
      typeorm: () =>
        r.weighted([
          [4, () => `${n}.getRepository(Doc).${r.pick(['find', 'findOne', 'findOneBy', 'findBy', 'delete', 'count', 'softDelete', 'update'])}(${r.chance(0.5) ? `{ where: ${where()} }` : where()}${r.chance(0.2) ? ', { archived: true }' : ''})`],
          [2, () => `${n}.getRepository(Doc).createQueryBuilder('d').${r.pick(['where', 'andWhere'])}(${scoped ? `'d.${key} = :t', { t: ${tv()} }` : `'d.archived = false'`}).${r.pick(['getMany', 'getOne', 'execute', 'getCount'])}()`],
          [1, () => `${n}.manager.find(Doc, { where: ${where()} })`],
          [1, () => `${n}.query('SELECT * FROM ${table} WHERE ${col} = $1', [${tv()}])`],
          [1, () => `${n}.getRepository(Doc).find({ where: [${where()}, ${where()}] })`],
        ])(),
      knex: () =>
        r.weighted([
          [4, () => `${n}('${table}').where(${scoped ? r.pick([`{ ${col}: ${tv()} }`, `'${col}', ${tv()}`, `'${col}', '=', ${tv()}`]) : `'archived', true`}).${r.pick(['del', 'select', 'first', 'update'])}(${r.chance(0.3) ? `'*'` : ''})`],
          [1, () => `${n}.raw('select * from ${table} where ${col} = ?', [${tv()}])`],
          [1, () => `${n}.select('*').from('${table}')${conditional ? `.modify((qb) => { if (${tv()}) qb.where('${col}', ${tv()}); })` : ''}`],
          [1, () => `${n}.transaction(async (trx) => trx('${table}').where({ ${col}: ${tv()} }).del())`],
        ])(),
      mongo: () =>
        r.weighted([
          [4, () => `${n}.db()${r.chance(0.3) ? `.collection<Doc>('${table}')` : `.collection('${table}')`}.${r.pick(['find', 'findOne', 'deleteMany', 'updateMany', 'countDocuments'])}(${where()}${r.chance(0.3) ? ', { $set: { archived: true } }' : ''})${r.chance(0.4) ? '.toArray()' : ''}`],
          [1, () => `${n}.db().collection('${table}').aggregate([{ $match: ${where()} }, { $limit: 10 }]).toArray()`],
        ])(),
      mongoose: () => `${n}.${r.pick(['find', 'findOne', 'deleteMany', 'updateMany', 'countDocuments', 'findOneAndUpdate'])}(${where()})${r.chance(0.4) ? '.lean()' : ''}${r.chance(0.2) ? '.exec()' : ''}`,
      supabase: () =>
        r.weighted([
          [4, () => `${n}.from('${table}').${r.pick(['select(\'*\')', 'delete()', 'update({ archived: true })'])}${scoped ? r.pick([`.eq('${col}', ${tv()})`, `.match({ ${col}: ${tv()} })`, `.filter('${col}', 'eq', ${tv()})`]) : `.eq('archived', true)`}`],
          [1, () => `${n}.from('${table}').select().in('id', ids)`],
          [1, () => `${n}.rpc('purge', { ${col}: ${tv()} })`],
        ])(),
      sql: () =>
        n === 'sql'
          ? r.pick([
              () => `sql\`select * from ${table} where ${scoped ? `${col} = \${${tv()}}` : 'archived'}\``,
              () => `sql\`delete from ${table} where id = \${id}\``,
              () => `sql.unsafe('select * from ${table} where ${col} = $1', [${tv()}])`,
            ])()
          : r.pick([
              () => `${n}.query('${r.pick(['SELECT *', 'DELETE', 'UPDATE ' + table + ' SET archived = true'])}${r.chance(0.5) ? ` FROM ${table}` : ''}${scoped ? ` WHERE ${col} = $1` : ''}', [${scoped ? tv() : ''}])`,
              () => `${n}.query({ text: 'select * from ${table} where ${col} = $1', values: [${tv()}] })`,
              () => `${n}.query(\`select * from \${table} where ${col} = \${${tv()}}\`)`,
              () => `${n}.query(SQL_CONST)`,
            ])(),
      sequelize: () => `${n}.${r.pick(['findAll', 'findOne', 'destroy', 'update', 'count'])}(${r.chance(0.2) ? '{ archived: true }, ' : ''}{ where: ${where()} })`,
      mikro: () =>
        r.pick([
          () => `${n === 'em' ? 'em' : 'orm.em'}.${r.pick(['find', 'findOne', 'nativeDelete', 'count', 'nativeUpdate'])}(Doc, ${where()})`,
          () => `${n === 'em' ? 'em' : 'orm.em'}.createQueryBuilder(Doc).where(${where()}).getResultList()`,
        ])(),
    }[client.layer];
    return build();
  }

  drizzleCondition(ctx, conditional) {
    const r = this.r;
    const tv = this.tenantValue(ctx);
    const key = r.pick(['organizationId', 'orgId', 'tenantId', 'archived']);
    const table = r.pick(['documents', 'invoices']);
    if (conditional) {
      return r.pick([`${tv} ? eq(${table}.${key}, ${tv}) : undefined`, `and(eq(${table}.archived, false), ${tv} ? eq(${table}.${key}, ${tv}) : undefined)`, `and(...(${tv} ? [eq(${table}.${key}, ${tv})] : []))`]);
    }
    return r.pick([
      `eq(${table}.${key}, ${tv})`,
      `and(eq(${table}.${key}, ${tv}), eq(${table}.archived, false))`,
      `or(eq(${table}.${key}, ${tv}), isNull(${table}.deletedAt))`,
      `inArray(${table}.${key}, [${tv}])`,
      `dsql\`\${${table}.${key}} = \${${tv}}\``,
    ]);
  }

  // ---------------------------------------------------------------- enqueues

  enqueue(ctx) {
    const r = this.r;
    const systems = this.producers.map((p) => p.system);
    const system = systems.length && r.chance(0.8) ? r.pick(systems) : r.pick(['bullmq', 'inngest', 'trigger', 'pgboss', 'agenda', 'graphile', 'custom', 'step']);
    const p = () => this.payload(ctx);
    const name = () => this.jobName();
    const forms = {
      bullmq: () =>
        r.weighted([
          [5, () => `queue.add(${name()}, ${p()}${r.chance(0.2) ? ', { delay: 1000 }' : ''})`],
          [1, () => `queue.add(${name()}, ${p()}, { repeat: { pattern: '0 * * * *' } })`],
          [1, () => `queue.addBulk(rows.map((row) => ({ name: ${name()}, data: { ${this.tenantKey()}: row.${this.tenantKey()}, id: row.id } })))`],
          [1, () => `queue.addBulk([{ name: ${name()}, data: ${p()} }, { name: 'b' }])`],
          [1, () => `queue.upsertJobScheduler('sched', { every: 60_000 }, { name: ${name()}, data: ${p()} })`],
          [1, () => `new FlowProducer({ connection }).add({ name: ${name()}, queueName: 'q', data: ${p()}, children: [{ name: 'c', queueName: 'q', data: ${p()} }] })`],
          [1, () => `queue.add(${name()})`],
        ])(),
      inngest: () =>
        r.weighted([
          [4, () => `inngest.send({ name: ${name()}, data: ${p()} })`],
          [1, () => `inngest.send([{ name: ${name()}, data: ${p()} }, { name: 'x' }])`],
          [1, () => `inngest.send({ name: ${name()} })`],
          [1, () => `inngest.send(rows.map((row) => ({ name: 'a/b', data: { ${this.tenantKey()}: row.${this.tenantKey()} } })))`],
        ])(),
      step: () =>
        r.pick([
          () => `step.sendEvent('fan-out', { name: ${name()}, data: ${p()} })`,
          () => `step.invoke('child', { function: childFn, data: ${p()} })`,
          () => `step.sendEvent('fan-out', orgs.map((org) => ({ name: 'x', data: { organizationId: org.id } })))`,
        ])(),
      trigger: () =>
        r.pick([
          () => `tasks.trigger(${name()}, ${p()})`,
          () => `tasks.trigger<typeof syncTask>('sync', ${p()}, { idempotencyKey: 'k' })`,
          () => `tasks.batchTrigger(${name()}, [{ payload: ${p()} }])`,
          () => `syncTask.trigger(${p()})`,
          () => `syncTask.triggerAndWait(${p()}).unwrap()`,
          () => `syncTask.batchTrigger(rows.map((row) => ({ payload: { teamId: row.teamId } })))`,
        ])(),
      pgboss: () =>
        r.pick([
          () => `boss.send(${name()}, ${p()})`,
          () => `boss.send({ name: ${name()}, data: ${p()}, options: { retryLimit: 2 } })`,
          () => `boss.insert([{ name: ${name()}, data: ${p()} }])`,
          () => `boss.schedule(${name()}, '0 * * * *', ${p()})`,
          () => `boss.sendAfter(${name()}, ${p()}, {}, 60)`,
        ])(),
      agenda: () =>
        r.pick([
          () => `agenda.now(${name()}, ${p()})`,
          () => `agenda.schedule('in 5 minutes', ${name()}, ${p()})`,
          () => `agenda.every('1 hour', ${name()})`,
          () => `agenda.create(${name()}, ${p()}).save()`,
        ])(),
      graphile: () =>
        r.pick([
          () => `quickAddJob({ connectionString }, ${name()}, ${p()})`,
          () => `(ctx.helpers ?? helpers).addJob(${name()}, ${p()})`,
          () => `workerUtils.addJob(${name()}, ${p()}, { jobKey: 'k' })`,
        ])(),
      quirrel: () => `emailQueue.enqueue(${p()}, { delay: '1h' })`,
      qstash: () => r.pick([() => `qstash.publishJSON({ url: 'https://x/api/q', body: ${p()} })`, () => `qstash.publishJSON({ topic: 't' })`]),
      sqs: () => `sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(${p()}) }))`,
      custom: () =>
        r.pick([
          () => `enqueue(${name()}, ${p()})`,
          () => `jobs.triggerJob({ name: ${name()}, payload: ${p()} })`,
          () => `this.bus.dispatchJob(${p()})`,
          () => `tasker.create(${name()}, ${p()})`,
          () => `enqueue(${name()})`,
        ])(),
    };
    const text = (forms[system] ?? forms.custom)();
    return typeof text === 'function' ? text() : text;
  }

  // ---------------------------------------------------------------- statements

  /** A statement list of a function body. */
  statements(ctx, count) {
    const out = [];
    for (let i = 0; i < count; i++) out.push(this.statement(ctx));
    return out;
  }

  block(ctx, count, indent) {
    const pad = '  '.repeat(indent);
    return this.statements(ctx, count)
      .map((s) => s.split('\n').map((line) => pad + line).join('\n'))
      .join('\n');
  }

  awaitIf(ctx, expr) {
    return ctx.async && this.r.chance(0.85) ? `await ${expr}` : expr;
  }

  statement(ctx) {
    const r = this.r;
    const depth = ctx.depth;
    const deeper = { ...ctx, depth: depth + 1, tenantVars: [...ctx.tenantVars], loopVars: [...ctx.loopVars] };
    const choices = [
      [5, () => this.bindTenant(ctx)],
      [3, () => this.guard(ctx)],
      [8, () => `${r.pick(['', 'const rows = ', 'const result = ', 'return ', 'void '])}${this.awaitIf(ctx, this.wrap(this.query(ctx)))};`],
      [4, () => `${this.awaitIf(ctx, this.enqueue(ctx))};`],
      [1, () => `${r.pick(['console.log', 'logger.info', 'ctx.log'])}(${this.tenantValue(ctx)}${r.chance(0.4) ? ' as string' : ''});`],
      [1, () => r.pick(['currentOrganizationId', 'this.organizationId', ctx.tenantVars[0] ?? 'orgId']) + ` = ${this.tenantValue(ctx)};`],
      [1, () => `const ids: string[] = rows?.map?.((row: { id: string }) => row.id) ?? [];`],
      [1, () => (this.helpers.length ? `${this.awaitIf(ctx, `${r.pick(this.helpers)}(${this.tenantValue(ctx)})`)};` : `debugger;`)],
    ];
    if (ctx.tsx) choices.push([1, () => `const email = <Email ${this.tenantKey()}={${this.tenantValue(ctx)}} rows={rows}>{\`hi\`}</Email>;`]);
    if (depth < 3) {
      choices.push(
        [2, () => this.fanOut(deeper)],
        [2, () => `if (${r.pick([this.tenantValue(ctx), 'cond', `${ctx.payload ?? 'x'}?.force`])}) {\n${this.block(deeper, r.int(1, 2), 1)}\n}${r.chance(0.4) ? ` else {\n${this.block(deeper, 1, 1)}\n}` : ''}`],
        [2, () => `try {\n${this.block(deeper, r.int(1, 3), 1)}\n} catch (${r.chance(0.5) ? 'error: unknown' : 'e'}) {\n  ${r.pick(['throw e;', 'console.error(e);', 'return;', ''])}\n}${r.chance(0.3) ? ' finally {\n  await release();\n}' : ''}`],
        [1, () => `${r.pick(['outer', 'loop', 'retry'])}: for (let attempt = 0; attempt < 3; attempt++) {\n${this.block({ ...deeper, inLoop: true }, r.int(1, 2), 1)}\n  ${r.pick(['break', 'continue'])};\n}`],
        [1, () => `switch (${ctx.payload ?? 'kind'}?.kind) {\n  case 'a':\n${this.block(deeper, 1, 2)}\n    break;\n  default:\n${this.block(deeper, 1, 2)}\n}`],
        [2, () => `await step.run('${r.pick(['load', 'process', 'send'])}', async () => {\n${this.block({ ...deeper, async: true }, r.int(1, 3), 1)}\n});`],
        [1, () => `await Promise.all(${r.pick(['items', 'rows', `${ctx.payload ?? 'x'}.ids`])}.map(async (item${r.chance(0.3) ? ': any' : ''}) => {\n${this.block({ ...deeper, async: true }, r.int(1, 2), 1)}\n}));`],
        [1, () => `${ctx.async ? 'await ' : ''}(async () => {\n${this.block({ ...deeper, async: true }, r.int(1, 2), 1)}\n})();`],
        [1, () => `function* ${this.fresh('gen')}(): Generator<number> {\n${this.block({ ...deeper, async: false }, 1, 1)}\n  yield 1;\n}`],
        [1, () => `const ${this.fresh('fn')} = async function* () {\n${this.block({ ...deeper, async: true }, 1, 1)}\n  yield* [];\n};`],
        [1, () => `while (${r.pick(['more', 'cursor', 'true'])}) {\n${this.block({ ...deeper, inLoop: true }, 1, 1)}\n  if (done) break;\n}`],
        [1, () => `do {\n${this.block({ ...deeper, inLoop: true }, 1, 1)}\n} while (cursor);`],
      );
    }
    return r.weighted(choices)();
  }

  fanOut(ctx) {
    const r = this.r;
    const v = r.pick(['org', 'tenant', 'o', 'workspace', 'row']);
    const usable = this.clients.filter((c) => c.layer !== 'producer');
    const src = usable.some((c) => c.layer === 'prisma') || !usable.length
      ? `${usable.find((c) => c.layer === 'prisma')?.name ?? 'prisma'}.${r.pick(TENANT_MODELS)}.findMany(${r.chance(0.3) ? '{ select: { id: true } }' : ''})`
      : r.pick(['getOrganizations()', 'db.select().from(organizations)', `${usable[0].name}.query('select id from organizations')`]);
    const inner = { ...ctx, inLoop: true, loopVars: [...ctx.loopVars, v] };
    return r.pick([
      () => `for ${ctx.async ? 'await ' : ''}(const ${v} of ${ctx.async ? 'await ' : ''}${src}) {\n${this.block(inner, r.int(1, 3), 1)}\n}`,
      () => `const orgs = ${ctx.async ? 'await ' : ''}${src};\nfor (const { id: ${v}Id, ...${v} } of orgs) {\n${this.block({ ...inner, tenantVars: [...inner.tenantVars, `${v}Id`] }, r.int(1, 2), 1)}\n}`,
      () => `${ctx.async ? 'await ' : ''}Promise.all((${ctx.async ? 'await ' : ''}${src}).map(${ctx.async ? 'async ' : ''}(${v}) => {\n${this.block({ ...inner, async: ctx.async }, r.int(1, 2), 1)}\n}));`,
      () => `for (const ${v} of ${ctx.async ? 'await ' : ''}${src}) ${this.awaitIf(ctx, this.enqueue(inner))};`,
    ])();
  }

  // ---------------------------------------------------------------- handlers

  body(ctx) {
    const n = this.r.int(1, 5);
    return this.block({ depth: 0, tenantVars: [], loopVars: [], async: true, inLoop: false, tsx: this.tsx, ...ctx }, n, 1);
  }

  /** An expression a handler can be: a query or an enqueue, in a step or not. */
  exprBody(ctx) {
    const full = { depth: 0, tenantVars: [], loopVars: [], async: true, inLoop: false, tsx: this.tsx, ...ctx };
    return this.r.weighted([
      [5, () => this.wrap(this.query(full))],
      [2, () => this.enqueue(full)],
      [1, () => `step.run('load', () => ${this.query(full)})`],
      [1, () => `Promise.all([${this.query(full)}, ${this.query(full)}])`],
      [1, () => `(${this.query(full)})`],
    ])();
  }

  /**
   * A handler function: `async (params) => { … }`, `async (params) => expression` or
   * `async function (params) { … }`. `body` is the context of a generated body, or its text.
   */
  fn(params, body, { arrow = this.r.chance(0.7), name = '', typed = '' } = {}) {
    const ret = this.r.chance(0.2) ? ': Promise<void>' : '';
    if (arrow && typeof body !== 'string' && this.r.chance(0.3)) return `async (${params}${typed})${ret} => ${this.exprBody(body)}`;
    const block = typeof body === 'string' ? body : this.body(body);
    if (arrow) return `async (${params}${typed})${ret} => {\n${block}\n}`;
    return `async function ${name}(${params}${typed})${ret} {\n${block}\n}`;
  }

  handler() {
    const r = this.r;
    const jobParam = r.pick(['job', 'job', 'j', 'task']);
    const typed = r.chance(0.3) ? r.pick([': Job<JobData>', ': Job', ': any', ': Job<{ organizationId: string }>']) : '';
    const name = this.jobName();
    const shape = r.pick([
      'bullmq',
      'bullmq',
      'bull',
      'nest',
      'inngest',
      'inngest4',
      'inngestCron',
      'trigger',
      'schemaTask',
      'schedules',
      'pgboss',
      'agenda',
      'graphile',
      'graphileList',
      'nodeCron',
      'croner',
      'route',
      'exported',
      'custom',
      'quirrel',
      'sqs',
      'cloudflare',
    ]);
    switch (shape) {
      case 'bullmq':
        this.use(`import { Worker, Job, UnrecoverableError } from 'bullmq';`);
        return `${r.pick(['', 'export const worker = ', 'const w = '])}new Worker${r.chance(0.2) ? '<JobData>' : ''}(${name}, ${this.fn(jobParam, { payload: `${jobParam}.data`, job: jobParam }, { typed })}, { connection${r.chance(0.3) ? ', concurrency: 5' : ''} });`;
      case 'bull':
        this.use(`import Bull from 'bull';`);
        return `const bq = new Bull(${name});\nbq.process(${r.chance(0.5) ? `${name}, ` : ''}${this.fn(jobParam, { payload: `${jobParam}.data`, job: jobParam }, { typed })});`;
      case 'nest': {
        this.use(`import { Processor, WorkerHost, OnWorkerEvent } from '@nestjs/bullmq';`);
        this.use(`import { Injectable } from '@nestjs/common';`);
        const body = this.body({ payload: `${jobParam}.data`, job: jobParam });
        return `@Processor(${name}${r.chance(0.3) ? ', { concurrency: 2 }' : ''})\n${r.chance(0.3) ? '@Injectable()\n' : ''}export class ${this.fresh('Processor')} extends WorkerHost {\n  private organizationId?: string;\n  #seen = new Set<string>();\n  constructor(${r.chance(0.5) ? '@InjectRepository(Doc) private readonly repo: Repository<Doc>, ' : ''}private readonly prisma: PrismaService) {\n    super();\n  }\n  @OnWorkerEvent('active')\n  onActive(job: Job) {\n    this.organizationId = job.data.organizationId;\n  }\n  override async process(${jobParam}: Job<JobData>${r.chance(0.3) ? ', token?: string' : ''}): Promise<any> {\n${body}\n  }\n  static {\n    void 0;\n  }\n}`;
      }
      case 'inngest':
      case 'inngestCron':
      case 'inngest4': {
        if (!this.producers.some((p) => p.system === 'inngest')) this.use(`import { inngest } from './client';`);
        const cron = shape === 'inngestCron';
        const trigger = cron ? `{ cron: '0 3 * * *' }` : `{ event: ${name} }`;
        const params = r.pick(['{ event, step }', '{ event, step, logger }', 'ctx', '{ step, ...rest }']);
        const payload = cron ? undefined : params === 'ctx' ? 'ctx.event.data' : params.includes('rest') ? 'rest.event.data' : 'event.data';
        const fn = this.fn(params, { payload, job: undefined });
        return shape === 'inngest4'
          ? `export const ${this.fresh('fn')} = inngest.createFunction({ id: ${name}, triggers: [${trigger}]${r.chance(0.3) ? ', concurrency: { key: "event.data.organizationId", limit: 1 }' : ''} }, ${fn});`
          : `export const ${this.fresh('fn')} = inngest.createFunction(\n  { id: ${name}, retries: 3 },\n  ${trigger},\n  ${fn},\n);`;
      }
      case 'trigger':
      case 'schemaTask':
      case 'schedules': {
        this.use(`import { task, schemaTask, schedules, logger } from '@trigger.dev/sdk';`);
        const param = r.pick(['payload', 'payload: { organizationId: string }', '{ organizationId, ...rest }', 'payload: JobData, { ctx }']);
        const payload = param.startsWith('{') ? undefined : 'payload';
        const tenantVars = param.startsWith('{') ? ['organizationId'] : [];
        if (shape === 'schedules') return `export const ${this.fresh('scheduled')} = schedules.task({\n  id: ${name},\n  cron: '0 * * * *',\n  run: ${this.fn('', { payload: undefined })},\n});`;
        const run = r.chance(0.5)
          ? `run: ${this.fn(param, { payload, tenantVars }, { arrow: true })}`
          : `async run(${param}) {\n${this.body({ payload, tenantVars })}\n  }`;
        const schema = shape === 'schemaTask' ? 'schema: z.object({ organizationId: z.string() }),\n  ' : '';
        return `export const ${r.pick(['syncTask', 'reportTask', this.fresh('t')])} = ${shape === 'schemaTask' ? 'schemaTask' : 'task'}({\n  id: ${name},\n  ${schema}${run},\n});`;
      }
      case 'pgboss': {
        if (!this.producers.some((p) => p.system === 'pgboss')) this.use(`import { boss } from '@/lib/boss';`);
        const array = r.chance(0.5);
        const param = array ? r.pick(['[job]', 'jobs', '[job, ...others]']) : 'job';
        const payload = array && param === 'jobs' ? undefined : 'job.data';
        const body = param === 'jobs' ? `  for (const job of jobs) {\n${this.body({ payload: 'job.data', inLoop: true })}\n  }` : this.body({ payload });
        return `await boss.work(${name}, ${r.chance(0.3) ? '{ batchSize: 5 }, ' : ''}${this.fn(param, body)});`;
      }
      case 'agenda':
        if (!this.producers.some((p) => p.system === 'agenda')) this.use(`import { agenda } from '@/lib/agenda';`);
        return `agenda.define(${name}, ${r.chance(0.3) ? '{ concurrency: 1 }, ' : ''}${this.fn(jobParam, { payload: `${jobParam}.attrs.data`, job: jobParam }, { typed: r.chance(0.3) ? ': Job<JobData>' : '' })});`;
      case 'graphile':
        this.use(`import type { Task } from 'graphile-worker';`);
        return `export const ${this.fresh('task')}: Task = ${this.fn('payload, helpers', { payload: '(payload as JobData)' })};`;
      case 'graphileList':
        this.use(`import { run, type TaskList } from 'graphile-worker';`);
        return `const taskList: TaskList = {\n  ${ident(this.r.pick(JOB_NAMES))}: ${this.fn('payload: any, { query, addJob }', { payload: 'payload' })},\n  ['computed-name']: async () => {},\n};\nawait run({ taskList });`;
      case 'nodeCron':
        this.use(`import cron from 'node-cron';`);
        return `cron.schedule('*/5 * * * *', ${this.fn('', { payload: undefined })}${r.chance(0.3) ? `, { timezone: 'UTC' }` : ''});`;
      case 'croner':
        this.use(`import { Cron } from 'croner';`);
        return `new Cron('0 0 * * *', ${r.chance(0.3) ? '{ protect: true }, ' : ''}${this.fn('', { payload: undefined })});`;
      case 'route': {
        const method = r.pick(['GET', 'POST']);
        return r.pick([
          () => `export async function ${method}(request: Request${r.chance(0.5) ? ', { params }: { params: Promise<{ id: string }> }' : ''}) {\n  if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) return new Response('no', { status: 401 });\n${this.body({ payload: undefined })}\n  return Response.json({ ok: true });\n}`,
          () => `export const ${method} = ${this.fn('req: NextRequest', { payload: undefined })};`,
          () => `export default async function handler(req: NextApiRequest, res: NextApiResponse) {\n${this.body({ payload: undefined })}\n  res.status(200).end();\n}`,
        ])();
      }
      case 'exported': {
        const param = r.pick(['payload: JobData', 'data: { organizationId: string; month?: number }', '{ organizationId, month }: JobData', 'payload']);
        const payload = param.startsWith('{') ? undefined : param.split(':')[0];
        const tenantVars = param.startsWith('{') ? ['organizationId'] : [];
        return r.pick([
          () => `export async function ${this.fresh('handle')}(${param}) {\n${this.body({ payload, tenantVars })}\n}`,
          () => `export const ${this.fresh('handle')} = ${this.fn(param, { payload, tenantVars })};`,
          () => `export default ${this.fn(param, { payload, tenantVars }, { arrow: false, name: r.chance(0.5) ? 'run' : '' })}`,
          () => `async function ${this.fresh('inner')}(${param}) {\n${this.body({ payload, tenantVars })}\n}\nexport { inner${this.counter} as ${this.fresh('exported')} };`,
          () => `module.exports = { handler: ${this.fn(param, { payload, tenantVars })} };`,
        ])();
      }
      case 'custom':
        return r.pick([
          () => `registerJob(${name}, ${this.fn('payload', { payload: 'payload' })});`,
          () => `worker.handle(${this.fn('ctx, payload', { payload: 'payload' })});`,
        ])();
      case 'quirrel':
        this.use(`import { Queue } from 'quirrel/next-app';`);
        return `export const ${this.fresh('queue')} = Queue('api/queues/email', ${this.fn('payload', { payload: 'payload' })});`;
      case 'sqs':
        this.use(`import type { SQSEvent, SQSHandler } from 'aws-lambda';`);
        return `export const handler: SQSHandler = async (event: SQSEvent) => {\n  for (const record of event.Records) {\n    const body = JSON.parse(record.body);\n${this.body({ payload: 'body', inLoop: true })}\n  }\n};`;
      case 'cloudflare':
        return `export default {\n  async queue(batch: MessageBatch<JobData>, env: Env): Promise<void> {\n    for (const message of batch.messages) {\n${this.body({ payload: 'message.body', inLoop: true })}\n      message.ack();\n    }\n  },\n} satisfies ExportedHandler<Env>;`;
      default:
        return '';
    }
  }

  /** A same-file helper taking a tenant id, called from handlers. */
  helper() {
    const name = this.fresh(this.r.pick(['loadDocs', 'purge', 'sync']));
    this.helpers.push(name);
    const key = this.r.pick(TENANT_KEYS);
    const ctx = { payload: undefined, tenantVars: [key], loopVars: [], depth: 1, async: true, inLoop: false, tsx: this.tsx };
    const body = this.block(ctx, this.r.int(1, 3), 1);
    return this.r.pick([
      () => `async function ${name}(${key}: string${this.r.chance(0.3) ? ', opts?: { dryRun?: boolean }' : ''}) {\n${body}\n}`,
      () => `const ${name} = async (${key}${this.r.chance(0.5) ? ': string' : ''}) => {\n${body}\n};`,
      () => `async function ${name}<T extends string>(${key}: T): Promise<void>;\nasync function ${name}(${key}: string) {\n${body}\n}`,
    ])();
  }

  /** A function that enqueues jobs (the producer side). */
  producerFunction() {
    const r = this.r;
    const key = this.tenantKey();
    const params = r.pick([`${key}: string`, `{ ${key}, userId }: Input`, `input: Input`, '', `req: Request`]);
    const tenantVars = params.startsWith('{') || params.startsWith(key) ? [key] : [];
    const payload = params.startsWith('input') ? 'input' : undefined;
    const ctx = { payload, tenantVars, loopVars: [], depth: 1, async: true, inLoop: false, tsx: this.tsx };
    const body = this.block(ctx, r.int(1, 3), 1);
    return r.pick([
      () => `export async function ${this.fresh('schedule')}(${params}) {\n${body}\n}`,
      () => `class ${this.fresh('Service')} {\n  constructor(private readonly queue: Queue, private bus = new Bus()) {}\n  async run(${params}) {\n${body}\n  }\n  get name() { return 'x'; }\n}`,
      () => `router.post('/x', async (${params.startsWith('req') ? params : 'req, res'}) => {\n${body}\n});`,
    ])();
  }

  namespaceDecl() {
    const ctx = { payload: 'job.data', job: 'job', tenantVars: [], loopVars: [], depth: 1, async: true, inLoop: false, tsx: this.tsx };
    this.use(`import { Worker } from 'bullmq';`);
    return `${this.r.chance(0.5) ? 'export ' : ''}namespace Jobs${this.r.chance(0.3) ? '.Inner' : ''} {\n  export const name = 'ns';\n  export const w = new Worker(name, async (job) => {\n${this.block(ctx, this.r.int(1, 2), 2)}\n  });\n}`;
  }

  miscTopLevel() {
    return this.r.pick([
      `declare module 'bullmq' {\n  interface Job { organizationId?: string }\n}`,
      `export type { JobData as Payload };`,
      `import fs = require('node:fs');`,
      `label: {\n  break label;\n}`,
      `const lookup = { [\`\${'org'}Id\`]: 1, 'organization-id': 2, 3: 'x' } as const;`,
      `export abstract class Repo<T> {\n  protected abstract find(where: Partial<T>): Promise<T[]>;\n  accessor count = 0;\n}`,
      `using res = getResource();`,
    ]);
  }
}
