import { describe, expect, it } from 'vitest';
import { buildEvidence, parseEvidenceCsv } from '../../src/evidence/index.js';
import { isProblem, matchClaims, resolveSpec } from '../../src/match/index.js';
import { parsePeriodSpec } from '../../src/period.js';
import type { Claim, EvidenceSeries, PeriodSpec } from '../../src/types.js';

function series(rows: string, unit = 'cases'): EvidenceSeries {
  const text = `region,metric,period,value,unit\n${rows
    .trim()
    .split('\n')
    .map((r) => `A,m,${r.trim()},${unit}`)
    .join('\n')}\n`;
  return buildEvidence(parseEvidenceCsv(text, 'e.csv').observations).evidence.series[0]!;
}

const spec = (t: string) => parsePeriodSpec(t) as PeriodSpec;
const months = (year: number, values: number[]) => values.map((v, i) => `${year}-${String(i + 1).padStart(2, '0')},${v}`).join('\n');

describe('resolveSpec', () => {
  it('takes an exact period', () => {
    const r = resolveSpec(series('2017,16\n2018,39'), spec('2018'));
    expect(!isProblem(r) && [r.value, r.rows.map((o) => o.line)]).toEqual([39, [3]]);
  });

  it('sums 12 months of counts into a year, and says so', () => {
    const r = resolveSpec(series(months(2023, [80, 74, 77, 69, 72, 70, 75, 71, 68, 73, 76, 79])), spec('2023'));
    // 80+74+77+69+72+70+75+71+68+73+76+79 = 884
    expect(!isProblem(r) && r.value).toBe(884);
    expect(!isProblem(r) && r.method).toContain('sum of the 12 months of 2023');
  });

  it('does not sum a partial year', () => {
    const r = resolveSpec(series(months(2023, [80, 74, 77, 69, 72, 70, 75])), spec('2023'));
    expect(isProblem(r) && r.problem).toBe('only 7 of 12 months of 2023 are reported (missing 2023-08, 2023-09, 2023-10, 2023-11 and 1 more); a partial year is not rolled up (a descriptor may allow it: measure: { coverage: partial })');
  });

  it('does not sum a year with a blank month', () => {
    const r = resolveSpec(series(months(2023, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]) + '\n2023-12,'), spec('2023'));
    expect(isProblem(r) && r.problem).toContain('only 11 of 12 months');
  });

  it('reads a level inside the period instead of summing it', () => {
    const r = resolveSpec(series('2018-01-04,8000\n2018-06-30,8100', 'cameras'), spec('2018'));
    expect(!isProblem(r) && [r.value, r.method]).toEqual([8100, "the latest of 2 readings dated inside 2018, 2018-06-30 (readings on single dates do not cover the period, so the latest stands for it; a descriptor may declare rollup: mean or first); a level (unit 'cameras')"]);
  });

  it('averages a baseline span', () => {
    const r = resolveSpec(series('2013,100\n2014,110\n2015,120'), spec('2013..2015'));
    expect(!isProblem(r) && [r.value, r.rows.length]).toEqual([110, 3]);
  });

  it('cannot split a year into months', () => {
    const r = resolveSpec(series('2018,120'), spec('2018-03'));
    expect(isProblem(r) && r.problem).toContain('a year cannot be split');
  });

  it('refuses a period reported with two values', () => {
    const r = resolveSpec(series('2018,120\n2018,130'), spec('2018'));
    expect(isProblem(r) && r.problem).toContain('reported with different values');
  });

  it('names a missing period', () => {
    const r = resolveSpec(series('2014,2946'), spec('2015'));
    expect(isProblem(r) && r.problem).toBe('no observation for 2015');
  });
});

describe('matchClaims', () => {
  const evidence = buildEvidence(
    parseEvidenceCsv('region,metric,period,value\nIslamabad,dacoity,2017,16\nIslamabad,robbery,2017,195\nNairobi,reported_crimes,2014,6732\n', 'e.csv').observations,
  ).evidence;
  const claim = (region: string, metric: string): Claim => ({ id: 'x', claimant: 'c', statement: 's', kind: 'result', region, metric, sources: [], location: { file: 'c.yaml' } });

  it('matches case-insensitively with trimmed names', () => {
    expect(matchClaims([claim(' islamabad ', 'DACOITY')], evidence)[0]?.series[0]?.key).toBe('islamabad|dacoity|evidence files without a declared source');
  });
  it('suggests the nearest region', () => {
    expect(matchClaims([claim('Islamabd', 'dacoity')], evidence)[0]?.problem).toBe("no evidence for region 'Islamabd' (did you mean 'Islamabad'?)");
  });
  it('suggests the nearest metric in that region', () => {
    expect(matchClaims([claim('Islamabad', 'dacocity')], evidence)[0]?.problem).toBe("no evidence for metric 'dacocity' in Islamabad (did you mean 'dacoity'?)");
  });
});
