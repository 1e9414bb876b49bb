import type { TSESLint } from '@typescript-eslint/utils';
import { hasHandlerSignal } from '../analysis/handlers';
import { JOB_SYSTEMS } from '../analysis/jobs';
import type { MatchContext } from '../analysis/jobs/types';
import type { ResolvedSettings } from '../util/settings';

/**
 * The text pre-filter of `tenant-jobs audit`: which files can hold a finding, decided from their
 * text before any parse. It must never drop a file the rules would report on, so every test here
 * is a necessary condition the engine itself imposes:
 *
 * - `no-unscoped-query-in-job` and `no-fallthrough-missing-tenant` report only inside job
 *   handlers, and the engine finds handlers only in files that pass `hasHandlerSignal` (an import
 *   of a job system, a `jobFiles` or cron-route path, the shapes of its regular expression, or any
 *   `handlerFunctions` setting). The pre-filter calls that same function, with an import test on
 *   the text that accepts every file whose real imports would pass.
 * - `require-tenant-in-job-payload` reports only at enqueue sites, and the engine tries a call as
 *   an enqueue only when its callee name is one of a system's `enqueueNames` (or the last name of
 *   an `enqueueFunctions` setting), and each system then requires an import of its sources or, for
 *   clients imported from the project's own modules, a name of a given shape ({@link SHAPE_TOKENS}).
 *
 * Names and import sources appear in the text as written, except behind escapes (`\u0061dd`,
 * `'bull\x6dq'`): a file with a backslash is also tested with its escapes decoded.
 */

/**
 * For each job system with enqueue calls: what an enqueue needs in the file's text when the file
 * does not import the system (the shape match of a client built in another module), or `null`
 * when the system only matches calls on clients it sees imported. Kept in step with the
 * `matchEnqueue` of each module in src/analysis/jobs/ (a test checks every system is listed).
 */
export const SHAPE_TOKENS: Readonly<Record<string, RegExp | null>> = {
  bull: null,
  // `reportsQueue.add(name, data)` on a queue from the project's module: a receiver whose name
  // ends in `queue` (any case), so the text holds `queue` not followed by an identifier character.
  bullmq: /queue(?![\w$])/i,
  'bee-queue': null,
  // `inngest.send({ name, data })` (receiver named /inngest/i); `step.sendEvent`, `step.invoke`.
  inngest: /inngest|\bstep\b/i,
  // `reportTask.trigger(payload)`: a receiver whose name ends in `task`.
  'trigger.dev': /task(?![\w$])/i,
  // `emailQueue.enqueue(payload)` on any imported binding.
  quirrel: /[^]/,
  // `boss.send(…)`, `agenda.now(…)`: receivers whose names end in `boss`, `agenda`.
  'pg-boss': /boss(?![\w$])/i,
  agenda: /agenda(?![\w$])/i,
  'graphile-worker': null,
  qstash: /qstash/i,
  'upstash-workflow': null,
  'vercel-queue': null,
  sqs: null,
  // `env.REPORTS_QUEUE.send(body)`: a Workers binding on `env`.
  'cloudflare-queues': /\benv\b/,
  temporal: null,
  hatchet: null,
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A string literal (or plain template) holding one of `sources` or a subpath of it. */
function importSourcePattern(sources: readonly string[]): RegExp {
  return new RegExp(`['"\`](?:${sources.map(escapeRegExp).join('|')})(?:['"\`/])`);
}

function wordPattern(words: readonly string[]): RegExp {
  return new RegExp(`\\b(?:${words.map(escapeRegExp).join('|')})\\b`);
}

/** Decodes string and identifier escapes, so that names written with escapes can be found. */
export function decodeEscapes(text: string): string {
  return text.replace(
    /\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-3][0-7]{0,2}|[4-7][0-7]?)|(\r\n|[\n\r\u2028\u2029])|([bfnrtv])|([^]))/g,
    (_match, codePoint?: string, u4?: string, x2?: string, octal?: string, lineBreak?: string, control?: string, other?: string) => {
      if (codePoint !== undefined) {
        const value = parseInt(codePoint, 16);
        return value <= 0x10ffff ? String.fromCodePoint(value) : ' ';
      }
      if (u4 !== undefined) return String.fromCharCode(parseInt(u4, 16));
      if (x2 !== undefined) return String.fromCharCode(parseInt(x2, 16));
      if (octal !== undefined) return String.fromCharCode(parseInt(octal, 8));
      if (lineBreak !== undefined) return '';
      if (control !== undefined) return ' ';
      return other ?? '';
    },
  );
}

interface SystemTest {
  readonly names: RegExp;
  readonly imported: RegExp;
  readonly shape: RegExp | null;
}

/** A file as the pre-filter sees it: its path relative to the audit's working directory, and its text. */
export interface PrefilterInput {
  readonly relativePath: string;
  readonly text: string;
}

/**
 * Builds the pre-filter for resolved settings: a function that says whether a file can hold a
 * finding of the plugin's rules (true) or can be skipped without parsing it (false).
 */
export function createPrefilter(settings: ResolvedSettings): (file: PrefilterInput) => boolean {
  const systems: SystemTest[] = [];
  for (const system of JOB_SYSTEMS) {
    if (system.enqueueNames.length === 0) continue;
    if (!(system.id in SHAPE_TOKENS)) {
      // A system the table does not know yet: accept any file naming one of its calls.
      systems.push({ names: wordPattern(system.enqueueNames), imported: /[^]/, shape: null });
      continue;
    }
    systems.push({ names: wordPattern(system.enqueueNames), imported: importSourcePattern(system.sources), shape: SHAPE_TOKENS[system.id] ?? null });
  }
  const customNames = settings.enqueueFunctions.map((fn) => fn.name.split('.').pop() ?? fn.name);
  const custom = customNames.length > 0 ? wordPattern(customNames) : undefined;
  const importCache = new Map<readonly string[], RegExp>();

  return ({ relativePath, text }) => {
    const texts = text.includes('\\') ? [text, decodeEscapes(text)] : [text];
    const has = (pattern: RegExp) => texts.some((t) => pattern.test(t));

    const context = {
      importsFrom(sources: readonly string[]) {
        let pattern = importCache.get(sources);
        if (!pattern) {
          pattern = importSourcePattern(sources);
          importCache.set(sources, pattern);
        }
        return has(pattern);
      },
    } as unknown as MatchContext;
    const sourceCode = { text } as unknown as Readonly<TSESLint.SourceCode>;
    if (hasHandlerSignal({ sourceCode, settings, relativePath, context })) return true;

    if (custom && has(custom)) return true;
    return systems.some((system) => has(system.names) && (has(system.imported) || (system.shape !== null && has(system.shape))));
  };
}
