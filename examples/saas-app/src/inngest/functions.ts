import { NonRetriableError } from 'inngest';
import { db } from '../lib/db';
import { sendMail } from '../lib/mail';
import { inngest } from './client';

/** Scoped: the member is looked up within the organization the event names; no organization is fatal. */
export const welcomeMember = inngest.createFunction(
  { id: 'welcome-member' },
  { event: 'app/member.joined' },
  async ({ event, step }) => {
    const { organizationId, userId } = event.data as { organizationId?: string; userId: string };
    if (!organizationId) throw new NonRetriableError('welcome-member: missing organizationId in event data');
    const member = await step.run('load-member', () => db.member.findFirst({ where: { organizationId, userId } }));
    if (!member) return { skipped: true };
    await step.run('send-welcome', () => sendMail({ to: [member.email], subject: 'Welcome aboard', html: '<p>Hello!</p>' }));
    await step.run('mark-welcomed', () => db.member.updateMany({ where: { organizationId, userId }, data: { welcomedAt: new Date() } }));
    return { welcomed: member.id };
  },
);

/**
 * Finding: the event comes without its workspace (see `onInvitationAccepted`), and the function
 * then quietly returns: the invitation is lost with no error to retry or alert on.
 */
export const activateInvitedMember = inngest.createFunction(
  { id: 'activate-invited-member' },
  { event: 'app/invitation.accepted' },
  async ({ event }) => {
    const { workspaceId, userId } = event.data as { workspaceId?: string; userId: string };
    if (!workspaceId) {
      console.warn('activate-invited-member: no workspace in event, skipping');
      return;
    }
    await db.member.updateMany({ where: { organizationId: workspaceId, userId }, data: { role: 'member' } });
  },
);
