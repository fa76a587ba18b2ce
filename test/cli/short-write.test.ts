// A write(2) may write fewer bytes than asked — on a nearly full disk it writes what fits and leaves the
// rest to the next call, which then fails. Here node:fs's writeSync is replaced (in this test file only)
// by one that writes at most 100 bytes a call, and then refuses with ENOSPC once a budget is spent.
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

const budget = vi.hoisted(() => ({ bytes: Infinity, calls: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeSync = (fd: number, buf: Uint8Array, offset = 0, length = buf.length - offset): number => {
    budget.calls++;
    if (budget.bytes <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    const n = Math.min(length, 100, budget.bytes);
    budget.bytes -= n;
    return fs.writeSync(fd, buf, offset, n);
  };
  return { ...fs, writeSync, default: { ...fs, writeSync } };
});

const { writeFileAtomic, writeFully } = await import('../../src/cli/write.js');
const dir = mkdtempSync(path.join(tmpdir(), 'claimcheck-short-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  budget.bytes = Infinity;
  budget.calls = 0;
});

describe('short writes', () => {
  it('are continued until every byte is written', () => {
    const file = path.join(dir, 'whole.md');
    const text = `${'é'.repeat(1000)}\n`; // 2,001 bytes: at least 21 writes of ≤ 100 bytes, some ending mid-character
    writeFileAtomic(file, [text, text]);
    expect(readFileSync(file, 'utf8')).toBe(text + text);
    expect(budget.calls).toBeGreaterThanOrEqual(41);
  });

  it('that end in ENOSPC leave the previous file as it was and no temporary file', () => {
    const file = path.join(dir, 'report.md');
    writeFileSync(file, 'previous\n');
    budget.bytes = 4096 + 37; // the disk fills part-way through a write
    expect(() => writeFileAtomic(file, 'x'.repeat(10_000))).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
    expect(readFileSync(file, 'utf8')).toBe('previous\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writeFully returns the number of bytes it wrote, all of them', () => {
    const file = path.join(dir, 'raw.bin');
    writeFileSync(file, '');
    const fd = openSync(file, 'w');
    try {
      expect(writeFully(fd, Buffer.alloc(1234, 1))).toBe(1234);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(file).length).toBe(1234);
  });
});
