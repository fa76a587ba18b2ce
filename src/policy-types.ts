// The vocabulary of the fail-on policy: what the user asks to fail on, and why a run fails.

/** `--fail-on-change`: any verdict change, or only one that got worse. */
export type ChangePolicy = 'any' | 'worse';

export interface FailPolicy {
  /** `--fail-on VERDICT,...`: outcome verdicts. */
  verdicts: string[];
  /** `--fail-on attribution:VERDICT,...`: attribution verdicts. */
  attribution?: string[];
  /** `--fail-on findings`: any warning fails the run. */
  findings: boolean;
  /** `--fail-on-change[=worse]`, with a baseline. */
  change?: ChangePolicy;
  /**
   * Where a project config set the rules (`claimcheck.yaml:8:1`), so that a failure names the setting
   * the user wrote; a rule without a place here came from the command line.
   */
  setAt?: { failOn?: string; failOnChange?: string };
}

/** One reason the run fails (exit 1). */
export interface PolicyFailure {
  rule: 'verdict' | 'change' | 'findings';
  /** The claim that failed, for the verdict and change rules. */
  claimId?: string;
  /** What matched: `contradicted`, `attribution inconclusive`, `2 warnings`, a change of answer. */
  reason: string;
  /** The option or setting that matched, as written: `--fail-on`, or `fail_on (claimcheck.yaml:8:1)` from a config. */
  setting: string;
  /** The reason with the rule that made it fail: `contradicted (--fail-on contradicted)`. */
  message: string;
}

export interface PolicyOutcome {
  failures: PolicyFailure[];
}
