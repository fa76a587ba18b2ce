// JSON evidence → rows for the table reader (table.ts), so JSON is read with the same descriptor keys
// as CSV (columns, rename, unpivot, fixed …): an array of records, at the top or at a JSON pointer
// (`pointer: /data/rows`), or a JSON-stat 2.0 dataset (`layout: json-stat`, json-stat.ts). Every row
// and every cell keeps the line and column where the JSON wrote it, so errors point into the file.
import { parseTree, printParseErrorCode, type Node } from 'jsonc-parser';
import { clip } from '../../format.js';
import type { Finding, Location } from '../../types.js';
import type { CsvRow } from './csv.js';

/** A JSON text parsed with positions, and the way from offsets to lines and columns. */
export interface JsonDoc {
  file: string;
  root: Node;
  at(offset: number): { line: number; column: number };
}

/** Parse JSON strictly (no comments, no trailing commas); syntax errors are findings at their line and column. */
export function parseJson(text: string, file: string): { doc?: JsonDoc; findings: Finding[] } {
  const clean = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const starts = [0];
  for (let i = clean.indexOf('\n'); i !== -1; i = clean.indexOf('\n', i + 1)) starts.push(i + 1);
  const at = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    // Columns count characters (UTF-16 code units), as editors show them for text in the BMP.
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
  const errors: Array<{ error: number; offset: number; length: number }> = [];
  const root = parseTree(clean, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    const e = errors[0];
    const where = e ? at(e.offset) : { line: 1, column: 1 };
    const code = e ? printParseErrorCode(e.error as Parameters<typeof printParseErrorCode>[0]) : 'ValueExpected';
    return { findings: [{ severity: 'error', code: 'json-syntax', file, ...where, message: `not valid JSON: ${JSON_ERRORS[code] ?? code}`, hint: 'fix the JSON at this line and column (no comments, no trailing commas, strings in double quotes)' }] };
  }
  return { doc: { file, root, at }, findings: [] };
}

const JSON_ERRORS: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: "a ':' was expected",
  CommaExpected: "a ',' was expected",
  CloseBraceExpected: "a '}' was expected",
  CloseBracketExpected: "a ']' was expected",
  EndOfFileExpected: 'text after the end of the JSON value',
  UnexpectedEndOfString: 'a string is not closed',
  InvalidEscapeCharacter: 'an invalid escape in a string',
  InvalidCharacter: 'a control character inside a string',
};

export function nodeAt(doc: JsonDoc, node: Node): Location {
  return { file: doc.file, ...doc.at(node.offset) };
}

export function describeJson(node: Node | undefined): string {
  if (!node) return 'nothing';
  switch (node.type) {
    case 'object':
      return 'an object';
    case 'array':
      return `a list of ${node.children?.length ?? 0}`;
    case 'string':
      return `the text "${clip(String(node.value), 40)}"`;
    case 'number':
      return `the number ${node.value}`;
    case 'boolean':
      return String(node.value);
    default:
      return 'null';
  }
}

/** The members of an object node, by name (the last wins, as JSON.parse does). */
export function members(node: Node | undefined): Map<string, { key: Node; value: Node }> {
  const out = new Map<string, { key: Node; value: Node }>();
  if (node?.type !== 'object') return out;
  for (const p of node.children ?? []) {
    const [key, value] = p.children ?? [];
    if (key && value) out.set(String(key.value), { key, value });
  }
  return out;
}

/**
 * Follow a JSON pointer (RFC 6901: `/data/0/rows`, `~1` for `/`, `~0` for `~`). Returns the node, or
 * why not: the segment that is missing and what is there instead.
 */
export function resolvePointer(doc: JsonDoc, pointer: string): Node | { problem: string } {
  if (pointer === '' || pointer === '/') return doc.root;
  if (!pointer.startsWith('/')) return { problem: `'${clip(pointer)}' is not a JSON pointer: it starts with '/' (e.g. /data/rows)` };
  let node = doc.root;
  let path = '';
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node.type === 'object') {
      const m = members(node).get(seg);
      if (!m) {
        const keys = [...members(node).keys()].slice(0, 8).map((k) => clip(k, 30));
        return { problem: `${doc.file} has no '${clip(seg)}' at ${path || '/'} (it has: ${keys.join(', ') || 'no keys'})` };
      }
      node = m.value;
    } else if (node.type === 'array' && /^(0|[1-9]\d*)$/.test(seg)) {
      const item = node.children?.[Number(seg)];
      if (!item) return { problem: `${doc.file} has no item ${seg} in the list at ${path || '/'} (it has ${node.children?.length ?? 0})` };
      node = item;
    } else return { problem: `${doc.file}: ${path || '/'} is ${describeJson(node)}, so '${clip(seg)}' cannot be looked up in it` };
    path += `/${raw}`;
  }
  return node;
}

/** A cell's text as a CSV would hold it: numbers as written (2019.10 stays 2019.10), null as blank. */
function cellText(text: string, node: Node): string | undefined {
  switch (node.type) {
    case 'string':
      return String(node.value);
    case 'number':
      return text.slice(node.offset, node.offset + node.length);
    case 'boolean':
      return String(node.value);
    case 'null':
      return '';
    default:
      return undefined;
  }
}

/**
 * An array of records → a header (every key, in the order first seen) and one row per record, each
 * cell with its own line and column. A record that is not an object, or a field that is a list or an
 * object, is an error at its place.
 */
export function recordsToRows(doc: JsonDoc, text: string, records: Node): { rows: CsvRow[]; findings: Finding[] } {
  const findings: Finding[] = [];
  if (records.type !== 'array') {
    findings.push({ severity: 'error', code: 'json-records', ...nodeAt(doc, records), message: `expected a list of records, found ${describeJson(records)}`, hint: "give the list's place with pointer: in the descriptor (e.g. pointer: /data), or layout: json-stat for a JSON-stat dataset" });
    return { rows: [], findings };
  }
  const keys: string[] = [];
  const index = new Map<string, number>();
  const read: Array<{ line: number; cells: Map<number, { text: string; at: { line: number; column: number } }>; at: { line: number; column: number } }> = [];
  for (const item of records.children ?? []) {
    const at = doc.at(item.offset);
    if (item.type !== 'object') {
      findings.push({ severity: 'error', code: 'json-records', file: doc.file, ...at, message: `a record must be an object of fields, found ${describeJson(item)}`, hint: 'each item of the list is one row: { "region": …, "period": …, "value": … }' });
      continue;
    }
    const cells = new Map<number, { text: string; at: { line: number; column: number } }>();
    // A nested object's fields are columns named by their path: { "country": { "value": "Kenya" } } → country.value.
    const addFields = (obj: Node, prefix: string, depth: number) => {
      for (const [key, m] of members(obj)) {
        const name = `${prefix}${key}`;
        if (m.value.type === 'object' && depth < 8) {
          addFields(m.value, `${name}.`, depth + 1);
          continue;
        }
        const t = cellText(text, m.value);
        if (t === undefined) {
          findings.push({ severity: 'error', code: 'json-records', file: doc.file, ...doc.at(m.value.offset), message: `field '${clip(name)}' is ${describeJson(m.value)}; a field holds a number, text, true/false or null`, hint: 'a list inside a record cannot be one cell; point at the list you want with pointer:' });
          continue;
        }
        let i = index.get(name);
        if (i === undefined) {
          i = keys.length;
          keys.push(name);
          index.set(name, i);
        }
        cells.set(i, { text: t, at: doc.at(m.value.offset) });
      }
    };
    addFields(item, '', 0);
    read.push({ line: at.line, cells, at });
  }
  const first = records.children?.[0];
  const headerAt = doc.at(first?.offset ?? records.offset);
  const rows: CsvRow[] = [{ line: headerAt.line, fields: keys, positions: keys.map(() => headerAt) }];
  for (const r of read) {
    // A field a record leaves out is blank (missing), as a CSV's empty cell; its place is the record's.
    rows.push({ line: r.line, fields: keys.map((_, i) => r.cells.get(i)?.text ?? ''), positions: keys.map((_, i) => r.cells.get(i)?.at ?? r.at) });
  }
  return { rows, findings };
}
