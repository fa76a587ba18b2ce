// Descriptor keys that say what the numbers and periods of a file mean (docs/evidence.md, "Measures" and
// "Period columns"): `measure:` for the whole file, `measures:` per metric or per value column, and
// `periods:` for the period column's form, granularity and fiscal year. Kept apart from the layout
// keys of descriptor.ts: these change what a number means, not where it is.
import { clip } from '../../format.js';
import { contains, makeFiscalYear, parsePeriod, parsePeriodAs, periodHolding, PERIOD_FORMS, PERIOD_PATTERNS, type PeriodFormName } from '../../period.js';
import type { Finding, Granularity, Location, Measure, Period, Rollup } from '../../types.js';
import { MEASURES, ROLLUPS } from '../../types.js';
import { deref, describeNode, mapEntries, scalarSource, scalarValue, seqItems, type YamlDoc, type YamlMapEntry } from '../../yaml-nodes.js';
import { ALLOWED_ROLLUPS } from './measure.js';

/** One declaration: any of measure, roll-up and partial coverage, with where it was written. */
export interface MeasureDeclaration {
  measure?: Measure;
  rollup?: Rollup;
  partial?: boolean;
  at: Location;
}

export interface MeasureDeclarations {
  /** `measure:` — every series of the file. */
  file?: MeasureDeclaration;
  /** `measures: [{ metric: NAME, … }]` — by metric, as the file writes it or as renamed (trimmed, any case). */
  metrics: Map<string, MeasureDeclaration>;
  /** `measures: [{ column: HEADER, … }]` — by value column (wide tables, aggregate sums). */
  columns: Map<string, MeasureDeclaration>;
}

/** `periods:` — how the period column (or unpivoted period headers) is written. */
export interface PeriodDeclaration {
  /** Every cell must take this form; absent: any recognised form. */
  format?: PeriodFormName | 'fiscal-year';
  /** Read each cell as the period of this granularity that holds it (a date read as its month). */
  by?: Granularity;
  /** First month (1–12) of the publisher's year, for fiscal years (`FY2018`, `2017/18`). */
  fiscalStart?: number;
  /** How a fiscal year is named: by the calendar year it ends in (FY2018 = 2017/18, the default) or starts in. */
  fiscalNamedBy: 'end' | 'start';
  at: Location;
}

export const MEASURE_KEYS = ['measure', 'measures', 'periods'] as const;
const MEASURE_EXAMPLE = 'measure: count   (or level, rate, amount; or { measure: level, rollup: last, coverage: partial })';
const MEASURES_EXAMPLE = 'measures: [{ metric: cameras_installed, measure: level, rollup: last }, { column: Cost, measure: amount }]';
const PERIOD_FORMATS = [...Object.keys(PERIOD_PATTERNS), 'fiscal-year'] as const;
const PERIOD_BY: readonly Granularity[] = ['year', 'fiscal-year', 'quarter', 'month', 'week', 'day'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

interface Reader {
  readonly yamlDoc: YamlDoc;
  readonly findings: Finding[];
  at(node: unknown): Location;
  error(node: unknown, code: string, message: string, hint: string): void;
}

/** Read `measure:`, `measures:` and `periods:` of one descriptor. */
export function readMeaningKeys(reader: Reader, get: (k: string) => YamlMapEntry | undefined): { measures?: MeasureDeclarations; periods?: PeriodDeclaration } {
  const out: { measures?: MeasureDeclarations; periods?: PeriodDeclaration } = {};
  const file = get('measure');
  const rules = get('measures');
  if (file || rules) {
    const decl: MeasureDeclarations = { metrics: new Map(), columns: new Map() };
    if (file) {
      const d = readDeclaration(reader, file.value, "'measure'", []);
      if (d) decl.file = d.declaration;
    }
    if (rules) {
      const items = seqItems(deref(reader.yamlDoc, rules.value));
      if (!items) reader.error(deref(reader.yamlDoc, rules.value), 'descriptor-measure', `'measures' must be a list of rules, found ${describeNode(deref(reader.yamlDoc, rules.value))}`, MEASURES_EXAMPLE);
      for (const item of items ?? []) {
        const d = readDeclaration(reader, item, 'a measures rule', ['metric', 'column']);
        if (!d) continue;
        if (!d.metric && !d.column) {
          reader.error(deref(reader.yamlDoc, item), 'descriptor-measure', "a measures rule needs 'metric' or 'column': which series it declares", MEASURES_EXAMPLE);
          continue;
        }
        if (d.metric && d.column) {
          reader.error(deref(reader.yamlDoc, item), 'descriptor-measure', "a measures rule takes 'metric' or 'column', not both", MEASURES_EXAMPLE);
          continue;
        }
        const [map, name, kind] = d.metric ? [decl.metrics, d.metric, 'metric'] : [decl.columns, d.column!, 'column'];
        const key = name.trim().toLowerCase();
        if (map.has(key)) reader.error(deref(reader.yamlDoc, item), 'descriptor-measure', `the ${kind} '${clip(name)}' is declared twice in 'measures'`, 'keep one rule per metric or column');
        else map.set(key, d.declaration);
      }
    }
    out.measures = decl;
  }
  const periods = get('periods');
  if (periods) {
    const p = readPeriods(reader, periods.value);
    if (p) out.periods = p;
  }
  return out;
}

/**
 * A data package's schema field may say what its numbers are: `{ name: deaths, type: integer,
 * measure: count }` (custom properties are allowed by the standard). Its other properties are the
 * standard's, and not checked here.
 */
export function readFieldMeasure(reader: Reader, field: unknown, measures: MeasureDeclarations): void {
  const n = deref(reader.yamlDoc, field);
  const all = mapEntries(n) ?? [];
  const name = scalarValue(deref(reader.yamlDoc, all.find((e) => e.key === 'name')?.value));
  const own = all.filter((e) => e.key === 'measure' || e.key === 'rollup' || e.key === 'coverage');
  if (own.length === 0 || typeof name !== 'string') return;
  const d = readDeclaration(reader, n, `field '${clip(name)}'`, ['column'], own);
  if (d) measures.columns.set(name.trim().toLowerCase(), d.declaration);
}

function readDeclaration(reader: Reader, node: unknown, what: string, selectors: string[], only?: YamlMapEntry[]): { declaration: MeasureDeclaration; metric?: string; column?: string } | undefined {
  const n = deref(reader.yamlDoc, node);
  const word = scalarValue(n);
  if (typeof word === 'string' && selectors.length === 0) {
    const measure = measureWord(reader, n, word, what);
    return measure ? { declaration: { measure, at: reader.at(n) } } : undefined;
  }
  const entries = only ?? mapEntries(n);
  if (!entries) {
    reader.error(n, 'descriptor-measure', `${what} must be ${selectors.length ? 'a mapping' : 'a measure or a mapping'}, found ${describeNode(n)}`, selectors.length ? MEASURES_EXAMPLE : MEASURE_EXAMPLE);
    return undefined;
  }
  const allowed = [...selectors, 'measure', 'rollup', 'coverage'];
  const declaration: MeasureDeclaration = { at: reader.at(n) };
  let ok = true;
  const out: { declaration: MeasureDeclaration; metric?: string; column?: string } = { declaration };
  for (const e of entries) {
    const v = deref(reader.yamlDoc, e.value);
    const text = scalarValue(v);
    const asText = typeof text === 'string' ? text : typeof text === 'number' ? scalarSource(v) ?? String(text) : undefined;
    if (!allowed.includes(e.key)) {
      reader.error(e.keyNode, 'descriptor-unknown-field', `unknown field '${clip(e.key)}' in ${what}`, `${what} takes: ${allowed.join(', ')}`);
      ok = false;
    } else if (asText === undefined) {
      reader.error(v, 'descriptor-type', `${what}: '${e.key}' must be text, found ${describeNode(v)}`, selectors.length ? MEASURES_EXAMPLE : MEASURE_EXAMPLE);
      ok = false;
    } else if (e.key === 'metric' || e.key === 'column') out[e.key] = asText;
    else if (e.key === 'measure') {
      const m = measureWord(reader, v, asText, `${what}: measure`);
      if (m) declaration.measure = m;
      else ok = false;
    } else if (e.key === 'rollup') {
      if ((ROLLUPS as readonly string[]).includes(asText)) declaration.rollup = asText as Rollup;
      else {
        reader.error(v, 'descriptor-measure', `${what}: rollup must be sum, mean, last or first, found '${clip(asText)}'`, 'levels and rates take the mean of the sub-periods (default), the last (e.g. cameras installed at year end) or the first; counts and amounts sum');
        ok = false;
      }
    } else if (asText === 'partial' || asText === 'full') declaration.partial = asText === 'partial';
    else {
      reader.error(v, 'descriptor-measure', `${what}: coverage must be full or partial, found '${clip(asText)}'`, 'coverage: partial rolls up the sub-periods present (the report says which are missing); by default every sub-period is needed');
      ok = false;
    }
  }
  if (ok && declaration.measure && declaration.rollup && !ALLOWED_ROLLUPS[declaration.measure].includes(declaration.rollup)) {
    reader.error(n, 'descriptor-measure', `${what}: ${declaration.measure === 'amount' ? 'an' : 'a'} ${declaration.measure} cannot roll up by '${declaration.rollup}'`, rollupHint(declaration.measure));
    ok = false;
  }
  return ok ? out : undefined;
}

export function rollupHint(measure: Measure): string {
  return measure === 'count' || measure === 'amount'
    ? `a ${measure} adds up over time (rollup: sum); if the numbers are readings that do not add up, declare measure: level`
    : `a ${measure} does not add up over time: rollup mean (the default), last or first; if the numbers do add up, declare measure: amount or count`;
}

function measureWord(reader: Reader, node: unknown, word: string, what: string): Measure | undefined {
  const w = word.trim().toLowerCase();
  if ((MEASURES as readonly string[]).includes(w)) return w as Measure;
  reader.error(node, 'descriptor-measure', `${what} must be count, level, rate or amount, found '${clip(word)}'`, 'count: events (Poisson applies); level: a stock or reading (cameras, ppm, jobs); rate: per capita, percent, share; amount: money and other sums that add over time');
  return undefined;
}

function readPeriods(reader: Reader, node: unknown): PeriodDeclaration | undefined {
  const n = deref(reader.yamlDoc, node);
  const entries = mapEntries(n);
  const example = 'periods: { format: datetime, by: month }   or   periods: { format: fiscal-year, fiscal_year_start: july }';
  if (!entries) {
    reader.error(n, 'descriptor-periods', `'periods' must be a mapping, found ${describeNode(n)}`, example);
    return undefined;
  }
  const decl: PeriodDeclaration = { fiscalNamedBy: 'end', at: reader.at(n) };
  let ok = true;
  for (const e of entries) {
    const v = deref(reader.yamlDoc, e.value);
    const raw = scalarValue(v);
    const text = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : undefined;
    const fail = (message: string, hint: string) => {
      reader.error(v, 'descriptor-periods', message, hint);
      ok = false;
    };
    if (e.key === 'format') {
      if (text && (PERIOD_FORMATS as readonly string[]).includes(text)) decl.format = text as PeriodDeclaration['format'];
      else fail(`periods.format must be one of ${PERIOD_FORMATS.join(', ')}, found ${describeNode(v)}`, 'year: 2019; quarter: 2019-Q1 or 2019Q1; month: 2019-01 or 2019M01; week: 2019-W05; date: 2019-01-31; datetime: 2019-01-31T10:00:00; fiscal-year: FY2019, 2018/19 or 2018-19');
    } else if (e.key === 'by') {
      if (text && (PERIOD_BY as readonly string[]).includes(text)) decl.by = text as Granularity;
      else fail(`periods.by must be one of ${PERIOD_BY.join(', ')}, found ${describeNode(v)}`, 'each cell is read as the period of this granularity that holds it: by: month reads 2019-01-01 (or 2019-01-01T00:00) as 2019-01');
    } else if (e.key === 'fiscal_year_start') {
      const month = typeof raw === 'number' ? raw : text ? MONTHS.indexOf(text.toLowerCase()) + 1 : 0;
      if (Number.isInteger(month) && month >= 2 && month <= 12) decl.fiscalStart = month;
      else fail(`periods.fiscal_year_start must be a month from 2 to 12 (or its name), found ${describeNode(v)}`, 'fiscal_year_start: july reads FY2018 as July 2017 to June 2018; a year that starts in January is a calendar year');
    } else if (e.key === 'fiscal_year_named_by') {
      if (text === 'end' || text === 'start') decl.fiscalNamedBy = text;
      else fail(`periods.fiscal_year_named_by must be end or start, found ${describeNode(v)}`, 'end: FY2018 ends in 2018 (July 2017 to June 2018); start: FY2018 starts in 2018');
    } else {
      reader.error(e.keyNode, 'descriptor-unknown-field', `unknown field '${clip(e.key)}' in 'periods'`, "'periods' takes: format, by, fiscal_year_start, fiscal_year_named_by");
      ok = false;
    }
  }
  if (ok && (decl.format === 'fiscal-year' || decl.by === 'fiscal-year') && !decl.fiscalStart) {
    reader.error(n, 'descriptor-periods', 'fiscal years need their first month: periods.fiscal_year_start', 'fiscal_year_start: july (FY2018 = July 2017 to June 2018)');
    ok = false;
  }
  if (ok && decl.fiscalStart && !decl.format && !decl.by) decl.format = 'fiscal-year';
  return ok ? decl : undefined;
}

/**
 * How to read a period cell under a `periods:` declaration (or none): the period, or why the cell is
 * not one. FY cells need a declared fiscal year start; `by` reads a cell as the period that holds it.
 */
export function periodCellReader(decl: PeriodDeclaration | undefined): (text: string) => Period | { error: string; hint: string } {
  const forms = `write periods as ${PERIOD_FORMS}`;
  return (text) => {
    const t = text.trim();
    let p: Period | undefined;
    if (decl?.format === 'fiscal-year') {
      p = fiscalCell(t, decl);
      if (!p) return { error: `period '${clip(t, 40)}' is not a fiscal year`, hint: `periods.format is fiscal-year: write FY2018, 2017/18 or 2017-18 (${decl.fiscalNamedBy === 'end' ? 'FY2018 ends in 2018' : 'FY2018 starts in 2018'})` };
    } else if (decl?.format) {
      p = parsePeriodAs(t, decl.format);
      if (!p) return { error: `period '${clip(t, 40)}' is not a ${decl.format} period`, hint: `periods.format is ${decl.format}: every cell must take that form (${FORM_EXAMPLES[decl.format]})` };
    } else {
      p = parsePeriod(t);
      if (!p) return { error: `period '${clip(t, 40)}' is not a period`, hint: forms };
      if (p.granularity === 'fiscal-year') {
        if (!decl?.fiscalStart) return { error: `period '${clip(t, 40)}' is a fiscal year, but the file does not say when its year starts`, hint: 'declare it in a descriptor: periods: { fiscal_year_start: july } reads FY2018 as July 2017 to June 2018' };
        p = fiscalCell(t, decl);
        if (!p) return { error: `period '${clip(t, 40)}' is not a fiscal year`, hint: forms };
      }
    }
    if (decl?.by && decl.by !== p.granularity) {
      const holding = periodHolding(decl.by, p.startDay, decl.fiscalStart);
      if (!contains(holding, p)) {
        return { error: `period '${clip(t, 40)}' is a ${p.granularity}, which does not lie inside one ${decl.by}`, hint: `periods.by: ${decl.by} reads each cell as the ${decl.by} that holds it; a longer period cannot be split` };
      }
      p = holding;
    }
    return p;
  };
}

const FORM_EXAMPLES: Record<PeriodFormName, string> = { year: '2019', quarter: '2019-Q1 or 2019Q1', month: '2019-01 or 2019M01', week: '2019-W05', date: '2019-01-31', datetime: '2019-01-31T10:00:00 or 2019-01-31 10:00' };

function fiscalCell(text: string, decl: PeriodDeclaration): Period | undefined {
  const start = decl.fiscalStart!;
  const named = (year: number) => makeFiscalYear(decl.fiscalNamedBy === 'end' ? year : year + 1, start);
  let m = text.match(/^(?:FY\s?)?(\d{4})$/i);
  if (m) return named(Number(m[1]));
  m = text.match(/^(?:FY\s?)?(\d{4})\s?[/-]\s?(\d{2}|\d{4})$/i);
  if (m) {
    const first = Number(m[1]);
    const second = m[2]!.length === 2 ? Math.floor(first / 100) * 100 + Number(m[2]) + (Number(m[2]) < first % 100 ? 100 : 0) : Number(m[2]);
    return second === first + 1 ? makeFiscalYear(second, start) : undefined;
  }
  return undefined;
}
