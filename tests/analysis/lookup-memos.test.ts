/**
 * The engine's lookups that remember answers for nested code (found by the bad-input tests: deep
 * nesting and a 5 MB job file were quadratic before): the handler that owns a node
 * (`FileAnalysis.owningHandler`), the variable a name resolves to (`Resolver.findVariable`), and the
 * job-file exports that only register handlers. Each must give the answers the plain walks gave, in
 * whatever order the questions come.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/no-unscoped-query-in-job';
import { createTsRuleTester } from '../rule-tester';
import { analyze, handlers } from './probe';

/** Every node of a program, in source order. */
function nodesOf(program: TSESTree.Program): TSESTree.Node[] {
  const out: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node) => {
    out.push(node);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent') continue;
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof item === 'object' && typeof (item as TSESTree.Node).type === 'string') visit(item as TSESTree.Node);
      } else if (value && typeof value === 'object' && typeof (value as TSESTree.Node).type === 'string') visit(value as TSESTree.Node);
    }
  };
  visit(program);
  return out;
}

/** The innermost handler function around a node, by the plain walk up the parents. */
function plainOwner(node: TSESTree.Node, handlerFns: ReadonlySet<TSESTree.Node>): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (handlerFns.has(current)) return current;
  return undefined;
}

const NESTED = `
import { Worker } from 'bullmq';
import { prisma } from '@/lib/prisma';
new Worker('outer', async (job) => {
  await prisma.document.findMany({ where: { organizationId: job.data.organizationId } });
  new Worker('inner', async (inner) => {
    await prisma.invoice.findMany({ where: { organizationId: inner.data.organizationId } });
    const helper = () => prisma.note.findMany();
    new Worker('innermost', async (deep) => deep.data);
  });
  await prisma.task.findMany();
});
await prisma.plan.findMany();
`;

describe('owningHandler', () => {
  it('gives every node the innermost handler around it, asked in any order', () => {
    for (const order of ['source', 'reverse', 'inside-out'] as const) {
      const analysis = analyze(NESTED);
      const handlerFns = new Set<TSESTree.Node>(analysis.handlers.map((h) => h.fn));
      expect(handlerFns.size).toBe(3);
      let nodes = nodesOf(analysis.sourceCode.ast);
      if (order === 'reverse') nodes = [...nodes].reverse();
      // Deepest first: the memo is filled from the inside before the outer nodes are asked.
      if (order === 'inside-out') nodes = [...nodes].sort((a, b) => depth(b) - depth(a));
      for (const node of nodes) {
        expect(analysis.owningHandler(node)?.fn, `${order}: ${node.type} at ${node.loc.start.line}:${node.loc.start.column}`).toBe(plainOwner(node, handlerFns));
      }
    }
  });
});

function depth(node: TSESTree.Node): number {
  let n = 0;
  for (let current = node.parent; current; current = current.parent) n++;
  return n;
}

describe('findVariable', () => {
  const CODE = `
let organizationId = 'shared';
function outer(organizationId: string) {
  {
    const organizationId = 'block';
    use(organizationId);
  }
  use(organizationId);
  return () => {
    use(organizationId);
    {
      let organizationId = 1;
      use(organizationId);
    }
  };
}
use(organizationId);
class C { organizationId = organizationId; m() { return organizationId; } }
`;

  it('resolves each use of a shadowed name to its own declaration, asked in any order', () => {
    for (const reverse of [false, true]) {
      const analysis = analyze(CODE);
      let uses = nodesOf(analysis.sourceCode.ast).filter(
        (node): node is TSESTree.Identifier =>
          node.type === AST_NODE_TYPES.Identifier &&
          node.name === 'organizationId' &&
          node.parent?.type !== AST_NODE_TYPES.VariableDeclarator &&
          !(node.parent?.type === AST_NODE_TYPES.PropertyDefinition && node.parent.key === node) &&
          node.parent?.type !== AST_NODE_TYPES.FunctionDeclaration,
      );
      if (reverse) uses = [...uses].reverse();
      const declaredOn = (id: TSESTree.Identifier) => analysis.resolver.findVariable(id)?.defs[0]?.name.loc.start.line;
      const lines = Object.fromEntries(uses.map((id) => [`${id.loc.start.line}:${id.loc.start.column}`, declaredOn(id)]));
      expect(lines).toEqual({
        '6:8': 5, // the block's const
        '8:6': 3, // the parameter
        '10:8': 3, // the parameter, from the arrow function
        '13:10': 12, // the inner block's let
        '17:4': 2, // the module's let
        '18:27': 2, // a class field's initialiser: the module's let
        '18:56': 2, // a method: the module's let
      });
    }
  });
});

createTsRuleTester().run('no-unscoped-query-in-job (names resolved through nested scopes)', rule, {
  valid: [
    // The handler's own `organizationId` shadows the module's mutable one, in every nested scope.
    `import { Worker } from 'bullmq';\nimport { prisma } from '@/lib/prisma';\nlet organizationId: string;\nexport function setOrg(id: string) { organizationId = id; }\nnew Worker('digest', async (job) => {\n  const { organizationId } = job.data;\n  if (!organizationId) throw new Error('no tenant');\n  { { await prisma.document.findMany({ where: { organizationId } }); } }\n  await Promise.all([1, 2].map(async () => prisma.invoice.findMany({ where: { organizationId } })));\n});`,
  ],
  invalid: [
    {
      // Look-alike: the same nesting, but the handler does not declare the name, so every use is
      // the module's mutable state.
      code: `import { Worker } from 'bullmq';\nimport { prisma } from '@/lib/prisma';\nlet organizationId: string;\nexport function setOrg(id: string) { organizationId = id; }\nnew Worker('digest', async (job) => {\n  { { await prisma.document.findMany({ where: { organizationId } }); } }\n  await Promise.all([1, 2].map(async () => prisma.invoice.findMany({ where: { organizationId } })));\n});`,
      errors: [
        { messageId: 'tenantFromSharedState', data: { query: 'prisma.document.findMany', job: 'digest', verb: 'reads', model: 'document', key: 'organizationId', source: 'organizationId' }, line: 6 },
        { messageId: 'tenantFromSharedState', data: { query: 'prisma.invoice.findMany', job: 'digest', verb: 'reads', model: 'invoice', key: 'organizationId', source: 'organizationId' }, line: 7 },
      ],
    },
  ],
});

describe('job-file exports that register handlers', () => {
  it('are not handlers; an export that only contains a registrar is', () => {
    const code = [
      `import { Agenda } from 'agenda';`,
      `export function defineJobs(agenda: Agenda) { agenda.define('x', async (job) => {}); }`,
      `export function setUp(agenda: Agenda) { const define = () => agenda.define('y', async (job) => {}); define(); }`,
      `export async function report(payload) {}`,
    ].join('\n');
    expect(handlers(code, {}, 'src/jobs/report.ts').map((h) => `${h.system} ${h.jobName} ${h.line}`)).toEqual([
      'agenda x 2',
      // `setUp` is not the innermost function around the registered callback: it is a handler.
      'job-file setUp 3',
      'agenda y 3',
      'job-file report 4',
    ]);
  });

  it('are told apart in a job file with 2,000 exports and 1,000 registrars', () => {
    const lines = [`import { Agenda } from 'agenda';`];
    for (let i = 0; i < 1_000; i++) {
      lines.push(`export async function handle${i}(payload) {}`);
      lines.push(`export function define${i}(agenda: Agenda) { agenda.define('job-${i}', async (job) => {}); }`);
    }
    const found = handlers(lines.join('\n'), {}, 'src/jobs/many.ts');
    expect(found.filter((h) => h.system === 'job-file').map((h) => h.jobName)).toEqual(Array.from({ length: 1_000 }, (_, i) => `handle${i}`));
    expect(found.filter((h) => h.system === 'agenda')).toHaveLength(1_000);
  });
});

describe("the list of the handlers' queries", () => {
  const code = `
    import { Worker } from 'bullmq';
    import { PrismaClient } from '@prisma/client';
    const prisma = new PrismaClient();
    await prisma.report.findMany({});
    async function load(orgId: string) {
      return prisma.invoice.findMany({ where: { organizationId: orgId } });
    }
    new Worker('reports', async (job) => {
      const rows = await prisma.$queryRaw\`SELECT * FROM reports\`;
      console.log(rows.length);
      await load(job.data.orgId);
      await prisma.report.deleteMany({ where: { id: job.data.id } });
    });
    new Worker('purge', async () => {
      await prisma.session.deleteMany({});
    });
  `;

  it('holds each query of a checked handler once, in source order: tagged templates, and the helpers a handler calls', () => {
    const analysis = analyze(code, { tenantAgnosticJobs: ['purge'] });
    const text = (node: TSESTree.Node) => analysis.sourceCode.getText(node).split('(')[0]!.split('`')[0];
    expect(analysis.handlerQueries.map((entry) => [text(entry.query.node), entry.handler.jobName, entry.fn.type])).toEqual([
      ['prisma.invoice.findMany', 'reports', AST_NODE_TYPES.FunctionDeclaration],
      ['prisma.$queryRaw', 'reports', AST_NODE_TYPES.ArrowFunctionExpression],
      ['prisma.report.deleteMany', 'reports', AST_NODE_TYPES.ArrowFunctionExpression],
    ]);
    // Worked out once; each entry is what handlerQueryOf answers for its node.
    expect(analysis.handlerQueries).toBe(analysis.handlerQueries);
    for (const entry of analysis.handlerQueries) {
      const again = analysis.handlerQueryOf(entry.query.node as TSESTree.CallExpression);
      expect([again?.handler, again?.fn, again?.query, again?.scope]).toEqual([entry.handler, entry.fn, entry.query, entry.scope]);
    }
  });

  it('is empty in a file without handlers, and leaves out the handlers of tenantAgnosticJobs', () => {
    expect(analyze('const rows = await prisma.report.findMany({});').handlerQueries).toEqual([]);
    const all = analyze(code);
    expect(all.handlerQueries.map((entry) => entry.handler.jobName)).toEqual(['reports', 'reports', 'reports', 'purge']);
  });
});
