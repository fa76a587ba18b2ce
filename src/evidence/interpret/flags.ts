// Flags that publishers put on values (Eurostat's OBS_FLAG letters, SDMX's OBS_STATUS codes): what
// they mean, which call for caution, and the cautions a claim inherits from the rows it was judged on.
import type { ClaimResult, Finding, Observation } from '../../types.js';

/** Eurostat OBS_FLAG letters (lower case) and SDMX CL_OBS_STATUS codes (upper case). */
const MEANINGS: Readonly<Record<string, string>> = {
  b: 'break in time series',
  c: 'confidential',
  d: 'definition differs',
  e: 'estimated',
  f: 'forecast',
  n: 'not significant',
  p: 'provisional',
  r: 'revised',
  s: "Eurostat's estimate",
  u: 'low reliability',
  z: 'not applicable',
  A: 'normal value',
  B: 'break in time series',
  E: 'estimated',
  F: 'forecast',
  I: 'imputed',
  M: 'missing',
  P: 'provisional',
  U: 'low reliability',
};
/** Flags shown as cautions wherever the value is used (the rest are shown with the value). */
const CAUTION = new Set(['p', 'e', 'b', 'c', 'P', 'E', 'B', 'f', 'F', 'u', 'U', 'I']);
const isBreak = (flag: string) => flag === 'b' || flag === 'B';

function letters(flags: string): string[] {
  return [...new Set([...flags.replace(/[\s,;]/g, '')])];
}

/** "p (provisional)", "bp (break in time series, provisional)", "x (unknown flag)". */
export function describeFlags(flags: string): string {
  return `${flags} (${letters(flags).map((f) => MEANINGS[f] ?? `'${f}': a flag this tool does not know`).join(', ')})`;
}

/** The flags of a row that call for caution, with their meanings. */
export function cautionsOf(o: Observation): string[] {
  return o.flags ? letters(o.flags).filter((f) => CAUTION.has(f)).map((f) => `${f}: ${MEANINGS[f]}`) : [];
}

/**
 * Cautions on a result, as reasons (so every report shows them) and, for a break in series between
 * baseline and target, a warning: the change may be the publisher's new method, not a real change.
 */
export function withFlagCautions(result: ClaimResult): ClaimResult {
  const used = result.evidence.filter((o) => o.flags);
  const reasons: string[] = [];
  const findings: Finding[] = [];
  for (const o of used) {
    const c = cautionsOf(o).filter((x) => !isBreak(x[0]!));
    if (c.length) reasons.push(`caution: the ${o.period.label} value (${o.file}:${o.line}) is flagged ${c.join(', ')}`);
  }
  const observed = result.observed;
  if (observed && 'baseline' in observed && result.series) {
    const from = Math.min(...observed.baseline.rows.map((o) => o.period.endDay));
    const to = Math.max(...observed.target.rows.map((o) => o.period.endDay));
    // A break flagged on a period after the baseline, up to the target, lies between them.
    const breaks = result.series.observations.filter((o) => o.flags && letters(o.flags).some(isBreak) && o.period.endDay > from && o.period.endDay <= to);
    if (breaks.length) {
      const where = breaks.map((o) => `${o.period.label} (${o.file}:${o.line})`).join(', ');
      const text = `a break in series between the baseline and the target, at ${where}: the change may reflect a new method or definition, not only a change in what is measured`;
      reasons.push(`caution: ${text}`);
      const b = breaks[0]!;
      findings.push({ severity: 'warning', code: 'break-in-series', file: b.file, line: b.line, message: `${result.claim.id}: ${text}`, hint: "check the publisher's notes on the break; a claim across it may need a note: or a baseline after it", claimId: result.claim.id });
    }
  }
  const bySource = result.bySource?.map(withFlagCautions);
  if (!reasons.length && !bySource) return result;
  return {
    ...result,
    reasons: [...result.reasons, ...reasons],
    ...(findings.length || result.findings ? { findings: [...(result.findings ?? []), ...findings] } : {}),
    ...(bySource ? { bySource } : {}),
  };
}
