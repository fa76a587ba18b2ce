// Spreadsheet cell references (`C12`, `A4:G8`), for descriptors and the .xlsx reader. Kept apart from
// xlsx.ts so that descriptors do not load the spreadsheet library.

/** A cell reference: 1-based row and column. */
export interface CellRef {
  row: number;
  col: number;
}

/** `C12` → { row: 12, col: 3 }. */
export function parseCellRef(ref: string): CellRef | undefined {
  const m = ref.trim().toUpperCase().match(/^\$?([A-Z]{1,3})\$?([1-9]\d{0,6})$/);
  if (!m) return undefined;
  const col = [...m[1]!].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
  return col <= 16384 ? { row: Number(m[2]), col } : undefined;
}

export function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** `A4:G8` (or `A4:` to the end of the sheet). */
export function parseRange(text: string): { first: CellRef; last?: CellRef } | undefined {
  const [a, b, ...rest] = text.split(':');
  if (rest.length || a === undefined || b === undefined) return undefined;
  const first = parseCellRef(a);
  const last = b.trim() === '' ? undefined : parseCellRef(b);
  if (!first || (b.trim() !== '' && !last)) return undefined;
  if (last && (last.row < first.row || last.col < first.col)) return undefined;
  return { first, ...(last ? { last } : {}) };
}
