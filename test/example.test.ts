// The bundled example audit: its verdicts, its traceability, and that reports/ is up to date.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { renderJson, renderMarkdown } from '../src/report/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const result = audit({ cwd: root });
const byId = new Map(result.results.map((r) => [r.claim.id, r]));

describe('the bundled Safe City audit', () => {
  it('loads without input errors', () => {
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.results.length).toBeGreaterThanOrEqual(15);
  });

  // Expected values computed by hand from scripts/source-data/pakistan-reported-crime-by-province-2012-2020.csv
  // and kenya-reported-crime-2013-2018.csv.
  it.each([
    // Islamabad violent crime 2015: 116+131+97+26+209 = 579; 2018: 103+171+123+39+351 = 787; 787/579−1 = +35.92%
    ['islamabad-violent-crime-15', 'contradicted', 35.92],
    // Islamabad total 7136 → 9465: +32.64%
    ['islamabad-crime-up-33', 'supported', 32.64],
    // Pakistan total 633299 → 703481: +11.08%
    ['pakistan-crime-up-11', 'supported', 11.08],
    // Pakistan total 683925 → 703481: +2.86%
    ['pakistan-crime-up-2-9', 'supported', 2.86],
    // Islamabad dacoity 16 → 39: +143.75% (39/16 = 243.75%: the "rose to" reading)
    ['islamabad-dacoity-up-244', 'partly-supported', 143.75],
    // Islamabad robbery+burglary (195+253 = 448) → (351+373 = 724): +61.61%
    ['islamabad-robbery-burglary-up-62', 'supported', 61.61],
    // Nairobi 6732 → 4382: −34.91%
    ['nairobi-crime-46', 'partly-supported', -34.91],
  ])('%s is %s (observed %d%%)', (id, verdict, change) => {
    const r = byId.get(id)!;
    expect(r.verdict).toBe(verdict);
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

  it('cites for every number a CSV row that holds it', () => {
    const files = new Map<string, string[]>();
    for (const r of result.results) {
      for (const o of r.evidence) {
        if (!files.has(o.file)) files.set(o.file, readFileSync(path.join(root, o.file), 'utf8').split('\n'));
        const line = files.get(o.file)![o.line - 1]!;
        expect(line.split(',').slice(0, 4)).toEqual([o.region, o.metric, o.period.label, String(o.value)]);
      }
    }
  });

  it('cites at least one source for every claim', () => {
    for (const r of result.results) expect(r.claim.sources.length).toBeGreaterThan(0);
  });

  it('reports/ holds the current output (run `npm run report` after changing code or data)', () => {
    expect(readFileSync(path.join(root, 'reports/audit.md'), 'utf8')).toBe(renderMarkdown(result));
    expect(readFileSync(path.join(root, 'reports/audit.json'), 'utf8')).toBe(renderJson(result));
  });

  it('evidence/ is what scripts/convert-pbs.mjs makes from the source data', () => {
    const run = spawnSync(process.execPath, [path.join(root, 'scripts/convert-pbs.mjs'), '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
