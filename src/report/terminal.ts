// The terminal summary: one row per claim, verdicts coloured when the terminal allows it.
import { Chalk, type ChalkInstance } from 'chalk';
import { VERDICTS, type AuditResult, type Finding, type Verdict } from '../types.js';
import type { RenderOptions } from './options.js';
import { clip, plural, printable } from '../format.js';
import { changeLines, diffCounts } from './ci.js';
import { attributionLabel, claimedText, disagreementText, gapText, observedText, verdictLabel } from './describe.js';

export function makeChalk(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

function paintVerdict(c: ChalkInstance, v: Verdict | string, text: string): string {
  switch (v) {
    case 'supported':
      return c.green(text);
    case 'partly-supported':
      return c.yellow(text);
    case 'exaggerated':
      return c.magenta(text);
    case 'contradicted':
      return c.red.bold(text);
    case 'not-supported':
      return c.red(text);
    case 'inconclusive':
      return c.cyan(text);
    default:
      return c.dim(text);
  }
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

function truncate(text: string, width: number): string {
  const chars = [...printable(clip(text, width + 1).replace(/\s+/g, ' '))];
  return chars.length <= width ? chars.join('') : `${chars.slice(0, width - 1).join('')}…`;
}

export function formatFinding(f: Finding, c: ChalkInstance = makeChalk(false)): string {
  const where = printable([f.file, f.line, f.column].filter((x) => x !== undefined).join(':'));
  const label = f.severity === 'error' ? c.red('error') : f.severity === 'warning' ? c.yellow('warning') : c.cyan('note');
  return `${where}: ${label}: ${printable(f.message)}${f.hint ? `\n  ${c.dim(`hint: ${printable(f.hint)}`)}` : ''}`;
}

export function renderTerminal(audit: AuditResult, color: boolean, options: RenderOptions = {}): string {
  const c = makeChalk(color);
  const header = ['claim', 'verdict', 'attribution', 'claimed', 'observed', 'gap'];
  const rows = audit.results.map((r) => [truncate(r.claim.id, 40), verdictLabel(r), attributionLabel(r), truncate(claimedText(r.claim), 20), truncate(observedText(r), 36), gapText(r)]);
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...r[i]!].length)));
  const lines = [c.bold(header.map((h, i) => pad(h, widths[i]!)).join('  ').trimEnd())];
  audit.results.forEach((r, k) => {
    const cells = rows[k]!.map((cell, i) => (i === 1 ? paintVerdict(c, r.verdict, pad(cell, widths[i]!)) : pad(cell, widths[i]!)));
    const split = disagreementText(r);
    lines.push(split ? `${cells.join('  ')}  ${c.yellow(`${split}: see explain`)}` : cells.join('  ').trimEnd());
  });
  const counts = VERDICTS.map((v) => [v, audit.results.filter((r) => r.verdict === v).length] as const).filter(([, n]) => n > 0);
  lines.push('', `${plural(audit.results.length, 'claim')}: ${counts.map(([v, n]) => `${n} ${paintVerdict(c, v, v)}`).join(', ') || 'none'}`);
  const warnings = audit.findings.filter((f) => f.severity !== 'error');
  if (warnings.length) {
    lines.push('', c.bold(`${plural(warnings.length, 'finding')}:`), ...warnings.map((f) => formatFinding(f, c)));
  }
  const diff = options.diff;
  if (diff) {
    lines.push('', c.bold(`Since the baseline: ${diffCounts(diff)}`));
    for (const x of diff.claims) lines.push(`  ${printable(x.id)} (${x.status})`, ...changeLines(x).map((l) => `    ${printable(l)}`));
  }
  lines.push('', c.dim("Reasons and evidence rows: 'claimcheck explain ID', or '--format md'."));
  return `${lines.join('\n')}\n`;
}
