// A diff between two audits in Markdown: for a pull-request comment or a CI job summary.
import type { ReportDiff } from '../diff/types.js';
import type { DiffLabels } from './diff-terminal.js';
import { diffSection, escapeInline } from './markdown.js';

export function renderDiffMarkdown(diff: ReportDiff, labels: DiffLabels): string {
  const out = ['# Claim audit: changes', '', `From ${escapeInline(labels.before)} to ${escapeInline(labels.after)}.`, '', ...diffSection(diff, 2)];
  return `${out.join('\n')}\n`;
}
