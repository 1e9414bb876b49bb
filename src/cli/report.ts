import plugin from '../plugin';
import type { RuleName } from '../rules';

/** The audit check this command gives the verdict of, in the seed's own terms. */
export const CHECK = {
  id: 'saas-multi-tenancy.tenant-boundaries.background-jobs-tenant-scoped',
  title: 'Background jobs are scoped to one tenant',
  severity: 'medium',
} as const;

export type Verdict = 'PASS' | 'FAIL' | 'N/A';

/** Version of the JSON report's shape (docs/cli.md); raised only when a field changes or goes. */
export const REPORT_SCHEMA_VERSION = 1;

export interface JobSystemFound {
  /** The engine's id (`bullmq`, `next-cron`, `job-file` …); null for a package the rules do not analyse. */
  readonly id: string | null;
  readonly name: string;
  /** Why it counts as found: `package.json: bullmq`, `vercel.json: 2 crons`, `code`. */
  readonly evidence: string[];
  readonly handlers: number;
  readonly enqueueSites: number;
}

export interface HandlerEntry {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly system: string;
  readonly job: string;
  readonly cron: boolean;
  /** No finding of the three rules in its code (suppressed findings aside). */
  readonly scoped: boolean;
  readonly findings: number;
}

export interface EnqueueSiteEntry {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly system: string;
  readonly job: string | null;
  /** A repeatable/cron producer: carries no tenant by design. */
  readonly repeatable: boolean;
}

export interface FindingEntry {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number | null;
  readonly endColumn: number | null;
  readonly ruleId: `tenant-jobs/${RuleName}`;
  readonly messageId: string | null;
  /** The job it concerns: the handler's or the enqueued job's name, when known. */
  readonly job: string | null;
  /** The rule's message: what is unscoped. */
  readonly message: string;
  /** The fix, one line per rule (from the rule's docs). */
  readonly fix: string;
  readonly docsUrl: string;
}

export interface SuppressedEntry extends FindingEntry {
  /** The `-- reason` text of the `eslint-disable` directive(s), or null when none was given. */
  readonly justification: string | null;
}

export interface FileProblem {
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly message: string;
}

export interface AuditReport {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly tool: { readonly name: 'tenant-jobs'; readonly version: string; readonly eslint: string };
  readonly check: typeof CHECK;
  readonly verdict: Verdict;
  /** One sentence: why this verdict. */
  readonly summary: string;
  /** The audit's root: file paths below are relative to it, `/`-separated. */
  readonly root: string;
  readonly paths: string[];
  /** The tenant key the fixes name: the first of the `tenantKeys` setting. */
  readonly tenantKey: string;
  readonly jobSystems: JobSystemFound[];
  readonly counts: {
    /** Source files found: `filesGenerated + filesLinted + filesSkipped` (and `errors`). */
    readonly files: number;
    readonly filesGenerated: number;
    readonly filesLinted: number;
    readonly filesSkipped: number;
    readonly handlers: number;
    readonly scopedHandlers: number;
    readonly enqueueSites: number;
    readonly findings: number;
    readonly suppressed: number;
    readonly unparsable: number;
    readonly errors: number;
  };
  readonly handlers: HandlerEntry[];
  readonly enqueueSites: EnqueueSiteEntry[];
  readonly findings: FindingEntry[];
  readonly suppressed: SuppressedEntry[];
  /** Files the parser could not read: reported, not audited; they do not stop the audit. */
  readonly unparsable: FileProblem[];
  /** Files whose lint failed inside ESLint or the plugin (an internal error: exit code 2). */
  readonly errors: FileProblem[];
  readonly durationMs: number;
}

/** How to fix a finding of each rule: one line, from the rule's docs (`tenantKey` spells the example). */
export function fixFor(ruleName: RuleName, tenantKey: string): string {
  switch (ruleName) {
    case 'require-tenant-in-job-payload':
      return "Put the tenant id in the job's payload; for work over all tenants, loop over the tenants and enqueue one job per tenant.";
    case 'no-unscoped-query-in-job':
      return "Scope the query by the tenant id from this job's own payload (a filter, or a client scoped to that tenant); a scheduled job loops over the tenants or enqueues one job per tenant.";
    case 'no-fallthrough-missing-tenant':
      return `Treat a missing tenant id as fatal: throw before the first query (\`if (!${tenantKey}) throw new Error(…)\`), and filter by it unconditionally.`;
  }
}

/** The plugin's rules as the report describes them: docs URL and one-line description. */
export function ruleInfo(ruleName: RuleName): { description: string; url: string } {
  const meta = plugin.rules[ruleName].meta;
  return { description: meta?.docs?.description ?? ruleName, url: meta?.docs?.url ?? '' };
}

export const RULE_NAMES = Object.keys(plugin.rules).sort() as RuleName[];
