import { Queue } from 'bullmq';

const cleanupQueue = new Queue('cleanup', { connection: { host: process.env.REDIS_HOST ?? 'localhost', port: 6379 } });

/** Nightly maintenance is a repeatable job: it carries no tenant by design, its handler fans out. */
export async function registerNightlyCleanup() {
  await cleanupQueue.upsertJobScheduler('nightly-cleanup', { pattern: '0 3 * * *' });
}

/** Finding: a cleanup job with no payload at all: its handler cannot know whose rows to delete. */
export async function requestCleanup() {
  await cleanupQueue.add('purge-deleted-documents');
}
