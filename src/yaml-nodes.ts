// Reading YAML with positions: every value keeps the line and column it came from,
// so a problem is reported where the user wrote it. Positions come from yaml's LineCounter.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { Finding } from './types.js';

export interface YamlDoc {
  root: unknown;
  document: Document;
  lines: LineCounter;
  file: string;
}

/** Parse a YAML document; syntax errors become findings with line and column. */
export function parseYaml(text: string, file: string): { doc?: YamlDoc; findings: Finding[] } {
  const lines = new LineCounter();
  const findings: Finding[] = [];
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, keepSourceTokens: false });
  for (const err of [...document.errors, ...document.warnings]) {
    const { line, col } = lines.linePos(err.pos[0]);
    findings.push({
      severity: document.errors.includes(err) ? 'error' : 'warning',
      code: `yaml-${err.code.toLowerCase().replace(/_/g, '-')}`,
      file,
      line,
      column: col,
      message: firstLine(err.message),
      hint: yamlHint(err.code),
    });
  }
  if (document.errors.length > 0) return { findings };
  return { doc: { root: document.contents, document, lines, file }, findings };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once in a mapping; remove or rename the repeated one';
    case 'TAB_AS_INDENT':
      return 'indent YAML with spaces, not tabs';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'UNEXPECTED_TOKEN':
      return 'check the indentation and punctuation on this line; quote values that contain ": " or "#"';
    default:
      return 'fix the YAML syntax at this position';
  }
}

export function positionOf(doc: YamlDoc, node: unknown): { line?: number; column?: number } {
  const range = (node as YamlNode | undefined)?.range;
  if (!range) return {};
  const { line, col } = doc.lines.linePos(range[0]);
  return { line, column: col };
}

/** Follow an alias (`*name`) to the node it names; other nodes are returned as they are. */
export function deref(doc: YamlDoc, node: unknown): unknown {
  // One level of resolution per access: walking stays proportional to what the schema reads,
  // so alias "bombs" cannot make us expand exponentially.
  return isAlias(node) ? node.resolve(doc.document) : node;
}

export type YamlMapEntry = { key: string; keyNode: unknown; value: unknown };

/** The entries of a YAML mapping node, or undefined when the node is not a mapping. */
export function mapEntries(node: unknown): YamlMapEntry[] | undefined {
  if (!isMap(node)) return undefined;
  return node.items.map((pair) => ({
    key: isScalar(pair.key) ? String(pair.key.value) : String(pair.key),
    keyNode: pair.key,
    value: pair.value,
  }));
}

export function seqItems(node: unknown): unknown[] | undefined {
  return isSeq(node) ? node.items : undefined;
}

/** The JavaScript value of a scalar node; undefined for maps, sequences and missing nodes. */
export function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

export function isScalarNode(node: unknown): boolean {
  return isScalar(node);
}

export function describeNode(node: unknown): string {
  if (node === undefined || node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'an empty value';
    if (typeof v === 'number') return `the number ${v}`;
    if (typeof v === 'boolean') return `the boolean ${v}`;
    return `'${String(v)}'`;
  }
  return 'an alias or tag';
}
