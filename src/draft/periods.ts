// The periods a sentence names: spans (from 2014 to 2015), points (in 2016, by the end of 2018,
// Jan 2020), starts (since 2015), horizons (in the first five years). Month dates are read by
// chrono-node; bare years and spans of years, which chrono does not read, by the patterns here.
import * as chrono from 'chrono-node';

export type PeriodRole = 'span' | 'point' | 'since' | 'horizon' | 'yoy';

export interface PeriodMention {
  role: PeriodRole;
  /** span: from and to; point: the period; since: the start; horizon: years or months ahead. */
  from?: string;
  to?: string;
  within?: string;
  start: number;
  end: number;
  text: string;
  /** A day date shortened to its month (evidence is rarely daily): the day as written is kept here. */
  day?: string;
}

const WORD_NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, fifteen: 15, twenty: 20 };

const Y = String.raw`(?:1[89]\d{2}|20\d{2})`;

export function findPeriods(sentence: string): PeriodMention[] {
  const out: PeriodMention[] = [];
  const taken: Array<[number, number]> = [];
  const free = (s: number, e: number) => taken.every(([a, b]) => e <= a || s >= b);
  const push = (p: PeriodMention) => {
    out.push(p);
    taken.push([p.start, p.end]);
  };

  // Spans of years: from 2014 to 2015, between 2017 and 2018, 2014–2015, 2014-15.
  for (const m of sentence.matchAll(new RegExp(String.raw`\b(?:from|between)\s+(${Y})\s+(?:to|and|through|until|till)\s+(${Y})\b`, 'gi'))) {
    push({ role: 'span', from: m[1]!, to: m[2]!, start: m.index!, end: m.index! + m[0].length, text: m[0] });
  }
  for (const m of sentence.matchAll(new RegExp(String.raw`\b(${Y})\s*[-–]\s*(${Y}|\d{2})\b(?![-–/]\d)`, 'g'))) {
    const start = m.index!;
    if (!free(start, start + m[0].length)) continue;
    const to = m[2]!.length === 2 ? m[1]!.slice(0, 2) + m[2]! : m[2]!;
    if (Number(to) <= Number(m[1]!)) continue;
    push({ role: 'span', from: m[1]!, to, start, end: start + m[0].length, text: m[0] });
  }

  // Horizons: in the first five years, within 5 years, over the next three years.
  for (const m of sentence.matchAll(/\b(?:in|within|over|during)\s+(?:the\s+)?(?:first|next|coming)?\s*(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\s+(years?|months?)\b/gi)) {
    const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : WORD_NUMBERS[m[1]!.toLowerCase()]!;
    const start = m.index!;
    if (!free(start, start + m[0].length)) continue;
    push({ role: 'horizon', within: `${n}${m[2]!.toLowerCase().startsWith('y') ? 'y' : 'm'}`, start, end: start + m[0].length, text: m[0] });
  }

  // Month dates (Jan 2020, Nov. 12, 2019, 12/29/2019): chrono, only where it is certain of the year.
  for (const r of chrono.parse(sentence, new Date(Date.UTC(2000, 0, 1)))) {
    const c = r.start;
    if (!c.isCertain('year') || !c.isCertain('month')) continue;
    const start = r.index;
    const end = start + r.text.length;
    if (!free(start, end)) continue;
    const y = String(c.get('year'));
    const mo = String(c.get('month')).padStart(2, '0');
    const day = c.isCertain('day') ? `${y}-${mo}-${String(c.get('day')).padStart(2, '0')}` : undefined;
    const since = /\bsince\s+$/i.test(sentence.slice(0, start));
    push({ role: since ? 'since' : 'point', ...(since ? { from: `${y}-${mo}` } : { to: `${y}-${mo}` }), start, end, text: r.text, ...(day ? { day } : {}) });
  }

  // Single years: since 2015 (a start); in 2016, by the end of 2018, 2018 (a point).
  for (const m of sentence.matchAll(new RegExp(String.raw`(?<![\w.,/-])(${Y})(?![\w/]|[.,]\d)`, 'g'))) {
    const start = m.index!;
    if (!free(start, start + m[0].length)) continue;
    const before = sentence.slice(Math.max(0, start - 20), start);
    // "No.91 of 2011", "Act of 2011": the year of a document, not of the claim.
    if (/(?:No\.?\s*\d+\s+of|Act\s+of)\s+$/i.test(sentence.slice(Math.max(0, start - 25), start))) continue;
    if (/\bsince\s+$/i.test(before) || /\bfrom\s+$/i.test(before)) push({ role: 'since', from: m[1]!, start, end: start + m[0].length, text: m[0] });
    else push({ role: 'point', to: m[1]!, start, end: start + m[0].length, text: m[0] });
  }

  // Year on year: a change from the year before.
  for (const m of sentence.matchAll(/\byear[- ](?:over|on)[- ]year\b|\byoy\b|\bannual(?:ly)?\b/gi)) {
    push({ role: 'yoy', start: m.index!, end: m.index! + m[0].length, text: m[0] });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** "That year", "the same year": the one year the sentence before names, if it names exactly one. */
export function refersToEarlierYear(sentence: string): { start: number; end: number; text: string } | undefined {
  const m = sentence.match(/\b(?:that|the same) year\b/i);
  return m ? { start: m.index!, end: m.index! + m[0].length, text: m[0] } : undefined;
}
