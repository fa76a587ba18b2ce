// The fail-on policy: which verdicts, changes and findings fail a run.
import { describe, expect, it } from 'vitest';
import { decideOutcome } from '../src/policy.js';
import type { AuditResult, ClaimResult } from '../src/types.js';
import type { ReportDiff } from '../src/diff/types.js';

function result(id: string, verdict: ClaimResult['verdict']): ClaimResult {
  return { claim: { id, claimant: 'c', statement: 's', kind: 'result', sources: [], location: { file: 'c.yaml', line: 1 } }, verdict, reasons: ['r'], evidence: [] };
}

const audit: AuditResult = {
  inputs: [],
  results: [result('a', 'supported'), result('b', 'contradicted'), result('c', 'pending')],
  series: [],
  findings: [
    { severity: 'warning', code: 'negative-value', file: 'e.csv', line: 3, message: 'negative' },
    { severity: 'info', code: 'note', file: 'e.csv', line: 4, message: 'a note' },
  ],
  options: { tolerance: 0.5 },
};

function diffWith(before: string, after: string, move: 'better' | 'worse'): ReportDiff {
  return {
    before: { tool: { name: 'claimcheck', version: '0' }, settings: { tolerance: 0.5, as_of: null } },
    after: { tool: { name: 'claimcheck', version: '0' }, settings: { tolerance: 0.5, as_of: null } },
    context: [],
    inputs: [],
    claims: [
      {
        id: 'a',
        status: 'changed',
        file: 'c.yaml',
        line: 1,
        before: { verdict: before, attribution: null, observed: 1, gap: 0, claimType: 'change' },
        after: { verdict: after, attribution: null, observed: 2, gap: 0, claimType: 'change' },
        fields: ['verdict', 'observed'],
        move,
        attributionMove: null,
        inputs: [],
      },
      // Added claims never fail a change policy: a new claim has no verdict to change from.
      { id: 'n', status: 'added', file: 'c.yaml', line: 9, before: null, after: { verdict: 'contradicted', attribution: null, observed: null, gap: null, claimType: null }, fields: [], move: null, attributionMove: null, inputs: [] },
    ],
    unchanged: 2,
  };
}

describe('decideOutcome', () => {
  it('passes with no policy', () => {
    expect(decideOutcome(audit, { verdicts: [], findings: false }).failures).toEqual([]);
  });
  it('fails on each listed verdict, per claim', () => {
    const out = decideOutcome(audit, { verdicts: ['contradicted', 'pending'], findings: false });
    expect(out.failures.map((f) => [f.rule, f.claimId])).toEqual([
      ['verdict', 'b'],
      ['verdict', 'c'],
    ]);
  });
  it('fails on warnings (not notes) with findings', () => {
    const out = decideOutcome(audit, { verdicts: [], findings: true });
    expect(out.failures).toEqual([{ rule: 'findings', reason: '1 warning', setting: '--fail-on', message: '1 warning (--fail-on findings)' }]);
    expect(decideOutcome({ ...audit, findings: audit.findings.slice(1) }, { verdicts: [], findings: true }).failures).toEqual([]);
  });
  it.each([
    ['any', 'better', 1],
    ['any', 'worse', 1],
    ['worse', 'better', 0],
    ['worse', 'worse', 1],
  ] as const)('--fail-on-change=%s with a %s verdict → %i failure', (policy, move, n) => {
    const diff = diffWith(move === 'worse' ? 'supported' : 'contradicted', move === 'worse' ? 'contradicted' : 'supported', move);
    const out = decideOutcome(audit, { verdicts: [], findings: false, change: policy }, diff);
    expect(out.failures).toHaveLength(n);
    if (n) expect(out.failures[0]).toMatchObject({ rule: 'change', claimId: 'a' });
  });
  it('fails on an attribution answer that moved, with the verdict unchanged, and says which answer moved', () => {
    const base = diffWith('contradicted', 'contradicted', 'better');
    const claim = { ...base.claims[0]!, fields: ['attribution' as const], move: null, attributionMove: 'worse' as const };
    claim.before = { ...claim.before!, attribution: 'inconclusive' };
    claim.after = { ...claim.after!, attribution: 'contradicted' };
    const diff = { ...base, claims: [claim] };
    const worse = decideOutcome(audit, { verdicts: [], findings: false, change: 'worse' }, diff);
    expect(worse.failures).toEqual([
      { rule: 'change', claimId: 'a', reason: 'attribution inconclusive → contradicted (worse)', setting: '--fail-on-change', message: 'attribution inconclusive → contradicted (worse; --fail-on-change=worse)' },
    ]);
    const better = { ...diff, claims: [{ ...claim, attributionMove: 'better' as const }] };
    expect(decideOutcome(audit, { verdicts: [], findings: false, change: 'worse' }, better).failures).toEqual([]);
    expect(decideOutcome(audit, { verdicts: [], findings: false, change: 'any' }, better).failures).toHaveLength(1);
  });
  it('names the config setting, where the config set the rule, in place of the option', () => {
    const setAt = { failOn: 'claimcheck.yaml:8:1', failOnChange: 'claimcheck.yaml:9:1' };
    const out = decideOutcome(audit, { verdicts: ['contradicted'], findings: true, setAt });
    expect(out.failures).toEqual([
      { rule: 'verdict', claimId: 'b', reason: 'contradicted', setting: 'fail_on (claimcheck.yaml:8:1)', message: 'contradicted (fail_on: contradicted in claimcheck.yaml:8:1)' },
      { rule: 'findings', reason: '1 warning', setting: 'fail_on (claimcheck.yaml:8:1)', message: '1 warning (fail_on: findings in claimcheck.yaml:8:1)' },
    ]);
    const changed = decideOutcome(audit, { verdicts: [], findings: false, change: 'worse', setAt }, diffWith('supported', 'contradicted', 'worse'));
    expect(changed.failures.map((f) => [f.setting, f.message])).toEqual([['fail_on_change (claimcheck.yaml:9:1)', 'verdict supported → contradicted (worse; fail_on_change: worse in claimcheck.yaml:9:1)']]);
  });
  it('ignores changes without a change policy', () => {
    expect(decideOutcome(audit, { verdicts: [], findings: false }, diffWith('supported', 'contradicted', 'worse')).failures).toEqual([]);
  });
});
