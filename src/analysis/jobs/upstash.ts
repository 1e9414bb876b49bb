import { isFromSource, hasPath } from '../resolve';
import { isShapeCandidate, mayBeClient } from './shape';
import { argAt, eachPropertySlots, functionOf, oneOrMany, propertySlot, receiverName, type JobSystem } from './types';

const QSTASH = ['@upstash/qstash'];
/** The name of a client built in the project's own module. */
const SHAPE = /qstash/i;
const WORKFLOW = ['@upstash/workflow'];
const URL_KEYS = ['url', 'urlGroup', 'topic', 'api', 'queueName'];

/** The URL path a Next.js route file serves: `app/(ee)/api/cron/sync/route.ts` and `pages/api/cron/sync.ts` give `/api/cron/sync`. */
function routePath(relativePath: string): string | undefined {
  const app = /(?:^|\/)app\/(.+)\/route\.[cm]?[jt]sx?$/.exec(relativePath);
  const pages = /(?:^|\/)pages\/(api\/.+?)(?:\/index)?\.[cm]?[jt]sx?$/.exec(relativePath);
  const segments = (app?.[1] ?? pages?.[1])?.split('/').filter((segment) => !/^\(.*\)$/.test(segment));
  return segments && segments.length > 0 ? `/${segments.join('/')}` : undefined;
}

/** Whether a QStash URL as read (`${APP_URL}/api/cron/sync` reads `…/api/cron/sync`) ends in the route's own path. */
function isOwnRoute(url: string, relativePath: string): boolean {
  const own = routePath(relativePath);
  if (!own) return false;
  const tail = url.slice(url.lastIndexOf('…') + 1).replace(/^https?:\/\/[^/]+/, '').replace(/[?#].*$/, '').replace(/\/$/, '');
  return tail === own || (tail.length > 0 && own.endsWith(tail) && tail.startsWith('/'));
}

export const qstash: JobSystem = {
  id: 'qstash',
  name: 'Upstash QStash',
  sources: QSTASH,
  enqueueNames: ['publishJSON', 'publish', 'enqueueJSON', 'enqueue', 'batchJSON', 'batch'],
  matchEnqueue(call, name, receiver, context) {
    if (!receiver) return undefined;
    const receiverId = receiverName(receiver);
    if (!mayBeClient(receiverId, SHAPE, QSTASH, context)) return undefined;
    const origin = context.originOf(receiver);
    const known = isFromSource(origin, QSTASH) && origin!.path[0] === 'Client' && origin!.path[1] === 'new';
    if (!known && !isShapeCandidate(origin, receiverId, SHAPE)) return undefined;
    const payloads = name.startsWith('batch')
      ? eachPropertySlots(argAt(call, 0), 'body', context, URL_KEYS)
      : propertySlot(argAt(call, 0), 'body', context, URL_KEYS);
    if (!known && payloads.length === 0) return undefined;
    const jobName = payloads[0]?.jobName;
    // A route that publishes to its own URL continues its own batch (the next cursor of a cron
    // that went through every tenant's rows): no new job, so no new tenant to carry.
    const continuation = jobName !== undefined && isOwnRoute(jobName, context.relativePath);
    return { system: 'qstash', node: call, jobName, payloads, repeatable: continuation };
  },
  handlerNames: ['verifySignatureAppRouter', 'verifySignature', 'verifySignatureEdge'],
  matchHandler(call, _name, _receiver, context) {
    if (!context.mayHaveOriginFrom(QSTASH)) return undefined;
    const origin = context.originOf(call.callee);
    if (!isFromSource(origin, QSTASH) || !/^verifySignature/.test(origin!.path[0] ?? '')) return undefined;
    const fn = functionOf(argAt(call, 0), context);
    // The payload is the request body: `await req.json()`.
    return fn ? [{ system: 'qstash', jobName: undefined, fn, payload: { param: 0, path: ['json()'] }, cron: false }] : undefined;
  },
  handlers: [
    { form: 'export const POST = verifySignatureAppRouter(async (req) => { const body = await req.json() })', kind: 'call', names: ['verifySignatureAppRouter', 'verifySignature', 'verifySignatureEdge'], handlerArg: 0, payload: { param: 0, path: ['json()'] } },
  ],
};

export const upstashWorkflow: JobSystem = {
  id: 'upstash-workflow',
  name: 'Upstash Workflow',
  sources: WORKFLOW,
  enqueueNames: ['trigger'],
  matchEnqueue(call, _name, receiver, context) {
    if (!receiver) return undefined;
    const origin = context.originOf(receiver);
    if (!isFromSource(origin, WORKFLOW) || !hasPath(origin, ['Client', 'new'])) return undefined;
    const payloads = oneOrMany(argAt(call, 0), context).flatMap((options) => propertySlot(options, 'body', context, ['url', 'workflowRunId']));
    return { system: 'upstash-workflow', node: call, jobName: payloads[0]?.jobName, payloads, repeatable: false };
  },
  handlerNames: ['serve', 'createWorkflow'],
  matchHandler(call, _name, _receiver, context) {
    if (!context.mayHaveOriginFrom(WORKFLOW)) return undefined;
    const origin = context.originOf(call.callee);
    if (!isFromSource(origin, WORKFLOW) || !hasPath(origin, ['serve'], ['createWorkflow'])) return undefined;
    const fn = functionOf(argAt(call, 0), context);
    return fn ? [{ system: 'upstash-workflow', jobName: undefined, fn, payload: { param: 0, path: ['requestPayload'] }, cron: false }] : undefined;
  },
  handlers: [
    { form: 'serve(async (context) => context.requestPayload)', kind: 'call', names: ['serve', 'createWorkflow'], handlerArg: 0, payload: { param: 0, path: ['requestPayload'] } },
  ],
};
