// Two JSON reports → what changed: inputs by sha256, and each claim's verdict, observed value and gap.
import type { ClaimChange, ClaimChangeField, ClaimSnapshot, InputChange, ReportDiff } from './types.js';
import type { JsonReport, ReportResult } from '../report-model/types.js';
import { compareAttribution, compareVerdicts } from '../report-model/index.js';
import { selectionSummary } from '../select.js';

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

export function diffInputs(before: JsonReport, after: JsonReport): InputChange[] {
  const old = new Map(before.inputs.map((i) => [i.path, i.sha256]));
  const now = new Map(after.inputs.map((i) => [i.path, i.sha256]));
  const out: InputChange[] = [];
  for (const [p, sha] of now) {
    const was = old.get(p);
    if (was === undefined) out.push({ path: p, status: 'added', before: null, after: sha });
    else if (was !== sha) out.push({ path: p, status: 'changed', before: was, after: sha });
  }
  for (const [p, sha] of old) if (!now.has(p)) out.push({ path: p, status: 'removed', before: sha, after: null });
  return out.sort(byPath);
}

export function snapshotOf(r: ReportResult): ClaimSnapshot {
  const type = r.claimed?.type ?? null;
  const observed = r.observed ? (type === 'level' ? r.observed.target.value : r.observed.change_percent) : null;
  const gap = type === 'level' ? r.gap_percent_of_claim : r.gap_pp;
  return { verdict: r.verdict, attribution: r.attribution?.verdict ?? null, observed: observed ?? null, gap: gap ?? null, claimType: type };
}

/** The files a claim's result depends on: its claims file and the evidence files it used. */
function filesOf(r: ReportResult | undefined): string[] {
  return r ? [r.claim.file, ...r.evidence.map((e) => e.file)] : [];
}

function settingsContext(before: JsonReport, after: JsonReport): string[] {
  const out: string[] = [];
  if (before.tool.version !== after.tool.version) out.push(`${after.tool.name} version ${before.tool.version} → ${after.tool.version}`);
  const bt = before.settings?.tolerance;
  const at = after.settings?.tolerance;
  if (bt !== at) out.push(`tolerance ${bt} → ${at}`);
  const ba = before.settings?.as_of ?? null;
  const aa = after.settings?.as_of ?? null;
  if (ba !== aa) out.push(`as-of ${ba ?? 'none'} → ${aa ?? 'none'}`);
  const bs = before.settings?.selection ? selectionSummary(before.settings.selection) : 'every claim';
  const as = after.settings?.selection ? selectionSummary(after.settings.selection) : 'every claim';
  if (bs !== as) out.push(`selection ${bs} → ${as}`);
  return out;
}

/**
 * Compare two reports. Claims are matched by id; a claim is changed when its verdict, its
 * attribution answer, its observed value or its gap differs (as written in the reports, which round
 * them the same way).
 */
export function diffReports(before: JsonReport, after: JsonReport): ReportDiff {
  const inputs = diffInputs(before, after);
  const changedInputs = new Map(inputs.map((i) => [i.path, i]));
  const old = new Map(before.results.map((r) => [r.id, r]));
  const now = new Map(after.results.map((r) => [r.id, r]));
  const claims: ClaimChange[] = [];
  let unchanged = 0;

  const inputsOf = (...rs: (ReportResult | undefined)[]): InputChange[] =>
    [...new Set(rs.flatMap(filesOf))]
      .map((f) => changedInputs.get(f))
      .filter((x): x is InputChange => x !== undefined)
      .sort(byPath);

  for (const r of after.results) {
    const was = old.get(r.id);
    const s = snapshotOf(r);
    if (!was) {
      claims.push({ id: r.id, status: 'added', file: r.claim.file, line: r.claim.line ?? null, before: null, after: s, fields: [], move: null, attributionMove: null, inputs: inputsOf(r) });
      continue;
    }
    const p = snapshotOf(was);
    const fields: ClaimChangeField[] = [];
    if (p.verdict !== s.verdict) fields.push('verdict');
    const bothAttributed = p.attribution !== null && s.attribution !== null;
    if (bothAttributed && p.attribution !== s.attribution) fields.push('attribution');
    if (p.observed !== s.observed) fields.push('observed');
    if (p.gap !== s.gap) fields.push('gap');
    if (fields.length === 0) {
      unchanged++;
      continue;
    }
    claims.push({
      id: r.id,
      status: 'changed',
      file: r.claim.file,
      line: r.claim.line ?? null,
      before: p,
      after: s,
      fields,
      move: compareVerdicts(p.verdict, s.verdict),
      attributionMove: bothAttributed ? compareAttribution(p.attribution!, s.attribution!) : null,
      inputs: inputsOf(was, r),
    });
  }
  for (const r of before.results) {
    if (now.has(r.id)) continue;
    claims.push({ id: r.id, status: 'removed', file: r.claim.file, line: r.claim.line ?? null, before: snapshotOf(r), after: null, fields: [], move: null, attributionMove: null, inputs: inputsOf(r) });
  }
  claims.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    before: { tool: before.tool, settings: before.settings },
    after: { tool: after.tool, settings: after.settings },
    context: settingsContext(before, after),
    inputs,
    claims,
    unchanged,
  };
}

/** Whether a changed claim's verdict or attribution answer changed (in the direction asked for). */
export function answerChanged(c: ClaimChange, which: 'any' | 'worse'): { verdict: boolean; attribution: boolean } {
  const verdict = c.fields.includes('verdict') && (which === 'any' || c.move === 'worse');
  const attribution = c.fields.includes('attribution') && (which === 'any' || c.attributionMove === 'worse');
  return { verdict, attribution };
}

/** How a changed claim moved overall: worse when either answer got worse, else how the one that moved did. */
export function claimMove(c: ClaimChange): 'better' | 'worse' | null {
  if (c.move === 'worse' || c.attributionMove === 'worse') return 'worse';
  return c.move ?? c.attributionMove;
}

/**
 * "verdict supported → partly-supported (worse); attribution inconclusive → supported (better)",
 * with `note` (the policy that matched) beside each move.
 */
export function answerChangeText(c: ClaimChange, which: 'any' | 'worse', note?: string): string {
  const moved = answerChanged(c, which);
  const why = (move: string | null) => `(${move}${note ? `; ${note}` : ''})`;
  const parts: string[] = [];
  if (moved.verdict) parts.push(`verdict ${c.before!.verdict} → ${c.after!.verdict} ${why(c.move)}`);
  if (moved.attribution) parts.push(`attribution ${c.before!.attribution} → ${c.after!.attribution} ${why(c.attributionMove)}`);
  return parts.join(', ');
}

/**
 * The claims whose answers changed under a `--fail-on-change` policy: the verdict (the outcome) or
 * the attribution answer — a CI check is asked to notice when an updated dataset changes either.
 */
export function verdictChanges(diff: ReportDiff, which: 'any' | 'worse'): ClaimChange[] {
  return diff.claims.filter((c) => {
    if (c.status !== 'changed') return false;
    const moved = answerChanged(c, which);
    return moved.verdict || moved.attribution;
  });
}
