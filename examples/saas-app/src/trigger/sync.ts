import { tasks } from '@trigger.dev/sdk';
import type { syncCrmTask } from './tasks';

export async function startCrmSync(organizationId: string) {
  await tasks.trigger<typeof syncCrmTask>('sync-crm', { organizationId, full: true });
}

/** Finding: a batch of sync runs, one per user, none of which says which tenant it belongs to. */
export async function resyncUsers(userIds: string[]) {
  await tasks.batchTrigger<typeof syncCrmTask>(
    'sync-crm',
    userIds.map((userId) => ({ payload: { userId } })),
  );
}
