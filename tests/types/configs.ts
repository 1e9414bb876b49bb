// Compile-time checks (run by `npm run typecheck`): the plugin's configs fit ESLint's own config
// types, as a user's `eslint.config.ts` and `.eslintrc` typings see them.
import type { Linter } from 'eslint';
import { defineConfig } from 'eslint/config';
import tenantJobs from '../../src/index';

export const flat: Linter.Config[] = [tenantJobs.configs.recommended, tenantJobs.configs.strict];
export const defined = defineConfig(tenantJobs.configs.recommended, {
  files: ['**/*.ts'],
  plugins: { 'tenant-jobs': tenantJobs },
  settings: { 'tenant-jobs': { tenantKeys: ['orgId'] } },
});
export const legacy: Linter.LegacyConfig = tenantJobs.configs['legacy-recommended'];
export const legacyStrict: Linter.LegacyConfig = tenantJobs.configs['legacy-strict'];
export const name: string = tenantJobs.configs.recommended.name;
export const version: string = tenantJobs.meta.version;
