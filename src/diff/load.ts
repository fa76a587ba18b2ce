// A JSON report on disk → the report, or a finding that says why it cannot be used.
import path from 'node:path';
import { isFinding, readTextFile } from '../files.js';
import type { Finding, JsonReport } from '../types.js';
import { parseReport } from './read.js';

export function loadReport(file: string, cwd: string): { report?: JsonReport; findings: Finding[] } {
  const read = readTextFile(path.resolve(cwd, file), cwd);
  if (isFinding(read)) {
    const missing = read.code === 'path-unreadable' && /ENOENT/.test(read.message);
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
