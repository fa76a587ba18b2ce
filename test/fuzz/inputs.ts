// Generated claims and evidence files for the property tests and the fuzz run: valid files built from
// random parts (including hostile text), then 0–3 mutations of their text or bytes. Evidence comes as
// a plain long CSV, a wide table or reported changes, sometimes with a descriptor beside it
// (evidence.yaml) and a taxonomy (taxonomy.yaml), each of which may be mutated too.
import fc from 'fast-check';
import { stringify } from 'yaml';

/** Strings that have broken parsers, reports and spreadsheets before. */
const NASTY = [
  '', ' ', '-', '--', '%', '-15%', '+33%', '15%', '1e308', '1e309', 'NaN', '-Infinity', '1.234,5', '6,732', '12 %',
  '=1+1', '+1', '@SUM(A1)', '\t=cmd', '\r', '\n', '\r\n', '|', '<script>alert(1)</script>', '**x**', '# h', '> q',
  '"', "'", '""', ',', ':', ': ', '- ', '#', '&a', '*a', '!!js/function', '!!binary', '%YAML 1.1', '---', '...',
  '{', '}', '[', ']', '__proto__', 'constructor', 'prototype', '\u0000', '\u001b[2J', '\u202e', '\ufeff', '\ud800',
  'ü', '日本', '😀', '0x1F', '007', 'yes', 'null', '~', '2018', '2018-Q3', '2018-07', '2018-02-30', '2013..2015',
  '9999', '0000', '-0', '0', '.5', '5.', '1e3',
];

export const text = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...NASTY), { maxLength: 4 }).map((parts) => parts.join('')) },
);

const REGIONS = ['Nairobi', 'Lahore', 'Islamabad'];
const METRICS = ['crimes', 'robbery', 'cameras'];
/** Mostly a valid value, sometimes anything. */
const usually = <T>(valid: fc.Arbitrary<T>, weight = 40) => fc.oneof({ weight, arbitrary: valid }, { weight: 1, arbitrary: text as fc.Arbitrary<T | string> });
const year = fc.integer({ min: 2010, max: 2022 });
const period = usually(
  fc.oneof(
    year.map(String),
    fc.tuple(year, fc.integer({ min: 1, max: 4 })).map(([y, q]) => `${y}-Q${q}`),
    fc.tuple(year, fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
    fc.tuple(year, fc.integer({ min: 0, max: 3 })).map(([y, n]) => `${y}..${y + n}`),
  ),
);
const percent = usually(fc.double({ min: -100, max: 300, noNaN: true }).map((x) => `${x >= 0 ? '+' : '-'}${Math.abs(Math.round(x * 10) / 10)}%`));
const number = usually(fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.double({ noNaN: true }), fc.constantFrom('>= 8000', '<= 5', '7500..8500')));

const source = fc.record({ publisher: usually(fc.constant('Dawn')), title: fc.oneof(fc.constant('Report'), text), date: fc.option(usually(fc.constant('2019-11-12')), { nil: undefined }) }, { requiredKeys: ['publisher', 'title'] });

const claimed = fc.oneof({ weight: 4, arbitrary: percent.map((change) => ({ change })) }, { weight: 2, arbitrary: number.map((value) => ({ value })) }, { weight: 1, arbitrary: fc.constant({}) });

const claim = fc
  .tuple(
    fc.record(
      {
        id: usually(fc.stringMatching(/^[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}$/), 60),
        // Free text: any string is valid here, and reports must still render it safely.
        claimant: fc.oneof(fc.constant('Huawei'), text.filter((t) => t.trim() !== '')),
        statement: fc.oneof(fc.constant('Crime fell.'), text.filter((t) => t.trim() !== '')),
        kind: usually(fc.constantFrom('forecast', 'result'), 60),
        region: usually(fc.constantFrom(...REGIONS)),
        metric: usually(fc.constantFrom(...METRICS)),
        baseline: fc.oneof(period, year),
        target: fc.oneof({ weight: 4, arbitrary: fc.oneof(period, year) }, { weight: 1, arbitrary: fc.record({ within: usually(fc.constantFrom('5y', '18m')) }) }),
        note: text.filter((t) => t.trim() !== ''),
        sources: fc.oneof({ weight: 30, arbitrary: fc.array(source, { minLength: 1, maxLength: 2 }) }, { weight: 1, arbitrary: text }),
        evidence: usually(fc.constantFrom('Police', 'Survey', 'evidence.csv')),
        compare_to: usually(fc.constantFrom(...REGIONS, 'Rest of country')),
      },
      { requiredKeys: ['id', 'claimant', 'statement', 'kind', 'sources'] },
    ),
    claimed,
    fc.oneof({ weight: 15, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: text.map((t) => ({ extra: t })) }),
  )
  .map(([c, k, x]) => ({ ...c, ...k, ...x }));

/** A claims file: usually a list of claims, sometimes an anchor reused, sometimes not claims at all. */
export const claimsYaml = fc.oneof(
  { weight: 16, arbitrary: fc.array(claim, { minLength: 0, maxLength: 5 }).map((claims) => stringify({ claims }, { lineWidth: 0 })) },
  { weight: 1, arbitrary: fc.array(claim, { minLength: 1, maxLength: 2 }).map((claims) => stringify({ claims }, { lineWidth: 0, aliasDuplicateObjects: true }).replace(/claims:\n/, 'claims:\n  - &first\n' + '    id: anchored\n    claimant: c\n    statement: s\n    kind: result\n    sources: [{publisher: p, title: t}]\n  - *first\n')) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => stringify(v)) },
);

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const row = fc.tuple(
  usually(fc.constantFrom(...REGIONS), 100),
  usually(fc.constantFrom(...METRICS), 100),
  usually(fc.constantFrom('2014', '2015', '2016', '2018', '2018-Q3', '2018-07', '2019-01-15'), 100),
  fc.oneof({ weight: 100, arbitrary: fc.integer({ min: 0, max: 100_000 }).map(String) }, { weight: 2, arbitrary: fc.double({ min: 0, noNaN: true }).map(String) }, { weight: 1, arbitrary: fc.constant('') }, { weight: 1, arbitrary: text }),
  usually(fc.constantFrom('cases', 'cameras', 'percent', ''), 100),
);

export const evidenceCsv = fc
  .tuple(
    fc.oneof({ weight: 12, arbitrary: fc.constant(['region', 'metric', 'period', 'value', 'unit']) }, { weight: 1, arbitrary: fc.shuffledSubarray(['region', 'metric', 'period', 'value', 'unit', 'Value', 'note'], { minLength: 1 }) }),
    fc.array(row, { maxLength: 12 }),
    fc.constantFrom('\n', '\r\n', '\r'),
  )
  .map(([header, rows, eol]) => [header.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join(eol) + eol);

const YEARS = ['2014', '2015', '2016', '2018'];
/** A cell as publishers write it: plain, grouped, with a decimal comma or a percent sign, or a missing marker. */
const publishedNumber = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0, max: 100_000 }).map(String) },
  { weight: 2, arbitrary: fc.integer({ min: 1000, max: 9_999_999 }).map((n) => n.toLocaleString('en-US')) },
  { weight: 2, arbitrary: fc.constantFrom('-', 'n/a', '..', '', '1.234,5', '12,5', '6 732', "6'732", '12 %', '-3') },
  { weight: 1, arbitrary: text },
);

/** A wide table (a column per year), as a publisher ships it: it needs a descriptor to be read. */
const wideCsv = fc
  .tuple(fc.array(fc.tuple(usually(fc.constantFrom(...REGIONS, 'Total'), 100), fc.array(publishedNumber, { minLength: YEARS.length, maxLength: YEARS.length })), { maxLength: 6 }), fc.constantFrom(',', ';'))
  .map(([rows, d]) => [['Area', ...YEARS].join(d), ...rows.map(([r, cells]) => [r, ...cells].map(csvCell).join(d))].join('\n') + '\n');

/** Reported changes (region,metric,from,to,change_percent). */
const changesCsv = fc
  .array(fc.tuple(usually(fc.constantFrom(...REGIONS), 100), usually(fc.constantFrom(...METRICS), 100), usually(fc.constantFrom(...YEARS), 100), usually(fc.constantFrom(...YEARS), 100), usually(fc.double({ min: -100, max: 300, noNaN: true }).map((x) => String(Math.round(x))), 50)), { maxLength: 6 })
  .map((rows) => ['region,metric,from,to,change_percent', ...rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n');

/** A descriptor for evidence.csv: every key optional, mostly sensible values, sometimes anything. */
const descriptor = fc
  .record(
    {
      source: fc.record({ publisher: usually(fc.constantFrom('Police', 'Survey')), title: usually(fc.constant('Annual report')), url: usually(fc.constant('https://example.org/r')) }, { requiredKeys: [] }),
      columns: fc.record({ region: usually(fc.constantFrom('region', 'Area', 'Region')), value: usually(fc.constantFrom('value', 'Value')), period: usually(fc.constantFrom('period', 'Year')) }, { requiredKeys: [] }),
      fixed: fc.record({ metric: usually(fc.constantFrom(...METRICS)), unit: usually(fc.constantFrom('cases', 'percent')) }, { requiredKeys: [] }),
      unpivot: fc.record({ columns: fc.shuffledSubarray([...YEARS, 'Area', '2099'], { minLength: 1 }), into: usually(fc.constantFrom('period', 'region', 'metric')) }),
      rename: fc.record({ region: fc.dictionary(usually(fc.constantFrom(...REGIONS)), usually(fc.constantFrom('Capital', 'Nairobi')), { maxKeys: 2 }) }),
      numbers: fc.record({ decimal: usually(fc.constantFrom('.', ',')), thousands: usually(fc.constantFrom('', ',', '.', ' ', "'")), percent: usually(fc.boolean()) }, { requiredKeys: [] }),
      missing: fc.array(usually(fc.constantFrom('-', 'n/a', '..')), { maxLength: 3 }),
      delimiter: usually(fc.constantFrom(',', ';')),
      skip: fc.array(fc.record({ column: usually(fc.constantFrom('Area', 'region')), values: fc.array(usually(fc.constantFrom('Total', ...REGIONS)), { maxLength: 2 }) }), { maxLength: 1 }),
      totals: fc.array(fc.record({ column: usually(fc.constantFrom('Area', 'region', 'metric')), total: usually(fc.constantFrom('Total', ...REGIONS)), tolerance: usually(fc.nat(10)) }, { requiredKeys: ['column', 'total'] }), { maxLength: 1 }),
    },
    { requiredKeys: [] },
  )
  .map((d) => stringify(d, { lineWidth: 0 }));

/** A taxonomy: aliases, a derived metric, region groups, sometimes with hostile names. */
const taxonomy = fc
  .record(
    {
      regions: fc.dictionary(usually(fc.constantFrom(...REGIONS)), fc.array(usually(fc.constantFrom('ICT', 'Capital', 'Nairobi')), { maxLength: 2 }), { maxKeys: 2 }),
      metrics: fc.dictionary(usually(fc.constantFrom(...METRICS)), fc.array(usually(fc.constantFrom('crime', 'Robbery')), { maxLength: 2 }), { maxKeys: 2 }),
      derived_metrics: fc.dictionary(usually(fc.constantFrom('violent', 'all')), fc.record({ sum: fc.array(usually(fc.constantFrom(...METRICS)), { minLength: 1, maxLength: 3 }) }), { maxKeys: 1 }),
      region_groups: fc.dictionary(
        usually(fc.constantFrom('Rest of country', 'Twin cities')),
        fc.oneof(fc.record({ total: usually(fc.constantFrom(...REGIONS)), minus: fc.array(usually(fc.constantFrom(...REGIONS)), { maxLength: 2 }) }), fc.record({ sum: fc.array(usually(fc.constantFrom(...REGIONS)), { maxLength: 3 }) })),
        { maxKeys: 2 },
      ),
    },
    { requiredKeys: [] },
  )
  .map((t) => stringify(t, { lineWidth: 0 }));

/** The evidence side: a CSV, and perhaps its descriptor and a taxonomy. */
export interface EvidenceFiles {
  csv: Buffer;
  descriptor?: Buffer;
  taxonomy?: Buffer;
}

/** A change to a file's text or bytes. */
type Mutation = (bytes: Buffer) => Buffer;

const at = (bytes: Buffer, f: number) => Math.floor(f * (bytes.length + 1));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), text).map(([f, s]): Mutation => (b) => Buffer.concat([b.subarray(0, at(b, f)), Buffer.from(s), b.subarray(at(b, f))])),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 })).map(([f, n]): Mutation => (b) => Buffer.concat([b.subarray(0, at(b, f)), b.subarray(at(b, f) + n)])),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 60 })).map(([f, n]): Mutation => (b) => Buffer.concat([b.subarray(0, at(b, f) + n), b.subarray(at(b, f))])),
  fc.double({ min: 0, max: 1, noNaN: true }).map((f): Mutation => (b) => b.subarray(0, at(b, f))),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.uint8Array({ minLength: 1, maxLength: 6 })).map(([f, u]): Mutation => (b) => Buffer.concat([b.subarray(0, at(b, f)), Buffer.from(u), b.subarray(at(b, f))])),
  fc.constant<Mutation>((b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b])),
  fc.constant<Mutation>((b) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString('utf8'), 'utf16le')])),
  fc.constant<Mutation>((b) => Buffer.from(b.toString('utf8').replace(/ {2}/g, '\t'))),
  fc.constant<Mutation>((b) => Buffer.from(b.toString('utf8').split('\n').reverse().join('\n'))),
  fc.integer({ min: 2, max: 200 }).map((n): Mutation => (b) => Buffer.from(`${'['.repeat(n)}${b.toString('utf8')}`)),
);

/** A file's text after one to three mutations. */
export function mutated(valid: fc.Arbitrary<string>): fc.Arbitrary<Buffer> {
  return fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([t, ms]) => ms.reduce<Buffer>((b, m) => m(b), Buffer.from(t, 'utf8')));
}

const plain = (valid: fc.Arbitrary<string>) => valid.map((t) => Buffer.from(t, 'utf8'));

const maybeMutated = (valid: fc.Arbitrary<string>) => fc.oneof({ weight: 3, arbitrary: plain(valid) }, { weight: 1, arbitrary: mutated(valid) });

/** Evidence: mostly a plain long CSV alone; else any shape with a descriptor and perhaps a taxonomy. */
const evidenceFiles: fc.Arbitrary<EvidenceFiles> = fc.oneof(
  { weight: 4, arbitrary: maybeMutated(evidenceCsv).map((csv) => ({ csv })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(maybeMutated(fc.oneof(evidenceCsv, wideCsv, changesCsv)), fc.option(maybeMutated(descriptor), { nil: undefined }), fc.option(maybeMutated(taxonomy), { nil: undefined }))
      .map(([csv, d, t]) => ({ csv, ...(d ? { descriptor: d } : {}), ...(t ? { taxonomy: t } : {}) })),
  },
);

/** A claims file and the evidence files: as generated, or mutated. */
export const inputs: fc.Arbitrary<[Buffer, EvidenceFiles]> = fc.tuple(maybeMutated(claimsYaml), evidenceFiles);

const audit: fc.Arbitrary<string[]> = fc
  .tuple(
    fc.constantFrom('json', 'md', 'csv', 'terminal', 'junit', 'github', 'sarif', 'claimreview'),
    fc.option(fc.constantFrom('contradicted', 'supported,no-evidence', 'findings'), { nil: undefined }),
  )
  .map(([format, failOn]) => [
    'audit',
    '--format',
    format,
    ...(format === 'claimreview' ? ['--publisher', 'Fuzz', '--review-url', 'https://example.org/#{id}', '--as-of', '2024-01-01'] : []),
    ...(failOn ? ['--fail-on', failOn] : []),
  ]);
const validate: fc.Arbitrary<string[]> = fc.constant(['validate', 'claims.yaml', 'evidence.csv']);
const explain: fc.Arbitrary<string[]> = fc.constantFrom('a', 'anchored').map((id) => ['explain', id]);
export const command = fc.oneof({ weight: 6, arbitrary: audit }, { weight: 2, arbitrary: validate }, { weight: 1, arbitrary: explain });
