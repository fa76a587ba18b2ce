// The commands: call the library, print what it returns, choose the exit code.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { audit, hasErrors, sortFindings } from '../audit.js';
import { loadClaims } from '../claims/index.js';
import { CSV_FILE, loadEvidence } from '../evidence/index.js';
import { displayPath, listInputFiles } from '../files.js';
import { plural } from '../format.js';
import { nearestNames } from '../match/index.js';
import { formatFinding, makeChalk, render, renderExplain, type Format } from '../report/index.js';
import { VERDICTS, type Finding, type Verdict } from '../types.js';
import { EXAMPLE_CLAIMS, EXAMPLE_EVIDENCE } from './example.js';
import { EXIT, UsageError } from './exit.js';
import { useColor, type CliIo } from './main.js';
import { ProgressBar } from './progress.js';
import { writeFileAtomic } from './write.js';

interface GlobalOptions {
  quiet?: boolean;
}

interface InputOptions extends GlobalOptions {
  claims?: string[];
  evidence?: string[];
  asOf?: string;
  tolerance: number;
}

interface AuditCliOptions extends InputOptions {
  format: Format;
  out?: string;
  failOn?: string[];
}

/** Print findings to stderr in file order, with a closing count. --quiet leaves out the notes (they stay in the reports). */
function printFindings(findings: Finding[], io: CliIo, only?: (f: Finding) => boolean, quiet = false): void {
  const c = makeChalk(useColor(io.stderrIsTTY, io.env));
  const shown = sortFindings(findings.filter(only ?? (() => true)).filter((f) => !quiet || f.severity !== 'info'));
  for (const f of shown) io.stderr(`${formatFinding(f, c)}\n`);
  const errors = shown.filter((f) => f.severity === 'error').length;
  const warnings = shown.filter((f) => f.severity === 'warning').length;
  const notes = shown.length - errors - warnings;
  if (shown.length) io.stderr(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}${notes ? `, ${plural(notes, 'note')}` : ''}\n`);
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

/** A progress bar for long reads: only on a terminal, never with --quiet (so never in CI or a pipe). */
function progressFor(opts: GlobalOptions, io: CliIo): ProgressBar | undefined {
  if (opts.quiet || !io.stderrIsTTY) return undefined;
  return new ProgressBar({ write: io.stderr, ...(io.progressDelayMs !== undefined ? { delayMs: io.progressDelayMs } : {}) });
}

async function auditFrom(opts: InputOptions, io: CliIo) {
  const bar = progressFor(opts, io);
  try {
    return await audit({
      cwd: io.cwd,
      ...(opts.claims ? { claims: opts.claims } : {}),
      ...(opts.evidence ? { evidence: opts.evidence } : {}),
      tolerance: opts.tolerance,
      ...(opts.asOf ? { asOf: opts.asOf } : {}),
      ...(bar ? { onProgress: (p) => bar.update(p) } : {}),
    });
  } finally {
    bar?.clear();
  }
}

export async function runAudit(opts: AuditCliOptions, io: CliIo): Promise<number> {
  const failOn = parseFailOn(opts.failOn);
  const result = await auditFrom(opts, io);
  if (hasErrors(result.findings)) {
    printFindings(result.findings, io);
    io.stderr(`no report written: fix the errors above ('claimcheck validate' lists them too)\n`);
    return EXIT.input;
  }
  const text = render(opts.format, result, { color: !opts.out && useColor(io.stdoutIsTTY, io.env) });
  if (opts.out) {
    const target = path.resolve(io.cwd, opts.out);
    try {
      writeFileAtomic(target, text);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      io.stderr(`${displayPath(target, io.cwd)}: error: cannot write the report: ${err.code === 'EISDIR' ? 'the path is a directory' : err.message}\n  hint: choose a file path you can write to\n`);
      return EXIT.input;
    }
    // The terminal summary goes to stdout with the warnings; the report itself is in the file.
    if (opts.format !== 'terminal') printFindings(result.findings, io, undefined, opts.quiet);
    if (!opts.quiet) io.stderr(`wrote ${displayPath(target, io.cwd)} (${plural(result.results.length, 'claim')})\n`);
  } else {
    io.stdout(text);
    if (opts.format !== 'terminal') printFindings(result.findings, io, undefined, opts.quiet);
  }
  const failing = result.results.filter((r) => failOn.includes(r.verdict));
  if (failing.length > 0) {
    io.stderr(`--fail-on: ${plural(failing.length, 'claim')} matched (${failing.map((r) => `${r.claim.id}: ${r.verdict}`).join(', ')})\n`);
    return EXIT.failOn;
  }
  return EXIT.ok;
}

export async function runValidate(paths: string[], io: CliIo, opts: GlobalOptions = {}): Promise<number> {
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
      const csv = listInputFiles([p], io.cwd, ['.csv', '.csv.gz'], 'evidence');
      const missing = yaml.findings.find((f) => f.code !== 'dir-empty');
      if (missing) {
        findings.push(missing);
        continue;
      }
      const isFile = yaml.files.length + csv.files.length === 2 && yaml.files[0] === csv.files[0];
      if (isFile) {
        const f = yaml.files[0]!;
        if (/\.ya?ml$/i.test(f)) claimPaths.push(f);
        else if (CSV_FILE.test(f)) evidencePaths.push(f);
        else findings.push({ severity: 'error', code: 'path-kind', file: displayPath(f, io.cwd), message: 'not a claims (.yaml) or evidence (.csv) file', hint: 'validate takes .yaml, .yml and .csv files, or directories holding them' });
        continue;
      }
      if (yaml.files.length) claimPaths.push(p);
      if (csv.files.length) evidencePaths.push(p);
      if (!yaml.files.length && !csv.files.length) findings.push({ ...yaml.findings[0]!, message: 'no claims (.yaml) or evidence (.csv) files in this directory' });
    }
  }
  const claims = claimPaths.length ? loadClaims(claimPaths, io.cwd) : undefined;
  const bar = progressFor(opts, io);
  let evidence;
  try {
    evidence = evidencePaths.length ? await loadEvidence(evidencePaths, io.cwd, undefined, bar ? { onProgress: (p) => bar.update(p) } : {}) : undefined;
  } finally {
    bar?.clear();
  }
  findings.push(...(claims?.findings ?? []), ...(evidence?.findings ?? []));
  printFindings(findings, io, undefined, opts.quiet);
  const files = (claims?.inputs.length ?? 0) + (evidence?.inputs.length ?? 0);
  const observations = evidence?.evidence.series.reduce((n, s) => n + s.observations.length, 0) ?? 0;
  const summary = `checked ${plural(files, 'file')}: ${plural(claims?.claims.length ?? 0, 'valid claim')}, ${plural(observations, 'observation')} in ${plural(evidence?.evidence.series.length ?? 0, 'series', 'series')}`;
  if (hasErrors(findings)) {
    io.stderr(`${summary}; invalid\n`);
    return EXIT.input;
  }
  io.stdout(`${summary}; valid\n`);
  return EXIT.ok;
}

export async function runExplain(id: string, opts: InputOptions, io: CliIo): Promise<number> {
  const result = await auditFrom(opts, io);
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

export function runInit(dir: string, io: CliIo, opts: GlobalOptions = {}): number {
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
    if (!opts.quiet) io.stderr(`created ${displayPath(f, io.cwd)}\n`);
  }
  const rel = displayPath(root, io.cwd);
  io.stdout(`Next: ${rel === '.' ? '' : `cd ${rel} && `}claimcheck audit\n`);
  return EXIT.ok;
}
