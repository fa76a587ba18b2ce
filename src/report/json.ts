// The JSON report format: the report model (src/report-model/), written as indented JSON — a
// megabyte at a time, so that a report of 10,000 claims (45 MB) is never one string.
import { buildReportLazily } from '../report-model/index.js';
import type { AuditResult } from '../types.js';

/** About this many characters are handed to the writer at a time. */
const CHUNK_CHARS = 1 << 20;

/**
 * The JSON report in pieces of about a megabyte, in order: exactly the text of
 * `JSON.stringify(buildReport(audit), null, 2)` and a newline. The report's lists (results, series,
 * findings) are written item by item, each indented as JSON.stringify would indent it there (its
 * own lines shifted: a JSON string never holds a raw line break).
 */
export function* renderJsonChunks(audit: AuditResult): Generator<string> {
  const report = buildReportLazily(audit) as unknown as Record<string, unknown>;
  // As JSON.stringify does: keys whose value is undefined (or a function) are left out.
  const fields = Object.entries(report).filter(([, v]) => v !== undefined && typeof v !== 'function');
  // A value as JSON.stringify indents it one level down (a field) or two (an item of a list field):
  // stringified inside one or two arrays, which JSON.stringify indents natively, and cut out of them
  // ("[\n  " … "\n]", "[\n  [\n    " … "\n  ]\n]"). Re-indenting 45 MB with a regular expression took longer.
  const nested = (value: unknown, depth: 1 | 2) => (depth === 1 ? JSON.stringify([value], null, 2).slice(4, -2) : JSON.stringify([[value]], null, 2).slice(10, -6));
  let out = '{\n';
  for (const [i, [key, value]] of fields.entries()) {
    out += `  ${JSON.stringify(key)}: `;
    if (!isList(value)) out += nested(value, 1);
    else {
      let k = 0;
      for (const item of value) {
        out += `${k++ === 0 ? '[' : ','}\n    ${item === undefined || typeof item === 'function' ? 'null' : nested(item, 2)}`;
        if (out.length >= CHUNK_CHARS) {
          yield out;
          out = '';
        }
      }
      out += value.length === 0 ? '[]' : '\n  ]';
    }
    out += i < fields.length - 1 ? ',\n' : '\n';
    if (out.length >= CHUNK_CHARS) {
      yield out;
      out = '';
    }
  }
  yield `${out}}\n`;
}

/** An array, or one of the report's lists built as it is read (buildReportLazily). */
function isList(value: unknown): value is Iterable<unknown> & { length: number } {
  return Array.isArray(value) || (typeof value === 'object' && value !== null && Symbol.iterator in value);
}

/** The JSON report as one string (renderJsonChunks joined). */
export function renderJson(audit: AuditResult): string {
  return [...renderJsonChunks(audit)].join('');
}
