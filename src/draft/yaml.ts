// Drafted claims as a claims file: resolved fields with the words they came from (as comments),
// placeholders (TODO) where the text does not settle a field, and --merge into an existing file.
import { isMap, isSeq, parseDocument, stringify } from 'yaml';
import type { DraftClaim, DraftField, DraftTarget } from './build.js';

/** A scalar as YAML writes it on one line (quoted where it must be). */
function scalar(v: string | number): string {
  return stringify(v, { lineWidth: 0, minContentWidth: 0 }).trimEnd();
}

function comment(text: string | undefined): string {
  if (!text) return '';
  const clean = text.replace(/[\r\n\t]+/g, ' ').replace(/\s+/g, ' ').trim();
  return `  # "${clean.length > 100 ? `${clean.slice(0, 97)}…` : clean}"`;
}

/** `TODO`, or `"TODO: what to resolve"`: the placeholder `validate` reports. */
function placeholder(todo: string | undefined): string {
  return todo ? scalar(`TODO: ${todo.replace(/[\r\n]+/g, ' ')}`) : 'TODO';
}

function fieldLine(indent: string, key: string, f: DraftField<string | number | DraftTarget> | undefined): string[] {
  if (!f) return [];
  if (f.value === undefined) return [`${indent}${key}: ${placeholder(f.todo)}`];
  const v = f.value;
  const text = typeof v === 'object' ? `{ within: ${v.within} }` : scalar(v);
  return [`${indent}${key}: ${text}${comment(f.from)}`];
}

/** One claim as a list item, indented by `indent` (the column of its "-"). */
export function renderClaimYaml(c: DraftClaim, indent = '  '): string {
  const i = `${indent}  `;
  const lines = [
    `${indent}- id: ${c.id}`,
    ...fieldLine(i, 'claimant', c.claimant),
    `${i}statement: ${placeholder('say the claim in your own words')}`,
    ...fieldLine(i, 'kind', c.kind),
    ...fieldLine(i, 'region', c.region),
    ...fieldLine(i, 'metric', c.metric),
    ...fieldLine(i, c.claimed.field, c.claimed),
    ...fieldLine(i, 'baseline', c.baseline),
    ...fieldLine(i, 'target', c.target),
    ...(c.readings.length ? [`${i}note: ${scalar(`Drafted reading: ${c.readings.join('; ')}.`)}`] : []),
    `${i}quote: ${scalar(c.quote)}`,
    `${i}found_at: ${scalar(c.foundAt)}`,
    `${i}sources:`,
  ];
  for (const s of c.sources) {
    const [first, ...rest] = [...fieldLine('', 'publisher', s.publisher), ...fieldLine('', 'title', s.title), ...fieldLine('', 'date', s.date), ...fieldLine('', 'url', s.url)];
    lines.push(`${i}  - ${first}`, ...rest.map((l) => `${i}    ${l}`));
  }
  return `${lines.join('\n')}\n`;
}

export const DRAFT_HEADER = [
  '# Claims drafted by `claimcheck draft`. Review each one against its quote: resolve every TODO',
  '# (`claimcheck validate` lists them with their lines), check the drafted readings in each note,',
  '# delete what is not a claim worth checking, then run `claimcheck audit`.',
];

/** A new claims file holding `claims`. */
export function renderDraftFile(claims: DraftClaim[], inputs: string[]): string {
  const head = [...DRAFT_HEADER, `# Drafted from: ${inputs.join(', ')}`];
  if (claims.length === 0) return `${head.join('\n')}\nclaims: []\n`;
  return `${head.join('\n')}\nclaims:\n${claims.map((c) => renderClaimYaml(c)).join('\n')}`;
}

/** Whitespace-insensitive form of a quote, for --merge. */
export function quoteKey(quote: string): string {
  return quote.replace(/\s+/g, ' ').trim();
}

export interface ExistingClaims {
  ids: Set<string>;
  quotes: Set<string>;
  /** Where new items go: the column of the existing items' "-". */
  indent: string;
  /** Whether the file holds an empty `claims:` (null or []), which the merge replaces. */
  empty: boolean;
}

/** Read what --merge needs from an existing claims file, or say why it cannot be merged into. */
export function readExisting(text: string): ExistingClaims | { error: string } {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length) return { error: `it is not valid YAML (${doc.errors[0]!.message.split('\n')[0]}); fix it first (claimcheck validate shows where)` };
  const root = doc.contents;
  if (!isMap(root)) return { error: "it is not a claims file (no top-level 'claims:' list)" };
  const pairs = root.items;
  const last = pairs[pairs.length - 1];
  const claimsPair = pairs.find((p) => (p.key as { value?: unknown } | null)?.value === 'claims');
  if (!claimsPair) return { error: "it is not a claims file (no top-level 'claims:' list)" };
  const value = claimsPair.value as unknown;
  const isEmpty = value === null || (value as { value?: unknown })?.value === null || (isSeq(value) && value.items.length === 0);
  if (claimsPair !== last) return { error: "its 'claims:' list is not the last key of the file; move it to the end, then merge" };
  if (!isEmpty && (!isSeq(value) || value.flow)) return { error: "its 'claims:' is not a block list ('- id: …' items)" };
  const ids = new Set<string>();
  const quotes = new Set<string>();
  if (isSeq(value)) {
    for (const item of value.items) {
      if (!isMap(item)) continue;
      const id = item.get('id');
      const quote = item.get('quote');
      if (typeof id === 'string') ids.add(id);
      if (typeof quote === 'string') quotes.add(quoteKey(quote));
    }
  }
  const m = text.match(/^claims\s*:[^\n]*\n(?:\s*#[^\n]*\n|\s*\n)*( *)- /m);
  return { ids, quotes, indent: m ? m[1]! : '  ', empty: isEmpty };
}

/** The existing file with `claims` appended to its list (the existing text is kept byte for byte). */
export function mergeInto(text: string, existing: ExistingClaims, claims: DraftClaim[]): string {
  const items = claims.map((c) => renderClaimYaml(c, existing.indent)).join('\n');
  if (existing.empty) {
    // `claims:` or `claims: []` becomes the list.
    return text.replace(/^claims\s*:\s*(?:\[\s*\]|null|~)?\s*(#[^\n]*)?$/m, (_m, c: string | undefined) => `claims:${c ? ` ${c}` : ''}`).replace(/\n*$/, '\n') + items;
  }
  return `${text.replace(/\n*$/, '\n')}\n${items}`;
}
