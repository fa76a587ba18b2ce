// Numbers as written in CSV cells. Kept apart (no YAML, no descriptors) so the aggregation workers load it cheaply.
import { clip } from '../../format.js';
import type { NumberFormat } from '../interpret/descriptor.js';

const PLAIN_NUMBERS: NumberFormat = { decimal: '.', thousands: '', percent: false };

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number as written in a CSV cell, in the file's number format; blank or a missing marker is null. */
export function parseNumberCell(
  raw: string,
  format: NumberFormat = PLAIN_NUMBERS,
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
    if (Number.isFinite(v)) return { value: v };
  }
  // A cell is quoted in a message cut short: a 1 MB cell must not become a 1 MB message.
  const shown = clip(t, 40);
  if (NUMBER.test(s)) return { error: `value '${shown}' is too large to be a number`, hint: 'check the value; claimcheck reads numbers up to about 1.8e308' };
  if (/^[+-]?(nan|inf(inity)?)$/i.test(t)) return { error: `value '${shown}' is not a finite number`, hint: 'leave the cell blank if the value is missing' };
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return { error: `value '${shown}' has thousands separators`, hint: `write ${clip(t.replace(/,/g, ''), 40)}, or describe the number format in a descriptor (numbers: { thousands: "," })` };
  if (/^[+-]?\d{1,3}([ \u00a0\u202f']\d{3})+(\.\d+)?$/.test(t)) {
    const separator = t.includes("'") ? "'" : ' ';
    return { error: `value '${shown}' has thousands separators`, hint: `write ${clip(t.replace(/[ \u00a0\u202f']/g, ''), 40)}, or describe the number format in a descriptor (numbers: { thousands: "${separator}" })` };
  }
  if (/^[+-]?\d{1,3}(\.\d{3})*,\d+$/.test(t) || /^[+-]?\d+,\d+$/.test(t)) {
    const grouped = t.includes('.');
    return {
      error: `value '${shown}' has a decimal comma`,
      hint: `write ${clip(t.replace(/\./g, '').replace(',', '.'), 40)}, or describe the number format in a descriptor (numbers: { decimal: ","${grouped ? ', thousands: "."' : ''} })`,
    };
  }
  if (/^[+-]?\d+(\.\d+)?\s*%$/.test(t)) return { error: `value '${shown}' has a percent sign`, hint: `write ${clip(t.replace(/\s*%$/, ''), 40)} with unit 'percent', or set numbers: { percent: true } in a descriptor` };
  return { error: `value '${shown}' is not a number`, hint: 'write a plain number such as 6128 or 12.5, or leave the cell blank if the value is missing' };
}
