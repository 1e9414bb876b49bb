// The eslintrc (ESLint 8.57) configuration of a project that uses this plugin: the example of the
// legacy config, and the config that tests/integration/packed.test.ts copies into its ESLint 8.57
// project. This repository lints itself with eslint.config.mjs; ESLint 9 and 10 ignore this file.
module.exports = {
  root: true,
  parser: '@typescript-eslint/parser',
  extends: ['plugin:tenant-jobs/legacy-recommended'],
};
