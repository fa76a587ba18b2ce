// Writing reports and charts: refuse targets that must not be replaced, stage every file, then rename
// them all into place, so a failed run leaves every previous report as it was.
import path from 'node:path';
import { chartFileName } from '../report/index.js';
import type { AuditResult } from '../types.js';
import type { CliIo } from './io.js';
import { printChartWriteError, printRefusedTarget, printWriteError } from './print.js';
import { refusedTarget } from './targets.js';
import { limitConcurrency } from '../workers.js';
import { stageFileAtomic, stageFileAtomicAsync, syncDirectory, type StagedFile } from './write.js';

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

/** A file to write: a report, or a chart of `--charts` (what a failure to write it says differs). */
export interface OutputFile {
  file: string;
  content: string | Iterable<string>;
  what?: 'report' | 'chart';
}

/** Files staged at once (their writes and fsyncs in flight together). */
const STAGED_AT_ONCE = 16;

/**
 * Write files atomically and together: each is staged to a temporary file (written and synced), and
 * only when all are staged are they renamed into place; then each directory is synced once (a
 * thousand charts in one directory are one directory sync, not a thousand). Files given as strings
 * (the charts) are staged many at once; reports produced while they are written are staged one at
 * a time. On a write failure print a located message (for the first file in `files` that failed)
 * and return false, with nothing renamed; anything else (a renderer's bug) is thrown, after the
 * temporary files are removed.
 */
export async function writeAllOrSay(files: OutputFile[], io: CliIo): Promise<boolean> {
  const staged: Array<StagedFile | undefined> = new Array(files.length);
  const failures = new Map<number, unknown>();
  const abort = () => {
    for (const s of staged) s?.abort();
  };
  const say = (i: number, e: NodeJS.ErrnoException) => {
    const target = path.resolve(io.cwd, files[i]!.file);
    if (files[i]!.what === 'chart') printChartWriteError(target, e, io);
    else printWriteError(target, e, io);
  };
  const stage = (i: number) => {
    const { file, content } = files[i]!;
    const target = path.resolve(io.cwd, file);
    return typeof content === 'string' ? stageFileAtomicAsync(target, content) : Promise.resolve().then(() => stageFileAtomic(target, content));
  };
  // Strings at once, then the rest one by one, each after the one before it.
  const strings = files.flatMap((f, i) => (typeof f.content === 'string' ? [i] : []));
  const inTurn = limitConcurrency(STAGED_AT_ONCE);
  await Promise.all(
    strings.map((i) =>
      inTurn(async () => {
        if (failures.size) return;
        staged[i] = await stage(i).catch((e: unknown) => void failures.set(i, e));
      }),
    ),
  );
  for (const [i, f] of files.entries()) {
    if (typeof f.content === 'string' || failures.size) continue;
    staged[i] = await stage(i).catch((e: unknown) => void failures.set(i, e));
  }
  if (failures.size) {
    abort();
    const [i, e] = [...failures].sort((a, b) => a[0] - b[0])[0]!;
    if (!isWriteError(e)) throw e;
    say(i, e);
    return false;
  }
  for (const [i, s] of staged.entries()) {
    try {
      s!.commit({ syncDirectory: false });
    } catch (e) {
      abort();
      if (!isWriteError(e)) throw e;
      say(i, e);
      return false;
    }
  }
  const synced = new Set<string>();
  for (const [i, s] of staged.entries()) {
    if (synced.has(s!.dir)) continue;
    synced.add(s!.dir);
    try {
      syncDirectory(s!.dir);
    } catch (e) {
      if (!isWriteError(e)) throw e;
      say(i, e);
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

/** Each claim's chart as a file in `dir`, and the links to them from a report in `reportDir`. */
export function chartFiles(result: AuditResult, charts: Map<string, string>, dir: string, reportDir: string): { files: OutputFile[]; links: Map<string, string> } {
  const files: OutputFile[] = [];
  const links = new Map<string, string>();
  for (const r of result.results) {
    const file = path.join(dir, `${chartFileName(r.claim.id)}.svg`);
    files.push({ file, content: charts.get(r.claim.id)!, what: 'chart' });
    links.set(r.claim.id, chartLink(reportDir, file));
  }
  return { files, links };
}
