// `check`: the audit a CI job runs — read the baseline, audit, compare with the baseline, apply the
// fail-on policy. Returns data; the caller renders reports from it and turns `outcome` into an exit code.
import { audit, hasErrors, type AuditOptions } from './audit.js';
import { diffReports } from './diff/index.js';
import { decideOutcome } from './policy.js';
import { buildReport, loadReport } from './report-model/index.js';
import type { AuditResult, Finding } from './types.js';
import type { ReportDiff } from './diff/types.js';
import type { ChangePolicy, FailPolicy, PolicyOutcome } from './policy-types.js';
import type { JsonReport } from './report-model/types.js';

export interface CheckOptions extends AuditOptions {
  /** A JSON report of an earlier audit (a path, relative to `cwd`): what changed since is `diff`. */
  baseline?: string;
  /** Which verdicts fail the run, and whether any warning does (`--fail-on`). */
  failOn?: Partial<Omit<FailPolicy, 'change'>>;
  /** With a baseline: fail when a verdict changed (`any`) or got worse (`worse`). */
  failOnChange?: ChangePolicy;
}

export type CheckResult =
  /** The baseline could not be read (`findings` say why), or the inputs have errors: no audit to report. */
  | { stopped: 'baseline' | 'inputs'; findings: Finding[]; audit?: AuditResult }
  | { stopped?: undefined; audit: AuditResult; baseline?: JsonReport; diff?: ReportDiff; outcome: PolicyOutcome };

export async function check(options: CheckOptions = {}): Promise<CheckResult> {
  if (options.failOnChange && !options.baseline) throw new Error('failOnChange compares with a baseline: pass baseline too');
  const cwd = options.cwd ?? process.cwd();
  // The baseline is read before anything else, so a report written afterwards may replace it.
  let baseline: JsonReport | undefined;
  if (options.baseline) {
    const loaded = loadReport(options.baseline, cwd, options.maxFileSize);
    if (!loaded.report) return { stopped: 'baseline', findings: loaded.findings };
    baseline = loaded.report;
  }
  const result = await audit({ ...options, cwd });
  if (hasErrors(result.findings)) return { stopped: 'inputs', findings: result.findings, audit: result };
  const diff = baseline ? diffReports(baseline, buildReport(result)) : undefined;
  const policy: FailPolicy = { verdicts: [], findings: false, ...options.failOn, ...(options.failOnChange ? { change: options.failOnChange } : {}) };
  const outcome = decideOutcome(result, policy, diff);
  return { audit: result, outcome, ...(baseline ? { baseline } : {}), ...(diff ? { diff } : {}) };
}
