// A worker thread that draws batches of a report's charts (chart-pool.ts sends them here), with its
// own Vega, loaded as soon as the thread starts, while the sending thread is still splitting the
// charts into shapes. Each batch comes as chart data with their splits and goes back as SVG
// documents in the same order; a failure comes back as its message. The thread keeps its views
// from batch to batch, so a shape is compiled once per thread.
import { parentPort } from 'node:worker_threads';
import type { ChartData } from './chart-data.js';
import { ChartDrawer, loadChartEngine } from './chart-svg.js';
import type { SplitSpec } from './chart-template.js';

/** A batch of charts with their splits (a split's shape only the first time the thread meets it). */
export interface ChartWorkerRequest {
  charts: ChartData[];
  splits: Array<SplitSpec | (Omit<SplitSpec, 'shape'> & { shape: null })>;
}

export type ChartWorkerReply = { svgs: string[] } | { error: string };

const port = parentPort!;
// A failure to load shows again, as a chart's error, when the first batch is drawn.
loadChartEngine().catch(() => undefined);
const drawer = new ChartDrawer();
port.on('message', ({ charts, splits }: ChartWorkerRequest) => {
  void (async () => {
    const svgs: string[] = [];
    for (const [k, d] of charts.entries()) svgs.push(await drawer.draw(d, splits[k] as SplitSpec));
    return svgs;
  })().then(
    (svgs) => port.postMessage({ svgs } satisfies ChartWorkerReply),
    (e: unknown) => port.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies ChartWorkerReply),
  );
});
