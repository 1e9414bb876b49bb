import * as path from 'node:path';
import rule from '../../../src/rules/require-tenant-in-job-payload';
import { createJsRuleTester, createTsRuleTester, RuleTester } from '../../rule-tester';

const head = `import { Queue } from 'bullmq';\nconst q = new Queue('reports');\n`;

createTsRuleTester({
  enqueueFunctions: [
    { name: 'jobs.triggerJob', payloadArg: 0, payloadPath: 'payload' },
    { name: 'tasker.create', payloadArg: 1 },
    { name: 'enqueue', payloadArg: 1 },
    { name: '*.dispatchJob', payloadArg: 0 },
  ],
}).run('require-tenant-in-job-payload (enqueueFunctions)', rule, {
  valid: [
    `await jobs.triggerJob({ name: 'send.document', payload: { documentId, teamId } });`,
    `await this.jobs.triggerJob({ name: 'send.document', payload: { teamId } });`,
    `await tasker.create('sendEmail', JSON.stringify({ orgId, to }));`,
    `await enqueue('x', { tenantId });`,
    `await bus.dispatchJob({ accountId });`,
    // Not the configured callee paths.
    `await other.triggerJob({ name: 'x', payload: {} });`,
    `await jobs.enqueue('x', {});`,
    `await tasker.update('x', {});`,
    `await ctx.enqueue('x', {});`,
  ],
  invalid: [
    {
      code: `await jobs.triggerJob({ name: 'send.document', payload: { documentId } });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'send.document', key: 'organizationId' }, column: 57 }],
    },
    {
      code: `await jobs.triggerJob({ name: 'send.document' });`,
      errors: [{ messageId: 'emptyPayload', data: { job: 'send.document', key: 'organizationId', what: 'no `payload`' } }],
    },
    {
      code: `await tasker.create('sendEmail', JSON.stringify({ to }));`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'sendEmail', key: 'organizationId' } }],
    },
    {
      code: `function f(orgId: string) { return enqueue('sync'); }`,
      errors: [
        {
          messageId: 'emptyPayload',
          data: { job: 'sync', key: 'orgId', what: 'no payload' },
          suggestions: [{ messageId: 'addTenantKey', output: `function f(orgId: string) { return enqueue('sync', { orgId }); }` }],
        },
      ],
    },
    {
      // Without a name of its own, the job is named by the wrapper call.
      code: `await bus.dispatchJob({ userId });`,
      errors: [{ messageId: 'missingTenantKey', data: { job: 'bus.dispatchJob', key: 'organizationId' } }],
    },
  ],
});

createTsRuleTester().run('require-tenant-in-job-payload (checkUnresolved, untyped)', rule, {
  valid: [
    // Resolved payloads that carry it stay silent in strict.
    { code: `${head}q.add('x', { organizationId });`, options: [{ checkUnresolved: true }] },
    // Unresolved payloads stay silent without the option.
    `${head}export function f(data: unknown) { return q.add('x', data); }`,
    {
      // A Workers email binding sends an EmailMessage, also through a variable: not a queue.
      code: `export default { async fetch(r: Request, env: Env) { const reply = new EmailMessage('a', 'b', 'raw'); await env.SEND_EMAIL.send(reply); } };`,
      options: [{ checkUnresolved: true }],
    },
  ],
  invalid: [
    {
      code: `${head}export function f(data: unknown) { return q.add('x', data); }`,
      options: [{ checkUnresolved: true }],
      errors: [{ messageId: 'unresolvedPayload', data: { job: 'x', key: 'organizationId' }, line: 3, column: 54 }],
    },
    {
      code: `${head}q.add('x', buildPayload());\nq.add('y', { ...job.data });`,
      options: [{ checkUnresolved: true }],
      errors: [
        { messageId: 'unresolvedPayload', line: 3 },
        { messageId: 'unresolvedPayload', line: 4 },
      ],
    },
  ],
});

const typed = new RuleTester({
  languageOptions: {
    parserOptions: {
      projectService: true,
      tsconfigRootDir: path.join(__dirname, '../../fixtures/typed'),
    },
  },
});

typed.run('require-tenant-in-job-payload (checkUnresolved, with types)', rule, {
  valid: [
    {
      // A payload typed with a required tenant key passes strict.
      code: `${head}interface ReportJob { organizationId: string; month: number }\nexport function f(data: ReportJob) { return q.add('x', data); }`,
      options: [{ checkUnresolved: true }],
      filename: path.join(__dirname, '../../fixtures/typed/file.ts'),
    },
    {
      code: `${head}type A = { tenantId: string; a: 1 } | { tenantId: string; b: 2 };\nexport function f(data: A) { return q.add('x', data); }`,
      options: [{ checkUnresolved: true }],
      filename: path.join(__dirname, '../../fixtures/typed/file.ts'),
    },
  ],
  invalid: [
    {
      // An optional tenant key is not enough.
      code: `${head}interface ReportJob { organizationId?: string; month: number }\nexport function f(data: ReportJob) { return q.add('x', data); }`,
      options: [{ checkUnresolved: true }],
      filename: path.join(__dirname, '../../fixtures/typed/file.ts'),
      errors: [{ messageId: 'unresolvedPayload', line: 4 }],
    },
    {
      code: `${head}type A = { tenantId: string } | { b: 2 };\nexport function f(data: A) { return q.add('x', data); }`,
      options: [{ checkUnresolved: true }],
      filename: path.join(__dirname, '../../fixtures/typed/file.ts'),
      errors: [{ messageId: 'unresolvedPayload', line: 4 }],
    },
    {
      // Type information does not change what a literal payload shows.
      code: `${head}q.add('x', { month: 1 });`,
      filename: path.join(__dirname, '../../fixtures/typed/file.ts'),
      errors: [{ messageId: 'missingTenantKey' }],
    },
  ],
});

createTsRuleTester().run('require-tenant-in-job-payload (odd syntax)', rule, {
  valid: [
    // Decorators, computed keys, optional chains, generics, enums, namespaces: no crash, no report.
    `import { Processor, WorkerHost } from '@nestjs/bullmq';\n@Processor('r') export class P extends WorkerHost { @Log() async process(job: Job<{ orgId: string }>) { return job.data?.orgId; } }`,
    `${head}q.add('x', { [\`organizationId\`]: id });`,
    `${head}q.add('x', { ['orgId']: id });`,
    `${head}q?.add('x', { orgId });`,
    `${head}q.add<{ orgId: string }>('x', { orgId });`,
    `${head}enum J { A = 'a' } namespace N { export const x = 1; } q.add(J.A, { orgId });`,
    `${head}q.add('x', { [key]: value });`,
    `${head}q.add(...args);`,
    `${head}q.add('x', ...rest);`,
    `${head}q['add']('x', { orgId });`,
    `${head}q.add('x', cond ? { orgId } : { orgId: other });`,
    `${head}q.add('x', { 1: 'a', orgId });`,
    `${head}q.add('x', { get orgId() { return o; } });`,
    `${head}q.add('x', async function () {} as any);`,
    `class A { #q = 1; m() { this.#q.add('x', {}); } }`,
    `new (class {})().add('x', {});`,
    ``,
    `export {};`,
  ],
  invalid: [
    {
      code: `${head}q?.add('x', { a: 1 });`,
      errors: [{ messageId: 'missingTenantKey' }],
    },
    {
      code: `${head}q.add('x', { ['a']: 1 });`,
      errors: [{ messageId: 'missingTenantKey' }],
    },
    {
      code: `${head}q['add']('x', { a: 1 });`,
      errors: [{ messageId: 'missingTenantKey' }],
    },
    {
      code: `${head}q.add('x', { a: 1, // keep this comment\n});`,
      errors: [{ messageId: 'missingTenantKey' }],
    },
  ],
});

createTsRuleTester().run('require-tenant-in-job-payload (TSX)', rule, {
  valid: [
    {
      code: `${head}export function Button() { return <button onClick={() => q.add('x', { orgId })}>Go</button>; }`,
      filename: 'component.tsx',
    },
  ],
  invalid: [
    {
      code: `${head}export function Button() { return <button onClick={() => q.add('x', { a: 1 })}>Go</button>; }`,
      filename: 'component.tsx',
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
      errors: [{ messageId: 'missingTenantKey' }],
    },
  ],
});

createJsRuleTester().run('require-tenant-in-job-payload (JSX)', rule, {
  valid: [],
  invalid: [
    {
      code: `import { Queue } from 'bullmq';\nconst q = new Queue('r');\nexport const B = () => <b onClick={() => q.add('x', { a: 1 })} />;`,
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
      errors: [{ messageId: 'missingTenantKey', line: 3 }],
    },
  ],
});
