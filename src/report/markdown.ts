// The Markdown report: an appendix to paste into a paper or an article.
import { formatNumber, formatPercent, printable } from '../format.js';
import { citedRows } from '../stats/index.js';
import { VERDICTS, type AuditResult, type ClaimResult, type EvidenceSeries, type Finding, type Observation, type Source, type Tier } from '../types.js';
import type { ReportDiff } from '../diff/types.js';
import { claimMove } from '../diff/index.js';
import type { RenderOptions } from './options.js';
import { TOOL } from '../version.js';
import { CHART_LEGEND } from './chart-data.js';
import { attributionLabel, valueText, claimedText, claimsByTag, decidesText, disagreementText, claimToleranceText, gapText, settingsText, lineText, observedText, periodText, reportSources, sentence, sourceText, tierRatioText, tierTitle, twoAnswers, verdictLabel } from './describe.js';
import { diffCounts, snapshotGap, snapshotObserved } from './ci.js';

/**
 * Escape user text for Markdown: no markup, HTML or line break in it survives as such.
 * `atLineStart` also escapes what would open a block (a heading, list item or quote).
 */
export function escapeInline(text: string, atLineStart = false): string {
  let out = printable(text.replace(/\r\n?|\n/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*[\]|~])/g, '\\$1')
    // Intraword underscores (reported_crimes) are not emphasis in CommonMark; escape the others.
    .replace(/(^|[^A-Za-z0-9])_|_(?=[^A-Za-z0-9]|$)/g, (m) => m.replace('_', '\\_'));
  if (atLineStart) out = out.replace(/^(\s*)([-+=#])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
  return out;
}

/** A URL as a link when it is a plain http(s) URL; anything else is shown as escaped text. */
function link(url: string): string {
  return /^https?:\/\/[^\s<>"'`|]+$/.test(url) ? `<${url}>` : escapeInline(url);
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: string[], rows: string[][]): string[] {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)];
}

function sourceLine(s: Source): string {
  return `${escapeInline(sourceText(s))}${s.url ? `. ${link(s.url)}` : ''}`;
}

function evidenceRows(rows: Observation[]): string[] {
  return table(
    ['File', 'Line', 'Region', 'Metric', 'Period', 'Value', 'Unit', 'Source'],
    rows.map((o) => [
      escapeInline(o.file),
      lineText(o),
      escapeInline(o.region),
      escapeInline(o.metric),
      o.period.label,
      escapeInline(valueText(o)),
      escapeInline(o.unit ?? ''),
      o.source ? link(o.source) : '',
    ]),
  );
}

function methodLines(r: ClaimResult): string[] {
  const o = r.observed;
  if (!o) return [];
  const lines: string[] = [];
  if ('baseline' in o) {
    lines.push(`- Baseline ${o.baseline.period}: ${formatNumber(o.baseline.value)} — ${escapeInline(o.baseline.method)}`);
    lines.push(`- Target ${o.target.period}: ${formatNumber(o.target.value)} — ${escapeInline(o.target.method)}`);
    lines.push(`- Observed change = target / baseline − 1 = ${observedText(r)}; gap to the claimed range: ${gapText(r)}`);
  } else {
    lines.push(`- Target ${o.target.period}: ${formatNumber(o.target.value)} — ${escapeInline(o.target.method)}`);
    lines.push(`- Gap to the claimed value, as a percentage of it: ${gapText(r)}`);
  }
  return lines;
}

/** Every tier: its ratio and interval, its verdict, whether it may decide, and what it means in a sentence. */
function tierLines(r: ClaimResult): string[] {
  const a = r.attribution;
  const intro = a
    ? a.verdict === 'not-computed'
      ? `**Attribution** — not computed: ${escapeInline(a.reasons[0] ?? '')}.`
      : `**Attribution: ${a.verdict}**${a.decidedBy ? ` (decided by the ${a.decidedBy} tier)` : ''} — can the change be told apart from chance, the prior trend and a comparison area? ${escapeInline(sentence(a.reasons[0] ?? ''))}.`
    : '**Attribution** — not judged.';
  const out = [
    intro,
    '',
    ...table(
      ['Tier', 'Ratio (95% interval)', 'Verdict', 'Decides?'],
      r.tiers!.map((t) => [tierTitle(t), tierRatioText(t), t.verdict ?? '—', decidesText(t, r)]),
    ),
    '',
  ];
  for (const t of r.tiers!) {
    out.push(`- *${tierTitle(t)}.* ${escapeInline(t.reason ? `Not computed: ${t.reason}.` : t.explanation ?? '')}${t.notes.length ? ` (${escapeInline(t.notes.join('; '))})` : ''}`);
  }
  if (a && a.reasons.length > 1) out.push(...a.reasons.slice(1).map((x) => `- ${escapeInline(x, true)}`));
  return out;
}

/** The verdict, and when the sources disagree, that they do ("contradicted (2 sources disagree)"). */
function withDisagreement(r: ClaimResult): string {
  const split = disagreementText(r);
  return split ? `${verdictLabel(r)} (${split})` : verdictLabel(r);
}

function claimSection(r: ClaimResult, chart: string | undefined, auditTolerance: number): string[] {
  const c = r.claim;
  const out = [
    `### ${escapeInline(c.id)} — ${withDisagreement(r)}`,
    '',
    `**${escapeInline(twoAnswers(r), true)}.**`,
    '',
    ...(chart ? [`![Chart of ${escapeInline(c.id)}: ${verdictLabel(r)}](${chart})`, ''] : []),
    `> ${escapeInline(c.statement, true)}`,
    '',
    `- Claimant: ${escapeInline(c.claimant)} (${c.kind})`,
    `- About: ${escapeInline(c.region ?? '(no region)')} / ${escapeInline(c.metric ?? '(no metric)')}, ${periodText(c)}`,
    `- Claimed: ${escapeInline(claimedText(c))}`,
    `- Claim file: ${escapeInline(c.location.file)}:${c.location.line ?? 1}`,
  ];
  if (c.unit) out.push(`- Unit: ${escapeInline(c.unit.text)}${c.conversion ? `, converted at the declared rate ${escapeInline(c.conversion.text)}` : ''}`);
  const tolerance = claimToleranceText(c, auditTolerance);
  if (tolerance) out.push(`- Tolerance: ${escapeInline(tolerance)}`);
  if (c.tags?.length) out.push(`- Tags: ${c.tags.map((t) => escapeInline(t)).join(', ')}`);
  if (c.note) out.push(`- Reading: ${escapeInline(c.note)}`);
  for (const d of r.definitions ?? []) out.push(`- Definition: ${escapeInline(d)}`);
  if (r.origin) out.push(`- Evidence source: ${escapeInline(r.origin)}`);
  const method = methodLines(r);
  if (method.length) out.push('', '**Method**', '', ...method);
  if (r.preMean) out.push(`- Pre-period mean ${r.preMean.periods} (${r.preMean.n} periods): ${formatNumber(r.preMean.value, 2)}; against it the target is ${formatPercent(r.preMean.changePercent)}${r.preMean.departs ? ' — the baseline departs from this mean by more than its own 95% interval (a spike or dip before the baseline)' : ''}`);
  if (r.tiers?.length) out.push('', ...tierLines(r));
  out.push('', '**Reasons**', '', ...r.reasons.map((x) => `- ${escapeInline(x, true)}`));
  if (r.bySource && r.bySource.length > 1) {
    out.push(
      '',
      '**Under each source**',
      '',
      ...table(
        ['Source', 'Observed', 'Gap', 'Verdict'],
        r.bySource.map((b) => [escapeInline(b.origin ?? ''), escapeInline(observedText(b)), escapeInline(gapText(b)), b.verdict]),
      ),
    );
  }
  if (r.reportedChanges?.length) {
    out.push('', '**Reported changes**', '');
    for (const rc of r.reportedChanges) {
      const c = rc.reported;
      const levels = rc.computedPercent === undefined ? 'no levels to compare' : `the levels give ${formatPercent(rc.computedPercent)}`;
      out.push(`- ${formatPercent(c.changePercent)} (${c.from.label} → ${c.to.label}) at ${escapeInline(c.file)}:${c.line}${c.source ? `, ${escapeInline(c.source)}` : ''}: ${levels}${rc.remark ? `; ${escapeInline(rc.remark)}` : ''}`);
    }
  }
  if (r.evidence.length) out.push('', '**Evidence used**', '', ...evidenceRows(r.evidence));
  out.push('', '**Sources of the claim**', '', ...c.sources.map((s, i) => `${i + 1}. ${sourceLine(s)}`));
  return out;
}

/** `a.csv:2, 3, 7; b.csv:4` — the CSV lines of some rows, grouped by file (aggregated rows: `c.csv:2–98 (40 rows)`). */
export function citeLines(rows: Observation[]): string {
  const byFile = new Map<string, string[]>();
  for (const r of rows) byFile.set(r.file, [...(byFile.get(r.file) ?? []), lineText(r)]);
  return [...byFile].map(([file, lines]) => `${file}:${[...new Set(lines)].join(', ')}`).join('; ');
}

function seriesSection(s: EvidenceSeries): string[] {
  const out = ['', `### ${escapeInline(s.region)} / ${escapeInline(s.metric)}`, '', `- Source: ${escapeInline(s.origin)}${s.unit ? `; unit: ${escapeInline(s.unit)}` : ''}`];
  if (s.definition) out.push(`- Definition: ${escapeInline(s.definition)}`);
  out.push(
    '',
    ...table(
      ['Period', 'Value', 'Rows'],
      s.observations.map((o) => [
        o.period.label,
        o.value === null ? (o.derived ? 'not computed' : 'blank') : formatNumber(o.value, 6),
        escapeInline(citeLines(citedRows([o]))),
      ]),
    ),
  );
  return out;
}

function findingLine(f: Finding): string {
  const where = [f.file, f.line, f.column].filter((x) => x !== undefined).join(':');
  return `- **${f.severity}** \`${f.code}\` ${escapeInline(where)}: ${escapeInline(f.message)}${f.hint ? ` — ${escapeInline(f.hint)}` : ''}`;
}

function arrow(before: string, after: string): string {
  return before === after ? escapeInline(after) : `${escapeInline(before)} → ${escapeInline(after)}`;
}

/** The changes as Markdown lines, from the given heading level down (also used in the audit report). */
export function diffSection(diff: ReportDiff, level: number): string[] {
  const h = '#'.repeat(level);
  const out: string[] = [];
  if (diff.context.length) out.push(...diff.context.map((c) => `- ${escapeInline(c)}`), '');
  out.push(`${h} Inputs`, '');
  if (diff.inputs.length === 0) out.push('No input changed (same paths, same SHA-256).');
  else {
    out.push(row(['File', 'Change', 'SHA-256 before', 'SHA-256 after']), row(['---', '---', '---', '---']));
    for (const i of diff.inputs) out.push(row([escapeInline(i.path), i.status, i.before ? `\`${i.before.slice(0, 12)}\`` : '—', i.after ? `\`${i.after.slice(0, 12)}\`` : '—']));
  }
  out.push('', `${h} Claims`, '', `${escapeInline(diffCounts(diff))}.`);
  if (diff.claims.length) {
    out.push('', row(['Claim', 'Change', 'Verdict', 'Attribution', 'Observed', 'Gap', 'Changed inputs']), row(['---', '---', '---', '---', '---', '---', '---']));
    for (const c of diff.claims) {
      const change = c.status === 'changed' ? (claimMove(c) ?? 'changed') : c.status;
      out.push(
        row([
          `${escapeInline(c.id)} (${escapeInline(c.file)}:${c.line ?? 1})`,
          change,
          arrow(c.before?.verdict ?? '—', c.after?.verdict ?? '—'),
          arrow(c.before?.attribution ?? '—', c.after?.attribution ?? '—'),
          arrow(snapshotObserved(c.before), snapshotObserved(c.after)),
          arrow(snapshotGap(c.before), snapshotGap(c.after)),
          c.inputs.map((i) => `${escapeInline(i.path)} (${i.status})`).join(', ') || '—',
        ]),
      );
    }
  }
  return out;
}

export function renderMarkdown(audit: AuditResult, options: RenderOptions = {}): string {
  const links = options.chartLinks;
  const { results } = audit;
  const counts = VERDICTS.map((v) => [v, results.filter((r) => r.verdict === v).length] as const).filter(([, n]) => n > 0);
  const settings = escapeInline(settingsText(audit.options, results.length));
  const out: string[] = [
    '# Claim audit',
    '',
    `${results.length} claim${results.length === 1 ? '' : 's'}: ${counts.map(([v, n]) => `${n} ${v}`).join(', ') || 'none'}.`,
    '',
    `Settings: ${settings}. Generated by ${TOOL.name} ${TOOL.version}.`,
    '',
    '## Summary',
    '',
    ...table(
      ['Claim', 'Claimant', 'Claimed', 'Observed', 'Gap', 'Verdict', 'Attribution'],
      results.map((r) => [escapeInline(r.claim.id), escapeInline(r.claim.claimant), escapeInline(claimedText(r.claim)), escapeInline(observedText(r)), escapeInline(gapText(r)), withDisagreement(r), attributionLabel(r)]),
    ),
  ];
  const tags = claimsByTag(results);
  if (tags.length) {
    out.push('', '## By tag', '', ...table(['Tag', 'Claims', 'Verdicts'], tags.map(({ tag, results: rs }) => [escapeInline(tag), String(rs.length), VERDICTS.flatMap((v) => { const n = rs.filter((r) => r.verdict === v).length; return n ? [`${n} ${v}`] : []; }).join(', ')])));
  }
  if (options.diff) out.push('', '## Changes since the baseline', '', ...diffSection(options.diff, 3));
  out.push('', '## Claims');
  if (links?.size) out.push('', '**How to read the charts**', '', ...CHART_LEGEND.map((l) => `- ${escapeInline(l)}`));
  for (const r of results) out.push('', ...claimSection(r, links?.get(r.claim.id), audit.options.tolerance));
  if (audit.series.length) out.push('', '## Evidence series', '', 'Every series a claim was judged on, as read from the evidence files.', ...audit.series.flatMap(seriesSection));
  if (audit.findings.length) out.push('', '## Findings', '', ...audit.findings.map(findingLine));

  const { claimSources: sources, evidenceSources } = reportSources(results);
  out.push('', '## Sources', '', '### Claims', '', ...sources.map((s) => `- ${sourceLine(s)}`));
  if (evidenceSources.length) out.push('', '### Evidence used', '', ...evidenceSources.map((s) => `- ${link(s)}`));
  out.push('', '## Inputs', '', ...table(['File', 'SHA-256'], audit.inputs.map((i) => [escapeInline(i.path), `\`${i.sha256}\``])));
  return `${out.join('\n')}\n`;
}
