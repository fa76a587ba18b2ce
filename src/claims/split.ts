// Cutting a large claims file into parts that worker threads parse at once. yaml reads about 2 MB a
// second, so a file of 10,000 claims (3 MB) is worth cutting; but a cut must never change a value.
//
// A cut is made only before an item of the top-level `claims:` list: a line at the list's indentation
// that starts with "- ". Each part after the first is given the `claims:` line and blank lines before
// it, so its lines and columns are the file's own. Whatever the parts hold, yaml reads the same items:
// - a cut inside a quoted scalar or a flow collection ([ or {) leaves the part before it unclosed, an
//   error, and then the file is parsed whole (`mustParseWhole`);
// - a block scalar's lines are indented deeper than the list, so none of them is a cut;
// - an alias whose anchor is in an earlier part names no anchor in its own, an error again;
// - no cut is made after a line that ends the list (a line indented less than the list, such as
//   another top-level key, a document marker or a tab), so everything after it stays in one part;
// - each part has its share of the file's YAML bounds (tokens, alias expansion), so the parts cannot
//   together pass a file that the bounds refuse.
import type { Finding } from '../types.js';
import { FILE_BOUNDS, type YamlBounds } from '../yaml-nodes.js';
import type { ParsedClaims } from './parse.js';

const BLANK_OR_COMMENT = /^[ \t]*(#.*)?\r?$/;
const CLAIMS_KEY = /^claims:[ \t]*(#.*)?\r?$/;
const LIST_ITEM = /^( *)-( |\r?$)/;

/**
 * The file's text in `parts` parts (fewer when it has fewer items), cut before items of the
 * `claims:` list; undefined when it cannot be cut safely (it does not start with `claims:` and a
 * block list, or it is one item).
 */
export function splitClaimsText(text: string, parts: number): string[] | undefined {
  if (parts < 2) return undefined;
  const lineAfter = (at: number) => {
    const nl = text.indexOf('\n', at);
    return nl < 0 ? text.length : nl + 1;
  };
  const lineAt = (at: number) => text.slice(at, lineAfter(at) - (text[lineAfter(at) - 1] === '\n' ? 1 : 0));
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const skipBlank = () => {
    while (at < text.length && BLANK_OR_COMMENT.test(lineAt(at))) {
      at = lineAfter(at);
      line++;
    }
  };
  skipBlank();
  if (!CLAIMS_KEY.test(lineAt(at))) return undefined;
  at = lineAfter(at);
  line++;
  skipBlank();
  const first = LIST_ITEM.exec(lineAt(at));
  if (!first) return undefined;
  const indent = first[1]!.length;
  // Every later item of the list: where it starts, and on which line.
  const items: Array<{ at: number; line: number }> = [];
  for (at = lineAfter(at), line++; at < text.length; at = lineAfter(at), line++) {
    const text_ = lineAt(at);
    if (BLANK_OR_COMMENT.test(text_)) continue;
    let spaces = 0;
    while (text_.charCodeAt(spaces) === 32) spaces++;
    if (spaces > indent) continue;
    if (spaces === indent && LIST_ITEM.test(text_)) items.push({ at, line });
    else break;
  }
  const cuts: Array<{ at: number; line: number }> = [];
  let next = 0;
  for (let k = 1; k < parts; k++) {
    const target = (text.length * k) / parts;
    while (next < items.length && items[next]!.at < target) next++;
    if (next >= items.length) break;
    cuts.push(items[next++]!);
  }
  if (cuts.length === 0) return undefined;
  const out = [text.slice(0, cuts[0]!.at)];
  for (let k = 0; k < cuts.length; k++) {
    const end = k + 1 < cuts.length ? cuts[k + 1]!.at : text.length;
    out.push(`claims:${'\n'.repeat(cuts[k]!.line - 1)}${text.slice(cuts[k]!.at, end)}`);
  }
  return out;
}

/** What the file's top level says, reported by the whole file first: when a part has it, the file is parsed whole. */
const TOP_LEVEL = new Set(['claims-shape', 'claims-missing', 'claims-empty', 'unknown-top-level-key']);

/** Findings that say a part may not have been read as the whole file would be. */
function mustParseWhole(findings: Finding[]): boolean {
  return findings.some((f) => f.code.startsWith('yaml-') || TOP_LEVEL.has(f.code));
}

/**
 * Parse a file's parts (with `parse`: on worker threads, or here in tests) and join them in order.
 * If a part has a YAML problem, what it says about the whole file is not certain (a quote left open
 * may close in the next part): the file is then parsed whole, so the findings are exactly the file's.
 */
export async function parseInParts(
  request: { text: string; file: string },
  parts: number,
  parse: (request: { text: string; file: string; bounds?: YamlBounds }) => ParsedClaims | Promise<ParsedClaims>,
  /** The whole file's bounds (tests lower them). */
  fileBounds: YamlBounds = FILE_BOUNDS,
): Promise<ParsedClaims> {
  const texts = splitClaimsText(request.text, parts);
  if (!texts) return parse(request);
  // Each part has its share of the file's bounds: over it, the file is parsed whole, and refused there if it must be.
  const bounds = { maxTokens: Math.floor(fileBounds.maxTokens / texts.length), aliasSlack: Math.floor(fileBounds.aliasSlack / texts.length) };
  const results = await Promise.all(texts.map((text) => parse({ text, file: request.file, bounds })));
  if (results.some((r) => mustParseWhole(r.findings))) return parse(request);
  return { claims: results.flatMap((r) => r.claims), findings: results.flatMap((r) => r.findings), rejectedIds: results.flatMap((r) => r.rejectedIds) };
}
