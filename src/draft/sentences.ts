// Sentences of a paragraph, by compromise's splitter (which knows "Nov.", "U.S.", "Sens."), mended
// where it still breaks after an abbreviation it does not know ("Rs. 12 billion", "No. 91").
import nlp from 'compromise';

export interface Sentence {
  text: string;
  /** Offset of the sentence in its paragraph's text. */
  offset: number;
}

/** Abbreviations after which a full stop does not end a sentence, beyond those compromise knows. */
const ABBREVIATIONS = /(?:^|[\s(])(?:Rs|No|Nos|Fig|Figs|Vol|pp?|ca|approx|Sh|Ksh|KSh|est|incl|vs|viz|Ref|Art|Sec|Ch|Para|Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|St|Sen|Sens|Rep|Gov|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z])\.$/;

export function splitSentences(paragraph: string): Sentence[] {
  const raw = nlp(paragraph).json({ offset: true, terms: { offset: false, text: false } }) as Array<{ offset: { start: number; length: number } }>;
  const out: Sentence[] = [];
  for (const s of raw) {
    const start = s.offset.start;
    const text = paragraph.slice(start, start + s.offset.length);
    const prev = out[out.length - 1];
    // Mend: the previous piece ends in an abbreviation, or this one starts in lower case or with a digit.
    if (prev && (ABBREVIATIONS.test(prev.text) || /^[a-z0-9$%(]/.test(text))) {
      prev.text = paragraph.slice(prev.offset, start + s.offset.length);
      continue;
    }
    out.push({ text, offset: start });
  }
  return out;
}
