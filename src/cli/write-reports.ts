// Writing reports and charts: refuse targets that must not be replaced, stage every file, then rename
// them all into place, so a failed run leaves every previous report as it was.
import { existsSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { chartFileName } from '../report/index.js';
import type { AuditResult } from '../types.js';
import type { CliIo } from './io.js';
import { printChartWriteError, printRefusedTarget, printWriteError } from './print.js';
import { refusedTarget } from './targets.js';
import { limitConcurrency } from '../workers.js';
import { makeDirectory, stageFileAtomic, stageFileAtomicAsync, syncDirectory, type StagedFile } from './write.js';

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
 * Files of one run written atomically and together: each is staged to a temporary file (written
 * and synced), and only when all are staged are they renamed into place; then each directory is
 * synced once (a thousand charts in one directory are one directory sync, not a thousand). Files
 * given as strings (the charts) are staged many at once, and may be added while the rest of the run
 * goes on (the CLI stages each chart as soon as it is drawn, so a thousand fsyncs overlap the
 * drawing); reports produced while they are written are staged one at a time, by `commit`. On a
 * write failure `commit` prints a located message (for the first file, in the run's order, that
 * failed) and returns false, with nothing renamed; anything else (a renderer's bug) is thrown, after
 * the temporary files are removed. A run that stops early calls `abort`: no temporary file is left.
 */
export class OutputStaging {
  /** Each file by its place in the run's order: what was staged, or why it could not be. */
  private readonly files = new Map<number, { file: OutputFile; staged?: StagedFile }>();
  /** The earliest failure in the run's order: a file after it is not written, a file before it still is. */
  private firstFailure: { order: number; error: unknown } | undefined;
  private lastOrder = -1;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly inTurn = limitConcurrency(STAGED_AT_ONCE);
  /** Directories this run had to make (deepest last): removed again, if empty, when the run stops. */
  private readonly made: string[] = [];
  /** Each directory, made (or found) once for all the files staged in it. */
  private readonly directories = new Map<string, Promise<void>>();
  /** Files whose content is produced as it is written: staged one by one, in order, by `commit`. */
  private readonly atCommit: number[] = [];
  private ended = false;

  constructor(private readonly io: CliIo) {}

  /**
   * Add a file; `order` is its place among the run's files. A string starts being staged now, in the
   * background; content produced while it is written (the JSON report) is staged by `commit`.
   */
  add(order: number, file: OutputFile): void {
    if (this.ended) throw new Error('OutputStaging: a file was added after commit or abort');
    this.files.set(order, { file });
    this.lastOrder = Math.max(this.lastOrder, order);
    const target = path.resolve(this.io.cwd, file.file);
    const directory = this.directoryOf(target);
    const content = file.content;
    if (typeof content !== 'string') {
      this.atCommit.push(order);
      return;
    }
    const task = this.inTurn(async () => {
      // Once the run has stopped nothing more is written, nor after a failure earlier in the run's
      // order (a file before it still is: the failure reported is the first in order, whichever
      // thread's chart came back first).
      if (this.ended || order > (this.firstFailure?.order ?? Infinity)) return;
      try {
        const staged = await stageFileAtomicAsync(target, content, { directory, cancelled: () => this.ended });
        if (!staged) return;
        if (this.ended) staged.abort();
        else this.files.get(order)!.staged = staged;
      } catch (e) {
        this.fail(order, e);
      }
    });
    this.track(task);
  }

  private track(task: Promise<void>): void {
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  /**
   * Add `files` after everything added, wait for every string being staged, stage the rest one by one,
   * then rename all into place. True when every file is in place.
   */
  async commit(files: OutputFile[] = []): Promise<boolean> {
    for (const f of files) this.add(this.lastOrder + 1, f);
    await this.settled();
    for (const i of this.atCommit.sort((a, b) => a - b)) {
      if (this.firstFailure) break;
      const f = this.files.get(i)!;
      try {
        f.staged = stageFileAtomic(path.resolve(this.io.cwd, f.file.file), f.file.content);
      } catch (e) {
        this.fail(i, e);
      }
    }
    if (this.firstFailure) {
      this.abort();
      const { order, error } = this.firstFailure;
      if (!isWriteError(error)) throw error;
      this.say(order, error);
      return false;
    }
    this.ended = true;
    const staged = [...this.files.entries()].sort((a, b) => a[0] - b[0]);
    for (const [i, f] of staged) {
      try {
        f.staged!.commit({ syncDirectory: false });
        f.staged = undefined;
      } catch (e) {
        this.abort();
        if (!isWriteError(e)) throw e;
        this.say(i, e);
        return false;
      }
    }
    this.made.length = 0;
    const synced = new Set<string>();
    for (const [i, f] of staged) {
      const dir = path.dirname(path.resolve(this.io.cwd, f.file.file));
      if (synced.has(dir)) continue;
      synced.add(dir);
      try {
        syncDirectory(dir);
      } catch (e) {
        if (!isWriteError(e)) throw e;
        this.say(i, e);
        return false;
      }
    }
    return true;
  }

  /**
   * Remove every temporary file staged, and the directories this run made if they are empty: every
   * previous file stays as it was. A file still being written removes its own temporary file when
   * its write ends (`settled` waits for that).
   */
  abort(): void {
    this.ended = true;
    for (const f of this.files.values()) {
      f.staged?.abort();
      f.staged = undefined;
    }
    void this.settled().then(() => this.removeMadeDirectories());
  }

  /** Until no write is in flight. */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private fail(order: number, error: unknown): void {
    if (!this.firstFailure || order < this.firstFailure.order) this.firstFailure = { order, error };
  }

  /**
   * The directory of `file`, being made: the first time, the directories on the way that do not
   * exist yet are noted (this run makes them, and removes them again if it stops).
   */
  private directoryOf(file: string): Promise<void> {
    const dir = path.dirname(file);
    let making = this.directories.get(dir);
    if (!making) {
      const missing: string[] = [];
      for (let d = dir; !existsSync(d) && path.dirname(d) !== d; d = path.dirname(d)) missing.unshift(d);
      for (const d of missing) if (!this.made.includes(d)) this.made.push(d);
      making = makeDirectory(dir);
      this.directories.set(dir, making);
      // In flight like a write (`settled` waits for it); its failure is each file's to report.
      this.track(making.then(
        () => undefined,
        () => undefined,
      ));
    }
    return making;
  }

  private removeMadeDirectories(): void {
    for (const d of [...this.made].reverse()) {
      try {
        rmdirSync(d);
      } catch {
        // Not empty (something else put a file there), or already gone: left as it is.
      }
    }
    this.made.length = 0;
  }

  private say(i: number, e: NodeJS.ErrnoException): void {
    const { file } = this.files.get(i)!;
    const target = path.resolve(this.io.cwd, file.file);
    if (file.what === 'chart') printChartWriteError(target, e, this.io);
    else printWriteError(target, e, this.io);
  }
}

/**
 * While `staging` is open: on Ctrl-C (SIGINT) or SIGTERM, remove what it staged (its temporary files,
 * the directories it made) and then end as the signal would have. Returns the function that lets go
 * of the handlers. (Chart files are staged while the charts are drawn, seconds before the reports.)
 */
export function abortOnSignal(staging: OutputStaging): () => void {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const handlers = signals.map((signal) => {
    const handler = () => {
      staging.abort();
      void staging.settled().then(() =>
        setImmediate(() => {
          release();
          process.kill(process.pid, signal);
        }),
      );
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  const release = () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
  return release;
}

/** Write files atomically and together (see OutputStaging); false after saying why one could not be written. */
export async function writeAllOrSay(files: OutputFile[], io: CliIo): Promise<boolean> {
  const staging = new OutputStaging(io);
  try {
    return await staging.commit(files);
  } finally {
    staging.abort();
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

/** Where each claim's chart goes in `dir` (by result index), and the links to them from a report in `reportDir`. */
export function chartFiles(result: AuditResult, dir: string, reportDir: string): { files: string[]; links: Map<string, string> } {
  const files: string[] = [];
  const links = new Map<string, string>();
  for (const r of result.results) {
    const file = path.join(dir, `${chartFileName(r.claim.id)}.svg`);
    files.push(file);
    links.set(r.claim.id, chartLink(reportDir, file));
  }
  return { files, links };
}
