// Reading claimcheck.yaml: every key checked, every problem an error at its line and column, all
// reported together. Relative paths in the file are resolved against the file's own directory, so a
// project's config means the same thing wherever in the project claimcheck runs.
import path from 'node:path';
// The engines' names only: the descriptor reader itself is loaded when a descriptor is read.
import { AGGREGATE_ENGINES, type AggregateEngine } from '../evidence/aggregate/engines.js';
import { parseByteSize } from '../files.js';
import { clip } from '../format.js';
import { nearestNames } from '../names.js';
import type { ChangePolicy } from '../policy-types.js';
import { FORMATS, type Format } from '../report/formats.js';
import { parseSelectors, SelectorError } from '../select.js';
import type { Finding, Location } from '../types.js';
import { deref, describeNode, mapEntries, parseYaml, scalarValue, seqItems, YamlLimitError, type YamlDoc, YamlNodeReader } from '../yaml-nodes.js';
import { asOfProblem, failOnProblem, failOnWords, httpUrlProblem, reviewUrlProblem, TOLERANCE_EXPECTED } from './values.js';

/** The keys of claimcheck.yaml, in the order the docs and `init` give them. */
export const CONFIG_KEYS = ['claims', 'evidence', 'select', 'exclude', 'tolerance', 'as_of', 'outputs', 'fail_on', 'fail_on_change', 'baseline', 'publisher', 'engine', 'max_file_size'] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];
/** The keys of `outputs:`: a report format, or `charts` (the directory of the Markdown report's charts). */
export const OUTPUT_KEYS: readonly string[] = [...FORMATS, 'charts'];
export const PUBLISHER_KEYS = ['name', 'type', 'url', 'review_url'] as const;
export const PUBLISHER_TYPES = ['organization', 'person'] as const;
export type PublisherType = (typeof PUBLISHER_TYPES)[number];

/** One report to write: its format and file; no file is stdout. */
export interface OutputTarget {
  format: Format;
  /** Absolute; undefined: standard output. */
  path?: string;
}

/** Who publishes ClaimReviews (`--format claimreview`), as far as it was said. */
export interface PublisherSettings {
  name?: string;
  type?: PublisherType;
  url?: string;
  /** Where each review is published; `{id}` is replaced by the claim id. */
  reviewUrl?: string;
}

/**
 * What a run may be told, by claimcheck.yaml or on the command line: undefined is "not said".
 * Paths are absolute (resolved against the config's directory, or the working directory).
 */
export interface RunOptions {
  claims?: string[];
  evidence?: string[];
  tolerance?: number;
  asOf?: string;
  outputs?: OutputTarget[];
  /** The directory of the Markdown report's charts. */
  charts?: string;
  /** Fail-on words: verdicts, `attribution:VERDICT`, `findings`. */
  failOn?: string[];
  failOnChange?: ChangePolicy;
  baseline?: string;
  publisher?: PublisherSettings;
  engine?: AggregateEngine;
  maxFileSize?: number;
  /** Selectors (src/select.ts): judge only the claims selected, less those excluded. */
  select?: string[];
  exclude?: string[];
}

/** A project config as read: the options it sets, and where it set each (for messages about combinations). */
export interface ProjectConfig extends RunOptions {
  /** Absolute path of the file. */
  file: string;
  /** Its directory: the project root, against which its relative paths were resolved. */
  dir: string;
  at: Partial<Record<ConfigKey | 'charts', Location>>;
  /** Each path the run reads (claims, evidence, baseline), with where it is written. */
  inputPaths: Array<{ key: 'claims' | 'evidence' | 'baseline'; path: string; at: Location }>;
}

class ConfigReader extends YamlNodeReader {
  constructor(
    doc: YamlDoc,
    private readonly config: ProjectConfig,
  ) {
    super(doc);
  }

  read(): void {
    const root = deref(this.doc, this.doc.root);
    // An empty file (or only comments) is a valid config that sets nothing.
    if (root === null || root === undefined || scalarValue(root) === null) return;
    const entries = mapEntries(root);
    if (!entries) {
      this.error(root, 'config-type', `a claimcheck.yaml is a mapping of settings, found ${describeNode(root)}`, 'write one setting per line, e.g. tolerance: 0.5');
      return;
    }
    for (const e of entries) {
      if (e.key === '$schema') continue;
      if (!(CONFIG_KEYS as readonly string[]).includes(e.key)) {
        this.unknown(e.keyNode, e.key, CONFIG_KEYS, 'setting', 'the settings are');
        continue;
      }
      const key = e.key as ConfigKey;
      const value = deref(this.doc, e.value);
      this.config.at[key] = this.at(e.keyNode);
      this.readKey(key, value);
    }
  }

  private unknown(node: unknown, key: string, known: readonly string[], what: string, listed: string): void {
    const near = nearestNames(key, [...known], 1);
    this.error(node, 'config-unknown-key', `unknown ${what} '${clip(key)}'${near.length ? ` (did you mean '${near[0]}'?)` : ''}`, `${listed}: ${known.join(', ')}`);
  }

  private readKey(key: ConfigKey, value: unknown): void {
    const c = this.config;
    switch (key) {
      case 'claims':
      case 'evidence': {
        const paths = this.paths(value, key);
        if (paths) c[key] = paths;
        return;
      }
      case 'select':
      case 'exclude': {
        const selectors = this.selectors(value, key);
        if (selectors) c[key] = selectors;
        return;
      }
      case 'tolerance': {
        const v = scalarValue(value);
        if (typeof v === 'number' && Number.isFinite(v) && v >= 0) c.tolerance = v;
        else this.error(value, 'config-value', `tolerance: ${TOLERANCE_EXPECTED}, found ${describeNode(value)}`, 'percentage points for change claims, percent of the claimed value for level claims');
        return;
      }
      case 'as_of': {
        const v = this.text(value, key, 'a date YYYY-MM-DD, e.g. 2026-01-01');
        if (v === undefined) return;
        const problem = asOfProblem(v);
        if (problem) this.error(value, 'config-value', `as_of: ${problem}, found ${describeNode(value)}`, 'the date forecasts are judged at');
        else c.asOf = v;
        return;
      }
      case 'outputs':
        this.readOutputs(value);
        return;
      case 'fail_on': {
        const items = seqItems(value) ?? [value];
        const words: string[] = [];
        for (const item of items.map((i) => deref(this.doc, i))) {
          const v = scalarValue(item);
          if (typeof v !== 'string') {
            this.error(item, 'config-type', `fail_on: expected a verdict, 'attribution:VERDICT' or 'findings', found ${describeNode(item)}`, 'e.g. fail_on: [contradicted, exaggerated]');
            continue;
          }
          for (const w of failOnWords([v])) {
            const problem = failOnProblem(w);
            if (problem) this.error(item, 'config-value', `fail_on: ${problem}`);
            else words.push(w);
          }
        }
        c.failOn = words;
        return;
      }
      case 'fail_on_change': {
        const v = scalarValue(value);
        if (v === 'any' || v === 'worse') c.failOnChange = v;
        else if (v === true) c.failOnChange = 'any';
        else if (v !== false) this.error(value, 'config-value', `fail_on_change: expected any, worse, true or false, found ${describeNode(value)}`, 'any: fail when a verdict changed since the baseline; worse: only when one got worse');
        return;
      }
      case 'baseline': {
        const p = this.inputPath(value, key, 'a JSON report of an earlier audit, e.g. baseline: reports/audit.json');
        if (p) c.baseline = p;
        return;
      }
      case 'publisher':
        this.readPublisher(value);
        return;
      case 'engine': {
        const v = scalarValue(value);
        if ((AGGREGATE_ENGINES as readonly unknown[]).includes(v)) c.engine = v as AggregateEngine;
        else this.error(value, 'config-value', `engine: expected ${AGGREGATE_ENGINES.join(' or ')}, found ${describeNode(value)}`, 'who counts incident-level files (aggregate:); duckdb is installed separately');
        return;
      }
      case 'max_file_size': {
        const v = scalarValue(value);
        const bytes = typeof v === 'number' ? (Number.isSafeInteger(v) && v > 0 ? v : undefined) : typeof v === 'string' ? parseByteSize(v) : undefined;
        if (bytes === undefined) this.error(value, 'config-value', `max_file_size: expected a size in bytes, or with K, M or G (powers of 1024), found ${describeNode(value)}`, 'e.g. max_file_size: 50MB');
        else c.maxFileSize = bytes;
        return;
      }
    }
  }

  /** A non-empty string, or an error saying what was expected. */
  private text(node: unknown, key: string, expected: string): string | undefined {
    const v = scalarValue(node);
    if (typeof v === 'string' && v.trim() !== '') return v;
    this.error(node, 'config-type', `${key}: expected ${expected}, found ${describeNode(node)}`);
    return undefined;
  }

  /** A path, resolved against the config's directory. */
  private path(node: unknown, key: string, expected: string): string | undefined {
    const v = this.text(node, key, expected);
    return v === undefined ? undefined : path.resolve(this.config.dir, v);
  }

  /** A path the run will read (claims, evidence, baseline), remembered with where it is written. */
  private inputPath(node: unknown, key: 'claims' | 'evidence' | 'baseline', expected: string): string | undefined {
    const p = this.path(node, key, expected);
    if (p !== undefined) this.config.inputPaths.push({ key, path: p, at: this.at(node) });
    return p;
  }

  /** One path or a list of them. */
  private paths(node: unknown, key: 'claims' | 'evidence'): string[] | undefined {
    const expected = `a file or directory, or a list of them, e.g. ${key}: [${key}/]`;
    const items = seqItems(node);
    if (!items) {
      const p = this.inputPath(node, key, expected);
      return p ? [p] : undefined;
    }
    if (items.length === 0) {
      this.error(node, 'config-value', `${key}: the list is empty`, `name at least one file or directory, or remove '${key}:' to read ${key}/`);
      return undefined;
    }
    const out = items.map((i) => this.inputPath(deref(this.doc, i), key, expected));
    return out.every((p) => p !== undefined) ? (out as string[]) : undefined;
  }

  /** Selectors, one or a list, each checked as --select checks it. */
  private selectors(node: unknown, key: 'select' | 'exclude'): string[] | undefined {
    const items = seqItems(node) ?? [node];
    const out: string[] = [];
    for (const item of items.map((i) => deref(this.doc, i))) {
      const v = scalarValue(item);
      if (typeof v !== 'string' || v.trim() === '') {
        this.error(item, 'config-type', `${key}: expected a selector (a claim id glob, or tag:, claimant:, region:, metric: or kind: and a glob), found ${describeNode(item)}`, `e.g. ${key}: [tag:kenya, 'lahore-*']`);
        continue;
      }
      try {
        parseSelectors([v]);
        out.push(v);
      } catch (e) {
        if (!(e instanceof SelectorError)) throw e;
        this.error(item, 'config-value', `${key}: ${e.message}`, e.hint);
      }
    }
    return out.length === items.length ? out : undefined;
  }

  private readOutputs(node: unknown): void {
    const entries = mapEntries(node);
    if (!entries) {
      this.error(node, 'config-type', `outputs: expected a mapping of report format to file, found ${describeNode(node)}`, 'e.g. outputs: { md: reports/audit.md, json: reports/audit.json }');
      return;
    }
    const outputs: OutputTarget[] = [];
    const byFile = new Map<string, string>();
    let toStdout: string | undefined;
    for (const e of entries) {
      const value = deref(this.doc, e.value);
      if (!OUTPUT_KEYS.includes(e.key)) {
        this.unknown(e.keyNode, e.key, OUTPUT_KEYS, 'report format', 'outputs takes the formats, and charts (a directory)');
        continue;
      }
      if (e.key === 'charts') {
        this.config.at.charts = this.at(e.keyNode);
        const p = this.path(value, 'outputs: charts', 'a directory, e.g. charts: reports/charts');
        if (p) this.config.charts = p;
        continue;
      }
      const format = e.key as Format;
      const file = this.text(value, `outputs: ${format}`, `a file, or - for standard output, e.g. ${format}: reports/audit.${format === 'terminal' ? 'txt' : format}`);
      if (file === undefined) continue;
      if (file === '-') {
        if (toStdout) {
          this.error(value, 'config-value', `outputs: ${toStdout} and ${format} would both go to standard output (-)`, 'give all but one of them a file');
          continue;
        }
        toStdout = format;
        outputs.push({ format });
        continue;
      }
      const abs = path.resolve(this.config.dir, file);
      const other = byFile.get(abs);
      if (other) {
        this.error(value, 'config-value', `outputs: ${other} and ${format} are both written to '${clip(file)}'`, 'write each report to its own file');
        continue;
      }
      byFile.set(abs, format);
      outputs.push({ format, path: abs });
    }
    if (this.config.charts !== undefined && !outputs.some((o) => o.format === 'md')) {
      const charts = entries.find((e) => e.key === 'charts')!;
      this.error(charts.keyNode, 'config-value', 'outputs: charts are linked from the Markdown report: add md: (a file) to outputs', 'the html report has its charts inline; charts: is only for md');
    }
    this.config.outputs = outputs;
  }

  private readPublisher(node: unknown): void {
    const entries = mapEntries(node);
    if (!entries) {
      this.error(node, 'config-type', `publisher: expected a mapping (name, type, url, review_url), found ${describeNode(node)}`, 'e.g. publisher: { name: Example Fact Check, review_url: "https://example.org/audit#{id}" }');
      return;
    }
    const p: PublisherSettings = {};
    for (const e of entries) {
      const value = deref(this.doc, e.value);
      if (!(PUBLISHER_KEYS as readonly string[]).includes(e.key)) {
        this.unknown(e.keyNode, e.key, PUBLISHER_KEYS, 'publisher setting', 'publisher takes');
        continue;
      }
      const text = this.text(value, `publisher: ${e.key}`, e.key === 'type' ? 'organization or person' : e.key === 'name' ? 'a name' : 'an absolute http(s) URL');
      if (text === undefined) continue;
      if (e.key === 'name') p.name = text;
      else if (e.key === 'type') {
        if ((PUBLISHER_TYPES as readonly string[]).includes(text)) p.type = text as PublisherType;
        else this.error(value, 'config-value', `publisher: type: expected organization or person, found ${describeNode(value)}`);
      } else {
        const problem = e.key === 'url' ? httpUrlProblem(text) : reviewUrlProblem(text);
        if (problem) this.error(value, 'config-value', `publisher: ${e.key}: ${problem}`, e.key === 'review_url' ? '{id} is replaced by the claim id' : undefined);
        else if (e.key === 'url') p.url = text;
        else p.reviewUrl = text;
      }
    }
    this.config.publisher = p;
  }
}

/**
 * `md: -` (stdout, as on the command line) is a YAML syntax error — a bare `-` starts a list — and
 * yaml's message says nothing of that; the hint says to quote it.
 */
function withStdoutHint(f: Finding, text: string): Finding {
  const line = f.line ? text.split('\n')[f.line - 1] : undefined;
  const key = line && f.severity === 'error' ? /^\s*([\w-]+):\s+-\s*(#.*)?$/.exec(line)?.[1] : undefined;
  return key ? { ...f, hint: `to send a report to stdout, quote the dash: ${key}: "-" (a bare - starts a YAML list)` } : f;
}

/**
 * Read a config file's text. `file` is its absolute path (its directory is the project root);
 * `shown` is how messages name it. Every problem is a finding; what could be read is returned too.
 */
export function parseConfig(text: string, file: string, shown: string): { config: ProjectConfig; findings: Finding[] } {
  const config: ProjectConfig = { file, dir: path.dirname(file), at: {}, inputPaths: [] };
  const parsed = parseYaml(text, shown);
  if (!parsed.doc) return { config, findings: parsed.findings.map((f) => withStdoutHint(f, text)) };
  const reader = new ConfigReader(parsed.doc, config);
  try {
    reader.read();
  } catch (e) {
    if (!(e instanceof YamlLimitError)) throw e;
    reader.findings.push(e.finding);
  }
  return { config, findings: [...parsed.findings, ...reader.findings] };
}
