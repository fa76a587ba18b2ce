// The terminal summary fits the terminal: sized to its width (or $COLUMNS), the statement dropped
// first, cells cut with an ellipsis, wide characters counted as the two columns they take, and long
// findings wrapped with their hints indented.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { copyFixture, edit, runCli } from './helpers.js';

const table = (stdout: string) => stdout.split('\n\n')[0]!.split('\n');

describe('the terminal summary', () => {
  it.each([80, 100, 120, 160])('fits %i columns on the bundled example, every verdict whole', (columns) => {
    const r = runCli(['audit'], { env: { COLUMNS: String(columns) } });
    expect(r.status).toBe(0);
    const rows = table(r.stdout);
    expect(rows.length).toBe(19); // header + 18 claims
    for (const line of rows) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
    // The verdict is never cut: each row holds its claim's verdict in full.
    const report = JSON.parse(runCli(['audit', '--format', 'json']).stdout);
    report.results.forEach((x: { verdict: string }, i: number) => expect(rows[i + 1]).toContain(` ${x.verdict}`));
    // The findings are wrapped to the width too.
    for (const line of r.stdout.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
  });

  it('shows the statement when there is room, and drops it first when there is not', () => {
    const wide = table(runCli(['audit'], { env: { COLUMNS: '200' } }).stdout);
    expect(wide[0]).toMatch(/statement$/);
    expect(wide.join('\n')).toContain('Huawei projected that the Islamabad Safe City');
    const narrow = table(runCli(['audit'], { env: { COLUMNS: '80' } }).stdout);
    expect(narrow[0]).not.toContain('statement');
    // Cut cells end in an ellipsis.
    expect(narrow.some((l) => l.includes('…'))).toBe(true);
  });

  it('counts CJK characters and emoji as two columns, so a wide statement is cut to fit', () => {
    const dir = copyFixture('ci/verdict-mix');
    edit(dir, 'claims/alpha.yaml', 'statement: Burglaries fell by a fifth in 2021.', 'statement: "リバートン市の住居侵入窃盗は2021年に5分の1減少した 🎉 — 警察の発表によれば、監視カメラの設置が功を奏した"');
    const r = runCli(['audit'], { cwd: dir, env: { COLUMNS: '150' } });
    expect(r.status).toBe(0);
    const rows = table(r.stdout);
    expect(rows[0]).toMatch(/statement$/);
    const cjk = rows.find((l) => l.includes('リバートン'))!;
    expect(cjk).toMatch(/…$/);
    for (const line of rows) expect(stringWidth(line), line).toBeLessThanOrEqual(150);
    // Columns line up: the verdict starts at the same display column in every row.
    const at = rows.slice(1).map((l) => stringWidth(l.slice(0, l.search(/ (supported|partly-supported|contradicted|not-supported|pending|no-evidence|unverifiable|inconclusive)\b/))));
    expect(new Set(at).size).toBe(1);
  });

  it('wraps a long finding under its first line, and its hint under the hint', () => {
    const r = runCli(['audit'], { env: { COLUMNS: '80' } });
    const findings = r.stdout.slice(r.stdout.indexOf('findings:\n'));
    const lines = findings.split('\n').slice(1);
    const first = lines.findIndex((l) => l.includes(': warning: '));
    expect(lines[first + 1]).toMatch(/^  \S/);
    const hint = lines.findIndex((l) => l.startsWith('  hint: '));
    expect(lines[hint + 1]).toMatch(/^ {6}\S/);
  });
});
