// The two answers per claim (outcome and attribution) through the built CLI, on
// test/fixtures/stats/attribution (its numbers are checked against R in test/stats/attribution.test.ts).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/report-model/types.js';
import { runCli } from './helpers.js';

const CASE = fileURLToPath(new URL('../fixtures/stats/attribution/', import.meta.url));

describe('the two answers through the CLI', () => {
  it('JSON: verdict is the outcome, attribution beside it, counted in the summary', () => {
    const r = runCli(['audit', '--format', 'json'], { cwd: CASE });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    const byId = new Map(report.results.map((x) => [x.id, x]));
    expect(byId.get('phi-on-2-df')).toMatchObject({ verdict: 'contradicted', attribution: { verdict: 'inconclusive', decided_by: 'count' } });
    expect(byId.get('poisson-floor-smooth')).toMatchObject({ verdict: 'exaggerated', attribution: { verdict: 'inconclusive', decided_by: 'trend' } });
    expect(byId.get('poisson-floor-smooth')!.share_of_claim).toBeCloseTo(0.317146, 6);
    expect(byId.get('horizon-reversed')).toMatchObject({ verdict: 'contradicted', met: { first: '2018', sustained: false } });
    expect(byId.get('bound-level')).toMatchObject({ verdict: 'contradicted', attribution: { verdict: 'not-computed', decided_by: null } });
    expect(byId.get('phi-on-2-df')!.pre_period_mean).toMatchObject({ periods: '2012–2015', n: 4, value: 685.25, departs: true });
    const trend = byId.get('phi-on-2-df')!.tiers.find((t) => t.tier === 'trend')!;
    expect([trend.informative, trend.passed]).toEqual([false, true]);
    expect(report.summary.verdicts).toMatchObject({ supported: 2, 'partly-supported': 1, exaggerated: 1, contradicted: 3 });
    expect(report.summary.attribution).toEqual({ supported: 1, 'partly-supported': 0, inconclusive: 3, 'not-supported': 0, contradicted: 1, 'not-computed': 2 });
  });

  it('terminal: an attribution column beside the verdict', () => {
    const r = runCli(['audit'], { cwd: CASE });
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^claim\s+verdict\s+attribution\s+claimed\s+observed\s+gap$/);
    const row = (id: string) => lines.find((l) => l.startsWith(`${id} `))?.split(/\s{2,}/);
    expect(row('phi-on-2-df')?.slice(0, 3)).toEqual(['phi-on-2-df', 'contradicted', 'inconclusive (count)']);
    expect(row('poisson-floor-smooth')?.slice(0, 3)).toEqual(['poisson-floor-smooth', 'exaggerated', 'inconclusive (trend)']);
    // The dip before the baseline is a warning on the claim's line.
    expect(r.stdout).toContain('claims/claims.yaml:14:5: warning: phi-on-2-df: the baseline 2015 (579, 95% counting interval 532.8–628.1) lies below the 2012–2015 mean of 685.3');
  });

  it('Markdown: both answers in one sentence, and an attribution column in the summary', () => {
    const r = runCli(['audit', '--format', 'md'], { cwd: CASE });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('| Claim | Claimant | Claimed | Observed | Gap | Verdict | Attribution |');
    expect(r.stdout).toContain(
      "**contradicted — violent crime rose 35.92% (579 → 787, 2015 → 2018) instead of falling 15%; attribution inconclusive: the count tier's 95% interval, −74.8% to +637.6%, includes both no change and the claim; before 2015 the series moved between −31.2% and +46.9% a year.**",
    );
    expect(r.stdout).toContain('**exaggerated — burglaries fell 6.83% (161 → 150, 2015 → 2018), under half of the claimed fall of 20%');
    expect(r.stdout).toContain('| Trend-adjusted | 1.02 (0.071–14.606) | inconclusive | no (weak: too few points) |');
    expect(r.stdout).toContain('| Comparison area | 1.409 (0.264–7.521) | inconclusive | no (parallel trends untested) |');
  });

  it('explain: the outcome, then the attribution with the tier that decided and why the others did not', () => {
    const r = runCli(['explain', 'phi-on-2-df'], { cwd: CASE });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('     Counts  [decides the attribution]\n');
    expect(r.stdout).toContain('verdict: contradicted (the outcome: the reported values against the claim, with the tolerance)');
    expect(r.stdout).toContain('attribution: inconclusive (decided by the count tier)\n');
    expect(r.stdout).toContain('     - the trend tier is weak (4 pre-period points; it decides from 5) and is shown only\n');
    expect(r.stdout).toContain('pre-period mean 2012–2015 (4 periods) = 685.25; target against it: +14.85%');
  });

  it('--fail-on attribution:VERDICT fails the run on the attribution answer; --fail-on VERDICT on the outcome', () => {
    const a = runCli(['audit', '--fail-on', 'attribution:contradicted'], { cwd: CASE });
    expect(a.status).toBe(1);
    expect(a.stderr).toContain('--fail-on: 1 claim matched (horizon-reversed: attribution contradicted)');
    const o = runCli(['audit', '--fail-on', 'exaggerated'], { cwd: CASE });
    expect(o.status).toBe(1);
    expect(o.stderr).toContain('--fail-on: 1 claim matched (poisson-floor-smooth: exaggerated)');
    const none = runCli(['audit', '--fail-on', 'attribution:not-supported'], { cwd: CASE });
    expect(none.status).toBe(0);
    const bad = runCli(['audit', '--fail-on', 'attribution:inconclusiv'], { cwd: CASE });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("(did you mean 'attribution:inconclusive'?)");
  });
});
