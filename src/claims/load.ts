// Claims files on disk → claims, with every problem in every file collected.
import { DEFAULT_MAX_YAML_BYTES, isFinding, listInputFiles, readTextFile, toInput } from '../files.js';
import type { Claim, Finding, InputFile } from '../types.js';
import { parseClaims } from './parse.js';

export interface LoadedClaims {
  claims: Claim[];
  findings: Finding[];
  inputs: InputFile[];
}

/** Files in a claims directory that are not claims files (read by other stages). */
const NOT_CLAIMS = new Set(['taxonomy.yaml', 'taxonomy.yml']);

export interface LoadClaimsOptions {
  /** Largest claims file read, in bytes (default 10 MiB). */
  maxFileSize?: number;
}

export function loadClaims(paths: string[], cwd: string, options: LoadClaimsOptions = {}): LoadedClaims {
  const limits = { maxBytes: options.maxFileSize ?? DEFAULT_MAX_YAML_BYTES, what: 'claims' };
  const { files, findings } = listInputFiles(paths, cwd, ['.yaml', '.yml'], 'claims');
  const claims: Claim[] = [];
  const inputs: InputFile[] = [];
  for (const abs of files) {
    if (NOT_CLAIMS.has(abs.split(/[\\/]/).pop()!.toLowerCase())) continue;
    const file = readTextFile(abs, cwd, limits);
    if (isFinding(file)) {
      findings.push(file);
      continue;
    }
    inputs.push(toInput(file));
    const parsed = parseClaims(file.text, file.path);
    // Loops, not push(...xs): a spread of a few hundred thousand items overflows the stack.
    for (const f of parsed.findings) findings.push(f);
    for (const c of parsed.claims) claims.push(c);
  }
  for (const f of findDuplicateIds(claims)) findings.push(f);
  const seen = new Set<string>();
  const unique = claims.filter((c) => {
    if (seen.has(c.id)) return false;
    seen.add(c.id);
    return true;
  });
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
