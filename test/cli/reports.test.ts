/** Reports: --out (atomic, deterministic, never clobbering on failure), Markdown escaping, colour. */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANSI, copyFixture, fixture, listTree, runCli, type AuditJson } from './helpers.js';

const ALL = fixture('cli/all-verdicts');
const HOSTILE = fixture('cli/markdown-hostile-text');

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
/** `|` characters that are not escaped as `\|`, i.e. real Markdown table separators. */
const separators = (line: string) => line.match(/(?<!\\)\|/g)?.length ?? 0;

describe('audit --out', () => {
  it('md: writes the file, says so on stderr, prints nothing on stdout; the file is the stdout report', () => {
    const dir = copyFixture('cli/all-verdicts');
    const r = runCli(['audit', '--format', 'md', '--out', 'report.md'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('wrote report.md (md, 15 claims)\n');
    const written = readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(written).toBe(runCli(['audit', '--format', 'md'], { cwd: dir }).stdout);
  });

  it('md: the report holds the summary, each claim, its evidence rows and the input hashes', () => {
    const dir = copyFixture('cli/all-verdicts');
    expect(runCli(['audit', '--format', 'md', '--out', 'report.md'], { cwd: dir }).status).toBe(0);
    const md = readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(md.startsWith('# Claim audit\n\n15 claims: 5 supported, 2 partly-supported, 2 contradicted, 1 not-supported, 2 unverifiable, 2 no-evidence, 1 pending.\n')).toBe(true);
    expect(md).toContain('Settings: tolerance 0.5 percentage points (level claims: 0.5% of the claimed value); no as-of date (forecasts past the evidence are pending); every claim (no selection).');
    const lines = md.split('\n');
    // 884/1200 − 1 = −26.33%; gap −0.33 pp
    expect(lines).toContain('| burglary-result-supported | Alderton Police | -26.00% | -26.33% (1,200 → 884) | -0.33 pp | supported | not computed |');
    expect(lines).toContain('| cameras-500 | Alderton Council | 500 | 410 | -18.00% of claim | contradicted | not computed |');
    const summaryRows = lines.slice(lines.indexOf('## Summary') + 4, lines.indexOf('## Claims') - 1);
    expect(summaryRows).toHaveLength(15);
    for (const row of summaryRows) expect(separators(row)).toBe(8);
    expect(md).toContain('### theft-year-summed — supported\n');
    expect(md).toContain("- Target 2022: 540 — sum of the 12 months of 2022; a count (unit 'cases'), summed over time\n");
    expect(lines).toContain('| evidence/thefts.csv | 14 | Alderton | thefts | 2022-12 | 45 | cases | <https://example.org/alderton/monthly> |');
    expect(md).not.toContain('## Findings');
    // Every input is listed with the SHA-256 of its bytes.
    for (const file of ['claims/alderton.yaml', 'claims/levels.yaml', 'evidence/annual.csv', 'evidence/cameras.csv', 'evidence/thefts.csv']) {
      const sha = createHash('sha256').update(readFileSync(path.join(ALL, file))).digest('hex');
      expect(lines).toContain(`| ${file} | \`${sha}\` |`);
    }
  });

  it('json: writes a parseable report equal to the stdout one', () => {
    const dir = copyFixture('cli/all-verdicts');
    const r = runCli(['audit', '--format', 'json', '--out', 'audit.json'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('wrote audit.json (json, 15 claims)\n');
    const text = readFileSync(path.join(dir, 'audit.json'), 'utf8');
    const report = JSON.parse(text) as AuditJson;
    expect(report.summary.claims).toBe(15);
    for (const input of report.inputs) {
      expect(input.sha256).toBe(createHash('sha256').update(readFileSync(path.join(dir, input.path))).digest('hex'));
    }
    expect(text).toBe(runCli(['audit', '--format', 'json'], { cwd: dir }).stdout);
  });

  it.each(['md', 'json'])('%s: byte-identical across runs, and across directories', (format) => {
    const a = copyFixture('cli/all-verdicts');
    const b = copyFixture('cli/all-verdicts');
    for (const [dir, out] of [[a, 'one'], [a, 'two'], [b, 'one']] as const) {
      expect(runCli(['audit', '--format', format, '--out', `${out}.${format}`], { cwd: dir }).status).toBe(0);
    }
    const first = readFileSync(path.join(a, `one.${format}`));
    expect(first.length).toBeGreaterThan(1000);
    expect(readFileSync(path.join(a, `two.${format}`)).equals(first)).toBe(true);
    expect(readFileSync(path.join(b, `one.${format}`)).equals(first)).toBe(true);
  });

  it.each([
    ['input errors', 'claims-with-many-errors', ['--format', 'md'], 'no report written: fix the errors above'],
    ['input errors (json)', 'claims-with-many-errors', ['--format', 'json'], 'no report written: fix the errors above'],
    ['a non-numeric cell', 'evidence-not-a-number', ['--format', 'md'], "evidence/x.csv:3:4: error: value 'abc' is not a number"],
    ['a usage error', 'all-verdicts', ['--format', 'md', '--fail-on', 'wrong'], "claimcheck: --fail-on: 'wrong' is not a verdict"],
  ])('a run that fails with %s leaves the existing report untouched and no temp file', (_name, fixtureName, args, message) => {
    const dir = copyFixture(`cli/${fixtureName}`);
    const report = path.join(dir, 'report.out');
    const previous = Buffer.from('# the previous, good report\n\nkeep me\n');
    writeFileSync(report, previous);
    const before = listTree(dir);
    const r = runCli(['audit', ...args, '--out', 'report.out'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain('wrote ');
    expect(readFileSync(report).equals(previous)).toBe(true);
    expect(listTree(dir)).toEqual(before);
    expect(listTree(dir).filter((f) => /\.tmp$|\.report\.out\./.test(f))).toEqual([]);
  });

  it('creates missing parent directories', () => {
    const dir = copyFixture('cli/all-verdicts');
    const r = runCli(['audit', '--format', 'json', '--out', 'out/nested/deep/report.json'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('wrote out/nested/deep/report.json (json, 15 claims)\n');
    const report = JSON.parse(readFileSync(path.join(dir, 'out', 'nested', 'deep', 'report.json'), 'utf8')) as AuditJson;
    expect(report.results.map((x) => x.verdict)).toContain('pending');
    expect(listTree(path.join(dir, 'out'))).toEqual(['nested', 'nested/deep', 'nested/deep/report.json']);
  });

  it('onto a directory: exit 2, a clear message, nothing written inside it', () => {
    const dir = copyFixture('cli/all-verdicts');
    mkdirSync(path.join(dir, 'reports'));
    const before = listTree(dir);
    const r = runCli(['audit', '--format', 'md', '--out', 'reports'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('reports: error: cannot write the report: the path is a directory\n  hint: choose a file path you can write to; no report was written and any previous one is unchanged\n');
    expect(listTree(dir)).toEqual(before);
  });

  it('terminal format into a file is never coloured, even with FORCE_COLOR', () => {
    const dir = copyFixture('cli/all-verdicts');
    const r = runCli(['audit', '--out', 'summary.txt'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const text = readFileSync(path.join(dir, 'summary.txt'), 'utf8');
    expect(text).not.toMatch(ANSI);
    expect(text).toBe(runCli(['audit'], { cwd: dir }).stdout);
  });

  it('with --fail-on: the report is still written, then exit 1', () => {
    const dir = copyFixture('cli/all-verdicts');
    const r = runCli(['audit', '--format', 'json', '--out', 'audit.json', '--fail-on', 'contradicted'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('wrote audit.json (json, 15 claims)\n--fail-on: 2 claims matched (robbery-opposite: contradicted, cameras-500: contradicted)\n');
    expect((JSON.parse(readFileSync(path.join(dir, 'audit.json'), 'utf8')) as AuditJson).summary.verdicts.contradicted).toBe(2);
  });

  it('warnings are printed on stderr next to the "wrote" line, and listed in the Markdown findings', () => {
    const dir = copyFixture('cli/empty-evidence-dir');
    const r = runCli(['audit', '--format', 'md', '--out', 'report.md'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^evidence: warning: no evidence files \(\.csv[^)]*\) in this directory\n  hint: add evidence files, or run 'claimcheck init'\n0 errors, 1 warning\nwrote report\.md \(md, 3 claims\)\n$/,
    );
    const md = readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(md).toMatch(/\n## Findings\n\n- \*\*warning\*\* `dir-empty` evidence: no evidence files \(\.csv[^)]*\) in this directory — add evidence files, or run 'claimcheck init'\n/);
  });
});

describe('Markdown report of hostile user text', () => {
  // claimant:  Mayor | Office <script>alert(1)</script> *bold*
  // statement: Crime fell | by 10%⏎<script>alert(1)</script> and *bold* too
  const md = () => {
    const r = runCli(['audit', '--format', 'md'], { cwd: HOSTILE });
    expect(r.status).toBe(0);
    return r.stdout;
  };

  it('the summary row keeps exactly 8 real separators; the pipe in the text is escaped', () => {
    const lines = md().split('\n');
    const row = lines.find((l) => l.startsWith('| hostile-text |'));
    expect(row).toBeDefined();
    expect(separators(row!)).toBe(8);
    // 1000 → 900 is −10%, exactly the claim.
    expect(row).toBe('| hostile-text | Mayor \\| Office &lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\* | -10.00% | -10.00% (1,000 → 900) | ±0.00 pp | supported | not computed |');
    // Every table line in the report has the same number of separators as its header.
    const header = lines.indexOf('| Claim | Claimant | Claimed | Observed | Gap | Verdict | Attribution |');
    expect(separators(lines[header + 1]!)).toBe(8);
  });

  it('no raw HTML, no live emphasis, and the newline does not break the blockquote', () => {
    const text = md();
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('</script>');
    expect(text).not.toContain('<b>');
    expect(text).not.toMatch(/(?<!\\)\*bold/);
    expect(text).toContain('\n> Crime fell \\| by 10% &lt;script&gt;alert(1)&lt;/script&gt; and \\*bold\\* too\n');
    expect(text).toContain('- Claimant: Mayor \\| Office &lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\* (result)\n');
  });

  it('only plain http(s) URLs become links', () => {
    const lines = md().split('\n');
    // Evidence row 3's source is "javascript:alert(1)": shown as text, never as <…> autolink.
    expect(lines).toContain('| evidence/annual.csv | 3 | Alderton | burglaries | 2021 | 900 | cases | javascript:alert(1) |');
    expect(lines.join('\n')).not.toContain('<javascript:');
    expect(lines).toContain('| evidence/annual.csv | 2 | Alderton | burglaries | 2020 | 1,000 | cases | <https://example.org/alderton/police-2020> |');
    // A URL with a pipe is not a plain URL: escaped text.
    expect(lines).toContain('1. Gazette \\| &lt;b&gt;Daily&lt;/b&gt;, "\\*Big\\* news", 2022-01-01. https://example.org/a\\|b');
  });

  it('the JSON report parses and keeps the text exactly as written', () => {
    const r = runCli(['audit', '--format', 'json'], { cwd: HOSTILE });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as AuditJson;
    expect(report.results[0]!.claim.statement).toBe('Crime fell | by 10%\n<script>alert(1)</script> and *bold* too');
    expect(report.results[0]!.claim.claimant).toBe('Mayor | Office <script>alert(1)</script> *bold*');
    expect(report.results[0]!.verdict).toBe('supported');
  });
});

describe('colour', () => {
  it('NO_COLOR=1: no ANSI escape codes anywhere, even with FORCE_COLOR=1', () => {
    const terminal = runCli(['audit'], { cwd: ALL, env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(terminal.status).toBe(0);
    expect(terminal.stdout).not.toMatch(ANSI);
    const warnings = runCli(['audit', '--format', 'json'], { cwd: fixture('cli/empty-evidence-dir'), env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(warnings.stderr).toContain('warning:');
    expect(warnings.stderr).not.toMatch(ANSI);
  });

  it('FORCE_COLOR=1: verdicts and findings are coloured, and the text under the colour is unchanged', () => {
    const plain = runCli(['audit'], { cwd: ALL }).stdout;
    const coloured = runCli(['audit'], { cwd: ALL, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(coloured.status).toBe(0);
    expect(coloured.stdout).toMatch(ANSI);
    // chalk level 1: red = ESC[31m; contradicted is red and bold.
    expect(coloured.stdout).toContain('\u001b[31m\u001b[1mcontradicted');
    expect(stripAnsi(coloured.stdout)).toBe(plain);
    const warnings = runCli(['audit', '--format', 'json'], { cwd: fixture('cli/empty-evidence-dir'), env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(warnings.stderr).toMatch(ANSI);
    // JSON on stdout is never coloured.
    expect(warnings.stdout).not.toMatch(ANSI);
    expect(() => JSON.parse(warnings.stdout)).not.toThrow();
  });

  it('FORCE_COLOR=0 turns colour off', () => {
    const r = runCli(['audit'], { cwd: ALL, env: { NO_COLOR: '', FORCE_COLOR: '0' } });
    expect(r.stdout).not.toMatch(ANSI);
  });
});

describe('counts in words', () => {
  // BUG (cosmetic, src/report/terminal.ts renderTerminal: `${audit.results.length} claims: …`;
  // src/cli/commands/audit.ts runAudit: `(${result.results.length} claims)`; commands/validate.ts runValidate: `valid claims`,
  // `observations`, `series` are never singular). The Markdown report says "1 claim: 1 supported." and
  // validate already says "1 file"; the terminal says "1 claims: 1 supported". Kept failing on purpose.
  it('one claim is "1 claim", in the terminal summary and the "wrote" line as in Markdown', () => {
    expect(runCli(['audit', '--format', 'md'], { cwd: HOSTILE }).stdout).toContain('\n1 claim: 1 supported.\n');
    const dir = copyFixture('cli/markdown-hostile-text');
    expect(runCli(['audit', '--out', 'r.md', '--format', 'md'], { cwd: dir }).stderr).toBe('wrote r.md (md, 1 claim)\n');
    expect(runCli(['audit'], { cwd: HOSTILE }).stdout).toContain('\n1 claim: 1 supported\n');
  });
});
