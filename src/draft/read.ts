// Readers: plain text, Markdown, HTML and PDF, each to paragraphs whose characters keep their place in the file.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as chrono from 'chrono-node';
import { Parser } from 'htmlparser2';
import { displayPath, fileTooLarge, isFinding, readTextFile } from '../files.js';
import type { Finding } from '../types.js';
import { addLine, Paragraph, type DocumentFormat, type DocumentMeta, type SourceDocument } from './text.js';

/** Articles and reports are small; 50 MiB bounds what a PDF parser or the sentence splitter is given. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

/** The format a file is read as: by its extension, else by its first bytes. */
export function formatOf(file: string, head: Buffer): DocumentFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.pdf') return 'pdf';
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  if (ext === '.html' || ext === '.htm' || ext === '.xhtml') return 'html';
  if (ext === '.txt' || ext === '.text') return 'text';
  const start = head.subarray(0, 1024).toString('latin1');
  if (start.startsWith('%PDF-')) return 'pdf';
  if (/^\s*(?:<!doctype html|<html[\s>])/i.test(start)) return 'html';
  return 'text';
}

/** Read one document. Problems come back as findings at the file (and line, where there is one). */
export async function readDocument(file: string, cwd: string, maxBytes = DEFAULT_MAX_DOCUMENT_BYTES): Promise<SourceDocument | Finding> {
  const abs = path.resolve(cwd, file);
  const shown = displayPath(abs, cwd);
  let size: number;
  try {
    const st = statSync(abs);
    if (st.isDirectory()) return { severity: 'error', code: 'path-is-dir', file: shown, message: 'expected a file to draft claims from, found a directory', hint: 'name the article files themselves, e.g. sources/*.html' };
    size = st.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      severity: 'error',
      code: 'path-missing',
      file: shown,
      message: code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? (e as Error).message})`,
      hint: 'check the path; draft reads .txt, .md, .html and .pdf files',
    };
  }
  const limits = { maxBytes, what: 'document' };
  if (size > maxBytes) return fileTooLarge(shown, size, limits);
  let head: Buffer;
  try {
    head = readFileSync(abs).subarray(0, 1024);
  } catch (e) {
    return { severity: 'error', code: 'path-unreadable', file: shown, message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  const format = formatOf(abs, head);
  if (format === 'pdf') {
    const { readPdf } = await import('./pdf.js');
    return readPdf(readFileSync(abs), shown);
  }
  const text = readTextFile(abs, cwd, limits);
  if (isFinding(text)) return text;
  if (format === 'html') return readHtml(text.text, shown);
  if (format === 'markdown') return readMarkdown(text.text, shown);
  return readPlainText(text.text, shown);
}

// ------------------------------------------------------------------ dates in metadata

/** A date as a document's metadata gives it, as YYYY-MM-DD (or YYYY-MM, YYYY when that is all it says). */
export function normaliseDate(raw: string): string | undefined {
  const t = raw.trim();
  const iso = t.match(/^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$/);
  if (iso) return [iso[1], iso[2], iso[3]].filter(Boolean).join('-');
  // PDF dates: D:YYYYMMDDHHmmSS…
  const pdf = t.match(/^D:(\d{4})(\d{2})?(\d{2})?/);
  if (pdf) return [pdf[1], pdf[2], pdf[3]].filter(Boolean).join('-');
  const parsed = chrono.parse(t, new Date(Date.UTC(2000, 0, 1)))[0];
  if (!parsed || parsed.text.length < t.length * 0.6) return undefined;
  const c = parsed.start;
  if (!c.isCertain('year')) return undefined;
  const y = String(c.get('year')).padStart(4, '0');
  if (!c.isCertain('month')) return y;
  const m = String(c.get('month')).padStart(2, '0');
  if (!c.isCertain('day')) return `${y}-${m}`;
  return `${y}-${m}-${String(c.get('day')).padStart(2, '0')}`;
}

// ------------------------------------------------------------------ plain text

/**
 * Plain text: paragraphs are runs of non-blank lines. A short first line without a closing full stop is
 * the title; a line that is only a date near the top is the date; a line "By NAME" is the author.
 */
export function readPlainText(text: string, file: string): SourceDocument {
  const lines = text.split(/\r\n|\r|\n/);
  const paragraphs: Paragraph[] = [];
  let current = new Paragraph();
  const flush = () => {
    if (current.finish()) paragraphs.push(current);
    current = new Paragraph();
  };
  lines.forEach((line, i) => {
    if (line.trim() === '') flush();
    else addLine(current, line, i + 1);
  });
  flush();
  const meta: DocumentMeta = { from: {} };
  const nonBlank = lines.map((l, i) => ({ l: l.trim(), i })).filter((x) => x.l !== '');
  const first = nonBlank[0];
  if (first && nonBlank.length > 1 && first.l.length <= 150 && !/[.!?:;,]$/.test(first.l)) {
    meta.title = first.l;
    meta.from.title = `the first line (${file}:${first.i + 1})`;
  }
  for (const { l, i } of nonBlank.slice(0, 15)) {
    if (meta.date === undefined && /^[A-Za-z.,\d/ -]{6,30}$/.test(l) && /\d{4}/.test(l)) {
      const d = normaliseDate(l);
      if (d) {
        meta.date = d;
        meta.from.date = `a line holding only a date (${file}:${i + 1})`;
      }
    }
  }
  for (const { l, i } of nonBlank) {
    const by = l.match(/^By ([A-Z][\p{L}.'-]+(?: [A-Z][\p{L}.'-]+){0,3})$/u);
    if (by) {
      meta.author = by[1]!;
      meta.from.author = `a byline (${file}:${i + 1})`;
      break;
    }
  }
  return { file, format: 'text', meta, paragraphs };
}

// ------------------------------------------------------------------ Markdown

/**
 * Markdown without its markup, and for each character of the result its column in the line:
 * links keep their text, emphasis and code marks go, images and HTML tags go.
 */
export function stripMarkdownInline(line: string): { text: string; columns: number[] } {
  let text = '';
  const columns: number[] = [];
  const keep = (s: string, from: number) => {
    for (let k = 0; k < s.length; k++) {
      text += s[k];
      columns.push(from + k);
    }
  };
  let i = 0;
  while (i < line.length) {
    const rest = line.slice(i);
    const image = rest.match(/^!\[[^\]]*\]\([^)]*\)/);
    if (image) {
      i += image[0].length;
      continue;
    }
    const link = rest.match(/^\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])/);
    if (link) {
      const inner = stripMarkdownInline(link[1]!);
      for (let k = 0; k < inner.text.length; k++) {
        text += inner.text[k];
        columns.push(i + 1 + inner.columns[k]!);
      }
      i += link[0].length;
      continue;
    }
    const tag = rest.match(/^<\/?[A-Za-z][^>]*>/);
    if (tag) {
      i += tag[0].length;
      continue;
    }
    const c = line[i]!;
    // Emphasis and code marks: dropped. An underscore or asterisk inside a word (snake_case, 2*3) is kept.
    if (c === '`' || ((c === '*' || c === '_') && !(/\w/.test(line[i - 1] ?? '') && /\w/.test(line[i + 1] ?? '')))) {
      i += 1;
      continue;
    }
    if (c === '\\' && i + 1 < line.length) {
      keep(line[i + 1]!, i + 1);
      i += 2;
      continue;
    }
    keep(c, i);
    i += 1;
  }
  return { text, columns };
}

export function readMarkdown(text: string, file: string): SourceDocument {
  const lines = text.split(/\r\n|\r|\n/);
  const meta: DocumentMeta = { from: {} };
  let start = 0;
  // YAML front matter: title, author, date, url / canonical_url, publisher / site.
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
    if (end > 0) {
      for (const l of lines.slice(1, end)) {
        const m = l.match(/^(\w+)\s*:\s*(.+?)\s*$/);
        if (!m) continue;
        const value = m[2]!.replace(/^["']|["']$/g, '');
        const key = m[1]!.toLowerCase();
        const field = key === 'title' ? 'title' : key === 'author' ? 'author' : key === 'date' ? 'date' : key === 'url' || key === 'canonical_url' || key === 'canonical' ? 'url' : key === 'publisher' || key === 'site' || key === 'site_name' ? 'publisher' : undefined;
        if (!field || meta[field] !== undefined) continue;
        const v = field === 'date' ? normaliseDate(value) : value;
        if (v === undefined) continue;
        meta[field] = v;
        meta.from[field] = 'front matter';
      }
      start = end + 1;
    }
  }
  const paragraphs: Paragraph[] = [];
  let current = new Paragraph();
  const flush = () => {
    if (current.finish()) paragraphs.push(current);
    current = new Paragraph();
  };
  let fence: string | undefined;
  let inComment = false;
  for (let i = start; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    if (fence !== undefined) {
      if (raw.trim().startsWith(fence)) fence = undefined;
      continue;
    }
    if (inComment) {
      if (raw.includes('-->')) inComment = false;
      continue;
    }
    const fenceOpen = raw.match(/^\s*(```|~~~)/);
    if (fenceOpen) {
      flush();
      fence = fenceOpen[1]!;
      continue;
    }
    if (/^\s*<!--/.test(raw) && !raw.includes('-->')) {
      flush();
      inComment = true;
      continue;
    }
    if (raw.trim() === '' || /^\s*(?:[-*_]\s*){3,}$/.test(raw) || /^\s*\[[^\]]+\]:\s*\S+/.test(raw) || /^\s*\|?\s*:?-{3,}/.test(raw)) {
      flush();
      continue;
    }
    // Block markers: headings, quotes, list items and table pipes start a paragraph of their own.
    const marker = raw.match(/^(\s*(?:#{1,6}\s+|(?:>\s*)+|[-*+]\s+|\d+[.)]\s+)?)/)![1]!;
    const heading = /^\s*#{1,6}\s/.test(marker);
    const item = /^\s*(?:[-*+]|\d+[.)])\s/.test(marker);
    if (heading || item) flush();
    const body = raw.slice(marker.length).replace(/\s+#+\s*$/, '');
    const { text: plain, columns } = stripMarkdownInline(body);
    const re = /\S+/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(plain))) {
      current.space();
      current.add(m[0], { line: lineNo, column: marker.length + columns[m.index]! + 1 });
    }
    if (heading && meta.title === undefined && /^\s*#\s/.test(marker)) {
      meta.title = plain.trim();
      meta.from.title = `the first heading (${file}:${lineNo})`;
    }
    if (heading) flush();
  }
  flush();
  return { file, format: 'markdown', meta, paragraphs };
}

// ------------------------------------------------------------------ HTML

/** Elements whose text is not the article: scripts, navigation, page furniture, forms. */
const HTML_SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'nav', 'header', 'footer', 'aside', 'form', 'button', 'select', 'iframe', 'head', 'menu', 'dialog']);
/** Elements that end a paragraph. */
const HTML_BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'body', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'table', 'tr', 'td', 'th', 'caption', 'figure', 'figcaption', 'hr', 'address', 'details', 'summary',
]);
const VOID = new Set(['br', 'hr', 'img', 'meta', 'link', 'input', 'source', 'wbr', 'area', 'base', 'col', 'embed', 'param', 'track']);

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function positionAt(starts: number[], index: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: index - starts[lo]! + 1 };
}

/**
 * HTML: the text of the article body — the `<article>` elements if there are any, else `<main>`, else
 * `<body>` — without navigation, headers, footers, asides, scripts and forms. The page's title, author,
 * date, canonical URL and site name are read from `<title>`, `<meta>`, `<link rel=canonical>` and `<time>`.
 */
export function readHtml(html: string, file: string): SourceDocument {
  const starts = lineStarts(html);
  const root = /<article[\s>]/i.test(html) ? 'article' : /<main[\s>]/i.test(html) ? 'main' : undefined;
  const meta: DocumentMeta = { from: {} };
  const metaCandidates: Partial<Record<keyof Omit<DocumentMeta, 'from'>, Array<{ value: string; from: string; rank: number }>>> = {};
  const offer = (field: keyof Omit<DocumentMeta, 'from'>, value: string | undefined, from: string, rank: number) => {
    const v = value?.replace(/\s+/g, ' ').trim();
    if (!v) return;
    (metaCandidates[field] ??= []).push({ value: v, from, rank });
  };
  const paragraphs: Paragraph[] = [];
  let current = new Paragraph();
  const flush = () => {
    if (current.finish()) paragraphs.push(current);
    current = new Paragraph();
  };
  const stack: string[] = [];
  let skipDepth = 0;
  let rootDepth = 0;
  let titleText: string | undefined;
  let inTitle = false;
  let h1Text: string | undefined;
  let inH1 = false;
  let timeSeen = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const tag = name.toLowerCase();
        if (!VOID.has(tag)) stack.push(tag);
        if (tag === 'title') inTitle = true;
        if (tag === 'meta') {
          const key = (attrs.property ?? attrs.name ?? attrs.itemprop ?? '').toLowerCase();
          const content = attrs.content;
          if (key === 'og:title' || key === 'twitter:title') offer('title', content, `<meta ${key}>`, 1);
          if (key === 'author' || key === 'article:author' || key === 'byl' || key === 'parsely-author') offer('author', content?.replace(/^By\s+/i, ''), `<meta ${key}>`, 1);
          if (key === 'article:published_time' || key === 'date' || key === 'datepublished' || key === 'pubdate' || key === 'dc.date' || key === 'parsely-pub-date') offer('date', content, `<meta ${key}>`, 1);
          if (key === 'og:url') offer('url', content, '<meta og:url>', 2);
          if (key === 'og:site_name' || key === 'application-name') offer('publisher', content, `<meta ${key}>`, 1);
        }
        if (tag === 'link' && (attrs.rel ?? '').toLowerCase().split(/\s+/).includes('canonical')) offer('url', attrs.href, '<link rel=canonical>', 1);
        if (tag === 'time' && !timeSeen && attrs.datetime) {
          timeSeen = true;
          offer('date', attrs.datetime, '<time datetime>', 2);
        }
        if (tag === 'h1' && h1Text === undefined) {
          inH1 = true;
          h1Text = '';
        }
        if (root && tag === root) rootDepth++;
        if (HTML_SKIP.has(tag) && !VOID.has(tag)) skipDepth++;
        if (HTML_BLOCK.has(tag) || tag === 'br') flush();
      },
      onclosetag(name) {
        const tag = name.toLowerCase();
        if (VOID.has(tag)) return;
        // Close what is open up to this tag (HTML lets some end tags go unwritten).
        const at = stack.lastIndexOf(tag);
        if (at < 0) return;
        for (const t of stack.splice(at)) {
          if (t === 'title') inTitle = false;
          if (t === 'h1') inH1 = false;
          if (root && t === root) rootDepth--;
          if (HTML_SKIP.has(t)) skipDepth--;
          if (HTML_BLOCK.has(t)) flush();
        }
      },
      ontext(chunk) {
        if (inTitle) titleText = (titleText ?? '') + chunk;
        if (inH1) h1Text += chunk;
        if (skipDepth > 0 || (root && rootDepth === 0)) return;
        const startIndex = parser.startIndex;
        const source = html.slice(startIndex, parser.endIndex + 1);
        // An entity (&rsquo;) arrives as its own chunk: all of it maps to where the entity starts.
        if (source.startsWith('&') && source.length > chunk.length) {
          if (/^\s+$/.test(chunk)) current.space();
          else current.add(chunk, positionAt(starts, startIndex), true);
          return;
        }
        const re = /\S+|\s+/g;
        let m: RegExpExecArray | null;
        while ((m = re.exec(chunk))) {
          if (/^\s/.test(m[0])) current.space();
          else current.add(m[0], positionAt(starts, startIndex + m.index));
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  offer('title', titleText, '<title>', 2);
  offer('title', h1Text, 'the first <h1>', 3);
  for (const field of ['title', 'author', 'date', 'url', 'publisher'] as const) {
    const best = (metaCandidates[field] ?? []).sort((a, b) => a.rank - b.rank)[0];
    if (!best) continue;
    const value = field === 'date' ? normaliseDate(best.value) : best.value;
    if (value === undefined) continue;
    meta[field] = value;
    meta.from[field] = best.from;
  }
  return { file, format: 'html', meta, paragraphs };
}
