import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClaims } from '../../src/claims/index.js';
import { parseInParts, splitClaimsText } from '../../src/claims/split.js';
import { FILE_BOUNDS, type YamlBounds } from '../../src/yaml-nodes.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A claim as a block of YAML lines at the list's indentation `pad`. */
function item(id: string, pad = '  ', extra: string[] = []): string {
  const i = `${pad}  `;
  return [`${pad}- id: ${id}`, `${i}claimant: Someone`, `${i}statement: Crime fell.`, `${i}kind: result`, `${i}region: Nairobi`, `${i}metric: crime`, `${i}change: -10%`, `${i}baseline: 2014`, `${i}target: 2015`, `${i}sources:`, `${i}  - { publisher: Paper, title: Story }`, ...extra.map((l) => `${i}${l}`)].join('\n');
}

const parseHere = (r: { text: string; file: string; bounds?: YamlBounds }) => parseClaims(r.text, r.file, r.bounds);

/** The parts joined must be the file: the claims, their positions and the findings. */
async function expectSameAsWhole(text: string, parts: number): Promise<void> {
  const whole = parseClaims(text, 'c.yaml');
  const joined = await parseInParts({ text, file: 'c.yaml' }, parts, parseHere);
  expect(joined).toEqual(whole);
}

describe('splitClaimsText: where a claims file is cut', () => {
  it('cuts before list items, and each part keeps the file\'s line numbers', () => {
    const text = `# audit of 2024\nclaims:\n${['a', 'b', 'c', 'd'].map((id) => item(id)).join('\n')}\n`;
    const parts = splitClaimsText(text, 2)!;
    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatch(/^# audit of 2024\nclaims:\n {2}- id: a/);
    const second = parts[1]!;
    expect(second.startsWith('claims:\n')).toBe(true);
    // The line holding "- id: c" is the same line in the part as in the file.
    const lineIn = (t: string, s: string) => t.slice(0, t.indexOf(s)).split('\n').length;
    const firstId = second.match(/- id: (\w)/)![0];
    expect(lineIn(second, firstId)).toBe(lineIn(text, firstId));
    // Nothing is lost or repeated: the parts without their padding are the file.
    expect(parts[0]! + second.replace(/^claims:\n*/, '')).toBe(text);
  });

  it('gives at most one part per item, and none for a single item', () => {
    const two = `claims:\n${item('a')}\n${item('b')}\n`;
    expect(splitClaimsText(two, 8)).toHaveLength(2);
    expect(splitClaimsText(`claims:\n${item('a')}\n`, 4)).toBeUndefined();
    expect(splitClaimsText(two, 1)).toBeUndefined();
  });

  it('reads lists at column 0, and CRLF line ends', () => {
    const text = `claims:\n${item('a', '')}\n${item('b', '')}\n`;
    expect(splitClaimsText(text, 2)).toHaveLength(2);
    expect(splitClaimsText(text.replace(/\n/g, '\r\n'), 2)).toHaveLength(2);
  });

  it('does not cut a file that does not start with claims: and a block list', () => {
    const items = `${item('a')}\n${item('b')}\n`;
    expect(splitClaimsText(`$schema: ./schema.json\nclaims:\n${items}`, 2)).toBeUndefined();
    expect(splitClaimsText(`claims: &all\n${items}`, 2)).toBeUndefined();
    expect(splitClaimsText(`%YAML 1.2\n---\nclaims:\n${items}`, 2)).toBeUndefined();
    expect(splitClaimsText(`claims: [ { id: a }, { id: b } ]\n`, 2)).toBeUndefined();
    expect(splitClaimsText(`"claims":\n${items}`, 2)).toBeUndefined();
  });

  it('makes no cut after a line that ends the list (another key, a document marker)', () => {
    // At column 0, "- z" below `other:` is other's item, not a claim: no cut may fall there.
    const text = `claims:\n${item('a', '')}\nother:\n- z\n- y\n`;
    expect(splitClaimsText(text, 3)).toBeUndefined();
    const marker = `claims:\n${item('a')}\n---\nclaims:\n${item('b')}\n`;
    expect(splitClaimsText(marker, 2)).toBeUndefined();
  });
});

describe('parseInParts: the parts read as the whole file', () => {
  // Not yaml-deep-nesting.yaml: where yaml's stack runs out, and so the column it reports, depends on the caller's depth.
  const files = [
    ...readdirSync(path.join(ROOT, 'claims')).map((f) => path.join(ROOT, 'claims', f)),
    ...['good', 'odd', 'bad'].flatMap((d) => readdirSync(path.join(ROOT, 'test/fixtures', d)).filter((f) => f.endsWith('.yaml') && f !== 'yaml-deep-nesting.yaml').map((f) => path.join(ROOT, 'test/fixtures', d, f))),
  ];
  it.each(files.map((f) => [path.relative(ROOT, f)]))('%s in 2 to 6 parts', async (rel) => {
    const text = readFileSync(path.join(ROOT, rel), 'utf8');
    for (let parts = 2; parts <= 6; parts++) await expectSameAsWhole(text, parts);
  });

  it('parses the whole file when a part has a YAML problem, so errors are the file\'s own', async () => {
    // The quote opened in claim b closes in claim c's lines: apart, b's part is unclosed.
    const text = `claims:\n${item('a')}\n${item('b', '  ', ['note: "a quote that', '  - runs on'])}\n  - still the note"\n${item('c')}\n`;
    expect(splitClaimsText(text, 3)!.length).toBeGreaterThan(1);
    await expectSameAsWhole(text, 3);
    // An alias to an anchor in an earlier part.
    const aliased = `claims:\n${item('a', '  ', ['note: &n shared note'])}\n${item('b')}\n${item('c', '  ', ['note: *n'])}\n`;
    await expectSameAsWhole(aliased, 3);
    const { claims } = await parseInParts({ text: aliased, file: 'c.yaml' }, 3, parseHere);
    expect(claims.find((c) => c.id === 'c')?.note).toBe('shared note');
  });

  it('refuses a file over the token cap even when each part alone would be under it', async () => {
    const text = `claims:\n${['a', 'b', 'c', 'd'].map((id) => item(id)).join('\n')}\n`;
    const parse = (r: { text: string; file: string; bounds?: YamlBounds }) => parseClaims(r.text, r.file, r.bounds ?? { ...FILE_BOUNDS, maxTokens: cap });
    // A cap between the largest part's tokens and the file's: the whole file is over it, each half under.
    const half = splitClaimsText(text, 2)!;
    const tokensOf = (t: string) => {
      for (let n = 1; ; n *= 2) if (!parseClaims(t, 'c.yaml', { ...FILE_BOUNDS, maxTokens: n }).findings.some((f) => f.code === 'yaml-too-complex')) return n;
    };
    const cap = Math.max(...half.map(tokensOf));
    const bounds = { ...FILE_BOUNDS, maxTokens: cap };
    expect(parseClaims(text, 'c.yaml', bounds).findings.map((f) => f.code)).toEqual(['yaml-too-complex']);
    const joined = await parseInParts({ text, file: 'c.yaml' }, 2, parse, bounds);
    expect(joined).toEqual(parseClaims(text, 'c.yaml', bounds));
  });

  it('gives each part its share of the file\'s bounds, tokens and alias room alike', async () => {
    const text = `claims:\n${['a', 'b', 'c', 'd'].map((id) => item(id)).join('\n')}\n`;
    const seen: Array<YamlBounds | undefined> = [];
    await parseInParts({ text, file: 'c.yaml' }, 4, (r) => {
      seen.push(r.bounds);
      return parseHere(r);
    });
    expect(seen).toEqual(Array(4).fill({ maxTokens: FILE_BOUNDS.maxTokens / 4, aliasSlack: FILE_BOUNDS.aliasSlack / 4 }));
  });

  it('agrees with the whole file on generated files with quotes, block scalars, flows, anchors and stray keys', async () => {
    // Lines added to a claim: mostly ones that read cleanly (so most files are really cut), some that fail.
    const clean = fc.constantFrom(
      ['note: plain text'],
      ['note: "a quote', '  - spanning lines"'],
      ["note: 'single", '  - quoted\''],
      ['note: |', '  - not an item: a block scalar line', '  more'],
      ['note: >-', '  folded', '', '  text'],
      ['note: |+', '  kept', ''],
      ['note: [a,', '  - b]'],
      ['note: { a: 1,', '  b: 2 }'],
      ['note: &anchor anchored'],
      ['# a comment'],
    );
    const failing = fc.constantFrom(['note: *anchor'], ['note: "unclosed'], ['note: [unclosed'], ['\tnote: tab'], ['note: x', 'note: y'], ["note: 'open"]);
    const pieces = fc.oneof({ arbitrary: clean, weight: 12 }, { arbitrary: failing, weight: 1 });
    const claim = fc.record({ extra: fc.array(pieces, { maxLength: 1 }), comment: fc.boolean(), blank: fc.boolean() });
    // How many files were really read in parts (no fallback to the whole): the property must test cutting.
    let joined = 0;
    const tail = fc.constantFrom('', 'other: 1\n', '- stray\n', '---\nclaims:\n  - id: z\n', '...\n', '# end\n', '  # indented comment\n');
    await fc.assert(
      fc.asyncProperty(fc.array(claim, { minLength: 2, maxLength: 7 }), tail, fc.constantFrom('  ', '', '    '), fc.integer({ min: 2, max: 5 }), async (claims, end, pad, parts) => {
        const body = claims.map((c, i) => `${c.comment ? '# claim\n' : ''}${item(`c${i}`, pad, c.extra.flat())}${c.blank ? '\n' : ''}`).join('\n');
        const text = `claims:\n${body}\n${end}`;
        await expectSameAsWhole(text, parts);
        let whole = false;
        await parseInParts({ text, file: 'c.yaml' }, parts, (r) => {
          whole ||= r.text === text;
          return parseHere(r);
        });
        if (!whole) joined++;
      }),
      { numRuns: 400, seed: 20261122 },
    );
    expect(joined).toBeGreaterThan(100);
  });
});
