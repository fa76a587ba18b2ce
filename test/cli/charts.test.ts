/** Charts from the command line: `--format md --charts DIR` and `--format html`, run through the built binary. */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, edit, listTree, runCli } from './helpers.js';

const ids = (md: string) => [...md.matchAll(/^### (\S+) — /gm)].map((m) => m[1]!);

describe('audit --format md --charts DIR', () => {
  it('writes one SVG per claim and links each from its section, relative to the report', () => {
    const dir = copyFixture('cli/all-verdicts');
    const r = runCli(['audit', '--format', 'md', '--out', 'out/report.md', '--charts', 'out/charts'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('wrote 15 charts to out/charts\nwrote out/report.md (md, 15 claims)\n');
    const md = readFileSync(path.join(dir, 'out/report.md'), 'utf8');
    const claimIds = ids(md);
    expect(claimIds).toHaveLength(15);
    expect(readdirSync(path.join(dir, 'out/charts')).sort()).toEqual(claimIds.map((id) => `${id}.svg`).sort());
    for (const id of claimIds) {
      const section = md.slice(md.indexOf(`### ${id} — `));
      const verdict = section.match(/^### \S+ — (.+)$/m)![1]!;
      // The two answers in one sentence, then the chart.
      expect(section.split('\n')[2]).toMatch(new RegExp(`^\\*\\*${verdict} — `));
      expect(section.split('\n')[4]).toBe(`![Chart of ${id}: ${verdict}](charts/${id}.svg)`);
      const svg = readFileSync(path.join(dir, 'out/charts', `${id}.svg`), 'utf8');
      expect(svg).toContain(`<title id="cc-${id}-title">${id}: ${verdict}</title>`);
      // The verdict is in the section's heading and the chart's <title>, not drawn again in the chart.
      expect(svg).not.toMatch(new RegExp(`<text[^>]*>${verdict.replace(/[()]/g, '\\$&')}</text>`));
    }
    expect(md).toContain('**How to read the charts**');
    // No temporary files are left behind.
    expect(listTree(path.join(dir, 'out')).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('links from the working directory when the report goes to stdout, and encodes odd directory names', () => {
    const dir = copyFixture('cli/markdown-hostile-text');
    const r = runCli(['audit', '--format', 'md', '--charts', 'my charts (v1)'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('](my%20charts%20%28v1%29/hostile-text.svg)');
    expect(listTree(dir)).toContain('my charts (v1)/hostile-text.svg');
  });

  it.each([
    [['--format', 'json'], '--charts writes one SVG per claim and links it from a Markdown report: use it with --format md\n'],
    [['--format', 'terminal'], '--charts writes one SVG per claim and links it from a Markdown report: use it with --format md\n'],
    [[], '--charts writes one SVG per claim and links it from a Markdown report: use it with --format md\n'],
    [['--format', 'html'], '--charts writes one SVG per claim and links it from a Markdown report: use it with --format md (--format html has its charts inline)\n'],
  ])('is bad usage with %j: exit 2, nothing written', (args, message) => {
    const dir = copyFixture('cli/all-verdicts');
    const before = listTree(dir);
    const r = runCli(['audit', ...args, '--charts', 'charts'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`claimcheck: ${message}`);
    expect(r.stdout).toBe('');
    expect(listTree(dir)).toEqual(before);
  });

  it('a --charts path that is a file is an error with exit 2, and no report is written', () => {
    const dir = copyFixture('cli/markdown-hostile-text');
    writeFileSync(path.join(dir, 'charts'), 'not a directory');
    const r = runCli(['audit', '--format', 'md', '--out', 'report.md', '--charts', 'charts'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^charts\/[a-z0-9-]+\.svg: error: cannot write the chart: /);
    expect(r.stderr).toContain('hint: --charts names a directory you can write to');
    expect(listTree(dir)).not.toContain('report.md');
  });

  it('a chart that cannot be written leaves every previous chart and report as it was (all or none)', () => {
    const dir = copyFixture('cli/all-verdicts');
    expect(runCli(['audit', '--format', 'md', '--out', 'out/report.md', '--charts', 'out/charts'], { cwd: dir }).status).toBe(0);
    const claimIds = ids(readFileSync(path.join(dir, 'out/report.md'), 'utf8'));
    // Earlier charts and report of the same names; the last chart's path is now a directory.
    const old = (name: string) => `old ${name}\n`;
    for (const id of claimIds) writeFileSync(path.join(dir, 'out/charts', `${id}.svg`), old(id));
    writeFileSync(path.join(dir, 'out/report.md'), old('report'));
    const last = claimIds[claimIds.length - 1]!;
    rmSync(path.join(dir, 'out/charts', `${last}.svg`));
    mkdirSync(path.join(dir, 'out/charts', `${last}.svg`));
    const r = runCli(['audit', '--format', 'md', '--out', 'out/report.md', '--charts', 'out/charts'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`out/charts/${last}.svg: error: cannot write the chart: the path is a directory\n  hint: --charts names a directory you can write to; no report or chart was written and any previous ones are unchanged\n`);
    for (const id of claimIds.slice(0, -1)) expect(readFileSync(path.join(dir, 'out/charts', `${id}.svg`), 'utf8')).toBe(old(id));
    expect(readFileSync(path.join(dir, 'out/report.md'), 'utf8')).toBe(old('report'));
    expect(listTree(path.join(dir, 'out')).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('input errors stop before any chart is drawn', () => {
    const dir = copyFixture('cli/evidence-not-a-number');
    const r = runCli(['audit', '--format', 'md', '--charts', 'charts'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(listTree(dir)).not.toContain('charts');
  });
});

describe('audit --format html', () => {
  it('writes one self-contained page: a section, a chart and a verdict per claim', () => {
    const dir = copyFixture('cli/all-verdicts');
    const r = runCli(['audit', '--format', 'html', '--out', 'report.html'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('wrote report.html (html, 15 claims)\n');
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    const sections = [...html.matchAll(/<section class="claim" id="claim-([a-z0-9-]+)" data-verdict="([a-z-]+)">([\s\S]*?)<\/section>/g)];
    expect(sections).toHaveLength(15);
    for (const [, id, verdict, body] of sections) {
      expect(body).toContain(`<title id="cc-${id}-title">${id}: ${verdict}`);
      expect(body).toMatch(new RegExp(`<span class="badge v-${verdict}">${verdict}`));
    }
    expect(html).not.toMatch(/https?:\/\/[^"\s]*\.(?:js|css)\b/);
    expect(html).not.toMatch(/<(?:link|img|iframe)\b/);
  });

  // The page inlines the same SVGs that --charts writes: this covers the charts' determinism too.
  it('prints to stdout without --out, byte-identical across runs and time zones', () => {
    const dir = copyFixture('cli/all-verdicts');
    const a = runCli(['audit', '--format', 'html'], { cwd: dir, env: { TZ: 'UTC' } });
    const b = runCli(['audit', '--format', 'html'], { cwd: dir, env: { TZ: 'Asia/Karachi' } });
    expect(a.status).toBe(0);
    expect(a.stdout.startsWith('<!doctype html>')).toBe(true);
    expect(b.stdout).toBe(a.stdout);
  });

  it('escapes hostile text from claims and evidence', () => {
    const dir = copyFixture('cli/markdown-hostile-text');
    const r = runCli(['audit', '--format', 'html'], { cwd: dir });
    expect(r.status).toBe(0);
    const html = r.stdout;
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html).not.toContain('<b>Daily</b>');
    expect(html).toContain('Crime fell | by 10%\n&lt;script&gt;alert(1)&lt;/script&gt; and *bold* too');
    expect(html).toContain('Mayor | Office &lt;script&gt;alert(1)&lt;/script&gt; *bold*');
    expect(html).not.toMatch(/href="javascript:/i);
  });

  it('spells out control characters from claims and evidence, in the text and in the charts', () => {
    const dir = copyFixture('cli/markdown-hostile-text');
    // YAML's \0 and \a are NUL and BEL; the CSV gets a raw BEL in the unit of both its rows, which the chart shows.
    edit(dir, 'claims/hostile.yaml', 'Crime fell | by 10%', 'Crime fell \\0 by 10% \\a |');
    const csv = path.join(dir, 'evidence/annual.csv');
    writeFileSync(csv, readFileSync(csv, 'utf8').replaceAll(',cases,', ',ca\u0007ses,'));
    const r = runCli(['audit', '--format', 'html'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const html = r.stdout;
    expect(html).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/);
    expect(html).toContain('<blockquote>Crime fell \\x00 by 10% \\x07 |\n&lt;script&gt;');
    // The chart's axis title and its caption name the unit as written, BEL spelled out.
    const figure = html.slice(html.indexOf('<figure class="chart">'), html.indexOf('</figure>'));
    expect(figure).toContain('(ca\\x07ses)</text>');
    expect(figure).toMatch(/<figcaption aria-hidden="true">[^<]*\(ca\\x07ses\)/);
    expect(html.match(/<figure class="chart">/g)).toHaveLength(1);
  });
});

describe('audit --help', () => {
  it('documents --charts and the html format', () => {
    const r = runCli(['audit', '--help']);
    expect(r.stdout).toContain('--charts <dir>');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('report format: terminal, md, json, html,');
  });
});
