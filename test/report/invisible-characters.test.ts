// Invisible characters in every format a person reads: a right-to-left override in a statement (it
// shows "txt.exe" as "exe.txt"), zero-width spaces, a byte-order mark, isolates and tag characters are
// written as escapes (\u202E) in the terminal, Markdown, HTML, SVG chart titles, GitHub annotations,
// SARIF and JUnit, never passed through raw. And a look-alike name ('Nаirobi' with a Cyrillic а) is
// flagged, and "did you mean" says what differs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { INVISIBLE, visible } from '../../src/format.js';
import { lookAlikeLetters, showName } from '../../src/names.js';
import { render, renderCharts, renderHtml, renderMarkdown, renderTerminal } from '../../src/report/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const result = await audit({ cwd: root, claims: ['test/fixtures/hostile-text/invisible/claims.yaml'], evidence: ['test/fixtures/good/evidence.csv'] });
const RAW = new RegExp(INVISIBLE.source, 'u');

describe('the invisible-characters fixture', () => {
  it('loads: the characters reach the claims', () => {
    const claim = result.results.find((r) => r.claim.id === 'invisible-everywhere')!.claim;
    expect(claim.statement).toContain('\u202Etxt.exe');
    expect(claim.note).toContain('\u{E0041}');
  });
});

describe('every human-read format writes them as escapes', () => {
  const charts = renderCharts(result);
  // [format, its text, whether it quotes the statement (the terminal table and a chart's title do not)]
  const formats: Array<[string, () => Promise<string> | string, boolean]> = [
    ['terminal', () => renderTerminal(result, false), false],
    ['md', () => renderMarkdown(result), true],
    ['html', async () => renderHtml(result, { charts: await charts }), true],
    ['svg chart', async () => [...(await charts).values()].join('\n'), false],
    ['github', () => render('github', result), true],
    ['sarif', () => render('sarif', result), true],
    ['junit', () => render('junit', result), true],
  ];
  it.each(formats)('%s', async (_, make, quotesStatement) => {
    const text = await make();
    expect(text).not.toMatch(RAW);
    // The statement's override is shown, not obeyed (in JSON the backslash is itself escaped).
    if (quotesStatement) expect(text.replaceAll('\\\\', '\\')).toContain('\\u202Etxt.exe');
  });
});

describe('visible', () => {
  it('escapes each invisible character, astral ones with braces, and leaves the rest', () => {
    expect(visible('a\u202Eb\u200Bc\uFEFFd\u2066e\u{E0041}f — é ü 中')).toBe('a\\u202Eb\\u200Bc\\uFEFFd\\u2066e\\u{E0041}f — é ü 中');
  });
});

describe('look-alike names', () => {
  it('lookAlikeLetters names the letters outside the main script', () => {
    expect(lookAlikeLetters('N\u0430irobi')).toEqual([['Cyrillic', '\u0430']]);
    expect(lookAlikeLetters('Nairobi')).toEqual([]);
    expect(lookAlikeLetters('Москва')).toEqual([]);
    expect(lookAlikeLetters('Karachi کراچی')).toEqual([]); // Latin and Arabic are not confused
  });
  it('showName makes the difference visible', () => {
    expect(showName('Nairobi\u200B')).toBe("'Nairobi\\u200B'");
    expect(showName('N\u0430irobi')).toBe("'N\u0430irobi' (Cyrillic \u0430)");
  });
  it('a claim naming a mixed-script region is warned about, at the region', () => {
    const f = result.findings.find((x) => x.code === 'name-mixed-script')!;
    expect(f).toMatchObject({ severity: 'warning', line: 21, claimId: 'look-alike-region' });
    expect(f.message).toBe("'region' 'N\u0430irobi' (Cyrillic \u0430) mixes letters of different scripts; it matches only a name written with the same letters");
  });
  it('"did you mean" shows which letter differs', () => {
    const r = result.results.find((x) => x.claim.id === 'look-alike-region')!;
    expect(r.verdict).toBe('no-evidence');
    expect(r.reasons.join(' ')).toContain("no evidence for region 'N\u0430irobi' (Cyrillic \u0430) (did you mean 'Nairobi'?)");
  });
});
