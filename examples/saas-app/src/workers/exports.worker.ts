import { Worker } from 'bullmq';
import { db } from '../lib/db';
import { connection } from '../lib/queues';

interface ExportJob {
  organizationId?: string;
  projectId: string;
}

/**
 * Finding: a fall-through on a missing tenant id. When a job arrives without `organizationId` (an
 * old job still queued, a producer that forgot it), the filter falls away and the export holds
 * every organization's documents. A job without its tenant must fail instead.
 */
export const exportWorker = new Worker<ExportJob>(
  'exports',
  async (job) => {
    const { organizationId, projectId } = job.data;
    const documents = await db.document.findMany({
      where: { projectId, ...(organizationId ? { organizationId } : {}) },
      orderBy: { createdAt: 'asc' },
    });
    return { count: documents.length, titles: documents.map((document) => document.title) };
  },
  { connection },
);
