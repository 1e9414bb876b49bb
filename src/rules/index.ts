import noFallthroughMissingTenant from './no-fallthrough-missing-tenant';
import noUnscopedQueryInJob from './no-unscoped-query-in-job';
import requireTenantInJobPayload from './require-tenant-in-job-payload';

/** Every rule of the plugin, by name, alphabetical. */
export const rules = {
  'no-fallthrough-missing-tenant': noFallthroughMissingTenant,
  'no-unscoped-query-in-job': noUnscopedQueryInJob,
  'require-tenant-in-job-payload': requireTenantInJobPayload,
};

export type RuleName = keyof typeof rules;
