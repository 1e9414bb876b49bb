import { emailQueue } from '../lib/queues';

interface Campaign {
  id: string;
  organizationId: string;
  templateId: string;
}

/** The payload carries the campaign's own tenant. */
export async function sendCampaign(campaign: Campaign) {
  await emailQueue.add('send-campaign', {
    organizationId: campaign.organizationId,
    campaignId: campaign.id,
  });
}

/**
 * Finding: the template id travels without its tenant, so the handler loads the template by id
 * alone, and one tenant's campaign can go out with another tenant's template.
 */
export async function sendCampaignWithTemplate(organizationId: string, templateId: string, recipients: string[]) {
  const payload = { templateId, recipients };
  await emailQueue.add('send-campaign', payload);
}
