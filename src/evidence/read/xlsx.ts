// Spreadsheets (.xlsx) → rows for the table reader, so a statistics office's workbook is read as it is
// published: the sheet and the cell range named in the descriptor, each value cited as
// `file.xlsx!Sheet!C12`. Cell values come from read-excel-file (maintained, on the npm registry); a
// formula is read as the value the spreadsheet stored when it was last saved. A formula with no
// stored value is read as blank, with a warning: this tool does not compute formulas.
import { strFromU8, unzipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import { clip } from '../../format.js';
import type { Finding, Location } from '../../types.js';
import { columnLetters, parseCellRef, type CellRef } from './cells.js';
import type { CsvRow } from './csv.js';

export interface XlsxSelection {
  sheet?: { name?: string; index?: number; at: Location };
  range?: { first: CellRef; last?: CellRef; text: string; at: Location };
  headerRow?: number;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  return String(v).trim();
}

/**
 * The rows of one sheet within the range, as the CSV reader would give them: the first non-empty row
 * is the header, wholly empty rows are skipped, each row's `line` is the sheet's row number and each
 * cell is placed at `file!Sheet!C12`. `file` is the path shown to the user.
 */
export async function readXlsxRows(bytes: Buffer, file: string, sel: XlsxSelection): Promise<{ rows: CsvRow[]; sheetFile?: string; findings: Finding[] }> {
  const findings: Finding[] = [];
  let sheets: Array<{ sheet: string; data: unknown[][] }>;
  try {
    sheets = (await readXlsxFile(bytes, { parseNumber: (s: string) => s, trim: true })) as Array<{ sheet: string; data: unknown[][] }>;
  } catch (e) {
    findings.push({ severity: 'error', code: 'xlsx-invalid', file, message: `not a readable .xlsx workbook: ${clip((e as Error).message, 120)}`, hint: 'save it again from a spreadsheet application as "Excel Workbook (.xlsx)"; .xls and .ods are not read' });
    return { rows: [], findings };
  }
  const names = sheets.map((s) => s.sheet);
  let chosen: { sheet: string; data: unknown[][] } | undefined;
  if (sel.sheet?.name !== undefined) chosen = sheets.find((s) => s.sheet === sel.sheet!.name) ?? sheets.find((s) => s.sheet.toLowerCase() === sel.sheet!.name!.toLowerCase());
  else if (sel.sheet?.index !== undefined) chosen = sheets[sel.sheet.index - 1];
  else chosen = sheets[0];
  if (!chosen) {
    findings.push({ severity: 'error', code: 'xlsx-sheet', ...(sel.sheet?.at ?? { file }), message: `${file} has no sheet ${sel.sheet?.name !== undefined ? `'${clip(sel.sheet.name)}'` : `number ${sel.sheet?.index}`}`, hint: `its sheets are: ${names.map((n) => `'${clip(n, 40)}'`).join(', ')}` });
    return { rows: [], findings };
  }
  const sheetFile = `${file}!${chosen.sheet}`;
  const first = sel.range?.first ?? { row: sel.headerRow ?? 1, col: 1 };
  const lastRow = sel.range?.last?.row ?? chosen.data.length;
  const width = Math.max(0, ...chosen.data.map((r) => r.length));
  const lastCol = sel.range?.last?.col ?? width;
  if (sel.range && first.row > chosen.data.length) {
    findings.push({ severity: 'error', code: 'xlsx-range', ...sel.range.at, message: `range ${sel.range.text} starts below the last row of sheet '${clip(chosen.sheet)}' (row ${chosen.data.length})`, hint: 'check the range against the sheet' });
    return { rows: [], sheetFile, findings };
  }
  const rows: CsvRow[] = [];
  for (let r = first.row; r <= lastRow; r++) {
    const data = chosen.data[r - 1] ?? [];
    const fields: string[] = [];
    const positions: Array<{ file: string }> = [];
    const cells: string[] = [];
    for (let c = first.col; c <= lastCol; c++) {
      fields.push(cellText(data[c - 1]));
      const ref = `${columnLetters(c)}${r}`;
      cells.push(ref);
      positions.push({ file: `${sheetFile}!${ref}` });
    }
    if (fields.every((f) => f === '')) continue;
    rows.push({ line: r, fields, positions, cells });
  }
  if (rows.length === 0) {
    findings.push({ severity: 'error', code: 'xlsx-range', ...(sel.range?.at ?? { file: sheetFile }), message: `no values in ${sel.range ? `range ${sel.range.text} of ` : ''}sheet '${clip(chosen.sheet)}'`, hint: 'check the sheet and the range' });
    return { rows, sheetFile, findings };
  }
  for (const f of formulasWithoutValues(bytes, chosen.sheet, first, { row: lastRow, col: lastCol }, sheetFile)) findings.push(f);
  return { rows, sheetFile, findings };
}

/**
 * Formula cells in the range with no stored value (`<f>` without `<v>`): a workbook written by a
 * program and never opened in a spreadsheet. read-excel-file reads them as blank; say so, per cell.
 */
function formulasWithoutValues(bytes: Buffer, sheet: string, first: CellRef, last: CellRef, sheetFile: string): Finding[] {
  let xml: string | undefined;
  try {
    const files = unzipSync(bytes, { filter: (f) => f.name === 'xl/workbook.xml' || f.name === 'xl/_rels/workbook.xml.rels' || f.name.startsWith('xl/worksheets/') });
    const wb = strFromU8(files['xl/workbook.xml'] ?? new Uint8Array());
    const rels = strFromU8(files['xl/_rels/workbook.xml.rels'] ?? new Uint8Array());
    const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    const entry = [...wb.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)].map((m) => m[0]).find((tag) => unescape(tag.match(/\bname="([^"]*)"/)?.[1] ?? '') === sheet);
    const rid = entry?.match(/\br:id="([^"]*)"/)?.[1] ?? entry?.match(/:id="([^"]*)"/)?.[1];
    const rel = [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((tag) => tag.match(/\bId="([^"]*)"/)?.[1] === rid);
    const target = rel?.match(/\bTarget="([^"]*)"/)?.[1];
    if (!target) return [];
    const name = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    xml = files[name] ? strFromU8(files[name]!) : undefined;
  } catch {
    return [];
  }
  if (!xml) return [];
  const out: Finding[] = [];
  for (const m of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const body = m[2] ?? '';
    if (!/<f[\s>/]/.test(body) || /<v[\s>]/.test(body)) continue;
    const ref = parseCellRef(m[1]!.match(/\br="([^"]+)"/)?.[1] ?? '');
    if (!ref || ref.row < first.row || ref.row > last.row || ref.col < first.col || ref.col > last.col) continue;
    const formula = body.match(/<f[^>]*>([\s\S]*?)<\/f>/)?.[1] ?? '';
    out.push({ severity: 'warning', code: 'xlsx-formula-no-value', file: `${sheetFile}!${columnLetters(ref.col)}${ref.row}`, message: `the formula ${clip(`=${formula}`, 60)} has no stored value: read as blank`, hint: 'open and save the workbook in a spreadsheet application so that formula values are stored; claimcheck does not compute formulas' });
  }
  return out;
}
