import rule from '../../../src/rules/require-tenant-in-job-payload';
import { createJsRuleTester, createTsRuleTester } from '../../rule-tester';

// Calls that share a method name with an enqueue API but are not one. Each must stay silent: a
// security linter that cries wolf gets switched off.
const lookAlikes = [
  // HTTP responses, sockets, mailers, channels, workers.
  `res.send({ ok: true });`,
  `reply.send({ data: [] });`,
  `socket.send(JSON.stringify({ type: 'ping' }));`,
  `ws.send({ name: 'x', data: {} });`,
  `mailer.sendMail({ to, subject });`,
  `transporter.send({ to });`,
  `worker.postMessage({ a: 1 });`,
  `port.send({ name: 'a', data: 1 });`,
  `process.send?.({ ready: true });`,
  `await client.send(new PutObjectCommand({ Bucket, Key }));`,
  // Collections and arrays.
  `const set = new Set<string>(); set.add('a');`,
  `const map = new Map(); map.set('a', {}); map.delete('a');`,
  `const found = items.find((i) => i.id === id);`,
  `list.push({ name: 'x', data: {} });`,
  `emitter.emit('job', { name: 'x' });`,
  `classList.add('active');`,
  `form.add('field', { required: true });`,
  `moment().add(1, 'day');`,
  `dayjs().add(7, 'days');`,
  `bigNumber.add(other);`,
  `router.add('GET', '/x', handler);`,
  // Schedulers and runners that are not job queues.
  `import cron from 'node-cron'; cron.schedule('* * * * *', () => {});`,
  `scheduler.schedule(task, { at: date });`,
  `calendar.create('meeting', { at: 1 });`,
  `repo.create({ name });`,
  `prisma.document.create({ data: { title } });`,
  `stripe.invoices.create({ customer });`,
  `const now = Date.now();`,
  `timer.now('x', {});`,
  `arr.every((x) => x > 0);`,
  `db.insert(users).values({ name });`,
  `pubsub.publish('topic', { a: 1 });`,
  `redis.publish('channel', JSON.stringify({ a: 1 }));`,
  `runner.run({ input: 1 });`,
  `pipeline.run('x', {});`,
  `server.start('x', {});`,
  `animation.start({ from: 0 });`,
  `events.push('x', {});`,
  `history.push('/path', { from: 'x' });`,
  `jquery('#a').trigger('click');`,
  `$el.trigger('submit', { detail: 1 });`,
  `modalTask.trigger('open');`,
  `import { queue } from 'async'; const q = queue(worker); q.push({ a: 1 });`,
  `import PQueue from 'p-queue'; const queue = new PQueue({ concurrency: 2 }); queue.add(() => fetch(u));`,
  `import Bottleneck from 'bottleneck'; const limiter = new Bottleneck(); limiter.schedule(() => f());`,
  `import { EventEmitter } from 'node:events'; const bus = new EventEmitter(); bus.emit('send', {});`,
  // Method names of job APIs on receivers the plugin cannot tie to a job system.
  `service.enqueue('a', 'b', 'c');`,
  `const q = makeQueue(); q.add('x', {});`,
  `step.sendEvent(event);`,
  `step.invoke(fn);`,
  `context.invoke('x', { a: 1 });`,
  `helpers.addJob('x', {});`,
  `agenda.now();`,
  `boss.send(message);`,
  `env.queue.send({ a: 1 });`,
  `ENV.QUEUE.send({ a: 1 });`,
];

createTsRuleTester().run('require-tenant-in-job-payload (look-alikes, TypeScript)', rule, {
  valid: lookAlikes,
  invalid: [],
});

createJsRuleTester().run('require-tenant-in-job-payload (look-alikes, JavaScript)', rule, {
  valid: lookAlikes.filter((code) => !/<string>|\?\.\(/.test(code)),
  invalid: [],
});
