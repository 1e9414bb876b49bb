import { pathToFileURL } from 'node:url';
import { REPOSITORY_URL } from '../../util/create-rule';
import { fixFor, ruleInfo, RULE_NAMES, type AuditReport, type FindingEntry, type SuppressedEntry } from '../report';

/** `security-severity` of the check's `medium` severity, on GitHub code scanning's 0–10 scale. */
const SECURITY_SEVERITY = '5.5';

const encodeUri = (file: string) => file.split('/').map(encodeURIComponent).join('/');

/**
 * The report as a SARIF 2.1.0 log: one run, the plugin's three rules in `tool.driver.rules` (with
 * `helpUri` to each rule's docs), one result per finding (suppressed findings carry an in-source
 * suppression with its justification), file locations relative to the audit's root (`%SRCROOT%`).
 * Parse errors and internal errors are tool notifications; the verdict is in the run's properties.
 */
export function formatSarif(report: AuditReport): string {
  const tenantKey = report.tenantKey;
  const rules = RULE_NAMES.map((name) => {
    const info = ruleInfo(name);
    return {
      id: `tenant-jobs/${name}`,
      name,
      shortDescription: { text: info.description },
      fullDescription: { text: `${info.description}. Part of the audit check ${report.check.id} (severity ${report.check.severity}).` },
      helpUri: info.url,
      help: { text: fixFor(name, tenantKey), markdown: `${fixFor(name, tenantKey)}\n\nSee [${name}](${info.url}).` },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'multi-tenancy', 'background-jobs'], 'security-severity': SECURITY_SEVERITY, precision: 'high', 'problem.severity': 'error' },
    };
  });
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));

  const result = (finding: FindingEntry | SuppressedEntry, suppressed: boolean) => ({
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId) ?? 0,
    level: 'error',
    message: { text: finding.job ? `${finding.message} (job: ${finding.job})` : finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeUri(finding.file), uriBaseId: '%SRCROOT%' },
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            ...(finding.endLine !== null ? { endLine: finding.endLine } : {}),
            ...(finding.endColumn !== null ? { endColumn: finding.endColumn } : {}),
          },
        },
      },
    ],
    ...(suppressed
      ? { suppressions: [{ kind: 'inSource', ...((finding as SuppressedEntry).justification ? { justification: (finding as SuppressedEntry).justification } : {}) }] }
      : {}),
    properties: { fix: finding.fix, ...(finding.job ? { job: finding.job } : {}) },
  });

  const notifications = [
    ...report.unparsable.map((problem) => ({ level: 'warning', message: { text: `Not audited, could not be parsed: ${problem.message}` }, problem })),
    ...report.errors.map((problem) => ({ level: 'error', message: { text: `Not audited, internal error: ${problem.message}` }, problem })),
  ].map(({ level, message, problem }) => ({
    level,
    message,
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeUri(problem.file), uriBaseId: '%SRCROOT%' },
          ...(problem.line !== null ? { region: { startLine: problem.line, ...(problem.column !== null ? { startColumn: problem.column } : {}) } } : {}),
        },
      },
    ],
  }));

  const rootUri = pathToFileURL(report.root).href;
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tenant-jobs',
            fullName: 'eslint-plugin-tenant-jobs audit',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: REPOSITORY_URL,
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri.endsWith('/') ? rootUri : `${rootUri}/` } },
        invocations: [{ executionSuccessful: report.errors.length === 0, toolExecutionNotifications: notifications }],
        results: [...report.findings.map((f) => result(f, false)), ...report.suppressed.map((f) => result(f, true))],
        properties: {
          check: report.check,
          verdict: report.verdict,
          summary: report.summary,
          counts: report.counts,
          jobSystems: report.jobSystems.map((system) => system.name),
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
