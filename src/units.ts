// Units of claimed and published levels: scale words ("12 billion", "USD million", "3.5bn") and the
// check that a level claim and its evidence count the same thing. A claim in USD million against
// evidence in PKR billion is an error unless the claim declares a conversion; never a silent comparison.
import { formatNumber } from './format.js';
import type { ClaimedLevel, ClaimedUnit, UnitConversion } from './types.js';

/**
 * Scale words as people write them. Single letters are taken only where they cannot be a unit:
 * `k`, `K` and `M` (never `m`, metres, in a unit; `12m` after a number is read as million).
 */
const SCALE_WORDS: ReadonlyArray<[RegExp, number, string]> = [
  [/^(?:thousands?|k|K|'000)$/, 1e3, 'thousand'],
  [/^(?:lakhs?|lacs?)$/i, 1e5, 'lakh'],
  [/^(?:millions?|M|mn|mln|mio)$/, 1e6, 'million'],
  [/^(?:crores?)$/i, 1e7, 'crore'],
  [/^(?:billions?|bn|bln)$/, 1e9, 'billion'],
  [/^(?:trillions?|tn|trn)$/, 1e12, 'trillion'],
];

/** The factor of a scale word, or undefined. `afterNumber`: also `m` (12m), as the press writes it. */
export function scaleWord(word: string, afterNumber = false): { word: string; factor: number } | undefined {
  const w = word.trim();
  if (afterNumber && w === 'm') return { word: 'million', factor: 1e6 };
  for (const [re, factor, name] of SCALE_WORDS) if (re.test(w)) return { word: name, factor };
  return undefined;
}

export const SCALE_WORD_LIST = 'thousand (k), lakh, million (M, mn), crore, billion (bn), trillion (tn)';

/** `USD million` → { base: 'USD', factor: 1e6 }; `persons` → { base: 'persons', factor: 1 }. */
export function parseUnitText(text: string): { base: string; factor: number; scale?: string } | { error: string } {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const scales = tokens.map((t) => scaleWord(t)).filter((s) => s !== undefined);
  if (scales.length > 1) return { error: `'${text.trim()}' has two scale words (${scales.map((s) => s.word).join(', ')})` };
  const base = tokens.filter((t) => !scaleWord(t)).join(' ');
  return scales[0] ? { base, factor: scales[0].factor, scale: scales[0].word } : { base, factor: 1 };
}

/** Two unit names are the same unit when they differ only in case and spacing. */
export function sameBase(a: string, b: string): boolean {
  const n = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return n(a) === n(b);
}

/** `1 USD = 280.5 PKR` → { from: USD, to: PKR, rate: 280.5 }. */
export function parseConversionText(text: string): Omit<UnitConversion, 'location'> | { error: string } {
  const m = text.trim().match(/^1\s+(\S(?:.*\S)?)\s*=\s*(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s+(\S(?:.*\S)?)$/i);
  if (!m) return { error: `'${text.trim()}' is not a conversion written as 1 FROM = RATE TO` };
  const rate = Number(m[2]);
  if (!(rate > 0) || !Number.isFinite(rate)) return { error: `the rate in '${text.trim()}' must be a positive number` };
  return { from: m[1]!, to: m[3]!, rate, text: text.trim() };
}

export interface LevelInEvidenceUnit {
  /** The claimed level expressed in the evidence's unit and scale. */
  claimed: ClaimedLevel;
  /** How it was converted, for the reasons (empty when nothing changed). */
  reasons: string[];
}

/**
 * The claimed level in the evidence's unit, or why it cannot be compared. Claims without a unit or a
 * scale word are compared as written, as before.
 */
export function levelInEvidenceUnit(claimed: ClaimedLevel, unit: ClaimedUnit | undefined, conversion: UnitConversion | undefined, evidenceUnit: string | undefined): LevelInEvidenceUnit | { problem: string } {
  if (!unit && !claimed.scale) return { claimed, reasons: [] };
  const evidence = evidenceUnit ? parseUnitText(evidenceUnit) : { base: '', factor: 1 };
  if ('error' in evidence) return { problem: `the evidence's unit ${evidenceUnit}: ${evidence.error}` };
  let factor = (unit?.factor ?? 1) / evidence.factor;
  const reasons: string[] = [];
  if (unit && unit.base !== '' && !sameBase(unit.base, evidence.base)) {
    if (!evidence.base) return { problem: `the claim is in ${unit.text} but the evidence gives no unit, so the two cannot be compared; give the evidence a unit (a unit column, or fixed: { unit: … } in its descriptor)` };
    if (!conversion || !sameBase(conversion.from, unit.base) || !sameBase(conversion.to, evidence.base)) {
      const hint = conversion ? ` (the declared conversion is ${conversion.text}, from ${conversion.from} to ${conversion.to})` : '';
      return { problem: `the claim is in ${unit.text} but the evidence is in ${evidenceUnit}${hint}; declare a rate with conversion: "1 ${unit.base} = RATE ${evidence.base}", or check the claim` };
    }
    factor *= conversion.rate;
    reasons.push(`converted at the declared rate ${conversion.text}`);
  }
  if (factor === 1) {
    if (claimed.scale && claimed.low !== null) reasons.unshift(`the claimed ${claimed.text} is read as ${describeNumbers(claimed)}`);
    return { claimed, reasons };
  }
  const scaled = (x: number | null) => (x === null ? null : x * factor);
  const out: ClaimedLevel = { ...claimed, low: scaled(claimed.low), high: scaled(claimed.high) };
  const written = `${claimed.text}${unit ? ` ${unit.text}` : ''}`;
  reasons.unshift(`the claimed ${written} is ${describeNumbers(out)} in the evidence's unit${evidenceUnit ? ` (${evidenceUnit})` : ''}`);
  return { claimed: out, reasons };
}

function describeNumbers(c: ClaimedLevel): string {
  if (c.low !== null && c.low === c.high) return formatNumber(c.low);
  if (c.high === null) return `at least ${formatNumber(c.low!)}`;
  if (c.low === null) return `at most ${formatNumber(c.high)}`;
  return `${formatNumber(c.low)} to ${formatNumber(c.high)}`;
}
