// Writing reports and charts: refuse targets that must not be replaced, stage every file, then rename
// them all into place, so a failed run leaves every previous report as it was.
import path from 'node:path';
import { displayPath } from '../files.js';
import { plural } from '../format.js';
import { chartFileName, renderCharts } from '../report/index.js';
import type { AuditResult } from '../types.js';
import type { CliIo } from './io.js';
import { printRefusedTarget, printWriteError } from './print.js';
import { describeWriteError, refusedTarget, stageFileAtomic, writeFileAtomic, type StagedFile } from './write.js';

/** Refuse report targets that are not regular files, or that are inputs of this run; say why at each. */
export function outputsAllowed(outs: string[], inputs: Array<{ path: string; what: string }>, io: CliIo): boolean {
  let ok = true;
  for (const out of outs) {
    const target = path.resolve(io.cwd, out);
    const why = refusedTarget(target, inputs);
    if (!why) continue;
    printRefusedTarget(target, why, io);
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
export function writeAllOrSay(files: Array<{ file: string; content: string | Iterable<string> }>, io: CliIo): boolean {
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
      printWriteError(target, e, io);
      return false;
    }
  }
  for (const [i, s] of staged.entries()) {
    try {
      s.commit();
    } catch (e) {
      abort();
      if (!isWriteError(e)) throw e;
      printWriteError(path.resolve(io.cwd, files[i]!.file), e, io);
      return false;
    }
  }
  return true;
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
export async function writeCharts(result: AuditResult, dir: string, reportDir: string, io: CliIo, quiet = false): Promise<Map<string, string> | undefined> {
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
