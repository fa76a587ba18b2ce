// Reading user files: listing, decoding and hashing. Only loaders use this; later stages are pure.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Finding, InputFile } from './types.js';

export interface TextFile {
  /** Path as shown to the user: relative to the working directory where possible, with `/`. */
  path: string;
  text: string;
  sha256: string;
}

export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, path.resolve(cwd, file));
  const shown = rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? path.resolve(cwd, file) : rel;
  return shown.split(path.sep).join('/');
}

function errorAt(file: string, code: string, message: string, hint?: string): Finding {
  return { severity: 'error', code, file, message, ...(hint ? { hint } : {}) };
}

/**
 * Expand files and directories into a sorted list of files with one of `extensions`.
 * Directories are walked recursively; files named explicitly are taken whatever their extension.
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
          : errorAt(shown, 'path-missing', `no such ${what} file or directory`, `check the path, or run 'claimcheck init' to create an example`),
      );
      continue;
    }
    if (stat.isDirectory()) {
      const found = walk(abs, extensions, findings, cwd);
      if (found.length === 0) {
        findings.push(
          errorAt(shown, 'dir-empty', `no ${what} files (${extensions.join(', ')}) in this directory`, `add ${what} files, or run 'claimcheck init'`),
        );
      }
      files.push(...found);
    } else {
      files.push(abs);
    }
  }
  // Stable order whatever the file system returns, and each file once.
  const unique = [...new Set(files)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { files: unique, findings };
}

function walk(dir: string, extensions: string[], findings: Finding[], cwd: string): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    findings.push(errorAt(displayPath(dir, cwd), 'path-unreadable', `cannot read directory: ${(e as Error).message}`));
    return out;
  }
  for (const entry of entries) {
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
    if (isDir) out.push(...walk(full, extensions, findings, cwd));
    else if (isFile && extensions.some((ext) => entry.name.toLowerCase().endsWith(ext))) out.push(full);
  }
  return out;
}

/** Read a UTF-8 text file. Returns a finding instead of throwing. */
export function readTextFile(abs: string, cwd: string): TextFile | Finding {
  const shown = displayPath(abs, cwd);
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EISDIR') return errorAt(shown, 'path-is-dir', 'expected a file, found a directory');
    return errorAt(shown, 'path-unreadable', `cannot read file: ${err.message}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // `.csv.gz` is read directly; the hash is of the file as it is on disk.
  if (/\.gz$/i.test(abs)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      return errorAt(shown, 'gzip-invalid', `the file is not valid gzip: ${(e as Error).message}`, 'a .gz file must be gzip-compressed; rename it if it is plain CSV');
    }
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return errorAt(shown, 'encoding', 'the file is UTF-16 encoded; claimcheck reads UTF-8', 'save the file as UTF-8 (in a spreadsheet: "CSV UTF-8")');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return errorAt(shown, 'encoding', 'the file is not valid UTF-8', 'save the file as UTF-8 (in a spreadsheet: "CSV UTF-8")');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { path: shown, text, sha256 };
}

export function isFinding(x: unknown): x is Finding {
  return typeof x === 'object' && x !== null && 'severity' in x && 'code' in x;
}

export function toInput(file: TextFile): InputFile {
  return { path: file.path, sha256: file.sha256 };
}
