// The terminal summary: one row per claim, verdicts coloured when the terminal allows it.
import { Chalk, type ChalkInstance } from 'chalk';
import { VERDICTS, type AuditResult, type Finding, type Verdict } from '../types.js';
import type { RenderOptions } from './options.js';
import { clip, formatNumber, formatPercent, plural, printable } from '../format.js';
import { changeLines, diffCounts } from './ci.js';
import { displayWidth, fitWidth, padWidth, wrapHanging } from './text-width.js';
import { attributionLabel, claimedText, disagreementText, gapText, observedText, selectionText, verdictLabel } from './describe.js';

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

/** One cell's text: control characters shown as escapes, runs of whitespace as one space. */
function cellText(text: string): string {
  return printable(clip(text, 400).replace(/\s+/g, ' ').trim());
}

/** The widest a terminal summary is drawn when the terminal's width is unknown (a pipe, a file). */
export const DEFAULT_TERMINAL_WIDTH = 120;

interface Column {
  title: string;
  /** The fewest columns the column is cut to before it is dropped or the table overflows. */
  min: number;
  /** Dropped, rather than cut below `min`, when the table does not fit. */
  optional?: boolean;
}

// Cut first, in this order, when the table is wider than the terminal: the statement (then dropped),
// the observed value (first to the change alone), the claimed value, the attribution, the claim id.
// The verdict and the gap are never cut.
const COLUMNS: Column[] = [
  { title: 'claim', min: 12 },
  { title: 'verdict', min: Infinity },
  { title: 'attribution', min: 10 },
  { title: 'claimed', min: 7 },
  { title: 'observed', min: 8 },
  { title: 'gap', min: Infinity },
  { title: 'statement', min: 16, optional: true },
];
const SHRINK_ORDER = [4, 3, 2, 0];
const GAP = 2;

/**
 * Column widths for `rows` within `width` terminal columns: each column as wide as its widest cell,
 * then, while the table is too wide, the statement dropped, and the observed value, the claimed value
 * and the claim id cut (with an ellipsis) down to their minimums, in that order. A table that still
 * does not fit keeps those minimums and lets the terminal wrap it.
 */
export function columnWidths(rows: string[][], width: number): Array<number | undefined> {
  const natural = COLUMNS.map((c, i) => Math.max(displayWidth(c.title), ...rows.map((r) => displayWidth(r[i]!))));
  const widths: Array<number | undefined> = [...natural];
  const total = () => widths.reduce<number>((n, w) => n + (w === undefined ? 0 : w + GAP), -GAP);
  const statement = COLUMNS.length - 1;
  const excess = total() - width;
  if (excess > 0) {
    // The statement takes what room is left, if that is enough to be worth reading; else it goes.
    const room = natural[statement]! - excess;
    if (room >= COLUMNS[statement]!.min) widths[statement] = room;
    else widths[statement] = undefined;
  }
  for (const i of SHRINK_ORDER) {
    const over = total() - width;
    if (over <= 0) break;
    const min = Math.min(natural[i]!, COLUMNS[i]!.min);
    widths[i] = Math.max(min, widths[i]! - over);
  }
  return widths;
}

/** The observed value without its levels: the change, or the level. */
function observedShort(r: AuditResult['results'][number]): string {
  const o = r.observed;
  if (!o) return '—';
  // A change from 0 has no percentage (changePercent null): the full text gives the absolute change.
  return 'baseline' in o ? (o.changePercent === null ? observedText(r) : formatPercent(o.changePercent)) : formatNumber(o.target.value);
}

export function formatFinding(f: Finding, c: ChalkInstance = makeChalk(false), width?: number): string {
  const where = printable([f.file, f.line, f.column].filter((x) => x !== undefined).join(':'));
  const label = f.severity === 'error' ? c.red('error') : f.severity === 'warning' ? c.yellow('warning') : c.cyan('note');
  const message = `${where}: ${label}: ${printable(f.message)}`;
  const hint = f.hint ? `hint: ${printable(f.hint)}` : undefined;
  if (width === undefined) return `${message}${hint ? `\n  ${c.dim(hint)}` : ''}`;
  // Wrapped to the terminal: the message's lines under its first, the hint's under its own start.
  return `${wrapHanging(message, width, 2)}${hint ? `\n  ${c.dim(wrapHanging(hint, width - 2, 6))}` : ''}`;
}

export function renderTerminal(audit: AuditResult, color: boolean, options: RenderOptions = {}): string {
  const c = makeChalk(color);
  const width = options.width ?? DEFAULT_TERMINAL_WIDTH;
  // Text is wrapped only to a known width (a terminal, $COLUMNS): in a pipe or a log each line stays whole, for grep.
  const wrap = (text: string, w: number, indent: number) => (options.width === undefined ? text : wrapHanging(text, w, indent));
  let rows = audit.results.map((r) => [cellText(r.claim.id), verdictLabel(r), attributionLabel(r), cellText(claimedText(r.claim)), cellText(observedText(r)), gapText(r), cellText(r.claim.statement)]);
  // A claim whose sources give different verdicts says so at the end of its row; the table leaves room for it.
  const notes = audit.results.map((r) => {
    const split = disagreementText(r);
    return split ? `${split}: see explain` : undefined;
  });
  const noteRoom = Math.max(0, ...notes.map((n) => (n ? displayWidth(n) + GAP : 0)));
  let widths = columnWidths(rows, width - noteRoom);
  if (widths[4]! < Math.max(...rows.map((r) => displayWidth(r[4]!)))) {
    // Too narrow for "-34.91% (6,732 → 4,382)": the change alone, rather than a cut-off pair of levels.
    rows = rows.map((row, k) => row.map((cell, i) => (i === 4 ? observedShort(audit.results[k]!) : cell)));
    widths = columnWidths(rows, width - noteRoom);
  }
  const line = (cells: string[], paint: (i: number, text: string) => string) =>
    cells
      .flatMap((cell, i) => (widths[i] === undefined ? [] : [paint(i, padWidth(fitWidth(cell, widths[i]!), widths[i]!))]))
      .join(' '.repeat(GAP))
      .trimEnd();
  const lines = [c.bold(line(COLUMNS.map((col) => col.title), (_, t) => t))];
  audit.results.forEach((r, k) => {
    const row = line(rows[k]!, (i, t) => (i === 1 ? paintVerdict(c, r.verdict, t) : t));
    lines.push(notes[k] ? `${padWidth(row, displayWidth(row))}${' '.repeat(GAP)}${c.yellow(notes[k]!)}` : row);
  });
  const counts = VERDICTS.map((v) => [v, audit.results.filter((r) => r.verdict === v).length] as const).filter(([, n]) => n > 0);
  lines.push('', wrap(`${plural(audit.results.length, 'claim')}: ${counts.map(([v, n]) => `${n} ${paintVerdict(c, v, v)}`).join(', ') || 'none'}`, width, 2));
  if (audit.options.selection) lines.push(wrap(`Selection: ${printable(selectionText(audit.options.selection, audit.results.length))}`, width, 2));
  const warnings = audit.findings.filter((f) => f.severity !== 'error');
  if (warnings.length) {
    lines.push('', c.bold(`${plural(warnings.length, 'finding')}:`), ...warnings.map((f) => formatFinding(f, c, options.width)));
  }
  const diff = options.diff;
  if (diff) {
    lines.push('', c.bold(`Since the baseline: ${diffCounts(diff)}`));
    for (const x of diff.claims) lines.push(`  ${printable(x.id)} (${x.status})`, ...changeLines(x).map((l) => `    ${wrap(printable(l), width - 4, 6)}`));
  }
  lines.push('', c.dim(wrap("Reasons and evidence rows: 'claimcheck explain ID', or '--format md'.", width, 2)));
  return `${lines.join('\n')}\n`;
}
