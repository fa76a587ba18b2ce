// Claims YAML → Claim values. Every problem is a finding with the line and column of the offending node.
import { isCalendarDate, parsePeriodSpec, PERIOD_FORMS, shiftMonths, shiftYears, yearProblem } from '../period.js';
import type { Claim, Claimed, ClaimedUnit, ClaimKind, Finding, Location, PeriodSpec, Source, UnitConversion } from '../types.js';
import { clip } from '../format.js';
import { lookAlikeLetters, showName } from '../names.js';
import { parseConversionText, parseUnitText, scaleWord, SCALE_WORD_LIST } from '../units.js';
import { deref, describeNode, mapEntries, parseYaml, scalarSource, scalarValue, seqItems, YamlLimitError, type YamlBounds, type YamlDoc, type YamlMapEntry, YamlNodeReader, type YamlParseOptions } from '../yaml-nodes.js';

export const CLAIM_FIELDS = [
  'id',
  'claimant',
  'claimant_type',
  'statement',
  'kind',
  'region',
  'metric',
  'change',
  'value',
  'baseline',
  'target',
  'sources',
  'note',
  'evidence',
  'compare_to',
  'tolerance',
  'unit',
  'conversion',
  'tags',
  'quote',
  'found_at',
] as const;
const SOURCE_FIELDS = ['publisher', 'title', 'date', 'url'] as const;
/** The longest horizon `within:` may name: past it, a typo (99999999y) rather than a forecast. */
const MAX_WITHIN_YEARS = 100;
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The longest id: short enough for a chart's file name (255 bytes) with room for its suffix. */
export const MAX_ID_LENGTH = 128;

/**
 * The value `claimcheck draft` writes where the text does not settle a field: `TODO`, alone or followed
 * by a colon and a suggestion (`region: "TODO: Islamabad or Pakistan?"`). It is never read as a value.
 */
export const DRAFT_PLACEHOLDER = /^TODO(?::.*)?$/s;

/** What to write in place of a draft placeholder, by field. */
const PLACEHOLDER_HINTS: Record<string, string> = {
  claimant: 'write who made the claim (a person, an organisation, or the publication itself)',
  kind: "write 'forecast' (a promise or projection) or 'result' (a reported achievement)",
  region: 'write the region as the evidence names it, or delete the line (the claim is then unverifiable)',
  metric: 'write the metric as the evidence names it, or delete the line (the claim is then unverifiable)',
  change: 'write the signed change, e.g. -15% or -30%..-28%',
  value: 'write the claimed level, e.g. 8000, 7500..8500 or ">= 8000"',
  baseline: 'write the period the change is measured from (e.g. 2015), or delete the line if the claim names none',
  target: "write the period the claim is about (e.g. 2018, 2020-01, or { within: 5y }), or delete the line if it names none",
  publisher: 'write who published the source',
  title: "write the source's title",
  date: "write the source's date (YYYY-MM-DD, YYYY-MM or YYYY), or delete the line",
  url: "write the source's URL, or delete the line",
};

const CHANGE_EXAMPLE = 'change: -15%   (a fall of 15%), a range: change: -30%..-28%, or a bound: change: ">= +100%" (more than doubled)';
const VALUE_EXAMPLE = 'value: 8000, a range value: 7500..8500, a bound value: ">= 8000", or with a scale word: value: 12 billion';

class ClaimReader extends YamlNodeReader {
  /** The ids of claims left out for their errors, for the check of repeated ids across all claims. */
  readonly rejectedIds: ClaimId[] = [];
  /** Warnings: kept apart from `findings`, whose growth marks a claim as invalid. */
  readonly warnings: Finding[] = [];

  readFile(): Claim[] {
    const root = deref(this.doc, this.doc.root);
    const top = mapEntries(root);
    if (!top) {
      this.error(root, 'claims-shape', `a claims file must be a mapping with a 'claims:' list, found ${describeNode(root)}`, 'start the file with "claims:" followed by a list of claims ("- id: ...")');
      return [];
    }
    let list: unknown;
    for (const entry of top) {
      if (entry.key === 'claims') list = deref(this.doc, entry.value);
      else if (entry.key !== '$schema') {
        this.error(entry.keyNode, 'unknown-top-level-key', `unknown top-level key '${clip(entry.key)}'`, "a claims file holds one key, 'claims:', a list of claims");
      }
    }
    if (list === undefined) {
      this.error(root, 'claims-missing', "no 'claims:' list in this file", 'add "claims:" followed by a list of claims ("- id: ...")');
      return [];
    }
    const items = seqItems(list);
    if (!items) {
      // `claims:` with nothing after it is an empty list, not an error worth stopping for.
      if (scalarValue(list) === null) return [];
      this.error(list, 'claims-shape', `'claims' must be a list, found ${describeNode(list)}`, 'write each claim as a list item starting with "- id: ..."');
      return [];
    }
    const claims: Claim[] = [];
    for (const item of items) {
      // A claim written as an alias (`- *other`) is located at the alias: that is where the repeat is.
      const claim = this.readClaim(deref(this.doc, item), item);
      if (claim) claims.push(claim);
    }
    return claims;
  }

  /**
   * A field `claimcheck draft` left to resolve: reported once, with its line, as a draft field; the
   * claim is then left out like any claim with an error, and the field is not checked further.
   */
  private placeholder(entry: YamlMapEntry | undefined, claimId: string | undefined): boolean {
    if (!entry) return false;
    const node = deref(this.doc, entry.value);
    const v = scalarValue(node);
    if (typeof v !== 'string' || !DRAFT_PLACEHOLDER.test(v.trim())) return false;
    const suggestion = v.trim().slice(5).trim();
    this.error(
      node,
      'draft-field',
      `draft field '${entry.key}' to resolve${suggestion ? ` (${clip(suggestion)})` : ''}`,
      PLACEHOLDER_HINTS[entry.key] ?? `replace TODO with the value, or delete the line`,
      claimId,
    );
    return true;
  }

  private text(entry: YamlMapEntry | undefined, field: string, claimId: string | undefined, required: boolean, owner: unknown): string | undefined {
    if (this.placeholder(entry, claimId)) return undefined;
    if (!entry) {
      if (required) this.error(owner, 'field-missing', `missing required field '${field}'`, `add '${field}:' to this ${field === 'publisher' || field === 'title' ? 'source' : 'claim'}`, claimId);
      return undefined;
    }
    const node = deref(this.doc, entry.value);
    const v = scalarValue(node);
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    // Text fields take what was written: `claimant: 007` is "007", not 7.
    if ((typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') && field !== 'id') return scalarSource(node) ?? String(v);
    // A list or mapping is not an empty value: it is the wrong type, and saying so beats dropping it.
    const isEmpty = v === null || (v === undefined && (node === null || node === undefined)) || (typeof v === 'string' && v.trim() === '');
    if (isEmpty) {
      if (required) this.error(node ?? entry.keyNode, 'field-empty', `'${field}' is empty`, `give '${field}' a value, or remove it`, claimId);
      return undefined;
    }
    this.error(node, 'field-type', `'${field}' must be text, found ${describeNode(node)}`, `write it as text: ${field}: "…"`, claimId);
    return undefined;
  }

  private readClaim(node: unknown, written: unknown = node): Claim | undefined {
    const entries = mapEntries(node);
    if (!entries) {
      this.error(node, 'claim-shape', `a claim must be a mapping of fields, found ${describeNode(node)}`, 'write a claim as "- id: my-claim" followed by its fields, indented');
      return undefined;
    }
    const errorsBefore = this.findings.length;
    const byKey = new Map<string, YamlMapEntry>();
    for (const e of entries) {
      if (!(CLAIM_FIELDS as readonly string[]).includes(e.key)) {
        this.error(e.keyNode, 'unknown-field', `unknown field '${clip(e.key)}'`, `a claim's fields are: ${CLAIM_FIELDS.join(', ')}`);
        continue;
      }
      byKey.set(e.key, e);
    }

    const idEntry = byKey.get('id');
    let id: string | undefined;
    if (!idEntry) this.error(node, 'field-missing', "missing required field 'id'", "add 'id:' with a unique name such as islamabad-violent-crime");
    else {
      const idNode = deref(this.doc, idEntry.value);
      const raw = scalarValue(idNode);
      if (typeof raw !== 'string') {
        this.error(idNode ?? idEntry.keyNode, 'id-type', `'id' must be text, found ${describeNode(idNode)}`, "quote it, e.g. id: \"claim-2018\"");
      } else if (!ID_PATTERN.test(raw)) {
        this.error(idNode, 'id-format', `'id' '${clip(raw)}' may use only a-z, 0-9 and single hyphens`, `for example: ${clip(suggestId(raw))}`);
      } else if (raw.length > MAX_ID_LENGTH) {
        // An id names the claim's chart file (--charts) and anchors in reports: file names stop at 255 bytes.
        this.error(idNode, 'id-length', `'id' is ${raw.length} characters long; ids are at most ${MAX_ID_LENGTH}`, `shorten it, e.g. ${clip(raw.slice(0, 40).replace(/-+$/, ''), 40)}`);
      } else id = raw;
    }

    const claimant = this.text(byKey.get('claimant'), 'claimant', id, true, node);
    const statement = this.text(byKey.get('statement'), 'statement', id, true, node);
    const claimantType = this.readClaimantType(byKey.get('claimant_type'), id);

    // Draft placeholders in the fields read below are reported here, once, and the field is treated as absent.
    const pending = new Set<string>();
    for (const field of ['kind', 'change', 'value', 'baseline', 'target'] as const) {
      if (this.placeholder(byKey.get(field), id)) {
        pending.add(field);
        byKey.delete(field);
      }
    }

    const kindEntry = byKey.get('kind');
    let kind: ClaimKind | undefined;
    if (!kindEntry) {
      if (!pending.has('kind')) this.error(node, 'field-missing', "missing required field 'kind'", "add 'kind: forecast' (a promise or projection) or 'kind: result' (a reported achievement)", id);
    } else {
      const kindNode = deref(this.doc, kindEntry.value);
      const v = scalarValue(kindNode);
      if (v === 'forecast' || v === 'result') kind = v;
      else this.error(kindNode ?? kindEntry.keyNode, 'kind-value', `'kind' must be 'forecast' or 'result', found ${describeNode(kindNode)}`, "forecast: a promise or projection; result: a reported achievement", id);
    }

    const region = this.text(byKey.get('region'), 'region', id, false, node);
    const metric = this.text(byKey.get('metric'), 'metric', id, false, node);
    const note = this.text(byKey.get('note'), 'note', id, false, node);
    const evidencePin = this.text(byKey.get('evidence'), 'evidence', id, false, node);
    const compareTo = this.text(byKey.get('compare_to'), 'compare_to', id, false, node);
    // A look-alike letter ('Nаirobi' with a Cyrillic а) matches nothing and looks like a typo nowhere: say so.
    for (const [field, name] of [['region', region], ['metric', metric], ['compare_to', compareTo]] as const) {
      if (!name || lookAlikeLetters(name).length === 0) continue;
      this.warnings.push({
        severity: 'warning',
        code: 'name-mixed-script',
        ...this.at(deref(this.doc, byKey.get(field)!.value)),
        message: `'${field}' ${showName(name)} mixes letters of different scripts; it matches only a name written with the same letters`,
        hint: 'retype the name in one script: a look-alike letter is usually pasted in from elsewhere',
        ...(id ? { claimId: id } : {}),
      });
    }
    const quote = this.text(byKey.get('quote'), 'quote', id, false, node);
    const foundAt = this.text(byKey.get('found_at'), 'found_at', id, false, node);

    const changeEntry = byKey.get('change');
    const valueEntry = byKey.get('value');
    let claimed: Claimed | undefined;
    if (changeEntry && valueEntry) {
      this.error(valueEntry.keyNode, 'claimed-both', "a claim has either 'change' or 'value', not both", 'split it into two claims with their own ids', id);
    } else if (changeEntry) {
      claimed = this.readChange(deref(this.doc, changeEntry.value), changeEntry.keyNode, id);
    } else if (valueEntry) {
      claimed = this.readLevel(deref(this.doc, valueEntry.value), valueEntry.keyNode, id);
    }

    const baselineEntry = byKey.get('baseline');
    const baseline = baselineEntry ? this.readPeriod(deref(this.doc, baselineEntry.value), baselineEntry.keyNode, 'baseline', id) : undefined;
    const targetEntry = byKey.get('target');
    let target: PeriodSpec | undefined;
    let horizon: string | undefined;
    if (targetEntry) {
      const tnode = deref(this.doc, targetEntry.value);
      const within = mapEntries(tnode);
      if (within) {
        const r = this.readWithin(within, tnode, baseline, id);
        target = r?.target;
        horizon = r?.horizon;
      } else target = this.readPeriod(tnode, targetEntry.keyNode, 'target', id);
    }

    const sources = this.readSources(byKey.get('sources'), node, id);
    const told = this.readClaimForms(byKey, claimed, id);

    const location = this.at(written);
    if (this.findings.length > errorsBefore || !id || !claimant || !statement || !kind) {
      // Left out, but its id still counts: a repeat of it is reported now, not on the run after it is fixed.
      if (id) this.rejectedIds.push({ id, location });
      return undefined;
    }
    return {
      id,
      claimant,
      ...(claimantType ? { claimantType } : {}),
      statement,
      kind,
      ...(region ? { region } : {}),
      ...(metric ? { metric } : {}),
      ...(claimed ? { claimed } : {}),
      ...(baseline ? { baseline } : {}),
      ...(target ? { target } : {}),
      ...(horizon ? { horizon } : {}),
      sources,
      ...(note ? { note } : {}),
      ...(evidencePin ? { evidence: evidencePin } : {}),
      ...(compareTo ? { compareTo } : {}),
      ...told,
      ...(quote ? { quote } : {}),
      ...(foundAt ? { foundAt } : {}),
      location,
    };
  }

  /** `claimant_type: person | organization`: what the claimant is (ClaimReview's author type). */
  private readClaimantType(entry: YamlMapEntry | undefined, id?: string): Claim['claimantType'] {
    if (!entry) return undefined;
    const node = deref(this.doc, entry.value);
    const v = scalarValue(node);
    if (v === 'person' || v === 'organization') return v;
    this.error(node ?? entry.keyNode, 'claimant-type', `'claimant_type' must be 'person' or 'organization', found ${describeNode(node)}`, 'claimant_type: person (a named individual) or claimant_type: organization (a company, agency, newspaper …)', id);
    return undefined;
  }

  /** Claims as people make them: `tolerance`, `unit` and `conversion` (level claims), `tags`. */
  private readClaimForms(byKey: Map<string, YamlMapEntry>, claimed: Claimed | undefined, id?: string): Pick<Claim, 'tolerance' | 'unit' | 'conversion' | 'tags'> {
    const out: Pick<Claim, 'tolerance' | 'unit' | 'conversion' | 'tags'> = {};
    const at = (node: unknown) => this.at(node);
    const tol = byKey.get('tolerance');
    if (tol) {
      const node = deref(this.doc, tol.value);
      const v = scalarValue(node);
      const isLevel = claimed?.type === 'level';
      const m = typeof v === 'string' ? v.trim().match(/^(\d+(?:\.\d+)?)\s*(pp|%)?$/) : null;
      const n = typeof v === 'number' ? v : m ? Number(m[1]) : NaN;
      const suffix = m?.[2];
      const hint = isLevel ? 'a level claim\'s tolerance is a percentage of the claimed value: tolerance: 5%' : 'a change claim\'s tolerance is in percentage points: tolerance: 2pp';
      if (!Number.isFinite(n) || n < 0) this.error(node ?? tol.keyNode, 'tolerance-format', `'tolerance' must be a number ≥ 0, found ${describeNode(node)}`, hint, id);
      else if ((suffix === 'pp' && isLevel) || (suffix === '%' && claimed?.type === 'change')) {
        this.error(node, 'tolerance-format', `'tolerance' ${clip(String(v))} is in ${suffix === 'pp' ? 'percentage points, which apply to a change' : 'percent of a value, which applies to a level'}`, hint, id);
      } else out.tolerance = n;
    }
    const unitEntry = byKey.get('unit');
    if (unitEntry) {
      const node = deref(this.doc, unitEntry.value);
      const v = scalarValue(node);
      if (typeof v !== 'string' || v.trim() === '') this.error(node ?? unitEntry.keyNode, 'unit-format', `'unit' must be text, found ${describeNode(node)}`, 'unit: USD million, unit: persons, unit: cases', id);
      else if (claimed?.type === 'change') this.error(unitEntry.keyNode, 'unit-format', "'unit' applies to a level claim (value:); a change is a ratio and has no unit", 'remove unit, or claim a level with value:', id);
      else {
        const parsed = parseUnitText(v);
        if ('error' in parsed) this.error(node, 'unit-format', `'unit': ${parsed.error}`, `scale words: ${SCALE_WORD_LIST}`, id);
        else out.unit = { text: v.trim(), base: parsed.base, factor: parsed.factor, location: at(node) } satisfies ClaimedUnit;
      }
    }
    const convEntry = byKey.get('conversion');
    if (convEntry) {
      const node = deref(this.doc, convEntry.value);
      const v = scalarValue(node);
      const parsed = typeof v === 'string' ? parseConversionText(v) : { error: `found ${describeNode(node)}` };
      if ('error' in parsed) this.error(node ?? convEntry.keyNode, 'conversion-format', `'conversion': ${parsed.error}`, 'conversion: 1 USD = 280.5 PKR   (cite the rate in note:)', id);
      else if (!out.unit) this.error(convEntry.keyNode, 'conversion-format', "'conversion' needs the claim's 'unit' (the unit it converts from)", 'unit: USD million\nconversion: 1 USD = 280.5 PKR', id);
      else if (out.unit.base && parsed.from.toLowerCase() !== out.unit.base.toLowerCase()) this.error(node, 'conversion-format', `'conversion' converts from ${clip(parsed.from)}, but the claim's unit is ${clip(out.unit.text)}`, `write conversion: 1 ${out.unit.base} = RATE TO`, id);
      else out.conversion = { ...parsed, location: at(node) } satisfies UnitConversion;
    }
    const tagsEntry = byKey.get('tags');
    if (tagsEntry) {
      const node = deref(this.doc, tagsEntry.value);
      const items = seqItems(node);
      const single = scalarValue(node);
      const list = items ?? (typeof single === 'string' ? [node] : undefined);
      if (!list) this.error(node ?? tagsEntry.keyNode, 'tags-format', `'tags' must be a list of labels, found ${describeNode(node)}`, 'tags: [government, safe-city, PK]', id);
      else {
        const tags: string[] = [];
        for (const item of list) {
          const t = deref(this.doc, item);
          const tv = scalarValue(t);
          const text = typeof tv === 'string' ? tv.trim() : typeof tv === 'number' ? (scalarSource(t) ?? String(tv)) : undefined;
          if (!text || /[,\s]/.test(text)) this.error(t, 'tags-format', text ? `tag '${clip(text)}' contains a space or a comma` : `a tag must be a label, found ${describeNode(t)}`, 'a tag is one word: letters, digits, - _ . :   (e.g. claimant:government)', id);
          else if (!tags.includes(text)) tags.push(text);
        }
        if (tags.length) out.tags = tags;
      }
    }
    return out;
  }

  private readChange(node: unknown, keyNode: unknown, id?: string): Claimed | undefined {
    const v = scalarValue(node);
    if (typeof v === 'number') {
      this.error(node, 'change-format', `'change' must be a signed percentage, found the number ${v}`, `write it with a sign and a percent sign: ${CHANGE_EXAMPLE}`, id);
      return undefined;
    }
    if (typeof v !== 'string') {
      this.error(node ?? keyNode, 'change-format', `'change' must be a signed percentage, found ${describeNode(node)}`, CHANGE_EXAMPLE, id);
      return undefined;
    }
    const parsed = parseChangeText(v);
    if ('error' in parsed) {
      this.error(node, 'change-format', parsed.error, CHANGE_EXAMPLE, id);
      return undefined;
    }
    return parsed;
  }

  private readLevel(node: unknown, keyNode: unknown, id?: string): Claimed | undefined {
    const v = scalarValue(node);
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) {
        this.error(node, 'value-format', `'value' must be a finite number, found ${v}`, VALUE_EXAMPLE, id);
        return undefined;
      }
      return { type: 'level', low: v, high: v, text: String(v) };
    }
    if (typeof v !== 'string') {
      this.error(node ?? keyNode, 'value-format', `'value' must be a number, a range or a bound, found ${describeNode(node)}`, VALUE_EXAMPLE, id);
      return undefined;
    }
    const parsed = parseLevelText(v);
    if ('error' in parsed) {
      this.error(node, 'value-format', parsed.error, VALUE_EXAMPLE, id);
      return undefined;
    }
    return parsed;
  }

  private readPeriod(node: unknown, keyNode: unknown, field: string, id?: string): PeriodSpec | undefined {
    const v = scalarValue(node);
    if (typeof v !== 'string' && typeof v !== 'number') {
      this.error(node ?? keyNode, 'period-format', `'${field}' must be a period, found ${describeNode(node)}`, `periods are written ${PERIOD_FORMS}, or a span 2013..2015`, id);
      return undefined;
    }
    const parsed = parsePeriodSpec(String(v));
    if ('error' in parsed) {
      this.error(node, 'period-format', `'${field}': ${parsed.error}`, `periods are written ${PERIOD_FORMS}, or a span 2013..2015`, id);
      return undefined;
    }
    return parsed;
  }

  private readWithin(
    entries: YamlMapEntry[],
    node: unknown,
    baseline: PeriodSpec | undefined,
    id?: string,
  ): { target?: PeriodSpec; horizon: string } | undefined {
    let result: { target?: PeriodSpec; horizon: string } | undefined;
    for (const e of entries) {
      if (e.key !== 'within') {
        this.error(e.keyNode, 'unknown-field', `unknown field '${clip(e.key)}' in 'target'`, "'target' is a period, or 'within: 5y' (five years after the baseline)", id);
        continue;
      }
      const vnode = deref(this.doc, e.value);
      const v = scalarValue(vnode);
      const m = typeof v === 'string' ? v.trim().match(/^(\d+)\s*(y|m)$/) : null;
      if (!m) {
        this.error(vnode ?? e.keyNode, 'within-format', `'within' must be a number of years or months such as 5y or 18m, found ${describeNode(vnode)}`, 'target: { within: 5y } means five years after the baseline', id);
        continue;
      }
      const n = Number(m[1]);
      if (n > (m[2] === 'y' ? MAX_WITHIN_YEARS : MAX_WITHIN_YEARS * 12)) {
        this.error(vnode ?? e.keyNode, 'within-format', `'within': ${clip(m[0]!, 30)} is more than ${MAX_WITHIN_YEARS} years`, 'a horizon is a few years: target: { within: 5y }', id);
        continue;
      }
      const horizon = `within ${n}${m[2]} of the baseline`;
      if (!baseline) {
        // Without a baseline the horizon cannot be placed: the claim is unverifiable, not an input error.
        result = { horizon };
        continue;
      }
      const last = baseline.periods[baseline.periods.length - 1]!;
      const shifted = m[2] === 'y' ? shiftYears(last, n) : shiftMonths(last, n);
      result = { target: { label: shifted.label, periods: [shifted] }, horizon };
    }
    if (entries.length === 0) this.error(node, 'within-format', "'target' is an empty mapping", "write 'target: 2020' or 'target: { within: 5y }'", id);
    return result;
  }

  private readSources(entry: YamlMapEntry | undefined, owner: unknown, id?: string): Source[] {
    if (!entry) {
      this.error(owner, 'field-missing', "missing required field 'sources'", 'every claim cites at least one source: sources: [{publisher: …, title: …, date: …, url: …}]', id);
      return [];
    }
    const listNode = deref(this.doc, entry.value);
    const items = seqItems(listNode);
    if (!items || items.length === 0) {
      this.error(listNode ?? entry.keyNode, 'sources-empty', "'sources' must be a list with at least one source", 'sources: [{publisher: …, title: …, date: …, url: …}]', id);
      return [];
    }
    const sources: Source[] = [];
    for (const raw of items) {
      const item = deref(this.doc, raw);
      const fields = mapEntries(item);
      if (!fields) {
        this.error(item, 'source-shape', `a source must be a mapping with publisher and title, found ${describeNode(item)}`, 'write it as: - {publisher: Dawn, title: "…", date: 2020-01-13, url: https://…}', id);
        continue;
      }
      const byKey = new Map<string, YamlMapEntry>();
      for (const f of fields) {
        if (!(SOURCE_FIELDS as readonly string[]).includes(f.key)) {
          this.error(f.keyNode, 'unknown-field', `unknown source field '${clip(f.key)}'`, `a source's fields are: ${SOURCE_FIELDS.join(', ')}`, id);
        } else byKey.set(f.key, f);
      }
      const publisher = this.text(byKey.get('publisher'), 'publisher', id, true, item);
      const title = this.text(byKey.get('title'), 'title', id, true, item);
      let date = this.text(byKey.get('date'), 'date', id, false, item);
      // A source's date reaches ClaimReview output as datePublished: it must be a day (or month, or year) that exists.
      if (date !== undefined && !isCalendarDate(date.trim())) {
        const why = yearProblem(date);
        this.error(deref(this.doc, byKey.get('date')!.value) ?? byKey.get('date')!.keyNode, 'source-date', `a source's date '${clip(date, 30)}' is not a calendar date${why ? `: ${why}` : ''}`, 'write the day the source was published, e.g. date: 2019-11-12 (or its month, 2019-11; leave it out if unknown)', id);
        date = undefined;
      }
      const url = this.text(byKey.get('url'), 'url', id, false, item);
      if (publisher && title) sources.push({ publisher, title, ...(date ? { date } : {}), ...(url ? { url } : {}) });
    }
    return sources;
  }
}

function suggestId(raw: string): string {
  const s = raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'my-claim';
}

const SIGNED_PERCENT = /^([+\-−])\s*(\d+(?:\.\d+)?)\s*%$/;

function parseSignedPercent(text: string): number | { error: string } {
  const t = text.trim();
  const shown = clip(t);
  if (/^0+(?:\.0+)?\s*%$/.test(t)) return 0;
  const m = t.replace('−', '-').match(SIGNED_PERCENT);
  if (m) {
    const v = (m[1] === '+' ? 1 : -1) * Number(m[2]);
    return Number.isFinite(v) ? v : { error: `'${shown}' is too large to be a percentage` };
  }
  if (/^\d+(?:\.\d+)?\s*%$/.test(t)) {
    return { error: `'${shown}' has no sign: write -${shown} for a fall or +${shown} for a rise` };
  }
  if (/^[+-]?\d+(?:\.\d+)?$/.test(t)) return { error: `'${shown}' has no percent sign: write ${t.startsWith('-') || t.startsWith('+') ? shown : `+${shown}`}%` };
  return { error: `'${shown}' is not a signed percentage` };
}

/** `-15%`, `+33%`, a range `-30%..-28%` (either order), or a bound `>= +100%`, `<= -20%`. */
export function parseChangeText(text: string): Claimed | { error: string } {
  const t = text.trim();
  const bound = t.match(/^(>=|<=|≥|≤)\s*(.+)$/);
  if (bound) {
    const v = parseSignedPercent(bound[2]!);
    if (typeof v !== 'number') return { error: `'change': ${v.error}` };
    const atLeast = bound[1] === '>=' || bound[1] === '≥';
    // No change falls below −100%, so "<= -20%" is the range −100%..−20%, written as a bound.
    if (!atLeast && v < -100) return { error: `'change': '${clip(t)}' is below −100%, which no change can be` };
    return atLeast ? { type: 'change', low: Math.max(v, -100), high: Infinity, open: 'high', text: t } : { type: 'change', low: -100, high: v, open: 'low', text: t };
  }
  if (/^[<>]/.test(t)) return { error: `'change': '${clip(t)}' uses a strict bound; write >= or <= (">= +100%" for "more than doubled")` };
  const parts = text.split('..');
  if (parts.length > 2) return { error: `'${clip(text.trim())}' is not a percentage or a range A%..B%` };
  const values: number[] = [];
  for (const part of parts) {
    const v = parseSignedPercent(part);
    if (typeof v !== 'number') return { error: `'change': ${v.error}` };
    values.push(v);
  }
  const low = Math.min(values[0]!, values[values.length - 1]!);
  const high = Math.max(values[0]!, values[values.length - 1]!);
  return { type: 'change', low, high, text: text.trim() };
}

const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;

/** A number as written in a level claim, or why it is not one. */
function levelNumber(n: string): number | { error: string } {
  if (!PLAIN_NUMBER.test(n)) {
    if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(n)) return { error: `'value': '${n}' has thousands separators; write ${n.replace(/,/g, '')}` };
    return { error: `'value': '${clip(n)}' is not a number` };
  }
  const v = Number(n);
  return Number.isFinite(v) ? v : { error: `'value': '${clip(n)}' is too large to be a number` };
}

/** `8000`, `7500..8500`, `>= 8000`, `<= 5`, each optionally with a scale word: `12 billion`, `3.5bn`, `11..13 million`. */
export function parseLevelText(text: string): Claimed | { error: string } {
  const written = text.trim();
  const scaled = written.match(/^(.*\d)\s*([A-Za-z']+)$/);
  const scale = scaled ? scaleWord(scaled[2]!, true) : undefined;
  if (scaled && !scale) return { error: `'value': '${clip(written)}' ends in '${clip(scaled[2]!)}', which is not a scale word (${SCALE_WORD_LIST}); a unit goes under unit:` };
  const parsed = parsePlainLevel(scale ? scaled![1]!.trim() : written);
  if ('error' in parsed || !scale || parsed.type !== 'level') return parsed;
  const times = (x: number | null) => (x === null ? null : x * scale.factor);
  return { ...parsed, low: times(parsed.low), high: times(parsed.high), text: written, scale };
}

function parsePlainLevel(text: string): Claimed | { error: string } {
  const t = text.trim();
  const bound = t.match(/^(>=|<=|≥|≤)\s*(.+)$/);
  if (bound) {
    const v = levelNumber(bound[2]!.trim());
    if (typeof v !== 'number') return v;
    return bound[1] === '>=' || bound[1] === '≥' ? { type: 'level', low: v, high: null, text: t } : { type: 'level', low: null, high: v, text: t };
  }
  if (/^[<>]/.test(t)) return { error: `'value': '${clip(t)}' uses a strict bound; write >= or <=` };
  const parts = t.split('..');
  if (parts.length > 2) return { error: `'value': '${clip(t)}' is not a number or a range A..B` };
  const values: number[] = [];
  for (const p of parts) {
    const v = levelNumber(p.trim());
    if (typeof v !== 'number') return v;
    values.push(v);
  }
  return { type: 'level', low: Math.min(values[0]!, values[values.length - 1]!), high: Math.max(values[0]!, values[values.length - 1]!), text: t };
}

export interface ParsedClaims {
  claims: Claim[];
  findings: Finding[];
  /** Ids of claims left out for their errors (see ClaimReader.rejectedIds). */
  rejectedIds: ClaimId[];
}

/** A claim's id and where the claim is. */
export interface ClaimId {
  id: string;
  location: Location;
}

/**
 * Parse one claims file (or a part of one, with its share of the bounds). Claims with errors are left out; the errors say why.
 * `yaml.fast: false` reads it with yaml's full parser only (tests compare the two); with `yaml.full: false`,
 * a file the fast reader declines is not parsed (undefined).
 */
export function parseClaims(text: string, file: string, bounds?: YamlBounds, yaml?: YamlParseOptions): ParsedClaims;
export function parseClaims(text: string, file: string, bounds: YamlBounds | undefined, yaml: YamlParseOptions & { full: false }): ParsedClaims | undefined;
export function parseClaims(text: string, file: string, bounds?: YamlBounds, yaml: YamlParseOptions = {}): ParsedClaims | undefined {
  const { doc, findings, declined } = parseYaml(text, file, bounds, yaml);
  if (declined) return undefined;
  if (!doc) return { claims: [], findings, rejectedIds: [] };
  if (doc.root === null || doc.root === undefined) {
    return { claims: [], rejectedIds: [], findings: [...findings, { severity: 'warning', code: 'claims-empty', file, message: 'the claims file is empty', hint: 'add "claims:" followed by a list of claims' }] };
  }
  const reader = new ClaimReader(doc);
  try {
    const claims = reader.readFile();
    return { claims, findings: [...findings, ...uniqueFindings([...reader.findings, ...reader.warnings])], rejectedIds: reader.rejectedIds };
  } catch (e) {
    // Aliases expanded past their budget: stop reading this file, report that alone.
    if (e instanceof YamlLimitError) return { claims: [], findings: [...findings, e.finding], rejectedIds: [] };
    throw e;
  }
}

/** A node reached through several aliases is read several times; report each problem once. */
function uniqueFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}|${f.line}|${f.column}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
