// JUnit XML, as GitLab, Jenkins and most CI systems read it: one test suite per claims file, one
// test case per claim. A case fails exactly when its claim makes the run fail (--fail-on,
// --fail-on-change); it is skipped when the evidence cannot judge the claim (pending, no-evidence,
// unverifiable); otherwise it passes. Failures and skips carry the reasons.
import { verdictStanding } from '../report-model/index.js';
import { failureMessages } from '../policy.js';
import { formatNumber } from '../format.js';
import type { AuditResult, ClaimResult, Finding } from '../types.js';
import type { RenderOptions } from './options.js';
import { TOOL } from '../version.js';
import { claimDetail } from './ci.js';
import { formatFinding } from './terminal.js';

/** Characters XML 1.0 cannot hold at all (even escaped) become U+FFFD. */
function xmlSafe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function text(s: string): string {
  return xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string | number): string {
  return text(String(s)).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

function element(name: string, attrs: Record<string, string | number | undefined>): string {
  const list = Object.entries(attrs)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${attr(v)}"`)
    .join('');
  return `<${name}${list}`;
}

type Outcome = 'failure' | 'skipped' | 'passed';

function outcomeOf(r: ClaimResult, options: RenderOptions): Outcome {
  if (failureMessages(options.outcome, r.claim.id).length > 0) return 'failure';
  return verdictStanding(r.verdict) === 'undecided' ? 'skipped' : 'passed';
}

function evidenceLines(r: ClaimResult): string[] {
  if (!r.evidence.length) return [];
  return ['evidence rows:', ...r.evidence.map((o) => `  ${o.file}:${o.line}  ${o.region} / ${o.metric}  ${o.period.label}  ${o.value === null ? 'blank' : formatNumber(o.value, 6)}${o.unit ? ` ${o.unit}` : ''}`)];
}

function testCase(r: ClaimResult, options: RenderOptions, findings: Finding[]): string[] {
  const c = r.claim;
  const outcome = outcomeOf(r, options);
  const detail = [...claimDetail(r, options), ...evidenceLines(r)].join('\n');
  const head = `${element('testcase', { name: c.id, classname: c.location.file, file: c.location.file, line: c.location.line, time: 0 })}>`;
  const out = [`    ${head}`];
  const summary = `${r.verdict}: ${r.reasons[0] ?? ''}`;
  if (outcome === 'failure') out.push(`      ${element('failure', { message: summary, type: r.verdict })}>${text(detail)}</failure>`);
  else if (outcome === 'skipped') out.push(`      ${element('skipped', { message: summary })}/>`);
  out.push(`      <system-out>${text(detail)}</system-out>`);
  if (findings.length) out.push(`      <system-err>${text(findings.map((f) => formatFinding(f)).join('\n'))}</system-err>`);
  out.push('    </testcase>');
  return out;
}

interface Suite {
  name: string;
  cases: string[][];
  tests: number;
  failures: number;
  skipped: number;
}

function suiteXml(s: Suite, properties: Array<[string, string]>): string[] {
  return [
    `  ${element('testsuite', { name: s.name, tests: s.tests, failures: s.failures, errors: 0, skipped: s.skipped, time: 0 })}>`,
    '    <properties>',
    ...properties.map(([name, value]) => `      ${element('property', { name, value })}/>`),
    '    </properties>',
    ...s.cases.flat(),
    '  </testsuite>',
  ];
}

export function renderJunit(audit: AuditResult, options: RenderOptions = {}): string {
  const suites = new Map<string, Suite>();
  for (const r of audit.results) {
    const file = r.claim.location.file;
    const suite = suites.get(file) ?? { name: file, cases: [], tests: 0, failures: 0, skipped: 0 };
    suites.set(file, suite);
    const outcome = outcomeOf(r, options);
    suite.tests++;
    if (outcome === 'failure') suite.failures++;
    if (outcome === 'skipped') suite.skipped++;
    suite.cases.push(testCase(r, options, audit.findings.filter((f) => f.claimId === r.claim.id)));
  }
  const all = [...suites.values()];
  // Warnings fail the run only under --fail-on findings; then each is a failing case of its own.
  if ((options.outcome?.failures ?? []).some((f) => f.rule === 'findings')) {
    const warnings = audit.findings.filter((f) => f.severity === 'warning');
    const suite: Suite = { name: 'findings', cases: [], tests: warnings.length, failures: warnings.length, skipped: 0 };
    for (const f of warnings) {
      const where = [f.file, f.line, f.column].filter((x) => x !== undefined).join(':');
      suite.cases.push([
        `    ${element('testcase', { name: `${f.code} at ${where}`, classname: 'findings', file: f.file, line: f.line, time: 0 })}>`,
        `      ${element('failure', { message: f.message, type: f.code })}>${text(formatFinding(f))}</failure>`,
        '    </testcase>',
      ]);
    }
    all.push(suite);
  }
  const sum = (k: 'tests' | 'failures' | 'skipped') => all.reduce((n, s) => n + s[k], 0);
  const properties: Array<[string, string]> = [
    ['claimcheck.version', TOOL.version],
    ['tolerance', String(audit.options.tolerance)],
    ['as-of', audit.options.asOf ?? ''],
  ];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `${element('testsuites', { name: TOOL.name, tests: sum('tests'), failures: sum('failures'), errors: 0, skipped: sum('skipped'), time: 0 })}>`,
    ...all.flatMap((s) => suiteXml(s, properties)),
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}
