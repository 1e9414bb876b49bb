#!/usr/bin/env node
// Generates a synthetic TypeScript SaaS project for the benchmarks in bench/run.mjs.
//
//   node bench/generate.mjs                          3,000 files into bench/.work/saas/
//   node bench/generate.mjs --files 500 --name small 500 files into bench/.work/small/
//   node bench/generate.mjs --dense 300              one file with 300 enqueue sites, bench/.work/dense-300/
//
// Options: --files N (default 3000), --job-ratio R (default 0.1), --seed S (default 1),
// --name NAME (default saas, or dense-N with --dense), --dense N (one dense file with N enqueue sites).
//
// The output is deterministic: the same options give byte-identical files (a seeded PRNG, no clock).
// Each project gets a manifest.json listing its files, their kind (`job` or `plain`), line counts and
// the number of enqueue sites written, so run.mjs can split timings by kind.

import { mkdirSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const WORK_DIR = join(HERE, '.work');

/** Browser/Node globals the generated code uses, so `no-undef` stays quiet as in a configured project. */
export const GLOBALS = {
  console: 'readonly',
  process: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  URL: 'readonly',
  URLSearchParams: 'readonly',
  Headers: 'readonly',
};
const GENERATOR_VERSION = 4;

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32) and helpers.

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p) {
    return this.next() < p;
  }
  shuffle(items) {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

const pascal = (s) => s.replace(/(^|[-_ ])(\w)/g, (_, __, c) => c.toUpperCase());
const camel = (s) => {
  const p = pascal(s);
  return p[0].toLowerCase() + p.slice(1);
};
const kebab = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

// ---------------------------------------------------------------------------------------------
// Vocabulary.

const DOMAINS = [
  'billing', 'invoice', 'user', 'project', 'document', 'report', 'notification', 'webhook', 'audit',
  'subscription', 'integration', 'export', 'import', 'analytics', 'search', 'comment', 'task',
  'calendar', 'file', 'member', 'invitation', 'payment', 'usage', 'dashboard', 'workflow',
];
const MODELS = [
  'document', 'invoice', 'project', 'report', 'member', 'comment', 'auditLog', 'subscription',
  'webhookEndpoint', 'apiKey', 'invitation', 'payment', 'usageRecord', 'fileUpload', 'dashboard',
];
const FIELDS = [
  ['name', 'string'], ['title', 'string'], ['description', 'string | null'], ['createdAt', 'Date'],
  ['updatedAt', 'Date'], ['archived', 'boolean'], ['position', 'number'], ['ownerId', 'string'],
  ['status', 'string'], ['tags', 'string[]'], ['amountCents', 'number'], ['currency', 'string'],
  ['email', 'string'], ['slug', 'string'], ['metadata', 'Record<string, unknown>'], ['priority', 'number'],
  ['dueAt', 'Date | null'], ['version', 'number'], ['locale', 'string'], ['externalId', 'string | null'],
];
const STATUSES = ['draft', 'active', 'pending', 'archived', 'failed', 'completed', 'cancelled', 'queued', 'paused'];
const VERBS = ['sync', 'refresh', 'export', 'reindex', 'recalculate', 'archive', 'notify', 'cleanup', 'import', 'render', 'send', 'rebuild'];
const EVENTS = ['created', 'updated', 'deleted', 'restored', 'shared', 'exported', 'completed', 'failed'];

// ---------------------------------------------------------------------------------------------
// A file under construction: collects imports and body lines.

class FileBuilder {
  constructor(rng, depth) {
    this.rng = rng;
    this.up = depth <= 1 ? './' : '../'.repeat(depth - 1);
    this.values = new Map(); // module -> Set of names
    this.types = new Map();
    this.defaults = new Map(); // module -> default import name
    this.blocks = [];
    this.lines = 0;
    this.n = 0;
    this.sites = 0;
    this.reports = 0;
  }
  uid() {
    return ++this.n;
  }
  snapshot() {
    const copy = (m) => new Map([...m].map(([k, v]) => [k, v instanceof Set ? new Set(v) : v]));
    return { n: this.n, values: copy(this.values), types: copy(this.types), defaults: new Map(this.defaults) };
  }
  restore(snapshot) {
    Object.assign(this, snapshot);
  }
  use(module, name) {
    if (!this.values.has(module)) this.values.set(module, new Set());
    this.values.get(module).add(name);
    return name;
  }
  useType(module, name) {
    if (!this.types.has(module)) this.types.set(module, new Set());
    this.types.get(module).add(name);
    return name;
  }
  useDefault(module, name) {
    this.defaults.set(module, name);
    return name;
  }
  lib(name) {
    return `${this.up}lib/${name}`;
  }
  add(lines) {
    this.blocks.push(lines);
    this.lines += lines.length + 1;
  }
  importLines() {
    const out = [];
    const modules = [...new Set([...this.defaults.keys(), ...this.values.keys(), ...this.types.keys()])].sort();
    for (const module of modules) {
      const def = this.defaults.get(module);
      const values = [...(this.values.get(module) ?? [])].sort();
      const types = [...(this.types.get(module) ?? [])].filter((t) => !values.includes(t)).sort();
      if (def) out.push(`import ${def} from '${module}';`);
      if (values.length) {
        const names = [...values, ...types.map((t) => `type ${t}`)];
        out.push(`import { ${names.join(', ')} } from '${module}';`);
      } else if (types.length) {
        out.push(`import type { ${types.join(', ')} } from '${module}';`);
      }
    }
    return out;
  }
  /** The line count `text()` gives (without a header). */
  estimate() {
    // text() joins the import block and the blocks with blank lines and ends with a newline.
    const imports = this.importLines().length;
    return this.lines + imports + (imports ? 1 : 0) - 1;
  }
  text(header) {
    const parts = [];
    if (header) parts.push(header.join('\n'));
    const imports = this.importLines();
    if (imports.length) parts.push(imports.join('\n'));
    for (const block of this.blocks) parts.push(block.join('\n'));
    return `${parts.join('\n\n')}\n`;
  }
}

// ---------------------------------------------------------------------------------------------
// Ordinary application code: no job-system signal, many calls named like enqueue methods
// (`add`, `send`, `trigger`, `create`, `push`, `publish`, `schedule`, `run`) on other receivers.

const PLAIN_BLOCKS = [
  // An interface and a mapper.
  function dto(f, ctx) {
    const n = f.uid();
    const name = `${pascal(ctx.domain)}Record${n}`;
    const fields = f.rng.shuffle(FIELDS).slice(0, f.rng.int(4, 10));
    const lines = [`export interface ${name} {`, '  id: string;'];
    for (const [field, type] of fields) lines.push(`  ${field}: ${type};`);
    lines.push('}', '');
    lines.push(`export function to${name}Summary(record: ${name}): { id: string; label: string } {`);
    const str = fields.find(([, t]) => t === 'string');
    lines.push(`  const label = ${str ? `record.${str[0]}.trim()` : 'record.id'};`);
    lines.push('  return { id: record.id, label: label.length > 40 ? label.slice(0, 37) + \'...\' : label };');
    lines.push('}');
    return lines;
  },
  // A status union and a switch.
  function statusSwitch(f, ctx) {
    const n = f.uid();
    const type = `${pascal(ctx.domain)}Status${n}`;
    const statuses = f.rng.shuffle(STATUSES).slice(0, f.rng.int(3, 6));
    const lines = [`export type ${type} = ${statuses.map((s) => `'${s}'`).join(' | ')};`, ''];
    lines.push(`export function describe${type}(status: ${type}): string {`, '  switch (status) {');
    for (const s of statuses) lines.push(`    case '${s}':`, `      return '${pascal(s)}';`);
    lines.push('    default:', "      return 'Unknown';", '  }', '}');
    return lines;
  },
  // Set.add / Array.push.
  function uniqueIds(f, ctx) {
    const n = f.uid();
    return [
      `export function unique${pascal(ctx.domain)}Ids${n}(items: ReadonlyArray<{ id: string; parentId?: string }>): string[] {`,
      '  const seen = new Set<string>();',
      '  const out: string[] = [];',
      '  for (const item of items) {',
      '    if (seen.has(item.id)) continue;',
      '    seen.add(item.id);',
      '    out.push(item.id);',
      '    if (item.parentId && !seen.has(item.parentId)) {',
      '      seen.add(item.parentId);',
      '      out.push(item.parentId);',
      '    }',
      '  }',
      '  return out;',
      '}',
    ];
  },
  // A class with an EventEmitter: emit / on / add / set.
  function tracker(f, ctx) {
    const n = f.uid();
    f.use('node:events', 'EventEmitter');
    f.useType(f.lib('types'), 'Listener');
    return [
      `export class ${pascal(ctx.domain)}Tracker${n} {`,
      '  private readonly pending = new Set<string>();',
      '  private readonly weights = new Map<string, number>();',
      '  private readonly events = new EventEmitter();',
      '',
      '  track(id: string, weight = 1): void {',
      '    this.pending.add(id);',
      '    this.weights.set(id, (this.weights.get(id) ?? 0) + weight);',
      `    this.events.emit('${ctx.domain}.tracked', { id, weight });`,
      '  }',
      '',
      '  flush(): string[] {',
      '    const ids = [...this.pending].sort((a, b) => (this.weights.get(b) ?? 0) - (this.weights.get(a) ?? 0));',
      '    this.pending.clear();',
      `    this.events.emit('${ctx.domain}.flushed', ids);`,
      '    return ids;',
      '  }',
      '',
      '  onFlush(listener: Listener<string[]>): () => void {',
      `    this.events.on('${ctx.domain}.flushed', listener);`,
      `    return () => this.events.off('${ctx.domain}.flushed', listener);`,
      '  }',
      '}',
    ];
  },
  // An Express handler: res.send / res.status().send.
  function handler(f, ctx) {
    const n = f.uid();
    f.useType('express', 'Request');
    f.useType('express', 'Response');
    f.use(f.lib('db'), 'prisma');
    const model = ctx.model;
    return [
      `export async function get${pascal(model)}Handler${n}(req: Request, res: Response): Promise<void> {`,
      "  const id = String(req.params.id ?? '');",
      '  if (!id) {',
      "    res.status(400).send({ error: 'missing id' });",
      '    return;',
      '  }',
      `  const record = await prisma.${model}.findFirst({ where: { id, organizationId: req.auth.organizationId } });`,
      '  if (!record) {',
      "    res.status(404).send({ error: 'not found' });",
      '    return;',
      '  }',
      "  res.setHeader('Cache-Control', 'no-store');",
      '  res.send(record);',
      '}',
    ];
  },
  // A mailer and a socket: send.
  function notifier(f, ctx) {
    const n = f.uid();
    f.useType(`${f.up}lib/mailer`, 'Mailer');
    f.useType(`${f.up}lib/socket`, 'SocketLike');
    return [
      `export class ${pascal(ctx.domain)}Notifier${n} {`,
      '  private readonly mailer: Mailer;',
      '  private readonly socket: SocketLike;',
      '',
      '  constructor(mailer: Mailer, socket: SocketLike) {',
      '    this.mailer = mailer;',
      '    this.socket = socket;',
      '  }',
      '',
      '  async notify(recipient: string, subject: string, body: string): Promise<boolean> {',
      "    const html = '<p>' + body.replace(/</g, '&lt;') + '</p>';",
      '    const result = await this.mailer.send({ to: recipient, subject, html });',
      `    this.socket.send(JSON.stringify({ type: '${ctx.domain}.notified', recipient }));`,
      '    return result.accepted.length > 0;',
      '  }',
      '',
      '  async notifyAll(recipients: readonly string[], subject: string, body: string): Promise<number> {',
      '    let sent = 0;',
      '    for (const recipient of recipients) {',
      '      if (await this.notify(recipient, subject, body)) sent += 1;',
      '    }',
      '    return sent;',
      '  }',
      '}',
    ];
  },
  // A money value object: add.
  function amount(f) {
    const n = f.uid();
    const c = `Amount${n}`;
    return [
      `export class ${c} {`,
      '  readonly cents: number;',
      '  readonly currency: string;',
      '',
      '  constructor(cents: number, currency: string) {',
      '    this.cents = cents;',
      '    this.currency = currency;',
      '  }',
      '',
      `  add(other: ${c}): ${c} {`,
      "    if (other.currency !== this.currency) throw new Error('currency mismatch');",
      `    return new ${c}(this.cents + other.cents, this.currency);`,
      '  }',
      '',
      `  scale(factor: number): ${c} {`,
      `    return new ${c}(Math.round(this.cents * factor), this.currency);`,
      '  }',
      '',
      '  format(): string {',
      "    return (this.cents / 100).toFixed(2) + ' ' + this.currency;",
      '  }',
      '}',
      '',
      `export function sum${c}(items: readonly ${c}[], currency: string): ${c} {`,
      `  return items.reduce((total, item) => total.add(item), new ${c}(0, currency));`,
      '}',
    ];
  },
  // A hook registry: trigger.
  function hooks(f, ctx) {
    const n = f.uid();
    f.useType(f.lib('types'), 'Listener');
    const D = pascal(ctx.domain);
    return [
      `type Hook${n} = Listener<Record<string, unknown>>;`,
      '',
      `export class HookRegistry${n} {`,
      `  private readonly hooks = new Map<string, Hook${n}[]>();`,
      '',
      `  register(event: string, hook: Hook${n}): void {`,
      '    const list = this.hooks.get(event) ?? [];',
      '    list.push(hook);',
      '    this.hooks.set(event, list);',
      '  }',
      '',
      '  async trigger(event: string, payload: Record<string, unknown>): Promise<void> {',
      '    for (const hook of this.hooks.get(event) ?? []) await hook(payload);',
      '  }',
      '}',
      '',
      `export const ${camel(ctx.domain)}Hooks${n} = new HookRegistry${n}();`,
      '',
      `export async function before${D}Save${n}(entity: { id: string; version: number }): Promise<void> {`,
      `  await ${camel(ctx.domain)}Hooks${n}.trigger('beforeSave', { id: entity.id, version: entity.version + 1 });`,
      '}',
    ];
  },
  // Dates: dayjs(...).add.
  function dates(f, ctx) {
    const n = f.uid();
    f.useDefault('dayjs', 'dayjs');
    return [
      `export function ${camel(ctx.domain)}ExpiresAt${n}(from: Date, days: number): Date {`,
      "  return dayjs(from).add(days, 'day').startOf('day').toDate();",
      '}',
      '',
      `export function ${camel(ctx.domain)}IsOverdue${n}(dueAt: Date | null, now = new Date()): boolean {`,
      '  if (!dueAt) return false;',
      "  return dayjs(dueAt).add(1, 'hour').isBefore(now);",
      '}',
    ];
  },
  // Prisma queries: findMany / create / update.
  function repository(f, ctx) {
    const n = f.uid();
    f.use(f.lib('db'), 'prisma');
    const M = pascal(ctx.model);
    const m = ctx.model;
    return [
      `export async function list${M}s${n}(organizationId: string, cursor?: string, take = 50) {`,
      `  return prisma.${m}.findMany({`,
      '    where: { organizationId, deletedAt: null },',
      "    orderBy: { createdAt: 'desc' },",
      '    take,',
      '    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),',
      '  });',
      '}',
      '',
      `export async function create${M}${n}(organizationId: string, input: { name: string; ownerId: string }) {`,
      `  const existing = await prisma.${m}.findFirst({ where: { organizationId, name: input.name } });`,
      '  if (existing) return existing;',
      `  return prisma.${m}.create({ data: { organizationId, name: input.name, ownerId: input.ownerId } });`,
      '}',
      '',
      `export async function rename${M}${n}(organizationId: string, id: string, name: string) {`,
      `  return prisma.${m}.update({ where: { id, organizationId }, data: { name } });`,
      '}',
    ];
  },
  // Pure helpers.
  function chunk(f) {
    const n = f.uid();
    f.useType(f.lib('types'), 'KeySelector');
    return [
      `export function chunk${n}<T>(items: readonly T[], size: number): T[][] {`,
      "  if (size <= 0) throw new RangeError('size must be positive');",
      '  const out: T[][] = [];',
      '  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));',
      '  return out;',
      '}',
      '',
      `export function groupBy${n}<T, K extends string>(items: readonly T[], key: KeySelector<T, K>): Record<K, T[]> {`,
      '  const out = {} as Record<K, T[]>;',
      '  for (const item of items) {',
      '    const k = key(item);',
      '    (out[k] ??= []).push(item);',
      '  }',
      '  return out;',
      '}',
    ];
  },
  // Retry with backoff: schedule-like names, setTimeout.
  function retry(f) {
    const n = f.uid();
    return [
      `export async function retry${n}<T>(run: () => Promise<T>, attempts = 3, baseDelayMs = 200): Promise<T> {`,
      '  let lastError: unknown;',
      '  for (let attempt = 0; attempt < attempts; attempt++) {',
      '    try {',
      '      return await run();',
      '    } catch (error) {',
      '      lastError = error;',
      '      const delay = baseDelayMs * 2 ** attempt + Math.floor(Math.random() * 50);',
      '      await new Promise((resolve) => setTimeout(resolve, delay));',
      '    }',
      '  }',
      '  throw lastError;',
      '}',
    ];
  },
  // A BFS over a local array named `queue`: push / shift.
  function walk(f, ctx) {
    const n = f.uid();
    return [
      `export interface TreeNode${n} {`,
      '  id: string;',
      `  children: TreeNode${n}[];`,
      '}',
      '',
      `export function flatten${pascal(ctx.domain)}Tree${n}(root: TreeNode${n}, maxDepth = 8): string[] {`,
      `  const queue: Array<{ node: TreeNode${n}; depth: number }> = [{ node: root, depth: 0 }];`,
      '  const ids: string[] = [];',
      '  while (queue.length > 0) {',
      '    const { node, depth } = queue.shift()!;',
      '    ids.push(node.id);',
      '    if (depth >= maxDepth) continue;',
      '    for (const child of node.children) queue.push({ node: child, depth: depth + 1 });',
      '  }',
      '  return ids;',
      '}',
    ];
  },
  // Query strings and headers: append / set.
  function http(f, ctx) {
    const n = f.uid();
    return [
      `export function build${pascal(ctx.domain)}Url${n}(base: string, params: Record<string, string | number | undefined>): string {`,
      '  const url = new URL(base);',
      '  const search = new URLSearchParams();',
      '  for (const [key, value] of Object.entries(params)) {',
      '    if (value === undefined) continue;',
      '    search.append(key, String(value));',
      '  }',
      '  url.search = search.toString();',
      '  return url.toString();',
      '}',
      '',
      `export function authHeaders${n}(token: string, requestId: string): Headers {`,
      '  const headers = new Headers();',
      "  headers.set('Authorization', 'Bearer ' + token);",
      "  headers.set('X-Request-Id', requestId);",
      '  return headers;',
      '}',
    ];
  },
  // Pub/sub and a command bus: publish / send / run / schedule on project objects.
  function bus(f, ctx) {
    const n = f.uid();
    f.use(`${f.up}lib/pubsub`, 'pubsub');
    f.use(`${f.up}lib/commands`, 'commandBus');
    f.use(`${f.up}lib/scheduler`, 'scheduler');
    const ev = f.rng.pick(EVENTS);
    return [
      `export async function publish${pascal(ctx.domain)}${pascal(ev)}${n}(entityId: string, actorId: string): Promise<void> {`,
      `  await pubsub.publish('${ctx.domain}.${ev}', { entityId, actorId, at: Date.now() });`,
      `  await commandBus.send({ type: '${ctx.domain}/${ev}', entityId });`,
      '  scheduler.schedule(60_000, () => commandBus.run({ type: \'cache/invalidate\', key: entityId }));',
      '}',
    ];
  },
  // Validation.
  function validate(f, ctx) {
    const n = f.uid();
    const D = pascal(ctx.domain);
    return [
      `export interface ${D}Input${n} {`,
      '  name?: unknown;',
      '  email?: unknown;',
      '  tags?: unknown;',
      '}',
      '',
      `export function validate${D}Input${n}(input: ${D}Input${n}): string[] {`,
      '  const errors: string[] = [];',
      "  if (typeof input.name !== 'string' || input.name.trim().length === 0) errors.push('name is required');",
      "  else if (input.name.length > 120) errors.push('name is too long');",
      "  if (input.email !== undefined && (typeof input.email !== 'string' || !/^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$/i.test(input.email))) {",
      "    errors.push('email is invalid');",
      '  }',
      "  if (input.tags !== undefined && (!Array.isArray(input.tags) || input.tags.some((t) => typeof t !== 'string'))) {",
      "    errors.push('tags must be strings');",
      '  }',
      '  return errors;',
      '}',
    ];
  },
  // A cache with TTL.
  function cache(f, ctx) {
    const n = f.uid();
    return [
      `export class TtlCache${n}<V> {`,
      '  private readonly entries = new Map<string, { value: V; expiresAt: number }>();',
      '',
      '  private readonly ttlMs: number;',
      '',
      '  constructor(ttlMs: number) {',
      '    this.ttlMs = ttlMs;',
      '  }',
      '',
      '  get(key: string, now = Date.now()): V | undefined {',
      '    const entry = this.entries.get(key);',
      '    if (!entry) return undefined;',
      '    if (entry.expiresAt <= now) {',
      '      this.entries.delete(key);',
      '      return undefined;',
      '    }',
      '    return entry.value;',
      '  }',
      '',
      '  set(key: string, value: V, now = Date.now()): void {',
      '    this.entries.set(key, { value, expiresAt: now + this.ttlMs });',
      '  }',
      '}',
      '',
      `export const ${camel(ctx.domain)}Cache${n} = new TtlCache${n}<string>(30_000);`,
    ];
  },
  // A service class with Prisma queries, an array buffer (push/shift) and logging.
  function service(f, ctx) {
    const n = f.uid();
    f.use(f.lib('db'), 'prisma');
    f.use(f.lib('logger'), 'logger');
    const M = pascal(ctx.model);
    const m = ctx.model;
    const verb = f.rng.pick(VERBS);
    return [
      `export class ${M}Service${n} {`,
      '  private readonly recent: string[] = [];',
      '',
      `  async ${verb}(organizationId: string, ids: readonly string[]): Promise<number> {`,
      `    const rows = await prisma.${m}.findMany({ where: { organizationId, id: { in: [...ids] } }, select: { id: true } });`,
      '    for (const row of rows) {',
      '      this.recent.push(row.id);',
      '      if (this.recent.length > 100) this.recent.shift();',
      '    }',
      `    logger.info({ organizationId, count: rows.length }, '${m} ${verb}');`,
      '    return rows.length;',
      '  }',
      '',
      '  recentIds(): readonly string[] {',
      '    return this.recent;',
      '  }',
      '}',
    ];
  },
];

// ---------------------------------------------------------------------------------------------
// Job code: BullMQ producers and workers, Inngest functions and sends, Trigger.dev tasks and
// triggers. About one payload in seven leaves out the tenant key (the rule reports it).

function tenantPayload(f, fields, { tenant = 'organizationId', missing = false } = {}) {
  const parts = [];
  if (!missing) parts.push(tenant === 'organizationId' ? 'organizationId' : `organizationId: ${tenant}`);
  else f.reports++;
  parts.push(...fields);
  return `{ ${parts.join(', ')} }`;
}

const JOB_KINDS = {
  'bullmq-producer': {
    dir: 'jobs',
    setup(f, ctx) {
      f.use('bullmq', 'Queue');
      f.use(f.lib('redis'), 'connection');
      ctx.queue = `${camel(ctx.domain)}Queue`;
      f.add([
        `export const ${ctx.queue} = new Queue('${kebab(ctx.domain)}', {`,
        '  connection,',
        "  defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: 1_000 },",
        '});',
      ]);
    },
    sites: [
      function addInline(f, ctx) {
        const n = f.uid();
        const verb = f.rng.pick(VERBS);
        const missing = f.rng.chance(1 / 7);
        f.sites++;
        return [
          `export async function enqueue${pascal(verb)}${pascal(ctx.model)}${n}(organizationId: string, ${ctx.model}Id: string, requestedBy: string): Promise<void> {`,
          `  await ${ctx.queue}.add('${verb}-${kebab(ctx.model)}', ${tenantPayload(f, [`${ctx.model}Id`, 'requestedBy'], { missing })}, {`,
          `    jobId: '${verb}:' + ${ctx.model}Id,`,
          '    priority: 2,',
          '  });',
          '}',
        ];
      },
      function addLocal(f, ctx) {
        const n = f.uid();
        const verb = f.rng.pick(VERBS);
        const missing = f.rng.chance(1 / 7);
        f.sites++;
        return [
          `export async function schedule${pascal(verb)}${n}(org: { id: string; plan: string }, ids: readonly string[]): Promise<void> {`,
          '  if (ids.length === 0) return;',
          `  const payload = ${tenantPayload(f, ['ids: [...ids]', 'plan: org.plan'], { tenant: 'org.id', missing })};`,
          `  await ${ctx.queue}.add('${verb}-batch', payload, { delay: 5_000 });`,
          '}',
        ];
      },
      function addBulk(f, ctx) {
        const n = f.uid();
        const verb = f.rng.pick(VERBS);
        const missing = f.rng.chance(1 / 7);
        f.sites++;
        return [
          `export async function enqueueMany${pascal(verb)}${n}(organizationId: string, items: ReadonlyArray<{ id: string; weight: number }>) {`,
          `  const jobs = items.map((item) => ({`,
          `    name: '${verb}-item',`,
          `    data: ${tenantPayload(f, ['itemId: item.id', 'weight: item.weight'], { missing })},`,
          '    opts: { priority: item.weight > 10 ? 1 : 5 },',
          '  }));',
          `  return ${ctx.queue}.addBulk(jobs);`,
          '}',
        ];
      },
      function addRepeat(f, ctx) {
        const n = f.uid();
        f.sites++;
        return [
          `export async function registerNightly${n}(): Promise<void> {`,
          `  await ${ctx.queue}.add('nightly-${kebab(ctx.domain)}-cleanup', {}, { repeat: { pattern: '0 3 * * *' } });`,
          '}',
        ];
      },
    ],
  },
  'bullmq-worker': {
    dir: 'workers',
    setup(f, ctx) {
      f.use('bullmq', 'Worker');
      f.useType('bullmq', 'Job');
      f.use(f.lib('redis'), 'connection');
      f.use(f.lib('db'), 'prisma');
      f.use(f.lib('logger'), 'logger');
      const n = f.uid();
      const m = ctx.model;
      f.add([
        `interface ${pascal(ctx.domain)}JobData${n} {`,
        '  organizationId: string;',
        `  ${m}Id: string;`,
        '  requestedBy?: string;',
        '}',
        '',
        `export const ${camel(ctx.domain)}Worker = new Worker(`,
        `  '${kebab(ctx.domain)}',`,
        `  async (job: Job<${pascal(ctx.domain)}JobData${n}>) => {`,
        `    const { organizationId, ${m}Id } = job.data;`,
        `    const record = await prisma.${m}.findFirst({ where: { id: ${m}Id, organizationId } });`,
        '    if (!record) {',
        `      logger.warn({ organizationId, ${m}Id }, '${m} vanished before the job ran');`,
        '      return { skipped: true };',
        '    }',
        `    const related = await prisma.auditLog.findMany({ where: { organizationId, entityId: ${m}Id }, take: 20 });`,
        '    await job.updateProgress(50);',
        `    await prisma.${m}.update({ where: { id: ${m}Id }, data: { updatedAt: new Date() } });`,
        '    return { skipped: false, related: related.length };',
        '  },',
        '  { connection, concurrency: 5 },',
        ');',
        '',
        `${camel(ctx.domain)}Worker.on('failed', (job, error) => {`,
        "  logger.error({ jobId: job?.id, err: error }, 'job failed');",
        '});',
      ]);
      // A worker that fans out to a follow-up queue.
      f.use('bullmq', 'Queue');
      ctx.queue = `${camel(ctx.domain)}FollowUpQueue`;
      f.add([`const ${ctx.queue} = new Queue('${kebab(ctx.domain)}-follow-up', { connection });`]);
    },
    sites: [
      function followUp(f, ctx) {
        const n = f.uid();
        const verb = f.rng.pick(VERBS);
        const missing = f.rng.chance(1 / 7);
        f.sites++;
        return [
          `export async function followUp${pascal(verb)}${n}(job: Job<{ organizationId: string; ${ctx.model}Id: string }>): Promise<void> {`,
          `  const { organizationId, ${ctx.model}Id } = job.data;`,
          `  const count = await prisma.${ctx.model}.count({ where: { organizationId } });`,
          `  await ${ctx.queue}.add('${verb}', ${tenantPayload(f, [`${ctx.model}Id`, 'count'], { missing })});`,
          '}',
        ];
      },
    ],
  },
  inngest: {
    dir: 'inngest',
    setup(f, ctx) {
      f.use(`${f.up}inngest/client`, 'inngest');
      f.use(f.lib('db'), 'prisma');
      const n = f.uid();
      const m = ctx.model;
      const ev = f.rng.pick(EVENTS);
      f.sites++;
      const missing = f.rng.chance(1 / 7);
      f.add([
        `export const ${camel(ctx.domain)}${pascal(ev)}${n} = inngest.createFunction(`,
        `  { id: '${kebab(ctx.domain)}-${ev}-${n}', concurrency: { limit: 10, key: 'event.data.organizationId' } },`,
        `  { event: 'app/${ctx.domain}.${ev}' },`,
        '  async ({ event, step }) => {',
        '    const { organizationId } = event.data;',
        `    const rows = await step.run('load-${kebab(m)}s', () =>`,
        `      prisma.${m}.findMany({ where: { organizationId, archived: false }, select: { id: true }, take: 500 }),`,
        '    );',
        `    await step.sendEvent('fan-out', rows.map((row) => ({`,
        `      name: 'app/${m}.reindex',`,
        `      data: ${tenantPayload(f, [`${m}Id: row.id`], { missing })},`,
        '    })));',
        '    return { count: rows.length };',
        '  },',
        ');',
      ]);
    },
    sites: [
      function send(f, ctx) {
        const n = f.uid();
        const ev = f.rng.pick(EVENTS);
        const missing = f.rng.chance(1 / 7);
        f.sites++;
        return [
          `export async function emit${pascal(ctx.model)}${pascal(ev)}${n}(organizationId: string, ${ctx.model}Id: string, actorId: string): Promise<void> {`,
          '  await inngest.send({',
          `    name: 'app/${ctx.model}.${ev}',`,
          `    data: ${tenantPayload(f, [`${ctx.model}Id`, 'actorId'], { missing })},`,
          '  });',
          '}',
        ];
      },
      function sendMany(f, ctx) {
        const n = f.uid();
        const ev = f.rng.pick(EVENTS);
        const missing = f.rng.chance(1 / 7);
        f.sites++;
        return [
          `export async function emitMany${pascal(ev)}${n}(org: { id: string }, ids: readonly string[]): Promise<void> {`,
          '  const events = ids.map((id) => ({',
          `    name: 'app/${ctx.model}.${ev}' as const,`,
          `    data: ${tenantPayload(f, ['id'], { tenant: 'org.id', missing })},`,
          '  }));',
          '  await inngest.send(events);',
          '}',
        ];
      },
    ],
  },
  trigger: {
    dir: 'trigger',
    setup(f, ctx) {
      f.use('@trigger.dev/sdk', 'task');
      f.use(f.lib('db'), 'prisma');
      f.use(f.lib('logger'), 'logger');
      const n = f.uid();
      const m = ctx.model;
      ctx.task = `${camel(ctx.domain)}Task${n}`;
      f.add([
        `export const ${ctx.task} = task({`,
        `  id: '${kebab(ctx.domain)}-${n}',`,
        '  maxDuration: 300,',
        `  run: async (payload: { organizationId: string; ${m}Id: string }) => {`,
        `    const record = await prisma.${m}.findFirst({ where: { id: payload.${m}Id, organizationId: payload.organizationId } });`,
        '    if (!record) return { ok: false };',
        `    logger.info({ organizationId: payload.organizationId }, '${kebab(ctx.domain)} task ran');`,
        '    return { ok: true };',
        '  },',
        '});',
      ]);
    },
    sites: [
      function triggerById(f, ctx) {
        const n = f.uid();
        const missing = f.rng.chance(1 / 7);
        f.sites++;
        f.use('@trigger.dev/sdk', 'tasks');
        return [
          `export async function start${pascal(ctx.domain)}${n}(organizationId: string, ${ctx.model}Id: string) {`,
          `  const handle = await tasks.trigger<typeof ${ctx.task}>('${kebab(ctx.domain)}-run', ${tenantPayload(f, [`${ctx.model}Id`], { missing })});`,
          '  return handle.id;',
          '}',
        ];
      },
      function triggerTask(f, ctx) {
        const n = f.uid();
        const missing = f.rng.chance(1 / 7);
        f.sites++;
        return [
          `export async function rerun${pascal(ctx.domain)}${n}(org: { id: string }, ${ctx.model}Id: string) {`,
          `  return ${ctx.task}.trigger(${tenantPayload(f, [`${ctx.model}Id`], { tenant: 'org.id', missing })}, { idempotencyKey: ${ctx.model}Id });`,
          '}',
        ];
      },
      function batchTrigger(f, ctx) {
        const n = f.uid();
        const missing = f.rng.chance(1 / 7);
        f.sites++;
        return [
          `export async function rerunAll${pascal(ctx.domain)}${n}(organizationId: string, ids: readonly string[]) {`,
          `  return ${ctx.task}.batchTrigger(ids.map((id) => ({ payload: ${tenantPayload(f, [`${ctx.model}Id: id`], { missing })} })));`,
          '}',
        ];
      },
    ],
  },
};

const JOB_KIND_NAMES = Object.keys(JOB_KINDS);
const PLAIN_DIRS = ['services', 'lib/utils', 'api/routes', 'domain', 'modules', 'server/handlers', 'shared'];

function targetLines(rng) {
  // 50..300, skewed toward the shorter end (median about 140).
  return 50 + Math.floor(rng.next() ** 1.3 * 250);
}

const MIN_LINES = 50;
const MAX_LINES = 300;

/** Adds ordinary blocks until the file is about `target` lines, never past MAX_LINES. */
function fillPlain(f, ctx, target, blocks = PLAIN_BLOCKS) {
  const limit = Math.min(target + 10, MAX_LINES);
  let guard = 0;
  while (f.estimate() < Math.max(MIN_LINES, target - 6) && guard++ < 500) {
    const block = f.rng.pick(blocks);
    const saved = f.snapshot();
    const lines = block(f, ctx);
    f.add(lines);
    if (f.estimate() > limit) {
      f.blocks.pop();
      f.lines -= lines.length + 1;
      f.restore(saved);
    }
  }
}

function plainFile(rng, index) {
  const domain = rng.pick(DOMAINS);
  const dir = rng.pick(PLAIN_DIRS);
  const depth = 1 + dir.split('/').length + 1;
  const path = `src/${dir}/${domain}/${kebab(domain)}-${rng.pick(['service', 'utils', 'helpers', 'store', 'handlers', 'model', 'mapper'])}-${index}.ts`;
  const f = new FileBuilder(rng, depth);
  const ctx = { domain, model: rng.pick(MODELS) };
  fillPlain(f, ctx, targetLines(rng));
  return { path, kind: 'plain', text: f.text(), sites: 0, reports: 0 };
}

function jobFile(rng, index) {
  const kindName = rng.pick(JOB_KIND_NAMES);
  const kind = JOB_KINDS[kindName];
  const domain = rng.pick(DOMAINS);
  const subdir = kindName === 'inngest' ? 'functions/' : '';
  const path = `src/${kind.dir}/${subdir}${domain}/${kebab(domain)}-${kindName}-${index}.ts`;
  const depth = 2 + subdir.split('/').filter(Boolean).length + 1;
  const f = new FileBuilder(rng, depth);
  const ctx = { domain, model: rng.pick(MODELS) };
  const target = targetLines(rng);
  kind.setup(f, ctx);
  const wanted = rng.int(2, 6);
  for (let i = 0; i < wanted; i++) {
    f.add(rng.pick(kind.sites)(f, ctx));
    // Mixed in: Prisma queries and ordinary helpers.
    if (rng.chance(0.6)) f.add(rng.pick(PLAIN_BLOCKS)(f, ctx));
  }
  fillPlain(f, ctx, target, [...PLAIN_BLOCKS, ...PLAIN_BLOCKS.filter((b) => b.name === 'repository' || b.name === 'service')]);
  return { path, kind: 'job', system: kindName, text: f.text(), sites: f.sites, reports: f.reports };
}

function write(root, files, manifest) {
  rmSync(root, { recursive: true, force: true });
  for (const file of files) {
    const full = join(root, file.path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, file.text);
  }
  writeFileSync(join(root, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
}

function summarise(files) {
  const lines = (t) => t.split('\n').length - 1;
  return files.map((f) => ({ path: f.path, kind: f.kind, system: f.system, lines: lines(f.text), sites: f.sites, reports: f.reports }));
}

/** Reads a project's manifest, or undefined. */
export function readManifest(name) {
  const path = join(WORK_DIR, name, 'manifest.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

/** Generates the SaaS project: `files` files, a `jobRatio` share of them job files. */
export function generateProject({ name = 'saas', files = 3000, jobRatio = 0.1, seed = 1 } = {}) {
  const rng = new Random(seed);
  const out = [];
  const jobEvery = Math.round(1 / jobRatio);
  for (let i = 0; i < files; i++) {
    out.push(i % jobEvery === jobEvery - 1 ? jobFile(rng, i) : plainFile(rng, i));
  }
  const root = join(WORK_DIR, name);
  const listed = summarise(out);
  const manifest = {
    generator: GENERATOR_VERSION,
    kind: 'project',
    options: { files, jobRatio, seed },
    totals: {
      files: listed.length,
      jobFiles: listed.filter((f) => f.kind === 'job').length,
      lines: listed.reduce((s, f) => s + f.lines, 0),
      sites: listed.reduce((s, f) => s + f.sites, 0),
      expectedReports: listed.reduce((s, f) => s + f.reports, 0),
    },
    files: listed,
  };
  write(root, out, manifest);
  return { root, manifest };
}

/**
 * Generates one dense job file with `sites` enqueue sites (BullMQ, Inngest, Trigger.dev in turn),
 * each in its own small exported function, with ordinary calls in between.
 */
export function generateDense({ name, sites = 300, seed = 1 } = {}) {
  name ??= `dense-${sites}`;
  const rng = new Random(seed);
  const f = new FileBuilder(rng, 3);
  f.use('bullmq', 'Queue');
  f.use('@trigger.dev/sdk', 'tasks');
  f.use('../inngest/client', 'inngest');
  f.use('../lib/redis', 'connection');
  f.use('../lib/db', 'prisma');
  f.add([
    "const reportsQueue = new Queue('reports', { connection });",
    'const seenIds = new Set<string>();',
  ]);
  const kinds = ['bullmq', 'inngest', 'trigger', 'bullmq-local'];
  for (let i = 0; i < sites; i++) {
    const kind = kinds[i % kinds.length];
    const missing = rng.chance(1 / 7);
    const model = rng.pick(MODELS);
    const verb = rng.pick(VERBS);
    f.sites++;
    const head = `export async function ${verb}${pascal(model)}${i}(organizationId: string, ${model}Id: string): Promise<void> {`;
    const guard = ['  if (seenIds.has(' + model + 'Id)) return;', '  seenIds.add(' + model + 'Id);'];
    if (kind === 'bullmq') {
      f.add([head, ...guard, `  await reportsQueue.add('${verb}-${kebab(model)}-${i}', ${tenantPayload(f, [`${model}Id`, `step: ${i}`], { missing })});`, '}']);
    } else if (kind === 'bullmq-local') {
      f.add([
        head,
        ...guard,
        `  const count = await prisma.${model}.count({ where: { organizationId } });`,
        `  const payload = ${tenantPayload(f, [`${model}Id`, 'count'], { missing })};`,
        `  await reportsQueue.add('${verb}-${i}', payload, { delay: ${i % 10} * 1_000 });`,
        '}',
      ]);
    } else if (kind === 'inngest') {
      f.add([head, ...guard, '  await inngest.send({', `    name: 'app/${model}.${verb}-${i}',`, `    data: ${tenantPayload(f, [`${model}Id`], { missing })},`, '  });', '}']);
    } else {
      f.add([head, ...guard, `  await tasks.trigger('${verb}-${kebab(model)}-${i}', ${tenantPayload(f, [`${model}Id`], { missing })});`, '}']);
    }
  }
  const text = f.text();
  const file = { path: 'src/jobs/dense.ts', kind: 'job', system: 'dense', text, sites: f.sites, reports: f.reports };
  const listed = summarise([file]);
  const manifest = {
    generator: GENERATOR_VERSION,
    kind: 'dense',
    options: { sites, seed },
    totals: { files: 1, jobFiles: 1, lines: listed[0].lines, sites: f.sites, expectedReports: f.reports },
    files: listed,
  };
  const root = join(WORK_DIR, name);
  write(root, [file], manifest);
  return { root, manifest };
}

/** Generates unless the manifest on disk was made with the same options and generator. */
export function ensureProject(options) {
  const name = options.name ?? 'saas';
  const existing = readManifest(name);
  const wanted = { files: options.files ?? 3000, jobRatio: options.jobRatio ?? 0.1, seed: options.seed ?? 1 };
  if (existing?.generator === GENERATOR_VERSION && existing.kind === 'project' && JSON.stringify(existing.options) === JSON.stringify(wanted)) {
    return { root: join(WORK_DIR, name), manifest: existing, reused: true };
  }
  return { ...generateProject({ ...wanted, name }), reused: false };
}

export function ensureDense(options) {
  const name = options.name ?? `dense-${options.sites}`;
  const existing = readManifest(name);
  const wanted = { sites: options.sites, seed: options.seed ?? 1 };
  if (existing?.generator === GENERATOR_VERSION && existing.kind === 'dense' && JSON.stringify(existing.options) === JSON.stringify(wanted)) {
    return { root: join(WORK_DIR, name), manifest: existing, reused: true };
  }
  return { ...generateDense({ ...wanted, name }), reused: false };
}

// ---------------------------------------------------------------------------------------------
// CLI.

/** `--key value`, `--key=value` and bare `--flag` (true); anything else is a usage error. Shared by the bench scripts. */
export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [key, inline] = arg.slice(2).split('=');
    const next = argv[i + 1];
    out[key] = inline ?? (next === undefined || next.startsWith('--') ? true : (i++, next));
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const seed = args.seed ? Number(args.seed) : 1;
  const started = performance.now();
  const { root, manifest } = args.dense
    ? generateDense({ name: args.name, sites: Number(args.dense), seed })
    : generateProject({
        name: args.name ?? 'saas',
        files: args.files ? Number(args.files) : 3000,
        jobRatio: args['job-ratio'] ? Number(args['job-ratio']) : 0.1,
        seed,
      });
  const t = manifest.totals;
  console.log(
    `${root}: ${t.files} files (${t.jobFiles} job files), ${t.lines} lines, ${t.sites} enqueue sites, ` +
      `${t.expectedReports} without a tenant key, in ${Math.round(performance.now() - started)} ms`,
  );
}
