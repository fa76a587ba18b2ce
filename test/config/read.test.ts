// Reading claimcheck.yaml: values, resolved paths, and every problem as an error at its line and column.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, parseConfig } from '../../src/config/index.js';

const DIR = path.resolve('/project');
const FILE = path.join(DIR, 'claimcheck.yaml');
const read = (text: string) => parseConfig(text, FILE, 'claimcheck.yaml');
const problems = (text: string) => read(text).findings.map((f) => `${f.line}:${f.column} ${f.message}`);

describe('a valid config', () => {
  it('gives every setting, with relative paths read from the config file’s directory', () => {
    const { config, findings } = read(
      [
        'claims: [claims, more/claims.yaml]',
        'evidence: /data/evidence',
        'select: [tag:kenya, "riverton-*"]',
        'exclude: kind:forecast',
        'tolerance: 1.5',
        'as_of: 2026-01-01',
        'outputs:',
        '  md: reports/audit.md',
        '  json: reports/audit.json',
        '  junit: "-"',
        '  charts: reports/charts',
        'fail_on: [contradicted, "attribution:not-supported,findings"]',
        'fail_on_change: worse',
        'baseline: reports/previous.json',
        'publisher: { name: Example Fact Check, type: person, url: "https://example.org", review_url: "https://example.org/a#{id}" }',
        'engine: duckdb',
        'max_file_size: 50MB',
        '',
      ].join('\n'),
    );
    expect(findings).toEqual([]);
    const { at, inputPaths, ...settings } = config;
    // Each path to read is remembered where it is written, for loadConfig to check it exists.
    expect(inputPaths.map((p) => [p.key, p.path, p.at.line, p.at.column])).toEqual([
      ['claims', path.join(DIR, 'claims'), 1, 10],
      ['claims', path.join(DIR, 'more/claims.yaml'), 1, 18],
      ['evidence', path.resolve('/data/evidence'), 2, 11],
      ['baseline', path.join(DIR, 'reports/previous.json'), 14, 11],
    ]);
    expect(settings).toEqual({
      file: FILE,
      dir: DIR,
      claims: [path.join(DIR, 'claims'), path.join(DIR, 'more/claims.yaml')],
      evidence: [path.resolve('/data/evidence')],
      select: ['tag:kenya', 'riverton-*'],
      exclude: ['kind:forecast'],
      tolerance: 1.5,
      asOf: '2026-01-01',
      outputs: [
        { format: 'md', path: path.join(DIR, 'reports/audit.md') },
        { format: 'json', path: path.join(DIR, 'reports/audit.json') },
        // `-`: standard output.
        { format: 'junit' },
      ],
      charts: path.join(DIR, 'reports/charts'),
      failOn: ['contradicted', 'attribution:not-supported', 'findings'],
      failOnChange: 'worse',
      baseline: path.join(DIR, 'reports/previous.json'),
      publisher: { name: 'Example Fact Check', type: 'person', url: 'https://example.org', reviewUrl: 'https://example.org/a#{id}' },
      engine: 'duckdb',
      maxFileSize: 50 * 1024 * 1024,
    });
    // Where each setting was written, for messages about combinations (fail_on_change without a baseline).
    expect(at.fail_on_change).toEqual({ file: 'claimcheck.yaml', line: 13, column: 1 });
    expect(at.charts).toEqual({ file: 'claimcheck.yaml', line: 11, column: 3 });
  });

  it('an empty file, or one of comments, sets nothing', () => {
    for (const text of ['', '# nothing yet\n', '---\n']) {
      const { config, findings } = read(text);
      expect(findings).toEqual([]);
      expect(Object.keys(config).sort()).toEqual(['at', 'dir', 'file', 'inputPaths']);
      expect(config.inputPaths).toEqual([]);
    }
  });

  it('fail_on_change: true is any; false is off; a byte count may be a number', () => {
    expect(read('fail_on_change: true\n').config.failOnChange).toBe('any');
    expect(read('fail_on_change: false\n').config.failOnChange).toBeUndefined();
    expect(read('max_file_size: 1048576\n').config.maxFileSize).toBe(1048576);
    expect(read('tolerance: 0\n').config.tolerance).toBe(0);
  });

  it('the $schema key (for editors) is allowed', () => {
    expect(read('$schema: ../schema/config.schema.json\n').findings).toEqual([]);
  });
});

describe('problems', () => {
  it('are all reported together, each at its line and column', () => {
    expect(
      problems(
        [
          'claims: 3', // 1
          'tolerance: -1', // 2
          'as_of: 2026-02-30', // 3
          'outputs:', // 4
          '  md: a.md', // 5
          '  pdf: a.pdf', // 6
          '  json: a.md', // 7
          'fail_on: [contradictd]', // 8
          'fail_on_change: sometimes', // 9
          'publisher: { name: P, type: company, review_url: example.org }', // 10
          'engine: spark', // 11
          'max_file_size: huge', // 12
          'baselin: x.json', // 13
          '',
        ].join('\n'),
      ),
    ).toEqual([
      '1:9 claims: expected a file or directory, or a list of them, e.g. claims: [claims/], found the number 3',
      '2:12 tolerance: expected a number of percentage points ≥ 0, e.g. 0.5, found the number -1',
      "3:8 as_of: expected a date YYYY-MM-DD, e.g. 2026-01-01, found '2026-02-30'",
      "6:3 unknown report format 'pdf' (did you mean 'md'?)",
      "7:9 outputs: md and json are both written to 'a.md'",
      "8:11 fail_on: 'contradictd' is not a verdict, 'attribution:VERDICT' or 'findings' (did you mean 'contradicted'?); verdicts are supported, partly-supported, exaggerated, contradicted, not-supported, inconclusive, unverifiable, no-evidence, pending; attribution verdicts are supported, partly-supported, inconclusive, not-supported, contradicted, not-computed",
      "9:17 fail_on_change: expected any, worse, true or false, found 'sometimes'",
      "10:29 publisher: type: expected organization or person, found 'company'",
      "10:50 publisher: review_url: 'example.org' is not an absolute http(s) URL, e.g. https://example.org/audit#{id}",
      "11:9 engine: expected builtin or duckdb, found 'spark'",
      "12:16 max_file_size: expected a size in bytes, or with K, M or G (powers of 1024), found 'huge'",
      "13:1 unknown setting 'baselin' (did you mean 'baseline'?)",
    ]);
  });

  it('an unknown key far from every known one lists them, without a guess', () => {
    const [f] = read('colour: red\n').findings;
    expect(f).toMatchObject({ severity: 'error', code: 'config-unknown-key', file: 'claimcheck.yaml', line: 1, column: 1, message: "unknown setting 'colour'" });
    expect(f!.hint).toBe(`the settings are: ${CONFIG_KEYS.join(', ')}`);
  });

  it('command-line spellings get the config’s name: as-of → as_of, fail-on → fail_on', () => {
    expect(problems('as-of: 2026-01-01\nfail-on: [contradicted]\nmax-file-size: 1G\n')).toEqual([
      "1:1 unknown setting 'as-of' (did you mean 'as_of'?)",
      "2:1 unknown setting 'fail-on' (did you mean 'fail_on'?)",
      "3:1 unknown setting 'max-file-size' (did you mean 'max_file_size'?)",
    ]);
  });

  it('charts without a Markdown report, and two reports to standard output', () => {
    expect(problems('outputs:\n  html: a.html\n  charts: charts\n')).toEqual(['3:3 outputs: charts are linked from the Markdown report: add md: (a file) to outputs']);
    expect(problems('outputs:\n  json: "-"\n  md: "-"\n')).toEqual(['3:7 outputs: json and md would both go to standard output (-)']);
  });

  it('a config that is not a mapping, and YAML syntax errors, are errors with their position', () => {
    expect(problems('- claims\n- evidence\n')).toEqual(['1:1 a claimcheck.yaml is a mapping of settings, found a list']);
    expect(problems('tolerance: 1\ntolerance: 2\n')).toEqual(["2:1 the key 'tolerance' appears twice in this mapping (first on line 1)"]);
    expect(read('outputs: [md\n').findings[0]).toMatchObject({ severity: 'error', file: 'claimcheck.yaml', line: 2 });
  });

  it('selectors are checked as --select checks them, each at its position', () => {
    expect(problems('select: [tag:kenya, tags:kenya, kind:promise]\nexclude: [3]\n')).toEqual([
      "1:21 select: unknown selector 'tags:kenya' (did you mean 'tag:'?)",
      "1:33 select: selector 'kind:promise': a claim's kind is forecast or result",
      "2:11 exclude: expected a selector (a claim id glob, or tag:, claimant:, region:, metric: or kind: and a glob), found the number 3",
    ]);
  });

  it('an empty list of claims is an error, not "read nothing"', () => {
    expect(problems('claims: []\n')).toEqual(['1:9 claims: the list is empty']);
  });

  it('keys that name JavaScript internals are unknown keys and pollute nothing', () => {
    expect(problems('__proto__: { polluted: true }\npublisher: { constructor: x }\n')).toEqual([
      "1:1 unknown setting '__proto__'",
      "2:14 unknown publisher setting 'constructor'",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('a bare dash for stdout', () => {
  it('is a YAML syntax error whose hint says to quote it', () => {
    const { findings } = read('outputs:\n  junit: -\n');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', line: 2, hint: 'to send a report to stdout, quote the dash: junit: "-" (a bare - starts a YAML list)' });
    expect(read('outputs:\n  junit: "-"\n').findings).toEqual([]);
  });
});
