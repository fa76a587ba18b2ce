// A worker thread that draws a share of a report's charts (chart-pool.ts sends them here), with its
// own Vega. Chart data in, SVG documents out, in the same order; a failure comes back as its message.
import { parentPort, workerData } from 'node:worker_threads';
import type { ChartData } from './chart-data.js';
import { renderChartSvgsHere } from './chart-svg.js';

export type ChartWorkerReply = { svgs: string[] } | { error: string };

const charts = workerData as ChartData[];
renderChartSvgsHere(charts).then(
  (svgs) => parentPort!.postMessage({ svgs } satisfies ChartWorkerReply),
  (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies ChartWorkerReply),
);
