// The text `draft` reads: paragraphs of running text, each character traceable to its place in the file.

/** Where a character is in the file: 1-based line and column; in a PDF, the page and the line on it. */
export interface TextPosition {
  line: number;
  column: number;
  page?: number;
}

/** A run of paragraph text that comes from one place: its offset in the paragraph and where it starts. */
interface Segment {
  offset: number;
  length: number;
  at: TextPosition;
  /** A run written in the file as one escape (`&rsquo;`): every character in it maps to its start. */
  atomic: boolean;
}

/** One paragraph: its text with whitespace collapsed, and where each part of it is in the file. */
export class Paragraph {
  text = '';
  private readonly segments: Segment[] = [];

  /** Append `run` (no line breaks inside) found at `at`. */
  add(run: string, at: TextPosition, atomic = false): void {
    if (run === '') return;
    this.segments.push({ offset: this.text.length, length: run.length, at, atomic });
    this.text += run;
  }

  /** Append a single space, unless the paragraph is empty or already ends in one. */
  space(): void {
    if (this.text !== '' && !this.text.endsWith(' ')) this.text += ' ';
  }

  /** Where the character at `offset` of the paragraph's text is in the file. */
  position(offset: number): TextPosition {
    let lo = 0;
    let hi = this.segments.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.segments[mid]!.offset <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const seg = this.segments[found];
    if (!seg) return { line: 1, column: 1 };
    const inside = seg.atomic ? 0 : Math.max(0, Math.min(offset - seg.offset, seg.length));
    return { ...seg.at, column: seg.at.column + inside };
  }

  /** Trim the trailing space and report whether anything is left. */
  finish(): boolean {
    this.text = this.text.replace(/ +$/, '');
    return this.text.trim() !== '';
  }
}

/** What a document says about itself: used for the claim's `sources`. Each field says where it came from. */
export interface DocumentMeta {
  title?: string;
  author?: string;
  /** As the document gives it, normalised to YYYY-MM-DD, YYYY-MM or YYYY when it can be read. */
  date?: string;
  url?: string;
  publisher?: string;
  /** Where each field was read: `<title>`, `og:site_name`, `front matter`, `first line` … */
  from: Partial<Record<'title' | 'author' | 'date' | 'url' | 'publisher', string>>;
}

export type DocumentFormat = 'text' | 'markdown' | 'html' | 'pdf';

/** A document read for drafting. */
export interface SourceDocument {
  /** The path as the user named it (relative to the working directory). */
  file: string;
  format: DocumentFormat;
  meta: DocumentMeta;
  paragraphs: Paragraph[];
}

/** Split `line` (found at `lineNo`, starting at `column`) into whitespace-separated runs added to `p`. */
export function addLine(p: Paragraph, line: string, lineNo: number, column = 1, page?: number): void {
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) {
    p.space();
    p.add(m[0], { line: lineNo, column: column + m.index, ...(page !== undefined ? { page } : {}) });
  }
}

/** `found_at:` for a position: `file:line:column`, or `file#page=N:line:column` in a PDF. */
export function formatPosition(file: string, at: TextPosition): string {
  return at.page !== undefined ? `${file}#page=${at.page}:${at.line}:${at.column}` : `${file}:${at.line}:${at.column}`;
}
