// The CSV report: one row per claim, for spreadsheets. Cells that a spreadsheet would run as a formula
// are defused (OWASP "CSV injection"): a text cell starting with =, +, -, @, a tab or a line break gets
// a leading '. Numeric columns stay plain numbers, so -28.72 is still a number in the sheet.
import { printable, round } from '../format.js';
import type { AuditResult, ClaimResult } from '../types.js';

export const CSV_COLUMNS = [
  'id',
  'claimant',
  'kind',
  'region',
  'metric',
  'claimed',
  'claimed_low',
  'claimed_high',
  'baseline',
  'target',
  'observed_change_percent',
  'observed_value',
  'gap_pp',
  'gap_percent_of_claim',
  'verdict',
  'reasons',
] as const;

/**
 * A text cell, defused and quoted as RFC 4180 requires. Control characters other than line breaks are
 * shown as escapes (\x1B), as in the other reports, so printing the CSV on a terminal sends none.
 */
export function csvText(text: string): string {
  const guarded = /^[=+\-@\t\r\n]/.test(text) ? `'${text}` : text;
  const safe = printable(guarded.replace(/\r\n?/g, '\n'), 'newlines');
  return /[",\r\n]/.test(safe) || /^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A numeric cell: a plain number, or empty when there is none. */
export function csvNumber(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '' : String(round(x, 4));
}

function row(r: ClaimResult): string[] {
  const c = r.claim;
  const o = r.observed;
  const isLevel = c.claimed?.type === 'level';
  return [
    csvText(c.id),
    csvText(c.claimant),
    csvText(c.kind),
    csvText(c.region ?? ''),
    csvText(c.metric ?? ''),
    csvText(c.claimed?.text ?? ''),
    csvNumber(c.claimed?.low),
    csvNumber(c.claimed?.high),
    csvText(c.baseline?.label ?? ''),
    csvText(c.target?.label ?? ''),
    csvNumber(o && 'baseline' in o ? o.changePercent : null),
    csvNumber(o && !('baseline' in o) ? o.target.value : null),
    csvNumber(!isLevel ? r.gap : null),
    csvNumber(isLevel ? r.gap : null),
    csvText(r.verdict),
    csvText(r.reasons.join('; ')),
  ];
}

export function renderCsv(audit: AuditResult): string {
  const lines = [CSV_COLUMNS.join(','), ...audit.results.map((r) => row(r).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
