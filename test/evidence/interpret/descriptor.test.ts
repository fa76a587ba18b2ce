// Descriptors, data packages, taxonomy and reported changes, on small fixtures named for what they show.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadEvidence } from '../../../src/evidence/index.js';
import { loadTaxonomy } from '../../../src/taxonomy/index.js';
import { dayToIso } from '../../../src/period.js';
import type { EvidenceSet } from '../../../src/types.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/descriptors');

async function load(name: string) {
  const cwd = path.join(fixtures, name);
  const taxonomy = loadTaxonomy(['.'], cwd);
  const loaded = await loadEvidence(['.'], cwd, taxonomy.taxonomy);
  return { ...loaded, findings: [...taxonomy.findings, ...loaded.findings] };
}

function values(evidence: EvidenceSet, region: string, metric: string): Array<[string, number | null]> {
  const s = evidence.series.find((x) => x.region === region && x.metric === metric);
  return s ? s.observations.map((o) => [o.period.label, o.value]) : [];
}

describe('a wide table with a descriptor (unpivot, rename, totals, 6128.0 numbers)', async () => {
  const { evidence, findings } = await load('wide-table');
  it('unpivots the province columns into regions, renaming as told', () => {
    expect(values(evidence, 'North', 'Murder')).toEqual([['2017', 100], ['2018', 110]]);
    expect(values(evidence, 'Khyber Pakhtunkhwa', 'Robbery')).toEqual([['2017', 20], ['2018', 22]]);
    expect(evidence.series.find((s) => s.region === 'KPK')).toBeUndefined();
  });
  it('keeps each value on its own line and takes the source from the descriptor', () => {
    const o = evidence.series.find((s) => s.region === 'South' && s.metric === 'Murder')!.observations[1]!;
    expect([o.file, o.line, o.unit]).toEqual(['crime.csv', 5, 'cases']);
    expect(o.origin).toBe('Statistics Office: Crimes by kind and province');
    expect(o.source).toBe('Statistics Office, Crimes by kind and province, 2019-06-30. https://example.org/stats/crime');
  });
  it('checks both totals rules and finds this table consistent', () => {
    // TOTAL rows: 2017 North 100 + 200 = 300, South 50 + 80 = 130, KPK 10 + 20 = 30, Country 160 + 300 = 460;
    // 2018 North 110 + 210 = 320, South 55 + 85 = 140, KPK 12 + 22 = 34, Country 177 + 317 = 494.
    // Country column: each row's provinces add up to it (e.g. 2018 Murder 110 + 55 + 12 = 177).
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.filter((f) => f.code === 'totals-mismatch')).toEqual([]);
  });
});

describe('totals that do not add up', () => {
  it('names file, line, period, the sum and the stated total', async () => {
    const { readTable, parseCsv, DescriptorReader } = await import('../../../src/evidence/index.js');
    const { parseYaml } = await import('../../../src/yaml-nodes.js');
    const csv = ',Year,Type of Crime,North,South,Country\n1,2019,Murder,10,5,15\n2,2019,Others,100,50,152\n3,2019,TOTAL,110,60,167\n';
    const { doc } = parseYaml('measure: count\ncolumns: { period: Year, metric: Type of Crime }\nunpivot: { columns: [North, South, Country], into: region }\ntotals:\n  - { column: Type of Crime, total: TOTAL }\n  - { column: region, total: Country }\n', 'd.yaml');
    const [spec] = new DescriptorReader(doc!, (p) => p).readFile('t.csv');
    const read = readTable(parseCsv(csv, 't.csv').table!, spec!, 't.csv');
    expect(read.findings.map((f) => `${f.file}:${f.line}: ${f.message}`)).toEqual([
      // TOTAL row: South 5 + 50 = 55, stated 60; Country 15 + 152 = 167 ✓; North 10 + 100 = 110 ✓
      "t.csv:4: South 2019: the parts add up to 55 but the total 'TOTAL' is 60 (difference +5)",
      // Country column: Others 100 + 50 = 150, stated 152; TOTAL 110 + 60 = 170, stated 167
      "t.csv:3: Others 2019: the regions add up to 150 but the total 'Country' is 152 (difference +2)",
      "t.csv:4: TOTAL 2019: the regions add up to 170 but the total 'Country' is 167 (difference -3)",
    ]);
  });
});

describe('number formats and missing markers', async () => {
  const { evidence, findings } = await load('decimal-comma');
  it('reads 1.234,5 as 1234.5 and "12,5 %" as 12.5, with ; as delimiter', () => {
    expect(findings).toEqual([]);
    expect(values(evidence, 'Berlin', 'thefts')).toEqual([
      ['2016', 1234.5],
      ['2017', null],
      ['2018', 1100.25],
      ['2019', null],
      ['2020', 12.5],
    ]);
  });
});

describe('sources.yaml listing several files', async () => {
  const { evidence, findings } = await load('sources-yaml');
  it('reads each with its own columns and fixed values', () => {
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(values(evidence, 'Alpha', 'burglaries')).toEqual([['2017', 10], ['2018', 12]]);
    expect(values(evidence, 'Beta', 'burglaries')).toEqual([['2017-Q1', 3], ['2017-Q2', 4]]);
    expect(evidence.series.find((s) => s.region === 'Alpha')!.origin).toBe('Alpha Police: Annual report');
    expect(evidence.series.find((s) => s.region === 'Beta')!.origin).toBe('evidence files without a declared source');
  });
});

describe('a Frictionless data package', async () => {
  const { evidence, findings } = await load('datapackage');
  it('reads path, number format (decimalChar, groupChar), missingValues, sources and licences', () => {
    expect(values(evidence, 'Gamma', 'theft')).toEqual([['2017', 1200.5], ['2018', null], ['2019', 1000]]);
    const o = evidence.series[0]!.observations[0]!;
    expect(o.origin).toBe('Gamma Statistics Office: Gamma crime statistics');
    expect(o.unit).toBe('cases');
  });
  it('skips non-CSV resources with a warning', () => {
    expect(findings.map((f) => [f.code, f.line])).toEqual([['datapackage-skipped', 22]]);
  });
});

describe('every way a descriptor can be wrong gets a file:line error', async () => {
  const { findings } = await load('bad-descriptor');
  const shown = findings.filter((f) => f.severity === 'error').map((f) => `${f.file}:${f.line}:${f.column}: ${f.message}`);
  it.each([
    ["data.yaml:7:21: numbers.decimal must be \".\" or \",\", found ';'"],
    ["sources.yaml:2:5: missing 'path': which CSV file does this describe?"],
    ['sources.yaml:3:5: the descriptor\'s CSV missing.csv does not exist'],
    ["data.yaml:2:11: columns.period: 'Yaer' is not a column of data.csv (did you mean 'Year'?)"],
    ["data.yaml:4:29: unpivot column 'Soth' is not a column of data.csv (did you mean 'South'?)"],
  ])('%s', (line) => {
    expect(shown).toContain(line);
  });
  it('reports a rename that matches nothing once the columns are right', async () => {
    const { readTable, parseCsv, DescriptorReader } = await import('../../../src/evidence/index.js');
    const { parseYaml } = await import('../../../src/yaml-nodes.js');
    const { doc } = parseYaml('measure: count\ncolumns: { period: Year, metric: Kind }\nunpivot: { columns: [North, South], into: region }\nrename:\n  region: { Nroth: North region }\n', 'd.yaml');
    const [spec] = new DescriptorReader(doc!, (p) => p).readFile('t.csv');
    const read = readTable(parseCsv('Year,Kind,North,South\n2017,Murder,1,2\n', 't.csv').table!, spec!, 't.csv');
    expect(read.findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message}`)).toEqual(["d.yaml:5:13: rename.region: 'Nroth' matches no region in t.csv"]);
  });
});

describe('taxonomy: aliases, derived metrics, region groups', async () => {
  const { evidence, findings } = await load('taxonomy');
  it('makes ICT, Islamabad Capital Territory and Islamabad one region', () => {
    expect(values(evidence, 'Islamabad', 'murder')).toEqual([['2017', 10], ['2018', 12], ['2019', 14]]);
  });
  it('sums derived metrics only where every part is reported, and keeps the definition', () => {
    const s = evidence.series.find((x) => x.region === 'Islamabad' && x.metric === 'violent_crime')!;
    expect(s.definition).toBe('violent_crime = murder + robbery (a narrow definition)');
    // 2017: 10 + 20 = 30; 2018: 12 + 30 = 42; 2019: robbery not reported → blank, never partial
    expect(s.observations.map((o) => [o.period.label, o.value])).toEqual([['2017', 30], ['2018', 42], ['2019', null]]);
    expect(s.observations[2]!.derived!.definition).toContain('not reported: robbery');
    expect(s.observations[0]!.derived!.parts.map((p) => p.line)).toEqual([2, 3]);
  });
  it('computes a comparison area that excludes the city', () => {
    // 2017: 100 − 10 = 90; 2018: 110 − 12 = 98; 2019: Pakistan not reported, so no value at all
    expect(values(evidence, 'Pakistan excluding Islamabad', 'murder')).toEqual([['2017', 90], ['2018', 98]]);
    expect(evidence.series.find((s) => s.region === 'Pakistan excluding Islamabad')!.definition).toBe('Pakistan excluding Islamabad = Pakistan − Islamabad');
  });
  it('has no errors', () => {
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
  it('rejects an alias listed under two regions', async () => {
    const { parseTaxonomy } = await import('../../../src/taxonomy/index.js');
    const { findings: f } = parseTaxonomy('regions:\n  Islamabad: [ICT]\n  Capital: [ict]\n', 't.yaml');
    expect(f.map((x) => `${x.line}: ${x.message}`)).toEqual(["3: 'ict' is listed under two regions: 'Islamabad' and 'Capital'"]);
  });
});

describe('two sources for one series', async () => {
  const { evidence, findings } = await load('two-sources');
  it('keeps both as separate series and says where they disagree', () => {
    expect(evidence.series.map((s) => s.origin)).toEqual(['Delta Police: Annual report', 'Victim Survey: Delta victimisation survey']);
    expect(findings.filter((f) => f.code === 'sources-disagree').map((f) => f.message)).toEqual([
      'Delta / assaults: two sources disagree for 1 period, e.g. 2018: 80 (Delta Police: Annual report) vs 104 (Victim Survey: Delta victimisation survey)',
    ]);
  });
});

describe('skip rules, repeated periods and gaps', () => {
  it('leaves out the rows a skip rule names', async () => {
    const { readTable, parseCsv, DescriptorReader } = await import('../../../src/evidence/index.js');
    const { parseYaml } = await import('../../../src/yaml-nodes.js');
    const { doc } = parseYaml('measure: count\ncolumns: { period: Year, metric: Kind, value: N }\nfixed: { region: R }\nskip:\n  - { column: Kind, values: [Sub-total, Memo] }\n', 'd.yaml');
    const [spec] = new DescriptorReader(doc!, (p) => p).readFile('t.csv');
    const read = readTable(parseCsv('Year,Kind,N\n2017,Murder,5\n2017,Sub-total,99\n2017,Memo,1\n2018,Murder,6\n', 't.csv').table!, spec!, 't.csv');
    expect(read.findings).toEqual([]);
    expect(read.observations.map((o) => [o.metric, o.period.label, o.value, o.line])).toEqual([
      ['Murder', '2017', 5, 2],
      ['Murder', '2018', 6, 5],
    ]);
  });

  it('flags a period reported twice in one file, and gaps in a yearly series', async () => {
    const { buildEvidence, parseEvidenceCsv } = await import('../../../src/evidence/index.js');
    const text = 'region,metric,period,value\nA,m,2014,1\nA,m,2015,2\nA,m,2015,2\nA,m,2018,3\n';
    const { findings } = buildEvidence(parseEvidenceCsv(text, 'e.csv').observations);
    expect(findings.map((f) => `${f.severity} ${f.code} ${f.line}: ${f.message}`)).toEqual([
      'warning period-repeated 4: A / m 2015 is reported again (also at e.csv:3)',
      'info series-gap 2: A / m has no value for 2016, 2017',
    ]);
  });
});

describe('measure:, measures: and periods: (what the numbers and periods mean)', () => {
  async function read(yaml: string, csv: string) {
    const { readTable, parseCsv, DescriptorReader } = await import('../../../src/evidence/index.js');
    const { parseYaml } = await import('../../../src/yaml-nodes.js');
    const { doc } = parseYaml(yaml, 'd.yaml');
    const reader = new DescriptorReader(doc!, (p) => p);
    const [spec] = reader.readFile('t.csv');
    const table = readTable(parseCsv(csv, 't.csv').table!, spec!, 't.csv');
    return { descriptorFindings: reader.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`), ...table };
  }

  it('a metric rule wins over the file, and the file over the unit', async () => {
    const r = await read('measure: amount\nmeasures:\n  - { metric: cams, measure: level, rollup: last }\n', 'region,metric,period,value,unit\nA,cams,2019,5,cases\nA,cost,2019,7,cases\n');
    expect(r.descriptorFindings).toEqual([]);
    expect(r.findings).toEqual([]);
    expect(r.observations.map((o) => [o.metric, o.measure!.measure, o.measure!.rollup, o.measure!.basis])).toEqual([
      ['cams', 'level', 'last', "declared for metric 'cams' at d.yaml:3; rollup last declared at d.yaml:3"],
      ['cost', 'amount', 'sum', 'declared at d.yaml:1'],
    ]);
  });

  it('a column rule names a value column of a wide table', async () => {
    const r = await read('columns: { period: Year }\nfixed: { region: A }\nunpivot: { columns: [Thefts, Share], into: metric }\nmeasures:\n  - { column: Share, measure: rate }\n  - { column: Thefts, measure: count }\n', 'Year,Thefts,Share\n2019,10,4.5\n');
    expect(r.observations.map((o) => [o.metric, o.measure!.measure])).toEqual([['Thefts', 'count'], ['Share', 'rate']]);
  });

  it('every mistake is an error at its line and column', async () => {
    const r = await read('measure: lots\nmeasures:\n  - { metric: a, measure: count, rollup: mean }\n  - { measure: level }\n  - { metric: b, rollup: average }\nperiods: { format: fortnight, by: decade }\n', 'region,metric,period,value\nA,a,2019,1\n');
    expect(r.descriptorFindings).toEqual([
      "d.yaml:1:10 'measure' must be count, level, rate or amount, found 'lots'",
      "d.yaml:3:5 a measures rule: a count cannot roll up by 'mean'",
      "d.yaml:4:5 a measures rule needs 'metric' or 'column': which series it declares",
      "d.yaml:5:26 a measures rule: rollup must be sum, mean, last or first, found 'average'",
      'd.yaml:6:20 periods.format must be one of year, quarter, month, week, date, datetime, fiscal-year, found \'fortnight\'',
      'd.yaml:6:35 periods.by must be one of year, fiscal-year, quarter, month, week, day, found \'decade\'',
    ]);
  });

  it('a declared rollup that does not fit the measure the unit gives is an error at the declaration', async () => {
    const r = await read('measure: { rollup: last }\n', 'region,metric,period,value,unit\nA,a,2019,1,cases\n');
    expect(r.findings.map((f) => `${f.severity} ${f.file}:${f.line}:${f.column} ${f.message}`)).toEqual([
      "error d.yaml:1:10 rollup 'last' does not apply to metric 'a', which is a count (unit 'cases')",
    ]);
  });

  it('aggregate: count is a count: declaring another measure is an error', async () => {
    const { DescriptorReader } = await import('../../../src/evidence/index.js');
    const { parseYaml } = await import('../../../src/yaml-nodes.js');
    const { doc } = parseYaml('fixed: { region: A, metric: m }\nmeasure: level\naggregate: { count: rows, period: { column: date, by: month } }\n', 'd.yaml');
    const reader = new DescriptorReader(doc!, (p) => p);
    reader.readFile('t.csv');
    expect(reader.findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual(["2:10 'aggregate' with 'count: rows' counts rows: its numbers are counts, not a level"]);
  });

  it('periods: format makes every other form an error at its cell; by reads a date as its month', async () => {
    const r = await read('periods: { format: datetime, by: month }\n', 'region,metric,period,value,unit\nA,m,2019-01-15T10:00:00Z,1,ppm\nA,m,2019-02,2,ppm\nA,m,2019-03-02 08:30,3,ppm\n');
    expect(r.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`)).toEqual(["t.csv:3:3 period '2019-02' is not a datetime period"]);
    expect(r.observations.map((o) => o.period.label)).toEqual(['2019-01', '2019-03']);
  });

  it('fiscal years: FY cells need a declared start; 2017/18 and FY2018 are the same year', async () => {
    const undeclared = await read('measure: amount\n', 'region,metric,period,value\nA,m,FY2018,1\n');
    expect(undeclared.findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual(["2:3 period 'FY2018' is a fiscal year, but the file does not say when its year starts"]);
    const r = await read('measure: amount\nperiods: { fiscal_year_start: april }\n', 'region,metric,period,value\nA,m,FY2018,1\nA,n,2017/18,2\nA,o,2017-18,3\nA,p,2018,4\nA,q,2017/19,5\n');
    expect(r.observations.map((o) => [o.period.label, dayToIso(o.period.startDay), dayToIso(o.period.endDay)])).toEqual([
      ['FY2018', '2017-04-01', '2018-03-31'],
      ['FY2018', '2017-04-01', '2018-03-31'],
      ['FY2018', '2017-04-01', '2018-03-31'],
      ['FY2018', '2017-04-01', '2018-03-31'],
    ]);
    expect(r.findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual(["6:3 period '2017/19' is not a fiscal year"]);
  });

  it('month-start dates are months, with a note; one date alone, or a declared format, stays a day', async () => {
    const r = await read('measure: level\n', 'region,metric,period,value\nA,m,2015-01-01,1\nA,m,2015-02-01,2\n');
    expect(r.observations.map((o) => o.period.label)).toEqual(['2015-01', '2015-02']);
    expect(r.findings.map((f) => f.code)).toEqual(['period-month-starts']);
    const one = await read('measure: level\n', 'region,metric,period,value\nA,m,2015-01-01,1\n');
    expect(one.observations.map((o) => o.period.label)).toEqual(['2015-01-01']);
    const days = await read('measure: level\nperiods: { format: date }\n', 'region,metric,period,value\nA,m,2015-01-01,1\nA,m,2015-02-01,2\n');
    expect(days.observations.map((o) => o.period.label)).toEqual(['2015-01-01', '2015-02-01']);
  });
});

describe('a measures rule that matches nothing', () => {
  it('is a warning at the rule, naming the file', async () => {
    const { readTable, parseCsv, DescriptorReader } = await import('../../../src/evidence/index.js');
    const { parseYaml } = await import('../../../src/yaml-nodes.js');
    const { doc } = parseYaml('measures:\n  - { metric: cameras_instaled, measure: level }\n  - { metric: thefts, measure: count }\n', 'd.yaml');
    const [spec] = new DescriptorReader(doc!, (p) => p).readFile('t.csv');
    const read = readTable(parseCsv('region,metric,period,value\nA,thefts,2019,4\n', 't.csv').table!, spec!, 't.csv');
    expect(read.findings.map((f) => `${f.severity} ${f.file}:${f.line}:${f.column} ${f.message}`)).toEqual(["warning d.yaml:2:5 measures: the metric 'cameras_instaled' matches no metric read from t.csv"]);
  });
});

describe('a data package field declares its measure', () => {
  it('measure on a schema field is a column rule; a wrong rollup is an error at the field', async () => {
    const { readTable, parseCsv } = await import('../../../src/evidence/index.js');
    const { readDataPackage } = await import('../../../src/evidence/interpret/datapackage.js');
    const { parseYaml } = await import('../../../src/yaml-nodes.js');
    const json = JSON.stringify({
      resources: [
        {
          path: 't.csv',
          schema: { fields: [{ name: 'year', type: 'integer' }, { name: 'deaths', type: 'integer', measure: 'count' }, { name: 'budget', type: 'number', measure: 'amount' }] },
          claimcheck: { columns: { period: 'year' }, fixed: { region: 'A' }, unpivot: { columns: ['deaths', 'budget'], into: 'metric' } },
        },
      ],
    });
    const { doc } = parseYaml(json, 'datapackage.json');
    const { specs, findings } = readDataPackage(doc!, (p) => p);
    expect(findings).toEqual([]);
    const read = readTable(parseCsv('year,deaths,budget\n2019,3,1.5\n', 't.csv').table!, specs[0]!, 't.csv');
    expect(read.findings).toEqual([]);
    expect(read.observations.map((o) => [o.metric, o.measure!.measure, o.measure!.basis])).toEqual([
      ['deaths', 'count', "declared for column 'deaths' at datapackage.json:1"],
      ['budget', 'amount', "declared for column 'budget' at datapackage.json:1"],
    ]);
    const bad = readDataPackage(parseYaml(json.replace('"measure":"amount"', '"measure":"amount","rollup":"mean"'), 'datapackage.json').doc!, (p) => p);
    expect(bad.findings.map((f) => `${f.code} ${f.message}`)).toEqual(["descriptor-measure field 'budget': an amount cannot roll up by 'mean'"]);
  });
});
