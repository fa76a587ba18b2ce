// Claims files on disk → claims, with every problem in every file collected.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { DEFAULT_MAX_YAML_BYTES, isFinding, listInputFiles, readTextFile, toInput } from '../files.js';
import type { Claim, Finding, InputFile } from '../types.js';
import { limitConcurrency, workerScript } from '../workers.js';
import type { ParseRequest } from './parse-worker.js';
import { parseClaims, type ClaimId, type ParsedClaims } from './parse.js';
import { parseInParts } from './split.js';

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

export interface LoadClaimsInBackgroundOptions extends LoadClaimsOptions {
  /**
   * Claims files of this many bytes or more are parsed on worker threads (default 256 KiB, and only
   * with more than one CPU). Tests force the worker with 0 and the main thread with Infinity.
   */
  workerMinBytes?: number;
  /**
   * Where such a file is read when it is plain block YAML (yaml-fast.ts): `worker` (the default), the
   * fast reader on one worker thread while this thread reads the evidence, falling back to `parts`
   * when the file is not plain; `here`, the fast reader on this thread; `parts`, yaml's full parser
   * on workers, the file cut into parts (tests of the workers).
   */
  plain?: 'worker' | 'here' | 'parts';
  /** How many parts a file parsed on workers is cut into (default: one per CPU, parts of at least 512 KiB). */
  parts?: number;
}

/** Read every claims file and parse it as it is read (the main thread does all the work). */
export function loadClaims(paths: string[], cwd: string, options: LoadClaimsOptions = {}): LoadedClaims {
  const read = readClaimsFiles(paths, cwd, options);
  return collect(read, read.files.map((f) => ('text' in f ? parseClaims(f.text, f.file) : f)));
}

/**
 * The same as `loadClaims`, but large files are parsed on worker threads, cut into parts when they
 * can be (see split.ts): the files are read now, and the caller reads the evidence while they are parsed.
 */
export async function loadClaimsInBackground(paths: string[], cwd: string, options: LoadClaimsInBackgroundOptions = {}): Promise<LoadedClaims> {
  const read = readClaimsFiles(paths, cwd, options);
  const cpus = os.availableParallelism();
  const minBytes = options.workerMinBytes ?? (cpus > 1 ? DEFAULT_WORKER_MIN_BYTES : Infinity);
  // However many files and parts, no more threads at once than CPUs.
  const run = limitConcurrency(Math.max(1, cpus));
  const onWorker = (request: ParseRequest & { plainOnly?: false }) => run(() => parseOnWorker(request));
  const plainOnWorker = (request: ParseRequest & { plainOnly: true }) => run(() => parseOnWorker(request));
  const parsed = await Promise.all(
    read.files.map((f) => {
      if (!('text' in f)) return f;
      if (f.text.length < minBytes) return parseClaims(f.text, f.file);
      const inParts = () => parseInParts(f, options.parts ?? Math.min(cpus, MAX_PARTS, Math.ceil(f.text.length / PART_BYTES)), onWorker);
      const plain = options.plain ?? 'worker';
      if (plain === 'parts') return inParts();
      // Plain block YAML, read by the fast reader: on a worker, so that this thread reads the evidence
      // meanwhile (10,000 claims: 0.3 s of 2), whole (it reads 9 MB a second, a thread's start and
      // the claims' copy back cost less than cutting it would save); otherwise the full parser in parts.
      if (plain === 'here') return parseClaims(f.text, f.file, undefined, { full: false }) ?? inParts();
      return plainOnWorker({ text: f.text, file: f.file, plainOnly: true }).then((parsed) => parsed ?? inParts());
    }),
  );
  return collect(read, parsed);
}

const DEFAULT_WORKER_MIN_BYTES = 256 * 1024;
/** Parts of about this size are worth a thread each. */
const PART_BYTES = 512 * 1024;
const MAX_PARTS = 8;

/**
 * Parse on a worker thread; if the thread itself fails (not the file: its problems are findings),
 * parse here. With `plainOnly`, undefined when the file is not plain block YAML.
 */
function parseOnWorker(request: ParseRequest & { plainOnly: true }): Promise<ParsedClaims | undefined>;
function parseOnWorker(request: ParseRequest & { plainOnly?: false }): Promise<ParsedClaims>;
function parseOnWorker(request: ParseRequest): Promise<ParsedClaims | undefined> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fallback = () => {
      if (settled) return;
      settled = true;
      // In an event handler: what the parse throws (a bug) rejects, rather than escaping as an uncaught exception.
      try {
        resolve(request.plainOnly ? parseClaims(request.text, request.file, request.bounds, { full: false }) : parseClaims(request.text, request.file, request.bounds));
      } catch (e) {
        reject(e);
      }
    };
    const worker = new Worker(workerScript('claims/parse-worker.js'), { workerData: request });
    worker.once('message', (parsed: ParsedClaims | null) => {
      settled = true;
      resolve(parsed ?? undefined);
    });
    worker.once('error', fallback);
    worker.once('exit', fallback);
  });
}

interface ReadClaims {
  /** Per claims file, in order: its text, or the finding that stopped it being read. */
  files: Array<ParseRequest | Finding>;
  /** Problems with the paths themselves (missing, empty directory). */
  findings: Finding[];
  inputs: InputFile[];
}

function readClaimsFiles(paths: string[], cwd: string, options: LoadClaimsOptions): ReadClaims {
  const limits = { maxBytes: options.maxFileSize ?? DEFAULT_MAX_YAML_BYTES, what: 'claims' };
  const { files: found, findings } = listInputFiles(paths, cwd, ['.yaml', '.yml'], 'claims');
  const files: Array<ParseRequest | Finding> = [];
  const inputs: InputFile[] = [];
  for (const abs of found) {
    if (NOT_CLAIMS.has(abs.split(/[\\/]/).pop()!.toLowerCase())) continue;
    const file = readTextFile(abs, cwd, limits);
    if (isFinding(file)) files.push(file);
    else {
      inputs.push(toInput(file));
      files.push({ text: file.text, file: file.path });
    }
  }
  return { files, findings, inputs };
}

/** Each file's findings and claims, in file order, then the checks across files. */
function collect(read: ReadClaims, parsed: Array<ParsedClaims | Finding>): LoadedClaims {
  const { findings, inputs } = read;
  const claims: Claim[] = [];
  const ids: ClaimId[] = [];
  for (const p of parsed) {
    if (!('claims' in p)) {
      findings.push(p);
      continue;
    }
    // Loops, not push(...xs): a spread of a few hundred thousand items overflows the stack.
    for (const f of p.findings) findings.push(f);
    for (const c of p.claims) claims.push(c);
    for (const c of p.claims) ids.push(c);
    for (const r of p.rejectedIds) ids.push(r);
  }
  for (const f of findDuplicateIds(ids)) findings.push(f);
  const seen = new Set<string>();
  const unique = claims.filter((c) => {
    if (seen.has(c.id)) return false;
    seen.add(c.id);
    return true;
  });
  return { claims: unique, findings, inputs };
}

/**
 * Every repeat of an id, at the repeat. Claims left out for other errors count too (`ids` holds them):
 * in file and line order, so "first" is the first written, whether or not it is valid.
 */
function findDuplicateIds(ids: ClaimId[]): Finding[] {
  const first = new Map<string, ClaimId>();
  const out: Finding[] = [];
  const ordered = [...ids].sort((a, b) => (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : (a.location.line ?? 0) - (b.location.line ?? 0)));
  for (const c of ordered) {
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
