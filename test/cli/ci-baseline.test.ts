// Baselines end to end: change one evidence value, re-run against the baseline, and see which claim
// changed, which file explains it, and the exit code the policy gives.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { claimLine, copyFixture, edit, ROOT, runCli, STACK_TRACE } from './helpers.js';

const EVIDENCE = 'evidence/counts.csv';
let dir: string;

beforeEach(() => {
  dir = copyFixture('ci/verdict-mix');
  const base = runCli(['audit', '--format', 'json', '--out', 'reports/audit.json'], { cwd: dir });
  expect(base.status).toBe(0);
});

describe('audit --baseline --fail-on-change', () => {
  it('exits 1 and names the claim whose verdict changed, and the evidence file behind it', () => {
    // Burglaries 1000 → 830 is -17%: "fell by a fifth" is now 3 pp short (f = log(0.83) / log(0.8) = 0.835: partly-supported);
    // "fell by 30%" stays partly-supported (f = log(0.83) / log(0.7) = 0.522).
    edit(dir, EVIDENCE, 'Riverton,burglaries,2021,800,', 'Riverton,burglaries,2021,830,');
    const r = runCli(['audit', '--baseline', 'reports/audit.json', '--fail-on-change', '--format', 'json', '--out', 'reports/new.json'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--fail-on-change: 1 claim changed verdict \(riverton-burglary-fell-20: verdict supported → partly-supported \(worse\)\)/);
    // The diff on stderr says which file changed, and that other claims moved without changing verdict.
    expect(r.stderr).toMatch(/evidence\/counts\.csv: changed \(sha256 [0-9a-f]{12} → [0-9a-f]{12}\)/);
    expect(r.stderr).toContain('inputs changed: evidence/counts.csv (changed)');
    expect(r.stderr).toMatch(/riverton-burglary-fell-30 {2}changed/);
    expect(r.stderr).toContain('observed -20.00% → -17.00%');
    // The report is written whatever the policy decides.
    expect(JSON.parse(readFileSync(path.join(dir, 'reports/new.json'), 'utf8')).results[0].verdict).toBe('partly-supported');
  });

  it('passes when nothing changed, and says so', () => {
    const r = runCli(['audit', '--baseline', 'reports/audit.json', '--fail-on-change', '--format', 'junit', '--out', 'reports/junit.xml'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('no input changed (same paths, same sha256)');
    expect(r.stderr).toContain('Claims: 0 changed (0 verdicts, 0 worse), 0 added, 0 removed, 8 unchanged');
  });

  it('with =worse, passes a verdict that got better but fails one that got worse', () => {
    // Thefts 500 → 440 is -12%: "fell by 10%" goes from not-supported to partly-supported.
    edit(dir, EVIDENCE, 'Riverton,thefts,2021,501,', 'Riverton,thefts,2021,440,');
    const better = runCli(['audit', '--baseline', 'reports/audit.json', '--fail-on-change=worse'], { cwd: dir });
    expect(better.status).toBe(0);
    expect(better.stdout).toContain('riverton-thefts-cut-10 (changed)');
    expect(better.stdout).toContain('verdict not-supported → partly-supported (better)');
    const any = runCli(['audit', '--baseline', 'reports/audit.json', '--fail-on-change'], { cwd: dir });
    expect(any.status).toBe(1);
    expect(any.stderr).toContain('riverton-thefts-cut-10: verdict not-supported → partly-supported (better)');

    edit(dir, EVIDENCE, 'Riverton,burglaries,2021,800,', 'Riverton,burglaries,2021,830,');
    const worse = runCli(['audit', '--baseline', 'reports/audit.json', '--fail-on-change=worse'], { cwd: dir });
    expect(worse.status).toBe(1);
    expect(worse.stderr).toContain('--fail-on-change: 1 claim changed verdict (riverton-burglary-fell-20:');
    expect(worse.stderr).not.toContain('riverton-thefts-cut-10: verdict');
  });

  it('fails on a change of the attribution answer alone, ranked on its own order', () => {
    // The forecast 800 → 1100 against a claimed -10% is contradicted, and so is its attribution (the
    // count tier's interval is a rise throughout). At 830 the outcome is still contradicted (+3.75%),
    // but the interval now includes no change: attribution contradicted → not-supported, better.
    edit(dir, EVIDENCE, 'Riverton,burglaries,2022,1100,', 'Riverton,burglaries,2022,830,');
    const worseOnly = runCli(['audit', '--baseline', 'reports/audit.json', '--fail-on-change=worse'], { cwd: dir });
    expect(worseOnly.status).toBe(0);
    expect(worseOnly.stdout).toContain('attribution contradicted → not-supported (better)');
    const any = runCli(['audit', '--baseline', 'reports/audit.json', '--fail-on-change', '--format', 'json', '--out', 'reports/830.json'], { cwd: dir });
    expect(any.status).toBe(1);
    expect(any.stderr).toContain('--fail-on-change: 1 claim changed verdict (riverton-burglary-2022-cut: attribution contradicted → not-supported (better))');
    expect(any.stderr).toContain('Claims: 1 changed (0 verdicts, 1 attribution, 0 worse)');

    // Back the other way, as `diff` sees it: worse, and =worse fails.
    const back = runCli(['diff', 'reports/830.json', 'reports/audit.json', '--fail-on-change=worse', '--format', 'json'], { cwd: dir });
    expect(back.status).toBe(1);
    expect(back.stderr).toContain('riverton-burglary-2022-cut: attribution not-supported → contradicted (worse)');
    const d = JSON.parse(back.stdout);
    expect(d.summary).toMatchObject({ verdict_changes: 0, attribution_changes: 1, attribution_worse: 1 });
    expect(d.claims[0]).toMatchObject({ id: 'riverton-burglary-2022-cut', move: null, attribution_move: 'worse', before: { attribution: 'not-supported' }, after: { attribution: 'contradicted' } });
    const md = runCli(['diff', 'reports/830.json', 'reports/audit.json', '--format', 'md'], { cwd: dir });
    expect(md.stdout).toMatch(/\| riverton-burglary-2022-cut \(claims\/alpha\.yaml:\d+\) \| worse \| contradicted \| not-supported → contradicted \| \+3\.75% → \+37\.50% \|/);
  });

  it('lists changes but exits 0 without --fail-on-change', () => {
    edit(dir, EVIDENCE, 'Riverton,burglaries,2021,800,', 'Riverton,burglaries,2021,830,');
    const r = runCli(['audit', '--baseline', 'reports/audit.json'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Since the baseline: 3 changed (1 verdict, 1 worse), 0 added, 0 removed, 5 unchanged');
  });

  it('counts a claim added to a claims file as added, not as a verdict change', () => {
    edit(dir, 'claims/beta.yaml', '  - id: vendor-brochure', '  - id: vendor-brochure-2\n    claimant: Vendor\n    statement: Less crime.\n    kind: result\n    sources: [{ publisher: Vendor, title: Flyer }]\n\n  - id: vendor-brochure');
    const r = runCli(['audit', '--baseline', 'reports/audit.json', '--fail-on-change', '--format', 'md', '--out', 'reports/audit.md'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('claims/beta.yaml: changed');
    expect(r.stderr).toMatch(/vendor-brochure-2 {2}added/);
    const md = readFileSync(path.join(dir, 'reports/audit.md'), 'utf8');
    expect(md).toContain('## Changes since the baseline');
    expect(md).toMatch(/\| vendor-brochure-2 \(claims\/beta\.yaml:\d+\) \| added \| — → unverifiable \|/);
  });

  it('reads the baseline before writing, so --out may replace it', () => {
    edit(dir, EVIDENCE, 'Riverton,burglaries,2021,800,', 'Riverton,burglaries,2021,830,');
    const r = runCli(['audit', '--baseline', 'reports/audit.json', '--fail-on-change', '--format', 'json', '--out', 'reports/audit.json'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('riverton-burglary-fell-20: verdict supported → partly-supported');
    const again = runCli(['audit', '--baseline', 'reports/audit.json', '--fail-on-change'], { cwd: dir });
    expect(again.status).toBe(0);
  });
});

describe('a baseline that cannot be used: exit 2, a located message and a hint, no report', () => {
  const bad = path.join(ROOT, 'test/fixtures/ci/bad-baselines');
  it.each([
    ['a missing file', 'missing.json', /^missing\.json: error: no such report file$/m],
    ['truncated JSON', `${bad}/truncated.json`, /truncated\.json:5:1: error: not valid JSON: Unexpected end of JSON input/],
    ['a newer schemaVersion', `${bad}/schema-version-3.json`, /schema-version-3\.json:2:20: error: report schemaVersion 3 \(written by claimcheck 9\.0\.0\) is not one claimcheck \S+ reads \(it reads schemaVersion 1 and 2\)/],
    ['another tool’s JSON', `${bad}/not-a-report.json`, /not-a-report\.json:1:1: error: not a claimcheck JSON report/],
    ['results that are not a list', `${bad}/results-not-a-list.json`, /results-not-a-list\.json:6:14: error: 'results' must be a list of claim results/],
    ['a claims file', 'claims/alpha.yaml', /^claims\/alpha\.yaml:1:1: error: not valid JSON: unexpected '#'$/m],
  ])('%s', (_name, baseline, message) => {
    const r = runCli(['audit', '--baseline', baseline, '--fail-on-change', '--format', 'md', '--out', 'out/audit.md'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^ {2}hint: .*claimcheck audit --format json/m);
    expect(r.stderr).toContain('no report written');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(path.join(dir, 'out/audit.md'))).toBe(false);
  });

  it('refuses --fail-on-change without a baseline', () => {
    const r = runCli(['audit', '--fail-on-change'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('claimcheck: --fail-on-change compares with a baseline: add --baseline REPORT (a JSON report of an earlier audit)\n');
  });

  it('refuses an unknown change policy', () => {
    const r = runCli(['audit', '--baseline', 'reports/audit.json', '--fail-on-change=better'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Allowed choices are any, worse.");
  });
});

describe('claimcheck diff OLD NEW', () => {
  beforeEach(() => {
    edit(dir, EVIDENCE, 'Riverton,burglaries,2021,800,', 'Riverton,burglaries,2021,830,');
    expect(runCli(['audit', '--format', 'json', '--out', 'reports/new.json'], { cwd: dir }).status).toBe(0);
  });

  it('lists the changed claims and inputs in the terminal', () => {
    const r = runCli(['diff', 'reports/audit.json', 'reports/new.json'], { cwd: dir });
    expect(r.status).toBe(0);
    const line = claimLine(dir, 'claims/alpha.yaml', 'riverton-burglary-fell-20');
    expect(r.stdout).toContain(`riverton-burglary-fell-20  worse  (claims/alpha.yaml:${line})`);
    expect(r.stdout).toContain('verdict supported → partly-supported (worse)');
    expect(r.stdout).toContain('Claims: 3 changed (1 verdict, 1 worse), 0 added, 0 removed, 5 unchanged');
    // -20% → -17% is ±0 → +3 pp from the claimed -20%; 800 → 1100 was +37.5%, 830 → 1100 is +32.53%.
    expect(r.stdout).toContain('gap ±0.00 pp → +3.00 pp');
    expect(r.stdout).toContain('observed +37.50% → +32.53%');
  });

  it('writes Markdown', () => {
    const r = runCli(['diff', 'reports/audit.json', 'reports/new.json', '--format', 'md', '--out', 'diff.md'], { cwd: dir });
    expect(r.status).toBe(0);
    const md = readFileSync(path.join(dir, 'diff.md'), 'utf8');
    expect(md).toMatch(/^\| evidence\/counts\.csv \| changed \| `[0-9a-f]{12}` \| `[0-9a-f]{12}` \|$/m);
    expect(md).toMatch(/^\| riverton-burglary-fell-20 \(claims\/alpha\.yaml:\d+\) \| worse \| supported → partly-supported \| not-computed \| -20\.00% → -17\.00% \| ±0\.00 pp → \+3\.00 pp \| evidence\/counts\.csv \(changed\) \|$/m);
  });

  it('writes JSON with the full hashes', () => {
    const r = runCli(['diff', 'reports/audit.json', 'reports/new.json', '--format', 'json'], { cwd: dir });
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout);
    const before = JSON.parse(readFileSync(path.join(dir, 'reports/audit.json'), 'utf8'));
    const after = JSON.parse(readFileSync(path.join(dir, 'reports/new.json'), 'utf8'));
    const sha = (rep: { inputs: { path: string; sha256: string }[] }) => rep.inputs.find((i) => i.path === EVIDENCE)!.sha256;
    expect(d.inputs).toEqual([{ path: EVIDENCE, status: 'changed', before: sha(before), after: sha(after) }]);
    expect(d.summary).toEqual({ changed: 3, added: 0, removed: 0, unchanged: 5, verdict_changes: 1, worse: 1, attribution_changes: 0, attribution_worse: 0 });
    expect(d.claims.map((c: { id: string; fields: string[] }) => [c.id, c.fields.join('+')])).toEqual([
      ['riverton-burglary-fell-20', 'verdict+observed+gap'],
      ['riverton-burglary-fell-30', 'observed+gap'],
      ['riverton-burglary-2022-cut', 'observed+gap'],
    ]);
  });

  it('exits 1 with --fail-on-change, and 0 in the other direction with =worse', () => {
    expect(runCli(['diff', 'reports/audit.json', 'reports/new.json', '--fail-on-change'], { cwd: dir }).status).toBe(1);
    // From new to old, the one verdict change is an improvement.
    expect(runCli(['diff', 'reports/new.json', 'reports/audit.json', '--fail-on-change=worse'], { cwd: dir }).status).toBe(0);
    expect(runCli(['diff', 'reports/new.json', 'reports/audit.json', '--fail-on-change'], { cwd: dir }).status).toBe(1);
  });

  it('exits 2 when an argument is not a report', () => {
    const r = runCli(['diff', 'reports/audit.json', 'evidence/counts.csv'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^evidence\/counts\.csv:1:1: error: not valid JSON/m);
    expect(r.stdout).toBe('');
  });
});
