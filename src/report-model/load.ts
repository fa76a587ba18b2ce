// A JSON report on disk → the report, or a finding that says why it cannot be used.
import path from 'node:path';
import { DEFAULT_MAX_CSV_BYTES, isFinding, readTextFile } from '../files.js';
import type { Finding } from '../types.js';
import type { JsonReport } from './types.js';
import { parseReport } from './read.js';

/**
 * A report is read under the same bounds as evidence (a report of a large audit lists every series it
 * used): 128 MiB by default, or `maxFileSize` (--max-file-size).
 */
export function loadReport(file: string, cwd: string, maxFileSize?: number): { report?: JsonReport; findings: Finding[] } {
  const read = readTextFile(path.resolve(cwd, file), cwd, { maxBytes: maxFileSize ?? DEFAULT_MAX_CSV_BYTES, what: 'report' });
  if (isFinding(read)) {
    const missing = read.code === 'path-missing';
    return {
      findings: [
        missing
          ? { ...read, code: 'report-missing', message: 'no such report file', hint: 'write the baseline first: claimcheck audit --format json --out FILE, and commit it' }
          : read,
      ],
    };
  }
  return parseReport(read.text, read.path);
}
