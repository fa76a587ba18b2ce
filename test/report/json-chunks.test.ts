// The JSON report written in pieces (renderJsonChunks) is the text JSON.stringify gives for the whole
// report, byte for byte: on the bundled example, on an audit with findings and empty lists, and on a
// report large enough to be cut into several pieces.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { buildReport } from '../../src/report-model/index.js';
import { renderJson, renderJsonChunks } from '../../src/report/json.js';
import type { AuditResult } from '../../src/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const whole = (a: AuditResult) => `${JSON.stringify(buildReport(a), null, 2)}\n`;

describe('renderJsonChunks', () => {
  it('the bundled example: the pieces joined are JSON.stringify of the whole report', async () => {
    const example = await audit({ cwd: path.resolve(here, '../..') });
    expect([...renderJsonChunks(example)].join('')).toBe(whole(example));
    expect(renderJson(example)).toBe(whole(example));
  });

  it('an audit with errors and no results: empty lists written as JSON.stringify writes them', async () => {
    const empty = await audit({ cwd: path.resolve(here, '../fixtures/cli/empty-evidence-dir') });
    expect(empty.series).toEqual([]);
    expect([...renderJsonChunks(empty)].join('')).toBe(whole(empty));
  });

  it('a large report comes in pieces of about a megabyte, never all at once', async () => {
    const example = await audit({ cwd: path.resolve(here, '../..') });
    // The example's results repeated until the report is several megabytes.
    const many: AuditResult = { ...example, results: Array.from({ length: 400 }, () => example.results).flat() };
    const pieces = [...renderJsonChunks(many)];
    expect(pieces.length).toBeGreaterThan(3);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(2 * (1 << 20));
    expect(pieces.join('')).toBe(whole(many));
  });
});
