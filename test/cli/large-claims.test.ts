// A claims file large enough (256 KiB or more) to be parsed on worker threads, in parts, while the
// evidence is read: through the CLI, the report and the errors are those of the file as written.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, type AuditJson } from './helpers.js';

const CLAIMS = 1000;

/** 1,000 claims (about 290 KB), each a 10% fall in its own region, and evidence that shows exactly that. */
function writeAudit(extraLines: (i: number) => string[] = () => []): { dir: string; text: string } {
  const dir = tempDir();
  const lines = ['claims:'];
  const rows = ['region,metric,period,value'];
  for (let i = 0; i < CLAIMS; i++) {
    lines.push(`  - id: claim-${i}`, '    claimant: Someone', `    statement: Crime in region ${i} will fall by a tenth.`, '    kind: result', `    region: Region ${i}`, '    metric: crime', '    change: -10%', '    baseline: 2017', '    target: 2019', '    sources:', '      - { publisher: Gazette, title: Report, date: 2020-01-01 }', ...extraLines(i));
    rows.push(`Region ${i},crime,2017,${100 + i}`, `Region ${i},crime,2019,${(100 + i) * 0.9}`);
  }
  const text = `${lines.join('\n')}\n`;
  mkdirSync(path.join(dir, 'claims'));
  mkdirSync(path.join(dir, 'evidence'));
  writeFileSync(path.join(dir, 'claims', 'many.yaml'), text);
  writeFileSync(path.join(dir, 'evidence', 'crime.csv'), `${rows.join('\n')}\n`);
  return { dir, text };
}

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('claimcheck audit with a large claims file', () => {
  it('audits every claim, each cited at its own line', () => {
    const { dir, text } = writeAudit();
    expect(text.length).toBeGreaterThan(256 * 1024);
    const r = runCli(['audit', '--format', 'json', '--out', 'audit.json'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, 'audit.json'), 'utf8')) as AuditJson;
    expect(report.results).toHaveLength(CLAIMS);
    expect(report.summary.verdicts).toMatchObject({ supported: CLAIMS });
    // Claims from the end of the file (a later part) keep their lines, and results keep the file's order.
    const last = report.results[CLAIMS - 1]!;
    expect(last.claim).toMatchObject({ id: `claim-${CLAIMS - 1}`, file: 'claims/many.yaml', line: lineOf(text, `- id: claim-${CLAIMS - 1}\n`) });
    expect(report.results.map((x) => x.claim.id)).toEqual(Array.from({ length: CLAIMS }, (_, i) => `claim-${i}`));
  });

  it('reports a YAML error late in the file at its line and column, and writes nothing', () => {
    // A key repeated in claim 650.
    const { dir, text } = writeAudit((i) => (i === 650 ? ['    note: first', '    note: second'] : []));
    const r = runCli(['audit', '--format', 'json', '--out', 'reports/audit.json'], { cwd: dir });
    expect(r.status).toBe(2);
    const line = lineOf(text, '    note: second');
    expect(r.stderr).toContain(`claims/many.yaml:${line}:5: error: the key 'note' appears twice in this mapping (first on line ${line - 1})`);
    expect(r.stdout).toBe('');
    expect(existsSync(path.join(dir, 'reports'))).toBe(false);
  });
});
