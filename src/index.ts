import plugin from './plugin';

// `require('eslint-plugin-tenant-jobs')` and `import tenantJobs from 'eslint-plugin-tenant-jobs'`
// both give the plugin object itself.
export = plugin;
