import { db } from '../lib/db';
import { reportQueue } from '../lib/queues';

/** Fan-out: one report job per organization, each carrying its tenant id. */
export async function scheduleMonthlyReports(month: string) {
  const organizations = await db.organization.findMany({ select: { id: true } });
  for (const org of organizations) {
    await reportQueue.add('generate-report', { organizationId: org.id, month });
  }
}

/**
 * Finding: one job for every tenant. Its handler has no tenant to scope by, so it reads every
 * organization's documents into one report.
 */
export async function scheduleGlobalReport(month: string) {
  await reportQueue.add('generate-report', { month });
}
