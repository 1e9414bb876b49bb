import { Worker, type Job } from 'bullmq';
import { db } from '../lib/db';
import { sendMail } from '../lib/mail';
import { connection } from '../lib/queues';

interface CampaignJob {
  organizationId?: string;
  campaignId?: string;
  templateId?: string;
  recipients?: string[];
}

/** Scoped: the campaign is read with its tenant, and its template through it. */
async function sendCampaign(job: Job<CampaignJob>) {
  const { organizationId, campaignId } = job.data;
  if (!organizationId || !campaignId) throw new Error('send-campaign: missing organizationId in job payload');
  const campaign = await db.campaign.findFirst({ where: { id: campaignId, organizationId }, include: { template: true } });
  if (!campaign) throw new Error(`send-campaign: no campaign ${campaignId} in organization ${organizationId}`);
  await sendMail({ to: campaign.audience, subject: campaign.template.subject, html: campaign.template.html });
  await db.campaign.update({ where: { id: campaign.id, organizationId }, data: { sentAt: new Date() } });
}

/**
 * Finding: the template is loaded by its id alone. The payload of `sendCampaignWithTemplate`
 * names a template but no tenant, so a template id from another organization goes out with this
 * campaign.
 */
async function sendTemplatedCampaign(job: Job<CampaignJob>) {
  const { templateId, recipients = [] } = job.data;
  const template = await db.emailTemplate.findUnique({ where: { id: templateId } });
  if (!template) return;
  await sendMail({ to: recipients, subject: template.subject, html: template.html });
}

export const emailWorker = new Worker<CampaignJob>(
  'emails',
  async (job) => {
    if (job.data.campaignId) await sendCampaign(job);
    else await sendTemplatedCampaign(job);
  },
  { connection },
);
