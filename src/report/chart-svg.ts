// A claim's chart as SVG: ChartData (chart-data.ts) → a Vega-Lite spec → Vega's SVG renderer, in
// Node, without a browser or canvas. The spec is built by a pure function; rendering is async
// because Vega's headless renderer is. Vega is imported only when a chart is drawn, so the
// terminal and JSON reports never load it.
import type { TopLevelSpec } from 'vega-lite';
import { formatNumber, visible } from '../format.js';
import type { Verdict } from '../types.js';
import type { AuditResult } from '../types.js';
import { buildChartData, type ChartData } from './chart-data.js';
import { boxesOverlap, placeLabel, polyline, textBox, type Box, type PlacedLabel, type Segment } from './chart-layout.js';
import { programOf, signalValues, splitSpec, type ShapeProgram, type SplitSpec } from './chart-template.js';

const DAY_MS = 86_400_000;
/** The plot's size in pixels: narrow enough that on a phone (a 390 px screen) the whole chart is drawn at 90% or more, so 12 px labels stay above 10 px. */
const WIDTH = 320;
const HEIGHT = 200;
/** Label sizes: at 12 px, a chart scaled to a 390 px phone still shows them at 10 px or more. */
const FONT_SIZE = 12;
/** One row of a level chart. */
const ROW = 46;

/**
 * Colours that stay apart in greyscale: the observed series is near-black and solid, the claim a
 * mid blue band with solid edges, the trend a lighter orange dashed, the comparison area a purple
 * dotted line with squares. Line style, not colour, tells them apart; colour only helps.
 */
export const CHART_STYLE = {
  observed: { color: '#1a1a1a', dash: [1, 0] },
  claimed: { color: '#3d8fd6', dash: [1, 0] },
  trend: { color: '#c25700', dash: [7, 4] },
  comparison: { color: '#7a4fa0', dash: [2, 3] },
  /** Earlier readings in a level chart: context, not the claim's. */
  context: '#8a8a8a',
  baseline: '#e4e4e4',
  target: '#cfcfcf',
} as const;

/** Badge colours by verdict (the HTML report's badges); the verdict is always written out, so colour is never the only signal. */
export const VERDICT_COLOURS: Record<Verdict, string> = {
  supported: '#1b7837',
  'partly-supported': '#8a6100',
  exaggerated: '#a6530a',
  contradicted: '#b2182b',
  'not-supported': '#7b3294',
  inconclusive: '#4d4d4d',
  unverifiable: '#6b6b6b',
  'no-evidence': '#6b6b6b',
  pending: '#2166ac',
};

const FONT = 'Helvetica, Arial, sans-serif';

/** X-axis labels by granularity (UTC, so the machine's time zone never changes a chart). */
const AXIS_FORMAT: Record<string, string> = { year: '%Y', quarter: '%Y', month: '%b %Y', day: '%Y-%m-%d' };

type Layer = Record<string, unknown>;

const ms = (day: number) => Math.round(day * DAY_MS);

const valueText = (v: number) => formatNumber(v, Math.abs(v) >= 100 ? 0 : 2);

/** Break text at spaces into lines of at most `max` characters (a word longer than that keeps its line). */
function wrapText(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Characters to a line of title or legend: what fits the chart's width in Helvetica or Arial at these sizes. */
const TITLE_CHARS = 50;
const LEGEND_CHARS = 46;

/**
 * The chart's frame: a fixed size, not one grown to Vega's estimate of its texts (which runs wide and
 * would shrink the chart, and its labels, on a phone). Room is made for what is drawn around the plot:
 * the y-axis labels on the left, the title and the period labels above, the axis and the legend below.
 */
function frame(left: number, top: number, bottom: number) {
  return { autosize: { type: 'none', contains: 'content' }, padding: { left, top, right: 14, bottom } };
}

/** Pixels the title takes above the plot, with its offset. */
function titleHeight(d: ChartData): number {
  const t = titleOf(d);
  return t.text.length * (FONT_SIZE + 5) + t.subtitle.length * (FONT_SIZE + 4) + t.offset + 4;
}

/** A legend entry's lines, long ones broken at spaces. */
function legendLines(e: LegendEntry): string[] {
  return (typeof e.label === 'string' ? [e.label] : e.label).flatMap((l) => wrapText(l, LEGEND_CHARS));
}

/** Pixels the legend takes. */
function legendHeight(entries: LegendEntry[]): number {
  return entries.reduce((h, e) => h + FONT_SIZE + 6 + (legendLines(e).length - 1) * (FONT_SIZE + 3), 0);
}

/** The y-axis labels' width: the longest tick label, estimated, and the rotated axis title. */
function axisRoom(domain: [number, number], withTitle: boolean): number {
  const large = Math.abs(domain[1] - domain[0]) >= 20;
  const longest = Math.max(...domain.map((v) => formatNumber(v, large ? 0 : 2).length));
  return Math.ceil(longest * FONT_SIZE * 0.58) + 14 + (withTitle ? FONT_SIZE + 22 : 0);
}

/**
 * The title: what the chart is about and what was claimed. The claim's id and verdict are not drawn:
 * the section the chart sits in (HTML, Markdown) says them once, and the SVG's <title> carries them
 * for screen readers and for a chart opened on its own.
 */
function titleOf(d: ChartData) {
  const notes = d.fromZero ? [] : ['The value axis does not start at zero.'];
  // What and when on the first line, the claim on the second: each fits the narrow chart.
  const cut = d.subtitle.lastIndexOf('; claimed ');
  const text = (cut > 0 ? [d.subtitle.slice(0, cut), d.subtitle.slice(cut + 2)] : [d.subtitle]).flatMap((l) => wrapText(l, TITLE_CHARS));
  return { text, subtitle: notes, anchor: 'start', fontSize: FONT_SIZE + 0.5, fontWeight: 'bold', subtitleFontSize: FONT_SIZE, subtitleColor: '#8a3b00', offset: 10, limit: 0 };
}

function baseConfig() {
  return {
    font: FONT,
    aria: false,
    background: '#ffffff',
    view: { stroke: '#bdbdbd' },
    axis: { labelFontSize: FONT_SIZE, titleFontSize: FONT_SIZE, grid: false, labelColor: '#222222', titleColor: '#222222' },
    title: { color: '#1a1a1a' },
  };
}

/** A chart with nothing to draw: its title and why, as text, with no empty frame. */
function messageSpec(d: ChartData): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height: 20,
    title: titleOf(d),
    layer: [{ data: { values: [{}] }, mark: { type: 'text', text: d.message ?? 'Nothing to draw', fontSize: FONT_SIZE + 1, fill: '#333333', align: 'left', baseline: 'middle' }, encoding: { x: { value: 0 }, y: { value: 10 } } }],
    ...frame(6, titleHeight(d), 6),
    config: { ...baseConfig(), view: { stroke: null } },
  } as unknown as TopLevelSpec;
}

interface LegendEntry {
  /** One line, or several (a long label is broken rather than cut or run past the chart). */
  label: string | string[];
  /** line: a stroke (with its dash); band: a filled swatch; both: a swatch with a stroke through it. */
  symbol: 'line' | 'band';
  color: string;
  dash?: readonly number[];
  opacity?: number;
  marker?: 'circle' | 'diamond' | 'square';
}

/**
 * The legend, drawn below the plot as marks in pixels, one entry a line: every line, band, column
 * and marker the chart draws has its entry, in drawing order.
 */
function legendLayers(entries: LegendEntry[], top: number): Layer[] {
  const layers: Layer[] = [];
  let y = top - (FONT_SIZE + 6);
  entries.forEach((e) => {
    y += FONT_SIZE + 6;
    const lines = legendLines(e);
    if (e.symbol === 'band') {
      layers.push({ data: { values: [{}] }, mark: { type: 'rect', fill: e.color, opacity: e.opacity ?? 1 }, encoding: { x: { value: 0 }, x2: { value: 24 }, y: { value: y - 6 }, y2: { value: y + 6 } } });
    } else {
      layers.push({ data: { values: [{}] }, mark: { type: 'rule', stroke: e.color, strokeWidth: 2.5, strokeDash: e.dash ?? [1, 0] }, encoding: { x: { value: 0 }, x2: { value: 24 }, y: { value: y } } });
    }
    if (e.marker) {
      const shape = e.marker === 'circle' ? 'circle' : e.marker;
      layers.push({ data: { values: [{}] }, mark: { type: 'point', shape, filled: true, size: 36, color: e.color, opacity: 1 }, encoding: { x: { value: 12 }, y: { value: y } } });
    }
    lines.forEach((line, k) => {
      layers.push({ data: { values: [{}] }, mark: { type: 'text', text: line, fontSize: FONT_SIZE, fill: '#222222', align: 'left', baseline: 'middle' }, encoding: { x: { value: 32 }, y: { value: y + k * (FONT_SIZE + 3) } } });
    });
    y += (lines.length - 1) * (FONT_SIZE + 3);
  });
  return layers;
}

/** A label drawn where placeLabel put it, on a white halo so that grid lines under it do not cut it. */
function labelLayers(l: PlacedLabel, color: string, bold = true): Layer[] {
  const mark = { type: 'text', text: l.text, fontSize: FONT_SIZE, fontWeight: bold ? 'bold' : 'normal', align: l.align, baseline: l.baseline };
  const at = { x: { value: l.x }, y: { value: l.y } };
  return [
    { data: { values: [{}] }, mark: { ...mark, fill: '#ffffff', stroke: '#ffffff', strokeWidth: 3 }, encoding: at },
    { data: { values: [{}] }, mark: { ...mark, fill: color }, encoding: at },
  ];
}

/** The Vega-Lite spec of one claim's chart. Pure. */
export function buildChartSpec(d: ChartData): TopLevelSpec {
  if (d.level) return levelSpec(d, d.level);
  if (d.message && d.observed.length === 0) return messageSpec(d);
  return seriesSpec(d);
}

function seriesSpec(d: ChartData): TopLevelSpec {
  const [x0, x1] = [ms(d.xDomain[0]), ms(d.xDomain[1])];
  const [y0, y1] = d.yDomain;
  // The plot's own pixels, as Vega will map them (linear scales, no "nice" rounding of the domains).
  const px = (x: number) => (WIDTH * (ms(x) - x0)) / (x1 - x0);
  const py = (y: number) => HEIGHT * (1 - (y - y0) / (y1 - y0));
  const large = Math.abs(y1 - y0) >= 20;
  const x = {
    field: 'x',
    type: 'temporal',
    scale: { type: 'utc', domain: [x0, x1] },
    axis: {
      title: null,
      format: AXIS_FORMAT[d.granularity ?? 'year'],
      labelOverlap: true,
      labelFlush: true,
      ...(d.xTicks.length ? { values: d.xTicks.map(ms) } : {}),
      ...(d.granularity === 'quarter' ? { labelExpr: "utcFormat(datum.value, '%Y') + '-Q' + (floor(utcmonth(datum.value) / 3) + 1)" } : {}),
    },
  };
  const y = { field: 'y', type: 'quantitative', scale: { domain: d.yDomain, nice: false, zero: false }, axis: { title: d.yTitle, titleLimit: HEIGHT + 60, format: large ? ',.0f' : ',.2~f', tickCount: 5, grid: true, gridColor: '#eeeeee', labelOverlap: true } };
  const bands: Layer[] = [];
  const lines: Layer[] = [];
  const segments: Segment[] = [];
  const taken: Box[] = [];
  const legend: LegendEntry[] = [];

  if (d.observed.length) {
    legend.push({ label: d.intervalKind ? 'observed (whiskers: 95% interval)' : 'observed', symbol: 'line', marker: 'circle', ...CHART_STYLE.observed });
  }
  const c = d.claimed;
  if (c?.type === 'change') {
    const band = [
      { x: ms(c.from.x), y: c.from.value, y2: c.from.value },
      { x: ms(c.to.x), y: c.to.low, y2: c.to.high },
    ];
    if (c.to.low !== c.to.high) bands.push({ data: { values: band }, mark: { type: 'area', color: CHART_STYLE.claimed.color, opacity: 0.2, clip: true }, encoding: { x, y, y2: { field: 'y2' } } });
    const edges = [
      { x: ms(c.from.x), y: c.from.value, edge: 'low' },
      { x: ms(c.to.x), y: c.to.low, edge: 'low' },
      { x: ms(c.from.x), y: c.from.value, edge: 'high' },
      { x: ms(c.to.x), y: c.to.high, edge: 'high' },
    ];
    lines.push({ data: { values: edges }, mark: { type: 'line', color: CHART_STYLE.claimed.color, strokeWidth: 2.75, clip: true }, encoding: { x, y, detail: { field: 'edge' } } });
    const ends = [c.to.low, ...(c.to.high !== c.to.low ? [c.to.high] : [])];
    lines.push({ data: { values: ends.map((v) => ({ x: ms(c.to.x), y: v })) }, mark: { type: 'point', shape: 'diamond', filled: true, size: 70, color: CHART_STYLE.claimed.color, opacity: 1, clip: true }, encoding: { x, y } });
    for (const v of new Set([c.to.low, c.to.high])) segments.push({ x0: px(c.from.x), y0: py(c.from.value), x1: px(c.to.x), y1: py(v) });
    for (const v of ends) taken.push({ x0: px(c.to.x) - 6, y0: py(v) - 6, x1: px(c.to.x) + 6, y1: py(v) + 6 });
    legend.push({ label: `claimed ${c.text}`, symbol: 'line', marker: 'diamond', ...CHART_STYLE.claimed });
    if (c.to.low !== c.to.high) legend.push({ label: 'claimed range', symbol: 'band', color: CHART_STYLE.claimed.color, opacity: 0.2 });
  }
  if (d.counterfactual) {
    const banded = d.counterfactual.points.filter((p) => p.low !== undefined);
    const lastFitted = [...d.counterfactual.points].reverse().find((p) => p.low === undefined);
    const bandValues = [...(lastFitted ? [{ x: ms(lastFitted.x), y: lastFitted.value, y2: lastFitted.value }] : []), ...banded.map((p) => ({ x: ms(p.x), y: p.low, y2: p.high }))];
    bands.unshift({ data: { values: bandValues }, mark: { type: 'area', color: CHART_STYLE.trend.color, opacity: 0.13, clip: true }, encoding: { x, y, y2: { field: 'y2' } } });
    const values = d.counterfactual.points.map((p) => ({ x: ms(p.x), y: p.value }));
    lines.unshift({ data: { values }, mark: { type: 'line', color: CHART_STYLE.trend.color, strokeDash: CHART_STYLE.trend.dash, strokeWidth: 2, clip: true }, encoding: { x, y } });
    segments.push(...polyline(d.counterfactual.points.map((p) => [px(p.x), py(p.value)])));
    // A prediction interval wider than the chart is cut at its edges: the legend says how wide it really is.
    const p = d.counterfactual.projection;
    const beyond = p.low! < y0 || p.high! > y1 ? [`${p.period}: ${valueText(p.low!)} to ${valueText(p.high!)}, beyond the chart`] : [];
    legend.push({ label: 'trend before baseline, continued', symbol: 'line', ...CHART_STYLE.trend });
    legend.push({ label: ['trend 95% prediction interval', ...beyond], symbol: 'band', color: CHART_STYLE.trend.color, opacity: 0.13 });
  }
  if (d.comparison) {
    const values = d.comparison.points.map((p) => ({ x: ms(p.x), y: p.value }));
    lines.push({ data: { values }, mark: { type: 'line', color: CHART_STYLE.comparison.color, strokeDash: CHART_STYLE.comparison.dash, strokeWidth: 2, clip: true }, encoding: { x, y } });
    lines.push({ data: { values }, mark: { type: 'point', shape: 'square', filled: true, size: 28, color: CHART_STYLE.comparison.color, opacity: 1, clip: true }, encoding: { x, y } });
    segments.push(...polyline(d.comparison.points.map((p) => [px(p.x), py(p.value)])));
    for (const p of d.comparison.points) taken.push({ x0: px(p.x) - 4, y0: py(p.value) - 4, x1: px(p.x) + 4, y1: py(p.value) + 4 });
    legend.push({ label: `comparison: ${d.comparison.area} (scaled)`, symbol: 'line', marker: 'square', ...CHART_STYLE.comparison });
  }
  const labels: Layer[] = [];
  if (d.observed.length) {
    const values = d.observed.map((p) => ({ x: ms(p.x), y: p.value, lo: p.low ?? p.value, hi: p.high ?? p.value }));
    if (d.intervalKind) {
      lines.push({ data: { values }, mark: { type: 'rule', color: CHART_STYLE.observed.color, strokeWidth: 1.5, clip: true }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' } } });
      for (const p of d.observed) if (p.low !== undefined) segments.push({ x0: px(p.x), y0: py(p.low), x1: px(p.x), y1: py(p.high!) });
    }
    lines.push({ data: { values }, mark: { type: 'line', color: CHART_STYLE.observed.color, strokeWidth: 2.25, clip: true }, encoding: { x, y } });
    lines.push({ data: { values }, mark: { type: 'point', shape: 'circle', filled: true, size: 40, color: CHART_STYLE.observed.color, opacity: 1, clip: true }, encoding: { x, y } });
    segments.push(...polyline(d.observed.map((p) => [px(p.x), py(p.value)])));
    for (const p of d.observed) taken.push({ x0: px(p.x) - 4, y0: py(p.value) - 4, x1: px(p.x) + 4, y1: py(p.value) + 4 });
    const labelled = d.observed.filter((p) => p.period === d.baseline?.label || p.period === d.target?.label || d.observed.length <= 2);
    const plot = { x0: 0, y0: 0, x1: WIDTH, y1: HEIGHT };
    // The target's label first: it is the number the claim is about.
    for (const p of [...labelled].sort((a, b) => Number(b.period === d.target?.label) - Number(a.period === d.target?.label))) {
      labels.push(...labelLayers(placeLabel(valueText(p.value), FONT_SIZE, px(p.x), py(p.value), segments, taken, plot), CHART_STYLE.observed.color));
    }
  }

  // The baseline and target columns, drawn over the bands (half transparent) so a band never hides them,
  // labelled above the plot, where no line runs; a second row when the two labels would touch.
  const columns: Layer[] = [];
  let highest = 0;
  const spans = [d.baseline && { ...d.baseline, kind: 'baseline' as const }, d.target && { ...d.target, kind: 'target' as const }].filter((s): s is NonNullable<typeof s> => Boolean(s));
  if (spans.length) {
    const values = spans.map((s) => ({ x: ms(s.start), x2: ms(s.end), kind: s.kind }));
    columns.push({
      data: { values },
      mark: { type: 'rect', clip: true, opacity: 0.7 },
      encoding: { x: { field: 'x', type: 'temporal' }, x2: { field: 'x2' }, fill: { field: 'kind', type: 'nominal', scale: { domain: ['baseline', 'target'], range: [CHART_STYLE.baseline, CHART_STYLE.target] }, legend: null } },
    });
    const heads: Box[] = [];
    for (const s of spans) {
      const text = `${s.kind} ${s.label}`;
      const { width } = textBox(text, FONT_SIZE);
      const centre = Math.min(Math.max((px(s.start) + px(s.end)) / 2, width / 2), WIDTH - width / 2);
      let yAt = -4;
      const box = () => ({ x0: centre - width / 2 - 3, y0: yAt - FONT_SIZE * 1.25, x1: centre + width / 2 + 3, y1: yAt });
      while (heads.some((h) => boxesOverlap(h, box()))) yAt -= FONT_SIZE + 3;
      heads.push(box());
      highest = Math.min(highest, yAt - FONT_SIZE * 1.25);
      labels.push({ data: { values: [{}] }, mark: { type: 'text', text, fontSize: FONT_SIZE, fill: '#333333', align: 'center', baseline: 'bottom' }, encoding: { x: { value: centre }, y: { value: yAt } } });
    }
    legend.push({ label: spans.map((s) => `${s.kind} ${s.label}`).join(', ').replace(/^./, (ch) => ch.toUpperCase()) + (spans.length > 1 ? ': grey columns' : ': grey column'), symbol: 'band', color: CHART_STYLE.target });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height: HEIGHT,
    title: titleOf(d),
    // Bands, then the period columns over them, then lines and points, then labels and the legend.
    layer: [...bands, ...columns, ...lines, ...labels, ...legendLayers(legend, HEIGHT + 38)],
    ...frame(axisRoom(d.yDomain, true), titleHeight(d) - highest + 4, 38 + legendHeight(legend)),
    config: baseConfig(),
  } as unknown as TopLevelSpec;
}

/**
 * A level claim ("8,000 cameras in 2018"): one row per period, the claim's target last; the reading a
 * dot (with its 95% interval where it is a count), the claim a line (one value), a band (a range) or
 * a band to the edge (a bound) in the target's row. The value axis starts at zero unless a value is
 * negative, and the title says so when it does not.
 */
function levelSpec(d: ChartData, level: NonNullable<ChartData['level']>): TopLevelSpec {
  const [v0, v1] = d.yDomain;
  const height = level.rows.length * ROW;
  const px = (v: number) => (WIDTH * (v - v0)) / (v1 - v0);
  const rowY = (i: number) => i * ROW + ROW / 2;
  const x = { field: 'v', type: 'quantitative', scale: { domain: d.yDomain, nice: false, zero: false }, axis: { title: d.yTitle, titleLimit: 0, format: Math.abs(v1 - v0) >= 20 ? ',.0f' : ',.2~f', tickCount: 5, grid: true, gridColor: '#eeeeee', labelOverlap: true, labelFlush: true } };
  const yPx = { field: 'py', type: 'quantitative', scale: null };
  const layers: Layer[] = [];
  const segments: Segment[] = [];
  const taken: Box[] = [];
  const legend: LegendEntry[] = [];
  const targetRow = level.rows.findIndex((r) => r.target);
  const c = level.claimed;
  if (targetRow >= 0) {
    const cy = rowY(targetRow);
    const lo = c.low ?? v0;
    const hi = c.high ?? v1;
    if (lo !== hi) {
      layers.push({ data: { values: [{ v: lo, v2: hi, py: cy - 9, py2: cy + 9 }] }, mark: { type: 'rect', color: CHART_STYLE.claimed.color, opacity: 0.22, clip: true }, encoding: { x, x2: { field: 'v2' }, y: yPx, y2: { field: 'py2' } } });
      legend.push({ label: `claimed ${c.text}${c.low === null || c.high === null ? ' (the band runs on past the axis)' : ''}`, symbol: 'band', color: CHART_STYLE.claimed.color, opacity: 0.22 });
    }
    const edges = [c.low, c.high].filter((v, i, a): v is number => v !== null && a.indexOf(v) === i);
    layers.push({ data: { values: edges.map((v) => ({ v, py: cy - 11, py2: cy + 11 })) }, mark: { type: 'rule', color: CHART_STYLE.claimed.color, strokeWidth: 2.75, clip: true }, encoding: { x, y: yPx, y2: { field: 'py2' } } });
    for (const v of edges) segments.push({ x0: px(v), y0: cy - 11, x1: px(v), y1: cy + 11 });
    if (lo === hi) legend.push({ label: `claimed ${c.text}`, symbol: 'line', ...CHART_STYLE.claimed });
    else legend.push({ label: 'the claimed bound', symbol: 'line', ...CHART_STYLE.claimed });
  }
  const read = level.rows.map((r, i) => ({ ...r, py: rowY(i) })).filter((r) => r.value !== undefined);
  const withInterval = read.filter((r) => r.low !== undefined);
  if (withInterval.length) {
    layers.push({ data: { values: withInterval.map((r) => ({ v: r.low, v2: r.high, py: r.py, color: r.target ? CHART_STYLE.observed.color : CHART_STYLE.context })) }, mark: { type: 'rule', strokeWidth: 1.5, clip: true }, encoding: { x, x2: { field: 'v2' }, y: yPx, color: { field: 'color', type: 'nominal', scale: null } } });
    for (const r of withInterval) segments.push({ x0: px(r.low!), y0: r.py, x1: px(r.high!), y1: r.py });
  }
  layers.push({ data: { values: read.map((r) => ({ v: r.value, py: r.py, color: r.target ? CHART_STYLE.observed.color : CHART_STYLE.context })) }, mark: { type: 'point', shape: 'circle', filled: true, size: 50, opacity: 1, clip: true }, encoding: { x, y: yPx, color: { field: 'color', type: 'nominal', scale: null } } });
  for (const r of read) taken.push({ x0: px(r.value!) - 5, y0: r.py - 5, x1: px(r.value!) + 5, y1: r.py + 5 });
  const used = level.rows[targetRow];
  const observedLabel = [
    `observed${used?.reading ? `: the reading of ${used.reading}` : ''}${withInterval.length ? ' (whiskers: 95% interval)' : ''}`,
    ...(read.length > 1 || (read.length === 1 && !read[0]!.target) ? ['earlier readings in grey'] : []),
  ];
  legend.unshift({ label: observedLabel, symbol: 'line', marker: 'circle', color: CHART_STYLE.observed.color, dash: [1, 0] });
  const plot = { x0: 0, y0: 0, x1: WIDTH, y1: height };
  // The target's reading first, then the others, then the claim's label: each clear of the rest.
  for (const r of [...read].sort((a, b) => Number(b.target) - Number(a.target))) {
    layers.push(...labelLayers(placeLabel(valueText(r.value!), FONT_SIZE, px(r.value!), r.py, segments, taken, plot), r.target ? CHART_STYLE.observed.color : '#555555', r.target));
  }
  if (targetRow >= 0 && level.rows[targetRow]!.value === undefined) {
    layers.push(...labelLayers(placeLabel(`no reading for ${level.rows[targetRow]!.period}`, FONT_SIZE, WIDTH / 2, rowY(targetRow), segments, taken, plot), '#555555', false));
  }
  // The period of each row, left of the plot, at its granularity.
  layers.push({ data: { values: level.rows.map((r, i) => ({ py: rowY(i), label: r.period })) }, mark: { type: 'text', align: 'right', baseline: 'middle', dx: -6, fontSize: FONT_SIZE, fill: '#222222' }, encoding: { x: { value: 0 }, y: yPx, text: { field: 'label' } } });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height,
    title: titleOf(d),
    layer: [...layers, ...legendLayers(legend, height + 56)],
    ...frame(Math.ceil(Math.max(...level.rows.map((r) => r.period.length)) * FONT_SIZE * 0.58) + 30, titleHeight(d) + 4, 56 + legendHeight(legend)),
    config: baseConfig(),
  } as unknown as TopLevelSpec;
}

function escapeXml(text: string): string {
  return visible(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A path that draws nothing: no outline, or Vega's empty rectangle. */
const EMPTY_PATH = /\sd="(?:M0,0h0v0h0Z)?"/;
/** Within a tag: attributes a static picture does not need, and numbers finer than a hundredth. */
const TAG_NOISE = /\s(?:class|aria-hidden|aria-label|aria-roledescription|role|pointer-events)="[^"]*"|\s(?:opacity="1"|transform="translate\(0,0\)")|-?\d+\.\d{3,}(?:e-?\d+)?/g;

/**
 * Leave out what a static picture does not need (roughly halves the size, which matters for an HTML
 * report of a thousand charts): interaction and accessibility-tree hints on marks the <title> and
 * <desc> already describe, class names (which could clash with a page's CSS), empty paths, and
 * coordinates finer than a hundredth of a pixel. Only inside tags: text is never touched.
 */
export function compactSvg(svg: string): string {
  // One pass over the tags (a report of a thousand charts has some 300,000 of them), one pattern
  // for what a tag loses; closing tags have nothing to lose.
  let out = svg.replace(/<[^>]+>/g, (tag) => {
    if (tag.charCodeAt(1) === 47 /* / */) return tag;
    if (tag.startsWith('<path') && tag.endsWith('/>') && EMPTY_PATH.test(tag)) return '';
    return tag.replace(TAG_NOISE, (m) => (m.charCodeAt(0) === 45 /* - */ || (m.charCodeAt(0) >= 48 && m.charCodeAt(0) <= 57) ? String(Math.round(Number(m) * 100) / 100) : ''));
  });
  // One font for every text: say it once, on the <svg> element (font-family is inherited).
  const fonts = new Set([...out.matchAll(/\sfont-family="([^"]*)"/g)].map((m) => m[1]));
  if (fonts.size === 1) {
    const font = [...fonts][0]!;
    out = out.replace(/\sfont-family="[^"]*"/g, '').replace(/^<svg\b/, `<svg font-family="${font}"`);
  }
  // Vega gives every clipped mark its own clip path, mostly the same rectangle: keep one of each.
  const first = new Map<string, string>();
  const alias = new Map<string, string>();
  out = out.replace(/<clipPath id="([^"]+)">([\s\S]*?)<\/clipPath>/g, (m, id: string, inner: string) => {
    const kept = first.get(inner);
    if (kept === undefined) {
      first.set(inner, id);
      return m;
    }
    alias.set(id, kept);
    return '';
  });
  if (alias.size) out = out.replace(/url\(#([^)]+)\)/g, (m, id: string) => (alias.has(id) ? `url(#${alias.get(id)})` : m));
  return out;
}

/**
 * Vega numbers its clip paths and gradients from a counter that lives as long as the process: make
 * the ids depend on the chart alone (byte-identical output, and unique ids when many SVGs share one
 * HTML page), and give the SVG its title and description.
 */
export function finishSvg(svg: string, d: ChartData): string {
  svg = compactSvg(svg);
  const prefix = `cc-${d.fileName}`;
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `${prefix}-${ids.size + 1}`);
  let out = svg.replace(/(\sid=")([^"]+)(")|(url\(#)([^)]+)(\))|((?:xlink:)?href="#)([^"]+)(")/g, (m, a, id1, c, d1, id2, f, g1, id3, i) => {
    if (a) return `${a}${ids.get(id1) ?? id1}${c}`;
    if (d1) return `${d1}${ids.get(id2) ?? id2}${f}`;
    return `${g1}${ids.get(id3) ?? id3}${i}`;
  });
  const open = out.indexOf('>', out.indexOf('<svg'));
  if (open < 0) throw new Error('the chart renderer returned no <svg> element');
  const head = out.slice(0, open).replace(/\sclass="marks"/, '');
  out = `${head} role="img" aria-labelledby="${prefix}-title ${prefix}-desc"><title id="${prefix}-title">${escapeXml(d.title)}</title><desc id="${prefix}-desc">${escapeXml(d.description)}</desc>${out.slice(open + 1)}`;
  return out.endsWith('\n') ? out : `${out}\n`;
}

/**
 * Vega and Vega-Lite report problems through a logger; a chart with a problem is a bug, never a
 * silent half-chart. (Vega calls the methods detached from the object: closures, not `this`.)
 */
interface CollectingLogger {
  problems: string[];
  level: (l?: number) => unknown;
  error: (...args: unknown[]) => unknown;
  warn: (...args: unknown[]) => unknown;
  info: () => unknown;
  debug: () => unknown;
}

function collectingLogger(): CollectingLogger {
  const problems: string[] = [];
  let level = 0;
  const logger: CollectingLogger = {
    problems,
    level: (l?: number) => {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error: (...args) => (problems.push(args.map(String).join(' ')), logger),
    warn: (...args) => (problems.push(args.map(String).join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** A node of Vega's scenegraph: a mark (with a marktype and a role) or one of its items. */
interface SceneNode {
  marktype?: string;
  role?: string;
  datum?: object;
  items?: SceneNode[];
  orient?: string;
  auto?: boolean;
  x?: number;
  y?: number;
  bounds?: { clear(): unknown };
  mark?: { marktype: string };
}

interface VegaModule {
  parse: (spec: unknown) => unknown;
  View: new (runtime: unknown, options: { renderer: 'none'; logger: CollectingLogger; logLevel: number }) => {
    toSVG(): Promise<string>;
    finalize(): void;
    signal(name: string, value: unknown): unknown;
    data(name: string, values: unknown[]): unknown;
    resize(): unknown;
    touch(op: object): unknown;
    runAsync(): Promise<unknown>;
    scenegraph(): { root: SceneNode };
  };
  tupleid: (datum: object) => number | undefined;
  transforms: { bound: new () => object };
  Marks: Record<string, { bound: (bounds: unknown, item: SceneNode) => unknown }>;
  textMetrics?: { canvas?: (use: boolean) => void };
  Warn: number;
}

type Compile = (spec: TopLevelSpec, logger: CollectingLogger) => { spec: unknown };
let engine: Promise<{ vega: VegaModule; compile: Compile }> | undefined;

/** Load Vega and Vega-Lite (once): a worker thread starts this before it has charts to draw. */
export function loadChartEngine(): Promise<unknown> {
  return loadEngine();
}

function loadEngine() {
  engine ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => {
    const v = vega as unknown as VegaModule;
    // Estimate text widths instead of measuring them with node-canvas, should it be installed: the
    // same SVG on every machine.
    v.textMetrics?.canvas?.(false);
    const compile: Compile = (spec, logger) => vl.compile(spec, { logger: logger as never });
    return { vega: v, compile };
  });
  return engine;
}

/** Draw a compiled Vega spec once, the direct way: parse, build a view, render. */
async function drawVega(vega: VegaModule, vegaSpec: unknown, id: string): Promise<string> {
  const logger = collectingLogger();
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none', logger, logLevel: vega.Warn });
  try {
    const svg = await view.toSVG();
    if (logger.problems.length) throw new Error(`the chart of ${id} could not be drawn: ${logger.problems.join('; ')}`);
    return svg;
  } finally {
    view.finalize();
  }
}

/**
 * One chart as a standalone SVG document, with a title and a description: its spec compiled and
 * drawn on its own. The reference for renderCharts, which draws charts of one shape through one view.
 */
export async function renderChartSvg(d: ChartData): Promise<string> {
  const { vega, compile } = await loadEngine();
  const logger = collectingLogger();
  const compiled = compile(buildChartSpec(d), logger);
  if (logger.problems.length) throw new Error(`the chart of ${d.id} could not be drawn: ${logger.problems.join('; ')}`);
  return finishSvg(await drawVega(vega, compiled.spec, d.id), d);
}

/** One Vega view for every chart of one shape: set its signals, replace its data, render. */
class ShapeView {
  private readonly logger = collectingLogger();
  private readonly view: InstanceType<VegaModule['View']>;
  private readonly tupleid: VegaModule['tupleid'];
  private readonly boundItem: (bounds: unknown, item: SceneNode) => unknown;
  private readonly boundOperator: new () => object;
  private groupBoundOps: object[] | undefined;
  /** The data set each placeholder holds now, by its contents (SplitSpec.datasetIds). */
  private readonly drawnData = new Map<number, string>();

  constructor(
    vega: VegaModule,
    private readonly program: ShapeProgram,
  ) {
    this.tupleid = vega.tupleid;
    this.boundOperator = vega.transforms.bound;
    this.boundItem = (bounds, item) => vega.Marks[item.mark!.marktype]!.bound(bounds, item);
    this.view = new vega.View(vega.parse(program.vegaSpec), { renderer: 'none', logger: this.logger, logLevel: vega.Warn });
  }

  async draw(split: SplitSpec, d: ChartData): Promise<string> {
    this.logger.problems.length = 0;
    for (const [name, value] of signalValues(this.program, split.params)) this.view.signal(name, value);
    for (const [index, names] of this.program.data) {
      // A data set equal to the previous chart's stays: its marks change only where a signal does,
      // as they would have been drawn anew (most labels and legend entries of a shape are one empty row).
      const id = split.datasetIds[index]!;
      if (this.drawnData.get(index) === id) continue;
      this.drawnData.set(index, id);
      // Vega marks the rows it is given (tuple ids, parsed dates): each source gets rows of its own.
      names.forEach((name, i) => this.view.data(name, i === 0 ? split.datasets[index]! : structuredClone(split.datasets[index]!)));
    }
    this.forgetLayout(this.view.scenegraph().root, undefined);
    // Autosize is worked out again for every chart (by default Vega does it once per view), and
    // twice: a new view always lays out twice (its first size never fits), and the second layout
    // sees bounds the first one changed (a legend's entries, placed by the first).
    await this.view.runAsync();
    // Bounds of groups (a legend's entries) are worked out again from what they hold now, as in a
    // new view, where every group is new: a group whose contents only moved keeps stale bounds.
    for (const op of this.groupBounds()) this.view.touch(op);
    this.view.resize();
    await this.view.runAsync();
    this.freshOrder(this.view.scenegraph().root);
    const svg = await this.view.toSVG();
    if (this.logger.problems.length) throw new Error(`the chart of ${d.id} could not be drawn: ${this.logger.problems.join('; ')}`);
    // Unfinished (finishSvg not yet applied): the pool finishes charts on another thread than the one drawing them.
    return svg;
  }

  /**
   * Axis and legend items are matched to their values by key, so a tick the previous chart also had
   * keeps its old place in the list, and the SVG's element order would depend on the charts drawn
   * before. A fresh view lists them in the order their values were made: put them back in that order.
   * (Which labels overlap is decided by tick index, not by this order, so nothing else changes.)
   */
  private freshOrder(node: SceneNode): void {
    const items = node.items;
    if (!items) return;
    if (node.marktype && /^(axis|legend)-/.test(node.role ?? '')) {
      const ids = items.map((i) => (i.datum ? this.tupleid(i.datum) : undefined));
      if (ids.every((id) => typeof id === 'number')) {
        const order = items.map((item, k) => ({ item, id: ids[k]! }));
        order.sort((a, b) => a.id - b.id);
        order.forEach((o, k) => (items[k] = o.item));
      }
    }
    for (const item of items) this.freshOrder(item);
  }

  /** The operators that bound group marks (found once the view has run, when they know their mark). */
  private groupBounds(): object[] {
    if (!this.groupBoundOps) {
      const nodes = (this.view as unknown as { _runtime: { nodes: Record<string, { _argval?: { mark?: { marktype?: string } } }> } })._runtime.nodes;
      this.groupBoundOps = Object.values(nodes).filter((op) => op instanceof this.boundOperator && op._argval?.mark?.marktype === 'group');
    }
    return this.groupBoundOps;
  }

  /**
   * Vega's layout moves guide items from where they are, so where the previous chart left them
   * would leak into this one (as rounding in the last bit of a bound, enough to shift a chart by a
   * pixel). Put each item the layout places back where a new view starts it, bounded there.
   */
  private forgetLayout(node: SceneNode, axisOrient: string | undefined): void {
    for (const item of node.items ?? []) {
      const orient = node.role === 'axis' ? item.orient : axisOrient;
      if (node.role === 'axis-title' && item.auto) {
        if (orient === 'left' || orient === 'right') item.x = undefined;
        else item.y = undefined;
        if (item.bounds) this.boundItem(item.bounds.clear(), item);
      }
      this.forgetLayout(item, orient);
    }
  }

  finalize(): void {
    this.view.finalize();
  }
}

/** What a drawer knows of a shape: its first chart until a second comes, then its view (or that it has none). */
type ShapeState =
  | { state: 'seen'; chart: ChartData; split: SplitSpec; svg: string }
  | { state: 'shared'; view: ShapeView | undefined; program: ShapeProgram }
  | { state: 'direct' };

/** A chart as drawn, before or after finishSvg (ChartDrawer.drawUnfinished). */
export interface DrawnChart {
  svg: string;
  finished: boolean;
}

/** Views kept at once: a report's charts come in a few shapes, and a view holds a whole dataflow. */
const LIVE_VIEWS = 16;

/**
 * Draws charts one at a time on this thread, charts of one shape (chart-template.ts) through one
 * compiled spec and one Vega view. The first chart of a shape is drawn the direct way; when a second
 * comes, the shape is compiled and its view draws the first chart again, and is used only if the two
 * SVGs are byte-identical (a shape that cannot be turned into signals, or whose view differs, is
 * drawn the direct way). So a shape seen once is never compiled, and charts may come in any order
 * (a worker thread gets them in batches): output never depends on the order.
 */
export class ChartDrawer {
  private readonly shapes = new Map<string, ShapeState>();
  /** Shapes with a live view, least recently used first. */
  private readonly live: string[] = [];

  constructor(private readonly stats?: ChartDrawStats) {}

  /** A chart as an SVG document. */
  async draw(d: ChartData, split: SplitSpec = splitChart(d)): Promise<string> {
    const drawn = await this.drawUnfinished(d, split);
    return drawn.finished ? drawn.svg : finishSvg(drawn.svg, d);
  }

  /**
   * A chart as Vega drew it: `finished` when finishSvg has been applied already (a chart drawn the
   * direct way), otherwise the caller applies it. Lets a worker thread draw while another finishes.
   */
  async drawUnfinished(d: ChartData, split: SplitSpec = splitChart(d)): Promise<DrawnChart> {
    const { vega, compile } = await loadEngine();
    const known = this.shapes.get(split.key);
    if (!known) {
      const svg = await renderChartSvg(d);
      this.shapes.set(split.key, { state: 'seen', chart: d, split, svg });
      if (this.stats) {
        this.stats.shapes++;
        this.stats.direct++;
      }
      return { svg, finished: true };
    }
    if (known.state === 'direct') {
      if (this.stats) this.stats.direct++;
      return { svg: await renderChartSvg(d), finished: true };
    }
    if (known.state === 'seen') {
      const logger = collectingLogger();
      const compiled = compile(known.split.shape as TopLevelSpec, logger);
      const program = logger.problems.length ? undefined : programOf(compiled.spec, known.split);
      const view = program && this.open(split.key, vega, program);
      this.shapes.set(split.key, { state: 'shared', view, program: program! });
      if (!view || finishSvg(await view.draw(known.split, known.chart), known.chart) !== known.svg) {
        this.close(split.key);
        this.shapes.set(split.key, { state: 'direct' });
        return this.drawUnfinished(d, split);
      }
    }
    const shared = this.shapes.get(split.key) as Extract<ShapeState, { state: 'shared' }>;
    // A view closed to make room for others: a new one of the same program draws as the first did.
    shared.view ??= this.open(split.key, vega, shared.program);
    this.touch(split.key);
    if (this.stats) this.stats.shared++;
    return { svg: await shared.view.draw(split, d), finished: false };
  }

  private open(key: string, vega: VegaModule, program: ShapeProgram): ShapeView {
    while (this.live.length >= LIVE_VIEWS) this.close(this.live[0]!);
    this.live.push(key);
    return new ShapeView(vega, program);
  }

  private touch(key: string): void {
    const i = this.live.indexOf(key);
    if (i >= 0 && i < this.live.length - 1) this.live.push(...this.live.splice(i, 1));
  }

  private close(key: string): void {
    const i = this.live.indexOf(key);
    if (i >= 0) this.live.splice(i, 1);
    const state = this.shapes.get(key);
    if (state?.state === 'shared' && state.view) {
      state.view.finalize();
      state.view = undefined;
    }
  }

  /** Let go of every view. */
  finalize(): void {
    for (const key of [...this.live]) this.close(key);
  }
}

/**
 * Draw many charts on this thread (see ChartDrawer), a shape's charts one after another. Output is
 * in the order of `charts`. (renderCharts in chart-pool.ts shares the charts out among threads.)
 */
export async function renderChartSvgsHere(charts: ChartData[], splits: SplitSpec[] = charts.map(splitChart), stats?: ChartDrawStats): Promise<string[]> {
  const byShape = new Map<string, number[]>();
  splits.forEach((s, i) => byShape.set(s.key, [...(byShape.get(s.key) ?? []), i]));
  const drawer = new ChartDrawer(stats);
  const out: string[] = new Array(charts.length);
  try {
    for (const members of byShape.values()) for (const i of members) out[i] = await drawer.draw(charts[i]!, splits[i]!);
  } finally {
    drawer.finalize();
  }
  return out;
}

/** How a run of charts was drawn (for the tests and the benchmark): shapes met, charts drawn through a shared view, charts drawn the direct way. */
export interface ChartDrawStats {
  shapes: number;
  shared: number;
  direct: number;
}

/** A chart's spec split into its shape and its values (chart-template.ts). */
export function splitChart(d: ChartData): SplitSpec {
  return splitSpec(buildChartSpec(d));
}
