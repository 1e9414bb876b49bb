import { findProperty } from '../../util/ast';
import { hasPath, isFromSource } from '../resolve';
import { argAt, asObject, eachPropertySlots, functionProperty, propertySlot, readNameFrom, type HandlerMatch, type JobSystem } from './types';

const SOURCES = ['@aws-sdk/client-sqs'];
const V2 = ['aws-sdk'];
const CONSUMER = ['sqs-consumer'];
/** Both SDKs. */
const ORIGIN_SOURCES = [...SOURCES, ...V2];

export const sqs: JobSystem = {
  id: 'sqs',
  name: 'AWS SQS',
  sources: [...ORIGIN_SOURCES, ...CONSUMER, 'aws-lambda', '@types/aws-lambda'],
  enqueueNames: ['SendMessageCommand', 'SendMessageBatchCommand', 'sendMessage', 'sendMessageBatch'],
  enqueueOnNew: true,
  matchEnqueue(call, name, receiver, context) {
    if (!context.mayHaveOriginFrom(ORIGIN_SOURCES)) return undefined;
    if (receiver && call.type === 'CallExpression') {
      // SDK v2: new AWS.SQS().sendMessage({ QueueUrl, MessageBody })
      const origin = context.originOf(receiver);
      if (!isFromSource(origin, V2) || !hasPath(origin, ['default', 'SQS', 'new'], ['SQS', 'new'])) return undefined;
    } else {
      if (call.type !== 'NewExpression') return undefined;
      const origin = context.originOf(call.callee);
      if (!isFromSource(origin, SOURCES) || !hasPath(origin, [name])) return undefined;
    }
    const input = argAt(call, 0);
    const object = asObject(input, context);
    const jobName = object ? readNameFrom(object, ['QueueUrl'], context) : undefined;
    const payloads = name.includes('Batch')
      ? eachPropertySlots(object && findProperty(object, 'Entries')?.value, 'MessageBody', context)
      : propertySlot(input, 'MessageBody', context);
    return { system: 'sqs', node: call, jobName, payloads, repeatable: false };
  },
  handlerNames: ['create'],
  matchHandler(call, name, receiver, context) {
    // sqs-consumer: Consumer.create({ queueUrl, handleMessage: async (message) => JSON.parse(message.Body) })
    if (name !== 'create' || !receiver || !context.mayHaveOriginFrom(CONSUMER)) return undefined;
    const origin = context.originOf(receiver);
    if (!isFromSource(origin, CONSUMER) || !hasPath(origin, ['Consumer'])) return undefined;
    const options = asObject(argAt(call, 0), context);
    const jobName = options ? readNameFrom(options, ['queueUrl'], context) : undefined;
    const single = functionProperty(options, 'handleMessage', context);
    const batch = functionProperty(options, 'handleMessageBatch', context);
    const out: HandlerMatch[] = [];
    if (single) out.push({ system: 'sqs', jobName, fn: single, payload: { param: 0, path: ['Body', 'json()'] }, cron: false });
    if (batch) out.push({ system: 'sqs', jobName, fn: batch, payload: { param: 0, path: ['*', 'Body', 'json()'] }, cron: false });
    return out;
  },
  handlers: [
    { form: 'Lambda handler(event: SQSEvent): JSON.parse(event.Records[i].body)', kind: 'export', names: ['handler'], payload: { param: 0, path: ['Records', '*', 'body', 'json()'] } },
    { form: 'Consumer.create({ handleMessage: async (message) => JSON.parse(message.Body) })', kind: 'object-property', names: ['Consumer.create'], handlerProperty: 'handleMessage', payload: { param: 0, path: ['Body', 'json()'] } },
  ],
};
