// Numbers as written in CSV cells. Kept apart (no YAML, no descriptors) so the aggregation workers load it cheaply.
import type { NumberFormat } from './descriptor.js';

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number as written in a CSV cell, in the file's number format; blank or a missing marker is null. */
export function parseNumberCell(
  raw: string,
  format: NumberFormat = { decimal: '.', thousands: '', percent: false },
  missing: string[] = [''],
): { value: number | null } | { error: string; hint: string } {
  const t = raw.trim();
  if (missing.includes(t)) return { value: null };
  let s = t;
  if (format.percent) s = s.replace(/\s*%$/, '');
  if (format.thousands) s = s.split(format.thousands).join('');
  if (format.decimal === ',') s = s.replace(',', '.');
  if (NUMBER.test(s)) {
    const v = Number(s);
    if (!Number.isFinite(v)) return { error: `value '${t}' is too large to be a number`, hint: 'check the value; claimcheck reads numbers up to about 1.8e308' };
    return { value: v };
  }
  if (/^[+-]?(nan|inf(inity)?)$/i.test(t)) return { error: `value '${t}' is not a finite number`, hint: 'leave the cell blank if the value is missing' };
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return { error: `value '${t}' has thousands separators`, hint: `write ${t.replace(/,/g, '')}, or describe the number format in a descriptor (numbers: { thousands: "," })` };
  if (/^\d{1,3}(\.\d{3})*,\d+$/.test(t)) return { error: `value '${t}' uses a decimal comma`, hint: 'describe the number format in a descriptor: numbers: { decimal: ",", thousands: "." }' };
  if (/^[+-]?\d+(\.\d+)?\s*%$/.test(t)) return { error: `value '${t}' has a percent sign`, hint: `write ${t.replace(/\s*%$/, '')} with unit 'percent', or set numbers: { percent: true } in a descriptor` };
  return { error: `value '${t}' is not a number`, hint: 'write a plain number such as 6128 or 12.5, or leave the cell blank if the value is missing' };
}
