// Compile a chart's shape once, draw many charts through it. Compiling a Vega-Lite spec (≈ 7 ms) and
// building a Vega view from it (≈ 5 ms) cost far more than drawing one chart (≈ 2 ms), and a report's
// charts come in a handful of shapes: the same layers, differing only in their data, titles, domains
// and labels. So a spec is split into its shape and its values:
//
//   - every inline data set is lifted out (data sets with equal contents share one placeholder, as
//     Vega-Lite merges equal data sets);
//   - the leaves that hold a chart's own values become tokens. Where Vega-Lite compares or merges
//     values across layers (scale domains, axis tick values and titles, the chart's title, config
//     colours) there is one token per distinct value, so the shape keeps which of them are equal.
//     What Vega-Lite copies into one mark alone (a mark's text, colour, alignment, baseline and
//     weight, a channel's fixed {value: …} position) and the frame (height, padding) get a token
//     per place: whether two labels happen to share an x or a colour says nothing about the shape.
//     A title's lines are one token, so one line or three is the same shape;
//
// So the placed labels, legend and titles of chart-layout.ts are values of a shape, not its
// shape: a report's charts fall into a few shapes by what they draw (a change with or without a
// comparison area, a level, a message), not by where their labels went.
//
// the shape is compiled once, and in the compiled Vega spec each token becomes a signal and each
// data set a named data source. One Vega view per shape then draws every chart of that shape: set
// the signals, replace the data, render. Nothing here knows what a chart shows; it works on any
// spec, and a shape it cannot turn into signals is drawn the direct way (compile, parse, render).
//
// This is only faster, never different: renderChartSvgsHere (chart-svg.ts) draws the first chart of every
// shape both ways and uses the shape only when the two SVGs are byte-identical, and the tests
// compare both ways on every bundled chart.

/** A leaf value that a shape leaves open. */
type Leaf = string | number;

/** What a token stands for: a leaf, or a whole list of lines of text (a title of one line or several). */
type Param = Leaf | string[];

/** One data set of a chart, as Vega-Lite's `data.values`. */
type Rows = unknown[];

/** A chart's spec split into its shape and its own values. */
export interface SplitSpec {
  /** The shape: the spec with tokens for values and placeholders for data; equal for charts of one shape. */
  shape: unknown;
  /** The shape as a string: the cache key. */
  key: string;
  /** The values of the tokens, by token number. */
  params: Param[];
  /** The data sets, by placeholder number. */
  datasets: Rows[];
  /** Each data set's contents as a string: equal strings, equal data. */
  datasetIds: string[];
}

const TOKEN_PREFIX = 'cc\u00b7param\u00b7';
/** Number tokens: far from any coordinate, size or time stamp a chart holds (the year 2243 in ms). */
const NUMBER_TOKEN_BASE = 8_765_432_100_000;
const NUMBER_TOKEN_STEP = 16;
const DATA_KEY = 'cc\u00b7data';

/** Keys whose string value is a chart's own text: titles, subtitles, mark text. */
const TEXT_KEYS = new Set(['text', 'subtitle', 'title']);
/** Keys of a mark whose string value is where or how its text is drawn: labels are placed chart by chart. */
const PLACEMENT_KEYS = new Set(['align', 'baseline', 'fontWeight']);
/** Top-level keys whose numbers are the chart's frame: its height and the room around the plot. */
const FRAME_KEYS = new Set(['height', 'padding']);
/** Keys whose string value may be a colour that differs between charts (a verdict's badge). */
const COLOUR_KEYS = new Set(['fill', 'color', 'stroke']);
const COLOUR = /^#[0-9a-f]{3,8}$/i;

/** JSON with object keys sorted: equal contents give equal strings, as Vega-Lite's own hash does. */
function stableJson(value: unknown): string {
  // The data set of a mark drawn once (a label, a legend entry), one empty row, is most of the data
  // sets a chart has: a fast path, giving what the general one below gives.
  if (Array.isArray(value) && value.length === 1 && isEmptyObject(value[0])) return '[{}]';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`)
    .join(',')}}`;
}

function isEmptyObject(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  for (const _ in v) return false;
  return true;
}

const isLeaf = (v: unknown): v is Leaf => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/** Split a Vega-Lite spec into its shape and its values. Pure; the spec is not changed. */
export function splitSpec(spec: unknown): SplitSpec {
  const params: Param[] = [];
  const tokenOf = new Map<string, Leaf>();
  const datasets: Rows[] = [];
  const dataIndex = new Map<string, number>();
  const datasetIds: string[] = [];

  let fresh = 0;
  const newToken = (v: Param): Leaf => {
    const t = typeof v === 'number' ? NUMBER_TOKEN_BASE + params.length * NUMBER_TOKEN_STEP : `${TOKEN_PREFIX}${params.length}`;
    params.push(v);
    fresh++;
    return t;
  };
  /** A token shared by every place that holds the same value: for what Vega-Lite compares or merges. */
  const token = (v: Param): Leaf => {
    const id = Array.isArray(v) ? `a${JSON.stringify(v)}` : typeof v === 'string' ? `s${v}` : `n${v}`;
    let t = tokenOf.get(id);
    if (t === undefined) {
      t = newToken(v);
      tokenOf.set(id, t);
    }
    return t;
  };
  // A spec reuses objects (one x and one y encoding in every layer, one data set in several): each is
  // walked once. An encoding that took no token of its own gives the same shape wherever it is.
  const encodings = new Map<object, unknown>();
  const dataIds = new Map<Rows, string>();

  /** Which leaves are a chart's own values: decided by the key they sit under, never by what they say. */
  const walk = (node: unknown, key: string | undefined, inEncoding: boolean, inMark = false, top = false): unknown => {
    if (Array.isArray(node)) {
      // Lines of text (a title of one line or several): one token for them all, so that the number
      // of lines is the chart's, not its shape's. An empty list stays: it may compile differently.
      if (key !== undefined && TEXT_KEYS.has(key) && node.length > 0 && node.every((v) => typeof v === 'string')) return token(node as string[]);
      // Scale domains and axis tick values: arrays of plain values.
      if ((key === 'domain' || key === 'values') && node.every(isLeaf)) return node.map((v) => token(v));
      return node.map((v) => walk(v, undefined, inEncoding));
    }
    if (node === null || typeof node !== 'object') return node;
    const memo = inEncoding && !inMark && !top;
    if (memo) {
      const seen = encodings.get(node);
      if (seen !== undefined) return seen;
    }
    const freshBefore = fresh;
    const obj = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k in obj) {
      const v = obj[k];
      if (k === 'data' && v !== null && typeof v === 'object' && Array.isArray((v as { values?: unknown }).values)) {
        const { values, ...rest } = v as { values: Rows };
        let id = dataIds.get(values);
        if (id === undefined) {
          id = stableJson(values);
          dataIds.set(values, id);
        }
        let n = dataIndex.get(id);
        if (n === undefined) {
          n = datasets.length;
          dataIndex.set(id, n);
          datasets.push(values);
          datasetIds.push(id);
        }
        out[k] = { ...(walk(rest, k, false) as object), values: [{ [DATA_KEY]: n }] };
      } else if (typeof v === 'string') {
        if (v !== '' && inMark && (TEXT_KEYS.has(k) || PLACEMENT_KEYS.has(k) || (COLOUR_KEYS.has(k) && COLOUR.test(v)))) {
          // A mark's own text, colour and placement: Vega-Lite copies them into that mark alone.
          out[k] = newToken(v);
        } else if (v !== '' && (TEXT_KEYS.has(k) || (COLOUR_KEYS.has(k) && COLOUR.test(v)))) {
          out[k] = token(v);
        } else out[k] = v;
      } else if (typeof v === 'number') {
        // A fixed position ({value: …} of one layer's channel): that layer's alone, as above. And the frame.
        out[k] = Number.isFinite(v) && ((k === 'value' && inEncoding) || (top && FRAME_KEYS.has(k))) ? newToken(v) : v;
      } else if (top && FRAME_KEYS.has(k) && v !== null && typeof v === 'object' && Object.values(v).every((x) => typeof x === 'number' && Number.isFinite(x))) {
        out[k] = Object.fromEntries(Object.entries(v).map(([side, x]) => [side, newToken(x as number)]));
      } else {
        out[k] = walk(v, k, inEncoding || k === 'encoding', k === 'mark');
      }
    }
    if (memo && fresh === freshBefore) encodings.set(node, out);
    return out;
  };

  const shape = walk(spec, undefined, false, false, true);
  return { shape, key: JSON.stringify(shape), params, datasets, datasetIds };
}

/** How a compiled shape's signals get their values from a chart's params. */
type Item = { param: number } | { literal: unknown };
type SignalSource = { kind: 'param'; index: number } | { kind: 'array'; items: Item[] } | { kind: 'object'; entries: Array<[string, Item]> };

/** A compiled shape: the Vega spec with signals for its tokens and named sources for its data. */
export interface ShapeProgram {
  /** The Vega spec to parse, once. */
  vegaSpec: Record<string, unknown>;
  /** Signal name → where its value comes from. */
  signals: Map<string, SignalSource>;
  /** Placeholder number → the Vega data source names that hold it. */
  data: Map<number, string[]>;
}

const SIGNAL_PREFIX = 'cc_param_';
/** Vega spec keys whose strings are expressions: a token inside one becomes a reference to its signal. */
const EXPRESSION_KEYS = new Set(['signal', 'expr', 'update', 'test', 'labelExpr']);

function tokenNumber(v: unknown): number | undefined {
  if (typeof v === 'string' && v.startsWith(TOKEN_PREFIX)) {
    const n = Number(v.slice(TOKEN_PREFIX.length));
    return Number.isInteger(n) ? n : undefined;
  }
  if (typeof v === 'number' && v >= NUMBER_TOKEN_BASE && (v - NUMBER_TOKEN_BASE) % NUMBER_TOKEN_STEP === 0) return (v - NUMBER_TOKEN_BASE) / NUMBER_TOKEN_STEP;
  return undefined;
}

class NotAShape extends Error {}

/**
 * Turn a compiled (tokenised) Vega spec into a program: tokens → signals, placeholders → data
 * sources. Undefined when a token sits where a signal cannot stand in for it; that shape is then
 * drawn the direct way.
 */
export function programOf(vegaSpec: unknown, split: SplitSpec): ShapeProgram | undefined {
  const paramCount = split.params.length;
  const datasetCount = split.datasets.length;
  const signals = new Map<string, SignalSource>();
  const data = new Map<number, string[]>();
  const paramSignal = (n: number) => {
    if (n >= paramCount) throw new NotAShape();
    const name = `${SIGNAL_PREFIX}${n}`;
    signals.set(name, { kind: 'param', index: n });
    return name;
  };
  let arrays = 0;
  let objects = 0;
  const item = (v: unknown): Item => {
    const n = tokenNumber(v);
    if (n === undefined) return { literal: v };
    if (n >= paramCount) throw new NotAShape();
    return { param: n };
  };
  const stringToken = new RegExp(`(["'])${TOKEN_PREFIX.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)\\1`, 'g');
  const numberToken = /\b(\d{13,})\b/g;
  const rewriteExpression = (expr: string): string =>
    expr
      .replace(stringToken, (_m, _q, n: string) => `(${paramSignal(Number(n))})`)
      .replace(numberToken, (m) => {
        const n = tokenNumber(Number(m));
        return n === undefined ? m : `(${paramSignal(n)})`;
      });

  const walk = (node: unknown, key: string | undefined): unknown => {
    const n = tokenNumber(node);
    if (n !== undefined) return { signal: paramSignal(n) };
    if (typeof node === 'string') {
      if (EXPRESSION_KEYS.has(key ?? '')) return rewriteExpression(node);
      return node;
    }
    if (Array.isArray(node)) {
      if (!node.some((v) => tokenNumber(v) !== undefined)) return node.map((v) => walk(v, undefined));
      // An array holding tokens becomes one signal whose value is the whole array (Vega takes a
      // signal for a whole domain, range or list of values, not for one element of it).
      if (!node.every((v) => v === null || typeof v !== 'object')) throw new NotAShape();
      const name = `${SIGNAL_PREFIX}array_${arrays++}`;
      signals.set(name, { kind: 'array', items: node.map(item) });
      return { signal: name };
    }
    if (node !== null && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      // The frame's padding: one signal whose value is the whole object (Vega takes a signal for
      // the padding, not for one side of it).
      if (key === 'padding' && Object.values(obj).some((v) => tokenNumber(v) !== undefined)) {
        if (!Object.values(obj).every((v) => v === null || typeof v !== 'object')) throw new NotAShape();
        const name = `${SIGNAL_PREFIX}object_${objects++}`;
        const entries = Object.entries(obj).map(([k, v]): [string, Item] => [k, item(v)]);
        signals.set(name, { kind: 'object', entries });
        return { signal: name };
      }
      // A data source holding a placeholder: remember its name, leave it empty.
      if (Array.isArray(obj.values) && obj.values.length === 1) {
        const only = obj.values[0] as Record<string, unknown> | null;
        if (only && typeof only === 'object' && DATA_KEY in only) {
          const index = only[DATA_KEY] as number;
          if (typeof obj.name !== 'string' || !Number.isInteger(index) || index >= datasetCount) throw new NotAShape();
          data.set(index, [...(data.get(index) ?? []), obj.name]);
          const { values: _values, ...rest } = obj;
          return { ...(walk(rest, key) as object), values: [] };
        }
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(obj)) {
        // A value reference ({value: token}) becomes a signal reference; a signal's definition cannot.
        if (k === 'value' && tokenNumber(v) !== undefined) {
          if ('name' in obj) throw new NotAShape();
          out.signal = paramSignal(tokenNumber(v)!);
        } else {
          out[k] = walk(v, k);
        }
      }
      return out;
    }
    return node;
  };

  try {
    const spec = walk(vegaSpec, undefined) as Record<string, unknown>;
    // Anything left over is a token somewhere a signal cannot reach (inside a name, a label…).
    const text = JSON.stringify(spec);
    if (text.includes(TOKEN_PREFIX) || text.includes(DATA_KEY) || [...text.matchAll(numberToken)].some((m) => tokenNumber(Number(m[1])) !== undefined)) return undefined;
    if (data.size !== datasetCount) return undefined;
    const declared = Array.isArray(spec.signals) ? (spec.signals as Array<{ name: string }>) : [];
    if (declared.some((s) => s.name.startsWith(SIGNAL_PREFIX))) return undefined;
    // Each parameter signal starts with this chart's value; every chart sets them all again.
    const program: ShapeProgram = { vegaSpec: spec, signals, data };
    spec.signals = [...declared, ...signalValues(program, split.params).map(([name, value]) => ({ name, value }))];
    return program;
  } catch (e) {
    if (e instanceof NotAShape) return undefined;
    throw e;
  }
}

/** The value of each of a program's signals for one chart. */
export function signalValues(program: ShapeProgram, params: Param[]): Array<[string, unknown]> {
  const valueOf = (item: Item) => ('param' in item ? params[item.param] : item.literal);
  return [...program.signals].map(([name, source]) => [
    name,
    source.kind === 'param' ? params[source.index] : source.kind === 'array' ? source.items.map(valueOf) : Object.fromEntries(source.entries.map(([k, item]) => [k, valueOf(item)])),
  ]);
}
