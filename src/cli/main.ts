import * as fs from 'node:fs';
import * as path from 'node:path';
import plugin from '../plugin';
import { REPOSITORY_URL } from '../util/create-rule';
import { TenantJobsSettingsError, validateSettings, type TenantJobsSettingsInput } from '../util/settings';
import { AuditUsageError, runAudit } from './audit';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { CHECK, type AuditReport } from './report';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** Runs at least this many files before progress is shown (on a terminal only). */
const PROGRESS_MIN_FILES = 400;

export const USAGE = `Usage: tenant-jobs audit [paths...] [options]

Audits the background jobs of a repository with the recommended config of
eslint-plugin-tenant-jobs (no ESLint config of the project is read) and prints
the verdict of the check ${CHECK.id}
(severity ${CHECK.severity}): PASS, FAIL, or N/A when no job system is found.

Arguments:
  paths                 files and folders to audit (default: .)

Options:
  --format <format>     text (default), json or sarif (SARIF 2.1.0, for code scanning)
  -o, --output <file>   write the report to a file instead of standard output
  --settings <file>     JSON file with the plugin's settings (settings['tenant-jobs'])
  -h, --help            show this help
  -v, --version         show the version

Exit codes: 0 PASS or N/A, 1 FAIL, 2 usage, settings or internal error.
Docs: ${REPOSITORY_URL}/blob/main/docs/cli.md
`;

/** Where the command writes, and what it knows of its environment (tests pass their own). */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

interface ParsedArgs {
  readonly command: 'audit' | 'help' | 'version';
  readonly paths: string[];
  readonly format: Format;
  readonly output: string | undefined;
  readonly settings: string | undefined;
}

class UsageError extends Error {}

/** Parses the command line; a UsageError names the first problem. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  let command: ParsedArgs['command'] | undefined;
  const paths: string[] = [];
  let format: Format = 'text';
  let output: string | undefined;
  let settings: string | undefined;
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      if (command === undefined) {
        if (arg === 'audit' || arg === 'help') command = arg;
        else throw new UsageError(`unknown command: ${arg} (the command is \`tenant-jobs audit\`)`);
      } else paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || (inline === undefined && next.startsWith('-') && next !== '-')) throw new UsageError(`option ${name} needs a value`);
      if (next === '') throw new UsageError(`option ${name} needs a value`);
      return next;
    };
    switch (name) {
      case '-h':
      case '--help':
        return { command: 'help', paths, format, output, settings };
      case '-v':
      case '--version':
        return { command: 'version', paths, format, output, settings };
      case '--format':
      case '-f': {
        const wanted = value();
        if (!(FORMATS as readonly string[]).includes(wanted)) throw new UsageError(`unknown format: ${wanted} (use ${FORMATS.join(', ')})`);
        format = wanted as Format;
        break;
      }
      case '-o':
      case '--output':
        output = value();
        break;
      case '--settings':
        settings = value();
        break;
      default:
        throw new UsageError(`unknown option: ${name}`);
    }
  }
  if (command === undefined) throw new UsageError('missing command: tenant-jobs audit [paths...]');
  return { command, paths, format, output, settings };
}

/** Reads and validates a `--settings` file: the settings object, or `{ "tenant-jobs": { … } }`. */
export function readSettingsFile(file: string, cwd: string): TenantJobsSettingsInput {
  const where = `settings file ${file}`;
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${where}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : firstLine(error)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${where} is not valid JSON: ${firstLine(error)}`);
  }
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.keys(raw).length === 1 && 'tenant-jobs' in raw) {
    raw = (raw as Record<string, unknown>)['tenant-jobs'];
  }
  try {
    return validateSettings(raw);
  } catch (error) {
    if (error instanceof TenantJobsSettingsError) throw new UsageError(`${where}: ${error.message.replace(/^eslint-plugin-tenant-jobs: /, '')}`);
    throw error;
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? 'unknown error';
}

/** Whether to colour text output: a terminal, no `--output`, and no `NO_COLOR`. */
function wantsColour(io: CliIo, output: string | undefined): boolean {
  return !output && io.stdout.isTTY === true && !io.env.NO_COLOR;
}

export function formatReport(report: AuditReport, format: Format, colour: boolean): string {
  if (format === 'json') return formatJson(report);
  if (format === 'sarif') return formatSarif(report);
  return formatText(report, { colour });
}

/** Exit code of a report: 0 PASS or N/A, 1 FAIL, 2 when some file could not be audited for an internal error. */
export function exitCodeOf(report: AuditReport): number {
  if (report.errors.length > 0) return 2;
  return report.verdict === 'FAIL' ? 1 : 0;
}

/** The `tenant-jobs` command: returns its exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`tenant-jobs: ${message}\n`);
    return 2;
  };
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return fail(`${error.message} (see tenant-jobs --help)`);
    throw error;
  }
  if (args.command === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (args.command === 'version') {
    io.stdout.write(`${plugin.meta.version}\n`);
    return 0;
  }

  let report: AuditReport;
  let progressShown = false;
  try {
    const settings = args.settings ? readSettingsFile(args.settings, io.cwd) : undefined;
    report = await runAudit({
      paths: args.paths,
      cwd: io.cwd,
      settings,
      progressMinFiles: PROGRESS_MIN_FILES,
      onProgress: io.stderr.isTTY
        ? (done, total) => {
            progressShown = true;
            io.stderr.write(`\r\u001b[Ktenant-jobs audit: ${done}/${total} files`);
          }
        : undefined,
    });
  } catch (error) {
    if (progressShown) io.stderr.write('\r\u001b[K');
    if (error instanceof UsageError || error instanceof AuditUsageError) return fail(error.message);
    return fail(`internal error: ${firstLine(error)}`);
  }
  if (progressShown) io.stderr.write('\r\u001b[K');

  const text = formatReport(report, args.format, wantsColour(io, args.output));
  if (args.output) {
    try {
      const target = path.resolve(io.cwd, args.output);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
    } catch (error) {
      return fail(`cannot write ${args.output}: ${firstLine(error)}`);
    }
    io.stderr.write(`tenant-jobs audit: ${report.verdict}. ${report.summary} Report written to ${args.output}.\n`);
  } else {
    io.stdout.write(text);
  }
  if (report.errors.length > 0) {
    const first = report.errors[0]!;
    return fail(`internal error while auditing ${report.errors.length} file(s), first ${first.file}: ${first.message}`);
  }
  return exitCodeOf(report);
}
