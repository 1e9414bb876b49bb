// The options module of `ESLint.fromOptionsModule` (ESLint 9.34+), used when the audit lints on
// several threads: each worker thread imports this module to rebuild the audit's ESLint options,
// which hold functions (the plugin, the parser) and so cannot be copied to it. The run's plain
// data (`LintSetup`) travels in the module URL's `setup` query parameter, so that every run, and
// every worker of a run, builds the same options with no state shared between them.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createEslintOptions } = require('./eslint-options.js') as typeof import('./eslint-options.js');

const encoded = new URL(import.meta.url).searchParams.get('setup');
if (!encoded) throw new Error('tenant-jobs audit: the options module was loaded without its setup.');

export default createEslintOptions(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
