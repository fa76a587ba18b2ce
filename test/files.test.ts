import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstInvalidUtf8, formatBytes, parseByteSize, readTextFile } from '../src/files.js';

const dir = mkdtempSync(path.join(tmpdir(), 'claimcheck-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const limits = { maxBytes: 1024, what: 'evidence' };
const read = (name: string, bytes: Buffer | string) => {
  writeFileSync(path.join(dir, name), bytes);
  return readTextFile(path.join(dir, name), dir, limits);
};

describe('parseByteSize', () => {
  it.each([
    ['1048576', 1048576],
    ['10MB', 10 * 1024 * 1024],
    ['10 mib', 10 * 1024 * 1024],
    ['1.5k', 1536],
    ['2G', 2 * 1024 ** 3],
    ['64b', 64],
  ])('%s is %d bytes', (text, bytes) => expect(parseByteSize(text)).toBe(bytes));
  it.each([['0'], ['-1'], ['10XB'], [''], ['1e3'], ['99999999999T']])('%j is not a size', (text) => expect(parseByteSize(text)).toBeUndefined());
  it('formats sizes in the same units', () => {
    expect([formatBytes(100), formatBytes(1536), formatBytes(10 * 1024 * 1024), formatBytes(2 * 1024 ** 3)]).toEqual(['100 bytes', '1.5 KB', '10 MB', '2 GB']);
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    ['ASCII', [0x61, 0x62], -1],
    ['é and 𝄞', [...Buffer.from('é𝄞')], -1],
    ['a Latin-1 é', [0x61, 0xe9, 0x62], 1],
    ['an overlong /', [0xc0, 0xaf], 0],
    ['a surrogate', [0xed, 0xa0, 0x80], 0],
    ['a truncated sequence', [0x61, 0xe2, 0x82], 1],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
  ])('%s → %d', (_name, bytes, at) => expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(at));
});

describe('readTextFile', () => {
  it('decodes UTF-8 with and without a BOM, and UTF-16 with one', () => {
    const text = 'region,metric\nMünchen,x\n';
    for (const [name, bytes] of [
      ['plain.csv', Buffer.from(text)],
      ['bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
      ['le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
    ] as const) {
      expect(read(name, bytes)).toMatchObject({ path: name, text });
    }
  });
  it('hashes the bytes as stored', () => {
    expect(read('h.csv', 'abc')).toMatchObject({ sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' });
  });
  it('refuses a file over the limit without reading it', () => {
    // Rounded to the same figure as the limit, the sizes are given in bytes; otherwise rounded.
    expect(read('big.csv', 'x'.repeat(1025))).toMatchObject({ code: 'file-too-large', message: 'the file is 1,025 bytes, larger than the 1 KB (1,024 bytes) limit for evidence files' });
    expect(read('bigger.csv', 'x'.repeat(2048))).toMatchObject({ code: 'file-too-large', message: 'the file is 2 KB, larger than the 1 KB limit for evidence files' });
  });
});
