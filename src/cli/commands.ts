// The commands: call the library, print what it returns, choose the exit code.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { audit, hasErrors, sortFindings } from '../audit.js';
import { loadClaims } from '../claims/index.js';
import { loadEvidence } from '../evidence/index.js';
import { displayPath, listInputFiles } from '../files.js';
import { nearestNames } from '../match/index.js';
import { formatFinding, makeChalk, render, renderExplain, type Format } from '../report/index.js';
import { VERDICTS, type Finding, type Verdict } from '../types.js';
import { EXAMPLE_CLAIMS, EXAMPLE_EVIDENCE } from './example.js';
import { EXIT, UsageError } from './exit.js';
import { useColor, type CliIo } from './main.js';
import { describeWriteError, writeFileAtomic } from './write.js';

interface InputOptions {
  claims?: string[];
  evidence?: string[];
  asOf?: string;
  tolerance: number;
  /** --max-file-size, in bytes; undefined: each kind's default. */
  maxFileSize?: number;
}

interface AuditCliOptions extends InputOptions {
  format: Format;
  out?: string;
  failOn?: string[];
}

/** Past this many findings of one kind in one file, the rest are counted, not printed. */
const MAX_PRINTED_PER_KIND = 50;

/**
 * Print findings to stderr in file order, with a closing count. A file that is wrong on every one of
 * a million rows gets the first fifty of each kind and a count of the rest, not a million lines.
 */
function printFindings(findings: Finding[], io: CliIo, only?: (f: Finding) => boolean): void {
  const c = makeChalk(useColor(io.stderrIsTTY, io.env));
  const shown = sortFindings(findings.filter(only ?? (() => true)));
  const perKind = new Map<string, number>();
  let out: string[] = [];
  const flush = () => {
    if (out.length) io.stderr(out.join(''));
    out = [];
  };
  for (const f of shown) {
    const kind = `${f.file}\u0000${f.code}`;
    const n = (perKind.get(kind) ?? 0) + 1;
    perKind.set(kind, n);
    if (n <= MAX_PRINTED_PER_KIND) out.push(`${formatFinding(f, c)}\n`);
    if (out.length >= 1000) flush();
  }
  for (const [kind, n] of perKind) {
    if (n <= MAX_PRINTED_PER_KIND) continue;
    const [file, code] = kind.split('\u0000');
    out.push(`${formatFinding({ severity: 'info', code: 'more', file: file!, message: `${n - MAX_PRINTED_PER_KIND} more '${code}' findings in this file are not shown` }, c)}\n`);
  }
  const errors = shown.filter((f) => f.severity === 'error').length;
  const warnings = shown.length - errors;
  if (shown.length) out.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  flush();
}

export function parseFailOn(values: string[] | undefined): Verdict[] {
  const list = (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  for (const v of list) {
    if (!(VERDICTS as readonly string[]).includes(v)) {
      const near = nearestNames(v, [...VERDICTS]);
      throw new UsageError(`--fail-on: '${v}' is not a verdict${near.length ? ` (did you mean '${near[0]}'?)` : ''}; verdicts are ${VERDICTS.join(', ')}`);
    }
  }
  return list as Verdict[];
}

function auditFrom(opts: InputOptions, io: CliIo) {
  return audit({
    cwd: io.cwd,
    ...(opts.claims ? { claims: opts.claims } : {}),
    ...(opts.evidence ? { evidence: opts.evidence } : {}),
    tolerance: opts.tolerance,
    ...(opts.asOf ? { asOf: opts.asOf } : {}),
    ...(opts.maxFileSize !== undefined ? { maxFileSize: opts.maxFileSize } : {}),
  });
}

export function runAudit(opts: AuditCliOptions, io: CliIo): number {
  const failOn = parseFailOn(opts.failOn);
  const result = auditFrom(opts, io);
  if (hasErrors(result.findings)) {
    printFindings(result.findings, io);
    io.stderr(`no report written: fix the errors above ('claimcheck validate' lists them too)\n`);
    return EXIT.input;
  }
  const color = !opts.out && useColor(io.stdoutIsTTY, io.env);
  if (opts.out) {
    const target = path.resolve(io.cwd, opts.out);
    // The report is rendered while the temporary file is open: whatever fails, the old report stays.
    const chunks = function* () {
      yield render(opts.format, result, { color });
    };
    try {
      writeFileAtomic(target, chunks());
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (typeof err.code !== 'string' || !err.syscall) throw e;
      io.stderr(`${displayPath(target, io.cwd)}: error: cannot write the report: ${describeWriteError(err)}\n  hint: choose a file path you can write to; no report was written and any previous one is unchanged\n`);
      return EXIT.input;
    }
    // The terminal summary goes to stdout with the warnings; the report itself is in the file.
    if (opts.format !== 'terminal') printFindings(result.findings, io);
    io.stderr(`wrote ${displayPath(target, io.cwd)} (${result.results.length} claims)\n`);
  } else {
    io.stdout(render(opts.format, result, { color }));
    if (opts.format !== 'terminal') printFindings(result.findings, io);
  }
  const failing = result.results.filter((r) => failOn.includes(r.verdict));
  if (failing.length > 0) {
    io.stderr(`--fail-on: ${failing.length} claim${failing.length === 1 ? '' : 's'} matched (${failing.map((r) => `${r.claim.id}: ${r.verdict}`).join(', ')})\n`);
    return EXIT.failOn;
  }
  return EXIT.ok;
}

export function runValidate(paths: string[], io: CliIo, maxFileSize?: number): number {
  let claimPaths: string[] = [];
  let evidencePaths: string[] = [];
  const findings: Finding[] = [];
  if (paths.length === 0) {
    claimPaths = ['claims'];
    evidencePaths = ['evidence'];
  } else {
    // Sort what was named by kind: YAML is claims, CSV is evidence; a directory may hold both.
    for (const p of paths) {
      const yaml = listInputFiles([p], io.cwd, ['.yaml', '.yml'], 'claims');
      const csv = listInputFiles([p], io.cwd, ['.csv'], 'evidence');
      const missing = yaml.findings.find((f) => f.code !== 'dir-empty');
      if (missing) {
        findings.push(missing);
        continue;
      }
      const isFile = yaml.files.length + csv.files.length === 2 && yaml.files[0] === csv.files[0];
      if (isFile) {
        const f = yaml.files[0]!;
        if (/\.ya?ml$/i.test(f)) claimPaths.push(f);
        else if (/\.csv$/i.test(f)) evidencePaths.push(f);
        else findings.push({ severity: 'error', code: 'path-kind', file: displayPath(f, io.cwd), message: 'not a claims (.yaml) or evidence (.csv) file', hint: 'validate takes .yaml, .yml and .csv files, or directories holding them' });
        continue;
      }
      if (yaml.files.length) claimPaths.push(p);
      if (csv.files.length) evidencePaths.push(p);
      if (!yaml.files.length && !csv.files.length) findings.push({ ...yaml.findings[0]!, message: 'no claims (.yaml) or evidence (.csv) files in this directory' });
    }
  }
  const limit = maxFileSize !== undefined ? { maxFileSize } : {};
  const claims = claimPaths.length ? loadClaims(claimPaths, io.cwd, limit) : undefined;
  const evidence = evidencePaths.length ? loadEvidence(evidencePaths, io.cwd, limit) : undefined;
  for (const f of [...(claims?.findings ?? []), ...(evidence?.findings ?? [])]) findings.push(f);
  printFindings(findings, io);
  const files = (claims?.inputs.length ?? 0) + (evidence?.inputs.length ?? 0);
  const observations = evidence?.evidence.series.reduce((n, s) => n + s.observations.length, 0) ?? 0;
  const summary = `checked ${files} file${files === 1 ? '' : 's'}: ${claims?.claims.length ?? 0} valid claims, ${observations} observations in ${evidence?.evidence.series.length ?? 0} series`;
  if (hasErrors(findings)) {
    io.stderr(`${summary}; invalid\n`);
    return EXIT.input;
  }
  io.stdout(`${summary}; valid\n`);
  return EXIT.ok;
}

export function runExplain(id: string, opts: InputOptions, io: CliIo): number {
  const result = auditFrom(opts, io);
  if (hasErrors(result.findings)) {
    printFindings(result.findings, io, (f) => f.severity === 'error');
    return EXIT.input;
  }
  const found = result.results.find((r) => r.claim.id === id);
  if (!found) {
    const near = nearestNames(id, result.results.map((r) => r.claim.id));
    throw new UsageError(`no claim with id '${id}'${near.length ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : ''}`);
  }
  io.stdout(renderExplain(result, found));
  return EXIT.ok;
}

export function runInit(dir: string, io: CliIo): number {
  const root = path.resolve(io.cwd, dir);
  const files = [
    [path.join(root, 'claims', 'example.yaml'), EXAMPLE_CLAIMS],
    [path.join(root, 'evidence', 'example.csv'), EXAMPLE_EVIDENCE],
  ] as const;
  const existing = files.filter(([f]) => existsSync(f));
  if (existing.length) {
    for (const [f] of existing) io.stderr(`${displayPath(f, io.cwd)}: error: already exists; init never overwrites a file\n`);
    io.stderr('  hint: run init in an empty directory, or move these files away\n');
    return EXIT.input;
  }
  for (const [f, text] of files) {
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, text, { flag: 'wx' });
    io.stderr(`created ${displayPath(f, io.cwd)}\n`);
  }
  const rel = displayPath(root, io.cwd);
  io.stdout(`Next: ${rel === '.' ? '' : `cd ${rel} && `}claimcheck audit\n`);
  return EXIT.ok;
}
