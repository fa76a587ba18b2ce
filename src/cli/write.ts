// Atomic report writing: the report appears whole or not at all.
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, closeSync, constants, fstatSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { access, chmod, mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** A file written to its temporary name, waiting to be renamed into place (or dropped). */
export interface StagedFile {
  /** The directory the file goes in. */
  readonly dir: string;
  /**
   * Rename the temporary file over the target: the new content appears whole. The directory is then
   * synced, unless the caller syncs it once for many files (`syncDirectory: false`, then `syncDirectory(dir)`).
   */
  commit(options?: { syncDirectory?: boolean }): void;
  /** Remove the temporary file: the target stays as it was. */
  abort(): void;
}

/**
 * Write `content` to `file` through a temporary file in the same directory and a rename, so a failed
 * run never leaves a half-written report and never replaces a good one. `content` may be a string or
 * chunks produced while writing (a renderer that fails half-way leaves the old report untouched).
 * An existing report keeps its permissions; a read-only one is not replaced.
 */
export function writeFileAtomic(file: string, content: string | Iterable<string>): void {
  stageFileAtomic(file, content).commit();
}

/**
 * The first half of `writeFileAtomic`: the content is written and synced to a temporary file beside
 * `file`, and nothing else changes until `commit`. Several reports of one run are staged first and
 * committed together, so a failure in any of them leaves every previous report as it was.
 */
export function stageFileAtomic(file: string, content: string | Iterable<string>): StagedFile {
  const { dir, tmp, mode } = prepareTarget(file);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', mode ?? 0o666);
    let written = 0;
    for (const chunk of typeof content === 'string' ? [content] : content) written += writeFully(fd, Buffer.from(chunk, 'utf8'));
    // The file system's own count: what a reader of the file would get.
    const stats = fstatSync(fd);
    if (stats.size !== written) throw ioError('EIO', `the file holds ${stats.size} bytes after ${written} were written`);
    fsyncSync(fd);
    const closing = fd;
    fd = undefined;
    closeSync(closing);
    if (needsMode(stats.mode, mode)) chmodSync(tmp, mode!);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  return staged(file, dir, tmp);
}

/**
 * `stageFileAtomic` for a string, asynchronously: many files staged at once have their writes and
 * fsyncs in flight together, and the file system commits them together (a thousand chart files
 * synced one after another take seconds on a busy disk; at once, a fraction of that).
 */
export async function stageFileAtomicAsync(file: string, content: string, options: { directory?: Promise<void>; cancelled?: () => boolean } = {}): Promise<StagedFile | undefined> {
  // The checks of prepareTarget, off this thread: a thousand charts staged while others are being
  // synced spent 0.3 s of this thread in stat, access and mkdir waiting on the directory.
  const { dir, tmp, mode } = await prepareTargetAsync(file, options.directory);
  // The run stopped while the target was checked: no temporary file is made at all.
  if (options.cancelled?.()) return undefined;
  let handle: FileHandle | undefined;
  try {
    handle = await open(tmp, 'wx', mode ?? 0o666);
    const bytes = Buffer.from(content, 'utf8');
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
      if (!(bytesWritten > 0)) throw ioError('ENOSPC', `a write of ${bytes.length - written} bytes wrote nothing`);
      written += bytesWritten;
    }
    const stats = await handle.stat();
    if (stats.size !== written) throw ioError('EIO', `the file holds ${stats.size} bytes after ${written} were written`);
    await handle.sync();
    const closing = handle;
    handle = undefined;
    await closing.close();
    if (needsMode(stats.mode, mode)) await chmod(tmp, mode!);
  } catch (e) {
    if (handle !== undefined) await handle.close().catch(() => undefined);
    rmSync(tmp, { force: true });
    throw e;
  }
  return staged(file, dir, tmp);
}

/**
 * prepareTarget with the file system's answers awaited (the same checks, the same errors).
 * `directory`: the file's directory already being made (makeDirectory), shared by the files staged in it.
 */
async function prepareTargetAsync(file: string, directory?: Promise<void>): Promise<{ dir: string; tmp: string; mode: number | undefined }> {
  const dir = path.dirname(file);
  await (directory ?? makeDirectory(dir));
  let mode: number | undefined;
  try {
    const stats = await stat(file);
    if (stats.isDirectory()) throw isADirectory(file);
    await access(file, constants.W_OK);
    mode = stats.mode & 0o7777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return { dir, tmp: tempName(dir, file), mode };
}

/** mkdir -p, asynchronously, with prepareTarget's error when a path on the way is a file. */
export function makeDirectory(dir: string): Promise<void> {
  return mkdir(dir, { recursive: true }).then(
    () => undefined,
    (e: unknown) => {
      throw notADirectory(e, dir);
    },
  );
}

/** A report that would go where a directory is. */
function isADirectory(file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`'${file}' is a directory`), { code: 'EISDIR', syscall: 'open' });
}

/** mkdir -p through a regular file fails with EEXIST (or ENOTDIR): say what it means. */
function notADirectory(e: unknown, dir: string): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EEXIST' || code === 'ENOTDIR' ? Object.assign(new Error(`'${dir}' is not a directory`), { code: 'ENOTDIR', syscall: 'mkdir' }) : e;
}

/** A temporary name beside `file`, hidden, unique to this process and call. */
function tempName(dir: string, file: string): string {
  return path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Before a file is staged: its directory made, the target checked (a directory is an error; a
 * read-only file is not replaced, an existing file's mode is kept), and a temporary name beside it.
 */
function prepareTarget(file: string): { dir: string; tmp: string; mode: number | undefined } {
  const dir = path.dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw notADirectory(e, dir);
  }
  let mode: number | undefined;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw isADirectory(file);
    // A rename would replace a read-only file regardless of its mode; honour the mode instead.
    accessSync(file, constants.W_OK);
    mode = stat.mode & 0o7777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return { dir, tmp: tempName(dir, file), mode };
}

/**
 * Whether a temporary file made with the mode of the file it replaces (`wanted`) still needs a chmod:
 * the umask may have taken bits off at open. Usually it took none, and a thousand chart files
 * re-written in place are spared a thousand chmods.
 */
function needsMode(made: number, wanted: number | undefined): boolean {
  return wanted !== undefined && (made & 0o7777) !== wanted;
}

/** A temporary file written and synced, to be renamed over `file` or removed. */
function staged(file: string, dir: string, tmp: string): StagedFile {
  let done = false;
  return {
    dir,
    commit({ syncDirectory: sync = true } = {}) {
      if (done) return;
      done = true;
      try {
        renameSync(tmp, file);
      } catch (e) {
        rmSync(tmp, { force: true });
        throw e;
      }
      // The rename lives in the directory: sync it too, so the new report survives a crash.
      if (sync) syncDirectory(dir);
    },
    abort() {
      if (done) return;
      done = true;
      rmSync(tmp, { force: true });
    },
  };
}

/** A file-system error as Node makes them (a code and a system call), for conditions Node does not raise itself. */
function ioError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code, syscall: 'write' });
}

/**
 * Write all of `bytes` at the file's position. One write(2) may write fewer bytes than asked — on a
 * nearly full disk it writes what fits — so the rest is written again until the disk says why it
 * cannot (ENOSPC, EDQUOT, EIO). A write that makes no progress without an error is ENOSPC.
 * Returns the number of bytes written: all of them.
 */
export function writeFully(fd: number, bytes: Uint8Array): number {
  let done = 0;
  while (done < bytes.length) {
    const n = writeSync(fd, bytes, done, bytes.length - done);
    if (!(n > 0)) throw ioError('ENOSPC', `a write of ${bytes.length - done} bytes wrote nothing`);
    done += n;
  }
  return done;
}

/**
 * fsync a directory, where the file system allows it (some refuse a directory's fsync: nothing to do
 * there), so that the renames into it survive a crash. Should that fail, the files are already in
 * place: the error says so (`committed`), it must not claim otherwise.
 */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return; // a directory we can write into but not open for reading: its entries are the kernel's to flush
  }
  try {
    fsyncSync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EBADF') throw Object.assign(e as Error, { committed: true });
  } finally {
    closeSync(fd);
  }
}
