import { Queue, Worker } from 'bullmq';
import { db } from '../lib/db';
import { connection } from '../lib/queues';

const cleanupQueue = new Queue('cleanup', { connection });

/**
 * `nightly-cleanup` is the repeatable job of `registerNightlyCleanup`: it carries no tenant, so it
 * only fans out, one `purge-deleted-documents` job per organization.
 */
export const cleanupWorker = new Worker(
  'cleanup',
  async (job) => {
    if (job.name === 'nightly-cleanup') {
      const organizations = await db.organization.findMany({ select: { id: true } });
      for (const organization of organizations) {
        await cleanupQueue.add('purge-deleted-documents', { organizationId: organization.id });
      }
      return;
    }
    await purgeDeletedDocuments(job.data.organizationId);
  },
  { connection },
);

/**
 * Finding: the purge deletes the soft-deleted documents of every organization, not of the one its
 * payload names: one tenant's job removes rows another tenant may still restore.
 */
async function purgeDeletedDocuments(organizationId: string) {
  const cutoff = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);
  const { count } = await db.document.deleteMany({ where: { deletedAt: { lt: cutoff } } });
  console.log(`purged ${count} documents for ${organizationId}`);
}
