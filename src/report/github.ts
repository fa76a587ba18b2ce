// GitHub Actions workflow commands: one annotation per claim at its line in the claims file, so each
// verdict shows on the pull request, and one per finding. Paths are relative to the working
// directory: run claimcheck from the repository root.
import { VERDICTS, type AuditResult, type Finding } from '../types.js';
import type { RenderOptions } from './options.js';
import { ciLevel, claimDetail, type CiLevel } from './ci.js';

/** Escape the message of a workflow command (the runner decodes %25, %0D and %0A). */
function escapeData(s: string): string {
  // Other control characters would reach the log raw (a terminal escape in a statement); replace them.
  // eslint-disable-next-line no-control-regex
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '\uFFFD');
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

export function renderGithub(audit: AuditResult, options: RenderOptions = {}): string {
  const lines: string[] = [];
  for (const r of audit.results) {
    const c = r.claim;
    lines.push(command(ciLevel(r, options), { file: c.location.file, line: c.location.line ?? 1, col: c.location.column, title: `claimcheck: ${c.id} is ${r.verdict}` }, claimDetail(r, options).join('\n')));
  }
  const findingsFail = (options.outcome?.failures ?? []).some((f) => f.rule === 'findings');
  for (const f of audit.findings) lines.push(findingCommand(f, findingsFail && f.severity === 'warning'));
  const counts = VERDICTS.map((v) => [v, audit.results.filter((r) => r.verdict === v).length] as const).filter(([, n]) => n > 0);
  lines.push(`claimcheck: ${audit.results.length} claims: ${counts.map(([v, n]) => `${n} ${v}`).join(', ') || 'none'}`);
  for (const f of options.outcome?.failures ?? []) lines.push(`claimcheck: fails the run: ${f.claimId ? `${f.claimId}: ` : ''}${f.message}`);
  return `${lines.join('\n')}\n`;
}
