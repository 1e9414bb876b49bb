import type { AuditReport } from '../report';

/** The report as JSON: the `AuditReport` shape, documented in docs/cli.md (`schemaVersion` 1). */
export function formatJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
