// Which claims a run judges: `--select` / `--exclude`, as dbt selects models. Several selectors are a
// union, `exclude` removes from it; a selector that matches no claim is said, never ignored. The
// selection narrows what is judged, never what is read: every file is still read and checked whole.
import { displayPath } from './files.js';
import { nearestNames, normaliseName } from './names.js';
import type { Claim, ClaimKind, Finding, Location, SelectionRecord } from './types.js';

/** What a selector may look at, as its prefix names it (`tag:kenya`); a bare word is an id glob. */
export const SELECTOR_PREFIXES = ['id', 'tag', 'claimant', 'region', 'metric', 'kind'] as const;
export type SelectorField = (typeof SELECTOR_PREFIXES)[number];

const KINDS: readonly ClaimKind[] = ['forecast', 'result'];

/** One selector, parsed. */
export interface Selector {
  field: SelectorField;
  /** The glob after the prefix: `*` any run of characters, `?` one character. */
  pattern: string;
  /** As written, trimmed: how reports and warnings name it. */
  text: string;
}

/** A selector that cannot be read: an unknown prefix or an empty pattern. A usage error, not a finding. */
export class SelectorError extends Error {
  constructor(
    /** The selector as written. */
    readonly selector: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'SelectorError';
  }
}

const PREFIX_LIST = SELECTOR_PREFIXES.map((p) => `${p}:`).join(', ');
const SELECTOR_HINT = `selectors are ${PREFIX_LIST} or a bare claim id glob, e.g. 'lahore-*' or tag:kenya`;

/** Split the values of repeated options on commas: `['tag:a,tag:b', 'x']` → `['tag:a', 'tag:b', 'x']`. */
function splitValues(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim());
}

/**
 * Parse selectors: each value one selector, or several separated by commas (a union, as repeating
 * the option is). Throws SelectorError on an unknown prefix, an empty selector, or a kind that is
 * not a claim kind.
 */
export function parseSelectors(values: readonly string[]): Selector[] {
  return splitValues(values).map((text) => {
    if (text === '') throw new SelectorError(text, 'empty selector', `${SELECTOR_HINT}; an empty value (an unset variable?) would select nothing or everything`);
    const m = text.match(/^([A-Za-z_][\w-]*):(.*)$/s);
    if (!m) return { field: 'id', pattern: text, text };
    const prefix = m[1]!.toLowerCase();
    const pattern = m[2]!.trim();
    if (!(SELECTOR_PREFIXES as readonly string[]).includes(prefix)) {
      const near = nearestNames(prefix, [...SELECTOR_PREFIXES]);
      throw new SelectorError(text, `unknown selector '${text}'${near.length ? ` (did you mean ${near.map((n) => `'${n}:'`).join(' or ')}?)` : ''}`, `${SELECTOR_HINT} (an id with ':' in it is written id:${text})`);
    }
    if (pattern === '') throw new SelectorError(text, `selector '${text}' has nothing after '${prefix}:'`, SELECTOR_HINT);
    const field = prefix as SelectorField;
    if (field === 'kind' && !/[*?]/.test(pattern) && !KINDS.includes(pattern.toLowerCase() as ClaimKind)) {
      throw new SelectorError(text, `selector '${text}': a claim's kind is ${KINDS.join(' or ')}`, `e.g. kind:forecast`);
    }
    return { field, pattern, text };
  });
}

const regexCache = new Map<string, RegExp>();

/** A glob as a regular expression over the whole value: `*` any run, `?` one character, all else literal. */
function globRegex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    const body = [...pattern].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
    re = new RegExp(`^${body}$`, 'su');
    regexCache.set(pattern, re);
  }
  return re;
}

/** The fields a selector reads, from a claim or from a claim as a JSON report recorded it. */
export interface SelectableClaim {
  id: string;
  claimant?: string | null;
  kind?: string | null;
  region?: string | null;
  metric?: string | null;
  tags?: readonly string[] | null;
}

/**
 * Whether a selector selects a claim. Ids compare exactly, as `explain ID` does; claimants, regions,
 * metrics, tags and kinds as claimcheck compares names (any case, spaces trimmed and collapsed).
 */
export function selects(selector: Selector, claim: SelectableClaim): boolean {
  if (selector.field === 'id') return globRegex(selector.pattern).test(claim.id);
  // Both sides normalised (lower case, spaces collapsed), so the comparison is in any case.
  const re = globRegex(normaliseName(selector.pattern));
  const values = selector.field === 'tag' ? (claim.tags ?? []) : [claim[selector.field]];
  return values.some((v) => v !== undefined && v !== null && re.test(normaliseName(v)));
}

/** A parsed selection; `select` empty means every claim, before `exclude`. */
export interface Selection {
  select: Selector[];
  exclude: Selector[];
}

export function parseSelection(options: { select?: readonly string[]; exclude?: readonly string[] }): Selection | undefined {
  const select = parseSelectors(options.select ?? []);
  const exclude = parseSelectors(options.exclude ?? []);
  return select.length || exclude.length ? { select, exclude } : undefined;
}

/** Whether a selection keeps a claim: any `select` selector selects it (or there are none), and no `exclude` does. */
export function inSelection(selection: Selection, claim: SelectableClaim): boolean {
  return (selection.select.length === 0 || selection.select.some((s) => selects(s, claim))) && !selection.exclude.some((s) => selects(s, claim));
}

function canonical(selectors: Selector[]): string[] {
  return [...new Set(selectors.map((s) => s.text))].sort();
}

export interface SelectedClaims {
  claims: Claim[];
  /** Undefined when there was no selection. */
  record?: SelectionRecord;
  /** A warning per selector that matches no claim read; an error when claims were read and none is selected. */
  findings: Finding[];
}

/** Where a file (a project config's `select:` / `exclude:`) wrote the selectors; a side not given came from the command line. */
export interface SelectionAt {
  select?: Location;
  exclude?: Location;
}

/** What selectClaims takes: the selectors, and where they were written. */
export interface SelectionOptions {
  select?: readonly string[];
  exclude?: readonly string[];
  /**
   * Where the selectors were written, for the findings about them: each `file` (absolute, or
   * relative to `cwd`) is shown from `cwd`, as every input path is. Without it a finding names the
   * option, `--select` or `--exclude`.
   */
  selectionAt?: SelectionAt;
  cwd?: string;
}

/** Apply `--select` / `--exclude` to the claims read. Throws SelectorError on a selector it cannot read. */
export function selectClaims(claims: Claim[], options: SelectionOptions): SelectedClaims {
  const selection = parseSelection(options);
  if (!selection) return { claims, findings: [] };
  // Each finding is made at its final location, so one sort by file and line puts it in its place.
  const where = (side: keyof SelectionAt): Location => {
    const at = options.selectionAt?.[side];
    return at ? { ...at, file: displayPath(at.file, options.cwd ?? process.cwd()) } : { file: `--${side}` };
  };
  const findings: Finding[] = [];
  for (const [side, selectors] of [['select', selection.select], ['exclude', selection.exclude]] as const) {
    for (const text of canonical(selectors)) {
      const selector = selectors.find((s) => s.text === text)!;
      if (claims.some((c) => selects(selector, c))) continue;
      findings.push({
        severity: 'warning',
        code: 'select-unmatched',
        ...where(side),
        message: `'${text}' matches no claim`,
        hint: hintFor(selector, claims),
      });
    }
  }
  const kept = claims.filter((c) => inSelection(selection, c));
  const record: SelectionRecord = { select: canonical(selection.select), exclude: canonical(selection.exclude), claimsRead: claims.length };
  if (claims.length > 0 && kept.length === 0) {
    findings.push({
      severity: 'error',
      code: 'select-empty',
      ...where(selection.select.length ? 'select' : 'exclude'),
      message: `the selection leaves none of the ${claims.length} claims read (${selectionSummary(record)})`,
      hint: 'check the selectors against the claims files; an audit of no claims would pass without judging anything',
    });
  }
  return { claims: kept, record, findings };
}

/**
 * The findings of reading the files that this selection's run says: every error (a file is read and
 * checked whole), and the warnings and notes not about a claim left out.
 */
export function findingsInSelection(selected: SelectedClaims, findings: Finding[]): Finding[] {
  if (!selected.record) return findings;
  const kept = new Set(selected.claims.map((c) => c.id));
  return findings.filter((f) => f.severity === 'error' || f.claimId === undefined || kept.has(f.claimId));
}

/** "did you mean" from the values the claims have for the selector's field. */
function hintFor(selector: Selector, claims: Claim[]): string {
  const known = [...new Set(claims.flatMap((c) => (selector.field === 'tag' ? (c.tags ?? []) : [c[selector.field]]).filter((v): v is string => typeof v === 'string')))];
  const near = /[*?]/.test(selector.pattern) ? [] : nearestNames(selector.pattern, known);
  const what = selector.field === 'id' ? 'claim ids' : `${selector.field} values`;
  if (near.length) return `did you mean ${near.map((n) => `'${selector.field === 'id' ? '' : `${selector.field}:`}${n}'`).join(' or ')}? (${what} are compared ${selector.field === 'id' ? 'exactly' : 'in any case'}; * and ? are wildcards)`;
  return known.length ? `no claim read has a matching ${selector.field === 'id' ? 'id' : selector.field}; * and ? are wildcards` : `no claim read has a ${selector.field}`;
}

/** The selection in words, for every report's settings line: "select tag:kenya, lahore-*; exclude kind:forecast". */
export function selectionSummary(record: Pick<SelectionRecord, 'select' | 'exclude'>): string {
  return [record.select.length ? `select ${record.select.join(', ')}` : '', record.exclude.length ? `exclude ${record.exclude.join(', ')}` : ''].filter(Boolean).join('; ');
}
