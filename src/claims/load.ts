// Claims files on disk → claims, with every problem in every file collected.
import { isFinding, listInputFiles, readTextFile, toInput } from '../files.js';
import type { Claim, Finding, InputFile } from '../types.js';
import { parseClaims } from './parse.js';

export interface LoadedClaims {
  claims: Claim[];
  findings: Finding[];
  inputs: InputFile[];
}

/** Files in a claims directory that are not claims files (read by other stages). */
const NOT_CLAIMS = new Set(['taxonomy.yaml', 'taxonomy.yml']);

export function loadClaims(paths: string[], cwd: string): LoadedClaims {
  const { files, findings } = listInputFiles(paths, cwd, ['.yaml', '.yml'], 'claims');
  const claims: Claim[] = [];
  const inputs: InputFile[] = [];
  for (const abs of files) {
    if (NOT_CLAIMS.has(abs.split(/[\\/]/).pop()!.toLowerCase())) continue;
    const file = readTextFile(abs, cwd);
    if (isFinding(file)) {
      findings.push(file);
      continue;
    }
    inputs.push(toInput(file));
    const parsed = parseClaims(file.text, file.path);
    findings.push(...parsed.findings);
    claims.push(...parsed.claims);
  }
  findings.push(...findDuplicateIds(claims));
  // The first claim with each id is kept (a Set, not findIndex: linear in the number of claims).
  const seen = new Set<string>();
  const unique = claims.filter((c) => !seen.has(c.id) && Boolean(seen.add(c.id)));
  return { claims: unique, findings, inputs };
}

function findDuplicateIds(claims: Claim[]): Finding[] {
  const first = new Map<string, Claim>();
  const out: Finding[] = [];
  for (const c of claims) {
    const seen = first.get(c.id);
    if (!seen) {
      first.set(c.id, c);
      continue;
    }
    out.push({
      severity: 'error',
      code: 'id-duplicate',
      ...c.location,
      claimId: c.id,
      message: `duplicate claim id '${c.id}'`,
      hint: `it is already used at ${seen.location.file}:${seen.location.line ?? 1}; ids must be unique across all claims files`,
    });
  }
  return out;
}
