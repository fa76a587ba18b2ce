// Charts as SVG: the Vega-Lite spec, and what Vega draws from it in Node — title, description,
// verdict badge, counterfactual — byte-identical on every run.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { parseClaims } from '../../src/claims/index.js';
import { buildEvidence, parseEvidenceCsv } from '../../src/evidence/index.js';
import { matchClaims } from '../../src/match/index.js';
import { buildChartData } from '../../src/report/chart-data.js';
import { buildChartSpec, compactSvg, renderChartSvg, renderCharts } from '../../src/report/chart-svg.js';
import { evaluateClaim } from '../../src/stats/index.js';
import type { AuditResult } from '../../src/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const example = await audit({ cwd: path.resolve(here, '../..') });
const worked = await audit({ cwd: path.resolve(here, '../fixtures/stats/worked-examples') });
const resultOf = (a: AuditResult, id: string) => a.results.find((r) => r.claim.id === id)!;

/** The series names drawn as lines (the legend's entries), from a spec's layers. */
function legendOf(spec: unknown): string[] {
  const layers = (spec as { layer: Array<{ encoding?: { color?: { scale?: { domain?: string[] } } } }> }).layer;
  return layers.find((l) => l.encoding?.color?.scale?.domain)?.encoding!.color!.scale!.domain ?? [];
}

describe('buildChartSpec', () => {
  it('worked example B: observed, claimed, trend counterfactual and comparison area, in that order', () => {
    const spec = buildChartSpec(buildChartData(resultOf(worked, 'example-b-vehicle-crime')));
    expect(legendOf(spec)).toEqual(['observed, 95% interval', 'claimed -30.00% to -28.00%', 'trend before baseline, continued', 'comparison: Comparison area (scaled)']);
    const texts = JSON.stringify(spec);
    expect(texts).toContain('"text":"supported"');
  });

  it('a claim without a comparison area has no comparison line', () => {
    const spec = buildChartSpec(buildChartData(resultOf(example, 'islamabad-crime-up-33')));
    expect(legendOf(spec)).toEqual(['observed, 95% interval', 'claimed +33.00%', 'trend before baseline, continued']);
  });
});

describe('renderChartSvg', () => {
  it('gives the chart a title and a description with the numbers, and the verdict badge', async () => {
    const svg = await renderChartSvg(buildChartData(resultOf(example, 'islamabad-violent-crime-15')));
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="cc-islamabad-violent-crime-15-title cc-islamabad-violent-crime-15-desc">/);
    expect(svg).toContain('<title id="cc-islamabad-violent-crime-15-title">islamabad-violent-crime-15: contradicted</title>');
    const desc = svg.match(/<desc[^>]*>([^<]*)<\/desc>/)![1]!;
    expect(desc).toContain('Baseline 2015: 579');
    expect(desc).toContain('Target 2018: 787');
    expect(desc).toContain('Claimed: -15.00% from the baseline, which is 492 in 2018');
    // The badge and the legend are drawn text.
    expect(svg).toMatch(/<text[^>]*>contradicted<\/text>/);
    expect(svg).toMatch(/<text[^>]*>comparison: Pakistan excluding Islamabad \(scaled\)<\/text>/);
    expect(svg).toMatch(/<text[^>]*>baseline 2015<\/text>/);
    expect(svg).toMatch(/<text[^>]*>target 2018<\/text>/);
    expect(svg).toMatch(/<text[^>]*>2012<\/text>/);
  });

  it('draws the counterfactual of worked example B', async () => {
    const svg = await renderChartSvg(buildChartData(resultOf(worked, 'example-b-vehicle-crime')));
    expect(svg).toMatch(/<text[^>]*>trend before baseline, continued<\/text>/);
    // The dashed trend line (stroke-dasharray 7,4) in the trend colour.
    expect(svg).toMatch(/<path[^>]*stroke="#c25700"[^>]*stroke-dasharray="7,4"|<path[^>]*stroke-dasharray="7,4"[^>]*stroke="#c25700"/);
    expect(svg).toContain('predicts 1,431 in 2021');
    expect(svg).toMatch(/<text[^>]*>supported<\/text>/);
  });

  it('is byte-identical on every run, with ids that belong to the chart', async () => {
    const d = buildChartData(resultOf(example, 'islamabad-violent-crime-15'));
    const a = await renderChartSvg(d);
    await renderChartSvg(buildChartData(resultOf(example, 'nairobi-crime-46')));
    const b = await renderChartSvg(d);
    expect(b).toBe(a);
    const ids = [...a.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(2);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id.startsWith('cc-islamabad-violent-crime-15-')).toBe(true);
    for (const ref of a.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(ref[1]);
    // No class names (they could clash with a page's CSS) and no coordinates finer than 0.01 px.
    expect(a).not.toMatch(/\sclass="/);
    expect(a).not.toMatch(/<[^>]*\d\.\d{3,}[^>]*>/);
  });

  it('draws a claim with nothing to draw as its title, its verdict and why', async () => {
    const svg = await renderChartSvg(buildChartData(resultOf(example, 'lahore-crime-free')));
    expect(svg).toMatch(/<text[^>]*>unverifiable<\/text>/);
    expect(svg).toMatch(/<text[^>]*>Nothing to draw: the claim cannot be checked<\/text>/);
    expect(svg).toContain('<desc');
  });

  it('escapes user text: names in the title, legend and description cannot become markup', async () => {
    const { claims } = parseClaims(
      `claims:
  - id: hostile
    claimant: x
    statement: x
    kind: result
    region: "A&B <script>alert(1)</script>"
    metric: "m\\"</desc><script>"
    change: -10%
    baseline: 2020
    target: 2021
    sources: [{ publisher: p, title: t }]
`,
      'c.yaml',
    );
    const csv = 'region,metric,period,value\n"A&B <script>alert(1)</script>","m""</desc><script>",2020,100\n"A&B <script>alert(1)</script>","m""</desc><script>",2021,90\n';
    const { evidence } = buildEvidence(parseEvidenceCsv(csv, 'e.csv').observations);
    const r = evaluateClaim(matchClaims(claims, evidence)[0]!, { tolerance: 0.5 });
    const svg = await renderChartSvg(buildChartData(r));
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('</desc><script');
    expect(svg).toContain('A&amp;B &lt;script&gt;');
    expect(svg.match(/<desc/g)).toHaveLength(1);
  });

  it('renders every claim of the bundled example, one chart each', async () => {
    const charts = await renderCharts(example);
    expect([...charts.keys()]).toEqual(example.results.map((r) => r.claim.id));
    for (const [id, svg] of charts) {
      expect(svg).toContain(`<title id="cc-${id}-title">${id}: `);
      expect(svg).toMatch(/<desc id="[^"]+">[^<]+Verdict: /);
    }
  });
});

describe('compactSvg', () => {
  it('drops interaction hints, class names, empty paths and excess decimals, but never text', () => {
    const svg = '<svg><g class="mark-rule" pointer-events="none" aria-hidden="true"><path class="background" d="M0,0h0v0h0Z"/><line transform="translate(12.3456789,0.5)" opacity="1"/><text x="1.23456">3.14159 class="x"</text></g></svg>';
    expect(compactSvg(svg)).toBe('<svg><g><line transform="translate(12.35,0.5)"/><text x="1.23">3.14159 class="x"</text></g></svg>');
  });
  it('says the font once and keeps one clip path of each shape', () => {
    const svg =
      '<svg><g clip-path="url(#c1)"><text font-family="A, B">x</text></g><g clip-path="url(#c2)"><text font-family="A, B">y</text></g><g clip-path="url(#c3)"/>' +
      '<defs><clipPath id="c1"><rect width="5"/></clipPath><clipPath id="c2"><rect width="5"/></clipPath><clipPath id="c3"><rect width="6"/></clipPath></defs></svg>';
    expect(compactSvg(svg)).toBe(
      '<svg font-family="A, B"><g clip-path="url(#c1)"><text>x</text></g><g clip-path="url(#c1)"><text>y</text></g><g clip-path="url(#c3)"/>' +
        '<defs><clipPath id="c1"><rect width="5"/></clipPath><clipPath id="c3"><rect width="6"/></clipPath></defs></svg>',
    );
  });
});
