// Output safety: text from a claims or evidence file can never become markup, a formula or a terminal
// command in a report. test/fixtures/hostile-text/ holds Markdown, HTML, pipes, line breaks, formulas
// and terminal escape sequences in every field a report shows.
import { parse } from 'csv-parse/sync';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { csvNumber, csvText, CSV_COLUMNS, formatFinding, renderCsv, renderExplain, renderJson, renderMarkdown, renderTerminal } from '../../src/report/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const result = await audit({ cwd: root, claims: ['test/fixtures/hostile-text/claims.yaml'], evidence: ['test/fixtures/hostile-text/evidence.csv'] });
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('the hostile-text fixture', () => {
  it('loads: hostile text is content, not an input error', () => {
    expect(result.findings).toEqual([]);
    expect(result.results.map((r) => r.claim.id)).toEqual(['markup-everywhere', 'formula-claimant']);
    expect(result.results[0]!.claim.statement).toContain("<script>alert('x')</script>");
    expect(result.results[0]!.claim.note).toContain('\u001b]0;pwned\u0007');
  });
});

describe('Markdown', () => {
  const md = renderMarkdown(result);
  it('escapes HTML: no tag survives', () => {
    expect(md).not.toMatch(/<(script|img|b)\b/i);
    expect(md).toContain('&lt;script&gt;alert(\'x\')&lt;/script&gt;');
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
  it('escapes pipes, so every table row has as many cells as its header', () => {
    const tables = md.split('\n\n').filter((block) => block.startsWith('| '));
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      const widths = table.trim().split('\n').map((line) => line.split(/(?<!\\)\|/).length);
      expect(new Set(widths).size).toBe(1);
    }
  });
  it('keeps a statement on its line and its Markdown inert', () => {
    expect(md).toContain("> Crime \\| fell 46% &lt;script&gt;alert('x')&lt;/script&gt; \\*\\*bold\\*\\* \\[link\\](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt;\n");
    expect(md).toContain('- Reading: # not a heading - not a list \\\\x1B\\]0;pwned\\\\x07\\\\x1B\\[2J terminal escapes, and \\\\u202Ereversed\n');
    expect(md.split('\n').filter((l) => l.startsWith('#')).every((l) => /^#{1,3} [A-Z][a-z]|^### [a-z0-9-]+ — /.test(l))).toBe(true);
  });
  it('links only plain http(s) URLs', () => {
    expect(md).not.toContain('<javascript:');
    expect(md).toContain('. javascript:alert(1)\n');
  });
  it('holds no control or bidi-override character', () => {
    expect(md).not.toMatch(CONTROL);
  });
});

describe('CSV report', () => {
  const text = renderCsv(result);
  const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
  it('parses back to one row per claim, with every column', () => {
    expect(rows.map((r) => Object.keys(r))).toEqual([[...CSV_COLUMNS], [...CSV_COLUMNS]]);
    expect(rows.map((r) => r.id)).toEqual(['markup-everywhere', 'formula-claimant']);
  });
  it("defuses formulas with a leading '", () => {
    expect(rows[0]!.claimant).toBe('\'=HYPERLINK("https://evil.example","click")');
    expect(rows[1]!.claimant).toBe("'-2+3");
    // The claimed text is text, so a legitimate -46% is guarded too; its numbers are in claimed_low/high.
    expect([rows[0]!.claimed, rows[0]!.claimed_low, rows[0]!.claimed_high]).toEqual(["'-46%", '-46', '-46']);
  });
  it('keeps numeric columns as plain numbers, negative ones included', () => {
    expect([rows[0]!.observed_change_percent, rows[0]!.gap_pp, rows[0]!.gap_percent_of_claim]).toEqual(['-34.9079', '11.0921', '']);
  });
  it('no cell a spreadsheet reads starts a formula', () => {
    const numeric = new Set(['claimed_low', 'claimed_high', 'observed_change_percent', 'observed_value', 'gap_pp', 'gap_percent_of_claim']);
    for (const row of rows) for (const [k, v] of Object.entries(row)) if (!numeric.has(k)) expect(v).not.toMatch(/^[=+\-@\t\r\n]/);
  });
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "' =1"],
    ['\r=1', "\"'\n=1\""],
    ['bell\u0007', 'bell\\x07'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['plain', 'plain'],
    ['', ''],
  ])('csvText(%j) is %j', (input, expected) => {
    expect(csvText(input)).toBe(expected);
  });
  it.each([
    [-28.72, '-28.72'],
    [1e21, '1e+21'],
    [null, ''],
    [Number.POSITIVE_INFINITY, ''],
  ])('csvNumber(%j) is %j', (input, expected) => {
    expect(csvNumber(input)).toBe(expected);
  });
});

describe('JSON', () => {
  it('is valid and gives back every string exactly', () => {
    const report = JSON.parse(renderJson(result));
    expect(report.results[0].claim.statement).toBe(result.results[0]!.claim.statement);
    expect(report.results[0].claim.note).toBe(result.results[0]!.claim.note);
    expect(report.results[0].evidence[1].source).toBe("=cmd|' /C calc'!A0");
  });
  it('escapes control characters and lone surrogates', () => {
    const clone = structuredClone(result);
    clone.results[0]!.claim.statement = 'lone \ud800 surrogate, NUL \u0000, LS \u2028';
    const json = renderJson(clone);
    expect(json).toContain('lone \\ud800 surrogate, NUL \\u0000');
    expect(JSON.parse(json).results[0].claim.statement).toBe('lone \ud800 surrogate, NUL \u0000, LS \u2028');
  });
});

describe('terminal output', () => {
  it('the summary and explain show escapes instead of sending them', () => {
    const term = renderTerminal(result, false);
    const explain = renderExplain(result, result.results[0]!);
    expect(term).not.toMatch(CONTROL);
    expect(explain).not.toMatch(CONTROL);
    expect(explain).toContain('\\x1B]0;pwned\\x07\\x1B[2J terminal escapes, and \\u202Ereversed');
  });
  it('a finding quoting hostile text stays on one line and sends no escape', () => {
    const line = formatFinding({ severity: 'error', code: 'x', file: 'a\u001b[31m.yaml', line: 1, column: 2, message: "unknown field '\u001b]0;t\u0007'", hint: 'h\u202e' });
    expect(line).toBe("a\\x1B[31m.yaml:1:2: error: unknown field '\\x1B]0;t\\x07'\n  hint: h\\u202E");
  });
});
