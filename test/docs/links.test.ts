// Every relative link in the README, CONTRIBUTING.md and docs/ leads somewhere: the file exists and,
// where the link names a #heading, that heading is in it (GitHub's anchor for it, as GitHub makes them).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pages = ['README.md', 'CONTRIBUTING.md', ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** The page without its fenced code blocks, which hold examples, not headings or links. */
function withoutCodeBlocks(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** The page's prose: no code blocks, and inline code spans blanked out. */
function prose(text: string): string {
  return withoutCodeBlocks(text).replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen; repeats get -1, -2 … */
export function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of withoutCodeBlocks(markdown).replace(/`([^`\n]*)`/g, '$1').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = m[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = text.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

function linksOf(markdown: string): string[] {
  return [...prose(markdown).matchAll(/!?\[(?:[^\][]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
}

describe('documentation links', () => {
  it('finds the headings GitHub would make anchors of', () => {
    expect([...anchorsOf('# A title\n## 1. Counts: `poisson.test` (exact)\n```\n# not a heading\n```\n## A title\n')]).toEqual([
      'a-title',
      '1-counts-poissontest-exact',
      'a-title-1',
    ]);
  });

  it('reaches every docs/ page from the README', () => {
    const readmeLinks = new Set(linksOf(readFileSync(path.join(root, 'README.md'), 'utf8')).map((l) => l.split('#')[0]));
    for (const page of pages.filter((p) => p.startsWith('docs/'))) expect(readmeLinks, page).toContain(page);
    expect(readmeLinks).toContain('CONTRIBUTING.md');
    expect(readmeLinks).toContain('LICENSE');
  });

  for (const page of pages) {
    it(`${page}: every relative link resolves, #anchors included`, () => {
      const text = readFileSync(path.join(root, page), 'utf8');
      const links = linksOf(text).filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l));
      expect(links.length, 'a page with no relative link is suspicious: is the pattern right?').toBeGreaterThan(0);
      const broken: string[] = [];
      for (const link of links) {
        const [file, anchor] = link.split('#') as [string, string | undefined];
        const target = file === '' ? path.join(root, page) : path.resolve(path.dirname(path.join(root, page)), decodeURI(file));
        if (!target.startsWith(root) || !existsSync(target)) {
          broken.push(`${link}: no such file`);
          continue;
        }
        if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(readFileSync(target, 'utf8')).has(anchor)) broken.push(`${link}: no such heading`);
      }
      expect(broken).toEqual([]);
    });
  }
});
