// readCsvRows splits plain lines itself and hands the rest to csv-parse from the first quote on: the
// rows (fields and lines) and the findings must be csv-parse's own, on every CSV fixture and on
// generated text, read in pieces of any size.
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FIELDS } from '../../../src/evidence/read/csv-engine.js';
import { readCsvRows, type CsvRow } from '../../../src/evidence/read/csv.js';

function read(text: string, delimiter: string, plainLines: boolean, pieceChars?: number) {
  const rows: CsvRow[] = [];
  const findings = readCsvRows(text, 'x.csv', (row) => rows.push(row), delimiter, { plainLines, ...(pieceChars ? { pieceChars } : {}) });
  return { rows, findings };
}

function expectSame(text: string, delimiter = ',', pieceChars?: number): void {
  expect(read(text, delimiter, true, pieceChars)).toEqual(read(text, delimiter, false, pieceChars));
}

function csvFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return csvFiles(p);
    return /\.(csv|tsv|txt)$/.test(name) && statSync(p).isFile() ? [p] : [];
  });
}

describe('plain lines split here, the rest by csv-parse', () => {
  it('reads every CSV fixture as csv-parse does, in pieces of any size', () => {
    const files = csvFiles(path.join(__dirname, '..', '..', 'fixtures'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const delimiter of [',', ';', '\t']) {
        for (const pieceChars of [undefined, 5, 64]) expectSame(text, delimiter, pieceChars);
      }
    }
  });

  it('reads generated text as csv-parse does', () => {
    const cell = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('a', 'Lahore', ' x ', '', '2019', '1,5', 'é', '日本', '😀', '\u00a0') },
      { weight: 2, arbitrary: fc.string({ maxLength: 5 }) },
      { weight: 1, arbitrary: fc.constantFrom('"q"', '"a,b"', '"a""b"', 'a"b', '"x\ny"', '"x\r\ny"', '\r', '\r\n', '\ufeff', '\ud800', 'x\udc00') },
    );
    const text = fc.record({
      rows: fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 12 }),
      delimiter: fc.constantFrom(',', ';', '\t', '|'),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
      bom: fc.boolean(),
      finalBreak: fc.boolean(),
      pieceChars: fc.integer({ min: 1, max: 30 }),
    });
    fc.assert(
      fc.property(text, (t) => {
        const csv = `${t.bom ? '\ufeff' : ''}${t.rows.map((r) => r.join(t.delimiter)).join(t.eol)}${t.finalBreak ? t.eol : ''}`;
        expectSame(csv, t.delimiter, t.pieceChars);
        expectSame(csv, t.delimiter);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500), seed: Number(process.env.FUZZ_SEED ?? 20251128) },
    );
  });

  it('gives a row of too many fields, and a line longer than a piece, to csv-parse', () => {
    for (const fields of [MAX_FIELDS, MAX_FIELDS + 1]) expectSame(`a,b\n1,2\n\n${'x,'.repeat(fields - 1)}x\n3,4\n`);
    expectSame(`a,b\n1,2\n${'y'.repeat(200)},3\n4,5\n`, ',', 16);
  });

  it('splits lines with few delimiters between them (one column, then a row of two) as csv-parse does', () => {
    // The search for a delimiter runs past the lines without one, and its answer serves them all.
    expectSame(`n\n${'1\n'.repeat(5000)}2,3\n,\n,,\n4\n`);
    const { rows } = read(`n\n${'1\n'.repeat(5000)}2,3\n`, ',', true);
    expect(rows.at(-1)).toEqual({ line: 5002, fields: ['2', '3'] });
    expect(rows[1]).toEqual({ line: 2, fields: ['1'] });
  });
});
