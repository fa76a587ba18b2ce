// Atomic report writing: the report appears whole or not at all.
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, closeSync, constants, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

/** A file written to its temporary name, waiting to be renamed into place (or dropped). */
export interface StagedFile {
  /** Rename the temporary file over the target: the new content appears whole. */
  commit(): void;
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
  const dir = path.dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    // mkdir -p through a regular file fails with EEXIST (or ENOTDIR): say what it means.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw Object.assign(new Error(`'${dir}' is not a directory`), { code: 'ENOTDIR', syscall: 'mkdir' });
    throw e;
  }
  let mode: number | undefined;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw Object.assign(new Error(`'${file}' is a directory`), { code: 'EISDIR', syscall: 'open' });
    // A rename would replace a read-only file regardless of its mode; honour the mode instead.
    accessSync(file, constants.W_OK);
    mode = stat.mode & 0o7777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o666);
    for (const chunk of typeof content === 'string' ? [content] : content) writeSync(fd, chunk, null, 'utf8');
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (mode !== undefined) chmodSync(tmp, mode);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  let done = false;
  return {
    commit() {
      if (done) return;
      done = true;
      try {
        renameSync(tmp, file);
      } catch (e) {
        rmSync(tmp, { force: true });
        throw e;
      }
    },
    abort() {
      if (done) return;
      done = true;
      rmSync(tmp, { force: true });
    },
  };
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
      return 'no space left on the device';
    case 'EDQUOT':
      return 'the disk quota is exhausted';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ELOOP':
      return 'the path is a symbolic link loop';
    default:
      return err.code ? `${err.code}` : err.message;
  }
}
