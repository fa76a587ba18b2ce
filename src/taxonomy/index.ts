// Taxonomy: which names are one region or metric, region groups, derived metrics, population series.
// Read from `taxonomy.yaml` in claims/ or evidence/.
import { clip } from '../format.js';
import { DEFAULT_MAX_YAML_BYTES, isFinding, listInputFiles, readTextFile, toInput } from '../files.js';
import { normaliseName } from '../names.js';
import { addCountryAliases } from './countries.js';
import type { Finding, InputFile, Location } from '../types.js';
import { deref, describeNode, mapEntries, parseYaml, scalarValue, seqItems, YamlLimitError, type YamlDoc, YamlNodeReader } from '../yaml-nodes.js';

export interface RegionGroup {
  name: string;
  /** `total − minus…` (a comparison area that excludes the treated city), or a sum of regions. */
  total?: string;
  minus: string[];
  sum: string[];
  at: Location;
}

export interface DerivedMetric {
  name: string;
  sum: string[];
  note?: string;
  at: Location;
}

export interface Taxonomy {
  regionAliases: Map<string, string>;
  metricAliases: Map<string, string>;
  regionGroups: RegionGroup[];
  derivedMetrics: DerivedMetric[];
  /** The metric holding population (for rates), with per-region overrides. */
  population: { metric: string; regions: Map<string, { region: string; metric: string }> };
  /** `country_codes: iso3166`: ISO 3166-1 codes and names are region aliases (countries.ts). */
  countryCodes?: Location;
}

export function emptyTaxonomy(): Taxonomy {
  return { regionAliases: new Map(), metricAliases: new Map(), regionGroups: [], derivedMetrics: [], population: { metric: 'population', regions: new Map() } };
}

/** The canonical name of a region (its alias resolved), as the taxonomy writes it. */
export function canonicalRegion(t: Taxonomy, name: string): string {
  return t.regionAliases.get(normaliseName(name)) ?? name.trim();
}

export function canonicalMetric(t: Taxonomy, name: string): string {
  return t.metricAliases.get(normaliseName(name)) ?? name.trim();
}

/** A readable definition of a derived metric or region group, shown wherever it is used. */
export function describeDerivedMetric(d: DerivedMetric): string {
  return `${d.name} = ${d.sum.join(' + ')}${d.note ? ` (${d.note})` : ''}`;
}

export function describeRegionGroup(g: RegionGroup): string {
  return g.total !== undefined ? `${g.name} = ${g.total} − ${g.minus.join(' − ')}` : `${g.name} = ${g.sum.join(' + ')}`;
}

const TOP = ['regions', 'metrics', 'region_groups', 'derived_metrics', 'population', 'country_codes'] as const;

class TaxonomyReader extends YamlNodeReader {
  constructor(
    doc: YamlDoc,
    private readonly t: Taxonomy,
    private readonly seen: Map<string, Location>,
  ) {
    super(doc);
  }

  private names(node: unknown, what: string): string[] {
    const n = deref(this.doc, node);
    const items = seqItems(n);
    const list = items ?? [n];
    const out: string[] = [];
    for (const item of list) {
      const v = scalarValue(deref(this.doc, item));
      if (typeof v === 'string' || typeof v === 'number') out.push(String(v).trim());
      else this.error(deref(this.doc, item), 'taxonomy-type', `${what} must be a name or a list of names, found ${describeNode(deref(this.doc, item))}`, 'write: [Name one, Name two]');
    }
    return out;
  }

  private map(node: unknown, what: string) {
    const n = deref(this.doc, node);
    const entries = mapEntries(n);
    if (!entries) this.error(n, 'taxonomy-type', `${what} must be a mapping, found ${describeNode(n)}`, 'see docs/evidence.md, "Taxonomy"');
    return entries ?? [];
  }

  read(): void {
    const root = deref(this.doc, this.doc.root);
    if (root === null || root === undefined) return;
    for (const e of this.map(root, 'a taxonomy file')) {
      if (!(TOP as readonly string[]).includes(e.key)) {
        this.error(e.keyNode, 'taxonomy-unknown-field', `unknown top-level key '${clip(e.key)}'`, `a taxonomy has: ${TOP.join(', ')}`);
        continue;
      }
      if (e.key === 'regions' || e.key === 'metrics') this.readAliases(e.value, e.key === 'regions' ? this.t.regionAliases : this.t.metricAliases, e.key);
      else if (e.key === 'region_groups') this.readGroups(e.value);
      else if (e.key === 'derived_metrics') this.readDerived(e.value);
      else if (e.key === 'country_codes') this.readCountryCodes(e.value);
      else this.readPopulation(e.value);
    }
  }

  /** `Canonical: [alias, alias]`. An alias under two names is ambiguous: an error, never a silent pick. */
  private readAliases(node: unknown, into: Map<string, string>, kind: string): void {
    for (const e of this.map(node, kind)) {
      const canonical = e.key.trim();
      const aliases = scalarValue(deref(this.doc, e.value)) === null ? [] : this.names(e.value, `the aliases of '${clip(canonical)}'`);
      for (const alias of [canonical, ...aliases]) {
        const key = normaliseName(alias);
        const prior = into.get(key);
        if (prior !== undefined && prior !== canonical) {
          const where = this.seen.get(`${kind}|${key}`);
          this.error(e.keyNode, 'taxonomy-ambiguous', `'${clip(alias)}' is listed under two ${kind}: '${clip(prior)}' and '${clip(canonical)}'`, `a name may stand for one ${kind.slice(0, -1)} only${where ? ` (first at ${where.file}:${where.line})` : ''}`);
          continue;
        }
        into.set(key, canonical);
        if (!this.seen.has(`${kind}|${key}`)) this.seen.set(`${kind}|${key}`, this.at(e.keyNode));
      }
    }
  }

  private readGroups(node: unknown): void {
    for (const e of this.map(node, 'region_groups')) {
      const fields = this.map(e.value, `region group '${clip(e.key)}'`);
      const get = (k: string) => fields.find((f) => f.key === k);
      for (const f of fields) if (!['total', 'minus', 'sum'].includes(f.key)) this.error(f.keyNode, 'taxonomy-unknown-field', `unknown field '${clip(f.key)}' in region group '${clip(e.key)}'`, "a group is { total: A, minus: [B] } or { sum: [A, B] }");
      const total = get('total');
      const minus = get('minus');
      const sum = get('sum');
      const group: RegionGroup = { name: e.key.trim(), minus: [], sum: [], at: this.at(e.keyNode) };
      if (total && minus && !sum) {
        const t = this.names(total.value, 'total');
        group.total = t[0];
        group.minus = this.names(minus.value, 'minus');
      } else if (sum && !total && !minus) group.sum = this.names(sum.value, 'sum');
      else {
        this.error(e.keyNode, 'taxonomy-group', `region group '${clip(e.key)}' needs either 'total' and 'minus', or 'sum'`, 'e.g. Pakistan excluding Islamabad: { total: Pakistan, minus: [Islamabad] }');
        continue;
      }
      this.t.regionGroups.push(group);
    }
  }

  private readDerived(node: unknown): void {
    for (const e of this.map(node, 'derived_metrics')) {
      const fields = this.map(e.value, `derived metric '${clip(e.key)}'`);
      for (const f of fields) if (!['sum', 'note'].includes(f.key)) this.error(f.keyNode, 'taxonomy-unknown-field', `unknown field '${clip(f.key)}' in derived metric '${clip(e.key)}'`, 'a derived metric is { sum: [a, b], note: "…" }');
      const sum = fields.find((f) => f.key === 'sum');
      if (!sum) {
        this.error(e.keyNode, 'taxonomy-derived', `derived metric '${clip(e.key)}' has no 'sum'`, 'violent_crime: { sum: [murder, robbery] }');
        continue;
      }
      const note = fields.find((f) => f.key === 'note');
      const noteText = note ? scalarValue(deref(this.doc, note.value)) : undefined;
      this.t.derivedMetrics.push({ name: e.key.trim(), sum: this.names(sum.value, 'sum'), ...(typeof noteText === 'string' ? { note: noteText } : {}), at: this.at(e.keyNode) });
    }
  }

  /** `country_codes: iso3166` switches on the built-in country aliases (applied once every file is read). */
  private readCountryCodes(node: unknown): void {
    const n = deref(this.doc, node);
    const v = scalarValue(n);
    if (typeof v === 'string' && v.trim().toLowerCase().replace(/[\s-]/g, '') === 'iso3166') this.t.countryCodes = this.at(n);
    else if (v !== false) this.error(n, 'taxonomy-country-codes', `country_codes must be iso3166, found ${describeNode(n)}`, 'country_codes: iso3166 makes ES, ESP and Spain one region (ISO 3166-1 alpha-2, alpha-3 and English names)');
  }

  private readPopulation(node: unknown): void {
    for (const e of this.map(node, 'population')) {
      if (e.key === 'metric') {
        const v = this.names(e.value, 'population.metric')[0];
        if (v) this.t.population.metric = v;
      } else if (e.key === 'regions') {
        for (const r of this.map(e.value, 'population.regions')) {
          const fields = this.map(r.value, `population of '${clip(r.key)}'`);
          const region = fields.find((f) => f.key === 'region');
          const metric = fields.find((f) => f.key === 'metric');
          this.t.population.regions.set(normaliseName(r.key), {
            region: region ? this.names(region.value, 'region')[0] ?? r.key : r.key,
            metric: metric ? this.names(metric.value, 'metric')[0] ?? this.t.population.metric : this.t.population.metric,
          });
        }
      } else this.error(e.keyNode, 'taxonomy-unknown-field', `unknown field '${clip(e.key)}' in population`, 'population takes: metric, regions');
    }
  }
}

export function parseTaxonomy(text: string, file: string, into: Taxonomy = emptyTaxonomy(), seen = new Map<string, Location>()): { taxonomy: Taxonomy; findings: Finding[] } {
  const { doc, findings } = parseYaml(text, file);
  if (!doc) return { taxonomy: into, findings };
  const reader = new TaxonomyReader(doc, into, seen);
  try {
    reader.read();
  } catch (e) {
    // Aliases expanded past their budget: stop reading this file, report that alone.
    if (e instanceof YamlLimitError) return { taxonomy: into, findings: [...findings, e.finding] };
    throw e;
  }
  return { taxonomy: into, findings: [...findings, ...reader.findings] };
}

export const TAXONOMY_FILES = new Set(['taxonomy.yaml', 'taxonomy.yml']);

/** Every taxonomy.yaml under the given claims and evidence paths, merged. Read under the YAML size limit (10 MiB, or `maxFileSize`). */
export function loadTaxonomy(paths: string[], cwd: string, options: { maxFileSize?: number } = {}): { taxonomy: Taxonomy; findings: Finding[]; inputs: InputFile[] } {
  const limits = { maxBytes: options.maxFileSize ?? DEFAULT_MAX_YAML_BYTES, what: 'taxonomy' };
  const { files } = listInputFiles(paths, cwd, ['.yaml', '.yml'], 'taxonomy');
  const taxonomy = emptyTaxonomy();
  const seen = new Map<string, Location>();
  const findings: Finding[] = [];
  const inputs: InputFile[] = [];
  for (const abs of files) {
    if (!TAXONOMY_FILES.has(abs.split(/[\\/]/).pop()!.toLowerCase())) continue;
    const file = readTextFile(abs, cwd, limits);
    if (isFinding(file)) {
      findings.push(file);
      continue;
    }
    inputs.push(toInput(file));
    findings.push(...parseTaxonomy(file.text, file.path, taxonomy, seen).findings);
  }
  // After every file: the taxonomy's own aliases decide a country's canonical name.
  if (taxonomy.countryCodes) addCountryAliases(taxonomy.regionAliases);
  return { taxonomy, findings, inputs };
}
