import { inngest } from './client';

export async function onMemberJoined(organizationId: string, userId: string) {
  await inngest.send({ name: 'app/member.joined', data: { organizationId, userId } });
}

/** Finding: the event names the user but not the workspace the user joined. */
export async function onInvitationAccepted(workspaceId: string, userId: string) {
  await inngest.send({ name: 'app/invitation.accepted', data: { userId } });
}
