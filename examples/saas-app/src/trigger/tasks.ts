import { task } from '@trigger.dev/sdk';

export const syncCrmTask = task({
  id: 'sync-crm',
  run: async (payload: { organizationId: string; full?: boolean; userId?: string }) => {
    return { organizationId: payload.organizationId };
  },
});
