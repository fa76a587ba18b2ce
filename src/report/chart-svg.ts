// A claim's chart as SVG: ChartData (chart-data.ts) → a Vega-Lite spec → Vega's SVG renderer, in
// Node, without a browser or canvas. The spec is built by a pure function; rendering is async
// because Vega's headless renderer is. Vega is imported only when a chart is drawn, so the
// terminal and JSON reports never load it.
import type { TopLevelSpec } from 'vega-lite';
import { formatNumber } from '../format.js';
import type { Verdict } from '../types.js';
import type { AuditResult } from '../types.js';
import { buildChartData, type ChartData } from './chart-data.js';

const DAY_MS = 86_400_000;
const WIDTH = 560;
const HEIGHT = 220;

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
  baseline: '#ececec',
  target: '#d6d6d6',
} as const;

/** Badge colours by verdict; the verdict is always written on the badge, so colour is never the only signal. */
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

const LEGEND = { title: null, orient: 'bottom', direction: 'vertical', columns: 2, columnPadding: 24, labelLimit: 0, symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolSize: 300 };

const ms = (day: number) => Math.round(day * DAY_MS);

/** The verdict badge, top right above the plot: a filled rectangle with the verdict written on it. */
function badgeLayers(d: ChartData): Layer[] {
  const text = d.verdictText;
  const w = Math.round(text.length * 7.4 + 16);
  return [
    {
      data: { values: [{}] },
      mark: { type: 'rect', fill: VERDICT_COLOURS[d.verdict], cornerRadius: 3 },
      encoding: { x: { value: WIDTH - w }, x2: { value: WIDTH }, y: { value: -30 }, y2: { value: -8 } },
    },
    {
      data: { values: [{}] },
      mark: { type: 'text', text, fill: '#ffffff', fontSize: 12.5, fontWeight: 'bold', align: 'center', baseline: 'middle' },
      encoding: { x: { value: WIDTH - w / 2 }, y: { value: -19 } },
    },
  ];
}

function titleOf(d: ChartData) {
  return { text: d.id, subtitle: d.subtitle, anchor: 'start', fontSize: 14, subtitleFontSize: 11.5, subtitleColor: '#333333', offset: 12 };
}

/** A chart with nothing to draw: the title, the badge and why. */
function messageSpec(d: ChartData): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height: 60,
    title: titleOf(d),
    layer: [
      {
        data: { values: [{}] },
        mark: { type: 'text', text: d.message ?? 'Nothing to draw', fontSize: 13, fill: '#333333', align: 'left', baseline: 'middle' },
        encoding: { x: { value: 0 }, y: { value: 30 } },
      },
      ...badgeLayers(d),
    ],
    config: baseConfig(),
  } as unknown as TopLevelSpec;
}

function baseConfig() {
  return { font: FONT, aria: false, background: '#ffffff', view: { stroke: '#bdbdbd' }, axis: { labelFontSize: 11, titleFontSize: 11.5, grid: false, labelColor: '#222222', titleColor: '#222222' }, legend: { labelFontSize: 11.5 } };
}

/** The legend entries this chart shows, in drawing order. */
function legendEntries(d: ChartData): Array<{ key: string; color: string; dash: readonly number[] }> {
  const out: Array<{ key: string; color: string; dash: readonly number[] }> = [];
  if (d.observed.length) out.push({ key: d.intervalKind ? 'observed, 95% interval' : 'observed', ...CHART_STYLE.observed });
  if (d.claimed) out.push({ key: `claimed ${d.claimed.text}`, ...CHART_STYLE.claimed });
  if (d.counterfactual) out.push({ key: 'trend before baseline, continued', ...CHART_STYLE.trend });
  if (d.comparison) out.push({ key: `comparison: ${d.comparison.area} (scaled)`, ...CHART_STYLE.comparison });
  return out;
}

/** The Vega-Lite spec of one claim's chart. Pure. */
export function buildChartSpec(d: ChartData): TopLevelSpec {
  if (d.message && d.observed.length === 0) return messageSpec(d);
  const entries = legendEntries(d);
  const domain = entries.map((e) => e.key);
  const key = (k: string) => domain.find((x) => x.startsWith(k))!;
  const xDomain = [ms(d.xDomain[0]), ms(d.xDomain[1])];
  const large = Math.abs(d.yDomain[1] - d.yDomain[0]) >= 20;
  const x = {
    field: 'x',
    type: 'temporal',
    scale: { type: 'utc', domain: xDomain },
    axis: {
      title: null,
      format: AXIS_FORMAT[d.granularity ?? 'year'],
      labelOverlap: true,
      ...(d.xTicks.length ? { values: d.xTicks.map(ms) } : {}),
      ...(d.granularity === 'quarter' ? { labelExpr: "utcFormat(datum.value, '%Y') + '-Q' + (floor(utcmonth(datum.value) / 3) + 1)" } : {}),
    },
  };
  const y = { field: 'y', type: 'quantitative', scale: { domain: d.yDomain, nice: true, zero: false }, axis: { title: d.yTitle, format: large ? ',.0f' : ',.2~f', tickCount: 5, grid: true, gridColor: '#eeeeee' } };
  const series = {
    color: { field: 'series', type: 'nominal', scale: { domain, range: entries.map((e) => e.color) }, legend: LEGEND },
    strokeDash: { field: 'series', type: 'nominal', scale: { domain, range: entries.map((e) => e.dash) }, legend: LEGEND },
  };
  const layers: Layer[] = [];
  const spans = [d.baseline && { ...d.baseline, kind: 'baseline' }, d.target && { ...d.target, kind: 'target' }].filter(Boolean) as Array<{ label: string; start: number; end: number; kind: string }>;
  if (spans.length) {
    const values = spans.map((s) => ({ x: ms(s.start), x2: ms(s.end), kind: s.kind, label: `${s.kind} ${s.label}` }));
    layers.push({
      data: { values },
      mark: { type: 'rect', clip: true },
      encoding: {
        x: { field: 'x', type: 'temporal' },
        x2: { field: 'x2' },
        fill: { field: 'kind', type: 'nominal', scale: { domain: ['baseline', 'target'], range: [CHART_STYLE.baseline, CHART_STYLE.target] }, legend: null },
      },
    });
    // Baseline label on the first line, target label on the second: adjacent periods never overlap.
    layers.push({
      data: { values: values.map((v) => ({ ...v, y: v.kind === 'baseline' ? 3 : 16 })) },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, fontSize: 10.5, fill: '#333333' },
      encoding: { x: { field: 'x', type: 'temporal' }, y: { field: 'y', type: 'quantitative', scale: null }, text: { field: 'label' } },
    });
  }
  if (d.counterfactual) {
    const k = key('trend');
    const banded = d.counterfactual.points.filter((p) => p.low !== undefined);
    const lastFitted = [...d.counterfactual.points].reverse().find((p) => p.low === undefined);
    const bandValues = [...(lastFitted ? [{ x: ms(lastFitted.x), y: lastFitted.value, y2: lastFitted.value }] : []), ...banded.map((p) => ({ x: ms(p.x), y: p.low, y2: p.high }))];
    layers.push({ data: { values: bandValues }, mark: { type: 'area', color: CHART_STYLE.trend.color, opacity: 0.13, clip: true }, encoding: { x, y, y2: { field: 'y2' } } });
    layers.push({
      data: { values: d.counterfactual.points.map((p) => ({ x: ms(p.x), y: p.value, series: k })) },
      mark: { type: 'line', strokeWidth: 2, clip: true },
      encoding: { x, y, ...series },
    });
    // A prediction interval wider than the chart is cut at its edges: say how wide it really is.
    const p = d.counterfactual.projection;
    if (p.low! < d.yDomain[0] || p.high! > d.yDomain[1]) {
      const digits = (v: number) => formatNumber(v, Math.abs(v) >= 100 ? 0 : 2);
      layers.push({
        data: { values: [{ x: ms(p.x), text: `trend 95%: ${digits(p.low!)} to ${digits(p.high!)}, beyond the chart` }] },
        mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -6, fontSize: 10.5, fill: CHART_STYLE.trend.color, fontWeight: 'bold' },
        encoding: { x, y: { value: HEIGHT - 4 }, text: { field: 'text' } },
      });
    }
  }
  const c = d.claimed;
  if (c?.type === 'change') {
    const k = key('claimed');
    const band = [
      { x: ms(c.from.x), y: c.from.value, y2: c.from.value, series: k },
      { x: ms(c.to.x), y: c.to.low, y2: c.to.high, series: k },
    ];
    layers.push({ data: { values: band }, mark: { type: 'area', color: CHART_STYLE.claimed.color, opacity: 0.2, clip: true }, encoding: { x, y, y2: { field: 'y2' } } });
    const edges = [
      { x: ms(c.from.x), y: c.from.value, edge: 'low', series: k },
      { x: ms(c.to.x), y: c.to.low, edge: 'low', series: k },
      { x: ms(c.from.x), y: c.from.value, edge: 'high', series: k },
      { x: ms(c.to.x), y: c.to.high, edge: 'high', series: k },
    ];
    layers.push({ data: { values: edges }, mark: { type: 'line', strokeWidth: 2.75, clip: true }, encoding: { x, y, detail: { field: 'edge' }, ...series } });
    layers.push({
      data: { values: [{ x: ms(c.to.x), y: c.to.low }, ...(c.to.high !== c.to.low ? [{ x: ms(c.to.x), y: c.to.high }] : [])] },
      mark: { type: 'point', shape: 'diamond', filled: true, size: 70, color: CHART_STYLE.claimed.color, clip: true },
      encoding: { x, y },
    });
  } else if (c?.type === 'level') {
    const k = key('claimed');
    const [lo, hi] = d.yDomain;
    const bandLow = c.low ?? lo - (hi - lo);
    const bandHigh = c.high ?? hi + (hi - lo);
    layers.push({
      data: { values: [{ x: xDomain[0], y: bandLow, y2: bandHigh, series: k }, { x: xDomain[1], y: bandLow, y2: bandHigh, series: k }] },
      mark: { type: 'area', color: CHART_STYLE.claimed.color, opacity: c.low === c.high ? 0 : 0.15, clip: true },
      encoding: { x, y, y2: { field: 'y2' } },
    });
    const edges = [c.low, c.high].filter((v, i, a): v is number => v !== null && a.indexOf(v) === i).flatMap((v) => [
      { x: xDomain[0], y: v, edge: String(v), series: k },
      { x: xDomain[1], y: v, edge: String(v), series: k },
    ]);
    layers.push({ data: { values: edges }, mark: { type: 'line', strokeWidth: 2, clip: true }, encoding: { x, y, detail: { field: 'edge' }, ...series } });
  }
  if (d.comparison) {
    const k = key('comparison');
    const values = d.comparison.points.map((p) => ({ x: ms(p.x), y: p.value, series: k }));
    layers.push({ data: { values }, mark: { type: 'line', strokeWidth: 2, clip: true }, encoding: { x, y, ...series } });
    layers.push({ data: { values }, mark: { type: 'point', shape: 'square', filled: true, size: 28, color: CHART_STYLE.comparison.color, clip: true }, encoding: { x, y } });
  }
  if (d.observed.length) {
    const k = key('observed');
    const values = d.observed.map((p) => ({ x: ms(p.x), y: p.value, lo: p.low ?? p.value, hi: p.high ?? p.value, series: k }));
    if (d.intervalKind) {
      layers.push({ data: { values }, mark: { type: 'rule', color: CHART_STYLE.observed.color, strokeWidth: 1.5, clip: true }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' } } });
    }
    layers.push({ data: { values }, mark: { type: 'line', strokeWidth: 2.25, clip: true }, encoding: { x, y, ...series } });
    layers.push({ data: { values }, mark: { type: 'point', shape: 'circle', filled: true, size: 40, color: CHART_STYLE.observed.color, opacity: 1, clip: true }, encoding: { x, y } });
    const labelled = d.observed.filter((p) => p.period === d.baseline?.label || p.period === d.target?.label || d.observed.length <= 2);
    if (labelled.length) {
      layers.push({
        data: { values: labelled.map((p) => ({ x: ms(p.x), y: p.value, label: formatNumber(p.value, Math.abs(p.value) >= 100 ? 0 : 2) })) },
        mark: { type: 'text', dy: -11, fontSize: 11, fontWeight: 'bold', fill: '#ffffff', stroke: '#ffffff', strokeWidth: 3.5, opacity: 0.9 },
        encoding: { x, y, text: { field: 'label' } },
      });
      layers.push({
        data: { values: labelled.map((p) => ({ x: ms(p.x), y: p.value, label: formatNumber(p.value, Math.abs(p.value) >= 100 ? 0 : 2) })) },
        mark: { type: 'text', dy: -11, fontSize: 11, fontWeight: 'bold', fill: CHART_STYLE.observed.color },
        encoding: { x, y, text: { field: 'label' } },
      });
    }
  }
  layers.push(...badgeLayers(d));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height: HEIGHT,
    title: titleOf(d),
    layer: layers,
    resolve: { scale: { color: 'shared', strokeDash: 'shared' } },
    config: baseConfig(),
  } as unknown as TopLevelSpec;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Leave out what a static picture does not need (roughly halves the size, which matters for an HTML
 * report of a thousand charts): interaction and accessibility-tree hints on marks the <title> and
 * <desc> already describe, class names (which could clash with a page's CSS), empty paths, and
 * coordinates finer than a hundredth of a pixel. Only inside tags: text is never touched.
 */
export function compactSvg(svg: string): string {
  let out = svg
    .replace(/<path[^>]*\sd="(?:M0,0h0v0h0Z)?"[^>]*\/>/g, '')
    .replace(/<[^>]+>/g, (tag) =>
      tag
        .replace(/\s(?:class|aria-hidden|aria-label|aria-roledescription|role|pointer-events)="[^"]*"/g, '')
        .replace(/\s(?:opacity="1"|transform="translate\(0,0\)")/g, '')
        .replace(/-?\d+\.\d{3,}(?:e-?\d+)?/g, (n) => String(Math.round(Number(n) * 100) / 100)),
    );
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

interface VegaModule {
  parse: (spec: unknown) => unknown;
  View: new (runtime: unknown, options: { renderer: 'none'; logger: CollectingLogger; logLevel: number }) => { toSVG(): Promise<string>; finalize(): void };
  textMetrics?: { canvas?: (use: boolean) => void };
  Warn: number;
}

type Compile = (spec: TopLevelSpec, logger: CollectingLogger) => { spec: unknown };
let engine: Promise<{ vega: VegaModule; compile: Compile }> | undefined;

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

/** One chart as a standalone SVG document, with a title and a description. */
export async function renderChartSvg(d: ChartData): Promise<string> {
  const { vega, compile } = await loadEngine();
  const logger = collectingLogger();
  const compiled = compile(buildChartSpec(d), logger);
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none', logger, logLevel: vega.Warn });
  try {
    const svg = await view.toSVG();
    if (logger.problems.length) throw new Error(`the chart of ${d.id} could not be drawn: ${logger.problems.join('; ')}`);
    return finishSvg(svg, d);
  } finally {
    view.finalize();
  }
}

/** Every claim's chart, by claim id, in result order. */
export async function renderCharts(audit: AuditResult): Promise<Map<string, string>> {
  const charts = new Map<string, string>();
  for (const r of audit.results) charts.set(r.claim.id, await renderChartSvg(buildChartData(r)));
  return charts;
}
