// Readers: each format gives the article's paragraphs (not its navigation or code), its metadata for
// the claim's sources, and positions that point at the quoted words in the file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { draftDocument, readDocument, readHtml, readMarkdown, readPlainText, type SourceDocument } from '../../src/draft/index.js';
import { formatOf } from '../../src/draft/read.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const FORMATS = 'test/fixtures/draft/formats';

async function read(name: string): Promise<SourceDocument> {
  const doc = await readDocument(`${FORMATS}/${name}`, root);
  if ('severity' in doc) throw new Error(doc.message);
  return doc;
}

/** The text of the file at a draft's line and column (1-based), to check positions against the file itself. */
function at(name: string, line: number, column: number, length: number): string {
  return readFileSync(`${root}/${FORMATS}/${name}`, 'utf8').split('\n')[line - 1]!.slice(column - 1, column - 1 + length);
}

describe('HTML', () => {
  it('reads the article body, not navigation, header, aside, footer or scripts', async () => {
    const doc = await read('article-with-navigation.html');
    const text = doc.paragraphs.map((p) => p.text).join('\n');
    expect(text).toContain('The mayor’s office said the 1,200 cameras would reduce burglaries by 30 percent by 2022.');
    for (const outside of ['Top 10', '50% off', 'Breaking', 'Most read', '100 staff', 'visits']) expect(text).not.toContain(outside);
  });

  it("takes the title, author, date, canonical URL and site name from the page's head", async () => {
    const doc = await read('article-with-navigation.html');
    expect(doc.meta).toMatchObject({
      title: 'Riverton cameras fail to cut crime',
      author: 'Ada Lovelace',
      date: '2021-03-04',
      url: 'https://gazette.example/2021/03/riverton-cameras',
      publisher: 'Riverton Gazette',
    });
    expect(doc.meta.from.url).toBe('<link rel=canonical>');
  });

  it('places each quote at its line and column, through entities and markup', async () => {
    const claims = draftDocument(await read('article-with-navigation.html'));
    expect(claims.map((c) => [c.number.text, c.claimed.value])).toEqual([
      ['1,200', 1200],
      ['30 percent', '-30%'],
      ['8 percent', '+8%'],
    ]);
    for (const c of claims) {
      expect(c.foundAt).toBe(`${FORMATS}/article-with-navigation.html:${c.at.line}:${c.at.column}`);
      expect(at('article-with-navigation.html', c.at.line, c.at.column, 9)).toBe(c.quote.slice(0, 9));
    }
  });

  it('falls back to <title> and the first <h1> when the head has no og:title', () => {
    const doc = readHtml('<html><head><title>A page</title></head><body><h1>Heading</h1><p>Text.</p></body></html>', 'x.html');
    expect(doc.meta.title).toBe('A page');
    expect(doc.paragraphs.map((p) => p.text)).toEqual(['Heading', 'Text.']);
  });
});

describe('Markdown', () => {
  it('reads front matter for the sources, and the text without markup or code blocks', async () => {
    const doc = await read('article-with-front-matter.md');
    expect(doc.meta).toMatchObject({ title: 'Smart cameras in Riverton: the numbers', author: 'Grace Hopper', date: '2021-05-06', url: 'https://blog.example/riverton-numbers', publisher: 'Riverton Data Desk' });
    const text = doc.paragraphs.map((p) => p.text);
    expect(text).toContain('The city council reported that reported thefts fell by 15 percent in Riverton from 2019 to 2020.');
    expect(text.join(' ')).not.toContain('99 percent');
  });

  it('places quotes in the file, past list markers and emphasis', async () => {
    const claims = draftDocument(await read('article-with-front-matter.md'));
    expect(claims.map((c) => [c.foundAt, c.claimed.value, c.baseline?.value, c.target.value])).toEqual([
      [`${FORMATS}/article-with-front-matter.md:11:1`, '-15%', '2019', '2020'],
      [`${FORMATS}/article-with-front-matter.md:14:3`, '-50%', undefined, '2025'],
    ]);
    expect(at('article-with-front-matter.md', 14, 3, 9)).toBe('Officials');
  });

  it('takes the first heading as the title when there is no front matter', () => {
    expect(readMarkdown('Intro\n\n# The title\n\nBody.', 'x.md').meta.title).toBe('The title');
  });
});

describe('PDF (through PDF.js)', () => {
  // two-page-article.pdf was printed once from two-page-article.source.html by Chromium
  // (chromium --headless --print-to-pdf); the test reads only the PDF.
  it('reads the text by page and line, with the PDF title', async () => {
    const doc = await read('two-page-article.pdf');
    expect(doc.format).toBe('pdf');
    expect(doc.meta.title).toBe('Riverton council: cameras and crime');
    expect(doc.meta.date).toBeUndefined();
    const claims = draftDocument(doc);
    expect(claims.map((c) => [c.foundAt, c.number.text, c.claimed.value, c.baseline?.value ?? null, c.target.value ?? null])).toEqual([
      [`${FORMATS}/two-page-article.pdf#page=1:2:1`, '12 percent', '-12%', '2019', '2020'],
      [`${FORMATS}/two-page-article.pdf#page=1:3:1`, '$2.5 million', 2500000, null, null],
      [`${FORMATS}/two-page-article.pdf#page=2:1:1`, '400', 400, null, '2023'],
      [`${FORMATS}/two-page-article.pdf#page=2:1:1`, 'a quarter', '-25%', null, '2023'],
    ]);
    expect(claims[0]!.claimant.value).toBe('Riverton Police');
    expect(claims[2]!.kind.value).toBe('forecast');
  });

  it('says so, at the file, when a .pdf is not a PDF', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-draft-'));
    try {
      writeFileSync(path.join(dir, 'report.pdf'), 'not a PDF at all');
      const doc = await readDocument('report.pdf', dir);
      expect(doc).toMatchObject({ severity: 'error', code: 'pdf-invalid', file: 'report.pdf' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(formatOf('notes', Buffer.from('%PDF-1.7\n'))).toBe('pdf');
    expect(formatOf('page', Buffer.from('<!DOCTYPE html><html>'))).toBe('html');
  });
});

describe('plain text', () => {
  it('takes a short first line as the title, a line holding a date, and a byline', () => {
    const doc = readPlainText('Crime in Riverton\n\nBy Ada Lovelace\n12/29/2019\n\nCrime fell by 5 percent in 2019.\n', 'a.txt');
    expect(doc.meta).toMatchObject({ title: 'Crime in Riverton', author: 'Ada Lovelace', date: '2019-12-29' });
    expect(doc.paragraphs.map((p) => p.text)).toContain('Crime fell by 5 percent in 2019.');
  });

  it('gives a missing file as a finding, not an exception', async () => {
    const doc = await readDocument('no/such/article.txt', root);
    expect(doc).toMatchObject({ severity: 'error', code: 'path-missing', file: 'no/such/article.txt' });
  });
});
