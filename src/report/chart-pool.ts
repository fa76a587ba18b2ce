// A report's charts drawn on as many threads as there are idle CPUs. Each thread draws whole runs of
// charts of one shape (chart-template.ts), so it compiles each shape it meets once. What a chart looks
// like never depends on which thread drew it or what it drew before (chart-svg.ts resets a shared
// view's layout and order), so the output is the same on one thread or many.
import { Worker } from 'node:worker_threads';
import type { AuditResult } from '../types.js';
import { idleCpus, workerScript } from '../workers.js';
import { buildChartData, type ChartData } from './chart-data.js';
import { renderChartSvgsHere, splitChart } from './chart-svg.js';
import type { ChartWorkerReply, ChartWorkerRequest } from './chart-worker.js';
import type { SplitSpec } from './chart-template.js';

/** Below this many charts a thread's share does not pay for starting it (loading Vega takes ≈ 0.2 s). */
const MIN_CHARTS_PER_THREAD = 150;

export interface RenderChartsOptions {
  /** Threads to draw on, this one included; default: the idle CPUs. */
  threads?: number;
}

/**
 * Share charts out among `lanes` threads: shapes largest first, each lane filled up to its share
 * before the next, so a lane holds few shapes and a big shape may be split between two lanes.
 */
export function shareOut(keys: string[], lanes: number): number[][] {
  const byShape = new Map<string, number[]>();
  keys.forEach((k, i) => byShape.set(k, [...(byShape.get(k) ?? []), i]));
  const share = Math.ceil(keys.length / lanes);
  const out: number[][] = Array.from({ length: lanes }, () => []);
  let lane = 0;
  for (const members of [...byShape.values()].sort((a, b) => b.length - a.length)) {
    for (const i of members) {
      if (out[lane]!.length >= share && lane < lanes - 1) lane++;
      out[lane]!.push(i);
    }
  }
  return out.filter((l) => l.length > 0);
}

/**
 * A worker thread, started before its share is known so that it loads Vega while this thread splits
 * the charts into shapes; `draw` sends it the share, with the splits already made.
 */
function startWorker(): { draw(charts: ChartData[], splits: SplitSpec[]): Promise<string[]>; stop(): void } {
  const worker = new Worker(workerScript('report/chart-worker.js'));
  type Pending = { charts: ChartData[]; splits: SplitSpec[]; resolve: (svgs: string[]) => void; reject: (e: unknown) => void };
  let pending: Pending | undefined;
  let failed = false;
  const take = () => {
    const p = pending;
    pending = undefined;
    return p;
  };
  // The thread itself failed (not a chart), before or while drawing: its share is drawn here.
  const fallback = () => {
    failed = true;
    const p = take();
    if (p) renderChartSvgsHere(p.charts, p.splits).then(p.resolve, p.reject);
  };
  worker.on('error', fallback);
  worker.on('exit', fallback);
  worker.on('message', (reply: ChartWorkerReply) => {
    const p = take();
    void worker.terminate();
    if (!p) return;
    if ('error' in reply) p.reject(new Error(reply.error));
    else p.resolve(reply.svgs);
  });
  return {
    draw: (charts, splits) =>
      new Promise((resolve, reject) => {
        if (failed) {
          renderChartSvgsHere(charts, splits).then(resolve, reject);
          return;
        }
        pending = { charts, splits, resolve, reject };
        // A shape is compiled from the first of its charts in a share: the others need only their values.
        const first = new Set<string>();
        const sent = splits.map((s) => (first.has(s.key) ? { ...s, shape: null } : (first.add(s.key), s)));
        worker.postMessage({ charts, splits: sent } satisfies ChartWorkerRequest);
      }),
    stop: () => void worker.terminate(),
  };
}

/** Draw charts, on several threads when there are many; SVG documents in the order of `charts`. */
export async function renderChartSvgs(charts: ChartData[], options: RenderChartsOptions = {}): Promise<string[]> {
  const wanted = options.threads ?? (charts.length >= 2 * MIN_CHARTS_PER_THREAD ? await idleCpus() : 1);
  const threads = options.threads ?? Math.max(1, Math.min(wanted, Math.floor(charts.length / MIN_CHARTS_PER_THREAD), 8));
  if (threads <= 1) return renderChartSvgsHere(charts);
  const workers = Array.from({ length: threads - 1 }, startWorker);
  try {
    const splits = charts.map(splitChart);
    const lanes = shareOut(
      splits.map((s) => s.key),
      threads,
    );
    const out: string[] = new Array(charts.length);
    // This thread draws the first lane while workers draw the others.
    await Promise.all(
      lanes.map(async (lane, n) => {
        const share = lane.map((i) => charts[i]!);
        const shareSplits = lane.map((i) => splits[i]!);
        const svgs = n === 0 ? await renderChartSvgsHere(share, shareSplits) : await workers[n - 1]!.draw(share, shareSplits);
        lane.forEach((i, k) => (out[i] = svgs[k]!));
      }),
    );
    return out;
  } finally {
    for (const w of workers) w.stop();
  }
}

/** Every claim's chart, by claim id, in result order. */
export async function renderCharts(audit: AuditResult, options: RenderChartsOptions = {}): Promise<Map<string, string>> {
  const svgs = await renderChartSvgs(audit.results.map(buildChartData), options);
  return new Map(audit.results.map((r, i) => [r.claim.id, svgs[i]!]));
}
