// Everything the commands say on stderr about findings, failures and files: one place, one format
// (`file:line:column: severity: message`, then a hint).
import { sortFindings } from '../audit.js';
import { displayPath } from '../files.js';
import { MAX_FINDINGS_PER_KIND, plural } from '../format.js';
import { formatFinding, makeChalk } from '../report/index.js';
import type { Finding } from '../types.js';
import type { PolicyOutcome } from '../policy-types.js';
import { terminalWidth, useColor, type CliIo } from './io.js';

/**
 * Print findings to stderr in file order, with a closing count. A file that is wrong on every one of
 * a million rows gets the first fifty of each kind and a count of the rest, not a million lines.
 * --quiet leaves out the notes (they stay in the reports); errors and warnings are always printed.
 */
export function printFindings(findings: Finding[], io: CliIo, only?: (f: Finding) => boolean, quiet = false): void {
  const { c, width } = stderrStyle(io);
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
    if (before < MAX_FINDINGS_PER_KIND) out.push(`${formatFinding(f, c, width)}\n`);
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

/** Colour and width for stderr: wrapped only on a terminal, so that in a log or a pipe each finding stays one `file:line:column: …` line for tools to read. */
function stderrStyle(io: CliIo) {
  return { c: makeChalk(useColor(io.stderrIsTTY, io.env, io.color)), width: io.stderrIsTTY ? terminalWidth(true, io.stderrColumns, io.env) : undefined };
}

/** One error about a whole file (no line to point at), in the findings' format: `file: error: message`, then its hint. */
export function printFileError(file: string, message: string, hint: string | undefined, io: CliIo): void {
  const { c, width } = stderrStyle(io);
  io.stderr(`${formatFinding({ severity: 'error', code: 'file', file: displayPath(file, io.cwd), message, ...(hint ? { hint } : {}) }, c, width)}\n`);
}

/** The claims (and warnings) that made the run fail, one line per rule. */
export function printFailures(outcome: PolicyOutcome, io: CliIo): void {
  const verdicts = outcome.failures.filter((f) => f.rule === 'verdict');
  const changes = outcome.failures.filter((f) => f.rule === 'change');
  // Each line starts with the option, or the config setting, that matched: `--fail-on`, `fail_on (claimcheck.yaml:8:1)`.
  if (verdicts.length) io.stderr(`${verdicts[0]!.setting}: ${plural(verdicts.length, 'claim')} matched (${verdicts.map((f) => `${f.claimId}: ${f.reason}`).join(', ')})\n`);
  if (changes.length) io.stderr(`${changes[0]!.setting}: ${plural(changes.length, 'claim')} changed verdict (${changes.map((f) => `${f.claimId}: ${f.reason}`).join('; ')})\n`);
  for (const f of outcome.failures.filter((x) => x.rule === 'findings')) io.stderr(`${f.setting} findings: ${f.reason}\n`);
}

/** A write failure in words, at the file, with what it means for the previous report. */
export function printWriteError(target: string, err: NodeJS.ErrnoException & { committed?: boolean }, io: CliIo): void {
  if (err.committed) {
    printFileError(target, `the report was written, but its directory could not be synced to disk: ${describeWriteError(err)}`, 'the report may not survive a crash of this machine; check the device, then run again', io);
    return;
  }
  printFileError(target, `cannot write the report: ${describeWriteError(err)}`, 'choose a file path you can write to; no report was written and any previous one is unchanged', io);
}

/** A chart of `--charts` that cannot be written: nothing of the run was (reports and charts go in place together). */
export function printChartWriteError(target: string, err: NodeJS.ErrnoException & { committed?: boolean }, io: CliIo): void {
  if (err.committed) {
    printFileError(target, `the charts were written, but their directory could not be synced to disk: ${describeWriteError(err)}`, 'the charts may not survive a crash of this machine; check the device, then run again', io);
    return;
  }
  printFileError(target, `cannot write the chart: ${describeWriteError(err)}`, '--charts names a directory you can write to; no report or chart was written and any previous ones are unchanged', io);
}

/** A report target refused before anything is written (not a regular file, or an input of this run). */
export function printRefusedTarget(target: string, why: string, io: CliIo): void {
  printFileError(target, `cannot write the report: ${why}`, 'choose another file; to write the report to standard output, leave out --out or write --out -', io);
}

/** What `wrote …` lines say, unless --quiet. */
export function printWrote(file: string, what: string, io: CliIo, quiet?: boolean): void {
  if (!quiet) io.stderr(`wrote ${displayPath(file, io.cwd)} (${what})\n`);
}

/** Why a report could not be written, in words (the error's code, not its stack). */
export function describeWriteError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'EISDIR':
      return 'the path is a directory';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'ENOENT':
      return 'the directory does not exist and cannot be created, or cannot hold files';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (the file or its directory is not writable)';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device (free some space, or write elsewhere)';
    case 'EDQUOT':
      return 'the disk quota is exhausted';
    case 'EIO':
      return 'the device reported an input/output error (EIO)';
    case 'EFBIG':
      return 'the file is larger than the file system allows';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ELOOP':
      return 'the path is a symbolic link loop';
    default:
      return err.code ? `${err.code}` : err.message;
  }
}
