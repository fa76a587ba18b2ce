// The fail-on policy: which claims, changes and findings make a run fail (exit 1). Pure: the CLI
// turns the outcome into an exit code, and the CI formats mark exactly these claims as failing.
import { answerChangeText, verdictChanges } from './diff/index.js';
import type { AuditResult } from './types.js';
import type { ReportDiff } from './diff/types.js';
import type { FailPolicy, PolicyFailure, PolicyOutcome } from './policy-types.js';

export function decideOutcome(audit: AuditResult, policy: FailPolicy, diff?: ReportDiff): PolicyOutcome {
  const failures: PolicyFailure[] = [];
  for (const r of audit.results) {
    if (policy.verdicts.includes(r.verdict)) {
      failures.push({ rule: 'verdict', claimId: r.claim.id, message: `${r.verdict} (--fail-on ${r.verdict})` });
    }
    const a = r.attribution?.verdict;
    if (a && policy.attribution?.includes(a)) {
      failures.push({ rule: 'verdict', claimId: r.claim.id, message: `attribution ${a} (--fail-on attribution:${a})` });
    }
  }
  if (policy.change && diff) {
    for (const c of verdictChanges(diff, policy.change)) {
      failures.push({
        rule: 'change',
        claimId: c.id,
        message: answerChangeText(c, policy.change, `--fail-on-change${policy.change === 'worse' ? '=worse' : ''}`),
      });
    }
  }
  if (policy.findings) {
    const warnings = audit.findings.filter((f) => f.severity === 'warning');
    if (warnings.length) failures.push({ rule: 'findings', message: `${warnings.length} warning${warnings.length === 1 ? '' : 's'} (--fail-on findings)` });
  }
  return { failures };
}

/** Why a claim fails the run, one line per rule it matched; empty when it does not. */
export function failureMessages(outcome: PolicyOutcome | undefined, claimId: string): string[] {
  return (outcome?.failures ?? []).filter((f) => f.claimId === claimId).map((f) => f.message);
}
