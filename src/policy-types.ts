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
}

/** One reason the run fails (exit 1). */
export interface PolicyFailure {
  rule: 'verdict' | 'change' | 'findings';
  /** The claim that failed, for the verdict and change rules. */
  claimId?: string;
  message: string;
}

export interface PolicyOutcome {
  failures: PolicyFailure[];
}
