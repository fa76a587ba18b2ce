// Aggregating descriptors: incident-level CSV → counts and sums by period, metric and region, on small
// files written for each case. Every expected number is counted by hand from the rows below.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { addExact, ChunkAggregator, exactValue, readDate, type AggregatePlan } from '../../../src/evidence/aggregate/worker-safe.js';
import { civilDay } from '../../../src/period.js';
import { aggregateFile, loadEvidence, type AggregateOptions } from '../../../src/evidence/index.js';
import { createHash } from 'node:crypto';
import { hashFile } from '../../../src/evidence/aggregate/aggregate-file.js';
import { DescriptorReader } from '../../../src/evidence/interpret/descriptor.js';
import type { EvidenceSet, Finding } from '../../../src/types.js';
import { parseYaml } from '../../../src/yaml-nodes.js';

// Line 1 is the header; row id n is on line n + 1.
const INCIDENTS = `id,date,category,district,arrest,amount
1,2019-01-05,BURGLARY,1,true,10
2,2019-01-20T08:00:00,THEFT,1,false,5.5
3,2019-02-03 23:59:59,BURGLARY,2,false,2
4,2019-04-01,BURGLARY,1,false,1
5,2019-05-15,THEFT,2,true,4
6,2020-01-01,BURGLARY,1,true,3
7,2020-03-31,ROBBERY,3,false,7
`;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function workDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-aggregate-'));
  dirs.push(dir);
  return dir;
}

/** Write x.csv (or x.csv.gz) and its descriptor x.yaml to a fresh directory and load it. */
async function load(descriptor: string, csv = INCIDENTS, options: AggregateOptions & { gzip?: boolean } = {}) {
  const dir = workDir();
  writeFileSync(path.join(dir, options.gzip ? 'x.csv.gz' : 'x.csv'), options.gzip ? gzipSync(csv) : csv);
  writeFileSync(path.join(dir, 'x.yaml'), descriptor);
  const loaded = await loadEvidence(['.'], dir, undefined, options);
  return { ...loaded, dir };
}

function values(evidence: EvidenceSet, region: string, metric: string): Array<[string, number | null]> {
  const s = evidence.series.find((x) => x.region === region && x.metric === metric);
  return s ? s.observations.map((o) => [o.period.label, o.value]) : [];
}

const errors = (findings: Finding[]) => findings.filter((f) => f.severity === 'error');

describe('readDate: ISO dates and datetimes only', () => {
  it.each([
    ['2019-03-04', civilDay(2019, 3, 4)],
    ['2019-03-04T10:00:00', civilDay(2019, 3, 4)],
    ['2019-03-04 10:00:00', civilDay(2019, 3, 4)],
    ['2019-03-04T10:00', civilDay(2019, 3, 4)],
    ['2019-03-04T23:59:59.123Z', civilDay(2019, 3, 4)],
    ['2019-03-04T10:00:00+05:30', civilDay(2019, 3, 4)],
    [' 2019-03-04 ', civilDay(2019, 3, 4)],
    ['2020-02-29', civilDay(2020, 2, 29)],
    ['2019-02-29', -1],
    ['2019-13-01', -1],
    ['2019-3-4', -1],
    ['03/04/2019', -1],
    ['2019/03/04', -1],
    ['2019-03-04T25:00:00', -1],
    ['2019-03-04X10:00', -1],
    ['2019-03-04 10:00:00 PM', -1],
    ['', -2],
    ['  ', -2],
  ])('%j → %d', (text, expected) => {
    expect(readDate(text)).toBe(expected);
  });
});

describe('the csv-parse engine, driven directly', () => {
  it('gives the records csv-parse/sync gives: quotes, escaped quotes, UTF-8, CRLF, BOM, blanks, long fields', async () => {
    const { parse } = await import('csv-parse/sync');
    const { createCsvEngine } = await import('../../../src/evidence/read/csv-engine.js');
    const text = `\ufeffa,b,c\r\n"x, y","he said ""hi""",Zürich – 東京\r\n,,\r\n"two\r\nlines",${'long'.repeat(500)},ü\r\n`;
    const records: string[][] = [];
    const engine = createCsvEngine({ bom: true, relax_column_count: true, skip_empty_lines: true });
    // Fed in pieces of 7 bytes, so fields and multi-byte characters are cut between buffers.
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += 7) expect(engine.parse(bytes.subarray(i, i + 7), false, (r) => records.push(r), () => {})).toBeUndefined();
    engine.parse(undefined, true, (r) => records.push(r), () => {});
    expect(records).toEqual(parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }));
    expect(records[1]).toEqual(['x, y', 'he said "hi"', 'Zürich – 東京']);
  });

  it('decodes only the fields asked for, and every field that holds a carriage return', async () => {
    const { createCsvEngine } = await import('../../../src/evidence/read/csv-engine.js');
    // Row 4's note leaves a carriage return in the field buffer past the end of row 5's shorter note.
    const text = 'id,date,note\n1,2019-01-05,"a, b"\n2,2019-02-05,"two\r\nlines"\n3,,x\n4,,"a long note\r\nover two lines"\n5,,short\n';
    const records: string[][] = [];
    const engine = createCsvEngine({ relax_column_count: true, skip_empty_lines: true }, new Set([1]));
    engine.parse(Buffer.from(text), true, (r) => records.push(r), () => {});
    expect(records).toEqual([['', 'date', ''], ['', '2019-01-05', ''], ['', '2019-02-05', 'two\r\nlines'], ['', '', ''], ['', '', 'a long note\r\nover two lines'], ['', '', '']]);
  });

  it('after reset, parses as a new engine would: record delimiter, BOM, line counts and errors', async () => {
    const { createCsvEngine } = await import('../../../src/evidence/read/csv-engine.js');
    const options = { bom: true, relax_column_count: true, skip_empty_lines: true };
    const inputs = ['\ufeffa,b\r\n1,2\r\n\r\n3,4\r\n', 'a,b\n"x\ny",2\n\n5,6\n', 'a,b\n"open,2\n', '\ufeffa,b\n7,8'];
    const read = (engine: ReturnType<typeof createCsvEngine>, text: string) => {
      const records: string[][] = [];
      const err = engine.parse(Buffer.from(text), false, (r) => records.push(r), () => {}) ?? engine.parse(undefined, true, (r) => records.push(r), () => {});
      return { records, lines: engine.info.lines, empty: engine.info.empty_lines, error: err?.message };
    };
    const reused = createCsvEngine(options, new Set([0, 1]));
    for (const text of inputs) {
      reused.reset();
      expect(read(reused, text)).toEqual(read(createCsvEngine(options, new Set([0, 1])), text));
    }
    // The CRLF file was read first: the engine reset for the LF file must not keep its record delimiter.
    reused.reset();
    expect(read(reused, inputs[1]!).records).toEqual([['a', 'b'], ['x\ny', '2'], ['5', '6']]);
  });

  // readCsvRows (src/evidence/read/csv.ts) drives the engine too: its rows, lines and the positions of its
  // errors must be those the sync API with on_record gives (as on main, where the bad-input corpus was written).
  it('gives readCsvRows the rows, start lines and error positions of csv-parse/sync', async () => {
    const { parse, CsvError } = await import('csv-parse/sync');
    const { readCsvRows } = await import('../../../src/evidence/read/csv.js');
    const viaSync = (text: string) => {
      const rows: Array<{ line: number; fields: string[] }> = [];
      let endOfLast = 0;
      let emptyBefore = 0;
      try {
        parse(text.replace(/\r\n?/g, '\n'), {
          bom: true,
          relax_column_count: true,
          skip_empty_lines: true,
          on_record: (record: string[], context: { lines: number; empty_lines: number }) => {
            rows.push({ line: endOfLast + 1 + (context.empty_lines - emptyBefore), fields: record });
            endOfLast = context.lines;
            emptyBefore = context.empty_lines;
            return null;
          },
        });
        return { rows, error: undefined };
      } catch (e) {
        if (!(e instanceof CsvError)) throw e;
        const err = e as InstanceType<typeof CsvError> & { lines?: number; column?: number; empty_lines?: number };
        return { rows, error: { code: err.code, lines: err.lines, column: err.column, empty_lines: err.empty_lines, endOfLast, emptyBefore } };
      }
    };
    const cases = [
      'a,b\n1,2\n\n\n3,"x\ny"\n4,5\n',
      'a,b\r\n1,"unclosed\r\n2,3\r\n',
      'a,b\n1,"x"y\n',
      'a,b\n1,x"y"\n\n2,3\n',
      'a,b\n\n\n1,"open\n\n',
      '\ufeffa,b\n"q""q",2\n',
    ];
    for (const text of cases) {
      const ref = viaSync(text);
      const rows: Array<{ line: number; fields: string[] }> = [];
      const findings = readCsvRows(text, 'f.csv', (r) => rows.push(r));
      expect(rows, text).toEqual(ref.rows);
      if (!ref.error) {
        expect(findings, text).toEqual([]);
        continue;
      }
      expect(findings, text).toHaveLength(1);
      const code = ref.error.code.replace(/^CSV_/, '');
      const line = code === 'QUOTE_NOT_CLOSED' ? ref.error.endOfLast + 1 + ((ref.error.empty_lines ?? ref.error.emptyBefore) - ref.error.emptyBefore) : ref.error.lines;
      expect(findings[0], text).toMatchObject({ code: `csv-${code.toLowerCase().replace(/_/g, '-')}`, line, column: typeof ref.error.column === 'number' ? ref.error.column + 1 : 1 });
    }
  });
});

describe('exact sums', () => {
  it('are correctly rounded and independent of order', () => {
    const a: number[] = [];
    for (let i = 0; i < 10; i++) addExact(a, 0.1);
    // 0.1 added ten times naively is 0.9999999999999999; the exact sum rounds to 1.
    expect(exactValue(a)).toBe(1);
    const b: number[] = [];
    for (const x of [1e16, 1, -1e16]) addExact(b, x);
    expect(exactValue(b)).toBe(1);
  });
});

describe('count by year, metric and region from columns', () => {
  const descriptor = `aggregate:
  count: rows
  period: { column: date, by: year }
  metric: { column: category }
  region: { column: district }
`;
  it('counts each group and fills groups without rows with 0 inside the file\'s years', async () => {
    const { evidence, findings } = await load(descriptor);
    expect(errors(findings)).toEqual([]);
    // BURGLARY in district 1: rows 1, 4 in 2019; row 6 in 2020
    expect(values(evidence, '1', 'BURGLARY')).toEqual([['2019', 2], ['2020', 1]]);
    expect(values(evidence, '2', 'BURGLARY')).toEqual([['2019', 1], ['2020', 0]]);
    expect(values(evidence, '3', 'ROBBERY')).toEqual([['2019', 0], ['2020', 1]]);
    expect(values(evidence, '1', 'ROBBERY')).toEqual([['2019', 0], ['2020', 0]]);
    // 3 categories × 3 districts, each over 2019 and 2020
    expect(evidence.series).toHaveLength(9);
  });
  it('cites the file, the rows counted and their first and last line', async () => {
    const { evidence } = await load(descriptor);
    const [y2019, y2020] = evidence.series.find((s) => s.region === '1' && s.metric === 'BURGLARY')!.observations;
    expect([y2019!.file, y2019!.line, y2019!.aggregate]).toEqual(['x.csv', 2, { rows: 2, firstLine: 2, lastLine: 5, definition: expect.any(String) }]);
    expect([y2020!.line, y2020!.aggregate!.rows, y2020!.aggregate!.lastLine]).toEqual([7, 1, 7]);
    const empty = evidence.series.find((s) => s.region === '2' && s.metric === 'BURGLARY')!.observations[1]!;
    // No row: the header's line, and no first or last line.
    expect([empty.line, empty.aggregate]).toEqual([1, { rows: 0, definition: expect.any(String) }]);
    expect(evidence.series.find((s) => s.region === '1' && s.metric === 'BURGLARY')!.definition).toBe(
      "BURGLARY in 1 = count of the rows of x.csv where category is 'BURGLARY' and district is '1', by year of date",
    );
  });
  it('summarises what was read in a note', async () => {
    const { findings } = await load(descriptor);
    expect(findings.find((f) => f.code === 'aggregate-summary')).toMatchObject({
      severity: 'info',
      file: 'x.csv',
      line: 1,
      message: 'aggregated x.csv: 7 of 7 rows (lines 2–8) counted into 18 observations of 9 series; dates in date run from 2019-01-05 to 2020-03-31',
    });
  });
});

describe('granularity', () => {
  it('by quarter: 2019-Q1 to 2020-Q1', async () => {
    const { evidence } = await load('aggregate: { count: rows, period: { column: date, by: quarter }, metric: { column: category }, region: { column: district } }\n');
    // BURGLARY district 1: row 1 (Jan 2019), row 4 (Apr 2019), row 6 (Jan 2020)
    expect(values(evidence, '1', 'BURGLARY')).toEqual([['2019-Q1', 1], ['2019-Q2', 1], ['2019-Q3', 0], ['2019-Q4', 0], ['2020-Q1', 1]]);
  });
  it('by month, with a metric map and a fixed region', async () => {
    const { evidence, findings } = await load(`fixed: { region: Testville, unit: incidents }
aggregate:
  count: rows
  period: { column: date, by: month }
  metric: { column: category, map: { BURGLARY: burglaries, THEFT: thefts } }
`);
    expect(errors(findings)).toEqual([]);
    // burglaries: rows 1 (2019-01), 3 (2019-02), 4 (2019-04), 6 (2020-01); months 2019-01 … 2020-03
    expect(values(evidence, 'Testville', 'burglaries')).toEqual([
      ['2019-01', 1], ['2019-02', 1], ['2019-03', 0], ['2019-04', 1], ['2019-05', 0], ['2019-06', 0], ['2019-07', 0], ['2019-08', 0],
      ['2019-09', 0], ['2019-10', 0], ['2019-11', 0], ['2019-12', 0], ['2020-01', 1], ['2020-02', 0], ['2020-03', 0],
    ]);
    // Unmapped names are kept as the file writes them.
    expect(values(evidence, 'Testville', 'ROBBERY').filter(([, v]) => v !== 0)).toEqual([['2020-03', 1]]);
    expect(evidence.series.find((s) => s.metric === 'burglaries')!.unit).toBe('incidents');
  });
  it('a map that sends two names to one metric adds their groups', async () => {
    const { evidence } = await load(`fixed: { region: Testville }
aggregate: { count: rows, period: { column: date, by: year }, metric: { column: category, map: { BURGLARY: property, THEFT: property } } }
`);
    // 2019: rows 1, 2, 3, 4, 5 (burglary 3 + theft 2); 2020: row 6
    expect(values(evidence, 'Testville', 'property')).toEqual([['2019', 5], ['2020', 1]]);
    const o = evidence.series.find((s) => s.metric === 'property')!.observations[0]!;
    expect(o.aggregate).toMatchObject({ rows: 5, firstLine: 2, lastLine: 6 });
    expect(o.aggregate!.definition).toBe("property in Testville = count of the rows of x.csv where category is 'BURGLARY' or 'THEFT', by year of date");
  });
});

describe('sum of a column', () => {
  it('adds the column by year (exactly), one series for the whole file', async () => {
    const { evidence, findings } = await load('fixed: { region: Testville, metric: damage }\naggregate: { sum: amount, period: { column: date, by: year } }\n');
    expect(errors(findings)).toEqual([]);
    // 2019: 10 + 5.5 + 2 + 1 + 4 = 22.5; 2020: 3 + 7 = 10
    expect(values(evidence, 'Testville', 'damage')).toEqual([['2019', 22.5], ['2020', 10]]);
  });
  it('reports values that are not numbers (error) and blanks (warning), with their lines', async () => {
    const csv = 'id,date,amount\n1,2019-01-01,5\n2,2019-01-02,x\n3,2019-01-03,\n4,2019-01-04,2\n';
    const { evidence, findings } = await load('fixed: { region: R, metric: m }\naggregate: { sum: amount, period: { column: date, by: year } }\n', csv);
    expect(findings.filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.line}:${f.column} ${f.message}`)).toEqual([
      "error 3:3 1 row has a amount that is not a number, e.g. 'x' (line 3)",
      'warning 4:3 1 row has no amount and is not summed (line 4)',
    ]);
    expect(values(evidence, 'R', 'm')).toEqual([['2019', 7]]);
  });
});

describe('filters', () => {
  it('in and equals: district in [1, 2] and arrest = "true"', async () => {
    const { evidence, findings } = await load(`fixed: { region: Testville }
aggregate:
  count: rows
  period: { column: date, by: year }
  metric: { column: category }
  where:
    - { column: district, in: [1, 2] }
    - { column: arrest, equals: "true" }
`);
    expect(errors(findings)).toEqual([]);
    // rows 1 (BURGLARY 2019), 5 (THEFT 2019), 6 (BURGLARY 2020)
    expect(values(evidence, 'Testville', 'BURGLARY')).toEqual([['2019', 1], ['2020', 1]]);
    expect(values(evidence, 'Testville', 'THEFT')).toEqual([['2019', 1], ['2020', 0]]);
    expect(values(evidence, 'Testville', 'ROBBERY')).toEqual([]);
    expect(evidence.series.find((s) => s.metric === 'BURGLARY')!.definition).toBe("BURGLARY in Testville = count of the rows of x.csv where category is 'BURGLARY' and district in '1', '2' and arrest = 'true', by year of date");
  });
  it('a YAML boolean matches the text true', async () => {
    const { evidence } = await load('fixed: { region: R, metric: arrests }\naggregate: { count: rows, period: { column: date, by: year }, where: [{ column: arrest, equals: true }] }\n');
    // rows 1, 5 in 2019; row 6 in 2020
    expect(values(evidence, 'R', 'arrests')).toEqual([['2019', 2], ['2020', 1]]);
  });
  it('a date range keeps the rows inside it, and the periods inside it', async () => {
    const { evidence } = await load('fixed: { region: R, metric: m }\naggregate: { count: rows, period: { column: date, by: year }, where: [{ column: date, from: 2019-02-01, to: 2019-12-31 }] }\n');
    // rows 3, 4, 5; 2020 lies outside the range, so it is not reported at all (not 0)
    expect(values(evidence, 'R', 'm')).toEqual([['2019', 3]]);
  });
  it('a range given as periods: from 2019-Q2 (its first day) to 2020 (its last)', async () => {
    const { evidence } = await load('fixed: { region: R, metric: m }\naggregate: { count: rows, period: { column: date, by: quarter }, where: [{ column: date, from: 2019-Q2 }] }\n');
    // rows 4, 5 (2019-Q2), 6, 7 (2020-Q1)
    expect(values(evidence, 'R', 'm')).toEqual([['2019-Q2', 2], ['2019-Q3', 0], ['2019-Q4', 0], ['2020-Q1', 2]]);
  });
  it('a value listed in a filter but in no row is a count of 0, with a warning', async () => {
    const { evidence, findings } = await load('fixed: { metric: m }\naggregate: { count: rows, period: { column: date, by: year }, region: { column: district }, where: [{ column: district, in: [3, 9] }] }\n');
    expect(values(evidence, '9', 'm')).toEqual([['2019', 0], ['2020', 0]]);
    expect(values(evidence, '3', 'm')).toEqual([['2019', 0], ['2020', 1]]);
    expect(findings.filter((f) => f.code === 'aggregate-filter-unmatched').map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual(["2:101 where district in: '9' matches no row of x.csv"]);
  });
  it('a map entry that matches no counted row is a warning at its key', async () => {
    const { findings } = await load('fixed: { region: R }\naggregate:\n  count: rows\n  period: { column: date, by: year }\n  metric: { column: category, map: { BURGLRY: burglaries } }\n');
    expect(findings.filter((f) => f.code === 'aggregate-map-unused').map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual(["5:38 aggregate.metric.map: 'BURGLRY' matches no counted row of x.csv"]);
  });
});

describe('dates that do not parse', () => {
  it('are counted and reported as one finding with the first lines: an error for another format, a warning for a blank', async () => {
    const csv = 'id,date,category\n1,2019-01-01,A\n2,03/04/2019,A\n3,,A\n4,2019-13-01,A\n5,2019-02-01,A\n';
    const { evidence, findings } = await load('fixed: { region: R }\naggregate: { count: rows, period: { column: date, by: year }, metric: { column: category } }\n', csv);
    expect(findings.filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.file}:${f.line}:${f.column} ${f.message}`)).toEqual([
      "error x.csv:3:2 2 rows have a date that is not an ISO date or datetime, e.g. '03/04/2019' (lines 3, 5)",
      'warning x.csv:4:2 1 row has no date and is not counted (line 4)',
    ]);
    expect(values(evidence, 'R', 'A')).toEqual([['2019', 2]]);
  });
  it('shows five lines and how many more', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => `${i},4/${i + 1}/2019,A`).join('\n');
    const { findings } = await load('fixed: { region: R }\naggregate: { count: rows, period: { column: date, by: year }, metric: { column: category } }\n', `id,date,category\n${rows}\n`);
    expect(errors(findings).map((f) => f.message)).toEqual(["8 rows have a date that is not an ISO date or datetime, e.g. '4/1/2019' (lines 2, 3, 4, 5, 6 and 3 more)"]);
  });
  it('rows left out by a filter are not checked', async () => {
    const csv = 'id,date,district\n1,2019-01-01,1\n2,not a date,2\n';
    const { findings } = await load('fixed: { region: R, metric: m }\naggregate: { count: rows, period: { column: date, by: year }, where: [{ column: district, equals: 1 }] }\n', csv);
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
  it('a ragged row is an error with its line', async () => {
    const { findings } = await load('fixed: { region: R, metric: m }\naggregate: { count: rows, period: { column: date, by: year } }\n', 'id,date\n1,2019-01-01\n2,2019-01-02,extra\n');
    expect(errors(findings).map((f) => `${f.line}: ${f.message}`)).toEqual(['3: 1 row does not have 2 fields like the header (line 3; the first has 3)']);
  });
});

describe('quoted fields, CRLF and gzip', () => {
  const quoted = 'id,date,category,note\r\n1,2019-01-05,"BURGLARY","a, b"\r\n2,2019-02-05,BURGLARY,"two\r\nlines"\r\n3,2019-03-05,BURGLARY,x\r\n';
  it('counts quoted fields and cites the line a record starts on', async () => {
    const { evidence } = await load('fixed: { region: R }\naggregate: { count: rows, period: { column: date, by: year }, metric: { column: category } }\n', quoted);
    const o = evidence.series[0]!.observations[0]!;
    // records start on lines 2, 3 and 5 (record 2 spans lines 3–4)
    expect([o.value, o.aggregate!.firstLine, o.aggregate!.lastLine]).toEqual([3, 2, 5]);
  });
  it('reads .csv.gz directly, with the same result and the hash of the compressed file', async () => {
    const descriptor = 'aggregate: { count: rows, period: { column: date, by: month }, metric: { column: category }, region: { column: district } }\n';
    const plain = await load(descriptor);
    const gz = await load(descriptor, INCIDENTS, { gzip: true });
    const strip = (e: EvidenceSet) => e.series.map((s) => s.observations.map((o) => [o.region, o.metric, o.period.label, o.value, o.line, o.aggregate?.rows, o.aggregate?.lastLine]));
    expect(strip(gz.evidence)).toEqual(strip(plain.evidence));
    expect(gz.inputs.map((i) => i.path)).toEqual(['x.csv.gz', 'x.yaml']);
    expect(gz.inputs[0]!.sha256).toBe(createHash('sha256').update(readFileSync(path.join(gz.dir, 'x.csv.gz'))).digest('hex'));
  });
  it('a .gz file that is not gzip is an error', async () => {
    const dir = workDir();
    writeFileSync(path.join(dir, 'x.csv.gz'), INCIDENTS);
    writeFileSync(path.join(dir, 'x.yaml'), 'fixed: { region: R, metric: m }\naggregate: { count: rows, period: { column: date, by: year } }\n');
    const { findings } = await loadEvidence(['.'], dir);
    expect(errors(findings).map((f) => [f.code, f.file])).toEqual([['gzip-invalid', 'x.csv.gz']]);
  });
});

describe('hashFile (the parallel read hashes the file on this thread, through one buffer)', () => {
  it.each([0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 12345])('a file of %i bytes: the SHA-256 of its bytes', async (size) => {
    const dir = workDir();
    const file = path.join(dir, 'bytes.bin');
    // Bytes that differ from read to read, so a buffer re-used wrongly (a stale tail) changes the hash.
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 20)) & 0xff;
    writeFileSync(file, bytes);
    expect(await hashFile(file)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

describe('parallel reading gives what one pass gives', () => {
  /** A file with quoted fields (commas inside), a blank date, a bad date and a ragged row. */
  function bigFile(rows: number, quotedNewlines: boolean): string {
    const cats = ['ASSAULT', 'BURGLARY', '"THEFT, PETTY"', 'ROBBERY'];
    const out = ['id,date,category,district,note'];
    for (let i = 0; i < rows; i++) {
      const month = String((i % 12) + 1).padStart(2, '0');
      const date = i === 500 ? '' : i === 900 ? '31/12/2019' : `${2015 + (i % 5)}-${month}-${String((i % 28) + 1).padStart(2, '0')}T0${i % 10}:00:00`;
      const note = quotedNewlines && i % 3 === 0 ? `"line one\nline ""two"""` : `"n${i}"`;
      out.push(i === 1200 ? `${i},${date},x` : `${i},${date},${cats[i % 4]},${(i * 7) % 5},${note}`);
    }
    // The file with quoted line breaks uses CRLF, which csv-parse counts twice inside quotes.
    return `${out.join('\n')}\n`.replace(/\n/g, quotedNewlines ? '\r\n' : '\n');
  }
  const descriptor = 'aggregate:\n  count: rows\n  period: { column: date, by: month }\n  metric: { column: category }\n  region: { column: district }\n';

  async function both(csv: string) {
    const dir = workDir();
    writeFileSync(path.join(dir, 'x.csv'), csv);
    writeFileSync(path.join(dir, 'x.yaml'), descriptor);
    const doc = parseYaml(descriptor, 'x.yaml').doc!;
    const [spec] = new DescriptorReader(doc, (p) => path.join(dir, p)).readFile(path.join(dir, 'x.csv'));
    const single = await aggregateFile(spec!, spec!.aggregate!, 'x.csv', { parallel: { workers: 1 } });
    const parallel = await aggregateFile(spec!, spec!.aggregate!, 'x.csv', { parallel: { workers: 3, minBytes: 0 } });
    // Three ranges for each thread: each thread reads its next range with the parser it has (reset).
    const ranges = await aggregateFile(spec!, spec!.aggregate!, 'x.csv', { parallel: { workers: 3, minBytes: 0, ranges: 9 } });
    return { single, parallel, ranges };
  }

  it('one aggregator started afresh for each range reads every range as a new one would', () => {
    // Ranges cut at line breaks, some inside a quoted CRLF, each beginning with a bad or ragged row.
    const text = bigFile(600, true).replace('\r\n7,', '\r\n7,not-a-date,BURGLARY,1,"x"\r\n8,');
    const bytes = Buffer.from(text);
    const plan: AggregatePlan = { delimiter: ',', width: 5, period: 1, by: 'month', metric: 2, region: 3, sum: -1, numbers: { decimal: '.', thousands: '', percent: false }, missing: [''], sets: [{ index: 2, values: ['ASSAULT', 'BURGLARY', 'ROBBERY'] }], ranges: [] };
    const cuts = [0];
    for (let at = bytes.indexOf(10, 1500); at !== -1 && at < bytes.length - 1; at = bytes.indexOf(10, at + 4000)) cuts.push(at + 1);
    cuts.push(bytes.length);
    expect(cuts.length).toBeGreaterThan(6);
    const reused = new ChunkAggregator(plan, { skipHeader: true, countQuotes: true });
    for (let k = 0; k + 1 < cuts.length; k++) {
      const range = bytes.subarray(cuts[k]!, cuts[k + 1]!);
      if (k > 0) reused.start(false);
      const fresh = new ChunkAggregator(plan, { skipHeader: k === 0, countQuotes: true });
      for (let i = 0; i < range.length; i += 997) {
        reused.write(range.subarray(i, i + 997));
        fresh.write(range.subarray(i, i + 997));
      }
      expect(reused.end()).toEqual(fresh.end());
    }
  });

  it('splits a file without quoted line breaks across 3 threads; groups, lines and findings are identical', async () => {
    const { single, parallel, ranges } = await both(bigFile(3000, false));
    expect(parallel.threads).toBe(3);
    expect(single.threads).toBe(1);
    for (const split of [parallel, ranges]) {
      expect(split.observations).toEqual(single.observations);
      expect(split.findings).toEqual(single.findings);
      expect(split.input).toEqual(single.input);
    }
    expect(ranges.threads).toBe(3);
    // The bad cells are found wherever they fall: row 500 on line 502, row 900 on line 902, row 1200 on line 1202.
    expect(single.findings.filter((f) => f.severity !== 'info').map((f) => `${f.line} ${f.code}`)).toEqual(['1202 csv-ragged-row', '902 aggregate-date', '502 aggregate-date-blank']);
  });
  it('with quoted line breaks (CRLF), a split inside quotes is detected and the file read again in one pass', async () => {
    const { single, parallel, ranges } = await both(bigFile(3000, true));
    expect(ranges.observations).toEqual(single.observations);
    expect(ranges.findings).toEqual(single.findings);
    // Every third row has a note on two lines: row i starts on line 2 + i + ceil(i / 3).
    expect(single.findings.filter((f) => f.severity !== 'info').map((f) => `${f.line} ${f.code}`)).toEqual(['1602 csv-ragged-row', '1202 aggregate-date', '669 aggregate-date-blank']);
    expect(parallel.observations).toEqual(single.observations);
    expect(parallel.findings).toEqual(single.findings);
  });
});

describe('descriptor errors: file:line:column for every mistake', () => {
  async function shown(descriptor: string) {
    const { findings } = await load(descriptor);
    return errors(findings).map((f) => `${f.file}:${f.line}:${f.column}: ${f.message}`);
  }
  it.each([
    ['count is not rows', 'fixed: { region: R, metric: m }\naggregate:\n  count: all\n  period: { column: date, by: year }\n', "x.yaml:3:10: aggregate.count must be 'rows', found 'all'"],
    ['a bad granularity', 'fixed: { region: R, metric: m }\naggregate:\n  count: rows\n  period: { column: date, by: week }\n', "x.yaml:4:31: aggregate.period.by must be year, quarter or month, found 'week'"],
    ['no period', 'fixed: { region: R, metric: m }\naggregate:\n  count: rows\n', "x.yaml:3:3: 'aggregate' needs 'period': the date column and the granularity"],
    ['no granularity', 'fixed: { region: R, metric: m }\naggregate:\n  count: rows\n  period: { column: date }\n', "x.yaml:4:11: aggregate.period needs 'by' (year, quarter or month)"],
    ['count and sum', 'fixed: { region: R, metric: m }\naggregate:\n  count: rows\n  sum: amount\n  period: { column: date, by: year }\n', "x.yaml:4:3: 'aggregate' has both 'count' and 'sum'"],
    ['neither count nor sum', 'fixed: { region: R, metric: m }\naggregate:\n  period: { column: date, by: year }\n', "x.yaml:3:3: 'aggregate' needs 'count: rows' or 'sum: COLUMN'"],
    ['an unknown key', 'fixed: { region: R, metric: m }\naggregate:\n  count: rows\n  period: { column: date, by: year }\n  group: district\n', "x.yaml:5:3: unknown field 'group' in 'aggregate'"],
    ['a where rule with two tests', 'fixed: { region: R, metric: m }\naggregate:\n  count: rows\n  period: { column: date, by: year }\n  where:\n    - { column: district, in: [1], equals: 2 }\n', "x.yaml:6:7: a where rule takes one test, found 'in' and 'equals'"],
    ['a where rule without a test', 'fixed: { region: R, metric: m }\naggregate:\n  count: rows\n  period: { column: date, by: year }\n  where:\n    - { column: district }\n', "x.yaml:6:7: a where rule needs 'in', 'equals', or 'from'/'to'"],
    ['a bad date in a range', 'fixed: { region: R, metric: m }\naggregate:\n  count: rows\n  period: { column: date, by: year }\n  where:\n    - { column: date, from: 01/02/2019 }\n', "x.yaml:6:29: where.from must be a date or a period, found '01/02/2019'"],
    ['an empty range', 'fixed: { region: R, metric: m }\naggregate:\n  count: rows\n  period: { column: date, by: year }\n  where:\n    - { column: date, from: 2020, to: 2019 }\n', 'x.yaml:6:7: the date range 2020 to 2019 is empty: it ends before it starts'],
    ['an empty in list', 'fixed: { region: R, metric: m }\naggregate:\n  count: rows\n  period: { column: date, by: year }\n  where:\n    - { column: district, in: [] }\n', 'x.yaml:6:31: where.in must be a non-empty list, found a list'],
    ['a table key beside aggregate', 'fixed: { region: R, metric: m }\nunpivot: { columns: [a], into: region }\naggregate:\n  count: rows\n  period: { column: date, by: year }\n', "x.yaml:2:1: 'unpivot' does not apply to a descriptor with 'aggregate'"],
    ['a region given twice', 'fixed: { region: R, metric: m }\naggregate:\n  count: rows\n  period: { column: date, by: year }\n  region: { column: district }\n', 'x.yaml:1:1: the region is given twice: by aggregate.region and by fixed.region'],
    ['no metric', 'fixed: { region: R }\naggregate:\n  count: rows\n  period: { column: date, by: year }\n', "x.yaml:3:3: 'aggregate' gives no metric"],
    ['an unknown column', 'fixed: { region: R }\naggregate:\n  count: rows\n  period: { column: date, by: year }\n  metric: { column: categroy }\n', "x.yaml:5:21: aggregate.metric.column: 'categroy' is not a column of x.csv (did you mean 'category'?)"],
    ['an unknown filter column', 'fixed: { region: R, metric: m }\naggregate:\n  count: rows\n  period: { column: Date, by: year }\n  where: [{ column: distrct, equals: 1 }]\n', "x.yaml:5:21: where.column: 'distrct' is not a column of x.csv (did you mean 'district'?)"],
  ])('%s', async (_name, descriptor, expected) => {
    expect(await shown(descriptor)).toContain(expected);
  });
  it('an aggregate with errors is not read as a table as well', async () => {
    expect(await shown('fixed: { region: R, metric: m }\naggregate:\n  count: all\n  period: { column: date, by: year }\n')).toHaveLength(1);
  });
});
