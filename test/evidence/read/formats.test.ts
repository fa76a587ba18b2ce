// Evidence as downloaded (issue 15), in units: JSON with positions, JSON pointers, JSON-stat layout,
// cell references, and per-series notes grouped per file.
import { describe, expect, it } from 'vitest';
import { parseCellRef, parseRange, columnLetters } from '../../../src/evidence/read/cells.js';
import { parseJson, recordsToRows, resolvePointer } from '../../../src/evidence/read/json.js';
import { jsonStatToRows } from '../../../src/evidence/read/json-stat.js';
import { groupSeriesNotes } from '../../../src/evidence/series.js';
import type { Finding } from '../../../src/types.js';

describe('JSON with positions', () => {
  const text = '{"data": {"rows": [\n  {"region": "A", "n": 2019.10, "x": {"y": null}},\n  {"region": "B"}\n]}}';
  const { doc } = parseJson(text, 'e.json');
  it('follows a pointer, and says what is there when it cannot', () => {
    const rows = resolvePointer(doc!, '/data/rows');
    expect('type' in rows && rows.type).toBe('array');
    expect(resolvePointer(doc!, '/data/items')).toEqual({ problem: "e.json has no 'items' at /data (it has: rows)" });
    expect(resolvePointer(doc!, '/data/rows/5')).toEqual({ problem: 'e.json has no item 5 in the list at /data/rows (it has 2)' });
  });
  it('turns records into rows: keys in the order first seen, numbers as written, nested fields by path, each cell at its place', () => {
    const { rows, findings } = recordsToRows(doc!, text, resolvePointer(doc!, '/data/rows') as never);
    expect(findings).toEqual([]);
    expect(rows.map((r) => r.fields)).toEqual([['region', 'n', 'x.y'], ['A', '2019.10', ''], ['B', '', '']]);
    expect(rows[1]!.positions).toEqual([{ line: 2, column: 14 }, { line: 2, column: 24 }, { line: 2, column: 44 }]);
    // A key the record leaves out is placed at the record.
    expect(rows[2]!.positions![1]).toEqual({ line: 3, column: 3 });
  });
});

describe('JSON-stat 2.0', () => {
  // Two dimensions, 2 × 3, row-major: value i is (geo[floor(i/3)], time[i % 3]).
  const text = '{"version": "2.0", "class": "dataset", "id": ["geo", "time"], "size": [2, 3], "role": {"time": ["time"], "geo": ["geo"]},\n "dimension": {"geo": {"category": {"index": {"ES": 0, "FR": 1}}}, "time": {"category": {"index": ["2020", "2021", "2022"]}}},\n "value": {"1": 11, "5": 25}, "status": {"5": "p"}}';
  it('lays values out over the dimensions, with the status as flags and the roles as fields', () => {
    const { doc } = parseJson(text, 'd.json');
    const out = jsonStatToRows(doc!, text, doc!.root);
    expect(out.findings).toEqual([]);
    expect(out.rows.map((r) => r.fields)).toEqual([['geo', 'time', 'value', 'flags'], ['ES', '2021', '11', ''], ['FR', '2022', '25', 'p']]);
    expect(out.roles).toEqual({ period: 'time', region: 'geo' });
  });
});

describe('cell references', () => {
  it('reads A1 references and ranges', () => {
    expect(parseCellRef('C12')).toEqual({ row: 12, col: 3 });
    expect(parseCellRef('$AA$3')).toEqual({ row: 3, col: 27 });
    expect(columnLetters(27)).toBe('AA');
    expect(parseRange('A4:G8')).toEqual({ first: { row: 4, col: 1 }, last: { row: 8, col: 7 } });
    expect(parseRange('A4:')).toEqual({ first: { row: 4, col: 1 } });
    expect(parseRange('G8:A4')).toBeUndefined();
    expect(parseRange('A4-G8')).toBeUndefined();
  });
});

describe('per-series notes, grouped', () => {
  const gap = (file: string, line: number, region: string): Finding => ({ severity: 'info', code: 'series-gap', file, line, message: `${region} / m has no value for 2016`, hint: 'h' });
  it('groups three or more of one code in one file, keeps fewer as they are, and leaves other notes alone', () => {
    const other: Finding = { severity: 'warning', code: 'period-repeated', file: 'a.csv', line: 9, message: 'x' };
    const out = groupSeriesNotes([gap('a.csv', 2, 'A'), gap('a.csv', 5, 'B'), other, gap('a.csv', 8, 'C'), gap('a.csv', 11, 'D'), gap('b.csv', 2, 'E'), gap('b.csv', 4, 'F')]);
    expect(out.map((f) => `${f.file}:${f.line} ${f.code}: ${f.message}`)).toEqual([
      'a.csv:2 series-gap: 4 series have gaps: A / m has no value for 2016 (line 2); B / m has no value for 2016 (line 5); C / m has no value for 2016 (line 8); and 1 more',
      'a.csv:9 period-repeated: x',
      'b.csv:2 series-gap: E / m has no value for 2016',
      'b.csv:4 series-gap: F / m has no value for 2016',
    ]);
  });
});
