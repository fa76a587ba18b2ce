// Evidence files on disk → observations and series.
import { isFinding, listInputFiles, readTextFile, toInput } from '../files.js';
import type { EvidenceSet, Finding, InputFile, Observation } from '../types.js';
import { parseCsv } from './csv.js';
import { readLongTable } from './long.js';
import { buildEvidence } from './series.js';

export interface LoadedEvidence {
  evidence: EvidenceSet;
  findings: Finding[];
  inputs: InputFile[];
}

export function parseEvidenceCsv(text: string, file: string): { observations: Observation[]; findings: Finding[] } {
  const { table, findings } = parseCsv(text, file);
  if (!table) return { observations: [], findings };
  const read = readLongTable(table, file);
  return { observations: read.observations, findings: [...findings, ...read.findings] };
}

export function loadEvidence(paths: string[], cwd: string): LoadedEvidence {
  const { files, findings } = listInputFiles(paths, cwd, ['.csv'], 'evidence');
  // An evidence directory with no files is not an input error: every claim is then 'no-evidence'.
  for (const f of findings) if (f.code === 'dir-empty') f.severity = 'warning';
  const observations: Observation[] = [];
  const inputs: InputFile[] = [];
  for (const abs of files) {
    const file = readTextFile(abs, cwd);
    if (isFinding(file)) {
      findings.push(file);
      continue;
    }
    inputs.push(toInput(file));
    const parsed = parseEvidenceCsv(file.text, file.path);
    findings.push(...parsed.findings);
    observations.push(...parsed.observations);
  }
  const built = buildEvidence(observations);
  return { evidence: built.evidence, findings: [...findings, ...built.findings], inputs };
}
