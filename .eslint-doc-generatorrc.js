// Options of eslint-doc-generator (`npm run docs`, `npm run docs:check`). It reads the built plugin
// (`dist/`), so both scripts build first.

/** @type {import('eslint-doc-generator').GenerateOptions} */
module.exports = {
  // The legacy configs enable the same rules as their flat counterparts.
  ignoreConfig: ['legacy-recommended', 'legacy-strict'],
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
  ],
  ruleDocTitleFormat: 'desc-parens-prefix-name',
  ruleDocNotices: ['deprecated', 'configs', 'fixableAndHasSuggestions', 'options', 'requiresTypeChecking'],
  ruleListColumns: ['name', 'description', 'configsError', 'configsWarn', 'configsOff', 'fixable', 'hasSuggestions', 'options', 'requiresTypeChecking', 'deprecated'],
  urlConfigs: 'https://github.com/tenant-jobs/eslint-plugin-tenant-jobs#configs',
};
