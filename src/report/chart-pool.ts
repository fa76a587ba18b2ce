// A report's charts drawn on as many threads as there are idle CPUs. Each thread draws whole runs of
// charts of one shape (chart-template.ts), so it compiles each shape it meets once. What a chart looks
// like never depends on which thread drew it or what it drew before (chart-svg.ts resets a shared
// view's layout and order), so the output is the same on one thread or many.
import { Worker } from 'node:worker_threads';
import type { AuditResult } from '../types.js';
import { idleCpus, workerScript } from '../workers.js';
import { buildChartData, type ChartData } from './chart-data.js';
import { renderChartSvgsHere, splitChart } from './chart-svg.js';
import type { ChartWorkerReply } from './chart-worker.js';

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

function drawOnWorker(charts: ChartData[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = new Worker(workerScript('report/chart-worker.js'), { workerData: charts });
    worker.once('message', (reply: ChartWorkerReply) => {
      settled = true;
      void worker.terminate();
      if ('error' in reply) reject(new Error(reply.error));
      else resolve(reply.svgs);
    });
    // The thread itself failed (not a chart): draw its share here.
    const fallback = () => {
      if (settled) return;
      settled = true;
      renderChartSvgsHere(charts).then(resolve, reject);
    };
    worker.once('error', fallback);
    worker.once('exit', fallback);
  });
}

/** Draw charts, on several threads when there are many; SVG documents in the order of `charts`. */
export async function renderChartSvgs(charts: ChartData[], options: RenderChartsOptions = {}): Promise<string[]> {
  const wanted = options.threads ?? (charts.length >= 2 * MIN_CHARTS_PER_THREAD ? await idleCpus() : 1);
  const threads = Math.max(1, Math.min(wanted, Math.floor(charts.length / MIN_CHARTS_PER_THREAD), 8));
  const splits = charts.map(splitChart);
  if (threads <= 1 && options.threads === undefined) return renderChartSvgsHere(charts, splits);
  const lanes = shareOut(
    splits.map((s) => s.key),
    Math.max(1, options.threads ?? threads),
  );
  const out: string[] = new Array(charts.length);
  // This thread draws the first lane while workers draw the others.
  await Promise.all(
    lanes.map(async (lane, n) => {
      const svgs = n === 0 ? await renderChartSvgsHere(lane.map((i) => charts[i]!), lane.map((i) => splits[i]!)) : await drawOnWorker(lane.map((i) => charts[i]!));
      lane.forEach((i, k) => (out[i] = svgs[k]!));
    }),
  );
  return out;
}

/** Every claim's chart, by claim id, in result order. */
export async function renderCharts(audit: AuditResult, options: RenderChartsOptions = {}): Promise<Map<string, string>> {
  const svgs = await renderChartSvgs(audit.results.map(buildChartData), options);
  return new Map(audit.results.map((r, i) => [r.claim.id, svgs[i]!]));
}
