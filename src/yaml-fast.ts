// A fast reader for the plain block YAML that claims files are almost always written in: nested
// block mappings and lists, one-line flow collections of scalars (`{ publisher: X, date: 2020 }`,
// `[a, b]`), plain and simple quoted scalars, comments. yaml's lexer, parser and composer take
// about 1.7 s for a 2.7 MB file of 10,000 claims; this takes a small fraction of that.
//
// It builds the same nodes yaml's composer builds (yaml's own Scalar, YAMLMap, YAMLSeq and Pair,
// with the same offsets, and plain scalars resolved by the same schema tags), so everything read
// from them — values, and the line and column of every finding — is what the full parser gives.
// Anything outside that subset, however valid (anchors, tags, block scalars, multi-line scalars,
// escapes, empty values, tabs, CR, document markers …) or invalid, makes it decline: it returns
// undefined and the caller parses with yaml in full, which reports the file's YAML errors.
// test/yaml-fast.test.ts compares both on every fixture and on generated and fuzzed files.
//
// It also counts the tokens yaml's lexer would hand its parser, so the caller's bound on tokens
// refuses exactly the files it refuses after the full parse (the count is tested against the lexer).
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

export interface FastYaml {
  root: YAMLMap | YAMLSeq;
  lines: LineCounter;
  /** How many tokens yaml's lexer yields for this text. */
  tokens: number;
  /** How many nodes (scalars, mappings, lists) the document has. */
  nodes: number;
  /** Whether a mapping repeats a key (the caller then looks for them as it does after a full parse). */
  repeatedKeys: boolean;
}

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve: (value: string, onError: (message: string) => void, options: unknown) => unknown;
}

/** The schema and options yaml's composer uses for a claims file (parseYaml's Composer options). */
let schema: { tags: ScalarTag[]; options: unknown } | undefined;
function coreSchema() {
  if (!schema) {
    const doc = new Document(undefined, { uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
    schema = { tags: (doc.schema as unknown as { tags: ScalarTag[] }).tags, options: doc.options };
  }
  return schema;
}

// yaml's node constructors mark each node with Object.defineProperty, which costs more than reading
// the file does. These nodes are yaml's own classes (their prototypes, so instanceof and every method
// hold) with the mark on the prototype: yaml's isScalar/isMap/isSeq/isPair (`node[Symbol.for(
// 'yaml.node.type')]`) recognise them. If a yaml release marks nodes another way, `LIGHT_NODES_WORK`
// is false and the fast reader is not used.
const NODE_TYPE = Symbol.for('yaml.node.type');
function marked<T extends object>(cls: { prototype: T }, base: { prototype: object }, type: string): void {
  Object.setPrototypeOf(cls.prototype, base.prototype);
  Object.defineProperty(cls.prototype, NODE_TYPE, { value: Symbol.for(type) });
}
class LightScalar {
  format?: string;
  constructor(
    public value: unknown,
    private readonly start: number,
    private readonly end: number,
    public source: string,
    public type: Scalar.Type,
  ) {}
  /** yaml's [start, value end, node end], made when asked (for a finding's position): an array per scalar is garbage to collect. */
  get range(): [number, number, number] {
    return [this.start, this.end, this.end];
  }
}
class LightMap {
  items: Pair[] = [];
  range: [number, number, number] | undefined;
  flow?: boolean;
}
class LightSeq {
  items: unknown[] = [];
  range: [number, number, number] | undefined;
  flow?: boolean;
}
class LightPair {
  constructor(
    public key: unknown,
    public value: unknown,
  ) {}
}
marked(LightScalar, Scalar, 'yaml.scalar');
marked(LightMap, YAMLMap, 'yaml.map');
marked(LightSeq, YAMLSeq, 'yaml.seq');
marked(LightPair, Pair, 'yaml.pair');
const LIGHT_NODES_WORK =
  isScalar(new LightScalar(1, 0, 1, '1', 'PLAIN')) && isMap(new LightMap()) && isSeq(new LightSeq()) && isPair(new LightPair(null, null)) && new LightScalar(1, 0, 1, '1', 'PLAIN') instanceof Scalar;

/** Thrown inside the reader when the text leaves the subset; caught in readFastYaml. */
class Decline extends Error {}
const DECLINE = new Decline();

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const COMMA = 44;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const DQUOTE = 34;
const SQUOTE = 39;

/** Characters that leave the subset anywhere in the text: tabs, CR, controls, BOM, non-characters, and NEL/LS/PS. */
const OUTSIDE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
/** Characters a plain scalar may not start with here (YAML indicators, apart from '-' followed by a non-space). */
const NOT_PLAIN_START = new Set(['&', '*', '!', '|', '>', '%', '@', '`', '?', ':', ',', '[', ']', '{', '}', '#', '"', "'"]);
/** Keys: plain, short, one simple word (yaml's limit on implicit keys is 1024 characters). */
const KEY_FIRST = charTable('A-Za-z_$');
const KEY_CHAR = charTable('A-Za-z0-9_$.-');

/** ASCII characters in a class (as in a regular expression's brackets) as a table by character code. */
function charTable(cls: string): Uint8Array {
  const table = new Uint8Array(128);
  const re = new RegExp(`[${cls}]`);
  for (let c = 0; c < 128; c++) table[c] = re.test(String.fromCharCode(c)) ? 1 : 0;
  return table;
}
const MAX_KEY = 200;
/** Flow collections nested deeper than this are left to yaml. */
const MAX_FLOW_DEPTH = 16;

interface Open {
  kind: 'map' | 'seq';
  indent: number;
  node: YAMLMap | YAMLSeq;
  /** A sequence written at its parent key's indentation (`key:` then `- item` at the same column). */
  indentless: boolean;
  /** The last entry's value is still to come, as a nested block on the following lines. */
  pending?: (node: YAMLMap | YAMLSeq) => void;
}

/** The nodes of `text`, or undefined when it is not in the subset this reader handles. */
export function readFastYaml(text: string): FastYaml | undefined {
  if (!LIGHT_NODES_WORK || text.length === 0 || OUTSIDE.test(text)) return undefined;
  try {
    return new Reader(text).read();
  } catch (e) {
    if (e instanceof Decline) return undefined;
    throw e;
  }
}

class Reader {
  private readonly lines = new LineCounter();
  private tokens = 0;
  private nodes = 0;
  private repeatedKeys = false;
  private readonly keySets = new Map<YAMLMap, Set<string>>();
  private readonly stack: Open[] = [];
  private root: YAMLMap | YAMLSeq | undefined;
  /** End of the current line (offset of its '\n', or the text's length). */
  private end = 0;
  private readonly tags = coreSchema();

  constructor(private readonly text: string) {}

  read(): FastYaml {
    const { text } = this;
    this.lines.addNewLine(0);
    let started = false;
    for (let at = 0; at < text.length; ) {
      let end = text.indexOf('\n', at);
      if (end < 0) end = text.length;
      this.end = end;
      let s = at;
      while (s < end && text.charCodeAt(s) === SPACE) s++;
      if (s > at) this.tokens++; // indentation (or a line of spaces)
      if (s < end && text.charCodeAt(s) === HASH) this.tokens++; // a comment line
      else if (s < end) {
        if (!started) {
          started = true;
          this.tokens++; // the document-start marker, before the first content
        }
        this.line(s - at, s);
      }
      if (end < text.length) {
        this.tokens++;
        this.lines.addNewLine(end + 1);
      }
      at = end + 1;
    }
    if (!this.root || this.stack.some((o) => o.pending)) throw DECLINE;
    return { root: this.root, lines: this.lines, tokens: this.tokens, nodes: this.nodes, repeatedKeys: this.repeatedKeys };
  }

  /** One line with content at column `indent` (0-based), starting at offset `s`. */
  private line(indent: number, s: number): void {
    const { text } = this;
    const item = text.charCodeAt(s) === DASH && (s + 1 === this.end || text.charCodeAt(s + 1) === SPACE);
    const keyEnd = item ? -1 : this.keyEnd(s);
    if (!item && keyEnd < 0) throw DECLINE;
    const kind = item ? 'seq' : 'map';
    let top = this.stack[this.stack.length - 1];
    if (!top) {
      if (this.root) throw DECLINE; // content after the root ended
      top = this.open(kind, indent, false);
      this.root = top.node;
    } else if (top.pending) {
      // `key:` or `-` alone on its line: the next line opens its value, deeper (or, for a list under a key, at the key's column).
      if (!(indent > top.indent || (indent === top.indent && top.kind === 'map' && item))) throw DECLINE;
      const set = top.pending;
      top.pending = undefined;
      top = this.open(kind, indent, indent === top.indent);
      set(top.node);
    } else {
      while (top && (top.indent > indent || (top.indent === indent && top.indentless && !item))) {
        this.stack.pop();
        top = this.stack[this.stack.length - 1];
      }
      if (!top || top.indent !== indent || top.kind !== kind) throw DECLINE;
    }
    if (item) this.item(top, s);
    else this.entry(top, s, keyEnd);
  }

  private open(kind: 'map' | 'seq', indent: number, indentless: boolean): Open {
    const node = (kind === 'map' ? new LightMap() : new LightSeq()) as unknown as YAMLMap | YAMLSeq;
    this.nodes++;
    const open: Open = { kind, indent, node, indentless };
    this.stack.push(open);
    return open;
  }

  /** A list item `- …` at offset s. */
  private item(top: Open, s: number): void {
    const seq = top.node as YAMLSeq;
    if (seq.items.length === 0) seq.range = [s, s, s];
    this.tokens++; // '-'
    const r = this.skipSpaces(s + 1);
    if (r === this.end || this.text.charCodeAt(r) === HASH) {
      this.restOfLine(s + 1);
      const index = seq.items.length;
      seq.items.push(null);
      top.pending = (node) => {
        seq.items[index] = node;
      };
      return;
    }
    if (r > s + 1) this.tokens++; // the spaces after '-'
    const keyEnd = this.keyEnd(r);
    if (keyEnd >= 0) {
      // `- key: value`: a mapping whose column is the key's.
      const map = this.open('map', r - this.lineStart(r), false);
      seq.items.push(map.node);
      this.entry(map, r, keyEnd);
      return;
    }
    if (this.text.charCodeAt(r) === DASH && (r + 1 === this.end || this.text.charCodeAt(r + 1) === SPACE)) throw DECLINE;
    seq.items.push(this.blockValue(r));
  }

  /** A mapping entry `key: value` or `key:` at offset s, its key ending at keyEnd (the colon). */
  private entry(top: Open, s: number, keyEnd: number): void {
    const map = top.node as YAMLMap;
    if (map.items.length === 0) map.range = [s, s, s];
    const key = this.plain(s, keyEnd, true);
    this.checkRepeat(map, key);
    this.tokens++; // ':'
    const r = this.skipSpaces(keyEnd + 1);
    if (r === this.end || this.text.charCodeAt(r) === HASH) {
      this.restOfLine(keyEnd + 1);
      const pair = new LightPair(key, null) as Pair;
      map.items.push(pair);
      top.pending = (node) => {
        pair.value = node;
      };
      return;
    }
    if (this.text.charCodeAt(r) === DASH && (r + 1 === this.end || this.text.charCodeAt(r + 1) === SPACE)) throw DECLINE;
    if (r > keyEnd + 1) this.tokens++; // the spaces after ':'
    map.items.push(new LightPair(key, this.blockValue(r)) as Pair);
  }

  /** Note a key that the mapping already has, as yaml-nodes.ts compares keys (type and text of the value). */
  private checkRepeat(map: YAMLMap, key: Scalar): void {
    if (this.repeatedKeys) return;
    const keyId = (k: Scalar) => (typeof k.value === 'string' ? k.value : `\u0000${typeof k.value}:${String(k.value)}`);
    const id = keyId(key);
    // A few keys are compared one by one; a large mapping keeps a set (100,000 keys stay linear).
    let set = this.keySets.get(map);
    if (!set && map.items.length >= 32) {
      set = new Set(map.items.map((p) => keyId(p.key as Scalar)));
      this.keySets.set(map, set);
    }
    if (set) {
      if (set.has(id)) this.repeatedKeys = true;
      else set.add(id);
      return;
    }
    for (const pair of map.items) {
      if (keyId(pair.key as Scalar) === id) {
        this.repeatedKeys = true;
        return;
      }
    }
  }

  /** Where a key that starts at s ends (the offset of its ':', followed by a space or the line's end), or -1. */
  private keyEnd(s: number): number {
    const { text } = this;
    if (KEY_FIRST[text.charCodeAt(s)] !== 1) return -1;
    let i = s + 1;
    while (i < this.end && i - s <= MAX_KEY && KEY_CHAR[text.charCodeAt(i)] === 1) i++;
    if (i - s > MAX_KEY || text.charCodeAt(i) !== COLON) return -1;
    return i + 1 === this.end || text.charCodeAt(i + 1) === SPACE ? i : -1;
  }

  /** A value in block context from offset r (not a space) to the end of the line. */
  private blockValue(r: number): Scalar | YAMLMap | YAMLSeq {
    const { text } = this;
    const c = text.charCodeAt(r);
    let node: Scalar | YAMLMap | YAMLSeq;
    let after: number;
    if (c === LBRACE || c === LBRACKET) [node, after] = this.flow(r);
    else if (c === DQUOTE || c === SQUOTE) [node, after] = this.quoted(r);
    else {
      this.plainStart(r);
      // A plain scalar ends at a comment (' #') or the line's end.
      let e = r;
      while (e < this.end && !(text.charCodeAt(e) === HASH && text.charCodeAt(e - 1) === SPACE)) e++;
      let v = e;
      while (text.charCodeAt(v - 1) === SPACE) v--;
      const value = text.slice(r, v);
      if (value.includes(': ') || value.endsWith(':')) throw DECLINE;
      node = this.plain(r, v, false);
      after = v;
    }
    this.restOfLine(after);
    return node;
  }

  /** After a value: spaces, then an optional comment, to the line's end. */
  private restOfLine(at: number): void {
    if (at === this.end) return;
    const r = this.skipSpaces(at);
    if (r > at) this.tokens++;
    if (r === this.end) return;
    if (this.text.charCodeAt(r) !== HASH || r === at) throw DECLINE;
    this.tokens++;
  }

  private skipSpaces(at: number): number {
    while (at < this.end && this.text.charCodeAt(at) === SPACE) at++;
    return at;
  }

  private lineStart(at: number): number {
    return this.text.lastIndexOf('\n', at - 1) + 1;
  }

  private plainStart(r: number): void {
    const ch = this.text[r]!;
    if (NOT_PLAIN_START.has(ch)) throw DECLINE;
    if (ch === '-' && (r + 1 === this.end || this.text.charCodeAt(r + 1) === SPACE)) throw DECLINE;
  }

  /** A plain scalar from s to e, resolved as yaml's composer resolves it (the same schema tags). */
  private plain(s: number, e: number, atKey: boolean): Scalar {
    const source = this.text.slice(s, e);
    this.tokens += 2; // the scalar marker and the scalar
    this.nodes++;
    let value: unknown = source;
    let format: string | undefined;
    const c = source.charCodeAt(0);
    // Only these first characters can match a tag's test (null, bool, int, float); others are strings.
    const maybe = c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70 || c === 43 || c === 45 || c === 46 || (c >= 48 && c <= 57);
    if (maybe) {
      const tag = this.tags.tags.find((t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(source));
      if (tag) {
        const res = tag.resolve(source, () => {
          throw DECLINE;
        }, this.tags.options);
        if (isScalar(res)) throw DECLINE;
        value = res;
        format = tag.format;
      }
    }
    const node = new LightScalar(value, s, e, source, 'PLAIN');
    if (format) node.format = format;
    return node as unknown as Scalar;
  }

  /** A quoted scalar on one line, without escapes; returns it and the offset after its closing quote. */
  private quoted(r: number): [Scalar, number] {
    const { text } = this;
    const quote = text.charCodeAt(r);
    let value = '';
    let from = r + 1;
    let i = r + 1;
    for (;;) {
      if (i >= this.end) throw DECLINE;
      const ch = text.charCodeAt(i);
      if (quote === DQUOTE && ch === 92) throw DECLINE; // backslash escapes
      if (ch === quote) {
        if (quote === SQUOTE && text.charCodeAt(i + 1) === SQUOTE) {
          value += text.slice(from, i + 1);
          i += 2;
          from = i;
          continue;
        }
        break;
      }
      i++;
    }
    value += text.slice(from, i);
    this.tokens++;
    this.nodes++;
    const node = new LightScalar(value, r, i + 1, value, quote === DQUOTE ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE');
    return [node as unknown as Scalar, i + 1];
  }

  /** A flow mapping or list, closed on the same line; returns it and the offset after it. */
  private flow(r: number, depth = 0): [YAMLMap | YAMLSeq, number] {
    const { text } = this;
    // Deep nesting is left to yaml, which refuses it with its own finding.
    if (depth > MAX_FLOW_DEPTH) throw DECLINE;
    const isMap = text.charCodeAt(r) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    const node = (isMap ? new LightMap() : new LightSeq()) as unknown as YAMLMap | YAMLSeq;
    this.nodes++;
    node.flow = true;
    this.tokens++; // '{' or '['
    let i = this.spaces(r + 1);
    if (text.charCodeAt(i) === close) {
      this.tokens++;
      node.range = [r, i + 1, i + 1];
      return [node, i + 1];
    }
    for (;;) {
      if (isMap) {
        const keyEnd = this.keyEnd(i);
        if (keyEnd < 0 || keyEnd + 1 === this.end) throw DECLINE;
        const key = this.plain(i, keyEnd, true);
        this.checkRepeat(node as YAMLMap, key);
        this.tokens++; // ':'
        const [value, after] = this.flowValue(this.spaces(keyEnd + 1), depth);
        (node as YAMLMap).items.push(new LightPair(key, value) as Pair);
        i = after;
      } else {
        const [value, after] = this.flowValue(i, depth);
        (node as YAMLSeq).items.push(value);
        i = after;
      }
      i = this.spaces(i);
      const ch = text.charCodeAt(i);
      if (ch === close) {
        this.tokens++;
        node.range = [r, i + 1, i + 1];
        return [node, i + 1];
      }
      if (ch !== COMMA) throw DECLINE;
      this.tokens++; // ','
      i = this.spaces(i + 1);
      if (text.charCodeAt(i) === close) throw DECLINE; // a trailing comma
    }
  }

  /** A value inside a flow collection: a nested one, or a scalar. */
  private flowValue(r: number, depth: number): [Scalar | YAMLMap | YAMLSeq, number] {
    const c = this.text.charCodeAt(r);
    return c === LBRACE || c === LBRACKET ? this.flow(r, depth + 1) : this.flowScalar(r);
  }

  /** Skip spaces inside a flow collection, counting them as one token. */
  private spaces(at: number): number {
    const r = this.skipSpaces(at);
    if (r > at) this.tokens++;
    if (r >= this.end) throw DECLINE; // a flow collection that goes on to the next line
    return r;
  }

  /** A scalar inside a flow collection, ending before ',', '}' or ']' (spaces before them are not part of it). */
  private flowScalar(r: number): [Scalar, number] {
    const { text } = this;
    const c = text.charCodeAt(r);
    if (c === DQUOTE || c === SQUOTE) return this.quoted(r);
    this.plainStart(r);
    let e = r;
    for (; e < this.end; e++) {
      const ch = text.charCodeAt(e);
      if (ch === COMMA || ch === RBRACE || ch === RBRACKET) break;
      if (ch === LBRACE || ch === LBRACKET || (ch === HASH && text.charCodeAt(e - 1) === SPACE)) throw DECLINE;
      if (ch === COLON && (e + 1 === this.end || text.charCodeAt(e + 1) === SPACE || text.charCodeAt(e + 1) === COMMA || text.charCodeAt(e + 1) === RBRACE || text.charCodeAt(e + 1) === RBRACKET)) throw DECLINE;
    }
    let v = e;
    while (text.charCodeAt(v - 1) === SPACE) v--;
    if (v === r) throw DECLINE;
    return [this.plain(r, v, false), v];
  }
}
