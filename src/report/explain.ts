// One claim's computation, step by step, with the evidence rows it used.
import { formatNumber, printable } from '../format.js';
import type { AuditResult, ClaimResult } from '../types.js';
import { claimedText, gapText, observedText, periodText, sourceText } from './describe.js';
import { formatFinding } from './terminal.js';

export function renderExplain(audit: AuditResult, result: ClaimResult): string {
  const c = result.claim;
  const lines = [
    `${c.id}  (${c.location.file}:${c.location.line ?? 1})`,
    `  statement: ${c.statement.replace(/\s+/g, ' ')}`,
    `  claimant:  ${c.claimant} (${c.kind})`,
    `  about:     ${c.region ?? '(no region)'} / ${c.metric ?? '(no metric)'}, ${periodText(c)}`,
    `  claimed:   ${claimedText(c)}${c.claimed ? `  [as written: ${c.claimed.text}]` : ''}`,
  ];
  if (c.note) lines.push(`  reading:   ${c.note}`);
  lines.push('', 'Steps');
  let step = 1;
  const o = result.observed;
  if (o && 'baseline' in o) {
    lines.push(`  ${step++}. baseline ${o.baseline.period} = ${formatNumber(o.baseline.value, 6)}: ${o.baseline.method}`);
    lines.push(`  ${step++}. target ${o.target.period} = ${formatNumber(o.target.value, 6)}: ${o.target.method}`);
    lines.push(`  ${step++}. change = target / baseline − 1 = ${formatNumber(o.target.value, 6)} / ${formatNumber(o.baseline.value, 6)} − 1 = ${observedText(result)}`);
    lines.push(`  ${step++}. gap = change − nearest end of the claimed range = ${gapText(result)} (tolerance ${formatNumber(audit.options.tolerance)} pp)`);
  } else if (o) {
    lines.push(`  ${step++}. target ${o.target.period} = ${formatNumber(o.target.value, 6)}: ${o.target.method}`);
    lines.push(`  ${step++}. gap = (observed − nearest claimed value) / claimed value = ${gapText(result)} (tolerance ${formatNumber(audit.options.tolerance)}%)`);
  }
  lines.push(`  ${step}. verdict: ${result.verdict}`);
  for (const reason of result.reasons) lines.push(`     - ${reason}`);
  if (result.evidence.length) {
    lines.push('', 'Evidence rows');
    for (const e of result.evidence) {
      lines.push(`  ${e.file}:${e.line}  ${e.region} / ${e.metric}  ${e.period.label}  ${e.value === null ? 'blank' : formatNumber(e.value, 6)}${e.unit ? ` ${e.unit}` : ''}${e.source ? `  (${e.source})` : ''}`);
    }
  }
  lines.push('', 'Sources of the claim');
  c.sources.forEach((s, i) => lines.push(`  ${i + 1}. ${sourceText(s)}${s.url ? `  ${s.url}` : ''}`));
  const related = audit.findings.filter((f) => f.claimId === c.id);
  if (related.length) lines.push('', 'Findings', ...related.map((f) => `  ${formatFinding(f)}`));
  // Every line may quote the user's files: show their control characters instead of obeying them.
  return `${printable(lines.join('\n'), true)}\n`;
}
