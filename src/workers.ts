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

/**
 * CPUs idle right now: threads on busy CPUs only take turns with other work and add their own
 * start-up, so on a shared machine (CI, a laptop compiling) fewer threads finish sooner. Measured
 * from /proc/stat over 50 ms (Linux); elsewhere every CPU counts as idle.
 */
export async function idleCpus(): Promise<number> {
  const cpus = os.availableParallelism();
  const sample = (): number[] | undefined => {
    try {
      const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
      return line.trim().split(/\s+/).slice(1).map(Number);
    } catch {
      return undefined;
    }
  };
  const a = sample();
  if (!a) return cpus;
  await new Promise((r) => setTimeout(r, 50));
  const b = sample();
  if (!b) return cpus;
  const delta = b.map((v, i) => v - (a[i] ?? 0));
  const total = delta.reduce((x, y) => x + y, 0);
  // Fields: user nice system idle iowait …; idle and iowait are time the CPUs had nothing to run.
  const idle = (delta[3] ?? 0) + (delta[4] ?? 0);
  return total > 0 ? Math.max(1, Math.min(cpus, Math.round((idle / total) * cpus))) : cpus;
}
