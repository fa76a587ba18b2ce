// Reading YAML with positions: every value keeps the line and column it came from,
// so a problem is reported where the user wrote it. Positions come from yaml's LineCounter.
//
// Claims files come from many hands, so reading one is bounded: the YAML tokens are counted as the
// lexer hands them to the parser, which stops at the cap (its memory grows with them), aliases are resolved
// through an index built once (yaml's own `Alias.resolve` walks the whole document per call), and
// what aliases expand to is counted against a budget, so an alias "bomb" cannot blow up time or memory.
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, Parser, YAMLParseError, type Document, type Node as YamlNode } from 'yaml';
import { clip } from './format.js';
import { readFastYaml } from './yaml-fast.js';
import type { Finding, Location } from './types.js';

/** The parser needs about 300 bytes of memory per token; this keeps a claims file under about 1.5 GB. */
export const MAX_YAML_TOKENS = 4_000_000;

export interface YamlDoc {
  root: unknown;
  lines: LineCounter;
  file: string;
  /** Alias → the node it names (the nearest anchor of that name before it). */
  aliases: Map<unknown, unknown>;
  /** Node → the number of nodes in it (an alias inside counts as one). */
  sizes: Map<unknown, number>;
  /** How many more nodes alias expansion may reach before the file is refused. */
  aliasBudget: { left: number };
}

/** Thrown by `deref` when aliases expand past the budget; the reader stops and reports one finding. */
export class YamlLimitError extends Error {
  constructor(readonly finding: Finding) {
    super(finding.message);
  }
}

/** Thrown by the token counter in `composeDocument`. */
class TooManyTokens extends Error {}

/** Bounds on reading one YAML text: the file's own by default; a part of a file gets its share (claims/split.ts). */
export interface YamlBounds {
  maxTokens: number;
  /** Alias expansion may reach ten times the document's nodes plus this many (room for small files). */
  aliasSlack: number;
}

export const FILE_BOUNDS: YamlBounds = { maxTokens: MAX_YAML_TOKENS, aliasSlack: 10_000 };

export interface YamlParseOptions {
  /** false: yaml's full parse only (tests compare it with the fast reader). */
  fast?: boolean;
  /** false: the fast reader only; a text it declines is returned as `declined` (the caller parses it elsewhere). */
  full?: boolean;
}

/** Parse a YAML document; syntax errors become findings with line and column. */
export function parseYaml(text: string, file: string, bounds: YamlBounds = FILE_BOUNDS, options: YamlParseOptions = {}): { doc?: YamlDoc; findings: Finding[]; declined?: true } {
  const { maxTokens } = bounds;
  // Plain block YAML is read by the fast reader (yaml-fast.ts), with the same nodes and positions; the
  // rest, and any file over the token bound (refused below with the full parser's finding), by yaml in full.
  const fast = options.fast === false ? undefined : readFastYaml(text);
  if (options.full === false && !(fast && fast.tokens <= maxTokens)) return { findings: [], declined: true };
  if (fast && fast.tokens <= maxTokens) {
    // No aliases and, unless a key repeats, nothing for the index to find: skip it (it costs more than the read).
    if (fast.repeatedKeys) return indexed(fast.root, fast.lines, file, bounds, []);
    return { doc: { root: fast.root, lines: fast.lines, file, aliases: new Map(), sizes: new Map(), aliasBudget: { left: 10 * fast.nodes + bounds.aliasSlack } }, findings: [] };
  }
  const lines = new LineCounter();
  const findings: Finding[] = [];
  let document: Document;
  try {
    document = composeDocument(text, lines, maxTokens);
  } catch (e) {
    if (e instanceof TooManyTokens) {
      return {
        findings: [
          {
            severity: 'error',
            code: 'yaml-too-complex',
            file,
            message: `the file has more than ${maxTokens.toLocaleString('en-US')} YAML tokens (keys, values and punctuation); claimcheck refuses it rather than run out of memory`,
            hint: 'split the claims into several files',
          },
        ],
      };
    }
    // yaml reports its own stack exhaustion as an error; anything thrown past it is still the file's doing.
    return { findings: [{ severity: 'error', code: 'yaml-unreadable', file, message: `the YAML cannot be read: ${e instanceof Error ? e.message : String(e)}`, hint: 'simplify the file: claims need only a few levels of nesting' }] };
  }
  for (const err of [...document.errors, ...document.warnings]) {
    const { line, col } = lines.linePos(err.pos[0]);
    const isError = document.errors.includes(err) || err.code === 'TAG_RESOLVE_FAILED';
    findings.push({
      severity: isError ? 'error' : 'warning',
      code: `yaml-${err.code.toLowerCase().replace(/_/g, '-')}`,
      file,
      line,
      column: col,
      message: yamlMessage(err.code, err.message),
      hint: yamlHint(err.code),
    });
  }
  if (document.directives?.yaml.explicit && document.directives.yaml.version !== '1.2') {
    const at = text.search(/^%YAML/m);
    const { line, col } = lines.linePos(Math.max(0, at));
    findings.push({
      severity: 'error',
      code: 'yaml-version',
      file,
      line,
      column: col,
      message: `the file asks for YAML ${document.directives.yaml.version}; claimcheck reads YAML 1.2`,
      hint: 'remove the %YAML line: in YAML 1.1, yes/no, 010, 1:20 and dates change meaning',
    });
  }
  if (findings.some((f) => f.severity === 'error')) return { findings };
  return indexed(document.contents, lines, file, bounds, findings);
}

/** The document's nodes indexed (aliases, sizes, repeated keys), with the findings so far. */
function indexed(root: unknown, lines: LineCounter, file: string, bounds: YamlBounds, findings: Finding[]): { doc?: YamlDoc; findings: Finding[] } {
  const index = indexDocument(root, lines, file);
  findings.push(...index.findings);
  if (index.findings.some((f) => f.severity === 'error')) return { findings };
  const nodes = index.sizes.get(root) ?? 1;
  return {
    doc: {
      root,
      lines,
      file,
      aliases: index.aliases,
      sizes: index.sizes,
      // Reading through aliases may touch ten times the document, plus room for small files.
      aliasBudget: { left: 10 * nodes + bounds.aliasSlack },
    },
    findings,
  };
}

/**
 * yaml's parseDocument, with the lexer's tokens counted as they pass: past the cap the parse stops,
 * before the parser's memory (which grows with the tokens) does. One pass: the source is lexed once.
 */
function composeDocument(text: string, lines: LineCounter, maxTokens: number): Document {
  // uniqueKeys is checked afterwards in one pass: yaml's own check is quadratic in the keys of a mapping.
  const composer = new Composer({ uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  const parser = new Parser(lines.addNewLine);
  function* tokens() {
    lines.addNewLine(0);
    let n = 0;
    for (const lexeme of new Lexer().lex(text)) {
      if (++n > maxTokens) throw new TooManyTokens();
      yield* parser.next(lexeme);
    }
    yield* parser.end();
  }
  let document: Document | undefined;
  for (const next of composer.compose(tokens(), true, text.length)) {
    if (!document) document = next;
    else {
      document.errors.push(new YAMLParseError(next.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  return document!;
}

function yamlMessage(code: string, message: string): string {
  switch (code) {
    case 'RESOURCE_EXHAUSTION':
      return 'the YAML is nested too deeply to read';
    case 'MULTIPLE_DOCS':
      return "the file holds more than one YAML document (a second '---')";
    case 'TAG_RESOLVE_FAILED':
    {
      const tag = message.match(/Unresolved tag: (\S+)/)?.[1];
      const shown = tag?.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
      return `unknown tag ${shown ? clip(shown, 40) : 'on this value'}: claimcheck reads plain YAML values only`;
    }
    default:
      return firstLine(message);
  }
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
    case 'RESOURCE_EXHAUSTION':
      return 'claims need only a few levels of nesting; remove the deep brackets or indentation';
    case 'TAG_RESOLVE_FAILED':
      return 'remove the tag; write the value as plain text';
    case 'MULTIPLE_DOCS':
      return 'a claims file holds one YAML document; remove the "---" line or split the file';
    default:
      return 'fix the YAML syntax at this position';
  }
}

/**
 * One pass over the document, in document order and without recursion (a deep document must not
 * overflow the stack): resolve every alias to its anchor, size every node, and find repeated keys.
 */
function indexDocument(root: unknown, lines: LineCounter, file: string): { aliases: Map<unknown, unknown>; sizes: Map<unknown, number>; findings: Finding[] } {
  const aliases = new Map<unknown, unknown>();
  const sizes = new Map<unknown, number>();
  const anchors = new Map<string, unknown>();
  const findings: Finding[] = [];
  const at = (node: unknown) => {
    const range = (node as YamlNode | undefined)?.range;
    const { line, col } = lines.linePos(range?.[0] ?? 0);
    return { line, column: col };
  };
  // Pre-order to meet anchors before the aliases that follow them; post-order (the `exit` marks) to size nodes.
  const stack: Array<{ node: unknown; exit: boolean }> = [];
  if (root) stack.push({ node: root, exit: false });
  while (stack.length > 0) {
    const { node, exit } = stack.pop()!;
    if (exit) {
      let size = 1;
      if (isMap(node)) for (const p of node.items) size += (sizes.get(p.key) ?? (p.key == null ? 0 : 1)) + (sizes.get(p.value) ?? (p.value == null ? 0 : 1));
      else if (isSeq(node)) for (const item of node.items) size += sizes.get(item) ?? 1;
      sizes.set(node, size);
      continue;
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target === undefined) {
        findings.push({ severity: 'error', code: 'yaml-alias-unknown', file, ...at(node), message: `the alias '*${node.source}' names no anchor defined before it`, hint: `define '&${node.source}' on a value above this line, or remove the alias` });
      } else aliases.set(node, target);
      sizes.set(node, 1);
      continue;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, node);
    if (!isMap(node) && !isSeq(node)) {
      sizes.set(node, 1);
      continue;
    }
    stack.push({ node, exit: true });
    if (isMap(node)) {
      const seen = new Map<string, unknown>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        if (isScalar(pair.key)) {
          const key = `${typeof pair.key.value}:${String(pair.key.value)}`;
          const first = seen.get(key);
          if (first !== undefined) {
            findings.push({
              severity: 'error',
              code: 'yaml-duplicate-key',
              file,
              ...at(pair.key),
              message: `the key '${String(pair.key.value)}' appears twice in this mapping (first on line ${at(first).line})`,
              hint: yamlHint('DUPLICATE_KEY'),
            });
          } else seen.set(key, pair.key);
        }
      }
      // Children are pushed in reverse so they are popped in document order.
      for (let i = node.items.length - 1; i >= 0; i--) {
        const pair = node.items[i]!;
        if (pair.value != null) stack.push({ node: pair.value, exit: false });
        if (pair.key != null) stack.push({ node: pair.key, exit: false });
      }
    } else {
      for (let i = node.items.length - 1; i >= 0; i--) if (node.items[i] != null) stack.push({ node: node.items[i], exit: false });
    }
  }
  return { aliases, sizes, findings };
}

export function positionOf(doc: YamlDoc, node: unknown): { line?: number; column?: number } {
  const range = (node as YamlNode | undefined)?.range;
  if (!range) return {};
  const { line, col } = doc.lines.linePos(range[0]);
  return { line, column: col };
}

/**
 * Follow an alias (`*name`) to the node it names; other nodes are returned as they are.
 * Each expansion is charged the size of what it reaches; past the budget the file is refused.
 */
export function deref(doc: YamlDoc, node: unknown): unknown {
  if (!isAlias(node)) return node;
  const target = doc.aliases.get(node);
  doc.aliasBudget.left -= doc.sizes.get(target) ?? 1;
  if (doc.aliasBudget.left < 0) {
    throw new YamlLimitError({
      severity: 'error',
      code: 'yaml-alias-limit',
      file: doc.file,
      ...positionOf(doc, node),
      message: `aliases expand to more values than the file holds ten times over (an alias "bomb"?); stopped at '*${node.source}'`,
      hint: 'use anchors and aliases only to reuse a value a few times',
    });
  }
  return target;
}

/**
 * What the readers of YAML files (claims, descriptors, taxonomies) have in common: the document,
 * where a node is, and the problems found, each an error at its node's line and column.
 */
export class YamlNodeReader {
  readonly findings: Finding[] = [];
  constructor(protected readonly doc: YamlDoc) {}

  /** The file, line and column of a node. */
  at(node: unknown): Location {
    return { file: this.doc.file, ...positionOf(this.doc, node) };
  }

  /** An error at a node, with a hint on what to write instead, and the claim it belongs to if any. */
  error(node: unknown, code: string, message: string, hint?: string, claimId?: string): void {
    this.findings.push({ severity: 'error', code, ...this.at(node), message, ...(hint ? { hint } : {}), ...(claimId ? { claimId } : {}) });
  }
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

/**
 * The JavaScript value of a scalar node; undefined for maps, sequences and missing nodes.
 * A timestamp (`!!timestamp 2019-11-12`) is given as the text written, not a Date.
 */
export function scalarValue(node: unknown): unknown {
  if (!isScalar(node)) return undefined;
  if (node.value instanceof Date) return node.source ?? node.value.toISOString();
  return node.value;
}

/** The text of a plain scalar as written (`007`, `1e3`), for fields that are text whatever they look like. */
export function scalarSource(node: unknown): string | undefined {
  return isScalar(node) && node.type === 'PLAIN' && typeof node.source === 'string' ? node.source : undefined;
}

export function isScalarNode(node: unknown): boolean {
  return isScalar(node);
}

export function describeNode(node: unknown): string {
  if (node === undefined || node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = scalarValue(node);
    if (v === null) return 'an empty value';
    if (typeof v === 'number') return `the number ${v}`;
    if (typeof v === 'boolean') return `the boolean ${v}`;
    if (typeof v === 'bigint') return `the number ${v}`;
    if (typeof v === 'object') return 'binary or tagged data';
    return `'${clip(String(v))}'`;
  }
  return 'an alias or tag';
}
