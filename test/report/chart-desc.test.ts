// Every number a chart says in words (its <desc>, built by buildChartData) is the number the JSON
// report of the same audit holds: the chart's own figures and, where the report has them, the
// verdict's (observed values, the trend tier's projection, the count and comparison tiers' inputs).
// A chart that drew a number its verdict did not use would fail here.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { buildChartData } from '../../src/report/chart-data.js';
import { renderJson } from '../../src/report/json.js';
import type { JsonReport } from '../../src/report-model/types.js';
import { checkDescription } from './chart-desc-check.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures');

/** The bundled example, and the fixtures whose claims draw every kind of chart: trends, comparisons, levels, pending forecasts, nothing to draw. */
export const CHART_FIXTURES = [
  'cli/all-verdicts',
  'cli/measures',
  'cli/aggregated-incidents',
  'cli/empty-evidence-dir',
  'ci/verdict-mix',
  'charts/many-of-few-shapes',
  'stats/attribution',
  'stats/worked-examples',
  'publishers/claim-forms',
  'publishers/eurostat-json-stat',
  'publishers/readings',
  'publishers/eurostat-sdmx',
  'publishers/ons-xlsx',
  'publishers/world-bank',
  'publishers/world-bank-api',
  'ci/hostile-text',
  'ci/warning-repeated-period',
  'cli/series-split-across-files',
  'cli/markdown-hostile-text',
  'hostile-text',
  'hostile-text/invisible',
  'good',
];

async function auditOf(dir: string) {
  // A fixture with claims/ and evidence/ runs as is; one with a claims.yaml beside its evidence names both.
  const single = !existsSync(path.join(dir, 'claims')) && existsSync(path.join(dir, 'claims.yaml'));
  const evidence = existsSync(path.join(dir, 'evidence')) ? 'evidence' : '.';
  return audit({ cwd: dir, ...(single ? { claims: ['claims.yaml'], evidence: [evidence] } : {}) });
}

describe.each([['the bundled example', ROOT], ...CHART_FIXTURES.map((f) => [f, path.join(FIXTURES, f)])])('chart descriptions: %s', (_name, dir) => {
  it('say only the numbers the JSON report holds for the claim', async () => {
    const result = await auditOf(dir!);
    const report = JSON.parse(renderJson(result)) as JsonReport;
    expect(result.results.length).toBeGreaterThan(0);
    let compared = 0;
    for (const [i, r] of result.results.entries()) {
      const json = report.results[i]!;
      expect(json.id).toBe(r.claim.id);
      const check = checkDescription(buildChartData(r).description, json, report);
      expect(check.problems).toEqual([]);
      compared += check.compared.length;
    }
    // Every chart says at least its verdict; most say many numbers.
    expect(compared).toBeGreaterThanOrEqual(result.results.length);
  });
});

describe('the check itself', () => {
  it('fails a description whose trend projection differs from the trend tier by one unit', async () => {
    const result = await auditOf(ROOT);
    const report = JSON.parse(renderJson(result)) as JsonReport;
    const i = result.results.findIndex((r) => r.claim.id === 'islamabad-crime-up-33');
    const desc = buildChartData(result.results[i]!).description;
    expect(desc).toContain('predicts 7,213 in 2018');
    const drifted = checkDescription(desc.replace('predicts 7,213', 'predicts 7,214'), report.results[i]!, report);
    expect(drifted.problems.join('\n')).toContain('trend projection (tier) is 7,214 in the chart, 7,213 in the report');
  });

  it('fails a description with a number it does not know where to find', async () => {
    const result = await auditOf(ROOT);
    const report = JSON.parse(renderJson(result)) as JsonReport;
    const i = result.results.findIndex((r) => r.claim.id === 'islamabad-crime-up-33');
    const desc = buildChartData(result.results[i]!).description.replace('Verdict:', 'About 12 more. Verdict:');
    expect(checkDescription(desc, report.results[i]!, report).problems.length).toBeGreaterThan(0);
  });
});
