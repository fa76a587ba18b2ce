// Number formatting shared by reasons and renderers. Locale-free, so output is byte-identical everywhere.

/** 6732 → "6,732"; 14.52 → "14.52"; at most `decimals` decimals, trailing zeros dropped. */
export function formatNumber(x: number, decimals = 2): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : 'NaN';
  const negative = x < 0;
  const fixed = Math.abs(x).toFixed(decimals);
  // Called for every number of every reason (tens of thousands in a large audit): string scans, not
  // split and regular expressions. A number toFixed writes with an exponent (1e+21) has no groups.
  const dot = fixed.indexOf('.');
  let int = dot < 0 ? fixed : fixed.slice(0, dot);
  if (int.length > 3 && /^\d+$/.test(int)) {
    let grouped = int.slice(0, int.length % 3 || 3);
    for (let i = grouped.length; i < int.length; i += 3) grouped += `,${int.slice(i, i + 3)}`;
    int = grouped;
  }
  let end = fixed.length;
  if (dot >= 0) while (end > dot + 1 && fixed.charCodeAt(end - 1) === 48) end--;
  const frac = dot >= 0 && end > dot + 1 ? fixed.slice(dot, end) : '';
  return `${negative && Number(fixed) !== 0 ? '-' : ''}${int}${frac}`;
}

/** A signed percentage with two decimals: +33.00%, -28.72%. */
export function formatPercent(x: number): string {
  const r = round(x, 2);
  return `${r > 0 ? '+' : r < 0 ? '-' : '±'}${Math.abs(r).toFixed(2)}%`;
}

/** Percentage points, signed: +48.00 pp. */
export function formatPoints(x: number): string {
  const r = round(x, 2);
  return `${r > 0 ? '+' : r < 0 ? '-' : '±'}${Math.abs(r).toFixed(2)} pp`;
}

/** Round half away from zero at `decimals`; -0 becomes 0 so JSON never shows "-0". */
export function round(x: number, decimals: number): number {
  // Past 2^53 there are no decimals left to round, and scaling would only add error (1e21 → 1.0000000000000001e21).
  if (!Number.isFinite(x) || Math.abs(x) >= 2 ** 53) return x;
  const f = 10 ** decimals;
  const r = Math.sign(x) * Math.round(Math.abs(x) * f + Number.EPSILON * f) / f;
  return r === 0 ? 0 : r;
}

/**
 * User text quoted in a message, cut to `max` characters: a 1 MB cell must not become a 1 MB message.
 * Line breaks are shown as spaces so a message stays on its line.
 */
/**
 * Past this many findings of one kind in one file, the rest are counted, not kept or printed: a file
 * wrong on every one of a million rows gets the first fifty and a count.
 */
export const MAX_FINDINGS_PER_KIND = 50;

export function clip(text: string, max = 60): string {
  // A character is at most two UTF-16 units: look at no more of a long text than can be shown.
  const head = text.length > 2 * max + 2 ? text.slice(0, 2 * max + 2) : text;
  const chars = [...head.replace(/\r\n?|\n/g, ' ')];
  return chars.length <= max && head === text ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * The control characters printable leaves as they are: none (a tab becomes a space), line feeds (a
 * text of several lines), or the whitespace a page lays out itself, tab, LF and CR (HTML).
 */
export type KeptControls = 'none' | 'newlines' | 'whitespace';

/**
 * Text from a user's file made safe to show a person, on a terminal, in Markdown or in HTML: control
 * characters (an ESC could recolour or retitle the terminal, a CR overwrite a line, a NUL or BEL shows
 * as nothing, or as a box, in a page) and bidirectional overrides (which reorder what is shown) become
 * visible escapes such as \x1B. The one place that spells controls; each format escapes its syntax after.
 */
export function printable(text: string, keep: KeptControls = 'none'): string {
  return visible(text).replace(CONTROLS, (ch) => {
    if (ch === '\n' && keep !== 'none') return ch;
    if ((ch === '\t' || ch === '\r') && keep === 'whitespace') return ch;
    if (ch === '\t') return ' ';
    return `\\x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  });
}

// C0 controls, DEL and C1 controls.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Characters that show as nothing, or reorder what is around them, when a person reads the text:
 * bidirectional embeddings, overrides, isolates and marks (U+202E turns "txt.exe" into "exe.txt"),
 * zero-width spaces and joiners, the byte-order mark, soft hyphens, invisible operators, fillers and
 * tag characters. (Joiners have uses in some scripts and emoji; in a name or a quoted value, showing
 * them beats hiding them.)
 */
const INVISIBLE_CLASS = '[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\udb40[\udc00-\udc7f]';
export const INVISIBLE = new RegExp(INVISIBLE_CLASS);
const INVISIBLE_ALL = new RegExp(INVISIBLE_CLASS, 'g');

/**
 * Text a person will read, with every invisible character written as an escape (\u202E, \u{E0041}),
 * in every format: terminal, Markdown, HTML, SVG titles, GitHub annotations, SARIF and JUnit. The one
 * place that decides what is invisible; each format escapes its own syntax after this.
 */
export function visible(text: string): string {
  return text.replace(INVISIBLE_ALL, (ch) => {
    const code = ch.codePointAt(0)!;
    return code > 0xffff ? `\\u{${code.toString(16).toUpperCase()}}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  });
}

/** "1 claim", "3 claims". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
