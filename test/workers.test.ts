import { describe, expect, it, vi } from 'vitest';
import { limitConcurrency } from '../src/workers.js';

describe('limitConcurrency', () => {
  it('runs at most n tasks at once, in the order asked, and a failed task frees its slot', async () => {
    const run = limitConcurrency(2);
    let active = 0;
    let most = 0;
    const started: number[] = [];
    const task = (i: number, fail = false) => () =>
      new Promise<number>((resolve, reject) => {
        started.push(i);
        active++;
        most = Math.max(most, active);
        setTimeout(() => {
          active--;
          if (fail) reject(new Error(`task ${i}`));
          else resolve(i * 10);
        }, 5);
      });
    const results = await Promise.allSettled([run(task(0)), run(task(1, true)), run(task(2)), run(task(3)), run(task(4))]);
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([0, 'task 1', 20, 30, 40]);
    // A task asked for after the others finished starts at once.
    expect(await run(task(5))).toBe(50);
  });
});

describe('idleCpus', () => {
  it('counts between 1 and every CPU, and does not wait once the module has been loaded 50 ms', async () => {
    const { idleCpus } = await import('../src/workers.js');
    const { availableParallelism } = await import('node:os');
    const first = await idleCpus();
    expect(first).toBeGreaterThanOrEqual(1);
    expect(first).toBeLessThanOrEqual(availableParallelism());
    await new Promise((r) => setTimeout(r, 60));
    // With timers frozen, a call that waited would never return.
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const second = await Promise.race([idleCpus(), Promise.resolve('waiting').then((w) => new Promise((r) => queueMicrotask(() => r(w))))]);
      expect(typeof second).toBe('number');
    } finally {
      vi.useRealTimers();
    }
  });
});
