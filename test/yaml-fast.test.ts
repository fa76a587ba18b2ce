// The fast YAML reader (src/yaml-fast.ts) against yaml's full parser: wherever the fast reader reads a
// file, it must build the same nodes at the same offsets, count the lexer's tokens exactly, and give
// parseClaims the same claims and the same findings (lines, columns, messages). Checked on every YAML
// fixture, on generated claims files with targeted variations, and on the fuzz suite's files.
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, Lexer, LineCounter, Parser, Composer } from 'yaml';
import { parseClaims } from '../src/claims/parse.js';
import { readFastYaml } from '../src/yaml-fast.js';
import { parseYaml } from '../src/yaml-nodes.js';
import { claimsYaml, mutated } from './fuzz/inputs.js';

/** A node as data: kind, value, how it was written, where it starts, and its children. */
function describeNode(node: unknown, lines: LineCounter): unknown {
  if (node === null || node === undefined) return node;
  const at = (n: { range?: [number, number, number] | null }) => (n.range ? lines.linePos(n.range[0]) : undefined);
  if (isScalar(node)) return { scalar: node.value, source: node.source, type: node.type, format: node.format, at: at(node) };
  if (isMap(node)) return { map: node.items.map((p) => (isPair(p) ? [describeNode(p.key, lines), describeNode(p.value, lines)] : 'not a pair')), at: at(node) };
  if (isSeq(node)) return { seq: node.items.map((i) => describeNode(i, lines)), at: at(node) };
  return { other: String(node) };
}

/** The document yaml's composer builds (the same options as parseYaml), described. */
function fullTree(text: string): unknown {
  const lines = new LineCounter();
  const composer = new Composer({ uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  const docs = [...composer.compose(new Parser(lines.addNewLine).parse(text), true, text.length)];
  expect(docs).toHaveLength(1);
  expect(docs[0]!.errors).toEqual([]);
  expect(docs[0]!.warnings).toEqual([]);
  return describeNode(docs[0]!.contents, lines);
}

const stats = { read: 0, declined: 0 };

/** Compare the two readers on one text; returns whether the fast reader read it. */
function compare(text: string): boolean {
  const fast = readFastYaml(text);
  // (Declined, both ways are the full parse: nothing to compare.)
  if (!fast) {
    stats.declined++;
    return false;
  }
  stats.read++;
  // Claims read both ways: the same claims, the same findings.
  expect(parseClaims(text, 'f.yaml')).toEqual(parseClaims(text, 'f.yaml', undefined, { fast: false }));
  expect(describeNode(fast.root, fast.lines)).toEqual(fullTree(text));
  expect(fast.tokens).toBe([...new Lexer().lex(text)].length);
  return true;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}

describe('the fast YAML reader', () => {
  it('reads every YAML fixture as yaml does, or declines it', () => {
    const files = [...yamlFiles(path.join(__dirname, 'fixtures')), ...yamlFiles(path.join(__dirname, '..', 'examples'))];
    let read = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (compare(text)) read++;
      // Descriptors and taxonomies go through parseYaml too: the same document either way.
      if (!readFastYaml(text)) continue;
      const a = parseYaml(text, 'f.yaml');
      const b = parseYaml(text, 'f.yaml', undefined, { fast: false });
      expect(a.findings).toEqual(b.findings);
      expect(a.doc && describeNode(a.doc.root, a.doc.lines)).toEqual(b.doc && describeNode(b.doc.root, b.doc.lines));
    }
    // Most fixtures are plain block YAML: the comparison is not vacuous.
    expect(read).toBeGreaterThan(files.length / 2);
  });

  it('reads the scalars, keys and layouts of its subset as yaml does', () => {
    const cases = [
      'a: 1\nb: -2\nc: +3\nd: 0x1F\ne: 0o17\nf: 1e3\ng: .5\nh: -.inf\ni: .NaN\nj: 5.\nk: 007\n',
      'a: true\nb: False\nc: TRUE\nd: null\ne: Null\nf: ~\ng: yes\nh: no\ni: NULL\n',
      'a: x #c\nb: x#c\nc: "q: r" # c\nd: \'it\'\'s\'\ne: "" \nf: \'\'\ng: -15%\nh: a - b\ni: a:b\n',
      'true: 1\nnull: 2\n1: 3\n',
      'claims:\n- id: a\n  sources:\n  - {publisher: p, title: t}\n  tags: [a, "b", \'c\']\n  x: []\n  y: {}\n',
      '  a: 1\n  b:\n    - 1\n    -   c: 2\n        d: 3\n',
      'a:\n  - - 1\n',
      'a: 1\na: 2\nb: {x: 1, x: 2}\n',
      '# only a comment\n\n   \na: 1   \n  # indented comment\nb: 2\n',
      'a: 1',
      'a:\n  b: 1\n   c: 2\n',
      'a: b: c\n',
      'a: [1, 2,]\n',
      'a: {b: 1\n',
      'a: "x\\ty"\n',
      'a: |\n  text\n',
      'a: &x 1\nb: *x\n',
      'a:\n',
      'a: multi\n  line\n',
      '- a\n- b\n',
      'a: 1\n---\nb: 2\n',
      'url: https://example.com/a?b=c#d\n',
      'a: {url: https://x.org/a, t: b:c}\n',
      'a: [x: 1]\n',
      'a: [{b: 1, c: [d, {e: f}]}, [g], {}]\n',
      'a: {b: "x", c: \'y\', d: it\'s, e: say "hi", f: c#d}\n',
      'a: {b: c #d}\n',
      'a: [b, c] # comment\n',
      'a: [b, c]#comment\n',
      'a: ' + '['.repeat(40) + ']'.repeat(40) + '\n',
    ];
    for (const text of cases) compare(text);
    expect(stats.read).toBeGreaterThan(5);
  });

  it('reads generated claims files with many variations as yaml does', () => {
    const variations = fc.record({
      indent: fc.constantFrom('', '  '),
      comments: fc.boolean(),
      flowSources: fc.boolean(),
      quote: fc.constantFrom('', '"', "'"),
      trailing: fc.constantFrom('', ' ', '  # note'),
      odd: fc.constantFrom('', 'note: 12', 'note: true', 'note: ~', 'note: 0x1F', 'tags: [a, b]', 'tags: []', 'extra: x', 'id: again', 'value: 1e3', 'value: .inf', "note: 'it''s'", 'target: { within: 5y }', 'note: a #b', 'note: a: b', 'note:', 'note: &a x', 'note: |', 'note: "a\\"b"'),
      claims: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(
      fc.property(variations, (v) => {
        const q = (s: string) => (v.quote === "'" ? `'${s.replace(/'/g, "''")}'` : v.quote === '"' ? `"${s}"` : s);
        const lines = ['claims:'];
        for (let i = 0; i < v.claims; i++) {
          const p = `${v.indent}  `;
          if (v.comments) lines.push(`${v.indent}# claim ${i}`);
          lines.push(`${v.indent}- id: claim-${i}${v.trailing}`, `${p}claimant: ${q(`Official ${i}`)}`, `${p}statement: ${q('Crime fell, by 10%.')}${v.trailing}`, `${p}kind: result`, `${p}region: Lahore`, `${p}metric: crimes`, `${p}change: -10%`, `${p}baseline: 2017`, `${p}target: 2019`);
          if (v.flowSources) lines.push(`${p}sources: [{ publisher: Dawn, title: ${q('Report')}, date: 2020-01-01 }]`);
          else lines.push(`${p}sources:`, `${p}  - publisher: Dawn`, `${p}    title: ${q('Report')}`);
          if (v.odd && i === v.claims - 1) lines.push(`${p}${v.odd}`);
        }
        compare(`${lines.join('\n')}\n`);
      }),
      { numRuns: 300, seed: 20251128 },
    );
  });

  it('reads the fuzz suite\'s claims files, valid and mutated, as yaml does', () => {
    fc.assert(
      fc.property(fc.oneof(claimsYaml.map((t) => Buffer.from(t)), mutated(claimsYaml)), (buffer) => {
        compare(buffer.toString('utf8'));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: Number(process.env.FUZZ_SEED ?? 20251128) },
    );
    // Both paths are exercised: files it reads, and files it leaves to yaml.
    expect(stats.read).toBeGreaterThan(50);
    expect(stats.declined).toBeGreaterThan(20);
  });

  it('leaves a file with more tokens than the bound to the full parse, which refuses it', () => {
    const text = 'claims:\n  - id: a\n    claimant: c\n';
    const tokens = readFastYaml(text)!.tokens;
    expect(parseClaims(text, 'f.yaml', { maxTokens: tokens - 1, aliasSlack: 0 }).findings.map((f) => f.code)).toEqual(['yaml-too-complex']);
    expect(parseClaims(text, 'f.yaml', { maxTokens: tokens, aliasSlack: 0 }).findings.map((f) => f.code)).not.toContain('yaml-too-complex');
  });
});
