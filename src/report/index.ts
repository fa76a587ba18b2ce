// Report: one renderer per format, each returning a string, in a name → renderer map. Charts are
// drawn beforehand (renderCharts, asynchronous: Vega's renderer is) and handed in as SVG strings.
import type { AuditResult } from '../types.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';

export { renderJson, SCHEMA_VERSION } from './json.js';
export { renderMarkdown, escapeInline, type MarkdownOptions } from './markdown.js';
export { renderHtml, escapeHtml, type HtmlOptions } from './html.js';
export { renderTerminal, formatFinding, makeChalk } from './terminal.js';
export { renderExplain } from './explain.js';
export { buildChartData, chartFileName, CHART_LEGEND, type ChartData } from './chart-data.js';
export { buildChartSpec, renderChartSvg, renderCharts } from './chart-svg.js';

export const FORMATS = ['terminal', 'md', 'json', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  /** Colour the terminal summary. */
  color: boolean;
  /** HTML: each claim's chart (SVG) by claim id. */
  charts?: ReadonlyMap<string, string>;
  /** Markdown: each claim's chart link by claim id. */
  chartLinks?: ReadonlyMap<string, string>;
}

const RENDERERS: Record<Format, (audit: AuditResult, options: RenderOptions) => string> = {
  terminal: (audit, o) => renderTerminal(audit, o.color),
  md: (audit, o) => renderMarkdown(audit, o.chartLinks ? { chartLinks: o.chartLinks } : {}),
  json: (audit) => renderJson(audit),
  html: (audit, o) => renderHtml(audit, o.charts ? { charts: o.charts } : {}),
};

export function render(format: Format, audit: AuditResult, options: RenderOptions): string {
  return RENDERERS[format](audit, options);
}
