import { ESLint } from 'eslint';
import js from '@eslint/js';
import tsParser from '@typescript-eslint/parser';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const plugin = require('/work/main/dist');
const cwd = '/work/main/bench/.work/' + (process.argv[3] ?? 'saas');
const withPlugin = process.argv[2] === 'B';
const config = [
  { files: ['**/*.ts'], languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module', globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', Headers: 'readonly' } } },
  js.configs.recommended,
  ...(withPlugin ? [plugin.configs.recommended] : []),
];
const stats = process.argv[4] === 'stats';
const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: config, stats });
const t = performance.now();
const results = await eslint.lintFiles([process.argv[5] ?? 'src/**/*.ts']);
const ms = performance.now() - t;
const byRule = {};
for (const r of results) for (const m of r.messages) byRule[m.ruleId] = (byRule[m.ruleId] ?? 0) + 1;
console.log(withPlugin ? 'B' : 'A', results.length, Math.round(ms), 'ms', byRule, Math.round(process.resourceUsage().maxRSS/1024), 'MB');
if (stats) {
  const rules = {}; let parse = 0, total = 0;
  for (const r of results) { const p = r.stats.times.passes[0]; parse += p.parse.total; total += p.total; for (const [k, v] of Object.entries(p.rules ?? {})) rules[k] = (rules[k] ?? 0) + v.total; }
  const sum = Object.values(rules).reduce((a, b) => a + b, 0);
  console.log({ parse: Math.round(parse), rulesSum: Math.round(sum), total: Math.round(total) });
  console.log(Object.entries(rules).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => k + ' ' + v.toFixed(0)).join('\n'));
}
