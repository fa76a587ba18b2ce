// A worker thread that draws a share of a report's charts (chart-pool.ts sends them here), with its
// own Vega. It loads Vega as soon as it starts, while the sending thread is still sharing the charts
// out. Chart data and their splits in, SVG documents out, in the same order; a failure comes back as
// its message.
import { parentPort } from 'node:worker_threads';
import type { ChartData } from './chart-data.js';
import { loadChartEngine, renderChartSvgsHere } from './chart-svg.js';
import type { SplitSpec } from './chart-template.js';

/** A share of charts with their splits (a split's shape only where a shape first appears in the share). */
export interface ChartWorkerRequest {
  charts: ChartData[];
  splits: Array<SplitSpec | (Omit<SplitSpec, 'shape'> & { shape: null })>;
}

export type ChartWorkerReply = { svgs: string[] } | { error: string };

const port = parentPort!;
const engine = loadChartEngine();
port.once('message', ({ charts, splits }: ChartWorkerRequest) => {
  engine
    .then(() => renderChartSvgsHere(charts, splits as SplitSpec[]))
    .then(
      (svgs) => port.postMessage({ svgs } satisfies ChartWorkerReply),
      (e: unknown) => port.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies ChartWorkerReply),
    );
});
