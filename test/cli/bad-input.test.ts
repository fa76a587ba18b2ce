// The bad-input corpus: every file in test/fixtures/bad/ is named for its defect and must give exactly
// these messages, exit 2, and no report. Each case runs the real binary: `audit` with the fixture as the
// claims (YAML) or the evidence (CSV), and a valid file from test/fixtures/good/ for the other side.
// In the expected lines '@' stands for the fixture's path, and {n} for a number that depends on the
// machine (how deep the stack goes before the YAML parser gives up), {*} for any text.
import { cpSync, existsSync, linkSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, STACK_TRACE } from './helpers.js';

const BAD = 'test/fixtures/bad';
const GOOD_CLAIMS = 'test/fixtures/good/claims.yaml';
const GOOD_EVIDENCE = 'test/fixtures/good/evidence.csv';
const out = mkdtempSync(path.join(tmpdir(), 'claimcheck-bad-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const CASES: Array<[string, string[]]> = [
  ['csv-bad-period.csv', [
    "@:2:3: error: period 'FY2014/15' is not a period",
    "  hint: write periods as 2018, 2018-Q3, 2018-07, 2018-07-14, 2018-W05 or FY2018 (also 2018Q3, 2018M07 and ISO datetimes)",
    "1 error, 0 warnings",
  ]],
  ['csv-blank-lines-only.csv', [
    "@: error: the file is empty: no header row",
    "  hint: the first row names the columns, e.g. region,metric,period,value",
    "1 error, 0 warnings",
  ]],
  ['csv-blank-region.csv', [
    "@:2:1: error: 'region' is blank",
    "  hint: every observation names its region",
    "1 error, 0 warnings",
  ]],
  ['csv-decimal-comma.csv', [
    "@:2:4: error: value '1.234,5' has a decimal comma",
    "  hint: write 1234.5, or describe the number format in a descriptor (numbers: { decimal: \",\", thousands: \".\" })",
    "1 error, 0 warnings",
  ]],
  ['csv-duplicate-header.csv', [
    "@:1:5: error: column 'Value' appears twice in the header",
    "  hint: rename or remove one of them",
    "1 error, 0 warnings",
  ]],
  ['csv-empty.csv', [
    "@: error: the file is empty: no header row",
    "  hint: the first row names the columns, e.g. region,metric,period,value",
    "1 error, 0 warnings",
  ]],
  ['csv-infinity.csv', [
    "@:2:4: error: value '-Infinity' is not a finite number",
    "  hint: leave the cell blank if the value is missing",
    "1 error, 0 warnings",
  ]],
  ['csv-latin1.csv', [
    "@:2:2: error: the file is not valid UTF-8: byte 0xFC does not belong here (is the file Latin-1 or Windows-1252?)",
    "  hint: save the file as UTF-8 (in a spreadsheet: \"CSV UTF-8\")",
    "1 error, 0 warnings",
  ]],
  ['csv-missing-columns.csv', [
    "@:1:1: error: the header has no 'region', 'period' columns (found: place, metric, year, value)",
    "  hint: an evidence file's header is region,metric,period,value (optional unit, source, note), or region,metric,from,to,change_percent for reported changes; other layouts need a descriptor",
    "1 error, 0 warnings",
  ]],
  ['csv-nan.csv', [
    "@:2:4: error: value 'NaN' is not a finite number",
    "  hint: leave the cell blank if the value is missing",
    "1 error, 0 warnings",
  ]],
  ['csv-negative-count.csv', [
    "@:2:4: error: value -6732 is negative, but it is a count (unit 'cases')",
    "  hint: check the sign; a metric that can be negative (a balance, a change) is not a count of events: declare its measure (measure: level or amount) in a descriptor",
    "1 error, 0 warnings",
  ]],
  ['csv-not-a-number.csv', [
    "@:2:4: error: value 'about 6700' is not a number",
    "  hint: write a plain number such as 6128 or 12.5, or leave the cell blank if the value is missing",
    "1 error, 0 warnings",
  ]],
  ['csv-nul-byte.csv', [
    "@:2:32: error: the file contains NUL bytes: it is UTF-16 without a byte-order mark, or not a text file",
    "  hint: save the file as UTF-8 (in a spreadsheet: \"CSV UTF-8\")",
    "1 error, 0 warnings",
  ]],
  ['csv-number-too-large.csv', [
    "@:2:4: error: value '1e309' is too large to be a number",
    "  hint: check the value; claimcheck reads numbers up to about 1.8e308",
    "1 error, 0 warnings",
  ]],
  ['csv-percent-sign.csv', [
    "@:2:4: error: value '12 %' has a percent sign",
    "  hint: write 12 with unit 'percent', or set numbers: { percent: true } in a descriptor",
    "1 error, 0 warnings",
  ]],
  ['csv-quote-inside-field.csv', [
    "@:2:2: error: a quote appears inside a field that does not start with one",
    "  hint: quote the whole field and double the quotes inside it: \"say \"\"hi\"\"\"",
    "1 error, 0 warnings",
  ]],
  ['csv-ragged-rows.csv', [
    "@:2:5: error: the row has 4 fields, the header has 5",
    "  hint: every row needs one field per column; quote fields that contain commas",
    "@:3:6: error: the row has 6 fields, the header has 5",
    "  hint: every row needs one field per column; quote fields that contain commas",
    "2 errors, 0 warnings",
  ]],
  ['csv-text-after-closing-quote.csv', [
    "@:2:2: error: a closing quote is followed by other characters",
    "  hint: quote the whole field and double the quotes inside it: \"say \"\"hi\"\"\"",
    "1 error, 0 warnings",
  ]],
  ['csv-thousands-separator.csv', [
    "@:2:4: error: value '6,732' has thousands separators",
    "  hint: write 6732, or describe the number format in a descriptor (numbers: { thousands: \",\" })",
    "1 error, 0 warnings",
  ]],
  ['csv-too-many-fields.csv', [
    "@:1:20001: error: the row has more than 20,000 fields",
    "  hint: claimcheck reads rows of up to 20,000 fields: check the delimiter (a descriptor can set delimiter: \";\") and that the file has its line ends",
    "1 error, 0 warnings",
  ]],
  ['csv-unterminated-quote.csv', [
    "@:3:2: error: unterminated quoted field: the quote opened here is never closed",
    "  hint: add the closing \" (a quote inside a quoted field is written \"\")",
    "1 error, 0 warnings",
  ]],
  ['csv-utf16-no-bom.csv', [
    "@:1:2: error: the file contains NUL bytes: it is UTF-16 without a byte-order mark, or not a text file",
    "  hint: save the file as UTF-8 (in a spreadsheet: \"CSV UTF-8\")",
    "1 error, 0 warnings",
  ]],
  ['csv-utf16-odd-length.csv', [
    "@: error: the file starts with a UTF-16 little-endian byte-order mark but is not valid UTF-16 (an unpaired surrogate or an odd number of bytes)",
    "  hint: save the file as UTF-8 (in a spreadsheet: \"CSV UTF-8\")",
    "1 error, 0 warnings",
  ]],
  ['csv-utf32.csv', [
    "@: error: the file is UTF-32 encoded; claimcheck reads UTF-8 and UTF-16",
    "  hint: save the file as UTF-8 (in a spreadsheet: \"CSV UTF-8\")",
    "1 error, 0 warnings",
  ]],
  ['yaml-alias-amplification.yaml', [
    "@:81:9: error: aliases expand to more values than the file holds ten times over (an alias \"bomb\"?); stopped at '*src'",
    "  hint: use anchors and aliases only to reuse a value a few times",
    "1 error, 0 warnings",
  ]],
  ['yaml-bare-cr-line-ends.yaml', [
    "@:6:11: error: 'kind' must be 'forecast' or 'result', found 'forcast'",
    "  hint: forecast: a promise or projection; result: a reported achievement",
    "1 error, 0 warnings",
  ]],
  ['yaml-baseline-year-zero.yaml', [
    "@:9:15: error: 'baseline': '0000-01-01' is not a period: the year 0000 is outside 1800–2200",
    "  hint: periods are written 2018, 2018-Q3, 2018-07, 2018-07-14, 2018-W05 or FY2018 (also 2018Q3, 2018M07 and ISO datetimes), or a span 2013..2015",
    "1 error, 0 warnings",
  ]],
  ['yaml-billion-laughs.yaml', [
    "@:1:1: error: unknown top-level key 'l0'",
    "  hint: a claims file holds one key, 'claims:', a list of claims",
    "@:2:1: error: unknown top-level key 'l1'",
    "  hint: a claims file holds one key, 'claims:', a list of claims",
    "@:3:1: error: unknown top-level key 'l2'",
    "  hint: a claims file holds one key, 'claims:', a list of claims",
    "@:4:1: error: unknown top-level key 'l3'",
    "  hint: a claims file holds one key, 'claims:', a list of claims",
    "@:5:1: error: unknown top-level key 'l4'",
    "  hint: a claims file holds one key, 'claims:', a list of claims",
    "@:6:1: error: unknown top-level key 'l5'",
    "  hint: a claims file holds one key, 'claims:', a list of claims",
    "@:7:1: error: unknown top-level key 'l6'",
    "  hint: a claims file holds one key, 'claims:', a list of claims",
    "@:8:1: error: unknown top-level key 'l7'",
    "  hint: a claims file holds one key, 'claims:', a list of claims",
    "@:9:1: error: unknown top-level key 'l8'",
    "  hint: a claims file holds one key, 'claims:', a list of claims",
    "@:9:9: error: a source must be a mapping with publisher and title, found a list",
    "  hint: write it as: - {publisher: Dawn, title: \"…\", date: 2020-01-13, url: https://…}",
    "@:10:1: error: unknown top-level key 'l9'",
    "  hint: a claims file holds one key, 'claims:', a list of claims",
    "11 errors, 0 warnings",
  ]],
  ['yaml-change-as-number.yaml', [
    "@:8:13: error: 'change' must be a signed percentage, found the number -46",
    "  hint: write it with a sign and a percent sign: change: -15%   (a fall of 15%), a range: change: -30%..-28%, or a bound: change: \">= +100%\" (more than doubled)",
    "1 error, 0 warnings",
  ]],
  ['yaml-change-too-large.yaml', [
    "@:8:13: error: 'change': '-9999999999999999999999999999999999999999999999999999999999…' is too large to be a percentage",
    "  hint: change: -15%   (a fall of 15%), a range: change: -30%..-28%, or a bound: change: \">= +100%\" (more than doubled)",
    "1 error, 0 warnings",
  ]],
  ['yaml-change-unsigned.yaml', [
    "@:8:13: error: 'change': '46%' has no sign: write -46% for a fall or +46% for a rise",
    "  hint: change: -15%   (a fall of 15%), a range: change: -30%..-28%, or a bound: change: \">= +100%\" (more than doubled)",
    "1 error, 0 warnings",
  ]],
  ['yaml-claims-not-a-list.yaml', [
    "@:1:9: error: 'claims' must be a list, found 'every claim is true'",
    "  hint: write each claim as a list item starting with \"- id: ...\"",
    "1 error, 0 warnings",
  ]],
  ['yaml-deep-nesting.yaml', [
    "@:1:{n}: error: the YAML is nested too deeply to read",
    "  hint: claims need only a few levels of nesting; remove the deep brackets or indentation",
    "1 error, 0 warnings",
  ]],
  ['yaml-duplicate-id-by-alias.yaml', [
    "@:15:5: error: duplicate claim id 'nairobi-crime-46'",
    "  hint: it is already used at @:4; ids must be unique across all claims files",
    "1 error, 0 warnings",
  ]],
  ['yaml-duplicate-id-first-invalid.yaml', [
    "@:6:11: error: 'kind' must be 'forecast' or 'result', found 'reslt'",
    "  hint: forecast: a promise or projection; result: a reported achievement",
    "@:14:5: error: duplicate claim id 'nairobi-crime-46'",
    "  hint: it is already used at @:3; ids must be unique across all claims files",
    "2 errors, 0 warnings",
  ]],
  ['yaml-duplicate-key.yaml', [
    "@:6:5: error: the key 'kind' appears twice in this mapping (first on line 5)",
    "  hint: each key may appear once in a mapping; remove or rename the repeated one",
    "1 error, 0 warnings",
  ]],
  ['yaml-id-number.yaml', [
    "@:2:9: error: 'id' must be text, found the number 2018",
    "  hint: quote it, e.g. id: \"claim-2018\"",
    "1 error, 0 warnings",
  ]],
  ['yaml-id-too-long.yaml', [
    "@:2:9: error: 'id' is 301 characters long; ids are at most 128",
    "  hint: shorten it, e.g. nairobi-nairobi-nairobi-nairobi-nairobi",
    "1 error, 0 warnings",
  ]],
  ['yaml-id-uppercase.yaml', [
    "@:2:9: error: 'id' 'Nairobi Crime 46' may use only a-z, 0-9 and single hyphens",
    "  hint: for example: nairobi-crime-46",
    "1 error, 0 warnings",
  ]],
  ['yaml-kind-misspelt.yaml', [
    "@:5:11: error: 'kind' must be 'forecast' or 'result', found 'forcast'",
    "  hint: forecast: a promise or projection; result: a reported achievement",
    "1 error, 0 warnings",
  ]],
  ['yaml-latin1.yaml', [
    "@:3:24: error: the file is not valid UTF-8: byte 0xFC does not belong here (is the file Latin-1 or Windows-1252?)",
    "  hint: save the file as UTF-8 (in a spreadsheet: \"CSV UTF-8\")",
    "1 error, 0 warnings",
  ]],
  ['yaml-multiple-documents.yaml', [
    "@:13:1: error: the file holds more than one YAML document (a second '---')",
    "  hint: a claims file holds one YAML document; remove the \"---\" line or split the file",
    "1 error, 0 warnings",
  ]],
  ['yaml-period-bad-month.yaml', [
    "@:9:15: error: 'baseline': '2014-13' is not a period",
    "  hint: periods are written 2018, 2018-Q3, 2018-07, 2018-07-14, 2018-W05 or FY2018 (also 2018Q3, 2018M07 and ISO datetimes), or a span 2013..2015",
    "1 error, 0 warnings",
  ]],
  ['yaml-proto-pollution-keys.yaml', [
    "@:4:5: error: unknown field '__proto__'",
    "  hint: a claim's fields are: id, claimant, claimant_type, statement, kind, region, metric, change, value, baseline, target, sources, note, evidence, compare_to, tolerance, unit, conversion, tags, quote, found_at",
    "@:5:5: error: unknown field 'constructor'",
    "  hint: a claim's fields are: id, claimant, claimant_type, statement, kind, region, metric, change, value, baseline, target, sources, note, evidence, compare_to, tolerance, unit, conversion, tags, quote, found_at",
    "@:15:1: error: unknown top-level key '__proto__'",
    "  hint: a claims file holds one key, 'claims:', a list of claims",
    "3 errors, 0 warnings",
  ]],
  ['yaml-source-date-impossible.yaml', [
    "@:12:66: error: a source's date '2019-02-30' is not a calendar date",
    "  hint: write the day the source was published, e.g. date: 2019-11-12 (or its month, 2019-11; leave it out if unknown)",
    "1 error, 0 warnings",
  ]],
  ['yaml-span-too-long.yaml', [
    "@:9:15: error: 'baseline': the span '2000-01-01..2020-12-31' is longer than 5000 periods",
    "  hint: periods are written 2018, 2018-Q3, 2018-07, 2018-07-14, 2018-W05 or FY2018 (also 2018Q3, 2018M07 and ISO datetimes), or a span 2013..2015",
    "1 error, 0 warnings",
  ]],
  ['yaml-syntax-bad-indent.yaml', [
    "@:2:9: error: Implicit keys need to be on a single line",
    "  hint: fix the YAML syntax at this position",
    "@:2:9: error: Nested mappings are not allowed in compact mappings",
    "  hint: fix the YAML syntax at this position",
    "@:4:1: error: Sequence item without - indicator",
    "  hint: check the indentation and punctuation on this line; quote values that contain \": \" or \"#\"",
    "3 errors, 0 warnings",
  ]],
  ['yaml-syntax-unclosed-bracket.yaml', [
    "@:4:5: error: Flow sequence in block collection must be sufficiently indented and end with a ]",
    "  hint: check the indentation and punctuation on this line; quote values that contain \": \" or \"#\"",
    "1 error, 0 warnings",
  ]],
  ['yaml-tab-indent.yaml', [
    "@:3:1: error: Tabs are not allowed as indentation",
    "  hint: indent YAML with spaces, not tabs",
    "1 error, 0 warnings",
  ]],
  ['yaml-undefined-alias.yaml', [
    "@:12:9: error: the alias '*bloomberg' names no anchor defined before it",
    "  hint: define '&bloomberg' on a value above this line, or remove the alias",
    "1 error, 0 warnings",
  ]],
  ['yaml-unknown-tag-js-function.yaml', [
    "@:4:16: error: unknown tag !!js/function: claimcheck reads plain YAML values only",
    "  hint: remove the tag; write the value as plain text",
    "1 error, 0 warnings",
  ]],
  ['yaml-value-infinity.yaml', [
    "@:8:12: error: 'value' must be a finite number, found Infinity",
    "  hint: value: 8000, a range value: 7500..8500, a bound value: \">= 8000\", or with a scale word: value: 12 billion",
    "1 error, 0 warnings",
  ]],
  ['yaml-value-thousands.yaml', [
    "@:8:12: error: 'value': '6,732' has thousands separators; write 6732",
    "  hint: value: 8000, a range value: 7500..8500, a bound value: \">= 8000\", or with a scale word: value: 12 billion",
    "1 error, 0 warnings",
  ]],
  ['yaml-version-1-1.yaml', [
    "@:1:1: error: the file asks for YAML 1.1; claimcheck reads YAML 1.2",
    "  hint: remove the %YAML line: in YAML 1.1, yes/no, 010, 1:20 and dates change meaning",
    "1 error, 0 warnings",
  ]],
  ['yaml-within-too-long.yaml', [
    "@:10:23: error: 'within': 99999999y is more than 100 years",
    "  hint: a horizon is a few years: target: { within: 5y }",
    "1 error, 0 warnings",
  ]],
];

/**
 * Cases that need more than one file (a descriptor and its CSV, a taxonomy, a baseline, an --out that
 * names an input) are folders: `case.json` holds the arguments, the expected stderr lines and exit code,
 * and the other files are the inputs. The folder is copied to a temporary directory and run there, and
 * afterwards every file in it must be exactly as it was, with none added: no report written or changed.
 */
interface FolderCase {
  /** What the folder shows, in a sentence. */
  about: string;
  args: string[];
  /** Hard links to make in the copy, [existing, new] (git stores none). */
  hardLinks?: Array<[string, string]>;
  stderr: string[];
  status?: number;
}
const FOLDERS = readdirSync(path.join(ROOT, BAD)).filter((f) => lstatSync(path.join(ROOT, BAD, f)).isDirectory()).sort();

/** Every file under `dir` (symbolic links as their target's name), for before-and-after comparison. */
function snapshot(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(path.join(dir, prefix)).sort()) {
    const rel = path.join(prefix, name);
    const stat = lstatSync(path.join(dir, rel));
    if (stat.isSymbolicLink()) files[rel] = `-> ${readlinkSync(path.join(dir, rel))}`;
    else if (stat.isDirectory()) Object.assign(files, snapshot(dir, rel));
    else files[rel] = readFileSync(path.join(dir, rel)).toString('base64');
  }
  return files;
}

describe('the bad-input corpus: cases with several files', () => {
  it.concurrent.each(FOLDERS)('%s', async (name) => {
    const spec = JSON.parse(readFileSync(path.join(ROOT, BAD, name, 'case.json'), 'utf8')) as FolderCase;
    expect(spec.about.length).toBeGreaterThan(10);
    const cwd = path.join(out, name);
    cpSync(path.join(ROOT, BAD, name), cwd, { recursive: true, verbatimSymlinks: true });
    for (const [existing, link] of spec.hardLinks ?? []) linkSync(path.join(cwd, existing), path.join(cwd, link));
    const before = snapshot(cwd);
    const run = await runCli(spec.args, { cwd });
    const lines = run.stderr.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length, run.stderr).toBe(spec.stderr.length);
    lines.forEach((line, i) => expect(matches(spec.stderr[i]!, line), `line ${i + 1}:\n  got:  ${line}\n  want: ${spec.stderr[i]}`).toBe(true));
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.status).toBe(spec.status ?? 2);
    expect(snapshot(cwd)).toEqual(before);
  });
});

function matches(expected: string, actual: string): boolean {
  // {n}: a number; {*}: any text (what the machine decides, e.g. whether a pipe is a FIFO or a socket).
  const escape = (p: string) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = expected.split('{*}').map((part) => part.split('{n}').map(escape).join('\\d+')).join('.+');
  return new RegExp(`^${pattern}$`).test(actual);
}

describe('the bad-input corpus', () => {
  it('has a case for every fixture, and at least 40', () => {
    expect(CASES.map(([name]) => name).sort()).toEqual(readdirSync(path.join(ROOT, BAD)).filter((f) => !FOLDERS.includes(f)).sort());
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.concurrent.each(CASES)('%s', async (name, expected) => {
    const fixture = `${BAD}/${name}`;
    const report = path.join(out, `${name}.json`);
    const isClaims = /\.ya?ml$/.test(name);
    const run = await runCli(['audit', '-c', isClaims ? fixture : GOOD_CLAIMS, '-e', isClaims ? GOOD_EVIDENCE : fixture, '--format', 'json', '--out', report]);
    const lines = run.stderr.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.pop()).toBe("no report written: fix the errors above ('claimcheck validate' lists them too)");
    const want = expected.map((l) => l.replaceAll('@', fixture));
    expect(lines.length).toBe(want.length);
    lines.forEach((line, i) => expect(matches(want[i]!, line), `line ${i + 1}:\n  got:  ${line}\n  want: ${want[i]}`).toBe(true));
    // Every error line names the file, with line and column where the file has them.
    for (const line of lines.filter((l) => l.includes(': error: '))) expect(line.startsWith(`${fixture}`)).toBe(true);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.status).toBe(2);
    expect(existsSync(report)).toBe(false);
    expect(run.ms).toBeLessThan(15_000);
  });
});
