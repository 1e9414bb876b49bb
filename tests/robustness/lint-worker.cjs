// A worker thread for tests/robustness/input.test.ts: lints one file with the built plugin (dist/)
// on a stack as large as the test asks for, so that code nested as deep as the parser accepts on
// that stack reaches the rules. Answers { fatal, findings, ms } or { error } (a rule that threw).
const { parentPort, workerData } = require('node:worker_threads');
const { Linter } = require('eslint');
const parser = require('@typescript-eslint/parser');

const plugin = require(workerData.pluginDir);
const linter = new Linter({ configType: 'flat' });
const config = [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser } }, plugin.configs.recommended];

parentPort.on('message', ({ code, filename }) => {
  const start = performance.now();
  try {
    const messages = linter.verify(code, config, { filename });
    const fatal = messages.find((message) => message.fatal);
    parentPort.postMessage({
      fatal: fatal ? fatal.message : undefined,
      findings: messages.filter((message) => !message.fatal).map((message) => `${message.ruleId} ${message.messageId}`),
      ms: Math.round(performance.now() - start),
    });
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.stack) || error) });
  }
});
