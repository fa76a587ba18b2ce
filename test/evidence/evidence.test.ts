import { describe, expect, it } from 'vitest';
import { buildEvidence, parseEvidenceCsv, parseNumberCell } from '../../src/evidence/index.js';

const HEADER = 'region,metric,period,value,unit,source,note';

describe('parseEvidenceCsv', () => {
  it('reads observations with their file and line', () => {
    const text = `${HEADER}\nNairobi,reported_crimes,2014,6732,cases,https://example.org,\nNairobi,reported_crimes,2015,4382,cases,,\n`;
    const { observations, findings } = parseEvidenceCsv(text, 'evidence/k.csv');
    expect(findings).toEqual([]);
    expect(observations.map((o) => [o.line, o.period.label, o.value, o.source])).toEqual([
      [2, '2014', 6732, 'https://example.org'],
      [3, '2015', 4382, undefined],
    ]);
  });

  it('keeps line numbers right with CRLF, lone CR, a BOM, blank lines and quoted newlines', () => {
    const text = `\uFEFF${HEADER}\r\nA,m,2014,1,cases,,"two\r\nlines"\r\n\r\nA,m,2015,2,cases,,\rA,m,2016,3,cases,,\r`;
    const { observations, findings } = parseEvidenceCsv(text, 'x.csv');
    expect(findings).toEqual([]);
    expect(observations.map((o) => [o.period.label, o.line])).toEqual([
      ['2014', 2],
      ['2015', 5],
      ['2016', 6],
    ]);
  });

  it('treats a blank value as missing, not zero', () => {
    const { observations } = parseEvidenceCsv(`region,metric,period,value\nA,m,2014,\n`, 'x.csv');
    expect(observations[0]?.value).toBeNull();
  });

  it.each([
    ['abc', "value 'abc' is not a number", 4],
    ['6,128', "value '6,128' has thousands separators", 4],
    ['12 %', "value '12 %' has a percent sign", 4],
    ['NaN', "value 'NaN' is not a finite number", 4],
    ['Infinity', "value 'Infinity' is not a finite number", 4],
    ['1e999', "value '1e999' is too large to be a number", 4],
  ])('value %s → %s at column %d', (value, message, column) => {
    const { findings } = parseEvidenceCsv(`region,metric,period,value\nA,m,2014,"${value}"\n`, 'e.csv');
    expect(findings).toEqual([expect.objectContaining({ file: 'e.csv', line: 2, column, message })]);
  });

  it('reports every bad row at once, each with its line', () => {
    const text = `region,metric,period,value\nA,m,2014,x\nA,m,20145,1\n,m,2016,1\nA,m,2017\n`;
    const { findings } = parseEvidenceCsv(text, 'e.csv');
    expect(findings.map((f) => [f.line, f.code])).toEqual([
      [2, 'csv-number'],
      [3, 'csv-period'],
      [4, 'csv-blank-cell'],
      [5, 'csv-ragged-row'],
    ]);
  });

  it('names the missing columns', () => {
    const { findings } = parseEvidenceCsv('place,metric,year,value\n', 'e.csv');
    expect(findings[0]?.message).toBe("the header has no 'region', 'period' columns (found: place, metric, year, value)");
  });

  it('reports an unterminated quote and an empty file', () => {
    expect(parseEvidenceCsv('region,metric,period,value\nA,"m,2014,1\n', 'e.csv').findings).toEqual([
      {
        severity: 'error',
        code: 'csv-quote-not-closed',
        file: 'e.csv',
        line: 2,
        column: 2,
        message: 'unterminated quoted field: the quote opened here is never closed',
        hint: 'add the closing " (a quote inside a quoted field is written "")',
      },
    ]);
    expect(parseEvidenceCsv('', 'e.csv').findings[0]).toMatchObject({ code: 'csv-empty' });
  });

  it('parses plain numbers only', () => {
    expect(parseNumberCell(' 6128.0 ')).toEqual({ value: 6128 });
    expect(parseNumberCell('-3')).toEqual({ value: -3 });
    expect(parseNumberCell('1.5e3')).toEqual({ value: 1500 });
  });
});

describe('negative values', () => {
  it('are an error in a count and allowed in other measures (no unit is a level, with a warning)', () => {
    const text = `region,metric,period,value,unit\nA,m,2017,-2,crimes\nA,n,2017,-3,\nA,b,2017,-4.5,percent\n`;
    const { observations, findings } = parseEvidenceCsv(text, 'a.csv');
    expect(findings.map((f) => `${f.line}:${f.column} ${f.code}: ${f.message}`)).toEqual([
      "2:4 csv-negative-count: value -2 is negative, but it is a count (unit 'crimes')",
      "3:5 measure-unknown-unit: no unit is given (first at this line, metric 'n'): its numbers are read as levels — averaged over time, never summed, no Poisson interval",
    ]);
    expect(observations.map((o) => [o.value, o.measure?.measure])).toEqual([[-3, 'level'], [-4.5, 'rate']]);
  });
});

describe('buildEvidence', () => {
  it('groups by region and metric, case-insensitively, and sorts by period', () => {
    const a = parseEvidenceCsv(`region,metric,period,value\nISLAMABAD , Dacoity,2018,39\nIslamabad,dacoity,2017,16\n`, 'a.csv').observations;
    const { evidence, findings } = buildEvidence(a);
    expect(findings).toEqual([]);
    expect(evidence.series).toHaveLength(1);
    expect(evidence.series[0]!.key).toBe('islamabad|dacoity|evidence files without a declared source');
    expect(evidence.series[0]!.observations.map((o) => o.value)).toEqual([16, 39]);
  });

  it('flags conflicting values and mixed units', () => {
    const a = parseEvidenceCsv(`region,metric,period,value,unit\nA,m,2017,16,cases\nA,m,2017,18,cases\nA,m,2018,2,crimes\n`, 'a.csv').observations;
    const { findings } = buildEvidence(a);
    expect(findings.map((f) => [f.code, f.line])).toEqual([
      ['mixed-units', 4],
      ['conflicting-values', 3],
    ]);
  });
});
