// Which YAML files are claims files. Claims and evidence may share a directory, and `validate` takes
// files of both kinds, so the evidence loader and `validate` both ask this one question.
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { TAXONOMY_FILES } from '../taxonomy/index.js';
import { mapEntries, type YamlDoc } from '../yaml-nodes.js';

/** How much of an unparsed file is looked at for a top-level `claims:` key. */
const SNIFF_BYTES = 65536;

/**
 * A YAML file is a claims file when its top-level mapping has a `claims` key; a taxonomy never is.
 * With the parsed document the keys say so; without it (a file not parsed, or one that does not
 * parse), a line starting `claims:` in `text` does. A file that could not be read (`text` undefined)
 * counts as claims, so that the claims loader says why it cannot be read.
 */
export function isClaimsFile(file: string, text: string | undefined, doc?: YamlDoc): boolean {
  if (TAXONOMY_FILES.has(path.basename(file).toLowerCase())) return false;
  if (doc) return (mapEntries(doc.root) ?? []).some((e) => e.key === 'claims');
  return text === undefined || /^claims\s*:/m.test(text);
}

/** The start of a file on disk, for `isClaimsFile` without reading a large file whole; undefined when unreadable. */
export function readFileStart(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(SNIFF_BYTES);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
