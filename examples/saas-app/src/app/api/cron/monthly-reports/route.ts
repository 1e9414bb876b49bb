import { db } from '../../../../lib/db';
import { reportQueue } from '../../../../lib/queues';

/**
 * The Vercel cron of vercel.json: a fan-out. It lists the organizations (the tenant table) and
 * queues one `generate-report` job per organization, each carrying its tenant id.
 */
export async function GET(request: Request) {
  if (request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`) {
    return new Response('Unauthorized', { status: 401 });
  }
  const month = new Date().toISOString().slice(0, 7);
  const organizations = await db.organization.findMany({ select: { id: true } });
  for (const organization of organizations) {
    await reportQueue.add('generate-report', { organizationId: organization.id, month });
  }
  return Response.json({ queued: organizations.length });
}
