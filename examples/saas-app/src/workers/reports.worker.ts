import { Worker } from 'bullmq';
import { db } from '../lib/db';
import { connection } from '../lib/queues';

interface ReportJob {
  organizationId?: string;
  month: string;
}

/**
 * The audit check's model handler: one organization's report, its tenant id taken from the
 * payload, a missing tenant id fatal, every query filtered by it.
 */
export const reportWorker = new Worker<ReportJob>(
  'reports',
  async (job) => {
    const { organizationId, month } = job.data;
    if (!organizationId) throw new Error('generate-report: missing organizationId in job payload');
    const documents = await db.document.findMany({
      where: { organizationId, deletedAt: null, createdAt: { gte: new Date(`${month}-01`) } },
      select: { id: true },
    });
    await db.report.create({ data: { organizationId, month, documentCount: documents.length } });
  },
  { connection },
);

/**
 * Finding: the daily usage report reads every organization's documents in one job, then groups
 * them by tenant in memory: all tenants' data is loaded together, and one bug in the grouping
 * puts one tenant's numbers in another's report.
 */
export const usageReportWorker = new Worker(
  'usage-reports',
  async () => {
    const since = new Date(Date.now() - 24 * 60 * 60 * 1000);
    const documents = await db.document.findMany({ where: { createdAt: { gte: since } } });
    const byOrganization = new Map<string, number>();
    for (const document of documents) {
      byOrganization.set(document.organizationId, (byOrganization.get(document.organizationId) ?? 0) + 1);
    }
    for (const [organizationId, documentCount] of byOrganization) {
      await db.report.create({ data: { organizationId, month: since.toISOString().slice(0, 7), documentCount } });
    }
  },
  { connection },
);
