// PDF through Mozilla's PDF.js (pdfjs-dist): text lines by page, positions as page, line and column.
import type { Finding } from '../types.js';
import { Paragraph, type DocumentMeta, type SourceDocument } from './text.js';

interface PdfTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL?: boolean;
}

interface PdfLine {
  y: number;
  height: number;
  items: PdfTextItem[];
}

/** Group a page's text items into lines, top to bottom, each left to right. */
function pageLines(items: PdfTextItem[]): PdfLine[] {
  const lines: PdfLine[] = [];
  const sorted = items.filter((i) => i.str !== '').sort((a, b) => b.transform[5]! - a.transform[5]! || a.transform[4]! - b.transform[4]!);
  for (const item of sorted) {
    const y = item.transform[5]!;
    const h = Math.abs(item.height) || Math.abs(item.transform[3]!) || 10;
    const line = lines.find((l) => Math.abs(l.y - y) < Math.max(l.height, h) * 0.5);
    if (line) line.items.push(item);
    else lines.push({ y, height: h, items: [item] });
  }
  lines.sort((a, b) => b.y - a.y);
  for (const l of lines) l.items.sort((a, b) => a.transform[4]! - b.transform[4]!);
  return lines;
}

/** The text of a line: items joined, with a space where the gap between them is wider than a thin space. */
function lineText(line: PdfLine): string {
  let text = '';
  let end: number | undefined;
  for (const item of line.items) {
    const x = item.transform[4]!;
    if (end !== undefined && x - end > line.height * 0.15 && !text.endsWith(' ') && !item.str.startsWith(' ')) text += ' ';
    text += item.str;
    end = x + item.width;
  }
  return text;
}

/**
 * Paragraphs of a PDF: lines on a page run together until a gap wider than one and a half lines, or
 * the end of the page. A word hyphenated across a line break is joined again.
 */
export async function readPdf(bytes: Buffer, file: string): Promise<SourceDocument | Finding> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc;
  try {
    doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  } catch (e) {
    return { severity: 'error', code: 'pdf-invalid', file, message: `cannot read the PDF: ${(e as Error).message}`, hint: 'check that the file is a PDF and not encrypted; or save the article as text or HTML' };
  }
  const meta: DocumentMeta = { from: {} };
  try {
    const info = (await doc.getMetadata()).info as unknown as Record<string, unknown>;
    const title = typeof info.Title === 'string' ? info.Title.trim() : '';
    if (title) {
      meta.title = title;
      meta.from.title = 'the PDF Title';
    }
    const author = typeof info.Author === 'string' ? info.Author.trim() : '';
    if (author) {
      meta.author = author;
      meta.from.author = 'the PDF Author';
    }
    // The PDF's CreationDate is when the file was made (often when a page was printed), not when the
    // text was published: it is not offered as the source's date.
  } catch {
    // Metadata is optional: the claims' sources then carry placeholders.
  }
  const paragraphs: Paragraph[] = [];
  let chars = 0;
  for (let pageNo = 1; pageNo <= doc.numPages; pageNo++) {
    const page = await doc.getPage(pageNo);
    const content = await page.getTextContent();
    const lines = pageLines(content.items.filter((i) => 'str' in i) as unknown as PdfTextItem[]);
    let current = new Paragraph();
    const flush = () => {
      if (current.finish()) paragraphs.push(current);
      current = new Paragraph();
    };
    let previous: PdfLine | undefined;
    lines.forEach((line, index) => {
      const text = lineText(line);
      chars += text.length;
      // A new paragraph: a gap wider than one and a half lines, or a change of type size (a heading).
      const sizeChange = previous && Math.abs(previous.height - line.height) > Math.max(previous.height, line.height) * 0.2;
      if (previous && (previous.y - line.y > Math.max(previous.height, line.height) * 1.6 || sizeChange)) flush();
      const lineNo = index + 1;
      const re = /\S+/g;
      let m: RegExpExecArray | null;
      let first = true;
      while ((m = re.exec(text))) {
        const at = { page: pageNo, line: lineNo, column: m.index + 1 };
        // "reduc-" at the end of a line and "tion" at the start of the next are one word.
        if (first && /\p{L}-$/u.test(current.text) && /^\p{Ll}/u.test(m[0])) {
          current.text = current.text.slice(0, -1);
          current.add(m[0], at);
        } else {
          current.space();
          current.add(m[0], at);
        }
        first = false;
      }
      previous = line;
    });
    flush();
    page.cleanup();
  }
  await doc.destroy();
  if (chars === 0) {
    return { severity: 'error', code: 'pdf-no-text', file, message: 'the PDF has no text layer (a scan?): there is nothing to draft claims from', hint: 'run OCR on it first (e.g. ocrmypdf), or use the article as HTML or text' };
  }
  return { file, format: 'pdf', meta, paragraphs };
}
