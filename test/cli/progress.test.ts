// The progress bar alone, on a fake clock: nothing for quick reads, throttled redraws, erased at the end.
import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../../src/cli/progress.js';

function bar() {
  let now = 0;
  const out: string[] = [];
  const b = new ProgressBar({ write: (s) => out.push(s), now: () => now, delayMs: 500, intervalMs: 100, width: 10 });
  return { b, out, at: (t: number) => (now = t) };
}

describe('ProgressBar', () => {
  it('draws nothing for a read shorter than the delay', () => {
    const { b, out, at } = bar();
    b.update({ file: 'a.csv', bytes: 10, total: 100 });
    at(400);
    b.update({ file: 'a.csv', bytes: 100, total: 100 });
    expect(out).toEqual([]);
  });
  it('draws after the delay, at most once per interval, and erases its line at the end', () => {
    const { b, out, at } = bar();
    b.update({ file: 'a.csv', bytes: 0, total: 4 * 1024 * 1024 });
    at(600);
    b.update({ file: 'a.csv', bytes: 1024 * 1024, total: 4 * 1024 * 1024 });
    at(650);
    b.update({ file: 'a.csv', bytes: 2 * 1024 * 1024, total: 4 * 1024 * 1024 });
    at(700);
    b.update({ file: 'a.csv', bytes: 3 * 1024 * 1024, total: 4 * 1024 * 1024 });
    b.update({ file: 'a.csv', bytes: 4 * 1024 * 1024, total: 4 * 1024 * 1024 });
    expect(out).toEqual([
      '\r\u001b[2Kreading a.csv [###-------]  25%  1.0/4.0 MB',
      '\r\u001b[2Kreading a.csv [########--]  75%  3.0/4.0 MB',
      '\r\u001b[2K',
    ]);
  });
  it('starts the delay again for each file', () => {
    const { b, out, at } = bar();
    b.update({ file: 'a.csv', bytes: 1, total: 2 });
    at(1000);
    b.update({ file: 'b.csv', bytes: 1, total: 2 });
    expect(out).toEqual([]);
  });
});
