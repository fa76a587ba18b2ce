// JUnit XML, as GitLab, Jenkins and most CI systems read it: one test suite per claims file, one
// test case per claim. A case fails exactly when its claim makes the run fail (--fail-on,
// --fail-on-change); it is skipped when the evidence cannot judge the claim (pending, no-evidence,
// unverifiable); otherwise it passes. Failures and skips carry the reasons.
import { verdictStanding } from '../report-model/index.js';
import { failureMessages } from '../policy.js';
import { formatNumber, visible } from '../format.js';
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
  return xmlSafe(visible(s)).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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

function testCase(r: ClaimResult, options: RenderOptions): string[] {
  const c = r.claim;
  const outcome = outcomeOf(r, options);
  const head = element('testcase', { name: c.id, classname: c.location.file, time: 0 });
  const summary = `${r.verdict}: ${r.reasons[0] ?? ''}`;
  if (outcome === 'passed') return [`    ${head}/>`];
  const detail = [...claimDetail(r, options), ...evidenceLines(r)].join('\n');
  // <skipped> is text only in the Jenkins schema (no attributes): the reason is its text.
  const inner = outcome === 'failure' ? `${element('failure', { message: summary, type: r.verdict })}>${text(detail)}</failure>` : `<skipped>${text(summary)}</skipped>`;
  return [`    ${head}>`, `      ${inner}`, '    </testcase>'];
}

interface Suite {
  name: string;
  cases: string[][];
  tests: number;
  failures: number;
  skipped: number;
  /** Suite-level properties beyond the run's: where each claim is (testcase has no file or line attribute in the schema). */
  properties: Array<[string, string]>;
  out: string[];
  err: string[];
}

function newSuite(name: string): Suite {
  return { name, cases: [], tests: 0, failures: 0, skipped: 0, properties: [], out: [], err: [] };
}

function suiteXml(s: Suite, id: number, properties: Array<[string, string]>, run: RenderOptions['run']): string[] {
  const slash = s.name.lastIndexOf('/');
  return [
    `  ${element('testsuite', { name: s.name, tests: s.tests, failures: s.failures, errors: 0, skipped: s.skipped, time: 0, timestamp: run?.timestamp, hostname: run?.hostname, id, package: slash > 0 ? s.name.slice(0, slash) : undefined })}>`,
    '    <properties>',
    ...[...properties, ...s.properties].map(([name, value]) => `      ${element('property', { name, value })}/>`),
    '    </properties>',
    ...s.cases.flat(),
    `    <system-out>${text(s.out.join('\n'))}</system-out>`,
    `    <system-err>${text(s.err.join('\n'))}</system-err>`,
    '  </testsuite>',
  ];
}

/**
 * JUnit XML valid against the common Ant/Jenkins JUnit schema (jenkins-junit.xsd; the tests validate
 * it): test cases carry only name, classname and time; where each claim is goes in the suite's
 * properties (`<id>.location` = file:line), each claim's full account in the suite's system-out and
 * its findings in system-err.
 */
export function renderJunit(audit: AuditResult, options: RenderOptions = {}): string {
  const suites = new Map<string, Suite>();
  for (const r of audit.results) {
    const file = r.claim.location.file;
    const suite = suites.get(file) ?? newSuite(file);
    suites.set(file, suite);
    const outcome = outcomeOf(r, options);
    suite.tests++;
    if (outcome === 'failure') suite.failures++;
    if (outcome === 'skipped') suite.skipped++;
    suite.cases.push(testCase(r, options));
    suite.properties.push([`${r.claim.id}.location`, `${file}:${r.claim.location.line ?? 1}`]);
    suite.out.push(`${file}:${r.claim.location.line ?? 1}: ${claimDetail(r, options).join('\n  ')}`, ...evidenceLines(r).map((l) => `  ${l}`));
    const findings = audit.findings.filter((f) => f.claimId === r.claim.id);
    suite.err.push(...findings.map((f) => formatFinding(f)));
  }
  const all = [...suites.values()];
  // Warnings fail the run only under --fail-on findings; then each is a failing case of its own.
  if ((options.outcome?.failures ?? []).some((f) => f.rule === 'findings')) {
    const warnings = audit.findings.filter((f) => f.severity === 'warning');
    const suite: Suite = { ...newSuite('findings'), tests: warnings.length, failures: warnings.length };
    for (const f of warnings) {
      const where = [f.file, f.line, f.column].filter((x) => x !== undefined).join(':');
      suite.cases.push([
        `    ${element('testcase', { name: `${f.code} at ${where}`, classname: 'findings', time: 0 })}>`,
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
    // Selectors hold no comma (a comma separates them), so the list reads back as --select takes it.
    ...(audit.options.selection
      ? ([
          ['select', audit.options.selection.select.join(',')],
          ['exclude', audit.options.selection.exclude.join(',')],
          ['claims-read', String(audit.options.selection.claimsRead)],
        ] as Array<[string, string]>)
      : []),
    ['config', audit.options.config ?? ''],
  ];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    // The schema has no `skipped` on <testsuites>: each suite counts its own.
    `${element('testsuites', { name: TOOL.name, tests: sum('tests'), failures: sum('failures'), errors: 0, time: 0 })}>`,
    ...all.flatMap((s, i) => suiteXml(s, i, properties, options.run)),
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}
