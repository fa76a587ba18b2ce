// A report's charts drawn on as many threads as there are idle CPUs. The charts are split into
// shapes (chart-template.ts) and cut into batches, each of one shape; this thread takes batches from
// the front of the queue and each worker from the back, one at a time, so the threads finish
// together whatever a batch costs, and a thread meets few shapes (it compiles a shape the second
// time it draws one). What a chart looks like never depends on which thread drew it or what it drew
// before (chart-svg.ts resets a shared view's layout and order), so the output is the same on one
// thread or many.
import { Worker } from 'node:worker_threads';
import type { AuditResult } from '../types.js';
import os from 'node:os';
import { workerScript } from '../workers.js';
import { buildChartData, type ChartData } from './chart-data.js';
import { ChartDrawer, renderChartSvgsHere, splitChart } from './chart-svg.js';
import type { SplitSpec } from './chart-template.js';
import type { ChartWorkerReply, ChartWorkerRequest } from './chart-worker.js';

/** Below this many charts a thread's share does not pay for starting it (loading Vega takes ≈ 0.2 s). */
const MIN_CHARTS_PER_THREAD = 150;
/** Charts in a batch: small enough that the threads finish within a batch of each other. */
const BATCH = 24;

export interface RenderChartsOptions {
  /** Threads to draw on, this one included; default: the idle CPUs. */
  threads?: number;
}

/**
 * Cut charts into batches of at most `size`, each of one shape: shapes largest first, so that the
 * front of the queue and its back (where the threads take from) hold different shapes.
 */
export function batchesOf(keys: string[], size: number): number[][] {
  const byShape = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const members = byShape.get(k);
    if (members) members.push(i);
    else byShape.set(k, [i]);
  });
  const out: number[][] = [];
  for (const members of [...byShape.values()].sort((a, b) => b.length - a.length)) {
    for (let i = 0; i < members.length; i += size) out.push(members.slice(i, i + size));
  }
  return out;
}

/**
 * A worker thread, started before there is anything to draw, so that it loads Vega while this
 * thread splits the charts into shapes. It asks for a batch, draws it, sends the SVGs back and asks
 * again, until `next` has none.
 */
function startWorker(): { run(next: () => number[] | undefined, charts: ChartData[], splits: SplitSpec[], out: string[]): Promise<void>; stop(): void } {
  const worker = new Worker(workerScript('report/chart-worker.js'));
  // Set once there is work: until then a failure only marks the thread as unusable.
  let failed: ((e?: unknown) => void) | undefined;
  let broken = false;
  const fail = (e?: unknown) => {
    broken = true;
    failed?.(e);
  };
  worker.on('error', fail);
  worker.on('exit', () => fail());
  return {
    run: (next, charts, splits, out) =>
      new Promise((resolve, reject) => {
        // Which shapes this thread has been sent the shape of: after its first chart, a shape's charts need only their values.
        const sentShape = new Set<string>();
        let batch: number[] | undefined;
        let done = false;
        // The thread itself failed (not a chart): what it held, and the rest of the queue, is drawn here.
        failed = (e) => {
          if (done) return;
          done = true;
          void (async () => {
            const drawer = new ChartDrawer();
            try {
              for (let b = batch; b; b = next()) for (const i of b) out[i] = await drawer.draw(charts[i]!, splits[i]!);
            } finally {
              drawer.finalize();
            }
          })().then(resolve, (err: unknown) => reject(err ?? e));
        };
        const send = () => {
          batch = next();
          if (!batch) {
            done = true;
            resolve();
            return;
          }
          const request: ChartWorkerRequest = {
            charts: batch.map((i) => charts[i]!),
            splits: batch.map((i) => {
              const s = splits[i]!;
              if (sentShape.has(s.key)) return { ...s, shape: null };
              sentShape.add(s.key);
              return s;
            }),
          };
          worker.postMessage(request);
        };
        worker.on('message', (reply: ChartWorkerReply) => {
          if (done) return;
          if ('error' in reply) {
            done = true;
            reject(new Error(reply.error));
            return;
          }
          batch!.forEach((i, k) => (out[i] = reply.svgs[k]!));
          send();
        });
        if (broken) failed();
        else send();
      }),
    stop: () => void worker.terminate(),
  };
}

/** Draw charts, on several threads when there are many; SVG documents in the order of `charts`. */
export async function renderChartSvgs(charts: ChartData[], options: RenderChartsOptions = {}): Promise<string[]> {
  // Every CPU, busy or not: a thread on a busy CPU takes turns with the work there, and the
  // scheduler gives each runnable thread its turn, so two threads still draw more charts a second
  // than one (bench:html: 2.6 s against 3.4 s for 1,000 charts at a load average of 4.6). A thread
  // is worth its start (loading Vega, ≈ 0.3 s) from about 150 charts.
  const threads = options.threads ?? Math.max(1, Math.min(os.availableParallelism(), Math.floor(charts.length / MIN_CHARTS_PER_THREAD), 8));
  if (threads <= 1) return renderChartSvgsHere(charts);
  const workers = Array.from({ length: threads - 1 }, startWorker);
  const drawer = new ChartDrawer();
  try {
    const splits = charts.map(splitChart);
    const queue = batchesOf(
      splits.map((s) => s.key),
      BATCH,
    );
    const out: string[] = new Array(charts.length);
    const here = async () => {
      for (let b = queue.shift(); b; b = queue.shift()) for (const i of b) out[i] = await drawer.draw(charts[i]!, splits[i]!);
    };
    // A chart that cannot be drawn stops every thread at its next batch; the first such error is thrown.
    const stopOnError = (p: Promise<void>) =>
      p.catch((e: unknown) => {
        queue.length = 0;
        throw e;
      });
    const settled = await Promise.allSettled([stopOnError(here()), ...workers.map((w) => stopOnError(w.run(() => queue.pop(), charts, splits, out)))]);
    const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    return out;
  } finally {
    drawer.finalize();
    for (const w of workers) w.stop();
  }
}

/** Every claim's chart, by claim id, in result order. */
export async function renderCharts(audit: AuditResult, options: RenderChartsOptions = {}): Promise<Map<string, string>> {
  const svgs = await renderChartSvgs(audit.results.map(buildChartData), options);
  return new Map(audit.results.map((r, i) => [r.claim.id, svgs[i]!]));
}
