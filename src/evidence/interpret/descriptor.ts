// Descriptors: how to read a CSV as publishers ship it (wide tables, fixed values, number formats,
// missing markers, totals rows, the file's source). A descriptor is YAML next to its CSV
// (`x.csv` + `x.yaml`), an entry of `sources.yaml`, or a Frictionless Data Package resource.
import { clip } from '../../format.js';
import { AGGREGATE_ENGINES, type AggregateEngine } from '../aggregate/engines.js';
import { parsePeriod } from '../../period.js';
import type { Finding, Location, Period } from '../../types.js';
import { MEASURE_KEYS, readMeaningKeys, type MeasureDeclarations, type PeriodDeclaration } from './descriptor-measure.js';
import { parseRange, type CellRef } from '../read/cells.js';
import { deref, describeNode, mapEntries, scalarSource, scalarValue, seqItems, type YamlDoc, type YamlMapEntry, YamlNodeReader } from '../../yaml-nodes.js';

export const TARGET_FIELDS = ['region', 'metric', 'period', 'value', 'unit', 'source', 'note', 'from', 'to', 'change_percent', 'flags'] as const;
export type TargetField = (typeof TARGET_FIELDS)[number];
export const FIXED_FIELDS = ['region', 'metric', 'period', 'unit'] as const;
export type FixedField = (typeof FIXED_FIELDS)[number];

export interface FileSource {
  publisher?: string;
  title?: string;
  date?: string;
  url?: string;
  licence?: string;
}

export interface NumberFormat {
  decimal: '.' | ',';
  /** Characters that group thousands and are dropped ("," or "." or " "). */
  thousands: string;
  /** Accept and drop a trailing "%". */
  percent: boolean;
}

/** A reference to a header name, with where the descriptor wrote it. */
export interface ColumnRef {
  name: string;
  at: Location;
}

export interface TableSpec {
  /** The CSV this spec reads, as an absolute path. */
  csvPath: string;
  /** Where the spec came from (descriptor file), or undefined for a plain long CSV. */
  descriptor?: Location;
  columns: Partial<Record<TargetField, ColumnRef>>;
  fixed: Partial<Record<FixedField, string>>;
  unpivot?: { columns: ColumnRef[]; into: 'region' | 'period' | 'metric'; at: Location; select?: ColumnSelector };
  /** Files as downloaded: the line the header is on (1-based; lines before it are the publisher's preamble). */
  headerRow?: number;
  /** Where header_row (or skip) was written, for errors about it. */
  headerRowAt?: Location;
  /** Files as downloaded: how many non-blank rows at the end are footnotes, not data. */
  footer?: number;
  /** A known layout whose columns are read without naming them (`layout: sdmx-csv`). */
  layout?: { kind: 'sdmx-csv' | 'json-stat'; at: Location };
  /** JSON evidence: where the records (or the JSON-stat dataset) are, as a JSON pointer (`/data/rows`). */
  pointer?: { text: string; at: Location };
  /** Spreadsheets: the sheet (by name, or 1-based position) and the cell range (`A4:G8`) that hold the table. */
  sheet?: { name?: string; index?: number; at: Location };
  range?: { first: CellRef; last?: CellRef; text: string; at: Location };
  /** One of several readings of the same file (`readings:`): which, for messages. */
  reading?: { index: number; count: number; name?: string };
  rename: { region: Map<string, ColumnRef>; metric: Map<string, ColumnRef> };
  numbers: NumberFormat;
  missing: string[];
  /** Field delimiter: "," unless the descriptor says otherwise (";" is common in European exports). */
  delimiter: string;
  skip: Array<{ column: ColumnRef; values: string[] }>;
  totals: Array<{ column: ColumnRef; total: string; tolerance: number; at: Location }>;
  source?: FileSource;
  /** What the numbers are and how they roll up (`measure:`, `measures:`); see descriptor-measure.ts. */
  measures?: MeasureDeclarations;
  /** How the period column is written (`periods:`). */
  periods?: PeriodDeclaration;
  /** Incident-level files: count or sum rows by period, metric and region (streamed, see aggregate/aggregate-file.ts); null when written with errors. */
  aggregate?: AggregateSpec | null;
}

export const AGGREGATE_GRANULARITIES = ['year', 'quarter', 'month'] as const;
export type AggregateGranularity = (typeof AGGREGATE_GRANULARITIES)[number];

/** A region or metric read from a column, with names as the file writes them → the names to use. */
export interface AggregateDimension {
  column: ColumnRef;
  map: Map<string, ColumnRef>;
}

/** `{ column, in: [...] }` or `{ column, equals: x }`: the row's cell (trimmed) is one of the values, as text. */
export interface AggregateValueFilter {
  kind: 'in';
  column: ColumnRef;
  values: string[];
  /** Written as `equals:` (one value), for the definition shown in reports. */
  isEquals: boolean;
  at: Location;
}

/** `{ column, from, to }`: the row's date (an ISO date or datetime) lies within the periods, inclusive. */
export interface AggregateDateFilter {
  kind: 'range';
  column: ColumnRef;
  from?: Period;
  to?: Period;
  at: Location;
}

export type AggregateFilter = AggregateValueFilter | AggregateDateFilter;

export { AGGREGATE_ENGINES, type AggregateEngine } from '../aggregate/engines.js';

export interface AggregateSpec {
  at: Location;
  /** Who counts: claimcheck's own streaming reader (default), or DuckDB when installed (`engine: duckdb`). */
  engine?: AggregateEngine;
  /** `count: rows`, or `sum: COLUMN`. */
  measure: { kind: 'count' } | { kind: 'sum'; column: ColumnRef };
  period: { column: ColumnRef; by: AggregateGranularity };
  metric?: AggregateDimension;
  region?: AggregateDimension;
  where: AggregateFilter[];
}

/**
 * Which columns `unpivot` turns into rows, when not listed by name: a range of the header in file order
 * (`columns: 1960..2023`), a pattern (`columns: /^\d{4}$/`), or every column not named elsewhere
 * (`columns: "*"`, with `except: [...]`).
 */
export type ColumnSelector =
  | { kind: 'range'; from: ColumnRef; to: ColumnRef; at: Location }
  | { kind: 'pattern'; pattern: RegExp; text: string; at: Location }
  | { kind: 'rest'; except: ColumnRef[]; at: Location };

/** Descriptor keys that shape a table and have no meaning when rows are aggregated. */
const NOT_WITH_AGGREGATE = ['columns', 'unpivot', 'rename', 'skip', 'totals', 'header_row', 'footer', 'layout', 'pointer', 'sheet', 'range'] as const;
const AGGREGATE_EXAMPLE = 'aggregate: { count: rows, period: { column: date, by: month }, metric: { column: category }, region: { column: district } }';

export const DEFAULT_NUMBERS: NumberFormat = { decimal: '.', thousands: '', percent: false };

export function defaultSpec(csvPath: string): TableSpec {
  return { csvPath, columns: {}, fixed: {}, rename: { region: new Map(), metric: new Map() }, numbers: DEFAULT_NUMBERS, missing: [''], delimiter: ',', skip: [], totals: [] };
}

const RESOURCE_FIELDS = ['path', 'source', 'columns', 'fixed', 'unpivot', 'rename', 'numbers', 'missing', 'delimiter', 'skip', 'totals', 'aggregate', 'header_row', 'footer', 'layout', 'pointer', 'sheet', 'range', ...MEASURE_KEYS] as const;
/** Keys that belong to the file, not to one reading of it (see readResourceReadings). */
const FILE_FIELDS = ['path', 'source', 'delimiter', 'header_row', 'footer', 'layout', 'pointer', 'sheet', 'range'];

/** Reads descriptor YAML into TableSpecs, collecting every problem with its position. */
export class DescriptorReader extends YamlNodeReader {
  constructor(
    doc: YamlDoc,
    private readonly resolvePath: (relative: string) => string,
  ) {
    super(doc);
  }

  /** The document, for the meaning keys read in descriptor-measure.ts. */
  get yamlDoc(): YamlDoc {
    return this.doc;
  }

  private text(node: unknown, what: string): string | undefined {
    const n = deref(this.doc, node);
    const v = scalarValue(n);
    if (typeof v === 'string') return v;
    // A name that looks like a number is the text written: a column '2019.10' is not 2019.1.
    if (typeof v === 'number' || typeof v === 'bigint') return scalarSource(n) ?? String(v);
    this.error(n, 'descriptor-type', `${what} must be text, found ${describeNode(n)}`, `write ${what} as text`);
    return undefined;
  }

  private textList(node: unknown, what: string): Array<{ value: string; node: unknown }> {
    const n = deref(this.doc, node);
    const items = seqItems(n);
    if (!items) {
      const single = scalarValue(n);
      if (typeof single === 'string') return [{ value: single, node: n }];
      if (typeof single === 'number' || typeof single === 'bigint') return [{ value: scalarSource(n) ?? String(single), node: n }];
      this.error(n, 'descriptor-type', `${what} must be a list, found ${describeNode(n)}`, `write ${what} as a list: [a, b]`);
      return [];
    }
    const out: Array<{ value: string; node: unknown }> = [];
    for (const item of items) {
      const v = this.text(item, `each entry of ${what}`);
      if (v !== undefined) out.push({ value: v, node: deref(this.doc, item) });
    }
    return out;
  }

  private entries(node: unknown, what: string, allowed: readonly string[]): YamlMapEntry[] {
    const n = deref(this.doc, node);
    const list = mapEntries(n);
    if (!list) {
      this.error(n, 'descriptor-type', `${what} must be a mapping, found ${describeNode(n)}`, `write ${what} as key: value lines`);
      return [];
    }
    return list.filter((e) => {
      if (allowed.length === 0 || allowed.includes(e.key)) return true;
      this.error(e.keyNode, 'descriptor-unknown-field', `unknown field '${clip(e.key)}' in ${what}`, `${what} takes: ${allowed.join(', ')}`);
      return false;
    });
  }

  /** A whole descriptor file: one resource, or `resources:` listing several. */
  readFile(defaultCsv: string | undefined): TableSpec[] {
    const root = deref(this.doc, this.doc.root);
    const top = mapEntries(root);
    if (!top) {
      this.error(root, 'descriptor-shape', `a descriptor must be a mapping, found ${describeNode(root)}`, 'see docs/evidence.md, "Descriptors"');
      return [];
    }
    const resources = top.find((e) => e.key === 'resources');
    if (resources) {
      for (const e of top) if (e.key !== 'resources') this.error(e.keyNode, 'descriptor-unknown-field', `unknown top-level key '${clip(e.key)}' beside 'resources'`, "a sources file holds one key, 'resources:', a list of descriptors");
      const items = seqItems(deref(this.doc, resources.value)) ?? [];
      return items.flatMap((item) => this.readResourceReadings(item, undefined));
    }
    return this.readResourceReadings(root, defaultCsv);
  }

  /**
   * A descriptor, or with `readings:` one spec per reading of the same file: each reading's keys
   * (columns, fixed, aggregate, …) over the descriptor's shared ones; the file's own keys (path,
   * source, delimiter, header_row, footer, layout) stay at the top.
   */
  readResourceReadings(node: unknown, defaultCsv: string | undefined): TableSpec[] {
    const top = mapEntries(deref(this.doc, node));
    const readings = top?.find((e) => e.key === 'readings');
    if (!readings) {
      const spec = this.readResource(node, defaultCsv);
      return spec ? [spec] : [];
    }
    const list = deref(this.doc, readings.value);
    const items = seqItems(list);
    if (!items || items.length === 0) {
      this.error(list ?? readings.keyNode, 'descriptor-readings', `'readings' must be a non-empty list of readings, found ${describeNode(list)}`, 'readings: [{ name: rain days, aggregate: { count: rows, … } }, { name: rainfall, aggregate: { sum: rain_mm, … } }]');
      return [];
    }
    const readingFields = [...RESOURCE_FIELDS.filter((k) => !FILE_FIELDS.includes(k)), 'name'];
    const before = this.findings.length;
    const specs: TableSpec[] = [];
    items.forEach((item, index) => {
      const own = this.entries(item, 'a reading', readingFields);
      if (!mapEntries(deref(this.doc, item))) return;
      const nameEntry = own.find((e) => e.key === 'name');
      const name = nameEntry ? this.text(nameEntry.value, 'readings.name') : undefined;
      const spec = this.readResource(node, defaultCsv, ['readings'], own.filter((e) => e.key !== 'name'));
      if (spec) specs.push({ ...spec, reading: { index: index + 1, count: items.length, ...(name ? { name } : {}) } });
    });
    // The shared keys are read once per reading: report each of their problems once.
    const seen = new Set<string>();
    const kept = this.findings.slice(before).filter((f) => {
      const key = `${f.line}:${f.column}:${f.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    this.findings.splice(before, this.findings.length - before, ...kept);
    return specs;
  }

  readResource(node: unknown, defaultCsv: string | undefined, extra: readonly string[] = [], reading: YamlMapEntry[] = []): TableSpec | undefined {
    const entries = this.entries(node, 'a descriptor', [...RESOURCE_FIELDS, ...extra]);
    const get = (k: string) => reading.find((e) => e.key === k) ?? entries.find((e) => e.key === k);
    const pathEntry = get('path');
    let csvPath: string | undefined;
    if (pathEntry) {
      const p = this.text(pathEntry.value, "'path'");
      if (p !== undefined) csvPath = this.resolvePath(p);
    } else if (defaultCsv) csvPath = defaultCsv;
    else {
      this.error(deref(this.doc, node), 'descriptor-path', "missing 'path': which CSV file does this describe?", "add 'path: file.csv' (relative to this descriptor)");
      return undefined;
    }
    if (!csvPath) return undefined;
    const spec: TableSpec = { ...defaultSpec(csvPath), descriptor: this.at(node) };
    this.readInto(spec, get);
    return spec;
  }

  /** The parts shared by claimcheck descriptors and the `claimcheck:` property of a Frictionless resource. */
  readInto(spec: TableSpec, get: (k: string) => YamlMapEntry | undefined): void {
    const columns = get('columns');
    if (columns) {
      for (const e of this.entries(columns.value, "'columns'", TARGET_FIELDS)) {
        const name = this.text(e.value, `columns.${e.key}`);
        if (name !== undefined) spec.columns[e.key as TargetField] = { name, at: this.at(deref(this.doc, e.value)) };
      }
    }
    const fixed = get('fixed');
    if (fixed) {
      for (const e of this.entries(fixed.value, "'fixed'", FIXED_FIELDS)) {
        const v = this.text(e.value, `fixed.${e.key}`);
        if (v !== undefined) spec.fixed[e.key as FixedField] = v;
      }
    }
    const unpivot = get('unpivot');
    if (unpivot) {
      const u = this.entries(unpivot.value, "'unpivot'", ['columns', 'into', 'except']);
      const into = u.find((e) => e.key === 'into');
      const cols = u.find((e) => e.key === 'columns');
      const intoValue = into ? this.text(into.value, 'unpivot.into') : undefined;
      if (!into || !cols) this.error(deref(this.doc, unpivot.value), 'descriptor-unpivot', "'unpivot' needs 'columns' (the value columns) and 'into' (region, period or metric)", 'unpivot: { columns: [Punjab, Sindh], into: region }');
      else if (intoValue !== 'region' && intoValue !== 'period' && intoValue !== 'metric') {
        this.error(deref(this.doc, into.value), 'descriptor-unpivot', `unpivot.into must be region, period or metric, found '${clip(intoValue ?? '')}'`, 'the column names become this field');
      } else {
        const chosen = this.readUnpivotColumns(cols.value, u.find((e) => e.key === 'except'));
        if (chosen) spec.unpivot = { into: intoValue, ...chosen, at: this.at(deref(this.doc, unpivot.value)) };
      }
    }
    const rename = get('rename');
    if (rename) {
      for (const e of this.entries(rename.value, "'rename'", ['region', 'metric'])) {
        for (const pair of this.entries(e.value, `rename.${e.key}`, [])) {
          const to = this.text(pair.value, `rename.${e.key}.${pair.key}`);
          if (to !== undefined) spec.rename[e.key as 'region' | 'metric'].set(pair.key, { name: to, at: this.at(pair.keyNode) });
        }
      }
    }
    const numbers = get('numbers');
    if (numbers) spec.numbers = this.readNumbers(numbers.value);
    const delimiter = get('delimiter');
    if (delimiter) {
      const d = scalarValue(deref(this.doc, delimiter.value));
      if (d === ',' || d === ';' || d === '\t' || d === '|') spec.delimiter = d;
      else this.error(deref(this.doc, delimiter.value), 'descriptor-delimiter', `delimiter must be ",", ";", "|" or a tab, found ${describeNode(deref(this.doc, delimiter.value))}`, 'delimiter: ";" for files exported with semicolons');
    }
    const missing = get('missing');
    if (missing) spec.missing = ['', ...this.textList(missing.value, "'missing'").map((m) => m.value.trim())];
    this.readDownloadLayout(spec, get);
    this.readKnownLayout(spec, get);
    const skip = get('skip');
    if (skip && !this.isLineCount(skip.value)) {
      const items = seqItems(deref(this.doc, skip.value));
      if (!items) this.error(deref(this.doc, skip.value), 'descriptor-type', "'skip' must be a list of { column, values }", 'skip: [{ column: Type of Crime, values: [Sub-total] }]');
      for (const item of items ?? []) {
        const s = this.entries(item, 'a skip rule', ['column', 'values']);
        const col = s.find((e) => e.key === 'column');
        const values = s.find((e) => e.key === 'values');
        const name = col ? this.text(col.value, 'skip.column') : undefined;
        if (!col || !values || name === undefined) {
          if (!col || !values) this.error(deref(this.doc, item), 'descriptor-skip', "a skip rule needs 'column' and 'values'", 'skip: [{ column: Type of Crime, values: [Sub-total] }]');
          continue;
        }
        spec.skip.push({ column: { name, at: this.at(deref(this.doc, col.value)) }, values: this.textList(values.value, 'skip.values').map((v) => v.value.trim()) });
      }
    }
    const totals = get('totals');
    if (totals) {
      const items = seqItems(deref(this.doc, totals.value)) ?? [deref(this.doc, totals.value)];
      for (const item of items) {
        const t = this.entries(item, 'a totals rule', ['column', 'total', 'tolerance']);
        const col = t.find((e) => e.key === 'column');
        const total = t.find((e) => e.key === 'total');
        const tol = t.find((e) => e.key === 'tolerance');
        const name = col ? this.text(col.value, 'totals.column') : undefined;
        const totalName = total ? this.text(total.value, 'totals.total') : undefined;
        if (name === undefined || totalName === undefined) {
          if (!col || !total) this.error(deref(this.doc, item), 'descriptor-totals', "a totals rule needs 'column' (where the total row is named) and 'total' (its name)", 'totals: { column: Type of Crime, total: TOTAL RECORDED CRIME }');
          continue;
        }
        let tolerance = 0;
        if (tol) {
          const v = scalarValue(deref(this.doc, tol.value));
          if (typeof v === 'number' && v >= 0) tolerance = v;
          else this.error(deref(this.doc, tol.value), 'descriptor-totals', `totals.tolerance must be a number ≥ 0, found ${describeNode(deref(this.doc, tol.value))}`, 'the largest difference between the parts and the total that is not reported');
        }
        spec.totals.push({ column: { name, at: this.at(deref(this.doc, col!.value)) }, total: totalName.trim(), tolerance, at: this.at(deref(this.doc, item)) });
      }
    }
    const source = get('source');
    if (source) {
      const s: FileSource = {};
      for (const e of this.entries(source.value, "'source'", ['publisher', 'title', 'date', 'url', 'licence', 'license'])) {
        const v = this.text(e.value, `source.${e.key}`);
        if (v !== undefined) s[e.key === 'license' ? 'licence' : (e.key as keyof FileSource)] = v;
      }
      spec.source = s;
    }
    const aggregate = get('aggregate');
    if (aggregate) {
      spec.aggregate = this.readAggregate(aggregate.value) ?? null;
      for (const k of NOT_WITH_AGGREGATE) {
        const e = get(k);
        if (e) this.error(e.keyNode, 'descriptor-aggregate', `'${k}' does not apply to a descriptor with 'aggregate'`, "an aggregating descriptor names its columns under 'aggregate' (and maps names with 'map'); remove this key");
      }
      if (spec.aggregate) {
        const fixedEntry = get('fixed');
        if (spec.fixed.period !== undefined) this.error(fixedEntry!.keyNode, 'descriptor-aggregate', "'fixed.period' does not apply with 'aggregate': the period comes from aggregate.period", 'remove fixed.period');
        for (const dim of ['metric', 'region'] as const) {
          if (spec.aggregate[dim] && spec.fixed[dim] !== undefined) {
            this.error(fixedEntry!.keyNode, 'descriptor-aggregate', `the ${dim} is given twice: by aggregate.${dim} and by fixed.${dim}`, `keep one: a column (aggregate.${dim}: { column: … }) or one fixed ${dim} for the whole file`);
          } else if (!spec.aggregate[dim] && spec.fixed[dim] === undefined) {
            this.error(deref(this.doc, aggregate.value), 'descriptor-aggregate', `'aggregate' gives no ${dim}`, `name a column (aggregate.${dim}: { column: ${dim === 'metric' ? 'category' : 'district'} }) or give one for the whole file (fixed: { ${dim}: ${dim === 'metric' ? 'incidents' : 'Chicago'} })`);
          }
        }
      }
    }
    this.readMeaning(spec, get);
  }

  /** `measure:`, `measures:` and `periods:` (descriptor-measure.ts); an aggregate's count can only be a count. */
  private readMeaning(spec: TableSpec, get: (k: string) => YamlMapEntry | undefined): void {
    const meaning = readMeaningKeys(this, get);
    // A data package's schema fields may already declare their columns; the claimcheck property's rules come first.
    if (meaning.measures) spec.measures = spec.measures ? { ...meaning.measures, columns: new Map([...spec.measures.columns, ...meaning.measures.columns]) } : meaning.measures;
    if (meaning.periods) spec.periods = meaning.periods;
    const counted = get('aggregate') && spec.aggregate?.measure.kind === 'count';
    if (counted && meaning.measures) {
      for (const d of [meaning.measures.file, ...meaning.measures.metrics.values(), ...meaning.measures.columns.values()]) {
        if (d?.measure && d.measure !== 'count') this.findings.push({ severity: 'error', code: 'descriptor-measure', ...d.at, message: `'aggregate' with 'count: rows' counts rows: its numbers are counts, not ${d.measure === 'amount' ? 'an amount' : `a ${d.measure}`}`, hint: "remove the measure, or add up a column with 'sum: COLUMN' instead" });
      }
    }
    if (get('aggregate') && meaning.periods) this.error(get('periods')!.keyNode, 'descriptor-periods', "'periods' does not apply with 'aggregate': aggregate.period says how dates are grouped", 'remove periods');
  }

  /** `layout: sdmx-csv`: SDMX-CSV (Eurostat, OECD, IMF, UN); its columns are found in the header (table.ts, sdmxColumns). */
  private readKnownLayout(spec: TableSpec, get: (k: string) => YamlMapEntry | undefined): void {
    this.readPointer(spec, get);
    this.readSpreadsheetKeys(spec, get);
    const layout = get('layout');
    if (!layout) return;
    const n = deref(this.doc, layout.value);
    const v = scalarValue(n);
    const kind = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
    if (kind === 'sdmx-csv' || kind === 'json-stat') spec.layout = { kind, at: this.at(n) };
    else this.error(n ?? layout.keyNode, 'descriptor-layout', `layout must be sdmx-csv or json-stat, found ${describeNode(n)}`, 'layout: sdmx-csv reads TIME_PERIOD, OBS_VALUE and OBS_FLAG/OBS_STATUS without naming them; layout: json-stat reads a JSON-stat 2.0 dataset; other layouts are described with columns:');
  }

  /** `sheet: Table_1` (or `sheet: 2`) and `range: A4:G8`: where in a workbook the table is. */
  private readSpreadsheetKeys(spec: TableSpec, get: (k: string) => YamlMapEntry | undefined): void {
    const sheet = get('sheet');
    if (sheet) {
      const n = deref(this.doc, sheet.value);
      const v = scalarValue(n);
      if (typeof v === 'number' && Number.isInteger(v) && v >= 1) spec.sheet = { index: v, at: this.at(n) };
      else if (typeof v === 'string' && v.trim() !== '') spec.sheet = { name: v.trim(), at: this.at(n) };
      else this.error(n ?? sheet.keyNode, 'descriptor-sheet', `sheet must be a sheet's name or its position (1, 2, …), found ${describeNode(n)}`, 'sheet: Table_1, or sheet: 2 for the second sheet');
    }
    const range = get('range');
    if (range) {
      const n = deref(this.doc, range.value);
      const v = scalarValue(n);
      const parsed = typeof v === 'string' ? parseRange(v) : undefined;
      if (parsed) spec.range = { ...parsed, text: String(v).trim().toUpperCase(), at: this.at(n) };
      else this.error(n ?? range.keyNode, 'descriptor-range', `range must be a cell range such as A4:G30, found ${describeNode(n)}`, 'the header row is the range\'s first row: range: A4:G30, or A4: to the end of the sheet');
    }
    if (spec.range && get('header_row')) this.error(get('header_row')!.keyNode, 'descriptor-range', "'header_row' and 'range' both say where the header is", 'keep range: (its first row is the header)');
  }

  /** `pointer: /data/rows`: where in a JSON file the records (or the JSON-stat dataset) are. */
  private readPointer(spec: TableSpec, get: (k: string) => YamlMapEntry | undefined): void {
    const pointer = get('pointer');
    if (!pointer) return;
    const pn = deref(this.doc, pointer.value);
    const pv = scalarValue(pn);
    if (typeof pv === 'string' && (pv === '' || pv.startsWith('/'))) spec.pointer = { text: pv, at: this.at(pn) };
    else this.error(pn ?? pointer.keyNode, 'descriptor-pointer', `pointer must be a JSON pointer such as /data/rows, found ${describeNode(pn)}`, 'a JSON pointer starts with / and names each key or list position on the way: /data/0/rows');
  }

  /** `skip: 4` counts lines (a row filter is a list); see readDownloadLayout. */
  private isLineCount(node: unknown): boolean {
    const v = scalarValue(deref(this.doc, node));
    return typeof v === 'number';
  }

  /**
   * Files as downloaded: `header_row: 5` or `skip: 4` (lines before the header), `footer: 2` (rows of
   * footnotes at the end). Both are counted as the file is, so a descriptor never asks for an edited copy.
   */
  private readDownloadLayout(spec: TableSpec, get: (k: string) => YamlMapEntry | undefined): void {
    const whole = (entry: YamlMapEntry, key: string, min: number, hint: string): number | undefined => {
      const n = deref(this.doc, entry.value);
      const v = scalarValue(n);
      if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= 1_000_000) return v;
      this.error(n ?? entry.keyNode, 'descriptor-layout', `${key} must be a whole number ≥ ${min}, found ${describeNode(n)}`, hint);
      return undefined;
    };
    const headerRow = get('header_row');
    const skip = get('skip');
    const skipLines = skip && this.isLineCount(skip.value) ? skip : undefined;
    if (headerRow && skipLines) {
      this.error(skipLines.keyNode, 'descriptor-layout', "'skip' (a count of lines) and 'header_row' say the same thing twice", 'keep one: header_row: 5, or skip: 4 (the lines before the header)');
    } else if (headerRow) {
      const v = whole(headerRow, 'header_row', 1, 'the line number of the header as an editor shows it, e.g. header_row: 5 when four lines of preamble come first');
      if (v !== undefined) Object.assign(spec, { headerRow: v, headerRowAt: this.at(deref(this.doc, headerRow.value)) });
    } else if (skipLines) {
      const v = whole(skipLines, 'skip (a count of lines)', 0, 'skip: 4 ignores the first four lines; to drop rows by their values write skip: [{ column: …, values: […] }]');
      if (v !== undefined) Object.assign(spec, { headerRow: v + 1, headerRowAt: this.at(deref(this.doc, skipLines.value)) });
    }
    const footer = get('footer');
    if (footer) {
      const v = whole(footer, 'footer', 0, 'footer: 3 ignores the last three non-blank rows (notes, source lines)');
      if (v !== undefined) spec.footer = v;
    }
  }

  /** unpivot.columns: a list of names, `A..B` (a range of the header), `/regex/`, or `"*"` (every column not named elsewhere). */
  private readUnpivotColumns(node: unknown, except: YamlMapEntry | undefined): { columns: ColumnRef[]; select?: ColumnSelector } | undefined {
    const n = deref(this.doc, node);
    const v = scalarValue(n);
    const at = this.at(n);
    const rest = typeof v === 'string' && v.trim() === '*';
    if (except && !rest) {
      this.error(except.keyNode, 'descriptor-unpivot', "'except' goes with columns: \"*\" (every column not named elsewhere)", 'unpivot: { columns: "*", except: [Country Code], into: period }');
      return undefined;
    }
    if (typeof v === 'string' && !seqItems(n)) {
      const t = v.trim();
      if (rest) return { columns: [], select: { kind: 'rest', except: except ? this.textList(except.value, 'unpivot.except').map(({ value, node: x }) => ({ name: value, at: this.at(x) })) : [], at } };
      const re = t.match(/^\/(.+)\/([iu]*)$/);
      if (re) {
        try {
          return { columns: [], select: { kind: 'pattern', pattern: new RegExp(re[1]!, re[2]), text: t, at } };
        } catch (e) {
          this.error(n, 'descriptor-unpivot', `unpivot.columns: ${clip(t)} is not a regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')})`, 'write a JavaScript regular expression between slashes, e.g. columns: /^\\d{4}$/');
          return undefined;
        }
      }
      const range = t.split('..');
      if (range.length === 2) {
        const [from, to] = range.map((x) => x.trim().replace(/^(["'])(.*)\1$/, '$2'));
        if (!from || !to) {
          this.error(n, 'descriptor-unpivot', `unpivot.columns: '${clip(t)}' is a range with an empty end`, 'columns: 1960..2023 takes every column from 1960 to 2023 as the header orders them');
          return undefined;
        }
        return { columns: [], select: { kind: 'range', from: { name: from, at }, to: { name: to, at }, at } };
      }
    }
    return { columns: this.textList(node, 'unpivot.columns').map(({ value, node: x }) => ({ name: value, at: this.at(x) })) };
  }

  private columnRef(node: unknown, what: string): ColumnRef | undefined {
    const name = this.text(node, what);
    return name === undefined ? undefined : { name, at: this.at(deref(this.doc, node)) };
  }

  /** `aggregate:` — every mistake is an error at its line and column; columns are checked against the header when the file is read. */
  private readAggregate(node: unknown): AggregateSpec | undefined {
    const n = deref(this.doc, node);
    const entries = this.entries(n, "'aggregate'", ['count', 'sum', 'period', 'metric', 'region', 'where', 'engine']);
    if (!mapEntries(n)) return undefined;
    const get = (k: string) => entries.find((e) => e.key === k);
    let ok = true;
    const fail = (target: unknown, message: string, hint: string) => {
      this.error(deref(this.doc, target), 'descriptor-aggregate', message, hint);
      ok = false;
    };
    const count = get('count');
    const sum = get('sum');
    let measure: AggregateSpec['measure'] | undefined;
    if (count && sum) fail(sum.keyNode, "'aggregate' has both 'count' and 'sum'", 'choose one: count: rows, or sum: COLUMN');
    else if (count) {
      const v = scalarValue(deref(this.doc, count.value));
      if (v === 'rows') measure = { kind: 'count' };
      else fail(count.value, `aggregate.count must be 'rows', found ${describeNode(deref(this.doc, count.value))}`, "count: rows counts the rows of each group; to add up a column use sum: COLUMN");
    } else if (sum) {
      const column = this.columnRef(sum.value, 'aggregate.sum');
      if (column) measure = { kind: 'sum', column };
      else ok = false;
    } else fail(n, "'aggregate' needs 'count: rows' or 'sum: COLUMN'", AGGREGATE_EXAMPLE);

    let period: AggregateSpec['period'] | undefined;
    const periodEntry = get('period');
    if (!periodEntry) fail(n, "'aggregate' needs 'period': the date column and the granularity", 'period: { column: date, by: month }   (by: year, quarter or month)');
    else {
      const p = this.entries(periodEntry.value, 'aggregate.period', ['column', 'by']);
      const col = p.find((e) => e.key === 'column');
      const by = p.find((e) => e.key === 'by');
      const column = col ? this.columnRef(col.value, 'aggregate.period.column') : undefined;
      const byValue = by ? scalarValue(deref(this.doc, by.value)) : undefined;
      if (!col || !by) fail(periodEntry.value, `aggregate.period needs ${!col ? "'column' (the date column)" : "'by' (year, quarter or month)"}`, 'period: { column: date, by: month }');
      else if (!(AGGREGATE_GRANULARITIES as readonly unknown[]).includes(byValue)) {
        fail(by.value, `aggregate.period.by must be year, quarter or month, found ${describeNode(deref(this.doc, by.value))}`, 'rows are grouped by the year, quarter or month of their date');
      } else if (column) period = { column, by: byValue as AggregateGranularity };
      else ok = false;
    }

    const dimension = (k: 'metric' | 'region'): AggregateDimension | undefined => {
      const e = get(k);
      if (!e) return undefined;
      const d = this.entries(e.value, `aggregate.${k}`, ['column', 'map']);
      const col = d.find((x) => x.key === 'column');
      if (!col) {
        if (mapEntries(deref(this.doc, e.value))) fail(e.value, `aggregate.${k} needs 'column'`, `${k}: { column: ${k === 'metric' ? 'category' : 'district'} }; a ${k} for the whole file goes under fixed: { ${k}: … }`);
        else ok = false;
        return undefined;
      }
      const column = this.columnRef(col.value, `aggregate.${k}.column`);
      const map = new Map<string, ColumnRef>();
      const m = d.find((x) => x.key === 'map');
      if (m) {
        for (const pair of this.entries(m.value, `aggregate.${k}.map`, [])) {
          const to = this.text(pair.value, `aggregate.${k}.map.${pair.key}`);
          if (to !== undefined) map.set(pair.key.trim(), { name: to.trim(), at: this.at(pair.keyNode) });
        }
      }
      if (!column) ok = false;
      return column ? { column, map } : undefined;
    };
    const metric = dimension('metric');
    const region = dimension('region');

    const where: AggregateFilter[] = [];
    const whereEntry = get('where');
    if (whereEntry) {
      const items = seqItems(deref(this.doc, whereEntry.value));
      if (!items) fail(whereEntry.value, `aggregate.where must be a list of rules, found ${describeNode(deref(this.doc, whereEntry.value))}`, 'where: [{ column: district, in: [1, 2] }, { column: arrest, equals: "true" }, { column: date, from: 2015-01-01, to: 2019-12-31 }]');
      for (const item of items ?? []) {
        const rule = this.readFilter(item);
        if (rule) where.push(rule);
        else ok = false;
      }
    }
    let engine: AggregateEngine | undefined;
    const engineEntry = get('engine');
    if (engineEntry) {
      const v = scalarValue(deref(this.doc, engineEntry.value));
      if ((AGGREGATE_ENGINES as readonly unknown[]).includes(v)) engine = v as AggregateEngine;
      else fail(engineEntry.value, `aggregate.engine must be builtin or duckdb, found ${describeNode(deref(this.doc, engineEntry.value))}`, 'engine: duckdb counts the rows with DuckDB (installed separately); leave it out for the built-in engine');
    }
    if (!ok || !measure || !period) return undefined;
    return { at: this.at(n), ...(engine ? { engine } : {}), measure, period, ...(metric ? { metric } : {}), ...(region ? { region } : {}), where };
  }

  private readFilter(item: unknown): AggregateFilter | undefined {
    const n = deref(this.doc, item);
    const entries = this.entries(n, 'a where rule', ['column', 'in', 'equals', 'from', 'to']);
    if (!mapEntries(n)) return undefined;
    const get = (k: string) => entries.find((e) => e.key === k);
    const col = get('column');
    const kinds = ['in', 'equals', 'from', 'to'].filter((k) => get(k));
    const isRange = kinds.length > 0 && kinds.every((k) => k === 'from' || k === 'to');
    if (!col || kinds.length === 0 || (!isRange && kinds.length > 1)) {
      this.error(n, 'descriptor-where', !col ? "a where rule needs 'column'" : kinds.length === 0 ? "a where rule needs 'in', 'equals', or 'from'/'to'" : `a where rule takes one test, found ${kinds.map((k) => `'${k}'`).join(' and ')}`, '{ column: district, in: [1, 2] }, { column: arrest, equals: "true" } or { column: date, from: 2015-01-01, to: 2019-12-31 }');
      return undefined;
    }
    const column = this.columnRef(col.value, 'where.column');
    if (!column) return undefined;
    if (isRange) {
      const bound = (k: 'from' | 'to'): Period | undefined | null => {
        const e = get(k);
        if (!e) return undefined;
        const v = scalarValue(deref(this.doc, e.value));
        const p = typeof v === 'string' || typeof v === 'number' ? parsePeriod(String(v)) : undefined;
        if (!p) {
          this.error(deref(this.doc, e.value), 'descriptor-where', `where.${k} must be a date or a period, found ${describeNode(deref(this.doc, e.value))}`, `write ${k}: 2015-01-01, or a period: 2015, 2015-Q1, 2015-03 (${k === 'from' ? 'from its first day' : 'to its last day'})`);
          return null;
        }
        return p;
      };
      const from = bound('from');
      const to = bound('to');
      if (from === null || to === null) return undefined;
      if (from && to && to.endDay < from.startDay) {
        this.error(n, 'descriptor-where', `the date range ${from.label} to ${to.label} is empty: it ends before it starts`, 'swap from and to');
        return undefined;
      }
      return { kind: 'range', column, ...(from ? { from } : {}), ...(to ? { to } : {}), at: this.at(n) };
    }
    const isEquals = kinds[0] === 'equals';
    const valueNode = get(kinds[0]!)!.value;
    const values: string[] = [];
    let bad = false;
    const addValue = (v: unknown, at: unknown) => {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') values.push(String(v).trim());
      else {
        bad = true;
        this.error(deref(this.doc, at), 'descriptor-where', `where.${kinds[0]} values must be text, found ${describeNode(deref(this.doc, at))}`, 'values are compared with the cell as text, e.g. in: [1, 2, "03"]');
      }
    };
    if (isEquals) addValue(scalarValue(deref(this.doc, valueNode)), valueNode);
    else {
      const list = seqItems(deref(this.doc, valueNode));
      if (!list || list.length === 0) {
        this.error(deref(this.doc, valueNode), 'descriptor-where', `where.in must be a non-empty list, found ${describeNode(deref(this.doc, valueNode))}`, 'in: [1, 2, 3]');
        return undefined;
      }
      for (const x of list) addValue(scalarValue(deref(this.doc, x)), x);
    }
    if (bad) return undefined;
    return { kind: 'in', column, values, isEquals, at: this.at(n) };
  }

  private readNumbers(node: unknown): NumberFormat {
    const out: NumberFormat = { ...DEFAULT_NUMBERS };
    for (const e of this.entries(node, "'numbers'", ['decimal', 'thousands', 'percent'])) {
      const n = deref(this.doc, e.value);
      const v = scalarValue(n);
      if (e.key === 'decimal') {
        if (v === '.' || v === ',') out.decimal = v;
        else this.error(n, 'descriptor-numbers', `numbers.decimal must be "." or ",", found ${describeNode(n)}`, 'numbers: { decimal: ",", thousands: "." } reads 1.234,5 as 1234.5');
      } else if (e.key === 'thousands') {
        if (v === ',' || v === '.' || v === ' ' || v === "'" || v === '' || v === null) out.thousands = v === null ? '' : String(v);
        else this.error(n, 'descriptor-numbers', `numbers.thousands must be ",", ".", " " or "'", found ${describeNode(n)}`, 'the character that groups thousands, dropped before reading');
      } else if (typeof v === 'boolean') out.percent = v;
      else this.error(n, 'descriptor-numbers', `numbers.percent must be true or false, found ${describeNode(n)}`, 'percent: true accepts and drops a trailing %');
    }
    if (out.thousands !== '' && out.thousands === out.decimal) {
      this.error(deref(this.doc, node), 'descriptor-numbers', `numbers.thousands and numbers.decimal are both '${out.decimal}'`, 'one character cannot both group thousands and mark decimals');
    }
    return out;
  }
}
