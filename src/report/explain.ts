// One claim's computation, step by step, with the evidence rows it used.
import { formatNumber, formatPercent, printable } from '../format.js';
import type { AuditResult, ClaimResult, ObservedValue } from '../types.js';
import { rowCitation, valueText, claimedText, claimToleranceText, effectiveToleranceText, gapText, lineText, observedText, periodText, sourceText, tierRatioText, tierTitle, verdictLabel } from './describe.js';
import { formatFinding } from './terminal.js';

/** The measure of a value and how it was rolled up over time: " [count, sum]". */
function valueTag(v: ObservedValue): string {
  return v.measure ? ` [${v.measure}, ${v.rollup === 'reported' ? 'as reported' : `rolled up by ${v.rollup}`}]` : '';
}

export function renderExplain(audit: AuditResult, result: ClaimResult): string {
  const c = result.claim;
  const lines = [
    `${c.id}  (${c.location.file}:${c.location.line ?? 1})`,
    `  statement: ${c.statement.replace(/\s+/g, ' ')}`,
    `  claimant:  ${c.claimant} (${c.kind})`,
    `  about:     ${c.region ?? '(no region)'} / ${c.metric ?? '(no metric)'}, ${periodText(c)}`,
    `  claimed:   ${claimedText(c)}${c.claimed ? `  [as written: ${c.claimed.text}]` : ''}`,
  ];
  if (c.unit) lines.push(`  unit:      ${c.unit.text}${c.conversion ? `, converted at the declared rate ${c.conversion.text}` : ''}`);
  const ownTolerance = claimToleranceText(c, audit.options.tolerance);
  if (ownTolerance) lines.push(`  tolerance: ${ownTolerance}`);
  if (c.tags?.length) lines.push(`  tags:      ${c.tags.join(', ')}`);
  if (c.note) lines.push(`  reading:   ${c.note}`);
  for (const d of result.definitions ?? []) lines.push(`  defined:   ${d}`);
  if (result.origin) lines.push(`  source:    ${result.origin}`);
  lines.push('', 'Steps');
  let step = 1;
  const o = result.observed;
  if (o && 'baseline' in o) {
    lines.push(`  ${step++}. baseline ${o.baseline.period} = ${formatNumber(o.baseline.value, 6)}${valueTag(o.baseline)}: ${o.baseline.method}`);
    lines.push(`  ${step++}. target ${o.target.period} = ${formatNumber(o.target.value, 6)}${valueTag(o.target)}: ${o.target.method}`);
    if (o.changePercent === null) lines.push(`  ${step++}. change = target − baseline = ${formatNumber(o.target.value, 6)} − ${formatNumber(o.baseline.value, 6)} = ${observedText(result)}: a change from 0 is not a percentage`);
    else if (o.perYear) lines.push(`  ${step++}. change per year = (target / ${formatNumber(o.perYear.targetYears, 4)} y) / (baseline / ${formatNumber(o.perYear.baselineYears, 4)} y) − 1 = ${formatNumber(o.perYear.target, 6)} / ${formatNumber(o.perYear.baseline, 6)} − 1 = ${observedText(result)}`);
    else lines.push(`  ${step++}. change = target / baseline − 1 = ${formatNumber(o.target.value, 6)} / ${formatNumber(o.baseline.value, 6)} − 1 = ${observedText(result)}`);
    lines.push(`  ${step++}. gap = change − nearest end of the claimed range = ${gapText(result)} (tolerance ${effectiveToleranceText(c, audit.options.tolerance)})`);
  } else if (o) {
    lines.push(`  ${step++}. target ${o.target.period} = ${formatNumber(o.target.value, 6)}${valueTag(o.target)}: ${o.target.method}`);
    lines.push(`  ${step++}. gap = (observed − nearest claimed value) / claimed value = ${gapText(result)} (tolerance ${effectiveToleranceText(c, audit.options.tolerance)})`);
  }
  if (result.tiers?.length) {
    lines.push(`  ${step++}. statistical tiers (docs/methods.md): the attribution is decided by the most credible informative tier`);
    for (const t of result.tiers) {
      lines.push(`     ${tierTitle(t)}${t.tier === result.attribution?.decidedBy ? '  [decides the attribution]' : ''}`);
      if (t.reason) {
        lines.push(`       not computed: ${t.reason}`);
        continue;
      }
      if (t.formula) lines.push(`       formula: ${t.formula}`);
      if (t.inputs) lines.push(`       inputs:  ${Object.entries(t.inputs).map(([k, v]) => `${k} = ${typeof v === 'number' ? formatNumber(v, 6) : v}`).join(', ')}`);
      lines.push(`       result:  ratio ${tierRatioText(t)}${t.pValue !== undefined ? `, p = ${t.pValue.toPrecision(4)}` : ''} → ${t.verdict}${t.informative ? '' : ' (not informative: does not decide)'}`);
      for (const n of t.notes) lines.push(`       - ${n}`);
    }
  }
  if (result.preMean) {
    const m = result.preMean;
    lines.push(`  ${step++}. pre-period mean ${m.periods} (${m.n} periods) = ${formatNumber(m.value, 6)}; target against it: ${formatPercent(m.changePercent)}${m.baselineInterval ? `; the baseline's own 95% interval is ${formatNumber(m.baselineInterval[0], 2)}–${formatNumber(m.baselineInterval[1], 2)}${m.departs ? ', which excludes the mean (a spike or dip before the baseline)' : ', which includes the mean'}` : ''}`);
  }
  lines.push(`  ${step++}. verdict: ${verdictLabel(result)}${o ? ' (the outcome: the reported values against the claim, with the tolerance)' : ''}${result.share !== undefined ? `; share of the claimed change achieved f = ln r / ln ρ = ${formatNumber(result.share, 4)}` : ''}`);
  for (const reason of result.reasons) lines.push(`     - ${reason}`);
  const a = result.attribution;
  if (a) {
    lines.push(`  ${step}. attribution: ${a.verdict === 'not-computed' ? 'not computed' : a.verdict}${a.decidedBy ? ` (decided by the ${a.decidedBy} tier)` : ''}`);
    for (const reason of a.reasons) lines.push(`     - ${reason}`);
  }
  if (result.bySource && result.bySource.length > 1) {
    lines.push('', 'Under each source');
    for (const b of result.bySource) lines.push(`  ${b.origin}: ${b.verdict} (observed ${observedText(b)}, gap ${gapText(b)})`);
  }
  if (result.reportedChanges?.length) {
    lines.push('', 'Reported changes');
    for (const rc of result.reportedChanges) {
      const r = rc.reported;
      lines.push(`  ${r.file}:${r.line}  ${formatPercent(r.changePercent)} (${r.from.label} → ${r.to.label})${rc.computedPercent !== undefined ? `; levels give ${formatPercent(rc.computedPercent)}` : ''}${rc.remark ? `; ${rc.remark}` : ''}`);
    }
  }
  if (result.evidence.length) {
    lines.push('', 'Evidence rows');
    for (const e of result.evidence) {
      lines.push(`  ${e.aggregate?.rows === 0 ? `${e.file} (${lineText(e)})` : rowCitation(e)}  ${e.region} / ${e.metric}  ${e.period.label}  ${valueText(e)}${e.unit ? ` ${e.unit}` : ''}${e.source ? `  (${e.source})` : ''}`);
    }
  }
  lines.push('', 'Sources of the claim');
  c.sources.forEach((s, i) => lines.push(`  ${i + 1}. ${sourceText(s)}${s.url ? `  ${s.url}` : ''}`));
  const related = audit.findings.filter((f) => f.claimId === c.id);
  if (related.length) lines.push('', 'Findings', ...related.map((f) => `  ${formatFinding(f)}`));
  // Every line may quote the user's files: show their control characters instead of obeying them.
  return `${printable(lines.join('\n'), 'newlines')}\n`;
}
