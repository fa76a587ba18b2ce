// Reading user files: listing, size limits, decoding and hashing. Only loaders use this; later stages are pure.
// Every failure becomes a finding that names the file: nothing here throws on a user's file.
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Finding, InputFile } from './types.js';

export interface TextFile {
  /** Path as shown to the user: relative to the working directory where possible, with `/`. */
  path: string;
  text: string;
  sha256: string;
}

export interface ReadLimits {
  /** Largest file read, in bytes. */
  maxBytes: number;
  /** What the files are, for messages: "claims" or "evidence". */
  what: string;
  /** What to do about a file over the limit, when --max-file-size does not apply (a config file). */
  tooLargeHint?: string;
}

const MIB = 1024 * 1024;
/** Claims are hand-written YAML: 10 MiB is thousands of claims, and bounds the memory the YAML parser needs. */
export const DEFAULT_MAX_YAML_BYTES = 10 * MIB;
/**
 * Evidence is read into memory whole, at up to ~20 bytes of heap per byte of CSV (narrow rows, measured:
 * 100 MB of 6.5 M rows peaks at 2.1 GB). 128 MiB stays inside Node's default heap of about 4 GB.
 */
export const DEFAULT_MAX_CSV_BYTES = 128 * MIB;
/**
 * Incident-level files read by the streaming aggregator (descriptor `aggregate:`) are never held in
 * memory: memory grows with the groups, not the rows. Their limit only bounds the time spent: 2 GiB
 * (about 30 M rows), plain or decompressed.
 */
export const DEFAULT_MAX_AGGREGATE_BYTES = 2048 * MIB;

export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, path.resolve(cwd, file));
  const shown = rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? path.resolve(cwd, file) : rel;
  return shown.split(path.sep).join('/');
}

function errorAt(file: string, code: string, message: string, hint?: string, line?: number, column?: number): Finding {
  return { severity: 'error', code, file, ...(line ? { line, column: column ?? 1 } : {}), message, ...(hint ? { hint } : {}) };
}

/** 10485760 → "10 MB"; 1536 → "1.5 KB". Binary units, as --max-file-size reads them. */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} bytes` : `${Number(v.toFixed(1))} ${units[i]}`;
}

/**
 * `10MB`, `2g`, `512k`, `1048576` → bytes. K, M, G and T are powers of 1024 (`MiB` is accepted too).
 * Returns undefined when the text is not a size.
 */
export function parseByteSize(text: string): number | undefined {
  const m = text.trim().match(/^(\d+(?:\.\d+)?)\s*(b|bytes?|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?$/i);
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase()[0]!;
  const factor = { b: 1, k: 1024, m: MIB, g: 1024 * MIB, t: 1024 * 1024 * MIB }[unit] ?? 1;
  const bytes = Math.floor(Number(m[1]) * factor);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/**
 * Expand files and directories into a sorted list of files with one of `extensions`.
 * Directories are walked recursively; files named explicitly are taken whatever their extension.
 * A file reached twice (through a link, or named twice) is read once; a directory link that leads
 * back into a directory being walked is skipped with a warning instead of being walked forever.
 */
export function listInputFiles(
  inputs: string[],
  cwd: string,
  extensions: string[],
  what: string,
): { files: string[]; findings: Finding[] } {
  const files: string[] = [];
  const findings: Finding[] = [];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    const shown = displayPath(abs, cwd);
    let stat;
    try {
      stat = statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      findings.push(
        code === 'ELOOP'
          ? errorAt(shown, 'path-loop', `cannot read ${what}: the path is a symbolic link loop`, 'point the path at a real file or directory')
          : code === 'ENAMETOOLONG'
            ? errorAt(shown, 'path-missing', `cannot read ${what}: the path is too long`, 'check the path')
            : code === 'EACCES' || code === 'EPERM'
              ? errorAt(shown, 'path-unreadable', `cannot read ${what}: permission denied`, 'check the permissions of the path')
              : errorAt(shown, 'path-missing', `no such ${what} file or directory`, `check the path, or run 'claimcheck init' to create an example`),
      );
      continue;
    }
    if (stat.isDirectory()) {
      const found: string[] = [];
      walk(abs, extensions, findings, cwd, new Set(), found);
      if (found.length === 0) {
        findings.push(
          errorAt(shown, 'dir-empty', `no ${what} files (${extensions.join(', ')}) in this directory`, `add ${what} files, or run 'claimcheck init'`),
        );
      }
      for (const f of found) files.push(f);
    } else {
      files.push(abs);
    }
  }
  // Stable order whatever the file system returns, and each file once, however it was reached.
  const byReal = new Map<string, string>();
  for (const f of [...files].sort(compareStrings)) {
    let real = f;
    try {
      real = realpathSync(f);
    } catch {
      // Unresolvable: reading it reports the problem.
    }
    if (!byReal.has(real)) byReal.set(real, f);
  }
  return { files: [...byReal.values()].sort(compareStrings), findings };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The directory trees named on the command line, resolved through symbolic links: a directory named is
 * a root, and a file named makes its own directory one. Paths written inside input files (a
 * descriptor's or data package's `path`) must stay inside one of them.
 */
export function inputRoots(inputs: string[], cwd: string): string[] {
  const roots = new Set<string>();
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    try {
      const real = realpathSync(abs);
      roots.add(statSync(real).isDirectory() ? real : path.dirname(real));
    } catch {
      // Missing: listing it reports that.
    }
  }
  return [...roots];
}

/**
 * Whether `file`, resolved through every symbolic link (those of its nearest existing ancestor for a
 * path that does not exist), lies inside one of `roots`.
 */
export function isInsideRoots(file: string, roots: string[]): boolean {
  let real: string;
  let rest = '';
  let at = path.resolve(file);
  for (;;) {
    try {
      real = path.join(realpathSync(at), rest);
      break;
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return false;
      rest = path.join(path.basename(at), rest);
      at = parent;
    }
  }
  return roots.some((root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
}

/** Walk `dir` into `out`. `active` holds the directories on the current path (device:inode), to stop cycles. */
function walk(dir: string, extensions: string[], findings: Finding[], cwd: string, active: Set<string>, out: string[]): void {
  let id: string;
  try {
    const s = statSync(dir);
    id = `${s.dev}:${s.ino}`;
  } catch (e) {
    findings.push(errorAt(displayPath(dir, cwd), 'path-unreadable', `cannot read directory: ${(e as NodeJS.ErrnoException).code ?? 'error'}`));
    return;
  }
  if (active.has(id)) {
    findings.push({
      severity: 'warning',
      code: 'path-cycle',
      file: displayPath(dir, cwd),
      message: 'skipped: this symbolic link leads back into a directory that is already being read',
      hint: 'remove the link, or point it outside the directory tree',
    });
    return;
  }
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    findings.push(errorAt(displayPath(dir, cwd), 'path-unreadable', `cannot read directory: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? 'error')}`, 'check the permissions of the directory'));
    return;
  }
  active.add(id);
  for (const entry of entries.sort((a, b) => compareStrings(a.name, b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const s = statSync(full);
        isDir = s.isDirectory();
        isFile = s.isFile();
      } catch {
        findings.push(errorAt(displayPath(full, cwd), 'path-loop', 'cannot follow this symbolic link (broken or a loop)', 'fix or remove the link'));
        continue;
      }
    }
    const wanted = extensions.some((ext) => entry.name.toLowerCase().endsWith(ext));
    if (isDir) walk(full, extensions, findings, cwd, active, out);
    else if (isFile && wanted) out.push(full);
    // A device, FIFO or socket with an input's name (often a link to one) is not read: say so.
    else if (wanted) findings.push({ severity: 'warning', code: 'path-kind', file: displayPath(full, cwd), message: 'skipped: not a regular file (a device, FIFO or socket, or a link to one)', hint: 'only regular files are read; remove it or point it at a file' });
  }
  active.delete(id);
}

/**
 * Read a file's bytes, refusing what is not a regular file (a FIFO would block forever, a device
 * never end) and anything larger than the limit. The size is checked before reading and again while
 * reading, so a file that grows meanwhile cannot get past it.
 */
function readBounded(abs: string, shown: string, limits: ReadLimits): Buffer | Finding {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer must not block before we can see what it is.
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return openError(e as NodeJS.ErrnoException, shown);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return errorAt(shown, 'path-is-dir', 'expected a file, found a directory');
    if (!stat.isFile()) return errorAt(shown, 'path-not-file', 'not a regular file (a pipe, socket or device)', `give the path of ${/^[aeiou]/.test(limits.what) ? 'an' : 'a'} ${limits.what} file`);
    if (stat.size > limits.maxBytes) return tooLarge(shown, stat.size, limits);
    // Read into one buffer of the file's size (one byte more, to see it grow): chunks joined at the end
    // would hold the file twice at the peak. A file that grows meanwhile gets a larger buffer.
    let buf = Buffer.allocUnsafe(Math.min(Math.max(stat.size + 1, 64 * 1024), limits.maxBytes + 1));
    let total = 0;
    for (;;) {
      if (total === buf.length) {
        const larger = Buffer.allocUnsafe(Math.min(buf.length * 2, limits.maxBytes + 1));
        buf.copy(larger, 0, 0, total);
        buf = larger;
      }
      const n = readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
      if (total > limits.maxBytes) return tooLarge(shown, total, limits, true);
    }
    return buf.subarray(0, total);
  } catch (e) {
    return openError(e as NodeJS.ErrnoException, shown);
  } finally {
    closeSync(fd);
  }
}

function openError(err: NodeJS.ErrnoException, shown: string): Finding {
  switch (err.code) {
    case 'EISDIR':
      return errorAt(shown, 'path-is-dir', 'expected a file, found a directory');
    case 'ENOENT':
      return errorAt(shown, 'path-missing', 'the file disappeared while it was being read', 'run again');
    case 'EACCES':
    case 'EPERM':
      return errorAt(shown, 'path-unreadable', 'cannot read file: permission denied', 'check the permissions of the file');
    case 'ELOOP':
      return errorAt(shown, 'path-loop', 'cannot read file: the path is a symbolic link loop', 'point the path at a real file');
    default:
      return errorAt(shown, 'path-unreadable', `cannot read file: ${err.code ?? err.message}`);
  }
}

/** The finding for a file over its limit (also used by the streaming aggregator, which never holds the file). */
export function fileTooLarge(shown: string, size: number, limits: ReadLimits, atLeast = false, what = ''): Finding {
  return tooLarge(shown, size, limits, atLeast, what);
}

function tooLarge(shown: string, size: number, limits: ReadLimits, atLeast = false, what = ''): Finding {
  const limitText = formatBytes(limits.maxBytes);
  const sizeText = formatBytes(size);
  // Rounded alike ("10 MB, larger than the 10 MB limit"), an exact size is given in bytes, and a size
  // known only to pass the limit (a stream stopped there) is not given.
  const said =
    sizeText !== limitText
      ? `${atLeast ? 'over ' : ''}${sizeText}, larger than the ${limitText} limit`
      : atLeast
        ? `larger than the ${limitText} limit`
        : `${size.toLocaleString('en-US')} bytes, larger than the ${limitText} (${limits.maxBytes.toLocaleString('en-US')} bytes) limit`;
  return errorAt(
    shown,
    'file-too-large',
    `the ${what}file is ${said} for ${limits.what} files`,
    limits.tooLargeHint ?? `split it into smaller files, or raise the limit with --max-file-size (e.g. --max-file-size ${formatBytes(nextPowerOfTwo(size)).replace(/ /g, '')})`,
  );
}

function nextPowerOfTwo(n: number): number {
  let p = 1024;
  while (p < n) p *= 2;
  return p;
}

/**
 * Read a text file: UTF-8 (with or without a BOM), or UTF-16 with a byte-order mark, which spreadsheets
 * export as "Unicode text". Returns a finding instead of throwing; the SHA-256 is of the bytes as stored.
 */
export function readTextFile(abs: string, cwd: string, limits: ReadLimits): TextFile | Finding {
  const shown = displayPath(abs, cwd);
  const bytes = readBounded(abs, shown, limits);
  if (isFinding(bytes)) return bytes;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let plain: Buffer = bytes;
  // `.csv.gz` is read directly; the hash is of the file as it is on disk. The limit applies to the
  // decompressed bytes too, so a small gzip bomb cannot get past it.
  if (/\.gz$/i.test(abs)) {
    try {
      plain = gunzipSync(bytes, { maxOutputLength: limits.maxBytes + 1 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) return tooLarge(shown, limits.maxBytes + 1, limits, true, 'decompressed ');
      return errorAt(shown, 'gzip-invalid', `the file is not valid gzip: ${(e as Error).message}`, 'a .gz file must be gzip-compressed; rename it if it is plain CSV');
    }
    if (plain.length > limits.maxBytes) return tooLarge(shown, plain.length, limits, true, 'decompressed ');
  }
  const decoded = decodeText(plain, shown);
  if (isFinding(decoded)) return decoded;
  // Old Mac line ends, a lone CR: YAML 1.2 counts them as line breaks, but the parser read a file of them
  // that starts with a comment as one comment, and so as empty. Each becomes LF (one character for one:
  // every offset and line number stays as it was; CRLF is left alone).
  const text = decoded.includes('\r') ? decoded.replace(/\r(?!\n)/g, '\n') : decoded;
  return { path: shown, text, sha256 };
}

/** Read a binary file (a spreadsheet) under the same limits; the SHA-256 is of its bytes. */
export function readBinaryFile(abs: string, cwd: string, limits: ReadLimits): { path: string; bytes: Buffer; sha256: string } | Finding {
  const shown = displayPath(abs, cwd);
  const bytes = readBounded(abs, shown, limits);
  if (isFinding(bytes)) return bytes;
  return { path: shown, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

const SAVE_AS_UTF8 = 'save the file as UTF-8 (in a spreadsheet: "CSV UTF-8")';

function decodeText(bytes: Buffer, shown: string): string | Finding {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe && bytes[2] === 0 && bytes[3] === 0) || (b0 === 0 && b1 === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)) {
    return errorAt(shown, 'encoding', 'the file is UTF-32 encoded; claimcheck reads UTF-8 and UTF-16', SAVE_AS_UTF8);
  }
  let encoding: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8';
  if (b0 === 0xff && b1 === 0xfe) encoding = 'utf-16le';
  else if (b0 === 0xfe && b1 === 0xff) encoding = 'utf-16be';
  else if (bytes.includes(0)) {
    const at = bytes.indexOf(0);
    const { line, column } = positionOfByte(bytes, at);
    return errorAt(shown, 'encoding', 'the file contains NUL bytes: it is UTF-16 without a byte-order mark, or not a text file', SAVE_AS_UTF8, line, column);
  }
  let text: string;
  try {
    // ignoreBOM: false strips the byte-order mark of each encoding.
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (e) {
    if (!(e instanceof TypeError)) {
      // V8 caps a string at about 512 MiB (2^29 characters); what is larger cannot be held as text.
      return errorAt(shown, 'file-too-large', `the file is too large to read into memory as text (${formatBytes(bytes.length)})`, 'split it into smaller files');
    }
    if (encoding !== 'utf-8') {
      return errorAt(shown, 'encoding', `the file starts with a UTF-16 ${encoding === 'utf-16le' ? 'little' : 'big'}-endian byte-order mark but is not valid UTF-16 (an unpaired surrogate or an odd number of bytes)`, SAVE_AS_UTF8);
    }
    // Only now look for where it breaks, to point at it.
    const bad = Math.max(0, firstInvalidUtf8(bytes));
    const { line, column } = positionOfByte(bytes, bad);
    return errorAt(
      shown,
      'encoding',
      `the file is not valid UTF-8: byte 0x${bytes[bad]!.toString(16).toUpperCase().padStart(2, '0')} does not belong here (is the file Latin-1 or Windows-1252?)`,
      SAVE_AS_UTF8,
      line,
      column,
    );
  }
  return text;
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** 1-based line and column (in characters) of a byte offset in UTF-8-ish bytes. */
function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  let column = 1;
  for (let i = lineStart; i < offset; i++) if ((bytes[i]! & 0xc0) !== 0x80) column++;
  return { line, column };
}

export function isFinding(x: unknown): x is Finding {
  return typeof x === 'object' && x !== null && !Buffer.isBuffer(x) && 'severity' in x && 'code' in x;
}

export function toInput(file: TextFile): InputFile {
  return { path: file.path, sha256: file.sha256 };
}
