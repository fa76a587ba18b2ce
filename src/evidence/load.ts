// Evidence files on disk → observations and series.
import { DEFAULT_MAX_CSV_BYTES, isFinding, listInputFiles, readTextFile, toInput } from '../files.js';
import type { EvidenceSet, Finding, InputFile, Observation } from '../types.js';
import { readCsvRows } from './csv.js';
import { createLongReader } from './long.js';
import { buildEvidence } from './series.js';

export interface LoadedEvidence {
  evidence: EvidenceSet;
  findings: Finding[];
  inputs: InputFile[];
}

export interface LoadEvidenceOptions {
  /** Largest evidence file read, in bytes (default 128 MiB). */
  maxFileSize?: number;
}

export function parseEvidenceCsv(text: string, file: string): { observations: Observation[]; findings: Finding[] } {
  const reader = createLongReader(file);
  const stopped = readCsvRows(text, file, (row) => reader.onRow(row));
  const read = reader.finish(stopped.length > 0);
  // A syntax error stops the file: what was read before it is not used, but its findings are kept.
  if (stopped.length > 0) return { observations: [], findings: [...read.findings, ...stopped] };
  return read;
}

export function loadEvidence(paths: string[], cwd: string, options: LoadEvidenceOptions = {}): LoadedEvidence {
  const limits = { maxBytes: options.maxFileSize ?? DEFAULT_MAX_CSV_BYTES, what: 'evidence' };
  const { files, findings } = listInputFiles(paths, cwd, ['.csv'], 'evidence');
  // An evidence directory with no files is not an input error: every claim is then 'no-evidence'.
  for (const f of findings) if (f.code === 'dir-empty') f.severity = 'warning';
  const observations: Observation[] = [];
  const inputs: InputFile[] = [];
  for (const abs of files) {
    const file = readTextFile(abs, cwd, limits);
    if (isFinding(file)) {
      findings.push(file);
      continue;
    }
    inputs.push(toInput(file));
    const parsed = parseEvidenceCsv(file.text, file.path);
    // Loops, not push(...xs): a spread of a few hundred thousand items overflows the stack.
    for (const f of parsed.findings) findings.push(f);
    for (const o of parsed.observations) observations.push(o);
  }
  const built = buildEvidence(observations);
  for (const f of built.findings) findings.push(f);
  return { evidence: built.evidence, findings, inputs };
}
