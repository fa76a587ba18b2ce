// The claims file draft writes: parseable, every placeholder reported by the claims parser at its
// line, and --merge that keeps the existing text and adds only new quotes.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseClaims } from '../../src/claims/index.js';
import { assignIds, draftDocument, mergeInto, readExisting, readPlainText, renderDraftFile } from '../../src/draft/index.js';

const TEXT = [
  'Riverton police said burglaries in Riverton fell by 12 percent from 2019 to 2020.',
  '',
  'The council expects the 400 new cameras to cut thefts by a quarter by 2023.',
].join('\n');

function drafted(text = TEXT) {
  const claims = draftDocument(readPlainText(text, 'article.txt'));
  assignIds(claims);
  return claims;
}

describe('renderDraftFile', () => {
  it('writes YAML whose only errors are the placeholders, each at a line holding TODO', () => {
    const yaml = renderDraftFile(drafted(), ['article.txt']);
    const lines = yaml.split('\n');
    const { claims, findings } = parseClaims(yaml, 'draft.yaml');
    expect(claims).toEqual([]);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.code).toBe('draft-field');
      expect(lines[f.line! - 1]).toContain('TODO');
    }
    // Every claim carries its quote and position, and what the text settled.
    const doc = parse(yaml) as { claims: Array<Record<string, unknown>> };
    expect(doc.claims.map((c) => [c.quote, c.found_at])).toEqual([
      ['Riverton police said burglaries in Riverton fell by 12 percent from 2019 to 2020.', 'article.txt:1:1'],
      ['The council expects the 400 new cameras to cut thefts by a quarter by 2023.', 'article.txt:3:1'],
      ['The council expects the 400 new cameras to cut thefts by a quarter by 2023.', 'article.txt:3:1'],
    ]);
    expect(doc.claims[0]).toMatchObject({ change: '-12%', baseline: '2019', target: '2020', kind: 'result', claimant: 'Riverton police' });
    expect(doc.claims[2]).toMatchObject({ change: '-25%', target: '2023', kind: 'forecast' });
  });

  it('is an empty list, still a claims file, when the text states no number', () => {
    const yaml = renderDraftFile(drafted('Nothing to count here.'), ['article.txt']);
    expect(parse(yaml)).toEqual({ claims: [] });
  });
});

describe('--merge', () => {
  const existingFile = ['# my claims', 'claims:', '  - id: riverton-old', '    quote: Riverton police said burglaries in Riverton fell by 12 percent from 2019 to 2020.', ''].join('\n');

  it('adds only claims whose quote is new, after the existing text, with ids not yet taken', () => {
    const existing = readExisting(existingFile);
    if ('error' in existing) throw new Error(existing.error);
    expect([...existing.quotes]).toHaveLength(1);
    const fresh = draftDocument(readPlainText(TEXT, 'article.txt')).filter((c) => !existing.quotes.has(c.quote));
    assignIds(fresh, existing.ids);
    const merged = mergeInto(existingFile, existing, fresh);
    expect(merged.startsWith(existingFile)).toBe(true);
    const doc = parse(merged) as { claims: Array<{ id: string; quote: string }> };
    expect(doc.claims.map((c) => c.id)).toEqual(['riverton-old', ...fresh.map((c) => c.id)]);
    expect(doc.claims.filter((c) => c.quote.startsWith('Riverton police'))).toHaveLength(1);
  });

  it('fills an empty claims list, and refuses a file it cannot append to safely', () => {
    const empty = readExisting('# mine\nclaims: []\n');
    if ('error' in empty) throw new Error(empty.error);
    const merged = mergeInto('# mine\nclaims: []\n', empty, drafted());
    expect((parse(merged) as { claims: unknown[] }).claims).toHaveLength(3);
    expect(readExisting('claims:\n  - id: a\nother: 1\n')).toEqual({ error: "its 'claims:' list is not the last key of the file; move it to the end, then merge" });
    expect(readExisting('claims: [{id: a}]\n')).toEqual({ error: "its 'claims:' is not a block list ('- id: …' items)" });
    expect(readExisting('a: [\n')).toMatchObject({ error: expect.stringContaining('not valid YAML') });
  });
});
