// The HTML report as a string: complete, escaped, self-contained. (test/browser/ opens it in Chromium.)
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseClaims } from '../../src/claims/index.js';
import { buildEvidence, parseEvidenceCsv } from '../../src/evidence/index.js';
import { matchClaims } from '../../src/match/index.js';
import { escapeHtml, fillHtml, layOutHtml, renderHtml, renderMarkdown } from '../../src/report/index.js';
import { evaluateClaim } from '../../src/stats/index.js';
import type { AuditResult } from '../../src/types.js';

const CLAIMS = `claims:
  - id: nairobi-crime-46
    claimant: "Mayor | Office <script>alert(1)</script>"
    statement: "Crime | fell\\n46% <script>alert(1)</script> *really* \\"quoted\\" it's"
    kind: result
    region: Nairobi
    metric: reported_crimes
    change: -46%
    baseline: 2014
    target: 2015
    note: "<img src=x onerror=alert(1)>"
    sources:
      - { publisher: "Gazette <b>Daily</b>", title: Hype, date: 2019-11-12, url: "javascript:alert(1)" }
      - { publisher: Bloomberg, title: Real, url: "https://example.org/a?b=1&c=2" }
  - id: vague
    claimant: Vendor
    statement: Crime fell.
    kind: result
    sources:
      - { publisher: Vendor, title: Brochure }
`;
const EVIDENCE = 'region,metric,period,value,unit,source\nNairobi,reported_crimes,2014,6732,cases,https://example.org/k\nNairobi,reported_crimes,2015,4382,cases,"javascript:alert(2)"\n';

function auditOf(): AuditResult {
  const { claims } = parseClaims(CLAIMS, 'claims/k.yaml');
  const { evidence } = buildEvidence(parseEvidenceCsv(EVIDENCE, 'evidence/k.csv').observations);
  const settings = { tolerance: 0.5 };
  return {
    inputs: [{ path: 'claims/k.yaml', sha256: 'abc' }],
    results: matchClaims(claims, evidence).map((m) => evaluateClaim(m, settings)),
    series: evidence.series,
    findings: [{ severity: 'warning', code: 'x', file: 'evidence/<k>.csv', line: 2, message: 'a <b>bold</b> message' }],
    options: settings,
  };
}

const charts = new Map([
  ['nairobi-crime-46', '<svg xmlns="http://www.w3.org/2000/svg" role="img"><title>nairobi-crime-46: partly-supported</title><desc>Nairobi in words</desc></svg>\n'],
  ['vague', '<svg xmlns="http://www.w3.org/2000/svg" role="img"><title>vague: unverifiable</title><desc>Nothing to draw</desc></svg>\n'],
]);
const html = renderHtml(auditOf(), { charts });

describe('renderHtml', () => {
  it('is one complete document with a summary row and a section per claim', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.endsWith('</html>\n')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html.match(/<tr data-verdict="/g)).toHaveLength(2);
    expect(html).toContain('<section class="claim" id="claim-nairobi-crime-46" data-verdict="partly-supported">');
    expect(html).toContain('<section class="claim" id="claim-vague" data-verdict="unverifiable">');
    expect(html).toContain('<a href="#claim-nairobi-crime-46">nairobi-crime-46</a>');
    expect(html).toContain('<span class="badge v-partly-supported">partly-supported</span>');
  });

  it('puts each chart inline, in a figure captioned with its description', () => {
    expect(html).toContain('<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" role="img"><title>nairobi-crime-46: partly-supported</title>');
    expect(html).toContain('<figcaption aria-hidden="true">Nairobi in words</figcaption>');
    expect(html).toContain('How to read the charts');
  });

  it('gives sort keys as numbers: observed change, gap, verdict order', () => {
    // 4382 / 6732 − 1 = −34.9079%; gap +11.0921 pp
    expect(html).toMatch(/<td data-label="Observed" data-sort="-34\.907\d+">-34\.91% \(6,732 → 4,382\)<\/td><td data-label="Gap" data-sort="11\.092\d+">\+11\.09 pp<\/td>/);
  });

  it('escapes every user string: statements, claimants, notes, sources, findings', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>');
    expect(html).toContain('Crime | fell\n46% &lt;script&gt;alert(1)&lt;/script&gt; *really* &quot;quoted&quot; it&#39;s');
    expect(html).toContain('Mayor | Office &lt;script&gt;');
    expect(html).toContain('a &lt;b&gt;bold&lt;/b&gt; message');
  });

  it('links only http(s) URLs; javascript: is shown as text', () => {
    expect(html).toContain('<a href="https://example.org/a?b=1&amp;c=2" rel="noreferrer">');
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('javascript:alert(1)');
  });

  it('has exactly one script, allowed by its hash in the Content-Security-Policy, and nothing else may load', () => {
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0]![1]!, 'utf8').digest('base64');
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)![1]!;
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(html).not.toMatch(/<(?:link|img|iframe|object|embed)\b/);
    expect(html).not.toMatch(/<[^>]*\ssrc=/);
  });

  it('keeps the controls hidden until the script shows them, and out of print', () => {
    expect(html).toContain('<div class="controls" id="controls" hidden>');
    expect(html).toMatch(/@media print \{[^}]*\}[\s\S]*\.controls \{ display: none !important; \}/);
    expect(html).toContain('<option value="partly-supported">partly-supported (1)</option>');
  });

  it('is the same without charts, minus the figures', () => {
    const plain = renderHtml(auditOf());
    expect(plain).not.toContain('<figure');
    expect(plain).not.toContain('How to read the charts');
    expect(plain.match(/<section class="claim"/g)).toHaveLength(2);
  });
});

describe('layOutHtml and fillHtml (the CLI lays the report out while its charts are drawn)', () => {
  it('laid out first and filled in later, the report is the one renderHtml writes', () => {
    const audit = auditOf();
    const layout = layOutHtml(audit, new Set(charts.keys()));
    expect(layout.figures).toEqual(['nairobi-crime-46', 'vague']);
    expect(layout.pieces).toHaveLength(3);
    expect(fillHtml(layout, charts)).toBe(html);
    expect(renderHtml(audit, { charts, laidOut: layout })).toBe(html);
    // Without charts there is nothing to fill.
    expect(fillHtml(layOutHtml(audit, new Set()), new Map())).toBe(renderHtml(audit));
  });

  it('a claim whose text holds the marker of a figure’s place is still laid out right: the text is escaped', () => {
    const audit = auditOf();
    const hostile = { ...audit, results: audit.results.map((r) => ({ ...r, claim: { ...r.claim, statement: 'before <!--claimcheck:figure--> after' } })) };
    const layout = layOutHtml(hostile, new Set(charts.keys()));
    expect(layout.pieces).toHaveLength(3);
    const filled = fillHtml(layout, charts);
    expect(filled).toBe(renderHtml(hostile, { charts }));
    expect(filled).toContain('before &lt;!--claimcheck:figure--&gt; after');
    expect(filled).not.toContain('<!--claimcheck:figure-->');
    expect(filled.match(/<figure class="chart">/g)).toHaveLength(2);
  });
});

describe('control characters', () => {
  // C0 controls but tab, LF and CR, DEL, and C1 controls: what HTML shows as nothing (or a box).
  const RAW_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
  const withControls = (audit: AuditResult, statement: string): AuditResult => ({ ...audit, results: audit.results.map((r) => ({ ...r, claim: { ...r.claim, statement } })) });

  it('a NUL and a BEL in a statement are spelled out, as in the Markdown report; whitespace stays', () => {
    const statement = 'NUL \u0000 and BEL \u0007,\tthen DEL \u007F\non two lines';
    const audit = withControls(auditOf(), statement);
    const page = renderHtml(audit, { charts });
    expect(page).not.toMatch(RAW_CONTROL);
    expect(page).toContain('NUL \\x00 and BEL \\x07,\tthen DEL \\x7F\non two lines');
    // Spelled as the other formats a person reads spell it.
    expect(renderMarkdown(audit)).toContain('NUL \\\\x00 and BEL \\\\x07');
    // The figures still go in their gaps: laid out and filled, the page is the same.
    const layout = layOutHtml(audit, new Set(charts.keys()));
    expect(layout.pieces).toHaveLength(3);
    expect(fillHtml(layout, charts)).toBe(page);
  });

  it('escapeHtml spells out every C0 control but tab, LF and CR, and DEL', () => {
    for (let code = 0; code <= 0x9f; code++) {
      if (code >= 0x20 && code < 0x7f) continue;
      const ch = String.fromCharCode(code);
      const out = escapeHtml(`a${ch}b`);
      if (ch === '\t' || ch === '\n' || ch === '\r') expect(out).toBe(`a${ch}b`);
      else expect(out, `U+${code.toString(16)}`).toBe(`a\\x${code.toString(16).toUpperCase().padStart(2, '0')}b`);
    }
  });
});

describe('escapeHtml', () => {
  it.each([
    ['<a href="x">', '&lt;a href=&quot;x&quot;&gt;'],
    ["it's & more", 'it&#39;s &amp; more'],
  ])('%s', (input, expected) => expect(escapeHtml(input)).toBe(expected));
});
