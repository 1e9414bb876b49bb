import { Linter } from 'eslint';
import parser from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { getFileAnalysis, type FileAnalysis } from '../../src/analysis/engine';
import { JOB_SYSTEMS, systemsByName } from '../../src/analysis/jobs';
import plugin from '../../src/plugin';

/** Runs the engine over `code` and returns every enqueue site it finds. */
function sites(code: string, settings: Record<string, unknown> = {}) {
  const found: { system: string; jobName: string | undefined; payloads: number; repeatable: boolean }[] = [];
  const linter = new Linter();
  const probe = {
    meta: { type: 'problem' as const, schema: [] },
    create(context: Parameters<typeof getFileAnalysis>[0]) {
      let analysis: FileAnalysis;
      const visit = (node: TSESTree.CallExpression | TSESTree.NewExpression) => {
        analysis ??= getFileAnalysis(context);
        const site = analysis.enqueueSiteOf(node);
        if (site) found.push({ system: site.system, jobName: site.jobName, payloads: site.payloads.length, repeatable: site.repeatable });
      };
      return { CallExpression: visit, NewExpression: visit };
    },
  };
  linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser },
        plugins: { probe: { rules: { sites: probe as never } } },
        rules: { 'probe/sites': 'error' },
        settings: { 'tenant-jobs': settings },
      },
    ],
    'file.ts',
  );
  return found;
}

describe('job-system modules', () => {
  it('have unique ids, names, sources and well-formed handler shapes', () => {
    const ids = JOB_SYSTEMS.map((system) => system.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const system of JOB_SYSTEMS) {
      expect(system.name.length, system.id).toBeGreaterThan(0);
      expect(system.sources.length, system.id).toBeGreaterThan(0);
      expect(system.handlers.length, `${system.id} describes its handler side`).toBeGreaterThan(0);
      for (const shape of system.handlers) {
        // A handler either has a payload binding or is a cron handler (no payload), never both.
        expect(shape.payload === undefined, `${system.id}: ${shape.form}`).toBe(shape.cron === true);
        expect(shape.names.length, `${system.id}: ${shape.form}`).toBeGreaterThan(0);
      }
    }
  });

  it('are looked up by method name: each system that lists a name once, in table order', () => {
    const byName = systemsByName(JOB_SYSTEMS, (system) => system.enqueueNames);
    const names = new Set(JOB_SYSTEMS.flatMap((system) => system.enqueueNames));
    expect([...byName.keys()].sort()).toEqual([...names].sort());
    for (const name of names) {
      expect(byName.get(name), name).toEqual(JOB_SYSTEMS.filter((system) => system.enqueueNames.includes(name)));
    }
    // Trigger.dev lists `trigger` twice (a task's method and the SDK's): its matcher is asked once.
    expect(byName.get('trigger')!.map((system) => system.id)).toEqual(['trigger.dev', 'upstash-workflow']);
  });

  it('cover every system SPEC 4 names', () => {
    const ids = JOB_SYSTEMS.map((system) => system.id);
    for (const id of ['bullmq', 'bull', 'inngest', 'trigger.dev', 'quirrel', 'pg-boss', 'agenda', 'graphile-worker', 'node-cron', 'croner', 'next-cron', 'qstash', 'sqs', 'cloudflare-queues']) {
      expect(ids).toContain(id);
    }
  });
});

describe('enqueue sites', () => {
  it('tells each system apart by its import, with job names and payload counts', () => {
    const code = [
      `import { Queue, FlowProducer } from 'bullmq';`,
      `import Bull from 'bull';`,
      `import { Inngest } from 'inngest';`,
      `import { tasks } from '@trigger.dev/sdk';`,
      `import { PgBoss } from 'pg-boss';`,
      `const q = new Queue('reports');`,
      `const b = new Bull('legacy');`,
      `const inngest = new Inngest({ id: 'a' });`,
      `const boss = new PgBoss('');`,
      `q.add('generate', { a: 1 });`,
      `q.addBulk([{ name: 'x', data: {} }, { name: 'y', data: {} }]);`,
      `q.upsertJobScheduler('nightly', { pattern: '* * * * *' });`,
      `b.add({ a: 1 });`,
      `inngest.send([{ name: 'e1', data: {} }, { name: 'e2', data: {} }]);`,
      `tasks.trigger('task-id', {});`,
      `boss.schedule('nightly', '* * * * *');`,
    ].join('\n');
    expect(sites(code)).toEqual([
      { system: 'bullmq', jobName: 'generate', payloads: 1, repeatable: false },
      { system: 'bullmq', jobName: 'reports', payloads: 2, repeatable: false },
      { system: 'bullmq', jobName: 'nightly', payloads: 0, repeatable: true },
      { system: 'bull', jobName: 'legacy', payloads: 1, repeatable: false },
      { system: 'inngest', jobName: 'e1', payloads: 2, repeatable: false },
      { system: 'trigger.dev', jobName: 'task-id', payloads: 1, repeatable: false },
      { system: 'pg-boss', jobName: 'nightly', payloads: 0, repeatable: true },
    ]);
  });

  it('finds nothing in a file with no job code', () => {
    expect(sites(`const s = new Set(); s.add(1); res.send({}); emitter.emit('x'); arr.find(Boolean);`)).toEqual([]);
  });

  it('recognises enqueueFunctions from settings', () => {
    expect(
      sites(`jobs.triggerJob({ name: 'send.document', payload: { a: 1 } }); other.triggerJob({});`, {
        enqueueFunctions: [{ name: 'jobs.triggerJob', payloadArg: 0, payloadPath: 'payload' }],
      }),
    ).toEqual([{ system: 'custom', jobName: 'send.document', payloads: 1, repeatable: false }]);
  });
});

describe('no state survives between files', () => {
  const linter = new Linter();
  const config = (tenantKeys: string[]) => [
    { files: ['**/*.ts'], languageOptions: { parser }, ...plugin.configs.recommended, settings: { 'tenant-jobs': { tenantKeys } } },
  ];
  const code = `import { Queue } from 'bullmq'; const q = new Queue('r'); q.add('x', { clinicId: 1 });`;

  it('gives each file the findings of its own settings, in either order', () => {
    const withDefault = () => linter.verify(code, config(['organizationId']), 'a.ts').length;
    const withClinic = () => linter.verify(code, config(['clinicId']), 'b.ts').length;
    expect([withDefault(), withClinic(), withDefault(), withClinic()]).toEqual([1, 0, 1, 0]);
    expect([withClinic(), withDefault()]).toEqual([0, 1]);
  });
});
