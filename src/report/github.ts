// GitHub Actions workflow commands: one annotation per claim at its line in the claims file, so each
// verdict shows on the pull request, and one per finding; at most 10 of each level, the most severe
// first, then a line counting the rest. Paths are relative to the working directory: run claimcheck
// from the repository root.
import { VERDICTS, type AuditResult, type Finding } from '../types.js';
import { VERDICT_ORDER, verdictRank } from '../report-model/index.js';
import type { RenderOptions } from './options.js';
import { visible } from '../format.js';
import { ciLevel, claimDetail, type CiLevel } from './ci.js';
import { selectionText } from './describe.js';

/** Escape the message of a workflow command (the runner decodes %25, %0D and %0A). */
function escapeData(s: string): string {
  // Other control characters would reach the log raw (a terminal escape in a statement); replace them.
  // eslint-disable-next-line no-control-regex
  return visible(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '\uFFFD');
}

/** Escape a property value; ':' and ',' separate properties, so they are encoded too. */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(level: CiLevel, props: Record<string, string | number | undefined>, message: string): string {
  const list = Object.entries(props)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${level}${list ? ` ${list}` : ''}::${escapeData(message)}`;
}

function findingCommand(f: Finding, failing: boolean): string {
  const level: CiLevel = failing || f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
  return command(level, { file: f.file, line: f.line, col: f.column, title: `claimcheck ${f.severity}: ${f.code}` }, `${f.message}${f.hint ? `\nhint: ${f.hint}` : ''}`);
}

/**
 * GitHub shows at most 10 annotations of each level (error, warning, notice) per step and drops the
 * rest without a word; claimcheck emits no more than that, and says how many it held back.
 */
export const GITHUB_ANNOTATIONS_PER_LEVEL = 10;

const LEVEL_ORDER: Record<CiLevel, number> = { error: 0, warning: 1, notice: 2 };
const FINDING_ORDER: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

interface Annotation {
  level: CiLevel;
  /** Within a level: claims before findings, the worse verdict (or the graver finding) first. */
  rank: number;
  /** Input order, to keep ties in file and line order. */
  order: number;
  text: string;
}

export function renderGithub(audit: AuditResult, options: RenderOptions = {}): string {
  const annotations: Annotation[] = [];
  audit.results.forEach((r, order) => {
    const c = r.claim;
    const level = ciLevel(r, options);
    // Worst first on the verdict order; a verdict this version does not know counts as the worst.
    const rank = -(verdictRank(r.verdict) ?? VERDICT_ORDER.length + 1);
    annotations.push({ level, rank, order, text: command(level, { file: c.location.file, line: c.location.line ?? 1, col: c.location.column, title: `claimcheck: ${c.id} is ${r.verdict}` }, claimDetail(r, options).join('\n')) });
  });
  const findingsFail = (options.outcome?.failures ?? []).some((f) => f.rule === 'findings');
  audit.findings.forEach((f, i) => {
    const failing = findingsFail && f.severity === 'warning';
    const level: CiLevel = failing || f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
    annotations.push({ level, rank: 100 + FINDING_ORDER[f.severity], order: audit.results.length + i, text: findingCommand(f, failing) });
  });
  annotations.sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.rank - b.rank || a.order - b.order);
  const shown = new Map<CiLevel, number>();
  const held = new Map<CiLevel, number>();
  const lines: string[] = [];
  for (const a of annotations) {
    const n = shown.get(a.level) ?? 0;
    if (n < GITHUB_ANNOTATIONS_PER_LEVEL) {
      lines.push(a.text);
      shown.set(a.level, n + 1);
    } else held.set(a.level, (held.get(a.level) ?? 0) + 1);
  }
  const counts = VERDICTS.map((v) => [v, audit.results.filter((r) => r.verdict === v).length] as const).filter(([, n]) => n > 0);
  lines.push(`claimcheck: ${audit.results.length} claims: ${counts.map(([v, n]) => `${n} ${v}`).join(', ') || 'none'}${audit.options.selection ? `; ${selectionText(audit.options.selection, audit.results.length)}` : ''}`);
  if (held.size) {
    const rest = (['error', 'warning', 'notice'] as const).filter((l) => held.has(l)).map((l) => `${held.get(l)} ${l}${held.get(l) === 1 ? '' : 's'}`);
    lines.push(
      `claimcheck: ${rest.join(', ')} not shown as annotations (GitHub shows ${GITHUB_ANNOTATIONS_PER_LEVEL} of each level per step; the most severe are shown); every claim and finding is in the Markdown report (--format md --out "$GITHUB_STEP_SUMMARY") and the SARIF report (--format sarif)`,
    );
  }
  for (const f of options.outcome?.failures ?? []) lines.push(`claimcheck: fails the run: ${f.claimId ? `${f.claimId}: ` : ''}${f.message}`);
  return `${lines.join('\n')}\n`;
}
