// Reads a chart's description (the SVG's <desc>) sentence by sentence and sets every number in it
// beside the number the JSON report of the same run holds for it, formatted by the description's
// rule (whole numbers from 100, else two decimals). The verdict's own numbers are checked too where
// the report has them (the observed values, the trend tier's projection, the count tier's
// intervals, the comparison tier's inputs), so a chart that drifts from its verdict fails. A
// sentence this reader does not know fails as well: a new number in a description must be added here.
import { formatNumber, formatPercent } from '../../src/format.js';
import type { ChartFigurePoint, ReportChart } from '../../src/report-model/chart.js';
import type { JsonReport, ReportResult } from '../../src/report-model/types.js';

/** The description's rounding rule (chart-data.ts): whole numbers from 100, two decimals below. */
export const descNumber = (x: number | null, openEnd = '∞'): string => (x === null ? openEnd : formatNumber(x, Math.abs(x) >= 100 ? 0 : 2));

/** A number as the description writes it, for a regular expression. */
const NUM = '(−?∞|-?[\\d,]+(?:\\.\\d+)?)';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface DescCheck {
  /** Numbers compared: [what, in the description, in the report]. */
  compared: Array<[string, string, string]>;
  /** What could not be read or did not match. */
  problems: string[];
}

function pointAt(points: ChartFigurePoint[] | undefined, period: string): ChartFigurePoint | undefined {
  return points?.find((p) => p.period === period);
}

/**
 * The claimed number as a description writes it, from the report's `claimed` (low, high; an open end
 * null): a change as signed percentages, a level as numbers, a bound as "at least"/"at most"; a level
 * with a scale word ("12 billion") as its text. With the claim's unit after a level.
 */
function claimedAs(result: ReportResult): string[] {
  const c = result.claimed;
  if (!c) return ['—'];
  if (c.type === 'change') {
    if (c.high === null && c.low !== null) return [`≥ ${formatPercent(c.low)}`];
    if (c.low === null && c.high !== null) return [`≤ ${formatPercent(c.high)}`];
    // A fall of at most 100% ("down a fifth or more") is recorded from −100%.
    if (c.low === -100 && c.high !== null && c.high > -100) return [`≤ ${formatPercent(c.high)}`, `${formatPercent(c.low)} to ${formatPercent(c.high)}`];
    return [c.low === c.high ? formatPercent(c.low!) : `${formatPercent(c.low!)} to ${formatPercent(c.high!)}`];
  }
  const unit = result.claim.unit ? ` ${result.claim.unit}` : '';
  const level =
    c.low === null && c.high !== null ? `at most ${formatNumber(c.high)}` : c.high === null && c.low !== null ? `at least ${formatNumber(c.low)}` : c.low === c.high ? formatNumber(c.low!) : `${formatNumber(c.low!)} to ${formatNumber(c.high!)}`;
  return [`${level}${unit}`, `${c.text}${unit}`];
}

/** Check one chart's description against its result in the JSON report. */
export function checkDescription(desc: string, result: ReportResult, report: JsonReport): DescCheck {
  const out: DescCheck = { compared: [], problems: [] };
  const chart: ReportChart | undefined = result.chart;
  const same = (what: string, inDesc: string, inReport: string) => {
    out.compared.push([what, inDesc, inReport]);
    if (inDesc !== inReport) out.problems.push(`${result.id}: ${what} is ${inDesc} in the chart, ${inReport} in the report`);
  };
  const interval = (what: string, text: string | undefined, p: ChartFigurePoint | undefined) => {
    if (text === undefined) return;
    const m = text.match(new RegExp(`^ \\(95% interval ${NUM} to ${NUM}\\)$`));
    if (!m || !p || p.low === undefined || p.high === undefined) return void out.problems.push(`${result.id}: ${what}: an interval the report does not have: ${text}`);
    same(`${what} lower`, m[1]!, descNumber(p.low));
    same(`${what} upper`, m[2]!, descNumber(p.high));
  };
  const tier = (name: string) => result.tiers.find((t) => t.tier === name);
  let rest = desc;
  const take = (re: RegExp): RegExpMatchArray | null => {
    const m = rest.match(re);
    if (m) rest = rest.slice(m[0].length).replace(/^ /, '');
    return m;
  };

  const o = result.observed;
  let m: RegExpMatchArray | null;
  if ((m = take(/^Nothing to draw: (?:the claim cannot be checked|no evidence series for this claim)\. /))) {
    // The reason is the report's first reason, as it is (its numbers are the report's text).
    const reason = (result.reasons[0] ?? '').replace(/\s+/g, ' ').trim();
    if (reason && !take(new RegExp(`^${escape(reason)}`))) out.problems.push(`${result.id}: the reason is not the report's first reason`);
  } else {
    // The series the result was judged on: one of the report's series from the result's source.
    const sentence = (s: JsonReport['series'][number]) => `${s.region} / ${s.metric}${s.unit ? ` (${s.unit})` : ''}, from ${s.origin}.`;
    const series = report.series.find((s) => s.origin === result.origin && rest.startsWith(`${sentence(s)} `));
    if (!series) out.problems.push(`${result.id}: the series sentence does not name one of the report's series from ${result.origin}: ${rest.slice(0, 120)}`);
    else take(new RegExp(`^${escape(sentence(series))}`));
    if ((m = take(/^Observed: (.+?)(?: and (\d+) more)?\.(?= |$)/))) {
      const pairs = m[1]!.split(', ');
      for (const pair of pairs) {
        const pm = pair.match(new RegExp(`^(\\S+) ${NUM}$`));
        if (!pm) {
          out.problems.push(`${result.id}: cannot read the observed value '${pair}'`);
          continue;
        }
        const p = pointAt(chart?.observed, pm[1]!);
        if (!p) out.problems.push(`${result.id}: ${pm[1]} is drawn but not in the report's chart figures`);
        else same(`observed ${pm[1]}`, pm[2]!, descNumber(p.value));
        // And in the series the report records, which is what the verdict read.
        const row = series?.observations.find((x) => x.period === pm[1]);
        if (row) same(`series value ${pm[1]}`, pm[2]!, descNumber(row.value));
        else out.problems.push(`${result.id}: ${pm[1]} is not in the report's series`);
      }
      if (m[2] !== undefined && pairs.length + Number(m[2]) > (chart?.observed.length ?? 0)) out.problems.push(`${result.id}: ${m[2]} more points than the report's figures hold`);
    } else take(/^The series has no values to draw\./);

    if ((m = take(new RegExp(`^Baseline (\\S+): ${NUM}((?: \\(95% interval [^)]+\\))?)\\. Target (\\S+): ${NUM}((?: \\(95% interval [^)]+\\))?), a change of (.+?)\\.(?= |$)`)))) {
      if (!o?.baseline) out.problems.push(`${result.id}: a baseline is described, the report has none`);
      else {
        same('baseline period', m[1]!, o.baseline.period);
        same('baseline value', m[2]!, descNumber(o.baseline.value));
        same('target period', m[4]!, o.target.period);
        same('target value', m[5]!, descNumber(o.target.value));
        interval('baseline interval', m[3] || undefined, pointAt(chart?.observed, result.claim.baseline ?? ''));
        interval('target interval', m[6] || undefined, pointAt(chart?.observed, result.claim.target ?? ''));
        // The count tier's Garwood intervals, when it counted these single periods.
        const count = tier('count');
        if (m[3] && count?.inputs && count.inputs.a === o.baseline.value) interval('baseline interval (count tier)', m[3], { period: '', value: o.baseline.value, low: count.inputs.a_lower as number, high: count.inputs.a_upper as number });
        if (m[6] && count?.inputs && count.inputs.b === o.target.value) interval('target interval (count tier)', m[6], { period: '', value: o.target.value, low: count.inputs.b_lower as number, high: count.inputs.b_upper as number });
        const change = o.change_percent === null ? `${o.target.value - o.baseline.value > 0 ? '+' : ''}${formatNumber(o.target.value - o.baseline.value)} (absolute change from 0)` : formatPercent(o.change_percent);
        // The report keeps the change to 4 decimals, the description to 2: rounded twice, the last digit may differ by one.
        const said = m[7]!.replace(/ per year$/, '');
        if (said === change || o.change_percent === null || Math.abs(Number(said.replace(/[+%,]/g, '')) - o.change_percent) > 0.005 + 0.00005) same('change', said, change);
        else out.compared.push(['change', said, change]);
      }
    } else if ((m = take(new RegExp(`^At (\\S+): ${NUM}\\.`)))) {
      same('target period', m[1]!, o?.target.period ?? '(none)');
      same('target value', m[2]!, o ? descNumber(o.target.value) : '(none)');
      if (chart?.reading) same('reading', m[2]!, descNumber(chart.reading.value));
    } else if ((m = take(new RegExp(`^Baseline (\\S+): ${NUM}; no value for the target (\\S*) yet\\.`)))) {
      same('baseline period', m[1]!, result.claim.baseline ?? '(none)');
      same('baseline value', m[2]!, chart?.claimed ? descNumber(chart.claimed.baseline) : '(none)');
    }

  }
  const claimedTexts = claimedAs(result);
  const claimedText = `(?:${claimedTexts.map(escape).join('|')})`;
  if ((m = take(new RegExp(`^Claimed: ${claimedText} from the baseline, which is ${NUM}(?: to ${NUM})? in (\\S+)\\.`)))) {
    const c = chart?.claimed;
    if (!c) out.problems.push(`${result.id}: a claimed path is drawn, the report's figures have none`);
    else {
      const baseline = o?.baseline?.value;
      if (baseline !== undefined) same('claimed path starts at the observed baseline', descNumber(c.baseline), descNumber(baseline));
      if (m[2] === undefined) {
        same('claimed value at the target', m[1]!, descNumber(c.low));
        same('claimed value at the target (one number)', descNumber(c.low), descNumber(c.high));
      } else {
        same('claimed low at the target', m[1]!, descNumber(c.low, '−∞'));
        same('claimed high at the target', m[2]!, descNumber(c.high));
      }
    }
    same('claimed target', m[3]!, result.claim.target ?? '(none)');
  } else if (!take(new RegExp(`^Claimed: ${claimedText}(?: at (\\S+))?\\.`))) {
    out.problems.push(`${result.id}: the claim is not described from the report's claimed numbers (${claimedTexts.join(' or ')}): ${rest.slice(0, 120)}`);
  }

  if ((m = take(new RegExp(`^The trend before the baseline, continued, predicts ${NUM} in (\\S+) \\(95% prediction interval ${NUM} to ${NUM}\\)\\.`)))) {
    const p = chart?.trend?.projected.at(-1);
    const inputs = tier('trend')?.inputs;
    if (!p || !inputs) out.problems.push(`${result.id}: a trend is drawn, the report's trend tier or figures have none`);
    else {
      same('trend period', m[2]!, p.period);
      same('trend projection', m[1]!, descNumber(p.value));
      same('trend lower', m[3]!, descNumber(p.low ?? null));
      same('trend upper', m[4]!, descNumber(p.high ?? null));
      // What the trend tier decided with.
      same('trend projection (tier)', m[1]!, descNumber(inputs.projection as number));
      same('trend lower (tier)', m[3]!, descNumber(inputs.lower as number));
      same('trend upper (tier)', m[4]!, descNumber(inputs.upper as number));
    }
  }
  if ((m = take(new RegExp(`^The comparison area (.+?), scaled to .+?'s (\\S+) value, (?:is at ${NUM} in (\\S+)|has (\\d+) points)\\.`)))) {
    const c = chart?.comparison;
    const inputs = tier('comparison')?.inputs;
    if (!c || !inputs) out.problems.push(`${result.id}: a comparison is drawn, the report's comparison tier or figures have none`);
    else {
      same('comparison area', m[1]!, c.area);
      same('comparison area (tier)', m[1]!, String(inputs.area));
      if (m[3] !== undefined) {
        const p = pointAt(c.points, m[4]!);
        same('comparison at the target', m[3], p ? descNumber(p.value) : '(none)');
        // The comparison tier's own numbers: C1 scaled by T0 / C0.
        if (m[4] === result.claim.target) same('comparison at the target (tier)', m[3], descNumber(((inputs.C1 as number) * (inputs.T0 as number)) / (inputs.C0 as number)));
      } else same('comparison points', m[5]!, String(c.points.length));
    }
  }
  // The verdict, as the report gives it; no numbers.
  if ((m = take(/^Verdict: ([^ .]+)[^.]*\.(?: Attribution: ([^ .]+)(?: \(decided by the (\w+) tier\))?\.)?/))) {
    same('verdict', m[1]!, result.verdict);
    if (m[2]) same('attribution', m[2], result.attribution?.verdict ?? '(none)');
    if (m[3]) same('decided by', m[3], result.attribution?.decided_by ?? '(none)');
  } else out.problems.push(`${result.id}: no verdict sentence where expected: ${rest.slice(0, 120)}`);
  take(/^The value axis does not start at zero\./);
  if (rest.trim()) out.problems.push(`${result.id}: text this check does not read: '${rest.slice(0, 160)}'`);
  return out;
}
