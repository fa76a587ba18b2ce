// Report: one renderer per format, each returning a string, chosen by name from one map.
import type { AuditResult } from '../types.js';
import type { ReportDiff } from '../diff/types.js';
import type { RenderOptions } from './options.js';
import { renderClaimReview } from './claimreview.js';
import { renderCsv } from './csv.js';
import { renderDiffJson } from './diff-json.js';
import { renderDiffMarkdown } from './diff-markdown.js';
import { renderDiffTerminal, type DiffLabels } from './diff-terminal.js';
import { DIFF_FORMATS, FORMATS, type DiffFormat, type Format } from './formats.js';
import { renderGithub } from './github.js';
import { renderHtml } from './html.js';
import { renderJson, renderJsonChunks } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTerminal } from './terminal.js';

export { renderJson, renderJsonChunks } from './json.js';
export { renderMarkdown, escapeInline } from './markdown.js';
export { renderHtml, escapeHtml, layOutHtml, fillHtml, type HtmlOptions, type HtmlLayout } from './html.js';
export { buildChartData, chartFileName, CHART_LEGEND, type ChartData } from './chart-data.js';
export { buildChartSpec, renderChartSvg } from './chart-svg.js';
export { renderCharts, renderChartSvgs, startChartThreads, type ChartThreads, type RenderChartsOptions } from './chart-pool.js';
export { renderCsv, csvText, csvNumber, CSV_COLUMNS } from './csv.js';
export { renderTerminal, formatFinding, makeChalk } from './terminal.js';
export { renderExplain } from './explain.js';
export { renderJunit } from './junit.js';
export { renderGithub } from './github.js';
export { renderSarif } from './sarif.js';
export { renderClaimReview, claimReviewRating, claimReviewGaps, reviewUrl, CLAIMREVIEW_RATINGS, CLAIMREVIEW_BEST, CLAIMREVIEW_WORST } from './claimreview.js';
export { renderDiffTerminal, renderDiffMarkdown, renderDiffJson, type DiffLabels };
export { FORMATS, DIFF_FORMATS, type Format, type DiffFormat } from './formats.js';

type Renderer = (audit: AuditResult, options: RenderOptions) => string;

const RENDERERS = {
  terminal: (audit, options) => renderTerminal(audit, options.color ?? false, options),
  md: (audit, options) => renderMarkdown(audit, options),
  json: (audit) => renderJson(audit),
  html: (audit, options) => renderHtml(audit, { ...(options.charts ? { charts: options.charts } : {}), ...(options.htmlLayout ? { laidOut: options.htmlLayout } : {}) }),
  junit: renderJunit,
  github: renderGithub,
  sarif: renderSarif,
  claimreview: (audit, options) => {
    if (!options.claimReview) throw new Error('the claimreview format needs the publisher settings (RenderOptions.claimReview)');
    return renderClaimReview(audit, options.claimReview);
  },
  csv: (audit) => renderCsv(audit),
} satisfies Record<Format, Renderer>;

export function render(format: Format, audit: AuditResult, options: RenderOptions = {}): string {
  // A name from outside the list (a library caller's typo, or '__proto__') is refused, not looked up.
  if (!Object.hasOwn(RENDERERS, format)) throw new Error(`unknown report format '${String(format)}'; formats are ${FORMATS.join(', ')}`);
  return RENDERERS[format](audit, options);
}

/**
 * A report in pieces, for writing to a file as it is produced: the JSON report a megabyte at a time
 * (a report of 10,000 claims is never one 45 MB string); the others whole.
 */
export function renderChunks(format: Format, audit: AuditResult, options: RenderOptions = {}): Iterable<string> {
  return format === 'json' ? renderJsonChunks(audit) : [render(format, audit, options)];
}

const DIFF_RENDERERS = {
  terminal: (diff, labels, color) => renderDiffTerminal(diff, labels, color),
  md: (diff, labels) => renderDiffMarkdown(diff, labels),
  json: (diff, labels) => renderDiffJson(diff, labels),
} satisfies Record<DiffFormat, (diff: ReportDiff, labels: DiffLabels, color: boolean) => string>;

export function renderDiff(format: DiffFormat, diff: ReportDiff, labels: DiffLabels, color = false): string {
  if (!Object.hasOwn(DIFF_RENDERERS, format)) throw new Error(`unknown diff format '${String(format)}'; formats are ${DIFF_FORMATS.join(', ')}`);
  return DIFF_RENDERERS[format](diff, labels, color);
}
