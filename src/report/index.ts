// Report: one renderer per format, each returning a string, chosen by name from one map.
import type { AuditResult } from '../types.js';
import { renderCsv } from './csv.js';
import { FORMATS, type Format } from './formats.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';

export { renderJson, SCHEMA_VERSION } from './json.js';
export { renderMarkdown, escapeInline } from './markdown.js';
export { renderCsv, csvText, csvNumber, CSV_COLUMNS } from './csv.js';
export { renderTerminal, formatFinding, makeChalk } from './terminal.js';
export { renderExplain } from './explain.js';

export interface RenderOptions {
  color: boolean;
}

export { FORMATS, type Format } from './formats.js';

const RENDERERS: Record<Format, (audit: AuditResult, options: RenderOptions) => string> = {
  terminal: (audit: AuditResult, options: RenderOptions) => renderTerminal(audit, options.color),
  md: (audit: AuditResult) => renderMarkdown(audit),
  json: (audit: AuditResult) => renderJson(audit),
  csv: (audit: AuditResult) => renderCsv(audit),
};

export function render(format: Format, audit: AuditResult, options: RenderOptions): string {
  if (!Object.hasOwn(RENDERERS, format)) throw new Error(`unknown report format '${String(format)}'; formats are ${FORMATS.join(', ')}`);
  return RENDERERS[format](audit, options);
}
