// Through the built CLI: one run writes the Markdown report with its charts and the JSON report;
// every number in every chart's <desc> (its description in words, for screen readers) is the number
// the JSON report holds for the claim — the chart's figures and the verdict's own numbers.
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/report-model/types.js';
import { checkDescription } from '../report/chart-desc-check.js';
import { copyFixture, ROOT, runCli, tempDir } from './helpers.js';

/** The bundled example (claims/ and evidence/ of the repository), copied. */
function copyExample(): string {
  const dir = tempDir();
  for (const d of ['claims', 'evidence']) cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
  return dir;
}

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe.each([
  ['the bundled example', copyExample],
  ['cli/all-verdicts', () => copyFixture('cli/all-verdicts')],
  ['cli/measures', () => copyFixture('cli/measures')],
  ['stats/attribution', () => copyFixture('stats/attribution')],
  ['charts/many-of-few-shapes', () => copyFixture('charts/many-of-few-shapes')],
])('audit --charts and --format json in one run: %s', (_name, copy) => {
  it("every number in every chart's <desc> is the JSON report's", () => {
    const dir = copy();
    const inputs = existsSync(path.join(dir, 'claims')) ? [] : ['--claims', 'claims.yaml', '--evidence', existsSync(path.join(dir, 'evidence')) ? 'evidence' : '.'];
    const r = runCli(['audit', ...inputs, '--format', 'md', '--out', 'out/report.md', '--charts', 'out/charts', '--format', 'json', '--out', 'out/report.json'], { cwd: dir });
    expect(r.status, r.stderr).not.toBe(2);
    const report = JSON.parse(readFileSync(path.join(dir, 'out/report.json'), 'utf8')) as JsonReport;
    const files = readdirSync(path.join(dir, 'out/charts'));
    expect(files).toHaveLength(report.results.length);
    let numbers = 0;
    for (const result of report.results) {
      const svg = readFileSync(path.join(dir, 'out/charts', `${result.id}.svg`), 'utf8');
      const desc = svg.match(/<desc id="[^"]*">([^<]*)<\/desc>/);
      expect(desc, `${result.id}.svg has a <desc>`).not.toBeNull();
      const check = checkDescription(unescapeXml(desc![1]!), result, report);
      expect(check.problems).toEqual([]);
      numbers += check.compared.length;
    }
    expect(numbers).toBeGreaterThan(report.results.length);
  });
});
