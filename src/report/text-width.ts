// Text measured as a terminal shows it: display columns, not UTF-16 units or code points. A CJK
// character or an emoji takes two columns, a combining accent none; string-width knows which
// (Unicode's East Asian Width and emoji data), so columns line up whatever the script.
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/** The columns `text` takes on a terminal (colour codes take none). */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** `text` cut to at most `width` columns, ending in '…' when cut; never splits a character or a cluster. */
export function fitWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = displayWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

/** `text` followed by spaces up to `width` columns. */
export function padWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * `text` wrapped at `width` columns, every line after the first indented by `indent` spaces (a
 * hanging indent, so a wrapped message stays visibly one item). Words longer than a line are broken.
 */
export function wrapHanging(text: string, width: number, indent: number): string {
  const lines = wrapAnsi(text, Math.max(20, width - indent), { hard: true, trim: true }).split('\n');
  return lines.map((l, i) => (i === 0 ? l : `${' '.repeat(indent)}${l}`)).join('\n');
}
