// The commands: call the library, print what it returns, choose the exit code.
import { closeSync, existsSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { audit, hasErrors, sortFindings } from '../audit.js';
import { loadClaimsInBackground } from '../claims/index.js';
import { CSV_FILE, loadEvidence } from '../evidence/index.js';
import { displayPath, listInputFiles } from '../files.js';
import { MAX_FINDINGS_PER_KIND, plural } from '../format.js';
import { loadTaxonomy, TAXONOMY_FILES } from '../taxonomy/index.js';
import { nearestNames } from '../match/index.js';
import { diffReports, loadReport, verdictChanges } from '../diff/index.js';
import { decideOutcome } from '../policy.js';
import { buildReport, chartFileName, claimReviewGaps, formatFinding, makeChalk, render, renderCharts, renderDiff, renderDiffTerminal, renderExplain, type DiffFormat, type Format } from '../report/index.js';
import { ATTRIBUTION_VERDICTS, VERDICTS, type AuditResult, type ChangePolicy, type ClaimReviewSettings, type FailPolicy, type Finding, type JsonReport, type PolicyOutcome } from '../types.js';
import { EXAMPLE_CLAIMS, EXAMPLE_EVIDENCE } from './example.js';
import { EXIT, UsageError } from './exit.js';
import { useColor, type CliIo } from './main.js';
import { planOutputs, type OutputArg } from './outputs.js';
import { ProgressBar } from './progress.js';
import { describeWriteError, refusedTarget, stageFileAtomic, writeFileAtomic, type StagedFile } from './write.js';

interface GlobalOptions {
  quiet?: boolean;
}

interface InputOptions extends GlobalOptions {
  claims?: string[];
  evidence?: string[];
  asOf?: string;
  tolerance: number;
  /** --max-file-size, in bytes; undefined: each kind's default. */
  maxFileSize?: number;
}

interface AuditCliOptions extends InputOptions {
  outputs: OutputArg[];
  failOn?: string[];
  baseline?: string;
  failOnChange?: ChangePolicy;
  publisher?: string;
  publisherType: 'organization' | 'person';
  publisherUrl?: string;
  reviewUrl?: string;
  charts?: string;
}

interface DiffCliOptions extends GlobalOptions {
  format: DiffFormat;
  out?: string;
  failOnChange?: ChangePolicy;
}


/**
 * Print findings to stderr in file order, with a closing count. A file that is wrong on every one of
 * a million rows gets the first fifty of each kind and a count of the rest, not a million lines.
 * --quiet leaves out the notes (they stay in the reports); errors and warnings are always printed.
 */
function printFindings(findings: Finding[], io: CliIo, only?: (f: Finding) => boolean, quiet = false): void {
  const c = makeChalk(useColor(io.stderrIsTTY, io.env));
  const shown = sortFindings(findings.filter(only ?? (() => true)).filter((f) => !quiet || f.severity !== 'info'));
  const perKind = new Map<string, number>();
  let out: string[] = [];
  const flush = () => {
    if (out.length) io.stderr(out.join(''));
    out = [];
  };
  for (const f of shown) {
    const kind = `${f.file}\u0000${f.code}`;
    const before = perKind.get(kind) ?? 0;
    perKind.set(kind, before + 1 + (f.omitted ?? 0));
    if (before < MAX_FINDINGS_PER_KIND) out.push(`${formatFinding(f, c)}\n`);
    if (out.length >= 1000) flush();
  }
  for (const [kind, n] of perKind) {
    if (n <= MAX_FINDINGS_PER_KIND) continue;
    const [file, code] = kind.split('\u0000');
    out.push(`${formatFinding({ severity: 'info', code: 'more', file: file!, message: `${n - MAX_FINDINGS_PER_KIND} more '${code}' findings in this file are not shown` }, c)}\n`);
  }
  const count = (fs: Finding[]) => fs.reduce((n, f) => n + 1 + (f.omitted ?? 0), 0);
  const errors = count(shown.filter((f) => f.severity === 'error'));
  const warnings = count(shown.filter((f) => f.severity === 'warning'));
  const notes = count(shown) - errors - warnings;
  if (shown.length) out.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}${notes ? `, ${plural(notes, 'note')}` : ''}\n`);
  flush();
}

/** `--fail-on`: outcome verdicts, `attribution:VERDICT` for the attribution answer, and `findings` for any warning. */
export function parseFailOn(values: string[] | undefined): Omit<FailPolicy, 'change'> {
  const list = (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const attributionKnown = ATTRIBUTION_VERDICTS.map((v) => `attribution:${v}`);
  const known = [...VERDICTS, ...attributionKnown, 'findings'];
  for (const v of list) {
    if (!known.includes(v)) {
      const near = nearestNames(v, known);
      throw new UsageError(
        `--fail-on: '${v}' is not a verdict, 'attribution:VERDICT' or 'findings'${near.length ? ` (did you mean '${near[0]}'?)` : ''}; verdicts are ${VERDICTS.join(', ')}; attribution verdicts are ${ATTRIBUTION_VERDICTS.join(', ')}`,
      );
    }
  }
  return {
    verdicts: [...new Set(list.filter((v) => (VERDICTS as readonly string[]).includes(v)))],
    attribution: [...new Set(list.filter((v) => v.startsWith('attribution:')).map((v) => v.slice('attribution:'.length)))],
    findings: list.includes('findings'),
  };
}

/** The publisher settings `--format claimreview` needs, all checked at once. */
function claimReviewSettings(opts: AuditCliOptions): ClaimReviewSettings {
  const missing = [
    ...(opts.publisher ? [] : ['--publisher NAME (who publishes the review)']),
    ...(opts.reviewUrl ? [] : ['--review-url URL (where each review is published; {id} is replaced by the claim id)']),
    ...(opts.asOf ? [] : ['--as-of YYYY-MM-DD (the date the review is published)']),
  ];
  if (missing.length) throw new UsageError(`--format claimreview needs ${missing.join(', ')}`);
  for (const [flag, url] of [
    ['--review-url', opts.reviewUrl!.split('{id}').join('id')],
    ['--publisher-url', opts.publisherUrl],
  ] as const) {
    if (url === undefined) continue;
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(url).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new UsageError(`${flag}: '${url}' is not an absolute http(s) URL, e.g. https://example.org/audit#{id}`);
  }
  return {
    publisher: opts.publisher!,
    publisherType: opts.publisherType === 'person' ? 'Person' : 'Organization',
    ...(opts.publisherUrl ? { publisherUrl: opts.publisherUrl } : {}),
    urlTemplate: opts.reviewUrl!,
  };
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
      ...(opts.maxFileSize !== undefined ? { maxFileSize: opts.maxFileSize } : {}),
      ...(bar ? { onProgress: (p) => bar.update(p) } : {}),
    });
  } finally {
    bar?.clear();
  }
}

/** The link from a report in `reportDir` to a chart file: relative, with `/`, each segment URL-encoded. */
export function chartLink(reportDir: string, file: string): string {
  const rel = path.relative(reportDir, file).split(path.sep).join('/');
  return rel
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/** Write each claim's chart into `dir` (atomically, one file at a time) and return the links to them. */
async function writeCharts(result: AuditResult, dir: string, reportDir: string, io: CliIo, quiet = false): Promise<Map<string, string> | undefined> {
  const charts = await renderCharts(result);
  const links = new Map<string, string>();
  for (const r of result.results) {
    const file = path.join(dir, `${chartFileName(r.claim.id)}.svg`);
    try {
      writeFileAtomic(file, charts.get(r.claim.id)!);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      io.stderr(`${displayPath(file, io.cwd)}: error: cannot write the chart: ${describeWriteError(err)}\n  hint: --charts names a directory you can write to\n`);
      return undefined;
    }
    links.set(r.claim.id, chartLink(reportDir, file));
  }
  if (!quiet) io.stderr(`wrote ${plural(result.results.length, 'chart')} to ${displayPath(dir, io.cwd)}\n`);
  return links;
}

/** Load a JSON report named on the command line; on failure print why and return undefined. */
function loadReportOrSay(file: string, what: string, io: CliIo, maxFileSize?: number): JsonReport | undefined {
  const { report, findings } = loadReport(file, io.cwd, maxFileSize);
  if (report) return report;
  printFindings(findings, io);
  io.stderr(`${what}\n`);
  return undefined;
}

/** A write failure in words, at the file, with what it means for the previous report. */
function sayWriteError(target: string, err: NodeJS.ErrnoException & { committed?: boolean }, io: CliIo): void {
  if (err.committed) {
    io.stderr(`${displayPath(target, io.cwd)}: error: the report was written, but its directory could not be synced to disk: ${describeWriteError(err)}\n  hint: the report may not survive a crash of this machine; check the device, then run again\n`);
    return;
  }
  io.stderr(`${displayPath(target, io.cwd)}: error: cannot write the report: ${describeWriteError(err)}\n  hint: choose a file path you can write to; no report was written and any previous one is unchanged\n`);
}

/** Refuse report targets that are not regular files, or that are inputs of this run; say why at each. */
function outputsAllowed(outs: string[], inputs: Array<{ path: string; what: string }>, io: CliIo): boolean {
  let ok = true;
  for (const out of outs) {
    const target = path.resolve(io.cwd, out);
    const why = refusedTarget(target, inputs);
    if (!why) continue;
    io.stderr(`${displayPath(target, io.cwd)}: error: cannot write the report: ${why}\n  hint: choose another file; to write the report to standard output, leave out --out or write --out -\n`);
    ok = false;
  }
  return ok;
}

/** An error from the file system (it has a code and a system call), not a bug in a renderer. */
function isWriteError(e: unknown): e is NodeJS.ErrnoException {
  const err = e as NodeJS.ErrnoException;
  return e instanceof Error && typeof err.code === 'string' && Boolean(err.syscall);
}

/**
 * Write files atomically and together: each is staged to a temporary file (its content produced while
 * that file is open), and only when all are staged are they renamed into place. On a write failure
 * print a located message and return false; anything else (a renderer's bug) is thrown, after the
 * temporary files are removed.
 */
function writeAllOrSay(files: Array<{ file: string; content: string | Iterable<string> }>, io: CliIo): boolean {
  const staged: StagedFile[] = [];
  const abort = () => {
    for (const s of staged) s.abort();
  };
  for (const { file, content } of files) {
    const target = path.resolve(io.cwd, file);
    try {
      staged.push(stageFileAtomic(target, content));
    } catch (e) {
      abort();
      if (!isWriteError(e)) throw e;
      sayWriteError(target, e, io);
      return false;
    }
  }
  for (const [i, s] of staged.entries()) {
    try {
      s.commit();
    } catch (e) {
      abort();
      if (!isWriteError(e)) throw e;
      sayWriteError(path.resolve(io.cwd, files[i]!.file), e, io);
      return false;
    }
  }
  return true;
}

function printFailures(outcome: PolicyOutcome, io: CliIo): void {
  const verdicts = outcome.failures.filter((f) => f.rule === 'verdict');
  const changes = outcome.failures.filter((f) => f.rule === 'change');
  if (verdicts.length) io.stderr(`--fail-on: ${plural(verdicts.length, 'claim')} matched (${verdicts.map((f) => `${f.claimId}: ${f.message.replace(/ \(--fail-on [^)]*\)$/, '')}`).join(', ')})\n`);
  if (changes.length) io.stderr(`--fail-on-change: ${plural(changes.length, 'claim')} changed verdict (${changes.map((f) => `${f.claimId}: ${f.message}`).join('; ')})\n`);
  for (const f of outcome.failures.filter((x) => x.rule === 'findings')) io.stderr(`--fail-on findings: ${f.message.replace(/ \(--fail-on findings\)$/, '')}\n`);
}

export async function runAudit(opts: AuditCliOptions, io: CliIo): Promise<number> {
  const failOn = parseFailOn(opts.failOn);
  const plan = planOutputs(opts.outputs, io.cwd);
  const mdPlan = plan.find((p) => p.format === 'md');
  if (opts.charts !== undefined && !mdPlan) {
    throw new UsageError(
      `--charts writes one SVG per claim and links it from a Markdown report: use it with --format md${plan.some((p) => p.format === 'html') ? ' (--format html has its charts inline)' : ''}`,
    );
  }
  if (opts.charts !== undefined && opts.charts.trim() === '') throw new UsageError('--charts: expected a directory, e.g. --charts reports/charts');
  if (opts.failOnChange && !opts.baseline) throw new UsageError('--fail-on-change compares with a baseline: add --baseline REPORT (a JSON report of an earlier audit)');
  const claimReview = plan.some((p) => p.format === 'claimreview') ? claimReviewSettings(opts) : undefined;

  // The baseline is read before any report is written, so --baseline and --out may name the same file.
  let baseline: JsonReport | undefined;
  if (opts.baseline) {
    baseline = loadReportOrSay(opts.baseline, 'no report written: --baseline must be a JSON report of an earlier audit', io, opts.maxFileSize);
    if (!baseline) return EXIT.input;
  }

  const result = await auditFrom(opts, io);
  if (hasErrors(result.findings)) {
    printFindings(result.findings, io);
    io.stderr(`no report written: fix the errors above ('claimcheck validate' lists them too)\n`);
    return EXIT.input;
  }
  // Every file the run read is an input a report must not replace; the baseline alone may be replaced,
  // since it is read whole before anything is written (`--baseline r.json --out r.json` updates it).
  if (!outputsAllowed(plan.flatMap((p) => (p.out ? [p.out] : [])), result.inputs.map((i) => ({ path: path.resolve(io.cwd, i.path), what: `read as ${i.path}` })), io)) return EXIT.input;
  const diff = baseline ? diffReports(baseline, buildReport(result)) : undefined;
  const outcome = decideOutcome(result, { ...failOn, ...(opts.failOnChange ? { change: opts.failOnChange } : {}) }, diff);

  // Charts are drawn first (asynchronously), and written before any report: a report never links to a
  // chart that is not there.
  let charts: Map<string, string> | undefined;
  let chartLinks: Map<string, string> | undefined;
  if (plan.some((p) => p.format === 'html')) charts = await renderCharts(result);
  if (opts.charts !== undefined) {
    const reportDir = mdPlan!.out ? path.dirname(path.resolve(io.cwd, mdPlan!.out)) : io.cwd;
    chartLinks = await writeCharts(result, path.resolve(io.cwd, opts.charts), reportDir, io, opts.quiet);
    if (!chartLinks) return EXIT.input;
  }
  const renderOne = (format: Format, toStdout: boolean) =>
    render(format, result, {
      color: toStdout && useColor(io.stdoutIsTTY, io.env),
      outcome,
      ...(diff ? { diff } : {}),
      ...(claimReview ? { claimReview } : {}),
      ...(charts ? { charts } : {}),
      ...(chartLinks ? { chartLinks } : {}),
    });

  // The report for stdout is rendered first, and printed last, so a failed write never follows a printed report.
  const stdoutPlan = plan.findIndex((p) => !p.out);
  const stdoutText = stdoutPlan >= 0 ? renderOne(plan[stdoutPlan]!.format, true) : undefined;
  // Each file is rendered while its temporary file is open, and all are renamed into place only once
  // every one is written: whatever fails, every previous report stays as it was.
  const files = plan.flatMap((p) => {
    if (!p.out) return [];
    const format = p.format;
    const content = function* () {
      yield renderOne(format, false);
    };
    return [{ file: p.out, content: content() }];
  });
  if (!writeAllOrSay(files, io)) return EXIT.input;
  if (stdoutText !== undefined) io.stdout(stdoutText);

  // The terminal summary on stdout already holds the warnings and the changes; otherwise say them on stderr.
  const terminalOnStdout = stdoutPlan >= 0 && plan[stdoutPlan]!.format === 'terminal';
  if (!terminalOnStdout) {
    printFindings(result.findings, io, undefined, opts.quiet);
    if (diff && opts.baseline) io.stderr(renderDiffTerminal(diff, { before: displayPath(path.resolve(io.cwd, opts.baseline), io.cwd), after: 'this audit' }, useColor(io.stderrIsTTY, io.env)));
  }
  if (claimReview && !opts.quiet) for (const gap of claimReviewGaps(result)) io.stderr(`claimreview: note: ${gap}\n`);
  if (!opts.quiet) for (const p of plan) if (p.out) io.stderr(`wrote ${displayPath(path.resolve(io.cwd, p.out), io.cwd)} (${p.format}, ${plural(result.results.length, 'claim')})\n`);
  if (outcome.failures.length > 0) {
    printFailures(outcome, io);
    return EXIT.failOn;
  }
  return EXIT.ok;
}

export function runDiff(beforeFile: string, afterFile: string, opts: DiffCliOptions, io: CliIo): number {
  const before = loadReportOrSay(beforeFile, 'no diff: both arguments must be JSON reports written by claimcheck audit --format json', io);
  if (!before) return EXIT.input;
  const after = loadReportOrSay(afterFile, 'no diff: both arguments must be JSON reports written by claimcheck audit --format json', io);
  if (!after) return EXIT.input;
  const diff = diffReports(before, after);
  const labels = { before: displayPath(path.resolve(io.cwd, beforeFile), io.cwd), after: displayPath(path.resolve(io.cwd, afterFile), io.cwd) };
  const out = opts.out === '-' ? undefined : opts.out;
  const text = renderDiff(opts.format, diff, labels, !out && useColor(io.stdoutIsTTY, io.env));
  if (out) {
    const inputs = [beforeFile, afterFile].map((f) => ({ path: path.resolve(io.cwd, f), what: `a report compared: ${f}` }));
    if (!outputsAllowed([out], inputs, io)) return EXIT.input;
    if (!writeAllOrSay([{ file: out, content: text }], io)) return EXIT.input;
    if (!opts.quiet) io.stderr(`wrote ${displayPath(path.resolve(io.cwd, out), io.cwd)} (${opts.format})\n`);
  } else io.stdout(text);
  if (opts.failOnChange) {
    const failing = verdictChanges(diff, opts.failOnChange);
    if (failing.length) {
      io.stderr(`--fail-on-change: ${plural(failing.length, 'claim')} changed verdict (${failing.map((c) => `${c.id}: ${c.before!.verdict} → ${c.after!.verdict}${c.move === 'worse' ? ' (worse)' : ' (better)'}`).join('; ')})\n`);
      return EXIT.failOn;
    }
  }
  return EXIT.ok;
}

/** A YAML file is a claims file when it has a top-level `claims:` key (read from its first 64 KiB). */
function isClaimsFile(file: string): boolean {
  if (TAXONOMY_FILES.has(path.basename(file).toLowerCase())) return false;
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return /^claims\s*:/m.test(buf.subarray(0, n).toString('utf8'));
  } catch {
    return true; // unreadable: let the claims loader say why
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export async function runValidate(paths: string[], io: CliIo, opts: GlobalOptions & { maxFileSize?: number } = {}): Promise<number> {
  let claimPaths: string[] = [];
  let evidencePaths: string[] = [];
  const findings: Finding[] = [];
  if (paths.length === 0) {
    claimPaths = ['claims'];
    evidencePaths = ['evidence'];
  } else {
    // Sort what was named by kind: CSV is evidence; YAML is claims when it holds a top-level `claims:`
    // list, and otherwise belongs to the evidence (descriptors, data packages, taxonomy).
    for (const p of paths) {
      const listed = listInputFiles([p], io.cwd, ['.yaml', '.yml', '.csv', '.csv.gz', '.json', '.xlsx'], 'claims or evidence');
      const missing = listed.findings.find((f) => f.code !== 'dir-empty' && f.severity === 'error');
      if (missing) {
        findings.push(missing);
        continue;
      }
      // Warnings from the listing (a link to a device, skipped) are said here: the loaders get the files, not the directory.
      for (const f of listed.findings) if (f.severity === 'warning') findings.push(f);
      const usable = listed.files.filter((f) => /\.ya?ml$/i.test(f) || CSV_FILE.test(f) || /\.(json|xlsx)$/i.test(f));
      if (usable.length === 0) {
        const f = listed.files[0];
        findings.push(
          f
            ? { severity: 'error', code: 'path-kind', file: displayPath(f, io.cwd), message: 'not a claims (.yaml) or evidence (.csv, .json, .xlsx) file', hint: 'validate takes .yaml, .yml, .csv, .json and .xlsx files, or directories holding them' }
            : { ...listed.findings[0]!, message: 'no claims (.yaml) or evidence (.csv) files in this directory' },
        );
        continue;
      }
      for (const f of usable) {
        if (/\.ya?ml$/i.test(f) && isClaimsFile(f)) claimPaths.push(f);
        else evidencePaths.push(f);
      }
    }
  }
  const limit = opts.maxFileSize !== undefined ? { maxFileSize: opts.maxFileSize } : {};
  // Large claims files are parsed on worker threads while the evidence is read.
  const parsingClaims = claimPaths.length ? loadClaimsInBackground(claimPaths, io.cwd, limit) : undefined;
  parsingClaims?.catch(() => {});
  // The taxonomy is validated too, and applied, so derived metrics and aliases are checked as an audit reads them.
  const taxonomy = loadTaxonomy([...claimPaths, ...evidencePaths], io.cwd, limit);
  const bar = progressFor(opts, io);
  let evidence;
  try {
    evidence = evidencePaths.length ? await loadEvidence(evidencePaths, io.cwd, taxonomy.taxonomy, { ...limit, ...(bar ? { onProgress: (p) => bar.update(p) } : {}) }) : undefined;
  } finally {
    bar?.clear();
  }
  const claims = await parsingClaims;
  for (const f of [...(claims?.findings ?? []), ...taxonomy.findings, ...(evidence?.findings ?? [])]) findings.push(f);
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
