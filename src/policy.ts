// The fail-on policy: which claims, changes and findings make a run fail (exit 1). Pure: the CLI
// turns the outcome into an exit code, and the CI formats mark exactly these claims as failing.
import { answerChangeText, verdictChanges } from './diff/index.js';
import type { AuditResult } from './types.js';
import type { ReportDiff } from './diff/types.js';
import type { FailPolicy, PolicyFailure, PolicyOutcome } from './policy-types.js';

export function decideOutcome(audit: AuditResult, policy: FailPolicy, diff?: ReportDiff): PolicyOutcome {
  const failures: PolicyFailure[] = [];
  // The rule as the user wrote it: `--fail-on contradicted` on the command line, `fail_on: contradicted
  // in claimcheck.yaml:8:1` in a config.
  const failOn = failRuleNames('--fail-on', 'fail_on', policy.setAt?.failOn);
  const failOnChange = failRuleNames('--fail-on-change', 'fail_on_change', policy.setAt?.failOnChange);
  for (const r of audit.results) {
    if (policy.verdicts.includes(r.verdict)) {
      failures.push({ rule: 'verdict', claimId: r.claim.id, reason: r.verdict, setting: failOn.setting, message: `${r.verdict} (${failOn.with(r.verdict)})` });
    }
    const a = r.attribution?.verdict;
    if (a && policy.attribution?.includes(a)) {
      failures.push({ rule: 'verdict', claimId: r.claim.id, reason: `attribution ${a}`, setting: failOn.setting, message: `attribution ${a} (${failOn.with(`attribution:${a}`)})` });
    }
  }
  if (policy.change && diff) {
    const rule = policy.setAt?.failOnChange ? failOnChange.with(policy.change) : `--fail-on-change${policy.change === 'worse' ? '=worse' : ''}`;
    for (const c of verdictChanges(diff, policy.change)) {
      const text = answerChangeText(c, policy.change, rule);
      failures.push({ rule: 'change', claimId: c.id, reason: answerChangeText(c, policy.change), setting: failOnChange.setting, message: text });
    }
  }
  if (policy.findings) {
    const warnings = audit.findings.filter((f) => f.severity === 'warning');
    if (warnings.length) {
      const count = `${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
      failures.push({ rule: 'findings', reason: count, setting: failOn.setting, message: `${count} (${failOn.with('findings')})` });
    }
  }
  return { failures };
}

/**
 * A fail rule's names for messages, as the user wrote it: on its own (`--fail-on`, or `fail_on
 * (claimcheck.yaml:8:1)` when a config set it at `setAt`), and with the value that matched.
 */
export function failRuleNames(option: string, key: string, setAt: string | undefined): { setting: string; with: (value: string) => string } {
  if (!setAt) return { setting: option, with: (value) => `${option} ${value}` };
  return { setting: `${key} (${setAt})`, with: (value) => `${key}: ${value} in ${setAt}` };
}

/** Why a claim fails the run, one line per rule it matched; empty when it does not. */
export function failureMessages(outcome: PolicyOutcome | undefined, claimId: string): string[] {
  return (outcome?.failures ?? []).filter((f) => f.claimId === claimId).map((f) => f.message);
}
