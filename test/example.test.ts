// The bundled example audit: its verdicts, its traceability, and that reports/ is up to date.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { renderCharts, renderHtml, renderJson, renderMarkdown } from '../src/report/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const result = await audit({ cwd: root });
const byId = new Map(result.results.map((r) => [r.claim.id, r]));

describe('the bundled Safe City audit', () => {
  it('loads without input errors', () => {
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.results.length).toBeGreaterThanOrEqual(15);
  });

  // Expected values computed by hand from evidence/pakistan-reported-crime-by-province-2012-2020.csv
  // and evidence/kenya-reported-crime-2013-2018.csv.
  it.each([
    // Islamabad violent crime 2015: 116+131+97+26+209 = 579; 2018: 103+171+123+39+351 = 787; 787/579−1 = +35.92%:
    // the outcome is contradicted (a rise, not the claimed fall of 15%). The attribution is inconclusive: the
    // pre-period 2012–2015 (535, 786, 841, 579) is so overdispersed (φ = 49.9 on 2 df) that the count tier's
    // interval, 0.252–7.376, includes both no change and the claim; the trend (4 points) and the comparison
    // area (parallel trends untestable on 4 points) are shown but do not decide.
    ['islamabad-violent-crime-15', 'contradicted', 35.92, 'inconclusive', 'count'],
    // Islamabad total 7136 → 9465: +32.64%; 6 pre-period points, so the trend decides the attribution.
    ['islamabad-crime-up-33', 'supported', 32.64, 'inconclusive', 'trend'],
    // Pakistan total 633299 → 703481: +11.08%; 4 pre-period points (weak trend), so the count tier decides.
    ['pakistan-crime-up-11', 'supported', 11.08, 'supported', 'count'],
    // Pakistan total 683925 → 703481: +2.86%
    ['pakistan-crime-up-2-9', 'supported', 2.86, 'inconclusive', 'trend'],
    // Islamabad dacoity 16 → 39: +143.75% (39/16 = 243.75%: the "rose to" reading); f = log(2.4375) / log(3.44) = 0.7176
    ['islamabad-dacoity-up-244', 'partly-supported', 143.75, 'inconclusive', 'trend'],
    // Islamabad robbery+burglary (195+253 = 448) → (351+373 = 724): +61.61%
    ['islamabad-robbery-burglary-up-62', 'supported', 61.61, 'inconclusive', 'trend'],
    // Nairobi 6732 → 4382: −34.91%; f = log(4382/6732) / log(0.54) = 0.6973; a result claim with no history: no attribution
    ['nairobi-crime-46', 'partly-supported', -34.91, 'not-computed', undefined],
  ])('%s: outcome %s (observed %d%%), attribution %s by %s', (id, verdict, change, attribution, decidedBy) => {
    const r = byId.get(id)!;
    expect(r.verdict).toBe(verdict);
    expect(r.attribution?.verdict).toBe(attribution);
    expect(r.attribution?.decidedBy).toBe(decidedBy);
    expect(r.observed && 'changePercent' in r.observed && r.observed.changePercent).toBeCloseTo(change, 2);
  });

  it.each([
    ['mombasa-crime-46', 'no-evidence', 'no observation for 2015'],
    ['punjab-property-crime-15-20', 'pending', 'the evidence ends 2020-12-31'],
    ['lahore-crime-free', 'unverifiable', 'no baseline period, no target period'],
    ['huawei-marketing-unspecified', 'unverifiable', 'no region'],
    ['lahore-cameras-10000', 'contradicted', '-20.00%'],
    ['lahore-cost-12bn', 'contradicted', '+21.00%'],
    ['lahore-cameras-8000', 'supported', 'observed 8,000'],
  ])('%s is %s', (id, verdict, reason) => {
    const r = byId.get(id)!;
    expect(r.verdict).toBe(verdict);
    expect(r.reasons.join(' ')).toContain(reason);
  });

  it('cites for every number a CSV row that holds it, in the period it is cited for', () => {
    const files = new Map<string, string[]>();
    for (const r of result.results) {
      for (const o of r.evidence) {
        if (!files.has(o.file)) files.set(o.file, readFileSync(path.join(root, o.file), 'utf8').split('\n'));
        const cells = files.get(o.file)![o.line - 1]!.split(',');
        expect(cells.some((c) => c !== '' && Number(c) === o.value)).toBe(true);
        expect(cells).toContain(o.period.label);
      }
    }
  });

  it('reads the publishers\' files unchanged (sha256 of the copies in ../shared/data)', () => {
    const expected: Record<string, string> = {
      'kenya-reported-crime-2013-2018.csv': '11eb6d7c72ae4227b0024bf41b78bc8cf460df605686513f19d27ba540f1f284',
      'pakistan-reported-crime-by-province-2012-2020.csv': '06b070d895f1ad73e1ef24de8a6deb8afe6f5b1f225d9af8caa18596a44e83dc',
      'safe-city-reported-figures.csv': '14ec388f91eeef2d9d71950b5ce1943000955b445f4b91b01c2c3664945d9630',
    };
    for (const [file, sha] of Object.entries(expected)) {
      expect(result.inputs.find((i) => i.path === `evidence/${file}`)?.sha256).toBe(sha);
    }
  });

  it('shows the inconsistencies of the PBS table: 2019 Others and 2020 dacoity in AJK', () => {
    const totals = result.findings.filter((f) => f.code === 'totals-mismatch').map((f) => `${f.line}: ${f.message}`);
    expect(totals).toEqual([
      // Others 2019: 380596+72274+169888+7649+7949+1505+1508+6747 = 648116, stated 648118
      "80: Others 2019: the regions add up to 648,116 but the total 'Pakistan' is 648,118 (difference +2)",
      // AJK 2019: 72+180+265+3+38+254+35+86+6747 = 7680, stated 7682
      "81: AJK 2019: the parts add up to 7,680 but the total 'TOTAL RECORDED CRIME' is 7,682 (difference +2)",
      // Dacoity 2020: 652+573+34+43+12+0+5+245 = 1564, stated 1320
      "85: Dacocity 2020: the regions add up to 1,564 but the total 'Pakistan' is 1,320 (difference -244)",
      // AJK 2020: 69+189+245+245+50+223+28+337+10832 = 12218, stated 11974
      "91: AJK 2020: the parts add up to 12,218 but the total 'TOTAL RECORDED CRIME' is 11,974 (difference -244)",
    ]);
  });

  it('shows the trend-adjusted and comparison-area results next to the naive change for Islamabad', () => {
    const r = byId.get('islamabad-violent-crime-15')!;
    expect(r.attribution?.decidedBy).toBe('count');
    const comparison = r.tiers!.find((t) => t.tier === 'comparison')!;
    // Pakistan violent crime 2015: 9486+11336+18164+2329+15164 = 56479, minus Islamabad 579 = 55900;
    // 2018: 8241+10067+20060+1414+14914 = 54696, minus 787 = 53909. Ratio of ratios (787/579)/(53909/55900) = 1.40944
    expect(comparison.ratio).toBeCloseTo(1.40944, 4);
    expect(comparison.inputs).toMatchObject({ T0: 579, T1: 787, C0: 55900, C1: 53909, area: 'Pakistan excluding Islamabad' });
    const trend = r.tiers!.find((t) => t.tier === 'trend')!;
    expect(trend.notes).toContain('weak: 4 pre-period points (fewer than 5), shown but never deciding');
    const count = r.tiers!.find((t) => t.tier === 'count')!;
    expect([trend.informative, comparison.informative, count.informative]).toEqual([false, false, true]);
    expect(count.ratio).toBeCloseTo(787 / 579, 9);
    // Widened for overdispersion with t on φ's 2 degrees of freedom (test/stats/attribution.test.ts has the R call):
    // interval 0.2522741–7.375592, p = 0.5158687 — not the Poisson-only 2e-8.
    expect(count.ci![0]).toBeCloseTo(0.2522741, 6);
    expect(count.ci![1]).toBeCloseTo(7.375592, 5);
    expect(count.pValue).toBeCloseTo(0.5158687, 6);
    expect(count.explanation).toContain('could easily be chance');
  });

  it('computes violent crime with its definition and flags the misreported dacoity rise', () => {
    const r = byId.get('islamabad-violent-crime-15')!;
    expect(r.definitions).toEqual(['violent_crime = murder + attempted_murder + kidnapping + dacoity + robbery (crimes against the person in the PBS categories; "violent crime" has no single definition)']);
    expect(r.evidence.map((o) => o.line)).toEqual([32, 33, 34, 35, 36, 62, 63, 64, 65, 66]);
    const d = byId.get('islamabad-dacoity-up-244')!;
    expect(d.reportedChanges?.[0]).toMatchObject({ computedPercent: 143.75, reported: { changePercent: 244, line: 5 } });
    expect(result.findings.find((f) => f.code === 'reported-change-disagrees')?.message).toContain('"rose to", not "rose by"');
  });

  it('reads the Islamabad, Punjab and national series', () => {
    const keys = new Set(result.series.map((s) => `${s.region}/${s.metric}`));
    for (const k of ['Islamabad/violent_crime', 'Islamabad/total_recorded_crime', 'Punjab/property_crime', 'Pakistan/total_recorded_crime']) expect(keys).toContain(k);
  });

  it('cites at least one source for every claim', () => {
    for (const r of result.results) expect(r.claim.sources.length).toBeGreaterThan(0);
  });

  it('reports/ holds the current output, charts included (run `npm run report` after changing code or data)', async () => {
    const charts = await renderCharts(result);
    const chartLinks = new Map(result.results.map((r) => [r.claim.id, `charts/${r.claim.id}.svg`]));
    expect(readFileSync(path.join(root, 'reports/audit.md'), 'utf8')).toBe(renderMarkdown(result, { chartLinks }));
    expect(readFileSync(path.join(root, 'reports/audit.json'), 'utf8')).toBe(renderJson(result));
    expect(readFileSync(path.join(root, 'reports/audit.html'), 'utf8')).toBe(renderHtml(result, { charts }));
    expect(readdirSync(path.join(root, 'reports/charts')).sort()).toEqual([...chartLinks.values()].map((l) => l.slice('charts/'.length)).sort());
    for (const [id, svg] of charts) expect(readFileSync(path.join(root, 'reports/charts', `${id}.svg`), 'utf8'), id).toBe(svg);
  });

  it('the README shows the chart of the Islamabad claim from reports/charts', () => {
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain('](reports/charts/islamabad-violent-crime-15.svg)');
  });
});
