// Worker threads: where their scripts are, and how many CPUs are free to run them.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * The built script of a worker, given its path under src/ with a .js extension ('claims/parse-worker.js').
 * Once built, it sits beside this module in dist/; under vitest this module is the .ts source, so the build's.
 */
export function workerScript(script: string): URL {
  const own = new URL(`./${script}`, import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return own;
  const built = new URL(`../dist/${script}`, import.meta.url);
  if (!existsSync(built)) throw new Error(`dist/${script} is missing: run \`npm run build\` (npm test does) before tests that use worker threads`);
  return built;
}

/** The CPUs' time so far, in clock ticks, from /proc/stat's first line (Linux): [busy, idle]. */
function cpuTicks(): [number, number] | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    // Fields: user nice system idle iowait irq softirq steal …; idle and iowait are time with nothing to run.
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.slice(0, 8).reduce((x, y) => x + (Number.isFinite(y) ? y : 0), 0);
    return [total - idle, idle];
  } catch {
    return undefined;
  }
}

/** Clock ticks per second in /proc/stat (USER_HZ: 100 on every Linux Node supports). */
const TICKS_PER_SECOND = 100;
const MIN_WINDOW_MS = 50;

// The first sample is taken as this module loads, so that by the time a large file is read the
// window has usually passed and nobody waits for it. This process's own CPU time in the window
// (its start-up) is counted as idle: the work that wants the threads is this process's.
const start = { at: performance.now(), ticks: cpuTicks(), own: process.cpuUsage() };

/**
 * CPUs idle right now: threads on busy CPUs only take turns with other work and add their own
 * start-up, so on a shared machine (CI, a laptop compiling) fewer threads finish sooner. Measured
 * from /proc/stat over at least 50 ms since this module loaded (Linux); elsewhere every CPU counts as idle.
 */
export async function idleCpus(): Promise<number> {
  const cpus = os.availableParallelism();
  if (!start.ticks) return cpus;
  const wait = MIN_WINDOW_MS - (performance.now() - start.at);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const now = cpuTicks();
  if (!now) return cpus;
  const own = process.cpuUsage(start.own);
  const ownTicks = ((own.user + own.system) / 1e6) * TICKS_PER_SECOND;
  const busy = now[0] - start.ticks[0];
  const idle = now[1] - start.ticks[1];
  const total = busy + idle;
  if (total <= 0) return cpus;
  const free = Math.min(total, idle + Math.min(ownTicks, busy));
  return Math.max(1, Math.min(cpus, Math.round((free / total) * cpus)));
}

/** A runner that starts at most `n` tasks at once; the others wait their turn, in order. */
export function limitConcurrency(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A finished task hands its slot straight to the next in line, so a newcomer cannot slip in between.
    if (running < n) running++;
    else await new Promise<void>((start) => waiting.push(start));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
