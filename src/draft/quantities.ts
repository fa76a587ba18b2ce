// The numbers a sentence states: percentages and changes, fractions, multipliers, money, counts with
// their unit. Years, dates, durations, ordinals, citations and figure numbers are not claims.
import nlp from 'compromise';

export type QuantityKind =
  /** A percentage or a range of percentages (15 percent, 28-30 percent). */
  | 'percent'
  /** A fraction in words: half, a quarter, a third (read as 50%, 25%, 33.3%). */
  | 'fraction'
  /** A change in one word: doubled (+100%), halved (−50%), tripled (+200%). */
  | 'multiplier'
  /** A sum of money: $84.7 million, Rs. 12 billion, 850 million yuan. */
  | 'money'
  /** A count of things: 8,000 cameras, nine cities, 2,000 km. */
  | 'count'
  /** "crime-free": a change of −100%. */
  | 'free';

export interface Quantity {
  kind: QuantityKind;
  /** Percent for percent, fraction, multiplier and free (signed for a multiplier); the amount otherwise. */
  low: number;
  high: number;
  /** Where the number is in the sentence, and the text there. */
  start: number;
  end: number;
  text: string;
  /** "more than" → '>=', "up to" → '<=': the words are kept in `qualifier`. */
  bound?: '>=' | '<=';
  /** The words before the number that qualify it: "more than", "about", "roughly". */
  qualifier?: string;
  /** Counts: the thing counted ("surveillance cameras"); money: the currency (USD, PKR, CNY …). */
  unit?: string;
  /** The scale word as written ("million", "bn"), already applied to low and high. */
  scale?: string;
  /** "4,000 out of the 8,000 cameras", "a quarter of the 8,000 cameras": the whole the part is of. */
  of?: { total: number; text: string };
  /** Percentage points, not percent: the change of a rate, which a claims file cannot state as a percentage. */
  points?: boolean;
  /** A multiplier's own direction (doubled +1, halved −1), and the crime-free −1. */
  sign?: 1 | -1;
}

const NUM = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`;

const SCALES: Record<string, number> = {
  thousand: 1e3, k: 1e3, million: 1e6, mn: 1e6, m: 1e6, mln: 1e6, billion: 1e9, bn: 1e9, b: 1e9, trillion: 1e12, tn: 1e12, crore: 1e7, lakh: 1e5,
};

const CURRENCY_BEFORE: Array<[RegExp, string]> = [
  [/^US\$$/i, 'USD'], [/^\$$/, 'USD'], [/^USD$/i, 'USD'], [/^€$/, 'EUR'], [/^EUR$/i, 'EUR'], [/^£$/, 'GBP'], [/^GBP$/i, 'GBP'], [/^¥$/, 'CNY'],
  [/^(?:Rs\.?|PKR|INR|₹|Rs)$/i, 'rupees'], [/^(?:KSh|Ksh|KES)$/i, 'KES'], [/^(?:RMB|CNY)$/i, 'CNY'],
];
const CURRENCY_AFTER: Array<[RegExp, string]> = [
  [/^(?:yuan|renminbi|RMB)$/i, 'CNY'], [/^dollars?$/i, 'USD'], [/^euros?$/i, 'EUR'], [/^pounds?$/i, 'GBP'], [/^rupees?$/i, 'rupees'], [/^shillings?$/i, 'KES'],
];

function toNumber(text: string): number {
  return Number(text.replace(/,/g, ''));
}

const LOWER_BOUND = /(?:more than|over|at least|upwards of|in excess of|no fewer than|no less than|above|exceeding|greater than)\s*$/i;
const UPPER_BOUND = /(?:less than|fewer than|under|up to|at most|no more than|below|as few as)\s*$/i;
const APPROX = /(?:about|around|roughly|nearly|almost|approximately|some|an estimated|close to|approx\.?|~)\s*$/i;

/** The words just before `start` that bound or soften the number. */
function qualify(sentence: string, start: number): Pick<Quantity, 'bound' | 'qualifier'> {
  const before = sentence.slice(Math.max(0, start - 30), start).replace(/(?:^|\s)(?:a|an|the)\s*$/i, ' ');
  const lower = before.match(LOWER_BOUND);
  if (lower) return { bound: '>=', qualifier: lower[0].trim() };
  const upper = before.match(UPPER_BOUND);
  if (upper) return { bound: '<=', qualifier: upper[0].trim() };
  const approx = before.match(APPROX);
  if (approx) return { qualifier: approx[0].trim() };
  return {};
}

/** A number that is a citation, a figure or case number, a page: "No. 91", "Fig 5a", "(Saeed 13)", "p. 9". */
function isReference(sentence: string, start: number, end: number): boolean {
  const before = sentence.slice(Math.max(0, start - 14), start);
  if (/(?:\bNo\.?|\bNos\.?|\bFig\.?|\bFigure|\bpage|\bp\.|\bpp\.|\bArticle|\bSection|\bChapter|\bCP\.?|\bCMA|\bVol\.?|\bTable|#|\bAct|\bRule|\bclause|\bparagraph|\bpara\.?)\s*$/i.test(before)) return true;
  // A parenthetical citation: "(Saeed 13)", "(Cave et al. 10)".
  if (/\(\s*[A-Z][\p{L}.'-]*(?:\s+(?:et al\.|[A-Z][\p{L}.'-]*))*\s+$/u.test(sentence.slice(0, start)) && /^\s*[);]/.test(sentence.slice(end))) return true;
  return false;
}

const YEAR = /^(?:1[89]\d{2}|20\d{2}|2100)$/;
const TIME_UNIT = /^(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|quarters?)$/i;
const UNIT_WORD = /^(?:km|km2|km²|kilometers?|kilometres?|miles?|m2|m²|hectares?|acres?|tonnes?|tons?|kg|kilograms?|MW|GW|kWh|MWh|GWh|litres?|liters?|metres?|meters?)$/i;

interface Term {
  text: string;
  start: number;
  end: number;
  tags: Set<string>;
  post: string;
}

function termsOf(sentence: string): Term[] {
  const json = nlp(sentence).json({ offset: true, terms: { offset: true } }) as Array<{ terms: Array<{ text: string; post: string; tags: string[]; offset: { start: number; length: number } }> }>;
  return json.flatMap((s) => s.terms.map((t) => ({ text: t.text, start: t.offset.start, end: t.offset.start + t.offset.length, tags: new Set(t.tags), post: t.post })));
}

/**
 * The thing counted after a number ending at `end`: up to three modifiers, then a plural noun or a
 * unit ("surveillance cameras", "CCTV cameras", "km"). Undefined when no counted noun follows.
 */
function countedNoun(terms: Term[], end: number, sentence: string): { unit: string; end: number } | undefined {
  let i = terms.findIndex((t) => t.start >= end);
  if (i < 0) return undefined;
  // Nothing but spaces may stand between the number and its noun.
  if (sentence.slice(end, terms[i]!.start).trim() !== '') return undefined;
  const first = terms[i]!;
  for (let k = 0; k < 4 && i < terms.length; k++, i++) {
    const t = terms[i]!;
    const word = t.text.replace(/[^\p{L}\p{N}²-]/gu, '');
    if (word === '') return undefined;
    if (TIME_UNIT.test(word)) return undefined;
    if (t.tags.has('Plural') || UNIT_WORD.test(word) || (t.tags.has('Noun') && /s$/.test(word) && !t.tags.has('ProperNoun') && word.length > 3 && !/ss$/.test(word))) {
      return { unit: sentence.slice(first.start, t.end).replace(/[,.;:)]+$/, ''), end: t.end };
    }
    const modifier = t.tags.has('Adjective') || t.tags.has('Noun') || t.tags.has('Acronym') || /^[\p{L}]+-[\p{L}]+$/u.test(word);
    if (!modifier || t.tags.has('Preposition') || t.tags.has('Determiner') || t.tags.has('Verb') || t.tags.has('Value')) return undefined;
    if (/[,;:.)]/.test(t.post)) return undefined;
  }
  return undefined;
}

/** Fractions in words, as percent. */
const FRACTIONS: Array<[RegExp, number]> = [
  [/^(?:a |one )?half$/i, 50],
  [/^(?:a |one |one-)quarter$/i, 25],
  [/^(?:three quarters|three-quarters)$/i, 75],
  [/^(?:a |one |one-)third$/i, 100 / 3],
  [/^(?:two thirds|two-thirds)$/i, 200 / 3],
  [/^(?:a |one |one-)fifth$/i, 20],
  [/^(?:a |one |one-)tenth$/i, 10],
];
const FRACTION_RE = /\b((?:a |one |one-)?half|(?:a |one |one-)quarter|three[ -]quarters|(?:a |one |one-)third|two[ -]thirds|(?:a |one |one-)fifth|(?:a |one |one-)tenth)\b/gi;

const MULTIPLIERS: Record<string, number> = { doubled: 100, doubling: 100, double: 100, tripled: 200, trebled: 200, tripling: 200, quadrupled: 300, halved: -50, halving: -50 };

/** Every quantity stated in `sentence`, in order, none overlapping. */
export function findQuantities(sentence: string): Quantity[] {
  const found: Quantity[] = [];
  const taken: Array<[number, number]> = [];
  const free = (s: number, e: number) => taken.every(([a, b]) => e <= a || s >= b);
  const push = (q: Quantity) => {
    found.push(q);
    taken.push([q.start, q.end]);
  };

  // Percentages and ranges of them: 15 percent, 28-30 percent, 15 to 20 percent, between 15 and 20%.
  const pct = new RegExp(String.raw`(?<![\w.,])(?:between\s+)?(${NUM})(?:\s*%?\s*(?:-|–|—|to|and)\s*(${NUM}))?\s*(%|percent\b|per cent\b|percentage points?\b|pc\b)`, 'gi');
  for (const m of sentence.matchAll(pct)) {
    const a = toNumber(m[1]!);
    const b = m[2] !== undefined ? toNumber(m[2]) : a;
    const start = m.index!;
    push({ kind: 'percent', low: Math.min(a, b), high: Math.max(a, b), start, end: start + m[0].length, text: m[0], ...qualify(sentence, start), ...(/points?/i.test(m[3]!) ? { points: true } : {}) });
  }

  // Money: currency before the number (with an optional scale word), or a currency word after it.
  const moneyBefore = new RegExp(String.raw`(US\$|\$|€|£|¥|₹|\bRs\.?|\bPKR|\bINR|\bUSD|\bEUR|\bGBP|\bKSh|\bKsh|\bKES|\bRMB|\bCNY)\s?(${NUM})(?:\s?(trillion|billion|million|thousand|bn|mn|mln|tn|crore|lakh|m|k|b)\b)?`, 'g');
  for (const m of sentence.matchAll(moneyBefore)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (!free(start, end)) continue;
    const scale = m[3];
    const v = toNumber(m[2]!) * (scale ? SCALES[scale.toLowerCase()]! : 1);
    const unit = CURRENCY_BEFORE.find(([re]) => re.test(m[1]!))?.[1] ?? m[1]!;
    push({ kind: 'money', low: v, high: v, start, end, text: m[0], unit, ...(scale ? { scale } : {}), ...qualify(sentence, start) });
  }
  const moneyAfter = new RegExp(String.raw`(?<![\w.,])(${NUM})(?:\s?(trillion|billion|million|thousand|bn|mn|crore|lakh)\b)?[\s-]*(yuan|renminbi|RMB|dollars?|euros?|pounds?|rupees?|shillings?)\b`, 'gi');
  for (const m of sentence.matchAll(moneyAfter)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (!free(start, end)) continue;
    const scale = m[2];
    const v = toNumber(m[1]!) * (scale ? SCALES[scale.toLowerCase()]! : 1);
    push({ kind: 'money', low: v, high: v, start, end, text: m[0], unit: CURRENCY_AFTER.find(([re]) => re.test(m[3]!))?.[1] ?? m[3]!, ...(scale ? { scale } : {}), ...qualify(sentence, start) });
  }

  // One-word changes and "crime-free".
  for (const m of sentence.matchAll(/\b(doubled|doubling|tripled|trebled|tripling|quadrupled|halved|halving)\b/gi)) {
    const v = MULTIPLIERS[m[1]!.toLowerCase()]!;
    push({ kind: 'multiplier', low: v, high: v, start: m.index!, end: m.index! + m[0].length, text: m[0], sign: v > 0 ? 1 : -1 });
  }
  for (const m of sentence.matchAll(/\b(crime|violence|terror(?:ism)?|murder|theft)[- ]free\b/gi)) {
    push({ kind: 'free', low: -100, high: -100, start: m.index!, end: m.index! + m[0].length, text: m[0], sign: -1 });
  }

  const terms = termsOf(sentence);

  // Fractions in words: "half of the cameras" (a share), "fell by a quarter" (a change).
  for (const m of sentence.matchAll(FRACTION_RE)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (!free(start, end)) continue;
    const after = sentence.slice(end);
    const before = sentence.slice(0, start);
    const share = /^\s+of\s+/i.test(after);
    const change = /\bby\s+$/i.test(before);
    // "the first half of 2019", "half an hour", "a quarter of a century" are periods, not claims.
    if (/(?:first|second|third|fourth|last|latter|former|next)\s+$/i.test(before) || /^\s+of\s+(?:the\s+)?(?:\d{4}|year|decade|century|month|an?\s+(?:hour|century|decade))/i.test(after)) continue;
    if (!share && !change) continue;
    const v = FRACTIONS.find(([re]) => re.test(m[1]!.trim()))?.[1];
    if (v === undefined) continue;
    const q: Quantity = { kind: 'fraction', low: v, high: v, start, end, text: m[0], ...qualify(sentence, start) };
    // "one quarter of the 8,000 cameras": the whole is stated.
    const whole = after.match(new RegExp(String.raw`^\s+of\s+(?:the|its|their|all|about|some)?\s*(${NUM})\b`, 'i'));
    if (whole) {
      const totalEnd = end + whole[0].length;
      const noun = countedNoun(terms, totalEnd, sentence);
      q.of = { total: toNumber(whole[1]!), text: sentence.slice(start, noun?.end ?? totalEnd) };
      if (noun) q.unit = noun.unit;
      taken.push([end, noun?.end ?? totalEnd]);
    }
    push(q);
  }

  // Counts: a number (digits, or words such as "nine", "seventy-two") and what it counts.
  const numbers: Array<{ start: number; end: number; value: number; text: string }> = [];
  for (const m of sentence.matchAll(new RegExp(String.raw`(?<![\w.,/:$€£¥₹-])(${NUM})(?:\s?(million|billion|thousand|trillion)\b)?(?![\w%/:]|[.,]\d)`, 'g'))) {
    const v = toNumber(m[1]!) * (m[2] ? SCALES[m[2].toLowerCase()]! : 1);
    numbers.push({ start: m.index!, end: m.index! + m[0].length, value: v, text: m[0] });
  }
  for (const n of nlp(sentence).numbers().json({ offset: true }) as Array<{ text: string; number: { num: number }; offset: { start: number; length: number } }>) {
    if (/\d/.test(n.text) || !(n.number.num >= 2) || !Number.isInteger(n.number.num)) continue;
    const text = n.text.replace(/[\s,.;:]+$/, '');
    numbers.push({ start: n.offset.start, end: n.offset.start + text.length, value: n.number.num, text });
  }
  numbers.sort((a, b) => a.start - b.start);
  for (let k = 0; k < numbers.length; k++) {
    const n = numbers[k]!;
    if (!free(n.start, n.end)) continue;
    if (YEAR.test(n.text)) continue;
    if (isReference(sentence, n.start, n.end)) continue;
    // "4,000 out of the 8,000 cameras", "4,000 of the 8,000 cameras": one claim about the part.
    const part = sentence.slice(n.end).match(new RegExp(String.raw`^\s+(?:out\s+)?of\s+(?:the|a total of|all)?\s*(${NUM})\b`, 'i'));
    if (part) {
      const totalEnd = n.end + part[0].length;
      const noun = countedNoun(terms, totalEnd, sentence);
      if (noun) {
        push({ kind: 'count', low: n.value, high: n.value, start: n.start, end: n.end, text: n.text, unit: noun.unit, of: { total: toNumber(part[1]!), text: sentence.slice(n.start, noun.end) }, ...qualify(sentence, n.start) });
        taken.push([n.end, noun.end]);
        continue;
      }
    }
    const noun = countedNoun(terms, n.end, sentence);
    if (!noun) continue;
    // "these three factors", "our two main points": a small number after a determiner refers, it does not count.
    if (n.value < 10 && /\b(?:these|those|the|our|its|their|his|her|my|your|both|all)\s+$/i.test(sentence.slice(0, n.start))) continue;
    push({ kind: 'count', low: n.value, high: n.value, start: n.start, end: n.end, text: n.text, unit: noun.unit, ...qualify(sentence, n.start) });
  }
  return found.sort((a, b) => a.start - b.start);
}
