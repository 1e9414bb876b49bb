import type { AuditReport, FindingEntry } from '../report';

/** ANSI styles, or none. */
interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

const plain: Style = { bold: (t) => t, dim: (t) => t, red: (t) => t, green: (t) => t, yellow: (t) => t };
const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const colours: Style = { bold: ansi(1, 22), dim: ansi(2, 22), red: ansi(31, 39), green: ansi(32, 39), yellow: ansi(33, 39) };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const shortRule = (ruleId: string) => ruleId.replace(/^tenant-jobs\//, '');

function groupByFile<T extends { file: string }>(entries: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const entry of entries) {
    const list = groups.get(entry.file) ?? [];
    list.push(entry);
    groups.set(entry.file, list);
  }
  return groups;
}

/**
 * One "detail on fail" entry: `file:line:column`, the job and the rule on one line, then what is
 * unscoped (the rule's message) and the fix.
 */
function detailLines(finding: FindingEntry, style: Style): string[] {
  const where = `${finding.file}:${finding.line}:${finding.column}`;
  const job = finding.job ? `  job \`${finding.job}\`` : '';
  return [`  ${style.bold(where)}${job}  ${style.dim(shortRule(finding.ruleId))}`, `    ${finding.message}`, `    ${style.dim('fix:')} ${finding.fix}`];
}

/** The report for a person: the verdict first, then the facts, then the detail on fail. */
export function formatText(report: AuditReport, options: { colour: boolean }): string {
  const style = options.colour ? colours : plain;
  const { counts } = report;
  const lines: string[] = [];
  const verdictStyle = report.verdict === 'PASS' ? style.green : report.verdict === 'FAIL' ? style.red : style.yellow;

  lines.push(style.bold(`tenant-jobs audit`) + style.dim(` (eslint-plugin-tenant-jobs ${report.tool.version}, ESLint ${report.tool.eslint})`));
  lines.push('');
  lines.push(`Check:    ${report.check.id}`);
  lines.push(`Severity: ${report.check.severity}`);
  lines.push(`Verdict:  ${style.bold(verdictStyle(report.verdict))}  ${report.summary}`);
  lines.push('');

  if (report.jobSystems.length > 0) {
    lines.push(style.bold('Job systems found:'));
    const width = Math.max(...report.jobSystems.map((s) => s.name.length));
    for (const system of report.jobSystems) {
      const code = system.handlers > 0 || system.enqueueSites > 0 ? `${plural(system.handlers, 'handler')}, ${plural(system.enqueueSites, 'enqueue site')}` : 'no handler or enqueue site recognised';
      const evidence = system.evidence.filter((e) => e !== 'code');
      lines.push(`  ${system.name.padEnd(width)}  ${code}${evidence.length > 0 ? style.dim(`  (${evidence.join('; ')})`) : ''}`);
    }
  } else {
    lines.push('Job systems found: none');
  }
  lines.push(`Job handlers:  ${counts.handlers} (${counts.scopedHandlers} scoped, ${counts.handlers - counts.scopedHandlers} with findings)`);
  lines.push(`Enqueue sites: ${counts.enqueueSites}`);
  lines.push(
    `Files:         ${counts.files} found, ${counts.filesLinted} analysed, ${counts.filesSkipped} skipped by the pre-filter` +
      (counts.filesGenerated > 0 ? `, ${counts.filesGenerated} generated left out` : ''),
  );

  if (report.findings.length > 0) {
    lines.push('');
    const groups = groupByFile(report.findings);
    lines.push(style.bold(`Detail on fail (${plural(report.findings.length, 'finding')} in ${plural(groups.size, 'file')}):`));
    const fixes = new Map<string, string>();
    for (const [file, findings] of groups) {
      lines.push('');
      lines.push(style.bold(style.red(file)));
      for (const finding of findings) {
        lines.push(...detailLines(finding, style));
        fixes.set(finding.ruleId, finding.docsUrl);
      }
    }
    lines.push('');
    for (const [rule, url] of [...fixes].sort()) lines.push(style.dim(`Docs of ${shortRule(rule)}: ${url}`));
  }

  if (report.suppressed.length > 0) {
    lines.push('');
    lines.push(style.bold(`Suppressed by eslint-disable comments (${report.suppressed.length}):`));
    for (const entry of report.suppressed) {
      const why = entry.justification ? `justification: ${entry.justification}` : style.yellow('no justification given');
      const job = entry.job ? `job \`${entry.job}\`, ` : '';
      lines.push(`  ${entry.file}:${entry.line}:${entry.column}  ${job}${shortRule(entry.ruleId)}: ${why}`);
    }
  }

  if (report.unparsable.length > 0) {
    lines.push('');
    lines.push(style.bold(style.yellow(`Not audited, could not be parsed (${report.unparsable.length}):`)));
    for (const entry of report.unparsable) {
      lines.push(`  ${entry.file}${entry.line !== null ? `:${entry.line}:${entry.column}` : ''}  ${entry.message}`);
    }
  }

  if (report.errors.length > 0) {
    lines.push('');
    lines.push(style.bold(style.red(`Not audited, internal error (${report.errors.length}):`)));
    for (const entry of report.errors) lines.push(`  ${entry.file}  ${entry.message}`);
  }

  lines.push('');
  return lines.join('\n');
}
