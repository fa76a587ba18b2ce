// From a document's sentences to drafted claims: each number a sentence states becomes one claim,
// with what the text settles filled in (and where it came from) and the rest left as placeholders.
import { findPeriods, refersToEarlierYear, type PeriodMention } from './periods.js';
import { findQuantities, type Quantity } from './quantities.js';
import { splitSentences } from './sentences.js';
import { formatPosition, type SourceDocument, type TextPosition } from './text.js';
import { findMetric, findRegions, metricCounts, type Vocabulary } from './vocabulary.js';
import { attribution, directionWords, forecastWord, wordsBetween } from './wording.js';

/**
 * One field of a drafted claim. `value` is what the text settles, and `from` the words it came from;
 * without a value the field is a placeholder, and `todo` says what to resolve (with a suggestion).
 */
export interface DraftField<T = string> {
  value?: T;
  from?: string;
  todo?: string;
}

export type DraftTarget = string | { within: string };

export interface DraftSource {
  publisher: DraftField;
  title: DraftField;
  date: DraftField;
  url: DraftField;
}

export interface DraftClaim {
  id: string;
  /** The sentence, exactly as the text has it (whitespace collapsed). */
  quote: string;
  /** The number in the quote (character offsets), for highlighting. */
  number: { text: string; start: number; end: number };
  file: string;
  at: TextPosition;
  foundAt: string;
  /** What a count counts ("surveillance cameras"), when the number is a count. */
  counted?: string;
  kind: DraftField<'forecast' | 'result'>;
  claimant: DraftField;
  region: DraftField;
  metric: DraftField;
  /** `change` (a signed percentage) or `value` (a level). */
  claimed: { field: 'change' | 'value' } & DraftField<string | number>;
  /** Change claims only. */
  baseline?: DraftField;
  target: DraftField<DraftTarget>;
  /** How the draft read what could be read two ways; becomes the claim's note. */
  readings: string[];
  sources: DraftSource[];
}

export interface DraftOptions {
  vocabulary?: Vocabulary;
}

/** Paragraphs that are references, not reporting: a bibliography entry, a footnote, a URL. */
function isReference(text: string): boolean {
  if (/https?:\/\/|www\.\S/i.test(text)) return true;
  if (/^\[\d+\]/.test(text)) return true;
  if (/^[\p{Lu}][\p{L}'’-]+,\s+[\p{Lu}][\p{L}.]*(?:[\s,]|$)/u.test(text) && /\b(?:1[89]|20)\d{2}\b/.test(text) && text.length < 600) return true;
  if (/^[“"].{5,200}[”"]\s+[\p{Lu}]/u.test(text) && /\b(?:1[89]|20)\d{2}\b/.test(text) && text.length < 600) return true;
  return false;
}

function formatPercent(v: number): string {
  const r = Math.round(v * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

function signed(v: number): string {
  return `${v > 0 ? '+' : v < 0 ? '-' : ''}${formatPercent(Math.abs(v))}%`;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The words of the sentence that belong to this number: from the previous number to the next. */
function segments(sentence: string, quantities: Quantity[], i: number): { before: string; beforeAt: number; after: string; afterAt: number } {
  const q = quantities[i]!;
  const beforeAt = i > 0 ? quantities[i - 1]!.end : 0;
  const afterEnd = i + 1 < quantities.length ? quantities[i + 1]!.start : sentence.length;
  return { before: sentence.slice(beforeAt, q.start), beforeAt, after: sentence.slice(q.end, afterEnd), afterAt: q.end };
}

function nearest<T extends { start: number; end: number }>(items: T[], q: Quantity): T | undefined {
  let best: T | undefined;
  let bestDistance = Infinity;
  for (const it of items) {
    const d = it.end <= q.start ? q.start - it.end : it.start >= q.end ? it.start - q.end : 0;
    if (d < bestDistance) {
      best = it;
      bestDistance = d;
    }
  }
  return best;
}

function describeAmount(q: Quantity): string {
  const n = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 4 });
  return q.low === q.high ? n(q.low) : `${n(q.low)}..${n(q.high)}`;
}

interface Context {
  doc: SourceDocument;
  vocabulary: Vocabulary | undefined;
  sources: DraftSource[];
  /** The speaker to suggest when a sentence names none. */
  defaultClaimant: string | undefined;
}

/** The claims a sentence states, one per number (one per region for "the cities"). */
function draftSentence(ctx: Context, sentence: string, at: (offset: number) => TextPosition, previous: string | undefined, earlierRegions: string[], paragraphBefore: string): DraftClaim[] {
  const quantities = findQuantities(sentence);
  if (quantities.length === 0) return [];
  const periods = findPeriods(sentence);
  const directions = directionWords(sentence);
  const regionsHere = ctx.vocabulary ? findRegions(sentence, ctx.vocabulary) : [];
  const claims: DraftClaim[] = [];
  const position = at(0);
  for (let i = 0; i < quantities.length; i++) {
    const q = quantities[i]!;
    const readings: string[] = [];
    const seg = segments(sentence, quantities, i);

    // ---- direction and size
    let claimed: DraftClaim['claimed'];
    let isChange = false;
    if (q.kind === 'multiplier' || q.kind === 'free') {
      isChange = true;
      claimed = { field: 'change', value: signed(q.low), from: q.text };
      if (q.kind === 'free') readings.push(`"${q.text}" is read as a fall of 100%`);
    } else if (q.kind === 'percent' || q.kind === 'fraction') {
      // The direction word nearest the number (within eight words); else the sentence's only direction.
      const near = directions.filter((d) => wordsBetween(sentence, d.start < q.start ? d.end : q.end, d.start < q.start ? q.start : d.start) <= 8 && !quantities.some((o) => d.start >= o.start && d.end <= o.end));
      let dir = nearest(near, q);
      if (!dir) {
        const signs = new Set(directions.map((d) => d.sign));
        if (signs.size === 1) {
          dir = nearest(directions, q);
          if (dir) readings.push(`the direction is taken from "${dir.text}", the sentence's only word of direction`);
        }
      }
      if (dir) {
        isChange = true;
        const size = q.kind === 'fraction' ? `${q.text} (${formatPercent(q.low)}%)` : q.text;
        if (q.points) {
          claimed = { field: 'change', from: `${q.text} … ${dir.text}`, todo: `a change of ${formatPercent(q.low)} percentage points (${dir.sign > 0 ? 'up' : 'down'}): a claims file states changes in percent; work out the percent change or drop the claim` };
        } else if (q.bound) {
          const end = dir.sign * (q.bound === '>=' ? q.low : q.high);
          claimed = { field: 'change', from: `${q.qualifier} ${size} … ${dir.text}`, todo: `"${q.qualifier} ${q.text}": a bound, ${q.bound === '>=' ? 'at least' : 'at most'} ${signed(end)}; write a range such as ${dir.sign > 0 ? `${signed(end)}..${signed(end * 2)}` : `${signed(end)}..${signed(end / 2)}`}` };
        } else {
          const a = dir.sign * q.low;
          const b = dir.sign * q.high;
          const span = dir.start < q.start ? sentence.slice(dir.start, q.end) : sentence.slice(q.start, dir.end);
          claimed = { field: 'change', value: q.low === q.high ? signed(a) : `${signed(Math.min(a, b))}..${signed(Math.max(a, b))}`, from: span.length <= 60 ? span : `${q.text} … ${dir.text}` };
          if (q.qualifier) readings.push(`"${q.qualifier} ${q.text}" is read as ${signed(a)}${q.low === q.high ? '' : '..'}`);
        }
      } else if (q.kind === 'fraction' && q.of) {
        const v = (q.of.total * q.low) / 100;
        const value = q.bound ? `${q.bound} ${v}` : v;
        claimed = { field: 'value', value, from: q.of.text };
        readings.push(`"${q.of.text}" is read as ${formatPercent(q.low)}% of ${q.of.total.toLocaleString('en-US')} = ${v.toLocaleString('en-US')}${q.qualifier ? ` (${q.qualifier})` : ''}`);
      } else if (q.kind === 'fraction') {
        claimed = { field: 'value', from: q.text, todo: `${q.text} (${formatPercent(q.low)}%) of a total the sentence does not give: write the count` };
      } else {
        claimed = { field: 'value', value: q.low === q.high ? q.low : `${q.low}..${q.high}`, from: q.text };
        readings.push(`${q.text} with no word of change is read as a share (a level in percent), not a change`);
        if (q.bound) claimed.value = `${q.bound} ${q.bound === '>=' ? q.low : q.high}`;
      }
    } else {
      // money and counts: a level.
      const amount = q.bound ? `${q.bound} ${q.bound === '>=' ? q.low : q.high}` : q.low === q.high ? q.low : `${q.low}..${q.high}`;
      claimed = { field: 'value', value: amount, from: q.of ? q.of.text : q.unit && q.kind === 'count' ? `${q.text} ${q.unit}` : q.text };
      if (q.kind === 'money') readings.push(`${q.text} is ${describeAmount(q)} ${q.unit}; check the unit and scale the evidence uses`);
      if (q.of) readings.push(`"${q.of.text}": ${q.text} out of ${q.of.total.toLocaleString('en-US')}`);
      if (q.bound && q.qualifier && /more than|over|above|exceeding|greater|fewer than|less than|under|below/i.test(q.qualifier)) readings.push(`"${q.qualifier} ${q.text}" is read as the bound ${q.bound} ${q.bound === '>=' ? q.low : q.high}`);
      if (q.qualifier && !q.bound) readings.push(`"${q.qualifier} ${q.text}": an approximate figure`);
    }

    // ---- periods
    let baseline: DraftField | undefined;
    let target: DraftField<DraftTarget>;
    const spans = periods.filter((p) => p.role === 'span');
    const points = periods.filter((p) => p.role === 'point');
    const since = periods.filter((p) => p.role === 'since');
    const horizon = periods.find((p) => p.role === 'horizon');
    const yoy = periods.find((p) => p.role === 'yoy');
    const point = nearest(points, q);
    const otherPoints = [...new Set(points.filter((p) => p !== point).map((p) => p.to!))].filter((p) => p !== point?.to);
    const dayNote = (p: PeriodMention | undefined) => {
      if (p?.day) readings.push(`"${p.text}" is read as the month ${p.to ?? p.from}`);
    };
    if (isChange) {
      const span = nearest(spans, q);
      if (span) {
        baseline = { value: span.from!, from: span.text };
        target = { value: span.to!, from: span.text };
      } else {
        const start = nearest(since, q);
        if (start) {
          baseline = { value: start.from!, from: start.text };
          dayNote(start);
        }
        if (horizon) target = { value: { within: horizon.within! }, from: horizon.text };
        else if (point) {
          target = { value: point.to!, from: point.text };
          dayNote(point);
          if (otherPoints.length) readings.push(`the target ${point.to} is the period nearest the number; the sentence also names ${otherPoints.join(', ')}`);
        } else target = { todo: 'the sentence names no period the change is measured to' };
        if (!baseline && yoy && point && /^\d{4}$/.test(point.to!)) {
          baseline = { value: String(Number(point.to) - 1), from: `${yoy.text} … ${point.text}` };
        }
        if (!baseline) {
          baseline = { todo: horizon ? `the start "${horizon.text}" counts from (the sentence does not say)` : 'the sentence names no period the change is measured from' };
        }
      }
    } else {
      if (point) {
        target = { value: point.to!, from: point.text };
        dayNote(point);
        if (otherPoints.length) readings.push(`the period ${point.to} is the one nearest the number; the sentence also names ${otherPoints.join(', ')}`);
      } else {
        const that = refersToEarlierYear(sentence);
        const earlier = previous ? [...new Set(findPeriods(previous).filter((p) => p.role === 'point' && /^\d{4}$/.test(p.to!)).map((p) => p.to!))] : [];
        if (that && earlier.length === 1) {
          target = { value: earlier[0]!, from: `${that.text} (${earlier[0]} in the sentence before)` };
          readings.push(`"${that.text}" is read as ${earlier[0]}, the year the sentence before names`);
        } else if (spans.length) {
          const s = nearest(spans, q)!;
          target = { todo: `the sentence names the span "${s.text}": write ${s.from}..${s.to} for its average, or one period` };
        } else target = { todo: 'the sentence names no period' };
      }
    }

    // A sentence without a period: suggest (never fill) the last one named earlier in its paragraph.
    if (target.value === undefined) {
      const earlier = findPeriods(paragraphBefore).filter((p) => p.role === 'point' || p.role === 'span');
      const last = earlier[earlier.length - 1];
      if (last) target = { todo: `${target.todo}; earlier in the paragraph: "${last.text}" (${last.to})?` };
    }

    // ---- kind
    const fw = forecastWord(sentence);
    const kind: DraftField<'forecast' | 'result'> = fw ? { value: 'forecast', from: fw.text } : { value: 'result' };

    // ---- claimant
    const said = attribution(sentence, q.start);
    const claimant: DraftField = said
      ? { value: said.claimant, from: said.text }
      : { todo: ctx.defaultClaimant ? `the sentence names no one: ${ctx.defaultClaimant} (the publication) itself?` : 'the sentence names no one who makes the claim' };

    // ---- metric
    let metric: DraftField;
    const unitWords = q.unit && q.kind === 'count' ? q.unit : undefined;
    if (!ctx.vocabulary) {
      metric = { todo: `no --evidence given${unitWords ? `; the text counts ${unitWords}` : ''}` };
    } else {
      // Money goes with a metric of money; a count with a metric of what it counts.
      const fits = (metric: string) =>
        q.kind === 'money' ? /cost|price|budget|spend|loan|debt|fund|invest|gdp|revenue|fee|paid|payment|amount|value/i.test(metric) : q.kind === 'count' && q.unit ? metricCounts(metric, q.unit) : true;
      const after = findMetric(seg.after.slice(0, 80), ctx.vocabulary, fits);
      const before = findMetric(seg.before.slice(-160), ctx.vocabulary, fits);
      // The whole sentence only where it states one number: otherwise its words belong to the other numbers.
      const whole = quantities.length === 1 ? findMetric(sentence, ctx.vocabulary, fits) : { candidates: [] };
      const afterFirst = /^\s*(?:of\b|[a-z])/i.test(seg.after) && !/^\s*(?:reduction|increase|rise|fall|drop|decline|cut)\b/i.test(seg.after);
      const pick = after.match && before.match ? (afterFirst ? after : before) : after.match ? after : before.match ? before : whole;
      if (pick.match) metric = { value: pick.match.canonical, from: pick.match.text };
      else {
        const candidates = [...new Set([...after.candidates, ...before.candidates, ...whole.candidates])];
        metric = { todo: candidates.length ? `one of ${candidates.join(', ')}` : `no metric of the evidence is named here${unitWords ? `; the text counts ${unitWords}` : ''}` };
      }
    }

    // ---- region (one claim per region for "the cities" after a sentence naming them)
    let regionFields: DraftField[] = [];
    if (!ctx.vocabulary) regionFields = [{ todo: 'no --evidence given' }];
    else {
      const distinct = [...new Set(regionsHere.map((r) => r.canonical))];
      const inSegment = [...new Set(regionsHere.filter((r) => r.start >= seg.beforeAt && r.end <= seg.afterAt + seg.after.length).map((r) => r.canonical))];
      if (distinct.length === 1) {
        const r = regionsHere[0]!;
        regionFields = [{ value: r.canonical, from: r.text }];
      } else if (distinct.length > 1 && inSegment.length === 1) {
        const r = regionsHere.find((x) => x.canonical === inSegment[0])!;
        regionFields = [{ value: r.canonical, from: r.text }];
        readings.push(`the region is ${r.canonical}, the one named beside the number; the sentence also names ${distinct.filter((d) => d !== r.canonical).join(', ')}`);
      } else if (distinct.length > 1) {
        // "… in Lahore": of several places, the one the sentence puts things in.
        const located = [...new Set(regionsHere.filter((r) => /\b(?:in|across|throughout|within|around|for)\s+(?:the\s+(?:city|province|capital|country|region)\s+of\s+)?$/i.test(sentence.slice(0, r.start))).map((r) => r.canonical))];
        if (located.length === 1) {
          const r = regionsHere.find((x) => x.canonical === located[0])!;
          regionFields = [{ value: r.canonical, from: sentence.slice(Math.max(0, sentence.lastIndexOf(' ', r.start - 2) + 1), r.end) }];
          readings.push(`the region is ${r.canonical}, the place the sentence puts it in; the sentence also names ${distinct.filter((d) => d !== r.canonical).join(', ')}`);
        } else regionFields = [{ todo: `one of ${distinct.join(', ')} (the sentence names each)` }];
      } else {
        const plural = sentence.match(/\b(?:the|both|these|those|the two|all)\s+(?:cities|regions|provinces|countries|places|capitals)\b/i);
        // "… installed in its cities, including Mombasa and the capital, Nairobi": the places after "including".
        const listed = previous?.match(/\b(?:including|such as|namely|like)\b/i);
        const previousRegions = previous && ctx.vocabulary ? findRegions(listed ? previous.slice(listed.index!) : previous, ctx.vocabulary) : [];
        const named = [...new Map(previousRegions.map((r) => [r.canonical, r])).values()];
        if (plural && named.length >= 2) {
          regionFields = named.map((r) => ({ value: r.canonical, from: `${plural[0]} (${r.text}, in the sentence before)` }));
          readings.push(`"${plural[0]}" is read as ${named.map((r) => r.canonical).join(', ').replace(/, ([^,]*)$/, ' and $1')}, named in the sentence before: one claim each`);
        } else {
          const last = earlierRegions[earlierRegions.length - 1];
          regionFields = [{ todo: last ? `the sentence names no region; the last one named before it is ${last}` : 'the sentence names no region' }];
        }
      }
    }

    for (const region of regionFields) {
      claims.push({
        id: '',
        quote: sentence,
        number: { text: q.text, start: q.start, end: q.end },
        file: ctx.doc.file,
        at: position,
        foundAt: formatPosition(ctx.doc.file, position),
        ...(unitWords ? { counted: unitWords } : {}),
        kind,
        claimant,
        region,
        metric,
        claimed,
        ...(baseline ? { baseline } : {}),
        target,
        readings,
        sources: ctx.sources,
      });
    }
  }
  return claims;
}

function sourcesOf(doc: SourceDocument): DraftSource[] {
  const m = doc.meta;
  const field = (value: string | undefined, from: string | undefined, todo: string): DraftField => (value ? { value, ...(from ? { from } : {}) } : { todo });
  return [
    {
      publisher: field(m.publisher, m.from.publisher, 'who published the document'),
      title: field(m.title, m.from.title, 'the title of the document'),
      date: field(m.date, m.from.date, 'the date of publication (or delete the line)'),
      url: field(m.url, m.from.url, 'where it was published (or delete the line)'),
    },
  ];
}

/** The id of a claim: place, metric (or what is counted) and number, as a slug. */
function baseId(c: DraftClaim): string {
  const place = c.region.value ? slug(c.region.value) : '';
  const what = c.metric.value ? slug(c.metric.value) : c.counted ? slug(c.counted.split(/\s+/).pop()!) : /-free$/i.test(c.number.text) ? slug(c.number.text) : '';
  // A change by its size (-30%..-28% → 28-30); a level by the number as written, without separators or currency.
  const number =
    c.claimed.field === 'change' && c.claimed.value !== undefined
      ? slug(String(c.claimed.value).replace(/[+\-%]/g, ' ').split('..').map((x) => x.trim()).sort((a, b) => Number(a) - Number(b)).join(' '))
      : slug(c.number.text.replace(/(\d),(?=\d{3})/g, '$1').replace(/US\$|\$|€|£|¥|₹|\bRs\.?|\bPKR\b|\bUSD\b/g, ' '));
  const id = [place, what, number].filter(Boolean).join('-') || 'claim';
  // An id that YAML would read as a number ("100") is not an id: name it a claim.
  return /^[a-z]/.test(id) ? id : `claim-${id}`;
}

/** Draft the claims of one document, in text order. Ids are left to `assignIds` (they depend on all documents). */
export function draftDocument(doc: SourceDocument, options: DraftOptions = {}): DraftClaim[] {
  const ctx: Context = { doc, vocabulary: options.vocabulary, sources: sourcesOf(doc), defaultClaimant: doc.meta.publisher };
  const out: DraftClaim[] = [];
  // Regions named so far in the document, the most recent last: suggested where a sentence names none.
  const earlierRegions: string[] = [];
  for (const paragraph of doc.paragraphs) {
    if (isReference(paragraph.text)) continue;
    let previous: string | undefined;
    for (const s of splitSentences(paragraph.text)) {
      out.push(...draftSentence(ctx, s.text, (offset) => paragraph.position(s.offset + offset), previous, [...earlierRegions], paragraph.text.slice(0, s.offset)));
      if (options.vocabulary) {
        for (const r of findRegions(s.text, options.vocabulary)) {
          const k = earlierRegions.indexOf(r.canonical);
          if (k >= 0) earlierRegions.splice(k, 1);
          earlierRegions.push(r.canonical);
        }
      }
      previous = s.text;
    }
  }
  return out;
}

/** Give each claim its id, unique among `taken` and each other: a second claim of the same id gets -2, -3 … */
export function assignIds(claims: DraftClaim[], taken: Set<string> = new Set()): void {
  const used = new Set(taken);
  for (const c of claims) {
    const base = baseId(c);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    c.id = id;
  }
}
