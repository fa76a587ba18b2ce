// Report: one renderer per format, each returning a string.
import type { AuditResult } from '../types.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';

export { renderJson, SCHEMA_VERSION } from './json.js';
export { renderMarkdown, escapeInline } from './markdown.js';
export { renderTerminal, formatFinding, makeChalk } from './terminal.js';
export { renderExplain } from './explain.js';

export const FORMATS = ['terminal', 'md', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export function render(format: Format, audit: AuditResult, options: { color: boolean }): string {
  switch (format) {
    case 'json':
      return renderJson(audit);
    case 'md':
      return renderMarkdown(audit);
    case 'terminal':
      return renderTerminal(audit, options.color);
  }
}
