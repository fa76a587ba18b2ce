// Official statistics as publishers ship them, read unchanged with a descriptor (issue 15), end to end
// through the built CLI. Each fixture copies a publisher's layout; its README names the source.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.js';

const PUBLISHERS = path.join(ROOT, 'test/fixtures/publishers');

function audit(name: string, extra: string[] = []) {
  const dir = path.join(PUBLISHERS, name);
  const run = runCli(['audit', '--claims', path.join(dir, 'claims.yaml'), '--evidence', path.join(dir, 'evidence'), '--format', 'json', ...extra], { cwd: dir });
  expect(run.stderr).not.toContain('error:');
  expect(run.status).toBe(0);
  const report = JSON.parse(run.stdout);
  return { run, report, byId: new Map<string, any>(report.results.map((r: any) => [r.id, r])) };
}

/** Write a descriptor and its CSV into a fresh directory and validate them; returns stderr. */
function validate(descriptor: string, csv: string, name = 'data'): { status: number | null; stderr: string } {
  const dir = tempDir();
  writeFileSync(path.join(dir, `${name}.yaml`), descriptor);
  writeFileSync(path.join(dir, `${name}.csv`), csv);
  const run = runCli(['validate', '.'], { cwd: dir });
  return { status: run.status, stderr: run.stderr };
}

describe('a World Bank indicator download (four lines of preamble, a column per year)', () => {
  const { byId, report } = audit('world-bank');
  it('reads the header on line 5 and every year column from 1960 to 2023', () => {
    const kenya = report.series.find((s: any) => s.region === 'Kenya');
    expect(kenya.observations).toHaveLength(64);
    expect([kenya.observations[0].period, kenya.observations[63].period]).toEqual(['1960', '2023']);
    // Trailing comma: the blank last column is not a year and is not read.
    expect(report.series.every((s: any) => s.observations.every((o: any) => /^\d{4}$/.test(o.period)))).toBe(true);
  });
  it('judges the claim on the rows as the file numbers them', () => {
    const r = byId.get('kenya-population-1990-2023');
    // Kenya row is line 7 (BOM, preamble, blank, preamble, blank, header, Aruba): 1990 = 20,551,975, 2023 = 57,192,388
    expect(r.evidence.map((e: any) => [path.basename(e.file), e.line, e.period, e.value])).toEqual([
      ['API_SP.POP.TOTL_DS2_en_csv_v2_1.csv', 7, '1990', 20551975],
      ['API_SP.POP.TOTL_DS2_en_csv_v2_1.csv', 7, '2023', 57192388],
    ]);
    // 57192388 / 20551975 − 1 = 1.78281… → +178.28%, inside +170%..+190%
    expect(r.observed.change_percent).toBeCloseTo((57192388 / 20551975 - 1) * 100, 3);
    expect(r.verdict).toBe('supported');
    expect(byId.get('spain-population-2023').verdict).toBe('supported');
  });
});

describe('header_row, skip (lines) and footer: errors at file:line:column', () => {
  const csv = 'Title line\n\nYear,North\n2019,10\n2020,12\nSource: somewhere\n';
  it('reads a file with a preamble and a footnote', () => {
    const ok = validate('header_row: 3\nfooter: 1\ncolumns: { period: Year }\nfixed: { metric: cases }\nunpivot: { columns: [North], into: region }\n', csv);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
  });
  it('without footer, the footnote is a ragged row', () => {
    const bad = validate('skip: 2\ncolumns: { period: Year }\nfixed: { metric: cases }\nunpivot: { columns: [North], into: region }\n', csv);
    expect(bad.stderr).toContain('data.csv:6:2: error: the row has 1 field, the header has 2');
  });
  it('header_row on a blank line', () => {
    const bad = validate('header_row: 2\ncolumns: { period: Year }\nfixed: { metric: cases }\nunpivot: { columns: [North], into: region }\n', csv);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('data.yaml:1:13: error: header_row: 2, but line 2 of data.csv is blank or inside a quoted field; the next row starts on line 3');
  });
  it('header_row that is not a whole number, and both header_row and skip', () => {
    expect(validate('header_row: two\nfixed: { metric: cases }\n', csv).stderr).toContain("data.yaml:1:13: error: header_row must be a whole number ≥ 1, found 'two'");
    expect(validate('header_row: 3\nskip: 2\n', csv).stderr).toContain("data.yaml:2:1: error: 'skip' (a count of lines) and 'header_row' say the same thing twice");
    expect(validate('footer: -1\n', csv).stderr).toContain('data.yaml:1:9: error: footer must be a whole number ≥ 0, found the number -1');
  });
  it('header_row past the end of the file', () => {
    expect(validate('header_row: 40\ncolumns: { period: Year }\n', csv).stderr).toContain('data.yaml:1:13: error: header_row: 40, but data.csv ends before line 40');
  });
});

describe('unpivot by range, pattern or every other column: errors at file:line:column', () => {
  const csv = 'Country,Code,1999,2000,2001,Note\nSpain,ES,1,2,3,x\n';
  const head = 'columns: { region: Country, note: Note }\nfixed: { metric: cases }\n';
  it('a range end that is not a column', () => {
    expect(validate(`${head}unpivot: { columns: 1999..2011, into: period }\n`, csv).stderr).toContain("data.yaml:3:21: error: the last column of unpivot.columns '2011' is not a column of data.csv");
  });
  it('a pattern that matches nothing, and one that is not a regular expression', () => {
    // A pattern is written in block style (or in single quotes): YAML's flow style reserves { } [ ] ,
    expect(validate(`${head}unpivot:\n  into: period\n  columns: /^\\d{5}$/\n`, csv).stderr).toContain("data.yaml:5:12: error: no column matches the pattern of unpivot.columns: '/^\\d{5}$/' is not a column of data.csv");
    expect(validate(`${head}unpivot:\n  into: period\n  columns: /(/\n`, csv).stderr).toContain('data.yaml:5:12: error: unpivot.columns: /(/ is not a regular expression');
    expect(validate(`${head}unpivot:\n  into: period\n  columns: '/^\\d{4}$/'\n`, csv).status).toBe(0);
  });
  it('"*" takes the columns not named elsewhere, less except', () => {
    expect(validate(`${head}unpivot: { columns: "*", except: [Code], into: period }\n`, csv).status).toBe(0);
    // Without except, the Code column is taken too, and its name is not a period.
    expect(validate(`${head}unpivot: { columns: "*", into: period }\n`, csv).stderr).toContain("data.csv:2:2: error: period 'Code' is not a period");
    expect(validate(`${head}unpivot: { columns: "*", except: [Cdoe], into: period }\n`, csv).stderr).toContain("data.yaml:3:35: error: unpivot.except column 'Cdoe' is not a column of data.csv (did you mean 'Code'?)");
    expect(validate(`${head}unpivot: { columns: [1999], except: [Code], into: period }\n`, csv).stderr).toContain("data.yaml:3:29: error: 'except' goes with columns: \"*\"");
  });
});

describe('claims as people make them: bounds, tolerance, units and scale words, tags', () => {
  const { byId, report } = audit('claim-forms');
  it('">= +100%" is a half-open range: +160% is inside it, +50% falls short of it', () => {
    // 1000 → 2600: +160% ≥ +100% → supported, gap 0; 1000 → 1500: +50%, 50 pp short of +100%
    expect([byId.get('visitors-more-than-doubled').verdict, byId.get('visitors-more-than-doubled').gap_pp]).toEqual(['supported', 0]);
    const short = byId.get('visitors-doubled-by-2021');
    expect([short.verdict, short.gap_pp]).toEqual(['partly-supported', -50]);
    expect(short.claimed).toEqual({ type: 'change', low: 100, high: null, text: '>= +100%' });
  });
  it('"<= -20%" takes any fall of a fifth or more', () => {
    // 600 → 390: −35% ≤ −20% → supported
    const r = byId.get('burglaries-down-a-fifth-or-more');
    expect([r.verdict, r.gap_pp, r.claimed.low, r.claimed.high]).toEqual(['supported', 0, -100, -20]);
  });
  it("a claim's own tolerance decides, and the report says so", () => {
    // −35% against −33%: 2 pp off; within this claim's 2.5 pp, not within the audit's 0.5 pp
    const r = byId.get('burglaries-fell-a-third');
    expect([r.verdict, r.gap_pp, r.claim.tolerance]).toEqual(['supported', -2, 2.5]);
    expect(byId.get('burglaries-down-a-fifth-or-more').claim.tolerance).toBeNull();
    const md = runCli(['audit', '--claims', 'claims.yaml', '--evidence', 'evidence', '--format', 'md'], { cwd: path.join(PUBLISHERS, 'claim-forms') }).stdout;
    expect(md).toContain("- Tolerance: 2.5 pp (this claim's own; the audit's is 0.5 pp)");
  });
  it('scale words: 12 billion PKR against 12,000 PKR million; 1.8k against 1,800', () => {
    const r = byId.get('budget-12-billion');
    expect([r.verdict, r.gap_percent_of_claim]).toEqual(['supported', 0]);
    expect(r.reasons[0]).toBe("the claimed 12 billion PKR is 12,000 in the evidence's unit (PKR million)");
    expect(byId.get('cameras-1-8k').reasons[0]).toBe('the claimed 1.8k is read as 1,800');
  });
  it('a declared conversion: 43 USD million at 280 PKR per USD is 12,040 PKR million', () => {
    const r = byId.get('budget-in-usd');
    // (12000 − 12040) / 12040 = −0.332% → within 0.5%
    expect(r.gap_percent_of_claim).toBeCloseTo(((12000 - 12040) / 12040) * 100, 3);
    expect(r.verdict).toBe('supported');
    expect(r.reasons.slice(0, 2)).toEqual(["the claimed 43 USD million is 12,040 in the evidence's unit (PKR million)", 'converted at the declared rate 1 USD = 280 PKR']);
    expect([r.claim.unit, r.claim.conversion]).toEqual(['USD million', '1 USD = 280 PKR']);
  });
  it('a claim in USD against evidence in PKR without a conversion is an input error at the unit', () => {
    const dir = path.join(PUBLISHERS, 'claim-forms');
    const run = runCli(['audit', '--claims', 'claims-unit-mismatch.yaml', '--evidence', 'evidence'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('claims-unit-mismatch.yaml:9:11: error: budget-in-usd-undeclared: the claim is in USD million but the evidence is in PKR million; declare a rate with conversion: "1 USD = RATE PKR"');
  });
  it('tags are in the JSON report and group the claims in Markdown', () => {
    expect(byId.get('visitors-more-than-doubled').claim.tags).toEqual(['claimant:government', 'tourism']);
    expect(byId.get('budget-12-billion').claim.tags).toEqual([]);
    const md = runCli(['audit', '--claims', 'claims.yaml', '--evidence', 'evidence', '--format', 'md'], { cwd: path.join(PUBLISHERS, 'claim-forms') }).stdout;
    expect(md).toContain('## By tag');
    expect(md).toContain('| claimant:government | 2 | 1 supported, 1 partly-supported |');
    expect(md).toContain('| claimant:police | 2 | 2 supported |');
    expect(md).toContain('- Tags: claimant:government, tourism');
    const html = runCli(['audit', '--claims', 'claims.yaml', '--evidence', 'evidence', '--format', 'html'], { cwd: path.join(PUBLISHERS, 'claim-forms') }).stdout;
    expect(html).toContain('<h2 id="by-tag">By tag</h2>');
    expect(html).toMatch(/<td>claimant:police<\/td><td>2<\/td><td>2 supported<\/td>/);
    expect(report.results.length).toBe(7);
  });
});

describe('claim forms: errors at file:line:column', () => {
  function claimErrors(fields: string): string {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'claims.yaml'), `claims:\n  - id: a\n    claimant: X\n    statement: Y\n    kind: result\n    sources: [{ publisher: P, title: T }]\n${fields}`);
    const run = runCli(['validate', 'claims.yaml'], { cwd: dir });
    expect(run.status).toBe(2);
    return run.stderr;
  }
  it.each([
    ['    change: "> +100%"\n', "claims.yaml:7:13: error: 'change': '> +100%' uses a strict bound; write >= or <="],
    ['    change: "<= -120%"\n', "claims.yaml:7:13: error: 'change': '<= -120%' is below −100%, which no change can be"],
    ['    change: -10%\n    tolerance: 5%\n', "claims.yaml:8:16: error: 'tolerance' 5% is in percent of a value, which applies to a level"],
    ['    value: 10\n    tolerance: 2pp\n', "claims.yaml:8:16: error: 'tolerance' 2pp is in percentage points, which apply to a change"],
    ['    value: 10\n    tolerance: -1\n', "claims.yaml:8:16: error: 'tolerance' must be a number ≥ 0, found the number -1"],
    ['    value: 12 zillion\n', "claims.yaml:7:12: error: 'value': '12 zillion' ends in 'zillion', which is not a scale word"],
    ['    change: -10%\n    unit: cases\n', "claims.yaml:8:5: error: 'unit' applies to a level claim (value:); a change is a ratio and has no unit"],
    ['    value: 10\n    unit: USD million bn\n', "claims.yaml:8:11: error: 'unit': 'USD million bn' has two scale words (million, billion)"],
    ['    value: 10\n    conversion: 1 USD = 280 PKR\n', "claims.yaml:8:5: error: 'conversion' needs the claim's 'unit'"],
    ['    value: 10\n    unit: EUR\n    conversion: 1 USD = 280 PKR\n', "claims.yaml:9:17: error: 'conversion' converts from USD, but the claim's unit is EUR"],
    ['    value: 10\n    unit: USD\n    conversion: USD is 280 PKR\n', "claims.yaml:9:17: error: 'conversion': 'USD is 280 PKR' is not a conversion written as 1 FROM = RATE TO"],
    ['    tags: [safe city]\n', "claims.yaml:7:12: error: tag 'safe city' contains a space or a comma"],
    ['    tags: { a: 1 }\n', "claims.yaml:7:11: error: 'tags' must be a list of labels"],
  ])('%j', (fields, expected) => {
    expect(claimErrors(fields)).toContain(expected);
  });
});

describe('output that stays readable', () => {
  it('a claim judged against sources that disagree says so on its terminal line and in Markdown and HTML', () => {
    const args = ['audit', '--claims', path.join(ROOT, 'test/fixtures/descriptor-claims/two-sources.yaml'), '--evidence', path.join(ROOT, 'test/fixtures/descriptors/two-sources')];
    const line = runCli(args).stdout.split('\n').find((l) => l.startsWith('delta-assaults-down '))!;
    expect(line).toMatch(/contradicted .* 2 sources disagree: see explain$/);
    // The pinned claim reads one source: no such note.
    expect(runCli(args).stdout.split('\n').find((l) => l.startsWith('delta-assaults-down-police'))).not.toContain('disagree');
    const md = runCli([...args, '--format', 'md']).stdout;
    expect(md).toContain('### delta-assaults-down — contradicted (2 sources disagree)');
    expect(md).toMatch(/\| delta-assaults-down \|.*\| contradicted \(2 sources disagree\) \|/);
    expect(runCli([...args, '--format', 'html']).stdout).toContain('<span class="disagree">2 sources disagree</span>');
    expect(runCli([...args, '--format', 'github']).stdout).toContain('::delta-assaults-down: contradicted (2 sources disagree: see explain)%0A');
  });
  it('per-series notes on a large table are one finding per file and code, with a count and the first lines', () => {
    const dir = tempDir();
    // Five regions reported every five years: each yearly series has gaps.
    const rows = ['A', 'B', 'C', 'D', 'E'].flatMap((r) => [2010, 2015, 2020].map((y) => `${r},m,${y},1`));
    writeFileSync(path.join(dir, 'e.csv'), `region,metric,period,value\n${rows.join('\n')}\n`);
    const run = runCli(['validate', 'e.csv'], { cwd: dir });
    const notes = run.stderr.split('\n').filter((l) => l.includes('series'));
    expect(notes).toEqual(['e.csv:2: note: 5 series have gaps: A / m has no value for 2011, 2012, 2013, 2014, 2016, 2017 and 2 more (line 2); B / m has no value for 2011, 2012, 2013, 2014, 2016, 2017 and 2 more (line 5); C / m has no value for 2011, 2012, 2013, 2014, 2016, 2017 and 2 more (line 8); and 2 more']);
  });
});

describe('Eurostat SDMX-CSV (layout: sdmx-csv), with flags and two readings of one file', () => {
  const { byId, report, run } = audit('eurostat-sdmx');
  it('reads TIME_PERIOD, OBS_VALUE, geo and OBS_FLAG without naming them', () => {
    const es = report.series.find((s: any) => s.region === 'ES' && s.metric === 'population on 1 January');
    expect(es.observations.map((o: any) => o.period)).toEqual(['2014', '2015', '2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023']);
    // 46,403,115 (2015) → 48,241,609 (2023): +3.96% ≥ +3%
    expect(byId.get('spain-population-grew').observed.change_percent).toBeCloseTo((48241609 / 46403115 - 1) * 100, 3);
    expect(byId.get('spain-population-grew').verdict).toBe('supported');
  });
  it('keeps each flag with its value and shows p/e as cautions', () => {
    const r = byId.get('greece-population-2023');
    expect(r.evidence.map((e: any) => [e.line, e.flags, e.cautions])).toEqual([[31, 'ep', ['e: estimated', 'p: provisional']]]);
    expect(r.reasons).toContain('caution: the 2023 value (evidence/tps00001.csv:31) is flagged e: estimated, p: provisional');
    const explain = runCli(['explain', 'greece-population-2023', '--claims', 'claims.yaml', '--evidence', 'evidence'], { cwd: path.join(PUBLISHERS, 'eurostat-sdmx') }).stdout;
    expect(explain).toContain('10,328,890 [flag ep (estimated, provisional)] persons');
    const html = runCli(['audit', '--claims', 'claims.yaml', '--evidence', 'evidence', '--format', 'html'], { cwd: path.join(PUBLISHERS, 'eurostat-sdmx') }).stdout;
    expect(html).toContain('<td>10,328,890 [flag ep (estimated, provisional)]</td>');
  });
  it('a break in series between baseline and target is a warning on the claim', () => {
    expect(run.stderr).toContain('evidence/tps00001.csv:9: warning: spain-population-grew: a break in series between the baseline and the target, at 2021');
    expect(byId.get('spain-population-grew').reasons.some((x: string) => x.startsWith('caution: a break in series'))).toBe(true);
    // Greece's target is flagged, but no break lies between its periods (a level claim has none).
    expect(report.findings.filter((f: any) => f.code === 'break-in-series').map((f: any) => f.claim)).toEqual(['spain-population-grew', 'france-unemployed-fell']);
  });
  it('reads one file twice (readings:), one unit each', () => {
    // PC_ACT: 24.4 → 12.2 = −50%; THS_PER: 3,069.4 → 2,175.4 = −29.13%
    expect(byId.get('spain-unemployment-halved').observed.change_percent).toBeCloseTo(-50, 9);
    expect(byId.get('france-unemployed-fell').observed.change_percent).toBeCloseTo((2175.4 / 3069.4 - 1) * 100, 3);
    const units = report.series.filter((s: any) => s.metric.startsWith('unemploy')).map((s: any) => [s.region, s.metric, s.unit]);
    expect(units).toEqual([['ES', 'unemployment rate', 'PC_ACT'], ['FR', 'unemployed persons', 'THS_PER']]);
    expect(report.inputs.filter((i: any) => i.path.endsWith('une_rt_a.csv'))).toHaveLength(1);
  });
});

describe('layout, readings and flags: errors at file:line:column', () => {
  const sdmx = 'DATAFLOW,LAST UPDATE,freq,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\nX,1,A,PC,ES,2020,1,\nX,1,A,NR,ES,2020,5,p\n';
  it('a layout this tool does not know', () => {
    expect(validate('layout: sdmx\nfixed: { metric: m }\n', sdmx).stderr).toContain('data.yaml:1:9: error: layout must be sdmx-csv or json-stat, found \'sdmx\'');
  });
  it('an SDMX-CSV file whose unit dimension holds two units', () => {
    const bad = validate('layout: sdmx-csv\nfixed: { metric: m }\n', sdmx);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("data.yaml:1:9: error: data.csv: the dimension 'unit' holds 2 values ('PC', 'NR'), so one series would mix them");
  });
  it('a file without TIME_PERIOD read as SDMX-CSV', () => {
    expect(validate('layout: sdmx-csv\nfixed: { metric: m }\n', 'geo,year,OBS_VALUE\nES,2020,1\n').stderr).toContain('data.yaml:1:9: error: layout: sdmx-csv, but data.csv has no TIME_PERIOD column');
  });
  it('readings that are not a list, and a file key inside a reading', () => {
    expect(validate('layout: sdmx-csv\nreadings: rate\n', sdmx).stderr).toContain("data.yaml:2:11: error: 'readings' must be a non-empty list of readings, found 'rate'");
    const bad = validate('layout: sdmx-csv\nreadings:\n  - fixed: { metric: a }\n    skip: [{ column: unit, values: [NR] }]\n    delimiter: ";"\n', sdmx);
    expect(bad.stderr).toContain("data.yaml:5:5: error: unknown field 'delimiter' in a reading");
  });
  it("a reading's name that is not text", () => {
    expect(validate('layout: sdmx-csv\nreadings:\n  - { name: [a], fixed: { metric: a }, skip: [{ column: unit, values: [NR] }] }\n', sdmx).stderr).toContain('data.yaml:3:13: error: readings.name must be text, found a list');
  });
  it('a flags column that is not in the header', () => {
    expect(validate('columns: { flags: Flag }\n', 'region,metric,period,value\nES,m,2020,1\n').stderr).toContain("data.yaml:1:19: error: columns.flags: 'Flag' is not a column of data.csv");
  });
  it('two readings of one file, each its own metric: validates', () => {
    const ok = validate('layout: sdmx-csv\nreadings:\n  - { fixed: { metric: a }, skip: [{ column: unit, values: [NR] }] }\n  - { fixed: { metric: b }, skip: [{ column: unit, values: [PC] }] }\n', sdmx);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
  });
});

describe('JSON records: the World Bank API response, read unchanged', () => {
  const { byId, report } = audit('world-bank-api');
  it('reads the records at the pointer, nested fields by their path, each value at its line', () => {
    const r = byId.get('kenya-population-2015-2023');
    // Kenya 2015 = 47,878,339 (record on line 18), 2023 = 56,983,122 (line 2): +19.02%, short of ">= +20%"
    expect(r.evidence.map((e: any) => [e.line, e.period, e.value])).toEqual([
      [18, '2015', 47878339],
      [2, '2023', 56983122],
    ]);
    expect(r.observed.change_percent).toBeCloseTo((56983122 / 47878339 - 1) * 100, 3);
    expect([r.verdict, r.gap_pp]).toEqual(['partly-supported', expect.closeTo((56983122 / 47878339 - 1) * 100 - 20, 3)]);
  });
  it('a null value is missing', () => {
    expect(byId.get('pakistan-population-2023').verdict).toBe('no-evidence');
    expect(report.series.find((s: any) => s.region === 'Pakistan').observations.find((o: any) => o.period === '2023').value).toBeNull();
  });
});

describe('JSON-stat 2.0: a Eurostat dataset, read unchanged', () => {
  const { byId, run } = audit('eurostat-json-stat');
  it('lays the sparse values out over the dimensions and keeps the status as flags', () => {
    const r = byId.get('spain-population-2019-2023');
    // ES is geo 1 of 3, time 0..4: positions 5..9; 2019 = 46,937,060, 2023 = 48,073,728 (+2.42%)
    expect(r.evidence.map((e: any) => [e.period, e.value])).toEqual([['2019', 46937060], ['2023', 48073728]]);
    expect(r.verdict).toBe('supported');
    expect(run.stderr).toContain('evidence/tps00001.json:15: warning: spain-population-2019-2023: a break in series between the baseline and the target, at 2021');
    const greece = byId.get('greece-population-2023');
    expect(greece.evidence.map((e: any) => [e.line, e.column ?? null, e.flags, e.cautions])).toEqual([[12, null, 'p', ['p: provisional']]]);
  });
  it('a value absent from the sparse object is no value', () => {
    expect(byId.get('france-population-2023').verdict).toBe('no-evidence');
  });
  it('with country_codes: iso3166, ES, ESP and Spain are one region, named as ISO 3166-1 names it', () => {
    // The claims say Spain, ESP, EL and FR; the dataset writes ES, EL, FR.
    const spain = byId.get('spain-population-2019-2023');
    const byCode = byId.get('spain-population-2019-2023-by-code');
    expect([spain.claim.region, byCode.claim.region]).toEqual(['Spain', 'ESP']);
    expect(spain.evidence.map((e: any) => e.region)).toEqual(['Spain', 'Spain']);
    expect(byCode.observed).toEqual(spain.observed);
    // EL is Eurostat's code for Greece (ISO: GR).
    expect(byId.get('greece-population-2023').evidence[0].region).toBe('Greece');
  });
});

describe('country_codes: errors at file:line:column', () => {
  it('a value other than iso3166', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'taxonomy.yaml'), 'country_codes: iso-3166-2\n');
    writeFileSync(path.join(dir, 'e.csv'), 'region,metric,period,value\nES,m,2020,1\n');
    const run = runCli(['validate', '.'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("taxonomy.yaml:1:16: error: country_codes must be iso3166, found 'iso-3166-2'");
  });
  it("the taxonomy's own name for a country wins", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'taxonomy.yaml'), 'country_codes: iso3166\nregions:\n  España: [Spain]\n');
    writeFileSync(path.join(dir, 'e.csv'), 'region,metric,period,value\nES,m,2020,1\nESP,m,2021,2\n');
    writeFileSync(path.join(dir, 'claims.yaml'), 'claims:\n  - { id: a, claimant: X, statement: Y, kind: result, region: Spain, metric: m, value: 2, target: 2021, sources: [{ publisher: P, title: T }] }\n');
    const run = runCli(['audit', '--claims', 'claims.yaml', '--evidence', 'e.csv', '--evidence', 'taxonomy.yaml', '--format', 'json'], { cwd: dir });
    const r = JSON.parse(run.stdout).results[0];
    expect([r.verdict, r.evidence[0].region]).toEqual(['supported', 'España']);
  });
});

describe('JSON evidence: errors at file:line:column', () => {
  function validateJson(descriptor: string | undefined, json: string): { status: number | null; stderr: string } {
    const dir = tempDir();
    if (descriptor !== undefined) writeFileSync(path.join(dir, 'data.yaml'), descriptor);
    writeFileSync(path.join(dir, 'data.json'), json);
    const run = runCli(['validate', '.'], { cwd: dir });
    return { status: run.status, stderr: run.stderr };
  }
  it('a syntax error', () => {
    const bad = validateJson(undefined, '[\n  {"region": "A", "metric": "m", "period": "2020", "value": 1,}\n]\n');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('data.json:2:63: error: not valid JSON: a property name in double quotes was expected');
  });
  it('records without a descriptor are read like a plain CSV; a wrong value is an error at its place', () => {
    const bad = validateJson(undefined, '[\n  {"region": "A", "metric": "m", "period": "2020", "value": 1},\n  {"region": "A", "metric": "m", "period": "2021",\n   "value": "1,5"}\n]\n');
    expect(bad.stderr).toContain("data.json:4:13: error:");
    expect(bad.stderr).toContain("'1,5'");
  });
  it('a pointer to nothing, and a pointer that is not one', () => {
    expect(validateJson('pointer: /data/rows\n', '{"data": {"items": []}}').stderr).toContain("data.yaml:1:10: error: pointer /data/rows: data.json has no 'rows' at /data (it has: items)");
    expect(validateJson('pointer: data\n', '[]').stderr).toContain('data.yaml:1:10: error: pointer must be a JSON pointer such as /data/rows');
  });
  it('a record that is not an object, and a field that is a list', () => {
    expect(validateJson(undefined, '[\n  3\n]').stderr).toContain('data.json:2:3: error: a record must be an object of fields, found the number 3');
    expect(validateJson(undefined, '[{"region": ["A"]}]').stderr).toContain("data.json:1:13: error: field 'region' is a list of 1");
  });
  it('a JSON file that is not records, without a descriptor, is left out with a warning', () => {
    const run = validateJson(undefined, '{"about": "not evidence"}');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('data.json:1:1: warning: data.json is not a list of records (an object) and has no descriptor: not read');
  });
  it('JSON-stat: values that do not fill the dimensions, and a dimension id without a dimension', () => {
    const ds = (value: string, dims = '"a": {"category": {"index": ["x", "y"]}}, "time": {"category": {"index": ["2020"]}}') =>
      `{"version": "2.0", "class": "dataset", "id": ["a", "time"], "size": [2, 1],\n "dimension": {${dims}},\n "value": ${value}}`;
    const d = 'layout: json-stat\ncolumns: { region: a, period: time }\nfixed: { metric: m }\n';
    expect(validateJson(d, ds('[1, 2]')).status).toBe(0);
    expect(validateJson(d, ds('[1, 2, 3]')).stderr).toContain("data.json:3:11: error: 'value' has 3 values, the dimensions make 2 (2 × 1)");
    expect(validateJson(d, ds('[1, 2]', '"a": {"category": {"index": ["x", "y"]}}')).stderr).toContain("data.json:2:15: error: 'dimension' has no 'time', which 'id' lists");
    expect(validateJson(d, ds('[1, "two"]')).stderr).toContain('data.json:3:15: error: a value must be a number or null, found the text "two"');
  });
  it('layout: json-stat on a file that is not a dataset', () => {
    expect(validateJson('layout: json-stat\nfixed: { metric: m }\n', '[{"a": 1}]').stderr).toContain('data.json:1:1: error: a JSON-stat dataset is an object, found a list of 1');
  });
});

describe('a spreadsheet (.xlsx): an ONS-style workbook, read unchanged', () => {
  const dir = path.join(PUBLISHERS, 'ons-xlsx');
  const run = runCli(['audit', '--claims', 'claims.yaml', '--evidence', 'evidence', '--format', 'json'], { cwd: dir });
  const report = JSON.parse(run.stdout);
  const byId = new Map<string, any>(report.results.map((r: any) => [r.id, r]));
  it('reads the sheet and range the descriptor names, citing each value by its cell', () => {
    expect(run.status).toBe(0);
    const r = byId.get('burglary-fell-2019-2023');
    expect(r.evidence.map((e: any) => [e.file, e.line, e.cell, e.value])).toEqual([
      ['evidence/crime-by-offence-group.xlsx!Table_1', 5, 'C5', 356000],
      ['evidence/crime-by-offence-group.xlsx!Table_1', 5, 'G5', 248000],
    ]);
    // 248000 / 356000 − 1 = −30.34%, inside −31%..−29%
    expect(r.observed.change_percent).toBeCloseTo((248000 / 356000 - 1) * 100, 3);
    expect(r.verdict).toBe('supported');
    const explain = runCli(['explain', 'burglary-fell-2019-2023', '--claims', 'claims.yaml', '--evidence', 'evidence'], { cwd: dir }).stdout;
    expect(explain).toContain('evidence/crime-by-offence-group.xlsx!Table_1!C5  England and Wales / Burglary  2019  356,000 offences');
  });
  it('reads a formula as its stored value, and warns where a formula has none', () => {
    // F8 = SUM(F5:F7) stored as 650,000; G8 has no stored value
    expect(byId.get('total-2022').evidence.map((e: any) => [e.cell, e.value])).toEqual([['F8', 650000]]);
    expect(run.stderr).toContain('evidence/crime-by-offence-group.xlsx!Table_1!G8: warning: the formula =SUM(G5:G7) has no stored value: read as blank');
    const total2023 = report.series.find((s: any) => s.metric === 'Total').observations.find((o: any) => o.period === '2023');
    expect(total2023.value).toBeNull();
  });
  it('the workbook is one input, hashed as stored', () => {
    expect(report.inputs.filter((i: any) => i.path.endsWith('.xlsx')).map((i: any) => i.path)).toEqual(['evidence/crime-by-offence-group.xlsx']);
  });
});

describe('spreadsheets: errors at file:line:column, and cells cited as book.xlsx!Sheet!C12', () => {
  const book = path.join(PUBLISHERS, 'ons-xlsx/evidence/crime-by-offence-group.xlsx');
  function validateBook(descriptor: string): { status: number | null; stderr: string } {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'book.yaml'), descriptor);
    writeFileSync(path.join(dir, 'book.xlsx'), readFileSync(book));
    const run = runCli(['validate', '.'], { cwd: dir });
    return { status: run.status, stderr: run.stderr };
  }
  const rest = 'columns: { metric: Offence group, region: Area }\nunpivot: { columns: 2019..2023, into: period }\n';
  it('a sheet that is not there', () => {
    const bad = validateBook(`sheet: Table 1\nrange: A4:G8\n${rest}`);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("book.yaml:1:8: error: book.xlsx has no sheet 'Table 1'");
    expect(bad.stderr).toContain("its sheets are: 'Cover', 'Table_1', 'Notes'");
  });
  it('a range that is not a range, and a sheet that is not a name', () => {
    expect(validateBook(`sheet: Table_1\nrange: A4-G8\n${rest}`).stderr).toContain('book.yaml:2:8: error: range must be a cell range such as A4:G30');
    expect(validateBook(`sheet: [a]\nrange: A4:G8\n${rest}`).stderr).toContain("book.yaml:1:8: error: sheet must be a sheet's name or its position");
  });
  it('a range whose first row is not the header: the value cells are cited by cell', () => {
    const bad = validateBook(`sheet: Table_1\nrange: A5:G8\ncolumns: { metric: Burglary, region: England and Wales }\nunpivot: { columns: "356000..248000", into: period }\n`);
    expect(bad.stderr).toContain("book.xlsx!Table_1!C6: error: period '356000' is not a period");
  });
  it('a workbook that is not one', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'book.xlsx'), 'region,metric\n');
    writeFileSync(path.join(dir, 'book.yaml'), 'sheet: 1\n');
    const run = runCli(['validate', '.'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('book.xlsx: error: not a readable .xlsx workbook');
  });
});

describe('readings: counting and summing the same incident-level file', () => {
  const { byId, report } = audit('readings');
  it('counts rows under one metric and sums a column under another, from one file read as one input', () => {
    // 2020: rows on lines 2, 3, 4 → 3 readings; 4.2 + 0 + 12.5 = 16.7 mm
    expect([byId.get('rain-days-2020').verdict, byId.get('rain-days-2020').observed.target.value]).toEqual(['supported', 3]);
    expect(byId.get('rainfall-2020').observed.target.value).toBeCloseTo(16.7, 9);
    expect(byId.get('rainfall-2020').verdict).toBe('supported');
    expect(report.inputs.filter((i: any) => i.path.endsWith('rainfall.csv'))).toHaveLength(1);
  });
});

describe('keys that do not apply to the file they describe', () => {
  it('header_row on a JSON file, pointer on a spreadsheet', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'data.yaml'), 'header_row: 3\n');
    writeFileSync(path.join(dir, 'data.json'), '[]');
    expect(runCli(['validate', '.'], { cwd: dir }).stderr).toContain("data.yaml:1:13: error: 'header_row' does not apply to a JSON file (data.json)");
    const dir2 = tempDir();
    writeFileSync(path.join(dir2, 'book.yaml'), 'pointer: /1\n');
    writeFileSync(path.join(dir2, 'book.xlsx'), readFileSync(path.join(PUBLISHERS, 'ons-xlsx/evidence/crime-by-offence-group.xlsx')));
    expect(runCli(['validate', '.'], { cwd: dir2 }).stderr).toContain("book.yaml:1:10: error: 'pointer' does not apply to a spreadsheet (book.xlsx)");
  });
});
