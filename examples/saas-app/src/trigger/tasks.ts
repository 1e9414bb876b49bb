import { task } from '@trigger.dev/sdk';
import { db } from '../lib/db';

/** Scoped: the CRM sync of one organization, its id from the payload, a missing id fatal. */
export const syncCrmTask = task({
  id: 'sync-crm',
  run: async (payload: { organizationId: string; full?: boolean; userId?: string }) => {
    if (!payload.organizationId) throw new Error('sync-crm: missing organizationId in task payload');
    const members = await db.member.findMany({
      where: { organizationId: payload.organizationId, ...(payload.userId ? { userId: payload.userId } : {}) },
      select: { id: true, email: true },
    });
    return { organizationId: payload.organizationId, synced: members.length };
  },
});
