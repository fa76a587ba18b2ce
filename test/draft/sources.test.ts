// Recall and precision of `draft` on the five public texts behind the bundled example audit
// (test/fixtures/draft/sources/, copies of the reporting the claims in claims/*.yaml were taken from).
//
// Recall: every quantitative claim of claims/*.yaml that these texts state is listed below with the
// number, direction and period the text gives, and each must be drafted with them. Where the
// bundled claim's period is the auditor's reading from outside the sentence (its `note` says so, or
// the sentence names none), the draft must leave the field as a placeholder, not guess: that is
// what "period correct" means here. How many drafted periods equal the bundled claim's exactly is
// computed too, and printed.
//
// Precision: every drafted claim is looked up in a hand annotation of the texts' numbers (REAL and
// NOT_A_CLAIM below); a drafted claim missing from both fails the test, so the figure is always
// over everything the draft produced.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { draft, type DraftClaim, type DraftResult } from '../../src/draft/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SOURCES = 'test/fixtures/draft/sources';
const FILES = [
  'punjab-safe-city-profile.txt',
  'huawei-safe-city-in-pakistan-report.txt',
  'serbia-smart-city-and-bes-lawsuit.txt',
  'bes-lawsuit-lahore.txt',
  'epoch-times-safe-city-ineffective.txt',
].map((f) => `${SOURCES}/${f}`);

interface Expected {
  /** The claim in claims/*.yaml. */
  bundled: string;
  file: string;
  /** The number as the text writes it. */
  number: string;
  /** What the draft must write: `change` (signed) or `value`; undefined = a placeholder (the sentence gives no total). */
  change?: string;
  value?: number | string;
  /** The period as the sentence states it; null = the sentence names none (a placeholder). */
  baseline: string | null;
  target: string | { within: string } | null;
  /** The bundled claim's own periods, for the exact-agreement figure. */
  bundledBaseline: string | null;
  bundledTarget: string | { within: string } | null;
}

const EPOCH = 'epoch-times-safe-city-ineffective.txt';
const REPORT = 'huawei-safe-city-in-pakistan-report.txt';
const BES = 'bes-lawsuit-lahore.txt';

// claims/global.yaml's huawei-marketing-unspecified states no number: it is not a quantitative claim.
const EXPECTED: Expected[] = [
  { bundled: 'islamabad-violent-crime-15', file: EPOCH, number: '15 percent', change: '-15%', baseline: null, target: null, bundledBaseline: '2015', bundledTarget: '2018' },
  { bundled: 'islamabad-crime-up-33', file: EPOCH, number: '33 percent', change: '+33%', baseline: null, target: '2018', bundledBaseline: '2017', bundledTarget: '2018' },
  { bundled: 'pakistan-crime-up-11', file: EPOCH, number: '11 percent', change: '+11%', baseline: null, target: null, bundledBaseline: '2015', bundledTarget: '2018' },
  { bundled: 'pakistan-crime-up-2-9', file: EPOCH, number: '2.9 percent', change: '+2.9%', baseline: '2017', target: '2018', bundledBaseline: '2017', bundledTarget: '2018' },
  { bundled: 'islamabad-dacoity-up-244', file: EPOCH, number: '244 percent', change: '+244%', baseline: '2017', target: '2018', bundledBaseline: '2017', bundledTarget: '2018' },
  { bundled: 'islamabad-robbery-burglary-up-62', file: EPOCH, number: '62 percent', change: '+62%', baseline: '2017', target: '2018', bundledBaseline: '2017', bundledTarget: '2018' },
  { bundled: 'nairobi-crime-46', file: EPOCH, number: '46 percent', change: '-46%', baseline: '2014', target: '2015', bundledBaseline: '2014', bundledTarget: '2015' },
  { bundled: 'mombasa-crime-46', file: EPOCH, number: '46 percent', change: '-46%', baseline: '2014', target: '2015', bundledBaseline: '2014', bundledTarget: '2015' },
  // "half of the … cameras in Islamabad": the sentence gives no total, so the count is a placeholder (the audit reads 975 of 1,950).
  { bundled: 'islamabad-cameras-half-out-2019', file: EPOCH, number: 'half', baseline: null, target: '2019-11', bundledBaseline: null, bundledTarget: '2019-11' },
  { bundled: 'lahore-rioting-20', file: REPORT, number: '20 percent', change: '-20%', baseline: null, target: { within: '5y' }, bundledBaseline: '2016', bundledTarget: { within: '5y' } },
  { bundled: 'lahore-vehicle-crime-28-30', file: REPORT, number: '28-30 percent', change: '-30%..-28%', baseline: null, target: { within: '5y' }, bundledBaseline: '2016', bundledTarget: { within: '5y' } },
  { bundled: 'punjab-property-crime-15-20', file: REPORT, number: '15-20 percent', change: '-20%..-15%', baseline: null, target: { within: '5y' }, bundledBaseline: '2016', bundledTarget: { within: '5y' } },
  { bundled: 'lahore-cameras-offline-2020', file: REPORT, number: '4000', value: 4000, baseline: null, target: '2020-01', bundledBaseline: null, bundledTarget: '2020-01' },
  { bundled: 'lahore-cameras-10000', file: REPORT, number: '10,000', value: 10000, baseline: null, target: null, bundledBaseline: null, bundledTarget: '2018-01' },
  { bundled: 'lahore-cost-12bn', file: REPORT, number: 'Rs. 12 billion', value: 12e9, baseline: null, target: null, bundledBaseline: null, bundledTarget: '2018-01' },
  // "more than 8,000 cameras" in 2016 ("that year"); the audit judges the plan at the 2018 inauguration.
  { bundled: 'lahore-cameras-8000', file: BES, number: '8,000', value: '>= 8000', baseline: null, target: '2016', bundledBaseline: null, bundledTarget: '2018' },
  // "would turn Lahore into a crime-free city": −100%, no period.
  { bundled: 'lahore-crime-free', file: BES, number: 'crime-free', change: '-100%', baseline: null, target: null, bundledBaseline: null, bundledTarget: null },
];

/** Hand annotation: the numbers drafted from these texts that are real quantitative claims (file, number as written, start of the sentence). */
const REAL: Array<[string, string, string]> = [
  ...EXPECTED.map((e): [string, string, string] => [e.file, e.number, '']),
  [EPOCH, '$100 million', 'Completed in 2016'],
  [EPOCH, '1,950', 'Completed in 2016'],
  [EPOCH, 'Seventy-two', 'Seventy-two screens'],
  [EPOCH, 'nine', 'Since 2015, Pakistan'],
  [EPOCH, '73', 'The report looked'],
  [EPOCH, '52', 'The report looked'],
  [EPOCH, '230', 'The report looked'],
  [EPOCH, '90', 'The report looked'],
  [EPOCH, '68', 'The People'],
  [EPOCH, '$8 trillion', 'The People'],
  [EPOCH, 'eight', 'The report, which'],
  [EPOCH, '$1.73 billion', 'For example'],
  [EPOCH, '$1.2 billion', 'For example'],
  [EPOCH, '$4 billion', 'Kenya owes'],
  [EPOCH, '15', 'Kenya owes'],
  [REPORT, '$84.7 million', 'It cost'],
  [REPORT, '$120 million', 'That project'],
  [REPORT, '75', 'This is perhaps'],
  [REPORT, 'five', 'This is perhaps'],
  [REPORT, '90', 'Huawei’s own'],
  [REPORT, '230', 'Huawei’s own'],
  [REPORT, '71 percent', 'It is then'],
  [REPORT, '850 million yuan', 'When questioned'],
  [REPORT, '$124 million', 'When questioned'],
  [REPORT, '$72 million', 'When questioned'],
  [REPORT, 'two', 'Government of Pakistan'],
  [REPORT, '$850 million', 'Government of Pakistan'],
  [REPORT, '$68 million', 'Three years later'],
  [REPORT, 'two', 'During the proceedings'],
  [REPORT, '3', 'The authority'],
  [REPORT, '4000', 'It was reported'],
  [REPORT, 'Rs. 1 billion', 'It was reported'],
  [REPORT, '$84 million', 'The $84 million'],
  [REPORT, '2,000', 'It is also'],
  [REPORT, '$248.7m', 'In 2017'],
  [REPORT, '$3m', 'In 2017'],
  ['punjab-safe-city-profile.txt', 'one quarter', 'According to media'],
  ['serbia-smart-city-and-bes-lawsuit.txt', 'a thousand', 'A strategic'],
  ['serbia-smart-city-and-bes-lawsuit.txt', '800', 'A strategic'],
  [BES, 'nine', 'In Pakistan'],
  [BES, '$150 million', 'According to the complaint'],
];

/** Numbers in these texts that a draft may pick up but that assert nothing (a mention of an amount already stated, a label). */
const NOT_A_CLAIM: Array<[string, string, string]> = [
  // "perhaps the 850 million Yuan played some part": the loan again, as a reason, not a figure claimed.
  [REPORT, '850 million Yuan', 'The strategies of obfuscation'],
];

function fileOf(c: DraftClaim): string {
  return path.basename(c.file);
}

function inList(list: Array<[string, string, string]>, c: DraftClaim): boolean {
  return list.some(([file, number, start]) => fileOf(c) === file && c.number.text === number && c.quote.startsWith(start));
}

const show = (v: unknown) => (v === undefined || v === null ? null : v);

function matches(e: Expected, c: DraftClaim): boolean {
  if (fileOf(c) !== e.file || c.number.text !== e.number) return false;
  const claimed = e.change ?? e.value;
  if (claimed === undefined ? c.claimed.value !== undefined : c.claimed.value !== claimed) return false;
  if (e.change !== undefined && c.claimed.field !== 'change') return false;
  if (e.change === undefined && c.claimed.field !== 'value') return false;
  if (JSON.stringify(show(c.baseline?.value)) !== JSON.stringify(e.baseline)) return false;
  return JSON.stringify(show(c.target.value)) === JSON.stringify(e.target);
}

let result: DraftResult;
beforeAll(async () => {
  result = await draft({ cwd: root, files: FILES, evidence: ['evidence'] });
}, 60_000);

describe('draft on the five source texts of the bundled example', () => {
  it('reads every text without a finding', () => {
    expect(result.findings).toEqual([]);
    expect(result.documents.map((d) => d.file)).toEqual(FILES);
  });

  it.each(EXPECTED.map((e) => [e.bundled, e] as const))('finds %s with its number, direction and period', (_id, e) => {
    const found = result.claims.filter((c) => matches(e, c));
    const near = result.claims.filter((c) => fileOf(c) === e.file && c.number.text === e.number).map((c) => ({ claimed: c.claimed, baseline: c.baseline, target: c.target }));
    expect(found.length, JSON.stringify(near, null, 1)).toBeGreaterThan(0);
    // Where the sentence names no period the draft leaves a placeholder that says so.
    for (const c of found) {
      if (e.baseline === null && c.baseline) expect(c.baseline.todo).toBeTruthy();
      if (e.target === null) expect(c.target.todo).toBeTruthy();
    }
  });

  it('splits "the cities" into the two cities the sentence before names', () => {
    const cities = result.claims.filter((c) => c.number.text === '46 percent').map((c) => c.region.value);
    expect(cities.sort()).toEqual(['Mombasa', 'Nairobi']);
  });

  it('finds at least 90% of the bundled claims, and at least 80% of what it drafts is a real claim', () => {
    const found = EXPECTED.filter((e) => result.claims.some((c) => matches(e, c)));
    const recall = found.length / EXPECTED.length;
    const unlabelled = result.claims.filter((c) => !inList(REAL, c) && !inList(NOT_A_CLAIM, c)).map((c) => `${c.foundAt} ${c.number.text}: ${c.quote.slice(0, 60)}`);
    expect(unlabelled, 'drafted claims missing from the annotation: label each as REAL or NOT_A_CLAIM').toEqual([]);
    const real = result.claims.filter((c) => inList(REAL, c) && !inList(NOT_A_CLAIM, c)).length;
    const precision = real / result.claims.length;
    // Periods equal to the bundled claim's own (which are sometimes the auditor's reading of the context).
    const exact = EXPECTED.filter((e) =>
      result.claims.some((c) => matches(e, c) && JSON.stringify(show(c.baseline?.value)) === JSON.stringify(e.bundledBaseline) && JSON.stringify(show(c.target.value)) === JSON.stringify(e.bundledTarget)),
    ).length;
    console.log(
      `draft on the five sources: recall ${found.length}/${EXPECTED.length} = ${(100 * recall).toFixed(1)}%, precision ${real}/${result.claims.length} = ${(100 * precision).toFixed(1)}%, periods equal to the bundled claims' ${exact}/${EXPECTED.length}`,
    );
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(precision).toBeGreaterThanOrEqual(0.8);
  });

  it('drafts the same claims, with the same ids, on every run', async () => {
    const again = await draft({ cwd: root, files: FILES, evidence: ['evidence'] });
    expect(again.claims).toEqual(result.claims);
    expect(new Set(result.claims.map((c) => c.id)).size).toBe(result.claims.length);
  });
});
