// A report's charts drawn on worker threads when there are many. The charts are grouped by the
// shape they are likely to have (chart-template.ts) and cut into batches; each worker takes batches
// from the queue, one at a time, so the threads finish together whatever a batch costs, and a thread
// meets few shapes (it compiles a shape the second time it draws one). The workers only draw: this
// thread splits each batch into shapes and values before sending it and finishes the SVGs that come
// back (finishSvg), which is a fifth of a chart's cost. Drawing on this thread as well was measured
// slower on two CPUs: each thread drawing with Vega keeps a second CPU half busy compiling and
// collecting its garbage. What a chart looks like never depends on which thread drew it or what it
// drew before (chart-svg.ts resets a shared view's layout and order), so the output is the same on
// one thread or many.
//
// The worker threads can be started before the charts exist (startChartThreads): loading Vega takes
// a worker about 0.3 s, which the CLI spends reading the inputs and auditing.
import { Worker } from 'node:worker_threads';
import type { AuditResult } from '../types.js';
import os from 'node:os';
import { workerScript } from '../workers.js';
import { buildChartData, type ChartData } from './chart-data.js';
import { ChartDrawer, finishSvg, renderChartSvgsHere, splitChart } from './chart-svg.js';
import type { ChartWorkerReply, ChartWorkerRequest } from './chart-worker.js';

/** Below this many charts a thread's share does not pay for starting it (loading Vega takes ≈ 0.3 s). */
const MIN_CHARTS_PER_THREAD = 150;
/** Charts in a batch: small enough that the threads finish within a batch of each other. */
const BATCH = 16;
/** Threads taking part at most: this one (preparing) and the workers (drawing). */
const MAX_THREADS = 8;

export interface RenderChartsOptions {
  /**
   * Threads taking part, this one included: with 2 or more, `threads - 1` workers draw and this one
   * prepares; with 1, this one draws. Default: one per CPU, from 150 charts a thread.
   */
  threads?: number;
  /** Worker threads started earlier (startChartThreads), used before any new one is started. */
  started?: ChartThreads;
  /** Called with each chart as soon as it is drawn (in no particular order): the CLI writes chart files meanwhile. */
  onChart?: (index: number, svg: string) => void;
}

/**
 * Cut charts into batches of at most `size`, each of one (likely) shape, largest shapes first: the
 * threads take batches from the front, so a thread meets a shape's charts together.
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
 * Which shape a chart is likely to have, from what it draws: for grouping charts into batches only.
 * The true shape (chart-template.ts) also depends on where its labels and legend went, and costs a
 * split of the whole spec; a guess that puts two shapes in one group only makes a thread compile one
 * more shape. It never changes a chart.
 */
export function likelyShape(d: ChartData): string {
  const c = d.claimed;
  return [
    d.message ? 'message' : '',
    d.level ? 'level' : '',
    d.intervalKind ?? '',
    d.baseline ? 'baseline' : '',
    d.target ? 'target' : '',
    c ? (c.type === 'level' ? `level ${c.low === null} ${c.high === null}` : 'change') : '',
    d.counterfactual ? 'trend' : '',
    d.comparison ? 'comparison' : '',
    d.fromZero ? 'zero' : '',
  ].join('|');
}

interface ChartWorker {
  /**
   * Draw the batches `next` hands out until it has none, each SVG handed to `drawn`: this thread
   * splits each batch before sending it and finishes the SVGs that come back, while the worker draws.
   */
  run(next: () => number[] | undefined, charts: ChartData[], drawn: (index: number, svg: string) => void): Promise<void>;
  stop(): void;
}

/** Worker threads started ahead of their charts (see startChartThreads). */
export interface ChartThreads {
  /** How many worker threads there are. */
  readonly size: number;
  /** Let every thread go; a run still drawing on them fails (its charts are not drawn here instead). */
  stop(): void;
}

class StartedThreads implements ChartThreads {
  constructor(readonly workers: ChartWorker[]) {}
  get size(): number {
    return this.workers.length;
  }
  stop(): void {
    for (const w of this.workers.splice(0)) w.stop();
  }
}

/**
 * Start `count` drawing threads now (default: one per CPU besides this one), so that they load Vega
 * while this thread does other work. Pass them to renderCharts; stop them when done. Until a run
 * uses them they do not keep the process alive.
 */
export function startChartThreads(count = Math.min(os.availableParallelism(), MAX_THREADS) - 1): ChartThreads {
  return new StartedThreads(Array.from({ length: Math.max(0, count) }, startWorker));
}

const YOUNG_GENERATION_MB = 64;

/**
 * Batches sent to a worker ahead of its replies: it starts the next as soon as it sends one back,
 * and has work for about 0.15 s while this thread does something else (lays out the HTML report).
 */
const IN_FLIGHT = 4;

/**
 * A worker thread, started before there is anything to draw, so that it loads Vega meanwhile. It is
 * sent batches (IN_FLIGHT ahead) and sends SVGs back until `next` has none. Each run numbers its
 * requests: a reply to an earlier run (one that failed with batches still queued) is dropped.
 */
function startWorker(): ChartWorker {
  // Vega makes many short-lived objects a chart: with a young generation of 64 MB (V8's default is
  // 16 MB or less) far fewer of them are copied and promoted before they die (bench:html: the charts
  // of 1,000 claims ≈ 5% faster; the thread's heap grows by about 50 MB).
  const worker = new Worker(workerScript('report/chart-worker.js'), { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  // Idle, it does not hold the process open (a caller that never used it still exits).
  worker.unref();
  // Set while there is work: until then a failure only marks the thread as unusable.
  let failed: ((e?: unknown) => void) | undefined;
  let broken = false;
  const fail = (e?: unknown) => {
    broken = true;
    failed?.(e);
  };
  worker.on('error', fail);
  worker.on('exit', () => fail());
  let onMessage: ((reply: ChartWorkerReply) => void) | undefined;
  let runs = 0;
  let stopped = false;
  return {
    run: (next, charts, drawn) =>
      new Promise<void>((resolve, reject) => {
        const run = ++runs;
        // Which shapes this thread has been sent the shape of: after its first chart, a shape's charts need only their values.
        const sentShape = new Set<string>();
        // Batches sent and not yet answered, oldest first (the worker answers in order).
        const sent: number[][] = [];
        let done = false;
        // While it has work, the thread holds the process open as any pending work does.
        worker.ref();
        // The thread itself failed (not a chart): what it held, and the rest of the queue, is drawn here.
        failed = (e) => {
          if (done) return;
          done = true;
          if (stopped) {
            reject(new Error('the chart threads were stopped before every chart was drawn'));
            return;
          }
          void (async () => {
            const drawer = new ChartDrawer();
            try {
              for (const b of sent) for (const i of b) drawn(i, await drawer.draw(charts[i]!));
              for (let b = next(); b; b = next()) for (const i of b) drawn(i, await drawer.draw(charts[i]!));
            } finally {
              drawer.finalize();
            }
          })().then(resolve, (err: unknown) => reject(err ?? e));
        };
        const send = () => {
          const batch = next();
          if (!batch) return;
          const splits = batch.map((i) => {
            const s = splitChart(charts[i]!);
            if (sentShape.has(s.key)) return { ...s, shape: null };
            sentShape.add(s.key);
            return s;
          });
          sent.push(batch);
          worker.postMessage({ run, charts: batch.map((i) => charts[i]!), splits } satisfies ChartWorkerRequest);
        };
        // Splitting and finishing run here, in an event handler: what they throw ends the run.
        const guarded = (step: () => void) => {
          try {
            step();
          } catch (e) {
            done = true;
            reject(e);
            return;
          }
          if (sent.length === 0 && !done) {
            done = true;
            resolve();
          }
        };
        onMessage = (reply: ChartWorkerReply) => {
          if (done || reply.run !== run) return;
          if ('error' in reply) {
            done = true;
            reject(new Error(reply.error));
            return;
          }
          guarded(() => {
            // The next batch goes first, so the worker has it before this thread finishes the last.
            const batch = sent.shift()!;
            send();
            batch.forEach((i, k) => drawn(i, reply.finished[k] ? reply.svgs[k]! : finishSvg(reply.svgs[k]!, charts[i]!)));
          });
        };
        worker.on('message', onMessage);
        if (broken) failed();
        else
          guarded(() => {
            for (let k = 0; k < IN_FLIGHT; k++) send();
          });
      }).finally(() => {
        failed = undefined;
        if (onMessage) worker.off('message', onMessage);
        onMessage = undefined;
        worker.unref();
      }),
    stop: () => {
      stopped = true;
      void worker.terminate();
    },
  };
}

/**
 * Draw charts, on worker threads when there are many (or when `started` has some ready); SVG
 * documents in the order of `charts`. With workers, they draw and this thread prepares and finishes.
 */
export async function renderChartSvgs(charts: ChartData[], options: RenderChartsOptions = {}): Promise<string[]> {
  const started = options.started instanceof StartedThreads ? options.started.workers : [];
  // A new thread is worth its start (loading Vega, ≈ 0.3 s) from about 150 charts; one already
  // started has loaded Vega while this thread did other work, and is used for any number.
  const threads = options.threads ?? Math.max(1, Math.min(os.availableParallelism(), Math.floor(charts.length / MIN_CHARTS_PER_THREAD), MAX_THREADS), charts.length ? started.length + 1 : 1);
  if (threads <= 1) {
    const svgs = await renderChartSvgsHere(charts);
    if (options.onChart) svgs.forEach((svg, i) => options.onChart!(i, svg));
    return svgs;
  }
  // Threads started earlier first, then new ones; only the new ones are stopped here.
  const mine = started.slice(0, threads - 1);
  const fresh = Array.from({ length: threads - 1 - mine.length }, startWorker);
  const workers = [...mine, ...fresh];
  try {
    const queue = batchesOf(charts.map(likelyShape), BATCH);
    const out: string[] = new Array(charts.length);
    const drawn = (i: number, svg: string) => {
      out[i] = svg;
      options.onChart?.(i, svg);
    };
    // A chart that cannot be drawn stops every thread at its next batch; the first such error is thrown.
    const stopOnError = (p: Promise<void>) =>
      p.catch((e: unknown) => {
        queue.length = 0;
        throw e;
      });
    const settled = await Promise.allSettled(workers.map((w) => stopOnError(w.run(() => queue.shift(), charts, drawn))));
    const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    return out;
  } finally {
    for (const w of fresh) w.stop();
  }
}

/** Every claim's chart, by claim id, in result order. */
export async function renderCharts(audit: AuditResult, options: RenderChartsOptions = {}): Promise<Map<string, string>> {
  const svgs = await renderChartSvgs(audit.results.map(buildChartData), options);
  return new Map(audit.results.map((r, i) => [r.claim.id, svgs[i]!]));
}
