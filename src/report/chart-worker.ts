// A worker thread that draws batches of a report's charts (chart-pool.ts sends them here), with its
// own Vega, loaded as soon as the thread starts, often before the audit has finished. Each batch
// comes as chart data with their splits into shape and values (made by the sending thread) and goes
// back as SVG documents in the same order, most of them unfinished (the sending thread applies
// finishSvg while this one draws the next batch); a failure comes back as its message. The thread
// keeps its views from batch to batch, so a shape is compiled once per thread.
import { parentPort } from 'node:worker_threads';
import type { ChartData } from './chart-data.js';
import { ChartDrawer, loadChartEngine } from './chart-svg.js';
import type { SplitSpec } from './chart-template.js';

/** A batch of charts with their splits (a split's shape only the first time the run sends it). */
export interface ChartWorkerRequest {
  /** Which run of the sending thread it belongs to: echoed in the reply. */
  run: number;
  charts: ChartData[];
  splits: Array<SplitSpec | (Omit<SplitSpec, 'shape'> & { shape: null })>;
}

/** The batch's SVGs, and which of them have had finishSvg applied already. */
export type ChartWorkerReply = { run: number } & ({ svgs: string[]; finished: boolean[] } | { error: string });

const port = parentPort!;
// A failure to load shows again, as a chart's error, when the first batch is drawn.
loadChartEngine().catch(() => undefined);
const drawer = new ChartDrawer();
// Batches are drawn one after another, in the order they came (a second may arrive while the first is drawn).
let drawing: Promise<unknown> = Promise.resolve();
port.on('message', ({ run, charts, splits }: ChartWorkerRequest) => {
  drawing = drawing.then(async () => {
    const reply = { run, svgs: [] as string[], finished: [] as boolean[] };
    try {
      for (const [k, d] of charts.entries()) {
        const drawn = await drawer.drawUnfinished(d, splits[k] as SplitSpec);
        reply.svgs.push(drawn.svg);
        reply.finished.push(drawn.finished);
      }
      port.postMessage(reply satisfies ChartWorkerReply);
    } catch (e) {
      port.postMessage({ run, error: e instanceof Error ? e.message : String(e) } satisfies ChartWorkerReply);
    }
  });
});
