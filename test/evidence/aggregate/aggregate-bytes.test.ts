// The byte reader of aggregate/worker-safe.ts (plain lines read from the bytes, csv-parse from the first quote
// or CR on) against csv-parse alone: the same groups, lines, tallies and errors, on the aggregate test
// cases in many layouts, on the aggregate fixtures, and on generated and fuzzed CSV cut at random places.
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChunkAggregator, readDate, readDateBytes, type AggregatePlan } from '../../../src/evidence/aggregate/worker-safe.js';
import { MAX_FIELDS } from '../../../src/evidence/read/csv-engine.js';
import { loadEvidence, type LoadEvidenceOptions } from '../../../src/evidence/index.js';
import { CASES, INCIDENTS } from './aggregate-cases.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The same rows written in the ways files come: each must read the same both ways. */
const LAYOUTS: Array<[string, (csv: string) => string]> = [
  ['as written (a quoted field on the last line)', (csv) => csv],
  ['no quotes at all', (csv) => csv.replace(/"/g, '')],
  ['CRLF line ends', (csv) => csv.replace(/\n/g, '\r\n')],
  ['a byte-order mark', (csv) => `\ufeff${csv.replace(/"/g, '')}`],
  ['empty lines, and no line break at the end', (csv) => csv.replace(/"/g, '').replace(/\n(?=3,)/, '\n\n\n').trimEnd()],
  ['a bare CR inside a later row', (csv) => csv.replace(/"/g, '').replace('ROBBERY', 'ROB\rBERY')],
  ['ragged rows, bad and blank dates', (csv) => csv.replace(/"/g, '').replace('4,2019-04-01,BURGLARY,1', '4,2019-04-01,BURGLARY').replace('5,2019-05-15', '5,2019-02-30').replace('6,2020-01-01', '6,')],
  ['spaces, accents and a no-break space in cells', (csv) => csv.replace(/"/g, '').replace('BURGLARY,1,', ' BURGLARY ,1,').replace('THEFT,2', 'Th\u00e9ft,2').replace('ROBBERY', '\u00a0ROBBERY')],
  ['a quoted line break', (csv) => csv.replace('"THEFT"', '"THE\r\nFT"')],
];

async function both(dir: string, options: LoadEvidenceOptions = {}) {
  const bytes = await loadEvidence(['.'], dir, undefined, options);
  const csvParse = await loadEvidence(['.'], dir, undefined, { ...options, readBytes: false });
  return { bytes, csvParse };
}

describe('the byte reader against csv-parse', () => {
  for (const [layout, change] of LAYOUTS) {
    it(`every aggregate case, ${layout}`, async () => {
      const csv = change(INCIDENTS);
      for (const [name, descriptor] of CASES) {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-bytes-'));
        dirs.push(dir);
        writeFileSync(path.join(dir, 'x.csv'), csv);
        writeFileSync(path.join(dir, 'x.yaml'), descriptor);
        const { bytes, csvParse } = await both(dir);
        expect(bytes, name).toEqual(csvParse);
      }
    });
  }

  it('on the aggregate fixtures, in one pass and split across threads', async () => {
    for (const fixture of ['cli/aggregated-incidents/evidence', 'cli/measures/evidence', 'publishers/readings/evidence']) {
      const dir = path.join(__dirname, '..', '..', 'fixtures', fixture);
      const single = await both(dir);
      expect(single.bytes, fixture).toEqual(single.csvParse);
      expect(single.bytes.evidence.series.length, fixture).toBeGreaterThan(0);
      const split = await both(dir, { parallel: { workers: 2, minBytes: 0, ranges: 3 } });
      expect(split.bytes, fixture).toEqual(split.csvParse);
    }
  });

  it('split across threads, in every layout', async () => {
    for (const [layout, change] of LAYOUTS) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-bytes-'));
      dirs.push(dir);
      // Enough rows for three ranges per thread.
      const [header, ...rows] = change(INCIDENTS).split('\n');
      writeFileSync(path.join(dir, 'x.csv'), [header, ...Array.from({ length: 40 }, () => rows.join('\n'))].join('\n'));
      writeFileSync(path.join(dir, 'x.yaml'), CASES[0]![1]);
      const { bytes, csvParse } = await both(dir, { parallel: { workers: 2, minBytes: 0, ranges: 3 } });
      expect(bytes, layout).toEqual(csvParse);
    }
  });
});

// ------------------------------------------------------------------- generated CSV, cut anywhere

const cell = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('2019-03-04', '2019-03-04T10:00:00', '2019-12-31 23:59:59.5+05:30', '2020-02-29', '2019-02-29', '2019-03-04T24:00', '2019-03-04Z', ' 2019-03-04', '2019-03-04 ', '2019-3-4', '') },
  { weight: 6, arbitrary: fc.constantFrom('THEFT', 'Theft', ' THEFT ', 'Zürich', '\u00a0x', 'x\u00a0', '1', '2.5', '1,5', 'NA', '-', '') },
  { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('"a"', '"a,b"', '"a""b"', 'a"b', '"x\ny"', '"x\r\ny"', '\r', 'a\rb', '\ufeff') },
);

const csvFile = fc.record({
  width: fc.integer({ min: 1, max: 5 }),
  rows: fc.array(fc.array(cell, { minLength: 0, maxLength: 6 }), { minLength: 0, maxLength: 25 }),
  delimiter: fc.constantFrom(',', ';', '\t'),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  finalBreak: fc.boolean(),
});

const planFor = (width: number, delimiter: string) =>
  fc.record({
    period: fc.integer({ min: 0, max: width - 1 }),
    metric: fc.integer({ min: -1, max: width - 1 }),
    region: fc.integer({ min: -1, max: width - 1 }),
    sum: fc.integer({ min: -1, max: width - 1 }),
    by: fc.constantFrom('year' as const, 'quarter' as const, 'month' as const),
    set: fc.option(fc.tuple(fc.integer({ min: 0, max: width - 1 }), fc.array(fc.constantFrom('THEFT', 'Theft', '1', 'Zürich', ''), { minLength: 1, maxLength: 3 }))),
    range: fc.option(fc.tuple(fc.integer({ min: 0, max: width - 1 }), fc.integer({ min: 17000, max: 18500 }), fc.integer({ min: 17500, max: 20000 }))),
  }).map(
    (p): AggregatePlan => ({
      delimiter,
      width,
      period: p.period,
      by: p.by,
      metric: p.metric,
      region: p.region,
      sum: p.sum,
      numbers: { decimal: '.', thousands: '' } as AggregatePlan['numbers'],
      missing: ['NA'],
      sets: p.set ? [{ index: p.set[0], values: [...new Set(p.set[1])] }] : [],
      ranges: p.range ? [{ index: p.range[0], from: p.range[1], to: p.range[2] }] : [],
    }),
  );

/**
 * Read `bytes` in pieces of the given sizes (cycled), the byte reader or csv-parse alone. As the
 * readers do, one buffer is reused for every piece while the aggregator does not keep them.
 */
function aggregate(plan: AggregatePlan, bytes: Buffer, cuts: number[], skipHeader: boolean, readBytes: boolean) {
  const a = new ChunkAggregator(plan, { skipHeader, countQuotes: true, readBytes });
  const reused = Buffer.alloc(Math.max(...cuts));
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = Math.min(cuts[k % cuts.length]!, bytes.length - at);
    const reuse = !a.keepsBuffers;
    const piece = reuse ? reused.subarray(0, n) : Buffer.from(bytes.subarray(at, at + n));
    if (reuse) bytes.copy(piece, 0, at, at + n);
    if (!a.write(piece)) break;
    // Whatever the aggregator holds must not change when the reused buffer is written over.
    if (reuse) reused.fill(0x3f);
    at += n;
  }
  return a.end();
}

describe('generated CSV, cut at random places', () => {
  it('gives the same result from the bytes as from csv-parse', () => {
    fc.assert(
      fc.property(
        csvFile.chain((f) => fc.tuple(fc.constant(f), planFor(f.width, f.delimiter), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }), fc.boolean())),
        ([f, plan, cuts, skipHeader]) => {
          const eol = f.crlf ? '\r\n' : '\n';
          const header = Array.from({ length: f.width }, (_, i) => `c${i}`).join(f.delimiter);
          const text = `${f.bom ? '\ufeff' : ''}${[header, ...f.rows.map((r) => r.join(f.delimiter))].join(eol)}${f.finalBreak ? eol : ''}`;
          const bytes = Buffer.from(text);
          expect(aggregate(plan, bytes, cuts, skipHeader, true)).toEqual(aggregate(plan, bytes, cuts, skipHeader, false));
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400), seed: Number(process.env.FUZZ_SEED ?? 20251128) },
    );
  });

  it('stops at a row with too many fields, on the same line, with the same error', () => {
    const plan: AggregatePlan = { delimiter: ',', width: 2, period: 0, by: 'year', metric: -1, region: -1, sum: -1, numbers: { decimal: '.', thousands: '' } as AggregatePlan['numbers'], missing: [], sets: [], ranges: [] };
    for (const fields of [MAX_FIELDS, MAX_FIELDS + 1, MAX_FIELDS + 2]) {
      const bytes = Buffer.from(`date,x\n2019-01-01,1\n\n${Array.from({ length: fields }, () => 'a').join(',')}\n2019-01-01,2\n`);
      const fromBytes = aggregate(plan, bytes, [1000], true, true);
      expect(fromBytes).toEqual(aggregate(plan, bytes, [1000], true, false));
      expect(fromBytes.error?.line).toBe(fields > MAX_FIELDS ? 4 : undefined);
    }
  });

  it('gives csv-parse its own copy of the buffer it takes over in (it may keep a view of its end)', () => {
    const plan: AggregatePlan = { delimiter: ',', width: 2, period: 0, by: 'month', metric: 1, region: -1, sum: -1, numbers: { decimal: '.', thousands: '' } as AggregatePlan['numbers'], missing: [], sets: [], ranges: [] };
    // The first piece ends on a closing quote: csv-parse waits for the next byte to know it is one.
    const first = 'date,m\n2019-01-01,a\n2019-01-02,"b"';
    const bytes = Buffer.from(`${first}\n2019-02-01,a\n`);
    const result = aggregate(plan, bytes, [first.length, 100], true, true);
    expect(result).toEqual(aggregate(plan, bytes, [first.length, 100], true, false));
    expect(result.error).toBeUndefined();
    expect(result.counted).toBe(3);
  });

  it('hands a line longer than it carries to csv-parse, with the same result', () => {
    const plan: AggregatePlan = { delimiter: ',', width: 2, period: 0, by: 'month', metric: 1, region: -1, sum: -1, numbers: { decimal: '.', thousands: '' } as AggregatePlan['numbers'], missing: [], sets: [], ranges: [] };
    const bytes = Buffer.from(`date,m\n2019-01-01,a\n2019-01-02,${'b'.repeat(3 << 20)}\n2019-02-01,a\n`);
    expect(aggregate(plan, bytes, [1 << 16], true, true)).toEqual(aggregate(plan, bytes, [1 << 16], true, false));
  });
});

describe('readDateBytes', () => {
  it('reads every text as readDate does', () => {
    const piece = fc.constantFrom('2019', '-', '03', '04', '02', '29', '30', '13', '00', 'T', ' ', '10', ':', '00', '59', '60', '24', '23', '.', ',', '5', 'Z', '+', '05', '30', 'é', '\u00a0', '\t');
    fc.assert(
      fc.property(fc.oneof(fc.array(piece, { maxLength: 14 }).map((p) => p.join('')), fc.string({ maxLength: 30 })), (text) => {
        const b = Buffer.from(`x${text}y`);
        expect(readDateBytes(b, 1, b.length - 1)).toBe(readDate(text));
      }),
      { numRuns: 3000, seed: 20251128 },
    );
    for (const text of ['2019-03-04', '2019-03-04T10:00', '2019-03-04 23:59:59.123Z', '2019-03-04T10:00:00+05:30', '2019-03-04T10:00+0530', '2019-03-04T10:00:00+05', ' 2019-03-04 ', '2019-03-04T10:00:', '2019-03-04T10:00:00+05:', '2019-03-04T10:00:00.', '2020-02-29', '2019-02-29']) {
      const b = Buffer.from(text);
      expect(readDateBytes(b, 0, b.length), text).toBe(readDate(text));
    }
  });
});
