// A diff between two audits for the terminal (and for the stderr note of `audit --baseline`).
import type { ChalkInstance } from 'chalk';
import { printable } from '../format.js';
import type { ClaimChange, InputChange, ReportDiff } from '../diff/types.js';
import { claimMove } from '../diff/index.js';
import { changeLines, diffCounts } from './ci.js';
import { makeChalk } from './terminal.js';

export interface DiffLabels {
  before: string;
  after: string;
}

function shortSha(sha: string | null): string {
  return sha ? sha.slice(0, 12) : '—';
}

export function inputLine(i: InputChange): string {
  return i.status === 'changed' ? `${i.path}: changed (sha256 ${shortSha(i.before)} → ${shortSha(i.after)})` : `${i.path}: ${i.status}`;
}

function claimHeading(c: ClaimChange, k: ChalkInstance): string {
  const where = printable(`${c.file}:${c.line ?? 1}`);
  const move = c.status === 'changed' ? claimMove(c) : null;
  const tag = c.status === 'changed' ? (move === 'worse' ? k.red('worse') : move === 'better' ? k.green('better') : 'changed') : c.status;
  return `  ${k.bold(printable(c.id))}  ${tag}  (${where})`;
}

export function renderDiffTerminal(diff: ReportDiff, labels: DiffLabels, color = false): string {
  const k = makeChalk(color);
  // Both reports are files a user may have edited: what they quote is shown, never obeyed (escapes like \x1B).
  const lines = [`${k.bold('Changes')} from ${printable(labels.before)} to ${printable(labels.after)}`];
  for (const c of diff.context) lines.push(`  ${printable(c)}`);
  lines.push('', k.bold('Inputs'));
  if (diff.inputs.length === 0) lines.push('  no input changed (same paths, same sha256)');
  for (const i of diff.inputs) lines.push(`  ${printable(inputLine(i))}`);
  lines.push('', `${k.bold('Claims')}: ${diffCounts(diff)}`);
  for (const c of diff.claims) {
    lines.push(claimHeading(c, k));
    if (c.status === 'added') lines.push(`    verdict ${printable(c.after!.verdict)}`);
    if (c.status === 'removed') lines.push(`    was ${printable(c.before!.verdict)}`);
    for (const l of changeLines(c)) if (l !== 'new since the baseline') lines.push(`    ${printable(l)}`);
  }
  return `${lines.join('\n')}\n`;
}
