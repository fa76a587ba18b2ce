// SARIF 2.1.0: one result per claim, located at the claim's line, with the evidence rows it used as
// related locations; one per finding. Code-scanning tools (GitHub, GitLab, Azure DevOps) read it.
import path from 'node:path';
import { VERDICT_ORDER, verdictStanding } from '../report-model/index.js';
import { formatNumber, visible } from '../format.js';
import { failureMessages } from '../policy.js';
import type { AuditResult, ClaimResult, Finding } from '../types.js';
import type { RenderOptions } from './options.js';
import { TOOL } from '../version.js';
import { changeOf, ciLevel, claimDetail } from './ci.js';

/** What each verdict means, for the rule descriptions (docs/methods.md, the verdict table, shortened). */
const VERDICT_HELP: Record<string, string> = {
  supported: 'The observed change or level is within the tolerance of the claim (or a forecast exceeded it).',
  'partly-supported': 'The reported change went the claimed direction and reached at least half of the claimed change (log scale), or (a result) went beyond it.',
  exaggerated: 'The reported change went the claimed direction but reached less than half of the claimed change (log scale).',
  pending: 'A forecast whose target the evidence cannot reach yet.',
  inconclusive: 'The evidence cannot tell the claim apart from chance (an attribution answer).',
  'no-evidence': 'No data for the periods the claim needs.',
  unverifiable: 'The claim names no region, metric, claimed number or period, so it cannot be checked.',
  'not-supported': 'A change was claimed, but the observed change is within the tolerance of zero.',
  contradicted: 'The evidence goes the other way, or the level is off by more than the tolerance.',
};

/** A path as a URI reference: relative paths stay relative (to the working directory). */
function toUri(p: string): string {
  const encoded = p.split('/').map((seg) => encodeURIComponent(seg).replace(/%3A/gi, ':')).join('/');
  return path.isAbsolute(p) ? `file://${encoded.startsWith('/') ? '' : '/'}${encoded}` : encoded;
}

interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  defaultConfiguration: { level: 'error' | 'warning' | 'note' | 'none' };
}

function verdictRule(v: string): Rule {
  const standing = verdictStanding(v);
  return {
    id: `verdict/${v}`,
    name: v.replace(/(^|-)([a-z])/g, (_, __, ch: string) => ch.toUpperCase()),
    shortDescription: { text: `Claims whose verdict is ${v}.` },
    ...(VERDICT_HELP[v] ? { fullDescription: { text: VERDICT_HELP[v]! } } : {}),
    defaultConfiguration: { level: standing === 'against' || v === 'partly-supported' ? 'warning' : 'none' },
  };
}

export function renderSarif(audit: AuditResult, options: RenderOptions = {}): string {
  const rules: Rule[] = [];
  const ruleIndex = new Map<string, number>();
  const ruleFor = (id: string, make: () => Rule): number => {
    let i = ruleIndex.get(id);
    if (i === undefined) {
      i = rules.length;
      rules.push(make());
      ruleIndex.set(id, i);
    }
    return i;
  };
  // Every known verdict has a rule, in the documented order, so rule indexes are stable across runs.
  for (const v of VERDICT_ORDER) ruleFor(`verdict/${v}`, () => verdictRule(v));

  const artifacts = audit.inputs.map((i) => ({ location: { uri: toUri(i.path) }, hashes: { 'sha-256': i.sha256 } }));
  const artifactIndex = new Map(audit.inputs.map((i, k) => [i.path, k]));
  const location = (file: string, line?: number, column?: number) => ({
    physicalLocation: {
      artifactLocation: { uri: toUri(file), ...(artifactIndex.has(file) ? { index: artifactIndex.get(file)! } : {}) },
      ...(line ? { region: { startLine: line, ...(column ? { startColumn: column } : {}) } } : {}),
    },
  });

  const claimResult = (r: ClaimResult) => {
    const c = r.claim;
    const level = ciLevel(r, options);
    const fails = failureMessages(options.outcome, c.id).length > 0;
    const standing = verdictStanding(r.verdict);
    const kind = fails || standing === 'against' || r.verdict === 'partly-supported' ? 'fail' : standing === 'for' ? 'pass' : 'open';
    const change = changeOf(options, c.id);
    return {
      ruleId: `verdict/${r.verdict}`,
      ruleIndex: ruleFor(`verdict/${r.verdict}`, () => verdictRule(r.verdict)),
      kind,
      // SARIF: a result whose kind is not 'fail' has level 'none'.
      level: kind !== 'fail' ? 'none' : level === 'error' ? 'error' : 'warning',
      message: { text: visible(claimDetail(r, options).join('\n')) },
      locations: [location(c.location.file, c.location.line, c.location.column)],
      ...(r.evidence.length
        ? {
            relatedLocations: r.evidence.map((o, k) => ({
              id: k + 1,
              ...location(o.file, o.line),
              message: { text: visible(`${o.region} / ${o.metric} ${o.period.label} = ${o.value === null ? 'blank' : formatNumber(o.value, 6)}${o.unit ? ` ${o.unit}` : ''}`) },
            })),
          }
        : {}),
      partialFingerprints: { 'claimcheck/claimId': c.id },
      ...(options.diff ? { baselineState: !change ? 'unchanged' : change.status === 'added' ? 'new' : 'updated' } : {}),
      properties: {
        claimId: c.id,
        verdict: r.verdict,
        failsRun: fails,
        ...(change?.before ? { baselineVerdict: change.before.verdict } : {}),
      },
    };
  };

  const findingsFail = (options.outcome?.failures ?? []).some((f) => f.rule === 'findings');
  const findingResult = (f: Finding) => ({
    ruleId: `finding/${f.code}`,
    ruleIndex: ruleFor(`finding/${f.code}`, () => ({
      id: `finding/${f.code}`,
      name: f.code,
      shortDescription: { text: `claimcheck finding: ${f.code}` },
      defaultConfiguration: { level: f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'note' },
    })),
    kind: 'fail',
    level: f.severity === 'error' || (findingsFail && f.severity === 'warning') ? 'error' : f.severity === 'warning' ? 'warning' : 'note',
    message: { text: visible(`${f.message}${f.hint ? `\nhint: ${f.hint}` : ''}`) },
    locations: [location(f.file, f.line, f.column)],
    properties: { code: f.code, severity: f.severity, ...(f.claimId ? { claimId: f.claimId } : {}) },
  });

  const results = [...audit.results.map(claimResult), ...audit.findings.map(findingResult)];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL.name, version: TOOL.version, semanticVersion: TOOL.version, rules } },
        artifacts,
        results,
        columnKind: 'utf16CodeUnits',
        properties: { tolerance: audit.options.tolerance, asOf: audit.options.asOf ?? null, selection: audit.options.selection ?? null, config: audit.options.config ?? null },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
