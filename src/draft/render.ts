// What draft shows: each claim with its quote (the number highlighted) and which fields are resolved;
// the same as JSON for tools.
import type { ChalkInstance } from 'chalk';
import { plural } from '../format.js';
import { TOOL } from '../version.js';
import type { DraftClaim, DraftField, DraftTarget } from './build.js';
import type { SourceDocument } from './text.js';

const FIELDS = ['claimant', 'kind', 'region', 'metric', 'claimed', 'baseline', 'target'] as const;

function fieldName(c: DraftClaim, f: (typeof FIELDS)[number]): string {
  return f === 'claimed' ? c.claimed.field : f;
}

function fieldOf(c: DraftClaim, f: (typeof FIELDS)[number]): DraftField<string | number | DraftTarget> | undefined {
  return f === 'claimed' ? c.claimed : c[f];
}

function show(v: string | number | DraftTarget): string {
  return typeof v === 'object' ? `within ${v.within}` : String(v);
}

/** Control characters in a document are shown, never sent to the terminal. */
function safe(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The names of the fields a claim still needs resolved (placeholders), sources included. */
export function unresolvedFields(c: DraftClaim): string[] {
  const out: string[] = ['statement'];
  for (const f of FIELDS) {
    const field = fieldOf(c, f);
    if (field && field.value === undefined) out.push(fieldName(c, f));
  }
  for (const s of c.sources) for (const k of ['publisher', 'title', 'date', 'url'] as const) if (s[k].value === undefined) out.push(`sources.${k}`);
  return out;
}

export function renderDraftTerminal(claims: DraftClaim[], documents: SourceDocument[], c: ChalkInstance): string {
  const out: string[] = [];
  for (const d of claims) {
    const q = d.quote;
    const quote = `${safe(q.slice(0, d.number.start))}${c.bold.yellow(safe(q.slice(d.number.start, d.number.end)))}${safe(q.slice(d.number.end))}`;
    out.push(`${c.dim(d.foundAt)}  ${c.bold(d.id)}`);
    out.push(`  “${quote}”`);
    for (const f of FIELDS) {
      const field = fieldOf(d, f);
      if (!field) continue;
      const name = fieldName(d, f).padEnd(9);
      if (field.value !== undefined) out.push(`  ${c.green('✓')} ${name}${safe(show(field.value))}${field.from ? c.dim(`  ← “${safe(field.from)}”`) : ''}`);
      else out.push(`  ${c.red('?')} ${name}${c.red('TODO')}${field.todo ? c.dim(`  ${safe(field.todo)}`) : ''}`);
    }
    for (const r of d.readings) out.push(`  ${c.cyan('i')} ${safe(r)}`);
    out.push('');
  }
  const open = claims.reduce((n, d) => n + unresolvedFields(d).length, 0);
  out.push(
    `${plural(claims.length, 'claim')} drafted from ${plural(documents.length, 'document')}; ${plural(open, 'field')} to resolve (statement included)`,
  );
  return `${out.join('\n')}\n`;
}

function fieldJson(f: DraftField<string | number | DraftTarget> | undefined) {
  if (!f) return undefined;
  return f.value !== undefined ? { resolved: true, value: f.value, ...(f.from ? { from: f.from } : {}) } : { resolved: false, ...(f.todo ? { todo: f.todo } : {}) };
}

/** The drafted claims for tools: every field with whether it is resolved, its value and the words it came from. */
export function renderDraftJson(claims: DraftClaim[], documents: SourceDocument[]): string {
  const doc = {
    tool: TOOL,
    documents: documents.map((d) => ({ file: d.file, format: d.format, paragraphs: d.paragraphs.length, meta: { ...d.meta } })),
    claims: claims.map((d) => ({
      id: d.id,
      quote: d.quote,
      number: d.number,
      found_at: d.foundAt,
      position: d.at,
      fields: {
        claimant: fieldJson(d.claimant),
        kind: fieldJson(d.kind),
        region: fieldJson(d.region),
        metric: fieldJson(d.metric),
        [d.claimed.field]: fieldJson(d.claimed),
        ...(d.baseline ? { baseline: fieldJson(d.baseline) } : {}),
        target: fieldJson(d.target),
      },
      readings: d.readings,
      unresolved: unresolvedFields(d),
      sources: d.sources.map((s) => ({ publisher: fieldJson(s.publisher), title: fieldJson(s.title), date: fieldJson(s.date), url: fieldJson(s.url) })),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
