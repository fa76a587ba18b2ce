// The regions and metrics of --evidence (with its taxonomy's aliases, groups and derived metrics),
// and how a sentence's words are matched against them.
import type { Taxonomy } from '../taxonomy/index.js';
import type { EvidenceSet } from '../types.js';

export interface Name {
  /** The name as the evidence (or taxonomy) writes it: what the claim's field gets. */
  canonical: string;
  /** A spelling to look for in the text: the name itself or an alias. */
  spelling: string;
}

export interface Vocabulary {
  regions: Name[];
  metrics: Name[];
}

export function emptyVocabulary(): Vocabulary {
  return { regions: [], metrics: [] };
}

/** Every region and metric name an audit against this evidence would recognise. */
export function vocabularyOf(evidence: EvidenceSet, taxonomy: Taxonomy): Vocabulary {
  const regions = new Map<string, Name>();
  const metrics = new Map<string, Name>();
  const add = (into: Map<string, Name>, canonical: string, spelling: string) => {
    const key = `${canonical}\u0000${spelling}`;
    if (!into.has(key)) into.set(key, { canonical, spelling });
  };
  for (const s of evidence.series) {
    add(regions, s.region, s.region);
    add(metrics, s.metric, s.metric);
  }
  for (const c of evidence.changes) {
    add(regions, c.region, c.region);
    add(metrics, c.metric, c.metric);
  }
  const canonicalOf = (aliases: Map<string, string>, known: Map<string, Name>, name: string) => [...known.values()].find((n) => n.canonical.toLowerCase() === name.toLowerCase())?.canonical ?? name;
  for (const [alias, canonical] of taxonomy.regionAliases) add(regions, canonicalOf(taxonomy.regionAliases, regions, canonical), alias);
  for (const [alias, canonical] of taxonomy.metricAliases) add(metrics, canonicalOf(taxonomy.metricAliases, metrics, canonical), alias);
  for (const g of taxonomy.regionGroups) add(regions, g.name, g.name);
  for (const d of taxonomy.derivedMetrics) add(metrics, d.name, d.name);
  const order = (a: Name, b: Name) => (a.canonical < b.canonical ? -1 : a.canonical > b.canonical ? 1 : a.spelling < b.spelling ? -1 : a.spelling > b.spelling ? 1 : 0);
  return { regions: [...regions.values()].sort(order), metrics: [...metrics.values()].sort(order) };
}

export interface NameMatch {
  canonical: string;
  /** The words in the text that matched, as written. */
  text: string;
  start: number;
  end: number;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Regions named in `text`: whole words, case-insensitive, except short spellings (KP, GB, ICT) which
 * must be written as the taxonomy writes them. The longest spelling wins where two overlap.
 */
export function findRegions(text: string, vocabulary: Vocabulary): NameMatch[] {
  const hits: NameMatch[] = [];
  for (const n of vocabulary.regions) {
    const spelling = n.spelling.trim();
    if (spelling.length < 2) continue;
    const caseSensitive = spelling.length <= 4 && spelling === spelling.toUpperCase();
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escape(spelling).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, caseSensitive ? 'gu' : 'giu');
    for (const m of text.matchAll(re)) hits.push({ canonical: n.canonical, text: m[0], start: m.index!, end: m.index! + m[0].length });
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: NameMatch[] = [];
  for (const h of hits) if (!kept.some((k) => h.start < k.end && h.end > k.start)) kept.push(h);
  return kept;
}

/** Word forms read as one: plurals, and a few adjectives for their nouns. */
const LEMMAS: Record<string, string> = { vehicular: 'vehicle', violence: 'violent', criminal: 'crime', crimes: 'crime', thefts: 'theft', robberies: 'robbery', burglaries: 'burglary', murders: 'murder', kidnappings: 'kidnapping', abductions: 'abduction', cameras: 'camera', riots: 'rioting', riot: 'rioting', offences: 'crime', offenses: 'crime', recorded: 'recorded', reported: 'reported' };
const STOP = new Set(['of', 'and', 'the', 'a', 'an', 'in', 'to', 'for', 'on', 'by', 'with', 'against', 'involving', 'number', 'total', 'all', 'overall']);

function lemma(word: string): string {
  const w = word.toLowerCase();
  if (LEMMAS[w]) return LEMMAS[w]!;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('s') && !w.endsWith('ss') && w.length > 3) return w.slice(0, -1);
  return w;
}

function words(text: string): Array<{ lemma: string; start: number; end: number }> {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({ lemma: lemma(m[0]), start: m.index!, end: m.index! + m[0].length })).filter((w) => !STOP.has(w.lemma));
}

/**
 * The metric whose words are all in `text` (its name split at underscores and spaces, plurals and a
 * few adjectives read as their nouns: "crimes against property" is property_crime). The metric with
 * the most words wins; a tie between different metrics is no match (the field is left to the reviewer,
 * with the candidates). Returns the metric, or the tied candidates.
 */
export function findMetric(text: string, vocabulary: Vocabulary, fits: (metric: string) => boolean = () => true): { match?: NameMatch; candidates: string[] } {
  const textWords = words(text);
  let best: Array<NameMatch & { size: number }> = [];
  for (const n of vocabulary.metrics) {
    if (!fits(n.canonical)) continue;
    const need = words(n.spelling.replace(/_/g, ' '));
    if (need.length === 0) continue;
    const positions: Array<{ start: number; end: number }> = [];
    let ok = true;
    for (const w of need) {
      const hit = textWords.find((t) => t.lemma === w.lemma);
      if (!hit) {
        ok = false;
        break;
      }
      positions.push(hit);
    }
    if (!ok) continue;
    const start = Math.min(...positions.map((p) => p.start));
    const end = Math.max(...positions.map((p) => p.end));
    // The words must be near one another: a metric's words spread over a whole sentence are chance.
    if (end - start > 40 + 10 * need.length) continue;
    const m = { canonical: n.canonical, text: text.slice(start, end), start, end, size: need.length };
    if (best.length === 0 || m.size > best[0]!.size) best = [m];
    else if (m.size === best[0]!.size) best.push(m);
  }
  const distinct = [...new Set(best.map((b) => b.canonical))].sort();
  if (distinct.length === 1) {
    const { size: _size, ...match } = best[0]!;
    return { match, candidates: distinct };
  }
  return { candidates: distinct };
}

/** Whether a metric counts what a number counts: its name holds the counted noun ("cameras" → cameras_offline). */
export function metricCounts(metric: string, counted: string): boolean {
  const noun = words(counted).pop()?.lemma;
  return noun !== undefined && words(metric.replace(/_/g, ' ')).some((w) => w.lemma === noun);
}
