/** The project config, claimcheck.yaml, through the built binary: found, named, overridden, checked, written by init. */
import Ajv from 'ajv';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { copyFixture, fixture, listTree, ROOT, runCli, tempDir, type AuditJson } from './helpers.js';

const PROJECT = 'cli/config-project';
const WITH_ERRORS = path.join(fixture('cli/config-with-errors'), 'claimcheck.yaml');
const verdictOf = (report: AuditJson, id: string) => report.results.find((r) => r.id === id)?.verdict;
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as AuditJson;

describe('found by walking up', () => {
  it('from a sub-directory: the config’s claims, evidence, tolerance, reports and fail-on, paths read from its directory', () => {
    const dir = copyFixture(PROJECT);
    const r = runCli(['audit'], { cwd: path.join(dir, 'claims') });
    // fail_on: [contradicted]; riverton-cameras is 372 against "at least 400": contradicted.
    expect(r.status, r.stderr).toBe(1);
    // The rule is named where the config set it, shown from the project root as the reports show paths.
    expect(r.stderr).toContain('fail_on (claimcheck.yaml:8:1): 1 claim matched (riverton-cameras: contradicted)\n');
    // The terminal summary still goes to stdout, beside the reports the config lists.
    expect(r.stdout).toContain('4 claims: 2 supported, 1 contradicted, 1 unverifiable\n');
    expect(listTree(path.join(dir, 'reports'))).toEqual(['audit.json', 'audit.md']);
    expect(existsSync(path.join(dir, 'claims', 'reports'))).toBe(false);
    const report = readJson(path.join(dir, 'reports/audit.json'));
    // tolerance: 1. riverton-burglary-2022: 1090/1200 − 1 = −9.17%, 0.83 pp short of −10%: within 1 pp.
    expect(verdictOf(report, 'riverton-burglary-2022')).toBe('supported');
    // The settings say which config, and every path is shown from the project root, not from claims/.
    expect(report.settings).toEqual({ tolerance: 1, as_of: null, selection: null, config: 'claimcheck.yaml' });
    expect(report.inputs.map((i) => i.path)).toEqual(['claims/riverton.yaml', 'evidence/riverton.csv']);
    expect(readFileSync(path.join(dir, 'reports/audit.md'), 'utf8')).toContain(
      'Settings: tolerance 1 percentage points (level claims: 1% of the claimed value); no as-of date (forecasts past the evidence are pending); every claim (no selection); config claimcheck.yaml.',
    );
  });

  it('the reports are byte-identical from the project root and from any sub-directory', () => {
    const dir = copyFixture(PROJECT);
    const reports = (cwd: string) => {
      runCli(['audit'], { cwd });
      return ['audit.json', 'audit.md'].map((f) => readFileSync(path.join(dir, 'reports', f), 'utf8'));
    };
    const fromRoot = reports(dir);
    expect(reports(path.join(dir, 'evidence'))).toEqual(fromRoot);
  });

  it('explain and validate read it too', () => {
    const dir = fixture(PROJECT);
    const explain = runCli(['explain', 'riverton-burglary-2022'], { cwd: path.join(dir, 'evidence') });
    expect(explain.status, explain.stderr).toBe(0);
    expect(explain.stdout).toContain('(tolerance 1 pp)');
    // The config counts among the files checked.
    const validate = runCli(['validate'], { cwd: path.join(dir, 'claims') });
    expect(validate.stdout).toBe('checked 3 files: 4 valid claims, 15 observations in 2 series; valid\n');
  });
});

describe('the command line overrides it', () => {
  it('--tolerance, --format: each flag replaces the config’s setting; --format replaces all its reports', () => {
    const dir = copyFixture(PROJECT);
    const r = runCli(['audit', '--tolerance', '0.5', '--format', 'json', '--fail-on', 'exaggerated'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as AuditJson;
    // At 0.5 pp the same 0.83 pp is too far: partly-supported.
    expect(verdictOf(report, 'riverton-burglary-2022')).toBe('partly-supported');
    expect(report.settings).toEqual({ tolerance: 0.5, as_of: null, selection: null, config: 'claimcheck.yaml' });
    expect(existsSync(path.join(dir, 'reports'))).toBe(false);
  });

  it('--fail-on over the config’s fail_on: the failure names the option, not the config line it replaced; a JUnit report says the same', () => {
    const dir = copyFixture(PROJECT);
    const r = runCli(['audit', '--fail-on', 'contradicted', '--format', 'junit', '--out', 'junit.xml'], { cwd: path.join(dir, 'claims') });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('--fail-on: 1 claim matched (riverton-cameras: contradicted)\n');
    expect(r.stderr).not.toContain('fail_on (');
    expect(readFileSync(path.join(dir, 'claims', 'junit.xml'), 'utf8')).toContain('contradicted (--fail-on contradicted)');
    // From the config, the JUnit failure names the config's line, the same from any directory.
    const fromConfig = (cwd: string) => {
      runCli(['audit', '--format', 'junit', '--out', path.join(dir, 'from-config.xml')], { cwd });
      // (The suite's timestamp is the run's clock: the rest is the same.)
      return readFileSync(path.join(dir, 'from-config.xml'), 'utf8').replace(/ timestamp="[^"]*"/g, '');
    };
    const xml = fromConfig(dir);
    expect(xml).toContain('contradicted (fail_on: contradicted in claimcheck.yaml:8:1)');
    expect(fromConfig(path.join(dir, 'evidence'))).toBe(xml);
  });

  it('--no-config leaves the file out: defaults, and the settings name no config', () => {
    const dir = copyFixture(PROJECT);
    const r = runCli(['--no-config', 'audit', '--format', 'json'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as AuditJson;
    expect(report.settings).toEqual({ tolerance: 0.5, as_of: null, selection: null, config: null });
    // Without the config, claims/ is read from the working directory: from evidence/ there is none.
    const fromSub = runCli(['audit', '--no-config'], { cwd: path.join(dir, 'evidence') });
    expect(fromSub.status).toBe(2);
    expect(fromSub.stderr).toContain('claims: error: no such claims file or directory');
  });

  it('--publisher-type on the command line joins the config’s publisher name and review URL', () => {
    const dir = copyFixture(PROJECT);
    const r = runCli(['audit', '--format', 'claimreview', '--as-of', '2026-01-01', '--publisher-type', 'person'], { cwd: dir });
    // The config's fail_on still applies: riverton-cameras is contradicted.
    expect(r.status, r.stderr).toBe(1);
    const reviews = JSON.parse(r.stdout) as Array<{ url: string; author: { '@type': string; name: string } }>;
    expect(reviews[0]!.author).toEqual({ '@type': 'Person', name: 'Riverton Fact Check' });
    expect(reviews.map((x) => x.url)).toContain('https://example.org/riverton#riverton-cameras');
  });
});

describe('select and exclude', () => {
  const withSelection = (extra: string) => {
    const dir = copyFixture(PROJECT);
    writeFileSync(path.join(dir, 'claimcheck.yaml'), `${readFileSync(path.join(dir, 'claimcheck.yaml'), 'utf8')}${extra}`);
    return dir;
  };

  it('the config’s selectors choose the claims; the settings record them', () => {
    const dir = withSelection('select: ["riverton-*"]\nexclude: [kind:forecast]\n');
    const r = runCli(['audit'], { cwd: dir });
    // riverton-cameras, the contradicted forecast, is excluded: fail_on matches nothing.
    expect(r.status, r.stderr).toBe(0);
    const report = readJson(path.join(dir, 'reports/audit.json'));
    expect(report.results.map((x) => x.id)).toEqual(['riverton-burglary-2022']);
    expect(report.settings.selection).toEqual({ select: ['riverton-*'], exclude: ['kind:forecast'], claims_read: 4 });
  });

  it('--select on the command line replaces the config’s select; its exclude stays', () => {
    const dir = withSelection('select: ["riverton-*"]\nexclude: [kind:forecast]\n');
    const report = JSON.parse(runCli(['audit', '--format', 'json', '--select', 'vendor-*'], { cwd: dir }).stdout) as AuditJson;
    expect(report.results.map((x) => x.id)).toEqual(['vendor-brochure']);
    expect(report.settings.selection).toEqual({ select: ['vendor-*'], exclude: ['kind:forecast'], claims_read: 4 });
  });

  it('a selector of the config that matches no claim is a warning at its line in the config', () => {
    const dir = withSelection('select: ["nothing-*", "riverton-*"]\n');
    const line = readFileSync(path.join(dir, 'claimcheck.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('select:')) + 1;
    const r = runCli(['validate'], { cwd: path.join(dir, 'claims') });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`claimcheck.yaml:${line}:1: warning: 'nothing-*' matches no claim`);
    // On the command line, the same selector is named by its option.
    const typed = runCli(['--no-config', 'validate', '--select', 'nothing-*,riverton-*'], { cwd: dir });
    expect(typed.stderr).toContain("--select: warning: 'nothing-*' matches no claim");
  });

  it('a config selector that matches no claim takes its place in file order among the other findings', () => {
    // The claims live in briefs/, which sorts before claimcheck.yaml: each finding must be made where
    // it belongs, not under a placeholder sorted first and moved afterwards.
    const dir = copyFixture('cli/selection');
    renameSync(path.join(dir, 'claims'), path.join(dir, 'briefs'));
    writeFileSync(path.join(dir, 'claimcheck.yaml'), 'claims: briefs\nevidence: evidence\n# every claim, and one that is not there\nselect: ["nothing-*", "*"]\n');
    const lines = (file: string) => readFileSync(path.join(dir, file), 'utf8').split('\n');
    // karachi-robberies' region has a Cyrillic 'а' (a warning in the claims file, at the value).
    const region = lines('briefs/claims.yaml').findIndex((l) => l.includes('Kаrachi'));
    const expected = [
      `briefs/claims.yaml:${region + 1}:${lines('briefs/claims.yaml')[region]!.indexOf('Kаrachi') + 1}`,
      `claimcheck.yaml:${lines('claimcheck.yaml').findIndex((l) => l.startsWith('select:')) + 1}:1`,
    ];
    const terminal = runCli(['audit'], { cwd: path.join(dir, 'briefs') });
    expect(terminal.status, terminal.stderr).toBe(0);
    expect(terminal.stdout.split('\n').flatMap((l) => /^(\S+:\d+:\d+): warning: /.exec(l)?.[1] ?? [])).toEqual(expected);
    const report = JSON.parse(runCli(['audit', '--format', 'json'], { cwd: dir }).stdout) as AuditJson;
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(expected);
    expect(report.findings.map((f) => f.code)).toEqual(['name-mixed-script', 'select-unmatched']);
  });

  it('a selector the config cannot hold is an error at its position, exit 2', () => {
    const dir = withSelection('exclude: [tags:kenya]\n');
    const line = readFileSync(path.join(dir, 'claimcheck.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('exclude:')) + 1;
    const r = runCli(['audit'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`claimcheck.yaml:${line}:11: error: exclude: unknown selector 'tags:kenya' (did you mean 'tag:'?)`);
  });
});

describe('--config FILE', () => {
  it('reads that file, its paths from its own directory; the settings name it as typed from the working directory', () => {
    const dir = copyFixture(PROJECT);
    const r = runCli(['audit', '--config', 'ci/strict.yaml'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(listTree(path.join(dir, 'reports'))).toEqual(['junit.xml']);
    const junit = readFileSync(path.join(dir, 'reports/junit.xml'), 'utf8');
    expect(junit).toContain('<property name="config" value="ci/strict.yaml"/>');
    expect(junit).toContain('<property name="tolerance" value="0"/>');
    expect(junit).toContain('<property name="as-of" value="2026-01-01"/>');
  });

  it('is a global option: before the command or after it, for validate too', () => {
    const dir = fixture(PROJECT);
    for (const args of [['--config', 'ci/strict.yaml', 'validate'], ['validate', '--config', 'ci/strict.yaml']]) {
      const r = runCli(args, { cwd: dir });
      expect(r.stdout, r.stderr).toBe('checked 3 files: 4 valid claims, 15 observations in 2 series; valid\n');
    }
  });

  it('a file that is not there: exit 2, naming it', () => {
    const r = runCli(['audit', '--config', 'nope.yaml'], { cwd: fixture(PROJECT) });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^nope\.yaml: error: the config file does not exist\n {2}hint: check the path given to --config/);
  });
});

describe('a config with errors', () => {
  const EXPECTED = [
    "claimcheck.yaml:3:12: error: tolerance: expected a number of percentage points ≥ 0, e.g. 0.5, found 'half'",
    "claimcheck.yaml:4:1: error: unknown setting 'as-of' (did you mean 'as_of'?)",
    "claimcheck.yaml:7:3: error: unknown report format 'pdf' (did you mean 'md'?)",
    "claimcheck.yaml:8:11: error: fail_on: 'contradictd' is not a verdict, 'attribution:VERDICT' or 'findings' (did you mean 'contradicted'?)",
    "claimcheck.yaml:9:9: error: engine: expected builtin or duckdb, found 'spark'",
  ];
  const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.includes(': error: ')).map((l) => l.replace(/; verdicts are .*$/, ''));

  it('audit: every error at its file:line:column, exit 2, no report, no stack trace', () => {
    const dir = copyFixture(PROJECT);
    copyFileSync(WITH_ERRORS, path.join(dir, 'claimcheck.yaml'));
    const r = runCli(['audit'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(errorLines(r.stderr)).toEqual(EXPECTED);
    expect(r.stderr).toContain('\n5 errors, 0 warnings\nnothing was run: fix the config file');
    expect(existsSync(path.join(dir, 'reports'))).toBe(false);
  });

  it('validate lists the same errors (and checks the claims and evidence the config names)', () => {
    const dir = copyFixture(PROJECT);
    copyFileSync(WITH_ERRORS, path.join(dir, 'claimcheck.yaml'));
    const r = runCli(['validate'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(errorLines(r.stderr)).toEqual(EXPECTED);
    expect(r.stderr).toMatch(/checked 3 files: 4 valid claims, 15 observations in 2 series; invalid\n$/);
    // Named as a path, a claimcheck.yaml is checked as a config (not as evidence YAML).
    const named = runCli(['--no-config', 'validate', 'claimcheck.yaml'], { cwd: dir });
    expect(named.status).toBe(2);
    expect(errorLines(named.stderr)).toEqual(EXPECTED);
  });

  it('a config that cannot be read at all: validate says why and fails, as audit does (it used to check the defaults and say valid)', () => {
    const dir = copyFixture(PROJECT);
    // A UTF-16 byte-order mark followed by an unpaired surrogate: no text can be read from it.
    writeFileSync(path.join(dir, 'claimcheck.yaml'), Buffer.from([0xff, 0xfe, 0x00, 0xd8]));
    const expected = 'claimcheck.yaml: error: the file starts with a UTF-16 little-endian byte-order mark but is not valid UTF-16 (an unpaired surrogate or an odd number of bytes)';
    const validate = runCli(['validate'], { cwd: dir });
    expect(validate.status).toBe(2);
    expect(validate.stderr.split('\n')).toContain(expected);
    expect(validate.stderr).toMatch(/; invalid\n$/);
    const audit = runCli(['audit'], { cwd: dir });
    expect(audit.status).toBe(2);
    expect(audit.stderr.split('\n')).toContain(expected);
    expect(audit.stderr).toContain("nothing was run: fix the config file ('claimcheck validate' lists its errors too");
    // Found from a sub-directory, it is named from the project root all the same, and validate checks
    // the project's claims/ and evidence/, not the sub-directory's (it has none).
    for (const command of ['validate', 'audit']) expect(runCli([command], { cwd: path.join(dir, 'claims') }).stderr.split('\n')).toContain(expected);
    expect(runCli(['validate'], { cwd: path.join(dir, 'claims') }).stderr).toMatch(/\n1 error, 0 warnings\nchecked 3 files: 4 valid claims, 15 observations in 2 series; invalid\n$/);
  });

  it('a config over the size limit: the hint does not offer --max-file-size, which sets the inputs’ limit', () => {
    const dir = copyFixture(PROJECT);
    writeFileSync(path.join(dir, 'claimcheck.yaml'), `# ${'x'.repeat(10 * 1024 * 1024)}\n`);
    const r = runCli(['validate'], { cwd: dir });
    expect(r.status).toBe(2);
    // A size that rounds to the limit is given in bytes.
    expect(r.stderr).toContain('claimcheck.yaml: error: the file is 10,485,763 bytes, larger than the 10 MB (10,485,760 bytes) limit for config files\n');
    expect(r.stderr).toContain('hint: a project config is a few lines of settings: check that this is the file meant');
    expect(r.stderr).not.toContain('--max-file-size');
  });

  it('from a sub-directory, audit and validate name the config’s errors from the project root, as they name every other file', () => {
    const dir = copyFixture(PROJECT);
    copyFileSync(WITH_ERRORS, path.join(dir, 'claimcheck.yaml'));
    const audit = runCli(['audit'], { cwd: path.join(dir, 'claims') });
    const validate = runCli(['validate'], { cwd: path.join(dir, 'claims') });
    expect(audit.status).toBe(2);
    expect(errorLines(audit.stderr)).toEqual(EXPECTED);
    expect(errorLines(validate.stderr)).toEqual(EXPECTED);
  });

  it('explain refuses too', () => {
    const dir = copyFixture(PROJECT);
    copyFileSync(WITH_ERRORS, path.join(dir, 'claimcheck.yaml'));
    const r = runCli(['explain', 'riverton-cameras'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(errorLines(r.stderr)).toEqual(EXPECTED);
  });

  it('paths it names that do not exist: each an error at its line, all together, and said once', () => {
    const dir = copyFixture(PROJECT);
    writeFileSync(path.join(dir, 'claimcheck.yaml'), 'claims: nope\nevidence: [evidence, also-missing]\nbaseline: missing.json\n');
    const expected = [
      "claimcheck.yaml:1:9: error: claims: 'nope' does not exist",
      "claimcheck.yaml:2:22: error: evidence: 'also-missing' does not exist",
      "claimcheck.yaml:3:11: error: baseline: 'missing.json' does not exist",
    ];
    const audit = runCli(['audit'], { cwd: dir });
    expect(audit.status).toBe(2);
    expect(errorLines(audit.stderr)).toEqual(expected);
    expect(audit.stderr).toContain('hint: paths in claimcheck.yaml are relative to its directory');
    expect(audit.stderr).toContain("hint: write an audit's JSON report there first (claimcheck audit --format json --out missing.json), or remove 'baseline:'");
    expect(existsSync(path.join(dir, 'reports'))).toBe(false);
    // validate says each once, at the config's line, not again as a path the user never typed.
    const validate = runCli(['validate'], { cwd: dir });
    expect(validate.status).toBe(2);
    expect(errorLines(validate.stderr)).toEqual(expected);
  });

  it('a combination the command line could still complete is checked after it: fail_on_change needs a baseline', () => {
    const dir = copyFixture(PROJECT);
    writeFileSync(path.join(dir, 'claimcheck.yaml'), 'tolerance: 1\nfail_on_change: worse\n');
    const r = runCli(['audit'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('claimcheck: fail_on_change (claimcheck.yaml:2:1) compares with a baseline: add --baseline REPORT (a JSON report of an earlier audit) or baseline: in the config\n');
    // From a sub-directory, named from the project root; typed on the command line, named as typed.
    expect(runCli(['audit'], { cwd: path.join(dir, 'claims') }).stderr).toContain('claimcheck: fail_on_change (claimcheck.yaml:2:1) compares with a baseline');
    expect(runCli(['audit', '--fail-on-change'], { cwd: path.join(dir, 'claims') }).stderr).toContain('claimcheck: --fail-on-change compares with a baseline');
    // Given on the command line, the baseline completes it.
    runCli(['audit', '--no-config', '--format', 'json', '--out', 'before.json'], { cwd: dir });
    const withBaseline = runCli(['audit', '--baseline', 'before.json'], { cwd: dir });
    expect(withBaseline.status, withBaseline.stderr).toBe(0);
  });
});

describe('init writes one', () => {
  it('commented, with the schema hint; a bare audit then writes the reports it lists', () => {
    const dir = tempDir();
    const r = runCli(['init'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('created claims/example.yaml\ncreated evidence/example.csv\ncreated claimcheck.yaml\n');
    const text = readFileSync(path.join(dir, 'claimcheck.yaml'), 'utf8');
    const first = text.split('\n')[0]!;
    expect(first).toMatch(/^# yaml-language-server: \$schema=\S+config\.schema\.json$/);
    expect(readFileSync(path.resolve(dir, first.split('$schema=')[1]!), 'utf8')).toContain('"$id": "urn:claimcheck:schema:config"');
    // It validates against the schema it names.
    const ajv = new Ajv.default({ allErrors: true, strict: true, allowUnionTypes: true });
    const validateConfig = ajv.compile(JSON.parse(readFileSync(path.join(ROOT, 'schema/config.schema.json'), 'utf8')));
    expect(validateConfig(parseYaml(text)), JSON.stringify(validateConfig.errors)).toBe(true);

    const audit = runCli(['audit'], { cwd: dir });
    expect(audit.status, audit.stderr).toBe(0);
    expect(audit.stdout).toContain('4 claims: 1 supported, 1 partly-supported, 1 contradicted, 1 unverifiable\n');
    expect(listTree(path.join(dir, 'reports'))).toEqual(['audit.html', 'audit.json', 'audit.md']);
    expect(readJson(path.join(dir, 'reports/audit.json')).settings.config).toBe('claimcheck.yaml');
    expect(readFileSync(path.join(dir, 'reports/audit.html'), 'utf8')).toContain('; config claimcheck.yaml.');
  });

  it('never overwrites a config, under either name: exit 2 and nothing created', () => {
    for (const name of ['claimcheck.yaml', 'claimcheck.yml']) {
      const dir = tempDir();
      writeFileSync(path.join(dir, name), 'tolerance: 2\n');
      const r = runCli(['init'], { cwd: dir });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`${name}: error: already exists; init never overwrites a file\n  hint: run init in an empty directory, or move these files away\n`);
      expect(readFileSync(path.join(dir, name), 'utf8')).toBe('tolerance: 2\n');
      expect(listTree(dir)).toEqual([name]);
    }
  });

  it('into a sub-directory: the config is found from inside it', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'work'));
    expect(runCli(['init', 'work'], { cwd: dir }).status).toBe(0);
    const r = runCli(['validate'], { cwd: path.join(dir, 'work', 'claims') });
    expect(r.stdout).toBe('checked 3 files: 4 valid claims, 15 observations in 2 series; valid\n');
  });
});
