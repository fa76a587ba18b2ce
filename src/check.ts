// `check`: the audit a CI job runs — read the baseline, audit, compare with the baseline, apply the
// fail-on policy. Returns data; the caller renders reports from it and turns `outcome` into an exit code.
import { auditInputs, hasErrors, loadInputs, type AuditOptions } from './audit.js';
import { diffReports } from './diff/index.js';
import { decideOutcome } from './policy.js';
import { buildReport, loadReport } from './report-model/index.js';
import { inSelection, parseSelection, type Selection } from './select.js';
import type { AuditResult, Claim, Finding } from './types.js';
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
  const loaded = await loadInputs({ ...options, cwd });
  const result = auditInputs(loaded, options);
  if (hasErrors(result.findings)) return { stopped: 'inputs', findings: result.findings, audit: result };
  const selection = parseSelection(options);
  const compared = baseline && selection ? narrowBaseline(baseline, selection, loaded.claims) : undefined;
  const diff = baseline ? diffReports(compared?.report ?? baseline, buildReport(result)) : undefined;
  if (diff && compared) diff.context.push(compared.note);
  const policy: FailPolicy = { verdicts: [], findings: false, ...options.failOn, ...(options.failOnChange ? { change: options.failOnChange } : {}) };
  const outcome = decideOutcome(result, policy, diff);
  return { audit: result, outcome, ...(baseline ? { baseline } : {}), ...(diff ? { diff } : {}) };
}

/**
 * The baseline as this run's selection sees it, so a claim left out of the selection does not count
 * as removed. A baseline claim is compared when the selection selects it as it is in the claims now,
 * or, when it is no longer in the claims, as the baseline recorded it (then it was removed).
 */
function narrowBaseline(baseline: JsonReport, selection: Selection, claims: Claim[]): { report: JsonReport; note: string } {
  const now = new Map(claims.map((c) => [c.id, c]));
  const results = baseline.results.filter((r) => {
    const current = now.get(r.id);
    if (current) return inSelection(selection, current);
    const c = r.claim as Partial<JsonReport['results'][number]['claim']> | undefined;
    const tags = Array.isArray(c?.tags) ? c.tags.filter((t): t is string => typeof t === 'string') : [];
    return inSelection(selection, { id: r.id, claimant: str(c?.claimant), kind: str(c?.kind), region: str(c?.region), metric: str(c?.metric), tags });
  });
  const left = baseline.results.length - results.length;
  return {
    report: { ...baseline, results },
    note: `the baseline is narrowed to this selection: ${results.length} of its ${baseline.results.length} claims compared${left ? `, ${left} outside the selection left out (not counted as removed)` : ''}`,
  };
}

function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}
