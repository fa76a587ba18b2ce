// Descriptors: how to read a CSV as publishers ship it (wide tables, fixed values, number formats,
// missing markers, totals rows, the file's source). A descriptor is YAML next to its CSV
// (`x.csv` + `x.yaml`), an entry of `sources.yaml`, or a Frictionless Data Package resource.
import { clip } from '../format.js';
import type { Finding, Location } from '../types.js';
import { deref, describeNode, mapEntries, positionOf, scalarSource, scalarValue, seqItems, type YamlDoc, type YamlMapEntry } from '../yaml-nodes.js';

export const TARGET_FIELDS = ['region', 'metric', 'period', 'value', 'unit', 'source', 'note', 'from', 'to', 'change_percent'] as const;
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
  unpivot?: { columns: ColumnRef[]; into: 'region' | 'period' | 'metric'; at: Location };
  rename: { region: Map<string, ColumnRef>; metric: Map<string, ColumnRef> };
  numbers: NumberFormat;
  missing: string[];
  /** Field delimiter: "," unless the descriptor says otherwise (";" is common in European exports). */
  delimiter: string;
  skip: Array<{ column: ColumnRef; values: string[] }>;
  totals: Array<{ column: ColumnRef; total: string; tolerance: number; at: Location }>;
  source?: FileSource;
}

export const DEFAULT_NUMBERS: NumberFormat = { decimal: '.', thousands: '', percent: false };

export function defaultSpec(csvPath: string): TableSpec {
  return { csvPath, columns: {}, fixed: {}, rename: { region: new Map(), metric: new Map() }, numbers: DEFAULT_NUMBERS, missing: [''], delimiter: ',', skip: [], totals: [] };
}

const RESOURCE_FIELDS = ['path', 'source', 'columns', 'fixed', 'unpivot', 'rename', 'numbers', 'missing', 'delimiter', 'skip', 'totals'] as const;

/** Reads descriptor YAML into TableSpecs, collecting every problem with its position. */
export class DescriptorReader {
  readonly findings: Finding[] = [];
  constructor(
    private readonly doc: YamlDoc,
    private readonly resolvePath: (relative: string) => string,
  ) {}

  at(node: unknown): Location {
    return { file: this.doc.file, ...positionOf(this.doc, node) };
  }

  error(node: unknown, code: string, message: string, hint: string): void {
    this.findings.push({ severity: 'error', code, ...this.at(node), message, hint });
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
      this.error(root, 'descriptor-shape', `a descriptor must be a mapping, found ${describeNode(root)}`, 'see README, "Descriptors"');
      return [];
    }
    const resources = top.find((e) => e.key === 'resources');
    if (resources) {
      for (const e of top) if (e.key !== 'resources') this.error(e.keyNode, 'descriptor-unknown-field', `unknown top-level key '${clip(e.key)}' beside 'resources'`, "a sources file holds one key, 'resources:', a list of descriptors");
      const items = seqItems(deref(this.doc, resources.value)) ?? [];
      return items.flatMap((item) => {
        const spec = this.readResource(item, undefined);
        return spec ? [spec] : [];
      });
    }
    const spec = this.readResource(root, defaultCsv);
    return spec ? [spec] : [];
  }

  readResource(node: unknown, defaultCsv: string | undefined, extra: readonly string[] = []): TableSpec | undefined {
    const entries = this.entries(node, 'a descriptor', [...RESOURCE_FIELDS, ...extra]);
    const get = (k: string) => entries.find((e) => e.key === k);
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
      const u = this.entries(unpivot.value, "'unpivot'", ['columns', 'into']);
      const into = u.find((e) => e.key === 'into');
      const cols = u.find((e) => e.key === 'columns');
      const intoValue = into ? this.text(into.value, 'unpivot.into') : undefined;
      if (!into || !cols) this.error(deref(this.doc, unpivot.value), 'descriptor-unpivot', "'unpivot' needs 'columns' (the value columns) and 'into' (region, period or metric)", 'unpivot: { columns: [Punjab, Sindh], into: region }');
      else if (intoValue !== 'region' && intoValue !== 'period' && intoValue !== 'metric') {
        this.error(deref(this.doc, into.value), 'descriptor-unpivot', `unpivot.into must be region, period or metric, found '${clip(intoValue ?? '')}'`, 'the column names become this field');
      } else {
        spec.unpivot = {
          into: intoValue,
          columns: this.textList(cols.value, 'unpivot.columns').map(({ value, node: n }) => ({ name: value, at: this.at(n) })),
          at: this.at(deref(this.doc, unpivot.value)),
        };
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
    const skip = get('skip');
    if (skip) {
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
