// What a renderer may be given beyond the audit itself.
import type { ReportDiff } from '../diff/types.js';
import type { HtmlLayout } from './html.js';
import type { PolicyOutcome } from '../policy-types.js';

/** Who publishes a ClaimReview and where (`--format claimreview`). */
export interface ClaimReviewSettings {
  publisher: string;
  publisherType: 'Organization' | 'Person';
  publisherUrl?: string;
  /** The review's URL; `{id}` is replaced by the claim id. */
  urlTemplate: string;
}

/** What a renderer may use beyond the audit itself. */
export interface RenderOptions {
  color?: boolean;
  /** Terminal: the columns to fit the summary into (the terminal’s width; 120 when unknown). */
  width?: number;
  /** JUnit: when and where the run happened (the testsuite's `timestamp`, ISO 8601 without zone, and `hostname`). */
  run?: { timestamp: string; hostname: string };
  /** The fail-on decision, so CI formats mark exactly the claims that fail the run. */
  outcome?: PolicyOutcome;
  /** The changes since `--baseline`, when one was given. */
  diff?: ReportDiff;
  claimReview?: ClaimReviewSettings;
  /** HTML: each claim's chart (SVG) by claim id, drawn beforehand (drawing is asynchronous). */
  charts?: ReadonlyMap<string, string>;
  /** HTML: the report laid out beforehand for these charts (layOutHtml), while they were drawn. */
  htmlLayout?: HtmlLayout;
  /** Markdown: each claim's chart link by claim id (see `--charts`). */
  chartLinks?: ReadonlyMap<string, string>;
}
