// Reading a JSON report back (for --baseline and `claimcheck diff`). A file that is not a
// claimcheck report of a schema version this version reads is a finding with its position.
import { READABLE_SCHEMA_VERSIONS, SCHEMA_VERSION } from './build.js';
import { clip } from '../format.js';
import { VERDICTS, type Finding } from '../types.js';
import type { JsonReport } from './types.js';
import { TOOL } from '../version.js';
import { mapEntries, parseYaml, positionOf, seqItems, type YamlDoc } from '../yaml-nodes.js';

const REGENERATE = 'a report is what claimcheck audit --format json --out FILE writes';

function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: [...(lines[lines.length - 1] ?? '')].length + 1 };
}

/**
 * Where JSON.parse stopped, from V8's message: "at position 12" or "(line 2 column 5)"; for an
 * unexpected token, V8 quotes the text around it ("...10 characters before, 10 after..."), or all of
 * a short text. Returns a short message without V8's position suffix.
 */
export function describeJsonError(text: string, message: string): { message: string; line: number; column: number } {
  const clean = message.split('\n')[0]!.replace(/ in JSON at position \d+.*$/, '');
  const lc = message.match(/\(line (\d+) column (\d+)\)/);
  if (lc) return { message: clean, line: Number(lc[1]), column: Number(lc[2]) };
  const pos = message.match(/at position (\d+)/);
  if (pos) return { message: clean, ...lineColumnAt(text, Number(pos[1])) };
  const token = message.match(/^Unexpected token '([\s\S]+?)', (\.\.\.)?"([\s\S]*)"(?:\.\.\.)? is not valid JSON$/);
  if (token) {
    const [, ch, cut, around] = token;
    const at = cut ? text.indexOf(around!) : -1;
    const offset = at >= 0 ? at + 10 : text.indexOf(ch!);
    return { message: `unexpected '${ch}'`, ...lineColumnAt(text, Math.max(0, offset)) };
  }
  // "Unexpected end of JSON input": the end is where it went wrong.
  return { message: clean, ...lineColumnAt(text, text.length) };
}

/** Deepest nesting a report may have: a report is eight levels deep; a file of '[' would exhaust the heap. */
export const MAX_JSON_DEPTH = 64;
/** Most values (arrays, objects, and the items between commas) a report may hold; as YAML files' token cap. */
export const MAX_JSON_VALUES = 4_000_000;

/**
 * Check a JSON text's nesting depth and its number of values before JSON.parse builds any object: a
 * walk over the characters that skips strings. Returns where the first bound is passed, or undefined.
 */
export function jsonBeyondBounds(text: string, maxDepth = MAX_JSON_DEPTH, maxValues = MAX_JSON_VALUES): { offset: number; message: string } | undefined {
  let depth = 0;
  let values = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // A string: to its closing quote, over escapes.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > maxDepth) return { offset: i, message: `nested more than ${maxDepth} levels deep (a report is about eight)` };
      if (++values > maxValues) return { offset: i, message: `more than ${maxValues.toLocaleString('en-US')} values` };
    } else if (c === 93 || c === 125) depth--;
    else if (c === 44 && ++values > maxValues) return { offset: i, message: `more than ${maxValues.toLocaleString('en-US')} values` };
  }
  return undefined;
}

function problem(file: string, at: { line?: number; column?: number }, code: string, message: string, hint: string): Finding {
  return { severity: 'error', code, file, ...at, message, hint };
}

/** The value node under `key` in a mapping node, for positions. */
function child(node: unknown, key: string): unknown {
  return mapEntries(node)?.find((e) => e.key === key)?.value;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Parse the text of a JSON report. Returns the report, or the findings that say why it cannot be
 * used: not JSON, not a claimcheck report, or a schemaVersion this version does not read.
 */
export function parseReport(text: string, file: string): { report?: JsonReport; findings: Finding[] } {
  let data: unknown;
  const beyond = jsonBeyondBounds(text);
  if (beyond) return { findings: [problem(file, lineColumnAt(text, beyond.offset), 'report-json', `not a report: ${beyond.message}`, REGENERATE)] };
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const { message, line, column } = describeJsonError(text, (e as Error).message);
    return { findings: [problem(file, { line, column }, 'report-json', `not valid JSON: ${message}`, REGENERATE)] };
  }
  // JSON is YAML 1.2: the same text parsed as YAML gives every value's position. Parsed only when a
  // position is needed: a good report of a large audit is never parsed twice.
  let parsed: { doc?: YamlDoc } | undefined;
  const at = (...keys: (string | number)[]): { line?: number; column?: number } => {
    parsed ??= { doc: parseYaml(text, file).doc };
    const doc = parsed.doc;
    if (!doc) return { line: 1, column: 1 };
    let node: unknown = doc.root;
    for (const k of keys) {
      const next = typeof k === 'number' ? seqItems(node)?.[k] : child(node, k);
      if (next === undefined) break;
      node = next;
    }
    const pos = positionOf(doc, node);
    return pos.line ? pos : { line: 1, column: 1 };
  };

  if (!isObject(data) || !('schemaVersion' in data) || !isObject(data.tool) || data.tool.name !== TOOL.name) {
    return {
      findings: [
        problem(file, at(), 'report-kind', `not a ${TOOL.name} JSON report (no 'schemaVersion' and 'tool.name: ${TOOL.name}' at the top)`, REGENERATE),
      ],
    };
  }
  if (!(READABLE_SCHEMA_VERSIONS as readonly unknown[]).includes(data.schemaVersion)) {
    const version = typeof data.tool.version === 'string' ? ` (written by ${TOOL.name} ${data.tool.version})` : '';
    return {
      findings: [
        problem(
          file,
          at('schemaVersion'),
          'report-version',
          `report schemaVersion ${JSON.stringify(data.schemaVersion)}${version} is not one ${TOOL.name} ${TOOL.version} reads (it reads schemaVersion ${READABLE_SCHEMA_VERSIONS.join(' and ')})`,
          `write the report again with this version: ${TOOL.name} audit --format json --out FILE`,
        ),
      ],
    };
  }
  const findings: Finding[] = [];
  const results = data.results;
  if (!Array.isArray(results)) {
    findings.push(problem(file, at('results'), 'report-shape', "'results' must be a list of claim results", REGENERATE));
  } else {
    const firstAt = new Map<string, number>();
    results.forEach((r, i) => {
      const ok = isObject(r) && typeof r.id === 'string' && typeof r.verdict === 'string' && isObject(r.claim) && typeof r.claim.file === 'string' && Array.isArray(r.evidence);
      if (!ok) {
        findings.push(problem(file, at('results', i), 'report-shape', `results[${i}] is not a claim result (id, verdict, claim, evidence)`, REGENERATE));
        return;
      }
      const id = r.id as string;
      const verdict = r.verdict as string;
      // The same schema version is written by the same verdict rules: a verdict it does not name is not ours.
      if (!(VERDICTS as readonly string[]).includes(verdict)) {
        findings.push(problem(file, at('results', i, 'verdict'), 'report-content', `results[${i}] ('${clip(id, 40)}'): '${clip(verdict, 40)}' is not a verdict (${VERDICTS.join(', ')})`, REGENERATE));
      }
      const prior = firstAt.get(id);
      if (prior !== undefined) findings.push(problem(file, at('results', i, 'id'), 'report-content', `results[${i}]: the id '${clip(id, 40)}' is also results[${prior}]'s`, REGENERATE));
      else firstAt.set(id, i);
      // The values a diff compares must be numbers (or null where there is none).
      const observed = isObject(r.observed) ? r.observed : undefined;
      const target = observed && isObject(observed.target) ? observed.target : undefined;
      const claimed = isObject(r.claimed) ? r.claimed : undefined;
      const numbers: Array<[unknown, (string | number)[]]> = [
        [r.gap_pp, ['gap_pp']],
        [r.gap_percent_of_claim, ['gap_percent_of_claim']],
        [observed?.change_percent, ['observed', 'change_percent']],
        [target?.value, ['observed', 'target', 'value']],
        [claimed?.low, ['claimed', 'low']],
        [claimed?.high, ['claimed', 'high']],
      ];
      for (const [value, keys] of numbers) {
        if (value === undefined || value === null || (typeof value === 'number' && Number.isFinite(value))) continue;
        findings.push(problem(file, at('results', i, ...keys), 'report-content', `results[${i}].${keys.join('.')} ('${clip(id, 40)}') must be a number or null, found ${clip(JSON.stringify(value), 40)}`, REGENERATE));
      }
    });
  }
  if (!Array.isArray(data.inputs) || !data.inputs.every((x) => isObject(x) && typeof x.path === 'string' && typeof x.sha256 === 'string')) {
    findings.push(problem(file, at('inputs'), 'report-shape', "'inputs' must be a list of {path, sha256}", REGENERATE));
  }
  if (!isObject(data.settings) || typeof data.settings.tolerance !== 'number') {
    findings.push(problem(file, at('settings'), 'report-shape', "'settings' must hold the tolerance and as_of", REGENERATE));
  } else if (data.settings.selection !== undefined && data.settings.selection !== null) {
    const sel = data.settings.selection;
    const strings = (x: unknown) => Array.isArray(x) && x.every((v) => typeof v === 'string');
    if (!isObject(sel) || !strings(sel.select) || !strings(sel.exclude) || typeof sel.claims_read !== 'number') {
      findings.push(problem(file, at('settings', 'selection'), 'report-shape', "'settings.selection' must be null or {select, exclude, claims_read}", REGENERATE));
    }
  }
  if (findings.length) return { findings };
  // What the diff relies on is checked above; optional values it reads are taken as null when absent.
  return { report: data as unknown as JsonReport, findings };
}
