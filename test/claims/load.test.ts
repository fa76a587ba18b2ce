// Claims parsed on worker threads (loadClaimsInBackground) must be exactly the claims parsed here.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClaims, loadClaimsInBackground } from '../../src/claims/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** `n` claims, one per region: a file of about 450 bytes a claim. */
function claimsFile(n: number, lines: (i: number) => string[] = () => []): string {
  const out = ['claims:'];
  for (let i = 0; i < n; i++) {
    out.push(`  - id: claim-${i}`, '    claimant: Someone', `    statement: Crime in region ${i} fell.`, '    kind: result', `    region: Region ${i}`, '    metric: crime', '    change: -10%', '    baseline: 2017', '    target: 2019', '    sources:', '      - { publisher: Gazette, title: Report }', ...lines(i));
  }
  return `${out.join('\n')}\n`;
}

describe('loadClaimsInBackground', () => {
  it('reads the bundled claims on worker threads, in parts, as the main thread does', async () => {
    const here = loadClaims(['claims'], ROOT);
    for (const parts of [1, 2, 3]) {
      const threads = await loadClaimsInBackground(['claims'], ROOT, { workerMinBytes: 0, parts, plain: 'parts' });
      expect(threads).toEqual(here);
    }
    expect(here.claims).toHaveLength(18);
  });

  it('keeps the file\'s own lines for claims in later parts, and finds duplicate ids across parts', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-claims-'));
    // claim-5's id is used again by the last claim: the two are in different parts.
    const text = claimsFile(300).replace(/ {2}- id: claim-299\n/, '  - id: claim-5\n');
    writeFileSync(path.join(dir, 'c.yaml'), text);
    const threads = await loadClaimsInBackground(['c.yaml'], dir, { workerMinBytes: 0, parts: 4, plain: 'parts' });
    expect(threads).toEqual(loadClaims(['c.yaml'], dir));
    expect(threads.claims).toHaveLength(299);
    const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
    expect(threads.claims.find((c) => c.id === 'claim-250')?.location).toEqual({ file: 'c.yaml', line: lineAt(text.indexOf('- id: claim-250\n')), column: 5 });
    // The second use of claim-5 is the error, at the last claim's line.
    expect(threads.findings.map((f) => `${f.line}:${f.column} ${f.code}`)).toEqual([`${lineAt(text.lastIndexOf('- id: claim-5\n'))}:5 id-duplicate`]);
  });

  it('reads a large plain file with the fast reader, on a worker or here, as the full parser does in parts', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-claims-'));
    writeFileSync(path.join(dir, 'c.yaml'), claimsFile(300));
    const inParts = await loadClaimsInBackground(['c.yaml'], dir, { workerMinBytes: 0, parts: 4, plain: 'parts' });
    expect(inParts.claims).toHaveLength(300);
    expect(await loadClaimsInBackground(['c.yaml'], dir, { workerMinBytes: 0, parts: 4 })).toEqual(inParts);
    expect(await loadClaimsInBackground(['c.yaml'], dir, { workerMinBytes: 0, parts: 4, plain: 'here' })).toEqual(inParts);
  });

  it('a large file that is not plain block YAML (an anchor, a block scalar) is declined by the fast reader and read in parts', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-claims-'));
    const text = claimsFile(300, (i) => (i === 150 ? ['    note: |', '      read with the', '      full parser'] : []));
    writeFileSync(path.join(dir, 'c.yaml'), text);
    const here = loadClaims(['c.yaml'], dir);
    expect(here.claims.find((c) => c.id === 'claim-150')?.note).toBe('read with the\nfull parser');
    for (const plain of ['worker', 'here'] as const) expect(await loadClaimsInBackground(['c.yaml'], dir, { workerMinBytes: 0, parts: 3, plain })).toEqual(here);
  });

  it('reports a YAML error in a later part exactly where the whole file has it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-claims-'));
    // A quote opened in claim 200's note and never closed: its part, read alone, is broken too.
    writeFileSync(path.join(dir, 'c.yaml'), claimsFile(300, (i) => (i === 200 ? ['    note: "never closed'] : [])));
    const threads = await loadClaimsInBackground(['c.yaml'], dir, { workerMinBytes: 0, parts: 4, plain: 'parts' });
    const here = loadClaims(['c.yaml'], dir);
    expect(threads).toEqual(here);
    expect(here.findings.some((f) => f.severity === 'error' && f.code.startsWith('yaml-'))).toBe(true);
  });
});
