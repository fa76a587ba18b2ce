// The HTML report: one self-contained file — inline CSS, inline SVG charts, one small inline script
// for sorting and filtering the summary — with no network requests. Readable without JavaScript
// (everything is in the page; only the controls need the script), in print and on a phone.
import { createHash } from 'node:crypto';
import { formatNumber, formatPercent, printable } from '../format.js';
import { citedRows } from '../stats/index.js';
import { VERDICTS, type AuditResult, type ClaimResult, type EvidenceSeries, type Finding, type Observation, type Source } from '../types.js';
import { TOOL } from '../version.js';
import { CHART_LEGEND, chartFileName } from './chart-data.js';
import { VERDICT_COLOURS } from './chart-svg.js';
import { attributionLabel, valueText, claimedText, claimsByTag, claimToleranceText, decidesText, disagreementText, sentence, gapText, observedText, periodText, sourceText, tierRatioText, tierTitle, twoAnswers, verdictLabel } from './describe.js';
import { reportSources, settingsText } from './describe.js';
import { citeLines } from './markdown.js';

export interface HtmlOptions {
  /** Each claim's chart as an SVG document, by claim id (see renderCharts). Claims without one get no figure. */
  charts?: ReadonlyMap<string, string>;
  /**
   * The report already laid out by layOutHtml for this same audit and these charts' claim ids: only
   * the figures are filled in. (The CLI lays the report out while the charts are being drawn.)
   */
  laidOut?: HtmlLayout;
}

/**
 * The HTML report without its figures: the text before, between and after them, and whose figure
 * goes in each gap. renderHtml is layOutHtml then fillHtml, so a report laid out first and filled in
 * later is the same report.
 */
export interface HtmlLayout {
  /** One more than `figures`: `pieces[k]`, figure k, `pieces[k + 1]` … */
  pieces: string[];
  /** The claim id whose chart fills each gap, in report order. */
  figures: string[];
}

/**
 * Where a figure goes while the report is laid out: markup, which no input can put in the report
 * (every text from a claim or an evidence file passes through escapeHtml, so its `<` is `&lt;`).
 * layOutHtml checks that it finds exactly one gap per figure.
 */
const FIGURE_GAP = '<!--claimcheck:figure-->';

/** Lay the report out with a gap for the chart of each claim in `chartIds`. */
export function layOutHtml(audit: AuditResult, chartIds: ReadonlySet<string>): HtmlLayout {
  const figures = audit.results.flatMap((r) => (chartIds.has(r.claim.id) ? [r.claim.id] : []));
  const pieces = htmlText(audit, chartIds.size > 0, (r) => (chartIds.has(r.claim.id) ? FIGURE_GAP : '')).split(FIGURE_GAP);
  if (pieces.length !== figures.length + 1) throw new Error(`the HTML report has ${pieces.length - 1} gaps for ${figures.length} figures`);
  return { pieces, figures };
}

/** The laid-out report with each claim's figure in its gap (no figure for a claim without a chart). */
export function fillHtml(layout: HtmlLayout, charts: ReadonlyMap<string, string>): string {
  let out = layout.pieces[0]!;
  for (const [k, id] of layout.figures.entries()) out += figure(charts.get(id)) + layout.pieces[k + 1]!;
  return out;
}

/**
 * Escape text for HTML content and attribute values: nothing in it can open a tag or end an attribute,
 * and nothing invisible hides: a control character is spelled out (\x00) as the terminal and Markdown
 * reports spell it, the whitespace HTML lays out itself (tab, LF, CR) kept.
 */
export function escapeHtml(text: string): string {
  return printable(text, 'whitespace').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const h = escapeHtml;

/** A URL as a link when it is a plain http(s) URL; anything else (javascript:, data:) is shown as text. */
function link(url: string): string {
  return /^https?:\/\/[^\s<>"'`]+$/.test(url) ? `<a href="${h(url)}" rel="noreferrer">${h(url)}</a>` : h(url);
}

function table(header: string[], rows: string[][], attrs = ''): string {
  return `<div class="scroll"><table${attrs}><thead><tr>${header.map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table></div>`;
}

function badge(r: ClaimResult): string {
  const split = disagreementText(r);
  return `<span class="badge v-${r.verdict}">${h(verdictLabel(r))}</span>${split ? ` <span class="disagree">${h(split)}</span>` : ''}`;
}

function anchor(r: ClaimResult): string {
  return `claim-${chartFileName(r.claim.id)}`;
}

function sourceLine(s: Source): string {
  return `${h(sourceText(s))}${s.url ? `. ${link(s.url)}` : ''}`;
}

function evidenceTable(rows: Observation[]): string {
  return table(
    ['File', 'Line', 'Region', 'Metric', 'Period', 'Value', 'Unit', 'Source'],
    rows.map((o) => [h(o.file), h(o.cell ?? String(o.line)), h(o.region), h(o.metric), h(o.period.label), h(valueText(o)), h(o.unit ?? ''), o.source ? link(o.source) : '']),
  );
}

function methodItems(r: ClaimResult): string[] {
  const o = r.observed;
  if (!o) return [];
  if ('baseline' in o) {
    return [
      `Baseline ${h(o.baseline.period)}: ${formatNumber(o.baseline.value)} — ${h(o.baseline.method)}`,
      `Target ${h(o.target.period)}: ${formatNumber(o.target.value)} — ${h(o.target.method)}`,
      `Observed change = target / baseline − 1 = ${h(observedText(r))}; gap to the claimed range: ${h(gapText(r))}`,
    ];
  }
  return [`Target ${h(o.target.period)}: ${formatNumber(o.target.value)} — ${h(o.target.method)}`, `Gap to the claimed value, as a percentage of it: ${h(gapText(r))}`];
}

function tiersBlock(r: ClaimResult): string {
  const a = r.attribution;
  const rows = r.tiers!.map((t) => [h(tierTitle(t)), h(tierRatioText(t)), h(t.verdict ?? '—'), t.tier === a?.decidedBy ? '<strong>yes</strong>' : h(decidesText(t, r))]);
  const items = r.tiers!.map(
    (t) => `<li><em>${h(tierTitle(t))}.</em> ${h(t.reason ? `Not computed: ${t.reason}.` : t.explanation ?? '')}${t.notes.length ? ` (${h(t.notes.join('; '))})` : ''}</li>`,
  );
  const intro = a
    ? a.verdict === 'not-computed'
      ? `<p><strong>Not computed</strong>: ${h(a.reasons[0] ?? '')}.</p>`
      : `<p><strong>${h(a.verdict)}</strong>${a.decidedBy ? ` (decided by the ${h(a.decidedBy)} tier)` : ''}: can the change be told apart from chance, the prior trend and a comparison area? ${h(sentence(a.reasons[0] ?? ''))}.</p>`
    : '';
  const more = a && a.reasons.length > 1 ? a.reasons.slice(1).map((x) => `<li>${h(x)}</li>`).join('') : '';
  return `<h4>Attribution</h4>${intro}${table(['Tier', 'Ratio (95% interval)', 'Verdict', 'Decides?'], rows)}<ul>${items.join('')}${more}</ul>`;
}

function figure(svg: string | undefined): string {
  if (!svg) return '';
  // The SVG carries its own <title> and <desc> for screen readers; the caption shows the same words to everyone else.
  const desc = svg.match(/<desc[^>]*>([\s\S]*?)<\/desc>/)?.[1] ?? '';
  return `<figure class="chart">${svg.replace(/^<\?xml[^>]*>\s*/, '').trimEnd()}<figcaption aria-hidden="true">${desc}</figcaption></figure>`;
}

/** Claims grouped by their tags, with each tag's verdicts (nothing when no claim has tags). */
function byTagSection(results: ClaimResult[]): string[] {
  const tags = claimsByTag(results);
  if (!tags.length) return [];
  const rows = tags.map(({ tag, results: rs }) => [
    h(tag),
    String(rs.length),
    VERDICTS.flatMap((v) => {
      const n = rs.filter((r) => r.verdict === v).length;
      return n ? [`${n} ${v}`] : [];
    }).join(', '),
  ]);
  return ['<h2 id="by-tag">By tag</h2>', table(['Tag', 'Claims', 'Verdicts'], rows)];
}

function claimSection(r: ClaimResult, figureHtml: string, auditTolerance: number): string {
  const c = r.claim;
  const out: string[] = [];
  out.push(`<section class="claim" id="${anchor(r)}" data-verdict="${h(r.verdict)}">`);
  out.push(`<h3><span class="id">${h(c.id)}</span> ${badge(r)}</h3>`);
  out.push(`<p class="answers"><strong>${h(twoAnswers(r))}.</strong></p>`);
  out.push(figureHtml);
  out.push(`<blockquote>${h(c.statement)}</blockquote>`);
  const facts = [
    `Claimant: ${h(c.claimant)} (${h(c.kind)})`,
    `About: ${h(c.region ?? '(no region)')} / ${h(c.metric ?? '(no metric)')}, ${h(periodText(c))}`,
    `Claimed: ${h(claimedText(c))}`,
    `Claim file: ${h(c.location.file)}:${c.location.line ?? 1}`,
  ];
  if (c.unit) facts.push(`Unit: ${h(c.unit.text)}${c.conversion ? `, converted at the declared rate ${h(c.conversion.text)}` : ''}`);
  const tolerance = claimToleranceText(c, auditTolerance);
  if (tolerance) facts.push(`Tolerance: ${h(tolerance)}`);
  if (c.tags?.length) facts.push(`Tags: ${c.tags.map((t) => `<span class="tag">${h(t)}</span>`).join(' ')}`);
  if (c.note) facts.push(`Reading: ${h(c.note)}`);
  for (const d of r.definitions ?? []) facts.push(`Definition: ${h(d)}`);
  if (r.origin) facts.push(`Evidence source: ${h(r.origin)}`);
  out.push(`<ul class="facts">${facts.map((f) => `<li>${f}</li>`).join('')}</ul>`);
  const method = methodItems(r);
  if (r.preMean) method.push(`Pre-period mean ${h(r.preMean.periods)} (${r.preMean.n} periods): ${formatNumber(r.preMean.value, 2)}; against it the target is ${formatPercent(r.preMean.changePercent)}${r.preMean.departs ? ' — the baseline departs from this mean by more than its own 95% interval (a spike or dip before the baseline)' : ''}`);
  if (method.length) out.push(`<h4>Method</h4><ul>${method.map((m) => `<li>${m}</li>`).join('')}</ul>`);
  if (r.tiers?.length) out.push(tiersBlock(r));
  out.push(`<h4>Reasons</h4><ul>${r.reasons.map((x) => `<li>${h(x)}</li>`).join('')}</ul>`);
  if (r.bySource && r.bySource.length > 1) {
    out.push(`<h4>Under each source</h4>${table(['Source', 'Observed', 'Gap', 'Verdict'], r.bySource.map((b) => [h(b.origin ?? ''), h(observedText(b)), h(gapText(b)), h(b.verdict)]))}`);
  }
  if (r.reportedChanges?.length) {
    const items = r.reportedChanges.map((rc) => {
      const x = rc.reported;
      const levels = rc.computedPercent === undefined ? 'no levels to compare' : `the levels give ${formatPercent(rc.computedPercent)}`;
      return `<li>${formatPercent(x.changePercent)} (${h(x.from.label)} → ${h(x.to.label)}) at ${h(x.file)}:${x.line}${x.source ? `, ${h(x.source)}` : ''}: ${levels}${rc.remark ? `; ${h(rc.remark)}` : ''}</li>`;
    });
    out.push(`<h4>Reported changes</h4><ul>${items.join('')}</ul>`);
  }
  if (r.evidence.length) out.push(`<h4>Evidence used</h4>${evidenceTable(r.evidence)}`);
  out.push(`<h4>Sources of the claim</h4><ol>${c.sources.map((s) => `<li>${sourceLine(s)}</li>`).join('')}</ol>`);
  out.push('</section>');
  return out.join('\n');
}

function seriesSection(s: EvidenceSeries): string {
  const facts = [`Source: ${h(s.origin)}${s.unit ? `; unit: ${h(s.unit)}` : ''}`];
  if (s.definition) facts.push(`Definition: ${h(s.definition)}`);
  const rows = s.observations.map((o) => [h(o.period.label), o.value === null ? (o.derived ? 'not computed' : 'blank') : formatNumber(o.value, 6), h(citeLines(citedRows([o])))]);
  return `<section class="series"><h3>${h(s.region)} / ${h(s.metric)}</h3><ul>${facts.map((f) => `<li>${f}</li>`).join('')}</ul>${table(['Period', 'Value', 'Rows'], rows)}</section>`;
}

function findingItem(f: Finding): string {
  const where = [f.file, f.line, f.column].filter((x) => x !== undefined).join(':');
  return `<li><strong>${h(f.severity)}</strong> <code>${h(f.code)}</code> ${h(where)}: ${h(f.message)}${f.hint ? ` — ${h(f.hint)}` : ''}</li>`;
}

/** A number to sort a summary cell by; text cells sort as text. */
function sortKey(r: ClaimResult, column: 'claimed' | 'observed' | 'gap'): string {
  let v: number | undefined | null;
  if (column === 'claimed') v = r.claim.claimed ? (r.claim.claimed.low ?? r.claim.claimed.high) : undefined;
  else if (column === 'observed') v = r.observed ? ('changePercent' in r.observed ? r.observed.changePercent : r.observed.target.value) : undefined;
  else v = r.gap;
  return v === undefined || v === null ? '' : ` data-sort="${v}"`;
}

/**
 * The summary table. Each cell carries its column's name (`data-label`): on a phone the rows become
 * stacked cards, the verdict first, each value under its name, with no sideways scrolling.
 */
function summaryTable(results: ClaimResult[]): string {
  const cell = (label: string, content: string, attrs = '') => `<td data-label="${label}"${attrs}>${content}</td>`;
  const rows = results
    .map(
      (r) =>
        `<tr data-verdict="${h(r.verdict)}">${[
          cell('Claim', `<a href="#${anchor(r)}">${h(r.claim.id)}</a>`, ' class="claim-id"'),
          cell('Claimant', h(r.claim.claimant)),
          cell('Claimed', h(claimedText(r.claim)), sortKey(r, 'claimed')),
          cell('Observed', h(observedText(r)), sortKey(r, 'observed')),
          cell('Gap', h(gapText(r)), sortKey(r, 'gap')),
          cell('Verdict', badge(r), ` class="verdict" data-sort="${VERDICTS.indexOf(r.verdict)}"`),
          cell('Attribution', h(attributionLabel(r)), ' class="attribution"'),
        ].join('')}</tr>`,
    )
    .join('\n');
  const header = ['Claim', 'Claimant', 'Claimed', 'Observed', 'Gap', 'Verdict', 'Attribution'].map((c) => `<th scope="col">${c}</th>`).join('');
  return `<div class="scroll summary-scroll"><table id="summary"><thead><tr>${header}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

function controls(results: ClaimResult[]): string {
  const counts = VERDICTS.map((v) => [v, results.filter((r) => r.verdict === v).length] as const).filter(([, n]) => n > 0);
  const options = [`<option value="">all verdicts (${results.length})</option>`, ...counts.map(([v, n]) => `<option value="${v}">${v} (${n})</option>`)];
  return `<div class="controls" id="controls" hidden><label for="verdict-filter">Show</label> <select id="verdict-filter">${options.join('')}</select> <span id="filter-status" role="status" aria-live="polite"></span><span class="hint">Click a column heading to sort.</span></div>`;
}

// Sorting and filtering: the only script, inline; without it the page shows everything in file order.
const SCRIPT = `(() => {
  const table = document.getElementById('summary');
  const controls = document.getElementById('controls');
  if (!table || !controls) return;
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  rows.forEach((row, i) => { row.dataset.index = String(i); });
  const select = document.getElementById('verdict-filter');
  const status = document.getElementById('filter-status');
  const sections = Array.from(document.querySelectorAll('section.claim'));
  controls.hidden = false;
  select.addEventListener('change', () => {
    const v = select.value;
    let shown = 0;
    for (const row of rows) {
      row.hidden = v !== '' && row.dataset.verdict !== v;
      if (!row.hidden) shown++;
    }
    for (const s of sections) s.hidden = v !== '' && s.dataset.verdict !== v;
    status.textContent = v === '' ? '' : shown + ' of ' + rows.length + ' claims';
  });
  const heads = Array.from(table.tHead.rows[0].cells);
  heads.forEach((th, col) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = th.textContent;
    th.textContent = '';
    th.appendChild(button);
    button.addEventListener('click', () => {
      const dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
      heads.forEach((x) => x.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', dir);
      const key = (row) => {
        const cell = row.cells[col];
        const n = cell.dataset.sort;
        return n !== undefined && n !== '' ? Number(n) : null;
      };
      const sign = dir === 'ascending' ? 1 : -1;
      const sorted = rows.slice().sort((a, b) => {
        const ka = key(a), kb = key(b);
        let c;
        if (ka !== null && kb !== null) c = ka - kb;
        else if (ka === null && kb === null) c = a.cells[col].textContent.localeCompare(b.cells[col].textContent);
        else return ka === null ? 1 : -1;
        return c * sign || Number(a.dataset.index) - Number(b.dataset.index);
      });
      body.append(...sorted);
    });
  });
})();`;

/** Sections per lazily rendered group. */
const CHUNK = 20;

/** Sections in groups of CHUNK, each group rendered only near the screen (`content-visibility`). */
function chunked(sections: string[], extraClass = ''): string[] {
  const out: string[] = [];
  for (let i = 0; i < sections.length; i += CHUNK) out.push(`<div class="chunk${extraClass}">`, ...sections.slice(i, i + CHUNK), '</div>');
  return out;
}

const STYLE = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --bg-alt: #f5f5f5; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.3rem; margin-top: 2.5rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.1rem; margin: 0 0 0.5rem; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
h4 { font-size: 1rem; margin: 1rem 0 0.25rem; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; min-width: 100%; overflow-wrap: break-word; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: var(--bg-alt); position: sticky; top: 0; }
th button { font: inherit; font-weight: bold; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; text-align: left; }
th button::after { content: " \\2195"; color: var(--muted); font-weight: normal; }
th[aria-sort="ascending"] button::after { content: " \\2191"; color: var(--ink); }
th[aria-sort="descending"] button::after { content: " \\2193"; color: var(--ink); }
[hidden] { display: none !important; }
.badge { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 0.25rem; color: #fff; font-size: 0.85rem; font-weight: bold; white-space: nowrap; }
${Object.entries(VERDICT_COLOURS)
  .map(([v, c]) => `.v-${v} { background: ${c}; }`)
  .join('\n')}
.controls { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.5rem 0; }
.controls select { font: inherit; padding: 0.2rem; }
.controls .hint { color: var(--muted); font-size: 0.85rem; }
section.claim { border-top: 1px solid var(--rule); padding: 1.25rem 0; }
/* Large audits: the browser lays out and paints only the groups of sections near the screen. One
   group per ${CHUNK} sections, not one per section: with a thousand skipped elements, checking which
   are on screen costs more per frame than it saves (see bench/html-1000.mjs). */
.chunk { content-visibility: auto; contain-intrinsic-size: auto ${CHUNK * 1400}px; }
.chunk.series-chunk { contain-intrinsic-size: auto ${CHUNK * 450}px; }
.id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
blockquote { margin: 0.5rem 0; padding: 0.25rem 0.75rem; border-left: 4px solid var(--rule); color: #333; }
figure.chart { margin: 0.5rem 0; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 0.8rem; color: var(--muted); }
.legend li { margin: 0.15rem 0; }
code { font-size: 0.9em; }
a { color: #0b57a4; }
@media (max-width: 40rem) { body { padding: 0.5rem; font-size: 15px; } table { font-size: 0.8rem; } }
/* A phone: the summary as stacked cards, one per claim, the verdict and the attribution answer first; nothing scrolls sideways.
   The column headings are kept for screen readers only (each value is named in its card). */
@media (max-width: 30rem) {
  .summary-scroll { overflow: visible; }
  #summary { display: block; min-width: 0; font-size: 0.9rem; }
  #summary thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  #summary tbody { display: block; }
  #summary tr { display: flex; flex-direction: column; border: 1px solid var(--rule); border-radius: 0.4rem; padding: 0.5rem 0.75rem; margin: 0 0 0.6rem; }
  #summary tr[hidden] { display: none; }
  #summary td { display: flex; gap: 0.5rem; border: 0; padding: 0.1rem 0; }
  #summary td::before { content: attr(data-label); color: var(--muted); flex: 0 0 5.5rem; }
  #summary td.verdict { order: -3; padding-bottom: 0.15rem; }
  #summary td.attribution { order: -2; padding-bottom: 0.25rem; }
  #summary td.verdict::before, #summary td.claim-id::before { content: none; }
  #summary td.claim-id { order: -1; font-weight: bold; }
  #summary .badge { font-size: 1rem; }
  .controls .hint { display: none; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .controls { display: none !important; }
  /* Browsers leave out background colours when printing: a badge is then black text in a box. */
  .badge { color: #000 !important; background: none !important; border: 1px solid #000; }
  .chunk { content-visibility: visible; contain-intrinsic-size: none; }
  figure.chart { break-inside: avoid; }
  figure.chart svg { max-height: 9cm; width: auto; }
  thead th { position: static; }
  th button::after { content: none; }
  .scroll { overflow: visible; }
  table { font-size: 8pt; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; } h3, h4 { break-after: avoid; }
}`;

function sha256Base64(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

export function renderHtml(audit: AuditResult, options: HtmlOptions = {}): string {
  const charts = options.charts ?? new Map<string, string>();
  return fillHtml(options.laidOut ?? layOutHtml(audit, new Set(charts.keys())), charts);
}

/** The report's text, with `figureOf(result)` where each claim's figure goes, and the charts' legend when `withCharts`. */
function htmlText(audit: AuditResult, withCharts: boolean, figureOf: (r: ClaimResult) => string): string {
  const { results } = audit;
  const counts = VERDICTS.map((v) => [v, results.filter((r) => r.verdict === v).length] as const).filter(([, n]) => n > 0);
  const settings = h(settingsText(audit.options, results.length));
  // No network at all: nothing may be fetched, only this script (by its hash) may run.
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${sha256Base64(SCRIPT)}'; img-src 'none'; base-uri 'none'; form-action 'none'`;
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${h(TOOL.name)} ${h(TOOL.version)}">`,
    '<title>Claim audit</title>',
    `<style>${STYLE}\n</style>`,
    '</head>',
    '<body>',
    '<header>',
    '<h1>Claim audit</h1>',
    `<p>${results.length} claim${results.length === 1 ? '' : 's'}: ${counts.map(([v, n]) => `${n} ${v}`).join(', ') || 'none'}.</p>`,
    `<p>Settings: ${settings}. Generated by ${h(TOOL.name)} ${h(TOOL.version)}.</p>`,
    '</header>',
    '<main>',
    '<h2 id="summary-heading">Summary</h2>',
    controls(results),
    summaryTable(results),
    ...byTagSection(results),
    '<h2 id="claims">Claims</h2>',
  ];
  if (withCharts) {
    out.push(`<details class="legend" open><summary>How to read the charts</summary><ul>${CHART_LEGEND.map((l) => `<li>${h(l)}</li>`).join('')}</ul></details>`);
  }
  out.push(...chunked(results.map((r) => claimSection(r, figureOf(r), audit.options.tolerance))));
  if (audit.series.length) {
    out.push('<h2 id="series">Evidence series</h2>', '<p>Every series a claim was judged on, as read from the evidence files.</p>', ...chunked(audit.series.map(seriesSection), ' series-chunk'));
  }
  if (audit.findings.length) out.push('<h2 id="findings">Findings</h2>', `<ul>${audit.findings.map(findingItem).join('\n')}</ul>`);

  const { claimSources: sources, evidenceSources } = reportSources(results);
  out.push('<h2 id="sources">Sources</h2>', '<h3>Claims</h3>', `<ul>${sources.map((s) => `<li>${sourceLine(s)}</li>`).join('\n')}</ul>`);
  if (evidenceSources.length) out.push('<h3>Evidence used</h3>', `<ul>${evidenceSources.map((s) => `<li>${link(s)}</li>`).join('\n')}</ul>`);
  out.push('<h2 id="inputs">Inputs</h2>', table(['File', 'SHA-256'], audit.inputs.map((i) => [h(i.path), `<code>${h(i.sha256)}</code>`])));
  out.push('</main>', `<script>${SCRIPT}</script>`, '</body>', '</html>');
  return `${out.join('\n')}\n`;
}
