// A diff between two audits as JSON (diffVersion 1): the same data the terminal and Markdown show.
import type { ClaimSnapshot, ReportDiff } from '../diff/types.js';
import type { DiffLabels } from './diff-terminal.js';

export const DIFF_VERSION = 1;

function snapshot(s: ClaimSnapshot | null) {
  return s ? { verdict: s.verdict, attribution: s.attribution, observed: s.observed, gap: s.gap, claim_type: s.claimType } : null;
}

export function renderDiffJson(diff: ReportDiff, labels: DiffLabels): string {
  const count = (s: string) => diff.claims.filter((c) => c.status === s).length;
  const verdicts = diff.claims.filter((c) => c.fields.includes('verdict'));
  const out = {
    diffVersion: DIFF_VERSION,
    before: { report: labels.before, ...diff.before },
    after: { report: labels.after, ...diff.after },
    context: diff.context,
    summary: {
      changed: count('changed'),
      added: count('added'),
      removed: count('removed'),
      unchanged: diff.unchanged,
      verdict_changes: verdicts.length,
      worse: verdicts.filter((c) => c.move === 'worse').length,
      attribution_changes: diff.claims.filter((c) => c.fields.includes('attribution')).length,
      attribution_worse: diff.claims.filter((c) => c.attributionMove === 'worse').length,
    },
    inputs: diff.inputs,
    claims: diff.claims.map((c) => ({
      id: c.id,
      status: c.status,
      file: c.file,
      line: c.line,
      fields: c.fields,
      move: c.move,
      attribution_move: c.attributionMove,
      before: snapshot(c.before),
      after: snapshot(c.after),
      inputs: c.inputs,
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
