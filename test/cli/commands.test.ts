/** validate, explain, init, --help and --version, run through the built binary. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, fixture, ROOT, runCli, tempDir } from './helpers.js';

const ALL = fixture('cli/all-verdicts');
const MANY_ERRORS = fixture('cli/claims-with-many-errors');
const NOT_A_NUMBER = fixture('cli/evidence-not-a-number');

describe('validate', () => {
  it('a valid project: exit 0 and a one-line summary ending "; valid"', () => {
    const r = runCli(['validate'], { cwd: ALL });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    // 2 claims files + 3 evidence files; 12 + 3 claims; 6 + 18 + 2 rows in 5 region/metric series
    // (burglaries, robberies, assaults, thefts, cameras_in_service).
    expect(r.stdout).toBe('checked 5 files: 15 valid claims, 26 observations in 5 series; valid\n');
  });

  it('an invalid project: exit 2, every problem, and the summary ending "; invalid" on stderr', () => {
    const r = runCli(['validate'], { cwd: MANY_ERRORS });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const errors = r.stderr.split('\n').filter((l) => / error: /.test(l));
    expect(errors.map((l) => l.split(': error: ')[0])).toEqual([
      'claims/bad.yaml:2:9',
      'claims/bad.yaml:5:11',
      'claims/bad.yaml:8:13',
      'claims/bad.yaml:17:5',
      'claims/bad.yaml:20:12',
      'claims/bad.yaml:21:13',
      'claims/bad.yaml:22:14',
    ]);
    // good.yaml's one claim still counts; both bad.yaml claims are left out.
    // ("1 valid claims": see the plural test in reports.test.ts; either form is accepted here.)
    expect(r.stderr).toMatch(/\n7 errors, 0 warnings\nchecked 3 files: 1 valid claims?, 2 observations in 1 series; invalid\n$/);
  });

  it('individual files: YAML is read as claims, CSV as evidence', () => {
    const r = runCli(['validate', 'claims/alderton.yaml', 'evidence/annual.csv'], { cwd: ALL });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    // alderton.yaml holds 12 claims; annual.csv 6 rows over burglaries, robberies, assaults.
    expect(r.stdout).toBe('checked 2 files: 12 valid claims, 6 observations in 3 series; valid\n');
  });

  it('an individual invalid evidence file: exit 2 with its error', () => {
    const r = runCli(['validate', 'evidence/x.csv'], { cwd: NOT_A_NUMBER });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("evidence/x.csv:3:4: error: value 'abc' is not a number\n");
    expect(r.stderr).toMatch(/checked 1 file: 0 valid claims, 1 observations? in 1 series; invalid\n$/);
  });

  it('an individual valid claims file out of an invalid project passes on its own', () => {
    const r = runCli(['validate', 'claims/good.yaml'], { cwd: MANY_ERRORS });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^checked 1 file: 1 valid claims?, 0 observations in 0 series; valid\n$/);
  });

  it('a path that does not exist, and a file that is neither YAML nor CSV, are both reported', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'not data\n');
    const r = runCli(['validate', 'missing.yaml', 'notes.txt'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('missing.yaml: error: no such claims or evidence file or directory\n');
    expect(r.stderr).toContain('notes.txt: error: not a claims (.yaml) or evidence (.csv, .json, .xlsx) file\n');
    expect(r.stderr).toMatch(/2 errors, 0 warnings\nchecked 0 files: 0 valid claims, 0 observations in 0 series; invalid\n$/);
  });
});

describe('explain', () => {
  it('prints the claim, each step with its numbers, the verdict and the evidence rows as file:line', () => {
    const r = runCli(['explain', 'burglary-result-supported'], { cwd: ALL });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    // Sections are separated by blank lines: the claim, Steps, Evidence rows, Sources of the claim.
    const [claim, steps, rows, sources, ...rest] = r.stdout.split('\n\n');
    expect(rest).toEqual([]);
    expect(claim!.split('\n').slice(0, 5)).toEqual([
      'burglary-result-supported  (claims/alderton.yaml:4)',
      '  statement: Burglaries fell by 26% in 2021.',
      '  claimant:  Alderton Police (result)',
      '  about:     Alderton / burglaries, 2020 → 2021',
      '  claimed:   -26.00%  [as written: -26%]',
    ]);
    const stepLines = steps!.split('\n');
    expect(stepLines.slice(0, 6)).toEqual([
      'Steps',
      "  1. baseline 2020 = 1,200 [count, as reported]: reported for 2020; a count (unit 'cases')",
      "  2. target 2021 = 884 [count, as reported]: reported for 2021; a count (unit 'cases')",
      // 884/1200 − 1 = −26.33%
      '  3. change = target / baseline − 1 = 884 / 1,200 − 1 = -26.33% (1,200 → 884)',
      // −26.33 − (−26) = −0.33 pp
      '  4. gap = change − nearest end of the claimed range = -0.33 pp (tolerance 0.5 pp)',
      '  5. statistical tiers (docs/methods.md): the attribution is decided by the most credible informative tier',
    ]);
    // The count tier's inputs are the two counts; the verdict is the outcome, and a result claim
    // without history or a comparison area is not asked for an attribution.
    expect(stepLines.find((l) => l.startsWith('       inputs:  a = 1,200, Ta = 1, b = 884, Tb = 1, '))).toBeDefined();
    expect(stepLines.slice(-5)).toEqual([
      '  6. verdict: supported (the outcome: the reported values against the claim, with the tolerance)',
      '     - Alderton / burglaries: 1,200 (2020) → 884 (2021) is -26.33%',
      '     - observed -26.33% is -0.33 pp from the claimed -26.00%, within the tolerance of 0.5 pp',
      '  7. attribution: not computed',
      '     - a result claim with no comparison area and 1 pre-period point (fewer than 3): the outcome is the answer; the tiers are shown for reference',
    ]);
    expect(rows).toBe(
      [
        'Evidence rows',
        '  evidence/annual.csv:2  Alderton / burglaries  2020  1,200 cases  (https://example.org/alderton/police-2020)',
        '  evidence/annual.csv:3  Alderton / burglaries  2021  884 cases  (https://example.org/alderton/police-2021)',
      ].join('\n'),
    );
    expect(sources).toBe('Sources of the claim\n  1. Alderton Police, "Annual report 2021", 2022-02-01  https://example.org/alderton/report-2021\n');
  });

  it('a year summed from months lists all 13 rows it used', () => {
    const r = runCli(['explain', 'theft-year-summed'], { cwd: ALL });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("  2. target 2022 = 540 [count, rolled up by sum]: sum of the 12 months of 2022; a count (unit 'cases'), summed over time\n");
    // 540/600 − 1 = −10%
    expect(r.stdout).toContain('  3. change = target / baseline − 1 = 540 / 600 − 1 = -10.00% (600 → 540)\n');
    const rows = r.stdout.split('Evidence rows\n')[1]!.split('\n\n')[0]!.split('\n');
    expect(rows.map((l) => l.trim().split(/\s+/)[0])).toEqual([
      'evidence/thefts.csv:2',
      ...Array.from({ length: 12 }, (_, i) => `evidence/thefts.csv:${i + 3}`),
    ]);
    expect(rows[12]).toBe('  evidence/thefts.csv:14  Alderton / thefts  2022-12  45 cases  (https://example.org/alderton/monthly)');
  });

  it('a level claim shows the reading chosen and the gap as a percentage of the claim', () => {
    const r = runCli(['explain', 'cameras-412'], { cwd: ALL });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("  1. target 2021 = 410 [level, rolled up by last]: the latest of 2 readings dated inside 2021, 2021-12-15 (readings on single dates do not cover the period, so the latest stands for it; a descriptor may declare rollup: mean or first); a level (unit 'cameras')\n");
    // (410 − 412)/412 = −0.49 %
    expect(r.stdout).toContain('  2. gap = (observed − nearest claimed value) / claimed value = -0.49% of claim (tolerance 0.5%)\n');
    expect(r.stdout).toContain('  3. verdict: supported (the outcome: the reported values against the claim, with the tolerance)\n');
    expect(r.stdout).toContain('  4. attribution: not computed\n     - a level claim states a value, not a change: there is nothing to attribute\n');
    expect(r.stdout).toContain('Evidence rows\n  evidence/cameras.csv:3  Alderton / cameras_in_service  2021-12-15  410 cameras');
  });

  it('a claim with no computation shows the verdict and its reason, and no evidence section', () => {
    const r = runCli(['explain', 'burglary-pending'], { cwd: ALL });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  about:     Alderton / burglaries, 2020 → 2025 (within 5y of the baseline)\n');
    expect(r.stdout).toContain('Steps\n  1. verdict: pending\n');
    expect(r.stdout).not.toContain('Evidence rows');
  });

  it('an unknown id: exit 2 and "did you mean" the nearest ids', () => {
    const r = runCli(['explain', 'burglary-result-suported'], { cwd: ALL });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "claimcheck: no claim with id 'burglary-result-suported' (did you mean 'burglary-result-supported' or 'burglary-result-short' or 'burglary-result-larger'?)\n",
    );
  });

  it('an id nothing resembles: exit 2 without a suggestion', () => {
    const r = runCli(['explain', 'zzzzzzzzzzzzzzzzzzzzzzzz'], { cwd: ALL });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("claimcheck: no claim with id 'zzzzzzzzzzzzzzzzzzzzzzzz'\n");
  });

  it('in a project with input errors: exit 2 and the errors, not an explanation', () => {
    const r = runCli(['explain', 'good-claim'], { cwd: MANY_ERRORS });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("claims/bad.yaml:2:9: error: 'id' 'Bad_ID' may use only a-z, 0-9 and single hyphens\n");
    expect(r.stderr).toContain('7 errors, 0 warnings\n');
  });

  it('honours --claims/--evidence and --as-of', () => {
    const r = runCli(['explain', 'burglary-pending', '-c', 'claims/alderton.yaml', '-e', 'evidence', '--as-of', '2026-01-01'], { cwd: ALL });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  1. verdict: no-evidence\n     - target: no observation for 2025\n');
  });
});

describe('init', () => {
  it('creates a working example: 4 claims, each with its verdict', () => {
    const dir = tempDir();
    const r = runCli(['init', 'proj'], { cwd: dir });
    expect(r.status).toBe(0);
    // The project config too (test/cli/config.test.ts): a bare audit writes the reports it lists.
    expect(r.stderr).toBe('created proj/claims/example.yaml\ncreated proj/evidence/example.csv\ncreated proj/claimcheck.yaml\n');
    // Run as `node …/bin/claimcheck.js`, outside any project that has it installed: the next step says the same.
    expect(r.stdout).toBe(`Next: cd proj && node ${BIN} audit\n`);
    const root = path.join(dir, 'proj');
    // The claims file points editors at this package's schema, by a path that exists.
    const first = readFileSync(path.join(root, 'claims', 'example.yaml'), 'utf8').split('\n')[0]!;
    expect(first).toMatch(/^# yaml-language-server: \$schema=\S+claims\.schema\.json$/);
    expect(existsSync(path.resolve(root, 'claims', first.split('$schema=')[1]!))).toBe(true);
    expect(existsSync(path.join(root, 'claims', 'example.yaml'))).toBe(true);
    expect(existsSync(path.join(root, 'evidence', 'example.csv'))).toBe(true);

    const audit = runCli(['audit'], { cwd: root });
    expect(audit.status).toBe(0);
    const row = (id: string) => audit.stdout.split('\n').find((l) => l.startsWith(`${id} `))?.split(/\s{2,}/).slice(0, 6); // the statement may follow, when the width leaves room
    // 2023 = 80+74+77+69+72+70+75+71+68+73+76+79 = 884 (months summed); 884/1200 − 1 = −26.33%,
    // beyond the forecast −20% → supported (exceeded), gap −26.33 − (−20) = −6.33 pp.
    // A forecast: the attribution is asked; R: poisson.test(c(884, 1200)) → 0.737 (0.675–0.804): U < 1, L ≤ 0.8 → supported.
    expect(row('riverton-burglary-cut')).toEqual(['riverton-burglary-cut', 'supported', 'supported (count)', '-20.00%', '-26.33% (1,200 → 884)', '-6.33 pp']);
    // 1090/1200 − 1 = −9.17%; −9.17 − (−10) = +0.83 pp > 0.5, short of the claim → partly-supported.
    // f = log(1090/1200) / log(0.9) = 0.9121 ≥ 0.5. A result claim with no history: no attribution.
    expect(row('riverton-burglary-2022')).toEqual(['riverton-burglary-2022', 'partly-supported', 'not computed', '-10.00%', '-9.17% (1,200 → 1,090)', '+0.83 pp']);
    // Only reading in 2022: 372 on 2022-12-15; (372 − 400)/400 = −7% → contradicted.
    expect(row('riverton-cameras')).toEqual(['riverton-cameras', 'contradicted', 'not computed', 'at least 400', '372', '-7.00% of claim']);
    // No region, metric, baseline or target.
    expect(row('vendor-brochure')).toEqual(['vendor-brochure', 'unverifiable', '—', '-40.00%', '—', '—']);
    expect(audit.stdout).toContain('4 claims: 1 supported, 1 partly-supported, 1 contradicted, 1 unverifiable\n');

    // Claims, evidence and the config.
    expect(runCli(['validate'], { cwd: root }).stdout).toBe('checked 3 files: 4 valid claims, 15 observations in 2 series; valid\n');
  });

  it('into the current directory: the next step needs no cd', () => {
    const dir = tempDir();
    const r = runCli(['init'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('created claims/example.yaml\ncreated evidence/example.csv\ncreated claimcheck.yaml\n');
    expect(r.stdout).toBe(`Next: node ${BIN} audit\n`);
  });

  it('prints the command that works where it ran: `claimcheck` when the claimcheck on PATH is this one', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'bin'));
    symlinkSync(BIN, path.join(dir, 'bin', 'claimcheck'));
    const env = { PATH: `${path.join(dir, 'bin')}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };
    const r = runCli(['init', 'proj'], { cwd: dir, env });
    expect(r.stdout).toBe('Next: cd proj && claimcheck audit\n');
    // And that command does work, there, as printed.
    const next = spawnSync('sh', ['-c', r.stdout.replace(/^Next: /, '').trim()], { cwd: dir, env: { ...process.env, ...env, NO_COLOR: '1' }, encoding: 'utf8' });
    expect(next.status, next.stderr).toBe(0);
    expect(next.stdout).toMatch(/4 claims: /);
  });

  it('never overwrites: a second init exits 2 and leaves every file as it was', () => {
    const dir = tempDir();
    expect(runCli(['init', 'proj'], { cwd: dir }).status).toBe(0);
    const claims = path.join(dir, 'proj', 'claims', 'example.yaml');
    const evidence = path.join(dir, 'proj', 'evidence', 'example.csv');
    // The user has edited the claims since.
    writeFileSync(claims, `${readFileSync(claims, 'utf8')}# my own edit\n`);
    const before = [readFileSync(claims), readFileSync(evidence)];

    const r = runCli(['init', 'proj'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'proj/claims/example.yaml: error: already exists; init never overwrites a file',
        'proj/evidence/example.csv: error: already exists; init never overwrites a file',
        'proj/claimcheck.yaml: error: already exists; init never overwrites a file',
        '  hint: run init in an empty directory, or move these files away',
        '',
      ].join('\n'),
    );
    expect(readFileSync(claims).equals(before[0]!)).toBe(true);
    expect(readFileSync(evidence).equals(before[1]!)).toBe(true);
  });

  it('refuses when only one of the two files exists, and creates neither', () => {
    const dir = tempDir();
    // A project with its own claims/example.yaml and no evidence yet.
    mkdirSync(path.join(dir, 'claims'));
    const own = path.join(dir, 'claims', 'example.yaml');
    writeFileSync(own, 'claims:\n');
    const r = runCli(['init'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('claims/example.yaml: error: already exists; init never overwrites a file\n  hint: run init in an empty directory, or move these files away\n');
    expect(readFileSync(own, 'utf8')).toBe('claims:\n');
    expect(existsSync(path.join(dir, 'evidence'))).toBe(false);
  });
});

describe('--help and --version', () => {
  it('--help lists the four commands and exits 0', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: claimcheck \[options\] \[command\]/);
    const commands = r.stdout.split('Commands:\n')[1]!;
    for (const cmd of ['audit [options]', 'validate [options] [paths...]', 'explain [options] <id>', 'init [dir]']) {
      expect(commands).toMatch(new RegExp(`^  ${cmd.replace(/[[\].]/g, '\\$&')}\\s`, 'm'));
    }
  });

  it('`help` is a success too', () => {
    const r = runCli(['help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Commands:');
  });

  it('audit --help lists its options', () => {
    const r = runCli(['audit', '--help']);
    expect(r.status).toBe(0);
    for (const opt of ['--claims <path...>', '--evidence <path...>', '--as-of <date>', '--tolerance <pp>', '--format <format>', '--out <file>', '--fail-on <list>', '--baseline <report>', '--fail-on-change [which]', '--charts <dir>']) {
      expect(r.stdout).toContain(opt);
    }
    expect(r.stdout).toContain('report format: terminal, md, json, html, junit,');
  });

  it.each([['--version'], ['-V']])('%s prints the version from package.json', (flag) => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = runCli([flag]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });
});
