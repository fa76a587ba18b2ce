// Draft: from articles, reports and press releases to a claims file to review.
// read (text, Markdown, HTML, PDF) → sentences → numbers → fields → claims YAML with placeholders.
import { loadEvidence } from '../evidence/index.js';
import { loadTaxonomy } from '../taxonomy/index.js';
import type { Finding } from '../types.js';
import { assignIds, draftDocument, type DraftClaim } from './build.js';
import { isFinding } from '../files.js';
import { readDocument } from './read.js';
import { quoteKey } from './yaml.js';
import type { SourceDocument } from './text.js';
import { emptyVocabulary, vocabularyOf, type Vocabulary } from './vocabulary.js';

export { assignIds, draftDocument, type DraftClaim, type DraftField, type DraftSource, type DraftTarget } from './build.js';
export { readDocument, readHtml, readMarkdown, readPlainText, DEFAULT_MAX_DOCUMENT_BYTES } from './read.js';
export { findQuantities, type Quantity } from './quantities.js';
export { findPeriods, type PeriodMention } from './periods.js';
export { splitSentences } from './sentences.js';
export { renderDraftJson, renderDraftTerminal, unresolvedFields } from './render.js';
export { mergeInto, quoteKey, readExisting, renderDraftFile, type ExistingClaims } from './yaml.js';
export { vocabularyOf, type Vocabulary } from './vocabulary.js';
export type { SourceDocument, TextPosition } from './text.js';

export interface DraftInput {
  cwd: string;
  files: string[];
  /** Evidence files or directories: their regions, metrics and taxonomy are what region and metric are matched against. */
  evidence?: string[];
  maxFileSize?: number;
  /** Ids already in use (the file --merge adds to). */
  takenIds?: Set<string>;
  /** Quotes already drafted (the file --merge adds to): their claims are left out. */
  knownQuotes?: Set<string>;
}

export interface DraftResult {
  documents: SourceDocument[];
  claims: DraftClaim[];
  findings: Finding[];
  vocabulary?: Vocabulary;
  /** Claims left out because their quote is already in the file merged into. */
  skipped: number;
}

/** Read every document, and draft its claims. Documents are read in the order given; the result is the same on every run. */
export async function draft(input: DraftInput): Promise<DraftResult> {
  const findings: Finding[] = [];
  let vocabulary: Vocabulary | undefined;
  if (input.evidence && input.evidence.length) {
    const limit = input.maxFileSize !== undefined ? { maxFileSize: input.maxFileSize } : {};
    const taxonomy = loadTaxonomy(input.evidence, input.cwd, limit);
    // Only errors: the evidence's warnings are for validate and audit, not for drafting.
    findings.push(...taxonomy.findings.filter((f) => f.severity === 'error'));
    const evidence = await loadEvidence(input.evidence, input.cwd, taxonomy.taxonomy, limit);
    findings.push(...evidence.findings.filter((f) => f.severity === 'error'));
    vocabulary = vocabularyOf(evidence.evidence, taxonomy.taxonomy);
    if (vocabulary.regions.length === 0 && vocabulary.metrics.length === 0) vocabulary = emptyVocabulary();
  }
  const documents: SourceDocument[] = [];
  const claims: DraftClaim[] = [];
  for (const file of input.files) {
    const doc = await readDocument(file, input.cwd, input.maxFileSize);
    if (isFinding(doc)) {
      findings.push(doc);
      continue;
    }
    documents.push(doc);
    claims.push(...draftDocument(doc, vocabulary ? { vocabulary } : {}));
  }
  const kept = input.knownQuotes ? claims.filter((c) => !input.knownQuotes!.has(quoteKey(c.quote))) : claims;
  assignIds(kept, input.takenIds);
  return { documents, claims: kept, findings, skipped: claims.length - kept.length, ...(vocabulary ? { vocabulary } : {}) };
}
