// Evidence as publishers ship it, end to end: sources that disagree, pins, reported changes, taxonomy.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers.js';

const DESCRIPTORS = path.join(ROOT, 'test/fixtures/descriptors');
const CLAIMS = path.join(ROOT, 'test/fixtures/descriptor-claims');

function audit(name: string, extra: string[] = []) {
  const claims = path.join(CLAIMS, `${name === 'taxonomy' ? 'taxonomy-claims' : name}.yaml`);
  const run = runCli(['audit', '--claims', claims, '--evidence', path.join(DESCRIPTORS, name), '--format', 'json', ...extra], { cwd: ROOT });
  expect(run.status).toBe(0);
  const report = JSON.parse(run.stdout);
  const byId = new Map<string, any>(report.results.map((r: any) => [r.id, r]));
  return { run, report, byId };
}

describe('two sources for one series', () => {
  const { byId, run } = audit('two-sources');
  it('judges the claim under each source and, when they disagree, heads with the least favourable', () => {
    const r = byId.get('delta-assaults-down');
    // Police 100 → 80: −20% (supported); survey 100 → 104: +4% (contradicted)
    expect(r.by_source.map((b: any) => [b.origin, b.verdict, b.observed.change_percent])).toEqual([
      ['Delta Police: Annual report', 'supported', -20],
      ['Victim Survey: Delta victimisation survey', 'contradicted', 4],
    ]);
    expect(r.verdict).toBe('contradicted');
    expect(r.reasons[0]).toContain('the sources disagree');
    expect(r.reasons[0]).toContain("pin one with 'evidence:'");
  });
  it('uses the pinned source only', () => {
    const r = byId.get('delta-assaults-down-police');
    expect([r.verdict, r.origin, r.by_source.length]).toEqual(['supported', 'Delta Police: Annual report', 0]);
  });
  it('names the sources when a pin matches none', () => {
    const r = byId.get('delta-assaults-unknown-source');
    expect(r.verdict).toBe('no-evidence');
    expect(r.reasons[0]).toBe("no source matching evidence: 'Census Bureau' reports Delta / assaults (sources: Delta Police: Annual report; Victim Survey: Delta victimisation survey)");
  });
  it('warns about the disagreement on stderr', () => {
    expect(run.stderr).toContain('two sources disagree for 1 period, e.g. 2018: 80 (Delta Police: Annual report) vs 104 (Victim Survey: Delta victimisation survey)');
  });
  it('shows the verdict under each source in Markdown', () => {
    const md = runCli(['audit', '--claims', path.join(CLAIMS, 'two-sources.yaml'), '--evidence', path.join(DESCRIPTORS, 'two-sources'), '--format', 'md'], { cwd: ROOT }).stdout;
    expect(md).toContain('| Delta Police: Annual report | -20.00% (100 → 80) | ±0.00 pp | supported |');
    expect(md).toContain('| Victim Survey: Delta victimisation survey | +4.00% (100 → 104) | +24.00 pp | contradicted |');
  });
});

describe('reported changes as evidence', () => {
  const { byId, report } = audit('reported-changes');
  it('judges a change claim on a reported percentage when no levels exist, without an interval', () => {
    const r = byId.get('epsilon-robberies');
    expect(r.verdict).toBe('supported');
    expect(r.gap_pp).toBe(0);
    expect(r.reasons.join(' ')).toContain('no interval could be computed');
  });
  it('shows both when levels exist, and flags a percentage that is really a count', () => {
    const r = byId.get('zeta-robberies');
    // levels 250 → 230: −8% against the claimed −20%: f = log(0.92) / log(0.8) = 0.3736617 < 0.5 → exaggerated;
    // the reported "−20%" is the 20-case drop
    expect([r.verdict, r.observed.change_percent]).toEqual(['exaggerated', -8]);
    expect(r.reported_changes).toEqual([
      expect.objectContaining({ change_percent: -20, computed_percent: -8, remark: 'the reported figure equals the change in counts (-20), not a percentage' }),
    ]);
    expect(report.findings.find((f: any) => f.code === 'reported-change-disagrees')).toMatchObject({ line: 3, claim: 'zeta-robberies' });
  });
});

describe('taxonomy in a claims run', () => {
  const { byId } = audit('taxonomy');
  it('matches a claim written with aliases to the derived metric, and shows the definition', () => {
    const r = byId.get('ict-violent-crime');
    // violent_crime = murder + robbery: 2017 10 + 20 = 30; 2018 12 + 30 = 42; 42/30 − 1 = +40%
    expect([r.verdict, r.observed.change_percent]).toEqual(['supported', 40]);
    expect(r.definitions).toEqual(['violent_crime = murder + robbery (a narrow definition)']);
    expect(r.evidence.map((e: any) => `${e.metric}:${e.line}`)).toEqual(['murder:2', 'robbery:3', 'murder:4', 'robbery:5']);
  });
  it('never sums a derived metric with a part missing', () => {
    expect(byId.get('ict-violent-crime-2019').reasons).toEqual(['target: 2019 cannot be computed: violent_crime = murder + robbery (a narrow definition); not reported: robbery']);
  });
  it('suggests the nearest region for a typo', () => {
    expect(byId.get('islamabd-typo').reasons).toEqual(["no evidence for region 'Islamabd' (did you mean 'Islamabad'?)"]);
  });
});

describe('descriptor errors through the CLI', () => {
  it('reports every descriptor problem with file:line:column and exits 2', () => {
    const run = runCli(['validate', path.join(DESCRIPTORS, 'bad-descriptor')], { cwd: DESCRIPTORS });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("bad-descriptor/data.yaml:2:11: error: columns.period: 'Yaer' is not a column of bad-descriptor/data.csv (did you mean 'Year'?)");
    expect(run.stderr).toContain('bad-descriptor/data.yaml:7:21: error: numbers.decimal must be "." or ","');
    expect(run.stderr).toContain("bad-descriptor/sources.yaml:2:5: error: missing 'path'");
    expect(run.stderr).toMatch(/\d+ errors, \d+ warnings/);
  });
});

describe('validate on the bundled example', () => {
  it('reads descriptors and the taxonomy as evidence, not as claims files', () => {
    // evidence/ holds CSVs, their descriptors (.yaml) and taxonomy.yaml: none of them is a claims file.
    const run = runCli(['validate', 'evidence'], { cwd: ROOT });
    expect(run.status).toBe(0);
    expect(run.stderr).not.toContain("unknown top-level key");
    expect(run.stdout).toMatch(/^checked 8 files: 0 valid claims, \d+ observations in \d+ series; valid\n$/);
    const both = runCli(['validate', 'claims', 'evidence'], { cwd: ROOT });
    expect(both.status).toBe(0);
    expect(both.stdout).toMatch(/^checked 11 files: 18 valid claims, /);
  });
});
